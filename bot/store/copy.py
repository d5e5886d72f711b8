"""`filmbot db copy`: the community data of one store into another (SQLite to PostgreSQL).

Reviews, player stats and seasons, settings, uploaded packs, the audit log and the refusal counts are copied
whole in one transaction of the target; the catalog is not (every store builds
its own from data/). A target that already holds other community data is left
alone unless forced; one that holds the same data is already done (so the copy
can be run again safely).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.store.backend import Store, TableRows
from bot.store.migrations import COMMUNITY_TABLES

# Every column of each community table, the key first (the order rows are compared in).
COMMUNITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "reviews": (
        "guild_id", "user_id", "film_slug", "author_name", "rating", "body", "created_at", "updated_at",
    ),
    "player_stats": (
        "guild_id", "user_id", "display_name", "points", "games", "answers", "correct", "current_streak",
        "best_streak",
    ),
    "guild_settings": (
        "guild_id", "question_seconds", "rounds", "reveal_seconds", "moderator_role_id", "review_links",
    ),
    "uploaded_packs": ("guild_id", "name", "yaml_text", "uploaded_by", "uploaded_at"),
    "audit_log": ("id", "at", "guild_id", "user_id", "action", "detail", "ok"),
    "admin_refusals": ("guild_id", "user_id", "detail", "attempts", "first_at", "last_at"),
    "local_members": ("name_fold", "name", "user_id", "role"),
    "member_names": ("guild_id", "user_id", "name"),
    "trivia_seasons": ("guild_id", "number", "name", "name_fold", "started_at", "started_by", "ended_at"),
    "season_stats": ("guild_id", "season", "user_id", "display_name", "points", "games", "answers", "correct"),
    "season_baseline": ("guild_id", "user_id", "points", "games", "answers", "correct"),
}  # fmt: skip
_KEYS: dict[str, int] = {
    "reviews": 3, "player_stats": 2, "guild_settings": 1, "uploaded_packs": 2, "audit_log": 1,
    "admin_refusals": 3, "local_members": 1, "member_names": 2, "trivia_seasons": 2, "season_stats": 3,
    "season_baseline": 2,
}  # fmt: skip


class TargetNotEmptyError(Exception):
    """The target holds other community data; the message says what."""


@dataclass(frozen=True, slots=True)
class CopyReport:
    counts: dict[str, int]
    already_there: bool = False

    def describe(self) -> str:
        what = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in self.counts.items())
        return f"already there: {what}" if self.already_there else f"copied {what}"


async def community_rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every community row, as plain tuples in key order."""
    found: dict[str, list[tuple[object, ...]]] = {}
    for table, columns in COMMUNITY_COLUMNS.items():
        order = ", ".join(columns[: _KEYS[table]])
        rows = await store.fetchall(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")  # noqa: S608
        found[table] = [tuple(row[c] for c in columns) for row in rows]
    return found


async def copy_community(source: Store, target: Store, *, force: bool = False) -> CopyReport:
    rows = await community_rows(source)
    counts = {table: len(found) for table, found in rows.items()}
    present = await community_rows(target)
    if present == rows:
        return CopyReport(counts, already_there=True)
    held = {table: len(found) for table, found in present.items() if found}
    if held and not force:
        what = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in held.items())
        raise TargetNotEmptyError(f"the target already holds other community data ({what})")
    await target.replace_tables(
        COMMUNITY_TABLES, [TableRows(table, COMMUNITY_COLUMNS[table], found) for table, found in rows.items()]
    )
    return CopyReport(counts)
