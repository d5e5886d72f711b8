"""Parsing and normalising values: runtimes, lists, genres, names (dates and ratings have stages of their own).

Functions that find something in a string return offsets relative to that
string, so callers can turn them into document spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from bot.ingest import patterns as p
from bot.text import fold

LIST_SPLIT = re.compile(r"\s*(?:[,;/|&]|\band\b|\s[–—-]\s)\s*")
PEOPLE_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
_PERSON_FULL = re.compile(p.PERSON)
_ORG_FULL = re.compile(p.ORG)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_ALNUM_ANY = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
_ASCII_GAPS = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})  # what [\W_] is in ASCII


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


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


_LETTERS_BEYOND_ASCII = re.compile("[^\x00-\x7f\u2010-\u206f\u2600-\u27bf\u00a0-\u00bf]")


def fold_body(text: str) -> str:
    """`fold` for a whole document: not cached (documents are read once), combining marks dropped by one regex."""
    if not text.isascii() and _LETTERS_BEYOND_ASCII.search(text):  # typographic quotes alone need no NFKD
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    folded = text.casefold()
    if folded.isascii():  # the usual case: one table pass and a split, not a regex replacing every gap
        return " ".join(folded.translate(_ASCII_GAPS).split())
    return _NON_ALNUM_ANY.sub(" ", folded).strip()


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
