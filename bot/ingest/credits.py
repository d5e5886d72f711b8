"""Credits in any layout: the key/value shapes reviews lay their credits out in.

- `Key: value` lines, with the key in bold (`**Director:** X`, `**Director**: X`,
  `**Director** X`, `**Editing** was by X`), in a list item (`- Director: X`), behind a
  dotted leader (`Director ........ X`), written `Key = value` / `Key | value`, as a wiki
  infobox's `| director = [[X]]`, as HTML cells (`<dt>Director</dt><dd>X</dd>`), as a key
  line over its value line (`Director` / `X`, a definition list's `: X`), as a credit line
  without its colon (`Directed by X`, `DIRECTOR OF PHOTOGRAPHY JOHN DOE`), several on one
  line (`Release: … · Running time: …`, `Dir: X. Cast: Y`), a list wrapped onto the next line;
- table rows, the columns named by the header row (`Character | Actor`, `Name | Character`,
  `Job | Name`), a header row of keys (`| Director | Music |`), two-column key/value tables,
  a score table's `| Movie | ★★★★ |`, and a table comparing films read in this film's column;
- newspaper capsules with abbreviations, bracketed (`(1995, dir. X; with Y, Z; ph. W; 170 min.)`)
  or not (`dir. X; scr. Y; with Z`, `Dir X · Scr Y · Ph Z`, `Directed by X; with Y`);
- billings: `NAME (Job / Job)`, `A and B (Producers)`, `NAME (Part)` in a press kit's cast list,
  names first then the job (`Ana Lopez – director`), and a cast section's two-sided lines
  (`Lars Thorwald ...... Raymond Burr`) read in the order the section uses;
- question-and-answer pairs (`Q: Who shot it? A: X`).

`normalise_key_lines` rewrites the line shapes, in the blanked plain text
(`blocks.Markup.plain`, same length as the original), into `Key:   value` so the
header reader sees one shape; the others are returned as `Credit`s (a key and a
value span) for the extractor to read like a header, or read by their own
function (`read_billings`, `read_cast_sections`, `read_name_first_lines`). Every
key and job goes through the one lexicon (`lexicon`), every name through the
names recogniser (`names`): a key that is no job ("Distributor", "Budget")
credits nobody, and neither does a heading naming another film.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from bot import model as m
from bot.ingest import lexicon as lx
from bot.ingest import names as nm
from bot.ingest import review
from bot.ingest import values as v
from bot.ingest.blocks import (
    BULLET,
    BULLET_MARKS,
    HEADER,
    HEADING,
    PROSE,
    TABLE_ROW,
    Markup,
    header_key,
    section_kind,
)
from bot.ingest.dates import parse_date
from bot.ingest.ratings import parse_rating
from bot.ingest.reading import Reading
from bot.ingest.values import RUNTIME_RE, fold_key

_KEY = r"[A-Za-z][A-Za-z .&/'’()\-]{0,30}?"
# A name in capitals, as press kits bill people ("RUSSELL CROWE", "J. K. SIMMONS").
_CAPS_WORD = rf"[{nm.UP}](?:[{nm.UP}'’\-]*[{nm.UP}]|\.)"
_CAPS_NAME = rf"{_CAPS_WORD}(?:[ \t\u00a0]+{_CAPS_WORD}){{1,3}}"
# "**Director** Ana Lopez" / "__Director__ Ana Lopez" (the original text: the bold is gone from plain).
_BOLD_KEY = re.compile(
    rf"^[ \t]*(?:(?:[-*+•]|\d{{1,3}}[.)])[ \t]+)?(?P<mark>\*\*|__)(?P<key>{_KEY})[ \t]*(?P=mark)(?P<gap>[ \t]+)(?=\S)",
    re.M,
)
# "Director ....... Ana Lopez", "Director = Ana Lopez", "Director | Ana Lopez", "Director – Ana Lopez"
_LEADER_KEY = re.compile(rf"^[ \t]*(?:[-*+•][ \t]+)?(?P<key>{_KEY})[ \t]*(?P<sep>\.{{3,}}|…+|=|\|)[ \t]*(?=\S)", re.M)
# "- Director: Ana Lopez": a list item holding a header.
_ITEM_KEY = re.compile(rf"^(?P<bullet>[ \t]*[-*+•][ \t]+)(?P<key>{_KEY})[ \t]*:[ \t]*(?=\S)", re.M)
_ITEM_START = re.compile(r"\n[ \t]*[-*+•][ \t]")  # opens with a literal: the engine's fast search
# "| director = David Lynch": a wiki template's parameter line (an infobox); "<br />" separates names.
_WIKI_KEY = re.compile(rf"^(?P<pipe>[ \t]*\|)[ \t]*(?P<key>{_KEY})[ \t]*(?P<sep>=)[ \t]*(?P<value>[^\n]*)", re.M)
_BREAK = re.compile(r"<br[ \t]*/?>", re.I)
# "<dt>Director</dt><dd>Ines Moll</dd>", "<tr><th>Director</th><td>Ines Moll</td>": a key's cell and its value's.
_HTML_PAIR = re.compile(
    rf">[ \t]*(?P<key>{_KEY})[ \t]*:?[ \t]*(?P<close></(?:dt|th|td|b|strong)>)(?:[ \t]|</?(?:b|strong|td|th|dt)>)*"
    r"<(?:dd|td)\b",
    re.I,
)
# "Release: 5 May · Running time: 155 minutes": several headers on one line, split at the separator.
_NEXT_KEY = re.compile(rf"[ \t](?P<sep>[·•|¦])[ \t]+[*_]*(?P<key>{_KEY})[ \t]*[*_]*[ \t]*:[ \t]*[*_]*[ \t]*(?=\S)")
_FIRST_KEY = re.compile(rf"[ \t]*[*_]*(?P<key>{_KEY})[ \t]*[*_]*[ \t]*:")
# "Dir: Ana Lopez. Cast: Odile Brack; Runtime: 97 min": headers run on as sentences.
_NEXT_KEY_SENTENCE = re.compile(rf"(?P<sep>[.;,])(?<=[^\W\d_]{{2}}[.;,])[ \t]+(?P<key>{_KEY})[ \t]*:[ \t]*(?=\S)")
# "Directed by RIDLEY SCOTT", "Screenplay by Karel Dusek": a credit line without its colon.
_BY_LINE = re.compile(
    r"[ \t*_]*(?P<key>[A-Z][A-Za-z ]{1,30}? by|Starring|Also starring|Featuring|Co-starring)"
    r"(?P<gap>[ \t])(?=[^\W\d_])(?P<value>[^\n]{2,80})"
)
# Wikitext in an infobox's values: references, date and list templates, and any other template.
_WIKI_REF = re.compile(r"<ref[^>/]*/>|<ref[^>]*>.*?</ref>", re.I)
_WIKI_DATE = re.compile(
    r"\{\{(?:film date|start date|release date)[^|}]*\|(?:[a-z]+=[^|}]*\|)*"
    r"(?P<y>\d{4})\|(?P<m>\d{1,2})\|(?P<d>\d{1,2})[^}]*\}\}",
    re.I,
)
_WIKI_LIST = re.compile(
    r"\{\{(?:ubl|unbulleted list|plainlist|plain list|hlist|flatlist|flat list|nowrap)[ \t]*\|?", re.I
)
_WIKI_TEMPLATE = re.compile(r"\{\{[^{}\n]*\}\}")


def _has_item(plain: str) -> bool:
    """Whether any line is a list item: cheaper than `_ITEM_KEY`, whose line-start `^` is tried everywhere."""
    return plain.lstrip(" \t")[:1] in ("-", "*", "+", "•") or _ITEM_START.search(plain) is not None


# A capsule: parentheses holding "key. value" segments separated by semicolons.
_CAPSULE = re.compile(r"\((?P<body>[^()\n]{6,400}?)\)")
_QUESTION = re.compile(
    r"^[ \t]*(?:Q|Question)[ \t]*[:.)\-–—][ \t]*(?P<q>[^\n]+)\n(?:[ \t]*\n)*"
    r"[ \t]*(?:A|Answer)[ \t]*[:.)\-–—][ \t]*(?P<a>[^\n]+)",
    re.M,
)
_QUESTION_JOB = re.compile(r"\bwho\b[^?\n]{0,40}?\b(?P<verb>\w+)\b[^?\n]{0,30}\?", re.I)


# "who did the music", "who was behind the camera work", "(and) the screenplay, who …": the noun asked about.
_QUESTION_NOUN = re.compile(
    r"\bwho(?:'s|\s+(?:did|wrote|handled|composed|was|is|were))(?:\s+(?:behind|responsible\s+for|in\s+charge\s+of))?"
    r"\s+(?:the\s+)?(?P<noun>[a-z]+)|^(?:and|so|ok|okay)?[\s,]*the\s+(?P<first>[a-z]+)\b"
)
_KEY_MARKS = ("**", "__", "...", "…", "=", "|", "·", "•", "¦", "</")


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
    target = lx.field_of(header_key(key))
    return target is not None and target[0] != lx.IGNORED


def _listed(key: str) -> bool:
    """A key the lexicon lists, read or not: "From the story by ..... X" is a header read for nothing."""
    return lx.field_of(header_key(key)) is not None


def _lines_with_two_colons(plain: str) -> Iterator[tuple[int, int]]:
    """Spans of the lines holding ": " twice or more: those that may run several headers on."""
    pos = plain.find(": ")
    while pos >= 0:
        end = plain.find("\n", pos)
        end = len(plain) if end < 0 else end
        second = plain.find(": ", pos + 2, end)
        if second >= 0:
            yield plain.rfind("\n", 0, pos) + 1, end
        pos = plain.find(": ", end)


_CONTINUED = re.compile(rf"[ \t]*[*_]*(?P<key>{_KEY})[ \t]*[*_]*:[^\n]*(?:,|\band|&)[ \t]*$")


def _wrapped_values(plain: str) -> Iterator[int]:
    """The line breaks inside a list of names wrapped onto the next line ("Cast: A, B,\n    C, D")."""
    pos = plain.find(",\n")
    while pos >= 0:
        start = plain.rfind("\n", 0, pos) + 1
        end = plain.find("\n", pos + 2)
        end = len(plain) if end < 0 else end
        line = _CONTINUED.fullmatch(plain, start, pos + 1)
        following = plain[pos + 2 : end]
        if line and _known(line.group("key")) and following.strip() and _listish(following.strip()):
            target = lx.field_of(header_key(line.group("key")))
            if target and target[0] in (m.DIRECTOR, m.CAST, m.CREW) and not _FIRST_KEY.match(following):
                yield pos + 1
        pos = plain.find(",\n", pos + 2)


def _by_lines(plain: str) -> Iterator[int]:
    """Where to put the colon of each "Directed by RIDLEY SCOTT" line whose value is only names."""
    for word in (" by ", "tarring ", "eaturing "):  # "Music by X", "Starring X and Y", "Featuring X"
        pos = plain.find(word)
        while pos >= 0:
            start = plain.rfind("\n", 0, pos) + 1
            end = plain.find("\n", pos)
            end = len(plain) if end < 0 else end
            line = _BY_LINE.fullmatch(plain, start, end) if pos - start <= 32 else None
            if line and _known(line.group("key")) and _names_only(line.group("value")):
                yield line.start("gap")
            pos = plain.find(word, end)


_CAPITAL_LINE = re.compile(rf"[ \t]*(?P<words>{_CAPS_WORD}(?:[ \t]+(?:{_CAPS_WORD}|OF|&|AND))+)[ \t]*")


_CAPITALS_OPEN = re.compile(r"\n[ \t]*[A-Z][A-Z'’.\-]+[ \t]+[A-Z][A-Z'’.\-]")


def _capital_credit_lines(plain: str) -> Iterator[int]:
    """Where to put the colon of a billing block's "DIRECTOR OF PHOTOGRAPHY JOHN MATHIESON" line.

    The longest run of its first words that is a job key names the job, and what
    follows must be names only; a line in capitals is otherwise left alone.
    """
    if not (_CAPITALS_OPEN.search(plain) or _CAPITALS_OPEN.match("\n" + plain[:40])):
        return  # no line opens with two words in capitals: the common case, found by one fast search
    pos = 0
    for line in plain.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if len(line) > 90 or not line.strip()[:1].isupper() or not line.isupper():
            continue
        run = _CAPITAL_LINE.fullmatch(plain, start, start + len(line))
        if not run:
            continue
        words = list(re.finditer(r"\S+", plain[run.start("words") : run.end("words")]))
        for n in range(min(4, len(words) - 2), 0, -1):
            target = lx.field_of(fold_key(" ".join(w.group() for w in words[:n])))
            if target and target[0] in (m.DIRECTOR, m.CREW, m.CAST):
                if _names_only(" ".join(w.group() for w in words[n:])):
                    yield run.start("words") + words[n - 1].end()
                break


def _bold_value(plain: str, key: re.Match[str]) -> bool:
    """Whether what follows "**Key**" is its value: for a job, names only ("**Editing** was by Ana Lopez"),
    not a sentence that goes on ("**The score** is by Ana Lopez, and the cinematographer was …")."""
    target = lx.field_of(fold_key(key.group("key")))
    if target is None or target[0] not in (m.DIRECTOR, m.CREW, m.RATING):
        return True
    end = plain.find("\n", key.end())
    value = plain[key.end() : len(plain) if end < 0 else end]
    lead = _BY_LEAD.match(value)
    names = value[lead.end() :] if lead else value
    return _names_only(names) or (target[0] == m.RATING and lead is None)


_ROLE_TAIL = re.compile(r"\s*\([^()]*\)|\s+as\s+[^,;·•|]+")


def _listish(value: str) -> bool:
    """Whether a line under a key line is a list of names ("A (Marta), B as Piet · C"), not a sentence."""
    return ":" not in value[:32] and _names_only(_ROLE_TAIL.sub("", value))


def _names_only(value: str) -> bool:
    """Whether a credit line's value is nothing but names ("RIDLEY SCOTT", "Ana Lopez and Ben Ho")."""
    parts = [part for part in _CREW_SPLIT.split(value.strip(" .")) if part]
    return bool(parts) and all(nm.clean_name(_cased(part)) for part in parts)


def _wiki_value(text: str, plain: str, start: int, end: int, put: Callable[[int, str], None]) -> None:
    """Make an infobox value plain: a date template a date, a list template a list; drop references.

    "{{Film date|2001|10|12}}" -> "2001-10-12", "{{ubl|A|B}}" -> "A, B", "<br />" -> ",";
    a value ending in an open list template takes the bullet lines below it as its items.
    """
    for ref in _WIKI_REF.finditer(text, start, end):  # the tags are blank in `plain`, not what they hold
        put(ref.start(), " " * (ref.end() - ref.start()))
    for date in _WIKI_DATE.finditer(plain, start, end):
        iso = f"{date.group('y')}-{int(date.group('m')):02d}-{int(date.group('d')):02d}"
        put(date.start(), iso.ljust(date.end() - date.start()))
    for opener in _WIKI_LIST.finditer(plain, start, end):
        put(opener.start(), " " * (opener.end() - opener.start()))
        close = plain.find("}}", opener.end(), end)
        inner_end = close if close >= 0 else end
        for pos in range(opener.end(), inner_end):
            if plain[pos] == "|":
                put(pos, ",")
        if close >= 0:
            put(close, "  ")
        else:  # "{{Plainlist|" then "* A" lines up to "}}": one value, its items after commas
            pos = end
            while plain.startswith("\n", pos):
                bullet = re.match(r"\n[ \t]*\*+", plain[pos : pos + 12])
                if not bullet:
                    break
                put(pos, ",")
                put(pos + 1, " " * (bullet.end() - 1))
                pos = plain.find("\n", pos + 1)
                if pos < 0:
                    break
    for other in _WIKI_TEMPLATE.finditer(plain, start, end):
        if not _WIKI_DATE.match(plain, other.start()) and not _WIKI_LIST.match(plain, other.start()):
            put(other.start(), " " * (other.end() - other.start()))
    for br in _BREAK.finditer(text, start, end):
        put(br.start(), ",")


def _wiki_key(key: str) -> str:
    """An infobox parameter as a header key: "released", "music", "cinematography"; "film_name" -> "film name"."""
    return key.replace("_", " ")


def normalise_key_lines(text: str, plain: str) -> str:
    """`plain` with bold keys, dotted leaders, `=`/`|` separators and bulleted headers made `Key: value`.

    Only keys the lexicon knows are rewritten; characters are only replaced
    by ":" or spaces, so offsets stay those of `text`.
    """
    chars: list[str] | None = None

    def put(pos: int, value: str) -> None:
        nonlocal chars
        if chars is None:
            chars = list(plain)
        for n, ch in enumerate(value):
            chars[pos + n] = ch

    for key_end, colon in _definition_pairs(plain):
        put(key_end, ":")
        if colon >= 0:
            put(colon, " ")
    for line_start, line_end in _lines_with_two_colons(plain):
        first = _FIRST_KEY.match(plain, line_start, line_end)
        if first and _known(first.group("key")):
            for match in _NEXT_KEY_SENTENCE.finditer(plain, first.end(), line_end):
                if _known(match.group("key")):
                    put(match.start("sep"), "\n")
    for gap in _by_lines(plain):
        put(gap, ":")
    for newline in _wrapped_values(plain):
        put(newline, " ")
    for gap in _capital_credit_lines(plain):
        put(gap, ":")
    if not any(mark in text for mark in _KEY_MARKS) and not (_has_item(plain) and _ITEM_KEY.search(plain)):
        return "".join(chars) if chars is not None else plain
    for match in _BOLD_KEY.finditer(text):
        if _known(match.group("key")):
            close = text.find(match.group("mark"), match.end("key"))
            if (
                close >= 0
                and ":" not in text[match.end("key") : match.end()]
                and not plain[close : match.end()].strip()
                and _bold_value(plain, match)
            ):
                put(close, ":")
    for match in _LEADER_KEY.finditer(plain):
        if _listed(match.group("key")):
            sep = match.group("sep")
            put(match.start("sep"), ":" + " " * (len(sep) - 1))
    for match in _ITEM_KEY.finditer(plain):
        if _known(match.group("key")):
            put(match.start("bullet"), " " * len(match.group("bullet")))
    if "</" in text:
        for match in _HTML_PAIR.finditer(text):
            if _listed(match.group("key")) and not plain[match.end("key") : match.end()].strip():
                put(match.start("close"), ":")
    if "·" in plain or "•" in plain or "|" in plain or "¦" in plain:
        for match in _NEXT_KEY.finditer(plain):
            line_start = plain.rfind("\n", 0, match.start()) + 1
            first = _FIRST_KEY.match(plain, line_start)
            if first and _known(first.group("key")) and lx.field_of(fold_key(match.group("key"))) is not None:
                put(match.start("sep"), "\n")
    if "=" in plain and "|" in plain:
        for match in _WIKI_KEY.finditer(plain):
            # A template's line is a header whatever its key: a known key is read, any other
            # ("image", "caption", "language") is blanked, so no value is ever read as prose.
            if lx.field_of(fold_key(_wiki_key(match.group("key")))) is None:
                put(match.start(), " " * (match.end() - match.start()))
                continue
            put(match.start("pipe"), " " * len(match.group("pipe")))
            put(match.start("sep"), ":")
            _wiki_value(text, plain, match.start("value"), match.end("value"), put)
    return "".join(chars) if chars is not None else plain


_PEOPLE_KEYS = frozenset(k for k, t in lx.HEADER_FIELDS.items() if t[0] in (m.DIRECTOR, m.CAST, m.CREW))


def _definition_pairs(plain: str) -> list[tuple[int, int]]:
    """Key lines followed by their value line ("Director\nAna Lopez", "Director\n: Ana Lopez").

    Returns (the line break after the key, the value's leading colon or -1). A
    key names people (a "Rating" line over its score stays a heading). A bare
    value line counts only when what follows it is a blank line, the end or
    another key line: a "Cast" heading over a list of several lines stays a heading.
    """
    lines = plain.split("\n")

    def key_line(i: int) -> bool:
        line = lines[i]
        if len(line) > 40:
            return False
        line = line.strip(" \t*_").lower()
        return bool(line) and (line in _PEOPLE_KEYS or (not line.isalpha() and fold_key(line) in _PEOPLE_KEYS))

    pairs = []
    pos = 0  # where line i starts
    i = 0
    while i < len(lines) - 1:
        start_next = pos + len(lines[i]) + 1
        value = lines[i + 1].strip()
        if not value or not key_line(i):
            pos, i = start_next, i + 1
            continue
        if value.startswith(":") and len(value) > 1:  # a definition list: the value opens with ":"
            pairs.append((start_next - 1, start_next + lines[i + 1].index(":")))
        else:
            after = i + 2
            ends = after >= len(lines) or not lines[after].strip() or key_line(after)
            if not (ends and not key_line(i + 1) and value[0] not in BULLET_MARKS and _listish(value)):
                pos, i = start_next, i + 1
                continue
            pairs.append((start_next - 1, -1))
        pos = start_next + len(lines[i + 1]) + 1
        i += 2
    return pairs


def table_credits(markup: Markup, heads: tuple[str, ...] = ()) -> Iterator[Credit]:
    """Credits of table rows: key/value rows, cast rows (actor and character), crew rows (job and name).

    A table comparing films ("| | Other Film | This Film |") is read in the
    column headed by one of `heads` (the film's folded titles), and no other.
    """
    text = markup.text
    for block in markup.blocks:
        if block.kind != TABLE_ROW or len(block.cells) < 2:
            continue
        header = block.header
        if not any(header):  # the header row (or a row under an empty one) may be a key/value pair
            if not block.header and _column_names(text, block.cells):
                continue  # "| Cast | Role |": the names of the columns below, not a credit
            yield from _key_value_row(text, block.cells)
            continue
        if len(header) >= 3 and not header[0]:  # row keys down the side, films (or anything) across
            film = next((n for n, cell in enumerate(header) if n and fold_key(cell) in heads), None)
            if film is not None and film < len(block.cells):
                yield from _key_value_row(text, (block.cells[0], block.cells[film]))
            continue
        keyed = [lx.field_of(fold_key(cell)) for cell in header]
        if len(header) >= 2 and all(t is not None for t in keyed) and len(cells := block.cells) == len(header):
            # A table of keys across ("| Director | Writer | Music |") and their values below; with a
            # title column it lists films ("| Title | Year | Director |"): only this film's row counts.
            title = next((n for n, t in enumerate(keyed) if t is not None and t[0] == m.TITLE), None)
            if title is not None and fold_key(text[slice(*cells[title])]) not in heads:
                continue
            for target, cell, name in zip(keyed, cells, header, strict=True):
                if target is not None and target[0] not in (lx.IGNORED, m.TITLE) and cell[0] < cell[1]:
                    yield Credit(target[0], target[1], fold_key(name), *cell)
            continue
        actor = _column(header, lx.ACTOR_COLUMNS)
        character = _column(header, lx.CHARACTER_COLUMNS)
        person = _column(header, lx.PERSON_COLUMNS)
        if actor is None and character is not None and header[character] != "role":
            actor = person  # "| Name | Character |": the name beside a character is the actor's
        job = _column(header, lx.JOB_COLUMNS)
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
    """ "| Director | Ana Lopez |" (an empty third cell is no more than the table's edge)."""
    if len(cells) == 3 and cells[2][0] >= cells[2][1]:
        cells = cells[:2]
    if len(cells) != 2:
        return
    key = fold_key(text[slice(*cells[0])])
    target = lx.field_of(key)
    if key in lx.SCORE_ROW_KEYS and parse_rating(text[slice(*cells[1])], loose=True):
        target = (m.RATING, None)  # "| Movie | ★★★★½ |" in a disc review's score table
    if target and target[0] != lx.IGNORED and cells[1][0] < cells[1][1]:
        yield Credit(target[0], target[1], key, *cells[1])


_COLUMN_WORDS = lx.ACTOR_COLUMNS | lx.CHARACTER_COLUMNS | lx.JOB_COLUMNS | lx.PERSON_COLUMNS


def _column_names(text: str, cells: tuple[tuple[int, int], ...]) -> bool:
    """Whether a table's first row names columns: a cell after the first is a column word or a key."""
    for start, end in cells[1:]:
        cell = fold_key(text[start:end])
        if cell in _COLUMN_WORDS or lx.field_of(cell) is not None:
            return True
    return False


def _column(header: tuple[str, ...], words: frozenset[str]) -> int | None:
    for n, cell in enumerate(header):
        if fold_key(cell) in words:
            return n
    return None


def capsule_credits(plain: str, heads: tuple[str, ...] = ()) -> Iterator[Credit]:
    """Credits in parenthesised capsules: "(1995; dir. X; with Y, Z; ph. W)", and in unbracketed ones.

    With `heads` (the film's folded titles), only a capsule right after one
    of them counts: a listing's capsules about other films credit nobody.
    A parenthesis counts as a capsule when at least two of its segments
    (split at semicolons, or at commas before a known abbreviation) start
    with a capsule key; a lone "(dir. X)" after a title counts too. A line's
    run of "dir. X; scr. Y; with Z" (two abbreviations or more) is a capsule
    without brackets (`_bare_capsules`).
    """
    for capsule in _CAPSULE.finditer(plain):
        if heads and not _headed_by(plain, capsule.start(), heads):
            continue  # a listing's capsule about another film
        found = _capsule_body(plain, capsule.start("body"), capsule.end("body"))
        if len(found) >= 2 or (found and found[0].field == m.DIRECTOR):
            yield from found
        elif heads and len(found) == 1 and found[0].field == m.RUNTIME:
            yield from found  # "HEAT (R, 170 min.)": the listing's certificate and length, after the title
    if heads:
        yield from _bare_capsules(plain, heads)
        yield from _dotted_capsules(plain, heads)


def _capsule_body(plain: str, body_start: int, body_end: int, *, bare: bool = False) -> list[Credit]:
    """The credits of a capsule's segments (its text without the brackets).

    A bare capsule (`bare`) ends at its first segment that is no credit, and
    its last value at the end of a sentence.
    """
    body = plain[body_start:body_end]
    found: list[Credit] = []
    for seg_start, seg_end in _segments(body):
        runtime = RUNTIME_RE.search(body, seg_start, seg_end)
        if (
            runtime
            and len(body[seg_start : runtime.start()].strip()) <= 8  # "R, 117 min."
            and not body[runtime.end() : seg_end].strip(" .")
        ):
            found.append(Credit(m.RUNTIME, None, "runtime", body_start + runtime.start(), body_start + runtime.end()))
            continue
        keyed = _segment_key(body, seg_start, seg_end)
        if keyed is None:
            if bare and found:
                break
            continue
        key, target, value_start = keyed
        value_end = seg_end
        if bare:
            stop = _BARE_END.search(body, value_start, seg_end)
            value_end = stop.start() if stop else seg_end
        value_end = len(body[:value_end].rstrip(" .,"))
        if value_start < value_end:
            found.append(Credit(target[0], target[1], key, body_start + value_start, body_start + value_end))
        if bare and value_end < seg_end and body[value_end:seg_end].strip(" .,"):
            break  # the capsule's sentence ended inside this segment
    return found


_KEY_WORDS = [
    re.compile(rf"[ \t]*(?P<key>[A-Za-z]+(?:[ \t]+[A-Za-z]+){{{n}}})(?P<mark>[.:])?[ \t]+(?=\S)") for n in (3, 2, 1, 0)
]


def _segment_key(
    body: str, start: int, end: int, *, loose: bool = False
) -> tuple[str, tuple[str, str | None], int] | None:
    """A segment's key (the longest of its first words the lexicon knows), its target and where its value starts.

    A short key ("ed", "ph", "d") counts only written with its period or colon ("ed."), or as "with";
    `loose` (a dotted listing line) also takes one capitalised without ("Dir", "Ph"), but never "D" or "M".
    """
    for pattern in _KEY_WORDS:
        match = pattern.match(body, start, end)
        if not match:
            continue
        key = fold_key(match.group("key"))
        target = lx.CAPSULE_KEYS.get(key)
        if target is None:
            continue
        short = len(key) <= 3 and not match.group("mark") and key not in ("with",)
        if short and not (loose and len(key) >= 2 and match.group("key")[0].isupper()):
            return None
        return key, target, match.end()
    return None


# An abbreviated credit key of a bare capsule ("dir. ", "scr. ", "ph. "), starting a word ("ed." of "directed."
# is none). The pattern opens with the period, a literal the engine searches for fast, and looks behind it.
_BARE_KEY = re.compile(
    r"\.(?:(?<=[^\w.](?:ph|ed|pd|wr|Ph|Pd)\.)|(?<=[^\w.](?:dir|scr|cin|mus|cos|Dir|Scr|Cin|Mus)\.)"
    r"|(?<=[^\w.](?:phot|prod|Phot|Prod)\.))[ \t]+(?=[^\W\d_])"
)
_BARE_FIRST = re.compile(r"(?:[Dd]ir|[Ss]cr|[Pp]h|[Pp]hot|[Cc]in|[Mm]us|[Pp]rod|[Pp]d|ed|cos|wr)\.[ \t]+(?=[^\W\d_])")


def _bare_keys(plain: str) -> Iterator[int]:
    """Where the `_BARE_KEY`s of `plain` start (their abbreviation's first letter), in order."""
    starts = [0] if _BARE_FIRST.match(plain) else []
    for key in _BARE_KEY.finditer(plain):
        start = key.start()
        while start and plain[start - 1].isalpha():
            start -= 1
        starts.append(start)
    # "(R, 170 min.) Directed by Ana Lopez; with …": a capsule spelt out, a sentence of semicolons.
    pos = plain.find("Directed by ")
    while pos >= 0:
        line_end = plain.find("\n", pos)
        if (pos == 0 or plain[pos - 1] in " \t\n(") and plain.find(";", pos, None if line_end < 0 else line_end) > 0:
            starts.append(pos)
        pos = plain.find("Directed by ", pos + 1)
    yield from sorted(starts)


# Where a bare capsule's last segment ends: a sentence's period after a word (not after an initial).
_BARE_END = re.compile(r"(?<=[a-zà-ÿ]{2})\.(?=[ \t]+\S)|\n")
_LEAD_SPLIT = re.compile(r"(?<=[a-z]{2})\.[ \t]+|,[ \t]+")


def _bare_capsules(plain: str, heads: tuple[str, ...]) -> Iterator[Credit]:
    """ "dir. X; scr. Y; with Z, W; ph. V." on a line of its own or after a listing's first words.

    It opens with an abbreviated key and takes two credits or more; no bracket
    is open around it (those are `_CAPSULE`'s). In a listing of several, only
    the one whose paragraph names the film counts. The line's words before it
    may give the genre and running time ("Western. 2 hrs 11 min. dir. …").
    """
    if ". " not in plain:
        return
    runs: list[tuple[int, int, list[Credit]]] = []
    line_end = -1
    for key in _bare_keys(plain):
        if key < line_end:
            continue
        line_start = plain.rfind("\n", 0, key) + 1
        line_end = plain.find("\n", key)
        line_end = len(plain) if line_end < 0 else line_end
        if plain.count("(", line_start, key) > plain.count(")", line_start, key):
            continue  # inside a bracketed capsule
        found = _capsule_body(plain, key, line_end, bare=True)
        if len({credit.key for credit in found}) >= 2:
            runs.append((line_start, key, found))
    for line_start, start, found in runs:
        if len(runs) > 1:
            paragraph = plain.rfind("\n\n", 0, start) + 2
            folded = fold_key(plain[paragraph:start])
            if all(next(v.occurrences(folded, head), None) is None for head in heads):
                continue
        yield from found
        yield from _lead_in(plain, line_start, start)


# A listing line's separators: "Dir Ana Lopez · Scr Ben Ho · with Cy Dee", "Japan/France 1985 · 162 min".
_DOT_SEPARATOR = re.compile(r"[ \t]+[·•|¦][ \t]+")
_DOT_MARKS = ("·", "•", "|", "¦")
_META_YEAR = re.compile(r"(?<!\d)(?:18|19|20)\d\d(?!\d)")


def _dotted_capsules(plain: str, heads: tuple[str, ...]) -> Iterator[Credit]:
    """A listing's line of credits between dots, keys abbreviated or not ("Dir X · Ph Y · with Z").

    Three keyed segments or more make it one (a short key then needs no period:
    "Dir", "Scr", "Ph"); a line of a country, year and running time between the
    same dots ("Japan/France 1985 · 162 min · Cert 15") gives those. In a listing
    of several, only the lines in a paragraph naming the film count.
    """
    if not any(mark in plain for mark in _DOT_MARKS):
        return
    found: list[tuple[int, list[Credit]]] = []
    pos = 0
    for line in plain.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if len(line) < 12 or not any(mark in line for mark in _DOT_MARKS):
            continue
        cuts = list(_DOT_SEPARATOR.finditer(line))
        if not cuts:
            continue
        bounds = [0, *(n for cut in cuts for n in cut.span()), len(line)]
        segments = [(start + bounds[i], start + bounds[i + 1]) for i in range(0, len(bounds), 2)]
        credits = [c for s, e in segments for c in _dotted_segment(plain, s, e)]
        people = {c.key for c in credits if c.field in (m.DIRECTOR, m.CAST, m.CREW)}
        meta = {c.field for c in credits if c.field in (m.RUNTIME, m.YEAR, m.COUNTRY)}
        if len(people) >= 3 or (not people and m.RUNTIME in meta and len(meta) >= 2):
            found.append((start, [c for c in credits if people or c.field in meta]))
    for start, credits in found:
        if len(found) > 2:  # a listing's lines: the film's own paragraph only
            paragraph = plain.rfind("\n\n", 0, start) + 2
            folded = fold_key(plain[paragraph:start])
            if all(next(v.occurrences(folded, head), None) is None for head in heads):
                continue
        yield from credits


def _dotted_segment(plain: str, start: int, end: int) -> Iterator[Credit]:
    """One segment of a dotted line: a keyed credit, a running time, or "Japan/France 1985"."""
    s, e = v.strip_span(plain, start, end, " \t.,")
    runtime = RUNTIME_RE.match(plain, s, e)
    if runtime and runtime.end() == e:
        yield Credit(m.RUNTIME, None, "runtime", s, e)
        return
    keyed = _segment_key(plain, s, e, loose=True)
    if keyed is not None:
        key, target, value_start = keyed
        if value_start < e:
            yield Credit(target[0], target[1], key, value_start, e)
        return
    year = _META_YEAR.search(plain, s, e)
    if year and year.end() == e:
        places = [
            p
            for p in v.split_list(plain, s, year.start())
            if plain[p[0] : p[1]] in lx.COUNTRY_NAMES or plain[p[0] : p[1]].upper() in lx.COUNTRY_ALIASES
        ]
        if places and len(places) == len(list(v.split_list(plain, s, year.start()))):
            yield Credit(m.YEAR, None, "year", year.start(), year.end())
            for p_start, p_end in places:
                yield Credit(m.COUNTRY, None, "country", p_start, p_end)


def _lead_in(plain: str, start: int, end: int) -> Iterator[Credit]:
    """A bare capsule's line before its keys: "Western. 2 hrs 11 min, with ads." -> genre, runtime."""
    pos = start
    for cut in [*_LEAD_SPLIT.finditer(plain, start, end), None]:
        stop = cut.start() if cut else end
        s, e = v.strip_span(plain, pos, stop, " \t.,")
        item = plain[s:e]
        runtime = RUNTIME_RE.match(plain, s, e)
        if runtime and runtime.end() == e:
            yield Credit(m.RUNTIME, None, "runtime", s, e)
        elif item and all(word.lower() in lx.GENRE_WORDS for word in item.split("/")):
            yield Credit(m.GENRE, None, "genre", s, e)
        pos = cut.end() if cut else end


_STARS_AFTER = re.compile(r"[\s★☆✩✪⭐½¼¾*]+$")  # "ROCKY ★★★½" before its capsule


def _headed_by(text: str, start: int, heads: tuple[str, ...]) -> bool:
    """Whether the capsule opening at `start` follows one of the folded titles `heads` (and its stars)."""
    before = fold_key(_STARS_AFTER.sub("", text[max(0, start - 120) : start]))
    return any(before.endswith(head) for head in heads)


# Where a capsule's segment ends: a semicolon; a comma or a sentence's period before an abbreviation with
# its period, or before a credit key of four letters or more ("…, story by X", "… X. screenplay Y").
_CUT_KEYS = "|".join(
    sorted(
        (re.escape(k) for k, t in lx.CAPSULE_KEYS.items() if len(k) >= 4 and t[0] in (m.DIRECTOR, m.CREW, m.CAST)),
        key=len,
        reverse=True,
    )
)
_CUT_ABBREVIATIONS = r"(?-i:dir|ph|mus|scr|ed|prod|cin|m|d|w|sc|pd)\.[ \t]"  # lower case: "M. Night" is a name
_SEGMENT_CUT = re.compile(
    rf";|(?:,|(?<=[^\W\d_]{{2}}\.))(?=[ \t]*(?:{_CUT_ABBREVIATIONS}|(?:{_CUT_KEYS})[ \t]))",
    re.I,
)


def _segments(body: str) -> Iterator[tuple[int, int]]:
    """Spans of a capsule's segments (see `_SEGMENT_CUT`)."""
    pos = 0
    for match in _SEGMENT_CUT.finditer(body):
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
        key = asked.group("verb").lower()
        if target is None:  # "Who did the music?", "Who wrote the screenplay?": the job noun says
            asked_job = _QUESTION_NOUN.search(question.lower())
            noun = (asked_job.group("noun") or asked_job.group("first")) if asked_job else None
            if noun not in lx.POSSESSIVE_JOBS:
                continue
            job = lx.POSSESSIVE_JOBS[noun]
            target, key = ((m.DIRECTOR, None) if job == "director" else (m.CREW, job)), noun
        answer_start, answer_end = pair.span("a")
        yield Credit(target[0], target[1], key, answer_start, answer_end)


# --- billings: "NAME (Job / Job)", "NAME and NAME (Producers)", "NAME (Character)" ---------------------------
# Press kits and programme notes bill people in capitals with their job, or their part, in brackets.
_BILLED_CAPS = re.compile(rf"(?<![\w'’])(?P<names>{_CAPS_NAME}(?:[ \t]*(?:,|&|\band\b)[ \t]*{_CAPS_NAME})*)[ \t]*$")
_BILLED_NAMES = re.compile(rf"[ \t*_•-]*(?P<names>{nm.NAME}(?:[ \t]*(?:,|&|\band\b)[ \t]*{nm.NAME})*)[ \t]*")
_NAME_SPLIT = re.compile(r"[ \t]*(?:,|&|\band\b)[ \t]*")
_JOB_SPLIT = re.compile(r"[ \t]*(?:/|,|&|;|\+|\band\b)[ \t]*")


def _credit_billed(
    doc: Reading, people: Iterable[str], jobs: Sequence[tuple[str, str | None]], start: int, end: int
) -> None:
    """Credit each billed name (not the film's own subject) with each of its jobs, read from start:end."""
    for name in people:
        if doc.is_subject(name):
            continue
        doc.remember(name, listed=True)
        for field_name, job in jobs:
            if field_name == m.DIRECTOR:
                doc.add(m.DIRECTOR, name, start, end, person=name)
            else:
                doc.add(m.CREW, name, start, end, person=name, role=job)


def _billing_jobs(paren: str) -> list[tuple[str, str | None]] | None:
    """The jobs of a billing's brackets ("Story / Screenplay / Producer"), or None unless every part is one."""
    jobs: list[tuple[str, str | None]] = []
    for part in _JOB_SPLIT.split(paren.strip()):
        if not part:
            continue
        target = lx.job_of(fold_key(part))
        if target is None:
            return None
        both = [(m.DIRECTOR, None), (m.CREW, "writer")] if target == (m.DIRECTOR, "writer") else [target]
        jobs.extend(job for job in both if job not in jobs)
    return jobs or None


def _billed_people(raw: str, capitals: bool) -> list[str]:
    people = []
    for part in _NAME_SPLIT.split(raw.strip()):
        name = nm.clean_name(part.title() if capitals else part)
        if name is None or v.capitalised_words(name) < 2 or name.split()[-1].lower() in lx.COMPANY_WORDS:
            return []
        people.append(name)
    return people


def read_billings(doc: Reading) -> None:
    """ "RUSSELL CROWE (Maximus)", "ARTHUR MAX (Production Designer)", "Ana Roe (Director)".

    Brackets holding only jobs credit the names before them with each job
    (capitalised names anywhere; names in ordinary case at the start of a
    line). Brackets holding a part credit a capitalised name as cast, when the
    document bills at least two people that way: a press kit's cast list.
    """
    text = doc.text
    found: list[tuple[list[str], int, int, int, int, str]] = []  # people, span, paren span, paren
    pos = text.find("(")
    while pos >= 0:
        close = text.find(")", pos, pos + 62)
        if close < 0 or "\n" in text[pos:close]:
            pos = text.find("(", pos + 1)
            continue
        paren = text[pos + 1 : close]
        if not paren[:1].isupper():  # "(1999)", "(the lead)": no billing; the cheap test goes first
            pos = text.find("(", close)
            continue
        line_start = text.rfind("\n", 0, pos) + 1
        before = text[max(line_start, pos - 100) : pos]
        tail = before.rstrip()[-1:]
        caps = _BILLED_CAPS.search(before) if tail.isupper() or tail == "." else None
        if caps:
            people = _billed_people(caps.group("names"), capitals=True)
            if people:
                start = pos - len(before) + caps.start("names")
                found.append((people, start, close + 1, pos + 1, close, "caps"))
        elif pos - line_start <= 100 and _billing_jobs(paren):
            plain = _BILLED_NAMES.fullmatch(text, line_start, pos)  # at the start of the line
            if plain:
                people = _billed_people(plain.group("names"), capitals=False)
                if people:
                    start = plain.start("names")
                    found.append((people, start, close + 1, pos + 1, close, "plain"))
        pos = text.find("(", close)
    parts = [f for f in found if f[5] == "caps" and _billing_jobs(text[f[3] : f[4]]) is None]
    for people, start, end, p_start, p_end, how in found:
        paren = text[p_start:p_end]
        jobs = _billing_jobs(paren)
        if jobs:
            _credit_billed(doc, people, jobs, start, end)
            continue
        if how != "caps" or len(people) != 1 or len(parts) < 2 or any(ch.isdigit() for ch in paren):
            continue
        role = nm.clean_character(paren)
        if (
            role
            and role[0].isupper()
            and len(role.split()) <= 5
            and lx.field_of(fold_key(role)) is None  # "(Distributor)", "(Budget)": a key, not a part
            and not doc.is_subject(people[0])
        ):
            doc.remember(people[0], listed=True)
            doc.add_cast(people[0], start, end, role=role)
    for _people, start, _end, p_start, p_end, how in found:
        if how == "caps" and _billing_jobs(text[p_start:p_end]):
            _co_credits(doc, start)


_CO_CREDIT = re.compile(
    rf"\b(?P<noun>{'|'.join(sorted(lx.POSSESSIVE_JOBS, key=len, reverse=True))})[ \t]+with[ \t]+"
    rf"(?P<names>{_CAPS_NAME}(?:[ \t]*(?:,|&|\band\b)[ \t]*{_CAPS_NAME})*)"
)


def _co_credits(doc: Reading, start: int) -> None:
    """In a billing's paragraph, "wrote the screenplay with JOHN LOGAN and WILLIAM NICHOLSON": a co-credit,
    its job named by the noun before "with" (`lexicon.POSSESSIVE_JOBS`)."""
    text = doc.text
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    for co in _CO_CREDIT.finditer(text, start, end):
        job = lx.POSSESSIVE_JOBS[co.group("noun")]
        for name in _billed_people(co.group("names"), capitals=True):
            if doc.is_subject(name):
                continue
            doc.remember(name, listed=True)
            if job == "director":
                doc.add(m.DIRECTOR, name, co.start("names"), co.end("names"), person=name)
            else:
                doc.add(m.CREW, name, co.start("names"), co.end("names"), person=name, role=job)


# --- cast sections: "Lars Thorwald ...... Raymond Burr" under a "PLAYERS" heading ------------------------
# A line of two sides: a dotted leader (even " . "), a colon, a spaced dash, a tab or an equals sign between.
_PAIR_LINE = re.compile(
    r"(?P<a>[^\s.:=–—-][^:=\t]{0,58}?)[ \t]*(?:\.{2,}|…+|[ \t]\.(?=[ \t])|:|=|\t|[ \t][–—-])[ \t]*"
    r"(?P<b>[^\s.:=…–—-][^:=\t]{0,58}?)[ \t.]*"
)


# "Ana Lopez – Director", "- Karel Dusek: screenplay": names first, then the job.
_NAME_THEN_JOB = re.compile(
    r"(?P<names>[^:–—|\t]{4,80}?)[ \t]*(?:[ \t][–—-]|:|\||\t)[ \t]*(?P<job>[^:–—|\t]{2,60}?)[ \t.]*"
)


def read_name_first_lines(doc: Reading) -> None:
    """Lines and list items that give the names first and the job after ("Ana Lopez – director").

    Every part of the job side must be a job of the lexicon ("Story / Screenplay"), and
    every name a full name: "Harbour Pictures – distributor" and "Ana – the lead" credit nobody.
    """
    text = doc.text
    other: dict[str, bool] = {}
    for line in doc.layout.lines:
        if line.kind not in (PROSE, BULLET) or line.end - line.content_start > 140:
            continue
        if other_film_section(doc, line.heading, other):
            continue
        pair = _NAME_THEN_JOB.fullmatch(text, line.content_start, line.end)
        if pair is None:
            continue
        jobs = _billing_jobs(pair.group("job"))
        if not jobs:
            continue
        raw = pair.group("names")
        people = _billed_people(raw, capitals=raw.isupper())
        _credit_billed(doc, people, jobs, line.content_start, line.end)


def _cast_heading(heading: str) -> bool:
    return bool(heading) and not lx.CAST_SECTION_WORDS.isdisjoint(heading.split())


def read_cast_sections(doc: Reading) -> None:
    """A cast section's two-sided lines, actor and part in whichever order the section uses.

    The side of each line that is a person's full name (no rank, no
    nickname) is the actor; the section's order is the one most of its lines
    agree on, and a section that does not say (a tie) credits nobody.
    """
    sections: dict[str, list[tuple[int, int, int, int]]] = {}
    other: dict[str, bool] = {}
    text = doc.text
    for line in doc.layout.lines:
        if line.kind != PROSE or not _cast_heading(line.heading) or line.end - line.start > 120:
            continue
        if other_film_section(doc, line.heading, other):
            continue
        if " as " in text[line.start : line.end]:  # "Odile Brack as Marta": a cast list without bullets
            read_cast_list(doc, line.start, line.end)
            continue
        pair = _PAIR_LINE.fullmatch(text, line.start, line.end)
        if pair:
            key = f"{line.heading}@{line.section}"
            sections.setdefault(key, []).append((*pair.span("a"), *pair.span("b")))
    for pairs in sections.values():
        if len(pairs) < 2:
            continue
        left = sum(1 for a, b, _, _ in pairs if _full_name(text[a:b]))
        right = sum(1 for _, _, a, b in pairs if _full_name(text[a:b]))
        if left == right:
            continue
        for a_start, a_end, b_start, b_end in pairs:
            if left > right:
                (s, e), (rs, re_) = (a_start, a_end), (b_start, b_end)
            else:
                (s, e), (rs, re_) = (b_start, b_end), (a_start, a_end)
            actor = _full_name(text[s:e])
            if actor is None or doc.is_subject(actor):
                continue
            role = nm.clean_character(text[rs:re_])
            doc.remember(actor, listed=True)
            doc.add_cast(actor, min(s, rs), max(e, re_), role=role)


def _full_name(raw: str) -> str | None:
    raw = " ".join(_cased(raw).split())
    name = nm.person_name(raw)
    return name if name and v.capitalised_words(name) >= 2 and name == raw else None


# --- reading credits into claims --------------------------------------------------------------------
_CAST_ITEM = re.compile(r"(?P<actor>.+?)(?:\s+(?P<sep>as|–|—|-)\s+(?P<char>[^()]+?))?(?:\s*\((?P<paren>[^)]*)\))?\s*$")
_YEAR = re.compile(r"\b(?:18|19|20)\d\d\b")
_LONE_YEAR = re.compile(r"(?P<year>(?:18|19|20)\d\d)(?:[ \t]*\([^()]{1,30}\))?[ \t.]*")  # "2012 (UK)"
# Names in a credit's value: "A, B and C", "A & B", "A + B", "A · B", "A | B"; crew also "A / B" (a cast
# item's slash is between the parts one actor plays: "as Betty / Diane").
_CAST_SPLIT = re.compile(r"\s*(?:[,;&+·•|]|\b(?:and|AND)\b)\s*")
_CREW_SPLIT = re.compile(r"\s*(?:[,;&+·•|]|\b(?:and|AND)\b|\s/\s)\s*")
_ROLE_SPLIT = re.compile(r"[ \t]+/[ \t]+")  # "Betty / Diane": a part played as two people


@dataclass(frozen=True, slots=True)
class _Header:
    """A "Key: value" line: its folded key, the field and crew job it names, the value's span."""

    key: str
    field: str
    job: str | None
    start: int
    end: int


# -- headers ---------------------------------------------------------------------


def _handlers() -> dict[str, Callable[[Reading, _Header], None]]:
    return {
        m.YEAR: _header_year,
        m.GENRE: _header_genres,
        m.DIRECTOR: _header_directors,
        m.CAST: _header_cast_or_stars,
        m.CREW: _header_crew,
        m.RUNTIME: _header_runtime,
        m.RELEASE_DATE: _header_release_date,
        m.COUNTRY: _header_countries,
        m.TAGLINE: _header_text,
        m.RATING: _header_score,
        m.VERDICT: _header_text,
        m.STRENGTH: _header_text,
        m.WEAKNESS: _header_text,
    }


_HEADING_YEAR = re.compile(r"\b(?:18|19|20)\d\d$")  # "… high tide low 1961": "Title (Year)" last


def other_film_section(doc: Reading, heading: str, cache: dict[str, bool]) -> bool:
    """Whether a (folded) heading names another film, not this one.

    "## 10. High Tide Low (1961)" (a year last, none of this film's titles) heads another
    film's credits. So does "## Salt Harbour" when another heading names this film (the
    document's sections are films): a short heading that is no section ("Cast", "Behind the
    camera", `lexicon.SECTION_WORDS`). "## 1. Lantern Bay (2012)" and "## Credits" head this film's.
    """
    if not heading:
        return False
    known = cache.get(heading)
    if known is None:
        if _names_this_film(doc, heading):
            known = False
        elif _HEADING_YEAR.search(heading):
            known = True
        else:
            words = heading.split()
            known = (
                0 < len(words) <= 8
                and lx.SECTION_WORDS.isdisjoint(words)
                and lx.field_of(heading) is None
                and section_kind(heading) == "other"  # "The good stuff", "Final verdict": the review's own
                and _films_are_sections(doc, cache)
            )
        cache[heading] = known
    return known


def _names_this_film(doc: Reading, heading: str) -> bool:
    return any(next(v.occurrences(heading, key), None) is not None for key in doc.title_keys if key)


def _films_are_sections(doc: Reading, cache: dict[str, bool]) -> bool:
    """Whether a heading after the first line names this film (cached under a key no heading folds to)."""
    found = cache.get("\x00films")
    if found is None:
        found = any(
            line.kind == HEADING and line.index > 0 and _names_this_film(doc, fold_key(doc.text[line.start : line.end]))
            for line in doc.layout.lines
        )
        cache["\x00films"] = found
    return found


def read_headers(doc: Reading) -> None:
    """Each "Key: value" line, by the field its key names (see `lexicon.HEADER_FIELDS`), except under
    a heading that names another film."""
    handlers = _HANDLERS
    sections: dict[str, bool] = {}
    for line in doc.layout.lines:
        if line.kind != HEADER or line.key is None:
            continue
        if other_film_section(doc, line.heading, sections):
            continue
        field_name, job = lx.HEADER_FIELDS[line.key]
        start, end = v.strip_span(doc.text, line.value_start, line.value_end)
        handler = handlers.get(field_name)
        if handler and start < end:
            handler(doc, _Header(line.key, field_name, job, start, end))


def read_structured_credits(doc: Reading) -> None:
    """Front matter keys, table rows, capsules and Q&A pairs, each read like a header."""
    handlers = _HANDLERS
    found: list[Credit] = []
    for key, start, end in doc.front:
        target = lx.HEADER_FIELDS.get(key)
        if target and target[0] not in (lx.IGNORED, m.TITLE):
            found.append(Credit(target[0], target[1], key, start, end))
    found.extend(table_credits(doc.markup, tuple(doc.title_keys)))
    found.extend(capsule_credits(doc.text, tuple(doc.title_keys)))
    found.extend(question_credits(doc.text))
    for credit in found:
        start, end = v.strip_span(doc.text, credit.start, credit.end)
        if start >= end:
            continue
        if credit.field == m.CAST and credit.role_start >= 0:
            actor = nm.clean_name(doc.text[start:end])
            role = nm.clean_character(doc.text[credit.role_start : credit.role_end])
            if actor and not doc.is_subject(actor):
                doc.remember(actor, listed=True)
                span = (min(start, credit.role_start), max(end, credit.role_end))
                doc.add_cast(actor, *span, role=role)
            continue
        handler = handlers.get(credit.field)
        if handler:
            handler(doc, _Header(credit.key, credit.field, credit.job, start, end))


def _header_year(doc: Reading, h: _Header) -> None:
    year = _YEAR.search(doc.text, h.start, h.end)
    if year:
        doc.add(m.YEAR, year.group(), year.start(), year.end())


def _header_genres(doc: Reading, h: _Header) -> None:
    """ "Action / Thriller"; an item of several words is read like prose ("Period drama" -> Drama)."""
    for s, e in v.split_list(doc.text, h.start, h.end):
        if e - s > 30:
            continue
        item = doc.text[s:e]
        phrase = v.genres_in_phrase(item) if " " in item and item.lower() not in lx.GENRE_WORDS else []
        for genre in phrase or [v.genre_name(item)]:
            doc.add(m.GENRE, genre, s, e)


def _header_directors(doc: Reading, h: _Header) -> None:
    """ "Director: A"; "Writer/Director: A" credits A with both jobs."""
    for s, e, name in _header_people(doc, h.start, h.end):
        doc.add(m.DIRECTOR, name, s, e, person=name)
        if h.job == "writer":
            doc.add(m.CREW, name, s, e, person=name, role="writer")


def _header_cast_or_stars(doc: Reading, h: _Header) -> None:
    """ "Starring: A, B (cameo)"; but "Stars: 4/5" is a score."""
    if h.key == "stars" and parse_rating(doc.text[h.start : h.end], loose=True):
        review.read_rating(doc, h.start, h.end)
    else:
        read_cast_list(doc, h.start, h.end)


def _header_crew(doc: Reading, h: _Header) -> None:
    for s, e, name in _header_people(doc, h.start, h.end):
        doc.add(m.CREW, name, s, e, person=name, role=h.job)


def _header_runtime(doc: Reading, h: _Header) -> None:
    value = doc.text[h.start : h.end]
    runtime = v.parse_runtime(value)
    if runtime:
        doc.add(m.RUNTIME, runtime[0], h.start + runtime[1], h.start + runtime[2])
    elif value.strip().isdigit() and 40 <= int(value) <= 400:  # "runtime: 145" under a runtime key: minutes
        doc.add(m.RUNTIME, value.strip(), h.start, h.end)


def _header_release_date(doc: Reading, h: _Header) -> None:
    """ "Released: 4 May 2012" is a date; "Released: 2012 (UK)" says only the year."""
    date = parse_date(doc.text[h.start : h.end])
    if date:
        doc.add(m.RELEASE_DATE, date[0], h.start + date[1], h.start + date[2])
        return
    year = _LONE_YEAR.fullmatch(doc.text, h.start, h.end)
    if year:
        doc.add(m.YEAR, year.group("year"), year.start("year"), year.end("year"))


def _header_countries(doc: Reading, h: _Header) -> None:
    """ "Country: USA / UK" -> United States, United Kingdom (a country's short name is shown in full)."""
    for s, e in v.split_list(doc.text, h.start, h.end):
        if doc.text[s].isupper() and e - s <= 40:
            name = doc.text[s:e]
            doc.add(m.COUNTRY, lx.COUNTRY_ALIASES.get(name.strip(" .").upper(), name), s, e)


def _header_text(doc: Reading, h: _Header) -> None:
    """Tagline, verdict, pros and cons: the value as written (a verdict may carry a score)."""
    doc.add(h.field, doc.text[h.start : h.end], h.start, h.end)
    if h.field == m.VERDICT:
        review.read_rating(doc, h.start, h.end, blurb=False)


def _header_score(doc: Reading, h: _Header) -> None:
    """ "Rating: 4/5 – blurb"; "Score: A Name" is the music."""
    if not review.read_rating(doc, h.start, h.end) and h.key == "score":
        for s, e, name in _header_people(doc, h.start, h.end):
            doc.add(m.CREW, name, s, e, person=name, role="composer")


_BY_LEAD = re.compile(r"(?:(?:was|is|were|are)[ \t]+)?by[ \t]+(?=\S)")  # "**Editing** was by Ana Lopez"


def _header_people(doc: Reading, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    lead = _BY_LEAD.match(doc.text, start, end)
    if lead:
        start = lead.end()
    for s, e in v.split_list(doc.text, start, end, _CREW_SPLIT):
        raw = doc.text[s:e].split("(", 1)[0].rstrip()
        name = nm.clean_name(_cased(raw))
        if name and name.split()[-1].lower() in lx.COMPANY_WORDS:
            continue  # "Producers: Harbour Pictures, Ana Lopez": a company is no person
        if name and not doc.is_subject(name):
            doc.remember(name, listed=True)
            yield s, s + len(raw), name


def read_cast_list(doc: Reading, start: int, end: int) -> None:
    """ "A as X, B (Y), C – Z, D (cameo)": actors first, unless the list says otherwise.

    A list written part first ("Woody (Tom Hanks)", "Woody – Tom Hanks")
    shows it by having more full names on the right than on the left; "as"
    always reads actor first.
    """
    items = []
    swaps = 0
    for s, e in v.split_list(doc.text, start, end, _CAST_SPLIT):
        item = _CAST_ITEM.match(doc.text, s, e)
        if not item:
            continue
        items.append((s, e, item))
        right = item.group("char") if item.group("sep") != "as" else None
        if right is None and not item.group("char"):
            right = item.group("paren")
        if right:
            swaps += (_full_name(right) is not None) - (_full_name(item.group("actor")) is not None)
    for s, e, item in items:
        actor_raw, parts, paren = item.group("actor"), item.group("char") or "", (item.group("paren") or "").strip()
        if swaps > 0 and item.group("sep") != "as":
            if parts:
                actor_raw, parts = parts, actor_raw
            elif paren and paren.lower() not in lx.CAST_NOTES:
                actor_raw, paren = paren, actor_raw
        aside = _ACTOR_ASIDE.search(actor_raw)  # "Ana Lopez (the composer) in a cameo as Mira"
        if aside and parts:
            actor_raw = actor_raw[: aside.start()]
            if "cameo" in aside.group() and not paren:
                paren = "cameo"
        actor = nm.clean_name(_cased(actor_raw))
        if actor is None or doc.is_subject(actor):
            continue
        doc.remember(actor, listed=True)
        roles = [nm.clean_character(part) for part in _ROLE_SPLIT.split(parts) if part.strip()]
        note = None
        if paren.lower() in lx.CAST_NOTES:
            note = paren.lower()
        elif paren and not roles:
            roles = [nm.clean_character(paren)]
        for role in roles or [None]:  # "as Betty Elms / Diane Selwyn": one actor, two parts
            doc.add_cast(actor, s, e, role=role, note=note)


# What may stand between an actor and "as": a remark in brackets, "in a cameo", "briefly", "also".
_ACTOR_ASIDE = re.compile(
    r"(?:\s*\([^()]*\))?(?:\s+(?:also|briefly|in\s+an?\s+(?:brief\s+|small\s+|uncredited\s+)?"
    r"(?:cameo|role|part|appearance)))*\s*$|\s*\([^()]*\)\s*$"
)


def _cased(raw: str) -> str:
    """A name written in capitals ("ANA LOPEZ") as a name is written; acronyms and other text unchanged."""
    return raw.title() if len(raw) > 3 and raw.isupper() else raw


_HANDLERS = _handlers()
