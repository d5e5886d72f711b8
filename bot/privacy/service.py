"""`/privacy show` and `/privacy forget`: a member sees what the bot keeps about them and
deletes it, in every server at once (bot.store.privacy says what is and is not theirs).

A member playing a running game is asked to wait for its end: their points there are
written when questions close, and would otherwise come back right after the deletion.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.errors import UserError
from bot.store import privacy as repo
from bot.store.backend import Store
from bot.trivia.service import TriviaService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MemberData:
    """What the bot holds about one member, in every server."""

    reviews: int = 0
    review_servers: int = 0
    stats_servers: int = 0  # servers with lifetime trivia stats
    season_rows: int = 0  # standings in closed seasons, plus season baselines
    names: int = 0  # display names remembered for the audit log
    refusals: int = 0  # counters of refused /admin attempts

    @property
    def empty(self) -> bool:
        return not (self.reviews or self.stats_servers or self.season_rows or self.names or self.refusals)

    @classmethod
    def from_rows(cls, rows: dict[str, int], review_servers: int = 0) -> MemberData:
        return cls(
            reviews=rows.get("reviews", 0),
            review_servers=review_servers,
            stats_servers=rows.get("player_stats", 0),
            season_rows=rows.get("season_stats", 0) + rows.get("season_baseline", 0),
            names=rows.get("member_names", 0),
            refusals=rows.get("admin_refusals", 0),
        )


class PlayingError(UserError):
    """The member is in a running game; deleting now would be undone when its question closes."""


class PrivacyService:
    def __init__(self, db: Store, trivia: TriviaService) -> None:
        self.db = db
        self.trivia = trivia

    async def held(self, user_id: int) -> MemberData:
        rows = await repo.held_rows(self.db, user_id)
        servers = await repo.review_servers(self.db, user_id) if rows.get("reviews") else 0
        return MemberData.from_rows(rows, servers)

    async def forget(self, user_id: int) -> MemberData:
        """Delete the member's own data everywhere; what was deleted. Refused while they play."""
        games = self.trivia.playing(user_id)
        if games:
            running = "a trivia game that is" if len(games) == 1 else f"{len(games)} trivia games that are"
            raise PlayingError(
                f"You are playing in {running} still running: your points there are saved as questions close,"
                " so they would come back after the deletion. Nothing was deleted.",
                hint="Run /privacy forget again when that game has ended.",
            )
        deleted = await repo.forget_member(self.db, user_id)
        log.info("deleted the data of user %s on their request: %s", user_id, deleted or "nothing held")
        return MemberData.from_rows(deleted)
