"""Community reviews: one row per (server, member, film slug).

Rows refer to films by slug with no foreign key, so a reload that drops a film
keeps its reviews, and they show again when the film comes back.
"""

from __future__ import annotations

from bot.store.backend import Row, Store

_COLUMNS = "guild_id, user_id, film_slug, author_name, rating, body, created_at, updated_at"


async def upsert_review(
    db: Store,
    guild_id: int,
    user_id: int,
    film_slug: str,
    author_name: str,
    rating: int,
    body: str,
    now: str,
) -> bool:
    """Write a member's review of a film; returns True when it replaced an earlier one."""
    async with db.transaction() as tx:
        existed = (
            await tx.fetchone(
                "SELECT 1 FROM reviews WHERE guild_id = ? AND user_id = ? AND film_slug = ?",
                (guild_id, user_id, film_slug),
            )
            is not None
        )
        await tx.execute(
            f"INSERT INTO reviews ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608 - constant columns
            " ON CONFLICT (guild_id, user_id, film_slug) DO UPDATE SET author_name = excluded.author_name,"
            " rating = excluded.rating, body = excluded.body, updated_at = excluded.updated_at",
            (guild_id, user_id, film_slug, author_name, rating, body, now, now),
        )
    return existed


async def delete_review(db: Store, guild_id: int, user_id: int, film_slug: str) -> bool:
    changed = await db.execute(
        "DELETE FROM reviews WHERE guild_id = ? AND user_id = ? AND film_slug = ?", (guild_id, user_id, film_slug)
    )
    return changed > 0


async def get_review(db: Store, guild_id: int, user_id: int, film_slug: str) -> Row | None:
    return await db.fetchone(
        f"SELECT {_COLUMNS} FROM reviews WHERE guild_id = ? AND user_id = ? AND film_slug = ?",  # noqa: S608
        (guild_id, user_id, film_slug),
    )


async def film_stats(db: Store, guild_id: int, film_slug: str) -> tuple[int, float | None]:
    """(count, average rating) of a film's reviews in one server."""
    row = await db.fetchone(
        "SELECT count(*) AS n, avg(rating) AS average FROM reviews WHERE guild_id = ? AND film_slug = ?",
        (guild_id, film_slug),
    )
    if row is None or not row["n"]:
        return 0, None
    return int(row["n"]), float(row["average"])


async def latest_reviews(db: Store, guild_id: int, film_slug: str, offset: int, limit: int) -> list[Row]:
    """A film's reviews in one server, the most recently written or edited first."""
    return await db.fetchall(
        f"SELECT {_COLUMNS} FROM reviews WHERE guild_id = ? AND film_slug = ?"  # noqa: S608
        " ORDER BY updated_at DESC, user_id LIMIT ? OFFSET ?",
        (guild_id, film_slug, limit, offset),
    )


async def member_film_slugs(db: Store, guild_id: int, user_id: int) -> list[str]:
    rows = await db.fetchall(
        "SELECT film_slug FROM reviews WHERE guild_id = ? AND user_id = ? ORDER BY updated_at DESC",
        (guild_id, user_id),
    )
    return [r["film_slug"] for r in rows]


async def count_all(db: Store) -> int:
    row = await db.fetchone("SELECT count(*) FROM reviews")
    return int(row[0]) if row else 0
