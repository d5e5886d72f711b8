"""Review phrasings the extractor reads, and near-misses it must not read, on small texts.

Names here are invented and appear in no document; each rule is checked on a
sentence it was not written from (see tests/test_unseen_styles.py for whole
documents).
"""

from __future__ import annotations

import pytest

from bot import model as m
from bot.ingest.extract import DocumentExtraction, extract_document

HEAD = "Quiet Fires (2022)\n\nGenre: Drama\n\n"


def extract(body: str, head: str = HEAD) -> DocumentExtraction:
    return extract_document("t.txt", head + body + "\n")


def facts(x: DocumentExtraction) -> set[tuple[str, str, str | None]]:
    """(field, value, role) of every claim but the title, year and genre of HEAD."""
    return {
        (c.field, c.value, c.role)
        for c in x.claims
        if c.field not in (m.TITLE, m.YEAR, m.GENRE, m.CHARACTER, m.PULL_QUOTE)
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Tobias Renn, who plays Leo Brun, is a revelation.", {(m.CAST, "Tobias Renn", "Leo Brun")}),
        (
            "Ida Holm is played by Mara Quint and Leo Brun by Tobias Renn.",
            {(m.CAST, "Mara Quint", "Ida Holm"), (m.CAST, "Tobias Renn", "Leo Brun")},
        ),
        ("With Ada Moss as Nell, the film finds its heart.", {(m.CAST, "Ada Moss", "Nell")}),
        ("Ada Moss (as Nell) is great.", {(m.CAST, "Ada Moss", "Nell")}),
        ("Ada Moss stars opposite Tobias Renn.", {(m.CAST, "Ada Moss", None), (m.CAST, "Tobias Renn", None)}),
        ("Kit Amos voices Pip with glee.", {(m.CAST, "Kit Amos", "Pip")}),
        ("Ada Moss plays the nurse Ida Holm with warmth.", {(m.CAST, "Ada Moss", "Ida Holm")}),
        ("Ada Moss plays Nell's sister Ida with warmth.", {(m.CAST, "Ada Moss", "Ida")}),
        ("It was lit by DP Kit Amos.", {(m.CREW, "Kit Amos", "cinematographer")}),
        (
            "The new film from writer-director Lea Stone is bold.",
            {(m.DIRECTOR, "Lea Stone", None), (m.CREW, "Lea Stone", "writer")},
        ),
        ("Co-written with Omar Vance, it is witty.", {(m.CREW, "Omar Vance", "writer")}),
        (
            "The score from Ana Lopez and Ben Ode plays beautifully.",  # a noun phrase: both compose
            {(m.CREW, "Ana Lopez", "composer"), (m.CREW, "Ben Ode", "composer")},
        ),
        ("Tobias Renn's sun-drenched photography is lovely.", {(m.CREW, "Tobias Renn", "cinematographer")}),
        ("The film runs a brisk 92 minutes.", {(m.RUNTIME, "92", None)}),
        ("I give it 3 out of 5.", {(m.RATING, "3/5", None)}),
        ("Overall, a solid 7 out of 10.", {(m.RATING, "7/10", None)}),
        ("They drive a stolen car from Oslo to the coast.", {(m.PLACE, "Oslo", None)}),
        ("She takes Leo across the river to Marseille.", {(m.PLACE, "Marseille", None)}),
        ("Most of it happens in Vell Marsh, a fishing village where nobody sleeps.", {(m.PLACE, "Vell Marsh", None)}),
        ("A clerk from the Harbour Trust follows her.", {(m.ORGANISATION, "Harbour Trust", None)}),
        ("She is recruited by the Grey Ministry.", {(m.ORGANISATION, "Grey Ministry", None)}),
        (
            "Power lies with the Casa do Rio, a merchants' guild that owns the port.",
            {(m.ORGANISATION, "Casa do Rio", None)},
        ),
    ],
)
def test_phrasings_read(body: str, expected: set[tuple[str, str, str | None]]) -> None:
    assert facts(extract(body)) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Ana Lopez plays Ida's mother with a sly wit.",  # not "Ida"
        "Ana Lopez, who plays the lead, is fine.",
        "The film unfolds with Lisbon as a backdrop, and with New York as its backdrop later.",
        "Only 3 out of 10 survive the night, and the rest are gone.",
        "Boone, a town drunk, steals the show.",
        "Ana, a gang member, is hunted.",
        "She joins the Night Watch.",  # no organisation word
        "An agent from the North arrives.",
        "She drives every week from Monday to Friday.",
        "Members of the Tide Council gather at night.",
        "The police chief is played by a newcomer.",
        "Unlike Ember Road (2012), which was shot by Kit Amos and scored by Ben Ode, it is calm.",
        "Ember Road (2012) was directed by Ana Lopez.",
        "Her last film, Ember Road (2012), starred Ada Moss as Nell.",
    ],
)
def test_near_misses_give_nothing(body: str) -> None:
    assert facts(extract(body)) == set()


def test_other_film_clause_ends_where_this_film_begins() -> None:
    x = extract("Unlike Ember Road (2012), which was shot by Kit Amos on film, this one is lensed by Ada Moss.")
    assert facts(x) == {(m.CREW, "Ada Moss", "cinematographer")}
    assert "2012" not in {c.value for c in x.claims}


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            "Quiet Fires (2022)\n\nDirector: Ana Lopez\nLanguage: English\nAspect ratio: 2.39:1\n"
            "Running time: 1 hr 38 min\nTagline – Fire walks.\n\nA slow, sad drama that works.\n",
            {(m.DIRECTOR, "Ana Lopez", None), (m.RUNTIME, "98", None), (m.TAGLINE, "Fire walks.", None)},
        ),
        (
            "Quiet Fires — Film Review\n\nDirected by: Ana Lopez\nDP: Kit Amos\nReleased: 3 May 2019\n"
            "Country of origin: Norway\nGenre: Period drama\nFinal score: 7/10\n\nSome text.\n",
            {
                (m.DIRECTOR, "Ana Lopez", None),
                (m.CREW, "Kit Amos", "cinematographer"),
                (m.RELEASE_DATE, "2019-05-03", None),
                (m.COUNTRY, "Norway", None),
                (m.RATING, "7/10", None),
            },
        ),
    ],
)
def test_header_keys(head: str, expected: set[tuple[str, str, str | None]]) -> None:
    x = extract("", head)
    assert x.title == "Quiet Fires"
    assert facts(x) == expected


def test_title_line_with_year_and_review_suffix() -> None:
    x = extract("", "Quiet Fires (2019) — Film Review\n\nGenre: Period drama\n\nA film.\n")
    assert x.title == "Quiet Fires"
    assert {(c.field, c.value) for c in x.claims if c.field in (m.YEAR, m.GENRE)} == {
        (m.YEAR, "2019"),
        (m.GENRE, "Drama"),
    }


def test_unknown_header_key_is_not_a_heading() -> None:
    """ "Language: English" among headers must not open a section (which would stop pull quotes)."""
    x = extract(
        "",
        "Quiet Fires (2022)\n\nDirector: Ana Lopez\nLanguage: English\n\n"
        + "The plot is slight. " * 8
        + "\n\nQuiet Fires is a stunning, heartfelt and masterful drama about grief.\n",
    )
    assert [c.value for c in x.claims if c.field == m.PULL_QUOTE] == [
        "Quiet Fires is a stunning, heartfelt and masterful drama about grief."
    ]


def test_emphasised_tagline_under_the_title_is_not_a_bullet() -> None:
    x = extract("", '# Quiet Fires (2022)\n\n*"Fire walks."*\n\n**Director:** Ana Lopez\n\nText.\n')
    assert [c.value for c in x.claims if c.field == m.TAGLINE] == ["Fire walks."]


@pytest.mark.parametrize("heading", ["## What doesn't work", "## What doesn't", "**Dislikes**", "Low points"])
def test_weakness_headings(heading: str) -> None:
    x = extract(f"{heading}\n- The ending drags on.\n- The villain is thin.\n\n## Verdict\nFine.")
    assert len([c for c in x.claims if c.field == m.WEAKNESS]) == 2
