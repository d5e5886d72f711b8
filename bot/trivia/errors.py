"""Requests the trivia service refuses. Each says what went wrong and what to try,
in words a renderer can show as they are (plain text, no markdown)."""

from __future__ import annotations

from bot.errors import UserError
from bot.text import plural
from bot.trivia.model import ABANDON_AFTER, spelled


class TriviaError(UserError):
    """A request the trivia service refuses (see bot.errors)."""


class InvalidOptionError(TriviaError):
    """An option out of range: rounds, difficulty."""


class GameRunningError(TriviaError):
    def __init__(self) -> None:
        super().__init__(
            "A trivia game is already running in this channel.",
            "Play along, wait for it to end, or ask its starter or a moderator to /trivia stop it.",
        )


class NoGameError(TriviaError):
    def __init__(self) -> None:
        super().__init__("There is no trivia game running in this channel.", "Start one with /trivia start.")


class NotAllowedError(TriviaError):
    def __init__(self, abandon_after: int = ABANDON_AFTER) -> None:
        super().__init__(
            "Only the player who started this game or a moderator can stop it.",
            "It ends by itself after its last question, "
            f"or when nobody answers {spelled(abandon_after)} questions in a row.",
        )


class UnknownFilmError(TriviaError):
    def __init__(self, film: str) -> None:
        super().__init__(f"I don't know a film called “{film}”.", "Pick a film from the suggestions as you type.")
        self.film = film


class UnknownPackError(TriviaError):
    def __init__(self, pack: str, available: list[str]) -> None:
        names = ", ".join(available) if available else "none"
        super().__init__(f"There is no question pack called “{pack}”.", f"Available packs: {names}. See /trivia packs.")
        self.pack = pack
        self.available = available


class NotEnoughQuestionsError(TriviaError):
    def __init__(self, available: int, wanted: int) -> None:
        found = "no questions match" if available == 0 else f"only {plural(available, 'question')} match"
        super().__init__(
            f"Not enough questions: {found}, and the game needs {wanted}.",
            "Try fewer rounds, another difficulty, or leave out the film or pack.",
        )
        self.available = available
        self.wanted = wanted


class SeasonError(TriviaError):
    """A season name refused (taken, empty, too long) or one the server never had."""
