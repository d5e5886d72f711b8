"""The cache of `fold` stays within its byte bound, whatever queries arrive."""

from __future__ import annotations

import random
import string
import tracemalloc

from bot.app.host.local_discord import LocalDiscord
from bot.text import FOLD_CACHE_BYTES, fold, fold_cache_bytes


def distinct_queries(count: int, length: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(string.ascii_letters + " ", k=length)) for _ in range(count)]


def test_many_distinct_long_queries_keep_the_cache_within_its_bound() -> None:
    short = distinct_queries(40_000, 250, seed=1)  # short enough to be cached, 40,000 of them: ~24 MB of strings
    huge = distinct_queries(60, 100_000, seed=2)  # 6 MB of text that must never be kept
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for query in short + huge:
            fold(query)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert fold_cache_bytes() <= FOLD_CACHE_BYTES
    # Every string the cache holds is within its accounting; little else stays alive.
    assert grown <= FOLD_CACHE_BYTES * 1.25, f"{grown / 2**20:.1f} MiB kept"
    assert fold(short[-1]) == fold(short[-1].upper()), "the cache still answers"


async def test_autocomplete_queries_longer_than_discord_allows_are_never_folded(seed_bot: LocalDiscord) -> None:
    """Discord's client stops typing at the option's length (200): longer text is forged, and refused."""
    await seed_bot.autocomplete("/film info title:bal")
    before = fold_cache_bytes()
    for query in distinct_queries(50, 250, seed=3):
        assert await seed_bot.autocomplete("/film info title:" + query.replace(" ", "x")) == []
    assert fold_cache_bytes() == before
