"""Points for an answer, the streak rule, and the ranking of a game's players."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

BASE_POINTS = 100
SPEED_POINTS = 100
STREAK_STEP = 10
STREAK_CAP = 50
TYPED_POINTS = 50  # a right answer typed, with no choices to pick from, is worth more than a click


def points(correct: bool, elapsed: float, limit: float, streak: int, *, typed: bool = False) -> int:
    """Points for one answer.

    A wrong answer scores 0. A right one scores::

        100                                   for being right
      + round(100 * (1 - elapsed / limit))    for speed: 100 at once, 0 at the deadline
      + min(10 * (streak - 1), 50)            for a streak: +10 for the 2nd right answer
                                              in a row, +20 for the 3rd, ... at most +50
      + 50                                    when it was typed (typed mode), not clicked

    `elapsed` is the time from the question being posted to the click, both
    taken from Discord's timestamps, clamped to [0, limit]; `streak` counts
    this answer (1 for a first right answer). So 100..250 per question clicked,
    150..300 typed.
    """
    if not correct:
        return 0
    fraction = 1.0 if limit <= 0 else min(max(elapsed, 0.0), limit) / limit
    speed = round(SPEED_POINTS * (1.0 - fraction))
    bonus = min(STREAK_STEP * max(streak - 1, 0), STREAK_CAP)
    return BASE_POINTS + speed + bonus + (TYPED_POINTS if typed else 0)


def streak_after(streak: int, correct: bool | None) -> int:
    """The streak after a question: a right answer extends it, a wrong one or a skip (None)
    ends it. The one streak rule: a game's streaks (and their points) follow it, and the
    store continues a player's stored streak with each question's verdict (`StatDelta.correct`)."""
    return streak + 1 if correct else 0


@dataclass(frozen=True, slots=True)
class Standing:
    """A player's place in a game: rank 1 is best; equal scores share a rank."""

    rank: int
    user_id: int
    name: str
    points: int
    correct: int
    answered: int
    best_streak: int


def rank(rows: Iterable[tuple[int, str, int, int, int, int]]) -> tuple[Standing, ...]:
    """Rows of (user_id, name, points, correct, answered, best_streak) -> standings.

    Ordered by points, then right answers, then user id (stable); players with
    the same points and right answers share a rank ("1, 2, 2, 4").
    """
    ordered = sorted(rows, key=lambda r: (-r[2], -r[3], r[0]))
    out: list[Standing] = []
    for index, (user_id, name, pts, correct, answered, best) in enumerate(ordered):
        same = out and (out[-1].points, out[-1].correct) == (pts, correct)
        out.append(Standing(out[-1].rank if same else index + 1, user_id, name, pts, correct, answered, best))
    return tuple(out)
