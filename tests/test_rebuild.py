"""The one catalog rebuild (bot.admin.rebuild): the first start, `filmbot ingest` and /admin reload
refuse the same builds (a file that could not be read, or no film at all) and write nothing then."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.admin.rebuild import EMPTY_CATALOG, commit, prepare
from bot.admin.reload import ReloadService
from bot.catalog.service import CatalogService
from bot.config import Settings
from bot.runtime import open_services
from bot.store import catalog as catalog_repo
from bot.store.db import Database
from tests.test_cli import filmbot
from tests.test_reload import generate_corpus

NOT_A_REVIEW = "A shopping list.\n\nEggs, milk and bread are needed by tomorrow morning.\n"


def data_dir(tmp_path: Path, films: int, *, bad: bool = False) -> Path:
    root = tmp_path / "data"
    generate_corpus(root / "documents", films, cast=3)
    (root / "packs").mkdir()
    if bad:
        (root / "documents" / "shopping.txt").write_text(NOT_A_REVIEW, encoding="utf-8")
    return root


async def test_a_build_with_a_bad_document_or_no_film_is_refused_and_cannot_be_written(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "bot.db")
    try:
        bad = await prepare(db, [data_dir(tmp_path / "bad", 2, bad=True) / "documents"], None)
        assert bad.refused and not bad.empty
        assert [p.file for p in bad.problems] == ["shopping.txt"]
        (tmp_path / "none").mkdir()
        empty = await prepare(db, [tmp_path / "none"], None)
        assert empty.refused and empty.empty
        assert [p.reason for p in empty.problems] == [EMPTY_CATALOG]
        for refused in (bad, empty):
            with pytest.raises(ValueError, match="never written"):
                await commit(db, refused)
        assert await catalog_repo.catalog_is_empty(db)
        good = await prepare(db, [data_dir(tmp_path / "good", 2) / "documents"], None)
        assert not good.refused
        await commit(db, good)
        assert (await catalog_repo.counts(db))["films"] == 2
    finally:
        await db.close()


async def test_the_first_start_refuses_a_bad_document_as_reload_does(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """One unreadable document: the first start writes no catalog (it would have a hole), says
    why, and serves an empty catalog; once the file is fixed, a reload builds it whole."""
    root = data_dir(tmp_path, 3, bad=True)
    settings = Settings(db_path=tmp_path / "bot.db", data_dir=root)
    with caplog.at_level(logging.ERROR, logger="bot.runtime"):
        services = await open_services(settings)
    try:
        assert await catalog_repo.catalog_is_empty(services.db)
        assert services.catalog.resolve_film_slug("Generated Film 00001") is None
        assert any("shopping.txt" in r.getMessage() and "not built" in r.getMessage() for r in caplog.records)
        reloader = ReloadService(services.db, services.catalog, settings.documents_dir, settings.packs_dir)
        refused = await reloader.reload()
        assert not refused.applied and [p.file for p in refused.problems] == ["shopping.txt"]
        (root / "documents" / "shopping.txt").unlink()
        applied = await reloader.reload()
        assert applied.applied
        assert services.catalog.resolve_film_slug("Generated Film 00001") is not None
    finally:
        await services.close()


async def test_the_first_start_writes_a_clean_catalog(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "bot.db", data_dir=data_dir(tmp_path, 3))
    services = await open_services(settings)
    try:
        assert (await catalog_repo.counts(services.db))["films"] == 3
        assert isinstance(services.catalog, CatalogService)
        assert services.catalog.resolve_film_slug("Generated Film 00002") is not None
    finally:
        await services.close()


def test_ingest_and_its_check_refuse_a_set_of_documents_without_films(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    data = data_dir(tmp_path, 1)
    db = tmp_path / "bot.db"
    checked = filmbot("ingest", "--check", "--replace", str(tmp_path / "empty"), cwd=tmp_path, FILMBOT_DATA=str(data))
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "no film" in checked.stdout
    refused = filmbot("--db", str(db), "ingest", "--replace", str(tmp_path / "empty"), cwd=tmp_path)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "Nothing written" in refused.stdout
