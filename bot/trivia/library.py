"""The trivia library: the question bank (the catalog's questions) and the packs, bundled
and uploaded, with the questions written in Discord into a server's packs.

The bank and the bundled packs are held in memory and replaced whole after a reload;
a server's uploaded packs are read from the store, parsed once (in a thread) and kept
while they are unchanged. Drawn choices of pack questions are drawn by what the
catalog's questions say the answers are. Indexes over the bank (a film's people, the
folded prompts and answers) are rebuilt with it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.store import catalog as catalog_repo
from bot.store import trivia as repo
from bot.store.backend import Store
from bot.text import fold, slugify
from bot.trivia.bank import CREW, DIRECTOR, PLACE, PLAYED_BY, PLAYS
from bot.trivia.categories import Category
from bot.trivia.categories import counts as category_counts
from bot.trivia.errors import TriviaError
from bot.trivia.model import Question
from bot.trivia.packs import (
    KnownKinds,
    Pack,
    PackError,
    PackProblem,
    answer_kind,
    load_pack_dir,
    load_pack_text,
    with_catalog,
)
from bot.trivia.written import QuestionDraft, WrittenQuestionError, new_pack_name, pack_data, pack_text

log = logging.getLogger(__name__)

Clock = Callable[[], float]
UPLOADED_CACHE_GUILDS = 256  # servers whose parsed uploaded packs are kept (least recently used go)

UploadedVersions = tuple[tuple[str, str, int], ...]

# The catalog question kinds whose answer is a person (the surname rule of typed answers).
PERSON_KINDS = frozenset({DIRECTOR, PLAYED_BY, CREW})


@dataclass(frozen=True, slots=True)
class WrittenPack:
    """A server pack as /admin question list shows it: (prompt, answer) of each question, in order."""

    key: str
    name: str
    questions: tuple[tuple[str, str], ...]


def _written(key: str, data: dict[str, Any]) -> WrittenPack:
    items = [q for q in data["questions"] if isinstance(q, dict)]
    return WrittenPack(key, str(data.get("name") or key), tuple((str(q["prompt"]), str(q["answer"])) for q in items))


class Library:
    """The bank and the packs, for one process (every server's uploaded packs included)."""

    def __init__(
        self, db: Store, clock: Clock = time.time, *, packs: Iterable[Pack] = (), bank: Iterable[Question] = ()
    ) -> None:
        self.db = db
        self.clock = clock
        self._bank: tuple[Question, ...] = ()
        self._packs: dict[str, Pack] = {}
        self._bundled: tuple[Pack, ...] = ()  # as loaded, before the catalog redrew their choices
        self._guild_packs: OrderedDict[int, tuple[UploadedVersions, dict[str, Pack]]] = OrderedDict()
        self._folded: dict[str, tuple[str, str]] = {}  # question id -> folded (prompt, answer)
        self._people: dict[str, list[str]] | None = None  # film slug -> its people in the bank (lazily)
        self.set_bank(bank)
        self.set_packs(packs)

    @property
    def bundled(self) -> tuple[Pack, ...]:
        """The bundled packs in the order loaded, their drawn choices drawn by the catalog."""
        return tuple(self._packs.values())

    def set_bank(self, questions: Iterable[Question]) -> None:
        """Replace the catalog questions (after a reload); running games keep theirs."""
        self._bank = tuple(questions)
        self._people = None
        self._folded.clear()
        self._redraw_bundled()
        self._guild_packs.clear()  # uploaded packs are drawn again with the new catalog

    async def load_bank(self) -> int:
        """Read the catalog questions from the store; returns how many."""
        rows = await catalog_repo.questions(self.db)
        self.set_bank(r for r in rows if r.pack is None)
        return len(self._bank)

    def set_packs(self, packs: Iterable[Pack]) -> None:
        self._bundled = tuple(packs)
        self._redraw_bundled()
        self._folded.clear()

    def _redraw_bundled(self) -> None:
        """The bundled packs with their drawn choices drawn again by what the catalog knows."""
        known = _known_kinds(self._bank, _drawn_answers(self._bundled))
        self._packs = {p.key: with_catalog(p, known) for p in self._bundled}

    def refresh(self, bank: Iterable[Question], packs: Iterable[Pack]) -> None:
        """After a reload: the new bank (pack questions in it are ignored) and bundled packs.

        Games already running keep the questions they were dealt.
        """
        self.set_bank(q for q in bank if q.pack is None)
        self.set_packs(packs)

    async def load_packs(self, directory: Path | str) -> list[PackProblem]:
        """Read the bundled packs (off the event loop); returns the problems of bad files."""
        packs, problems = await asyncio.to_thread(load_pack_dir, directory)
        self.set_packs(packs)
        for problem in problems:
            log.warning("pack skipped: %s", problem)
        return problems

    @property
    def bank(self) -> tuple[Question, ...]:
        return self._bank

    async def _uploaded(self, guild_id: int) -> dict[str, Pack]:
        """A server's uploaded packs, parsed once (in a thread) and re-read only when the
        stored ones change, whoever changed them. The parsed packs of the
        `UPLOADED_CACHE_GUILDS` servers used last are kept."""
        versions = tuple(await repo.uploaded_pack_versions(self.db, guild_id))
        cached = self._guild_packs.get(guild_id)
        if cached is not None and cached[0] == versions:
            self._guild_packs.move_to_end(guild_id)
            return cached[1]
        rows = await repo.uploaded_packs(self.db, guild_id)
        packs, problems = await asyncio.to_thread(_parse_uploaded, rows, self._bank)
        for problem in problems:
            log.warning("uploaded pack of guild %s is invalid: %s", guild_id, problem)
        self._guild_packs[guild_id] = (versions, packs)
        self._guild_packs.move_to_end(guild_id)
        while len(self._guild_packs) > UPLOADED_CACHE_GUILDS:
            self._guild_packs.popitem(last=False)
        return packs

    async def packs(self, guild_id: int | None = None) -> list[Pack]:
        """The bundled packs and, in a server, its uploaded ones, by key."""
        found = dict(self._packs)
        if guild_id is not None:
            for key, pack in (await self._uploaded(guild_id)).items():
                found.setdefault(key, pack)
        return [found[k] for k in sorted(found)]

    async def find_pack(self, guild_id: int | None, name: str) -> Pack | None:
        """The pack `name` means: by key, then by display name, bundled packs before uploaded ones.

        Uploads cannot copy a name (see `upload_pack`); the order still keeps a
        bundled pack from being shadowed by one stored before that rule, or
        named so before a reload brought the bundled one.
        """
        key, folded = slugify(name), fold(name)
        bundled = [self._packs[k] for k in sorted(self._packs)]
        uploaded = [p for k, p in sorted((await self._uploaded(guild_id)).items())] if guild_id is not None else []
        for packs in (bundled, uploaded):
            for matches in (lambda p: p.key == key, lambda p: fold(p.name) == folded):
                found = next((p for p in packs if matches(p)), None)
                if found is not None:
                    return found
        return None

    async def upload_pack(self, guild_id: int, user_id: int, name: str, text: str, *, file: str | None = None) -> Pack:
        """Validate and store a server's pack; raises PackError (file and line) or TriviaError.

        `name` gives the pack's key; `file` is how errors name it (the uploaded file's name).
        Names are unique across the bundled packs and the server's own (compared
        folded, keys and display names alike), so `/trivia start pack:` always
        means one pack; an upload of the same key replaces that server's pack.
        Parsed in a thread: a big pack never holds up the event loop.
        """
        pack = await asyncio.to_thread(load_pack_text, name, text, file=file, origin="upload")
        if pack.key in self._packs:
            raise TriviaError(f"“{pack.key}” is the name of a bundled pack.", "Upload it under another name.")
        others = [(p, "bundled with the bot") for p in self._packs.values()]
        others += [(p, "uploaded to this server") for k, p in (await self._uploaded(guild_id)).items() if k != pack.key]
        wanted = {fold(pack.name), fold(pack.key)}
        for other, where in others:
            if wanted & {fold(other.name), fold(other.key)}:
                raise TriviaError(
                    f"The pack “{pack.name}” has the name of the pack “{other.name}” ({where}): "
                    "pack names must be unique, so that /trivia start pack: finds one pack.",
                    "Give it another `name:` (and file name) and upload it again.",
                )
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock()))
        await repo.save_uploaded_pack(self.db, guild_id, pack.key, text, user_id, at)
        self._guild_packs.pop(guild_id, None)
        return pack

    async def remove_pack(self, guild_id: int, name: str) -> bool:
        removed = await repo.delete_uploaded_pack(self.db, guild_id, slugify(name))
        self._guild_packs.pop(guild_id, None)
        return removed

    # -- questions written in Discord (server packs) ----------------------------------------

    async def _server_pack(self, guild_id: int, name: str) -> tuple[str, dict[str, Any]] | None:
        """The uploaded pack `name` means (by key or display name) and its data to edit; None if
        the server has none of that name. Raises WrittenQuestionError for a bundled pack's name
        or a pack in Red-DiscordBot's format."""
        if not isinstance(name, str) or not slugify(name):
            raise WrittenQuestionError("A pack needs a name with letters or digits.")
        key, folded = slugify(name), fold(name)
        for bundled in self._packs.values():
            if key == bundled.key or folded in {fold(bundled.name), fold(bundled.key)}:
                raise WrittenQuestionError(
                    f"“{bundled.name}” is a pack bundled with the bot; questions are written into this server's packs.",
                    "Give another pack name: the first question added to it creates it.",
                )
        texts = dict(await repo.uploaded_packs(self.db, guild_id))
        for stored, pack in (await self._uploaded(guild_id)).items():
            if key == stored or folded == fold(pack.name):
                return stored, pack_data(texts[stored])
        return (key, pack_data(texts[key])) if key in texts else None

    async def written_pack(self, guild_id: int, name: str) -> WrittenPack | None:
        """A server pack's questions in order (numbered from 1 by /admin question list and remove)."""
        found = await self._server_pack(guild_id, name)
        return None if found is None else _written(*found)

    async def add_question(
        self, guild_id: int, user_id: int, name: str, draft: QuestionDraft
    ) -> tuple[WrittenPack, bool]:
        """Append a checked question to the server pack `name`, creating the pack with its first
        question; returns the pack and whether it was created. The pack is validated and stored
        as an upload is (schema, rules, unique names); raises WrittenQuestionError otherwise."""
        found = await self._server_pack(guild_id, name)
        created = found is None
        data: dict[str, Any]
        if found is None:
            display = new_pack_name(name)
            key, data = slugify(display), {"name": display, "questions": []}
        else:
            key, data = found
        questions = data["questions"]
        for number, item in enumerate(questions, 1):
            if isinstance(item, dict) and fold(str(item.get("prompt", ""))) == fold(draft.prompt):
                raise WrittenQuestionError(f"The pack already has that question (number {number}).")
        questions.append(draft.as_pack_item())
        await self._store_written(guild_id, user_id, key, data)
        return _written(key, data), created

    async def remove_question(
        self, guild_id: int, user_id: int, name: str, number: int
    ) -> tuple[str, WrittenPack | None]:
        """Remove question `number` (from 1) of a server pack; returns its prompt and the pack left,
        None when that was its last question (the pack goes with it)."""
        found = await self._server_pack(guild_id, name)
        if found is None:
            raise WrittenQuestionError(f"This server has no pack called “{name}”.", "See /admin status for its packs.")
        key, data = found
        questions = data["questions"]
        if type(number) is not int or not 1 <= number <= len(questions):
            raise WrittenQuestionError(
                f"The pack has questions 1 to {len(questions)}, not {number}.", "See /admin question list."
            )
        removed = questions.pop(number - 1)
        prompt = str(removed.get("prompt", "")) if isinstance(removed, dict) else ""
        if not questions:
            await self.remove_pack(guild_id, key)
            return prompt, None
        await self._store_written(guild_id, user_id, key, data)
        return prompt, _written(key, data)

    async def _store_written(self, guild_id: int, user_id: int, key: str, data: dict[str, Any]) -> Pack:
        try:
            return await self.upload_pack(guild_id, user_id, key, pack_text(data), file=key)
        except PackError as error:
            reasons = "; ".join(p.message for p in error.problems[:3])
            raise WrittenQuestionError(f"That would not make a valid pack: {reasons}.") from None

    async def categories(self, guild_id: int | None = None) -> list[tuple[Category, int]]:
        """The categories of the questions a game here could draw (the catalog's, the bundled
        packs' and, in a server, its uploaded packs'), with how many each has; empty ones left out."""
        questions = {q.id: q for q in self._bank}
        for pack in await self.packs(guild_id):
            questions.update((q.id, q) for q in pack.questions)
        return category_counts(questions.values())

    def people_of(self, film_slug: str) -> list[str]:
        """The people the bank knows in a film (indexed once per bank, on the first typed game)."""
        if self._people is None:
            people: dict[str, list[str]] = {}
            for question in self._bank:
                if question.kind in PERSON_KINDS and question.film_slug is not None:
                    people.setdefault(question.film_slug, []).append(question.answer)
            self._people = people
        return self._people.get(film_slug, [])

    def folded(self, question: Question) -> tuple[str, str]:
        """The question's (prompt, answer) folded, cached with the bank (dealing compares them often)."""
        found = self._folded.get(question.id)
        if found is None:
            found = self._folded[question.id] = (fold(question.prompt), fold(question.answer))
        return found


# The catalog question kinds whose answers say what a name is, in the packs' words.
_BANK_KINDS = {DIRECTOR: "director", PLAYED_BY: "actor", PLAYS: "character", PLACE: "place"}


def _drawn_answers(packs: Iterable[Pack]) -> set[str]:
    """The folded answers of the pack questions whose choices are drawn: the only names
    worth looking up in the catalog."""
    return {fold(q.answer) for pack in packs for q in pack.questions if q.id in pack.drawn}


def _known_kinds(bank: Sequence[Question], wanted: set[str]) -> KnownKinds:
    """What the catalog knows the `wanted` names as (directors, actors, crew, characters,
    places, from its questions' answers). Only those names are kept, so this costs one
    pass over the bank and no memory that grows with the catalog."""
    kinds: dict[str, set[str]] = {}
    if not wanted:
        return {}
    for question in bank:
        if question.kind not in _BANK_KINDS and question.kind != CREW:
            continue
        name = fold(question.answer)
        if name not in wanted:
            continue
        # a crew job reads like a pack's wording: "Who composed ...?" is a composer, others a person
        kind = answer_kind(question.prompt) if question.kind == CREW else _BANK_KINDS[question.kind]
        kinds.setdefault(name, set()).add(kind)
    return {name: frozenset(found) for name, found in kinds.items()}


def _parse_uploaded(
    rows: Sequence[tuple[str, str]], bank: Sequence[Question] = ()
) -> tuple[dict[str, Pack], list[str]]:
    """Parse a server's stored packs (CPU work: run in a thread); a bad one is skipped.
    Drawn choices are drawn by what the catalog (`bank`) knows of the answers."""
    packs: dict[str, Pack] = {}
    problems: list[str] = []
    for name, text in rows:
        try:
            pack = load_pack_text(name, text, origin="upload")
        except PackError as error:
            problems.append(f"{name}: {error}")
            continue
        packs[pack.key] = pack
    known = _known_kinds(bank, _drawn_answers(packs.values()))
    return {key: with_catalog(pack, known) for key, pack in packs.items()}, problems
