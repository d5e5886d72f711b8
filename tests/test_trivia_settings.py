"""A server's trivia settings and their limits (bot.trivia.settings): the one rule the commands,
the admin service and the store check against."""

from __future__ import annotations

import pytest

from bot.trivia.settings import (
    DEFAULT_QUESTION_SECONDS,
    DEFAULT_REVEAL_SECONDS,
    DEFAULT_ROUNDS,
    QUESTION_SECONDS_RANGE,
    REVEAL_SECONDS_RANGE,
    ROUNDS_RANGE,
    TriviaSettings,
    check_limits,
)


def test_stored_values_out_of_their_range_or_missing_read_as_the_defaults() -> None:
    low, high = ROUNDS_RANGE
    assert TriviaSettings.within_limits(None, high + 1, REVEAL_SECONDS_RANGE[0] - 1) == TriviaSettings(
        DEFAULT_QUESTION_SECONDS, DEFAULT_ROUNDS, DEFAULT_REVEAL_SECONDS
    )
    edge = TriviaSettings.within_limits(QUESTION_SECONDS_RANGE[1], low, REVEAL_SECONDS_RANGE[1])
    assert edge == TriviaSettings(QUESTION_SECONDS_RANGE[1], low, REVEAL_SECONDS_RANGE[1])


def test_a_value_being_set_out_of_its_range_is_refused_by_name() -> None:
    check_limits(rounds=ROUNDS_RANGE[1], question_seconds=None)
    with pytest.raises(ValueError, match="rounds must be between"):
        check_limits(rounds=ROUNDS_RANGE[1] + 1)
    with pytest.raises(ValueError, match="question seconds"):
        check_limits(question_seconds=QUESTION_SECONDS_RANGE[0] - 1)
