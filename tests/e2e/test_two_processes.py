"""Two real bot processes sharing one PostgreSQL, each serving its own Discord server.

(The fake Discord holds one server, so each process here talks to a fake of its own; how one
Discord spreads servers over shard processes is tested in test_shards.py.) A game in each
server, and the global leaderboard in either shows both players; a reload through one process
is served by the other within 5 s; SIGKILL of one leaves the other answering and the database
consistent, and a restart resumes."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import asyncpg

from bot.render.payload import escape
from tests.conftest import TEST_DOCUMENTS
from tests.e2e.fake_discord import FakeDiscord, FakeUser, Reply
from tests.e2e.process import BotProcess, launch
from tests.e2e.test_trivia import button_for, click, question, revealed, wait_message

QUESTION_SECONDS = 5


async def answer_in(url: str, message: Reply) -> str:
    shown = message.embeds[0]["description"].split("\n")[0]
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT prompt, answer FROM trivia_questions")
    finally:
        await conn.close()
    answers = {row["answer"] for row in rows if escape(row["prompt"]) == shown}
    assert len(answers) == 1, (shown, answers)
    return answers.pop()


async def play_one_question(fake: FakeDiscord, url: str, player: FakeUser) -> None:
    settings = await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=0, user=fake.moderator)
    assert "question time" in settings.text.lower(), settings.text
    start = await fake.command("trivia start", rounds=1, user=player)
    assert "Trivia is starting" in start.text, start.text
    asked = await question(fake, 1, 1)
    answer = await answer_in(url, asked)
    assert "Right!" in (await click(fake, asked, button_for(asked, answer, right=True), player)).content
    await revealed(fake, asked)
    await wait_message(fake, lambda r: "Final standings" in r.text, "the final standings")


def named(fake: FakeDiscord, name: str) -> FakeUser:
    user = FakeUser(fake.snowflake(), name)
    fake.users[user.id] = user
    return user


async def test_two_processes_share_scores_reloads_and_survive_a_kill(
    tmp_path: Path, data_dir: Path, postgres_url: str
) -> None:
    async with FakeDiscord() as fake_a, FakeDiscord() as fake_b:
        first = await launch(fake_a, tmp_path / "a", data_dir, DATABASE_URL=postgres_url)
        second = await launch(fake_b, tmp_path / "b", data_dir, DATABASE_URL=postgres_url)
        ada, bo = named(fake_a, "adaplayer"), named(fake_b, "boplayer")
        await asyncio.gather(play_one_question(fake_a, postgres_url, ada), play_one_question(fake_b, postgres_url, bo))
        for fake in (fake_a, fake_b):
            board = await fake.command("trivia leaderboard", scope="global")
            assert "Adaplayer" in board.text and "Boplayer" in board.text, board.text

        # A reload through the first process is served by the second within 5 s.
        documents = data_dir / "documents"
        added = documents / "103_copper_saints_header.txt"
        added.write_bytes((TEST_DOCUMENTS / added.name).read_bytes())
        try:
            report = await (await fake_a.send_command("admin reload", user=fake_a.moderator)).reply(30)
            assert "Copper Saints" in report.text, report.text
            applied = time.monotonic()
            while True:
                card = await fake_b.command("film info", title="The Copper Saints")
                if "Copper Saints (2021)" in card.text:
                    break
                assert time.monotonic() - applied < 5, card.text
                await asyncio.sleep(0.2)
        finally:
            added.unlink()

        # SIGKILL the first (right after a review it acknowledged): the second keeps answering.
        await fake_a.command("review add", film="Ballerina", rating=8, text="Kept through a kill.", user=ada)
        await killed(first)
        board = await fake_b.command("trivia leaderboard", scope="global")
        assert "Adaplayer" in board.text and "Boplayer" in board.text
        assert "Len Wiseman" in (await fake_b.command("film info", title="Ballerina")).text
        conn = await asyncpg.connect(postgres_url)
        try:
            assert await conn.fetchval("SELECT count(*) FROM player_stats") == 2
            assert await conn.fetchval("SELECT count(*) FROM reviews") == 1
        finally:
            await conn.close()
        # A restart resumes on the same database.
        again = await launch(fake_a, tmp_path / "a2", data_dir, DATABASE_URL=postgres_url)
        shown = await fake_a.command("review show", film="Ballerina")
        assert "Kept through a kill." in shown.text
        assert "Boplayer" in (await fake_a.command("trivia leaderboard", scope="global")).text
        for process in (second, again):
            assert await process.stop() == 0


async def killed(process: BotProcess) -> None:
    process.proc.send_signal(signal.SIGKILL)
    assert await process.wait() == -signal.SIGKILL
