"""Files or texts -> `IngestResult`: read, validate, extract, merge, report.

Pure CPU work apart from reading the given files, no asyncio: callers run it in
a thread. Deterministic: the same input gives an equal result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.datafiles import DataFileError, data_files, read_data_file
from bot.ingest.extract import DocumentExtraction, extract_document
from bot.ingest.merge import merge_films
from bot.model import DocumentProblem, DocumentRecord, IngestResult

DOCUMENT_SUFFIXES = (".txt", ".md")
# A review is a few KB: anything far bigger is a mistake, and would cost the bot
# memory and seconds of CPU in every reload.
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _Input:
    """One document as read: its text, or the reason it has none."""

    name: str
    data: bytes
    text: str | None
    problem: str | None = None


def ingest_paths(paths: Sequence[Path], previous_slugs: Mapping[str, str] | None = None) -> IngestResult:
    """Ingest files and directories (every *.txt and *.md inside, sorted by path).

    Only regular files inside the folder given are read, each of at most
    MAX_DOCUMENT_BYTES; a bigger one, or a link that leaves the folder, is a
    problem naming the file, and is never read (see bot.datafiles).

    `previous_slugs` (document name -> the slug its film had in the catalog being
    replaced) keeps film slugs stable across reloads; see `merge_films`.
    """
    inputs: list[_Input] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            inputs.extend(_read(name, file, path) for name, file in data_files(path, DOCUMENT_SUFFIXES, recursive=True))
        elif path.exists() or path.is_symlink():
            inputs.append(_read(path.name, path, path.parent))
        else:
            inputs.append(_Input(str(path), b"", None, "not found"))
    return _ingest(inputs, previous_slugs)


def ingest_texts(docs: Sequence[tuple[str, str]], previous_slugs: Mapping[str, str] | None = None) -> IngestResult:
    """Ingest (name, text) pairs, as if each were a UTF-8 file of that name."""
    return _ingest([_Input(name, text.encode("utf-8"), text) for name, text in docs], previous_slugs)


def _read(name: str, path: Path, root: Path) -> _Input:
    """One document of the folder `root`: only a regular file inside it, of at most MAX_DOCUMENT_BYTES."""
    try:
        data = read_data_file(path, root, MAX_DOCUMENT_BYTES)
    except DataFileError as problem:
        return _Input(name, b"", None, problem.reason)
    if b"\x00" in data:
        return _Input(name, data, None, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _Input(name, data, None, f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})")
    return _Input(name, data, text)


def _ingest(inputs: list[_Input], previous_slugs: Mapping[str, str] | None = None) -> IngestResult:
    problems: list[DocumentProblem] = []
    extractions: list[DocumentExtraction] = []
    good: list[_Input] = []
    seen: set[str] = set()
    for item in inputs:
        if item.name in seen:
            problems.append(
                DocumentProblem(item.name, "duplicate document name: a document of this name was already read")
            )
            continue
        seen.add(item.name)
        if item.text is None:
            problems.append(DocumentProblem(item.name, item.problem or "unreadable"))
            continue
        extraction = extract_document(item.name, item.text)
        if extraction.problem or not extraction.title:
            problems.append(DocumentProblem(item.name, extraction.problem or "no film found"))
            continue
        extractions.append(extraction)
        good.append(item)
    films = merge_films(extractions, previous_slugs)
    slug_of = {document: film.slug for film in films for document in film.documents}
    records = [
        DocumentRecord(item.name, hashlib.sha256(item.data).hexdigest(), len(item.data), slug_of.get(item.name))
        for item in good
    ]
    return IngestResult(films=films, documents=records, problems=problems)


def format_report(result: IngestResult) -> str:
    """A short human summary: counts, disputed fields per film, and each bad document."""
    read = len(result.documents) + len(result.problems)
    lines = [
        f"Documents read: {read} ({len(result.documents)} ingested, {len(result.problems)} with problems)",
        f"Films: {len(result.films)} · people: {len(result.people)} · claims: {result.claim_count}",
    ]
    disputed = [film for film in result.films if film.disputed]
    if disputed:
        lines.append("Disputed fields (documents disagree):")
        lines.extend(f"  {film.title} [{film.slug}]: {', '.join(sorted(film.disputed))}" for film in disputed)
    else:
        lines.append("Disputed fields: none")
    if result.problems:
        lines.append("Problems:")
        lines.extend(f"  {problem.name}: {problem.reason}" for problem in result.problems)
    return "\n".join(lines)
