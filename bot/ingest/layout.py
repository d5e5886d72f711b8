"""The shape of a review document: lines, their kinds, sections and sentences.

Offsets are character offsets in the original text, so every claim can point
back at exactly what it was read from. Nothing here decides what a line
*means* beyond its shape (and whether a sentence is advertising); the
extractor does that.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from bot.ingest import patterns as p
from bot.ingest.values import fold_key

FIRST = "first"  # the first non-blank line: a title line or the opening prose
HEADER = "header"  # "Key: value" with a known key
HEADING = "heading"  # a short line that opens a section
BULLET = "bullet"
PROSE = "prose"
_TEXT_KINDS = (PROSE, BULLET, FIRST)


@dataclass(slots=True)
class Line:
    """A non-blank line; `index` is its position in `Layout.lines`."""

    index: int
    start: int  # first non-space character
    end: int  # after the last non-space character
    kind: str = PROSE
    content_start: int = 0  # after a bullet marker
    key: str | None = None  # folded header key
    value_start: int = 0
    value_end: int = 0
    section: str | None = None  # kind of the heading above: "strength", "verdict", "other", ...
    heading: str = ""  # folded text of the heading above


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    line: int
    spam: bool = False  # advertising: nothing is read from it
    dropped: bool = False  # not prose after all (the title or tagline line)
    words: frozenset[str] | None = None  # lower-cased words, computed on first use (`Layout.words`)

    @property
    def clean(self) -> bool:
        return not (self.spam or self.dropped)


@dataclass(slots=True)
class Layout:
    text: str
    lower: str  # text.lower(), same length
    lines: list[Line]
    sentences: list[Sentence]
    spam_spans: list[tuple[int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _spam_starts: list[int] = field(default_factory=list)
    _by_line: dict[int, list[Sentence]] = field(default_factory=dict)
    _line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [s.start for s in self.sentences]
        self._line_starts = [line.start for line in self.lines]
        for sentence in self.sentences:
            self._by_line.setdefault(sentence.line, []).append(sentence)

    def sentence_index(self, pos: int) -> int | None:
        """The index of the sentence containing `pos`, or None outside prose."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return i
        return None

    def is_spam(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps an advertising sentence or line."""
        i = bisect_right(self._spam_starts, end - 1) - 1
        return i >= 0 and self.spam_spans[i][1] > start

    def in_one_sentence(self, start: int, end: int) -> int | None:
        """The sentence holding all of [start, end), if it is one clean prose sentence."""
        i = self.sentence_index(start)
        if i is None or end > self.sentences[i].end or not self.sentences[i].clean:
            return None
        return i

    def line_of(self, pos: int) -> Line:
        """The line holding `pos` (or the last line before it, for a position between lines)."""
        return self.lines[max(0, bisect_right(self._line_starts, pos) - 1)]

    def drop_line(self, index: int) -> None:
        """Stop treating a line as prose (it was the title or the tagline)."""
        for sentence in self._by_line.get(index, []):
            sentence.dropped = True

    def sentences_of(self, index: int) -> list[Sentence]:
        return self._by_line.get(index, [])

    def words(self, index: int) -> frozenset[str]:
        """The lower-cased words of sentence `index`: a rule's cue test is one set operation."""
        sentence = self.sentences[index]
        if sentence.words is None:
            sentence.words = frozenset(self.lower[sentence.start : sentence.end].translate(_PUNCTUATION).split())
        return sentence.words

    def cue_hits(self, rules_by_cue: dict[str, tuple[str, ...]]) -> dict[str, list[int]]:
        """Rule name -> the clean sentences (indices, in order) holding one of its cue words (or "(")."""
        hits: dict[str, list[int]] = {}
        parens = rules_by_cue.get("(", ())
        for index, sentence in enumerate(self.sentences):
            if not sentence.clean:
                continue
            names: set[str] = set()
            for word in self.words(index):
                owners = rules_by_cue.get(word)
                if owners:
                    names.update(owners)
            if parens and self.text.find("(", sentence.start, sentence.end) >= 0:
                names.update(parens)
            for name in names:
                hits.setdefault(name, []).append(index)
        return hits

    def mark_spam(self) -> None:
        """Flag advertising sentences (and header lines): the SPAM regex, run around each spam anchor."""
        before, after = _SPAM_WINDOW
        for hint in _SPAM_HINT.finditer(self.lower):
            pos = hint.start()
            i = self.sentence_index(pos)
            if i is not None:
                sentence = self.sentences[i]
                lo, hi = sentence.start, sentence.end
            else:
                line = self.line_of(pos)
                if line.kind in _TEXT_KINDS:
                    continue
                lo, hi = line.start, line.end
            if p.SPAM.search(self.lower, max(lo, pos - before), min(hi, pos + after)):
                self.spam_spans.append((lo, hi))
                if i is not None:
                    self.sentences[i].spam = True
        self.spam_spans = sorted(set(self.spam_spans))
        self._spam_starts = [s for s, _ in self.spam_spans]


# Words that hint a sentence may advertise; the SPAM regex, run around them, decides.
_SPAM_HINT = re.compile(
    r"(?<![\w'’-])(?:provide|download|torrent|watch|stream|http|www|collection|site|website|platform"
    r"|(?:free|click|sign|subscribe|visit|available|hd|full|check)(?![\w'’-]))"
)
_SPAM_WINDOW = (50, 80)  # characters before and after a hint that the SPAM regex looks at
_PUNCTUATION = str.maketrans({ch: " " for ch in '.,;:!?()[]{}"“”‘*_/|=…—–'})

_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")  # "J" of "J. Smith", "J.J" of "J.J. Moss"
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # initials end with one: most tokens need no regex


_CREDIT_LINE = re.compile(
    r"\b(?:[Dd]irected|[Ww]ritten|[Ss]hot|[Ss]cored|[Pp]roduced|[Ee]dited)[ \u00a0]+by[ \u00a0]+[A-Z]"
)


def section_kind(heading: str) -> str:
    folded = fold_key(heading)
    for kind, pattern in p.SECTION_KINDS:
        if pattern.search(folded):
            return kind
    return "other"


def build_layout(text: str) -> Layout:
    lower = text.lower()
    if len(lower) != len(text):  # a few characters lower-case to two; keep offsets aligned
        lower = "".join(ch.lower()[0] for ch in text)
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            lines.append(Line(len(lines), start, start + len(stripped), PROSE, start))
        pos += len(raw) + 1

    if lines:
        lines[0].kind = FIRST
    section: str | None = None
    heading = ""
    last = len(lines) - 1
    for line in lines[1:]:
        after_header = lines[line.index - 1].kind == HEADER
        heading_text = _classify(text, line, has_next=line.index < last, after_header=after_header)
        if heading_text is not None:
            section = section_kind(heading_text)
            heading = fold_key(heading_text)
            continue
        line.section = section
        line.heading = heading

    layout = Layout(text, lower, lines, _sentences(text, lines))
    layout.mark_spam()
    return layout


def _classify(text: str, line: Line, *, has_next: bool, after_header: bool = False) -> str | None:
    """Set the kind of a line after the first; return the heading text if it is one.

    A "Key: value" line is a header if its key is known; one with an unknown
    short key ("Aspect ratio: 2.39:1") right after a header is a header too,
    read for nothing. "Key – value" is a header only for a known key.
    """
    raw = text[line.start : line.end]
    header = None
    if ":" in raw[:40]:
        header = p.HEADER_LINE.match(raw)
        if header and header.group("value"):
            key = fold_key(header.group("key"))
            if key not in p.HEADER_FIELDS:
                if not (after_header and _is_unknown_key(header.group("key"))):
                    header = None
                key = p.IGNORED
        else:
            header = None
    if header is None and raw[0].isalpha() and ("–" in raw[:40] or "—" in raw[:40] or " - " in raw[:40]):
        dash = p.DASH_HEADER_LINE.match(raw)
        if dash and dash.group("value") and fold_key(dash.group("key")) in p.HEADER_FIELDS:
            header, key = dash, fold_key(dash.group("key"))
    if header is not None:
        line.kind = HEADER
        line.key = key
        line.value_start = line.start + header.start("value")
        line.value_end = line.start + header.end("value")
        return None
    if raw[0] in p.BULLET_MARKS:
        bullet = p.BULLET_LINE.match(raw)
        if bullet and not raw.startswith("**"):
            line.kind = BULLET
            line.content_start = line.start + bullet.end()
            return None
    if len(raw) > 80 or not has_next:
        return None
    marked = p.MARKDOWN_HEADING.fullmatch(raw) if raw[0] in "#*_" else None
    candidate = marked.group("text").strip() if marked else raw.rstrip(":").strip()
    if _is_heading(candidate):
        line.kind = HEADING
        return candidate
    return None


def _is_unknown_key(key: str) -> bool:
    """A header key the extractor does not know: one to three words, the first capitalised."""
    words = key.strip(" *_").split()
    return 0 < len(words) <= 3 and words[0][0].isupper()


def _is_heading(text: str) -> bool:
    """A short line without sentence punctuation (followed by more text); "Directed by X" is a credit, not one."""
    if not text or len(text) > 60 or not text[0].isalpha() or not text[0].isupper():
        return False
    if _CREDIT_LINE.search(text):
        return False
    return text[-1] not in ".!?,;…\"”’'" and text.count(" ") < 7


def _sentences(text: str, lines: list[Line]) -> list[Sentence]:
    """The sentences of the prose and bullet lines, in order.

    One pass of SENTENCE_GAP over the whole text finds the gaps; a gap after an
    abbreviation ("Dr.") or an initial ("J.") is not one, and every line ends
    a sentence.
    """
    gaps: list[tuple[int, int]] = []
    for gap in p.SENTENCE_GAP.finditer(text):
        stop = gap.end(1)
        if text[gap.start()] == ".":
            dot = gap.start()
            space = text.rfind(" ", max(0, dot - 7), dot)
            if space >= 0 or dot < 7:
                token = text[space + 1 : dot].lstrip("(\"“'‘\n")
                if token.lower() in p.ABBREVIATIONS or (token[-1:] in _CAPITALS and _INITIALS.fullmatch(token)):
                    continue
        gaps.append((stop, gap.end()))
    sentences: list[Sentence] = []
    i = 0
    for line in lines:
        if line.kind not in _TEXT_KINDS:
            continue
        begin, end = line.content_start, line.end
        while i < len(gaps) and gaps[i][0] <= begin:
            i += 1
        while i < len(gaps) and gaps[i][1] <= end:
            stop, next_start = gaps[i]
            sentences.append(Sentence(begin, stop, line.index))
            begin = next_start
            i += 1
        if begin < end:
            sentences.append(Sentence(begin, end, line.index))
    return sentences
