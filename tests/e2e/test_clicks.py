"""Answer clicks through the real bot process: the hot path, clicks from the wrong place, late and
expired interactions (bot/app/clicks.py, the origin check of TriviaService.answer, bot/app/host/tree.py)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest_asyncio

from tests.e2e.fake_discord import DISCORD_EPOCH_MS, FakeDiscord, FakeUser, Interaction, Reply
from tests.e2e.process import BotProcess
from tests.e2e.test_trivia import answer_of, button_for

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"
QUESTION_SECONDS = 5
WAIT = QUESTION_SECONDS + 10.0


@pytest_asyncio.fixture(scope="module", loop_scope="session", autouse=True)
async def short_questions(fake: FakeDiscord, bot: BotProcess) -> None:
    reply = await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=0, user=fake.moderator)
    assert "question time" in reply.text.lower(), reply.text


async def game_question(fake: FakeDiscord, channel_id: int) -> Reply:
    """Start a one-question game in the channel and return its question message."""
    start = await fake.command("trivia start", rounds=1, user=fake.owner, in_channel=channel_id)
    assert "Trivia is starting" in start.text, start.text
    found: list[Reply] = []

    def posted() -> bool:
        for message in fake.messages_in(channel_id):
            reply = Reply(message)
            if "Question 1 of 1" in reply.text and reply.components:
                found.append(reply)
                return True
        return False

    await fake.wait_until(posted, WAIT, "the question")
    return found[0]


async def reveal_of(fake: FakeDiscord, message: Reply) -> Reply:
    await fake.wait_until(lambda: "Answer:" in Reply(fake.messages[message.id]).text, WAIT, "the reveal")
    return Reply.of(fake.messages[message.id])


def callback_queries(fake: FakeDiscord, interaction: Interaction) -> list[dict[str, str]]:
    return [r.query for r in fake.calls(CALLBACK) if f"/interactions/{interaction.id}/" in r.path]


def user(fake: FakeDiscord, name: str) -> FakeUser:
    return fake.user_named(name)


async def forged_click(fake: FakeDiscord, who: FakeUser, message: Reply, custom_id: str, **changes: Any) -> Interaction:
    """A click as a modified client could send it: any channel, guild or age, on a real button."""
    channel_id = changes.pop("channel_id", int(message.message["channel_id"]))
    payload = fake._base_interaction(3, who, channel_id=channel_id)
    payload["message"] = message.message
    payload["data"] = {"custom_id": custom_id, "component_type": 2}
    if "guild_id" in changes:
        payload["guild_id"] = str(changes.pop("guild_id"))
        payload["guild"]["id"] = payload["guild_id"]
    if "age" in changes:
        made = int((time.time() - changes.pop("age")) * 1000) - DISCORD_EPOCH_MS
        payload["id"] = str((made << 22) | 1)
    assert not changes
    return await fake._deliver(payload, who)


async def test_answer_clicks_take_the_hot_path_with_the_same_answers(fake: FakeDiscord, bot: BotProcess) -> None:
    channel_id = await fake.add_channel("hot-path")
    message = await game_question(fake, channel_id)
    answer = answer_of(bot, message)
    alice, bob = user(fake, "alice"), user(fake, "bob")
    right = await fake.click(message.id, button_for(message, answer, right=True), user=alice)
    wrong = await fake.click(message.id, button_for(message, answer, right=False), user=bob)
    again = await fake.click(message.id, button_for(message, answer, right=False), user=alice)
    replies = [await i.reply() for i in (right, wrong, again)]
    assert all(r.ephemeral for r in replies)
    assert "Right!" in replies[0].content
    assert "Not this one" in replies[1].content
    assert "already answered" in replies[2].content
    # discord.py's own path always asks `?with_response=1`; the hot path does not.
    assert all(callback_queries(fake, i) == [{}] for i in (right, wrong, again))
    command = await fake.send_command("help")
    await command.wait_callback()
    assert callback_queries(fake, command) == [{"with_response": "1"}], "commands still go through discord.py"
    reveal = await reveal_of(fake, message)
    assert "Alice" in reveal.text


async def test_a_click_from_another_channel_or_server_is_refused_and_not_scored(
    fake: FakeDiscord, bot: BotProcess
) -> None:
    game_channel = await fake.add_channel("the-game")
    elsewhere = await fake.add_channel("elsewhere")
    message = await game_question(fake, game_channel)
    custom_id = button_for(message, answer_of(bot, message), right=True)
    mallory, trudy = user(fake, "mallory"), user(fake, "trudy")
    other_guild = fake.snowflake()

    from_elsewhere = await forged_click(fake, mallory, message, custom_id, channel_id=elsewhere)
    from_another_server = await forged_click(fake, trudy, message, custom_id, guild_id=other_guild)
    for forged in (from_elsewhere, from_another_server):
        reply = await forged.reply()
        assert reply.ephemeral
        assert "another channel" in reply.content, reply.content
    honest = await fake.click(message.id, custom_id, user=user(fake, "carol"))
    assert "Right!" in (await honest.reply()).content

    reveal = await reveal_of(fake, message)
    assert "Carol" in reveal.text
    assert "Mallory" not in reveal.text and "Trudy" not in reveal.text
    await fake.wait_until(
        lambda: any("Final standings" in Reply(m).text for m in fake.messages_in(game_channel)), WAIT, "standings"
    )
    with sqlite3.connect(f"file:{Path(bot.directory) / 'filmbot.db'}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT guild_id, user_id FROM player_stats").fetchall()
    assert not any(guild == other_guild for guild, _ in rows), "nothing written to the forged server's leaderboard"
    assert not any(who in (mallory.id, trudy.id) for _, who in rows)


async def test_a_click_older_than_discords_window_is_not_answered(fake: FakeDiscord, bot: BotProcess) -> None:
    channel_id = await fake.add_channel("late-clicks")
    message = await game_question(fake, channel_id)
    custom_id = button_for(message, answer_of(bot, message), right=True)
    late = await forged_click(fake, user(fake, "slowpoke"), message, custom_id, age=3.5)
    fresh = await fake.click(message.id, custom_id, user=user(fake, "quick"))
    assert "Right!" in (await fresh.reply()).content
    assert late.callback is None and late.rejected == [], "no answer at all: Discord has already given up on it"
    assert callback_queries(fake, late) == []
    reveal = await reveal_of(fake, message)
    assert "Slowpoke" not in reveal.text, "a shed click is not scored"
    assert "Traceback" not in bot.stderr


async def test_an_expired_interaction_is_never_acknowledged_twice(fake: FakeDiscord, bot: BotProcess) -> None:
    fake.inject(CALLBACK, status=404, code=10062, message="Unknown interaction")
    expired = await fake.send_command("help")
    await fake.wait_until(lambda: len(callback_queries(fake, expired)) >= 1, 5, "the refused callback")
    check = await fake.send_command("help")  # answered after the expired one was handled
    await check.wait_callback()
    assert len(callback_queries(fake, expired)) == 1, "the error handler did not try a second acknowledgement"
    log = bot.stderr
    assert "came too late for Discord's window" in log
    assert "Traceback" not in log
