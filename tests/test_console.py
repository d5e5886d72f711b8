"""The terminal console: readable text, stable button numbers, clicks that act."""

from __future__ import annotations

import io
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app.client import FilmBot
from bot.app.console import Console, format_message, plain
from bot.app.local import LocalDiscord
from bot.config import Settings
from bot.model import DocumentRecord, MergedFilm
from bot.store.catalog import replace_catalog
from bot.store.db import Database


def test_plain_drops_markup_but_keeps_escaped_characters() -> None:
    assert plain("**Bold** and *italic* and \\*stars\\* and 5 \\* 3") == "Bold and italic and *stars* and 5 * 3"
    assert plain("@\u200beveryone") == "@everyone"
    soon = int(time.time()) + 30
    assert plain(f"closes <t:{soon}:R>") in ("closes in 30 s", "closes in 29 s")


def test_format_message_shows_embeds_and_numbered_buttons() -> None:
    payload = {
        "content": "",
        "flags": 64,
        "embeds": [
            {"title": "T", "description": "D", "fields": [{"name": "F", "value": "V"}], "footer": {"text": "x"}}
        ],
    }
    text = format_message(payload, [(1, {"label": "Next"}), (0, {"label": "Off"})])
    assert text.splitlines() == [
        "(only you can see this)",
        "┌ T",
        "│",
        "│ D",
        "│ F:",
        "│   V",
        "└ x",
        "  [1] Next",
        "  [-] Off",
    ]


@pytest.fixture
async def many_films(tmp_path: Path, make_settings: Callable[..., Settings]) -> AsyncIterator[LocalDiscord]:
    """A catalog of 25 films written straight to the store (three pages of /film list)."""
    settings = make_settings()
    db = await Database.open(settings.db_path)
    films = [MergedFilm(f"film-{i:02d}", f"Film {i:02d}", [f"Film {i:02d}"]) for i in range(25)]
    await replace_catalog(db, films, [DocumentRecord("x.txt", "0", 1, "film-00")], [])
    await db.close()
    local = LocalDiscord(FilmBot(settings))
    await local.start()
    yield local
    await local.close()


async def test_buttons_keep_their_numbers_across_edits(many_films: LocalDiscord) -> None:
    out = io.StringIO()
    console = Console(many_films, out)
    many_films.on_message = console.show
    await console.handle("/film list")
    first = out.getvalue()
    assert "Film 00" in first and "[1] Next ▶" in first
    await console.handle("1")  # Next
    second = out.getvalue()[len(first) :]
    assert "(edited)" in second and "Film 10" in second
    assert "[2] ◀ Previous" in second and "[3] Next ▶" in second
    await console.handle("2")  # Previous
    third = out.getvalue()[len(first) + len(second) :]
    assert "Film 00" in third
    assert "[1] Next ▶" in third  # the same button (same message, same custom_id) keeps its number
    await console.handle("99")
    assert out.getvalue().rstrip().endswith("No button has that number.")
