"""Scope: a sentence or clause about another film gives its credits to nobody.

"Unlike her last film, Y (2015), which was shot by Z, ..." names another film
with its year: the clause about it (the year, the relative clause after it,
or the whole sentence when the rest does not turn back to this film) is
marked, and no claim is read from it. So are a comparison's paragraph about
"the other one", a list item opening with another film's emphasised title, the
clause after one ("*Y*, written and directed by Z;"), a note in parentheses on
another title ("Y (Z's 1969 musical)"), and what a film is based on. Listings'
capsules about other films are scoped in `credits.capsule_credits`; "X's 1997
film" with another year in `roles`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.ingest import lexicon as lx
from bot.ingest import mentions as mn
from bot.ingest.blocks import BULLET, Layout
from bot.ingest.names import clean_name
from bot.ingest.values import fold_key as fold
from bot.ingest.values import occurrences, scan_from

THIS_FILM = re.compile(
    r"\b(?:[Tt]his|[Tt]he new|[Tt]he present|[Oo]ur|[Tt]oday['’]s)[ \u00a0]+(?:one|film|movie|picture)\b"
    r"|\bhere\b|\bit\b"
)


def other_film_clauses(
    text: str,
    lower: str,
    layout: Layout,
    title_forms: list[str],
    title_keys: set[str],
    skip_openers: Callable[[int, int], int],
) -> list[tuple[int, int]]:
    """Spans of the clauses about other films, each from its sentence's start.

    A title with a year in parentheses that is not the subject's marks its
    sentence from the start to the end of the clause about it: the year, or
    the relative clause after it ("which ..., "), or the whole sentence when
    the other film is its subject ("Y (2015) was shot by Z.") or the rest of
    the sentence never turns to this film ("Her last film, Y (2012), starred Z").
    """
    spans = relative_film_clauses(text, layout, title_forms) + possessive_film_clauses(text, layout, title_keys)
    subject_keys = {key.removeprefix("the ") for key in title_keys}
    for year in mn.PARENS_YEAR.finditer(text):
        index = layout.sentence_index(year.start())
        if index is None:
            continue
        sentence = layout.sentences[index]
        before = text[max(sentence.start, year.start() - 160) : year.start()].rstrip()
        if any(before.endswith(form) for form in title_forms):
            continue  # "<Title> (2024)": the subject
        found = mn.TITLE_BEFORE_YEAR.search(text, sentence.start, year.start())
        if not found:
            continue
        start = skip_openers(found.start("title"), found.end("title"))
        title = text[start : found.end("title")]
        if not title or title.lower() in lx.FUNCTION_WORDS:
            continue
        if fold(title).removeprefix("the ") in subject_keys:
            continue  # "Copper Saints (2021)" in a review of "The Copper Saints"
        end = sentence.end
        if text.startswith(",", year.end()):
            relative = mn.RELATIVE_CLAUSE.match(text, year.end(), sentence.end)
            end = year.end()
            if relative:
                comma = text.find(",", relative.end(), sentence.end)
                end = comma if comma >= 0 else sentence.end
        if end < sentence.end and not names_this_film(text, lower, end, sentence.end, title_forms):
            end = sentence.end  # "Her last film, Y (2012), starred Z as W.": the rest is about Y too
        spans.append((sentence.start, end))
    return spans


_FILM_NOUN = r"(?:film|picture|movie|one|version|feature|original|remake)"
_YEAR_ = r"(?P<year>(?:18|19|20)\d\d)"
# "Curtis Lane's 1997 film", "the 1997 picture": a film named by its year.
_BY_YEAR = re.compile(
    rf"(?:\b[Tt]he|(?P<owner>[A-Z][\w.-]*(?:[ \u00a0][A-Z][\w.-]*){{0,3}})['’]s?)[ \u00a0]+{_YEAR_}[ \u00a0]+"
    rf"(?:[a-z-]+[ \u00a0]+){{0,2}}?{_FILM_NOUN}\b"
)
# "the later film", "the older one", "the other picture": a film named by its place in a comparison.
# (The look-behind follows the first letter, so the search can skip to a "T" or "t" without trying the rest.)
_RELATIVE = re.compile(
    rf"[Tt](?<![\w][Tt])he[ \u00a0]+"
    rf"(?P<rel>later|newer|younger|more[ \u00a0]+recent|earlier|older|first|original|other)[ \u00a0]+{_FILM_NOUN}\b"
)
_YEAR_NOUN = re.compile(
    rf"(?:18|19|20)\d\d[ \u00a0]+(?:[a-z-]+[ \u00a0]+){{0,2}}?{_FILM_NOUN}\b"
)  # what _BY_YEAR needs
# _RELATIVE needs one of these words
_RELATIVE_WORDS = ("later", "newer", "younger", "recent", "earlier", "older", "first", "original", "other")
_LATER = ("later", "newer", "younger", "more recent", "more\u00a0recent")
_EARLIER = ("earlier", "older", "first", "original")
_OF_BEFORE = re.compile(r"\b(?:of|in|for|from|on)[ \u00a0]+$")
_CLAUSE_MARK = re.compile(r"[,;:—–()]|\s-\s")


def this_film_year(text: str, title_forms: list[str]) -> str | None:
    """The year the document gives its own film: "Title (1974)", "Title, released in 1974", "Title (dir. X, 1974)"."""
    lower = text.lower()
    if len(lower) != len(text):  # a character lower-cases to two: offsets would drift
        lower = "".join(ch.lower()[0] for ch in text)
    for form in title_forms:
        for pos in occurrences(lower, form.lower()):  # no regex compiled per title
            found = _YEAR_AFTER.match(text, pos + len(form))
            if found:
                return found.group("year")
    return None


_YEAR_AFTER = re.compile(rf"(?:[^.!?\n]|(?<=\bdir)\.){{0,40}}?(?<!\d){_YEAR_}(?!\d)", re.IGNORECASE)


def relative_film_clauses(text: str, layout: Layout, title_forms: list[str]) -> list[tuple[int, int]]:
    """Clauses about the other film of a comparison, named by its year or its place ("the later film").

    The document's own year decides: with this film from 1974 and another from
    1997, "the 1997 picture", "Lane's 1997 film" and "the later film" are the
    other one, "the 1974 one" and "the earlier one" this one. "The other film"
    is always the other. A sentence naming only the other film is marked
    whole; one naming both, only the clause around the other's name.
    """
    if not title_forms:
        return []
    own = this_film_year(text, title_forms)
    refs = []  # (start, end, is_other)
    other_years: set[str] = set()
    other_owners: set[str] = set()  # surnames of the other film's makers ("Lane" of "Curtis Lane's 1997 film")
    has_year_noun = next(scan_from(_YEAR_NOUN, text, ("18", "19", "20")), None) is not None  # the cheap test first
    for found in _BY_YEAR.finditer(text) if has_year_noun else ():
        year = found.group("year")
        if own is not None and year != own:
            refs.append((found.start(), found.end(), True))
            other_years.add(year)
            owner = found.group("owner")
            if owner:
                other_owners.add(owner.split()[-1])
        elif own is not None:
            refs.append((found.start(), found.end(), False))
    for found in _RELATIVE.finditer(text) if any(word in text for word in _RELATIVE_WORDS) else ():
        rel = found.group("rel").lower()
        if rel == "other":
            refs.append((found.start(), found.end(), True))
        elif own is not None and other_years:
            later = all(year > own for year in other_years)
            earlier = all(year < own for year in other_years)
            if (later and rel in _LATER) or (earlier and rel in _EARLIER):
                refs.append((found.start(), found.end(), True))
            elif (later and rel in _EARLIER) or (earlier and rel in _LATER):
                refs.append((found.start(), found.end(), False))
    spans = []
    lowered = [form.lower() for form in title_forms]
    for start, end, other in refs:
        if not other:
            continue
        index = layout.sentence_index(start)
        if index is None:
            continue
        sentence = layout.sentences[index]
        ours = any(s >= sentence.start and e <= sentence.end and not o for s, e, o in refs)
        ours = ours or any(form in text[sentence.start : sentence.end].lower() for form in lowered)
        if not ours:
            spans.append((sentence.start, _paragraph_about_it(text, layout, index, title_forms)))
            continue
        if not _OF_BEFORE.search(text, max(sentence.start, start - 6), start):
            spans.append((start, end))  # "... a patience the later film never attempts": only its name
            continue
        marks = [m.start() for m in _CLAUSE_MARK.finditer(text, sentence.start, sentence.end)]
        clause_start = max([pos for pos in marks if pos < start], default=sentence.start)
        spans.append((clause_start, end))  # "Ana Roth's photography of the later film": the credit is its
    for owner in other_owners:
        for found in re.finditer(
            rf"\b(?:[Tt]he[ \u00a0]+)?{re.escape(owner)}(?:['’]s?)?[ \u00a0]+{_FILM_NOUN}\b", text
        ):
            spans.append(found.span())  # "Lane's movie", "the Lane picture": the other film's maker
    return spans


def _paragraph_about_it(text: str, layout: Layout, index: int, title_forms: list[str]) -> int:
    """Where the talk about the other film that sentence `index` opens ends: a comparison gives each film
    its paragraph ("Let's get the other one out of the way. Its lead ..."), so the sentences after it on its
    line are about it too, up to one that names this film ("this one", "here", its title)."""
    sentence = layout.sentences[index]
    end = sentence.end
    lower = layout.lower
    for following in layout.sentences[index + 1 :]:
        if following.line != sentence.line or names_this_film(text, lower, following.start, following.end, title_forms):
            break
        end = following.end
    return end


# "plays like Dana Wolfe's Night Train", "than Dana Wolfe's Night Train": another film by its maker.
_LIKE_POSSESSIVE = re.compile(
    r"\b(?:like|than|unlike|recalls|recalling|evokes|echoes|echoing|remake[ \u00a0]+of|homage[ \u00a0]+to)[ \u00a0]+"
    r"(?P<owner>[A-Z][\w.-]+(?:[ \u00a0][A-Z][\w.-]+){0,3})['’]s?[ \u00a0]+(?P<title>[A-Z][\w'’-]*"
    r"(?:[ \u00a0](?:of|the|a|an|and|in|on)?[ \u00a0]?[A-Z][\w'’-]*){0,5})"
)


_POSSESSIVE_TITLE = re.compile(r"['’]s?[ \u00a0]+[A-Z]")  # what _LIKE_POSSESSIVE needs


def possessive_film_clauses(text: str, layout: Layout, title_keys: set[str]) -> list[tuple[int, int]]:
    """ "plays like Dana Wolfe's Night Train": the comparison names another film and its maker; nothing is read
    from it (not "Dana Wolfe as Night Train")."""
    spans = []
    has_possessive = ("'" in text or "’" in text) and _POSSESSIVE_TITLE.search(text)  # the cheap tests first
    for found in _LIKE_POSSESSIVE.finditer(text) if has_possessive else ():
        if fold(found.group("title")) in title_keys:
            continue
        index = layout.sentence_index(found.start())
        stop = layout.sentences[index].end if index is not None else len(text)
        mark = _CLAUSE_MARK.search(text, found.end(), stop)
        spans.append((found.start(), mark.start() if mark else stop))
    return spans


def names_this_film(text: str, lower: str, start: int, end: int, title_forms: list[str]) -> bool:
    """Whether [start, end) refers to the document's film ("this one", "here", its title)."""
    if THIS_FILM.search(text, start, end):
        return True
    window = lower[start:end]
    return any(form.lower() in window for form in title_forms)


# After another film's emphasised title, the words that hand it credits ("*Y*, written and directed by Z;").
_CREDITS_AFTER = re.compile(
    r"[ \u00a0]*,?[ \u00a0]+(?:(?:co-)?(?:written|directed|produced|shot|scored|edited)(?:[ \u00a0]+and[ \u00a0]+\w+)?"
    r"[ \u00a0]+by|starring|featuring|with|which|whose)\b"
)
# "Walt Disney's *Y*": the maker named before the title belongs to its clause.
_OWNER_BEFORE = re.compile(r"[A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3}['’]s?[ \u00a0]+[*_\"“]*$")
_SEPARATOR_AFTER = re.compile(r"[ \u00a0]*(?:[—–:,(]|-[ \u00a0])")
# What says a list item is about a film: its maker's possessive, a year, a credit ("Z's comedy with W").
_FILM_CUE = re.compile(
    r"[A-Z][\w.’'-]*['’]s?[ \u00a0]+(?:[a-z-]+[ \u00a0]+){0,2}?(?:film|movie|feature|debut|drama|comedy|thriller"
    r"|western|musical|documentary|romance|horror|satire|epic|follow-up|adaptation|remake)\b"
    r"|\((?:18|19|20)\d\d\)|\b(?:directed|written|starring)[ \u00a0]+by\b|\bdir\.|\bstarring\b"
)


_PAREN_AFTER_TITLE = re.compile(r"\((?P<inner>[^()\n]{3,120})\)")
_PAREN_FILM = re.compile(
    r"^(?:[A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,3}['’]s?[ \u00a0]+(?:[a-z-]+[ \u00a0]+){0,2}?"
    r"(?:(?:18|19|20)\d\d[ \u00a0]+)(?:[a-z-]+[ \u00a0]+){0,2}?[a-z-]+\b|dir\.|directed[ \u00a0]+by\b)"
)


def parenthesised_film_notes(text: str, layout: Layout, title_keys: set[str]) -> list[tuple[int, int]]:
    """ "Hello Again (Ana Roth's 1969 musical with ...)", "Y (dir. Z)": a note on the film named before it.

    The parenthesis describes the title-case run right before it; when that is not this film, nothing
    in the note is this film's ("Ana Roth" is no director of ours).
    """
    spans = []
    subject = {key.removeprefix("the ") for key in title_keys}
    for found in _PAREN_AFTER_TITLE.finditer(text) if "(" in text else ():
        if not _PAREN_FILM.match(found.group("inner")):
            continue
        lo = layout.line_of(found.start()).start  # the line, not the sentence: "Hello, Dolly! (...)" ends one
        before = mn.TITLE_BEFORE_YEAR.search(text, max(lo, found.start() - 80), found.start())
        if before is None:
            continue
        title = fold(before.group("title"))
        if any(title == key or title.endswith(" " + key) for key in subject if key):
            continue  # "Today Moonlight (Jenkins's 2016 drama)": this film
        spans.append(found.span())
    return spans


def emphasised_film_clauses(
    text: str, layout: Layout, runs: list[tuple[int, int]], title_keys: set[str]
) -> list[tuple[int, int]]:
    """Clauses about another film named by an emphasised title (`runs`: italic and bold spans).

    A list item that opens with another film's title and speaks of a film
    ("- *Y* — Z's comedy with W as ...") is about that film, whole; in a
    sentence, the clause from the title that hands it credits ("*Y*, written
    and directed by Z;") is. A person's name in bold ("**Ana Roth** as Ida")
    is no title: the credit words after it are what decide.
    """
    spans: list[tuple[int, int]] = []
    for start, end in runs:
        raw = text[start:end].strip(' \u00a0*_"“”')
        if not raw or not (raw[0].isupper() or raw[0].isdigit()) or len(raw.split()) > 10:
            continue
        if fold(raw).removeprefix("the ") in {key.removeprefix("the ") for key in title_keys}:
            continue
        line = layout.line_of(start)
        if line.kind == BULLET and not text[line.content_start : start].strip(' \u00a0*_"“”'):
            if _SEPARATOR_AFTER.match(text, end) and _FILM_CUE.search(text, end, line.end):
                spans.append((line.start, line.end))
            continue
        credits = _CREDITS_AFTER.match(text, end)
        if credits is None:
            continue
        index = layout.sentence_index(start)
        stop = layout.sentences[index].end if index is not None else line.end
        verb = credits.group().strip(" \u00a0,")
        if verb in ("starring", "featuring", "with", "whose") and clean_name(raw) is not None:
            continue  # "**Ana Roth**, with her ...": a person, not a title
        mark = text.find(";", end, stop)
        lo = layout.sentences[index].start if index is not None else line.start
        owner = _OWNER_BEFORE.search(text, max(lo, start - 60), start)
        spans.append((owner.start() if owner else start, mark if mark >= 0 else stop))
    return spans


# What a film comes from: its credits are the source's ("based on the 1960s series created by X, with Y as Z").
_SOURCE = re.compile(
    r"\b(?:[Bb]ased[ \u00a0]+on|[Aa]dapted[ \u00a0]+from|[Aa][ \u00a0]+remake[ \u00a0]+of|[Rr]emade[ \u00a0]+from)\b"
)
_SOURCE_WORDS = ("based on", "adapted from", "remake of", "remade from")


def source_work_clauses(text: str, lower: str, layout: Layout) -> list[tuple[int, int]]:
    """Clauses about the work a film is based on: from "based on" to the end of its sentence (or its
    semicolon), or, for a sentence that opens with it ("Based on X's novel, the film ..."), to the comma."""
    if not any(word in lower for word in _SOURCE_WORDS):
        return []
    spans = []
    for found in _SOURCE.finditer(text):
        index = layout.sentence_index(found.start())
        if index is None:
            continue
        sentence = layout.sentences[index]
        opens = not text[sentence.start : found.start()].strip(' \u00a0*_"“')
        stop = text.find("," if opens else ";", found.end(), sentence.end)
        spans.append((found.start(), stop if stop >= 0 else sentence.end))
    return spans
