"""Several shards in one process (`SHARD_COUNT`, `SHARD_IDS`): discord.py's AutoShardedBot over
this process's shard ids, identifying no faster than Discord allows.

Discord lets a bot start `max_concurrency` sessions per 5 s (from GET /gateway/bot);
discord.py's default waits 5 s before every identify after the first. The limiter
lets `max_concurrency` through per window instead, so 16 shards with a concurrency
of 16 start together rather than over 75 s.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable

from discord.ext import commands

from bot.app.host.client import FilmBot
from bot.config import Settings

log = logging.getLogger(__name__)

IDENTIFY_WINDOW = 5.0  # seconds, Discord's


class IdentifyLimiter:
    """At most `per_window` identifies in any `window` seconds, in the order they asked."""

    def __init__(
        self,
        per_window: int = 1,
        window: float = IDENTIFY_WINDOW,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.per_window = max(1, per_window)
        self.window = window
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                while self._sent and now - self._sent[0] >= self.window:
                    self._sent.popleft()
                if len(self._sent) < self.per_window:
                    self._sent.append(now)
                    return
                await self._sleep(self._sent[0] + self.window - now)


class ShardedFilmBot(FilmBot, commands.AutoShardedBot):
    """The bot over `settings.shard_ids` of `settings.shard_count` shards."""

    def __init__(self, settings: Settings) -> None:
        assert settings.shard_count is not None
        super().__init__(settings, shard_count=settings.shard_count, shard_ids=list(settings.shard_ids or ()))
        self.identify_limiter = IdentifyLimiter()

    async def setup_hook(self) -> None:
        _shards, _url, limits = await self.http.get_bot_gateway()
        self.identify_limiter.per_window = max(1, int(limits.get("max_concurrency", 1)))
        log.info(
            "shards %s of %d in this process; identifying %d per %.0f s",
            ",".join(map(str, self.settings.shard_ids or ())),
            self.settings.shard_count,
            self.identify_limiter.per_window,
            IDENTIFY_WINDOW,
        )
        held = self.settings.shard_ids or ()
        if not self.settings.database_url and len(held) < (self.settings.shard_count or 0):
            log.warning(
                "this process holds only some of the shards, on SQLite: the processes holding the others"
                " share no scores, reviews or reloads with it; give every process the same DATABASE_URL"
            )
        await super().setup_hook()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        await self.identify_limiter.wait()


def create_bot(settings: Settings) -> FilmBot:
    """The sharded bot when SHARD_COUNT is set, else the plain one (Discord's single session)."""
    return ShardedFilmBot(settings) if settings.shard_count is not None else FilmBot(settings)
