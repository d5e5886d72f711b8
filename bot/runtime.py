"""The services the bot runs on, opened together and closed together."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from bot.admin.rebuild import load_catalog
from bot.admin.reload import ReloadService
from bot.admin.service import AdminService
from bot.catalog.service import CatalogService
from bot.config import Settings
from bot.privacy.service import PrivacyService
from bot.reviews.service import ReviewService
from bot.store import catalog as catalog_repo
from bot.store.backend import ANY_TOPIC, CATALOG_TOPIC, Store
from bot.store.factory import open_store
from bot.trivia.service import TriviaService

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Services:
    settings: Settings
    db: Store
    catalog: CatalogService
    reviews: ReviewService
    admin: AdminService
    trivia: TriviaService
    privacy: PrivacyService
    started_at: float = field(default_factory=time.time)

    async def close(self) -> None:
        await self.db.close()


def _refresh_on_announcements(db: Store, settings: Settings, catalog: CatalogService, trivia: TriviaService) -> None:
    """Another process swapped the catalog (or we were cut off and may have missed it): rebuild
    what this process holds in memory from the store. Scores, reviews, settings and uploaded
    packs are read from the store when used, so they are always current."""
    refreshing = asyncio.Lock()

    async def refresh(topic: str) -> None:
        if topic not in (CATALOG_TOPIC, ANY_TOPIC):
            return
        async with refreshing:
            await catalog.refresh()
            await trivia.load_bank()
            await trivia.load_packs(settings.packs_dir)
        log.info("catalog refreshed from the store (%s)", "a reload elsewhere" if topic == CATALOG_TOPIC else "resync")

    db.on_announcement(refresh)


async def open_services(settings: Settings) -> Services:
    """Open the store, ingest data/ if the catalog is empty, and build the indexes."""
    db = await open_store(settings.store_target)
    try:
        if await catalog_repo.catalog_is_empty(db):
            rebuild = await load_catalog(db, settings.documents_dir, settings.packs_dir)
            if rebuild.refused:
                # The same rules as /admin reload: a catalog is written whole or not at all.
                log.error(
                    "catalog is empty and was not built (fix the files, then /admin reload or filmbot ingest): %s",
                    "; ".join(map(str, rebuild.problems)),
                )
            else:
                log.info(
                    "catalog was empty: ingested %d documents into %d films",
                    len(rebuild.build.ingest.documents),
                    len(rebuild.build.ingest.films),
                )
        catalog = CatalogService(db)
        await catalog.refresh()
        trivia = TriviaService(db, catalog=catalog)
        await trivia.load_bank()
        for problem in await trivia.load_packs(settings.packs_dir):
            log.warning("question pack skipped: %s", problem)
    except BaseException:
        await db.close()
        raise
    _refresh_on_announcements(db, settings, catalog, trivia)
    try:
        await db.listen()
    except BaseException:
        await db.close()
        raise
    reloader = ReloadService(
        db,
        catalog,
        settings.documents_dir,
        settings.packs_dir,
        after_swap=[lambda build: trivia.refresh(build.bank, build.packs)],
    )
    reviews = ReviewService(db, catalog)
    admin = AdminService(db, catalog, reloader, trivia=trivia)
    privacy = PrivacyService(db, trivia)
    return Services(
        settings=settings, db=db, catalog=catalog, reviews=reviews, admin=admin, trivia=trivia, privacy=privacy
    )
