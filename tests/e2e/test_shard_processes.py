"""Two shard processes of one bot, on one fake Discord, sharing one PostgreSQL.

The fake holds two servers, one on each of 2 shards (routed by (guild_id >> 22) % 2, IDENTIFY
carrying [shard_id, 2]); `filmbot run --shard-count 2 --shards 0` and `--shards 1` each get
their server's events only. A game in each server, and the global leaderboard in either shows
both players; a reload issued through one process is served by the other within 5 s; SIGKILL
of one leaves the other answering and the data whole; a restart resumes."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from pathlib import Path

import asyncpg

from bot.render.payload import escape
from tests.conftest import TEST_DOCUMENTS
from tests.e2e.fake_discord import FakeDiscord, FakeUser, Reply
from tests.e2e.process import START_TIMEOUT, BotProcess, bot_env, spawn
from tests.e2e.test_trivia import button_for, click

QUESTION_SECONDS = 5
WAIT = QUESTION_SECONDS + 15.0


async def answer_in(url: str, message: Reply) -> str:
    """The right answer of a posted question, looked up in the shared store by its prompt."""
    shown = message.embeds[0]["description"].split("\n")[0]
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT prompt, answer FROM trivia_questions")
    finally:
        await conn.close()
    answers = {row["answer"] for row in rows if escape(row["prompt"]) == shown}
    assert len(answers) == 1, (shown, answers)
    return answers.pop()


async def message_in(fake: FakeDiscord, channel_id: int, predicate: Callable[[Reply], bool], what: str) -> Reply:
    """The newest message of the bot in `channel_id` that satisfies `predicate` (waiting for it)."""
    found: list[Reply] = []

    def check() -> bool:
        for message in reversed(fake.messages_in(channel_id)):
            reply = Reply(message)
            if predicate(reply):
                found.append(reply)
                return True
        return False

    await fake.wait_until(check, WAIT, what)
    return found[0]


async def play(fake: FakeDiscord, url: str, channel_id: int, player: FakeUser) -> None:
    """One question in `channel_id`, answered right by `player`, to the final standings."""
    settings = await fake.command(
        "admin settings", question_time=QUESTION_SECONDS, reveal=0, user=fake.moderator, in_channel=channel_id
    )
    assert "question time" in settings.text.lower(), settings.text
    start = await fake.command("trivia start", rounds=1, user=player, in_channel=channel_id)
    assert "Trivia is starting" in start.text, start.text
    asked = await message_in(fake, channel_id, lambda r: "Question 1 of 1" in r.text, "the question")
    answer = await answer_in(url, asked)
    assert "Right!" in (await click(fake, asked, button_for(asked, answer, right=True), player)).content
    await message_in(fake, channel_id, lambda r: "Final standings" in r.text, "the final standings")


async def start_shard(fake: FakeDiscord, directory: Path, data_dir: Path, url: str, shard: int) -> BotProcess:
    env = bot_env(fake, directory, data_dir, DATABASE_URL=url)
    return await spawn(directory, env, "run", "--shard-count", "2", "--shards", str(shard))


async def test_two_shard_processes_on_one_discord_share_one_database(
    tmp_path: Path, data_dir: Path, postgres_url: str
) -> None:
    async with FakeDiscord() as fake:
        first_shard = (fake.guild_id >> 22) % 2
        other_guild, other_channel = await fake.add_guild(shard=(1 - first_shard, 2))
        channel_of = {first_shard: fake.channel_id, 1 - first_shard: other_channel}
        processes: dict[int, BotProcess] = {}
        for shard in (0, 1):
            processes[shard] = await start_shard(fake, tmp_path / f"s{shard}", data_dir, postgres_url, shard)
        await fake.wait_until(
            lambda: len(fake.session_of_guild) == 2 and fake.gateway_count("READY") >= 2, START_TIMEOUT + 10, "both"
        )
        shards = sorted(d["shard"] for _, kind, d in fake.gateway_log if kind == "IDENTIFY")
        assert shards == [[0, 2], [1, 2]]
        assert fake.session_of_guild[fake.guild_id] is not fake.session_of_guild[other_guild]

        players = {0: fake.add_user("shardzero"), 1: fake.add_user("shardone")}
        await asyncio.gather(*(play(fake, postgres_url, channel_of[s], players[s]) for s in (0, 1)))
        for shard in (0, 1):
            board = await fake.command("trivia leaderboard", scope="global", in_channel=channel_of[shard])
            assert "Shardzero" in board.text and "Shardone" in board.text, board.text

        # A reload through shard 0's process is served by shard 1's within 5 s.
        added = data_dir / "documents" / "103_copper_saints_header.txt"
        added.write_bytes((TEST_DOCUMENTS / added.name).read_bytes())
        try:
            reload = await fake.send_command("admin reload", user=fake.moderator, in_channel=channel_of[0])
            assert "Copper Saints" in (await reload.reply(30)).text
            applied = time.monotonic()
            while (
                "Copper Saints (2021)"
                not in (
                    card := await fake.command("film info", title="The Copper Saints", in_channel=channel_of[1])
                ).text
            ):
                assert time.monotonic() - applied < 5, card.text
                await asyncio.sleep(0.2)
        finally:
            added.unlink()

        # SIGKILL shard 0's process right after a review it acknowledged: shard 1's server keeps
        # answering, and the data is whole.
        await fake.command("review add", film="Ballerina", rating=8, text="Kept.", in_channel=channel_of[0])
        processes[0].proc.send_signal(signal.SIGKILL)
        assert await processes[0].wait() == -signal.SIGKILL
        board = await fake.command("trivia leaderboard", scope="global", in_channel=channel_of[1])
        assert "Shardzero" in board.text and "Shardone" in board.text
        conn = await asyncpg.connect(postgres_url)
        try:
            assert await conn.fetchval("SELECT count(*) FROM player_stats") == 2
            assert await conn.fetchval("SELECT body FROM reviews") == "Kept."
        finally:
            await conn.close()
        # A restart of shard 0 resumes: its server answers again.
        readies = fake.gateway_count("READY")
        processes[0] = await start_shard(fake, tmp_path / "s0-again", data_dir, postgres_url, 0)
        await fake.wait_until(lambda: fake.gateway_count("READY") > readies, START_TIMEOUT + 10, "shard 0 again")
        again = await fake.command("trivia leaderboard", scope="global", in_channel=channel_of[0])
        assert "Shardone" in again.text
        assert "Kept." in (await fake.command("review show", film="Ballerina", in_channel=channel_of[0])).text
        for process in processes.values():
            assert await process.stop() == 0
