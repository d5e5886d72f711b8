"""The game runner keeps the one registry of running games and of the front ends' tasks that play
them, and ends them all at shutdown; dealing asks the catalog service for a film's titles."""

from __future__ import annotations

import asyncio

from bot.catalog.service import CatalogService
from bot.store import trivia as repo
from bot.store.backend import Store
from bot.trivia.recorder import Recorder as StatsRecorder
from bot.trivia.runner import GameSummary
from bot.trivia.service import TriviaService
from bot.trivia.session import AskedQuestion, EndReason, PlayerResult, Progress, QuestionResults, Reveal
from tests.test_read_only_store import stop_writes
from tests.test_trivia_service import (  # noqa: F401 - fixtures
    ALICE,
    CHANNEL,
    GUILD,
    STARTER,
    FakeClock,
    Recorder,
    clock,
    db,
    right,
    trivia,
)


class StuckPresenter:
    """A front end whose first post never returns (Discord hanging), after one right answer."""

    def __init__(self, trivia: TriviaService) -> None:  # noqa: F811
        self.trivia = trivia
        self.finished_with: GameSummary | None = None

    async def question(self, asked: AskedQuestion) -> float | None:
        self.trivia.answer(asked.game_id, asked.number, ALICE, right(asked), asked.posted_at, name="Alice")
        await asyncio.Event().wait()
        return None

    async def progress(self, progress: Progress) -> None:
        pass

    async def reveal(self, reveal: Reveal) -> None:
        pass

    async def finished(self, summary: GameSummary) -> None:
        self.finished_with = summary


async def test_shutdown_ends_every_game_with_its_stats_written_and_cancels_a_stuck_front_end(
    trivia: TriviaService,  # noqa: F811
    db: Store,  # noqa: F811
) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=3)
    presenter = StuckPresenter(trivia)
    task = trivia.spawn(info.game_id, trivia.run_game(info.game_id, presenter))
    for _ in range(20):
        await asyncio.sleep(0)
    assert trivia.game_in(CHANNEL) is not None
    await asyncio.wait_for(trivia.shutdown(0.2), timeout=10)
    assert task.done()
    assert trivia.running() == [] and trivia.game_in(CHANNEL) is None
    summary = await trivia.finish(info.game_id)
    assert summary is not None and summary.end_reason is EndReason.STOPPED and summary.saved
    record = await repo.player_record(db, GUILD, ALICE)
    assert record is not None and record.answers == 1 and record.correct == 1


async def test_a_game_played_to_its_end_leaves_the_registry(
    trivia: TriviaService,  # noqa: F811
    clock: FakeClock,  # noqa: F811
) -> None:
    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=2)
    presenter = Recorder(trivia, clock)

    async def play() -> None:
        await trivia.run_game(info.game_id, presenter)

    await trivia.spawn(info.game_id, play())
    assert presenter.summary is not None and presenter.summary.end_reason is EndReason.FINISHED
    assert trivia.running() == []
    # Nothing left to end or wait for: a long grace is not waited out.
    await asyncio.wait_for(trivia.shutdown(60.0), timeout=5)


async def test_the_catalog_service_gives_a_film_s_titles_or_none(db: Store) -> None:  # noqa: F811
    catalog = CatalogService(db)
    assert await catalog.film_titles("jaws-1975") == ["Jaws", "Jaws (1975)"]
    assert await catalog.film_titles("no-such-film") is None


def _results(number: int, correct: bool) -> QuestionResults:
    player = PlayerResult(ALICE, "Alice", 200 if correct else 0, number == 1, answered=True, correct=correct)
    return QuestionResults("g1", GUILD, number, (player,))


async def test_the_recorder_writes_a_failed_question_again_first_so_streaks_stay_in_order(
    db: Store,  # noqa: F811
) -> None:
    recorder = StatsRecorder(db)
    recorder.track("g1")
    recorder.closed(_results(1, correct=True))
    await stop_writes(db)
    assert not await recorder.flush("g1")
    assert recorder.pending("g1") == 1, "kept for the next write"
    await stop_writes(db, False)
    recorder.closed(_results(2, correct=False))
    assert await recorder.flush("g1")
    record = await repo.player_record(db, GUILD, ALICE)
    assert record is not None
    # Right, then wrong: the stored streak ended; written the other way round it would be 1.
    assert (record.answers, record.correct, record.current_streak, record.best_streak) == (2, 1, 0, 1)
    assert recorder.forget("g1") == 0
    recorder.closed(_results(3, correct=True))  # a forgotten game's results are not kept
    assert recorder.pending("g1") == 0


async def test_a_late_caller_gets_the_ended_games_best_standings(
    trivia: TriviaService,  # noqa: F811
    clock: FakeClock,  # noqa: F811
) -> None:
    """An ended game's summary is kept for late callers (its standings as one block, see `_keep`):
    they get the same best standings as the caller that ended it."""
    from bot.trivia.runner import FINISHED_STANDINGS_KEPT

    info = await trivia.start_game(GUILD, CHANNEL, STARTER, rounds=2)
    asked = trivia.ask(info.game_id)
    assert asked is not None
    trivia.mark_posted(info.game_id, 1, clock.now)
    crowd = FINISHED_STANDINGS_KEPT + 10
    for n in range(crowd):
        choice = right(asked) if n % 3 == 0 else (right(asked) + 1) % len(asked.choices)
        trivia.answer(info.game_id, 1, 1000 + n, choice, clock.now + 1 + n / 100, name=f"player é{n} ✨")
    summary = await trivia.finish(info.game_id)
    assert summary is not None and len(summary.standings) == crowd
    late = await trivia.finish(info.game_id)
    assert late is not None and late.standings == summary.standings[:FINISHED_STANDINGS_KEPT]
    assert (late.game_id, late.end_reason, late.asked, late.saved) == (
        summary.game_id,
        summary.end_reason,
        summary.asked,
        summary.saved,
    )
