"""Domain objects of moderation (no discord types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.admin.build import BuildProblem
from bot.admin.diff import CatalogDiff
from bot.errors import UserError
from bot.reviews.model import DEFAULT_LINKS
from bot.text import plural

# Audit actions.
RELOAD = "reload"
RELOAD_DRY_RUN = "reload.dry_run"
SETTINGS = "settings"
PACK_UPLOAD = "pack.upload"
PACK_REMOVE = "pack.remove"
SEASON_START = "season.start"
QUESTION_ADD = "question.add"
QUESTION_REMOVE = "question.remove"
REFUSED = "refused"
REVIEW_REMOVE = "review.remove"  # a moderator removed another member's review


class AdminError(UserError):
    """A moderator's input the service refuses: `message` says what, `hint` what to do."""


@dataclass(frozen=True, slots=True)
class ReloadReport:
    """What a reload did or would do.

    `problems` non-empty means the reload was refused and nothing changed;
    `busy` means another reload was running. `totals` are the catalog's counts
    after an applied reload (or what they would be, for a dry run).
    """

    dry_run: bool
    applied: bool
    diff: CatalogDiff | None = None
    problems: tuple[BuildProblem, ...] = ()
    totals: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    busy: bool = False
    documents: int = 0
    packs: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.problems) or self.busy

    def summary(self) -> str:
        """One line for the audit log and the logs."""
        if self.busy:
            return "refused: another reload was running"
        if self.problems:
            first = self.problems[0]
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            return f"refused: {first}{more}"
        d = self.diff or CatalogDiff()
        verb = "would change" if self.dry_run else "changed"
        if d.empty:
            read = f"{plural(self.documents, 'document')}, {plural(self.packs, 'pack')}"
            return f"{'dry run: ' if self.dry_run else ''}no changes ({read})"
        return (
            f"{verb}: films +{len(d.films_added)} -{len(d.films_removed)} ~{len(d.films_changed)}, "
            f"people +{len(d.people_added)} -{len(d.people_removed)}, claims +{d.claims_added} -{d.claims_removed}, "
            f"questions +{d.questions_added} -{d.questions_removed} ~{d.questions_changed}, "
            f"new disputes {len(d.new_disputes)}"
        )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    guild_id: int | None
    user_id: int | None
    action: str
    detail: str
    ok: bool


@dataclass(frozen=True, slots=True)
class Refusals:
    """A member's refused /admin attempts, summed up so that they cannot push moderator actions out of view."""

    user_id: int | None
    attempts: int
    last_at: datetime
    commands: tuple[str, ...] = ()  # what they tried, sorted


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """A server's trivia defaults (effective values) and its moderator role."""

    question_seconds: int
    rounds: int
    reveal_seconds: int
    moderator_role_id: int | None = None
    review_links: str = DEFAULT_LINKS


@dataclass(frozen=True, slots=True)
class SourceInfo:
    name: str
    sha256: str
    size: int
    film_slug: str | None
    ingested_at: datetime


@dataclass(frozen=True, slots=True)
class StatusReport:
    counts: dict[str, int]
    sources: tuple[SourceInfo, ...]
    last_reload: AuditEntry | None
    uptime_seconds: float
    version: str
    audit: tuple[AuditEntry, ...]  # moderator actions only: refusals are in `refusals`
    settings: GuildSettings | None
    uploaded_packs: tuple[str, ...] = ()
    reviews: int = 0
    names: dict[int, str] = field(default_factory=dict)  # user id -> name, for the audit log
    refusals: tuple[Refusals, ...] = ()
    writes_failing_since: datetime | None = None  # the store refuses writes (read-only, full disk...)
    write_failures: int = 0
    write_error: str | None = None


@dataclass(frozen=True, slots=True)
class PackUploaded:
    key: str
    name: str
    questions: int
    multiple_choice: int
    replaced: bool
