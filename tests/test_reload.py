"""/admin reload: re-read documents and packs, report the changes, swap atomically.

Through the command tree (LocalDiscord) and the services; the SIGKILL test runs
a real reload in a subprocess and kills it inside the swap transaction.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.admin.build import CatalogBuild, build_from_ingest
from bot.admin.diff import diff_snapshots, snapshot_of_build
from bot.admin.rebuild import load_catalog
from bot.admin.reload import ReloadService
from bot.app.host.client import FilmBot
from bot.app.host.local_discord import GUILD_ID, USER_ID, LocalDiscord
from bot.catalog.service import CatalogService
from bot.config import Settings
from bot.model import Claim, DocumentRecord, IngestResult, MergedFilm, Source
from bot.store.backend import Store
from bot.store.db import Database
from bot.store.migrations import COMMUNITY_TABLES
from tests.conftest import PROJECT, SEED_DATA, TEST_DOCUMENTS
from tests.helpers import act_as, answer, ephemeral, text_of

FIRST = ["Ada", "Bruno", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "be", "do"]


def _word(number: int, length: int = 3) -> str:
    return "".join(SYLLABLES[(number // 10**i) % 10] for i in range(length)).capitalize()


def generate_corpus(directory: Path, count: int, cast: int = 20) -> None:
    """`count` review documents of distinct films, each with `cast` credited actors."""
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        credits = ", ".join(
            f"{FIRST[(i + k) % 10]} {_word(i * 31 + k * 7)} as {_word(i * 17 + k, 2)} {_word(i + k * 13)}"
            for k in range(cast)
        )
        (directory / f"9{i:05d}_generated.txt").write_text(
            f"Generated Film {i:05d} ({1950 + i % 70})\n\n"
            f"Genre: Drama, Mystery\nDirector: {FIRST[i % 10]} {_word(i * 7 + 3)}\nCast: {credits}\n"
            f"Runtime: {90 + i % 60} minutes\nCountry: United States\n\n"
            f"Generated Film {i:05d} is a story about a town and its secrets. "
            f"The cinematography by Cam {_word(i * 11)} is lovely.\n\nRating\n★★★½ – Fine.\n",
            encoding="utf-8",
        )


async def community_dump(db: Store) -> dict[str, list[tuple[Any, ...]]]:
    dump = {}
    for table in COMMUNITY_TABLES:
        rows = await db.fetchall(f"SELECT * FROM {table} ORDER BY 1, 2")
        dump[table] = [tuple(r) for r in rows]
    return dump


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder (documents and packs)."""
    root = tmp_path / "data"
    shutil.copytree(SEED_DATA, root)
    return root


@pytest.fixture
async def bot(
    data_root: Path, make_settings: Callable[..., Settings], store_target: str | Path
) -> AsyncIterator[LocalDiscord]:
    """The bot on a writable data folder, once on SQLite and once on PostgreSQL."""
    settings = make_settings(data_root)
    if isinstance(store_target, str):
        settings = dataclasses.replace(settings, database_url=store_target)
    local = LocalDiscord(FilmBot(settings))
    await local.start()
    yield local
    await local.close()


def add_document(data_root: Path, name: str) -> None:
    shutil.copy(TEST_DOCUMENTS / name, data_root / "documents" / name)


# --- through the command tree ------------------------------------------------------------------


async def test_a_reload_adds_a_new_documents_film(bot: LocalDiscord, data_root: Path) -> None:
    missing = answer(await bot.command("/film info title:The Copper Saints"))
    assert ephemeral(missing)
    add_document(data_root, "103_copper_saints_header.txt")
    report = answer(await bot.command("/admin reload"))
    text = text_of(report)
    assert ephemeral(report)
    assert "Reload applied" in text
    assert "+1 added" in text
    assert "+ The Copper Saints" in text
    assert "+ 103\\_copper\\_saints\\_header.txt" in text  # the new document
    assert "People" in text
    assert "Walter Greaves" in text
    card = answer(await bot.command("/film info title:The Copper Saints"))
    assert not ephemeral(card)
    assert "Walter Greaves" in text_of(card)
    assert any("Copper" in c["name"] for c in await bot.autocomplete("/film info title:copper"))
    assert "Ana de Armas" in text_of(answer(await bot.command("/film info title:Ballerina")))


async def test_the_report_counts_claims_questions_and_new_disputes(bot: LocalDiscord, data_root: Path) -> None:
    add_document(data_root, "102_neon_requiem_sections.txt")
    await bot.command("/admin reload")
    add_document(data_root, "104_neon_requiem_prose.txt")  # disagrees on the cinematographer
    text = text_of(answer(await bot.command("/admin reload")))
    assert "~ Neon Requiem" in text  # changed, not added
    assert "New disputes" in text
    assert "Neon Requiem: crew:cinematographer" in text
    assert "Claims: +" in text
    assert "Questions: +" in text


async def test_dry_run_changes_nothing(bot: LocalDiscord, data_root: Path) -> None:
    db = bot.bot.services.db
    before = await bot.bot.services.catalog.counts()
    add_document(data_root, "103_copper_saints_header.txt")
    report = answer(await bot.command("/admin reload dry_run:true"))
    text = text_of(report)
    assert "Dry run" in text
    assert "nothing applied" in text
    assert "+ The Copper Saints" in text
    assert await bot.bot.services.catalog.counts() == before
    assert await db.fetchone("SELECT 1 FROM films WHERE slug = 'the-copper-saints'") is None
    assert ephemeral(answer(await bot.command("/film info title:The Copper Saints")))
    last = await db.fetchone("SELECT action, ok FROM audit_log ORDER BY id DESC LIMIT 1")
    assert last is not None
    assert (last["action"], last["ok"]) == ("reload.dry_run", 1)
    # ...and the real reload afterwards applies exactly that.
    assert "+ The Copper Saints" in text_of(answer(await bot.command("/admin reload")))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("200_broken.txt", b"Broken Film (2020)\n\nDirector: \xff\xfe Nobody\n", "not UTF-8"),
        ("201_empty.txt", b"   \n\n", "empty document"),
        ("202_binary.txt", b"\x00\x01\x02", "binary file"),
    ],
)
async def test_a_broken_document_refuses_the_reload_and_the_old_catalog_keeps_serving(
    bot: LocalDiscord, data_root: Path, name: str, content: bytes, reason: str
) -> None:
    db = bot.bot.services.db
    documents_before = [tuple(r) for r in await db.fetchall("SELECT name, sha256, ingested_at FROM documents")]
    add_document(data_root, "103_copper_saints_header.txt")  # a good one too: the whole reload is refused
    (data_root / "documents" / name).write_bytes(content)
    for line in ("/admin reload", "/admin reload dry_run:true"):
        report = answer(await bot.command(line))
        text = text_of(report)
        assert ephemeral(report)
        assert "Reload refused: nothing changed" in text
        assert f"`{name}`" in text
        assert reason in text
        assert "previous catalog keeps serving" in text
    assert [tuple(r) for r in await db.fetchall("SELECT name, sha256, ingested_at FROM documents")] == documents_before
    assert ephemeral(answer(await bot.command("/film info title:The Copper Saints")))
    assert "Len Wiseman" in text_of(answer(await bot.command("/film info title:Ballerina")))
    rows = await db.fetchall("SELECT action, detail, ok FROM audit_log ORDER BY id")
    assert [(r["action"], r["ok"]) for r in rows] == [("reload", 0), ("reload.dry_run", 0)]
    assert name in rows[0]["detail"]
    status = text_of(answer(await bot.command("/admin status")))
    assert f"refused — refused: {name}" in status.replace("\\_", "_")


async def test_a_bad_pack_refuses_the_reload_naming_file_and_line(bot: LocalDiscord, data_root: Path) -> None:
    add_document(data_root, "103_copper_saints_header.txt")
    (data_root / "packs" / "oops.yaml").write_text("questions:\n  - prompt: Q\n    answer: A\n    colour: red\n")
    text = text_of(answer(await bot.command("/admin reload")))
    assert "Reload refused" in text
    assert "`oops.yaml` (pack): line 2" in text
    assert "colour" in text
    assert ephemeral(answer(await bot.command("/film info title:The Copper Saints")))


async def test_a_review_written_before_a_reload_is_there_after_it(bot: LocalDiscord, data_root: Path) -> None:
    await bot.command('/review add film:Ballerina rating:9 text:"Still dancing."')
    await bot.command("/admin settings rounds:7")
    community_before = await community_dump(bot.bot.services.db)
    add_document(data_root, "103_copper_saints_header.txt")
    assert "Reload applied" in text_of(answer(await bot.command("/admin reload")))
    after = await community_dump(bot.bot.services.db)
    assert after["audit_log"][:-1] == community_before["audit_log"]  # one more entry: the reload
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in community_before.items() if k != "audit_log"
    }
    shown = text_of(answer(await bot.command("/review show film:Ballerina")))
    assert "Still dancing." in shown
    assert "**9.0/10** from 1 review" in shown


async def test_a_namesake_arriving_later_leaves_the_reviewed_film_its_slug(bot: LocalDiscord, data_root: Path) -> None:
    await bot.command('/review add film:Ballerina rating:7 text:"The original."')
    (data_root / "documents" / "330_namesake.txt").write_text(
        "Ballerina (1962)\n\nGenre: Musical\nDirector: Odile Marchetti\nStarring: Rosa Kemény, Paul Arden\n\n"
        "Ballerina is a gentle backstage musical about a dancer's first season.\n",
        encoding="utf-8",
    )
    assert "Reload applied" in text_of(answer(await bot.command("/admin reload")))
    catalog = bot.bot.services.catalog
    assert catalog.summary("ballerina") is not None  # the reviewed film kept its slug
    assert catalog.summary("ballerina-1962") is not None  # the newcomer took a new one
    shown = text_of(answer(await bot.command("/review show film:ballerina")))
    assert "The original." in shown
    assert "Odile Marchetti" not in text_of(answer(await bot.command("/film info title:ballerina")))


async def test_a_film_removed_and_restored_brings_its_reviews_back(bot: LocalDiscord, data_root: Path) -> None:
    add_document(data_root, "105_winter_orchard_sections.txt")
    await bot.command("/admin reload")
    act_as(bot, 11, "Ann")
    await bot.command("/review add film:Winter Orchard rating:8 text:Quietly devastating.")
    act_as(bot, 12, "Bob")
    await bot.command("/review add film:Winter Orchard rating:6 text:Too neat.")
    act_as(bot, USER_ID, "mod")

    (data_root / "documents" / "105_winter_orchard_sections.txt").unlink()
    removed = text_of(answer(await bot.command("/admin reload")))
    assert "− Winter Orchard" in removed
    assert ephemeral(answer(await bot.command("/review show film:Winter Orchard")))
    row = await bot.bot.services.db.fetchone("SELECT count(*) FROM reviews WHERE film_slug = 'winter-orchard'")
    assert row is not None
    assert row[0] == 2

    add_document(data_root, "105_winter_orchard_sections.txt")
    assert "+ Winter Orchard" in text_of(answer(await bot.command("/admin reload")))
    shown = text_of(answer(await bot.command("/review show film:Winter Orchard")))
    assert "**7.0/10** from 2 reviews" in shown
    assert "Quietly devastating." in shown
    assert "Too neat." in shown


async def test_an_unchanged_reload_says_so(bot: LocalDiscord) -> None:
    text = text_of(answer(await bot.command("/admin reload")))
    assert "nothing had changed" in text
    assert "match the catalog" in text


async def test_commands_answer_during_a_reload_of_a_large_corpus(bot: LocalDiscord, data_root: Path) -> None:
    generate_corpus(data_root / "documents" / "generated", 250)
    await bot.command("/review add film:Ballerina rating:7 text:Before.")
    reloader = bot.bot.services.admin.reloader
    reload = asyncio.ensure_future(bot.command("/admin reload", timeout=300))
    await asyncio.sleep(0)
    latencies: list[float] = []
    during = 0
    lines = [
        "/film info title:Ballerina",
        "/review show film:Ballerina",
        "/cast person name:Ana de Armas",
        "/film list",
    ]
    while not reload.done():
        line = lines[len(latencies) % len(lines)]
        started = time.perf_counter()
        reply = answer(await bot.command(line))
        latencies.append(time.perf_counter() - started)
        assert not ephemeral(reply), (line, reply)
        during += reloader.running
        await asyncio.sleep(0.01)
    act_as(bot, 99, "late")
    report = text_of(answer(await reload))
    assert "Reload applied" in report
    assert "+250 added" in report
    assert during >= 5, f"only {during} commands answered during the reload"
    assert max(latencies) < 2.0, f"slowest answer during the reload: {max(latencies):.2f} s"
    assert "Generated Film 00249" in text_of(answer(await bot.command("/film info title:Generated Film 00249")))
    assert "Before." in text_of(answer(await bot.command("/review show film:Ballerina")))


async def test_a_second_reload_while_one_runs_is_refused(bot: LocalDiscord, data_root: Path) -> None:
    generate_corpus(data_root / "documents" / "generated", 30)
    admin = bot.bot.services.admin
    first = asyncio.ensure_future(admin.reload(GUILD_ID, USER_ID))
    await asyncio.sleep(0.05)
    assert admin.reloader.running
    busy = answer(await bot.command("/admin reload"))
    assert ephemeral(busy)
    assert "already running" in busy["content"]
    assert (await first).applied
    rows = await bot.bot.services.db.fetchall("SELECT action, detail, ok FROM audit_log ORDER BY id")
    assert [(r["action"], r["ok"]) for r in rows] == [("reload", 0), ("reload", 1)]
    assert "another reload was running" in rows[0]["detail"]


# --- the services, on hand-made films ----------------------------------------------------------------


def _film(
    slug: str,
    title: str,
    claims: list[tuple[str, str, str | None, str | None]],
    doc: str,
    disputed: set[str] | None = None,
) -> MergedFilm:
    made = [Claim(f, v, Source(doc, i, i + 1), person=p, role=r) for i, (f, v, p, r) in enumerate(claims)]
    return MergedFilm(slug, title, [title], made, disputed or set(), [doc])


def _build(films: list[MergedFilm]) -> CatalogBuild:
    documents = [DocumentRecord(f.documents[0], f"hash-{f.slug}-{len(f.claims)}", 10, f.slug) for f in films]
    return build_from_ingest(IngestResult(films, documents, []))


async def test_the_diff_on_hand_made_films(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "diff.db")
    try:
        catalog = CatalogService(db)
        old = [
            _film(
                "alpha",
                "Alpha",
                [
                    ("title", "Alpha", None, None),
                    ("director", "Ann Lee", "Ann Lee", None),
                    ("year", "2001", None, None),
                ],
                "a.txt",
            ),
            _film("beta", "Beta", [("title", "Beta", None, None), ("cast", "Bo Ray", "Bo Ray", "Sam")], "b.txt"),
        ]
        new = [
            _film(
                "alpha",
                "Alpha",
                [
                    ("title", "Alpha", None, None),
                    ("director", "Ann Lee", "Ann Lee", None),
                    ("year", "2001", None, None),
                    ("year", "2002", None, None),
                ],
                "a.txt",
                {"year"},
            ),
            _film("gamma", "Gamma", [("title", "Gamma", None, None), ("cast", "Cy Dee", "Cy Dee", "Max")], "c.txt"),
        ]
        builds = iter([_build(old), _build(new)])
        reloader = ReloadService(db, catalog, tmp_path, None, builder=lambda _docs, _packs, _slugs: next(builds))
        await reloader.reload()
        report = await reloader.reload(dry_run=True)
        diff = report.diff
        assert diff is not None
        assert not report.applied
        assert diff.films_added == ("Gamma",)
        assert diff.films_removed == ("Beta",)
        assert diff.films_changed == ("Alpha",)
        assert diff.people_added == ("Cy Dee",)
        assert diff.people_removed == ("Bo Ray",)
        assert (diff.claims_added, diff.claims_removed) == (3, 2)
        assert diff.new_disputes == (("Alpha", "year"),)
        assert diff.documents_added == ("c.txt",)
        assert diff.documents_removed == ("b.txt",)
        assert diff.documents_changed == ("a.txt",)
        assert report.totals["films"] == 2
        assert (await catalog.counts())["films"] == 2
        assert catalog.resolve_film_slug("Beta") == "beta"
        same = diff_snapshots(snapshot_of_build(_build(new)), snapshot_of_build(_build(new)))
        assert same.empty
    finally:
        await db.close()


async def test_a_reload_that_would_empty_the_catalog_is_refused(bot: LocalDiscord, data_root: Path) -> None:
    for document in (data_root / "documents").iterdir():
        document.unlink()
    text = text_of(answer(await bot.command("/admin reload")))
    assert "Reload refused" in text
    assert "refusing to empty the catalog" in text
    assert "Len Wiseman" in text_of(answer(await bot.command("/film info title:Ballerina")))


# --- SIGKILL in the middle of the swap ------------------------------------------------------------

CHILD = """
import asyncio, sys, time
from pathlib import Path
import bot.store.db as store

point = sys.argv[4]
plain_connect = store.connect_sync

def connect_sync(path):
    conn = plain_connect(path)
    swapping = []
    def trace(sql):
        statement = sql.lstrip().upper()
        if statement.startswith("BEGIN IMMEDIATE"):  # the swap's transaction, not the diff's read
            swapping.append(True)
        elif swapping and statement.startswith(point):
            print("INSIDE", point, flush=True)
            time.sleep(120)
    conn.set_trace_callback(trace)
    return conn

store.connect_sync = connect_sync

from bot.admin.reload import ReloadService
from bot.catalog.service import CatalogService

async def main():
    db = await store.Database.open(sys.argv[1])
    catalog = CatalogService(db)
    await catalog.refresh()
    print("RELOADING", flush=True)
    await ReloadService(db, catalog, Path(sys.argv[2]), Path(sys.argv[3])).reload()
    print("COMMITTED", flush=True)

asyncio.run(main())
"""


def _state(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(path)
    try:
        return {
            "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
            "films": sorted(r[0] for r in conn.execute("SELECT slug FROM films")),
            "claims": conn.execute("SELECT count(*), sum(length(value)) FROM claims").fetchone(),
            "documents": sorted(conn.execute("SELECT name, sha256, ingested_at FROM documents")),
            "questions": conn.execute("SELECT count(*) FROM trivia_questions").fetchone()[0],
            "reviews": sorted(conn.execute("SELECT * FROM reviews")),
        }
    finally:
        conn.close()


GENERATED = 150


async def _prepare(db_path: Path, data_root: Path) -> None:
    """The previous catalog (the bundled corpus) and a community review."""
    db = await Database.open(db_path)
    try:
        await load_catalog(db, data_root / "documents", data_root / "packs")
        await db.execute(
            "INSERT INTO reviews VALUES (?, ?, 'ballerina', 'Ann', 8, 'Kept.', ?, ?)",
            (GUILD_ID, USER_ID, "2024-01-01T00:00:00", "2024-01-01T00:00:00"),
        )
    finally:
        await db.close()


async def _serve_and_reload(db_path: Path, data_root: Path, reload: bool) -> None:
    """The bot opens the database as usual, serves the previous catalog, and can reload."""
    db = await Database.open(db_path)
    try:
        catalog = CatalogService(db)
        await catalog.refresh()
        film = (await catalog.find_film("Ballerina")).found
        assert film is not None
        assert film.directors[0].person == "Len Wiseman"
        if reload:
            report = await ReloadService(db, catalog, data_root / "documents", data_root / "packs").reload()
            assert report.applied
            assert report.diff is not None
            assert len(report.diff.films_added) == GENERATED
            assert catalog.resolve_film_slug(f"Generated Film {GENERATED - 1:05d}") is not None
    finally:
        await db.close()


@pytest.mark.parametrize("point", ["DELETE FROM CLAIMS", "INSERT INTO CLAIMS", "COMMIT"])
def test_sigkill_in_the_middle_of_a_reload_leaves_the_previous_catalog_whole(
    tmp_path: Path, data_root: Path, point: str
) -> None:
    """A real reload in a child process, killed with SIGKILL inside the swap transaction.

    The child stops (sleeps) when the swap reaches `point`, so the kill lands
    inside the transaction every time: after the old rows are deleted, while
    claims are written, or with everything written but not committed.
    """
    db_path = tmp_path / "kill.db"
    asyncio.run(_prepare(db_path, data_root))
    before = _state(db_path)
    assert before["integrity"] == "ok"
    assert before["films"] == ["ballerina"]

    generate_corpus(data_root / "documents" / "generated", GENERATED)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(data_root / "documents"), str(data_root / "packs"), point],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    watchdog = threading.Timer(120, child.kill)
    watchdog.start()
    try:
        seen = _read_until_inside(child)
        assert seen.startswith("INSIDE"), seen + child.stderr.read()  # type: ignore[union-attr]
        assert (db_path.parent / (db_path.name + "-wal")).exists()
        child.send_signal(signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        watchdog.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
        assert child.stdout is not None
        assert child.stderr is not None
        child.stdout.close()
        child.stderr.close()

    assert _state(db_path) == before  # integrity ok, and every catalog and community row as it was
    asyncio.run(_serve_and_reload(db_path, data_root, reload=point == "COMMIT"))  # once is enough: it is slow
    assert _state(db_path)["integrity"] == "ok"


def _read_until_inside(child: subprocess.Popen[str]) -> str:
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith(("INSIDE", "COMMITTED")):
            return line
    return "child exited: "
