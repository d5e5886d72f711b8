"""Credits in any layout: the key/value shapes reviews lay their credits out in.

- `Key: value` lines, with the key in bold (`**Director:** X`, `**Director**: X`,
  `**Director** X`), in a list item (`- Director: X`), behind a dotted leader
  (`Director ........ X`), or written `Key = value` / `Key | value`;
- table rows, the columns named by the header row (`Character | Actor`,
  `Job | Name`), or two-column key/value tables;
- parenthesised newspaper capsules with abbreviations
  (`(1995, dir. X; with Y, Z; ph. W; 170 min.)`);
- question-and-answer pairs (`Q: Who shot it? A: X`).

`normalise_key_lines` rewrites the first three line shapes, in the blanked
plain text (`blocks.Markup.plain`, same length as the original), into
`Key:   value` so the header reader sees one shape; the others are returned as
`Credit`s (a key and a value span) for the extractor to read like a header.
Keys are looked up in the one job lexicon (`lexicon`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot import model as m
from bot.ingest import lexicon as lx
from bot.ingest.blocks import TABLE_ROW, Markup
from bot.ingest.values import RUNTIME_RE, fold_key

_KEY = r"[A-Za-z][A-Za-z .&/'’()\-]{0,30}?"
# "**Director** Ana Lopez" / "__Director__ Ana Lopez" (the original text: the bold is gone from plain).
_BOLD_KEY = re.compile(
    rf"^[ \t]*(?:[-*+•][ \t]+)?(?P<mark>\*\*|__)(?P<key>{_KEY})[ \t]*(?P=mark)(?P<gap>[ \t]+)(?=\S)", re.M
)
# "Director ....... Ana Lopez", "Director = Ana Lopez", "Director | Ana Lopez", "Director – Ana Lopez"
_LEADER_KEY = re.compile(rf"^[ \t]*(?:[-*+•][ \t]+)?(?P<key>{_KEY})[ \t]*(?P<sep>\.{{3,}}|…+|=|\|)[ \t]*(?=\S)", re.M)
# "- Director: Ana Lopez": a list item holding a header.
_ITEM_KEY = re.compile(rf"^(?P<bullet>[ \t]*[-*+•][ \t]+)(?P<key>{_KEY})[ \t]*:[ \t]*(?=\S)", re.M)
_ITEM_START = re.compile(r"\n[ \t]*[-*+•][ \t]")  # opens with a literal: the engine's fast search


def _has_item(plain: str) -> bool:
    """Whether any line is a list item: cheaper than `_ITEM_KEY`, whose line-start `^` is tried everywhere."""
    return plain.lstrip(" \t")[:1] in ("-", "*", "+", "•") or _ITEM_START.search(plain) is not None


# A capsule: parentheses holding "key. value" segments separated by semicolons.
_CAPSULE = re.compile(r"\((?P<body>[^()\n]{6,400}?)\)")
_SEGMENT = re.compile(r"[ \t]*(?P<key>[A-Za-z][A-Za-z ]{0,20}?)(?:\.|:)?[ \t]+(?P<value>[^;]+)")
_QUESTION = re.compile(
    r"^[ \t]*(?:Q|Question)[ \t]*[:.)\-–—][ \t]*(?P<q>[^\n]+)\n(?:[ \t]*\n)*"
    r"[ \t]*(?:A|Answer)[ \t]*[:.)\-–—][ \t]*(?P<a>[^\n]+)",
    re.M,
)
_QUESTION_JOB = re.compile(r"\bwho\b[^?\n]{0,40}?\b(?P<verb>\w+)\b[^?\n]{0,30}\?", re.I)


_KEY_MARKS = ("**", "__", "...", "…", "=", "|")


@dataclass(frozen=True, slots=True)
class Credit:
    """A credit found outside `Key: value` lines: the lexicon key and the value's span."""

    field: str
    job: str | None
    key: str
    start: int
    end: int
    role_start: int = -1  # a table's character cell, if the row pairs actor and character
    role_end: int = -1


def _known(key: str) -> bool:
    target = lx.field_of(fold_key(key))
    return target is not None and target[0] != lx.IGNORED


def normalise_key_lines(text: str, plain: str) -> str:
    """`plain` with bold keys, dotted leaders, `=`/`|` separators and bulleted headers made `Key: value`.

    Only keys the lexicon knows are rewritten; characters are only replaced
    by ":" or spaces, so offsets stay those of `text`.
    """
    if not any(mark in text for mark in _KEY_MARKS) and not (_has_item(plain) and _ITEM_KEY.search(plain)):
        return plain
    chars: list[str] | None = None

    def put(pos: int, value: str) -> None:
        nonlocal chars
        if chars is None:
            chars = list(plain)
        for n, ch in enumerate(value):
            chars[pos + n] = ch

    for match in _BOLD_KEY.finditer(text):
        if _known(match.group("key")):
            close = text.find(match.group("mark"), match.end("key"))
            if (
                close >= 0
                and ":" not in text[match.end("key") : match.end()]
                and not plain[close : match.end()].strip()
            ):
                put(close, ":")
    for match in _LEADER_KEY.finditer(plain):
        if _known(match.group("key")):
            sep = match.group("sep")
            put(match.start("sep"), ":" + " " * (len(sep) - 1))
    for match in _ITEM_KEY.finditer(plain):
        if _known(match.group("key")):
            put(match.start("bullet"), " " * len(match.group("bullet")))
    return "".join(chars) if chars is not None else plain


def table_credits(markup: Markup) -> Iterator[Credit]:
    """Credits of table rows: key/value rows, cast rows (actor and character), crew rows (job and name)."""
    text = markup.text
    for block in markup.blocks:
        if block.kind != TABLE_ROW or len(block.cells) < 2:
            continue
        header = block.header
        if not header:  # the header row itself may be a key/value pair ("| Director | Ana Lopez |")
            yield from _key_value_row(text, block.cells)
            continue
        actor = _column(header, lx.ACTOR_COLUMNS)
        character = _column(header, lx.CHARACTER_COLUMNS)
        job = _column(header, lx.JOB_COLUMNS)
        person = _column(header, lx.PERSON_COLUMNS)
        cells = block.cells
        if job is not None and person is not None and job != person and max(job, person) < len(cells):
            target = lx.field_of(fold_key(text[slice(*cells[job])]))
            if target and target[0] in (m.DIRECTOR, m.CREW):
                yield Credit(target[0], target[1], "table", *cells[person])
                continue
        if actor is not None and actor < len(cells) and actor != character:
            if character is not None and character < len(cells):
                yield Credit(m.CAST, None, "table", *cells[actor], *cells[character])
            else:
                yield Credit(m.CAST, None, "table", *cells[actor])
            continue
        yield from _key_value_row(text, cells)


def _key_value_row(text: str, cells: tuple[tuple[int, int], ...]) -> Iterator[Credit]:
    if len(cells) != 2:
        return
    key = fold_key(text[slice(*cells[0])])
    target = lx.field_of(key)
    if target and target[0] != lx.IGNORED and cells[1][0] < cells[1][1]:
        yield Credit(target[0], target[1], key, *cells[1])


def _column(header: tuple[str, ...], words: frozenset[str]) -> int | None:
    for n, cell in enumerate(header):
        if fold_key(cell) in words:
            return n
    return None


def capsule_credits(plain: str, heads: tuple[str, ...] = ()) -> Iterator[Credit]:
    """Credits in parenthesised capsules: "(1995; dir. X; with Y, Z; ph. W)".

    With `heads` (the film's folded titles), only a capsule right after one
    of them counts: a listing's capsules about other films credit nobody.
    A parenthesis counts as a capsule when at least two of its segments
    (split at semicolons, or at commas before a known abbreviation) start
    with a capsule key; a lone "(dir. X)" after a title counts too.
    """
    for capsule in _CAPSULE.finditer(plain):
        if heads and not _headed_by(plain, capsule.start(), heads):
            continue  # a listing's capsule about another film
        body_start = capsule.start("body")
        body = capsule.group("body")
        found = []
        for seg_start, seg_end in _segments(body):
            runtime = RUNTIME_RE.search(body, seg_start, seg_end)
            if (
                runtime
                and len(body[seg_start : runtime.start()].strip()) <= 8  # "R, 117 min."
                and not body[runtime.end() : seg_end].strip(" .")
            ):
                found.append(
                    Credit(m.RUNTIME, None, "runtime", body_start + runtime.start(), body_start + runtime.end())
                )
                continue
            segment = _SEGMENT.match(body, seg_start, seg_end)
            if not segment:
                continue
            key = fold_key(segment.group("key"))
            target = lx.CAPSULE_KEYS.get(key)
            raw_key = segment.group("key")
            marked = body[segment.end("key") : segment.end("key") + 1] in ".:"  # "dir." / "dir:"
            if target is None or (len(key) <= 3 and not marked and raw_key.lower() not in ("with", "starring")):
                continue
            value_start, value_end = segment.span("value")
            value_end = body_start + len(body[:value_end].rstrip(" .,"))
            found.append(Credit(target[0], target[1], key, body_start + value_start, value_end))
        if len(found) >= 2 or (found and found[0].field == m.DIRECTOR):
            yield from found


def _headed_by(text: str, start: int, heads: tuple[str, ...]) -> bool:
    """Whether the capsule opening at `start` follows one of the folded titles `heads`."""
    before = fold_key(text[max(0, start - 120) : start])
    return any(before.endswith(head) for head in heads)


def _segments(body: str) -> Iterator[tuple[int, int]]:
    """Spans of a capsule's segments: split at ";", and at "," when an abbreviation with a period follows."""
    pos = 0
    for match in re.finditer(r";|(?:,|(?<=\.))(?=[ \t]*(?:dir|ph|mus|scr|ed|prod|cin|m|d|w|sc|pd)\.[ \t])", body):
        yield pos, match.start()
        pos = match.end()
    yield pos, len(body)


def question_credits(plain: str) -> Iterator[Credit]:
    """ "Q: Who shot it? A: Ana Lopez": the verb (or job noun) of the question names the job."""
    if "Q" not in plain:
        return
    for pair in _QUESTION.finditer(plain):
        question = pair.group("q")
        asked = _QUESTION_JOB.search(question)
        if not asked:
            continue
        target = lx.QUESTION_VERBS.get(asked.group("verb").lower())
        if target is None:
            continue
        answer_start, answer_end = pair.span("a")
        yield Credit(target[0], target[1], asked.group("verb").lower(), answer_start, answer_end)
