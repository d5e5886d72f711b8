"""The review itself: its sections (strengths, weaknesses, verdict), its score, the blurb after it, pull quotes.

A score is read as written (`ratings`): from a header or a "Rating" section
first, else the last one the prose gives. Pull quotes are one to three short
evaluative sentences: the rating blurb, else the strongest closing lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot import model as m
from bot.ingest import lexicon as lx
from bot.ingest import values as v
from bot.ingest.blocks import BULLET, HEADER, PROSE, Line
from bot.ingest.ratings import ANCHORS as RATING_ANCHORS
from bot.ingest.ratings import RATING_KEY, parse_rating
from bot.ingest.reading import Reading

# --- pull quotes ------------------------------------------------------------------
EVALUATIVE = lx.wordset(
    """
    beautiful stunning masterful masterpiece triumph triumphant captivating mesmerizing mesmerising
    breathtaking unforgettable gripping riveting haunting powerful moving brilliant exhilarating
    electrifying dazzling must-see spectacular evolution extraordinary remarkable superb sublime
    thrilling poetic exceptional compelling visceral stylish gorgeous elegant standout perfect bold
    ambitious fresh delight delightful landmark essential masterclass knockout astonishing audacious
    relentless sleek best finest dull tedious disappointing mess misfire forgettable bland flawed
    stunningly beautifully hauntingly sophisticated vivid cathartic striking assured confident rewarding
    unmissable iconic hilarious heartfelt raucous funny terrifying chilling poignant tender intimate
    epic towering achievement classic crowd-pleaser luminous lush magnetic electric fierce devastating
    affecting memorable flawless breathless exhilarating triumphantly thrilling dazzling spellbinding
    riveting absorbing engrossing
    """
)

PULL_QUOTE_SHAPE = re.compile(
    r"\b(?:is|isn['’]t|are)\s+(?:not|more\s+than)\s+(?:just|merely|simply)\b|\bmore\s+than\s+(?:just\s+)?a\b|\bnot\s+just\s+a\b",
    re.I,
)

QUOTE_SHAPE_WORDS = lx.wordset("just merely simply more")  # a sentence may have PULL_QUOTE_SHAPE

PRONOUN_START = lx.wordset("it this that they he she her his their these those but and yet so here there its")
_BLURB_LEAD = re.compile(r"[\s–—:\-|.,]*")


def read_rating(doc: Reading, start: int, end: int, *, blurb: bool = True) -> bool:
    rating = parse_rating(doc.text[start:end], loose=True)
    if not rating:
        return False
    if not doc.rating_found:
        doc.rating_found = True
        doc.add(m.RATING, rating[0], start + rating[1], start + rating[2])
    if blurb:
        _blurb(doc, start + rating[2], end)
    return True


def _blurb(doc: Reading, start: int, end: int) -> None:
    """The words after a score ("9/10 – A moving addition."): a verdict and pull quotes."""
    start += _BLURB_LEAD.match(doc.text, start, end).end() - start  # type: ignore[union-attr]
    start, end = v.strip_span(doc.text, start, end)
    if end - start < 12:
        return
    doc.add(m.VERDICT, doc.text[start:end], start, end)
    index = doc.layout.sentence_index(start)
    if index is None:  # a header line ("Rating: 4/5 – blurb") has no sentences: quote it whole
        doc.blurb.append((start, end))
        return
    sentences = doc.layout.sentences
    while index < len(sentences) and sentences[index].start < end:
        if sentences[index].clean:
            doc.blurb.append((max(start, sentences[index].start), min(end, sentences[index].end)))
        index += 1


# -- review sections -----------------------------------------------------------------


def read_sections(doc: Reading) -> None:
    fields = {"strength": m.STRENGTH, "weakness": m.WEAKNESS, "verdict": m.VERDICT}
    for line in doc.layout.lines:
        if line.kind not in (PROSE, BULLET):
            continue
        if line.section in fields:
            for start, end in _clean_runs(doc, line):
                doc.add(fields[line.section], doc.text[start:end], start, end)
        elif line.section == "rating":
            segment = doc.text[line.content_start : line.end]
            rating = parse_rating(segment, loose=True)
            if rating and rating[1] < 12:
                read_rating(doc, line.content_start, line.end)
            else:
                for start, end in _clean_runs(doc, line):
                    doc.add(m.VERDICT, doc.text[start:end], start, end)


def _clean_runs(doc: Reading, line: Line) -> Iterator[tuple[int, int]]:
    """Spans of the line's consecutive non-advertising sentences."""
    run: tuple[int, int] | None = None
    for sentence in doc.layout.sentences_of(line.index):
        if not sentence.clean:
            if run:
                yield run
            run = None
        elif run is None:
            run = (sentence.start, sentence.end)
        else:
            run = (run[0], sentence.end)
    if run:
        yield run


def read_rating_in_prose(doc: Reading) -> None:
    """A score written in the prose ("I give it 8/10"), when no rating section or header has one.

    The last one wins: reviews end with their overall score.
    """
    if doc.rating_found:
        return
    candidates: set[int] = set()
    for anchor in RATING_ANCHORS:
        pos = doc.lower.find(anchor)
        while pos >= 0:
            index = doc.layout.sentence_index(pos)
            if index is not None:
                candidates.add(index)
            pos = doc.lower.find(anchor, pos + 1)
    for index in sorted(candidates, reverse=True):
        sentence = doc.layout.sentences[index]
        rating = parse_rating(doc.text[sentence.start : sentence.end]) if sentence.clean else None
        if rating:
            doc.rating_found = True
            doc.add(m.RATING, rating[0], sentence.start + rating[1], sentence.start + rating[2])
            return
    for line in reversed(doc.layout.lines):  # "Club rating: 5/5.": a header whose key names a score
        key = doc.text[line.content_start : line.value_start].rstrip(" \t:*_")
        if line.kind == HEADER and line.value_start > line.start and RATING_KEY.match(key):
            rating = parse_rating(doc.text[line.value_start : line.value_end])
            if rating:
                doc.rating_found = True
                doc.add(m.RATING, rating[0], line.value_start + rating[1], line.value_start + rating[2])
                return


# -- pull quotes -------------------------------------------------------------------------------


def read_pull_quotes(doc: Reading) -> None:
    """One to three short evaluative sentences: the rating blurb, else the strongest closing lines.

    Closing lines are those of a verdict section, or else of the last 40% of
    a document without sections; a candidate needs an evaluative word or a
    "not just a X, it's a Y" shape.
    """
    if doc.blurb:
        for start, end in doc.blurb[:2]:
            if 12 <= end - start <= 200:
                doc.add(m.PULL_QUOTE, doc.text[start:end], start, end)
        return
    layout = doc.layout
    has_verdict = any(line.section == "verdict" for line in layout.lines)
    cutoff = len(doc.text) * 0.6
    scored = []
    for index, sentence in enumerate(layout.sentences):
        if not sentence.clean:
            continue
        words = layout.words(index)
        if words.isdisjoint(EVALUATIVE) and words.isdisjoint(QUOTE_SHAPE_WORDS):
            continue  # most sentences: no set is built for them
        evaluative = len(words & EVALUATIVE)
        section = layout.lines[sentence.line].section
        closing = section == "verdict" if has_verdict else section is None and sentence.start >= cutoff
        if closing and sentence.clean:
            score = _quote_score(doc, doc.text[sentence.start : sentence.end], evaluative)
            if score >= 3:
                scored.append((-score, sentence.start, sentence.end))
    if not scored:
        scored = _closing_line_about_the_film(doc, has_verdict, cutoff)
    for _, start, end in sorted(sorted(scored)[:2], key=lambda item: item[1]):
        doc.add(m.PULL_QUOTE, doc.text[start:end], start, end)


def _closing_line_about_the_film(doc: Reading, has_verdict: bool, cutoff: float) -> list[tuple[int, int, int]]:
    """Without an evaluative candidate: the last closing sentence that names the film."""
    forms = [form.lower() for form in doc.title_forms]
    for sentence in reversed(doc.layout.sentences):
        section = doc.layout.lines[sentence.line].section
        closing = section == "verdict" if has_verdict else section is None and sentence.start >= cutoff
        if not closing or not sentence.clean or not 30 <= sentence.end - sentence.start <= 200:
            continue
        lowered = doc.lower[sentence.start : sentence.end]
        if any(lowered.startswith(form) for form in forms) and "?" not in lowered:
            return [(0, sentence.start, sentence.end)]
    return []


def _quote_score(doc: Reading, sentence: str, evaluative: int) -> int:
    if not 30 <= len(sentence) <= 200 or "?" in sentence or "/" in sentence:
        return 0
    first = sentence.split(None, 1)[0].lower().strip("\"“‘'")
    if first in PRONOUN_START:
        return 0
    shape = bool(PULL_QUOTE_SHAPE.search(sentence))
    if not evaluative and not shape:
        return 0
    lowered = sentence.lower()
    about_film = any(form.lower() in lowered for form in doc.title_forms) or "the film" in lowered
    return min(evaluative, 3) + 2 * shape + 2 * about_film
