"""The SQLite store, the embedded default: one aiosqlite connection for the event
loop, plus plain sqlite3 connections for heavy work in threads (a reload writes
the catalog off the event loop; WAL lets readers keep answering from the old
snapshot until the reload commits).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.store.backend import Params, Row, SchemaTooNewError, Store, StoreWriteError, TableRows, WriteHealth
from bot.store.migrations import latest_version, migrations

__all__ = [
    "Database",
    "DatabaseNotWritableError",
    "SchemaTooNewError",
    "StoreWriteError",
    "check_writable",
    "connect_sync",
    "migrate_sync",
]

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 30_000
T = TypeVar("T")


class DatabaseNotWritableError(RuntimeError):
    """The database cannot be written (read-only file or folder, full disk): one line for the user."""


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


def schema_version_sync(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate_sync(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; returns the version. Each step is atomic.

    `PRAGMA user_version` is the number of the last migration file applied, so a
    database from before the files existed (user_version 1) carries on from 0002."""
    version = schema_version_sync(conn)
    latest = latest_version("sqlite")
    if version > latest:
        raise SchemaTooNewError(
            f"the database is at schema version {version}, this filmbot knows up to {latest}: upgrade filmbot"
        )
    for migration in migrations("sqlite")[version:]:
        # executescript commits first, so wrap the step in its own transaction.
        conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version={migration.number};\nCOMMIT;")
    return latest


class _Rows:
    """A query run when first iterated, so `read_consistent` hands out rows lazily, in order."""

    def __init__(self, conn: sqlite3.Connection, sql: str) -> None:
        self._conn = conn
        self._sql = sql

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        yield from self._conn.execute(self._sql)


class _Transaction:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        cursor = await self._conn.execute(sql, params)
        changed = cursor.rowcount
        await cursor.close()
        return changed

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())


def replace_tables_sync(conn: sqlite3.Connection, clear: Sequence[str], tables: Sequence[TableRows]) -> None:
    """One IMMEDIATE transaction; if the process dies midway SQLite rolls it back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in clear:
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - the store's own table names, no user input
        for part in tables:
            marks = ", ".join("?" for _ in part.columns)
            conn.executemany(
                f"INSERT INTO {part.table} ({', '.join(part.columns)}) VALUES ({marks})",  # noqa: S608 - as above
                part.rows,
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class Database(Store):
    """The SQLite store. Writes go through `transaction()` or `execute()`,
    serialised by a lock so two coroutines never interleave statements inside
    one transaction."""

    backend = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self.where = str(path)
        self._write_lock = asyncio.Lock()
        self._writes = WriteHealth()

    @classmethod
    async def open(cls, path: Path | str, *, migrate: bool = True) -> Database:
        path = Path(path)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        if migrate:
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

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def execute(self, sql: str, params: Params = ()) -> int:
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
    async def transaction(self) -> AsyncIterator[_Transaction]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error or cancellation.

        The BEGIN is inside the try: a task cancelled while awaiting it may still
        have begun the transaction on the connection's thread, and must not
        leave it open for every later write to fail on.
        """
        async with self._write_lock:
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                yield _Transaction(self._conn)
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
        async with self.transaction() as tx:
            await tx.executemany(sql, rows)

    async def replace_tables(
        self, clear: Sequence[str], tables: Sequence[TableRows], *, announce: str | None = None
    ) -> None:
        # The write runs on a connection of its own in a thread, holding the write lock: the
        # bot's own writes (reviews, scores) then wait on the event loop instead of blocking
        # the aiosqlite thread, and with it every read, on SQLite's busy timeout.
        async with self._write_lock:
            try:
                await asyncio.to_thread(self._replace_in_thread, clear, tables)
            except BaseException as error:
                self._write_failed(error)
                raise
            self.writes.succeeded()

    def _replace_in_thread(self, clear: Sequence[str], tables: Sequence[TableRows]) -> None:
        conn = connect_sync(self.path)
        try:
            replace_tables_sync(conn, clear, tables)
        finally:
            conn.close()

    async def read_consistent(self, queries: Sequence[str], consume: Callable[..., T]) -> T:
        return await asyncio.to_thread(self._read_in_thread, queries, consume)

    def _read_in_thread(self, queries: Sequence[str], consume: Callable[..., T]) -> T:
        conn = connect_sync(self.path)
        try:
            conn.execute("BEGIN")
            try:
                return consume(*(_Rows(conn, sql) for sql in queries))
            finally:
                conn.execute("COMMIT")
        finally:
            conn.close()

    # One process owns a SQLite store: nobody else to tell, nobody to hear from.

    async def announce(self, topic: str) -> None:
        return None

    def on_announcement(self, callback: Callable[[str], Awaitable[None]]) -> None:
        return None

    async def listen(self) -> None:
        return None

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
