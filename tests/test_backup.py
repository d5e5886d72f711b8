"""`filmbot backup FILE`: SQLite's online backup, taken while the bot's database is in use."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.admin.rebuild import load_catalog
from bot.store.db import Database
from tests.conftest import PROJECT, SEED_DATA


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FILMBOT_", "DISCORD_"))}
    env.update(FILMBOT_DATA=str(SEED_DATA), PYTHONPATH=str(PROJECT))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


async def _add_review(db: Database, user_id: int) -> None:
    await db.execute(
        "INSERT INTO reviews VALUES (1, ?, 'ballerina', 'someone', 7, 'text', ?, ?)",
        (user_id, "2024-01-01T00:00:00", "2024-01-01T00:00:00"),
    )


async def test_backup_while_the_database_is_in_use(tmp_path: Path) -> None:
    source = tmp_path / "live.db"
    target = tmp_path / "copies" / "backup.db"
    db = await Database.open(source)
    try:
        await load_catalog(db, SEED_DATA / "documents", SEED_DATA / "packs")
        for user in range(50):
            await _add_review(db, user)
        reader = sqlite3.connect(source)  # a reader holding a snapshot open, as the bot's reads do
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM claims").fetchone()

        stop = asyncio.Event()

        async def keep_writing() -> int:
            user = 1000
            while not stop.is_set():
                await _add_review(db, user)
                user += 1
                await asyncio.sleep(0.005)
            return user - 1000

        writer = asyncio.ensure_future(keep_writing())
        result = await asyncio.to_thread(_cli, "--db", str(source), "backup", str(target), cwd=tmp_path)
        stop.set()
        written_during = await writer
        reader.rollback()
        reader.close()
    finally:
        await db.close()

    assert result.returncode == 0, result.stderr
    assert f"Backed up {source} to {target}." in result.stdout
    assert written_during > 0  # the bot kept writing while the copy was taken
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert copy.execute("SELECT slug FROM films").fetchall() == [("ballerina",)]
        assert copy.execute("SELECT count(*) FROM claims").fetchone()[0] > 50
        reviews = copy.execute("SELECT count(*) FROM reviews").fetchone()[0]
        assert 50 <= reviews <= 50 + written_during
    finally:
        copy.close()
    # The copy is a working database: the bot opens it and finds the film.
    restored = await Database.open(target)
    try:
        row = await restored.fetchone("SELECT slug FROM films")
        assert row is not None
        assert row["slug"] == "ballerina"
    finally:
        await restored.close()


async def test_backup_api_copies_a_consistent_snapshot(tmp_path: Path) -> None:
    """Database.backup from inside a busy bot (several worker threads in use)."""
    db = await Database.open(tmp_path / "live.db")
    try:
        await load_catalog(db, SEED_DATA / "documents")
        for user in range(20):
            await _add_review(db, user)
        for n in range(5):  # worker threads vary between calls: repeat to hit a different one
            await asyncio.gather(db.backup(tmp_path / f"{n}.db"), _add_review(db, 999 + n), asyncio.to_thread(sum, []))
    finally:
        await db.close()
    for n in range(5):
        copy = sqlite3.connect(tmp_path / f"{n}.db")
        try:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert copy.execute("SELECT count(*) FROM reviews").fetchone()[0] in (20 + n, 21 + n)
        finally:
            copy.close()


def test_backup_without_a_database_says_so(tmp_path: Path) -> None:
    result = _cli("--db", str(tmp_path / "missing.db"), "backup", str(tmp_path / "out.db"), cwd=tmp_path)
    assert result.returncode == 1
    assert "There is no database at" in result.stderr
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "out.db").exists()
