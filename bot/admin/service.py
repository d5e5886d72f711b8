"""Moderation services: reload (with audit), status, settings, uploaded packs, seasons, permissions.

Plain values in (ids, strings, bytes), domain objects out; every action a
moderator takes, and every refusal, is written to the audit log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Protocol

from bot import __version__
from bot.admin.model import (
    PACK_REMOVE,
    PACK_UPLOAD,
    QUESTION_ADD,
    QUESTION_REMOVE,
    REFUSED,
    RELOAD,
    RELOAD_DRY_RUN,
    SEASON_START,
    SETTINGS,
    AdminError,
    AuditEntry,
    GuildSettings,
    PackUploaded,
    Refusals,
    ReloadReport,
    SourceInfo,
    StatusReport,
)
from bot.admin.permissions import is_moderator
from bot.admin.reload import ReloadService
from bot.catalog.service import CatalogService
from bot.reviews.model import DEFAULT_LINKS, LINK_MODES
from bot.store import admin as repo
from bot.store import catalog as catalog_repo
from bot.store import reviews as reviews_repo
from bot.store import trivia as trivia_repo
from bot.store.backend import Row, Store, StoreWriteError
from bot.text import plural, slugify
from bot.trivia.errors import TriviaError
from bot.trivia.packs import MAX_PACK_BYTES, PACK_SUFFIXES, Pack, PackError
from bot.trivia.service import SeasonChange, WrittenPack
from bot.trivia.settings import QUESTION_SECONDS_RANGE, REVEAL_SECONDS_RANGE, ROUNDS_RANGE
from bot.trivia.written import QuestionDraft, draft_from_form

log = logging.getLogger(__name__)

MAX_UPLOADED_PACKS = 25
AUDIT_SHOWN = 10
REFUSALS_SHOWN = 5  # members, each summed up in one line
SETTING_LABELS = {
    "question_seconds": "question time",
    "rounds": "rounds",
    "reveal_seconds": "reveal time",
    "moderator_role_id": "moderator role",
    "review_links": "links in reviews",
}


class PackHolder(Protocol):
    """What the admin service needs of the trivia service (uploads go through it so its cache stays right)."""

    async def upload_pack(
        self, guild_id: int, user_id: int, name: str, text: str, *, file: str | None = None
    ) -> Pack: ...

    async def remove_pack(self, guild_id: int, name: str) -> bool: ...

    async def start_season(self, guild_id: int, user_id: int, name: str | None = None) -> SeasonChange: ...

    async def written_pack(self, guild_id: int, name: str) -> WrittenPack | None: ...

    async def add_question(
        self, guild_id: int, user_id: int, name: str, draft: QuestionDraft
    ) -> tuple[WrittenPack, bool]: ...

    async def remove_question(
        self, guild_id: int, user_id: int, name: str, number: int
    ) -> tuple[str, WrittenPack | None]: ...


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(
        id=int(row["id"]),
        at=datetime.fromisoformat(row["at"]),
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        action=row["action"],
        detail=row["detail"],
        ok=bool(row["ok"]),
    )


def _datetime(at: float | None) -> datetime | None:
    return None if at is None else datetime.fromtimestamp(at, UTC)


def _shown(setting: str, value: int | str | None, role_names: Mapping[int, str]) -> str:
    """A setting's value as a moderator reads it: a role by its name when the server gave it."""
    if value is None:
        return "none"
    if setting == "moderator_role_id" and isinstance(value, int) and value in role_names:
        return f"@{role_names[value]}"
    return str(value)


def _check_range(name: str, value: int | None, bounds: tuple[int, int]) -> None:
    if value is not None and (type(value) is not int or not bounds[0] <= value <= bounds[1]):  # 2.5 is "in range"
        raise AdminError(f"{name} must be between {bounds[0]} and {bounds[1]}, got {value}.")


class AdminService:
    def __init__(
        self,
        db: Store,
        catalog: CatalogService,
        reloader: ReloadService,
        *,
        trivia: PackHolder,
        started_at: float | None = None,
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.reloader = reloader
        self.trivia = trivia
        self.started_at = time.time() if started_at is None else started_at

    # permissions and audit --------------------------------------------------------

    async def is_moderator(self, guild_id: int, permissions: int, role_ids: Iterable[int]) -> bool:
        return is_moderator(permissions, role_ids, await self.settings(guild_id))

    async def audit(self, guild_id: int | None, user_id: int | None, action: str, detail: str, ok: bool = True) -> None:
        """Record an action, or count a refusal (one counter per member and command, so a member
        clicking what they may not use cannot grow the database). A store that refuses the line
        does not turn what was done (or refused) into an error: it is logged, and /admin status
        shows writes failing."""
        try:
            if action == REFUSED and user_id is not None:
                await repo.count_refusal(self.db, guild_id, user_id, detail)
            else:
                await repo.write_audit(self.db, guild_id, user_id, action, detail, ok)
        except StoreWriteError as error:
            log.warning("audit line not written (%s %s): %s", action, detail, error)

    async def remember_name(self, guild_id: int, user_id: int, name: str) -> None:
        """The name a moderator goes by here, so the audit log can show it (kept with the log).
        Best effort: with the store refusing writes, /admin status must still answer."""
        try:
            await repo.remember_name(self.db, guild_id, user_id, " ".join(name.split())[:100] or str(user_id))
        except StoreWriteError as error:
            log.info("name of user %s not remembered: %s", user_id, error)

    async def audit_log(self, guild_id: int | None, limit: int = AUDIT_SHOWN) -> list[AuditEntry]:
        """The latest moderator actions (members' refused attempts are kept apart: see `refusals`)."""
        return [_entry(r) for r in await repo.recent_audit(self.db, guild_id, limit, except_action=REFUSED)]

    async def refusals(self, guild_id: int | None, limit: int = REFUSALS_SHOWN) -> list[Refusals]:
        """Refused /admin attempts per member, latest first: a flood of them is one line, not the whole log."""
        rows = await repo.refusals_by_user(self.db, guild_id, limit)
        return [
            Refusals(
                r["user_id"],
                int(r["attempts"]),
                datetime.fromisoformat(r["last_at"]),
                tuple(sorted(set((r["details"] or "").split(",")) - {""})),
            )
            for r in rows
        ]

    # reload -------------------------------------------------------------------------

    async def reload(self, guild_id: int | None, user_id: int | None, *, dry_run: bool = False) -> ReloadReport:
        report = await self.reloader.reload(dry_run=dry_run)
        action = RELOAD_DRY_RUN if dry_run else RELOAD
        await self.audit(guild_id, user_id, action, report.summary(), ok=not report.refused)
        return report

    # status ---------------------------------------------------------------------------

    async def status(self, guild_id: int | None) -> StatusReport:
        sources = tuple(
            SourceInfo(r["name"], r["sha256"], int(r["size"]), r["film_slug"], datetime.fromisoformat(r["ingested_at"]))
            for r in await catalog_repo.documents(self.db)
        )
        last = await repo.last_action(self.db, (RELOAD,))
        packs: tuple[str, ...] = ()
        audit = tuple(await self.audit_log(guild_id))
        refusals = tuple(await self.refusals(guild_id))
        names: dict[int, str] = {}
        if guild_id is not None:
            packs = tuple(await self.uploaded_pack_names(guild_id))
            ids = {e.user_id for e in (*audit, _entry(last) if last else None) if e and e.user_id}
            ids |= {r.user_id for r in refusals if r.user_id}
            names = await repo.member_names(self.db, guild_id, sorted(ids))
        writes = self.db.writes
        return StatusReport(
            counts=await self.catalog.counts(),
            sources=sources,
            last_reload=_entry(last) if last else None,
            uptime_seconds=time.time() - self.started_at,
            version=__version__,
            audit=audit,
            settings=await self.settings(guild_id) if guild_id is not None else None,
            uploaded_packs=packs,
            reviews=await reviews_repo.count_all(self.db),
            names=names,
            refusals=refusals,
            writes_failing_since=_datetime(writes.failing_since),
            write_failures=writes.failures,
            write_error=writes.last_error,
        )

    # settings -------------------------------------------------------------------------

    async def settings(self, guild_id: int) -> GuildSettings:
        effective = await trivia_repo.get_settings(self.db, guild_id)
        row = await repo.guild_settings_row(self.db, guild_id)
        role = row["moderator_role_id"] if row is not None else None
        links = row["review_links"] if row is not None and row["review_links"] in LINK_MODES else DEFAULT_LINKS
        return GuildSettings(effective.question_seconds, effective.rounds, effective.reveal_seconds, role, links)

    async def update_settings(
        self,
        guild_id: int,
        user_id: int,
        *,
        question_seconds: int | None = None,
        rounds: int | None = None,
        reveal_seconds: int | None = None,
        moderator_role_id: int | None = None,
        clear_moderator_role: bool = False,
        manages_server: bool = True,
        review_links: str | None = None,
        role_names: Mapping[int, str] | None = None,
    ) -> tuple[GuildSettings, list[str]]:
        """Change the given settings; returns the new settings and what changed ("rounds 5 → 8").

        Only a member with Manage Server (`manages_server`) may change the moderator
        role: a moderator who could would be able to hand /admin to anyone.
        `role_names` (id -> name, as the server knows them) makes the change read
        "moderator role none → @Mods" rather than a raw id.
        """
        try:
            _check_range("Question time", question_seconds, QUESTION_SECONDS_RANGE)
            _check_range("Rounds", rounds, ROUNDS_RANGE)
            _check_range("Reveal time", reveal_seconds, REVEAL_SECONDS_RANGE)
            if review_links is not None and review_links not in LINK_MODES:
                raise AdminError(f"Links in reviews are one of {', '.join(LINK_MODES)}, not “{review_links}”.")
            if clear_moderator_role and moderator_role_id is not None:
                raise AdminError("Give a moderator role or clear it, not both.")
            if moderator_role_id == guild_id:
                raise AdminError("@everyone cannot be the moderator role.", "Pick a role only moderators have.")
            if (moderator_role_id is not None or clear_moderator_role) and not manages_server:
                raise AdminError(
                    "Only members with the Manage Server permission can change the moderator role.",
                    "The trivia settings you can change without it.",
                )
        except AdminError as problem:
            await self.audit(guild_id, user_id, SETTINGS, problem.message, ok=False)
            raise
        values: dict[str, int | str | None] = {}
        if review_links is not None:
            values["review_links"] = review_links
        if question_seconds is not None:
            values["question_seconds"] = question_seconds
        if rounds is not None:
            values["rounds"] = rounds
        if reveal_seconds is not None:
            values["reveal_seconds"] = reveal_seconds
        if moderator_role_id is not None or clear_moderator_role:
            values["moderator_role_id"] = moderator_role_id
        before = await self.settings(guild_id)
        if not values:
            return before, []
        await repo.update_guild_settings(self.db, guild_id, values)
        after = await self.settings(guild_id)
        names = role_names or {}
        changes = [
            f"{label} {_shown(name, getattr(before, name), names)} → {_shown(name, getattr(after, name), names)}"
            for name, label in SETTING_LABELS.items()
            if getattr(before, name) != getattr(after, name)
        ]
        await self.audit(guild_id, user_id, SETTINGS, "; ".join(changes) or "no change")
        return after, changes

    # uploaded packs ---------------------------------------------------------------------

    async def uploaded_pack_names(self, guild_id: int) -> list[str]:
        return [name for name, _, _ in await trivia_repo.uploaded_pack_versions(self.db, guild_id)]

    async def upload_pack(self, guild_id: int, user_id: int, filename: str, data: bytes) -> PackUploaded:
        """Validate a YAML pack (size, UTF-8, safe parse, schema) and store it for the server.

        Raises AdminError naming the file (and line) on any problem; nothing is stored then.
        """
        try:
            pack, replaced = await self._upload_pack(guild_id, user_id, filename, data)
        except AdminError as problem:
            await self.audit(guild_id, user_id, PACK_UPLOAD, f"{filename}: {problem.message}", ok=False)
            raise
        await self.audit(
            guild_id, user_id, PACK_UPLOAD, f"{pack.key} from {filename}: {plural(len(pack.questions), 'question')}"
        )
        return PackUploaded(pack.key, pack.name, len(pack.questions), len(pack.multiple_choice), replaced)

    async def _upload_pack(self, guild_id: int, user_id: int, filename: str, data: bytes) -> tuple[Pack, bool]:
        name = PurePath(filename).name
        if not name.lower().endswith(PACK_SUFFIXES):
            raise AdminError(f"{name} is not a YAML file.", "Upload a .yaml or .yml question pack.")
        if len(data) > MAX_PACK_BYTES:
            raise AdminError(
                f"{name} is {len(data) // 1024} KiB; the limit is {MAX_PACK_BYTES // 1024} KiB.",
                "Split it into smaller packs.",
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AdminError(f"{name} is not UTF-8 text.", "Save the file as UTF-8 and upload it again.") from None
        stem = PurePath(name).stem
        existing = await self.uploaded_pack_names(guild_id)
        key = slugify(stem)
        replaced = key in existing
        if not replaced and len(existing) >= MAX_UPLOADED_PACKS:
            raise AdminError(
                f"This server already has {len(existing)} uploaded packs, the most it can keep.",
                "Remove one with /admin pack remove first.",
            )
        try:
            pack = await self.trivia.upload_pack(guild_id, user_id, stem, text, file=name)
        except PackError as error:
            lines = "\n".join(str(p) for p in error.problems[:5])
            raise AdminError(
                f"{name} is not a valid question pack:\n{lines}", "Fix the file and upload it again."
            ) from None
        except TriviaError as error:
            raise AdminError(error.message, error.hint) from None
        return pack, replaced

    async def remove_pack(self, guild_id: int, user_id: int, name: str) -> str:
        key = slugify(name)
        removed = await self.trivia.remove_pack(guild_id, key)
        if not removed:
            await self.audit(guild_id, user_id, PACK_REMOVE, f"{key}: no such uploaded pack", ok=False)
            names = ", ".join(await self.uploaded_pack_names(guild_id)) or "none"
            raise AdminError(f"This server has no uploaded pack called {key!r}.", f"Uploaded packs: {names}.")
        await self.audit(guild_id, user_id, PACK_REMOVE, key)
        return key

    # seasons ----------------------------------------------------------------------------

    async def start_season(self, guild_id: int, user_id: int, name: str | None = None) -> SeasonChange:
        """Close the server's leaderboard into history and start a new season; audited either way."""
        try:
            change = await self.trivia.start_season(guild_id, user_id, name)
        except TriviaError as problem:
            await self.audit(guild_id, user_id, SEASON_START, f"{name}: {problem.message}", ok=False)
            raise AdminError(problem.message, problem.hint) from None
        detail = f"closed {change.closed.name} ({plural(change.players, 'player')}); started {change.started.name}"
        await self.audit(guild_id, user_id, SEASON_START, detail)
        return change

    # questions written in Discord ---------------------------------------------------------

    async def question_pack(self, guild_id: int, name: str) -> WrittenPack | None:
        """The server pack a question would go into (None: the first question creates it).

        Checked before the form opens, so nobody writes a question for a pack that cannot take it;
        raises AdminError (not audited: nothing was attempted yet)."""
        try:
            found = await self.trivia.written_pack(guild_id, name)
        except TriviaError as problem:
            raise AdminError(problem.message, problem.hint) from None
        if found is None and len(await self.uploaded_pack_names(guild_id)) >= MAX_UPLOADED_PACKS:
            raise AdminError(
                f"This server already has {MAX_UPLOADED_PACKS} packs, the most it can keep.",
                "Add the question to one of them, or remove one with /admin pack remove first.",
            )
        return found

    async def written_pack(self, guild_id: int, name: str) -> WrittenPack | None:
        """A server pack's questions, numbered as /admin question remove takes them; None if none has that name."""
        try:
            return await self.trivia.written_pack(guild_id, name)
        except TriviaError as problem:
            raise AdminError(problem.message, problem.hint) from None

    async def add_question(
        self,
        guild_id: int,
        user_id: int,
        pack: str,
        *,
        prompt: object,
        answer: object,
        wrong: object = None,
        accepted: object = None,
        difficulty: object = None,
    ) -> tuple[WrittenPack, bool]:
        """A question from the form, into the server pack `pack` (created by its first question).

        Checked as a pack file's question (a right answer among the wrong ones, lengths, counts);
        raises AdminError saying what to fix, with nothing stored. Audited either way."""
        try:
            draft = draft_from_form(prompt, answer, wrong, accepted, difficulty)
            await self.question_pack(guild_id, pack)
            written, created = await self.trivia.add_question(guild_id, user_id, pack, draft)
        except (TriviaError, AdminError) as problem:
            await self.audit(guild_id, user_id, QUESTION_ADD, f"{str(pack)[:100]}: {problem.message}", ok=False)
            raise AdminError(problem.message, problem.hint) from None
        made = " (new pack)" if created else ""
        detail = f"{written.key}{made} #{len(written.questions)}: {draft.prompt[:100]}"
        await self.audit(guild_id, user_id, QUESTION_ADD, detail)
        return written, created

    async def remove_question(
        self, guild_id: int, user_id: int, pack: str, number: int
    ) -> tuple[str, WrittenPack | None]:
        """Remove question `number` of a server pack (the pack goes with its last question); audited."""
        try:
            prompt, left = await self.trivia.remove_question(guild_id, user_id, pack, number)
        except TriviaError as problem:
            await self.audit(guild_id, user_id, QUESTION_REMOVE, f"{str(pack)[:100]}: {problem.message}", ok=False)
            raise AdminError(problem.message, problem.hint) from None
        gone = "; the pack, now empty, was removed" if left is None else ""
        await self.audit(guild_id, user_id, QUESTION_REMOVE, f"{str(pack)[:100]} #{number}: {prompt[:100]}{gone}")
        return prompt, left
