"""Scoring: right answers, speed, streaks; and how players are ranked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.trivia.scoring import points, rank


@pytest.mark.parametrize(
    ("correct", "elapsed", "streak", "expected"),
    [
        (False, 0.0, 0, 0),
        (True, 0.0, 1, 200),  # instant
        (True, 10.0, 1, 150),  # half the time
        (True, 20.0, 1, 100),  # at the deadline
        (True, 25.0, 1, 100),  # clamped
        (True, -3.0, 1, 200),  # clock skew, clamped
        (True, 0.0, 2, 210),
        (True, 0.0, 6, 250),
        (True, 0.0, 40, 250),  # streak bonus capped
        (True, 5.0, 3, 195),
    ],
)
def test_points(correct: bool, elapsed: float, streak: int, expected: int) -> None:
    assert points(correct, elapsed, 20.0, streak) == expected


@given(st.floats(0, 20), st.floats(0, 20), st.integers(1, 50))
def test_faster_never_scores_less(a: float, b: float, streak: int) -> None:
    fast, slow = sorted((a, b))
    assert points(True, fast, 20.0, streak) >= points(True, slow, 20.0, streak)
    assert 100 <= points(True, slow, 20.0, streak) <= 250


def test_rank_orders_by_points_then_correct_and_shares_ties() -> None:
    standings = rank(
        [
            (3, "Carol", 300, 2, 3, 2),
            (1, "Alice", 450, 3, 3, 3),
            (2, "Bob", 300, 2, 2, 1),
            (4, "Dan", 300, 1, 3, 1),
        ]
    )
    assert [(s.rank, s.name) for s in standings] == [(1, "Alice"), (2, "Bob"), (2, "Carol"), (4, "Dan")]
    assert rank([]) == ()


def test_a_limited_ranking_is_the_full_rankings_start() -> None:
    rows = [(user, f"p{user}", (user * 37) % 5 * 100, (user * 11) % 3, 3, 0) for user in range(1, 200)]
    full = rank(rows)
    assert rank(rows, limit=25) == full[:25]
    assert rank(rows[:3], limit=25) == rank(rows[:3])
