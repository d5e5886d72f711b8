"""The one catalog rebuild: `/admin reload`, `filmbot ingest` and the bot's first start.

Each runs the same steps with the same rules:

1. read the slugs the stored catalog gives each document (a rebuilt film keeps its slug:
   reviews and scores refer to it);
2. build the catalog from the documents and the packs, in a thread (`build_catalog_from`);
3. check it: nothing is written when any document or pack could not be read, or when the
   build holds no film at all (it would empty the catalog). The catalog is replaced whole
   or not at all, so a bad file never leaves a catalog with a hole in it; at the first
   start a refusal leaves the catalog empty until the files are fixed and a reload (or
   `filmbot ingest`) runs;
4. write it in one transaction (`write_catalog`), if the caller goes on (a dry run stops
   at the check).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.admin.build import BuildProblem, CatalogBuild, build_catalog_from, write_catalog
from bot.store.backend import Store
from bot.store.catalog import document_slugs

EMPTY_CATALOG = "no film found in any document: refusing to empty the catalog"


# (documents, packs folder, document -> slug of the stored catalog) -> the build; CPU work, run in a thread.
Builder = Callable[[Sequence[Path], Path | None, Mapping[str, str]], CatalogBuild]


@dataclass(frozen=True, slots=True)
class Rebuild:
    """A built catalog and why it may not be written (no problems: it may)."""

    build: CatalogBuild
    problems: tuple[BuildProblem, ...]

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    @property
    def empty(self) -> bool:
        """Refused only because it holds no film (every file read, none a film)."""
        return bool(self.problems) and not self.build.problems


def refusals(build: CatalogBuild, documents: Sequence[Path]) -> tuple[BuildProblem, ...]:
    """Why `build` must not replace the catalog: its files' problems, or that it is empty."""
    problems = build.problems
    if not problems and not build.ingest.films:
        where = ", ".join(str(p) for p in documents) or "no documents given"
        problems = [BuildProblem(where, EMPTY_CATALOG, "document")]
    return tuple(problems)


async def prepare(
    db: Store | None,
    documents: Sequence[Path],
    packs_dir: Path | None,
    *,
    builder: Builder = build_catalog_from,
) -> Rebuild:
    """Build the catalog from `documents` and `packs_dir` (slugs kept from the catalog in `db`;
    none given: a check that writes nothing) and say whether it may be written."""
    slugs = await document_slugs(db) if db is not None else {}
    build = await asyncio.to_thread(builder, list(documents), packs_dir, slugs)
    return Rebuild(build, refusals(build, documents))


async def commit(db: Store, rebuild: Rebuild) -> None:
    """Write a prepared catalog that passed the checks, in one transaction."""
    if rebuild.refused:
        raise ValueError(f"a refused rebuild is never written: {'; '.join(map(str, rebuild.problems))}")
    await write_catalog(db, rebuild.build)


async def load_catalog(db: Store, documents_dir: Path, packs_dir: Path | None = None) -> Rebuild:
    """The first start's rebuild (the catalog is empty): written unless the rules refuse it."""
    rebuild = await prepare(db, [documents_dir], packs_dir)
    if not rebuild.refused:
        await commit(db, rebuild)
    return rebuild
