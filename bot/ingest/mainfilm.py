"""The document's film among the several it names: the one the body keeps discussing.

A listings column holds a capsule per film, a newsletter a masthead and a
section per item; the gold of such a document is one film, and every other
title it names is a trap. `settle_main_film` looks at what the title stage
chose and says whether to keep it, to take another candidate, or to give no
film: a document whose film is unclear gives none rather than a wrong one.

- Capsules: several titles in capitals (or bold) that each open a capsule
  ("TIDEWATER (PG, 98 min. dir. ...)"): the film is the one whose capsule is
  clearly the longest; capsules of like length leave the film unclear.
- Labels: a date ("Entry 14 — 3 March"), a dateline ("VENICE — Day 5") or
  a section label ("SHORT TAKES") is no title; the film is then the one
  capsule under it, or is looked for in the body.
- Mastheads: a first line that names a publication's issue or episode
  ("THE PAPER LANTERN — Issue #12") names no film.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.ingest import lexicon as lx
from bot.ingest import mentions as mn
from bot.ingest.title import is_date_line, is_label_line, used_as_person
from bot.ingest.values import fold_key, occurrences

_SP = r"[ \u00a0]"
_UP = "A-ZÀ-ÞĀ-Ž"
# A capsule's head: a title in capitals at a line's start, before a parenthesis of listing facts.
_CAPS_HEAD = re.compile(
    rf"^[ \t]*(?P<title>[{_UP}0-9][{_UP}0-9'’:&.,!?-]*(?:{_SP}[{_UP}0-9][{_UP}0-9'’:&.,!?-]*)*){_SP}*"
    rf"(?:[★⭐✪☆½]+{_SP}*)?\n?[ \t]*\(",
    re.M,
)
# What a listing's parenthesis holds: a certificate, a running time, a year, a credit abbreviation.
_LISTING = re.compile(
    r"^\((?:G|PG|PG-13|R|NC-17|U|12A?|15|18|NR|M|MA15\+)\b|\b\d{2,3}[ \u00a0]?min\b|^\((?:18|19|20)\d\d\b"
    r"|\b(?:dir|with|ph|mus|scr|ed|prod)\.[ \u00a0]"
)  # searched in the parenthesis alone: "^" is its opening
# Also a capsule's head: a bold title at a line's start, then stars or a parenthesis.
_AFTER_BOLD = re.compile(r"(?:\*\*|__)?[ \t]*(?:[★⭐☆½]+[ \t]*)?\(")
# (Possessive and bounded runs of spaces: a line of a million spaces must not be tried a million times each.)
# An entry's head in a ranked list, a multi-film column or a TV listing: a line of its own that names a film
# with its year ("10. Tidewater (1988)", "## Tidewater (1988)", "9.00pm TIDEWATER (1988) Channel 4 — 5").
_ENTRY_HEAD = re.compile(
    r"^[ \t#>*_]*+(?:(?:no\.[ \t]*|#)?\d{1,3}[.):][ \t]+|\d{1,2}[.:]\d\d[ \t]*(?:[ap]\.?m\.?)?[ \t]+)?"
    r"[*_\"“‘]*(?P<title>[^\n()*_\"“”]{1,80}?)[*_\"”’]*[ \t]{0,20}+"
    r"\((?P<year>(?:18|19|20)\d\d)\)[*_ \t]*(?:[-–—:|,·][^\n]{0,60}|[★⭐☆½/\d. ]*|(?P<tail>[^\n]{0,60}))$",
    re.M,
)
_YEAR_IN_PARENS = re.compile(r"\((?:18|19|20)\d\d\)")  # what an entry head cannot do without
# A publication's masthead: its name with an issue, number, volume or episode.
_MASTHEAD = re.compile(
    r"(?i)(?:[-–—|:,·][ \t]*|[ \t])(?:issue|no\.|number|vol\.?|volume|episode|ep\.)[ \t]*#?[ \t]*\d+\b"
    r"|[ \t]#\d+\b(?![ \t]*[-–—:][ \t]*[A-Z][^a-z]*$)"
)
# A title shouted in capitals inside a lower-case post ("rewatched PAPER HARBOUR last night").
_SHOUTED = re.compile(rf"(?<![\w'’])[{_UP}][{_UP}0-9'’&:·-]+(?:{_SP}+[{_UP}0-9][{_UP}0-9'’&:-]*){{0,5}}(?![\w'’])")
_WATCH_BEFORE = re.compile(
    r"(?i)\b(?:watched|rewatched|re-watched|saw|seen|revisited|caught|finished|rewatching|watching|about|of)[ \u00a0]+$"
)
_KICKER_AFTER = re.compile(r"[ \t]*(?:[,:(]|[–—-][ \t])")
_NOT_SHOUTED = frozenset(
    "omg lol lmao imo imho tbh fyi btw wtf smh idk irl afaik aka dvd hd uhd imax usa uk tv ok nope yes no rip goat"
    " best worst ever film movie thread spoilers spoiler edit update pls the and i".split()
)
# How much longer the chosen capsule must be than any other for the film to be clear.
CLEAR_MARGIN = 1.3


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with the title the title stage chose: keep it, take `span`, or drop it (no film)."""

    action: str  # "keep", "replace", "drop", or "elsewhere" (drop it and look for the film in the body)
    span: tuple[int, int] | None = None
    reason: str = ""
    year: tuple[int, int] | None = None  # the span of the year the new title's head gives
    others: tuple[tuple[int, int], ...] = ()  # the other films' capsules or entries: nothing is read there


KEEP = Decision("keep")


def capsule_heads(text: str, strong: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the titles that open a capsule or a list entry, in document order."""
    return [head[:2] for head in _heads(text, strong)]


def _heads(text: str, strong: list[tuple[int, int]]) -> list[tuple[int, int, tuple[int, int] | None]]:
    heads: list[tuple[int, int, tuple[int, int] | None]] = []
    if "(" not in text and not strong:
        return heads
    for match in _CAPS_HEAD.finditer(text) if "(" in text else ():
        title = match.group("title").strip(" .,:")
        if len(title) < 2 or not any(ch.isalpha() for ch in title):
            continue
        close = text.find(")", match.end())
        newline = text.find("\n", match.end())
        if close < 0 or (0 <= newline < close and close - match.end() > 400):
            continue
        if _LISTING.search(text[match.end() - 1 : close + 1]):
            start = match.start("title")
            heads.append((start, start + len(title), None))
    for match in _entry_heads(text):
        tail = match.group("tail") or ""
        if re.search(r"(?<![A-Za-z])[a-z]{3,}\b", tail):
            continue  # "Paper Harbour (1987) is a drama": a sentence, not a listing's channel or score
        title = match.group("title").strip()
        words = title.split()
        if words and words[0][:1].isupper() and len(words) <= 10 and match.start() > 0:
            start = match.start("title")
            if not any(s <= start < e for s, e, _ in heads):
                heads.append((start, start + len(title), match.span("year")))
    for start, end in strong:
        line_start = text.rfind("\n", 0, start) + 1
        at_line_start = not text[line_start:start].strip(" \t*_#-")
        if at_line_start and _AFTER_BOLD.match(text, end) and not any(s <= start < e for s, e, _ in heads):
            heads.append((start, end, None))
    return sorted(set(heads))


def _entry_heads(text: str) -> Iterator[re.Match[str]]:
    """What `_ENTRY_HEAD.finditer` finds: a head is one line holding a "(Year)", so only those lines are tried."""
    tried = -1
    for year in _YEAR_IN_PARENS.finditer(text):
        line = text.rfind("\n", 0, year.start()) + 1
        if line > tried:
            tried = line
            match = _ENTRY_HEAD.match(text, line)
            if match:
                yield match


def capsule_spans(text: str, heads: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each capsule's extent: from its head's line to the next head's line, or the end."""
    starts = [text.rfind("\n", 0, start) + 1 for start, _ in heads]
    return [(start, starts[n + 1] if n + 1 < len(starts) else len(text)) for n, start in enumerate(starts)]


def main_capsule(text: str, heads: list[tuple[int, int]]) -> int | None:
    """The index of the clearly longest capsule, or None if capsules of like length leave it unclear."""
    lengths = sorted(((len(text[s:e].strip()), n) for n, (s, e) in enumerate(capsule_spans(text, heads))), reverse=True)
    (longest, index), (second, _) = lengths[0], lengths[1]
    return index if longest >= CLEAR_MARGIN * second else None


def masthead_mark(line: str) -> int | None:
    """Where a publication's issue or episode number starts in a headline ("THE PAPER LANTERN — Issue #12").

    What comes before it is the publication's name, never the film's; a title
    after it ("Episode 9: 'Tidewater' (1988)") is the episode's film.
    """
    found = _MASTHEAD.search(line)
    return found.start() if found else None


def _with_article(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """ "Prestige" where the body always writes "The Prestige": the title's span with its article, else None."""
    title = text[span[0] : span[1]]
    if not title[:1].isupper() or title.split()[0].lower() in ("the", "a", "an"):
        return None
    seen = with_the = 0
    first_with: int | None = None
    for pos in occurrences(text, title):
        seen += 1
        if text[max(0, pos - 4) : pos] == "The ":
            with_the += 1
            first_with = pos - 4 if first_with is None else first_with
    if first_with is None or with_the < 2 or with_the < seen:
        return None
    return first_with, first_with + 4 + len(title)


def _ever_capitalised(text: str, title: str) -> bool:
    """Whether the document writes `title` with a capital or digit somewhere ("comments" never is a title)."""
    if any(ch.isupper() or ch.isdigit() for ch in title):
        return True
    pattern = re.compile(re.escape(title), re.IGNORECASE)
    return any(any(ch.isupper() for ch in found.group()) for found in pattern.finditer(text))


def settle_main_film(
    text: str,
    strong: list[tuple[int, int]],
    title_span: tuple[int, int] | None,
    headline: tuple[int, int] | None,
) -> Decision:
    """Keep the chosen title, replace it by the main film's, or drop it (see the module docstring).

    `title_span` is where the chosen title was read; `headline` the first
    line it was read from, if it came from the document's headline.
    """
    found = _heads(text, strong)
    if len(found) >= 2:
        heads = [head[:2] for head in found]
        index = main_capsule(text, heads)
        if index is None:
            return Decision("drop", reason="several capsules of like length: the film is unclear")
        spans = capsule_spans(text, heads)
        others = tuple(span for n, span in enumerate(spans) if n != index)
        main = heads[index]
        if title_span is None or fold_key(text[slice(*main)]) != fold_key(text[slice(*title_span)]):
            return Decision("replace", main, "the longest capsule of a listing", found[index][2], others)
        return Decision("keep", others=others)
    if len(found) == 1 and title_span is None:
        return Decision("replace", found[0][:2], "the one capsule or entry head names the film", found[0][2])
    if title_span is not None:
        title = text[title_span[0] : title_span[1]]
        if not _ever_capitalised(text, title):
            return Decision("elsewhere", reason="a title has a capital or a digit")
        article = _with_article(text, title_span)
        if article is not None:
            return Decision("replace", article, "the body writes the title with its article")
        if used_as_person(text, title, 0):
            return Decision("drop", reason="the body credits this name as a person: it is nobody's title")
        if is_date_line(title) or is_label_line(title):
            if len(found) == 1:
                return Decision("replace", found[0][:2], "the one capsule under a section label", found[0][2])
            return Decision("elsewhere", reason="a date, dateline or section label is no title")
    if headline is not None and title_span is not None:
        line = text[headline[0] : headline[1]]
        mark = masthead_mark(line)
        title = fold_key(text[title_span[0] : title_span[1]])
        if mark is not None and title and f" {title} " in f" {fold_key(line[:mark])} ":
            return Decision("elsewhere", reason="a masthead names the publication, not the film")
    return KEEP


def spoken_title(text: str) -> tuple[int, int] | None:
    """The one film a post or diary says it watched ("Watched Paper Harbour with Sam"), else a shouted one.

    Two different films watched leave it unclear: None.
    """
    watched: dict[str, tuple[int, int]] = {}
    for match in mn.WATCHED_TITLE.finditer(text):
        start, end = match.span("title")
        words = text[start:end].split()
        while words and words[0].lower() in lx.NAME_STOPWORDS:
            start += len(words.pop(0)) + 1
        end = _without_company(text, start, end)
        key = fold_key(text[start:end])
        if words and key not in lx.NAME_STOPWORDS and not is_date_line(text[start:end]):
            watched.setdefault(key, (start, end))
    if len(watched) == 1:
        return next(iter(watched.values()))
    return None if watched else shouted_title(text)


_COMPANY = re.compile(r"[ \u00a0]+(?:with|and)[ \u00a0]+(?P<who>[A-Z][\w'’-]+)$")


def _without_company(text: str, start: int, end: int) -> int:
    """ "Watched Paper Harbour with Sam": the film ends before "with Sam" when Sam is named elsewhere too."""
    company = _COMPANY.search(text, start, end)
    if company is None:
        return end
    who = re.compile(rf"(?<![\w'’]){re.escape(company.group('who'))}(?![\w'’])")
    if any(not start <= found.start() < end for found in who.finditer(text)):
        return company.start()
    return end


def shouted_title(text: str) -> tuple[int, int] | None:
    """A title written in capitals inside lower-case prose, as posts write them, or None.

    It must be watched ("rewatched PAPER HARBOUR") or named twice, and be the
    only such run the document offers: two shouted titles leave it unclear.
    """
    found: dict[str, list[tuple[int, int]]] = {}
    watched: set[str] = set()
    for match in _SHOUTED.finditer(text):
        run = match.group().rstrip(":-'’&")
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if not text[line_start : match.start()].strip(" \t#*_>") and _KICKER_AFTER.match(text, match.end()):
            continue  # a dateline or kicker ("TELLURIDE, Colo. —", "CANNES DISPATCH:"), not a title
        letters = sum(ch.isalpha() for ch in run)
        if letters < 4 or sum(ch.islower() for ch in line) < 2 * len(run):
            continue  # a heading in capitals, not a post
        key = fold_key(run)
        if not key or all(word in _NOT_SHOUTED for word in key.split()):
            continue
        if " " not in key and re.search(rf"(?<![\w'’]){re.escape(key)}(?![\w'’])", text):
            continue  # "you WILL cry": a word the post also writes in lower case is emphasis
        found.setdefault(key, []).append((match.start(), match.start() + len(run)))
        if _WATCH_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            watched.add(key)
    body = f" {fold_key(text)} "
    good = [key for key, spans in found.items() if key in watched or body.count(f" {key} ") >= 2]
    if len(good) != 1:
        return None
    return found[good[0]][0]
