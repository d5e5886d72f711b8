"""An obvious single match is taken, and says so; anything less obvious still suggests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app.host.client import FilmBot
from bot.app.host.local_discord import LocalDiscord
from bot.catalog.search import Entry, NameIndex, clear_winner
from bot.config import Settings
from tests.conftest import TEST_DOCUMENTS
from tests.helpers import reply_of, text_of

PEOPLE = ["Marguerite Olsson", "Teodor Vance", "Teodora Lind", "Ines Okoro", "Pavel Ostrowski"]
FILMS = ["The Quiet Lantern", "Quiet Lanterns", "Riverbend", "Saltmarsh"]


def _index() -> NameIndex:
    entries = [Entry(name, name, "person") for name in PEOPLE]
    entries += [Entry(title, title.lower().replace(" ", "-"), "film") for title in FILMS]
    return NameIndex(entries)


def _winner(index: NameIndex, query: str, kind: str, *, whole_words: bool = False) -> str | None:
    found = clear_winner(query, (e for e, _ in index.search(query, (kind,), limit=25)), whole_words=whole_words)
    return found.display if found else None


def test_one_typo_in_one_name_is_obvious() -> None:
    index = _index()
    assert _winner(index, "Rivrebend", "film") == "Riverbend"
    assert _winner(index, "saltmarch", "film") == "Saltmarsh"
    assert _winner(index, "Marguerite Olson", "person") == "Marguerite Olsson"


def test_two_close_names_are_not_obvious() -> None:
    index = _index()
    assert _winner(index, "Quiet Lanter", "film") is None  # as near one as the other
    assert _winner(index, "Teodor", "person", whole_words=True) == "Teodor Vance"  # a whole first name
    assert _winner(index, "Teod", "person", whole_words=True) is None  # a prefix of two names
    assert _winner(index, "xyz", "film") is None


def test_a_unique_first_name_or_surname_is_obvious_but_a_shared_word_is_not() -> None:
    index = NameIndex([Entry(n, n, "person") for n in ("Ines Okoro", "Ines Varga", "Pavel Ostrowski")])
    assert _winner(index, "Pavel", "person", whole_words=True) == "Pavel Ostrowski"
    assert _winner(index, "Ines", "person", whole_words=True) is None


@pytest.fixture
async def unseen_bot(
    make_settings: Callable[..., Settings], data_dir_of: Callable[[list[Path]], Path]
) -> AsyncIterator[LocalDiscord]:
    local = LocalDiscord(FilmBot(make_settings(data_dir_of(sorted(TEST_DOCUMENTS.glob("*.txt"))))))
    await local.start()
    yield local
    await local.close()


async def _a_film_and_a_person(local: LocalDiscord) -> tuple[str, str]:
    """A catalog title and a person whose first name nobody else has, read from the catalog itself."""
    catalog = local.bot.services.catalog
    title = max((s.title for s in catalog._summaries.values()), key=len)
    people = [e.display for e, _ in catalog.index.search("", ("person",), limit=500)]
    firsts = [p.split()[0] for p in people]
    person = next(p for p in people if len(p.split()) > 1 and firsts.count(p.split()[0]) == 1)
    return title, person


async def test_the_commands_show_the_obvious_match_and_say_so(unseen_bot: LocalDiscord) -> None:
    title, person = await _a_film_and_a_person(unseen_bot)
    longest = max(title.split(), key=len)
    typo = title.replace(longest, longest[0] + longest[2:], 1)  # one letter dropped
    card = reply_of(await unseen_bot.command(f"/film info title:{typo}"))
    assert not card.get("flags")
    assert card["content"].startswith(f"Showing **{title}** for “{typo}”")
    assert title in text_of(card)

    first = person.split()[0]
    credits = reply_of(await unseen_bot.command(f"/cast person name:{first}"))
    assert f"Showing **{person}** for “{first}”" in credits["content"]

    unsure = reply_of(await unseen_bot.command("/film info title:zzqq"))
    assert unsure["flags"] & 64 and "I don't know a film" in unsure["content"]
