"""Choices drawn for pack questions written without them, by what each question asks for
(its answer kind: from its wording, or from what the catalog knows the answer as)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from bot.text import fold
from bot.trivia.bank import DISTRACTORS, pick_distractors
from bot.trivia.model import CHOICE_MAX_LENGTH, Question, seeded_rng
from bot.trivia.packs.model import Pack

# A whole number written with ASCII digits: "²".isdigit() is true, and int() refuses it.
# The schema caps answers at 200 characters, far below int()'s 4300-digit limit.
_NUMBER = re.compile(r"[0-9]+")


def _numeric_distractors(question: Question) -> list[str] | None:
    value = int(question.answer)
    offsets = (-4, -3, -2, -1, 1, 2, 3, 4) if value >= 1000 else (-3, -2, -1, 1, 2, 3)
    taken = {fold(a) for a in question.answers}
    candidates = [str(value + o) for o in offsets if value + o >= 0 and str(value + o) not in taken]
    if len(candidates) < DISTRACTORS:
        return None
    return seeded_rng(question.id).sample(candidates, DISTRACTORS)


_PERSON_KINDS = ("director", "actor", "composer", "person")
_PLACE_WORDS = (
    "town|city|village|country|nation|kingdom|planet|island|school|hotel|street|state|"
    "continent|moon|prison|castle|valley|forest|mountain|river|farm|ranch|home"
)
_CHARACTER_WORDS = "character|villain|hero|heroine|hobbit|doll|dog|cat|horse|cub|pet|bear|sidekick"
_THING_WORDS = "ship|spaceship|boat|car|computer|weapon|sword|ring|pill|drink|song"
# What a question without choices asks for, by its wording (folded): the first rule that
# matches wins. The leading words decide first ("Who directed ..."); for "What is the
# name of ...", the noun named ("the town", "the cowboy doll", "the boat").
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("year", re.compile(r"(when|in which year|in what year|what year|which year)\b")),
    ("composer", re.compile(r"(who|whom)\b.*\b(composed|compose|wrote the (music|score))\b|(which|what) composer\b")),
    ("director", re.compile(r"(who|whom)\b.*\bdirect|(which|what) (film )?director\b")),
    ("actor", re.compile(r"(who|whom)\b.*\b(play|plays|played|starred|starring|portray|portrayed|voice)\b")),
    ("actor", re.compile(r"(which|what) (actor|actress)\b")),
    ("person", re.compile(r"(who|whom|whose)\b")),
    ("film", re.compile(r"(which|what) (\d+ )?(film|movie|picture)\b")),
    ("place", re.compile(r"where\b|(which|what) (" + _PLACE_WORDS + r")\b")),
    ("name", re.compile(r".*\bname of (the |\w+ s )?(\w+ )?(" + _THING_WORDS + r")\b")),
    ("place", re.compile(r".*\bname of (the |\w+ s )?(\w+ )*?(" + _PLACE_WORDS + r")\b")),
    (
        "character",
        re.compile(r"(which|what) character\b|.*\bname of (the |\w+ s )?(\w+ )*?(" + _CHARACTER_WORDS + r")\b"),
    ),
    ("character", re.compile(r".*\bname of the (\w+ ){1,3}who\b")),
)
# Where a kind's wrong choices come from, nearest first; a kind never borrows from
# another family (no director among actors' answers before other directors, never a
# character among places).
_KIND_TIERS: dict[str, tuple[str, ...]] = {
    "director": ("director", "person"),
    "actor": ("actor", "person"),
    "composer": ("composer", "person"),
    "person": _PERSON_KINDS,
    "place": ("place",),
    "character": ("character",),
    "film": ("film",),
    "year": ("year",),
    "name": ("name", "character", "place", "film"),
}


# What the catalog knows a name as: folded name -> the kinds above (a person may be
# both an actor and a director). Given by the trivia service, from its question bank.
KnownKinds = Mapping[str, frozenset[str]]
_KIND_PREFERENCE = ("director", "actor", "composer", "person", "character", "place", "film", "name")


def answer_kind(prompt: str, answer: str | None = None, known: KnownKinds | None = None) -> str:
    """What a question asks for: a director, an actor, a composer, another person, a year,
    a film, a place, a character, or some other name.

    By what the answer is where the catalog knows the name (`known`), agreeing with
    the wording when the name is known as several things; otherwise by the wording.
    """
    text = fold(prompt)
    by_wording = next((kind for kind, pattern in _KIND_RULES if pattern.match(text)), "name")
    kinds = known.get(fold(answer), frozenset()) if known is not None and answer is not None else frozenset()
    if not kinds or by_wording in kinds:
        return by_wording
    if by_wording == "person" and kinds & set(_PERSON_KINDS):
        return by_wording  # "Who ...?" about someone the catalog knows in several jobs
    return next(kind for kind in _KIND_PREFERENCE if kind in kinds)


def is_number(answer: str) -> bool:
    """An answer played as a number (nearby numbers as distractors): ASCII digits only."""
    return _NUMBER.fullmatch(answer) is not None


def with_catalog(pack: Pack, known: KnownKinds) -> Pack:
    """The pack with its drawn choices drawn again, now that the catalog can say what some
    answers are (a written choice list is never touched)."""
    if not pack.drawn or not known:
        return pack
    bare = [replace(q, choices=()) if q.id in pack.drawn else q for q in pack.questions]
    return replace(pack, questions=tuple(with_drawn_choices(bare, known)))


def with_drawn_choices(questions: Sequence[Question], known: KnownKinds | None = None) -> list[Question]:
    """Give every question without choices three drawn from the other answers.

    Answers to the same kind of question first (people for "Who ...?", films
    for "Which film ...?"), then any of similar length; numbers get nearby
    numbers. Never one of the question's accepted answers, or one containing
    it. Questions that still cannot get three keep no choices (never played).

    The candidate lists are built once for the whole pack (per kind, per
    answer length), so this stays linear in the number of questions.
    """
    kinds = [answer_kind(q.prompt, q.answer, known) for q in questions]
    usable = [
        (q, kind)
        for q, kind in zip(questions, kinds, strict=True)
        if len(q.answer) <= CHOICE_MAX_LENGTH and not is_number(q.answer)
    ]
    texts = [q.answer for q, _ in usable]
    words_of = [len(a.split()) for a in texts]
    by_kind: dict[str, list[str]] = {}
    for q, kind in usable:
        by_kind.setdefault(kind, []).append(q.answer)
    similar_by_words: dict[int, list[str]] = {}

    def similar(words: int) -> list[str]:
        found = similar_by_words.get(words)
        if found is None:
            found = similar_by_words[words] = [a for a, n in zip(texts, words_of, strict=True) if abs(n - words) <= 1]
        return found

    out = []
    for question, kind in zip(questions, kinds, strict=True):
        if question.choices or len(question.answer) > CHOICE_MAX_LENGTH:
            out.append(question)
            continue
        if is_number(question.answer):
            others = _numeric_distractors(question)
        else:
            tiers = [by_kind.get(k, []) for k in _KIND_TIERS.get(kind, (kind,))]
            others = pick_distractors(question.id, question.answer, tiers, question.answers)
        if others is None:
            out.append(question)
            continue
        choices = [question.answer, *others]
        seeded_rng(question.id).shuffle(choices)
        out.append(replace(question, choices=tuple(choices)))
    return out
