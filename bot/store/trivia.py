"""Trivia community data: player stats, seasons and leaderboards, per-server settings, uploaded packs.

Parameterised SQL only. A closed question's stats are written in one
transaction, so a crash loses at most the question in flight.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.backend import Row, Store
from bot.trivia.records import FIRST_SEASON_FOLD, FIRST_SEASON_NAME, PlayerRecord, Season, StatDelta
from bot.trivia.settings import TriviaSettings, check_limits


async def get_settings(db: Store, guild_id: int) -> TriviaSettings:
    row = await db.fetchone(
        "SELECT question_seconds, rounds, reveal_seconds FROM guild_settings WHERE guild_id = ?", (guild_id,)
    )
    if row is None:
        return TriviaSettings()
    return TriviaSettings.within_limits(row["question_seconds"], row["rounds"], row["reveal_seconds"])


async def save_settings(
    db: Store,
    guild_id: int,
    *,
    question_seconds: int | None = None,
    rounds: int | None = None,
    reveal_seconds: int | None = None,
) -> TriviaSettings:
    """Set the given values (None leaves a value as it is); raises ValueError when out of range."""
    check_limits(question_seconds=question_seconds, rounds=rounds, reveal_seconds=reveal_seconds)
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


# Lifetime rows (/trivia stats), one per player: a server's rows as they are, or every server's summed.
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

# Season rows (the leaderboard): the current season is the lifetime row minus what the server's
# closed seasons add up to (season_baseline); a closed season's rows are kept in season_stats.
_CURRENT_SEASON_ROWS = (
    "SELECT p.guild_id, p.user_id, p.display_name, p.points - coalesce(b.points, 0) AS points,"
    " p.games - coalesce(b.games, 0) AS games, p.answers - coalesce(b.answers, 0) AS answers,"
    " p.correct - coalesce(b.correct, 0) AS correct, p.current_streak, p.best_streak"
    " FROM player_stats p LEFT JOIN season_baseline b ON b.guild_id = p.guild_id AND b.user_id = p.user_id"
    " WHERE ({where}) AND (p.answers > coalesce(b.answers, 0) OR p.games > coalesce(b.games, 0))"
)
_CLOSED_SEASON_ROWS = (
    "SELECT st.guild_id, st.user_id, st.display_name, st.points, st.games, st.answers, st.correct,"
    " 0 AS current_streak, 0 AS best_streak FROM season_stats st WHERE {where}"
)
_SUMMED = (
    "SELECT user_id, max(display_name) AS display_name, sum(points) AS points, sum(games) AS games,"
    " sum(answers) AS answers, sum(correct) AS correct, max(current_streak) AS current_streak,"
    " max(best_streak) AS best_streak FROM ({rows}) AS season_rows GROUP BY user_id"
)
# The name (folded) a server's current season goes by: its open row's, or the first season's.
_CURRENT_NAME = (
    "coalesce((SELECT s.name_fold FROM trivia_seasons s WHERE s.guild_id = p.guild_id AND s.ended_at IS NULL),"
    " :first_fold)"
)
_CLOSED_NAMED = (
    "EXISTS (SELECT 1 FROM trivia_seasons s WHERE s.guild_id = st.guild_id AND s.number = st.season"
    " AND s.name_fold = :season_fold AND s.ended_at IS NOT NULL)"
)


def _ranked(guild_id: int | None) -> str:
    return _RANKED.format(rows=_GLOBAL_ROWS if guild_id is None else _GUILD_ROWS)


def _season_rows(guild_id: int | None, season: int | None, season_fold: str | None) -> str:
    if guild_id is not None:
        if season is None:
            return _CURRENT_SEASON_ROWS.format(where="p.guild_id = :guild_id")
        return _CLOSED_SEASON_ROWS.format(where="st.guild_id = :guild_id AND st.season = :season")
    if season_fold is None:
        return _SUMMED.format(rows=_CURRENT_SEASON_ROWS.format(where="1 = 1"))
    current = _CURRENT_SEASON_ROWS.format(where=f"{_CURRENT_NAME} = :season_fold")
    closed = _CLOSED_SEASON_ROWS.format(where=_CLOSED_NAMED)
    return _SUMMED.format(rows=f"{current} UNION ALL {closed}")


async def leaderboard(
    db: Store,
    guild_id: int | None,
    limit: int = 10,
    offset: int = 0,
    *,
    season: int | None = None,
    season_fold: str | None = None,
) -> list[PlayerRecord]:
    """Season standings, best first, with ranks.

    In a server: its current season, or its closed season number `season`. Global
    (guild_id None): every server's current season summed, or, with `season_fold`, every
    server's season of that (folded) name, closed or current, summed.
    """
    rows = await db.fetchall(
        f"{_RANKED.format(rows=_season_rows(guild_id, season, season_fold))} LIMIT :limit OFFSET :offset",
        {
            "guild_id": guild_id,
            "season": season,
            "season_fold": season_fold,
            "first_fold": FIRST_SEASON_FOLD,
            "limit": limit,
            "offset": offset,
        },
    )
    return [_record(r, guild_id) for r in rows]


async def player_record(db: Store, guild_id: int | None, user_id: int) -> PlayerRecord | None:
    """One player's lifetime record and rank in a server (or globally); None if they never played."""
    row = await db.fetchone(
        f"SELECT * FROM ({_ranked(guild_id)}) AS ranked WHERE user_id = :user_id",  # noqa: S608 - fixed fragments
        {"guild_id": guild_id, "user_id": user_id},
    )
    return None if row is None else _record(row, guild_id)


# seasons ------------------------------------------------------------------------------------


class SeasonNameTakenError(ValueError):
    """The server already has (or had) a season of that name."""


async def seasons(db: Store, guild_id: int) -> list[Season]:
    """A server's seasons, oldest first; the last is the current one."""
    rows = await db.fetchall(
        "SELECT number, name, started_at, ended_at FROM trivia_seasons WHERE guild_id = ? ORDER BY number",
        (guild_id,),
    )
    if not rows:
        return [Season(guild_id, 1, FIRST_SEASON_NAME, None, None)]
    return [Season(guild_id, int(r["number"]), r["name"], r["started_at"], r["ended_at"]) for r in rows]


async def season_names(db: Store) -> list[str]:
    """The names of every server's seasons (for the global leaderboard), sorted, first season included."""
    rows = await db.fetchall("SELECT DISTINCT name FROM trivia_seasons")
    return sorted({FIRST_SEASON_NAME, *(r["name"] for r in rows)}, key=str.casefold)


_CLOSE_SEASON = (
    "INSERT INTO season_stats (guild_id, season, user_id, display_name, points, games, answers, correct)"
    " SELECT p.guild_id, :season, p.user_id, p.display_name, p.points - coalesce(b.points, 0),"
    " p.games - coalesce(b.games, 0), p.answers - coalesce(b.answers, 0), p.correct - coalesce(b.correct, 0)"
    " FROM player_stats p LEFT JOIN season_baseline b ON b.guild_id = p.guild_id AND b.user_id = p.user_id"
    " WHERE p.guild_id = :guild_id AND (p.answers > coalesce(b.answers, 0) OR p.games > coalesce(b.games, 0))"
)
# The baseline grows by exactly what was closed (not re-read from player_stats): an answer written
# meanwhile by another process then counts in the new season, never in none.
_GROW_BASELINE = (
    "INSERT INTO season_baseline (guild_id, user_id, points, games, answers, correct)"
    " SELECT guild_id, user_id, points, games, answers, correct FROM season_stats"
    " WHERE guild_id = :guild_id AND season = :season"
    " ON CONFLICT (guild_id, user_id) DO UPDATE SET points = season_baseline.points + excluded.points,"
    " games = season_baseline.games + excluded.games, answers = season_baseline.answers + excluded.answers,"
    " correct = season_baseline.correct + excluded.correct"
)


async def start_season(
    db: Store, guild_id: int, name: str, name_fold: str, user_id: int, at: str
) -> tuple[Season, Season, int]:
    """Close the server's current season into history and open one called `name`, in one
    transaction; returns (closed, started, players in the closed season).

    Raises SeasonNameTakenError when a season of the server has that folded name already.
    """
    async with db.transaction() as tx:
        # The open season's row exists (the first season's is written now), and is locked, so a
        # concurrent start (another process, on PostgreSQL) waits and then sees this one's result.
        await tx.execute(
            "INSERT INTO trivia_seasons (guild_id, number, name, name_fold, started_at, started_by, ended_at)"
            " VALUES (?, 1, ?, ?, NULL, NULL, NULL) ON CONFLICT DO NOTHING",
            (guild_id, FIRST_SEASON_NAME, FIRST_SEASON_FOLD),
        )
        await tx.execute(
            "UPDATE trivia_seasons SET ended_at = NULL WHERE guild_id = ? AND ended_at IS NULL", (guild_id,)
        )
        rows = await tx.fetchall(
            "SELECT number, name, name_fold, started_at FROM trivia_seasons WHERE guild_id = ? ORDER BY number",
            (guild_id,),
        )
        if name_fold in {r["name_fold"] for r in rows}:
            raise SeasonNameTakenError(name)
        number, old_name, started_at = int(rows[-1]["number"]), rows[-1]["name"], rows[-1]["started_at"]
        await tx.execute(
            "UPDATE trivia_seasons SET ended_at = ? WHERE guild_id = ? AND number = ?", (at, guild_id, number)
        )
        keys = {"guild_id": guild_id, "season": number}
        await tx.execute(_CLOSE_SEASON, keys)
        await tx.execute(_GROW_BASELINE, keys)
        counted = await tx.fetchone(
            "SELECT count(*) AS players FROM season_stats WHERE guild_id = :guild_id AND season = :season", keys
        )
        await tx.execute(
            "INSERT INTO trivia_seasons (guild_id, number, name, name_fold, started_at, started_by, ended_at)"
            " VALUES (?, ?, ?, ?, ?, ?, NULL)",
            (guild_id, number + 1, name, name_fold, at, user_id),
        )
    closed = Season(guild_id, number, old_name, started_at, at)
    return closed, Season(guild_id, number + 1, name, at, None), int(counted["players"]) if counted else 0


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
