"""The store's contract, on SQLite and on PostgreSQL (the `store` fixture runs each test on both):
migrations, transactions that survive cancellation, meta values, and refusing a newer schema."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.store.backend import SchemaTooNewError, Store
from bot.store.db import Database
from bot.store.factory import open_store
from bot.store.migrations import BACKENDS, latest_version, migrations
from bot.store.postgres import translate


async def test_migrations_bring_a_new_database_to_the_latest_version(store: Store) -> None:
    assert await store.schema_version() == latest_version(store.backend)
    assert latest_version(store.backend) >= 1


def test_both_backends_have_the_same_migrations() -> None:
    assert [(m.number, m.name) for m in migrations("sqlite")] == [(m.number, m.name) for m in migrations("postgresql")]
    assert BACKENDS == ("sqlite", "postgresql")


async def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.db")
    try:
        journal = await db.fetchone("PRAGMA journal_mode")
        assert journal is not None and journal[0] == "wal"
        foreign_keys = await db.fetchone("PRAGMA foreign_keys")
        assert foreign_keys is not None and foreign_keys[0] == 1
    finally:
        await db.close()


async def test_a_sqlite_database_from_before_the_migration_files_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    """Databases made by earlier filmbots: the 0.1 schema at PRAGMA user_version 1."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(migrations("sqlite")[0].sql)
    conn.execute("PRAGMA user_version=1")
    conn.execute("INSERT INTO reviews VALUES (1, 2, 'heat-1995', 'Ann', 9, 'Kept.', 't', 't')")
    conn.commit()
    conn.close()
    db = await Database.open(path)
    try:
        assert await db.schema_version() == latest_version("sqlite")
        rows = await db.fetchall("SELECT author_name, body FROM reviews")
        assert [tuple(r) for r in rows] == [("Ann", "Kept.")]
    finally:
        await db.close()


async def test_refusals_of_an_older_audit_log_become_counters(tmp_path: Path) -> None:
    """Schema 4 moves the one-line-per-refusal audit entries into per-member counters."""
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path)
    for migration in migrations("sqlite")[:3]:
        conn.executescript(migration.sql)
    conn.execute("PRAGMA user_version=3")
    rows = [(f"2026-01-0{day}", 10, 7, "refused", "/admin reload", 0) for day in (1, 2, 3)]
    rows += [("2026-01-04", None, 7, "refused", "/admin status", 0), ("2026-01-05", 10, 8, "settings", "rounds=3", 1)]
    conn.executemany(
        "INSERT INTO audit_log (at, guild_id, user_id, action, detail, ok) VALUES (?, ?, ?, ?, ?, ?)", rows
    )
    conn.commit()
    conn.close()
    db = await Database.open(path)
    try:
        counted = await db.fetchall(
            "SELECT guild_id, user_id, detail, attempts, first_at, last_at FROM admin_refusals ORDER BY guild_id"
        )
        assert [tuple(r) for r in counted] == [
            (0, 7, "/admin status", 1, "2026-01-04", "2026-01-04"),
            (10, 7, "/admin reload", 3, "2026-01-01", "2026-01-03"),
        ]
        left = await db.fetchall("SELECT action FROM audit_log")
        assert [r["action"] for r in left] == ["settings"]
    finally:
        await db.close()


async def test_a_sqlite_database_from_a_newer_filmbot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={latest_version('sqlite') + 1}")
    conn.close()
    with pytest.raises(SchemaTooNewError, match="schema version"):
        await Database.open(path)


async def test_a_postgresql_database_from_a_newer_filmbot_is_refused(postgres_url: str) -> None:
    db = await open_store(postgres_url)
    await db.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'from_the_future')", (99,))
    await db.close()
    with pytest.raises(SchemaTooNewError, match="schema version 99"):
        await open_store(postgres_url)


async def test_postgresql_processes_starting_together_migrate_once(postgres_url: str) -> None:
    stores = await asyncio.gather(*(open_store(postgres_url) for _ in range(4)))
    try:
        rows = await stores[0].fetchall("SELECT version FROM schema_migrations ORDER BY version")
        assert [r["version"] for r in rows] == list(range(1, latest_version("postgresql") + 1))
    finally:
        await asyncio.gather(*(s.close() for s in stores))


async def test_meta_values_round_trip(store: Store) -> None:
    assert await store.get_meta("k") is None
    await store.set_meta("k", "1")
    await store.set_meta("k", "2")
    assert await store.get_meta("k") == "2"


async def test_a_failed_transaction_is_rolled_back(store: Store) -> None:
    async def failing_write() -> None:
        async with store.transaction() as tx:
            await tx.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
            assert await tx.fetchone("SELECT value FROM meta WHERE key = 'x'") is not None
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await failing_write()
    assert await store.get_meta("x") is None


UPSERT_META = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"


async def test_cancelled_writers_never_leave_the_connection_inside_a_transaction(store: Store) -> None:
    """Writers cancelled at every await point (during BEGIN, mid-body, during COMMIT)."""

    async def writer(n: int) -> None:
        async with store.transaction() as tx:
            await tx.execute(UPSERT_META, (f"k{n}", "v"))
            await tx.execute(UPSERT_META, (f"j{n}", "v"))

    for n in range(60):
        task = asyncio.ensure_future(writer(n))
        for _ in range(n % 6):
            await asyncio.sleep(0)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    async with store.transaction() as tx:
        await tx.execute("INSERT INTO meta (key, value) VALUES ('after', 'ok')")
    assert await store.get_meta("after") == "ok"
    # Every pair was written whole or not at all.
    rows = await store.fetchall("SELECT key FROM meta WHERE key != 'after'")
    keys = {row["key"] for row in rows}
    assert all((f"j{k[1:]}" in keys) == (k in keys) for k in keys if k.startswith("k"))


async def test_execute_counts_the_rows_it_changed(store: Store) -> None:
    await store.executemany(UPSERT_META, [("a", "1"), ("b", "2"), ("c", "3")])
    assert await store.execute("UPDATE meta SET value = 'x' WHERE key IN (?, ?)", ("a", "b")) == 2
    assert await store.execute("DELETE FROM meta WHERE key = ?", ("nope",)) == 0


def test_placeholders_are_rewritten_for_postgresql_outside_quotes_and_casts() -> None:
    assert translate("SELECT ? , '?', ?") == ("SELECT $1 , '?', $2", None)
    assert translate("WHERE a = :guild AND b = :user OR c = :guild AND d::text = 'x:y'") == (
        "WHERE a = $1 AND b = $2 OR c = $1 AND d::text = 'x:y'",
        ("guild", "user"),
    )
    with pytest.raises(ValueError, match="mixes"):
        translate("SELECT ?, :name")


async def test_a_postgresql_store_is_one_shared_database(postgres_url: str) -> None:
    """Two processes' stores on one database see each other's writes at once."""
    first, second = await open_store(postgres_url), await open_store(postgres_url)
    try:
        await first.set_meta("shared", "yes")
        assert await second.get_meta("shared") == "yes"
        conn = await asyncpg.connect(postgres_url)
        try:
            assert await conn.fetchval("SELECT value FROM meta WHERE key = 'shared'") == "yes"
        finally:
            await conn.close()
    finally:
        await first.close()
        await second.close()
