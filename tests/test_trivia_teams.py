"""Team games in the pure session: a fixed team per player, team totals, unpicked players placed."""

from __future__ import annotations

import pytest

from bot.trivia.model import TYPED, Question
from bot.trivia.session import AnswerStatus, Game, JoinStatus

RIGHT, WRONG = 0, 1
ALICE, BOB, CAROL, DAVE, STARTER = 1, 2, 3, 4, 100
T0 = 1_700_000_000.0


def question(n: int) -> Question:
    return Question(
        id=f"q{n}",
        kind="test",
        prompt=f"Question {n}?",
        answer=f"right {n}",
        choices=(f"right {n}", f"wrong {n}a", f"wrong {n}b"),
        difficulty="easy",
        document="doc.txt",
        accepted=(f"right {n}",),
    )


def team_game(teams: int = 2, rounds: int = 3, *, mode: str = "buttons") -> Game:
    return Game(
        "g1", 7, 70, STARTER, [question(n) for n in range(1, rounds + 1)], question_seconds=20, mode=mode, teams=teams
    )


def test_a_team_is_fixed_for_the_game() -> None:
    g = team_game(3)
    assert g.join(ALICE, 2).status is JoinStatus.JOINED
    again = g.join(ALICE, 2)
    assert (again.status, again.team) == (JoinStatus.ALREADY, 2)
    refused = g.join(ALICE, 3)
    assert (refused.status, refused.team) == (JoinStatus.FIXED, 2)
    g.ask(T0)
    assert g.join(ALICE, 1).status is JoinStatus.FIXED, "still refused once the game is under way"
    assert g.team_of == {ALICE: 2}


@pytest.mark.parametrize("team", [0, 3, -1, True, 1.0, "1", None])
def test_a_team_that_is_not_one_of_the_game_changes_nothing(team: object) -> None:
    g = team_game(2)
    assert g.join(BOB, team).status is JoinStatus.INVALID_TEAM
    assert g.team_of == {}


def test_join_refused_without_teams_for_bots_and_after_the_game() -> None:
    plain = Game("g2", 7, 70, STARTER, [question(1)], question_seconds=20)
    assert plain.join(ALICE, 1).status is JoinStatus.NO_TEAMS
    g = team_game(2, rounds=1)
    assert g.join(BOB, 1, is_bot=True).status is JoinStatus.IGNORED_BOT
    g.ask(T0)
    g.expire(T0 + 20)
    assert g.over
    assert g.join(ALICE, 1).status is JoinStatus.GAME_OVER
    assert g.team_of == {}


@pytest.mark.parametrize("teams", [1, 5, 2.0, True, "2"])
def test_team_count_must_be_an_integer_from_2_to_4(teams: object) -> None:
    with pytest.raises(ValueError, match="a team game has 2 to 4 teams"):
        team_game(teams)  # type: ignore[arg-type]


def test_team_totals_add_up_members_points_and_players_keep_their_own() -> None:
    g = team_game(2, rounds=2)
    g.join(ALICE, 1)
    g.join(CAROL, 1)
    g.join(BOB, 2)
    g.ask(T0)
    a = g.answer(ALICE, "Alice", 1, RIGHT, T0 + 2, T0 + 2)
    c = g.answer(CAROL, "Carol", 1, RIGHT, T0 + 10, T0 + 10)
    b = g.answer(BOB, "Bob", 1, RIGHT, T0 + 1, T0 + 1)
    reveal = g.expire(T0 + 20)
    assert reveal is not None
    assert a.team == c.team == 1 and b.team == 2
    first, second = reveal.teams
    assert (first.team, first.points, first.players, first.rank) == (1, a.points + c.points, 2, 1)
    assert (second.team, second.points, second.players, second.rank) == (2, b.points, 1, 2)
    assert b.points > a.points, "Bob was fastest: his own points are as in a game without teams"
    assert {s.user_id: s.points for s in reveal.standings} == {ALICE: a.points, BOB: b.points, CAROL: c.points}


def test_equal_team_totals_share_a_rank_and_empty_teams_are_listed() -> None:
    g = team_game(3, rounds=1)
    g.join(ALICE, 1)
    g.join(BOB, 2)
    g.ask(T0)
    g.answer(ALICE, "Alice", 1, WRONG, T0 + 1, T0 + 1)
    g.answer(BOB, "Bob", 1, WRONG, T0 + 1, T0 + 1)
    reveal = g.expire(T0 + 20)
    assert reveal is not None
    assert [(t.rank, t.team, t.points, t.players) for t in reveal.teams] == [(1, 1, 0, 1), (1, 2, 0, 1), (1, 3, 0, 0)]


def test_an_unpicked_player_who_answers_goes_to_the_smallest_team() -> None:
    g = team_game(3)
    g.join(ALICE, 1)
    g.join(BOB, 1)
    g.join(CAROL, 2)
    g.ask(T0)
    placed = g.answer(DAVE, "Dave", 1, RIGHT, T0 + 1, T0 + 1)
    assert (placed.team, placed.team_assigned) == (3, True)
    later = g.answer(ALICE, "Alice", 1, RIGHT, T0 + 2, T0 + 2)
    assert (later.team, later.team_assigned) == (1, False)
    assert g.join(DAVE, 1).status is JoinStatus.FIXED, "a team given by answering is fixed too"


def test_typed_answers_count_for_the_team() -> None:
    g = team_game(2, rounds=1, mode=TYPED)
    g.join(BOB, 2)
    g.ask(T0)
    result = g.answer_typed(BOB, "Bob", 1, True, T0 + 1, T0 + 1)
    assert result.status is AnswerStatus.CORRECT
    reveal = g.expire(T0 + 20)
    assert reveal is not None
    assert [(t.team, t.points) for t in reveal.teams] == [(2, result.points), (1, 0)]


def test_a_game_without_teams_has_no_team_standings() -> None:
    g = Game("g3", 7, 70, STARTER, [question(1)], question_seconds=20)
    g.ask(T0)
    result = g.answer(ALICE, "Alice", 1, RIGHT, T0 + 1, T0 + 1)
    assert result.team is None and not result.team_assigned
    reveal = g.expire(T0 + 20)
    assert reveal is not None and reveal.teams == ()
