"""The repositories on both backends (the `store` fixture runs each test on SQLite and PostgreSQL):
the catalog swapped whole, reviews, stats and leaderboards, settings, packs, the audit log, and
`filmbot db copy`'s community copy."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.admin.diff import SNAPSHOT_QUERIES, snapshot_of_rows
from bot.model import Claim, DocumentRecord, MergedFilm, Source
from bot.store import admin as admin_repo
from bot.store import catalog as catalog_repo
from bot.store import members as members_repo
from bot.store import reviews as reviews_repo
from bot.store import trivia as trivia_repo
from bot.store.backend import Store, TableRows
from bot.store.copy import COMMUNITY_COLUMNS, TargetNotEmptyError, community_rows, copy_community
from bot.store.factory import open_store
from bot.store.migrations import CATALOG_TABLES, COMMUNITY_TABLES, migrations
from bot.trivia.model import Question
from bot.trivia.records import StatDelta

# Discord ids are 64-bit: past 2**31 they must survive either backend.
GUILD, OTHER_GUILD = 1_234_567_890_123_456_789, 42
ALICE, BOB = 987_654_321_098_765_432, 5


def _claim(field: str, value: str, document: str, person: str | None = None, role: str | None = None) -> Claim:
    return Claim(field, value, Source(document, 0, len(value)), person, role)


def _films(title_suffix: str = "") -> list[MergedFilm]:
    return [
        MergedFilm(
            "quiet-harbour",
            f"Quiet Harbour{title_suffix}",
            [f"Quiet Harbour{title_suffix}", "Harbour", "Harbour"],
            [
                _claim("year", "1991", "a.txt"),
                _claim("year", "1992", "b.txt"),
                _claim("cast", "Mara Vell as Ines", "a.txt", person="Mara Vell", role="Ines"),
                _claim("director", "Oto Brandt", "a.txt", person="Oto Brandt"),
                _claim("tagline", "Nothing stays moored.", "b.txt"),
            ],
            {"year"},
            ["a.txt", "b.txt"],
        ),
        MergedFilm(
            "ash-lantern",
            "Ash Lantern",
            ["Ash Lantern"],
            [_claim("year", "2003", "c.txt"), _claim("cast", "Mara Vell", "c.txt", person="Mara Vell")],
            set(),
            ["c.txt"],
        ),
    ]


DOCUMENTS = [
    DocumentRecord("a.txt", "aa", 10, "quiet-harbour"),
    DocumentRecord("b.txt", "bb", 20, "quiet-harbour"),
    DocumentRecord("c.txt", "cc", 30, "ash-lantern"),
]
QUESTIONS = [
    Question("q1", "who_plays", "Who plays Ines?", "Mara Vell", ("Mara Vell", "Oto Brandt", "Ann Lee", "Bo Kim"),
             "easy", film_slug="quiet-harbour", document="a.txt", span_start=0, span_end=9),
    Question("q2", "pack", "Which?", "This", ("This", "That"), "hard", pack="pack-x"),
]  # fmt: skip


async def test_the_catalog_round_trips(store: Store) -> None:
    await catalog_repo.replace_catalog(store, _films(), DOCUMENTS, QUESTIONS)
    assert not await catalog_repo.catalog_is_empty(store)
    assert await catalog_repo.counts(store) == {
        "films": 2, "documents": 3, "claims": 7, "people": 2, "disputes": 1, "questions": 2,
    }  # fmt: skip
    row = await catalog_repo.film_row(store, "quiet-harbour")
    assert row is not None and (row["title"], row["year_text"]) == ("Quiet Harbour", "1991/1992")
    assert await catalog_repo.film_titles(store, "quiet-harbour") == ["Harbour", "Quiet Harbour"]
    claims = await catalog_repo.film_claims(store, "quiet-harbour")
    assert [(c["field"], c["value"]) for c in claims][:2] == [("year", "1991"), ("year", "1992")]
    assert await catalog_repo.film_disputes(store, "quiet-harbour") == {"year"}
    assert await catalog_repo.film_documents(store, "quiet-harbour") == ["a.txt", "b.txt"]
    listed = await catalog_repo.list_films(store, 0, 10)
    assert [r["slug"] for r in listed] == ["ash-lantern", "quiet-harbour"]
    credits = await catalog_repo.claims_for_person(store, "mara vell")
    assert [(c["film_slug"], c["role"]) for c in credits] == [("ash-lantern", None), ("quiet-harbour", "Ines")]
    roles = await catalog_repo.claims_for_character(store, "ines")
    assert [c["person"] for c in roles] == ["Mara Vell"]
    quotes = await catalog_repo.quotes(store, ["tagline"], None)
    assert [q["value"] for q in quotes] == ["Nothing stays moored."]
    assert await catalog_repo.document_slugs(store) == {"a.txt": "quiet-harbour", "b.txt": "quiet-harbour",
                                                        "c.txt": "ash-lantern"}  # fmt: skip
    assert await catalog_repo.questions(store) == QUESTIONS
    assert await catalog_repo.questions(store, pack="pack-x") == [QUESTIONS[1]]


async def test_a_swap_replaces_the_whole_catalog_and_leaves_community_data_alone(store: Store) -> None:
    await catalog_repo.replace_catalog(store, _films(), DOCUMENTS, QUESTIONS)
    await reviews_repo.upsert_review(store, GUILD, ALICE, "gone-film", "Ann", 7, "Kept.", "t1")
    await trivia_repo.record_answers(store, [StatDelta(GUILD, ALICE, "Ann", points=10, answers=1, correct=1)])
    await catalog_repo.replace_catalog(store, _films()[1:], DOCUMENTS[2:], [])
    assert await catalog_repo.film_row(store, "quiet-harbour") is None
    assert (await catalog_repo.counts(store))["films"] == 1
    assert await reviews_repo.count_all(store) == 1
    assert (await trivia_repo.player_record(store, GUILD, ALICE)) is not None


async def test_a_swap_that_fails_midway_leaves_the_previous_catalog_whole(store: Store) -> None:
    await catalog_repo.replace_catalog(store, _films(), DOCUMENTS, QUESTIONS)
    before = await catalog_repo.counts(store)

    def failing_rows() -> Iterator[tuple[str, str, str, str]]:
        yield ("new-film", "New Film", "new film", "2020")
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError, match="disk is full"):
        await store.replace_tables(
            CATALOG_TABLES, [TableRows("films", ("slug", "title", "title_fold", "year_text"), failing_rows())]
        )
    assert await catalog_repo.counts(store) == before
    assert await catalog_repo.film_row(store, "new-film") is None


async def test_bulk_reads_see_one_snapshot(store: Store) -> None:
    await catalog_repo.replace_catalog(store, _films(), DOCUMENTS, QUESTIONS)

    def collect(films, titles, names):
        return sorted(tuple(r) for r in films), sorted(tuple(r) for r in titles), len(list(names))

    films, titles, names = await catalog_repo.read_name_rows(store, collect)
    assert films == [("ash-lantern", "Ash Lantern", "2003"), ("quiet-harbour", "Quiet Harbour", "1991/1992")]
    assert ("quiet-harbour", "Harbour") in titles and len(titles) == 3
    assert names == 3
    snapshot = await store.read_consistent(SNAPSHOT_QUERIES, snapshot_of_rows)
    assert snapshot.films == {"quiet-harbour": "Quiet Harbour", "ash-lantern": "Ash Lantern"}
    assert snapshot.claim_count == 7
    assert snapshot.questions["q1"][2] == QUESTIONS[0].choices


async def test_reviews(store: Store) -> None:
    assert not await reviews_repo.upsert_review(store, GUILD, ALICE, "ash-lantern", "Ann", 8, "Good.", "t1")
    assert await reviews_repo.upsert_review(store, GUILD, ALICE, "ash-lantern", "Ann B", 6, "Fine.", "t3")
    assert not await reviews_repo.upsert_review(store, GUILD, BOB, "ash-lantern", "Bob", 9, "Great.", "t2")
    assert not await reviews_repo.upsert_review(store, OTHER_GUILD, BOB, "ash-lantern", "Bob", 1, "No.", "t2")
    row = await reviews_repo.get_review(store, GUILD, ALICE, "ash-lantern")
    assert row is not None and (row["author_name"], row["rating"], row["created_at"], row["updated_at"]) == (
        "Ann B", 6, "t1", "t3",
    )  # fmt: skip
    assert await reviews_repo.film_stats(store, GUILD, "ash-lantern") == (2, 7.5)
    assert await reviews_repo.film_stats(store, GUILD, "quiet-harbour") == (0, None)
    latest = await reviews_repo.latest_reviews(store, GUILD, "ash-lantern", 0, 10)
    assert [r["user_id"] for r in latest] == [ALICE, BOB]
    assert await reviews_repo.member_film_slugs(store, GUILD, ALICE) == ["ash-lantern"]
    assert await reviews_repo.delete_review(store, GUILD, ALICE, "ash-lantern")
    assert not await reviews_repo.delete_review(store, GUILD, ALICE, "ash-lantern")
    assert await reviews_repo.count_all(store) == 2


async def test_stats_streaks_and_leaderboards(store: Store) -> None:
    right = StatDelta(GUILD, ALICE, "Ann", points=100, answers=1, correct=1)
    wrong = StatDelta(GUILD, ALICE, "Ann", points=0, answers=1, correct=0)
    await trivia_repo.record_answers(store, [right, right, right, wrong, right])
    await trivia_repo.record_answers(store, [StatDelta(GUILD, BOB, "Bob", points=150, games=1, answers=2, correct=1)])
    await trivia_repo.record_answers(store, [StatDelta(OTHER_GUILD, BOB, "Bob", points=300, answers=1, correct=1)])
    alice = await trivia_repo.player_record(store, GUILD, ALICE)
    assert alice is not None
    assert (alice.points, alice.answers, alice.correct, alice.current_streak, alice.best_streak, alice.rank) == (
        400, 5, 4, 1, 3, 1,
    )  # fmt: skip
    board = await trivia_repo.leaderboard(store, GUILD)
    assert [(p.user_id, p.points, p.rank) for p in board] == [(ALICE, 400, 1), (BOB, 150, 2)]
    world = await trivia_repo.leaderboard(store, None)
    assert [(p.user_id, p.points, p.rank) for p in world] == [(BOB, 450, 1), (ALICE, 400, 2)]
    assert all(isinstance(p.points, int) for p in world)
    assert await trivia_repo.leaderboard(store, None, limit=1, offset=1) == world[1:]
    bob = await trivia_repo.player_record(store, None, BOB)
    assert bob is not None and (bob.points, bob.answers, bob.rank) == (450, 3, 1)
    assert await trivia_repo.player_record(store, OTHER_GUILD, ALICE) is None


async def test_settings(store: Store) -> None:
    assert await trivia_repo.get_settings(store, GUILD) == trivia_repo.TriviaSettings()
    await trivia_repo.save_settings(store, GUILD, rounds=3)
    saved = await trivia_repo.save_settings(store, GUILD, question_seconds=30)
    assert (saved.rounds, saved.question_seconds) == (3, 30)
    with pytest.raises(ValueError, match="rounds"):
        await trivia_repo.save_settings(store, GUILD, rounds=99)
    await admin_repo.update_guild_settings(store, GUILD, {"moderator_role_id": ALICE, "rounds": None})
    row = await admin_repo.guild_settings_row(store, GUILD)
    assert row is not None and (row["moderator_role_id"], row["rounds"], row["question_seconds"]) == (ALICE, None, 30)


async def test_uploaded_packs(store: Store) -> None:
    await trivia_repo.save_uploaded_pack(store, GUILD, "b-pack", "one", ALICE, "t1")
    await trivia_repo.save_uploaded_pack(store, GUILD, "a-pack", "two", ALICE, "t1")
    await trivia_repo.save_uploaded_pack(store, GUILD, "b-pack", "three!", BOB, "t2")
    assert await trivia_repo.uploaded_packs(store, GUILD) == [("a-pack", "two"), ("b-pack", "three!")]
    assert await trivia_repo.uploaded_pack_versions(store, GUILD) == [("a-pack", "t1", 3), ("b-pack", "t2", 6)]
    assert await trivia_repo.uploaded_packs(store, OTHER_GUILD) == []
    assert await trivia_repo.delete_uploaded_pack(store, GUILD, "a-pack")
    assert not await trivia_repo.delete_uploaded_pack(store, GUILD, "a-pack")


async def test_the_audit_log(store: Store) -> None:
    first = await admin_repo.write_audit(store, GUILD, ALICE, "settings", "rounds=3")
    second = await admin_repo.write_audit(store, None, None, "reload", "cli", ok=False)
    third = await admin_repo.write_audit(store, OTHER_GUILD, BOB, "settings", "other")
    assert first < second < third
    recent = await admin_repo.recent_audit(store, GUILD)
    assert [(r["id"], r["action"], r["ok"]) for r in recent] == [(second, "reload", 0), (first, "settings", 1)]
    last = await admin_repo.last_action(store, ["reload"])
    assert last is not None and last["id"] == second


async def test_console_members_and_the_names_of_moderators(store: Store) -> None:
    ann = await members_repo.save_member(store, "Ann", None)
    assert (ann.role, await members_repo.get_member(store, "ANN")) == ("member", ann)
    bo = await members_repo.save_member(store, "Bo", "moderator")
    assert bo.user_id == ann.user_id + 1
    promoted = await members_repo.save_member(store, "ann", "moderator")
    assert (promoted.user_id, promoted.role) == (ann.user_id, "moderator")
    assert [m.name for m in await members_repo.all_members(store)] == ["Ann", "Bo"]
    assert await members_repo.member_by_id(store, bo.user_id) == bo
    await admin_repo.remember_name(store, GUILD, ALICE, "Alice")
    await admin_repo.remember_name(store, GUILD, ALICE, "Alice B")
    assert await admin_repo.member_names(store, GUILD, [ALICE, BOB]) == {ALICE: "Alice B"}


# --- filmbot db copy -------------------------------------------------------------------------------


def test_the_copy_knows_every_community_table_and_column() -> None:
    """A migration adding community data must teach `db copy` about it too."""
    assert list(COMMUNITY_COLUMNS) == list(COMMUNITY_TABLES)
    conn = sqlite3.connect(":memory:")
    for migration in migrations("sqlite"):
        conn.executescript(migration.sql)
    for table, columns in COMMUNITY_COLUMNS.items():
        assert [row[1] for row in conn.execute(f"PRAGMA table_info({table})")] == list(columns), table


async def _community(store: Store) -> None:
    await reviews_repo.upsert_review(store, GUILD, ALICE, "ash-lantern", "Ann", 8, "Good.", "t1")
    await trivia_repo.record_answers(store, [StatDelta(GUILD, ALICE, "Ann", points=10, answers=1, correct=1)])
    await trivia_repo.save_settings(store, GUILD, rounds=4)
    await trivia_repo.save_uploaded_pack(store, GUILD, "mine", "yaml", ALICE, "t1")
    await admin_repo.write_audit(store, GUILD, ALICE, "pack", "mine")
    await admin_repo.write_audit(store, None, None, "reload", "cli")


async def test_copy_moves_community_data_once_and_refuses_to_overwrite(store: Store, tmp_path: Path) -> None:
    source = await open_store(tmp_path / "source.db")
    try:
        await _community(source)
        await catalog_repo.replace_catalog(source, _films(), DOCUMENTS, QUESTIONS)
        report = await copy_community(source, store)
        assert not report.already_there and report.counts["audit_log"] == 2
        assert await community_rows(store) == await community_rows(source)
        assert await catalog_repo.catalog_is_empty(store)  # each store builds its own catalog
        # Again: the same data is already there, nothing changes.
        assert (await copy_community(source, store)).already_there
        # New writes in the target carry on after the copied ids.
        next_id = await admin_repo.write_audit(store, GUILD, BOB, "settings", "after the copy")
        assert next_id > max(r[0] for r in (await community_rows(source))["audit_log"])
        # The target now differs: refused without force, replaced with it.
        with pytest.raises(TargetNotEmptyError, match="audit log"):
            await copy_community(source, store)
        await copy_community(source, store, force=True)
        assert await community_rows(store) == await community_rows(source)
    finally:
        await source.close()


async def test_refusals_are_counted_apart_from_the_audit_log(store: Store) -> None:
    kept = await admin_repo.write_audit(store, GUILD, ALICE, "settings", "rounds=3")
    for detail in ("/admin status", "/admin reload", "/admin status"):
        await admin_repo.count_refusal(store, GUILD, BOB, detail)
    await admin_repo.count_refusal(store, None, BOB, "/admin status")
    assert [r["id"] for r in await admin_repo.recent_audit(store, GUILD)] == [kept]
    [bob] = await admin_repo.refusals_by_user(store, GUILD)
    assert (bob["user_id"], int(bob["attempts"])) == (BOB, 3)
    assert sorted(bob["details"].split(",")) == ["/admin reload", "/admin status"]
    [nowhere] = await admin_repo.refusals_by_user(store, None)
    assert int(nowhere["attempts"]) == 1


async def test_a_flood_of_refusals_is_one_row_per_member_and_command(store: Store) -> None:
    """A member clicking a command they may not use, again and again, cannot grow the database."""
    for _ in range(300):
        await admin_repo.count_refusal(store, GUILD, BOB, "/admin reload")
    await admin_repo.count_refusal(store, GUILD, ALICE, "/admin reload")
    assert len(await store.fetchall("SELECT user_id FROM admin_refusals")) == 2
    counted = {
        r["user_id"]: (int(r["attempts"]), r["details"]) for r in await admin_repo.refusals_by_user(store, GUILD)
    }
    assert counted == {BOB: (300, "/admin reload"), ALICE: (1, "/admin reload")}
    assert await admin_repo.recent_audit(store, GUILD) == []


async def test_seasons_close_the_leaderboard_into_history_and_keep_lifetime_stats(store: Store) -> None:
    await trivia_repo.record_answers(
        store,
        [
            StatDelta(GUILD, ALICE, "Ann", points=300, games=1, answers=3, correct=3),
            StatDelta(GUILD, BOB, "Bob", points=100, games=1, answers=2, correct=1),
            StatDelta(OTHER_GUILD, BOB, "Bob", points=50, games=1, answers=1, correct=1),
        ],
    )
    first = await trivia_repo.seasons(store, GUILD)
    assert [(s.number, s.name, s.current) for s in first] == [(1, trivia_repo.FIRST_SEASON_NAME, True)]

    closed, started, players = await trivia_repo.start_season(store, GUILD, "Spring", "spring", ALICE, "2026-03-01")
    assert (closed.number, closed.name, closed.ended_at, started.number, started.name, players) == (
        1, "Season 1", "2026-03-01", 2, "Spring", 2,
    )  # fmt: skip
    assert await trivia_repo.leaderboard(store, GUILD) == []  # the new season starts empty
    await trivia_repo.record_answers(store, [StatDelta(GUILD, BOB, "Bob", points=120, games=1, answers=1, correct=1)])

    spring = await trivia_repo.leaderboard(store, GUILD)
    assert [(p.user_id, p.points, p.games, p.answers, p.correct, p.rank) for p in spring] == [(BOB, 120, 1, 1, 1, 1)]
    old = await trivia_repo.leaderboard(store, GUILD, season=1)
    assert [(p.user_id, p.points, p.answers, p.rank) for p in old] == [(ALICE, 300, 3, 1), (BOB, 100, 2, 2)]
    # Lifetime records are untouched by seasons.
    bob = await trivia_repo.player_record(store, GUILD, BOB)
    assert bob is not None and (bob.points, bob.games, bob.answers) == (220, 2, 3)

    # Global: the current season of each server, summed; or every server's season of one name.
    world = await trivia_repo.leaderboard(store, None)
    assert [(p.user_id, p.points) for p in world] == [(BOB, 170)]
    named = await trivia_repo.leaderboard(store, None, season_fold=trivia_repo.FIRST_SEASON_FOLD)
    assert [(p.user_id, p.points) for p in named] == [(ALICE, 300), (BOB, 150)]
    assert [(p.user_id, p.points) for p in await trivia_repo.leaderboard(store, None, season_fold="spring")] == [
        (BOB, 120)
    ]

    with pytest.raises(trivia_repo.SeasonNameTakenError):
        await trivia_repo.start_season(store, GUILD, "SEASON 1", "season 1", ALICE, "2026-04-01")
    with pytest.raises(trivia_repo.SeasonNameTakenError):
        await trivia_repo.start_season(store, GUILD, "spring", "spring", ALICE, "2026-04-01")
    names = [s.name for s in await trivia_repo.seasons(store, GUILD)]
    assert names == ["Season 1", "Spring"], "a refusal changes nothing"

    await trivia_repo.start_season(store, GUILD, "Summer", "summer", BOB, "2026-06-01")
    assert [(s.name, s.current) for s in await trivia_repo.seasons(store, GUILD)] == [
        ("Season 1", False), ("Spring", False), ("Summer", True),
    ]  # fmt: skip
    assert [(p.user_id, p.points) for p in await trivia_repo.leaderboard(store, GUILD, season=2)] == [(BOB, 120)]
    assert await trivia_repo.leaderboard(store, GUILD) == []
    assert await trivia_repo.season_names(store) == ["Season 1", "Spring", "Summer"]


async def test_season_starts_at_the_same_time_both_happen_one_after_the_other(store: Store) -> None:
    await trivia_repo.record_answers(store, [StatDelta(GUILD, ALICE, "Ann", points=10, games=1, answers=1)])
    starts = [trivia_repo.start_season(store, GUILD, name, name.lower(), BOB, "2026-05-01") for name in ("A", "B", "C")]
    results = await asyncio.gather(*starts)
    seasons = await trivia_repo.seasons(store, GUILD)
    assert [s.number for s in seasons] == [1, 2, 3, 4]
    assert [s.current for s in seasons] == [False, False, False, True]
    assert sorted(players for _, _, players in results) == [0, 0, 1], "the first season's player counted once"
    assert await trivia_repo.leaderboard(store, GUILD, season=1) != []
