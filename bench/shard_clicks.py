"""The clicks/s ceiling end to end: one bot process holding two shards, against two processes
holding one shard each, on the same machine, one fake Discord and one PostgreSQL.

    .venv/bin/python bench/shard_clicks.py --database-url postgresql://USER:PASSWORD@127.0.0.1:PORT/postgres
        [--clicks 3000] [--window 48] [--players 200]

The fake serves two servers, one on each of 2 shards. In each server a trivia question is
open (120 s), and players click its buttons as fast as the bot answers: `--window` clicks in
flight per server, `--clicks` per server in all (the first click of a player counts, the
others are answered "already answered": every click is a full interaction either way). The
rate is clicks answered per second over both servers, from the first click to the last
acknowledgement. Each run gets a fresh database (created in the server of --database-url,
dropped after). The fake runs in this process: its own cost is part of the figure, the same
in both runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.fake_discord import FakeDiscord, FakeUser, Reply
from tests.e2e.process import PROJECT_ROOT, START_TIMEOUT, BotProcess, bot_env, spawn

QUESTION_SECONDS = 120


async def fresh_database(server_url: str) -> tuple[str, str]:
    name = f"filmbot_bench_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    parts = urlsplit(server_url)
    return name, urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


async def drop_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def open_question(fake: FakeDiscord, channel_id: int, starter: FakeUser) -> Reply:
    await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=0, user=fake.moderator,
                       in_channel=channel_id)  # fmt: skip
    await fake.command("trivia start", rounds=1, user=starter, in_channel=channel_id)
    found: list[Reply] = []

    def asked() -> bool:
        for message in reversed(fake.messages_in(channel_id)):
            if "Question 1 of 1" in Reply(message).text:
                found.append(Reply(message))
                return True
        return False

    await fake.wait_until(asked, 30, "the question")
    return found[0]


async def flood(fake: FakeDiscord, question: Reply, players: list[FakeUser], clicks: int, window: int) -> list[float]:
    """`clicks` clicks on the question's buttons, `window` in flight; each one's latency (s)."""
    buttons = [b["custom_id"] for row in question.components for b in row["components"]]
    rng = random.Random(question.id)
    latencies: list[float] = []
    left = clicks

    async def clicker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            sent = time.perf_counter()
            interaction = await fake.click(question.id, rng.choice(buttons), user=rng.choice(players))
            await interaction.wait_callback(30)
            latencies.append(time.perf_counter() - sent)

    await asyncio.gather(*(clicker() for _ in range(window)))
    return latencies


async def run(server_url: str, processes: int, clicks: int, window: int, player_count: int) -> dict[str, float]:
    name, url = await fresh_database(server_url)
    bots: list[BotProcess] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = Path(tmp) / "data"
            shutil.copytree(PROJECT_ROOT / "data", data_dir)
            async with FakeDiscord(keep_bodies=False) as fake:
                first_shard = (fake.guild_id >> 22) % 2
                _guild, other_channel = await fake.add_guild(shard=(1 - first_shard, 2))
                channels = [fake.channel_id, other_channel]
                ranges = ["0-1"] if processes == 1 else ["0", "1"]
                for index, shards in enumerate(ranges):
                    directory = Path(tmp) / f"bot{index}"
                    env = bot_env(fake, directory, data_dir, DATABASE_URL=url, LOG_LEVEL="WARNING")
                    bots.append(await spawn(directory, env, "run", "--shard-count", "2", "--shards", shards))
                await fake.wait_until(lambda: len(fake.session_of_guild) == 2, START_TIMEOUT + 15, "both shards")
                players = [fake.add_user(f"player{i}") for i in range(player_count)]
                questions = [await open_question(fake, channel, players[0]) for channel in channels]
                started = time.perf_counter()
                results = await asyncio.gather(*(flood(fake, q, players, clicks, window) for q in questions))
                elapsed = time.perf_counter() - started
                for bot in bots:
                    await bot.stop()
    finally:
        for bot in bots:
            if bot.running:
                bot.proc.kill()
        await drop_database(server_url, name)
    latencies = sorted(x for result in results for x in result)
    return {
        "clicks": len(latencies),
        "seconds": elapsed,
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(0.99 * (len(latencies) - 1))] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server (its maintenance database)")
    parser.add_argument("--clicks", type=int, default=3000, help="clicks per server")
    parser.add_argument("--window", type=int, default=48, help="clicks in flight per server")
    parser.add_argument("--players", type=int, default=200)
    args = parser.parse_args()
    rows = []
    for processes in (1, 2):
        figures = asyncio.run(run(args.database_url, processes, args.clicks, args.window, args.players))
        rows.append((processes, figures))
    print(f"\n{'processes':<10}{'shards each':<13}{'clicks':>8}{'clicks/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
    for processes, f in rows:
        each = "2" if processes == 1 else "1"
        print(f"{processes:<10}{each:<13}{f['clicks']:>8,.0f}{f['rate']:>10,.0f}{f['p50']:>9.1f}{f['p99']:>9.1f}")
    print(f"\ntwo processes / one: {rows[1][1]['rate'] / rows[0][1]['rate']:.2f}x")


if __name__ == "__main__":
    main()
