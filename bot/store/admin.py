"""Community tables moderators write: the audit log and guild settings.

A reload is recorded in the audit log (action "reload"), so the reload history
is the audit log filtered by action; nothing here is touched by a reload.
Uploaded packs are kept by `bot.store.trivia` (the trivia service writes them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from bot.store.db import Database

SETTINGS_COLUMNS: tuple[str, ...] = ("question_seconds", "rounds", "reveal_seconds", "moderator_role_id")


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# audit -------------------------------------------------------------------------


async def write_audit(
    db: Database, guild_id: int | None, user_id: int | None, action: str, detail: str, ok: bool = True
) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO audit_log (at, guild_id, user_id, action, detail, ok) VALUES (?, ?, ?, ?, ?, ?)",
            (now_text(), guild_id, user_id, action, detail, int(ok)),
        )
        row_id = cursor.lastrowid
        await cursor.close()
    return int(row_id or 0)


async def recent_audit(
    db: Database, guild_id: int | None, limit: int = 10, *, except_action: str | None = None
) -> list[sqlite3.Row]:
    """The latest entries of one server (and the bot-wide ones, such as reloads from the command line).

    `except_action` leaves one action out (the refusals, which `refusals_by_user` summarises).
    """
    return await db.fetchall(
        "SELECT id, at, guild_id, user_id, action, detail, ok FROM audit_log"
        " WHERE (guild_id IS ? OR guild_id IS NULL) AND action IS NOT ? ORDER BY id DESC LIMIT ?",
        (guild_id, except_action, limit),
    )


async def refusals_by_user(db: Database, guild_id: int | None, action: str, limit: int = 5) -> list[sqlite3.Row]:
    """Entries of `action` in one server, one row per user (latest first): how many, when the latest
    was, and their distinct details joined by commas."""
    return await db.fetchall(
        "SELECT user_id, count(*) AS attempts, max(at) AS last_at, max(id) AS last_id,"
        " group_concat(DISTINCT detail) AS details FROM audit_log"
        " WHERE guild_id IS ? AND action = ? GROUP BY user_id ORDER BY last_id DESC LIMIT ?",
        (guild_id, action, limit),
    )


async def last_action(db: Database, actions: Sequence[str]) -> sqlite3.Row | None:
    """The latest entry with one of `actions`, in any server (a reload is bot-wide)."""
    marks = ", ".join("?" for _ in actions)
    sql = f"SELECT id, at, guild_id, user_id, action, detail, ok FROM audit_log WHERE action IN ({marks})"  # noqa: S608 - placeholders only
    return await db.fetchone(sql + " ORDER BY id DESC LIMIT 1", list(actions))


# settings ----------------------------------------------------------------------


async def guild_settings_row(db: Database, guild_id: int) -> sqlite3.Row | None:
    return await db.fetchone(
        "SELECT guild_id, question_seconds, rounds, reveal_seconds, moderator_role_id FROM guild_settings"
        " WHERE guild_id = ?",
        (guild_id,),
    )


async def update_guild_settings(db: Database, guild_id: int, values: Mapping[str, int | None]) -> None:
    """Set the given columns (None clears one back to the default); others are kept."""
    unknown = set(values) - set(SETTINGS_COLUMNS)
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    if not values:
        return
    columns = list(values)
    assignments = ", ".join(f"{c} = excluded.{c}" for c in columns)
    async with db.transaction() as conn:
        await conn.execute(
            f"INSERT INTO guild_settings (guild_id, {', '.join(columns)}) VALUES (?, {', '.join('?' for _ in columns)})"  # noqa: S608 - columns checked above
            f" ON CONFLICT (guild_id) DO UPDATE SET {assignments}",
            (guild_id, *values.values()),
        )
