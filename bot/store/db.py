"""The SQLite store: one aiosqlite connection for the event loop, plus plain
sqlite3 connections for heavy work in threads (a reload writes the catalog
off the event loop; WAL lets readers keep answering from the old snapshot
until the reload commits).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.migrations import MIGRATIONS

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
Params = Sequence[Any] | dict[str, Any]


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer filmbot; refuse rather than damage it."""


class DatabaseNotWritableError(RuntimeError):
    """The database cannot be written (read-only file or folder, full disk): one line for the user."""


class StoreWriteError(RuntimeError):
    """A write failed because the database is not accepting writes (read-only, full, locked,
    an I/O error), not because of what was written. Nothing of that write was kept."""


SQLITE_BUSY = 5
WRITE_CHECK_WAIT = 2.0  # seconds the start-up check waits for another process's write

# SQLite's primary result codes that mean the store, not the statement, is the problem.
_STORAGE_ERRORS = {
    3,  # SQLITE_PERM
    5,  # SQLITE_BUSY (after busy_timeout)
    6,  # SQLITE_LOCKED
    8,  # SQLITE_READONLY
    10,  # SQLITE_IOERR
    11,  # SQLITE_CORRUPT
    13,  # SQLITE_FULL
    14,  # SQLITE_CANTOPEN
    26,  # SQLITE_NOTADB
}


def is_storage_error(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.Error) and code is not None and code & 0xFF in _STORAGE_ERRORS


@dataclass(slots=True)
class WriteHealth:
    """How the bot's writes are going: shown by /admin status, and to players when failing."""

    failing_since: float | None = None  # time.time() of the first failure in a row
    failures: int = 0  # failed writes in a row
    last_error: str | None = None

    @property
    def failing(self) -> bool:
        return self.failing_since is not None

    def failed(self, error: BaseException) -> None:
        if self.failing_since is None:
            self.failing_since = time.time()
        self.failures += 1
        self.last_error = str(error)

    def succeeded(self) -> None:
        self.failing_since, self.failures, self.last_error = None, 0, None


def check_writable(path: Path | str) -> None:
    """Raise `DatabaseNotWritableError` unless a write to the database at `path` would land.

    The write (a table created) is inside a transaction that is rolled back: nothing changes.
    A missing file is created, as the bot would create it.
    """
    path = Path(path)
    try:
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=WRITE_CHECK_WAIT)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseNotWritableError(_not_writable(path, error)) from error
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TABLE filmbot_write_check (x)")
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF == SQLITE_BUSY:
            return  # another process (the running bot) is writing: writable, only busy
        raise DatabaseNotWritableError(_not_writable(path, error)) from error
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        conn.close()


def _not_writable(path: Path, error: BaseException) -> str:
    return (
        f"the database {path} cannot be written ({error}): scores and reviews would be lost. "
        "Make the file and its folder writable by the bot's user, or free disk space, then start again."
    )


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
        self.writes = WriteHealth()

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
            try:
                cursor = await self._conn.execute(sql, params)
            except sqlite3.Error as error:
                self._write_failed(error)
                raise
            changed = cursor.rowcount
            await cursor.close()
            self.writes.succeeded()
            return changed

    def _write_failed(self, error: BaseException) -> None:
        """Note a failed write; one the store refused (not the statement) becomes a StoreWriteError."""
        if is_storage_error(error):
            self.writes.failed(error)
            log.warning("a database write failed (%d in a row): %s", self.writes.failures, error)
            raise StoreWriteError(f"the database is not accepting writes: {error}") from error

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
            except BaseException as error:
                await asyncio.shield(self._rollback())
                self._write_failed(error)
                raise
            self.writes.succeeded()

    async def _rollback(self) -> None:
        # Not guarded by `in_transaction`: a cancelled BEGIN may still be queued on
        # aiosqlite's thread, and this ROLLBACK, queued after it, runs after it.
        with contextlib.suppress(sqlite3.OperationalError):  # "no transaction is active"
            await self._conn.execute("ROLLBACK")

    @asynccontextmanager
    async def write_lock(self) -> AsyncIterator[None]:
        """Hold the write lock (no write of this connection interleaves) without a transaction.

        For writes made another way meanwhile (a reload's thread): a store failure among them
        counts in `writes` and comes out as a StoreWriteError, like the connection's own."""
        async with self._write_lock:
            try:
                yield
            except BaseException as error:
                self._write_failed(error)
                raise

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
