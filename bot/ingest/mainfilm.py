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
from bot.ingest.filmfacts import facts_line
from bot.ingest.title import (
    SLUG_LINE,
    body_count,
    is_byline,
    is_date_line,
    is_label_line,
    looks_like_a_person,
    strip_title,
    used_as_person,
)
from bot.ingest.values import fold_body, fold_key, occurrences

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
_DATE_AFTER = re.compile(
    r"[ \t]*(?:,|[–—-])[ \t]*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day\b|\d)",
    re.I,
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
        after = _AFTER_BOLD.match(text, end)
        if not at_line_start or not after or any(s <= start < e for s, e, _ in heads):
            continue
        close = text.find(")", after.end())
        if close > 0 and _LISTING.search(
            text[after.end() - 1 : close + 1]
        ):  # "**X** (PG; 98 min.)", not "(412 reviews)"
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


def _outnames(text: str, title_span: tuple[int, int], heads: list[tuple[int, int]]) -> bool:
    """Whether the chosen title, none of the heads, is named three times or more and at least twice as often
    as any head: a club newsletter's film over its "COMING UP" list, a guide's film over its rating boxes."""
    title = fold_key(text[slice(*title_span)])
    keys = [fold_key(text[slice(*head)]) for head in heads]
    if not title or title in keys:
        return False
    folded = f" {fold_body(text)} "
    named = body_count(folded, title)
    return named >= 3 and all(named >= 2 * max(1, body_count(folded, key)) for key in keys if key)


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
    if len(found) >= 2 and title_span is not None and _outnames(text, title_span, [head[:2] for head in found]):
        return Decision("keep", others=tuple(capsule_spans(text, [head[:2] for head in found])))
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
    if title_span is not None and _named_as_show(text, title_span):
        return Decision("elsewhere", reason="the body names this as a show or publication, not a film")
    if headline is not None and title_span is not None:
        line = text[headline[0] : headline[1]]
        mark = masthead_mark(line)
        title = fold_key(text[title_span[0] : title_span[1]])
        if mark is not None and title and f" {title} " in f" {fold_key(line[:mark])} ":
            return Decision("elsewhere", reason="a masthead names the publication, not the film")
    return KEEP


# What a programme or publication is named after: "you're listening to X", "welcome back to X", "subscribe to X".
_SHOW_BEFORE = re.compile(
    r"(?i)\b(?:listening[ \t]+to|tuned[ \t]+(?:in[ \t]+)?to|tune[ \t]+in[ \t]+to|welcome[ \t]+(?:back[ \t]+)?to"
    r"|subscribe[ \t]+to|this[ \t]+episode[ \t]+of|today[ \t]+on)[ \t]+(?:the[ \t]+)?$"
)


_SHOW_CUES = ("istening to", "uned ", "elcome ", "ubscribe to")


def _named_as_show(text: str, title_span: tuple[int, int]) -> bool:
    """Whether the body introduces the chosen title as a programme ("you're listening to The Saturday Screen")."""
    if not any(cue in text for cue in _SHOW_CUES):  # the cheap test most documents fail
        return False
    lower = text.lower()
    title = lower[slice(*title_span)].strip("\"“”'‘’ ")
    if title.startswith("the "):
        title = title[4:]  # "listening to the Saturday Screen": the article is in `_SHOW_BEFORE`
    return any(_SHOW_BEFORE.search(lower, max(0, pos - 34), pos) for pos in occurrences(lower, title))


def spoken_title(text: str, *, shouted: bool = True) -> tuple[int, int] | None:
    """The one film a post or diary says it watched ("Watched Paper Harbour with Sam"), else a shouted one
    (unless `shouted` is False: the caller asks the body first, see `body_subject`).

    Two different films watched leave it unclear: None.
    """
    watched: dict[str, tuple[int, int]] = {}
    for match in mn.WATCHED_TITLE.finditer(text):
        start, end = match.span("title")
        words = text[start:end].split()
        while words and words[0].lower() in lx.NAME_STOPWORDS and not (len(words) > 1 and words[0] in _ARTICLES):
            start += len(words.pop(0)) + 1  # "Watched Tonight X", but "The Copper Road" keeps its article
        end = _without_company(text, start, end)
        key = fold_key(text[start:end])
        if words and key not in lx.NAME_STOPWORDS and not is_date_line(text[start:end]):
            watched.setdefault(key, (start, end))
    if len(watched) == 1:
        return next(iter(watched.values()))
    return None if watched or not shouted else shouted_title(text)


_ARTICLES = frozenset({"The", "A", "An"})
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
        if _DATE_AFTER.match(text, match.end()):
            continue  # "· VENICE, Wed 27 Aug": a dateline inside a byline
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


# --- the film a document names only in prose --------------------------------------------------
# Festival dispatches, threads, wire stories, diaries and newsletters often have no title line: the
# film is named in a sentence ("a new restoration of X played"), in italics, with its year, or as a
# hashtag, next to other films mentioned in passing ("Y, Ana Lopez's ghost story, screens later").
_POSSESSIVE_BEFORE = re.compile(rf"(?P<owner>[{_UP}][\w.'’-]*(?:{_SP}[{_UP}][\w.'’-]*){{0,3}}?)['’]s?{_SP}+(?:[*_ ]*)$")
_AS_A_ROLE = re.compile(r"(?:\bas|\bplays|\bplayed|\bplaying)[ \u00a0]+(?:the[ \u00a0]+)?$")
_EDGE = "\"'“”‘’«»`*_#> \t\u00a0"
_ALTERNATIVE = re.compile(r",?[ \u00a0]+or[ \u00a0]*[(:,]")  # "Birdman or (The Unexpected Virtue of Ignorance)"
# A section label before the title on its line: "**THE FEATURE: ", "FILM OF THE WEEK — ".
_LINE_LABEL = re.compile(r"^[#>*_ \t-]*(?:[A-Z][A-Z' ]{1,30}(?::|[ \t][–—-]))?[*_ \t]*$")


_WEAK = frozenset({"italic", "line"})  # an italic run alone is as often a tagline or an aside


@dataclass(slots=True)
class _Candidate:
    span: tuple[int, int]
    kinds: set[str]  # the contexts that name it as a film, not in passing
    named: int = 0  # how often the body names it (also short, or as a hashtag)
    passing: int = 0  # mentions in passing: "like X", "X, Y's comedy" by someone the document never names again
    year: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Subject:
    """The film the body names most and describes most, the year written next to it, and the sentences
    or list items that describe other films in passing ("Y, Ana Lopez's comedy with Sam Ito ...")."""

    span: tuple[int, int]
    year: tuple[int, int] | None
    score: int
    others: tuple[tuple[int, int], ...] = ()
    named: int = 0


def _cleaned(text: str, start: int, end: int, emphasised: bool, leads: bool = False) -> tuple[int, int] | None:
    """A candidate's span without openers ("With X", "In 2025, X") and edges, or None if it is no title.

    A run found by the words before it (`leads`: "watched X") ends at a sentence's end; one found by
    the words after it ("X came out") starts after one.
    """
    if "\n" in text[start:end] or _NOT_A_TITLE.search(text, start, end):
        return None
    if emphasised and (len(text[start:end].split()) > 8 or _SENTENCE_BREAK.search(text, start, end)):
        return None  # an italic sentence: a caption, a standfirst, a note
    label = _QA_LABEL.match(text, start, end)
    if label:
        start = label.end()
    if not emphasised:
        breaks = list(_SENTENCE_BREAK.finditer(text, start, end))  # "... Mark Romanek. With Ex Machina, a thriller"
        if breaks and leads:
            end = breaks[0].start() + 2  # "watched Glass Orchard. Ingrid Vass is in both"
        elif breaks:
            start = breaks[-1].end() - 1
        run = text[start:end]
        cut = max(run.rfind("'s "), run.rfind("’s "))  # "Park Chan-wook's Oldboy": the owner is no part of it
        if cut >= 0:
            start += cut + 3
    start, end, _ = strip_title(text, start, end)  # "Review: X", "2. X", "X | Site"
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE + ",;:" + ("" if emphasised else ".!?"):
        end -= 1
    words = text[start:end].split()
    while words and (words[0].lower() in mn.TITLE_OPENERS or words[0].lower() in _CONJUNCTIONS) and len(words) > 1:
        start = text.index(words[0], start) + len(words[0])
        while start < end and text[start] in " \t\u00a0,":
            start += 1
        words.pop(0)
    title = text[start:end]
    if not words or len(words) > 8 or not (words[0][:1].isupper() or words[0][:1].isdigit()) or title.isdigit():
        return None
    if all(w.lower().strip(",.!?") in lx.NAME_STOPWORDS for w in words):
        return None
    if emphasised and not _title_cased(words) and (len(words) > 4 or ":" in title):
        return None  # an italic phrase or label ("Tags: thriller, crime"), not a title
    return start, end


_SENTENCE_BREAK = re.compile(r"[a-z0-9)]{2}[.!?][ \u00a0]+\S")  # "E.T. the Extra-Terrestrial" is one title
_NOT_A_TITLE = re.compile(r"(?i)\d[ \t]*/[ \t]*\d|[★☆⭐]|\b(?:rating|grade|score|verdict|tags?)\b[ \t]*:")
_CONJUNCTIONS = frozenset("but and so yet then or nor also still".split())  # "But Brokeback is the film ..."
_QA_LABEL = re.compile(r"[A-Z]{1,2}:[ \u00a0]+")  # "A: It is a ...": an answer's label
_SMALL_WORDS = frozenset("a an the of and in on at to for with from by or vs".split())
_PERSON_LEAD = re.compile(r"(?:\bopposite|\bstarring|\bwith|\bby|\band|&)[ \u00a0]+$")


def _title_cased(words: list[str]) -> bool:
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS or not w[:1].isalpha() for w in words)


def _owner_recurs(text: str, owner: str) -> bool:
    """Whether the person whose film this is ("Ana Lopez's X") is named again away from `at`: the document's
    own film is discussed with its people; a film in passing gets its director once."""
    surname = re.sub(r"['’]s?$", "", owner.split()[-1]) if owner.split() else ""
    if len(surname) < 3:
        return False
    seen, pos = 0, text.find(surname)
    while pos >= 0 and seen < 2:  # the owner's own mention ("Lopez's"), and one more
        end = pos + len(surname)
        if (pos == 0 or not text[pos - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            seen += 1
        pos = text.find(surname, end)
    return seen >= 2


def _nickname(text: str, title: str, start: int) -> list[int]:
    """Where the body calls a title of two words or more by its first word ("Brokeback" for "Brokeback
    Mountain", "E.T."): capitalised, not run into other capitalised words."""
    words = title.split()
    if len(words) < 2 or len(words[0]) < 4 or words[0].lower() in lx.NAME_STOPWORDS or not words[0][:1].isupper():
        return []
    first = words[0]
    found = []
    for pos in occurrences(text, first):
        if pos == start:
            continue
        before = text[max(0, pos - 30) : pos].split()
        after = text[pos + len(first) : pos + len(first) + 30].split()
        previous = before[-1].strip('*_"“‘(') if before else ""
        following = after[0].strip('*_"”’),.;:!?') if after else ""
        if previous[:1].isupper() and previous.lower() not in lx.FUNCTION_WORDS:
            continue
        if following[:1].isupper():
            continue
        found.append(pos)
    return found


def body_subject(text: str, emphasis: list[tuple[int, int]]) -> Subject | None:
    """The film a document without a title line is about, or None when no film stands out.

    Candidates are runs the body names as a film: in italics, with a year
    after them, as watched ("a restoration of X played"), as released ("X came
    out on"), described in an apposition or the next sentence ("X, a chilly
    thriller", "X. Ana Lopez's debut is ..."). A film in passing ("like X",
    "X, Y's comedy" whose Y is never named again) is no candidate. Each scores
    the times the body names it (also by its first word or a hashtag) and the
    contexts that describe it; the best must beat the next one and score 2.
    """
    lower = text.lower()
    candidates: dict[str, _Candidate] = {}
    passing: list[tuple[int, int]] = []
    folded = f" {fold_body(text)} "
    italic = {fold_key(text[s:e]) for s, e in emphasis}

    def consider(start: int, end: int, kind: str, *, emphasised: bool = False, owner: str | None = None) -> None:
        span = _cleaned(text, start, end, emphasised, kind == "watched")
        if span is None:
            return
        start, end = span
        start = _without_label(text, start, end, folded)
        title = text[start:end]
        key = fold_key(title)
        if not key or key in lx.NAME_STOPWORDS:
            return
        if looks_like_a_person(text, start, end) and not any(k.startswith(key + " ") for k in italic):
            return  # a person, unless the first word of an italic title ("Brokeback" of "Brokeback Mountain")
        if " as " in title and looks_like_a_person(text, start, start + title.index(" as ")):
            return  # "Drew Barrymore as Gertie"
        if any(_AS_A_ROLE.search(text, max(0, pos - 12), pos) for pos in occurrences(text, title)):
            return  # a character ("plays Ava", "as Tracy"), not a title
        described_by_owner = owner is not None  # "X, Ana Lopez's comedy": the apposition is about X
        possessive = _POSSESSIVE_BEFORE.search(text, max(0, start - 40), start)
        if owner is None and possessive:
            owner = possessive.group("owner")
        candidate = candidates.setdefault(key, _Candidate((start, end), set()))
        lead = text[max(0, start - 30) : start]
        sentence = text[max(0, start - 160) : start]
        if kind == "described" and owner is None and _PERSON_LEAD.search(lead):
            return  # "opposite Cary Grant, a darker film": the apposition is of another film, the run a person
        if (
            mn.PASSING_LEAD.search(lead)
            or mn.PASSING_IN_SENTENCE.search(sentence)
            or (owner and not _owner_recurs(text, owner))
        ):
            candidate.passing += 1
            if owner and described_by_owner:
                passing.append(_extent(text, start, end))
            return
        candidate.kinds.add(kind)
        if owner:
            candidate.kinds.add("owner")
        year = mn.YEAR_AFTER_TITLE.match(text, end)
        if year and candidate.year is None:
            candidate.year = year.span("year")
            candidate.kinds.add("year")
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        rest = text[year.end() if year else end : line_end if line_end >= 0 else len(text)]
        if _LINE_LABEL.match(text[line_start:start]) and not rest.strip(" \t*_#"):
            candidate.kinds.add("line")

    for start, end in emphasis:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if not is_byline(line):
            consider(start, end, "italic", emphasised=True)
    for match in mn.TITLE_WITH_YEAR.finditer(text):
        consider(*match.span("title"), "year")
    if any(cue in lower for cue in mn.WATCH_CUES):
        for match in mn.TITLE_WATCHED.finditer(text):
            consider(*match.span("title"), "watched")
    if any(cue in lower for cue in mn.RELEASE_CUES):
        for match in mn.TITLE_RELEASED.finditer(text):
            consider(*match.span("title"), "released")
    if "'s " in text or "’s " in text or ", a" in text or ", the" in text:
        for match in mn.TITLE_DESCRIBED.finditer(text):
            consider(*match.span("title"), "described", owner=match.group("owner"))
        for match in mn.TITLE_THEN_DESCRIBED.finditer(text):
            consider(*match.span("title"), "described", owner=match.group("owner"))
    if " is " in text or " was " in text:
        for match in mn.TITLE_IS_A_FILM.finditer(text):
            consider(*match.span("title"), "described")
    if "·" in text or "|" in text or "•" in text:
        for start, end in _listed_heads(text):  # "GREY HARBOUR" over "Portugal 1994 · 131 min · DCP"
            consider(start, end, "listed")
    slug = SLUG_LINE.match(text)
    slug_span = _slug_in_body(text, slug) if slug else None
    if slug_span:
        consider(*slug_span, "slug")
    if not candidates:
        return None
    for key in sorted(candidates, key=len):  # "Brokeback" is "Brokeback Mountain" named short
        if " " in key:
            continue  # "Blade Runner" and "Blade Runner 2049" are two films
        longer = next((other for other in candidates if other.startswith(key + " ")), None)
        if longer is not None:
            merged = candidates.pop(key)
            candidates[longer].kinds |= merged.kinds
            candidates[longer].passing += merged.passing
    tags = [fold_key(match.group("tag")) for match in mn.HASHTAG.finditer(text)]
    scored: list[tuple[int, str, _Candidate]] = []
    for key, candidate in candidates.items():
        if not candidate.kinds:
            continue
        title = text[slice(*candidate.span)]
        base = _ALTERNATIVE.split(title, maxsplit=1)[0]
        forms = {key, fold_key(base), fold_key(mn.SUBTITLE_SPLIT.split(title, maxsplit=1)[0])}
        named = max(body_count(folded, form) for form in forms if form)
        named = max(named, len(_nickname(text, title, candidate.span[0])) + 1)
        letters = {form.replace(" ", "") for form in forms if form} | {fold_key(title.split()[0]).replace(" ", "")}
        named += sum(tag in letters for tag in tags)
        strong = candidate.kinds - _WEAK
        if named < 3 and not strong:
            continue  # named once or twice, in italics only: a tagline, a film in a list or an aside
        score = named - candidate.passing + len(strong) + ("line" in candidate.kinds and "year" in candidate.kinds)
        candidate.named = named
        scored.append((score, key, candidate))
    if not scored:
        return None
    scored.sort(key=lambda row: (-row[0], row[2].span))
    best, _, chosen = scored[0]
    if best < 2 or (len(scored) > 1 and scored[1][0] >= best):
        return None
    if len(scored) >= 3 and chosen.named < 2:
        return None  # a filmography or a list: three films or more described, none named twice
    span = chosen.span
    alternative = _ALTERNATIVE.search(text, *span)
    if alternative:  # "Birdman or (The Unexpected ...)": the film goes by the title before "or"
        span = (span[0], alternative.start())
    others = tuple(extent for extent in passing if not extent[0] <= chosen.span[0] < extent[1])
    return Subject(span, chosen.year, best, others, chosen.named)


_SLUG_NOISE = frozenset("review reviews film movie cinema arts bc ap wire advisory".split())


def _slug_in_body(text: str, slug: re.Match[str]) -> tuple[int, int] | None:
    """Where the body names what a slug line names ("...-Cold-Ledger" -> "Cold Ledger"), as the body writes it."""
    words = [w for w in re.split(r"[-_]", slug.group("slug")) if w]
    while words and (words[0].lower() in _SLUG_NOISE):
        words.pop(0)
    while words and (words[-1].isdigit() or words[-1].lower() in _SLUG_NOISE):
        words.pop()  # a date or a version number after the name
    if not words or len(words) > 8:
        return None
    pattern = re.compile(r"(?<![\w'’])" + r"[\s\-–:'’.,]*".join(map(re.escape, words)) + r"(?![\w'’])", re.I)
    found = pattern.search(text, slug.end())
    return found.span() if found else None


_LABEL_CUT = re.compile(r"[ \t]*(?::|[ \t][–—-])[ \t]+")


def _without_label(text: str, start: int, end: int, folded: str) -> int:
    """Past a label before a colon or dash that the body never repeats ("PROGRAMME NOTES — X (1960)",
    "THIS WEEK'S PICK: X") when it names what follows; "Star Wars: The Force Awakens" stays whole."""
    cut = _LABEL_CUT.search(text, start, end)
    if cut is None or cut.start() == start:
        return start
    label, rest = fold_key(text[start : cut.start()]), fold_key(text[cut.end() : end])
    if rest and body_count(folded, label) <= 1 and body_count(folded, rest) >= 2:
        return cut.end()
    return start


def _listed_heads(text: str) -> list[tuple[int, int]]:
    """Short lines of their own, among the first forty, with a line of listing facts (a year, a running
    time, countries) within the next three lines: a programme's or a listing's film."""
    heads: list[tuple[int, int]] = []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text, 0, min(len(text), 4000))][:40]
    for n, (start, end) in enumerate(lines):
        words = text[start:end].split()
        if not 0 < len(words) <= 6 or text[start:end].rstrip()[-1:] in ".,;:!?" or "·" in text[start:end]:
            continue
        for below_start, below_end in lines[n + 1 : n + 4]:
            facts = facts_line(text, below_start, below_end)
            if any(field in ("year", "runtime") for field, *_ in facts):
                heads.append((start, end))
                break
    return heads


_LINE = re.compile(r"[^\n]*\S[^\n]*")


def _extent(text: str, start: int, end: int) -> tuple[int, int]:
    """From a film named in passing to the end of its sentence, or of its line when that is a list item."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip(" \t*_") in ("-", "+", "•"):
        return start, line_end
    stop = _SENTENCE_END.search(text, end, line_end)
    return start, stop.end() if stop else line_end


_SENTENCE_END = re.compile(r"[a-z0-9)\"”’][.!?](?=\s|$)")
