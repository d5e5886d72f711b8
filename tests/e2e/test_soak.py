"""A short soak in CI: trivia games and a stream of commands while the fake Discord injects faults.

The same run as `bench/soak.py` (see there for what it does and checks), with small
numbers: 4 games at once with 3 players each, 20 commands a second for 12 s, a REST
fault every second (429 per route and global, 5xx), an invalid session, a RECONNECT
and a resumable close. Nothing may be lost, doubled or left unanswered, and the bot's
tasks and memory must come back to where they were.
"""

from __future__ import annotations

from pathlib import Path

from bench.soak import SoakConfig, run_soak

CI_SOAK = SoakConfig(seconds=12, rate=20, games=4, players=3, rounds=3, fault_every=1.0)


async def test_short_soak_loses_nothing(tmp_path: Path, data_dir: Path) -> None:
    result = await run_soak(CI_SOAK, tmp_path, data_dir)
    print(result.table())
    assert result.problems == [], result.table()
    assert result.clicks_lost == 0
    assert result.clicks_doubled == 0
    assert result.clicks["right"] + result.clicks["wrong"] > 0, "the players clicked"
    assert result.clicks["not counted"] > 0, "second and late clicks were sent"
    assert result.handled == sum(result.interactions.values()), "every interaction got exactly one answer"
    kinds = result.faults_served
    for kind in ("429 route", "429 global", "5xx", "RECONNECT", "resumable close", "INVALID_SESSION"):
        assert kinds[kind] >= 1, f"no {kind} was served: {kinds}"
    assert result.tasks_after <= result.tasks_before
    assert result.reviews_missing == 0
