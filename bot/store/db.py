"""The SQLite store: one aiosqlite connection for the event loop, plus plain
sqlite3 connections for heavy work in threads (a reload writes the catalog
off the event loop; WAL lets readers keep answering from the old snapshot
until the reload commits).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.migrations import MIGRATIONS

BUSY_TIMEOUT_MS = 30_000
Params = Sequence[Any] | dict[str, Any]


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer filmbot; refuse rather than damage it."""


def _pragmas() -> tuple[str, ...]:
    return (
        "PRAGMA journal_mode=WAL",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        "PRAGMA synchronous=NORMAL",
    )


def connect_sync(path: Path | str) -> sqlite3.Connection:
    """A plain connection with the same settings, for work done in a thread."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in _pragmas():
        conn.execute(pragma)
    return conn


def migrate_sync(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; returns the version. Each step is atomic."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise SchemaTooNewError(f"the database is at schema version {version}, this filmbot knows {len(MIGRATIONS)}")
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        # executescript commits first, so wrap the step in its own transaction.
        conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")
    return len(MIGRATIONS)


class Database:
    """The bot's connection. Writes go through `transaction()` or `execute()`,
    serialised by a lock so two coroutines never interleave statements inside
    one transaction."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        path = Path(path)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        # Migrate with a plain connection first: simple, and safe before anything reads.
        sync_conn = await asyncio.to_thread(connect_sync, path)
        try:
            await asyncio.to_thread(migrate_sync, sync_conn)
        finally:
            sync_conn.close()
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        conn.row_factory = sqlite3.Row
        for pragma in _pragmas():
            await conn.execute(pragma)
        return cls(conn, path)

    async def close(self) -> None:
        async with self._write_lock:
            await self._conn.close()

    async def schema_version(self) -> int:
        row = await self.fetchone("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def fetchall(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement (autocommitted); returns the rows changed."""
        async with self._write_lock:
            cursor = await self._conn.execute(sql, params)
            changed = cursor.rowcount
            await cursor.close()
            return changed

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error or cancellation.

        The BEGIN is inside the try: a task cancelled while awaiting it may still
        have begun the transaction on the connection's thread, and must not
        leave it open for every later write to fail on.
        """
        async with self._write_lock:
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                await self._conn.execute("COMMIT")
            except BaseException:
                await asyncio.shield(self._rollback())
                raise

    async def _rollback(self) -> None:
        # Not guarded by `in_transaction`: a cancelled BEGIN may still be queued on
        # aiosqlite's thread, and this ROLLBACK, queued after it, runs after it.
        with contextlib.suppress(sqlite3.OperationalError):  # "no transaction is active"
            await self._conn.execute("ROLLBACK")

    @asynccontextmanager
    async def write_lock(self) -> AsyncIterator[None]:
        """Hold the write lock (no write of this connection interleaves) without a transaction."""
        async with self._write_lock:
            yield

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def get_meta(self, key: str) -> str | None:
        row = await self.fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def set_meta(self, key: str, value: str) -> None:
        await self.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    async def backup(self, target: Path | str) -> None:
        """Copy the live database with SQLite's online backup API (consistent while in use)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Opened and closed in different worker threads, hence check_same_thread=False.
        destination = await asyncio.to_thread(sqlite3.connect, str(target), check_same_thread=False)
        try:
            async with self._write_lock:
                await self._conn.backup(destination)
        finally:
            await asyncio.to_thread(destination.close)

    def connect_sync(self) -> sqlite3.Connection:
        return connect_sync(self.path)
