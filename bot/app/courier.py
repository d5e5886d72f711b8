"""Delivering a game's messages through Discord's bad moments.

discord.py retries a few failures itself (500, 502, 504, a reset connection,
a 429 it is willing to wait for) and raises the rest: a 503, a refused
connection, a 429 longer than `max_ratelimit_timeout`. A game cannot end on one
of those, so every game call goes through a `Courier`: within the process's
REST budget, retried with growing pauses while the failure is transient. What
is not transient is raised as what it means for the game:

- `ChannelGone`: the channel was deleted, or the bot may no longer see or post
  in it (404 Unknown Channel, 403): nothing more can be shown there.
- `DiscordUnreachable`: Discord kept failing for longer than the outage limit.
- `RouteLimited`: a 429 longer than this call is willing to wait; the caller
  can do something else (post instead of edit) and try the edit later.

Any other error (a 400: a payload Discord refuses) is a bug and is raised as is.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiohttp
import discord

from bot.app.rest_budget import RestBudget

log = logging.getLogger(__name__)

T = TypeVar("T")
FIRST_PAUSE = 0.5  # seconds before the first retry; doubled each time
LONGEST_PAUSE = 8.0
UNKNOWN_CHANNEL = 10003
TRANSIENT = (discord.DiscordServerError, aiohttp.ClientError, OSError, TimeoutError)


class ChannelGone(Exception):
    """The game's channel is gone or closed to the bot."""


class DiscordUnreachable(Exception):
    """Discord failed every call for longer than the outage limit."""

    def __init__(self, seconds: float, last: BaseException) -> None:
        super().__init__(f"Discord failed for {seconds:.0f} s (last: {type(last).__name__}: {last})")
        self.seconds = seconds


class RouteLimited(Exception):
    """A 429 whose wait is longer than the call accepts."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited for {retry_after:.1f} s")
        self.retry_after = retry_after


def _is_channel_gone(error: discord.HTTPException) -> bool:
    return isinstance(error, discord.Forbidden) or (
        isinstance(error, discord.NotFound) and error.code == UNKNOWN_CHANNEL
    )


class Courier:
    """Makes one game's REST calls; `failing_since` says since when Discord has failed them."""

    def __init__(
        self,
        budget: RestBudget,
        outage_limit: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.budget = budget
        self.outage_limit = outage_limit
        self._clock = clock
        self._sleep = sleep
        self.failing_since: float | None = None
        self.retries = 0

    def outage_seconds(self) -> float:
        return 0.0 if self.failing_since is None else self._clock() - self.failing_since

    async def call(
        self,
        make: Callable[[], Awaitable[T]],
        *,
        urgent: bool = True,
        patience: float | None = None,
        wanted: Callable[[], bool] = lambda: True,
        what: str = "a game message",
    ) -> T | None:
        """`make()` until it succeeds; None if `wanted()` turned false while retrying.

        `patience`: the longest 429 to wait out (default: as long as the outage limit allows);
        a longer one raises `RouteLimited`. A `discord.NotFound` other than Unknown Channel
        (a deleted message) is raised for the caller to handle.
        """
        pause = FIRST_PAUSE
        problem: BaseException
        while True:
            await self.budget.acquire(urgent=urgent)
            try:
                result = await make()
            except discord.RateLimited as limited:
                wait, problem = limited.retry_after, limited
                if patience is not None and wait > patience:
                    raise RouteLimited(wait) from limited
            except discord.HTTPException as error:
                if _is_channel_gone(error):
                    raise ChannelGone(f"{error.status} {error.text or ''}".strip()) from error
                if not isinstance(error, discord.DiscordServerError) and error.status != 429:
                    raise
                wait, problem = pause, error  # a 5xx, or a 429 from Cloudflare (no retry_after)
                pause = min(pause * 2, LONGEST_PAUSE)
            except TRANSIENT as error:
                wait, problem = pause, error
                pause = min(pause * 2, LONGEST_PAUSE)
            else:
                if self.failing_since is not None:
                    log.info("Discord answers again after %.1f s of failures", self.outage_seconds())
                self.failing_since = None
                return result
            now = self._clock()
            if self.failing_since is None:
                self.failing_since = now
            if now + wait - self.failing_since > self.outage_limit:
                raise DiscordUnreachable(now - self.failing_since, problem) from problem
            self.retries += 1
            log.warning("%s failed (%s: %s); retrying in %.1f s", what, type(problem).__name__, problem, wait)
            await self._sleep(wait)
            if not wanted():
                return None
