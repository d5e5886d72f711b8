"""Trivia end to end: the real bot process, clicks and commands as Discord sends them.

A 3-question game with two players (a double click, a bot's click), the reveal
and final standings, the leaderboard after; a stop by a moderator (after a
refused stop by a member); and the bad inputs that must get a clear private
answer. The server's question time is set to its minimum (5 s) so the first
question, which only time can close, does not hold the suite up.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest_asyncio

from bot.render.payload import escape
from tests.e2e.fake_discord import FakeDiscord, FakeUser, Reply
from tests.e2e.process import BotProcess

QUESTION_SECONDS = 5
WAIT = QUESTION_SECONDS + 10.0


@pytest_asyncio.fixture(scope="module", loop_scope="session", autouse=True)
async def short_questions(fake: FakeDiscord, bot: BotProcess) -> None:
    reply = await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=0, user=fake.moderator)
    assert "question time" in reply.text.lower(), reply.text


def player_two(fake: FakeDiscord) -> FakeUser:
    return fake.user_named("cinephile")


def a_bot(fake: FakeDiscord) -> FakeUser:
    return fake.user_named("otherbot", bot=True)


async def wait_message(fake: FakeDiscord, predicate: Callable[[Reply], bool], what: str) -> Reply:
    """The newest message the bot has (or gets, within WAIT) that satisfies `predicate`."""
    found: list[Reply] = []

    def check() -> bool:
        for message_id in sorted(fake.messages, reverse=True):
            reply = Reply(fake.messages[message_id])
            if predicate(reply):
                found.append(reply)
                return True
        return False

    await fake.wait_until(check, WAIT, what)
    return found[0]


async def question(fake: FakeDiscord, number: int, total: int) -> Reply:
    return await wait_message(
        fake, lambda r: f"Question {number} of {total}" in r.text and "Answer:" not in r.text, f"question {number}"
    )


async def revealed(fake: FakeDiscord, message: Reply) -> Reply:
    return await wait_message(
        fake, lambda r: r.id == message.id and "Answer:" in r.text, f"the reveal of message {message.id}"
    )


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
            label = button["label"].split(". ", 1)[1]
            if (label == answer) is right:
                return button["custom_id"]
    raise LookupError(answer)


async def click(fake: FakeDiscord, message: Reply, custom_id: str, user: FakeUser) -> Reply:
    interaction = await fake.click(message.id, custom_id, user=user)
    ack = await interaction.reply()
    assert ack.ephemeral, ack.text
    assert interaction.rejected == []
    return ack


async def test_a_three_question_game_with_two_players(fake: FakeDiscord, bot: BotProcess) -> None:
    alice, bob = fake.member, player_two(fake)
    start = await fake.command("trivia start", rounds=3, user=alice)
    assert not start.ephemeral
    assert "Trivia is starting" in start.text

    # Question 1: the starter is the one player so far; Bob joins by answering, and
    # the starter's answer closes it at once.
    first = await question(fake, 1, 3)
    answer = answer_of(bot, first)
    assert "Not this one" in (await click(fake, first, button_for(first, answer, right=False), bob)).content
    assert "Bots don't play" in (await click(fake, first, button_for(first, answer, right=True), a_bot(fake))).content
    ack = await click(fake, first, button_for(first, answer, right=True), alice)
    assert "Right!" in ack.content
    double = await click(fake, first, button_for(first, answer, right=False), alice)
    assert "already answered" in double.content
    reveal = await revealed(fake, first)
    assert f"Answer: {escape(answer)}" in reveal.text
    assert "Everyone has answered" in reveal.text
    assert "Source: from " in reveal.text
    assert "Member" in reveal.text
    assert "Otherbot" not in reveal.text
    assert all(b["disabled"] for row in reveal.components for b in row["components"])

    # Questions 2 and 3: both players have joined, so the second answer closes each at once.
    for number in (2, 3):
        message = await question(fake, number, 3)
        answer = answer_of(bot, message)
        await click(fake, message, button_for(message, answer, right=True), alice)
        await click(fake, message, button_for(message, answer, right=False), bob)
        closed = await revealed(fake, message)
        assert "Everyone has answered" in closed.text

    final = await wait_message(fake, lambda r: "Final standings" in r.text, "the final standings")
    lines = final.embeds[0]["description"]
    assert "Game over: 3 questions played" in lines
    assert lines.index("Member") < lines.index("Cinephile")
    assert "3/3 right" in lines
    assert "0/3 right" in lines

    board = await fake.command("trivia leaderboard", user=bob)
    assert board.text.index("Member") < board.text.index("Cinephile")
    stats = await fake.command("trivia stats", {"user": alice}, user=bob)
    assert "Accuracy" in stats.text
    assert "100%" in stats.text

    # Edits are throttled: the "N answered" updates of one question are at least ~1.5 s apart.
    for message_id in (first.id,):
        edits = [r.at for r in fake.requests if r.method == "PATCH" and r.path.endswith(f"/messages/{message_id}")]
        progress_edits = edits[:-1]  # the last one is the reveal
        assert all(b - a >= 1.4 for a, b in itertools.pairwise(progress_edits))


async def test_stop_by_a_moderator_after_a_member_is_refused(fake: FakeDiscord, bot: BotProcess) -> None:
    await fake.command("trivia start", rounds=5, user=fake.owner)
    message = await question(fake, 1, 5)
    answer = answer_of(bot, message)
    await click(fake, message, button_for(message, answer, right=True), fake.member)

    refused = await fake.command("trivia stop", user=fake.member)
    assert refused.ephemeral
    assert "Only the player who started" in refused.text

    stopped = await fake.command("trivia stop", user=fake.moderator)
    assert not stopped.ephemeral
    assert "stopped by" in stopped.text
    final = await wait_message(fake, lambda r: "stopped after question 1 of 5" in r.text, "the standings of the stop")
    assert "Member" in final.text
    closed = await revealed(fake, message)
    assert "game was stopped" in closed.text

    assert all(b["disabled"] for row in closed.components for b in row["components"]), "no click can reach it"
    nothing = await fake.command("trivia stop", user=fake.moderator)
    assert nothing.ephemeral
    assert "no trivia game" in nothing.text
    assert (await fake.command("trivia leaderboard")).text.count("Member") == 1


async def test_bad_input_gets_a_clear_private_answer(fake: FakeDiscord, bot: BotProcess) -> None:
    for options, words in (
        ({"pack": "no-such-pack"}, "no question pack called"),
        ({"film": "No Such Film"}, "don't know a film"),
        ({"rounds": 20, "difficulty": "hard", "film": "Ballerina"}, "Not enough questions"),
    ):
        reply = await fake.command("trivia start", options, user=fake.member)
        assert reply.ephemeral, reply.text
        assert words in reply.text, reply.text

    await fake.command("trivia start", rounds=1, user=fake.member)
    message = await question(fake, 1, 1)
    busy = await fake.command("trivia start", user=fake.owner)
    assert busy.ephemeral
    assert "already running" in busy.text
    packs = await fake.command("trivia packs")
    assert "film-classics" in packs.text
    assert "film-basics" in packs.text
    await revealed(fake, message)
    await wait_message(fake, lambda r: r.id > message.id and "Final standings" in r.text, "the one-question game's end")


async def test_rounds_out_of_range_reaching_the_bot(fake: FakeDiscord, bot: BotProcess) -> None:
    """Discord's client refuses it (the option has min/max); a hand-made request gets a clear answer."""
    command, _ = fake.find_command("trivia")
    data = {
        "id": command["id"],
        "name": "trivia",
        "type": 1,
        "options": [{"type": 1, "name": "start", "options": [{"type": 4, "name": "rounds", "value": 50}]}],
    }
    reply = await (await fake.send_command("trivia start", data=data, user=fake.member)).reply()
    assert reply.ephemeral
    assert "between 1 and 20" in reply.text


async def play_one_question(fake: FakeDiscord, bot: BotProcess, player: FakeUser) -> None:
    """A one-question game that `player` starts and answers right (their answer closes it)."""
    await fake.command("trivia start", rounds=1, user=player)
    message = await wait_message(
        fake, lambda r: "Question 1 of 1" in r.text and "Answer:" not in r.text and r.components, "the question"
    )
    answer = answer_of(bot, message)
    assert "Right!" in (await click(fake, message, button_for(message, answer, right=True), player)).content
    await wait_message(fake, lambda r: "Final standings" in r.text and r.id > message.id, "the final standings")


async def test_a_season_change_keeps_the_old_season_on_show(fake: FakeDiscord, bot: BotProcess) -> None:
    alice, bob = fake.member, player_two(fake)
    await play_one_question(fake, bot, alice)
    before = await fake.command("trivia leaderboard", user=bob)
    assert "Member" in before.text and "Season 1 (current season)" in before.text, before.text

    started = await fake.command("admin season start", name="Autumn *Cup*", user=fake.moderator)
    assert not started.ephemeral
    assert "**Season 1** is over" in started.text and "Autumn \\*Cup\\*" in started.text, started.text
    empty = await fake.command("trivia leaderboard", user=bob)
    assert empty.ephemeral and "Nobody has played" in empty.text, empty.text

    await play_one_question(fake, bot, bob)
    now = await fake.command("trivia leaderboard", user=alice)
    assert "Cinephile" in now.text and "Member" not in now.text, now.text
    old = await fake.command("trivia leaderboard", season="season 1", user=alice)
    assert "Season 1 (closed" in old.text and "Member" in old.text, old.text
    assert [c["name"] for c in await fake.autocomplete("trivia leaderboard", season="", user=alice)] == [
        "Autumn *Cup*",
        "Season 1",
    ]
    stats = await fake.command("trivia stats", user=alice)
    assert "Accuracy" in stats.text, "lifetime stats survive the season change"

    again = await fake.command("admin season start", name="SEASON 1", user=fake.moderator)
    assert again.ephemeral and "already has a season called" in again.text, again.text
    unknown = await fake.command("trivia leaderboard", season="Winter", user=alice)
    assert unknown.ephemeral and "no season called" in unknown.text, unknown.text
    sent = await fake.send_command("admin season start", {"name": "Mine"}, user=bob, check_permissions=False)
    refused = await sent.reply()
    assert refused.ephemeral and "Only moderators" in refused.text
    status = await fake.command("admin status", user=fake.moderator)
    assert "season.start" in status.text and "started Autumn" in status.text, status.text
