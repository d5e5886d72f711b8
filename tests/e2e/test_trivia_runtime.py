"""Trivia games against Discord's REST limits and faults: the real bot process and the fake.

- REST calls per question: a quiet game (one player) and a busy one (answers arriving
  all through each question) make at most two channel calls per question (the post
  and the reveal) and one for the final standings, counted from the fake's records.
- 60 games started together stay under Discord's global 50 requests a second (the
  process's REST budget), every call counted from the fake's records.
- A game survives a 503 on a question post and a long 429 (longer than discord.py
  waits) on the edit that reveals a question, and ends with its standings posted.
- A game whose channel is gone ends at once, its points saved; one whose Discord stays
  down past the outage limit ends, its points saved, and says so when Discord is back.

The server's question time is its minimum (5 s) and there is no pause between questions.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest_asyncio

from bot.render.payload import escape
from tests.e2e.fake_discord import FakeDiscord, FakeUser, Recorded, Reply
from tests.e2e.process import BotProcess, launch

QUESTION_SECONDS = 5
WAIT = QUESTION_SECONDS + 15.0
OUTAGE_LIMIT = 8  # seconds this module's bot gives an outage before it ends a game
POST = "POST /channels/{channel_id}/messages"
EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def bot(fake: FakeDiscord, tmp_path_factory, data_dir: Path) -> AsyncIterator[BotProcess]:  # type: ignore[no-untyped-def]
    """This module's bot gives up on an outage after OUTAGE_LIMIT seconds (the default is minutes)."""
    process = await launch(
        fake, tmp_path_factory.mktemp("bot"), data_dir, FILMBOT_OUTAGE_LIMIT=str(OUTAGE_LIMIT), LOG_LEVEL="INFO"
    )
    reply = await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=0, user=fake.moderator)
    assert "question time" in reply.text.lower(), reply.text
    yield process
    await process.stop()


@dataclass
class Table:
    """A channel with a game and its players."""

    fake: FakeDiscord
    channel_id: int
    players: list[FakeUser]

    def messages(self) -> list[Reply]:
        return [Reply(m) for m in self.fake.messages_in(self.channel_id)]

    async def wait_message(self, predicate: Callable[[Reply], bool], what: str, within: float = WAIT) -> Reply:
        found: list[Reply] = []

        def check() -> bool:
            found[:] = [r for r in self.messages() if predicate(r)]
            return bool(found)

        await self.fake.wait_until(check, within, f"{what} in channel {self.channel_id}")
        return found[-1]

    async def question(self, number: int, total: int) -> Reply:
        return await self.wait_message(
            lambda r: f"Question {number} of {total}" in r.text and r.components and not _disabled(r),
            f"question {number}",
        )

    async def revealed(self, number: int, total: int) -> Reply:
        return await self.wait_message(
            lambda r: f"Question {number} of {total}" in r.text and "Answer:" in r.text, f"the reveal of {number}"
        )

    async def standings(self, within: float = WAIT) -> Reply:
        return await self.wait_message(lambda r: "Final standings" in r.text, "the final standings", within)

    def rest_calls(self) -> list[Recorded]:
        """The bot-token REST calls that went to this channel's messages."""
        marker = f"/channels/{self.channel_id}/messages"
        return [r for r in self.fake.requests if r.route in (POST, EDIT) and marker in r.path]


def _disabled(reply: Reply) -> bool:
    return all(b.get("disabled") for row in reply.components for b in row["components"])


async def new_table(fake: FakeDiscord, name: str, players: int) -> Table:
    channel_id = await fake.add_channel(name)
    return Table(fake, channel_id, [fake.add_user(f"{name}-p{n}") for n in range(players)])


def answer_of(bot: BotProcess, message: Reply) -> str:
    """The right answer of a posted question, looked up in the bot's own store by its prompt."""
    shown = message.embeds[0]["description"].split("\n")[0]
    with sqlite3.connect(f"file:{Path(bot.directory) / 'filmbot.db'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT prompt, answer FROM trivia_questions").fetchall()
    answers = {answer for prompt, answer in rows if escape(prompt) == shown}
    assert len(answers) == 1, (shown, answers)
    return answers.pop()


def button_for(message: Reply, answer: str, *, right: bool) -> str:
    for row in message.components:
        for button in row["components"]:
            if (button["label"].split(". ", 1)[1] == answer) is right:
                return button["custom_id"]
    raise LookupError(answer)


async def answer(fake: FakeDiscord, message: Reply, custom_id: str, player: FakeUser) -> str:
    interaction = await fake.click(message.id, custom_id, user=player)
    ack = await interaction.reply(within=10)
    assert ack.ephemeral, ack.text
    return ack.content


def points_saved(bot: BotProcess, guild_id: int) -> dict[int, int]:
    with sqlite3.connect(f"file:{Path(bot.directory) / 'filmbot.db'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT user_id, points FROM player_stats WHERE guild_id = ?", (guild_id,)).fetchall()
    return dict(rows)


async def play(bot: BotProcess, table: Table, rounds: int, *, spread: float, skipper: bool) -> None:
    """Play a game: each player answers every question right, the answers `spread` seconds apart.

    The starter (the first player) answers the first question last: their answer closes it.
    With `skipper`, the last player answers only the first question, so every later question
    runs its full time (with answers arriving meanwhile) instead of closing when all have answered.
    """
    fake = table.fake
    starter = table.players[0]
    start = await fake.command("trivia start", rounds=rounds, user=starter, in_channel=table.channel_id)
    assert "Trivia is starting" in start.text, start.text
    for number in range(1, rounds + 1):
        message = await table.question(number, rounds)
        right = answer_of(bot, message)
        later = table.players[:-1] if skipper else table.players
        answering = [*table.players[1:], starter] if number == 1 else later
        for player in answering:
            assert "Right!" in await answer(fake, message, button_for(message, right, right=True), player)
            await asyncio.sleep(spread)
        await table.revealed(number, rounds)
    await table.standings()


def per_question(table: Table, rounds: int) -> float:
    calls = table.rest_calls()
    assert all(r.status == 200 for r in calls), [(r.route, r.status) for r in calls]
    return (len(calls) - 1) / rounds  # the final standings are one call per game


async def test_rest_calls_per_question_quiet_and_busy(fake: FakeDiscord, bot: BotProcess) -> None:
    quiet, busy = await new_table(fake, "quiet", 1), await new_table(fake, "busy", 8)
    rounds = 3
    await asyncio.gather(
        play(bot, quiet, rounds, spread=0.0, skipper=False),
        play(bot, busy, rounds, spread=0.5, skipper=True),
    )
    quiet_rate, busy_rate = per_question(quiet, rounds), per_question(busy, rounds)
    print(f"REST calls per question: quiet {quiet_rate:.2f}, busy {busy_rate:.2f}")
    assert quiet_rate <= 2.0
    assert busy_rate <= 2.0
    final = await busy.standings()
    assert "3/3 right" in final.text, "the players who answered everything"


async def test_a_game_survives_a_503_on_a_question_post_and_a_long_429_on_a_reveal(
    fake: FakeDiscord, bot: BotProcess
) -> None:
    table = await new_table(fake, "faults", 1)
    player = table.players[0]
    start = await fake.command("trivia start", rounds=3, user=player, in_channel=table.channel_id)
    assert "Trivia is starting" in start.text, start.text

    first = await table.question(1, 3)
    fake.inject(POST, status=503)  # the next post is question 2's: discord.py does not retry a 503
    await answer(fake, first, button_for(first, answer_of(bot, first), right=True), player)
    await table.revealed(1, 3)

    second = await table.question(2, 3)
    # Longer than discord.py waits (max_ratelimit_timeout): it raises at once instead.
    fake.inject(EDIT, status=429, retry_after=90.0)
    assert "Right!" in await answer(fake, second, button_for(second, answer_of(bot, second), right=True), player)
    reveal = await table.revealed(2, 3)
    assert reveal.id != second.id, "edits are rate-limited: the reveal was posted as a message of its own"

    third = await table.question(3, 3)
    assert "Right!" in await answer(fake, third, button_for(third, answer_of(bot, third), right=True), player)
    final = await table.standings()
    assert "Game over: 3 questions played" in final.text
    assert "3/3 right" in final.text
    assert points_saved(bot, fake.guild_id).get(player.id, 0) > 0

    posts = [r.status for r in table.rest_calls() if r.route == POST]
    assert 503 in posts
    assert [r.status for r in table.rest_calls() if r.route == EDIT].count(429) == 1
    assert "failed; it has ended" not in bot.stderr
    assert "Task exception was never retrieved" not in bot.stderr


async def test_a_game_survives_an_outage_shorter_than_the_limit(fake: FakeDiscord, bot: BotProcess) -> None:
    table = await new_table(fake, "blip", 2)
    starter, player = table.players
    await fake.command("trivia start", rounds=2, user=starter, in_channel=table.channel_id)
    first = await table.question(1, 2)
    # Not the starter: question 1 stays open until its time is up, and its reveal meets the outage.
    await answer(fake, first, button_for(first, answer_of(bot, first), right=True), player)
    outage = fake.inject(None, status=503, times=1_000_000)  # Discord down across question 1's reveal
    await fake.wait_until(
        lambda: any(r.status == 503 and r.route == EDIT and str(first.id) in r.path for r in fake.requests),
        WAIT,
        "the reveal to hit the outage",
    )
    await asyncio.sleep(OUTAGE_LIMIT / 2)
    outage.times = 0
    await table.revealed(1, 2)
    second = await table.question(2, 2)
    await answer(fake, second, button_for(second, answer_of(bot, second), right=True), player)
    final = await table.standings()
    assert "Game over: 2 questions played" in final.text
    assert "2/2 right" in final.text, "the one player answered both"
    assert not any("could not be reached" in r.text for r in table.messages())


async def test_a_game_whose_channel_is_gone_ends_with_its_points_saved(fake: FakeDiscord, bot: BotProcess) -> None:
    table = await new_table(fake, "doomed", 2)
    starter, player = table.players
    await fake.command("trivia start", rounds=3, user=starter, in_channel=table.channel_id)
    first = await table.question(1, 3)
    # Not the starter: question 1 stays open until its time is up.
    await answer(fake, first, button_for(first, answer_of(bot, first), right=True), player)
    del fake.channels[table.channel_id]  # deleted while the question is open: its reveal gets 404 Unknown Channel
    await fake.wait_until(
        lambda: f"channel {table.channel_id} ended: the channel is gone" in bot.stderr, WAIT, "the game to end"
    )
    assert points_saved(bot, fake.guild_id).get(player.id, 0) > 0
    edits = [r for r in fake.requests if r.route == EDIT and f"/channels/{table.channel_id}/" in r.path]
    assert [r.status for r in edits] == [404], "no retry of a channel that is gone"


async def test_an_outage_longer_than_the_limit_ends_the_game_and_says_so_when_discord_is_back(
    fake: FakeDiscord, bot: BotProcess
) -> None:
    table = await new_table(fake, "outage", 2)
    starter, player = table.players
    await fake.command("trivia start", rounds=3, user=starter, in_channel=table.channel_id)
    first = await table.question(1, 3)
    # Not the starter: question 1 stays open until its time is up, and its reveal meets the outage.
    await answer(fake, first, button_for(first, answer_of(bot, first), right=True), player)
    outage = fake.inject(None, status=503, times=1_000_000)  # every REST call fails from here
    try:
        await fake.wait_until(
            lambda: f"channel {table.channel_id} ended: Discord failed" in bot.stderr,
            QUESTION_SECONDS + OUTAGE_LIMIT + 15,
            "the game to give up on Discord",
        )
        assert points_saved(bot, fake.guild_id).get(player.id, 0) > 0, "saved while Discord was down"
    finally:
        outage.times = 0  # Discord is back
    notice = await table.wait_message(lambda r: "could not be reached" in r.text, "the notice", within=20)
    assert "ended after question 1 of 3" in notice.content
    assert "Final standings" in notice.text
    assert "1/1 right" in notice.text
    closed = await table.wait_message(lambda r: r.id == first.id and not r.components, "question 1 without buttons")
    assert "Question 1 of 3" in closed.text
    # The channel is free for a new game.
    again = await fake.command("trivia start", rounds=1, user=starter, in_channel=table.channel_id)
    assert "Trivia is starting" in again.text, again.text
    await table.standings()


def busiest_second(calls: list[Recorded]) -> int:
    """The most calls that fell in any one second."""
    times = sorted(r.at for r in calls)
    most, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_many_games_at_once_stay_under_discords_global_limit(fake: FakeDiscord, bot: BotProcess) -> None:
    """60 games started together, each question answered at once: bursts of posts and reveals
    that, sent as they come, would pass Discord's 50 requests a second."""
    tables = [await new_table(fake, f"crowd-{n}", 1) for n in range(60)]
    rounds = 3
    await asyncio.gather(*(play(bot, table, rounds, spread=0.0, skipper=False) for table in tables))
    calls = [r for table in tables for r in table.rest_calls()]
    most = busiest_second(calls)
    print(f"{len(calls)} REST calls from {len(tables)} games; the busiest second had {most}")
    assert most <= 50
    assert len(calls) == len(tables) * (2 * rounds + 1), "two calls a question and the standings, no more"
