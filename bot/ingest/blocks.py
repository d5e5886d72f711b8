"""Markup to blocks: a document's Markdown structure, with offsets into the original text.

Plain text is valid Markdown, so every document goes through here. The block
structure (headings, paragraphs, list items, table rows with their header
cells, block quotes, front matter) comes from markdown-it-py. Its inline
tokens carry no source offsets, so emphasis, link and code syntax is found
here with a few regexes and *blanked*: `Markup.plain` is the text with every
markup character replaced by a space. It has the original's length, so a span
found in `plain` is the same span in the original, and provenance stays exact
while later stages read "**Director:** [Ana Lopez](https://…)" as
"  Director:    Ana Lopez                   ".

Table rows, front matter, code and HTML blocks are blanked whole in `plain`,
which the prose stages read; `readable` gives front matter and table cells
back, for the credits and front-matter stages, which read them from their
blocks and never as prose.

`build_layout` then cuts the blanked text into lines (the first line,
`Key: value` headers, section headings, bullets, prose) and sentences, marks
advertising, and remembers each sentence's words, so a prose `Rule` is tried
only on the sentences holding one of its cue words.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from bot.ingest import lexicon as lx
from bot.ingest.names import UP
from bot.ingest.values import fold_key

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"  # a list item's first paragraph
TABLE_ROW = "table_row"
QUOTE = "quote"  # a paragraph inside a block quote
FRONT_MATTER = "front_matter"

# Any of these means the document may hold Markdown; without them it is paragraphs of plain text.
# Markup is either a marking character or a line opening a rule, setext underline or numbered item.
# Two plain searches: an alternation holding a multi-line `^` is tried at every position, slowly.
_MARKUP_CHARS = re.compile(r"[*_\[\]<>`\\|#~]")
_MARKUP_LINE = re.compile(r"\n[ \t]*(?:-{3,}|={3,}|\d{1,3}[.)][ \t])")

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\](?:\((?P<url>[^)\n]*)\)|\[[^\]\n]*\])")
_HTML_HIDDEN = re.compile(r"[ \t]*<(?:!--|script|style|iframe|svg|noscript|\?|!\[CDATA)", re.I)  # no text
_SPACE_ENTITY = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#160|#xa0);", re.I)
_AMP_ENTITY = re.compile(r"&(?:amp|#38);", re.I)
_HTML = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>|<https?://[^>\s]+>")
# Each opens with its mark (a look-behind after it), so the search skips to the marks, which are rare.
_RUNS = re.compile(r"\*\*+|__+|~~|`+")
_STAR = re.compile(r"\*(?<![\w*\\]\*)(?=[^\s*])(?P<inner>[^*\n]+?)(?<=[^\s*\\])\*(?![\w*])")
_UNDERSCORE = re.compile(r"_(?<![\w\\]_)(?=[^\s_])(?P<inner>[^_\n]+?)(?<=[^\s_\\])_(?!\w)")
_STRONG = re.compile(r"(\*\*|__)(?P<inner>[^*_\n]{1,80}?)\1")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_QUOTE_MARK = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M)
_ORDERED_MARK = re.compile(r"[ \t]*\d{1,3}[.)](?=[ \t])")
# Wikitext, as fan wikis and pasted infoboxes have it: "[[Target|text]]" links (a category or file link
# is no text at all), doubled-apostrophe italic and bold runs, and template braces ("{{Infobox film" ... "}}").
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|\n]*\|)?(?P<text>[^\]|\n]+)\]\]")
_WIKI_HIDDEN = ("category:", "file:", "image:")
_WIKI_QUOTES = re.compile(r"'{2,}")
_WIKI_BRACES = re.compile(r"^[ \t]*\{\{[^\n|}]*$|^[ \t]*\}\}[ \t]*$", re.M)
# A template's parameter line: "| director = David Lynch".
WIKI_PARAM = re.compile(r"^[ \t]*\|[ \t]*[A-Za-z][\w ]{0,30}?[ \t]*=", re.M)


@dataclass(frozen=True, slots=True)
class Block:
    """One block: its kind and span in the original text.

    A heading has its `level`; a table row its `cells` (spans) and the
    folded `header` texts of its table's first row (empty for that row);
    `quoted` is true inside a block quote.
    """

    kind: str
    start: int
    end: int
    level: int = 0
    cells: tuple[tuple[int, int], ...] = ()
    header: tuple[str, ...] = ()
    quoted: bool = False


@dataclass(slots=True)
class Markup:
    """A document's blocks, its blanked plain text, and the spans that were emphasised."""

    text: str
    plain: str
    blocks: list[Block] = field(default_factory=list)
    emphasis: list[tuple[int, int]] = field(default_factory=list)  # *italic* / _italic_ runs
    strong: list[tuple[int, int]] = field(default_factory=list)  # **bold** runs
    front_matter: tuple[int, int] | None = None  # the YAML between the fences
    readable: str = ""  # `plain` with front matter and table cells given back (their syntax stays blank)

    def __post_init__(self) -> None:
        if not self.readable:
            self.readable = self.plain

    def emphasised(self, start: int, end: int) -> bool:
        """Whether [start, end) is exactly an italic run (give or take surrounding spaces)."""
        i = bisect_right(self.emphasis, (start, len(self.text))) - 1
        while i >= 0:
            s, e = self.emphasis[i]
            if s <= start and end <= e:
                return not self.plain[s:start].strip() and not self.plain[end:e].strip()
            if e < start:
                return False
            i -= 1
        return False


def _has_markup(text: str) -> bool:
    """Whether `text` holds anything markdown-it would read as markup (plain prose skips the parser)."""
    return bool(
        _MARKUP_CHARS.search(text)
        or _MARKUP_LINE.match("\n" + text[:200])
        or _MARKUP_LINE.search(text)
        or ("&" in text and (_SPACE_ENTITY.search(text) or _AMP_ENTITY.search(text)))
    )


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The block parser: only block tokens are read (inline markup is found by `_inline`), so the inline
    pass, two thirds of a parse, is off."""
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")


def read_markup(text: str) -> Markup:
    """Parse `text` into blocks and its blanked plain text (see the module docstring)."""
    if not _has_markup(text):
        return Markup(text, text, _plain_paragraphs(text))
    line_starts = [0]
    for match in re.finditer("\n", text):
        line_starts.append(match.end())
    line_starts.append(len(text) + 1)

    def span(lines: list[int]) -> tuple[int, int]:
        start = line_starts[lines[0]]
        end = min(len(text), line_starts[min(lines[1], len(line_starts) - 1)] - 1)
        return start, max(start, end)

    blank: list[tuple[int, int]] = []
    blocks: list[Block] = []
    front: tuple[int, int] | None = None
    quote_depth = 0
    item_open = False
    header: tuple[str, ...] = ()
    for token in _parser().parse(text):
        kind = token.type
        if kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "list_item_open":
            item_open = True
            if token.markup in ".)" and token.map:
                start, _ = span(token.map)
                mark = _ORDERED_MARK.match(text, start)
                if mark:
                    blank.append((start, mark.end()))
        elif kind == "front_matter" and token.map:
            start, end = span(token.map)
            blank.append((start, end))
            inner = text.find("\n", start) + 1
            close = text.rfind("\n", inner, end)
            front = (inner, close if close >= inner else inner)
            blocks.append(Block(FRONT_MATTER, *front))
        elif kind == "fence" and token.map and _is_template(token.content):
            start, end = span(token.map)  # a pasted infobox: credits, not code; only the fences are markup
            first_end = text.find("\n", start, end)
            last_start = text.rfind("\n", start, end)
            if 0 <= first_end < last_start:
                blank.append((start, first_end))
                if not text[last_start + 1 : end].strip("`~ \t"):
                    blank.append((last_start + 1, end))
                blocks.append(Block(PARAGRAPH, first_end + 1, last_start))
            else:
                blank.append((start, end))
        elif kind == "html_block" and token.map and not _HTML_HIDDEN.match(token.content):
            # Pasted HTML ("<dl><dt>Director</dt>…", "<table>…"): its tags are blanked inline, its text stays.
            blocks.append(Block(PARAGRAPH, *span(token.map)))
        elif kind in ("fence", "html_block", "hr") and token.map:
            blank.append(span(token.map))
        elif kind == "heading_open" and token.map:
            start, end = span(token.map)
            if token.markup in ("=", "-"):  # setext: the underline is markup
                underline = text.rfind("\n", start, end)
                if underline > 0:
                    blank.append((underline + 1, end))
                    end = underline
            blocks.append(Block(HEADING, start, end, level=int(token.tag[1:]), quoted=quote_depth > 0))
        elif kind == "paragraph_open" and token.map:
            start, end = span(token.map)
            block_kind = ITEM if item_open else QUOTE if quote_depth else PARAGRAPH
            blocks.append(Block(block_kind, start, end, quoted=quote_depth > 0))
            item_open = False
        elif kind == "code_block" and token.map:  # indented text: a paragraph to a reviewer
            blocks.append(Block(PARAGRAPH, *span(token.map)))
        elif kind == "table_open" and token.map:
            blank.append(span(token.map))
            header = ()
        elif kind == "tr_open" and token.map:
            start, end = span(token.map)
            cells = _cells(text, start, end)
            if not header:
                header = tuple(" ".join(text[s:e].lower().strip("*_ ").split()) for s, e in cells)
                blocks.append(Block(TABLE_ROW, start, end, cells=cells))
            else:
                blocks.append(Block(TABLE_ROW, start, end, cells=cells, header=header))
    if quote_depth >= 0:
        blank.extend((m.start(), m.end()) for m in _QUOTE_MARK.finditer(text))
    emphasis = _inline(text, blank)
    strong = [m.span("inner") for m in _STRONG.finditer(text)]
    plain = _blanked(text, blank)
    kept = [front] if front else []
    kept.extend(cell for block in blocks for cell in block.cells)
    readable = _restored(plain, text, kept)
    return Markup(text, plain, blocks, emphasis, strong, front, readable)


def _is_template(content: str) -> bool:
    """Whether a fenced block holds a wiki template (an infobox) rather than code."""
    return "{{" in content and len(WIKI_PARAM.findall(content)) >= 2


def _plain_paragraphs(text: str) -> list[Block]:
    blocks = []
    for match in re.finditer(r"[^\n]+(?:\n[ \t]*\S[^\n]*)*", text):
        if match.group().strip():
            blocks.append(Block(PARAGRAPH, match.start(), match.end()))
    return blocks


def _cells(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Spans of a table row's cells (outer pipes optional, "\\|" is not a separator)."""
    row = text[start:end]
    cuts = [i for i, ch in enumerate(row) if ch == "|" and (i == 0 or row[i - 1] != "\\")]
    bounds = [-1, *cuts, len(row)]
    cells = []
    for a, b in itertools.pairwise(bounds):
        s, e = start + a + 1, start + b
        while s < e and text[s] in " \t*_":
            s += 1
        while e > s and text[e - 1] in " \t*_":
            e -= 1
        cells.append((s, e))
    if cuts and not row[: cuts[0]].strip():
        cells = cells[1:]
    if cuts and not row[cuts[-1] + 1 :].strip():
        cells = cells[:-1]
    return tuple(cells)


def _inline(text: str, blank: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Add the spans of inline markup characters to `blank`; return the italic runs."""
    for match in _IMAGE.finditer(text):
        blank.append(match.span())
    if "[[" in text or "{{" in text:
        _wikitext(text, blank)
    for match in _LINK.finditer(text):
        blank.append((match.start(), match.start("text")))
        blank.append((match.end("text"), match.end()))
    for pattern in (_HTML, _RUNS, _ESCAPE):
        blank.extend(match.span() for match in pattern.finditer(text))
    if "&" in text:  # pasted HTML's entities: a space is a space, "&amp;" keeps its "&"
        blank.extend(match.span() for match in _SPACE_ENTITY.finditer(text))
        blank.extend((match.start() + 1, match.end()) for match in _AMP_ENTITY.finditer(text))
    emphasis = []
    for pattern in (_STAR, _UNDERSCORE):
        for match in pattern.finditer(text):
            blank.append((match.start(), match.start() + 1))
            blank.append((match.end() - 1, match.end()))
            emphasis.append((match.start("inner"), match.end("inner")))
    return sorted(emphasis)


def _wikitext(text: str, blank: list[tuple[int, int]]) -> None:
    """Add the spans of wikitext markup: link brackets (category and file links whole), quote runs, braces."""
    for match in _WIKI_LINK.finditer(text):
        if match.group("text").lower().startswith(_WIKI_HIDDEN):
            blank.append(match.span())
        else:
            blank.append((match.start(), match.start("text")))
            blank.append((match.end("text"), match.end()))
    blank.extend(match.span() for match in _WIKI_QUOTES.finditer(text))
    blank.extend(match.span() for match in _WIKI_BRACES.finditer(text))


def _restored(plain: str, text: str, spans: list[tuple[int, int]]) -> str:
    """`plain` with the characters of `spans` taken from `text` again (inline markup in them stays blank)."""
    if not spans:
        return plain
    inline = _blanked(text, [s for s in _inline_spans(text)])
    parts = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        parts.append(plain[pos:start])
        parts.append(inline[start:end])
        pos = end
    parts.append(plain[pos:])
    return "".join(parts)


def _inline_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    _inline(text, spans)
    return spans


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with every character inside `spans` turned into a space (line breaks kept)."""
    if not spans:
        return text
    parts = []
    pos = 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if start >= end:
            continue
        parts.append(text[pos:start])
        chunk = text[start:end]
        parts.append("".join("\n" if ch == "\n" else " " for ch in chunk) if "\n" in chunk else " " * len(chunk))
        pos = end
    parts.append(text[pos:])
    plain = "".join(parts)
    assert len(plain) == len(text)
    return plain


# --- lines and sentences of the blanked text -------------------------------------------------------
HEADER_LINE = re.compile(
    r"[ \t]*[*_#>]*[ \t]*(?P<key>[A-Za-z][A-Za-z .&/'’()\-]{0,30}?)[ \t]*[*_]*[ \t]*:[ \t]*[*_]*[ \t]*"
    r"(?P<value>.*?)[ \t*_]*$"
)

# A "Key – value" header line ("Tagline – ..."): only for known keys, checked by the layout.
DASH_HEADER_LINE = re.compile(
    r"[ \t]*[*_]*(?P<key>[A-Za-z][A-Za-z .&'’()]{0,30}?)[*_]*[ \t]+[–—-][ \t]+[*_]*[ \t]*(?P<value>.*?)[ \t*_]*$"
)

# "*" and "+" mark a bullet only before a space ("*Emphasis*" is not a bullet).
BULLET_LINE = re.compile(r"[ \t\u00a0]*(?:[•●▪◦·‣∙]|[-–—*+](?=[ \t\u00a0]))[ \t\u00a0]*(?=\S)")

MARKDOWN_HEADING = re.compile(r"[ \t]*(?:#{1,6}[ \t]*|\*\*|__)(?P<text>.+?)(?:[ \t]*#*|\*\*|__)?:?[ \t]*$")

# The gap between two sentences: end punctuation and closing quotes (group 1), spaces,
# then a capital, digit or opening quote (so "… or" and "e.g. the" do not split).
SENTENCE_GAP = re.compile(rf"([.!?…][\"”’')\]]*)[ \t\u00a0]+(?=[\"“‘'(•]?[{UP}0-9])")

BULLET_MARKS = "•●▪◦·‣∙*+-–— \t\u00a0"

ABBREVIATIONS = lx.wordset("mr mrs ms dr st jr sr vs etc no vol inc ltd prof sgt lt capt gen col mt ft approx")

# Section headings ("Strengths", "Final Verdict") and what their paragraphs claim.
SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mixed", re.compile(r"\b(?:pros and cons|strengths and weaknesses|the good and the bad)\b")),
    (
        "strength",
        re.compile(
            r"^(?:the )?(?:strengths?|pros|what works|what worked|the good|highlights|positives|what we liked"
            r"|what i liked|likes|high points|the highs|plus points)\b"
        ),
    ),
    (
        "weakness",
        re.compile(
            r"^(?:the )?(?:weakness(?:es)?|cons|what doesn t(?: work)?|what does not work|what didn t(?: work)?"
            r"|what did not work|the bad|drawbacks|flaws|shortcomings|negatives|what we didn t like"
            r"|what i didn t like|dislikes|low points|the lows|minus points|what falls (?:short|flat))\b"
        ),
    ),
    (
        "verdict",
        re.compile(
            r"^(?:the |final |our |my )*(?:verdict|conclusion|final thoughts|bottom line|in conclusion"
            r"|closing thoughts|final word|the takeaway|overall|summary|in summary)\b"
        ),
    ),
    ("rating", re.compile(r"^(?:final |overall |our |my )?(?:rating|score|grade)s?$")),
)

# Advertising and off-topic sentences: piracy/streaming plugs, downloads, links.
SPAM = re.compile(
    r"\bprovides?\s+you\b|\bfull\s+(?:hd\s+)?movies?\b|\bhd\s+(?:movies?|quality|print|films?)\b"
    r"|\bdownload(?:s|ed|ing)?\b|\btorrents?\b|\bwatch\b[^.!?\n]{0,60}?\b(?:online|free|here|now|hd)\b"
    r"|\bstream(?:ing)?\b[^.!?\n]{0,30}?\bfor\s+free\b|\bfree\s+(?:movies?|streaming|online)\b"
    r"|\bmovies?\s+(?:online|for\s+free)\b|https?://|\bwww\."
    r"|\bour\s+(?:\w+\s+){0,2}collections?\b|\bclick\s+here\b|\bsign\s+up\b|\bsubscribe\b"
    r"|\bvisit\s+(?:our|the)\s+(?:site|website)\b|\bcheck\s+out\s+our\b"
    r"|\b(?:site|website|platform|place)\s+(?:to|for)\s+(?:watch|stream|download)\b"
    r"|\bavailable\s+(?:to\s+(?:stream|watch|download)|for\s+(?:free|streaming|download))\b"
)  # run on the lowered text


FIRST = "first"  # the first non-blank line: a title line or the opening prose
HEADER = "header"  # "Key: value" with a known key
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
    _words_of: dict[str, frozenset[str]] = field(default_factory=dict)  # a sentence's text -> its words

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
            lower = self.lower[sentence.start : sentence.end]
            words = self._words_of.get(lower)  # a sentence repeated in the document is split once
            if words is None:
                words = self._words_of[lower] = frozenset(_WORD.findall(lower))
            sentence.words = words
        return sentence.words

    def cue_hits(self, cues: CueIndex) -> dict[str, list[int]]:
        """Rule name -> the clean sentences (indices, in order) holding one of its cue words (or "(")."""
        hits: dict[str, list[int]] = {}
        parens = cues.rules.get("(", ())
        cued: dict[frozenset[str], frozenset[str]] = {}  # words -> the cue words among them, once per word set
        with_paren = self._with_paren() if parens else set()
        for index, sentence in enumerate(self.sentences):
            if not sentence.clean:
                continue
            words = self.words(index)
            found = cued.get(words)
            if found is None:
                found = cued[words] = words & cues.words  # one set operation: most words are no cue
            paren = index in with_paren
            if not found and not paren:
                continue
            names: set[str] = set(parens) if paren else set()
            for word in found:
                names.update(cues.rules[word])
            for name in names:
                hits.setdefault(name, []).append(index)
        return hits

    def _with_paren(self) -> set[int]:
        """The sentences holding a "(": one search per parenthesis, not one per sentence."""
        found: set[int] = set()
        pos = self.text.find("(")
        while pos >= 0:
            index = self.sentence_index(pos)
            if index is not None:
                found.add(index)
            pos = self.text.find("(", pos + 1)
        return found

    def mark_spam(self) -> None:
        """Flag advertising sentences (and header lines): the SPAM regex, run around each spam anchor."""
        before, after = _SPAM_WINDOW
        lower = self.lower
        for pos in _spam_hints(lower):
            i = self.sentence_index(pos)
            if i is not None:
                sentence = self.sentences[i]
                lo, hi = sentence.start, sentence.end
            else:
                line = self.line_of(pos)
                if line.kind in _TEXT_KINDS:
                    continue
                lo, hi = line.start, line.end
            if SPAM.search(self.lower, max(lo, pos - before), min(hi, pos + after)):
                self.spam_spans.append((lo, hi))
                if i is not None:
                    self.sentences[i].spam = True
        self.spam_spans = sorted(set(self.spam_spans))
        self._spam_starts = [s for s, _ in self.spam_spans]


# Words that hint a sentence may advertise; the SPAM regex, run around them, decides. Word starts
# ("download" of "downloads") and whole words; found with plain substring searches, which are fast.
_SPAM_STEMS = (
    "provide",
    "download",
    "torrent",
    "watch",
    "stream",
    "http",
    "www",
    "collection",
    "site",
    "website",
    "platform",
)
_SPAM_WORDS = ("free", "click", "sign", "subscribe", "visit", "available", "hd", "full", "check")


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’-"


def _spam_hints(lower: str) -> list[int]:
    """Where a spam hint starts in `lower`, in order."""
    found: list[int] = []
    size = len(lower)
    for words, whole in ((_SPAM_STEMS, False), (_SPAM_WORDS, True)):
        for word in words:
            pos = lower.find(word)
            while pos >= 0:
                end = pos + len(word)
                if not (pos and _wordish(lower[pos - 1])) and not (whole and end < size and _wordish(lower[end])):
                    found.append(pos)
                pos = lower.find(word, end)
    return sorted(found)


_SPAM_WINDOW = (50, 80)  # characters before and after a hint that the SPAM regex looks at
# A word, for cue tests: what lies between spaces and punctuation (a regex: `str.translate` is slow on
# text beyond ASCII, and reviews have curly quotes).
_WORD = re.compile(r"[^\s.,;:!?()\[\]{}\"“”‘*_/|=…—–]+")

_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")  # "J" of "J. Smith", "J.J" of "J.J. Moss"
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # initials end with one: most tokens need no regex


_CREDIT_LINE = re.compile(
    r"\b(?:[Dd]irected|[Ww]ritten|[Ss]hot|[Ss]cored|[Pp]roduced|[Ee]dited)[ \u00a0]+by[ \u00a0]+[A-Z]"
)


# "Stella ........ Thelma Ritter": a credit, not a heading.
_LEADER = re.compile(r"\S(?:[ \t]*(?:\.{3,}|…+)[ \t]*|[ \t]+\.[ \t]+)\S")


def header_key(raw: str) -> str:
    """The folded lexicon key of a header's raw key; a bracketed remark after it is dropped when the
    whole is unknown ("Cast (in order of appearance)" -> "cast", "Music (original score)" -> "music")."""
    key = fold_key(raw)
    if key not in lx.HEADER_FIELDS and "(" in raw:
        bare = fold_key(raw.split("(", 1)[0])
        if bare in lx.HEADER_FIELDS:
            return bare
    return key


def section_kind(heading: str) -> str:
    folded = fold_key(heading)
    for kind, pattern in SECTION_KINDS:
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
        previous = lines[line.index - 1]
        after_header = previous.kind == HEADER
        # The line right under a heading is its text: "## Cast" over "Ana Lopez as Mira" is no pair of headings.
        under_heading = previous.kind == HEADING and text.count("\n", previous.end, line.start) == 1
        heading_text = _classify(
            text, line, has_next=line.index < last, after_header=after_header, under_heading=under_heading
        )
        if heading_text is not None:
            section = section_kind(heading_text)
            heading = fold_key(heading_text)
            continue
        line.section = section
        line.heading = heading

    layout = Layout(text, lower, lines, _sentences(text, lines))
    layout.mark_spam()
    return layout


def _classify(
    text: str, line: Line, *, has_next: bool, after_header: bool = False, under_heading: bool = False
) -> str | None:
    """Set the kind of a line after the first; return the heading text if it is one.

    A "Key: value" line is a header if its key is known; one with an unknown
    short key ("Aspect ratio: 2.39:1") right after a header is a header too,
    read for nothing. "Key – value" is a header only for a known key.
    """
    raw = text[line.start : line.end]
    header = None
    if ":" in raw[:40]:
        header = HEADER_LINE.match(raw)
        if header and header.group("value"):
            key = header_key(header.group("key"))
            if key not in lx.HEADER_FIELDS:
                page_line = key in lx.PAGE_KEYS and _META_LINE.match(raw) is not None
                if not ((after_header or page_line) and _is_unknown_key(header.group("key"))):
                    header = None
                key = lx.IGNORED
        else:
            header = None
    if header is None and raw[0].isalpha() and ("–" in raw[:40] or "—" in raw[:40] or " - " in raw[:40]):
        dash = DASH_HEADER_LINE.match(raw)
        if dash and dash.group("value") and fold_key(dash.group("key")) in lx.HEADER_FIELDS:
            header, key = dash, fold_key(dash.group("key"))
    if header is not None:
        line.kind = HEADER
        line.key = key
        line.value_start = line.start + header.start("value")
        line.value_end = line.start + header.end("value")
        return None
    if raw[0] in BULLET_MARKS:
        bullet = BULLET_LINE.match(raw)
        if bullet and not raw.startswith("**"):
            line.kind = BULLET
            line.content_start = line.start + bullet.end()
            return None
    if len(raw) > 80 or not has_next or (under_heading and raw[0] != "#"):
        return None
    marked = MARKDOWN_HEADING.fullmatch(raw) if raw[0] in "#*_" else None
    candidate = marked.group("text").strip() if marked else raw.rstrip(":").strip()
    if _is_heading(candidate):
        line.kind = HEADING
        return candidate
    return None


# "Hosts: A & B · Runtime: 1 hr 24 min · Guest: C": a page's line of keys about itself (an episode, a post),
# opened by a key of `lexicon.PAGE_KEYS`: nothing on it is the film's; a header read for nothing, never prose.
_META_LINE = re.compile(r"[^:\n]{1,30}:[^:·|\n]*[·|][ \t]*[A-Za-z][^:\n]{0,30}:")


def _is_unknown_key(key: str) -> bool:
    """A header key the extractor does not know: one to three words, the first capitalised."""
    words = key.strip(" *_").split()
    return 0 < len(words) <= 3 and words[0][0].isupper()


def _is_heading(text: str) -> bool:
    """A short line without sentence punctuation (followed by more text); "Directed by X" is a credit, not one."""
    if not text or len(text) > 60 or not text[0].isalpha() or not text[0].isupper():
        return False
    if _CREDIT_LINE.search(text) or _LEADER.search(text):
        return False
    return text[-1] not in ".!?,;…\"”’'" and text.count(" ") < 7


def _sentences(text: str, lines: list[Line]) -> list[Sentence]:
    """The sentences of the prose and bullet lines, in order.

    One pass of SENTENCE_GAP over the whole text finds the gaps; a gap after an
    abbreviation ("Dr.") or an initial ("J.") is not one, and every line ends
    a sentence.
    """
    gaps: list[tuple[int, int]] = []
    for gap in SENTENCE_GAP.finditer(text):
        stop = gap.end(1)
        if text[gap.start()] == ".":
            dot = gap.start()
            space = text.rfind(" ", max(0, dot - 7), dot)
            if space >= 0 or dot < 7:
                token = text[space + 1 : dot].lstrip("(\"“'‘\n")
                if token.lower() in ABBREVIATIONS or (token[-1:] in _CAPITALS and _INITIALS.fullmatch(token)):
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


# --- prose rules -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Rule:
    """A named prose pattern and the sentences worth trying it on.

    It is tried (`re.finditer`) on each clean sentence that holds one of its
    `cues` (lower-case words, or "(") and, if it has `needs`, one of those
    literals: most sentences hold none, and the set test costs far less than
    the pattern. `job` is the crew job a crew rule assigns, `note` a cast
    note ("cameo").
    """

    name: str
    pattern: re.Pattern[str]
    cues: tuple[str, ...]
    needs: tuple[str, ...] = ()
    job: str | None = None
    note: str | None = None


def rule(
    name: str, regex: str, cues: str, *, needs: tuple[str, ...] = (), job: str | None = None, note: str | None = None
) -> Rule:
    return Rule(name, re.compile(regex), tuple(cues.split()), needs, job, note)


@dataclass(frozen=True, slots=True)
class CueIndex:
    """Cue word (or "(") -> the names of the rules a sentence holding it is worth trying; `words` the cue words."""

    rules: dict[str, tuple[str, ...]]
    words: frozenset[str]


NO_CUES = CueIndex({}, frozenset())


def rules_by_cue(rules: tuple[Rule, ...]) -> CueIndex:
    owners: dict[str, list[str]] = {}
    for r in rules:
        for cue in r.cues:
            owners.setdefault(cue, []).append(r.name)
    return CueIndex({cue: tuple(names) for cue, names in owners.items()}, frozenset(owners) - {"("})
