"""What trivia keeps of its players: each closed question's additions to a player's record,
the records themselves, and the seasons that restart a server's leaderboard.

The store's repositories take and return these; nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StatDelta:
    """What one closed question adds to one player's record.

    `answers` 0 means the player skipped the question: nothing is added and
    their running streak ends. `correct` 1 extends the stored streak, 0 ends it
    (the rule is `bot.trivia.streaks.extends`; the store only counts the run).
    """

    guild_id: int
    user_id: int
    display_name: str
    points: int = 0
    games: int = 0
    answers: int = 0
    correct: int = 0


@dataclass(frozen=True, slots=True)
class PlayerRecord:
    """A player's stored record, in one server or summed over all (guild_id None)."""

    guild_id: int | None
    user_id: int
    display_name: str
    points: int
    games: int
    answers: int
    correct: int
    current_streak: int
    best_streak: int
    rank: int | None = None

    @property
    def accuracy(self) -> float:
        """Right answers over answers, 0.0 with no answers."""
        return self.correct / self.answers if self.answers else 0.0


FIRST_SEASON_NAME = "Season 1"
FIRST_SEASON_FOLD = "season 1"  # fold(FIRST_SEASON_NAME), written out so the store's SQL can use it as it is


@dataclass(frozen=True, slots=True)
class Season:
    """One of a server's seasons; `ended_at` None means it is the current one."""

    guild_id: int
    number: int
    name: str
    started_at: str | None
    ended_at: str | None

    @property
    def current(self) -> bool:
        return self.ended_at is None
