"""Several processes on one PostgreSQL: a catalog swap in one is heard by the others at its commit
(LISTEN/NOTIFY), and a store cut off from the server fails plainly, then reconnects and resyncs.

Each "process" here is a store (or all the services) of its own in this test process: its own
pool, its own listening connection, exactly what a second bot process would have. The e2e tests
run real processes."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bot.app.host.client import FilmBot
from bot.app.host.local_discord import LocalDiscord
from bot.config import Settings
from bot.model import MergedFilm
from bot.runtime import Services, open_services
from bot.store import catalog as catalog_repo
from bot.store.backend import ANY_TOPIC, CATALOG_TOPIC, StoreUnavailableError, TableRows
from bot.store.factory import open_store
from bot.store.migrations import CATALOG_TABLES
from bot.store.postgres import PostgresStore
from tests.conftest import SEED_DATA, TEST_DOCUMENTS
from tests.helpers import answer, ephemeral, text_of

WITHIN = 5.0  # seconds: the bound for another process to serve a reload


class Heard:
    """The topics a store was told about, in order, with a way to wait for the next."""

    def __init__(self) -> None:
        self.topics: list[str] = []
        self._changed = asyncio.Event()

    async def __call__(self, topic: str) -> None:
        self.topics.append(topic)
        self._changed.set()

    async def wait_for(self, topic: str, within: float = WITHIN) -> None:
        async with asyncio.timeout(within):
            while topic not in self.topics:
                self._changed.clear()
                await self._changed.wait()


async def eventually(predicate: Callable[[], bool], within: float = WITHIN) -> None:
    """Wait until `predicate()` holds (state another task changes, with no event to wait on)."""
    async with asyncio.timeout(within):
        while not predicate():  # noqa: ASYNC110 - polling state owned by the code under test
            await asyncio.sleep(0.05)


class Proxy:
    """A TCP relay on 127.0.0.1 in front of the server, to cut a store off and let it back."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        self._pipes.update((writer, upstream_writer))

        async def pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pump(reader, upstream_writer), pump(upstream_reader, writer))

    async def cut(self) -> None:
        """Refuse new connections and drop the open ones (the server went away)."""
        assert self._server is not None
        self._server.close()
        for pipe in list(self._pipes):
            pipe.transport.abort()
        self._pipes.clear()
        await self._server.wait_closed()

    def url(self, database_url: str) -> str:
        parts = urlsplit(database_url)
        netloc = f"{parts.username}:{parts.password}@127.0.0.1:{self.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _film(slug: str, title: str) -> MergedFilm:
    return MergedFilm(slug, title, [title])


async def test_a_swap_is_heard_by_the_other_processes_not_by_its_own(postgres_url: str) -> None:
    first, second = await open_store(postgres_url), await open_store(postgres_url)
    heard_first, heard_second = Heard(), Heard()
    first.on_announcement(heard_first)
    second.on_announcement(heard_second)
    try:
        await first.listen()
        await second.listen()
        await catalog_repo.replace_catalog(first, [_film("tide-clock", "Tide Clock")], [], [])
        await heard_second.wait_for(CATALOG_TOPIC)
        assert (await catalog_repo.film_row(second, "tide-clock")) is not None, "told only after the commit"
        await asyncio.sleep(0.3)
        assert heard_first.topics == [], "a process does not hear its own change"
    finally:
        await first.close()
        await second.close()


async def test_a_swap_that_fails_tells_nobody(postgres_url: str) -> None:
    first, second = await open_store(postgres_url), await open_store(postgres_url)
    heard = Heard()
    second.on_announcement(heard)
    try:
        await second.listen()

        def rows():
            yield ("a", "A", "a", "2000")
            raise RuntimeError("disk full")

        with pytest.raises(RuntimeError):
            await first.replace_tables(
                CATALOG_TABLES,
                [TableRows("films", ("slug", "title", "title_fold", "year_text"), rows())],
                announce=CATALOG_TOPIC,
            )
        await first.announce("probe")  # announcements arrive in order: once this is here, nothing else came
        await heard.wait_for("probe")
        assert heard.topics == ["probe"]
    finally:
        await first.close()
        await second.close()


async def test_a_store_cut_off_fails_plainly_then_reconnects_and_resyncs(postgres_url: str) -> None:
    parts = urlsplit(postgres_url)
    proxy = Proxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    await proxy.start()
    writer = await open_store(postgres_url)
    cut_off = await open_store(proxy.url(postgres_url))
    assert isinstance(cut_off, PostgresStore)
    heard = Heard()
    cut_off.on_announcement(heard)
    try:
        await cut_off.listen()
        await cut_off.set_meta("before", "1")
        await proxy.cut()
        with pytest.raises(StoreUnavailableError, match="lost the connection to PostgreSQL") as raised:
            await cut_off.get_meta("before")
        assert parts.password is None or parts.password not in str(raised.value)
        await eventually(lambda: not cut_off.listening, within=15)
        await catalog_repo.replace_catalog(writer, [_film("missed", "Missed While Away")], [], [])
        await proxy.start()  # the server is back (same address)
        await heard.wait_for(ANY_TOPIC, within=20)  # after a reconnect: refresh everything
        assert cut_off.listening
        assert await cut_off.get_meta("before") == "1"
        await catalog_repo.replace_catalog(writer, [_film("after", "After The Cut")], [], [])
        await heard.wait_for(CATALOG_TOPIC)
    finally:
        await writer.close()
        await cut_off.close()
        with contextlib.suppress(Exception):
            await proxy.cut()


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(SEED_DATA, root)
    return root


@pytest.fixture
async def two_processes(data_root: Path, postgres_url: str, tmp_path: Path) -> AsyncIterator[tuple[Services, Services]]:
    """The services of two bot processes on one PostgreSQL."""
    settings = Settings(db_path=tmp_path / "unused.db", data_dir=data_root, database_url=postgres_url)
    first = await open_services(settings)
    second = await open_services(settings)
    yield first, second
    await first.close()
    await second.close()


async def test_a_reload_in_one_process_is_served_by_the_other_within_seconds(
    two_processes: tuple[Services, Services], data_root: Path
) -> None:
    first, second = two_processes
    name = "103_copper_saints_header.txt"
    shutil.copy(TEST_DOCUMENTS / name, data_root / "documents" / name)
    assert second.catalog.resolve_film_slug("Copper Saints") is None
    report = await first.admin.reload(None, None)
    assert report.applied
    await eventually(lambda: second.catalog.resolve_film_slug("Copper Saints") is not None)
    film = await second.catalog.find_film("Copper Saints")
    assert film.found is not None
    status_first = await first.admin.status(None)
    status_second = await second.admin.status(None)
    assert status_first.counts == status_second.counts
    assert [s.sha256 for s in status_first.sources] == [s.sha256 for s in status_second.sources]


async def test_a_bot_cut_off_from_postgresql_answers_what_it_holds_and_says_plainly_what_it_cannot(
    data_root: Path, postgres_url: str, tmp_path: Path
) -> None:
    parts = urlsplit(postgres_url)
    proxy = Proxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    await proxy.start()
    settings = Settings(db_path=tmp_path / "unused.db", data_dir=data_root, database_url=proxy.url(postgres_url))
    local = LocalDiscord(FilmBot(settings))
    await local.start()
    try:
        card = text_of(answer(await local.command("/film info title:Ballerina")))  # now cached in memory
        await proxy.cut()
        assert text_of(answer(await local.command("/film info title:Ballerina"))) == card
        choices = await local.autocomplete("/film info title:bal")
        assert any("Ballerina" in choice["name"] for choice in choices)
        refused = answer(await local.command("/review show film:Ballerina"))
        assert ephemeral(refused)
        text = text_of(refused)
        assert "can't reach my database" in text and "try again" in text
        assert (parts.password or "no password") not in text
        await proxy.start()
        reviews = await local.command("/review show film:Ballerina")
        assert "can't reach" not in text_of(answer(reviews)), "the pool reconnects on its own"
    finally:
        await local.close()
        with contextlib.suppress(Exception):
            await proxy.cut()
