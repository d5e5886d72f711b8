"""Ingest throughput, autocomplete latency and the bot's memory with a large catalog.

    .venv/bin/python bench/ingest.py [--documents 10000] [--titles 100000]

Prints three tables:
1. ingest of a generated corpus (bench/corpus.py): documents per second on one
   core, and the peak memory of the ingest;
2. autocomplete over a catalog of --titles films: p50/p99/max per keystroke,
   through CatalogService.autocomplete, for prefixes, inner words and typos;
   then 1,500 distinct 100 KB queries: the process and fold cache's memory stay flat;
3. the process's resident memory with that catalog open (index + caches).
Goals (issue 2): >= 1,000 documents/s, autocomplete p99 <= 10 ms, < 200 MB with 100,000 films.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import discord  # noqa: F401 - the bot process has discord.py loaded; count it

from bench.corpus import SYLLABLES, generate
from bot import model as m
from bot.catalog.service import CatalogService
from bot.ingest.pipeline import ingest_texts
from bot.store.catalog import replace_catalog_sync
from bot.store.db import Database
from bot.text import FOLD_CACHE_BYTES, fold_cache_bytes

MB = 1024 * 1024


def table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"\n{title}\n" + "-" * (width + 24))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


def bench_ingest(count: int) -> None:
    documents = list(generate(count))
    size = sum(len(text.encode()) for _, text in documents)
    gc.collect()
    start = time.perf_counter()
    cpu_start = time.process_time()
    result = ingest_texts(documents)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    tracemalloc.start()
    ingest_texts(documents[: min(count, 2000)])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    table(
        f"Ingest: {count} generated documents ({size / MB:.1f} MB)",
        [
            ("documents/s (wall)", f"{count / elapsed:,.0f}"),
            ("documents/s (CPU, one core)", f"{count / cpu:,.0f}"),
            ("films / claims / problems", f"{len(result.films):,} / {result.claim_count:,} / {len(result.problems)}"),
            ("peak Python allocations, 2,000 documents", f"{peak / MB:.1f} MB"),
        ],
    )


def synthetic_films(count: int) -> list[m.MergedFilm]:
    """Catalog rows straight from a generator: measuring the index, not the extractor.

    Titles are 1-4 words from a vocabulary of about 20,000 invented words, like a
    real catalog's (no unique number per title, which would inflate the vocabulary).
    """
    rng = random.Random(11)
    words = sorted(
        {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(25_000)}
    )
    films = []
    for i in range(count):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        source = m.Source(f"{i:06d}.txt", 0, 10)
        person = f"{rng.choice(words)} {rng.choice(words)}"
        claims = [
            m.Claim(m.TITLE, title, source),
            m.Claim(m.YEAR, str(rng.randint(1920, 2030)), source),
            m.Claim(m.DIRECTOR, person, source, person=person),
            m.Claim(m.CAST, person + " Jr", source, person=person + " Jr", role=rng.choice(words)),
        ]
        films.append(m.MergedFilm(f"film-{i}", title, [title], claims, set(), [source.document]))
    return films


async def bench_catalog(path: Path) -> None:
    """Autocomplete latency over the catalog in `path` (the parent process built it)."""
    db = await Database.open(path)
    catalog = CatalogService(db)
    await catalog.refresh()
    titles = len(catalog._summaries)
    sample = [s.title for s in random.Random(3).sample(list(catalog._summaries.values()), 400)]
    rng = random.Random(5)
    queries: list[tuple[str, str]] = []
    for title in sample:
        words = title.lower().split()
        queries.append(("prefix", title[: rng.randint(1, 8)]))
        queries.append(("inner word", words[-2] if len(words) > 1 else words[0]))
        typo = list(title.lower()[:9])
        if len(typo) > 3:
            i = rng.randrange(1, len(typo) - 1)
            typo[i], typo[i + 1] = typo[i + 1], typo[i]
        queries.append(("typo", "".join(typo)))
    timings: dict[str, list[float]] = {"prefix": [], "inner word": [], "typo": []}
    for kind, query in queries:
        start = time.perf_counter()
        catalog.autocomplete("film", query)
        timings[kind].append((time.perf_counter() - start) * 1000)
    everything = [t for ts in timings.values() for t in ts]
    rows = []
    for kind, values in [*timings.items(), ("all", everything)]:
        values = sorted(values)
        p99 = values[int(len(values) * 0.99) - 1]
        rows.append((kind, f"p50 {statistics.median(values):.2f} ms   p99 {p99:.2f} ms   max {values[-1]:.2f} ms"))
    table(f"Autocomplete over {titles:,} films ({len(queries)} keystrokes)", rows)
    await hostile_queries(catalog)
    await db.close()


async def hostile_queries(catalog: CatalogService, count: int = 1500, size: int = 100_000) -> None:
    """Distinct 100 KB queries (a modified client; Discord's own stops at the option's length):
    the fold cache and the process must not keep them (issue 9: 68 -> 356 MB before)."""
    process = psutil.Process()
    gc.collect()
    before, cache_before = process.memory_info().rss, fold_cache_bytes()
    start = time.perf_counter()
    for n in range(count):
        catalog.autocomplete("film", f"{n:06d}" + "q" * (size - 6))
    seconds = time.perf_counter() - start
    gc.collect()
    after = process.memory_info().rss
    table(
        f"{count:,} distinct {size // 1000} KB autocomplete queries",
        [
            ("RSS before / after", f"{before / MB:.0f} MB / {after / MB:.0f} MB"),
            (
                "fold cache before / after (bound)",
                f"{cache_before / MB:.1f} / {fold_cache_bytes() / MB:.1f} MB ({FOLD_CACHE_BYTES / MB:.0f} MB)",
            ),
            ("time per query", f"{seconds / count * 1000:.2f} ms"),
        ],
    )


async def measure_open(path: Path) -> None:
    """In a fresh process: open the services as the bot does, report memory."""
    from bot.config import Settings
    from bot.runtime import open_services

    process = psutil.Process()
    before = process.memory_info().rss
    start = time.perf_counter()
    services = await open_services(Settings(db_path=path, data_dir=path.parent))
    opened = time.perf_counter() - start
    gc.collect()
    after = process.memory_info().rss
    counts = await services.catalog.counts()
    table(
        f"The bot's memory with {counts['films']:,} films open (fresh process)",
        [
            ("open_services (store, name index)", f"{opened:.2f} s"),
            ("RSS before opening (python + discord.py + bot)", f"{before / MB:.0f} MB"),
            ("RSS with the catalog open", f"{after / MB:.0f} MB"),
        ],
    )
    await services.close()


def build_catalog_db(path: Path, titles: int) -> None:
    from bot.store.db import connect_sync, migrate_sync

    conn = connect_sync(path)
    migrate_sync(conn)
    films = synthetic_films(titles)
    documents = [m.DocumentRecord(f.documents[0], "0" * 64, 1, f.slug) for f in films]
    replace_catalog_sync(conn, films, documents, [])
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--titles", type=int, default=100_000)
    parser.add_argument("--measure-open", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_open:
        asyncio.run(measure_open(args.measure_open))
        return
    print(f"python {sys.version.split()[0]}, {psutil.cpu_count()} cores")
    bench_ingest(args.documents)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        (Path(folder) / "documents").mkdir()
        build_catalog_db(path, args.titles)
        asyncio.run(bench_catalog(path))
        subprocess.run([sys.executable, __file__, "--measure-open", str(path)], check=True)


if __name__ == "__main__":
    main()
