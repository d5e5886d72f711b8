"""The store: migrations, transactions that survive cancellation, meta values."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.store.db import Database, SchemaTooNewError
from bot.store.migrations import MIGRATIONS


async def test_migrations_bring_a_new_database_to_the_latest_version(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    try:
        assert await db.schema_version() == len(MIGRATIONS)
        journal = await db.fetchone("PRAGMA journal_mode")
        assert journal is not None and journal[0] == "wal"
        foreign_keys = await db.fetchone("PRAGMA foreign_keys")
        assert foreign_keys is not None and foreign_keys[0] == 1
    finally:
        await db.close()


async def test_a_database_from_a_newer_filmbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(SchemaTooNewError):
        await Database.open(path)


async def test_meta_values_round_trip(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "m.db")
    try:
        assert await db.get_meta("k") is None
        await db.set_meta("k", "1")
        await db.set_meta("k", "2")
        assert await db.get_meta("k") == "2"
    finally:
        await db.close()


async def test_a_failed_transaction_is_rolled_back(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "r.db")
    try:

        async def failing_write() -> None:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            await failing_write()
        assert await db.get_meta("x") is None
    finally:
        await db.close()


async def test_cancelled_writers_never_leave_the_connection_inside_a_transaction(tmp_path: Path) -> None:
    """Writers cancelled at every await point (during BEGIN, mid-body, during COMMIT)."""
    db = await Database.open(tmp_path / "c.db")

    async def writer(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"k{n}", "v"))
            await conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"j{n}", "v"))

    try:
        for n in range(60):
            task = asyncio.ensure_future(writer(n))
            for _ in range(n % 6):
                await asyncio.sleep(0)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO meta (key, value) VALUES ('after', 'ok')")
        assert await db.get_meta("after") == "ok"
        # Every pair was written whole or not at all.
        rows = await db.fetchall("SELECT key FROM meta WHERE key != 'after'")
        keys = {row["key"] for row in rows}
        assert all((f"j{k[1:]}" in keys) == (k in keys) for k in keys if k.startswith("k"))
    finally:
        await db.close()
