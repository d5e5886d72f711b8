"""End-to-end latency: the real bot process answering interactions through the fake Discord.

Measures injection-to-callback (the fake stamps the moment it writes INTERACTION_CREATE
on the gateway socket and the moment the bot's interaction callback arrives) for:

- a constant reply, the floor: /help
- /film info title:Ballerina (catalog lookup + film card)
- autocomplete on /film info title ("bal")

Interactions are sent one at a time, round-robin across the kinds, after a warm-up.
The bot runs with LOG_LEVEL=WARNING: DEBUG logging of every gateway event would be
what we measure otherwise.

    .venv/bin/python bench/e2e_latency.py [--count 1000] [--warmup 50]

Goal: /film info and autocomplete <= 1.3x the floor at p50, and p99 <= 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.fake_discord import FakeDiscord, Interaction
from tests.e2e.process import PROJECT_ROOT, launch

Send = Callable[[FakeDiscord], Awaitable[Interaction]]
FLOOR = "/help (floor)"
KINDS: dict[str, Send] = {
    FLOOR: lambda fake: fake.send_command("help"),
    "/film info title:Ballerina": lambda fake: fake.send_command("film info", {"title": "Ballerina"}),
    "autocomplete /film info title:bal": lambda fake: fake.send_autocomplete("film info", {"title": "bal"}),
}
P99_GOAL_MS = 10.0
RATIO_GOAL = 1.3


async def measure(count: int, warmup: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {name: [] for name in KINDS}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(PROJECT_ROOT / "data", data_dir)
        async with FakeDiscord() as fake:
            bot = await launch(fake, Path(tmp) / "bot", data_dir, LOG_LEVEL="WARNING")
            try:
                for round_ in range(warmup + count):
                    for name, send in KINDS.items():
                        interaction = await send(fake)
                        await interaction.wait_callback()
                        if interaction.rejected:
                            raise RuntimeError(f"{name}: the fake refused the callback {interaction.rejected}")
                        if round_ >= warmup:
                            assert interaction.latency is not None
                            samples[name].append(interaction.latency * 1000)
            finally:
                code = await bot.stop()
                if code != 0:
                    print(bot.stderr[-2000:], file=sys.stderr)
    return samples


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def report(samples: dict[str, list[float]]) -> bool:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (the tail moves with whatever else runs here)\n")
    floor50, floor99 = percentile(samples[FLOOR], 50), percentile(samples[FLOOR], 99)
    header = f"{'interaction':<36} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'p50/floor':>10} {'p99/floor':>10}"
    print(header)
    print("-" * len(header))
    ok = True
    for name, values in samples.items():
        p50, p99 = percentile(values, 50), percentile(values, 99)
        print(f"{name:<36} {len(values):>5} {p50:>8.2f} {p99:>8.2f} {p50 / floor50:>9.2f}x {p99 / floor99:>9.2f}x")
        ok &= p99 <= P99_GOAL_MS and (name == FLOOR or p50 / floor50 <= RATIO_GOAL)
    print(f"\ngoal: p50 <= {RATIO_GOAL}x the floor, p99 <= {P99_GOAL_MS:.0f} ms: {'met' if ok else 'NOT met'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="measured interactions per kind (default 1000)")
    parser.add_argument("--warmup", type=int, default=50, help="unmeasured rounds first (default 50)")
    args = parser.parse_args()
    samples = asyncio.run(measure(args.count, args.warmup))
    return 0 if report(samples) else 1


if __name__ == "__main__":
    raise SystemExit(main())
