"""Typed-answer matching: forgiving about form, strict about substance.

Case, accents, punctuation, spacing and a leading article ("The") never
matter; small typos are tolerated in proportion to the answer's length (none
up to 3 characters, 1 up to 7, 2 up to 15, then 3); numbers must be exact
("1994" never matches "1995"), and number words count as digits ("seven" is
"7"). A guess must match a whole accepted answer: naming several candidates
in one guess does not win.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from bot.text import fold

_ARTICLES = frozenset({"the", "a", "an"})
_SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = {word: str(number) for number, word in enumerate(_SMALL_NUMBERS.split(" "))}
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """The comparable form: folded, number words as digits, no leading article."""
    tokens = [_NUMBER_WORDS.get(token, token) for token in fold(text).split()]
    while len(tokens) > 1 and tokens[0] in _ARTICLES:
        tokens = tokens[1:]
    return " ".join(tokens)


def typo_allowance(length: int) -> int:
    """How many edits (insert, delete, substitute, swap) an answer of `length` tolerates."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 15:
        return 2
    return 3


def _numbers(normalised: str) -> list[int]:
    return [int(n) for n in _DIGITS.findall(normalised)]


def is_match(guess: str, accepted: Iterable[str]) -> bool:
    """True when `guess` is one of the `accepted` answers, allowing for form and typos."""
    raw = guess.strip().casefold()
    if not raw:
        return False
    wanted = normalise(guess)
    for answer in accepted:
        target = normalise(answer)
        if not target or not wanted:
            # An answer with no letters or digits ("?!") must be typed as it is.
            if not target and raw == answer.strip().casefold():
                return True
            continue
        if wanted == target:
            return True
        if _numbers(wanted) != _numbers(target):
            continue
        allowance = typo_allowance(len(target))
        if allowance and OSA.distance(wanted, target, score_cutoff=allowance) <= allowance:
            return True
    return False
