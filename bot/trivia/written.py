"""Questions written in Discord (/admin question add): a form's fields become one question of a
server pack, checked as a pack file's question is.

A server pack is an uploaded pack in filmbot's YAML format; a question added in Discord is
appended to its `questions` and the whole pack is validated and stored again by the trivia
service (the same schema, rules and name uniqueness as an upload), so a pack written in Discord
and one uploaded as a file are the same thing. Packs in Red-DiscordBot's format are edited by
uploading the file again. The form has five fields (Discord's most): wrong answers and other
accepted answers are one per line (or separated by ";", which the one-line console needs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from bot.text import fold, strip_bidi
from bot.trivia.errors import TriviaError
from bot.trivia.model import CHOICE_MAX_LENGTH, DIFFICULTIES, MEDIUM

MAX_WRONG = 3
MAX_ACCEPTED = 10
PROMPT_MAX = 1000
ANSWER_MAX = 200
PACK_NAME_MAX = 100
_SEPARATORS = re.compile(r"[\n;]")
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class WrittenQuestionError(TriviaError):
    """A question from the form refused, or a pack that cannot take written questions."""


@dataclass(frozen=True, slots=True)
class QuestionDraft:
    """One question as a moderator wrote it, already checked."""

    prompt: str
    answer: str
    wrong: tuple[str, ...]
    accepted: tuple[str, ...]
    difficulty: str

    def as_pack_item(self) -> dict[str, Any]:
        """The question as an item of a pack file's `questions`."""
        item: dict[str, Any] = {"prompt": self.prompt, "answer": self.answer}
        if self.accepted:
            item["accept"] = list(self.accepted)
        if self.wrong:
            item["choices"] = [self.answer, *self.wrong]
        item["difficulty"] = self.difficulty
        return item


def _text(value: object, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise WrittenQuestionError(f"{what} must be text.")
    return " ".join(strip_bidi(value).split())


def _entries(value: object, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, str):
        raise WrittenQuestionError(f"{what} must be text, one per line.")
    return [entry for entry in (" ".join(strip_bidi(part).split()) for part in _SEPARATORS.split(value)) if entry]


def draft_from_form(
    prompt: object, answer: object, wrong: object, accepted: object, difficulty: object
) -> QuestionDraft:
    """The form's values as a question; raises WrittenQuestionError saying what to fix.

    A modified client can send anything, so types and lengths are checked here as well as
    by the form.
    """
    question = _text(prompt, "The question")
    right = _text(answer, "The right answer")
    wrongs = _entries(wrong, "The wrong answers")
    others = _entries(accepted, "The other accepted answers")
    level = _text(difficulty, "The difficulty").lower() or MEDIUM
    if not question or not fold(question):
        raise WrittenQuestionError("The question is empty.", "Write the question, then its answers.")
    if len(question) > PROMPT_MAX:
        raise WrittenQuestionError(f"The question is at most {PROMPT_MAX} characters, got {len(question)}.")
    if not right or not fold(right):
        raise WrittenQuestionError("The right answer is empty.")
    if len(wrongs) > MAX_WRONG:
        raise WrittenQuestionError(
            f"A question has at most {MAX_WRONG} wrong answers, got {len(wrongs)}.", "Write one per line."
        )
    limit = CHOICE_MAX_LENGTH if wrongs else ANSWER_MAX  # with wrong answers, every answer is a button
    for entry in (right, *wrongs):
        if len(entry) > limit:
            raise WrittenQuestionError(
                f"“{entry[:40]}…” is too long: answers shown as buttons are at most {limit} characters."
            )
    if len(others) > MAX_ACCEPTED:
        raise WrittenQuestionError(f"At most {MAX_ACCEPTED} other accepted answers, got {len(others)}.")
    for entry in others:
        if len(entry) > ANSWER_MAX:
            raise WrittenQuestionError(f"An accepted answer is at most {ANSWER_MAX} characters, got {len(entry)}.")
    true = {fold(right), *(fold(o) for o in others)}
    folded_wrong = [fold(w) for w in wrongs]
    clash = next((w for w, f in zip(wrongs, folded_wrong, strict=True) if f in true), None)
    if clash is not None:
        raise WrittenQuestionError(
            f"“{clash}” is a right answer, so it cannot also be a wrong one.",
            "Take it out of the wrong answers (or out of the accepted ones).",
        )
    if len(set(folded_wrong)) != len(folded_wrong) or not all(folded_wrong):
        raise WrittenQuestionError("The wrong answers must be different from each other.")
    if level not in DIFFICULTIES:
        raise WrittenQuestionError(f"The difficulty is one of {', '.join(DIFFICULTIES)}, not “{level[:20]}”.")
    return QuestionDraft(question, right, tuple(wrongs), tuple(dict.fromkeys(others)), level)


def pack_data(text: str) -> dict[str, Any]:
    """A stored pack's YAML as data, to edit (all scalars stay text, as the loader reads them).

    Raises WrittenQuestionError for a pack in Red-DiscordBot's format.
    """
    data = yaml.load(text, Loader=_Loader)  # noqa: S506 - BaseLoader builds no objects
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise WrittenQuestionError(
            "That pack is in Red-DiscordBot's format, which questions written here cannot be added to.",
            "Edit the file and upload it again with /admin pack upload, or add to a pack of another name.",
        )
    return data


def pack_text(data: dict[str, Any]) -> str:
    """A pack's data as the YAML stored for it (and read back by the pack loader)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def new_pack_name(name: object) -> str:
    """The display name of a pack created by its first written question."""
    text = _text(name, "The pack's name")
    if not text or not fold(text):
        raise WrittenQuestionError("A pack needs a name with letters or digits.")
    if len(text) > PACK_NAME_MAX:
        raise WrittenQuestionError(f"A pack's name is at most {PACK_NAME_MAX} characters, got {len(text)}.")
    return text
