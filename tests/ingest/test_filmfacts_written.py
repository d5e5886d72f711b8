"""Runtimes, release dates, years, countries and genres as people write them (bot.ingest.filmfacts).

Invented films and people only.
"""

from __future__ import annotations

import pytest

from bot import model as m
from bot.ingest.dates import date_from_match
from bot.ingest.extract import extract_document
from bot.ingest.filmfacts import (
    countries_in,
    country_before_title,
    facts_line,
    is_a_cues,
    is_a_phrases,
    owner_years,
    release_dates_in,
    runtime_in,
    tag_genres,
    words_to_number,
    years_in,
)


@pytest.mark.parametrize(
    ("sentence", "minutes"),
    [
        ("The new cut runs three hours and twenty-seven minutes in this version.", "207"),
        ("It's ninety-four minutes long, which is right.", "94"),
        ("It runs one hundred and six minutes, and not one drags.", "106"),
        ("The running time is an hour and fifty minutes.", "110"),
        ("It runs two hours and a half.", "150"),
        ("It's 121 minutes and I wanted more.", "121"),
        ("from me: 9/10, 104 minutes of pure cinema.", "104"),
        ("Her film (released 2 May 2011, 117 min) is quiet.", "117"),
        ("Portugal · 142 min · drama", "142"),
        ("It runs exactly 100 minutes.", "100"),
        ("Too long. Two hours and nine minutes!!!", "129"),
        ("(4) 97 minutes. that's the thread", "97"),
        ("the final ten minutes are the best", None),
        ("We queued for two hours in the rain.", None),
        ("It took them ninety minutes to agree on a table.", None),
        ("Posted to the blog · 6 min read", None),
        ("We queued. Two hours. Then the doors opened.", None),
        ("Grey Harbour runs just under two hours (113 minutes) and has no action.", "113"),
        ("The theatrical cut ran 122 minutes.", "122"),
        ("the movie is 104 minutes and every one is earned", "104"),
        ("It runs nearly two hours.", None),
        ("It runs about 100 minutes, give or take.", None),
        ("we queued (90 minutes) for tickets", None),
    ],
)
def test_runtimes_in_digits_and_words_after_a_running_word_or_as_a_listing(sentence: str, minutes: str | None) -> None:
    found = [value for value, _, _ in runtime_in(sentence, 0, len(sentence))]
    assert found[:1] == ([minutes] if minutes else [])


def test_number_words() -> None:
    assert [words_to_number(w) for w in ("one hundred and thirteen", "eighty-one", "an", "twelve")] == [113, 81, 1, 12]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The studio let it open on 2 April 2004, before the summer.", "2004-04-02"),
        ("it opened 9 July 1986 and did well.", "1986-07-09"),
        ("Her film (released 2 May 2011, 117 min) is quiet.", "2011-05-02"),
        ("It opened yesterday (Friday 12 December 2003 — I wrote it down).", "2003-12-12"),
        ("since the film opened in Canada (4 June 1999, a Friday), I have", "1999-06-04"),
        ("It opened 12 screens wider the next week.", None),
    ],
)
def test_release_dates_right_after_the_verb_or_in_a_parenthesis(sentence: str, iso: str | None) -> None:
    lower = sentence.lower()
    found = [date_from_match(match) for match, _, _ in release_dates_in(lower, 0, len(lower))]
    assert found[:1] == ([iso] if iso else [])


def test_a_facts_line_under_the_title_gives_year_runtime_countries_and_genres() -> None:
    line = "Portugal / Spain · 2012 · 142 min · drama / thriller · Directed by Ines Rocha"
    facts = {(field, value) for field, value, _, _ in facts_line(line, 0, len(line))}
    assert facts == {
        ("country", "Portugal"),
        ("country", "Spain"),
        ("year", "2012"),
        ("runtime", "142"),
        ("genre", "Drama"),
        ("genre", "Thriller"),
    }
    byline = "Posted by Ana Bell · 2 March 2024 · 5 min read"
    assert facts_line(byline, 0, len(byline)) == []
    assert facts_line("Drama", 0, 5) == []  # no separators: no listing


def test_a_facts_line_is_read_only_under_the_title() -> None:
    text = "Grey Harbour\n2009 · Directed by Ines Rocha\n\nA quiet film.\n\nAlso on: 1987 · Directed by Ivo Dahl\n"
    extraction = extract_document("t.md", text)
    assert extraction.title == "Grey Harbour"
    assert extraction.years == {"2009"}


def test_a_credited_directors_year_before_a_capitalised_word() -> None:
    text = "Rocha's 2009 Lisbon drama"
    assert [(owner, year) for owner, year, _, _ in owner_years(text, 0, len(text))] == [("Rocha", "2009")]


def test_a_prose_runtime_in_words_reaches_the_film() -> None:
    text = "# Grey Harbour (2009)\n\nInes Rocha directed it. It runs one hundred and six minutes, and it flies.\n"
    runtimes = {c.value for c in extract_document("t.md", text).claims if c.field == m.RUNTIME}
    assert runtimes == {"106"}


def test_tags_that_are_genres_are_genres_and_other_tags_are_not() -> None:
    text = "A review.\n\n*Tags: neo-noir, 1980s, Lisbon, horror-fans, sci-fi*\n"
    assert [genre for genre, _, _ in tag_genres(text)] == ["Neo-Noir", "Science Fiction"]
    assert tag_genres("Tags: rewatch, 35mm, with-mum\n") == []
    assert tag_genres("I tagged along with friends: comedy was not on the menu.\n") == []


def test_countries_by_name_before_a_production() -> None:
    assert countries_in("a Portugal–Spain–Brazil co-production that runs long") == ["Portugal", "Spain", "Brazil"]
    assert countries_in("a hit in Germany, the production was troubled") == []


def test_a_country_that_owns_the_title() -> None:
    text = 'Dogs and a storm: Chile\'s "Grey Harbour" wakes up the festival'
    assert [country for country, _, _ in country_before_title(text, ["Grey Harbour"])] == ["Chile"]
    assert list(country_before_title('the chile\'s "Grey Harbour"', ["Grey Harbour"])) == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("with Ines Rocha's\nGREY HARBOUR, the 1994 romantic comedy that beat everything", "1994"),
        ("Grey Harbour, Ines Rocha's third feature, from 1994. It takes place", "1994"),
        ("Grey Harbour, from 1994, is", "1994"),
        ("Grey Harbour, the film that made her name, arrived", None),
    ],
)
def test_a_year_in_an_apposition_after_the_title(text: str, year: str | None) -> None:
    assert [found for found, _, _ in years_in(text, 0, len(text), ["Grey Harbour"])][:1] == ([year] if year else [])


def test_a_release_date_said_before_the_verb() -> None:
    text = "On March 3, 1994, the week after the awards, Lion Bros. released the film in forty cities.".lower()
    assert [date_from_match(match) for match, _, _ in release_dates_in(text, 0, len(text))] == ["1994-03-03"]
    text = "On March 3, 1994, I was ill and stayed home.".lower()
    assert list(release_dates_in(text, 0, len(text))) == []


def test_a_programme_listing_gives_countries_and_year_a_few_lines_under_the_title() -> None:
    text = (
        "EASTGATE CINEMATHEQUE\nRepertory Programme\n\n────────\n\nGREY HARBOUR\n"
        "Sunday 18 January · 17:30 · Screen 1\n\nPortugal/Spain 1994 · 131 min · DCP · Cert 15\n\n"
        "Ines Rocha's film follows a keeper and his daughter through one winter on the coast. Grey Harbour is "
        "the best thing she made.\n"
    )
    extraction = extract_document("t.md", text)
    facts = {(c.field, c.value) for c in extraction.claims if c.field in (m.YEAR, m.COUNTRY, m.RUNTIME)}
    assert facts == {(m.YEAR, "1994"), (m.COUNTRY, "Portugal"), (m.COUNTRY, "Spain"), (m.RUNTIME, "131")}


def test_a_header_release_date_gives_the_year() -> None:
    text = "# Grey Harbour — Blu-ray Review\n\n> Theatrical release: March 3, 1994\n\nIt looks grand.\n"
    assert extract_document("t.md", text).years == {"1994"}


def test_sentence_adverbs_between_the_verb_and_the_description() -> None:
    text = "It was also, famously, the first horror film nominated for the big prize."
    assert [(subject, text[s:e].split()[:3]) for subject, s, e in is_a_phrases(text, 0, len(text))] == [
        ("It", ["first", "horror", "film"])
    ]
    assert is_a_cues(text) == [2]
