"""The `filmbot` command line, run as a user runs it (a subprocess)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT, TEST_DOCUMENTS

# The bot's own settings: none leaks in from the developer's shell.
OWN_VARIABLES = ("FILMBOT_", "DISCORD_", "LOG_LEVEL", "DATABASE_URL")


def filmbot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    clean.update(PYTHONPATH=str(PROJECT), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=clean, capture_output=True, text=True, timeout=120
    )


def documents_with_a_bad_one(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(TEST_DOCUMENTS, folder)
    (folder / "900_broken.txt").write_bytes(b"\xff\xfe not text \x00")
    return folder


def test_ingest_check_names_the_bad_document_and_writes_nothing(tmp_path: Path) -> None:
    result = filmbot(
        "--db",
        str(tmp_path / "c.db"),
        "ingest",
        "--check",
        "--replace",
        str(documents_with_a_bad_one(tmp_path)),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "900_broken.txt" in result.stdout
    assert not (tmp_path / "c.db").exists()
    good = filmbot("ingest", "--check", "--replace", str(TEST_DOCUMENTS), cwd=tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Films: 4" in good.stdout


def test_ingest_is_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    first = filmbot("--db", str(db), "ingest", "--replace", str(TEST_DOCUMENTS), cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    refused = filmbot("--db", str(db), "ingest", "--replace", str(documents_with_a_bad_one(tmp_path)), cwd=tmp_path)
    assert refused.returncode == 1
    assert "Nothing written" in refused.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == len(list(TEST_DOCUMENTS.glob("*.txt")))
        assert "900_broken.txt" not in {row[0] for row in conn.execute("SELECT name FROM documents")}


def test_ingest_adds_to_the_data_folder_and_check_shows_each_card(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    shutil.copy(next(TEST_DOCUMENTS.glob("100_*")), data / "documents")
    extra = tmp_path / "extra.md"
    extra.write_text(
        "---\nfilm: Lantern Tide\ndirector: Ines Varga\n---\n\nA patient drama. Download the full movie free here!\n",
        encoding="utf-8",
    )
    env = {"FILMBOT_DATA": str(data)}
    check = filmbot("--db", str(tmp_path / "c.db"), "ingest", "--check", str(extra), cwd=tmp_path, **env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "film: Lantern Tide" in check.stdout
    assert "director: Ines Varga  <- “Ines Varga”" in check.stdout
    assert "skipped (advertising): “Download the full movie free here!”" in check.stdout
    assert "Films: 2" in check.stdout  # the data folder's film and the added one
    assert not (tmp_path / "c.db").exists()
    added = filmbot("--db", str(tmp_path / "c.db"), "ingest", str(extra), cwd=tmp_path, **env)
    assert added.returncode == 0, added.stdout + added.stderr
    with sqlite3.connect(tmp_path / "c.db") as conn:
        assert {row[0] for row in conn.execute("SELECT name FROM documents")} == {
            "100_glass_harbor_header.txt",
            "extra.md",
        }
    replaced = filmbot("--db", str(tmp_path / "c.db"), "ingest", "--replace", str(extra), cwd=tmp_path, **env)
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    with sqlite3.connect(tmp_path / "c.db") as conn:
        assert {row[0] for row in conn.execute("SELECT name FROM documents")} == {"extra.md"}


def test_naming_the_data_folder_or_a_file_in_it_does_not_read_it_twice(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "documents").mkdir(parents=True)
    first = next(TEST_DOCUMENTS.glob("100_*"))
    shutil.copy(first, data / "documents")
    env = {"FILMBOT_DATA": str(data)}
    for named in (data / "documents", data / "documents" / first.name):
        check = filmbot("--db", str(tmp_path / "c.db"), "ingest", "--check", str(named), cwd=tmp_path, **env)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "duplicate" not in check.stdout.lower(), check.stdout
        assert "Films: 1" in check.stdout


def test_a_bad_setting_is_one_clear_line(tmp_path: Path) -> None:
    result = filmbot("ask", "/help", cwd=tmp_path, LOG_LEVEL="LOUD")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "filmbot: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'LOUD'."
    ]
    missing = filmbot("--db", str(tmp_path / "t.db"), "run", cwd=tmp_path)
    assert missing.returncode == 2
    assert "DISCORD_TOKEN is not set" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1


def test_ask_as_members_kept_with_the_database_and_complete_exit_codes(tmp_path: Path) -> None:
    db = str(tmp_path / "people.db")
    made = filmbot("--db", db, "ask", "--as", "alice", "/admin status", cwd=tmp_path)
    assert made.returncode == 1 and "Only moderators" in made.stdout  # a new name is a plain member
    promoted = filmbot("--db", db, "ask", "--as", "bob", "--role", "moderator", "/admin status", cwd=tmp_path)
    assert promoted.returncode == 0, promoted.stdout + promoted.stderr
    users = filmbot("--db", db, "ask", "--complete", "/trivia stats user:", cwd=tmp_path)
    assert users.returncode == 0 and users.stdout.split() == ["you", "alice", "bob"]
    choices = filmbot("--db", db, "ask", "--complete", "/trivia start difficulty:", cwd=tmp_path)
    assert choices.returncode == 0 and choices.stdout.split() == ["easy", "medium", "hard"]
    number = filmbot("--db", db, "ask", "--complete", "/trivia start rounds:", cwd=tmp_path)
    assert number.returncode != 0 and "Rounds must be between 1 and 20" in number.stderr
    nothing = filmbot("--db", db, "ask", "--complete", "/trivia stats user:zed", cwd=tmp_path)
    assert nothing.returncode == 1 and not nothing.stdout.strip()
    for result in (made, promoted, users, choices, number, nothing):
        assert "Traceback" not in result.stdout + result.stderr


def test_ask_exits_1_when_the_reply_is_an_error(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    missing = filmbot("--db", db, "ask", "/film info title:Nope", cwd=tmp_path)
    assert missing.returncode == 1, missing.stdout + missing.stderr
    assert "I don't know a film called “Nope”" in missing.stdout
    refused = filmbot("--db", db, "ask", "/trivia start rounds:1 pack:no-such-pack", cwd=tmp_path)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    found = filmbot("--db", db, "ask", "/film info title:Ballerina", cwd=tmp_path)
    assert found.returncode == 0, found.stdout + found.stderr
    private = filmbot("--db", db, "ask", "/admin status", cwd=tmp_path)  # private, and not an error
    assert private.returncode == 0, private.stdout + private.stderr


def test_ask_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`filmbot ask ... | head`: the reader is gone before the answer is written."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FILMBOT_", "DISCORD_", "LOG_LEVEL"))}
    clean.update(PYTHONPATH=str(PROJECT))
    for args in (["ask", "/film info title:Ballerina"], ["ask", "/film info title:Ballerina", "--json"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "--db", str(tmp_path / "p.db"), *args],
            cwd=tmp_path,
            env=clean,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # like `head` that already has its lines
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 141, stderr  # 128 + SIGPIPE, as a shell reports a closed pipe
        assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_start_without_a_token_opens_the_console_as_the_owner_or_as_a_member(tmp_path: Path) -> None:
    """`filmbot`, `filmbot start` and `filmbot start --as NAME` (what scripts/start.sh runs) reach the prompt."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    clean.update(PYTHONPATH=str(PROJECT))
    db = str(tmp_path / "s.db")
    for args in ((), ("start",), ("start", "--as", "Dana")):
        result = subprocess.run(
            [sys.executable, "-m", "bot", "--db", db, *args],
            cwd=tmp_path,
            env=clean,
            input="/help\nquit\n",
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert "filmbot console" in result.stdout
    assert "Dana" in result.stdout
