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
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

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
_HTML = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>|<https?://[^>\s]+>")
_RUNS = re.compile(r"\*{2,}|_{2,}|~~|`+")
_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(?P<inner>[^*\n]+?)(?<=[^\s*\\])\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w\\])_(?=[^\s_])(?P<inner>[^_\n]+?)(?<=[^\s_\\])_(?!\w)")
_STRONG = re.compile(r"(\*\*|__)(?P<inner>[^*_\n]{1,80}?)\1")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_QUOTE_MARK = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M)
_ORDERED_MARK = re.compile(r"[ \t]*\d{1,3}[.)](?=[ \t])")


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
    return bool(_MARKUP_CHARS.search(text) or _MARKUP_LINE.match("\n" + text[:200]) or _MARKUP_LINE.search(text))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


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
    for match in _LINK.finditer(text):
        blank.append((match.start(), match.start("text")))
        blank.append((match.end("text"), match.end()))
    for pattern in (_HTML, _RUNS, _ESCAPE):
        blank.extend(match.span() for match in pattern.finditer(text))
    emphasis = []
    for pattern in (_STAR, _UNDERSCORE):
        for match in pattern.finditer(text):
            blank.append((match.start(), match.start() + 1))
            blank.append((match.end() - 1, match.end()))
            emphasis.append((match.start("inner"), match.end("inner")))
    return sorted(emphasis)


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
