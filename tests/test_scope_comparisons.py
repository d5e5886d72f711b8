"""Scope in comparisons (bot.ingest.scope): credits said of the other film go to nobody. Invented films."""

from __future__ import annotations

from bot import model as m
from bot.ingest.extract import extract_document
from bot.ingest.scope import this_film_year

_COMPARISON = (
    "Two Harbours, Six Years Apart\n\n"
    "Paper Harbour, released in 1987, is the subject here. Mats Berg's 1993 film, with Lotte Fahl as a"
    " pilot, is the other. Oskar Lind directed Paper Harbour with great patience. The score of the later"
    " film was by Kurt Lamm. Tor Ek composed the score for Paper Harbour. Pia Holm's photography of the later film,"
    " by contrast, is nothing like the grey water of Paper Harbour. Berg's movie explains itself.\n"
)


def _people(text: str) -> set[str]:
    return {
        c.person or c.value for c in extract_document("t.md", text).claims if c.field in (m.CAST, m.CREW, m.DIRECTOR)
    }


def test_the_documents_own_year_is_read_next_to_its_title() -> None:
    assert this_film_year(_COMPARISON, ["Paper Harbour"]) == "1987"
    assert this_film_year("Paper Harbour (dir. Oskar Lind, 1987) is long.", ["Paper Harbour"]) == "1987"
    assert this_film_year("Paper Harbour is long.", ["Paper Harbour"]) is None


def test_the_other_film_named_by_year_place_or_maker_gives_nothing() -> None:
    people = _people(_COMPARISON)
    assert "Oskar Lind" in people and "Tor Ek" in people
    assert not people & {"Mats Berg", "Lotte Fahl", "Kurt Lamm", "Pia Holm"}


def test_without_the_documents_year_earlier_and_later_decide_nothing() -> None:
    text = "Paper Harbour\n\nOskar Lind directed it. Pia Holm's photography of the later film is grey.\n"
    assert "Pia Holm" in _people(text)


def test_a_film_compared_by_its_makers_name_gives_no_cast() -> None:
    text = (
        "Paper Harbour (1987)\n\nOskar Lind directed it. The ferry chase plays like Dana Wolfe's Night Train"
        " at half the speed. Ingrid Vass plays Britt.\n"
    )
    extraction = extract_document("t.md", text)
    cast = {(c.person, c.role) for c in extraction.claims if c.field == m.CAST}
    assert ("Ingrid Vass", "Britt") in cast
    assert not any(person == "Dana Wolfe" for person, _ in cast)
