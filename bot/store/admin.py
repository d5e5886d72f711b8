"""Community tables moderators write: the audit log and guild settings.

A reload is recorded in the audit log (action "reload"), so the reload history
is the audit log filtered by action; nothing here is touched by a reload.
Uploaded packs are kept by `bot.store.trivia` (the trivia service writes them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from bot.store.backend import Row, Store

SETTINGS_COLUMNS: tuple[str, ...] = (
    "question_seconds",
    "rounds",
    "reveal_seconds",
    "moderator_role_id",
    "review_links",
)


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# audit -------------------------------------------------------------------------


async def write_audit(
    db: Store, guild_id: int | None, user_id: int | None, action: str, detail: str, ok: bool = True
) -> int:
    async with db.transaction() as tx:
        row = await tx.fetchone(
            "INSERT INTO audit_log (at, guild_id, user_id, action, detail, ok) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (now_text(), guild_id, user_id, action, detail, int(ok)),
        )
    return int(row["id"]) if row is not None else 0


async def recent_audit(
    db: Store, guild_id: int | None, limit: int = 10, *, except_action: str | None = None
) -> list[Row]:
    """The latest entries of one server (and the bot-wide ones, such as reloads from the command line).

    `except_action` leaves one action out (the refusals, which `refusals_by_user` summarises).
    """
    return await db.fetchall(
        "SELECT id, at, guild_id, user_id, action, detail, ok FROM audit_log"
        " WHERE (guild_id = ? OR guild_id IS NULL) AND (CAST(? AS TEXT) IS NULL OR action <> ?)"
        " ORDER BY id DESC LIMIT ?",
        (guild_id, except_action, except_action, limit),
    )


NO_GUILD = 0  # admin_refusals' key for "no server" (the console); Discord never gives a server id 0


async def count_refusal(db: Store, guild_id: int | None, user_id: int, detail: str) -> None:
    """One more refused attempt of `user_id` at `detail`: a counter, so a flood of them is one row."""
    at = now_text()
    await db.execute(
        "INSERT INTO admin_refusals (guild_id, user_id, detail, attempts, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?)"
        " ON CONFLICT (guild_id, user_id, detail)"
        " DO UPDATE SET attempts = admin_refusals.attempts + 1, last_at = excluded.last_at",
        (NO_GUILD if guild_id is None else guild_id, user_id, detail, at, at),
    )


async def refusals_by_user(db: Store, guild_id: int | None, limit: int = 5) -> list[Row]:
    """Refused attempts in one server, one row per user (latest first): how many, when the latest
    was, and their distinct details joined by commas (in no particular order)."""
    joined = "string_agg(detail, ',')" if db.backend == "postgresql" else "group_concat(detail)"
    return await db.fetchall(
        f"SELECT user_id, sum(attempts) AS attempts, max(last_at) AS last_at, {joined} AS details"  # noqa: S608 - fixed fragments
        " FROM admin_refusals WHERE guild_id = ? GROUP BY user_id ORDER BY max(last_at) DESC, user_id LIMIT ?",
        (NO_GUILD if guild_id is None else guild_id, limit),
    )


async def last_action(db: Store, actions: Sequence[str]) -> Row | None:
    """The latest entry with one of `actions`, in any server (a reload is bot-wide)."""
    marks = ", ".join("?" for _ in actions)
    sql = f"SELECT id, at, guild_id, user_id, action, detail, ok FROM audit_log WHERE action IN ({marks})"  # noqa: S608 - placeholders only
    return await db.fetchone(sql + " ORDER BY id DESC LIMIT 1", list(actions))


async def remember_name(db: Store, guild_id: int, user_id: int, name: str) -> None:
    await db.execute(
        "INSERT INTO member_names (guild_id, user_id, name) VALUES (?, ?, ?)"
        " ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name"
        " WHERE member_names.name <> excluded.name",
        (guild_id, user_id, name),
    )


async def member_names(db: Store, guild_id: int, user_ids: Sequence[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    marks = ", ".join("?" for _ in user_ids)
    rows = await db.fetchall(
        f"SELECT user_id, name FROM member_names WHERE guild_id = ? AND user_id IN ({marks})",  # noqa: S608 - placeholders only
        (guild_id, *user_ids),
    )
    return {int(r["user_id"]): r["name"] for r in rows}


# settings ----------------------------------------------------------------------


async def guild_settings_row(db: Store, guild_id: int) -> Row | None:
    return await db.fetchone(
        "SELECT guild_id, question_seconds, rounds, reveal_seconds, moderator_role_id, review_links FROM guild_settings"
        " WHERE guild_id = ?",
        (guild_id,),
    )


async def review_links(db: Store, guild_id: int) -> str | None:
    """The server's setting for links in reviews; None when never set (the default applies)."""
    row = await db.fetchone("SELECT review_links FROM guild_settings WHERE guild_id = ?", (guild_id,))
    return row["review_links"] if row is not None else None


async def update_guild_settings(db: Store, guild_id: int, values: Mapping[str, int | str | None]) -> None:
    """Set the given columns (None clears one back to the default); others are kept."""
    unknown = set(values) - set(SETTINGS_COLUMNS)
    if unknown:
        raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
    if not values:
        return
    columns = list(values)
    assignments = ", ".join(f"{c} = excluded.{c}" for c in columns)
    async with db.transaction() as tx:
        await tx.execute(
            f"INSERT INTO guild_settings (guild_id, {', '.join(columns)}) VALUES (?, {', '.join('?' for _ in columns)})"  # noqa: S608 - columns checked above
            f" ON CONFLICT (guild_id) DO UPDATE SET {assignments}",
            (guild_id, *values.values()),
        )
