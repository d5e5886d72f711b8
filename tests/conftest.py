"""Shared fixtures: settings pointing at a temporary database, and the bot
behind the local Discord stand-in (the same command tree `filmbot run` uses)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app.client import FilmBot
from bot.app.local import LocalDiscord
from bot.config import Settings

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
