"""The service facade and persistence, on a real temporary store (SQLite and PostgreSQL), with a fake clock."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.catalog.service import CatalogService
from bot.model import MergedFilm
from bot.store import catalog as catalog_repo
from bot.store import trivia as repo
from bot.store.backend import Store
from bot.store.db import Database
from bot.store.factory import open_store
from bot.trivia import library as trivia_library
from bot.trivia.bank import build_bank
from bot.trivia.errors import (
    GameRunningError,
    InvalidOptionError,
    NoGameError,
    NotAllowedError,
    NotEnoughQuestionsError,
    TriviaError,
    UnknownFilmError,
    UnknownPackError,
)
from bot.trivia.packs import PackError, load_pack_dir, load_pack_text
from bot.trivia.service import GameSummary, TriviaService
from bot.trivia.session import AnswerStatus, AskedQuestion, CloseReason, EndReason, JoinStatus, Progress, Reveal
from tests.test_trivia_bank import catalog
from tests.test_trivia_packs import max_size_pack

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "packs"
T0 = 1_700_000_000.0
GUILD, OTHER_GUILD = 7, 8
CHANNEL, OTHER_CHANNEL = 70, 71
STARTER, ALICE, BOB = 100, 1, 2


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Time passes at once, but other tasks get to run first."""
        await asyncio.sleep(0)
        self.now += seconds


@pytest.fixture
async def db(store_target: str | Path) -> AsyncIterator[Store]:
    database = await open_store(store_target)
    films = [
        MergedFilm("harbour-lights", "Harbour Lights", ["Harbour Lights"]),
        MergedFilm("iron-meadow", "Iron Meadow", ["Iron Meadow"]),
        MergedFilm("glass-orbit", "Glass Orbit", ["Glass Orbit"]),
        MergedFilm("jaws-1975", "Jaws", ["Jaws", "Jaws (1975)"]),
    ]
    await catalog_repo.replace_catalog(database, films, [], build_bank(catalog()))
    yield database
    await database.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def trivia(db: Store, clock: FakeClock) -> TriviaService:
    packs, problems = load_pack_dir(BUNDLED)
    assert problems == []
    service = TriviaService(db, clock, catalog=CatalogService(db), sleep=clock.sleep, rng=random.Random(4), packs=packs)
    assert await service.load_bank() > 40
    return service


def right(asked: AskedQuestion) -> int:
    return asked.choices.index(asked.question.answer)


def wrong(asked: AskedQuestion) -> int:
    return (right(asked) + 1) % len(asked.choices)


async def record(db: Store, user: int, guild: int | None = GUILD) -> repo.PlayerRecord:
    found = await repo.player_record(db, guild, user)
    assert found is not None
    return found


# -- starting -----------------------------------------------------------------------------------


async def test_bad_options_are_refused_clearly(trivia: TriviaService) -> None:
    with pytest.raises(InvalidOptionError, match="between 1 and 20"):
        await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=0)
    with pytest.raises(InvalidOptionError, match="between 1 and 20"):
        await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=21)
    with pytest.raises(InvalidOptionError, match="easy, medium, hard"):
        await trivia.start_game(GUILD, CHANNEL, STARTER, difficulty="extreme")
    with pytest.raises(UnknownPackError) as unknown_pack:
        await trivia.start_game(GUILD, CHANNEL, STARTER, pack="nope")
    assert unknown_pack.value.available == ["film-basics", "film-classics"]
    with pytest.raises(UnknownFilmError):
        await trivia.start_game(GUILD, CHANNEL, STARTER, film_slug="no-such-film")
    with pytest.raises(NotEnoughQuestionsError) as not_enough:
        await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=20, film_slug="glass-orbit", difficulty="easy")
    assert not_enough.value.available > 0
    assert "Try fewer rounds" in (not_enough.value.hint or "")
    assert trivia.game_in(CHANNEL) is None, "a refused start leaves no game behind"


async def test_one_game_per_channel_any_number_of_channels(trivia: TriviaService) -> None:
    first = await trivia.start_game(GUILD, CHANNEL, STARTER)
    with pytest.raises(GameRunningError):
        await trivia.start_game(GUILD, CHANNEL, ALICE)
    other = await trivia.start_game(GUILD, OTHER_CHANNEL, ALICE, rounds=3)
    assert first.game_id != other.game_id
    assert (first.total, first.question_seconds, first.reveal_seconds) == (5, 20, 5), "server defaults"
    assert trivia.game_in(CHANNEL) == first
    assert trivia.game_in(OTHER_CHANNEL) == other


async def test_film_and_pack_filters(trivia: TriviaService) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=10, film_slug="glass-orbit")
    questions = [trivia.runner.game(info.game_id).questions]  # peeking at the chosen questions
    assert {q.film_slug for q in questions[0]} == {"glass-orbit"}
    await trivia.finish(info.game_id)

    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3, pack="Film classics", difficulty="hard")
    assert info.pack == "film-classics"
    assert {q.difficulty for q in trivia.runner.game(info.game_id).questions} == {"hard"}
    await trivia.finish(info.game_id)

    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=2, film_slug="jaws-1975", pack="film-classics")
    prompts = {q.prompt for q in trivia.runner.game(info.game_id).questions}
    assert prompts == {
        "Who directed Jaws (1975)?",
        "What is the name of the shark-hunting boat in Jaws (1975)?",
    }


async def test_recent_questions_are_not_repeated_soon(trivia: TriviaService) -> None:
    seen: set[str] = set()
    for _ in range(3):
        info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=5, film_slug="harbour-lights")
        ids = {q.id for q in trivia.runner.game(info.game_id).questions}
        assert not ids & seen
        seen |= ids
        await trivia.finish(info.game_id)


# -- playing and persistence ---------------------------------------------------------------------


async def test_end_stops_a_game_at_once_and_finish_writes_it(
    trivia: TriviaService, db: Store, clock: FakeClock
) -> None:
    """`/trivia stop` is answered before the stats are written: `end` needs no await."""
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    trivia.mark_posted(info.game_id, 1, clock.now)
    trivia.answer(info.game_id, 1, ALICE, right(asked), clock.now + 1, name="Alice")
    with pytest.raises(NotAllowedError):
        trivia.end(CHANNEL, BOB, is_moderator=False)
    assert trivia.end(CHANNEL, STARTER, is_moderator=False) == info.game_id
    late = trivia.answer(info.game_id, 1, BOB, right(asked), clock.now + 2, name="Bob")
    assert not late.counted, "nothing counts once the game is stopped"
    assert await repo.player_record(db, GUILD, ALICE) is None, "not written yet"
    summary = await trivia.finish(info.game_id)
    assert summary is not None and summary.end_reason is EndReason.STOPPED
    assert (await record(db, ALICE)).correct == 1
    with pytest.raises(NoGameError):
        trivia.end(CHANNEL, STARTER, is_moderator=True)


async def test_a_click_from_another_channel_or_server_is_refused_and_not_scored(
    trivia: TriviaService, db: Store, clock: FakeClock
) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=1)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    trivia.mark_posted(info.game_id, 1, clock.now)
    for origin in ((OTHER_CHANNEL, GUILD), (CHANNEL, OTHER_GUILD), (CHANNEL, None), (None, None)):
        result = trivia.answer(info.game_id, 1, BOB, right(asked), clock.now + 1, name="Bob", origin=origin)
        assert result.status is AnswerStatus.WRONG_PLACE, origin
        assert not result.counted
    here = trivia.answer(info.game_id, 1, ALICE, right(asked), clock.now + 1, name="Alice", origin=(CHANNEL, GUILD))
    assert here.status is AnswerStatus.CORRECT
    clock.now += 30
    reveal = await trivia.wait_closed(info.game_id, 1)
    assert reveal is not None
    assert [a.user_id for a in reveal.answers] == [ALICE], "the refused clicks were not scored"
    assert await repo.player_record(db, OTHER_GUILD, BOB) is None, "nothing written to the other server"
    assert await repo.player_record(db, GUILD, BOB) is None


async def test_a_game_is_written_after_every_question(trivia: TriviaService, db: Store, clock: FakeClock) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    game = info.game_id

    asked = trivia.ask(game)
    assert asked is not None
    trivia.mark_posted(game, 1, clock.now)
    assert trivia.answer(game, 1, ALICE, right(asked), clock.now + 1, name="Alice").status is AnswerStatus.CORRECT
    assert trivia.answer(game, 1, BOB, wrong(asked), clock.now + 2, name="Bob").status is AnswerStatus.INCORRECT
    assert trivia.answer(game, 1, BOB, right(asked), clock.now + 3, name="Bob").status is (
        AnswerStatus.ALREADY_ANSWERED
    )
    clock.now += 20
    reveal = await trivia.wait_closed(game, 1)
    assert reveal is not None
    assert reveal.reason is CloseReason.TIMEOUT
    alice = await record(db, ALICE)
    assert (alice.games, alice.answers, alice.correct, alice.points, alice.current_streak) == (1, 1, 1, 195, 1)
    bob = await record(db, BOB)
    assert (bob.games, bob.answers, bob.correct, bob.points) == (1, 1, 0, 0)

    clock.now += 5
    asked = trivia.ask(game)
    assert asked is not None
    assert trivia.answer(game, 1, ALICE, 0, clock.now, name="Alice").status is AnswerStatus.OLD_QUESTION
    waiting = asyncio.create_task(trivia.wait_closed(game, 2))
    await asyncio.sleep(0)
    trivia.answer(game, 2, ALICE, right(asked), clock.now, name="Alice")
    last = trivia.answer(game, 2, BOB, right(asked), clock.now + 4, name="Bob")
    assert last.closed_question
    reveal = await waiting
    assert reveal is not None
    assert reveal.reason is CloseReason.ALL_ANSWERED
    assert [a.user_id for a in reveal.correct] == [ALICE, BOB]
    alice = await record(db, ALICE)
    assert (alice.games, alice.answers, alice.correct, alice.points, alice.best_streak) == (1, 2, 2, 405, 2)

    clock.now += 5
    asked = trivia.ask(game)
    assert asked is not None
    trivia.answer(game, 3, BOB, right(asked), clock.now, name="Bobby")
    clock.now += 20
    reveal = await trivia.wait_closed(game, 3)
    assert reveal is not None
    assert reveal.game_over
    assert reveal.end_reason is EndReason.FINISHED
    summary = await trivia.finish(game)
    assert summary is not None
    assert [(s.rank, s.user_id, s.points) for s in summary.standings] == [(1, ALICE, 405), (2, BOB, 390)]
    assert trivia.game_in(CHANNEL) is None
    assert trivia.answer(game, 3, ALICE, 0, clock.now, name="Alice").status is AnswerStatus.GAME_OVER

    alice, bob = await record(db, ALICE), await record(db, BOB)
    assert (alice.answers, alice.correct, alice.current_streak, alice.best_streak) == (2, 2, 0, 2), "skip ends streak"
    assert (bob.games, bob.answers, bob.correct, bob.display_name) == (1, 3, 2, "Bobby")
    assert bob.accuracy == pytest.approx(2 / 3)
    board = await trivia.leaderboard(GUILD)
    assert [(p.rank, p.user_id) for p in board] == [(1, ALICE), (2, BOB)]


@asynccontextmanager
async def writes_blocked(db: Store) -> AsyncIterator[None]:
    """Another writer holds the stats: the bot's own write lock (SQLite), a table lock (PostgreSQL)."""
    if isinstance(db, Database):
        async with db.write_lock():
            yield
    else:
        async with db.transaction() as tx:
            await tx.execute("LOCK TABLE player_stats IN EXCLUSIVE MODE")
            yield


async def test_a_cancelled_write_keeps_the_stats(trivia: TriviaService, db: Store, clock: FakeClock) -> None:
    """A shutdown cancelling the write of a closed question must not lose its points."""
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    trivia.answer(info.game_id, 1, ALICE, right(asked), clock.now + 1, name="Alice")
    async with writes_blocked(db):  # another write is under way: the game's write has to wait
        finishing = asyncio.create_task(trivia.finish(info.game_id))
        for _ in range(5):
            await asyncio.sleep(0)
        finishing.cancel()
        with pytest.raises(asyncio.CancelledError):
            await finishing
    summary = await trivia.finish(info.game_id)
    assert summary is not None
    alice = await record(db, ALICE)
    assert (alice.games, alice.answers, alice.correct) == (1, 1, 1), "written once, not lost, not doubled"


async def fail_stat_writes(db: Store) -> None:
    """Every write of player stats fails from now on (as on a full disk), until the trigger is dropped."""
    if db.backend == "sqlite":
        await db.execute(
            "CREATE TEMP TRIGGER full_disk BEFORE INSERT ON player_stats BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    else:
        await db.execute(
            "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS"
            " $$ BEGIN RAISE EXCEPTION 'disk full'; END $$"
        )
        await db.execute(
            "CREATE TRIGGER full_disk BEFORE INSERT ON player_stats FOR EACH ROW EXECUTE FUNCTION full_disk()"
        )


async def test_a_failed_write_is_retried_when_the_next_question_closes(
    trivia: TriviaService, db: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    await fail_stat_writes(db)
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    trivia.answer(info.game_id, 1, ALICE, right(asked), clock.now + 1, name="Alice")
    clock.now += 20
    assert await trivia.wait_closed(info.game_id, 1) is not None
    assert await repo.player_record(db, GUILD, ALICE) is None
    assert "the game's next write retries them" in caplog.text
    await db.execute(f"DROP TRIGGER full_disk{' ON player_stats' if db.backend == 'postgresql' else ''}")

    clock.now += 5
    asked = trivia.ask(info.game_id)
    assert asked is not None
    assert trivia.answer(info.game_id, 2, ALICE, right(asked), clock.now + 1, name="Alice").closed_question
    await trivia.wait_closed(info.game_id, 2)
    alice = await record(db, ALICE)
    assert (alice.games, alice.answers, alice.correct, alice.current_streak) == (1, 2, 2, 2)


async def test_stats_that_cannot_be_written_when_a_game_ends_are_reported_lost(
    trivia: TriviaService, db: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    trivia.answer(info.game_id, 1, ALICE, right(asked), clock.now + 1, name="Alice")
    await fail_stat_writes(db)
    assert await trivia.finish(info.game_id) is not None
    assert "could not be saved and are lost" in caplog.text
    assert "will retry" not in caplog.text


async def test_leaderboards_per_server_and_global(trivia: TriviaService, db: Store) -> None:
    await repo.record_answers(
        db,
        [
            repo.StatDelta(GUILD, ALICE, "Alice", points=200, games=1, answers=1, correct=1),
            repo.StatDelta(GUILD, BOB, "Bob", points=150, games=1, answers=1, correct=1),
            repo.StatDelta(OTHER_GUILD, BOB, "Bob", points=100, games=1, answers=1, correct=1),
            repo.StatDelta(OTHER_GUILD, STARTER, "Sam", points=0, games=1, answers=1, correct=0),
        ],
    )
    here = await trivia.leaderboard(GUILD)
    assert [(p.rank, p.display_name, p.points) for p in here] == [(1, "Alice", 200), (2, "Bob", 150)]
    everywhere = await trivia.leaderboard(None)
    assert [(p.rank, p.display_name, p.points, p.games) for p in everywhere] == [
        (1, "Bob", 250, 2),
        (2, "Alice", 200, 1),
        (3, "Sam", 0, 1),
    ]
    bob = await trivia.player(None, BOB)
    assert bob is not None
    assert (bob.rank, bob.answers, bob.correct, bob.accuracy) == (1, 2, 2, 1.0)
    assert (await trivia.player(OTHER_GUILD, BOB)).rank == 1  # type: ignore[union-attr]
    assert await trivia.player(GUILD, STARTER) is None
    assert len(await trivia.leaderboard(None)) == 3
    assert len(await trivia.leaderboard(GUILD)) == 2
    assert [p.user_id for p in await trivia.leaderboard(None, limit=1, offset=1)] == [ALICE]


async def test_stop_by_starter_or_moderator(trivia: TriviaService, db: Store, clock: FakeClock) -> None:
    with pytest.raises(NoGameError):
        await trivia.stop(CHANNEL, STARTER, False)
    info = await trivia.start_game(GUILD, CHANNEL, STARTER)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    trivia.answer(info.game_id, 1, ALICE, right(asked), clock.now, name="Alice")
    with pytest.raises(NotAllowedError):
        await trivia.stop(CHANNEL, ALICE, False)
    summary = await trivia.stop(CHANNEL, STARTER, False)
    assert summary is not None
    assert summary.end_reason is EndReason.STOPPED
    assert [s.user_id for s in summary.standings] == [ALICE]
    assert (await record(db, ALICE)).correct == 1, "the question in flight is scored and written"
    assert trivia.answer(info.game_id, 1, BOB, 0, clock.now, name="Bob").status is AnswerStatus.GAME_OVER
    again = await trivia.start_game(GUILD, CHANNEL, ALICE)
    await trivia.stop(CHANNEL, BOB, True)  # a moderator
    assert trivia.game_in(CHANNEL) is None
    assert await trivia.finish(again.game_id) is not None, "finishing twice is harmless"


async def test_abandoned_game_ends_by_itself(trivia: TriviaService, clock: FakeClock) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=10)
    for number in range(1, 4):
        asked = trivia.ask(info.game_id)
        assert asked is not None
        assert asked.number == number
        clock.now += 20
        reveal = await trivia.wait_closed(info.game_id, number)
        assert reveal is not None
    assert reveal.game_over
    assert reveal.end_reason is EndReason.ABANDONED
    assert trivia.ask(info.game_id) is None


async def test_bots_are_not_players(trivia: TriviaService, db: Store, clock: FakeClock) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=1)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    result = trivia.answer(info.game_id, 1, 999, right(asked), clock.now, name="SomeBot", is_bot=True)
    assert result.status is AnswerStatus.IGNORED_BOT
    clock.now += 20
    await trivia.wait_closed(info.game_id, 1)
    assert await repo.player_record(db, GUILD, 999) is None


class Recorder:
    """A presenter that records what a front end would show, and plays two players."""

    def __init__(self, trivia: TriviaService, clock: FakeClock) -> None:
        self.trivia = trivia
        self.clock = clock
        self.events: list[str] = []
        self.reveals: list[Reveal] = []
        self.progress_seen: list[Progress] = []
        self.summary: GameSummary | None = None

    async def question(self, asked: AskedQuestion) -> float | None:
        self.events.append(f"ask {asked.number}")
        posted = self.clock.now + 0.2
        asyncio.get_running_loop().call_soon(self._click, asked, posted)
        return posted

    def _click(self, asked: AskedQuestion, posted: float) -> None:
        self.trivia.answer(asked.game_id, asked.number, ALICE, right(asked), posted + 1, name="Alice")
        self.trivia.answer(asked.game_id, asked.number, BOB, wrong(asked), posted + 2, name="Bob")

    async def progress(self, progress: Progress) -> None:
        self.progress_seen.append(progress)

    async def reveal(self, reveal: Reveal) -> None:
        self.events.append(f"reveal {reveal.number} {reveal.reason}")
        self.reveals.append(reveal)

    async def finished(self, summary: GameSummary) -> None:
        self.events.append("finished")
        self.summary = summary


async def test_run_game_drives_a_whole_game(trivia: TriviaService, db: Store, clock: FakeClock) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    presenter = Recorder(trivia, clock)
    summary = await trivia.run_game(info.game_id, presenter)
    assert presenter.events == [
        "ask 1",
        "reveal 1 timeout",  # nobody had joined yet: time decides
        "ask 2",
        "reveal 2 all answered",
        "ask 3",
        "reveal 3 all answered",
        "finished",
    ]
    assert summary == presenter.summary
    assert summary is not None
    assert [s.user_id for s in summary.standings] == [ALICE, BOB]
    assert presenter.progress_seen, "answers were reported while waiting"
    assert presenter.reveals[0].answers[0].elapsed == pytest.approx(1.0), "timed from the posted message"
    assert (await record(db, ALICE)).answers == 3
    assert (await record(db, BOB)).answers == 3


async def test_run_game_ends_on_stop(trivia: TriviaService, clock: FakeClock) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=5)

    class Stopper(Recorder):
        async def question(self, asked: AskedQuestion) -> float | None:
            posted = await super().question(asked)
            if asked.number == 2:
                asyncio.get_running_loop().call_soon(
                    lambda: asyncio.ensure_future(self.trivia.stop(CHANNEL, STARTER, False))
                )
            return posted

    presenter = Stopper(trivia, clock)
    summary = await trivia.run_game(info.game_id, presenter)
    assert summary is not None
    assert summary.end_reason is EndReason.STOPPED
    assert presenter.events[-1] == "finished"
    assert presenter.events.count("finished") == 1
    assert "ask 3" not in presenter.events


async def test_a_stop_during_the_pause_after_a_reveal_ends_the_game_at_once(db: Store, clock: FakeClock) -> None:
    """/trivia stop promises the final standings now, not after the reveal pause."""
    await repo.save_settings(db, GUILD, reveal_seconds=37)

    async def sleep(seconds: float) -> None:
        if seconds == 37:  # the pause after a reveal: far longer than this test waits
            await asyncio.Event().wait()
        await clock.sleep(seconds)

    packs, _ = load_pack_dir(BUNDLED)
    trivia = TriviaService(db, clock, catalog=CatalogService(db), sleep=sleep, rng=random.Random(4), packs=packs)
    await trivia.load_bank()
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)

    class StopAtReveal(Recorder):
        async def reveal(self, reveal: Reveal) -> None:
            await super().reveal(reveal)
            asyncio.get_running_loop().call_soon(
                lambda: asyncio.ensure_future(self.trivia.stop(CHANNEL, STARTER, False))
            )

    presenter = StopAtReveal(trivia, clock)
    summary = await asyncio.wait_for(trivia.run_game(info.game_id, presenter), 2.0)
    assert summary is not None
    assert summary.end_reason is EndReason.STOPPED
    assert presenter.events == ["ask 1", "reveal 1 timeout", "finished"]


# -- settings and packs ---------------------------------------------------------------------------


async def test_settings_defaults_and_changes(trivia: TriviaService, db: Store) -> None:
    assert await trivia.settings(GUILD) == repo.TriviaSettings(20, 5, 5)
    saved = await repo.save_settings(db, GUILD, question_seconds=30, rounds=8)
    assert saved == repo.TriviaSettings(30, 8, 5)
    assert await repo.save_settings(db, GUILD, reveal_seconds=2) == repo.TriviaSettings(30, 8, 2)
    with pytest.raises(ValueError, match="rounds"):
        await repo.save_settings(db, GUILD, rounds=50)
    await db.execute("UPDATE guild_settings SET question_seconds = 9999 WHERE guild_id = ?", (GUILD,))
    assert (await trivia.settings(GUILD)).question_seconds == 20, "a bad stored value falls back"
    info = await trivia.start_game(GUILD, CHANNEL, STARTER)
    assert (info.total, info.reveal_seconds) == (8, 2)


async def test_uploaded_packs_belong_to_their_server(trivia: TriviaService) -> None:
    red = "Who directed Heat?:\n- Michael Mann\nWho directed Alien?:\n- Ridley Scott\n"
    red += "Who directed Fargo?:\n- Joel Coen\nWho directed Rocky?:\n- John G. Avildsen\n"
    pack = await trivia.upload_pack(GUILD, ALICE, "Our Pack", red)
    assert pack.key == "our-pack"
    assert "our-pack" in [p.key for p in await trivia.packs(GUILD)]
    assert "our-pack" not in [p.key for p in await trivia.packs(OTHER_GUILD)]
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=4, pack="our-pack")
    assert info.pack == "our-pack"
    with pytest.raises(UnknownPackError):
        await trivia.start_game(OTHER_GUILD, OTHER_CHANNEL, STARTER, pack="our-pack")
    with pytest.raises(TriviaError, match="bundled"):
        await trivia.upload_pack(GUILD, ALICE, "film-classics", red)
    with pytest.raises(PackError):
        await trivia.upload_pack(GUILD, ALICE, "broken", "Who?: [unclosed\n")
    assert await trivia.remove_pack(GUILD, "Our Pack")
    assert "our-pack" not in [p.key for p in await trivia.packs(GUILD)]


async def test_packs_stored_by_someone_else_are_seen(trivia: TriviaService, db: Store) -> None:
    """The moderation service may write uploaded_packs itself: the cache notices."""
    assert [p.key for p in await trivia.packs(GUILD)] == ["film-basics", "film-classics"]
    text = "Who directed Heat?:\n- Michael Mann\n"
    await repo.save_uploaded_pack(db, GUILD, "theirs", text, ALICE, "2026-01-01T00:00:00Z")
    assert "theirs" in [p.key for p in await trivia.packs(GUILD)]
    await repo.save_uploaded_pack(db, GUILD, "theirs", text + "Who directed Alien?:\n- Ridley Scott\n", ALICE, "x")
    theirs = await trivia.find_pack(GUILD, "theirs")
    assert theirs is not None
    assert len(theirs.questions) == 2
    await repo.delete_uploaded_pack(db, GUILD, "theirs")
    assert await trivia.find_pack(GUILD, "theirs") is None


async def test_parsing_a_big_pack_leaves_the_event_loop_free(trivia: TriviaService, db: Store) -> None:
    """Uploads and the uploaded-pack cache parse in a thread: clicks keep being answered."""
    text = max_size_pack()
    gaps: list[float] = []

    async def heartbeat() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    beating = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.02)
    started = time.perf_counter()
    await trivia.upload_pack(GUILD, ALICE, "big", text)
    await repo.save_uploaded_pack(db, GUILD, "big", text, ALICE, "later")  # stored again: the cache is stale
    assert "big" in [p.key for p in await trivia.packs(GUILD)]
    took = time.perf_counter() - started
    beating.cancel()
    assert max(gaps) < took / 3, f"the loop stalled {max(gaps):.2f} s of {took:.2f} s"


async def test_the_uploaded_pack_cache_keeps_the_servers_used_last(
    trivia: TriviaService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trivia_library, "UPLOADED_CACHE_GUILDS", 2)
    red = "Who directed Heat?:\n- Michael Mann\n"
    for guild in (1, 2, 3):
        await trivia.upload_pack(guild, ALICE, f"pack-{guild}", red)
        assert f"pack-{guild}" in [p.key for p in await trivia.packs(guild)]
    assert list(trivia.library._guild_packs) == [2, 3], "bounded: the server used least recently went"
    await trivia.packs(2)
    await trivia.packs(1)  # parsed again, from the store
    assert list(trivia.library._guild_packs) == [2, 1]
    assert "pack-1" in [p.key for p in await trivia.packs(1)]


async def test_refresh_after_a_reload_keeps_running_games(trivia: TriviaService) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=2, film_slug="glass-orbit")
    dealt = trivia.current(info.game_id)
    packs = await trivia.packs(None)
    trivia.refresh([*build_bank(catalog()[:1]), *packs[0].questions], packs[:1])
    assert {q.film_slug for q in trivia.bank} == {"harbour-lights"}
    assert [p.key for p in await trivia.packs(None)] == [packs[0].key]
    assert trivia.current(info.game_id) == dealt
    assert trivia.ask(info.game_id) is not None
    with pytest.raises(NotEnoughQuestionsError):
        await trivia.start_game(GUILD, OTHER_CHANNEL, STARTER, film_slug="glass-orbit")


async def test_a_game_uses_every_template_of_a_film_before_repeating_one(trivia: TriviaService) -> None:
    film = "harbour-lights"
    pool = [q for q in trivia.bank if q.film_slug == film]
    kinds = {q.kind for q in pool}
    repeated = {kind for kind in kinds if sum(q.kind == kind for q in pool) > 1}
    assert len(kinds) >= 5 and repeated, "the film has several templates, some with more than one question"
    for _ in range(8):  # different shuffles, each must hold
        info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=len(kinds) + 1, film_slug=film)
        asked = [q.kind for q in trivia.runner.game(info.game_id).questions]
        first_round = asked[: len(kinds)]
        assert sorted(first_round) == sorted(kinds), asked
        await trivia.finish(info.game_id)


NEUTRAL_PACK = """\
Harbour Lights, first name to remember?:
- Captain Hale
Harbour Lights, second name to remember?:
- Nora Hale
Glass Orbit, first name to remember?:
- Commander Vega
Glass Orbit, second name to remember?:
- Dr. Orin
Harbour Lights, third name to remember?:
- Lisbon
Iron Meadow, first name to remember?:
- Red Gulch
Iron Meadow, second name to remember?:
- Dust Creek
Glass Orbit, third name to remember?:
- Titan Station
"""


async def test_pack_answers_the_catalog_knows_draw_wrong_choices_of_their_own_kind(db: Database) -> None:
    """Worded alike, these answers are characters and places to the catalog: each gets
    wrong choices of its own kind once the catalog is known, whatever order things load in."""
    characters = {"Captain Hale", "Nora Hale", "Commander Vega", "Dr. Orin"}
    places = {"Lisbon", "Red Gulch", "Dust Creek", "Titan Station"}
    pack = load_pack_text("neutral", NEUTRAL_PACK)
    assert any(set(q.choices) & characters and set(q.choices) & places for q in pack.questions), "mixed without"
    for service in (
        TriviaService(db, catalog=CatalogService(db), packs=[pack], bank=build_bank(catalog())),
        TriviaService(db, catalog=CatalogService(db), packs=[pack]),
    ):
        if not service.bank:
            service.set_bank(q for q in build_bank(catalog()))  # the catalog arrives after the packs
        await service.upload_pack(GUILD, ALICE, "uploaded-neutral", NEUTRAL_PACK)
        for guild, key in ((None, "neutral"), (GUILD, "uploaded-neutral")):
            found = await service.find_pack(guild, key)
            assert found is not None
            for question in found.questions:
                kind = characters if question.answer in characters else places
                assert set(question.choices) == kind, (key, question.prompt, question.choices)
        await service.remove_pack(GUILD, "uploaded-neutral")


# -- teams ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("teams", [1, 5, 2.5, True, "3"])
async def test_teams_must_be_an_integer_from_2_to_4(trivia: TriviaService, teams: object) -> None:
    with pytest.raises(InvalidOptionError, match="Teams must be between 2 and 4"):
        await trivia.start_game(GUILD, CHANNEL, STARTER, teams=teams)  # type: ignore[arg-type]
    assert trivia.game_in(CHANNEL) is None


async def test_team_game_adds_up_points_per_team_in_the_summary(trivia: TriviaService, clock: FakeClock) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=1, teams=2)
    assert info.teams == 2
    assert trivia.join(info.game_id, ALICE, 1, channel_id=CHANNEL).status is JoinStatus.JOINED
    assert trivia.join(info.game_id, BOB, 1, channel_id=OTHER_CHANNEL).status is JoinStatus.INVALID_TEAM
    assert trivia.join(info.game_id, ALICE, 2, channel_id=CHANNEL).status is JoinStatus.FIXED
    asked = trivia.ask(info.game_id)
    assert asked is not None
    alice = trivia.answer(info.game_id, 1, ALICE, right(asked), clock() + 1, name="Alice")
    bob = trivia.answer(info.game_id, 1, BOB, right(asked), clock() + 2, name="Bob")
    assert (bob.team, bob.team_assigned) == (2, True)
    summary = await trivia.finish(info.game_id)
    assert summary is not None
    assert [(t.team, t.points) for t in summary.teams] == [(1, alice.points), (2, bob.points)]
    assert (await record(trivia.db, ALICE)).points == alice.points, "a player's own stats count as always"
    assert trivia.join(info.game_id, 3, 1, channel_id=CHANNEL).status is JoinStatus.GAME_OVER


async def test_typed_team_game_counts_typed_answers_for_the_team(trivia: TriviaService, clock: FakeClock) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=1, mode="typed", teams=3)
    assert trivia.join(info.game_id, ALICE, 3, channel_id=CHANNEL).status is JoinStatus.JOINED
    asked = trivia.ask(info.game_id)
    assert asked is not None
    alice = trivia.answer_typed(info.game_id, 1, ALICE, asked.question.answer, clock() + 1, channel_id=CHANNEL)
    bob = trivia.answer_typed(info.game_id, 1, BOB, "surely not this", clock() + 2, channel_id=CHANNEL)
    assert alice.status is AnswerStatus.CORRECT and (alice.team, alice.team_assigned) == (3, False)
    assert bob.status is AnswerStatus.INCORRECT and (bob.team, bob.team_assigned) == (1, True)
    summary = await trivia.finish(info.game_id)
    assert summary is not None
    assert [(t.team, t.points, t.players) for t in summary.teams] == [(3, alice.points, 1), (1, 0, 1), (2, 0, 0)]
