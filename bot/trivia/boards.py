"""Leaderboards, player records and seasons: what players see of the stats the recorder
wrote, and the season starts that restart a server's leaderboard (never a player's stats)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.store import trivia as repo
from bot.store.backend import Store
from bot.text import fold, strip_bidi
from bot.trivia.errors import SeasonError
from bot.trivia.records import PlayerRecord, Season

Clock = Callable[[], float]

SEASON_NAME_MAX = 50


@dataclass(frozen=True, slots=True)
class SeasonView:
    """Which season a leaderboard shows: `name` None is the global current one (each server's own)."""

    name: str | None
    current: bool
    ended_at: str | None


@dataclass(frozen=True, slots=True)
class SeasonChange:
    """A season start: the season closed into history (with how many players it had) and the new one."""

    closed: Season
    started: Season
    players: int


def _unknown_season(season: str, names: Sequence[str]) -> SeasonError:
    shown = ", ".join(names[:10]) or "none"
    return SeasonError(f"There is no season called “{season}”.", f"Seasons: {shown}.")


class Boards:
    """Reads of the stored records (leaderboards, a player's record) and season changes."""

    def __init__(self, db: Store, clock: Clock = time.time) -> None:
        self.db = db
        self.clock = clock

    async def leaderboard(self, guild_id: int | None, limit: int = 10, offset: int = 0) -> list[PlayerRecord]:
        """A server's standings, or the global ones (guild_id None)."""
        return await repo.leaderboard(self.db, guild_id, limit, offset)

    async def player(self, guild_id: int | None, user_id: int) -> PlayerRecord | None:
        """A player's lifetime record: seasons restart the leaderboard, never a player's stats."""
        return await repo.player_record(self.db, guild_id, user_id)

    async def seasons(self, guild_id: int) -> list[Season]:
        """The server's seasons, oldest first; the last is the current one."""
        return await repo.seasons(self.db, guild_id)

    async def season_names(self, guild_id: int | None) -> list[str]:
        """The season names a leaderboard can show: the server's (newest first), or every server's."""
        if guild_id is None:
            return await repo.season_names(self.db)
        return [s.name for s in reversed(await self.seasons(guild_id))]

    async def season_leaderboard(
        self, guild_id: int | None, season: str | None = None, limit: int = 10
    ) -> tuple[SeasonView, list[PlayerRecord]]:
        """The standings of a season: the current one, or the one named `season` (folded).

        In a server, its own seasons; globally (guild_id None), every server's current season
        summed, or every server's season of that name, summed. Raises SeasonError for a name
        no season has.
        """
        if season is not None and (not isinstance(season, str) or not season.strip()):
            raise SeasonError("Give a season's name, or leave it out for the current season.")
        if guild_id is None:
            if season is None:
                return SeasonView(None, True, None), await repo.leaderboard(self.db, None, limit)
            wanted = fold(season)
            names = await repo.season_names(self.db)
            name = next((n for n in names if fold(n) == wanted), None)
            if name is None:
                raise _unknown_season(season, names)
            return SeasonView(name, False, None), await repo.leaderboard(self.db, None, limit, season_fold=wanted)
        known = await self.seasons(guild_id)
        chosen = known[-1] if season is None else next((s for s in known if fold(s.name) == fold(season)), None)
        if chosen is None:
            raise _unknown_season(season or "", [s.name for s in reversed(known)])
        number = None if chosen.current else chosen.number
        records = await repo.leaderboard(self.db, guild_id, limit, season=number)
        return SeasonView(chosen.name, chosen.current, chosen.ended_at), records

    async def start_season(self, guild_id: int, user_id: int, name: str | None = None) -> SeasonChange:
        """Close the server's current season into history and start `name` (or "Season N").

        Raises SeasonError, changing nothing, for a name the server's seasons already have
        (compared folded) or one that is empty or too long.
        """
        known = await self.seasons(guild_id)
        if name is None:
            name = f"Season {known[-1].number + 1}"
        if not isinstance(name, str):
            raise SeasonError("A season's name is text.")
        name = " ".join(strip_bidi(name).split())
        if not name or not fold(name):
            raise SeasonError("A season needs a name with letters or digits.", "Or leave the name out.")
        if len(name) > SEASON_NAME_MAX:
            raise SeasonError(f"A season's name is at most {SEASON_NAME_MAX} characters, got {len(name)}.")
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock()))
        try:
            closed, started, players = await repo.start_season(self.db, guild_id, name, fold(name), user_id, at)
        except repo.SeasonNameTakenError:
            names = ", ".join(s.name for s in known)
            raise SeasonError(
                f"This server already has a season called “{name}”.",
                f"Season names are kept forever, so each is used once (this server's: {names}). Pick another.",
            ) from None
        return SeasonChange(closed, started, players)
