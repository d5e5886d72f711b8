"""Fair matching of typed trivia answers: pure, no I/O.

A guess and every accepted answer are brought to one *key* the same way:

- case, accents and punctuation go (`bot.text.fold`: "Zoë SALDAÑA!" -> "zoe saldana"),
  and "&" reads as "and";
- a leading article goes ("The Matrix" = "Matrix"; English, French, Spanish, Italian, German);
- numbers written in words become digits ("nineteen ninety-five" = "1995", "two thousand
  and five" = "2005"), "1,000" is "1000", and a duration reads in minutes ("2 h 3 min" =
  "123 minutes" = "123 min");
- spacing is ignored ("Spider Man" = "Spiderman").

A guess is right when its key is one of the accepted keys, or when it is a small typo of
one: an edit distance (rapidfuzz's optimal string alignment, so a swap of two letters is
one edit) of at most 0 edits for keys of up to 4 characters, 1 up to 8, 2 up to 14 and
3 beyond. Never fuzzy: an answer with a digit (1995 is not 1996), a guess that holds an
accepted answer plus a whole word of its own ("Keanu Reeves Jr"), and a guess that is
as close to a known wrong answer (one of the question's choices) as to the right one.
Because short answers must be exact, "chair" is not "air", nor "air" "chair".

What is accepted: every answer the question lists (a pack's accepted answers), every
title of a film (its also-known-as titles, the main title before a subtitle) when the
answer is one of them, and for a person the surname alone when nobody else in the
question's film has it ("Reeves" for "Keanu Reeves"; "de Armas" and "Armas" for "Ana de
Armas").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from bot.text import fold

GUESS_MAX_LENGTH = 200  # longer is no answer to anything: refused before any work

_ARTICLES = frozenset("the a an le la les l un une el los las lo il gli i der die das ein eine".split())
_PARTICLES = frozenset("de da di del della der den des du la le van von ter ten st saint bin ibn mac".split())
_UNITS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_UNITS["oh"] = 0  # "nineteen oh five"
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES)
_THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}(?!\d))")
_HOURS = re.compile(r"\b(\d+) ?(?:h|hr|hrs|hour|hours)\b(?: ?(?:and )?(\d+) ?(?:m|min|mins|minute|minutes)\b)?")
_MINUTES = re.compile(r"\b(\d+) ?(?:m|min|mins|minute|minutes)\b")
_DIGIT = re.compile(r"\d")
_DURATION = re.compile(r"\d+minutes")


def _number_run(words: Sequence[str]) -> tuple[int, int] | None:
    """The number the words at the start spell, and how many words it took; None if none.

    Counting ("one hundred and twenty") and years read in pairs ("nineteen ninety five",
    "twenty twenty"); "oh" counts only inside a year ("nineteen oh five")."""
    total = current = 0
    taken = 0
    last = ""  # the kind of the last word: unit, teen, tens, scale
    for index, word in enumerate(words):
        if word == "and" and taken and index + 1 < len(words) and words[index + 1] in _NUMBER_WORDS:
            continue
        if word not in _NUMBER_WORDS or (word == "oh" and last not in ("teen", "tens")):
            break
        if word in _SCALES:
            scale = _SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            last = "scale"
        elif word in _TENS:
            if last in ("teen", "tens") and current % 100 >= 10:
                current = current * 100 + _TENS[word]  # "nineteen ninety", "twenty twenty"
            elif last == "unit":
                break
            else:
                current += _TENS[word]
            last = "tens"
        else:
            value = _UNITS[word]
            if last == "tens" and current % 10 == 0:
                current += value
                last = "unit"
            elif last in ("teen", "unit") and word == "oh":
                current *= 100
                last = "tens"  # "nineteen oh five": the five that follows adds
            elif last in ("", "scale"):
                current += value
                last = "teen" if value >= 10 else "unit"
            elif last == "teen" and current % 100 >= 10:
                current = current * 100 + value  # "nineteen five" read as 1905
                last = "unit"
            else:
                break
        taken = index + 1
    if not taken:
        return None
    return total + current, taken


def _digits_for_words(words: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(words):
        run = _number_run(words[index:]) if words[index] in _NUMBER_WORDS else None
        if run is None:
            out.append(words[index])
            index += 1
        else:
            out.append(str(run[0]))
            index += run[1]
    return out


def _minutes(match: re.Match[str]) -> str:
    return f"{int(match.group(1)) * 60 + int(match.group(2) or 0)} minutes"


def words_of(text: str) -> list[str]:
    """The words of a text as compared: folded, numbers as digits, durations in minutes,
    without a leading article."""
    folded = fold(_THOUSANDS.sub("", text.replace("&", " and ")))
    words = folded.split()
    if any(w in _NUMBER_WORDS for w in words):
        words = _digits_for_words(words)
    if any(_DIGIT.search(w) for w in words):
        joined = _MINUTES.sub(lambda m: f"{m.group(1)} minutes", _HOURS.sub(_minutes, " ".join(words)))
        words = joined.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return words


def key_of(text: str) -> str:
    """A text's comparison key: its words (see `words_of`) with no spaces between them."""
    return "".join(words_of(text))


def allowed_edits(key: str) -> int:
    """How many typos a key of this length tolerates: short answers must be exact."""
    length = len(key)
    if length <= 4 or _DIGIT.search(key):
        return 0
    if length <= 8:
        return 1
    if length <= 14:
        return 2
    return 3


def surname_forms(name: str, others: Iterable[str]) -> list[str]:
    """A person's surname alone ("de Armas" and "Armas" for "Ana de Armas"), when no one of
    `others` (the rest of the question's film) has it or is called by it; else nothing."""
    words = fold(name).split()
    if len(words) < 2:
        return []
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    forms = [" ".join(words[start:])]
    if start < len(words) - 1:
        forms.append(words[-1])
    own = fold(name)
    taken = {word for other in others if fold(other) != own for word in fold(other).split()}
    taken |= {" ".join(fold(o).split()[i:]) for o in others if fold(o) != own for i in range(len(fold(o).split()))}
    return [f for f in forms if f not in taken and f not in _ARTICLES and f not in _PARTICLES]


def title_forms(title: str, also_known_as: Iterable[str] = ()) -> list[str]:
    """A film's names as players type them: its title, its other titles, and each one's main
    title before a subtitle ("Ballerina" for "Ballerina: A John Wick Story")."""
    forms: list[str] = []
    for name in (title, *also_known_as):
        forms.append(name)
        main = re.split(r"\s*[:–—]\s+|\s+-\s+", name, maxsplit=1)[0]
        if main != name and fold(main):
            forms.append(main)
    return list(dict.fromkeys(forms))


@dataclass(frozen=True, slots=True)
class Matcher:
    """What one question accepts, compiled once: its keys, and the wrong answers it knows."""

    canonical: str
    keys: frozenset[str]
    word_sets: tuple[frozenset[str], ...]  # each accepted answer's words (for "answer plus a word")
    fuzzy: tuple[tuple[str, int], ...]  # (key, edits allowed) of the keys that tolerate typos
    wrong: frozenset[str]

    def matches(self, guess: str) -> bool:
        """Whether the typed `guess` is a right answer (see the module's rules)."""
        if not guess or len(guess) > GUESS_MAX_LENGTH:
            return False
        words = words_of(guess)
        key = "".join(words)
        if not key or key in self.wrong:
            return False
        if key in self.keys:
            return True
        if not self.fuzzy:
            return False
        guessed = frozenset(words)
        if len(words) > 1 and any(accepted < guessed for accepted in self.word_sets):
            return False  # the answer plus words of its own
        for accepted, edits in self.fuzzy:
            if abs(len(accepted) - len(key)) > edits:
                continue
            distance = OSA.distance(key, accepted, score_cutoff=edits)
            if distance <= edits:
                return not any(OSA.distance(key, w, score_cutoff=distance) <= distance for w in self.wrong)
        return False


def compile_answers(
    answers: Sequence[str],
    *,
    wrong: Iterable[str] = (),
    person_among: Iterable[str] | None = None,
    titles: Iterable[Sequence[str]] = (),
) -> Matcher:
    """The matcher of a question whose right answers are `answers` (the first is shown).

    `wrong`: the question's wrong choices, never accepted even as a typo of a right one.
    `person_among`: when the answer is a person, everyone in the question's film, so the
    surname alone is accepted when unique there. `titles`: the catalog's films as their
    names (see `title_forms`): an answer that is one of a film's names accepts them all.
    """
    if not answers:
        raise ValueError("a question needs at least one answer")
    accepted: list[str] = list(answers)
    answer_keys = {key_of(a) for a in answers}
    for names in titles:
        if any(key_of(n) in answer_keys for n in names):
            accepted.extend(title_forms(names[0], names[1:]))
    # "The answer plus a word" is judged against whole answers, not a surname alone:
    # "Kenau Reeves" is a typo of "Keanu Reeves", not "Reeves" plus a word.
    word_sets = tuple(frozenset(words) for words in map(words_of, accepted) if words)
    if person_among is not None:
        people = list(person_among)
        for answer in answers:
            accepted.extend(surname_forms(answer, people))
    keys = {key_of(a) for a in accepted} - {""}
    keys |= {k.removesuffix("minutes") for k in keys if _DURATION.fullmatch(k)}  # "123" for "123 minutes"
    wrong_keys = frozenset(key_of(w) for w in wrong) - keys - {""}
    fuzzy = tuple((k, allowed_edits(k)) for k in sorted(keys) if allowed_edits(k))
    return Matcher(answers[0], frozenset(keys), word_sets, fuzzy, wrong_keys)
