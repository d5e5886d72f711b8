"""A server's trivia settings and their limits: the rule the commands, the admin service and
the store all check against."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_QUESTION_SECONDS = 20
DEFAULT_ROUNDS = 5
DEFAULT_REVEAL_SECONDS = 5
QUESTION_SECONDS_RANGE = (5, 120)
ROUNDS_RANGE = (1, 20)
REVEAL_SECONDS_RANGE = (0, 60)


def _in_range(value: int | None, bounds: tuple[int, int], default: int) -> int:
    if value is None or not bounds[0] <= value <= bounds[1]:
        return default
    return value


@dataclass(frozen=True, slots=True)
class TriviaSettings:
    """A server's trivia defaults; missing or out-of-range values fall back to these."""

    question_seconds: int = DEFAULT_QUESTION_SECONDS
    rounds: int = DEFAULT_ROUNDS
    reveal_seconds: int = DEFAULT_REVEAL_SECONDS

    @classmethod
    def within_limits(
        cls, question_seconds: int | None, rounds: int | None, reveal_seconds: int | None
    ) -> TriviaSettings:
        """The settings as stored, each value missing or out of its range replaced by its default
        (a row written by an older filmbot with other limits still reads as valid settings)."""
        return cls(
            question_seconds=_in_range(question_seconds, QUESTION_SECONDS_RANGE, DEFAULT_QUESTION_SECONDS),
            rounds=_in_range(rounds, ROUNDS_RANGE, DEFAULT_ROUNDS),
            reveal_seconds=_in_range(reveal_seconds, REVEAL_SECONDS_RANGE, DEFAULT_REVEAL_SECONDS),
        )


def check_limits(
    *, question_seconds: int | None = None, rounds: int | None = None, reveal_seconds: int | None = None
) -> None:
    """Raise ValueError for a given value out of its range (None: not being set)."""
    for name, value, (low, high) in (
        ("question seconds", question_seconds, QUESTION_SECONDS_RANGE),
        ("rounds", rounds, ROUNDS_RANGE),
        ("reveal seconds", reveal_seconds, REVEAL_SECONDS_RANGE),
    ):
        if value is not None and not low <= value <= high:
            raise ValueError(f"{name} must be between {low} and {high}, got {value}")
