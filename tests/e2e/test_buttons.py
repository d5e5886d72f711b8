"""Buttons: /film list pages through a catalog larger than one page, by clicks as Discord sends them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.process import BotProcess, launch

FILMS = 23  # three pages of ten

DOCUMENT = """{title} ({year})

Genre: Drama
Director: {director}
Starring: Ada Marlow, Ben Okoro
Runtime: 1h 40min
Release Date: 1 May {year}

{title} is a quiet drama about a family and a house by the sea. Directed by {director}, it follows Ada Marlow as
a painter who returns home after twenty years. Ben Okoro is warm and funny as her brother.

The film is patient and kind, and its last scene is lovely. Rating: 7/10
"""


@pytest.fixture(scope="module")
def many_films(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("many") / "data"
    (root / "documents").mkdir(parents=True)
    (root / "packs").mkdir()
    for n in range(FILMS):
        title = f"Harbour Lights {n + 1}"
        text = DOCUMENT.format(title=title, year=1990 + n, director=f"Director Number{n + 1}")
        (root / "documents" / f"{n:03d}_harbour.txt").write_text(text)
    return root


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def paged_bot(
    fake: FakeDiscord, tmp_path_factory: pytest.TempPathFactory, many_films: Path
) -> AsyncIterator[BotProcess]:
    process = await launch(fake, tmp_path_factory.mktemp("paged"), many_films)
    yield process
    await process.stop()


async def test_next_and_previous_pages(fake: FakeDiscord, paged_bot: BotProcess) -> None:
    first = await fake.command("film list")
    assert f"({FILMS})" in first.text
    assert "Page 1 of 3" in first.text

    click = await fake.click(first.id, first.button("next")["custom_id"])
    second = await click.reply()
    assert second.id == first.id, "paging edits the message the buttons are on"
    assert "Page 2 of 3" in second.text

    again = await fake.click(second.id, second.button("prev")["custom_id"], user=fake.moderator)
    assert "Page 1 of 3" in (await again.reply()).text
    assert click.rejected == again.rejected == []


async def test_buttons_keep_working_for_a_message_sent_before_a_restart(
    fake: FakeDiscord, paged_bot: BotProcess, many_films: Path, tmp_path: Path
) -> None:
    before = await fake.command("film list")
    assert await paged_bot.stop() == 0
    db = str(paged_bot.directory / "filmbot.db")
    restarted = await launch(fake, tmp_path, many_films, FILMBOT_DB=db)
    try:
        click = await fake.click(before.id, before.button("next")["custom_id"])
        assert "Page 2 of 3" in (await click.reply()).text
    finally:
        assert await restarted.stop() == 0
