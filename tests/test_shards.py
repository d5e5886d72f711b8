"""Shard settings and the identify limiter (the e2e tests run real shard processes)."""

from __future__ import annotations

import asyncio

import pytest

from bot.app.host.shards import IdentifyLimiter
from bot.config import ConfigError, check_shards


@pytest.mark.parametrize(
    ("count", "ids", "expected"),
    [
        (None, None, (None, None)),
        ("8", None, (8, tuple(range(8)))),
        ("8", "0-3", (8, (0, 1, 2, 3))),
        ("8", "4-7", (8, (4, 5, 6, 7))),
        ("8", " 6, 0-1 ,3", (8, (0, 1, 3, 6))),
        ("1", "0", (1, (0,))),
        ("4", "", (4, (0, 1, 2, 3))),  # blank is unset, as for every setting
        ("", "", (None, None)),
    ],
)
def test_shard_settings(count: str | None, ids: str | None, expected: tuple[object, object]) -> None:
    assert check_shards(count, ids) == expected


@pytest.mark.parametrize(
    ("count", "ids", "reason"),
    [
        ("8", "0-8", "outside SHARD_COUNT 8"),
        ("8", "9", "outside SHARD_COUNT 8"),
        ("8", "0-3,3-5", "shard 3 twice"),
        ("8", "2,2", "shard 2 twice"),
        ("8", "0,", "empty item"),
        ("8", ",1", "empty item"),
        ("8", "3-1", "backwards"),
        ("8", "-1", "whole number"),
        ("8", "0-", "whole number"),
        ("8", "a-b", "whole number"),
        ("0", None, "between 1 and"),
        ("-2", None, "whole number"),
        ("2.5", None, "whole number"),
        (None, "0-3", "needs SHARD_COUNT"),
    ],
)
def test_bad_shard_settings_say_why(count: str | None, ids: str | None, reason: str) -> None:
    with pytest.raises(ConfigError, match=reason):
        check_shards(count, ids)


async def test_the_limiter_lets_max_concurrency_through_per_window() -> None:
    now = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    limiter = IdentifyLimiter(2, 5.0, clock=lambda: now[0], sleep=sleep)
    times = []
    for _ in range(5):
        await limiter.wait()
        times.append(now[0])
        now[0] += 0.5  # each identify takes a moment
    assert times == [100.0, 100.5, 105.0, 105.5, 110.0]
    assert slept == [4.0, 4.0]


async def test_the_limiter_serves_concurrent_waiters_in_turn() -> None:
    limiter = IdentifyLimiter(1, 0.05)
    started = asyncio.get_running_loop().time()
    stamps: list[float] = []

    async def identify() -> None:
        await limiter.wait()
        stamps.append(asyncio.get_running_loop().time() - started)

    await asyncio.gather(*(identify() for _ in range(3)))
    assert stamps[0] < 0.04 and stamps[1] >= 0.049 and stamps[2] >= 0.099
