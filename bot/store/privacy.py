"""What the bot keeps about one member, and deleting it when they ask (`/privacy`).

A member's own data: their reviews, trivia stats (lifetime, per closed season, and the
season baselines), the display name remembered for the audit log, and the count of their
refused /admin attempts. Deleted in one transaction, in every server at once. Kept: the audit
log's lines of moderator actions (who reloaded, who removed a review: a server's record of
its moderation, with the member's id but no longer their name) and the packs a moderator
uploaded (the server's questions).
"""

from __future__ import annotations

from bot.store.backend import Store

# Each table holding a member's own rows, keyed by their user id.
MEMBER_TABLES: tuple[str, ...] = (
    "reviews",
    "player_stats",
    "season_stats",
    "season_baseline",
    "member_names",
    "admin_refusals",
)


async def held_rows(db: Store, user_id: int) -> dict[str, int]:
    """How many rows each table holds about `user_id` (tables with none are left out)."""
    counts: dict[str, int] = {}
    for table in MEMBER_TABLES:
        row = await db.fetchone(f"SELECT count(*) AS n FROM {table} WHERE user_id = ?", (user_id,))  # noqa: S608 - the store's own table names
        if row is not None and int(row["n"]):
            counts[table] = int(row["n"])
    return counts


async def review_servers(db: Store, user_id: int) -> int:
    """In how many servers the member has reviews."""
    row = await db.fetchone("SELECT count(DISTINCT guild_id) AS n FROM reviews WHERE user_id = ?", (user_id,))
    return int(row["n"]) if row is not None else 0


async def forget_member(db: Store, user_id: int) -> dict[str, int]:
    """Delete every row of the member's own data, all or nothing; returns what was deleted per table."""
    deleted: dict[str, int] = {}
    async with db.transaction() as tx:
        for table in MEMBER_TABLES:
            changed = await tx.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))  # noqa: S608 - the store's own table names
            if changed:
                deleted[table] = changed
    return deleted
