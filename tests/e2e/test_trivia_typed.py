"""Typed trivia end to end: the real bot process, the "Answer" button, the form (modal) and its
submission as Discord sends them (callback type 9, then a MODAL_SUBMIT interaction).

A server uploads a Red-format pack (typed-answer lists), which plays typed by default. Two
players: one types the answer with a typo and is right, the other is wrong; the reveal shows
the canonical answer, the standings and the leaderboard count each once, and the typed right
answer scores more than any click could. Then the bad inputs: an empty and a 1,000-character
answer (a modified client), a form for another game, a form submitted after the question closed.
"""

from __future__ import annotations

import re

import pytest_asyncio

from tests.e2e.fake_discord import FakeAttachment, FakeDiscord, FakeUser, Interaction, Reply
from tests.e2e.process import BotProcess
from tests.e2e.test_trivia import player_two, question, revealed, wait_message

QUESTION_SECONDS = 5
ANSWER = "Marisol Quintanilla"  # an invented name: long enough that a typo is forgiven
RED_PACK = f"""AUTHOR: e2e
DESCRIPTION: Invented questions, answered by typing
Who founded the invented Lantern Guild of Ostvar?:
- {ANSWER}
- Quintanilla
Which invented river runs through Velmora?:
- Orrin
""".encode()


@pytest_asyncio.fixture(scope="module", loop_scope="session", autouse=True)
async def typed_pack(fake: FakeDiscord, bot: BotProcess) -> None:
    reply = await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=0, user=fake.moderator)
    assert "question time" in reply.text.lower(), reply.text
    upload = await fake.command(
        "admin pack upload", user=fake.moderator, attachment=FakeAttachment("typed-e2e.yaml", RED_PACK)
    )
    assert "typed-e2e" in upload.text, upload.text


async def open_form(fake: FakeDiscord, message: Reply, user: FakeUser) -> Interaction:
    opened = await fake.click(message.id, message.button("Answer")["custom_id"], user=user)
    callback = await opened.wait_callback()
    assert callback["type"] == 9, callback
    assert opened.rejected == []
    return opened


async def type_answer(fake: FakeDiscord, opened: Interaction, guess: str, *, check: bool = True) -> Reply:
    submitted = await fake.submit_modal(opened, {"guess": guess}, check=check)
    ack = await submitted.reply()
    assert ack.ephemeral, ack.text
    assert submitted.rejected == []
    return ack


async def test_a_typed_game_with_two_players_one_right_with_a_typo(fake: FakeDiscord, bot: BotProcess) -> None:
    alice, bob, carol = fake.member, player_two(fake), FakeUser(fake.snowflake(), "latecomer")
    fake.users[carol.id] = carol
    start = await fake.command("trivia start", pack="typed-e2e", rounds=2, user=alice)
    assert "Press **Answer** and type it" in start.text, start.text

    # The starter is the one player of question 1: Bob joins by answering (wrong), Alice's
    # answer (a typo of the right one) closes it.
    for number in (1, 2):
        message = await question(fake, number, 2)
        assert [c.get("label") for row in message.components for c in row["components"]] == ["✏️ Answer"]
        prompt = message.embeds[0]["description"].split("\n")[0]
        right = ANSWER if "Lantern Guild" in prompt else "Orrin"
        typo = "marisol quintanila" if right == ANSWER else "the orrin"
        # Carol opens the form now and sends it only after the question closed.
        carols_form = await open_form(fake, message, carol)
        wrong = await type_answer(fake, await open_form(fake, message, bob), "Something Else Entirely")
        assert "Not this one" in wrong.content
        ack = await type_answer(fake, await open_form(fake, message, alice), typo)
        assert "Right!" in ack.content, ack.content
        points = int(re.search(r"\+(\d+)\*\* points", ack.content).group(1))  # type: ignore[union-attr]
        assert points > 200, "a typed right answer scores more than the most a click scores at that speed"
        reveal = await revealed(fake, message)
        assert f"Answer: {right}" in reveal.text
        assert "Got it (1)" in reveal.text and "1 wrong answer" in reveal.text
        assert reveal.components == []

        late = await type_answer(fake, carols_form, right)
        # (the next question may be up already: "That question is over"; after the last, the game is)
        assert re.search(r"closed|question is over|game is over", late.content), late.content

    final = await wait_message(fake, lambda r: "Final standings" in r.text, "the final standings")
    lines = final.embeds[0]["description"]
    assert lines.index("Member") < lines.index("Cinephile")
    assert "2/2 right" in lines and "0/2 right" in lines
    assert "Latecomer" not in lines, "a form sent too late counts for nothing"
    board = await fake.command("trivia leaderboard", user=bob)
    assert board.text.index("Member") < board.text.index("Cinephile")


async def test_bad_typed_answers_are_answered_privately_and_change_nothing(fake: FakeDiscord, bot: BotProcess) -> None:
    alice = fake.member
    await fake.command("trivia start", pack="typed-e2e", rounds=1, user=alice)
    message = await question(fake, 1, 1)
    opened = await open_form(fake, message, alice)

    empty = await type_answer(fake, opened, "", check=False)
    assert "empty" in empty.content
    huge = await type_answer(fake, opened, "x" * 1000, check=False)
    assert "too long" in huge.content
    not_text = await type_answer(fake, opened, 12345, check=False)  # type: ignore[arg-type]
    assert "empty" in not_text.content or "text" in not_text.content

    # The same form, forged for a game that is not this channel's.
    callback = opened.callback or {}
    forged_id = re.sub(r"trivia-guess:[0-9a-f]+:", "trivia-guess:0123abcd:", callback["data"]["custom_id"])
    opened.callback = {**callback, "data": {**callback["data"], "custom_id": forged_id}}
    other = await type_answer(fake, opened, ANSWER)
    assert "over" in other.content
    opened.callback = callback

    stats_before = await fake.command("trivia stats", user=alice)
    right = await type_answer(fake, opened, "Quintanilla" if "Lantern" in message.text else "orrin")
    assert "Right!" in right.content
    await revealed(fake, message)
    await wait_message(fake, lambda r: r.id > message.id and "Final standings" in r.text, "the end")
    stats_after = await fake.command("trivia stats", user=alice)
    games = [int(re.search(r"Games\n(\d+)", s.text).group(1)) for s in (stats_before, stats_after)]  # type: ignore[union-attr]
    assert games[1] == games[0] + 1
    answers = [int(re.search(r"Answers\n(\d+)", s.text).group(1)) for s in (stats_before, stats_after)]  # type: ignore[union-attr]
    assert answers[1] == answers[0] + 1, "only the one real answer counted"
