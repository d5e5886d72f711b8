"""Trivia categories: the kinds of question a game can be limited to (`/trivia start category:`).

Each catalog question kind belongs to one category, and every pack question to "packs";
a category is offered only when the questions a game could draw include some of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from bot.text import fold
from bot.trivia.bank import CREW, DIRECTOR, GENRE, ORGANISATION, PLACE, PLAYED_BY, PLAYS, RUNTIME, TAGLINE, YEAR
from bot.trivia.model import Question
from bot.trivia.packs import PACK_KIND


@dataclass(frozen=True, slots=True)
class Category:
    key: str  # what `category:` takes
    name: str  # how it is shown
    kinds: frozenset[str]  # the question kinds it holds


CATEGORIES: tuple[Category, ...] = (
    Category("directors", "Directors", frozenset({DIRECTOR})),
    Category("cast", "Cast: who plays a character", frozenset({PLAYED_BY})),
    Category("characters", "Characters: whom an actor plays", frozenset({PLAYS})),
    Category("crew", "Crew", frozenset({CREW})),
    Category("years-runtimes", "Years and runtimes", frozenset({YEAR, RUNTIME})),
    Category("taglines", "Taglines", frozenset({TAGLINE})),
    Category("genres", "Genres", frozenset({GENRE})),
    Category("story", "Story: places and organisations", frozenset({PLACE, ORGANISATION})),
    Category("packs", "Question packs", frozenset({PACK_KIND})),
)
_BY_KIND = {kind: category for category in CATEGORIES for kind in category.kinds}


def category_of(question: Question) -> Category | None:
    """The category of a question (pack questions are "packs", whatever they ask)."""
    if question.pack is not None:
        return _BY_KIND[PACK_KIND]
    return _BY_KIND.get(question.kind)


def find_category(text: str) -> Category | None:
    """The category `text` names: its key or its name, any case or accents; None if none."""
    wanted = fold(text)
    return next((c for c in CATEGORIES if wanted in (fold(c.key), fold(c.name))), None)


def counts(questions: Iterable[Question]) -> list[tuple[Category, int]]:
    """How many of `questions` each category has, in the categories' order; empty ones left out."""
    found = Counter(category_of(q) for q in questions)
    return [(c, found[c]) for c in CATEGORIES if found[c]]
