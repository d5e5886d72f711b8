"""Reload: re-read data/documents and data/packs, report the changes, swap the catalog atomically.

The build, the diff and the write all run off the event loop, so commands keep
answering during a reload; the write is one transaction (readers see the
previous catalog until it commits, and a crash at any point leaves the previous
catalog whole). Community tables
are never written here. The steps and their rules (any bad document or pack, or no film
at all, refuses the whole reload) are `bot.admin.rebuild`'s, shared with `filmbot ingest`
and the first start.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from bot.admin.build import CatalogBuild, build_catalog_from
from bot.admin.diff import SNAPSHOT_QUERIES, CatalogSnapshot, diff_snapshots, snapshot_of_build, snapshot_of_rows
from bot.admin.model import ReloadReport
from bot.admin.rebuild import Builder, Rebuild, commit, prepare
from bot.catalog.service import CatalogService
from bot.store.backend import Store

log = logging.getLogger(__name__)

AfterSwap = Callable[[CatalogBuild], Awaitable[None] | None]


async def _read_store(db: Store) -> CatalogSnapshot:
    return await db.read_consistent(SNAPSHOT_QUERIES, snapshot_of_rows)


def _totals(snap: CatalogSnapshot) -> dict[str, int]:
    return {
        "films": len(snap.films),
        "documents": len(snap.documents),
        "claims": snap.claim_count,
        "people": len(snap.people),
        "disputes": len(snap.disputes),
        "questions": len(snap.questions),
    }


class ReloadService:
    """One reload at a time; a second request while one runs is answered `busy`."""

    def __init__(
        self,
        db: Store,
        catalog: CatalogService,
        documents_dir: Path,
        packs_dir: Path | None,
        *,
        builder: Builder = build_catalog_from,
        after_swap: Sequence[AfterSwap] = (),
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.documents_dir = documents_dir
        self.packs_dir = packs_dir
        self.builder = builder
        self.after_swap: list[AfterSwap] = list(after_swap)
        self._lock = asyncio.Lock()

    @property
    def running(self) -> bool:
        return self._lock.locked()

    async def reload(self, *, dry_run: bool = False) -> ReloadReport:
        if self._lock.locked():
            return ReloadReport(dry_run=dry_run, applied=False, busy=True)
        async with self._lock:
            started = time.perf_counter()
            rebuild = await prepare(self.db, [self.documents_dir], self.packs_dir, builder=self.builder)
            build = rebuild.build
            documents, packs = len(build.ingest.documents), len(build.packs)
            if rebuild.refused:
                log.warning("reload refused: %s", "; ".join(map(str, rebuild.problems)))
                return ReloadReport(
                    dry_run=dry_run,
                    applied=False,
                    documents=documents,
                    packs=packs,
                    problems=rebuild.problems,
                    seconds=time.perf_counter() - started,
                )
            old, new = await asyncio.gather(_read_store(self.db), asyncio.to_thread(snapshot_of_build, build))
            diff = await asyncio.to_thread(diff_snapshots, old, new)
            if dry_run:
                return ReloadReport(
                    dry_run=True,
                    applied=False,
                    documents=documents,
                    packs=packs,
                    diff=diff,
                    totals=_totals(new),
                    seconds=time.perf_counter() - started,
                )
            await self._swap(rebuild)
            totals = await self.catalog.counts()
            report = ReloadReport(
                dry_run=False,
                applied=True,
                documents=documents,
                packs=packs,
                diff=diff,
                totals=totals,
                seconds=time.perf_counter() - started,
            )
            log.info("reload applied in %.2f s: %s", report.seconds, report.summary())
            return report

    async def _swap(self, rebuild: Rebuild) -> None:
        await commit(self.db, rebuild)
        await self.catalog.refresh()
        for hook in self.after_swap:
            try:
                result = hook(rebuild.build)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                # The catalog is already swapped; a listener failing must not hide that.
                log.exception("a reload listener failed after the swap")
