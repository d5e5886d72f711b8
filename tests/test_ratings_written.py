"""Ratings as people write them (bot.ingest.ratings) and where the extractor finds them. Invented film."""

from __future__ import annotations

import pytest

from bot import model as m
from bot.ingest.extract import extract_document
from bot.ingest.ratings import parse_rating


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("Posted by harbour_fan · Grade: A · 9 min read", "A"),
        ("Grade: A", "A"),
        ("I tell everyone it's an A.", "A"),
        ("It's a B-minus from me.", "B-"),
        ("I give it a C+.", "C+"),
        ("Honestly it gets a solid B plus overall.", "B+"),
    ],
)
def test_letter_grades_after_a_key_or_in_speech(text: str, rating: str) -> None:
    found = parse_rating(text)
    assert found is not None and found[0] == rating
    assert text[found[1] : found[2]].replace(" ", "").replace("-", "")[:1] == rating[0]


@pytest.mark.parametrize(
    "text", ["Grade: A solid film, mostly.", "It is a D-Day film.", "It's a A-list cast.", "She sat in row B."]
)
def test_an_article_or_a_name_is_no_grade(text: str) -> None:
    assert parse_rating(text) is None


def test_a_header_whose_key_names_a_score_gives_the_rating() -> None:
    text = "Paper Harbour (1987)\n\nOskar Lind directed it.\n\n**Club rating: 4/5.** Bring a coat.\n"
    assert [c.value for c in extract_document("t.md", text).claims if c.field == m.RATING] == ["4/5"]


def test_a_spoken_grade_in_a_reply_is_the_rating() -> None:
    text = "Paper Harbour (1987)\n\nQ: Would you recommend it?\n\nA: Yes. I tell people it's an A.\n"
    assert [c.value for c in extract_document("t.md", text).claims if c.field == m.RATING] == ["A"]
