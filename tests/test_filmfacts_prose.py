"""Genres and countries said of the film in prose (bot.ingest.filmfacts). Invented film and sentences."""

from __future__ import annotations

import pytest

from bot import model as m
from bot.ingest.extract import extract_document
from bot.ingest.filmfacts import countries_in, genres_of, head_of

_HEAD = "Paper Harbour (1987)\n\nDirected by Oskar Lind. "


def _facts(sentence: str) -> tuple[set[str], set[str]]:
    claims = extract_document("t.md", _HEAD + sentence + "\n").claims
    return {c.value for c in claims if c.field == m.GENRE}, {c.value for c in claims if c.field == m.COUNTRY}


@pytest.mark.parametrize(
    ("sentence", "genres", "countries"),
    [
        ("It's a gangster picture with a conscience.", {"Crime"}, set()),
        ("The film is one of the great westerns.", {"Western"}, set()),
        ("Lind's war film never lets up.", {"War"}, set()),
        ("A slow-burning Swedish drama, it rewards patience.", {"Drama"}, {"Sweden"}),
        ("Part comedy, part horror, it is hard to pin down.", {"Comedy", "Horror"}, set()),
        ("This is science fiction at its most human.", {"Science Fiction"}, set()),
        ("Paper Harbour, Lind's Danish-Swedish co-production, opened in spring.", set(), {"Denmark", "Sweden"}),
        ("The movie, a documentary about ferries, runs long.", {"Documentary"}, set()),
        ("This Italian western has no hero.", {"Western"}, {"Italy"}),
        ("It plays as a noir.", {"Noir"}, set()),
        ("The film is a British-Irish co-production.", set(), {"United Kingdom", "Ireland"}),
        ("Lind made a drama of grief.", {"Drama"}, set()),
        ("The thriller stars Ingrid Vass.", {"Thriller"}, set()),
        ("Otherwise it's close to perfect, a wartime romance that still plays.", {"Romance"}, set()),
    ],
)
def test_descriptions_of_the_film_give_its_genres_and_countries(
    sentence: str, genres: set[str], countries: set[str]
) -> None:
    assert _facts(sentence) == (genres, countries)


@pytest.mark.parametrize(
    "sentence",
    [
        "The horror is in watching him.",
        "The drama of the trial is thin.",
        "A French film critic hated it.",
        "Paper Harbour is a Paris story.",
        "The American remake is worse.",
        "Glass Orchard (1993), Mats Berg's war film, is worse.",  # another film
        "It was shot in Norway.",  # a location is no country
    ],
)
def test_abstract_nouns_other_makers_critics_remakes_and_settings_give_nothing(sentence: str) -> None:
    assert _facts(sentence) == (set(), set())


def test_a_headline_describing_the_film_gives_its_genre() -> None:
    text = "# 5 Reasons Paper Harbour Is Still the Ferry Thriller to Beat\n\nOskar Lind directed it.\n"
    assert {c.value for c in extract_document("t.md", text).claims if c.field == m.GENRE} == {"Thriller"}


def test_head_of_cuts_a_description_at_its_head_noun() -> None:
    text = "war film never lets up"
    start, end = head_of(text, 0, len(text))
    assert text[start:end] == "war film" and genres_of(text, start, end) == ["War"]
    assert countries_in("a Franco-German thriller") == ["France", "Germany"]
    assert countries_in("a French film critic") == []
