"""The PostgreSQL store (`DATABASE_URL=postgresql://...`): the shared database of
several bot processes, through an asyncpg pool.

Repositories write `?` (or `:name`) placeholders; they are rewritten to `$n`
once per statement text (cached), and asyncpg prepares and caches each
statement per connection, so a hot statement is parsed once. A catalog swap is
one transaction holding an advisory lock (two processes reloading at once take
turns) and uses COPY; readers keep seeing the previous catalog until it commits
(MVCC). Migrations run in one transaction under another advisory lock, so
processes starting together upgrade the schema once.

Processes tell each other what changed with NOTIFY on one channel (a catalog
swap notifies inside its transaction, so the others hear of it exactly when it
commits); each LISTENs on a connection of its own, reconnecting with backoff.
A lost server makes every query fail fast with StoreUnavailableError (one plain
line for the user); the pool opens new connections as soon as it is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from bot.store.backend import (
    ANY_TOPIC,
    Params,
    Row,
    SchemaTooNewError,
    Store,
    StoreUnavailableError,
    StoreWriteError,
    TableRows,
    redact_url,
)
from bot.store.migrations import latest_version, migrations

log = logging.getLogger(__name__)

# A connection of its own (listening), or one lent by the pool (queries): both run statements alike.
_Connection = asyncpg.Connection | PoolConnectionProxy
T = TypeVar("T")

CONNECT_TIMEOUT = 10.0  # seconds: a server that does not answer fails the start in this time
COMMAND_TIMEOUT = 60.0
POOL_MIN, POOL_MAX = 1, 10
# Advisory lock keys (any bigint, the same in every filmbot process).
MIGRATION_LOCK = 0x66696C6D_0001
CATALOG_LOCK = 0x66696C6D_0002
CHANNEL = "filmbot"
RECONNECT_BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # seconds, the last one repeating
# What a lost or refused server looks like to a query.
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
)
# A server that answers but will not keep what is written (a standby promoted away from, a full
# disk, no memory or connections left, a role without INSERT): the store, not the statement, is the
# problem, as SQLite's storage errors are for `db.Database`.
STORAGE_ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.ReadOnlySQLTransactionError,
    asyncpg.InsufficientResourcesError,
    asyncpg.InsufficientPrivilegeError,
)
# ... and a server that answers, but with an error: the listening connection reconnects on either.
_LISTEN_ERRORS: tuple[type[BaseException], ...] = (*CONNECTION_ERRORS, asyncpg.PostgresError)
_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
)


@lru_cache(maxsize=2048)
def translate(sql: str) -> tuple[str, tuple[str, ...] | None]:
    """`?` placeholders to `$1, $2 ...` (names None), or `:name` ones to `$n` (their names, in order).

    Text inside single quotes is left alone, and so is `::` (a cast)."""
    out: list[str] = []
    names: list[str] = []
    positional = 0
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch == "'":
            end = sql.find("'", i + 1)
            end = n - 1 if end < 0 else end
            out.append(sql[i : end + 1])
            i = end + 1
            continue
        if ch == "?":
            positional += 1
            out.append(f"${positional}")
        elif ch == ":" and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_") and sql[i - 1 : i] != ":":
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            name = sql[i + 1 : j]
            if name not in names:
                names.append(name)
            out.append(f"${names.index(name) + 1}")
            i = j
            continue
        else:
            out.append(ch)
        i += 1
    if positional and names:
        raise ValueError("a statement mixes ? and :name placeholders")
    return "".join(out), (tuple(names) if names else None)


def _prepare(sql: str, params: Params) -> tuple[str, list[Any]]:
    text, names = translate(sql)
    if names is None:
        return text, list(params.values() if isinstance(params, Mapping) else params)
    if not isinstance(params, Mapping):
        raise TypeError("a statement with :name placeholders takes a mapping of parameters")
    return text, [params[name] for name in names]


def _changed(status: str) -> int:
    """Rows changed, from a command status such as "INSERT 0 1" or "DELETE 3"."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


def describe_connect_error(error: BaseException, url: str) -> str:
    """One line saying why the server could not be used, naming it without the password."""
    where = redact_url(url)
    parts = urlsplit(url)
    if isinstance(error, asyncpg.InvalidPasswordError):
        return f"PostgreSQL refused the password for user {parts.username!r} at {where}: check DATABASE_URL."
    if isinstance(error, asyncpg.InvalidAuthorizationSpecificationError):
        return f"PostgreSQL refused the login at {where}: {error.args[0] if error.args else error}"
    if isinstance(error, asyncpg.InvalidCatalogNameError):
        return f"PostgreSQL has no database {parts.path.lstrip('/')!r} at {where}: create it, or fix DATABASE_URL."
    if isinstance(error, ConnectionRefusedError) or "Connect call failed" in str(error):
        return f"could not connect to PostgreSQL at {where}: connection refused (is the server running there?)."
    if isinstance(error, TimeoutError):
        return f"could not connect to PostgreSQL at {where}: no answer in {CONNECT_TIMEOUT:.0f} s."
    if isinstance(error, OSError):
        return f"could not connect to PostgreSQL at {where}: {error.strerror or error}."
    return f"could not use PostgreSQL at {where}: {type(error).__name__}: {error}"


def _without_password(text: str, url: str) -> str:
    password = urlsplit(url).password
    if password:
        for form in {password, unquote(password)}:
            text = text.replace(form, "***")
    return redact_url(text)


async def _advance_identity(conn: _Connection, table: str) -> None:
    """After rows were written with their own ids, the next generated id follows the largest."""
    sequence = await conn.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
    if sequence is not None:
        top = await conn.fetchval(f"SELECT max(id) FROM {table}")  # noqa: S608 - the store's own table names
        await conn.execute("SELECT setval($1, $2, $3)", sequence, top or 1, top is not None)


@contextlib.contextmanager
def _unavailable_as_store_error(where: str) -> Iterator[None]:
    try:
        yield
    except CONNECTION_ERRORS as error:
        raise StoreUnavailableError(f"lost the connection to PostgreSQL at {where}: {type(error).__name__}") from error


class _Transaction:
    def __init__(self, conn: _Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        text, args = _prepare(sql, params)
        return _changed(await self._conn.execute(text, *args))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        rows = list(rows)
        if rows:
            text = translate(sql)[0]
            await self._conn.executemany(text, [_prepare(sql, row)[1] for row in rows])

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        text, args = _prepare(sql, params)
        return await self._conn.fetchrow(text, *args)

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        text, args = _prepare(sql, params)
        return list(await self._conn.fetch(text, *args))


class PostgresStore(Store):
    backend = "postgresql"

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self.url = url
        self.where = redact_url(url)
        self._origin = secrets.token_hex(8)  # this store, to skip our own announcements
        self._callbacks: list[Callable[[str], Awaitable[None]]] = []
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        self._tasks: set[asyncio.Future[None]] = set()

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True) -> PostgresStore:
        """Connect (a pool) and bring the schema up to date; StoreError with one line if not possible."""
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=POOL_MIN,
                max_size=POOL_MAX,
                timeout=CONNECT_TIMEOUT,
                command_timeout=COMMAND_TIMEOUT,
                server_settings={"application_name": "filmbot"},
            )
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as error:
            raise StoreUnavailableError(_without_password(describe_connect_error(error, url), url)) from None
        store = cls(pool, url)
        try:
            if migrate:
                await store.migrate()
        except BaseException:
            await store.close()
            raise
        return store

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)
            self._listener = None
        try:
            await asyncio.wait_for(self._pool.close(), timeout=10)
        except TimeoutError:
            self._pool.terminate()

    async def migrate(self) -> int:
        """Apply the pending migrations, all in one transaction; returns the version."""
        latest = latest_version(self.backend)
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await conn.execute(_MIGRATIONS_TABLE)
            version = int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))
            if version > latest:
                raise SchemaTooNewError(
                    f"the database at {self.where} is at schema version {version}, this filmbot knows up to"
                    f" {latest}: upgrade filmbot"
                )
            for migration in migrations(self.backend)[version:]:
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", migration.number, migration.name
                )
                log.info("applied migration %04d_%s", migration.number, migration.name)
        return latest

    async def schema_version(self) -> int:
        async with self._pool.acquire() as conn:
            if await conn.fetchval("SELECT to_regclass('schema_migrations')") is None:
                return 0
            return int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        text, args = _prepare(sql, params)
        with _unavailable_as_store_error(self.where):
            return list(await self._pool.fetch(text, *args))

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        text, args = _prepare(sql, params)
        with _unavailable_as_store_error(self.where):
            return await self._pool.fetchrow(text, *args)

    async def execute(self, sql: str, params: Params = ()) -> int:
        text, args = _prepare(sql, params)
        with self._writing():
            return _changed(await self._pool.execute(text, *args))

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """A write: its failure for the store's sake counts in `writes` (shown by /admin status and
        to players) and comes out as StoreWriteError, a lost server as StoreUnavailableError."""
        try:
            with _unavailable_as_store_error(self.where):
                yield
        except StoreUnavailableError as error:
            self.writes.failed(error)
            raise
        except STORAGE_ERRORS as error:
            self.writes.failed(error)
            log.warning("a database write failed (%d in a row): %s", self.writes.failures, error)
            raise StoreWriteError(f"the database is not accepting writes: {error}") from error
        self.writes.succeeded()

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as tx:
            await tx.executemany(sql, rows)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Transaction]:
        """One pooled connection in BEGIN ... COMMIT; rolled back on any error or cancellation
        (asyncpg's transaction block), and the connection is reset before it goes back to the pool."""
        with self._writing():
            async with self._pool.acquire() as conn, conn.transaction():
                yield _Transaction(conn)

    async def replace_tables(
        self, clear: Sequence[str], tables: Sequence[TableRows], *, announce: str | None = None
    ) -> None:
        with self._writing():
            await self._replace_tables(clear, tables, announce)

    async def _replace_tables(self, clear: Sequence[str], tables: Sequence[TableRows], announce: str | None) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", CATALOG_LOCK)
            for table in clear:
                # DELETE, not TRUNCATE: TRUNCATE would block every reader until the commit.
                await conn.execute(f"DELETE FROM {table}")  # noqa: S608 - the store's own table names
            for part in tables:
                await conn.copy_records_to_table(part.table, columns=list(part.columns), records=part.rows)
                if "id" in part.columns:
                    await _advance_identity(conn, part.table)
            if announce is not None:
                await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, self._message(announce))  # sent at COMMIT

    async def read_consistent(self, queries: Sequence[str], consume: Callable[..., T]) -> T:
        with _unavailable_as_store_error(self.where):
            async with self._pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
                results = [await conn.fetch(sql) for sql in queries]
        return await asyncio.to_thread(consume, *results)

    # announcements between processes --------------------------------------------------------

    def _message(self, topic: str) -> str:
        return json.dumps({"origin": self._origin, "topic": topic})

    async def announce(self, topic: str) -> None:
        await self.execute("SELECT pg_notify(?, ?)", (CHANNEL, self._message(topic)))

    def on_announcement(self, callback: Callable[[str], Awaitable[None]]) -> None:
        self._callbacks.append(callback)

    async def listen(self) -> None:
        """Connect the listening connection now (so a start fails early), then keep it in the background."""
        if self._listener is None:
            with _unavailable_as_store_error(self.where):
                connection, lost = await self._listen_connection()
            self._listener = asyncio.create_task(self._keep_listening(connection, lost), name="filmbot-listen")

    @property
    def listening(self) -> bool:
        """Whether announcements are being received right now (False while reconnecting)."""
        return self._listening.is_set()

    async def _listen_connection(self) -> tuple[asyncpg.Connection, asyncio.Event]:
        """A connection of its own, LISTENing; the event is set when it is lost."""
        lost = asyncio.Event()
        conn = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT, server_settings={"application_name": "filmbot"})
        conn.add_termination_listener(lambda _conn: lost.set())
        await conn.add_listener(CHANNEL, self._heard)
        self._listening.set()
        return conn, lost

    async def _keep_listening(self, conn: asyncpg.Connection, lost: asyncio.Event) -> None:
        while True:
            while not lost.is_set():
                # A dead TCP peer may never close the socket: check it now and then.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), timeout=5.0)
                if not lost.is_set():
                    try:
                        await asyncio.wait_for(conn.execute("SELECT 1"), timeout=5.0)
                    except _LISTEN_ERRORS:
                        lost.set()
            self._listening.clear()
            conn.terminate()
            log.warning("lost the PostgreSQL listening connection; reconnecting")
            conn, lost = await self._reconnect()
            log.info("listening again on PostgreSQL: refreshing what may have changed meanwhile")
            self._dispatch(ANY_TOPIC)

    async def _reconnect(self) -> tuple[asyncpg.Connection, asyncio.Event]:
        for attempt in range(1_000_000):
            delay = RECONNECT_BACKOFF[min(attempt, len(RECONNECT_BACKOFF) - 1)]
            await asyncio.sleep(delay)
            try:
                return await self._listen_connection()
            except _LISTEN_ERRORS as error:
                log.info("PostgreSQL is still unreachable (%s); next try in a while", type(error).__name__)
        raise StoreUnavailableError(f"PostgreSQL at {self.where} stayed unreachable")

    def _heard(self, _conn: object, _pid: int, _channel: str, payload: object) -> None:
        try:
            if not isinstance(payload, str):  # asyncpg passes the payload's text
                raise TypeError(type(payload).__name__)
            message = json.loads(payload)
            origin, topic = message["origin"], str(message["topic"])
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a malformed announcement on %s", CHANNEL)
            return
        if origin != self._origin:  # our own change is already applied here
            self._dispatch(topic)

    def _dispatch(self, topic: str) -> None:
        for callback in self._callbacks:
            task = asyncio.ensure_future(callback(topic))
            self._tasks.add(task)
            task.add_done_callback(self._callback_done)

    def _callback_done(self, task: asyncio.Future[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("refreshing after an announcement failed", exc_info=task.exception())
