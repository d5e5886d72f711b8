"""A per-process budget for the bot's own REST calls, kept under Discord's global limit.

Discord lets a bot make 50 requests a second across every route (interaction
callbacks and follow-ups do not count); a 429 from the global limit stalls
every call of the process, game control included. The budget is a token bucket:
`rate` tokens a second, at most `burst` saved up, so no one-second window sees
more than `burst + rate` calls. Tokens go to urgent calls (game control:
questions, reveals, standings) before non-urgent ones (an edit that can wait),
each kind in arrival order. A non-urgent call waits in the queue instead of
being sent into a 429, and its caller may cancel the wait when the edit is no
longer wanted.

No discord imports: the clock and the sleep are injected, so tests drive time.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

RATE = 35.0  # tokens a second: with BURST, at most 40 granted in any second (Discord allows 50;
# the margin absorbs requests that leave the process bunched after a busy moment)
BURST = 5
EPSILON = 1e-6


class RestBudget:
    def __init__(
        self,
        rate: float = RATE,
        burst: int = BURST,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("a budget needs a positive rate and a burst of at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._updated = clock()
        self._queues: dict[bool, deque[asyncio.Future[None]]] = {True: deque(), False: deque()}
        self._pump: asyncio.Task[None] | None = None
        self.granted = {True: 0, False: 0}  # calls let through, urgent and not

    @property
    def waiting(self) -> int:
        """Calls queued for a token now."""
        return sum(1 for queue in self._queues.values() for waiter in queue if not waiter.done())

    async def acquire(self, *, urgent: bool = True) -> None:
        """Wait for a token: at once if one is free and nobody of the same or higher priority waits."""
        if not self._queued(urgent) and self._take():
            self.granted[urgent] += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queues[urgent].append(waiter)
        if self._pump is None or self._pump.done():
            self._pump = asyncio.create_task(self._hand_out(), name="rest budget")
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # granted, then cancelled before it could be used
                self._tokens = min(float(self.burst), self._tokens + 1)
                self.granted[urgent] -= 1
            raise

    def _queued(self, urgent: bool) -> bool:
        """Whether a call of this priority would jump someone: urgent waits only behind urgent."""
        kinds = (True,) if urgent else (True, False)
        return any(not w.done() for kind in kinds for w in self._queues[kind])

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def _take(self) -> bool:
        self._refill()
        if self._tokens >= 1 - EPSILON:  # a sleep of exactly the time to the next token may fall short by a hair
            self._tokens = max(0.0, self._tokens - 1)
            return True
        return False

    def _next(self) -> tuple[asyncio.Future[None], bool] | None:
        for urgent in (True, False):
            queue = self._queues[urgent]
            while queue and queue[0].done():  # cancelled while waiting
                queue.popleft()
            if queue:
                return queue[0], urgent
        return None

    async def _hand_out(self) -> None:
        """Give tokens to the waiters, urgent first, as they come in."""
        while (head := self._next()) is not None:
            waiter, urgent = head
            if self._take():
                self._queues[urgent].popleft()
                waiter.set_result(None)
                self.granted[urgent] += 1
                continue
            await self._sleep((1 - self._tokens) / self.rate)
