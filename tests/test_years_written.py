"""The film's year as prose writes it (bot.ingest.filmfacts.years_in), and what is no release year."""

from __future__ import annotations

import pytest

from bot import model as m
from bot.ingest.extract import extract_document

_HEAD = "Paper Harbour\n\nDirected by Oskar Lind. "


def _years(sentence: str) -> list[str]:
    return [c.value for c in extract_document("t.md", _HEAD + sentence + "\n").claims if c.field == m.YEAR]


@pytest.mark.parametrize(
    "sentence",
    [
        "Lind's 1987 drama is patient.",
        "The 1987 film is patient.",
        "Released in 1987, it flopped.",
        "Paper Harbour, from 1987, is patient.",
        "1987's Paper Harbour is patient.",
        "It was made in 1987.",
        "Paper Harbour [1987] is patient.",
        "It premiered at Cannes in 1987.",
        "It opened in Sweden in March 1987.",
        "It was first shown in 1987.",
    ],
)
def test_the_year_as_written(sentence: str) -> None:
    assert _years(sentence) == ["1987"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The story is set in 1937.",
        "It was restored in 2019.",
        "It was re-released in 2020.",
        "Posted 12 March 2024.",
        "On Day three it rained.",
        "The 1931 version is better.",
        "The 1987 film and the 1993 film share a pilot.",
    ],
)
def test_settings_restorations_bylines_and_other_versions_give_no_year(sentence: str) -> None:
    assert _years(sentence) == []
