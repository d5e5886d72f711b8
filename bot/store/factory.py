"""Open the store a target names: the one module that knows both backends.

Kept apart from `bot.store.backend` (which both backends import), so no module
of the store imports one that imports it back.
"""

from __future__ import annotations

from pathlib import Path

from bot.store.backend import Store, is_postgres_url


async def open_store(target: str | Path, *, migrate: bool = True) -> Store:
    """The store at `target`: a postgresql:// URL, or a SQLite file path.

    `migrate` brings the schema up to date first (as every start does); without it the
    schema is left as it is (`filmbot db current`)."""
    if is_postgres_url(target):
        from bot.store.postgres import PostgresStore  # asyncpg is loaded only for PostgreSQL

        return await PostgresStore.open(str(target), migrate=migrate)
    from bot.store.db import Database

    return await Database.open(Path(target), migrate=migrate)
