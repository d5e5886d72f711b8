"""`filmbot db current / upgrade / copy`, run as an operator runs them (a subprocess)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store.migrations import latest_version, migrations
from tests.test_cli import filmbot


def _old_database(path: Path) -> None:
    """A database as filmbot 0.1 left it (PRAGMA user_version 1), with community data."""
    conn = sqlite3.connect(path)
    conn.executescript(migrations("sqlite")[0].sql)
    conn.execute("PRAGMA user_version=1")
    conn.execute("INSERT INTO reviews VALUES (11, 22, 'some-film', 'Ann', 9, 'Kept.', 't1', 't1')")
    conn.execute("INSERT INTO player_stats VALUES (11, 22, 'Ann', 300, 2, 5, 4, 1, 3)")
    conn.execute("INSERT INTO guild_settings VALUES (11, 30, 4, NULL, 77)")
    conn.execute("INSERT INTO uploaded_packs VALUES (11, 'mine', 'name: mine', 22, 't1')")
    conn.execute("INSERT INTO audit_log (at, guild_id, user_id, action, detail) VALUES ('t1', 11, 22, 'pack', 'x')")
    conn.commit()
    conn.close()


def test_current_and_upgrade_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path)
    latest = latest_version("sqlite")
    current = filmbot("--db", str(path), "db", "current", cwd=tmp_path)
    assert current.returncode == 0, current.stderr
    assert f"schema version 1 of {latest}" in current.stdout
    upgraded = filmbot("--db", str(path), "db", "upgrade", cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"upgraded from schema version 1 to {latest}" in upgraded.stdout
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT body FROM reviews").fetchall() == [("Kept.",)]
        assert conn.execute("SELECT review_links FROM guild_settings").fetchall() == [(None,)]
    finally:
        conn.close()
    again = filmbot("--db", str(path), "db", "upgrade", cwd=tmp_path)
    assert f"already at schema version {latest}" in again.stdout
    assert "up to date" in filmbot("--db", str(path), "db", "current", cwd=tmp_path).stdout


def test_current_on_a_fresh_machine_makes_nothing(tmp_path: Path) -> None:
    current = filmbot("--db", str(tmp_path / "none.db"), "db", "current", cwd=tmp_path)
    assert current.returncode == 0 and "no database yet" in current.stdout
    assert not (tmp_path / "none.db").exists()


def test_current_refuses_a_newer_database(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={latest_version('sqlite') + 5}")
    conn.close()
    current = filmbot("--db", str(path), "db", "current", cwd=tmp_path)
    assert current.returncode == 1
    assert "newer than this filmbot" in current.stdout
    upgrade = filmbot("--db", str(path), "db", "upgrade", cwd=tmp_path)
    assert upgrade.returncode == 1
    assert upgrade.stderr.strip().startswith("filmbot: the database is at schema version")
    assert len(upgrade.stderr.strip().splitlines()) == 1


@pytest.fixture(params=["sqlite", "postgresql"])
def copy_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:{tmp_path / 'target.db'}"
    return request.getfixturevalue("postgres_url")


def test_copy_community_data_is_idempotent_and_refuses_to_overwrite(tmp_path: Path, copy_target: str) -> None:
    source = tmp_path / "old.db"
    _old_database(source)
    before = source.read_bytes()
    copied = filmbot("db", "copy", "--from", f"sqlite:{source}", "--to", copy_target, cwd=tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert source.read_bytes() == before, "the source is read, never upgraded or written"
    assert "copied 1 reviews, 1 player stats, 1 guild settings, 1 uploaded packs, 1 audit log" in copied.stdout
    again = filmbot("db", "copy", "--from", f"sqlite:{source}", cwd=tmp_path, DATABASE_URL=copy_target)
    if copy_target.startswith("sqlite:"):  # DATABASE_URL names PostgreSQL only
        assert again.returncode == 2 and "DATABASE_URL" in again.stderr
        again = filmbot("db", "copy", "--from", f"sqlite:{source}", "--to", copy_target, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "already there" in again.stdout
    # The source gains a review: the target now holds other data, and is left alone without --force.
    conn = sqlite3.connect(source)
    conn.execute("INSERT INTO reviews VALUES (11, 23, 'some-film', 'Bo', 3, 'Meh.', 't2', 't2')")
    conn.commit()
    conn.close()
    refused = filmbot("db", "copy", "--from", f"sqlite:{source}", "--to", copy_target, cwd=tmp_path)
    assert refused.returncode == 1
    assert "nothing copied" in refused.stderr and "--force" in refused.stderr
    forced = filmbot("db", "copy", "--from", f"sqlite:{source}", "--to", copy_target, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "copied 2 reviews" in forced.stdout


def test_copy_onto_itself_is_refused(tmp_path: Path) -> None:
    _old_database(tmp_path / "old.db")
    same = filmbot("db", "copy", "--from", "old.db", "--to", f"sqlite:{tmp_path / 'old.db'}", cwd=tmp_path)
    assert same.returncode == 2 and "the same database" in same.stderr


def test_copy_from_a_missing_file_or_to_nowhere_is_refused(tmp_path: Path) -> None:
    missing = filmbot("db", "copy", "--from", f"sqlite:{tmp_path / 'nope.db'}", "--to", "sqlite:x.db", cwd=tmp_path)
    assert missing.returncode == 1 and "no database" in missing.stderr
    _old_database(tmp_path / "old.db")
    nowhere = filmbot("db", "copy", "--from", str(tmp_path / "old.db"), cwd=tmp_path)
    assert nowhere.returncode == 2 and "--to" in nowhere.stderr
