"""`filmbot run` on PostgreSQL against the fake Discord: it serves from the shared database, and a
database it cannot use stops the start with one clear line (exit 1), never printing the password."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.process import BotProcess, launch, run_cli
from tests.e2e.test_lifecycle import error_lines


def _password(url: str) -> str:
    password = urlsplit(url).password
    assert password, "the test server has a password (scripts/postgres.sh sets one)"
    return password


def _with(url: str, *, password: str | None = None, port: int | None = None) -> str:
    parts = urlsplit(url)
    user = parts.username or ""
    secret = password if password is not None else parts.password
    netloc = f"{user}:{secret}@{parts.hostname}:{port or parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_the_bot_serves_from_postgresql_and_keeps_reviews_across_a_restart(
    tmp_path: Path, data_dir: Path, postgres_url: str
) -> None:
    async with FakeDiscord() as fake:
        bot = await launch(fake, tmp_path / "first", data_dir, DATABASE_URL=postgres_url)
        card = await fake.command("film info", title="Ballerina")
        assert "Len Wiseman" in card.text, "the catalog was ingested into PostgreSQL"
        await fake.command("review add", film="Ballerina", rating=8, text="Held up on a second watch.")
        assert await bot.stop() == 0
        again = await launch(fake, tmp_path / "second", data_dir, DATABASE_URL=postgres_url)
        shown = await fake.command("review show", film="Ballerina")
        assert "Held up on a second watch." in shown.text
        assert await again.stop() == 0
        for process in (bot, again):
            assert _password(postgres_url) not in process.stdout + process.stderr


async def _refused(fake: FakeDiscord, directory: Path, data_dir: Path, url: str) -> BotProcess:
    bot = await launch(fake, directory, data_dir, wait_ready=False, DATABASE_URL=url)
    code = await bot.wait()
    assert code == 1, bot.tail()
    return bot


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("wrong password", "refused the password"),
        ("refused connection", "connection refused"),
        ("no such database", "has no database"),
        ("newer schema", "schema version 99"),
    ],
)
async def test_a_database_it_cannot_use_stops_the_start_with_one_line(
    tmp_path: Path,
    data_dir: Path,
    postgres_server: str,
    postgres_database: Callable[[], str],
    fault: str,
    expected: str,
) -> None:
    good = postgres_database()
    if fault == "wrong password":
        url = _with(good, password="not-" + _password(good))
    elif fault == "refused connection":
        url = _with(good, port=_closed_port())
    elif fault == "no such database":
        url = urlunsplit(urlsplit(good)._replace(path="/filmbot_no_such_database"))
    else:
        async with FakeDiscord() as fake:  # a newer filmbot migrated this database
            up = await run_cli(fake, tmp_path / "upgrade", data_dir, "db", "upgrade", DATABASE_URL=good)
            assert up.proc.returncode == 0, up.tail()
        conn = await asyncpg.connect(good)
        await conn.execute("INSERT INTO schema_migrations (version, name) VALUES (99, 'from_the_future')")
        await conn.close()
        url = good
    async with FakeDiscord() as fake:
        bot = await _refused(fake, tmp_path / "bot", data_dir, url)
        lines = error_lines(bot.stderr)
        assert len(lines) == 1, bot.stderr
        assert expected in lines[0]
        assert "Traceback" not in bot.stderr
        for secret in {_password(good), _password(url)}:
            assert secret not in bot.stdout + bot.stderr
        # The command line says the same, and exits non-zero too.
        current = await run_cli(fake, tmp_path / "current", data_dir, "db", "current", DATABASE_URL=url)
        assert current.proc.returncode == 1
        assert expected in current.stderr + current.stdout
        for secret in {_password(good), _password(url)}:
            assert secret not in current.stdout + current.stderr


@pytest.mark.parametrize(
    "url",
    ["postgresql://filmbot:sekrit-value@127.0.0.1:notaport/db", "mysql://filmbot:sekrit-value@127.0.0.1/db",
     "postgresql://filmbot:sekrit-value@/db", "postgresql://filmbot:sekrit-value@127.0.0.1:5432"],
)  # fmt: skip
async def test_a_malformed_database_url_is_refused_before_anything_starts(
    tmp_path: Path, data_dir: Path, url: str
) -> None:
    async with FakeDiscord() as fake:
        bot = await launch(fake, tmp_path / "bot", data_dir, wait_ready=False, DATABASE_URL=url)
        assert await bot.wait() == 2
        lines = error_lines(bot.stderr)
        assert len(lines) == 1 and "DATABASE_URL" in lines[0], bot.stderr
        assert "sekrit-value" not in bot.stdout + bot.stderr
        assert fake.gateway_count("READY") == 0
