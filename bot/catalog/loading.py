"""Build the catalog from data/ and write it to the store, off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.ingest.pipeline import ingest_paths
from bot.model import IngestResult
from bot.store.catalog import StoredQuestion, replace_catalog_sync
from bot.store.db import Database


@dataclass(slots=True)
class CatalogBuild:
    """Everything a reload writes: ingested films and documents, and the question bank."""

    ingest: IngestResult
    questions: list[StoredQuestion]


def build_catalog_from(paths: Sequence[Path]) -> CatalogBuild:
    """Pure CPU work (run it in a thread): documents -> films -> questions."""
    result = ingest_paths(list(paths))
    return CatalogBuild(result, [])


def write_catalog(db: Database, build: CatalogBuild) -> None:
    """Swap the catalog in one transaction on a connection of its own (call in a thread)."""
    conn = db.connect_sync()
    try:
        replace_catalog_sync(conn, build.ingest.films, build.ingest.documents, build.questions)
    finally:
        conn.close()


async def load_catalog(db: Database, documents_dir: Path) -> CatalogBuild:
    build = await asyncio.to_thread(build_catalog_from, [documents_dir])
    await asyncio.to_thread(write_catalog, db, build)
    return build
