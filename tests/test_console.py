"""The terminal console: readable text, stable button numbers, clicks that act."""

from __future__ import annotations

import io
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app.host.client import FilmBot
from bot.app.host.console import Console, format_message, plain, relative
from bot.app.host.local_discord import LocalDiscord
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


async def test_each_message_numbers_its_buttons_from_one_and_n_p_turn_pages(many_films: LocalDiscord) -> None:
    out = io.StringIO()
    console = Console(many_films, out)
    many_films.on_message = console.show

    async def after(line: str) -> str:
        seen = len(out.getvalue())
        await console.handle(line)
        return out.getvalue()[seen:]

    first = await after("/film list")
    assert "Film 00" in first and "[1] Next ▶" in first and "[-] 1 / 3" in first
    second = await after("1")  # Next
    assert "(edited)" in second and "Film 10" in second
    assert "[1] ◀ Previous" in second and "[2] Next ▶" in second
    third = await after("n")
    assert "Film 20" in third and "[1] ◀ Previous" in third and "[-] Next ▶" in third
    assert "no next page" in await after("n")
    assert "Film 10" in await after("p")
    assert "buttons are 1 to 2" in await after("3")


def test_relative_timestamps_read_as_discord_shows_them() -> None:
    assert relative(19) == "in 19 s"
    assert relative(-104) == "1 min 44 s ago"
    assert relative(-120) == "2 min ago"
    assert relative(-3 * 3600 - 5 * 60) == "3 h 5 min ago"
    assert relative(-86_400) == "1 day ago" and relative(3 * 86_400) == "in 3 days"
    assert plain(f"written <t:{int(time.time()) - 104}:R>") in ("written 1 min 44 s ago", "written 1 min 45 s ago")


def test_mentions_show_as_names_the_console_knows() -> None:
    assert plain("by <@42> and <@!7> for <@&9>", {42: "ann"}) == "by @ann and @user-7 for @role-9"
