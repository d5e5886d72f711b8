"""Scope (`bot.ingest.scope`): another film named by an emphasised title keeps its credits to itself.

Invented titles and names throughout.
"""

from __future__ import annotations

from bot import model as m
from bot.ingest.extract import extract_document


def credits(text: str) -> set[tuple[str, str, str | None]]:
    claims = extract_document("t.md", text).claims
    return {(c.field, c.value, c.role) for c in claims if c.field in (m.CAST, m.CREW, m.DIRECTOR)}


HEAD = "# Salt Lanterns (2019)\n\nGenre: Drama\n\n"


def test_a_list_item_about_another_film_gives_it_its_credits() -> None:
    text = HEAD + (
        "Directed by Ilse Varga.\n\n"
        "## If you liked this\n\n"
        "- *Paper Harbour* — Oskar Lind's comedy with Dana Wolfe as a ferry captain.\n"
        "- *Night Train* — directed by Curtis Lane, a colder film.\n"
    )
    assert credits(text) == {(m.DIRECTOR, "Ilse Varga", None)}


def test_a_bulleted_cast_entry_in_bold_is_still_read() -> None:
    text = HEAD + "## Cast\n\n- **Dana Wolfe** — brilliant, and the best thing in the film.\n"
    assert {fact[1] for fact in credits(text) if fact[0] == m.CAST} == {"Dana Wolfe"}


def test_the_clause_after_another_films_title_is_its_own() -> None:
    text = HEAD + (
        "The first was **Paper Harbour**, written and directed by Oskar Lind; the second was "
        "**Salt Lanterns**, directed by Ilse Varga.\n"
    )
    assert credits(text) == {(m.DIRECTOR, "Ilse Varga", None)}


def test_a_paragraph_opened_about_the_other_film_stays_about_it() -> None:
    text = HEAD + (
        "Directed by Ilse Varga.\n\n"
        "Let's deal with the other film first. Lind's picture stars Dana Wolfe as Hedda. "
        "It has amber photography by Curtis Lane.\n\n"
        "Salt Lanterns is shot by Mira Solberg.\n"
    )
    assert credits(text) == {(m.DIRECTOR, "Ilse Varga", None), (m.CREW, "Mira Solberg", "cinematographer")}


def test_a_note_in_parentheses_on_another_film_gives_nothing() -> None:
    text = HEAD + "The robot hums along to Paper Harbour! (Oskar Lind's 1969 musical with Dana Wolfe) all day.\n"
    assert credits(text) == set()


def test_a_note_in_parentheses_on_this_film_is_read() -> None:
    text = "# Salt Lanterns\n\nToday Salt Lanterns (Ilse Varga's 2019 drama) opens.\n"
    assert (m.DIRECTOR, "Ilse Varga", None) in credits(text)


def test_a_makers_possessive_before_another_films_title_is_in_its_clause() -> None:
    text = HEAD + (
        "Directed by Ilse Varga.\n\n"
        "Oskar Lind's *Paper Harbour*, which reunited Dana Wolfe and Tomas Erdo under director Curtis Lane, "
        "opened the week before.\n"
    )
    assert credits(text) == {(m.DIRECTOR, "Ilse Varga", None)}


def test_the_work_a_film_is_based_on_keeps_its_credits() -> None:
    text = HEAD + (
        "Directed by Ilse Varga. It is based on the 1960s radio serial created by Oskar Lind, "
        "with Dana Wolfe as Hedda.\n\n"
        "Based on the novel by Pia Lund, the film stars Tobias Renn as Elmer.\n"
    )
    assert credits(text) == {(m.DIRECTOR, "Ilse Varga", None), (m.CAST, "Tobias Renn", "Elmer")}
