"""Trivia domain objects shared by the bank, the packs, the game, the service and the store
(which takes and returns `Question`s as they are)."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from bot.model import source_label

EASY = "easy"
MEDIUM = "medium"
HARD = "hard"
DIFFICULTIES: tuple[str, ...] = (EASY, MEDIUM, HARD)

CHOICE_COUNT = 4  # the answer and three distractors
CHOICE_MAX_LENGTH = 80  # a Discord button label
ABANDON_AFTER = 3  # questions in a row nobody answers before a game ends by itself

# How a game is answered: with a button per choice (the default), or typed into a form.
BUTTONS = "buttons"
TYPED = "typed"
MODES: tuple[str, ...] = (BUTTONS, TYPED)

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def spelled(number: int) -> str:
    """A small count in words ("three"), larger ones in digits, for text shown to players."""
    return _NUMBER_WORDS[number] if 0 <= number < len(_NUMBER_WORDS) else str(number)


def stable_id(*parts: str) -> str:
    """A short id that depends only on `parts`: same catalog, same ids."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


def seeded_rng(question_id: str) -> random.Random:
    """A generator seeded by the question id (never the global one), for choice order."""
    return random.Random(int(stable_id("rng", question_id), 16))  # noqa: S311 - shuffling, not secrets


@dataclass(frozen=True, slots=True)
class Question:
    """A question as a game plays it.

    `choices` includes `answer` exactly once; it is empty for a pack question
    that could not get enough distractors (it is never played). `accepted`
    lists every true answer (the first is `answer`): none is ever offered as a
    wrong choice. Bank questions carry the document they came from, pack
    questions the pack's name.
    """

    id: str
    kind: str
    prompt: str
    answer: str
    choices: tuple[str, ...]
    difficulty: str
    film_slug: str | None = None
    pack: str | None = None
    document: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    accepted: tuple[str, ...] = ()

    @property
    def answers(self) -> tuple[str, ...]:
        """Every accepted answer, the display answer first."""
        return self.accepted or (self.answer,)

    @property
    def answer_index(self) -> int:
        return self.choices.index(self.answer)

    @property
    def typeable(self) -> bool:
        """Whether the question can be answered without seeing its choices: not a
        "Which of these ...?" (several true answers, the choices say which is meant)."""
        return not self.prompt.casefold().startswith("which of these")

    @property
    def source_label(self) -> str | None:
        """Where the fact comes from: "review 002", or "pack classics"."""
        if self.document:
            return source_label(self.document)
        if self.pack:
            return f"pack {self.pack}"
        return None
