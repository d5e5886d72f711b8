"""Typed trivia: the "Answer" button opens a form, its submission is judged by the matcher,
counted once, answered privately, and scores more than a click. Driven through the
real cog by the local stand-in (Discord's own payloads), and in the console."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.host.console import Console
from bot.app.host.local_discord import CHANNEL_ID, GUILD_ID, USER_ID, Exchange, LocalDiscord, LocalMessage
from bot.render import trivia as render
from bot.store import catalog as catalog_repo
from bot.text import slugify
from bot.trivia.model import BUTTONS, TYPED, Question
from bot.trivia.scoring import TYPED_POINTS, points
from bot.trivia.session import AnswerStatus, Game
from cogs.trivia import trivia_of
from tests.test_trivia_console import text, until

RED_PACK = """AUTHOR: tests
Which city is the capital of the invented land of Vormia?:
- Kelvarre
- Kelvar
Who painted the invented Harbour at Dusk?:
- Ilse Varnhagen
How many moons does the invented planet Oro have?:
- "3"
"""


async def _with_trivia(local: LocalDiscord) -> LocalDiscord:
    if "cogs.trivia" not in local.bot.extensions:
        await local.bot.load_extension("cogs.trivia")
    return local


async def _upload_red_pack(local: LocalDiscord, tmp_path: Path) -> None:
    pack = tmp_path / "invented.yaml"
    pack.write_text(RED_PACK)
    await local.command(f"/admin pack upload attachment:{pack}")


async def _question(local: LocalDiscord, number: int, total: int) -> LocalMessage:
    title = f"Question {number} of {total}"
    await until(lambda: any(title in text(m) for m in local.channel_messages))
    return next(m for m in local.channel_messages if title in text(m))


def _answer_button(message: LocalMessage) -> str:
    (button,) = [c for row in message.components for c in row["components"]]
    assert button["label"].endswith("Answer")
    return str(button["custom_id"])


async def _type(local: LocalDiscord, message: LocalMessage, guess: str) -> Exchange:
    opened = await local.click(message.id, _answer_button(message))
    assert opened.modal is not None, text(opened.messages[0]) if opened.messages else "no answer"
    (guess_field,) = opened.form
    return await local.submit(opened, {guess_field.custom_id: guess})


async def test_a_red_pack_plays_typed_and_a_typo_still_scores_more_than_a_click(
    seed_bot: LocalDiscord, tmp_path: Path
) -> None:
    local = await _with_trivia(seed_bot)
    await _upload_red_pack(local, tmp_path)
    started = await local.command("/trivia start rounds:1 pack:invented")
    assert "Press **Answer** and type it" in text(started.messages[0])
    trivia = trivia_of(local.bot)
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None and info.mode == TYPED
    posted = await _question(local, 1, 1)
    asked = trivia.current(info.game_id)
    assert asked is not None
    opened = await local.click(posted.id, _answer_button(posted))
    assert opened.modal is not None and opened.modal["custom_id"] == render.guess_form_id(info.game_id, 1)
    (guess_field,) = opened.form
    assert guess_field.required and guess_field.max_length == 200

    answer = asked.question.answer
    typo = answer[0] + answer[2] + answer[1] + answer[3:] if len(answer) > 4 else answer
    acked = await local.submit(opened, {guess_field.custom_id: typo.upper()})
    ack = acked.messages[0]
    assert ack.ephemeral and "Right!" in text(ack)
    gained = int(text(ack).split("+")[1].split("*")[0])
    assert gained > points(True, 20.0, 20.0, 1) and gained >= 100 + TYPED_POINTS

    # Alone in the game, that answer closed the question: the reveal shows the canonical answer.
    await until(lambda: "Answer:" in text(local.messages[posted.id]))
    revealed = local.messages[posted.id]
    assert f"Answer: {answer}" in text(revealed)
    assert revealed.components == []
    again = await local.submit(opened, {guess_field.custom_id: answer})
    assert "no longer" in text(again.messages[0]) or "over" in text(again.messages[0])
    await until(lambda: any("Final standings" in text(m) for m in local.channel_messages))
    record = await trivia.player(GUILD_ID, USER_ID)
    assert record is not None and (record.answers, record.correct, record.points) == (1, 1, gained)


async def test_bad_typed_answers_get_a_private_answer_and_change_nothing(
    seed_bot: LocalDiscord, tmp_path: Path
) -> None:
    local = await _with_trivia(seed_bot)
    await _upload_red_pack(local, tmp_path)
    await local.command("/trivia start rounds:2 pack:invented")
    trivia = trivia_of(local.bot)
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None
    posted = await _question(local, 1, 2)
    opened = await local.click(posted.id, _answer_button(posted))
    (guess_field,) = opened.form

    empty = await local.submit(opened, {guess_field.custom_id: "   "}, check=False)
    assert empty.messages[0].ephemeral and "empty" in text(empty.messages[0])
    long = await local.submit(opened, {guess_field.custom_id: "x" * 1000}, check=False)
    assert "too long" in text(long.messages[0])
    forged = dict(opened.modal or {}, custom_id=render.guess_form_id("ffffffff", 1))
    other = Exchange(opened.interaction_id, modal=forged)
    elsewhere = await local.submit(other, {guess_field.custom_id: "anything"})
    assert "over" in text(elsewhere.messages[0])
    progress = trivia.progress(info.game_id)
    assert progress is not None and progress.answered == 0  # nothing counted

    wrong = await local.submit(opened, {guess_field.custom_id: "certainly not this"})
    assert "Not this one" in text(wrong.messages[0])
    twice = await local.submit(opened, {guess_field.custom_id: "another go"})
    assert "already answered" in text(twice.messages[0])
    refused = await local.click(posted.id, _answer_button(posted))
    assert refused.modal is None and "already answered" in text(refused.messages[0])
    await local.command("/trivia stop")
    await until(lambda: any("Final standings" in text(m) for m in local.channel_messages))
    record = await trivia.player(GUILD_ID, USER_ID)
    assert record is not None and (record.answers, record.correct, record.points) == (1, 0, 0)


async def test_a_form_for_a_button_game_is_refused(seed_bot: LocalDiscord) -> None:
    local = await _with_trivia(seed_bot)
    started = await local.command("/trivia start rounds:1 pack:film-classics")
    assert "Click the right answer" in text(started.messages[0])
    trivia = trivia_of(local.bot)
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None and info.mode == BUTTONS
    posted = await _question(local, 1, 1)
    forged = Exchange(
        posted.id,
        modal={
            "custom_id": render.guess_form_id(info.game_id, 1),
            "components": [{"type": 1, "components": [{"type": 4, "custom_id": "guess", "label": "x"}]}],
        },
    )
    answered = await local.submit(forged, {"guess": "anything"})
    assert "not for this channel's game" in text(answered.messages[0])
    assert trivia.progress(info.game_id).answered == 0  # type: ignore[union-attr]
    await local.command("/trivia stop")


async def test_mode_typed_plays_catalog_questions_without_which_of_these(seed_bot: LocalDiscord) -> None:
    local = await _with_trivia(seed_bot)
    await local.command("/trivia start rounds:5 mode:typed")
    trivia = trivia_of(local.bot)
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None and info.mode == TYPED
    game = trivia.runner.game(info.game_id)
    assert all(not q.prompt.startswith("Which of these") for q in game.questions)
    await local.command("/trivia stop")


async def test_a_typed_game_plays_in_the_console(seed_bot: LocalDiscord, tmp_path: Path) -> None:
    local = await _with_trivia(seed_bot)
    await _upload_red_pack(local, tmp_path)
    out = io.StringIO()
    console = Console(local, out)
    local.on_message = console.show
    await console.handle("/trivia start rounds:1 pack:invented")
    await _question(local, 1, 1)
    trivia = trivia_of(local.bot)
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None
    asked = trivia.current(info.game_id)
    assert asked is not None
    assert "[1] ✏️ Answer" in out.getvalue()
    await console.handle("1")
    assert "Your answer (required; 1 to 200 characters" in out.getvalue()
    await console.handle(asked.question.answer.lower())
    assert "Right!" in out.getvalue()
    await until(lambda: "Final standings" in out.getvalue())
    assert f"Answer: {asked.question.answer}" in out.getvalue()


def _pure_question(answer: str, choices: tuple[str, ...] = ()) -> Question:
    return Question(
        id=answer, kind="pack", prompt=f"Who is {answer}?", answer=answer, choices=choices, difficulty="easy"
    )


def test_a_typed_game_counts_once_through_the_same_gates_and_scores_more() -> None:
    game = Game("g", 1, 2, 10, [_pure_question("Orrin")], question_seconds=20, mode=TYPED)  # no choices needed
    game.ask(now=0.0)
    assert game.answer(10, "a", 1, 0, at=1.0, now=1.0).status is AnswerStatus.OTHER_GAME  # no buttons here
    assert game.can_answer(10, 1, now=1.0) is None
    wrong = game.answer_typed(11, "b", 1, False, at=1.0, now=1.0)
    assert wrong.status is AnswerStatus.INCORRECT and wrong.points == 0
    right = game.answer_typed(10, "a", 1, True, at=2.0, now=2.0)
    assert right.status is AnswerStatus.CORRECT
    assert right.points == points(True, 2.0, 20, 1) + TYPED_POINTS
    assert game.answer_typed(10, "a", 1, True, at=3.0, now=3.0).status is AnswerStatus.GAME_OVER  # it closed
    assert game.can_answer(10, 1, now=3.0) is AnswerStatus.GAME_OVER


def test_a_button_game_refuses_typed_answers_and_needs_choices() -> None:
    with pytest.raises(ValueError, match="choices"):
        Game("g", 1, 2, 10, [_pure_question("Orrin")], question_seconds=20)
    with pytest.raises(ValueError, match="buttons or typed"):
        Game("g", 1, 2, 10, [_pure_question("Orrin")], question_seconds=20, mode="shouted")
    game = Game("g", 1, 2, 10, [_pure_question("Orrin", ("Orrin", "Vell"))], question_seconds=20, mode=BUTTONS)
    game.ask(now=0.0)
    assert game.answer_typed(10, "a", 1, True, at=1.0, now=1.0).status is AnswerStatus.OTHER_GAME
    assert game.progress().answered == 0  # type: ignore[union-attr]


def test_which_of_these_questions_are_not_typeable() -> None:
    genre = Question("q", "genre", "Which of these is one of the genres of X?", "Drama", (), "easy")
    assert not genre.typeable
    assert _pure_question("Orrin").typeable


async def test_forged_mode_and_category_values_are_refused_privately(seed_bot: LocalDiscord) -> None:
    local = await _with_trivia(seed_bot)
    for options in ({"mode": "shouted"}, {"mode": 1}, {"category": 5}, {"category": ["cast"]}):
        exchange = await local.forge(["trivia", "start"], options)
        reply = exchange.messages[0]
        assert reply.ephemeral, options
        assert trivia_of(local.bot).game_in(CHANNEL_ID) is None, options


async def test_a_pack_answer_that_is_a_catalog_film_accepts_its_other_titles(seed_bot: LocalDiscord) -> None:
    trivia = trivia_of(seed_bot.bot)
    rows = await seed_bot.bot.services.db.fetchall("SELECT film_slug, title FROM film_titles ORDER BY film_slug, title")
    by_film: dict[str, list[str]] = {}
    for row in rows:
        by_film.setdefault(row["film_slug"], []).append(row["title"])
    slug, titles = next((s, t) for s, t in by_film.items() if len(t) >= 2 and s in {slugify(x) for x in t})
    main = next(t for t in titles if slugify(t) == slug)
    other = next(t for t in await catalog_repo.film_titles(seed_bot.bot.services.db, slug) if t != main)
    question = Question("q", "pack", "Which film is it?", main, (), "easy", pack="mine", accepted=(main,))
    matcher = (await trivia.dealer.matchers_for([question]))["q"]
    assert matcher.matches(main.upper()) and matcher.matches(other)
    plain = (await trivia.dealer.matchers_for([Question("q", "pack", "?", "Nothing Like It", (), "easy", pack="m")]))[
        "q"
    ]
    assert not plain.matches(other)
