"""Parsing and normalising values: runtimes, lists, genres, names (dates and ratings have stages of their own).

Functions that find something in a string return offsets relative to that
string, so callers can turn them into document spans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from bot.ingest import lexicon as lx
from bot.text import fold

LIST_SPLIT = re.compile(r"\s*(?:[,;/|&]|\band\b|\s[–—-]\s)\s*")
PEOPLE_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
RUNTIME = (
    r"(?:(?P<h>\d{1,2})[\s-]*(?:hours?|hrs?\.?|h)(?![a-z])\s*(?:and\s*)?(?:(?P<hm>\d{1,2})\s*(?:minutes?|mins?\.?|m)(?![a-z]))?"
    r"|(?P<m>\d{2,3})[\s-]*(?:minutes?|mins?\.?|m)(?![a-z]))"
)

RUNTIME_RE = re.compile(rf"(?<![\w.]){RUNTIME}")

QUOTES = "\"'“”‘’«»„`*_ \t\u00a0"

WORD = re.compile(r"[\w'’-]+")

GENRE_SEGMENT_END = re.compile(
    r"\b(?:that|which|who|whom|about|from|set|with|where|following|based|starring|directed|in|of|by|for|as|like|than"
    r"|but|not|rather|dressed|disguised|posing|masquerading|instead|to|toward|towards|into|against|over|between"
    r"|among|after|before|on|at)\b|[;:—–()]"
)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NON_ALNUM_ANY = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
_ASCII_GAPS = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})  # what [\W_] is in ASCII


@lru_cache(maxsize=1 << 16)
def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’"


def occurrences(text: str, phrase: str, start: int = 0) -> Iterator[int]:
    r"""Where `phrase` occurs in `text` from `start` as whole words (no letter, digit, "_" or apostrophe
    either side): what `(?<![\w'’])phrase(?![\w'’])` finds, without compiling a regex per phrase."""
    if not phrase:
        return
    size = len(phrase)
    pos = text.find(phrase, start)
    while pos >= 0:
        end = pos + size
        if (pos == 0 or not _wordish(text[pos - 1])) and (end == len(text) or not _wordish(text[end])):
            yield pos
        pos = text.find(phrase, pos + 1)


def scan_from(
    pattern: re.Pattern[str], text: str, literals: tuple[str, ...], start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text, start, end)` finds, for a pattern whose every match starts with one of
    `literals`: tried only where one occurs. A substring search is far faster than the regex engine trying
    a pattern that opens with a word at every letter, and most documents hold such words a few times."""
    end = len(text) if end is None else end
    starts: set[int] = set()
    for literal in literals:
        pos = text.find(literal, start, end)
        while pos >= 0:
            starts.add(pos)
            pos = text.find(literal, pos + 1, end)
    after = start
    for pos in sorted(starts):
        match = pattern.match(text, pos, end) if pos >= after else None
        if match:
            after = max(match.end(), pos + 1)
            yield match


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


def strip_span(text: str, start: int, end: int, chars: str = QUOTES) -> tuple[int, int]:
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
        s, e = strip_span(text, pos, cut, QUOTES + ".")
        if s < e:
            yield s, e
        pos = match.end()
    s, e = strip_span(text, pos, end, QUOTES + ".")
    if s < e:
        yield s, e


def parse_runtime(text: str) -> tuple[str, int, int] | None:
    """("123", start, end) for "2h 3min", "123 minutes", "1 hour 45 minutes"; None if implausible."""
    match = RUNTIME_RE.search(text)
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
    if key in lx.GENRE_WORDS:
        return lx.GENRE_WORDS[key]
    return "-".join(part[:1].upper() + part[1:] for part in text.strip().split("-")).title()


def genres_in_phrase(phrase: str) -> list[str]:
    """Genres named in a prose phrase: "sleek and relentless action thriller" -> [Action, Thriller]."""
    words = [w.lower() for w in WORD.findall(phrase)]
    found: list[str] = []
    nouns = 0
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if pair in lx.GENRE_WORDS:
            found.append(lx.GENRE_WORDS[pair])
            nouns += 1
            i += 2
            continue
        genre = lx.GENRE_WORDS.get(words[i])
        if genre:
            found.append(genre)
            nouns += words[i] not in lx.GENRE_ADJECTIVES
        i += 1
    if not nouns:
        return []
    return [g for g in dict.fromkeys(found) if g not in ("Psychological", "Period") or nouns > 1]
