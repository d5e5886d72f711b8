"""The game state machine, driven with explicit times: nothing sleeps."""

from __future__ import annotations

import pytest

from bot.trivia.errors import NotAllowedError
from bot.trivia.model import Question
from bot.trivia.recorder import deltas_of
from bot.trivia.records import StatDelta
from bot.trivia.session import (
    LATE_GRACE_SECONDS,
    AnswerStatus,
    CloseReason,
    EndReason,
    Game,
    Phase,
    QuestionResults,
    StateError,
)

RIGHT, WRONG = 0, 1  # choice indexes: every test question's answer is its first choice
ALICE, BOB, CAROL, STARTER = 1, 2, 3, 100
T0 = 1_700_000_000.0


def question(n: int) -> Question:
    return Question(
        id=f"q{n}",
        kind="test",
        prompt=f"Question {n}?",
        answer=f"right {n}",
        choices=(f"right {n}", f"wrong {n}a", f"wrong {n}b", f"wrong {n}c"),
        difficulty="easy",
        document="002_f694eda31bb6ee61.txt",
        accepted=(f"right {n}", f"alt {n}"),
    )


def game(rounds: int = 5, *, seconds: float = 20) -> Game:
    return Game(
        "g1",
        guild_id=7,
        channel_id=70,
        starter_id=STARTER,
        questions=[question(n) for n in range(1, rounds + 1)],
        question_seconds=seconds,
    )


def test_first_question_is_timed_and_closes_on_timeout() -> None:
    g = game()
    asked = g.ask(T0)
    assert asked is not None
    assert (asked.number, asked.total, asked.deadline) == (1, 5, T0 + 20)
    assert asked.choices == question(1).choices
    assert g.answer(ALICE, "Alice", 1, RIGHT, T0 + 2, T0 + 2).status is AnswerStatus.CORRECT
    assert g.phase is Phase.OPEN, "nobody had joined before question 1: time decides"
    assert g.expire(T0 + 19.9) is None
    reveal = g.expire(T0 + 20)
    assert reveal is not None
    assert reveal.reason is CloseReason.TIMEOUT
    assert reveal.question.answer == "right 1"
    assert [a.user_id for a in reveal.correct] == [ALICE]
    assert reveal.source_label == "review 002"
    assert not reveal.game_over
    assert g.phase is Phase.CLOSED


def test_question_closes_when_every_player_has_answered() -> None:
    g = game()
    g.ask(T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1)
    g.answer(BOB, "Bob", 1, WRONG, T0 + 2, T0 + 2)
    g.expire(T0 + 20)
    g.ask(T0 + 30)
    first = g.answer(ALICE, "Alice", 2, RIGHT, T0 + 31, T0 + 31)
    assert not first.closed_question
    carol = g.answer(CAROL, "Carol", 2, RIGHT, T0 + 31.5, T0 + 31.5)
    assert not carol.closed_question, "a newcomer joins, but was not awaited on this question"
    last = g.answer(BOB, "Bob", 2, RIGHT, T0 + 32, T0 + 32)
    assert last.closed_question
    reveal = g.reveal(2)
    assert reveal is not None
    assert reveal.reason is CloseReason.ALL_ANSWERED
    assert [a.user_id for a in reveal.answers] == [ALICE, CAROL, BOB], "fastest first"
    g.ask(T0 + 40)
    for user in (ALICE, BOB):
        assert not g.answer(user, "x", 3, RIGHT, T0 + 41, T0 + 41).closed_question
    assert g.answer(CAROL, "Carol", 3, RIGHT, T0 + 42, T0 + 42).closed_question, "Carol is awaited now"


def test_double_answer_changes_nothing() -> None:
    g = game()
    g.ask(T0)
    first = g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1)
    again = g.answer(ALICE, "Alice", 1, WRONG, T0 + 2, T0 + 2)
    assert again.status is AnswerStatus.ALREADY_ANSWERED
    assert not again.counted
    assert g.players[ALICE].points == first.points
    assert g.players[ALICE].answered == 1


def test_answer_after_close_and_to_an_old_question() -> None:
    g = game()
    g.ask(T0)
    g.expire(T0 + 20)
    assert g.answer(ALICE, "Alice", 1, RIGHT, T0 + 19, T0 + 21).status is AnswerStatus.CLOSED
    g.ask(T0 + 25)
    old = g.answer(ALICE, "Alice", 1, RIGHT, T0 + 26, T0 + 26)
    assert old.status is AnswerStatus.OLD_QUESTION
    assert g.answer(ALICE, "Alice", 9, RIGHT, T0 + 26, T0 + 26).status is AnswerStatus.OLD_QUESTION
    assert ALICE not in g.players


def test_late_clicks_do_not_count() -> None:
    g = game()
    g.ask(T0)
    late = g.answer(ALICE, "Alice", 1, RIGHT, T0 + 20 + LATE_GRACE_SECONDS + 0.1, T0 + 20.5)
    assert late.status is AnswerStatus.CLOSED
    assert not late.closed_question
    in_time = g.answer(BOB, "Bob", 1, RIGHT, T0 + 19.9, T0 + 20.5)
    assert in_time.status is AnswerStatus.CORRECT, "clicked in time, arrived a little late"
    overdue = g.answer(CAROL, "Carol", 1, RIGHT, T0 + 19.9, T0 + 20 + LATE_GRACE_SECONDS)
    assert overdue.status is AnswerStatus.CLOSED
    assert overdue.closed_question, "the timer is late: the click closes the question"
    assert g.phase is Phase.CLOSED


def test_bots_and_bad_choices_are_ignored() -> None:
    g = game()
    g.ask(T0)
    assert g.answer(ALICE, "Bot", 1, RIGHT, T0 + 1, T0 + 1, is_bot=True).status is AnswerStatus.IGNORED_BOT
    assert g.answer(ALICE, "Alice", 1, 4, T0 + 1, T0 + 1).status is AnswerStatus.INVALID_CHOICE
    assert g.answer(ALICE, "Alice", 1, -1, T0 + 1, T0 + 1).status is AnswerStatus.INVALID_CHOICE
    assert g.players == {}
    assert g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1).status is AnswerStatus.CORRECT


def test_speed_is_timed_from_posting_with_discord_stamps() -> None:
    g = game()
    g.ask(T0)
    g.mark_posted(1, T0 + 0.4, T0 + 0.5)  # the message's snowflake time; our clock when it was sent
    assert g.deadline == T0 + 20.5
    result = g.answer(ALICE, "Alice", 1, RIGHT, T0 + 0.4, T0 + 3)  # arrived late, clicked at once
    assert result.points == 200
    assert g.answer(BOB, "Bob", 1, RIGHT, T0 + 10.4, T0 + 10.5).points == 150
    assert g.answer(CAROL, "Carol", 1, RIGHT, T0 - 5, T0 + 11).points == 200, "a stamp before posting is clamped"


def test_a_skewed_discord_clock_changes_nothing() -> None:
    g = game()
    skew = -3600.0  # Discord's stamps an hour behind ours
    g.ask(T0)
    g.mark_posted(1, T0 + skew, T0)
    assert g.answer(ALICE, "Alice", 1, RIGHT, T0 + skew + 10, T0 + 10).points == 150
    late = g.answer(BOB, "Bob", 1, RIGHT, T0 + skew + 20 + LATE_GRACE_SECONDS + 0.1, T0 + 20.5)
    assert late.status is AnswerStatus.CLOSED, "too late on Discord's clock"
    assert g.expire(T0 + 19) is None
    assert g.expire(T0 + 20) is not None, "closed on the bot's clock"


def test_streaks_earn_a_bonus_and_a_skip_ends_them() -> None:
    g = game(6)
    results = []
    for n in range(1, 4):
        start = T0 + 100 * n
        g.ask(start)
        results.append(g.answer(ALICE, "Alice", n, RIGHT, start, start))
        g.expire(start + 20)
    assert [r.points for r in results] == [200, 210, 220]
    assert [r.streak for r in results] == [1, 2, 3]
    g.ask(T0 + 400)  # Alice skips
    g.expire(T0 + 420)
    assert g.players[ALICE].streak == 0
    g.ask(T0 + 500)
    assert g.answer(ALICE, "Alice", 5, RIGHT, T0 + 500, T0 + 500).points == 200
    g.expire(T0 + 520)
    g.ask(T0 + 600)
    wrong = g.answer(ALICE, "Alice", 6, WRONG, T0 + 600, T0 + 600)
    assert (wrong.status, wrong.points, wrong.streak) == (AnswerStatus.INCORRECT, 0, 0)
    assert g.players[ALICE].best_streak == 3
    assert g.players[ALICE].points == 830


def test_the_last_question_ends_the_game() -> None:
    g = game(2)
    g.ask(T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1)
    g.expire(T0 + 20)
    g.ask(T0 + 30)
    result = g.answer(ALICE, "Alice", 2, WRONG, T0 + 31, T0 + 31)
    assert result.closed_question
    reveal = g.reveal(2)
    assert reveal is not None
    assert reveal.game_over
    assert reveal.end_reason is EndReason.FINISHED
    assert g.ask(T0 + 40) is None
    assert g.answer(BOB, "Bob", 2, RIGHT, T0 + 41, T0 + 41).status is AnswerStatus.GAME_OVER
    assert [s.user_id for s in reveal.standings] == [ALICE]


def test_a_game_nobody_answers_ends_after_three_questions() -> None:
    g = game(10)
    for n in range(1, 4):
        g.ask(T0 + 100 * n)
        reveal = g.expire(T0 + 100 * n + 20)
        assert reveal is not None
        assert reveal.game_over is (n == 3)
    assert g.end_reason is EndReason.ABANDONED
    assert g.ask(T0 + 1000) is None


def test_how_many_silent_questions_end_a_game_is_what_the_refusal_says() -> None:
    g = Game("g", 7, 70, STARTER, [question(n) for n in range(1, 9)], question_seconds=20, abandon_after=5)
    g.ask(T0)
    with pytest.raises(NotAllowedError) as refused:
        g.stop(ALICE, False, T0 + 1)
    assert "nobody answers five questions in a row" in (refused.value.hint or "")
    assert "three" in (NotAllowedError().hint or ""), "the default"
    for n in range(1, 6):
        if n > 1:
            g.ask(T0 + 100 * n)
        reveal = g.expire(T0 + 100 * n + 20)
        assert reveal is not None
        assert reveal.game_over is (n == 5)
    assert g.end_reason is EndReason.ABANDONED


def test_silence_is_counted_in_a_row() -> None:
    g = game(10)
    for n, answered in enumerate([False, False, True, False, False, True], start=1):
        g.ask(T0 + 100 * n)
        if answered:
            g.answer(ALICE, "Alice", n, RIGHT, T0 + 100 * n, T0 + 100 * n)
        if g.phase is Phase.OPEN:
            g.expire(T0 + 100 * n + 20)
    assert not g.over


def test_stop_by_the_starter_or_a_moderator_only() -> None:
    g = game()
    g.ask(T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1)
    with pytest.raises(NotAllowedError):
        g.stop(ALICE, False, T0 + 2)
    assert g.phase is Phase.OPEN
    reveal = g.stop(BOB, True, T0 + 2)  # a moderator
    assert reveal is not None
    assert reveal.reason is CloseReason.STOPPED
    assert reveal.game_over
    assert g.end_reason is EndReason.STOPPED
    assert [a.user_id for a in reveal.correct] == [ALICE], "answers given before the stop count"
    assert g.answer(CAROL, "Carol", 1, RIGHT, T0 + 3, T0 + 3).status is AnswerStatus.GAME_OVER


def test_stop_between_questions() -> None:
    g = game()
    g.ask(T0)
    g.expire(T0 + 20)
    assert g.stop(STARTER, False, T0 + 21) is None
    assert g.over
    assert g.end_reason is EndReason.STOPPED


def test_ask_while_open_is_a_bug() -> None:
    g = game()
    g.ask(T0)
    with pytest.raises(StateError):
        g.ask(T0 + 1)


def test_each_closed_question_emits_its_results_once() -> None:
    """The game emits a closed question's results to its listener; the recorder's deltas of them
    are what the store adds (a skip adds nothing and ends the stored streak)."""
    emitted: list[QuestionResults] = []
    g = game()
    g.on_closed = emitted.append

    def deltas() -> list[StatDelta]:
        taken = [d for results in emitted for d in deltas_of(results)]
        emitted.clear()
        return taken

    g.ask(T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0, T0)
    g.answer(BOB, "Bob", 1, WRONG, T0, T0)
    assert emitted == []  # not closed yet
    g.expire(T0 + 20)
    assert [r.number for r in emitted] == [1]
    assert deltas() == [
        StatDelta(7, ALICE, "Alice", points=200, games=1, answers=1, correct=1),
        StatDelta(7, BOB, "Bob", points=0, games=1, answers=1, correct=0),
    ]
    g.expire(T0 + 21)
    assert emitted == []  # closed once
    g.ask(T0 + 30)
    g.answer(ALICE, "Alice", 2, RIGHT, T0 + 30, T0 + 30)
    g.expire(T0 + 50)
    # Bob skipped, but his wrong answer already ended his streak: no row for him.
    assert deltas() == [StatDelta(7, ALICE, "Alice", points=210, games=0, answers=1, correct=1)]
    g.ask(T0 + 60)
    g.answer(ALICE, "Alice", 3, RIGHT, T0 + 60, T0 + 60)
    g.stop(STARTER, False, T0 + 61)
    assert deltas() == [StatDelta(7, ALICE, "Alice", points=220, games=0, answers=1, correct=1)]


def test_a_skip_writes_a_row_only_when_it_ends_a_streak() -> None:
    emitted: list[QuestionResults] = []
    g = game()
    g.on_closed = emitted.append

    def deltas() -> list[StatDelta]:
        taken = [d for results in emitted for d in deltas_of(results)]
        emitted.clear()
        return taken

    g.ask(T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0, T0)
    g.answer(BOB, "Bob", 1, WRONG, T0, T0)
    g.expire(T0 + 20)
    deltas()
    g.ask(T0 + 30)  # both skip: Alice's streak ends (a row), Bob had none (no row)
    g.expire(T0 + 50)
    assert deltas() == [StatDelta(7, ALICE, "Alice")]
    g.ask(T0 + 60)  # skipping again ends nothing
    g.expire(T0 + 80)
    assert deltas() == []


def test_progress_counts_answers() -> None:
    g = game()
    assert g.progress() is None
    g.ask(T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0, T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0, T0)  # a double click is no progress
    progress = g.progress()
    assert progress is not None
    assert (progress.number, progress.answered, progress.version) == (1, 1, 1)


def test_a_game_needs_playable_questions() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Game("g", 1, 1, 1, [], question_seconds=20)
    without_choices = Question("t", "pack", "Q?", "A", (), "easy")
    with pytest.raises(ValueError, match="choices"):
        Game("g", 1, 1, 1, [without_choices], question_seconds=20)


def test_the_first_question_closes_when_the_starter_playing_alone_answers() -> None:
    g = game()
    g.ask(T0)
    alone = g.answer(STARTER, "Starter", 1, WRONG, T0 + 2, T0 + 2)
    assert alone.closed_question and g.phase is Phase.CLOSED
    assert g.round is not None and g.round.reveal is not None and g.round.reveal.reason is CloseReason.ALL_ANSWERED


def test_on_the_first_question_a_newcomer_does_not_close_it_before_the_starter() -> None:
    g = game()
    g.ask(T0)
    assert not g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1).closed_question
    assert g.answer(STARTER, "Starter", 1, RIGHT, T0 + 3, T0 + 3).closed_question
    g.ask(T0 + 30)  # both have joined now: both are awaited
    assert not g.answer(STARTER, "Starter", 2, RIGHT, T0 + 31, T0 + 31).closed_question
    assert g.answer(ALICE, "Alice", 2, RIGHT, T0 + 32, T0 + 32).closed_question


def test_a_reveal_lists_every_answer_fastest_first_and_the_right_ones_apart() -> None:
    g = game()
    g.ask(T0)
    g.answer(BOB, "Bob", 1, WRONG, T0 + 1, T0 + 1)
    g.answer(ALICE, "Alice", 1, RIGHT, T0 + 3, T0 + 3)
    g.answer(CAROL, "Carol", 1, 2, T0 + 2, T0 + 2)
    reveal = g.expire(T0 + 20)
    assert reveal is not None
    shown = [(a.user_id, a.name, a.correct, a.points, a.elapsed, a.streak, a.choice) for a in reveal.answers]
    alice_points = g.players[ALICE].points
    assert shown == [
        (BOB, "Bob", False, 0, 1.0, 0, WRONG),
        (CAROL, "Carol", False, 0, 2.0, 0, 2),
        (ALICE, "Alice", True, alice_points, 3.0, 1, RIGHT),
    ]
    assert [a.user_id for a in reveal.correct] == [ALICE]
    assert [a.user_id for a in reveal.answers[1:]] == [CAROL, ALICE]
    assert len(reveal.answers) == 3 and reveal.answers[-1].user_id == ALICE


def test_a_player_seen_under_a_new_name_is_shown_with_it() -> None:
    g = game()
    g.ask(T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1)
    g.answer(BOB, "Bob", 1, RIGHT, T0 + 2, T0 + 2)
    g.expire(T0 + 20)
    g.ask(T0 + 30)
    g.answer(ALICE, "Ally", 2, RIGHT, T0 + 31, T0 + 31)
    assert g.answer(BOB, "", 2, RIGHT, T0 + 32, T0 + 32).closed_question
    assert g.players[ALICE].name == "Ally"
    reveal = g.reveal(2)
    assert reveal is not None and [a.name for a in reveal.answers] == ["Ally", "Bob"], "no name: the one known"
    assert [s.name for s in g.standings()] == ["Ally", "Bob"]


def test_players_are_a_mapping_of_their_stats() -> None:
    g = game()
    g.ask(T0)
    g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1)
    g.answer(BOB, "Bob", 1, WRONG, T0 + 2, T0 + 2)
    assert list(g.players) == [ALICE, BOB] and len(g.players) == 2
    assert ALICE in g.players and CAROL not in g.players and g.players.get(CAROL) is None
    bob = g.players[BOB]
    assert (bob.user_id, bob.name, bob.joined, bob.points, bob.answered, bob.correct, bob.streak) == (
        BOB,
        "Bob",
        1,
        0,
        1,
        0,
        0,
    )


def test_a_crowd_of_players_is_held_in_columns_not_an_object_each() -> None:
    """A flood's crowd answers every game: what a game keeps for a player or an answer is a few
    array slots, not objects of their own (they fragmented the interpreter's memory, which then
    stayed with the process after the flood)."""
    import gc

    games = [Game(f"g{n}", 7, 70 + n, STARTER, [question(1), question(2)], question_seconds=20) for n in range(3)]
    for g in games:
        g.ask(T0)
    crowd = [(10**17 + n, f"member {n}") for n in range(2000)]
    gc.collect()
    before = len(gc.get_objects())
    for g in games:
        for user_id, name in crowd:
            # a new int and str each time, as each click's JSON gives them
            g.answer(int(str(user_id)), "".join(name), 1, WRONG, T0 + 1, T0 + 1)
    gc.collect()
    assert len(gc.get_objects()) - before < 100, "no tracked object per player or answer"
    assert games[0].players[10**17].name is games[2].players[10**17].name, "one name string for every game"
    reveal = games[0].expire(T0 + 20)
    assert reveal is not None and len(reveal.answers) == 2000 and not reveal.correct
