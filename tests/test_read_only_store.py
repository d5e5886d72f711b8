"""A database that cannot be written: refused at start, and said plainly while running.

At start the file is made read-only for real (its folder stays writable), as a
server owner's mistake would leave it: `chmod 444`, plus the immutable attribute
when the tests run as root (root ignores the mode bits). While running, writes
are turned off with SQLite's own `PRAGMA query_only`, so every write fails
inside SQLite exactly as on a read-only file ("attempt to write a readonly
database").
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import pytest

from bot.app.host.local_discord import LocalDiscord
from bot.render import trivia as render
from bot.store import trivia as repo
from bot.store.backend import Store
from bot.store.db import Database, StoreWriteError
from bot.store.postgres import PostgresStore
from bot.trivia.service import TriviaService
from tests.test_cli import filmbot
from tests.test_trivia_service import ALICE, CHANNEL, GUILD, STARTER, FakeClock, right

pytest_plugins = ["tests.test_trivia_service"]  # its db, clock and trivia fixtures

FAKE_TOKEN = "MTAx." + "a" * 6 + "." + "b" * 38


def _opens_for_writing(path: Path) -> bool:
    try:
        with open(path, "r+b"):
            return True
    except OSError:
        return False


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` read-only for this process, or skip when this machine cannot."""
    os.chmod(path, 0o444)
    immutable = False
    if _opens_for_writing(path) and shutil.which("chattr"):
        immutable = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    try:
        if _opens_for_writing(path):
            pytest.skip("cannot make a file read-only here (root without chattr +i)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        os.chmod(path, 0o644)


@pytest.fixture(scope="module")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the bundled catalog, as `filmbot ingest` leaves it."""
    folder = tmp_path_factory.mktemp("store")
    path = folder / "filmbot.db"
    done = filmbot("--db", str(path), "ingest", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    return path


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("ask", "/help"), {}),
        (("console",), {}),
        (("run",), {"DISCORD_TOKEN": FAKE_TOKEN, "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10"}),
    ],
    ids=["ask", "console", "run"],
)
def test_a_read_only_database_stops_the_start_with_one_line(
    built_db: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    with read_only(built_db):
        result = filmbot("--db", str(built_db), *args, cwd=built_db.parent, **env)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"filmbot: the database {built_db} cannot be written")
    assert "readonly" in lines[0]
    assert "Traceback" not in result.stderr
    assert "Trivia" not in result.stdout, "nothing ran"


def test_the_check_leaves_a_writable_database_as_it_was(built_db: Path) -> None:
    before = built_db.read_bytes()
    result = filmbot("--db", str(built_db), "ask", "/help", cwd=built_db.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "/film info" in result.stdout
    with sqlite3.connect(built_db) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "filmbot_write_check" not in names
    assert len(built_db.read_bytes()) == len(before)


def test_a_database_busy_with_another_writer_is_not_called_read_only(built_db: Path) -> None:
    """`filmbot ask` while the bot writes: busy is not read-only."""
    writer = sqlite3.connect(built_db, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        result = filmbot("--db", str(built_db), "ask", "/help", cwd=built_db.parent)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert "cannot be written" not in result.stderr
    assert "/film info" in result.stdout


def says_read_only(text: str) -> bool:
    """SQLite says "readonly database", PostgreSQL "read-only transaction"."""
    return "readonly" in text or "read-only" in text


async def stop_writes(db: Store, stopped: bool = True) -> None:
    """The database refuses every write from now on (or accepts them again).

    SQLite: `PRAGMA query_only` on the bot's connection. PostgreSQL: the database becomes
    read-only for every new session, as a server turned standby or put in read-only mode by
    its operator is, and the pool's open connections are replaced, so the bot's next write
    meets it ("cannot execute ... in a read-only transaction")."""
    if not isinstance(db, PostgresStore):
        await db.execute(f"PRAGMA query_only = {int(stopped)}")
        return
    admin = await asyncpg.connect(db.url)
    try:
        await admin.execute("SET default_transaction_read_only = off")
        name = await admin.fetchval("SELECT current_database()")
        setting = "SET default_transaction_read_only = on" if stopped else "RESET default_transaction_read_only"
        await admin.execute(f'ALTER DATABASE "{name}" {setting}')
    finally:
        await admin.close()
    await db._pool.expire_connections()  # the test reaches into the pool on purpose


async def test_players_are_told_when_their_points_cannot_be_saved(
    trivia: TriviaService, db: Store, clock: FakeClock
) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    first = trivia.answer(info.game_id, 1, ALICE, right(asked), clock.now + 1, name="Alice")
    assert not first.unsaved, "nothing has failed yet"
    await stop_writes(db)
    clock.now += 20
    reveal = await trivia.wait_closed(info.game_id, 1)
    assert reveal is not None
    assert not reveal.saved
    assert "could not be saved" in render.reveal(reveal).embeds[0]["description"]
    assert db.writes.failing
    assert says_read_only(db.writes.last_error or "")

    clock.now += 5
    asked = trivia.ask(info.game_id)
    assert asked is not None
    second = trivia.answer(info.game_id, 2, ALICE, right(asked), clock.now + 1, name="Alice")
    assert second.unsaved
    ack = render.answer_ack(second).content
    assert ack.startswith("✅ Right!")
    assert "Scores could not be saved" in ack

    summary = await trivia.finish(info.game_id)
    assert summary is not None
    assert not summary.saved
    assert "could not be saved" in render.standings(summary).embeds[0]["description"]
    await stop_writes(db, False)
    assert await repo.player_record(db, GUILD, ALICE) is None, "nothing was written"


async def test_points_kept_while_writes_fail_are_saved_when_they_work_again(
    trivia: TriviaService, db: Store, clock: FakeClock
) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    trivia.answer(info.game_id, 1, ALICE, right(asked), clock.now + 1, name="Alice")
    await stop_writes(db)
    clock.now += 20
    assert not (await trivia.wait_closed(info.game_id, 1)).saved  # type: ignore[union-attr]
    await stop_writes(db, False)

    clock.now += 5
    asked = trivia.ask(info.game_id)
    assert asked is not None
    assert trivia.answer(info.game_id, 2, ALICE, right(asked), clock.now + 1, name="Alice").closed_question
    reveal = await trivia.wait_closed(info.game_id, 2)
    assert reveal is not None
    assert reveal.saved
    assert not db.writes.failing
    assert "could not be saved" not in render.reveal(reveal).embeds[0]["description"]
    alice = await repo.player_record(db, GUILD, ALICE)
    assert alice is not None
    assert (alice.answers, alice.correct) == (2, 2)


async def test_reviews_and_admin_status_say_writes_are_failing(
    seed_bot: LocalDiscord, make_settings: Callable[..., object]
) -> None:
    db = seed_bot.bot.services.db
    healthy = await seed_bot.command("/admin status")
    assert "Writes: ok" in str(healthy.messages[-1].payload)

    await stop_writes(db)
    refused = await seed_bot.command("/review add film:Ballerina rating:8 text:Graceful and brutal.")
    reply = refused.messages[-1].payload
    assert reply["flags"] & 64, "private"
    assert "Nothing was saved" in reply["content"]
    assert "not accepting writes" in reply["content"]
    assert "Something went wrong" not in reply["content"]

    status = str((await seed_bot.command("/admin status")).messages[-1].payload)
    assert "Writes failing" in status
    assert says_read_only(status)

    await stop_writes(db, False)
    added = await seed_bot.command("/review add film:Ballerina rating:8 text:Graceful and brutal.")
    assert "Nothing was saved" not in str(added.messages[-1].payload)
    assert "Writes: ok" in str((await seed_bot.command("/admin status")).messages[-1].payload)


async def test_a_write_of_another_connection_under_the_write_lock_counts(tmp_path: Path) -> None:
    """A reload writes the catalog through a connection of its own, in a thread, under the lock."""
    db = await Database.open(tmp_path / "w.db")

    def write_elsewhere() -> None:
        other = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
        try:
            other.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        finally:
            other.close()

    async def under_the_lock() -> None:
        async with db.write_lock():
            write_elsewhere()

    try:
        with pytest.raises(StoreWriteError):
            await under_the_lock()
        assert db.writes.failing
        assert db.writes.failures == 1
    finally:
        await db.close()
