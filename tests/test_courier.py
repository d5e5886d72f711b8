"""The courier's decisions on discord.py's real exceptions, with an injected clock.

Which failures are retried (5xx, connection errors, 429s within patience), which end
the game's use of the channel (404 Unknown Channel, 403), and when an outage is long
enough to give up. The e2e tests (tests/e2e/test_trivia_runtime.py) play the same
through the fake Discord.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import SimpleNamespace

import aiohttp
import discord
import pytest

from bot.app.courier import ChannelGone, Courier, DiscordUnreachable, RouteLimited
from bot.app.rest_budget import RestBudget


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def http_error(kind: type[discord.HTTPException], status: int, code: int = 0) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="test")
    return kind(response, {"message": "test", "code": code})  # type: ignore[arg-type]


def failing(*errors: BaseException) -> tuple[Callable[[], Awaitable[str]], list[int]]:
    """A call that raises `errors` in turn, then returns "sent"; and how many times it was made."""
    made = [0]

    async def call() -> str:
        made[0] += 1
        if made[0] <= len(errors):
            raise errors[made[0] - 1]
        return "sent"

    return call, made


def courier(outage_limit: float = 60.0) -> tuple[Courier, FakeTime]:
    time = FakeTime()
    budget = RestBudget(1000.0, 1000, clock=time.clock, sleep=time.sleep)
    return Courier(budget, outage_limit, clock=time.clock, sleep=time.sleep), time


async def test_transient_failures_are_retried_with_growing_pauses() -> None:
    post, time = courier()
    call, made = failing(
        http_error(discord.DiscordServerError, 503),
        aiohttp.ClientConnectionError("refused"),
        discord.RateLimited(3.0),
    )
    assert await post.call(call) == "sent"
    assert made[0] == 4
    assert time.slept == [0.5, 1.0, 3.0], "backoff for errors, the 429's own retry_after for a 429"
    assert post.failing_since is None, "the success ends the outage"


async def test_a_429_longer_than_the_patience_is_handed_back() -> None:
    edit, time = courier()
    call, made = failing(discord.RateLimited(90.0))
    with pytest.raises(RouteLimited) as limited:
        await edit.call(call, patience=2.0)
    assert limited.value.retry_after == 90.0
    assert made[0] == 1
    assert time.slept == []


@pytest.mark.parametrize(
    "error",
    [http_error(discord.NotFound, 404, 10003), http_error(discord.Forbidden, 403, 50001)],
    ids=["unknown channel", "missing access"],
)
async def test_a_channel_that_is_gone_is_not_retried(error: discord.HTTPException) -> None:
    post, _ = courier()
    call, made = failing(error)
    with pytest.raises(ChannelGone):
        await post.call(call)
    assert made[0] == 1


async def test_a_deleted_message_and_a_refused_payload_are_the_callers_to_handle() -> None:
    post, _ = courier()
    call, _ = failing(http_error(discord.NotFound, 404, 10008))
    with pytest.raises(discord.NotFound):
        await post.call(call)
    call, made = failing(http_error(discord.HTTPException, 400, 50035))
    with pytest.raises(discord.HTTPException):
        await post.call(call)
    assert made[0] == 1


async def test_an_outage_longer_than_the_limit_gives_up() -> None:
    post, time = courier(outage_limit=20.0)
    call, made = failing(*[http_error(discord.DiscordServerError, 503) for _ in range(100)])
    with pytest.raises(DiscordUnreachable) as gave_up:
        await post.call(call)
    assert gave_up.value.seconds <= 20.0
    assert time.now <= 20.0
    assert max(time.slept) <= 8.0, "pauses are capped"
    assert made[0] >= 5
    assert post.outage_seconds() == pytest.approx(time.now)


async def test_retrying_stops_when_the_message_is_no_longer_wanted() -> None:
    post, _ = courier()
    call, made = failing(http_error(discord.DiscordServerError, 503), http_error(discord.DiscordServerError, 503))
    # The game ends (a /trivia stop) while the first attempt fails: no second attempt.
    assert await post.call(call, wanted=lambda: made[0] < 1) is None
    assert made[0] == 1
