"""Shared fixtures: settings pointing at a temporary database, and the bot
behind the local Discord stand-in (the same command tree `filmbot run` uses)."""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.app.host.client import FilmBot
from bot.app.host.local_discord import LocalDiscord
from bot.config import Settings
from bot.store.backend import Store, redact_url
from bot.store.factory import open_store

PROJECT = Path(__file__).resolve().parent.parent
SEED_DATA = PROJECT / "data"
TEST_DOCUMENTS = PROJECT / "tests" / "data"


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    def make(data_dir: Path = SEED_DATA, db_name: str = "filmbot.db") -> Settings:
        return Settings(db_path=tmp_path / db_name, data_dir=data_dir)

    return make


@pytest.fixture
def data_dir_of(tmp_path: Path) -> Callable[[list[Path]], Path]:
    """A data folder (documents/ and packs/) holding copies of the given documents."""

    def make(documents: list[Path]) -> Path:
        root = tmp_path / "data"
        (root / "documents").mkdir(parents=True, exist_ok=True)
        (root / "packs").mkdir(exist_ok=True)
        for document in documents:
            shutil.copy(document, root / "documents" / document.name)
        return root

    return make


@pytest.fixture
async def seed_bot(make_settings: Callable[..., Settings]) -> AsyncIterator[LocalDiscord]:
    """The bot on the bundled corpus, driven like Discord drives it."""
    local = LocalDiscord(FilmBot(make_settings()))
    await local.start()
    yield local
    await local.close()


# --- the store on either backend -----------------------------------------------------------------

POSTGRES_URL_VARIABLE = "FILMBOT_TEST_DATABASE_URL"
NO_POSTGRES = (
    f"{POSTGRES_URL_VARIABLE} is not set: the PostgreSQL half of the store tests is SKIPPED"
    " (bash scripts/test.sh starts a throw-away PostgreSQL server and sets it)"
)
BACKENDS = ["sqlite", "postgresql"]


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    return f"PostgreSQL for the store tests: {redact_url(url)}" if url else f"!!! {NO_POSTGRES} !!!"


def _run_async(make: Callable[[], Any]) -> Any:
    """Run a coroutine to its end on a loop of its own (fixtures that set up PostgreSQL databases
    are synchronous, so any test, sync or async, can use them)."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(make())
        except BaseException as error:
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@pytest.fixture
def postgres_server() -> str:
    """The test server's URL (its maintenance database), or a loud skip."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(NO_POSTGRES)
    return url


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[Callable[[], str]]:
    """Makes fresh, empty databases on the test server (the URL of each); all dropped afterwards."""
    made: list[str] = []

    async def create(name: str) -> None:
        conn = await asyncpg.connect(postgres_server)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    async def drop() -> None:
        conn = await asyncpg.connect(postgres_server)
        try:
            for name in made:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    def make() -> str:
        name = f"filmbot_test_{uuid.uuid4().hex[:16]}"
        _run_async(lambda: create(name))
        made.append(name)
        return _with_database(postgres_server, name)

    yield make
    if made:
        _run_async(drop)


@pytest.fixture
def postgres_url(postgres_database: Callable[[], str]) -> str:
    """One fresh, empty PostgreSQL database."""
    return postgres_database()


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a fresh store lives, once per backend: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "store.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def store(store_target: str | Path) -> AsyncIterator[Store]:
    """A fresh store at the latest schema, on each backend."""
    db = await open_store(store_target)
    yield db
    await db.close()
