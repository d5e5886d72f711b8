"""Parsing and normalising values: runtimes, dates, ratings, lists, names.

Functions that find something in a string return offsets relative to that
string, so callers can turn them into document spans.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache

from bot.ingest import patterns as p
from bot.text import fold

LIST_SPLIT = re.compile(r"\s*(?:[,;/|&]|\band\b|\s[–—-]\s)\s*")
PEOPLE_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
_PERSON_FULL = re.compile(p.PERSON)
_ORG_FULL = re.compile(p.ORG)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def capitalised_words(name: str) -> int:
    """How many words of a name are capitalised: "Ana de la Cruz" -> 2 (a full name), "de la Cruz" -> 1."""
    return sum(1 for word in name.split() if word[:1].isupper())


@lru_cache(maxsize=1 << 16)
def fold_key(text: str) -> str:
    """`bot.text.fold`, cached, with a fast path for ASCII (the same result, no Unicode work)."""
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    return fold(text)


def squash(text: str) -> str:
    """Collapse runs of whitespace (line breaks, no-break spaces) to one space."""
    if "  " in text or "\n" in text or "\t" in text or "\u00a0" in text or text[:1].isspace() or text[-1:].isspace():
        return _SPACES.sub(" ", text).strip()
    return text


def strip_span(text: str, start: int, end: int, chars: str = p.QUOTES) -> tuple[int, int]:
    """Shrink [start, end) past quote marks, markdown emphasis and spaces on both sides."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def split_list(
    text: str, start: int = 0, end: int | None = None, separators: re.Pattern[str] = LIST_SPLIT
) -> Iterator[tuple[int, int]]:
    """Spans of the items of "A, B and C" / "A / B" in text[start:end], not splitting inside parentheses."""
    end = len(text) if end is None else end
    pos = start
    for match in separators.finditer(text, start, end):
        cut = match.start()
        if text.count("(", start, cut) > text.count(")", start, cut):
            continue
        s, e = strip_span(text, pos, cut, p.QUOTES + ".")
        if s < e:
            yield s, e
        pos = match.end()
    s, e = strip_span(text, pos, end, p.QUOTES + ".")
    if s < e:
        yield s, e


def parse_runtime(text: str) -> tuple[str, int, int] | None:
    """("123", start, end) for "2h 3min", "123 minutes", "1 hour 45 minutes"; None if implausible."""
    match = p.RUNTIME_RE.search(text)
    if not match:
        return None
    hours, minutes = int(match.group("h") or 0), int(match.group("m") or match.group("hm") or 0)
    minutes += 60 * hours
    if not 20 <= minutes <= 600:
        return None
    return str(minutes), match.start(), match.end()


def date_from_match(match: re.Match[str]) -> str | None:
    """ISO date from a `patterns.DATE` match, or None if it is not a real date."""
    groups = match.groupdict()
    if groups.get("y3"):
        year, month, day = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
    else:
        year = int(groups.get("y1") or groups["y2"])
        month_name = (groups.get("m1") or groups["m2"]).rstrip(".").lower()
        month = p.MONTHS[month_name]
        day = int(groups.get("d1") or groups["d2"])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> tuple[str, int, int] | None:
    match = p.DATE_RE.search(text)
    if not match:
        return None
    iso = date_from_match(match)
    return (iso, match.start(), match.end()) if iso else None


def _number(text: str) -> float:
    word = p.NUMBER_WORDS.get(text.lower())
    return float(word) if word is not None else float(text)


def _score(num: float, den: float) -> str | None:
    if den <= 0 or not 0 <= num <= den:
        return None
    shown = f"{num:g}"
    return f"{shown}/{den:g}"


def _scored(text: str, match: re.Match[str]) -> bool:
    """A bare "4 out of 5" is a score when it ends the sentence or follows "I give it", "rating", ..."""
    if not text[match.end() :].strip(" \t.!)\"”’'*_"):
        return True
    return bool(p.SCORE_CONTEXT.search(text, max(0, match.start() - 30), match.start()))


def parse_rating(text: str, *, loose: bool = False) -> tuple[str, int, int] | None:
    """A critic's score normalised to "N/D": "9/10", "4 out of 5 stars", "★★★★☆" -> "4/5".

    `loose` accepts bare "N out of M" and "N stars" (inside a rating section or
    header, where nothing else can be meant).
    """
    match = p.RATING_SLASH.search(text)
    if match and (loose or match.group("den") != "4"):  # "3/4 of the film" is not a score
        score = _score(float(match.group("num")), float(match.group("den")))
        if score:
            return score, match.start("num"), match.end()
    match = p.RATING_OUT_OF.search(text)
    if match and (loose or match.group("stars1") or match.group("stars2") or _scored(text, match)):
        num = _number(match.group("num")) + (0.5 if match.group("half") else 0)
        score = _score(num, _number(match.group("den")))
        if score:
            return score, match.start(), match.end()
    match = p.RATING_STARS.search(text)
    if match:
        if match.group("num"):
            if loose:
                score = _score(float(match.group("num")), 5)
                return (score, match.start(), match.end()) if score else None
            return None
        glyphs = match.group()
        full = sum(glyphs.count(c) for c in "★⭐✪")
        half = "½" in glyphs
        empty = sum(glyphs.count(c) for c in "☆✩")
        score = _score(full + 0.5 * half, max(5, full + empty + half))
        if score:
            return score, match.start(), match.end()
    return None


def genre_name(text: str) -> str:
    """Display form of a header genre: "sci-fi" -> "Science Fiction", "action" -> "Action"."""
    key = text.strip().lower()
    if key in p.GENRE_WORDS:
        return p.GENRE_WORDS[key]
    return "-".join(part[:1].upper() + part[1:] for part in text.strip().split("-")).title()


def genres_in_phrase(phrase: str) -> list[str]:
    """Genres named in a prose phrase: "sleek and relentless action thriller" -> [Action, Thriller]."""
    words = [w.lower() for w in p.WORD.findall(phrase)]
    found: list[str] = []
    nouns = 0
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if pair in p.GENRE_WORDS:
            found.append(p.GENRE_WORDS[pair])
            nouns += 1
            i += 2
            continue
        genre = p.GENRE_WORDS.get(words[i])
        if genre:
            found.append(genre)
            nouns += words[i] not in p.GENRE_ADJECTIVES
        i += 1
    if not nouns:
        return []
    return [g for g in dict.fromkeys(found) if g not in ("Psychological", "Period") or nouns > 1]


@lru_cache(maxsize=1 << 14)
def clean_name(text: str) -> str | None:
    """A person's name without leading sentence words ("Meanwhile Ana Lopez" -> "Ana Lopez").

    Returns None if nothing name-like is left or a word is a month, a job, a
    genre or a function word.
    """
    words = text.replace("\u00a0", " ").split()
    while words and words[0].lower().strip(".,") in p.NAME_STOPWORDS and words[0][0].isupper():
        words.pop(0)
    while words and words[-1].lower().strip(".,") in p.NAME_STOPWORDS:
        words.pop()
    capitals = [w for w in words if w[0].isupper()]
    if not capitals or len(capitals) > 4:
        return None
    if any(w.lower() in p.NAME_STOPWORDS for w in capitals if not w.endswith(".")):
        return None
    name = " ".join(words)
    return name if _PERSON_FULL.fullmatch(name) else None


@lru_cache(maxsize=1 << 14)
def clean_character(text: str) -> str | None:
    """A character's name, "the Director" capitalised; None for generic roles ("the lead")."""
    text = " ".join(text.replace("\u00a0", " ").split())
    if text.lower() in p.GENERIC_ROLES or text.lower().removeprefix("the ") in p.GENERIC_ROLES:
        return None
    if text.startswith("the "):
        text = "The " + text[4:]
    words = text.split()
    while len(words) > 1 and words[0].lower() in p.FUNCTION_WORDS and words[0] != "The":
        words.pop(0)
    while len(words) > 2 and words[0].lower() in p.RANKS and words[1][:1].isupper():
        words.pop(0)  # "Detective Yuna Kang" -> "Yuna Kang"
    if not words or words == ["The"]:
        return None
    if any(w.lower() in p.FUNCTION_WORDS | p.CALENDAR_WORDS for w in words if w not in ("The", "of", "the")):
        return None
    return " ".join(words)


@lru_cache(maxsize=1 << 14)
def clean_group(text: str) -> str | None:
    """An organisation's or place's name: capitalised words, not a generic title or a month."""
    text = " ".join(text.replace("\u00a0", " ").split()).strip(".,;:")
    head, of, tail = text.rpartition(" of ")
    if of and head.split()[-1].lower() in p.MEMBER_TITLES:
        text = tail.removeprefix("the ")  # "Reverend Mother of the Sisterhood" -> "Sisterhood"
    words = text.split()
    if not words or len(words) > 6:
        return None
    core = [w for w in words if w != "The" and w != "and" and w not in p.NAME_JOINERS]
    if not core or any(w.lower() in p.FUNCTION_WORDS | p.CALENDAR_WORDS for w in core):
        return None
    if all(w.lower() in p.FILM_WORDS | p.GENERIC_TITLES for w in core):
        return None
    return text if _ORG_FULL.fullmatch(text) else None
