"""Fixtures: a fake Discord on 127.0.0.1 and the real bot (`python -m bot run`) as a subprocess.

`fake` and `bot` are module-scoped (one bot process per test module keeps the
suite fast); tests about the bot's own life (restart, bad token, SIGTERM) start
their own with `launch()`. Every async e2e test runs in the one session event
loop, so module-scoped async fixtures can be shared.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.process import PROJECT_ROOT, BotProcess, kill_leftovers, launch


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if pytest_asyncio.is_async_test(item) and here in Path(item.path).parents:
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)


@pytest.fixture(scope="session", autouse=True)
def no_leftover_bots() -> Iterator[None]:
    """A test that fails before stopping its bot must not leave the process behind."""
    yield
    kill_leftovers()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled corpus, so nothing a test does can touch data/."""
    target = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(PROJECT_ROOT / "data", target)
    return target


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def bot(fake: FakeDiscord, tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> AsyncIterator[BotProcess]:
    """The real bot, connected to `fake` and READY, for the whole module."""
    process = await launch(fake, tmp_path_factory.mktemp("bot"), data_dir)
    yield process
    await process.stop()
