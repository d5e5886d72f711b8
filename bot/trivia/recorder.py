"""The recorder: the only writer of trivia stats.

Each game's closed questions arrive as `QuestionResults` (emitted by the game when a
question closes); the recorder turns them into the store's `StatDelta`s, queues them
per game, and writes a game's queue in one transaction when the runner asks
(`flush`). A write that fails or is cancelled puts its deltas back at the front of the
queue, so the game's next write retries them, in order (the stored streaks depend on
the order).
"""

from __future__ import annotations

import asyncio
import logging

from bot.store import trivia as repo
from bot.store.backend import Store, StoreWriteError
from bot.trivia.records import StatDelta
from bot.trivia.session import QuestionResults

log = logging.getLogger(__name__)


def deltas_of(results: QuestionResults) -> list[StatDelta]:
    """What a closed question adds to each of its players' records (a skip adds nothing and
    ends the stored streak: its `correct` is 0)."""
    return [
        StatDelta(
            guild_id=results.guild_id,
            user_id=player.user_id,
            display_name=player.name,
            points=player.points,
            games=1 if player.first_question else 0,
            answers=1 if player.answered else 0,
            correct=1 if player.correct else 0,
        )
        for player in results.players
    ]


class Recorder:
    """Queues each running game's stats and writes them, one write per game at a time."""

    def __init__(self, db: Store) -> None:
        self.db = db
        self._queued: dict[str, list[StatDelta]] = {}  # game id -> its deltas not yet written
        self._writes: dict[str, asyncio.Future[None]] = {}  # game id -> its write under way

    @property
    def failing(self) -> bool:
        """The store is refusing writes now (answers still count; their points may not last)."""
        return self.db.writes.failing

    def track(self, game_id: str) -> None:
        """A game starts: its results will be queued from now on."""
        self._queued.setdefault(game_id, [])

    def closed(self, results: QuestionResults) -> None:
        """A question of a tracked game closed (the game's `on_closed`): queue its stats."""
        queue = self._queued.get(results.game_id)
        if queue is not None:
            queue.extend(deltas_of(results))

    def pending(self, game_id: str) -> int:
        """How many deltas of the game are waiting to be written."""
        return len(self._queued.get(game_id, ()))

    def forget(self, game_id: str) -> int:
        """The game is over and written as far as it could be: drop it; returns the deltas lost."""
        return len(self._queued.pop(game_id, ()))

    async def flush(self, game_id: str) -> bool:
        """Write the game's queued stats; False when they could not be written (they stay
        queued, and the game's next flush retries them).

        The write is shielded: a caller cancelled meanwhile (a shutdown) does not cut
        it short, and the game's next flush waits for it to land first.
        """
        earlier = self._writes.get(game_id)
        if earlier is not None:
            await asyncio.wait([earlier])  # in order: streaks depend on it
        queue = self._queued.get(game_id)
        if not queue:
            return True
        deltas = list(queue)
        queue.clear()
        write = asyncio.ensure_future(repo.record_answers(self.db, deltas))
        self._writes[game_id] = write
        write.add_done_callback(lambda done: self._written(game_id, deltas, done))
        try:
            await asyncio.shield(write)  # cancelled, our caller stops waiting but the write goes on
        except Exception:
            return False  # logged, and the stats put back, by `_written`
        return True

    def _written(self, game_id: str, deltas: list[StatDelta], write: asyncio.Future[None]) -> None:
        """A write of the game's stats is over: if it failed, queue its stats again, first."""
        if self._writes.get(game_id) is write:
            del self._writes[game_id]
        error = None if write.cancelled() else write.exception()
        if write.cancelled() or error is not None:
            queue = self._queued.get(game_id)
            if queue is not None:
                queue[:0] = deltas
            if isinstance(error, StoreWriteError):  # shown to players and in /admin status; no traceback
                log.warning("could not save the trivia stats of game %s: %s", game_id, error)
            else:
                log.error("could not save the trivia stats of game %s", game_id, exc_info=error)
