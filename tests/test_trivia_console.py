"""The trivia cog driven in-process by the local stand-in for Discord (what `filmbot console` uses)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.app.host.local_discord import CHANNEL_ID, GUILD_ID, USER_ID, LocalDiscord, LocalMessage
from bot.store import trivia as repo
from bot.store.db import Database
from cogs.trivia import trivia_of


async def until(predicate: Callable[[], object], within: float = 5.0) -> None:
    for _ in range(int(within / 0.02)):
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def text(message: LocalMessage) -> str:
    return str(message.payload.get("content")) + str(message.payload.get("embeds"))


async def test_the_console_plays_through_the_same_cog(seed_bot: LocalDiscord) -> None:
    local = seed_bot
    if "cogs.trivia" not in local.bot.extensions:
        await local.bot.load_extension("cogs.trivia")
    trivia = trivia_of(local.bot)

    started = await local.command("/trivia start rounds:2 pack:film-classics")
    assert "Trivia is starting" in text(started.messages[0])
    await until(lambda: any("Question 1 of 2" in text(m) for m in local.channel_messages))
    posted = next(m for m in local.channel_messages if "Question 1 of 2" in text(m))
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None
    asked = trivia.current(info.game_id)
    assert asked is not None
    right = asked.choices.index(asked.question.answer)

    ack = await local.click(posted.id, f"trivia:{info.game_id}:1:{right}")
    assert ack.messages[0].ephemeral
    assert "Right!" in text(ack.messages[0])
    again = await local.click(posted.id, f"trivia:{info.game_id}:1:{(right + 1) % 4}")
    assert "already answered" in text(again.messages[0])

    # The starter is the one player so far: their answer closes question 1 at once.
    await until(lambda: "Answer:" in text(local.messages[posted.id]), within=2.0)
    stopped = await local.command("/trivia stop")
    assert "stopped by" in text(stopped.messages[0])
    await until(lambda: any("Final standings" in text(m) for m in local.channel_messages))

    record = await trivia.player(GUILD_ID, USER_ID)
    assert record is not None
    assert (record.games, record.answers, record.correct) == (1, 1, 1)
    board = await local.command("/trivia leaderboard")
    assert "Trivia leaderboard" in text(board.messages[0])
    stats = await local.command("/trivia stats")
    assert "Accuracy" in text(stats.messages[0])
    none = await local.command("/trivia stop")
    assert "no trivia game" in text(none.messages[0])


async def test_a_shutdown_ends_the_game_saving_its_points_and_posting_the_standings(seed_bot: LocalDiscord) -> None:
    local = seed_bot
    if "cogs.trivia" not in local.bot.extensions:
        await local.bot.load_extension("cogs.trivia")
    trivia = trivia_of(local.bot)
    await local.command("/trivia start rounds:3 pack:film-classics")
    await until(lambda: any("Question 1 of 3" in text(m) for m in local.channel_messages))
    posted = next(m for m in local.channel_messages if "Question 1 of 3" in text(m))
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None
    asked = trivia.current(info.game_id)
    assert asked is not None
    ack = await local.click(posted.id, f"trivia:{info.game_id}:1:{asked.choices.index(asked.question.answer)}")
    assert "Right!" in text(ack.messages[0])

    await local.close()  # the question is still open: nobody had joined before it, so only time closes it

    assert any("Final standings" in text(m) and "stopped after question 1" in text(m) for m in local.channel_messages)
    db = await Database.open(local.bot.settings.db_path)
    try:
        record = await repo.player_record(db, GUILD_ID, USER_ID)
    finally:
        await db.close()
    assert record is not None
    assert (record.games, record.answers, record.correct) == (1, 1, 1)
