"""The REST budget with an injected clock: the rate holds in every second, urgent calls go first."""

from __future__ import annotations

import asyncio

import pytest

from bot.app.rest_budget import RestBudget


class FakeTime:
    """A clock that moves only when the budget sleeps (every sleep also yields to the loop)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


def budget(rate: float = 10.0, burst: int = 5) -> tuple[RestBudget, FakeTime]:
    time = FakeTime()
    return RestBudget(rate, burst, clock=time.clock, sleep=time.sleep), time


async def test_a_burst_goes_at_once_then_calls_are_paced_at_the_rate() -> None:
    limits, time = budget(rate=10.0, burst=5)
    granted: list[float] = []

    async def call() -> None:
        await limits.acquire()
        granted.append(time.now)

    await asyncio.gather(*(call() for _ in range(25)))
    assert granted[:5] == [1000.0] * 5
    assert granted[-1] == pytest.approx(1002.0)  # 20 more at 10 a second
    for start in granted:  # any one-second window: at most burst + rate
        assert sum(1 for at in granted if start <= at < start + 1.0) <= 5 + 10


async def test_urgent_calls_overtake_queued_edits_that_can_wait() -> None:
    limits, _ = budget(rate=10.0, burst=1)
    order: list[str] = []

    async def call(name: str, urgent: bool) -> None:
        await limits.acquire(urgent=urgent)
        order.append(name)

    await limits.acquire()  # the burst is spent: everyone below queues
    edits = [asyncio.create_task(call(f"edit {n}", False)) for n in range(3)]
    await asyncio.sleep(0)
    urgent = [asyncio.create_task(call(f"reveal {n}", True)) for n in range(2)]
    await asyncio.gather(*edits, *urgent)
    assert order == ["reveal 0", "reveal 1", "edit 0", "edit 1", "edit 2"]
    assert limits.granted == {True: 3, False: 3}


async def test_an_urgent_call_does_not_wait_behind_edits_when_a_token_is_free() -> None:
    limits, time = budget(rate=1.0, burst=2)
    await limits.acquire(urgent=False)
    started = time.now
    await limits.acquire(urgent=True)
    assert time.now == started


async def test_a_cancelled_wait_uses_no_token() -> None:
    limits, time = budget(rate=10.0, burst=1)
    await limits.acquire()
    waiting = asyncio.create_task(limits.acquire(urgent=False))
    await asyncio.sleep(0)
    assert limits.waiting == 1
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert limits.waiting == 0
    before = time.now
    await limits.acquire()  # the token the cancelled edit would have had
    assert time.now == pytest.approx(before + 0.1)
    assert limits.granted == {True: 2, False: 0}


def test_a_budget_needs_a_rate() -> None:
    with pytest.raises(ValueError, match="positive rate"):
        RestBudget(0)
