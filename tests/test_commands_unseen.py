"""The catalog commands on documents the extractor was not written against:
our own review documents about invented films (tests/data), in all three styles."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app.host.client import FilmBot
from bot.app.host.local_discord import EPHEMERAL, LocalDiscord
from bot.config import Settings
from tests.conftest import TEST_DOCUMENTS
from tests.helpers import field, reply_of, text_of


@pytest.fixture
async def unseen_bot(
    make_settings: Callable[..., Settings], data_dir_of: Callable[[list[Path]], Path]
) -> AsyncIterator[LocalDiscord]:
    local = LocalDiscord(FilmBot(make_settings(data_dir_of(sorted(TEST_DOCUMENTS.glob("*.txt"))))))
    await local.start()
    yield local
    await local.close()


async def test_every_film_is_listed(unseen_bot: LocalDiscord) -> None:
    text = text_of(reply_of(await unseen_bot.command("/film list")))
    for title in ("Glass Harbor", "Neon Requiem", "The Copper Saints"):
        assert title in text


async def test_disputes_across_documents_of_one_film(unseen_bot: LocalDiscord) -> None:
    data = reply_of(await unseen_bot.command("/film info title:Neon Requiem"))
    crew = field(data, "Crew")
    assert "⚠ Cinematographer: **Iris Fontaine**" in crew
    assert "⚠ Cinematographer: **Jae-won Lim**" in crew
    assert "Composer: **Kenji Arata**" in crew and "⚠ Composer" not in crew
    assert "Park Ji-woo" in field(data, "Directed by")


async def test_article_and_subtitle_variants_find_the_film(unseen_bot: LocalDiscord) -> None:
    for title in ("Copper Saints", "the copper saints", "Glass Harbor: The Lantern Keeper"):
        data = reply_of(await unseen_bot.command(f"/film info title:{title}"))
        assert not data.get("flags", 0) & EPHEMERAL, title


async def test_cast_from_header_list_with_roles(unseen_bot: LocalDiscord) -> None:
    text = text_of(reply_of(await unseen_bot.command("/cast character name:Rosa Delgado")))
    assert "Ines Duarte" in text and "The Copper Saints" in text
    text = text_of(reply_of(await unseen_bot.command("/cast person name:Greaves")))
    assert "Walter Greaves" in text and "as Silas Boone" in text


async def test_spam_sentences_give_nothing(unseen_bot: LocalDiscord) -> None:
    text = text_of(reply_of(await unseen_bot.command("/quote random film:Neon Requiem")))
    assert "free online" not in text
    search = reply_of(await unseen_bot.command("/film search query:stream free"))
    assert "full HD" not in text_of(search)


async def test_story_places_and_organisations_are_on_the_card(unseen_bot: LocalDiscord) -> None:
    data = reply_of(await unseen_bot.command("/film info title:The Copper Saints"))
    assert "Halloran Mining Company" in field(data, "Story")


async def test_namesakes_are_told_apart_by_year(
    make_settings: Callable[..., Settings], data_dir_of: Callable[[list[Path]], Path], tmp_path: Path
) -> None:
    original = tmp_path / "320_lighthouse.txt"
    original.write_text(
        "The Lighthouse Keeper (1987)\n\nGenre: Drama\nDirector: Ida Brenner\nStarring: Ola Nyberg\n\n"
        "The Lighthouse Keeper is a slow, tender drama.\n"
    )
    remake = tmp_path / "321_lighthouse.txt"
    remake.write_text(
        "The Lighthouse Keeper (2031)\n\nGenre: Thriller\nDirector: Marco Ventresca\nStarring: Lia Sorel\n\n"
        "The Lighthouse Keeper reimagines the story as a thriller.\n"
    )
    local = LocalDiscord(FilmBot(make_settings(data_dir_of([original, remake]))))
    await local.start()
    try:
        ambiguous = reply_of(await local.command("/film info title:The Lighthouse Keeper"))
        assert ambiguous["flags"] & EPHEMERAL
        assert "(1987)" in ambiguous["content"] and "(2031)" in ambiguous["content"]
        picked = reply_of(await local.command("/film info title:lighthouse keeper (2031)"))
        assert picked["embeds"][0]["title"] == "The Lighthouse Keeper (2031)"
        assert "Marco Ventresca" in field(picked, "Directed by")
    finally:
        await local.close()
