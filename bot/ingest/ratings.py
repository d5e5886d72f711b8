"""A critic's rating as written, with its scale: "9/10", "4 out of 5", "3.5 of 4 stars",
"★★★½☆" (a row of star glyphs is the web's five-star widget), "87/100", letter grades "A-" ... "F".

Values are normalised to "N/D" for numbers and stars and to the letter for
grades ("B+"). Stars in words with no scale written ("4 stars") keep no
invented scale: "4 stars". `bot.catalog` scales "N/D" to ten; a grade or
bare stars are shown as written.
"""

from __future__ import annotations

import re

SP = r"[ \u00a0]"
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_WORDS = "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in NUMBER_WORDS)
_NUM = rf"(?:\d{{1,3}}(?:\.\d{{1,2}})?|{_WORDS})"
RATING_SLASH = re.compile(rf"(?<![\w/.]){SP}?(?P<num>\d{{1,3}}(?:\.\d{{1,2}})?){SP}*/{SP}*(?P<den>10|5|4|100)(?![\w/])")
RATING_OUT_OF = re.compile(
    rf"(?<![\w.])(?P<num>{_NUM})(?P<half>{SP}+and{SP}+a{SP}+half|½)?{SP}*(?P<stars1>stars?{SP}+)?"
    rf"(?:out{SP}+of|of){SP}+(?P<den>\d{{1,3}}|five|ten|four)(?P<stars2>{SP}+stars?)?\b"
)
# Words right before a bare "4 out of 5" that make it the critic's score.
SCORE_CONTEXT = re.compile(
    r"\b(?:give|gives|giving|gave|rate|rates|rating|rated|score|scores|grade|award|awarding)\b[^.!?\d]*$", re.I
)
RATING_STARS = re.compile(
    r"[★⭐✪]+(?:½)?[☆✩]*|(?<![\w.])(?P<num>\d(?:\.5)?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive)"
    r"(?P<half>½|\s+and\s+a\s+half)?\s*stars?\b"
)
GRADE = re.compile(r"(?<![\w'’-])(?P<grade>[A-D](?:[+\-−–]|[ -](?:plus|minus)\b)?|F)(?![\w'’+\-−–])")
# "Grade: A ·", "Grade: A)": after a grade key, a lone "A" followed by a separator is the grade, not an article.
_A_AFTER_KEY = re.compile(r"(?i)\b(?:grade|graded|grading|rating|score|verdict)\b[ \t]*[:=][ \t*_]*$")
_A_SEPARATOR = re.compile(r"[ \t*_]*(?:[·|•,;)\]]|$|[.!][ \t*_]*(?:$|[A-Z]))")
# Grades in speech: "it's an A", "I give it a B+", "it gets a C-minus from me".
SPOKEN_GRADE = re.compile(
    r"(?i:\b(?:it['’]s|it[ \u00a0]+is|gets|got|earns|earned|deserves|deserved|(?:give|gave|giving)[ \u00a0]+it"
    r"|(?:i['’]d|i[ \u00a0]+would)[ \u00a0]+give[ \u00a0]+it|rate[ \u00a0]+it|grade[ \u00a0]+it))[ \u00a0]+"
    r"(?:(?i:an?)[ \u00a0]+)?(?:solid[ \u00a0]+|strong[ \u00a0]+|straight[ \u00a0]+|firm[ \u00a0]+)?"
    r"(?P<grade>[A-D](?:[+\-−–]|[ -](?:plus|minus)\b)?|F)"
    r"(?=[.!?,;:)]|[ \u00a0]+(?:from|and|but|overall|—|–|-)(?:\W|$)|[ \u00a0]*$)"
)
# Words that let a sentence hold a spoken grade: the fallback reads only sentences holding one.
SPOKEN_GRADE_CUES = (
    "'s a",
    "’s a",
    "it is a",
    "gets a",
    "got a",
    "earns a",
    "earned a",
    "deserves a",
    "give it a",
    "gave it a",
    "giving it a",
    "rate it a",
    "grade it a",
)
# A header key naming a score ("Club rating", "Our score", "Final grade", "Full marks").
RATING_KEY = re.compile(r"(?i)^[\w' ’-]{0,24}\b(?:rating|score|grade|marks|verdict)[ \t*_]*$")
ANCHORS = ("/", "star", "★", "⭐", "out of", "grade", *SPOKEN_GRADE_CUES)
_GRADE_CONTEXT = re.compile(r"\b(?:grade|graded|grading|rating|score|verdict)\b[^.!?\n]{0,12}$", re.I)


def _number(text: str) -> float:
    word = NUMBER_WORDS.get(text.lower())
    return float(word) if word is not None else float(text)


def _score(num: float, den: float) -> str | None:
    if den <= 0 or not 0 <= num <= den:
        return None
    return f"{num:g}/{den:g}"


def _scored(text: str, match: re.Match[str]) -> bool:
    """A bare "4 out of 5" is a score when it ends the sentence or follows "I give it", "rating", ..."""
    if not text[match.end() :].strip(" \t.!)\"”’'*_"):
        return True
    return bool(SCORE_CONTEXT.search(text, max(0, match.start() - 30), match.start()))


def parse_grade(text: str, *, loose: bool = False) -> tuple[str, int, int] | None:
    """A letter grade: the whole value of a rating header (`loose`), or after "Grade:" in a sentence."""
    for match in GRADE.finditer(text):
        before = text[: match.start()]
        if loose and not before.strip(" \t*_:–—-") and not text[match.end() :].strip(" \t*_.!"):
            pass
        elif match.group() == "A" and _A_AFTER_KEY.search(before) and _A_SEPARATOR.match(text, match.end()):
            pass  # "Grade: A · 11 min read"
        elif not _GRADE_CONTEXT.search(before) or (not loose and match.group() in ("A", "I")):
            continue
        return _grade(match.group("grade")), match.start(), match.end()
    spoken = SPOKEN_GRADE.search(text)
    if spoken:
        return _grade(spoken.group("grade")), spoken.start("grade"), spoken.end("grade")
    return None


def _grade(written: str) -> str:
    """ "B-minus" -> "B-", "A plus" -> "A+", "C−" -> "C-"."""
    grade = written.replace("−", "-").replace("–", "-")
    return re.sub(r"[ -]plus$", "+", re.sub(r"[ -]minus$", "-", grade, flags=re.I), flags=re.I)


def parse_rating(text: str, *, loose: bool = False) -> tuple[str, int, int] | None:
    """A critic's score normalised (see the module docstring), with its offsets in `text`.

    `loose` accepts bare "N out of M", "N stars" and a grade alone (inside a
    rating section or header, where nothing else can be meant).
    """
    match = RATING_SLASH.search(text)
    if match and (loose or match.group("den") != "4" or "star" in text[match.end() : match.end() + 8]):
        score = _score(float(match.group("num")), float(match.group("den")))
        if score:
            return score, match.start("num"), match.end()
    match = RATING_OUT_OF.search(text)
    if match and match.group().split()[1:2] == ["of"] and not (match.group("stars1") or match.group("stars2")):
        match = None  # "one of five films" is not a score; "4 of 5 stars" is
    if match and (loose or match.group("stars1") or match.group("stars2") or _scored(text, match)):
        num = _number(match.group("num")) + (0.5 if match.group("half") else 0)
        score = _score(num, _number(match.group("den")))
        if score:
            return score, match.start(), match.end()
    match = RATING_STARS.search(text)
    if match:
        if match.group("num"):
            if not loose and not SCORE_CONTEXT.search(text, max(0, match.start() - 30), match.start()):
                return None
            num = _number(match.group("num")) + (0.5 if match.group("half") else 0)
            return f"{num:g} stars", match.start(), match.end()
        glyphs = match.group()
        full = sum(glyphs.count(c) for c in "★⭐✪")
        half = "½" in glyphs
        empty = sum(glyphs.count(c) for c in "☆✩")
        score = _score(full + 0.5 * half, max(5, full + empty + half))  # a row of glyphs: the 5-star widget
        if score:
            return score, match.start(), match.end()
    return parse_grade(text, loose=loose)
