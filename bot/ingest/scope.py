"""Scope: a sentence or clause about another film gives its credits to nobody.

"Unlike her last film, Y (2015), which was shot by Z, ..." names another film
with its year: the clause about it (the year, the relative clause after it,
or the whole sentence when the rest does not turn back to this film) is
marked, and no claim is read from it. Listings' capsules about other films
are scoped in `credits.capsule_credits`; "X's 1997 film" with another year in
`roles`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.ingest import lexicon as lx
from bot.ingest import mentions as mn
from bot.ingest.blocks import Layout
from bot.ingest.values import fold_key as fold

THIS_FILM = re.compile(
    r"\b(?:[Tt]his|[Tt]he new|[Tt]he present|[Oo]ur|[Tt]oday['’]s)[ \u00a0]+(?:one|film|movie|picture)\b"
    r"|\bhere\b|\bit\b"
)


def other_film_clauses(
    text: str,
    lower: str,
    layout: Layout,
    title_forms: list[str],
    title_keys: set[str],
    skip_openers: Callable[[int, int], int],
) -> list[tuple[int, int]]:
    """Spans of the clauses about other films, each from its sentence's start.

    A title with a year in parentheses that is not the subject's marks its
    sentence from the start to the end of the clause about it: the year, or
    the relative clause after it ("which ..., "), or the whole sentence when
    the other film is its subject ("Y (2015) was shot by Z.") or the rest of
    the sentence never turns to this film ("Her last film, Y (2012), starred Z").
    """
    spans = []
    subject_keys = {key.removeprefix("the ") for key in title_keys}
    for year in mn.PARENS_YEAR.finditer(text):
        index = layout.sentence_index(year.start())
        if index is None:
            continue
        sentence = layout.sentences[index]
        before = text[max(sentence.start, year.start() - 160) : year.start()].rstrip()
        if any(before.endswith(form) for form in title_forms):
            continue  # "<Title> (2024)": the subject
        found = mn.TITLE_BEFORE_YEAR.search(text, sentence.start, year.start())
        if not found:
            continue
        start = skip_openers(found.start("title"), found.end("title"))
        title = text[start : found.end("title")]
        if not title or title.lower() in lx.FUNCTION_WORDS:
            continue
        if fold(title).removeprefix("the ") in subject_keys:
            continue  # "Copper Saints (2021)" in a review of "The Copper Saints"
        end = sentence.end
        if text.startswith(",", year.end()):
            relative = mn.RELATIVE_CLAUSE.match(text, year.end(), sentence.end)
            end = year.end()
            if relative:
                comma = text.find(",", relative.end(), sentence.end)
                end = comma if comma >= 0 else sentence.end
        if end < sentence.end and not names_this_film(text, lower, end, sentence.end, title_forms):
            end = sentence.end  # "Her last film, Y (2012), starred Z as W.": the rest is about Y too
        spans.append((sentence.start, end))
    return spans


def names_this_film(text: str, lower: str, start: int, end: int, title_forms: list[str]) -> bool:
    """Whether [start, end) refers to the document's film ("this one", "here", its title)."""
    if THIS_FILM.search(text, start, end):
        return True
    window = lower[start:end]
    return any(form.lower() in window for form in title_forms)
