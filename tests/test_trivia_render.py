"""Trivia renderers: Discord's limits, escaping, and button ids the cog routes back."""

from __future__ import annotations

import re

import pytest

from bot.render import payload
from bot.render import trivia as render
from bot.render.errors import user_error
from bot.trivia.errors import NotEnoughQuestionsError, UnknownPackError
from bot.trivia.model import Question
from bot.trivia.packs import load_pack_text
from bot.trivia.records import PlayerRecord
from bot.trivia.service import GameInfo, GameSummary, SeasonView
from bot.trivia.session import AnswerResult, AnswerStatus, CloseReason, EndReason, Game, JoinResult, JoinStatus
from cogs.trivia import TeamJoin, TriviaAnswer
from tests.test_render import assert_within_limits

T0 = 1_700_000_000.0
NASTY = "**@everyone** <@123> `x` _y_ ~z~ " + "W" * 300


def question(prompt: str = "Who directed “Glass Orbit”?", choice_length: int = 10) -> Question:
    choices = tuple(f"{letter * choice_length}" for letter in "PQRS")
    return Question("abc123", "director", prompt, choices[2], choices, "easy", "glass-orbit", None, "002_x.txt", 0, 9)


def played(q: Question, players: int = 3) -> Game:
    game = Game("0123abcd", 7, 70, 999, [q, q], question_seconds=20)  # the starter watches
    game.ask(T0)
    for user in range(players):
        game.answer(user, f"{NASTY} {user}", 1, user % 4, T0 + user / 10, T0 + user / 10)
    return game


def test_question_buttons_route_back_to_the_cog() -> None:
    asked = played(question()).asked()
    assert asked is not None
    reply = render.question(asked, answered=2)
    assert_within_limits(reply)
    assert [b.custom_id for b in reply.buttons] == [f"trivia:0123abcd:1:{i}" for i in range(4)]
    assert [b.label[:3] for b in reply.buttons] == ["A. ", "B. ", "C. ", "D. "]
    template = re.compile(TriviaAnswer.__discord_ui_compiled_template__.pattern)
    for button in reply.buttons:
        match = template.fullmatch(button.custom_id)
        assert match is not None
        assert len(button.custom_id) <= payload.CUSTOM_ID_MAX
    assert "2 answered" in reply.embeds[0]["description"]
    assert f"<t:{int(T0 + 20)}:R>" in reply.embeds[0]["description"]


def test_long_and_hostile_text_stays_within_limits_and_never_pings() -> None:
    q = question(prompt=NASTY * 20, choice_length=80)
    game = played(q, players=40)
    asked = game.asked()
    assert asked is not None
    reply = render.question(asked)
    assert_within_limits(reply)
    assert "@everyone" not in reply.embeds[0]["description"]
    assert all(len(b.label) <= payload.BUTTON_LABEL_MAX for b in reply.buttons)
    reveal = game.close(T0 + 20, CloseReason.TIMEOUT)
    assert reveal is not None
    shown = render.reveal(reveal)
    assert_within_limits(shown)
    assert "@everyone" not in str(shown.embeds)
    assert "… and" in str(shown.embeds), "a long list of winners is cut"


def test_reveal_shows_answer_winners_and_source() -> None:
    q = question()
    game = played(q, players=3)  # user 2 chose index 2: right
    reveal = game.close(T0 + 20, CloseReason.TIMEOUT)
    assert reveal is not None
    reply = render.reveal(reveal)
    data = reply.embeds[0]
    assert f"Answer: {q.answer}" in data["description"]
    assert "Time's up" in data["description"]
    assert data["footer"]["text"] == "Source: from review 002"
    assert data["fields"][0]["name"] == "Got it (1)"
    assert data["fields"][1]["value"] == "2 wrong answers"
    assert all(b.disabled for b in reply.buttons)
    assert [b.style for b in reply.buttons] == ["secondary", "secondary", "success", "secondary"]


@pytest.mark.parametrize(
    ("result", "words"),
    [
        (AnswerResult(AnswerStatus.CORRECT, 1, 210, 2, 410), ["Right!", "+210", "2 in a row", "410"]),
        (AnswerResult(AnswerStatus.INCORRECT, 1), ["Not this one"]),
        (AnswerResult(AnswerStatus.ALREADY_ANSWERED, 1), ["already answered"]),
        (AnswerResult(AnswerStatus.CLOSED, 1), ["closed"]),
        (AnswerResult(AnswerStatus.OLD_QUESTION, 1), ["over"]),
        (AnswerResult(AnswerStatus.GAME_OVER, 1), ["game is over", "/trivia start"]),
        (AnswerResult(AnswerStatus.IGNORED_BOT, 1), ["Bots"]),
        (AnswerResult(AnswerStatus.INVALID_CHOICE, 1), ["not one of the choices"]),
    ],
)
def test_every_click_gets_a_private_answer(result: AnswerResult, words: list[str]) -> None:
    reply = render.answer_ack(result)
    assert reply.ephemeral
    for word in words:
        assert word in (reply.content or "")


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        (EndReason.FINISHED, "Game over: 2 questions played"),
        (EndReason.STOPPED, "stopped after question 1 of 2"),
        (EndReason.ABANDONED, "Nobody answered three questions in a row"),
    ],
)
def test_standings(reason: EndReason, words: str) -> None:
    game = played(question(), players=5)
    summary = GameSummary("g", 7, 70, reason, 1, 2, game.standings())
    reply = render.standings(summary)
    assert_within_limits(reply)
    assert words in reply.embeds[0]["description"]
    assert reply.embeds[0]["description"].count("🥇") == 1


def test_the_standings_say_how_many_silent_questions_ended_the_game() -> None:
    game = played(question())
    summary = GameSummary("g", 7, 70, EndReason.ABANDONED, 5, 8, game.standings(), abandon_after=5)
    assert "Nobody answered five questions in a row" in render.standings(summary).embeds[0]["description"]


def test_stats_title_escapes_the_name() -> None:
    record = PlayerRecord(7, 1, "x", 10, 1, 1, 1, 1, 1, rank=1)
    title = render.stats("**Ann** @everyone", record, record).embeds[0]["title"]
    assert "**Ann**" not in title
    assert "\\*\\*Ann\\*\\*" in title
    assert "@everyone" not in title, "mention syntax defused"


def test_leaderboard_stats_packs_and_errors() -> None:
    records = [PlayerRecord(7, n, f"Player {n}", 500 - n, 3, 10, 5, 0, 4, rank=n + 1) for n in range(10)]
    board = render.leaderboard(records, "server")
    assert_within_limits(board)
    assert "this server" in board.embeds[0]["title"]
    assert "50% right" in board.embeds[0]["description"]
    assert render.leaderboard([], "global").ephemeral
    closed = render.leaderboard(records, "server", SeasonView("Spring *Cup*", False, "2026-03-01T10:00:00Z"))
    assert "Spring \\*Cup\\* (closed, ended 2026-03-01)" in closed.embeds[0]["title"]
    named = render.leaderboard(records, "global", SeasonView("Spring", False, None)).embeds[0]["title"]
    assert "all servers · Spring (each server's season of that name)" in named
    assert "in the season Spring yet" in render.leaderboard([], "server", SeasonView("Spring", True, None)).content

    stats = render.stats("Ann", records[0], records[0])
    assert_within_limits(stats)
    assert "50%" in str(stats.embeds)
    assert render.stats("Ann", None, None).ephemeral

    pack = load_pack_text("movies", "Q1?:\n- A\nQ2?:\n- B\n")
    listing = render.packs([pack], 12)
    assert "`movies`" in listing.embeds[0]["description"]
    assert "12 questions" in listing.embeds[0]["description"]

    assert user_error(NotEnoughQuestionsError(2, 5)).ephemeral
    unknown = user_error(UnknownPackError("@everyone", ["movies"]))
    assert "@everyone" not in (unknown.content or "")


def test_game_started() -> None:
    info = GameInfo("g", 7, 70, 1, 5, 20, 5, "glass-orbit", "film-classics", "hard")
    reply = render.game_started(info, "Ann", "Glass Orbit", "Film classics")
    text = str(reply.embeds)
    for words in ("5", "20 s", "Glass Orbit", "Film classics", "hard", "Ann"):
        assert words in text


def test_team_game_start_reveal_and_standings_show_the_teams() -> None:
    info = GameInfo("0123abcd", 7, 70, 999, 2, 20, 5, None, None, None, teams=3)
    start = render.game_started(info, NASTY)
    assert [b.label for b in start.buttons] == ["Team 1", "Team 2", "Team 3"]
    for number, button in enumerate(start.buttons, 1):
        match = re.fullmatch(TeamJoin.__discord_ui_compiled_template__, button.custom_id)
        assert match is not None and (match["game"], int(match["team"])) == ("0123abcd", number)
        assert not button.custom_id.startswith(f"{render.ANSWER_PREFIX}:"), "off the answer clicks' hot path"
    assert "Pick your team" in start.embeds[0]["description"]

    q = question()
    game = Game("0123abcd", 7, 70, 999, [q], question_seconds=20, teams=2)
    game.join(1, 2)
    game.ask(T0)
    placed = game.answer(0, NASTY, 1, 2, T0 + 1, T0 + 1)  # right, and no team picked
    game.answer(1, f"{NASTY} 1", 1, 0, T0 + 1, T0 + 1)
    assert (
        "not picked a team" in render.answer_ack(placed).content and "**Team 1**" in render.answer_ack(placed).content
    )
    reveal = game.expire(T0 + 20)
    assert reveal is not None
    shown = render.reveal(reveal)
    assert_within_limits(shown)
    teams_field = next(f["value"] for f in shown.embeds[0]["fields"] if f["name"] == "Teams")
    assert teams_field.splitlines() == [
        f"🥇 **Team 1** — {placed.points:,} points · 1 player",
        "🥈 **Team 2** — 0 points · 1 player",
    ]
    summary = GameSummary("0123abcd", 7, 70, EndReason.FINISHED, 1, 1, game.standings(), teams=game.team_standings())
    final = render.standings(summary)
    assert_within_limits(final)
    text = final.embeds[0]["description"]
    assert text.index("**Team 1**") < text.index("**Team 2**") < text.index("**Players**")
    assert "@everyone" not in text and "<@123>" not in text, "player names stay escaped: no pings"


def test_join_acks_are_private_and_say_what_happened() -> None:
    fixed = render.join_ack(JoinResult(JoinStatus.FIXED, 2, 3))
    assert fixed.ephemeral and "**Team 2**" in fixed.content and "cannot be changed" in fixed.content
    for status in JoinStatus:
        reply = render.join_ack(JoinResult(status, 1 if status is not JoinStatus.INVALID_TEAM else None, 2))
        assert reply.ephemeral and reply.content
