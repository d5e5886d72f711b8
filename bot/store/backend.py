"""What the repositories need of a database, whichever it is.

Two backends implement `Store`: SQLite (`bot.store.db`, the embedded default)
and PostgreSQL (`bot.store.postgres`, chosen by `DATABASE_URL`); `bot.store.factory`
opens the one a target names (this module imports neither). Repositories
write portable SQL with `?` placeholders (or `:name` ones with a dict); the
PostgreSQL backend rewrites them to `$n`. What differs (bulk writes, consistent
bulk reads, migrations) sits behind the methods below, so the repositories hold
the logic once.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import unquote, urlsplit

Params = Sequence[Any] | Mapping[str, Any]
T = TypeVar("T")


class Row(Protocol):
    """A result row: by column name or position (sqlite3.Row and asyncpg.Record both are)."""

    def __getitem__(self, key: str | int, /) -> Any: ...

    def keys(self) -> Iterable[str]: ...


class StoreError(RuntimeError):
    """The store cannot be used; the message is one line for the operator, with no password."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer filmbot; refuse rather than damage it."""


class StoreWriteError(StoreError):
    """A write failed because the database is not accepting writes (read-only, full, locked,
    an I/O error), not because of what was written. Nothing of that write was kept."""


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


class StoreUnavailableError(StoreError):
    """The database server cannot be reached or refused us (address, password, database name)."""


@dataclass(frozen=True, slots=True)
class TableRows:
    """Rows for one table of a bulk write: `columns` name the values of each row, in order."""

    table: str
    columns: tuple[str, ...]
    rows: Iterable[Sequence[Any]]


class Transaction(Protocol):
    """Statements inside one transaction (see `Store.transaction`)."""

    async def execute(self, sql: str, params: Params = ()) -> int: ...

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None: ...

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...


class Store(ABC):
    """A database the repositories read and write. `backend` is "sqlite" or "postgresql";
    `where` says which database, for messages (never with a password)."""

    backend: str
    where: str

    @property
    def writes(self) -> WriteHealth:
        """How this store's writes are going: each store records its failing writes here."""
        health = getattr(self, "_writes", None)
        if health is None:
            health = self._writes = WriteHealth()
        return health

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abstractmethod
    async def fetchone(self, sql: str, params: Params = ()) -> Row | None: ...

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one write statement (autocommitted); returns the rows changed."""

    @abstractmethod
    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        """Run one statement per row, all in one transaction."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """BEGIN ... COMMIT, rolled back on any error or cancellation."""

    @abstractmethod
    async def replace_tables(
        self, clear: Sequence[str], tables: Sequence[TableRows], *, announce: str | None = None
    ) -> None:
        """Empty the `clear` tables and write `tables` in one transaction: all of it or none.

        Rows may be generated lazily; the backend consumes them off the event loop
        where it can (SQLite writes in a thread). `announce`: a topic told to the other
        processes sharing the store when (and only if) the transaction commits."""

    @abstractmethod
    async def read_consistent(self, queries: Sequence[str], consume: Callable[..., T]) -> T:
        """Run `queries` in one read snapshot and return `consume(rows_1, rows_2, ...)`.

        Each rows_i iterates the tuples of query i. `consume` runs in a thread (it
        may be seconds of CPU for a large catalog); iterate the arguments in order."""

    # Other processes sharing this store (PostgreSQL): what changed, so they refresh what they
    # hold in memory. SQLite is one process's store, and these do nothing there.

    @abstractmethod
    async def announce(self, topic: str) -> None:
        """Tell the other processes that `topic` changed (delivered at once, or at the commit)."""

    @abstractmethod
    def on_announcement(self, callback: Callable[[str], Awaitable[None]]) -> None:
        """Call `callback(topic)` for each topic another process announces, and with ANY_TOPIC
        after a lost connection came back (announcements may have been missed meanwhile)."""

    @abstractmethod
    async def listen(self) -> None:
        """Start receiving announcements (in the background, reconnecting with backoff)."""

    async def get_meta(self, key: str) -> str | None:
        row = await self.fetchone("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def set_meta(self, key: str, value: str) -> None:
        await self.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


ANY_TOPIC = "*"
CATALOG_TOPIC = "catalog"
POSTGRES_SCHEMES = ("postgresql", "postgres")
_PASSWORD_PARAMETER = re.compile(r"(password=)[^&]*", re.IGNORECASE)
_USERINFO_PASSWORD = re.compile(r":[^:@/]*@")


def is_postgres_url(target: str | Path) -> bool:
    return isinstance(target, str) and urlsplit(target).scheme in POSTGRES_SCHEMES


def redact_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs; works on malformed URLs too."""
    url = _PASSWORD_PARAMETER.sub(r"\1***", url)
    scheme, sep, rest = url.partition("://")
    if not sep:
        return _USERINFO_PASSWORD.sub(":***@", url)
    netloc, slash, tail = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{hostport}{slash}{tail}"


def database_secrets(url: str | None) -> list[str]:
    """The password of a database URL (as written and decoded), to keep out of logs."""
    if not url:
        return []
    try:
        password = urlsplit(url).password
    except ValueError:
        return []
    return sorted({password, unquote(password)}, key=len, reverse=True) if password else []
