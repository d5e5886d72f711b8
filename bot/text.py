"""Text normalisation shared by every layer: keys, slugs, folding."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from sys import getsizeof

_NON_ALNUM = re.compile(r"[\W_]+")  # any script's letters and digits survive
_SPACES = re.compile(r"\s+")
# Bidirectional controls (embeddings, overrides, isolates, marks): typed into a name, they
# reverse or reorder the text around them wherever it is echoed ("‮eminA" shows as "Anime").
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# The cache of `fold` is bounded by the memory its strings take, not by a count:
# 65,536 entries of 100 KB autocomplete queries would be 6.5 GB. Names are short;
# a text longer than FOLD_CACHE_TEXT_MAX (a review, a forged query) is folded
# every time and never kept.
FOLD_CACHE_BYTES = 8 * 1024 * 1024
FOLD_CACHE_TEXT_MAX = 300
_ENTRY_OVERHEAD = 100  # bytes of the dict slot per entry, roughly
# OrderedDict: dropping the oldest entry is O(1) (with a dict, `next(iter(d))` walks the holes left by earlier pops).
_fold_cache: OrderedDict[str, str] = OrderedDict()
_fold_cache_bytes = 0
_fold_lock = threading.Lock()  # ingest folds in worker threads while the event loop folds queries


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for comparing names and titles.

    "Zoë  SALDAÑA" -> "zoe saldana". Punctuation other than letters and digits
    becomes a single space, so "Spider-Man" and "Spider Man" fold alike.
    Cached within FOLD_CACHE_BYTES (the oldest entries go first): the same
    names are folded again and again by ingest, index and bank. A hit takes no
    lock (a dict read is atomic); only inserting and evicting do.
    """
    global _fold_cache_bytes
    folded = _fold_cache.get(text)
    if folded is not None:
        return folded
    folded = _fold(text)
    if len(text) <= FOLD_CACHE_TEXT_MAX:
        with _fold_lock:
            if text not in _fold_cache:
                _fold_cache[text] = folded
                _fold_cache_bytes += getsizeof(text) + getsizeof(folded) + _ENTRY_OVERHEAD
                while _fold_cache_bytes > FOLD_CACHE_BYTES:
                    old_text, old_folded = _fold_cache.popitem(last=False)
                    _fold_cache_bytes -= getsizeof(old_text) + getsizeof(old_folded) + _ENTRY_OVERHEAD
    return folded


def fold_cache_bytes() -> int:
    """The memory the cache of `fold` accounts for (its strings plus a per-entry overhead)."""
    return _fold_cache_bytes


def _fold(text: str) -> str:
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def strip_bidi(text: str) -> str:
    """Text without bidirectional control characters, so nothing echoed can reorder what surrounds it."""
    return _BIDI_CONTROLS.sub("", text) if not text.isascii() else text


def searchable(text: str) -> bool:
    """Whether a query has anything to match names by: a letter or digit once folded
    (a query of punctuation or emoji alone folds to nothing)."""
    return bool(fold(text))


SLUG_MAX = 80  # leaves room within Discord's 100-character choice values


def slugify(text: str) -> str:
    """A URL-safe stable key: "Ballet of Blades (2031)" -> "ballet-of-blades-2031"."""
    slug = fold(text).replace(" ", "-")[:SLUG_MAX].rstrip("-")
    return slug or "untitled"


def squash_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


_SIBILANT = re.compile(r"(s|x|z|ch|sh)$")
_CONSONANT_Y = re.compile(r"[^aeiou]y$")


def plural(count: int, one: str, many: str | None = None) -> str:
    """A count with the noun that agrees: "1 film", "2 films", "1 person", "12 people".

    The one helper every message uses, so no "1 documents" slips through; an
    irregular plural is given (`many`), a regular one is made ("query" -> "queries").
    """
    if count == 1:
        word = one
    elif many is not None:
        word = many
    elif _CONSONANT_Y.search(one):
        word = one[:-1] + "ies"
    elif _SIBILANT.search(one):
        word = one + "es"
    else:
        word = one + "s"
    return f"{count:,} {word}"


def their(name: str) -> str:
    """The possessive that agrees with a name shown in the third person: "their", or
    "your" when the name shown is the reader's own "you" (the console's owner)."""
    return "your" if name.strip().casefold() == "you" else "their"
