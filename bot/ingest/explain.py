"""Explain: the card the extractor read from each document, for `filmbot ingest --check`.

For each document: the film's title, every fact with the text it was quoted
from, and what was skipped as advertising or as being about another film, so
a moderator can see why before a reload (and fix the document, for example
with front matter).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from bot import model as m
from bot.datafiles import DataFileError, data_files, read_data_file
from bot.ingest.extract import extract_document
from bot.ingest.pipeline import DOCUMENT_SUFFIXES, MAX_DOCUMENT_BYTES

_QUOTE_LIMIT = 90


def _quote(text: str, start: int, end: int) -> str:
    quoted = " ".join(text[start:end].split())
    return quoted if len(quoted) <= _QUOTE_LIMIT else quoted[: _QUOTE_LIMIT - 1] + "…"


def _fact(claim: m.Claim) -> str:
    if claim.field == m.CAST:
        shown = claim.value + (f" as {claim.role}" if claim.role else "") + (f" ({claim.note})" if claim.note else "")
    elif claim.field == m.CREW:
        shown = f"{claim.role}: {claim.value}"
    else:
        shown = claim.value
    return f"{claim.field}: {shown}"


def explain_document(name: str, text: str) -> str:
    """One document's card, as lines of text."""
    extraction = extract_document(name, text)
    if extraction.problem or not extraction.title:
        return f"== {name}\n  not read: {extraction.problem or 'no film found'}"
    lines = [f"== {name}", f"  film: {extraction.title}"]
    for claim in extraction.claims:
        if claim.field == m.TITLE:
            continue
        quoted = _quote(text, claim.source.start, claim.source.end)
        lines.append(f"  {_fact(claim)}  <- “{quoted}”")
    if extraction.unresolved:
        lines.append(f"  kept only if another document gives the full name: {', '.join(sorted(extraction.unresolved))}")
    for why, start, end in extraction.skipped:
        lines.append(f"  skipped ({why}): “{_quote(text, start, end)}”")
    return "\n".join(lines)


def explain_texts(docs: Iterable[tuple[str, str]]) -> str:
    return "\n\n".join(explain_document(name, text) for name, text in docs)


def document_texts(paths: Sequence[Path]) -> list[tuple[str, str]]:
    """(name, text) of every readable document under `paths`, read as ingest reads them (regular files
    inside the folder, size-limited: see `bot.datafiles`); unreadable ones are the ingest report's business."""
    found: list[tuple[str, Path, Path]] = []
    for path in paths:
        if path.is_dir():
            found.extend((name, file, path) for name, file in data_files(path, DOCUMENT_SUFFIXES, recursive=True))
        elif path.is_file():
            found.append((path.name, path, path.parent))
    docs = []
    for name, file, root in found:
        try:
            docs.append((name, read_data_file(file, root, MAX_DOCUMENT_BYTES).decode("utf-8-sig")))
        except (DataFileError, UnicodeDecodeError):
            continue
    return docs
