"""The document's film among several (bot.ingest.mainfilm) and the headline forms that name it (title).

Invented films and people only.
"""

from __future__ import annotations

import pytest

from bot import model as m
from bot.ingest.extract import extract_document
from bot.ingest.mainfilm import capsule_heads, masthead_mark, settle_main_film
from bot.ingest.title import (
    describes_a_film,
    headline_index,
    is_date_line,
    is_kicker_line,
    is_label_line,
    listicle_title,
    looks_like_a_person,
    reply_subject,
    used_as_person,
)


def _claims(text: str, field: str) -> list[str]:
    return [c.value for c in extract_document("t.md", text).claims if c.field == field]


def test_a_listing_column_gives_the_film_of_its_longest_capsule_and_nothing_from_the_others() -> None:
    text = (
        "THE LATE SHOW | Second Runs\n\n"
        "GLASS ORCHARD (PG, 98 min.) Mats Berg's small comedy, with Lotte Fahl.\n\n"
        "PAPER HARBOUR (R, 104 min. dir. Oskar Lind)\n"
        "Lind's ferry drama returns for a week. Ingrid Vass plays Britt, the pilot's sister, and the harbour"
        " scenes were shot by Pia Holm in one freezing month. Tor Ek wrote the music, all cello and wind. It is"
        " the best thing on any screen in town this week.\n\n"
        "COLD VALLEY (PG-13, 91 min.) Ada Roon's thriller, with Kurt Lamm, closes the week.\n"
    )
    extraction = extract_document("t.md", text)
    assert extraction.title is not None and extraction.title.lower() == "paper harbour"
    people = {c.person for c in extraction.claims if c.person}
    assert {"Oskar Lind", "Ingrid Vass"} <= people
    assert not people & {"Mats Berg", "Lotte Fahl", "Ada Roon", "Kurt Lamm"}


def test_capsules_of_like_length_leave_the_film_unclear_and_give_none() -> None:
    text = (
        "NOW SHOWING\n\n"
        "PAPER HARBOUR (PG, 104 min.) Oskar Lind's ferry drama. Ingrid Vass stars.\n\n"
        "GLASS ORCHARD (12A, 98 min.) The sequel, weaker, with Lotte Fahl.\n"
    )
    assert extract_document("t.md", text).title is None


def test_a_ranked_list_gives_the_film_the_body_discusses_most() -> None:
    text = (
        "The Best Ferry Films, Ranked\n\n"
        "3. Glass Orchard (1993)\nA weaker sequel, shot by Pia Holm.\n\n"
        "1. Paper Harbour (1987)\nOskar Lind's masterpiece. Ingrid Vass plays Britt, the pilot's sister, and the"
        " film runs 104 minutes without one wasted frame. Lind wrote it with Eva Sand. Music by Tor Ek.\n"
    )
    extraction = extract_document("t.md", text)
    assert extraction.title == "Paper Harbour"
    assert _claims(text, m.YEAR) == ["1987"]
    assert "Pia Holm" not in {c.person for c in extraction.claims}


def test_capsule_heads_are_titles_before_listing_facts_only() -> None:
    text = "SHOWTIMES (see page 4)\n\nPAPER HARBOUR (R, 104 min.) A drama.\n\nALSO: a note (on parking).\n"
    heads = capsule_heads(text, [])
    assert [text[s:e] for s, e in heads] == ["PAPER HARBOUR"]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("THE PAPER LANTERN — Issue #12", "THE PAPER LANTERN"),
        ("Reel Notes, No. 7", "Reel Notes"),
        ("Night Owls Podcast — Episode 40: 'Cold Valley' (1999)", "Night Owls Podcast"),
        ("Paper Harbour (1987)", None),
        ("Paper Harbour: Part 2 (1990)", None),
    ],
)
def test_a_masthead_names_the_publication(line: str, name: str | None) -> None:
    mark = masthead_mark(line)
    assert (line[:mark].rstrip(" —-,") if mark is not None else None) == name


def test_a_newsletter_masthead_is_not_the_film() -> None:
    text = (
        "THE PAPER LANTERN — Issue #12\n\n"
        "Hello again. One pick this week.\n\n"
        "**PICK OF THE WEEK: COLD VALLEY (1999)**\n\n"
        "Cold Valley is Ada Roon's thriller about a snowed-in inn. Kurt Lamm plays the innkeeper.\n\n"
        "See you next week,\nThe Paper Lantern\n"
    )
    extraction = extract_document("t.md", text)
    assert extraction.title is not None and extraction.title.lower() == "cold valley"


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("7 Reasons Paper Harbour Is Still the Ferry Film to Beat", "Paper Harbour"),
        ("10 Things You Never Knew About Cold Valley", "Cold Valley"),
        ("5 Scenes From Glass Orchard That Still Hurt", "Glass Orchard"),
        ("3 Reasons Why The Salt Road Endures", "The Salt Road"),
        ("10 Reasons to Love Summer", None),
        ("The 12 Best Films of 2020", None),
    ],
)
def test_a_listicle_headline_names_its_film(headline: str, title: str | None) -> None:
    span = listicle_title(headline, 0, len(headline))
    assert (headline[span[0] : span[1]] if span else None) == title


def test_a_listicle_needs_no_second_mention_of_its_film() -> None:
    text = (
        "# 7 Reasons Paper Harbour Is Still the Ferry Film to Beat\n\n"
        "## 1. The pilot\n\nAs Britt, Ingrid Vass carries the film. Batman would have drowned.\n\n"
        "## 2. The sea\n\nPia Holm shot the sea for a month. Batman never came up.\n"
    )
    assert extract_document("t.md", text).title == "Paper Harbour"


def test_a_reply_subject_is_the_thread_title_and_initials_confirm_it() -> None:
    assert reply_subject("Re: Cold Valley - worth it?") == 4
    assert reply_subject("Re:") is None
    text = (
        "Re: Cold Valley - worth it?\n\n"
        "> honestly CV is a bore. Glass Orchard is the better inn movie, Glass Orchard is funnier\n\n"
        "Nah. CV is Ada Roon's best, and Kurt Lamm plays the innkeeper like a man under ice.\n"
    )
    assert extract_document("t.md", text).title == "Cold Valley"


@pytest.mark.parametrize(
    "line", ["Entry 14 — 3 March", "March 3rd", "Day three", "Dear diary — Tuesday 4 March", "Week One"]
)
def test_diary_dates_are_no_titles(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize("line", ["VENICE — Day 5", "LOCARNO, Aug. 9", "SHORT TAKES", "Now Showing"])
def test_datelines_and_section_labels_are_no_titles(line: str) -> None:
    assert is_label_line(line)


@pytest.mark.parametrize("line", ["Paper Harbour", "The Third Man", "Day of the Dead", "Night Moves"])
def test_titles_are_neither_dates_nor_labels(line: str) -> None:
    assert not is_date_line(line) and not is_label_line(line)


def test_a_diary_gives_the_film_it_watched_not_its_date_or_company() -> None:
    text = (
        "Entry 14 — 3 March\n\n"
        "Rainy. Watched Paper Harbour with Sam. Ingrid Vass as Britt is superb; Oskar Lind directed."
        " Sam preferred Glass Orchard, which we saw last week.\n"
    )
    assert extract_document("t.md", text).title == "Paper Harbour"


def test_two_films_watched_leave_a_diary_without_a_film() -> None:
    text = "March 3rd\n\nWatched Paper Harbour. Then watched Glass Orchard. Ingrid Vass is in both.\n"
    assert extract_document("t.md", text).title is None


def test_a_single_capsule_under_a_section_label_is_the_film() -> None:
    text = (
        "SHORT TAKES\n\n"
        "PAPER HARBOUR ★★★★ (R) Oskar Lind's ferry drama, with Ingrid Vass as the pilot's sister. 104 min.\n"
    )
    assert (extract_document("t.md", text).title or "").lower() == "paper harbour"


def test_a_title_shouted_in_a_post_is_the_film_but_a_dateline_is_not() -> None:
    post = "1/ ok thread time. rewatched PAPER HARBOUR last night and I have thoughts\n\n2/ Ingrid Vass!! 9/10\n"
    assert extract_document("t.md", post).title == "PAPER HARBOUR"
    dispatch = "VENICE, Sept. 3 — The rain came back.\n\nVENICE — queues again, and nothing new to see.\n"
    assert extract_document("t.md", dispatch).title is None


_BODY = "\n\nOskar Lind directed it with great patience. Ingrid Vass plays Britt, and it runs 104 minutes.\n"


@pytest.mark.parametrize(
    "headline",
    [
        "In Praise of Paper Harbour",
        "Why Paper Harbour Beats Glass Orchard",
        "Berlinale 2024: Paper Harbour is the one to beat",
        "Cannes 2023 — Day 4: Paper Harbour",
        "LFF 2022 | Paper Harbour",
        "Paper Harbour at 35: the ferry film that taught me patience",
    ],
)
def test_framing_festival_and_anniversary_headlines_give_the_film(headline: str) -> None:
    extraction = extract_document("t.md", headline + _BODY)
    assert extraction.title == "Paper Harbour"
    assert not [c for c in extraction.claims if c.field == m.YEAR]  # "LFF 2022": the festival's year


@pytest.mark.parametrize(
    "headline", ["The Ferry Film Nobody Saw", "Oskar Lind's Quiet Masterpiece", "Revisiting Oskar Lind: Paper Harbour"]
)
def test_a_headline_describing_a_film_or_naming_its_director_is_no_title(headline: str) -> None:
    assert extract_document("t.md", headline + _BODY).title is None


def test_used_as_person_and_describes_a_film() -> None:
    text = "Oskar Lind directed it. It was shot by Pia Holm."
    assert used_as_person(text, "Oskar Lind", 0) and used_as_person(text, "Pia Holm", 0)
    assert not used_as_person(text, "Paper Harbour", 0)
    assert describes_a_film("The Ferry Film Nobody Saw") and not describes_a_film("Paper Harbour")


def test_of_two_titles_with_years_the_first_and_most_named_wins_and_no_span_crosses_a_sentence() -> None:
    text = (
        "A Winter Rewatch\n\nPaper Harbour (1987) is a drama. Ingrid Vass plays Britt. Glass Orchard (1993),"
        " its sequel, was shot by Pia Holm.\n"
    )
    assert extract_document("t.md", text).title == "Paper Harbour"


@pytest.mark.parametrize(
    "line",
    [
        "**THE HARBOUR LETTER** · Locarno 77 · Day 1",
        "CANNES 1999 — CRITICS' CORNER",
        "Festival Notebook — Berlinale 74, last night",
        "FERRY CLUB › Features",
        "MOVIES ON TV · SATURDAY 21/11",
        "**Ana Lopez** @ana.example.social",
        "ENTERTAINMENT | FILM REVIEW",
    ],
)
def test_kicker_lines_above_the_headline(line: str) -> None:
    assert is_kicker_line(line)


@pytest.mark.parametrize("line", ["PAPER HARBOUR | Review", "Paper Harbour (1987)", "PAPER HARBOUR — a review"])
def test_a_title_line_is_no_kicker(line: str) -> None:
    assert not is_kicker_line(line)


def test_the_headline_under_a_kicker_quotes_its_film_in_sentence_case() -> None:
    text = (
        "LOCARNO 1999 — CRITICS' CORNER\n\n"
        'Ferries, a storm and a new name to learn: Sweden\'s "Papper hamn" wakes up the Piazza Grande\n\n'
        'LOCARNO — "Papper hamn," a first feature by Oskar Lind, played on Thursday. Ingrid Vass plays Britt.\n'
    )
    assert headline_index(text.split("\n")[::2]) == 1
    assert extract_document("t.md", text).title == "Papper hamn"


def test_a_tv_listing_gives_the_film_of_its_longest_entry() -> None:
    text = (
        "MOVIES ON TV · SATURDAY 21/11\n\nFerry night.\n\n"
        "7.00pm GLASS ORCHARD (1993) Sea Classics [212] — 3\ndir. Mats Berg. A weaker sequel.\n\n"
        "9.00pm PAPER HARBOUR (1987) Channel 4 — 5\ndir. Oskar Lind; with Ingrid Vass. 104 min. The pilot's"
        " sister holds the whole film together, and the storm at the end is still the best thing on television"
        " this week, or any week.\n"
    )
    assert (extract_document("t.md", text).title or "").lower() == "paper harbour"


def test_a_capsule_head_with_its_stars_above_the_parenthesis() -> None:
    text = (
        "THE WEEK IN FILM | Repertory\n\nPAPER HARBOUR ★★★½\n(PG, 104 min. dir. Oskar Lind;"
        " with Ingrid Vass) The small film that beat the storm. Lind, who wrote the script, keeps it cold.\n"
    )
    assert (extract_document("t.md", text).title or "").lower() == "paper harbour"


def test_a_repeated_person_or_possessive_is_no_last_resort_title() -> None:
    text = (
        "we went out on saturday\n\nwith Steph and Laura and Laura's dad. Sylvester Lind was there."
        " we saw Lind in the lobby and Laura's dad waved.\n"
    )
    assert looks_like_a_person(text, text.index("Laura's"), text.index("Laura's") + len("Laura's"))
    assert looks_like_a_person(text, text.index("Lind in"), text.index("Lind in") + len("Lind"))


def test_a_shouted_word_the_post_also_writes_in_lower_case_is_emphasis() -> None:
    post = "1/ you WILL cry at this one, i will not argue. rewatched it last night\n\n2/ 9/10\n"
    assert extract_document("t.md", post).title is None


def test_a_title_the_body_always_writes_with_its_article_keeps_it() -> None:
    text = "Notes\n\nThe Lantern came first. The Lantern is a puzzle, and The Lantern still fools me.\n"
    start = text.index("Lantern")
    decision = settle_main_film(text, [], (start, start + len("Lantern")), None)
    assert decision.action == "replace" and decision.span is not None
    assert text[decision.span[0] : decision.span[1]] == "The Lantern"
    mixed = "Notes\n\nThe Lantern came first. Lantern is a puzzle, and The Lantern still fools me.\n"
    start = mixed.index("Lantern")
    assert settle_main_film(mixed, [], (start, start + len("Lantern")), None).action == "keep"
