"""Seasons through the services, on both backends: names checked and refused privately, the
leaderboard per season (here and global), lifetime stats untouched, every start audited."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.admin.model import SEASON_START, AdminError
from bot.admin.reload import ReloadService
from bot.admin.service import AdminService
from bot.catalog.service import CatalogService
from bot.store import trivia as repo
from bot.store.backend import Store
from bot.text import fold
from bot.trivia.errors import SeasonError
from bot.trivia.service import SEASON_NAME_MAX, TriviaService
from tests.test_trivia_service import GUILD, OTHER_GUILD, FakeClock, clock, db  # noqa: F401 - fixtures

ALICE, BOB = 1, 2


@pytest.fixture
async def trivia(db: Store, clock: FakeClock) -> TriviaService:  # noqa: F811
    return TriviaService(db, clock, catalog=CatalogService(db), sleep=clock.sleep, rng=random.Random(1))


async def played(db: Store, guild: int, user: int, points: int) -> None:  # noqa: F811
    await repo.record_answers(
        db, [repo.StatDelta(guild, user, f"P{user}", points=points, games=1, answers=1, correct=1)]
    )


def admin_of(db: Store, trivia: TriviaService, tmp: Path = Path("unused")) -> AdminService:  # noqa: F811
    catalog = CatalogService(db)
    return AdminService(db, catalog, ReloadService(db, catalog, tmp, None), trivia=trivia)


def test_the_first_seasons_folded_name_is_what_fold_makes_of_it() -> None:
    assert fold(repo.FIRST_SEASON_NAME) == repo.FIRST_SEASON_FOLD


async def test_a_season_start_restarts_the_board_and_keeps_the_old_one(trivia: TriviaService, db: Store) -> None:  # noqa: F811
    await played(db, GUILD, ALICE, 200)
    change = await trivia.start_season(GUILD, BOB)
    assert (change.closed.name, change.started.name, change.players) == ("Season 1", "Season 2", 1)
    await played(db, GUILD, BOB, 50)
    shown, board = await trivia.season_leaderboard(GUILD)
    assert (shown.name, shown.current) == ("Season 2", True)
    assert [(p.user_id, p.points) for p in board] == [(BOB, 50)]
    shown, board = await trivia.season_leaderboard(GUILD, "  SEASON 1 ")
    assert (shown.name, shown.current, shown.ended_at) == ("Season 1", False, change.closed.ended_at)
    assert [(p.user_id, p.points) for p in board] == [(ALICE, 200)]
    assert await trivia.season_names(GUILD) == ["Season 2", "Season 1"]
    alice = await trivia.player(GUILD, ALICE)
    assert alice is not None and alice.points == 200, "stats stay lifetime totals"


async def test_global_standings_are_each_servers_current_season_or_a_named_one(
    trivia: TriviaService,
    db: Store,  # noqa: F811
) -> None:
    await played(db, GUILD, ALICE, 200)
    await played(db, OTHER_GUILD, ALICE, 30)
    await trivia.start_season(GUILD, BOB, "Spring")
    await played(db, GUILD, BOB, 10)
    shown, world = await trivia.season_leaderboard(None)
    assert shown.name is None
    assert [(p.user_id, p.points) for p in world] == [(ALICE, 30), (BOB, 10)]
    _, first = await trivia.season_leaderboard(None, "season 1")  # closed in one server, current in the other
    assert [(p.user_id, p.points) for p in first] == [(ALICE, 230)]
    with pytest.raises(SeasonError, match="no season called"):
        await trivia.season_leaderboard(None, "Winter")


@pytest.mark.parametrize(
    ("name", "problem"),
    [("Season 1", "already has a season"), ("   ", "letters or digits"), ("x" * (SEASON_NAME_MAX + 1), "at most")],
)
async def test_bad_names_are_refused_audited_and_change_nothing(
    trivia: TriviaService,
    db: Store,  # noqa: F811
    name: str,
    problem: str,
) -> None:
    await played(db, GUILD, ALICE, 100)
    admin = admin_of(db, trivia)
    with pytest.raises(AdminError, match=problem):
        await admin.start_season(GUILD, BOB, name)
    assert [s.name for s in await trivia.seasons(GUILD)] == ["Season 1"]
    assert [(p.user_id, p.points) for p in (await trivia.season_leaderboard(GUILD))[1]] == [(ALICE, 100)]
    rows = await db.fetchall("SELECT action, ok FROM audit_log")
    assert [(r["action"], r["ok"]) for r in rows] == [(SEASON_START, 0)]
    with pytest.raises(SeasonError, match="no season called"):
        await trivia.season_leaderboard(GUILD, "Spring")


async def test_a_season_start_is_audited(trivia: TriviaService, db: Store) -> None:  # noqa: F811
    admin = admin_of(db, trivia)
    await admin.start_season(GUILD, BOB, "Spring")
    rows = await db.fetchall("SELECT action, detail, ok, user_id FROM audit_log")
    assert [(r["action"], r["detail"], r["ok"], r["user_id"]) for r in rows] == [
        (SEASON_START, "closed Season 1 (0 players); started Spring", 1, BOB)
    ]
