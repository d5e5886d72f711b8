"""Trivia community data: player stats and leaderboards, per-server settings, uploaded packs.

Parameterised SQL only. A closed question's stats are written in one
transaction, so a crash loses at most the question in flight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.store.backend import Row, Store

DEFAULT_QUESTION_SECONDS = 20
DEFAULT_ROUNDS = 5
DEFAULT_REVEAL_SECONDS = 5
QUESTION_SECONDS_RANGE = (5, 120)
ROUNDS_RANGE = (1, 20)
REVEAL_SECONDS_RANGE = (0, 60)


@dataclass(frozen=True, slots=True)
class TriviaSettings:
    """A server's trivia defaults; missing or out-of-range values fall back to these."""

    question_seconds: int = DEFAULT_QUESTION_SECONDS
    rounds: int = DEFAULT_ROUNDS
    reveal_seconds: int = DEFAULT_REVEAL_SECONDS


@dataclass(frozen=True, slots=True)
class StatDelta:
    """What one closed question adds to one player's record.

    `answers` 0 means the player skipped the question: nothing is added and
    their running streak ends.
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


def _in_range(value: int | None, bounds: tuple[int, int], default: int) -> int:
    if value is None or not bounds[0] <= value <= bounds[1]:
        return default
    return value


async def get_settings(db: Store, guild_id: int) -> TriviaSettings:
    row = await db.fetchone(
        "SELECT question_seconds, rounds, reveal_seconds FROM guild_settings WHERE guild_id = ?", (guild_id,)
    )
    if row is None:
        return TriviaSettings()
    return TriviaSettings(
        question_seconds=_in_range(row["question_seconds"], QUESTION_SECONDS_RANGE, DEFAULT_QUESTION_SECONDS),
        rounds=_in_range(row["rounds"], ROUNDS_RANGE, DEFAULT_ROUNDS),
        reveal_seconds=_in_range(row["reveal_seconds"], REVEAL_SECONDS_RANGE, DEFAULT_REVEAL_SECONDS),
    )


async def save_settings(
    db: Store,
    guild_id: int,
    *,
    question_seconds: int | None = None,
    rounds: int | None = None,
    reveal_seconds: int | None = None,
) -> TriviaSettings:
    """Set the given values (None leaves a value as it is); raises ValueError when out of range."""
    for name, value, (low, high) in (
        ("question seconds", question_seconds, QUESTION_SECONDS_RANGE),
        ("rounds", rounds, ROUNDS_RANGE),
        ("reveal seconds", reveal_seconds, REVEAL_SECONDS_RANGE),
    ):
        if value is not None and not low <= value <= high:
            raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    await db.execute(
        "INSERT INTO guild_settings (guild_id, question_seconds, rounds, reveal_seconds) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (guild_id) DO UPDATE SET"
        " question_seconds = coalesce(excluded.question_seconds, guild_settings.question_seconds),"
        " rounds = coalesce(excluded.rounds, guild_settings.rounds),"
        " reveal_seconds = coalesce(excluded.reveal_seconds, guild_settings.reveal_seconds)",
        (guild_id, question_seconds, rounds, reveal_seconds),
    )
    return await get_settings(db, guild_id)


_RECORD_SQL = (
    "INSERT INTO player_stats (guild_id, user_id, display_name, points, games, answers, correct,"
    " current_streak, best_streak) VALUES (:guild_id, :user_id, :display_name, :points, :games, :answers,"
    " :correct, :correct, :correct)"
    " ON CONFLICT (guild_id, user_id) DO UPDATE SET"
    " display_name = excluded.display_name,"
    " points = player_stats.points + excluded.points,"
    " games = player_stats.games + excluded.games,"
    " answers = player_stats.answers + excluded.answers,"
    " correct = player_stats.correct + excluded.correct,"
    " current_streak = CASE WHEN excluded.correct > 0 THEN player_stats.current_streak + 1 ELSE 0 END,"
    " best_streak = CASE WHEN excluded.correct > 0 AND player_stats.current_streak + 1 > player_stats.best_streak"
    " THEN player_stats.current_streak + 1 ELSE player_stats.best_streak END"
)


def _params(delta: StatDelta) -> dict[str, object]:
    return {
        "guild_id": delta.guild_id,
        "user_id": delta.user_id,
        "display_name": delta.display_name,
        "points": delta.points,
        "games": delta.games,
        "answers": delta.answers,
        "correct": 1 if delta.correct else 0,
    }


async def record_answers(db: Store, deltas: Sequence[StatDelta]) -> None:
    """Apply closed questions' deltas in one transaction (one row per player per question).

    Deltas are applied in order, so several questions of one player can go in
    one batch and streaks still come out right.
    """
    if deltas:
        async with db.transaction() as tx:
            await tx.executemany(_RECORD_SQL, [_params(d) for d in deltas])


def _record(row: Row, guild_id: int | None) -> PlayerRecord:
    return PlayerRecord(
        guild_id=guild_id,
        user_id=row["user_id"],
        display_name=row["display_name"],
        # int(): PostgreSQL sums bigints as numeric.
        points=int(row["points"]),
        games=int(row["games"]),
        answers=int(row["answers"]),
        correct=int(row["correct"]),
        current_streak=int(row["current_streak"]),
        best_streak=int(row["best_streak"]),
        rank=int(row["rank"]),
    )


# One row per player: a server's rows as they are, or every server's summed.
_GUILD_ROWS = (
    "SELECT user_id, display_name, points, games, answers, correct, current_streak, best_streak"
    " FROM player_stats WHERE guild_id = :guild_id"
)
_GLOBAL_ROWS = (
    "SELECT user_id, max(display_name) AS display_name, sum(points) AS points, sum(games) AS games,"
    " sum(answers) AS answers, sum(correct) AS correct, max(current_streak) AS current_streak,"
    " max(best_streak) AS best_streak FROM player_stats GROUP BY user_id"
)
_RANKED = (
    "SELECT *, rank() OVER (ORDER BY points DESC, correct DESC) AS rank FROM ({rows}) AS players"
    " ORDER BY points DESC, correct DESC, user_id"
)


def _ranked(guild_id: int | None) -> str:
    return _RANKED.format(rows=_GLOBAL_ROWS if guild_id is None else _GUILD_ROWS)


async def leaderboard(db: Store, guild_id: int | None, limit: int = 10, offset: int = 0) -> list[PlayerRecord]:
    """A server's standings (or the global ones, guild_id None), best first, with ranks."""
    rows = await db.fetchall(
        f"{_ranked(guild_id)} LIMIT :limit OFFSET :offset",
        {"guild_id": guild_id, "limit": limit, "offset": offset},
    )
    return [_record(r, guild_id) for r in rows]


async def player_record(db: Store, guild_id: int | None, user_id: int) -> PlayerRecord | None:
    """One player's record and rank in a server (or globally); None if they never played."""
    row = await db.fetchone(
        f"SELECT * FROM ({_ranked(guild_id)}) AS ranked WHERE user_id = :user_id",  # noqa: S608 - fixed fragments
        {"guild_id": guild_id, "user_id": user_id},
    )
    return None if row is None else _record(row, guild_id)


# uploaded packs (written by the trivia service, which keeps its parsed cache right) ------------


async def uploaded_packs(db: Store, guild_id: int) -> list[tuple[str, str]]:
    """(name, yaml_text) of a server's uploaded packs."""
    rows = await db.fetchall("SELECT name, yaml_text FROM uploaded_packs WHERE guild_id = ? ORDER BY name", (guild_id,))
    return [(r["name"], r["yaml_text"]) for r in rows]


async def uploaded_pack_versions(db: Store, guild_id: int) -> list[tuple[str, str, int]]:
    """(name, uploaded_at, size) of a server's packs, by name: cheap, to tell whether a
    cache is stale, or to list the names."""
    rows = await db.fetchall(
        "SELECT name, uploaded_at, length(yaml_text) AS size FROM uploaded_packs WHERE guild_id = ? ORDER BY name",
        (guild_id,),
    )
    return [(r["name"], r["uploaded_at"], int(r["size"])) for r in rows]


async def save_uploaded_pack(db: Store, guild_id: int, name: str, text: str, user_id: int, at: str) -> None:
    """Store a server's pack, replacing one of the same name."""
    await db.execute(
        "INSERT INTO uploaded_packs (guild_id, name, yaml_text, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (guild_id, name) DO UPDATE SET yaml_text = excluded.yaml_text,"
        " uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at",
        (guild_id, name, text, user_id, at),
    )


async def delete_uploaded_pack(db: Store, guild_id: int, name: str) -> bool:
    return await db.execute("DELETE FROM uploaded_packs WHERE guild_id = ? AND name = ?", (guild_id, name)) > 0
