"""Building the catalog from data/ and writing it to the store (the steps of `bot.admin.rebuild`).

It lives with admin (above catalog and trivia) because it uses both: the catalog's
films and the trivia bank and packs.

`build_catalog_from` is pure CPU work (documents -> films -> question bank,
plus the packs in data/packs) and runs in a thread; `write_catalog` swaps the
result in with one transaction, so readers keep the previous catalog until
the commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalog.build import build_film
from bot.catalog.model import Film
from bot.model import IngestResult, MergedFilm
from bot.store.backend import Store
from bot.store.catalog import replace_catalog
from bot.trivia.bank import build_bank
from bot.trivia.model import Question
from bot.trivia.packs import Pack, PackProblem, load_pack_dir


@dataclass(frozen=True, slots=True)
class BuildProblem:
    """A document or pack that could not be read, and why."""

    file: str
    reason: str
    kind: str  # "document" or "pack"

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass(slots=True)
class CatalogBuild:
    """Everything a reload writes: ingested films and documents, the question bank, and the packs.

    `questions` holds the bank (pack None) followed by every bundled pack's
    questions (pack set), so the store records the whole question set a reload
    produced and the next reload can diff against it.
    """

    ingest: IngestResult
    questions: list[Question]
    packs: list[Pack] = field(default_factory=list)
    pack_problems: list[PackProblem] = field(default_factory=list)

    @property
    def bank(self) -> list[Question]:
        return [q for q in self.questions if q.pack is None]

    @property
    def problems(self) -> list[BuildProblem]:
        found = [BuildProblem(p.name, p.reason, "document") for p in self.ingest.problems]
        found += [
            BuildProblem(p.file, f"line {p.line}: {p.message}" if p.line else p.message, "pack")
            for p in self.pack_problems
        ]
        return found


def film_of(merged: MergedFilm) -> Film:
    """The domain film of a freshly merged one, as the catalog service would build it from the store."""
    return build_film(merged.slug, merged.title, merged.variants, merged.claims, merged.disputed, merged.documents)


def build_from_ingest(result: IngestResult, packs_dir: Path | None = None) -> CatalogBuild:
    """The question bank of ingested films, and the packs of `packs_dir` (CPU work: run in a thread)."""
    questions = build_bank([film_of(f) for f in result.films])
    packs, pack_problems = load_pack_dir(packs_dir) if packs_dir is not None else ([], [])
    questions += [q for pack in packs for q in pack.questions]
    return CatalogBuild(result, questions, packs, pack_problems)


def build_catalog_from(
    paths: Sequence[Path], packs_dir: Path | None = None, previous_slugs: Mapping[str, str] | None = None
) -> CatalogBuild:
    """Documents -> films -> questions, and packs (run it in a thread).

    `previous_slugs` (document -> film slug in the current catalog) keeps slugs stable.
    """
    from bot.ingest.pipeline import ingest_paths

    return build_from_ingest(ingest_paths(list(paths), previous_slugs), packs_dir)


async def write_catalog(db: Store, build: CatalogBuild) -> None:
    """Swap the catalog in one transaction (off the event loop where the backend can)."""
    await replace_catalog(db, build.ingest.films, build.ingest.documents, build.questions)
