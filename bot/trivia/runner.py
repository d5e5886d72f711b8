"""The game runner: the one registry of running games (their state, their channel, their
front end's task) and the loop that plays a game through a `Presenter`.

Clicks (`answer`, `answer_typed`, `join`) are synchronous and never touch the database,
so a click is acknowledged at once. When a question closes, the game emits its results
to the recorder, and the runner has the recorder write them before the reveal.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from bot.trivia.dealer import Dealer
from bot.trivia.errors import GameRunningError, NoGameError
from bot.trivia.matching import GUESS_MAX_LENGTH, Matcher
from bot.trivia.model import ABANDON_AFTER, BUTTONS, TYPED
from bot.trivia.recorder import Recorder
from bot.trivia.scoring import Standing
from bot.trivia.session import (
    AnswerResult,
    AnswerStatus,
    AskedQuestion,
    EndReason,
    Game,
    JoinResult,
    JoinStatus,
    Progress,
    Reveal,
    TeamStanding,
)
from bot.trivia.settings import TriviaSettings

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
SettingsOf = Callable[[int], Awaitable[TriviaSettings]]

FINISHED_KEPT = 1000  # summaries of ended games kept for late callers
FINISHED_STANDINGS_KEPT = 50  # ... with their best players only: a flood's crowd is not kept for each


@dataclass(frozen=True, slots=True)
class GameInfo:
    game_id: str
    guild_id: int
    channel_id: int
    starter_id: int
    total: int
    question_seconds: int
    reveal_seconds: int
    film_slug: str | None
    pack: str | None
    difficulty: str | None
    mode: str = BUTTONS
    category: str | None = None  # the category's name, when the game is limited to one
    teams: int = 0  # how many teams play (0: everyone for themselves)


@dataclass(frozen=True, slots=True)
class GameSummary:
    """A finished game: why it ended and the final standings."""

    game_id: str
    guild_id: int
    channel_id: int
    end_reason: EndReason
    asked: int
    total: int
    standings: tuple[Standing, ...]
    abandon_after: int = ABANDON_AFTER  # how many silent questions end the game (for ABANDONED)
    saved: bool = True  # False: the store refused the game's last stats, which are lost
    teams: tuple[TeamStanding, ...] = ()  # a team game's final team standings


class Presenter(Protocol):
    """What `run_game` needs from a front end (the cog, the console, a test)."""

    async def question(self, asked: AskedQuestion) -> float | None:
        """Post the question; return when the message was created (Discord's stamp), if known."""

    async def progress(self, progress: Progress) -> None:
        """Show how many have answered (at most once per update interval, only on change; only
        when `run_game` is given an `update_interval`: a presenter that shows the count in the
        reveal need not have this)."""

    async def reveal(self, reveal: Reveal) -> None: ...

    async def finished(self, summary: GameSummary) -> None: ...


class GameRunner:
    """Every running game of this process, by id and by channel, and how each is played."""

    def __init__(
        self,
        dealer: Dealer,
        recorder: Recorder,
        settings_of: SettingsOf,
        clock: Clock,
        *,
        sleep: Sleep = asyncio.sleep,
        abandon_after: int = ABANDON_AFTER,
    ) -> None:
        self.dealer = dealer
        self.recorder = recorder
        self.settings_of = settings_of
        self.clock = clock
        self._sleep = sleep
        self._abandon_after = abandon_after
        self._games: dict[str, Game] = {}
        self._info: dict[str, GameInfo] = {}
        self._channels: dict[int, str] = {}
        self._events: dict[str, asyncio.Event] = {}
        self._finished: OrderedDict[str, GameSummary] = OrderedDict()
        self._matchers: dict[str, dict[str, Matcher]] = {}  # typed game id -> question id -> its matcher
        self._tasks: dict[str, asyncio.Task[None]] = {}  # game id -> the front end's task playing it

    async def start_game(
        self,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        rounds: int | None = None,
        film_slug: str | None = None,
        pack: str | None = None,
        difficulty: str | None = None,
        mode: str | None = None,
        category: str | None = None,
        teams: int | None = None,
    ) -> GameInfo:
        """Set up a game in the channel (nothing is asked yet); see `TriviaService.start_game`."""
        self._refuse_if_running(channel_id)
        settings = await self.settings_of(guild_id)
        deal = await self.dealer.deal(
            guild_id, channel_id, settings, rounds, film_slug, pack, difficulty, mode, category, teams
        )
        # Re-check after the awaits above: another start may have won the race.
        self._refuse_if_running(channel_id)
        game_id = self._new_id()
        self.recorder.track(game_id)
        game = Game(
            game_id,
            guild_id,
            channel_id,
            starter_id,
            deal.questions,
            question_seconds=settings.question_seconds,
            abandon_after=self._abandon_after,
            mode=deal.mode,
            teams=deal.teams,
            on_closed=self.recorder.closed,
        )
        info = GameInfo(
            game_id,
            guild_id,
            channel_id,
            starter_id,
            len(deal.questions),
            settings.question_seconds,
            settings.reveal_seconds,
            film_slug,
            deal.pack,
            deal.difficulty,
            deal.mode,
            deal.category,
            deal.teams,
        )
        if deal.matchers is not None:
            self._matchers[game_id] = deal.matchers
        self._games[game_id] = game
        self._info[game_id] = info
        self._channels[channel_id] = game_id
        self._events[game_id] = asyncio.Event()
        self.dealer.dealt(channel_id, deal.questions)
        return info

    def _refuse_if_running(self, channel_id: int) -> None:
        current = self._channels.get(channel_id)
        if current is not None and current in self._games and not self._games[current].over:
            raise GameRunningError()

    def game(self, game_id: str) -> Game | None:
        """The running game's state machine (for tests and tools: front ends use the methods below)."""
        return self._games.get(game_id)

    def _new_id(self) -> str:
        while True:
            game_id = secrets.token_hex(4)
            if game_id not in self._games and game_id not in self._finished:
                return game_id

    # -- playing -----------------------------------------------------------------------------

    def game_in(self, channel_id: int) -> GameInfo | None:
        """The running game of a channel, if any."""
        game_id = self._channels.get(channel_id)
        return self._info.get(game_id) if game_id in self._games else None

    def playing(self, user_id: int) -> list[GameInfo]:
        """The running games the member has answered in: their points there are not written yet."""
        return [
            self._info[game_id]
            for game_id, game in self._games.items()
            if not game.over and user_id in game.players and game_id in self._info
        ]

    def info(self, game_id: str) -> GameInfo | None:
        return self._info.get(game_id) if game_id in self._games else None

    def ask(self, game_id: str) -> AskedQuestion | None:
        """Open the next question (timed from now until `mark_posted`); None when the game is over."""
        game = self._games.get(game_id)
        if game is None:
            return None
        asked = game.ask(self.clock())
        self._events[game_id].clear()
        return asked

    def current(self, game_id: str) -> AskedQuestion | None:
        game = self._games.get(game_id)
        return game.asked() if game else None

    def mark_posted(self, game_id: str, number: int, at: float | None) -> None:
        """Time the question from the moment its message was created (Discord's clock)."""
        game = self._games.get(game_id)
        if game is not None and at is not None:
            game.mark_posted(number, at, self.clock())

    def answer(
        self,
        game_id: str,
        number: int,
        user_id: int,
        choice: int,
        at: float,
        *,
        name: str = "",
        is_bot: bool = False,
        origin: tuple[int | None, int | None] | None = None,
    ) -> AnswerResult:
        """A button click, stamped `at` (the interaction's snowflake time). Never touches the db.

        `origin` is (channel id, guild id) of where the click came from, as Discord says: a
        click from anywhere but the game's own channel and server (a forged or copied
        custom_id) is refused and not scored. Front ends always pass it.
        """
        game = self._games.get(game_id)
        if game is None:
            return AnswerResult(AnswerStatus.GAME_OVER, number)
        if origin is not None and origin != (game.channel_id, game.guild_id):
            return AnswerResult(AnswerStatus.WRONG_PLACE, number)
        result = game.answer(user_id, name, number, choice, at, self.clock(), is_bot=is_bot)
        if result.closed_question:
            self._events[game_id].set()
        if result.counted and self.recorder.failing:
            result = dataclasses.replace(result, unsaved=True)
        return result

    def join(
        self, game_id: str, user_id: int, team: object, *, is_bot: bool = False, channel_id: int | None
    ) -> JoinResult:
        """Pick a team of a team game (a click on its join message, from the game's channel only)."""
        game = self._games.get(game_id)
        if game is None:
            return JoinResult(JoinStatus.GAME_OVER)
        if game.channel_id != channel_id:
            return JoinResult(JoinStatus.INVALID_TEAM, None, game.teams)
        return game.join(user_id, team, is_bot=is_bot)

    def can_answer(self, game_id: str, number: int, user_id: int, channel_id: int | None) -> AnswerStatus | None:
        """Why the player could not answer question `number` of this typed game now (so the
        form is not even opened), or None: they may."""
        game = self._games.get(game_id)
        if game is None:
            return AnswerStatus.GAME_OVER
        if game.mode != TYPED or game.channel_id != channel_id:
            return AnswerStatus.OTHER_GAME
        return game.can_answer(user_id, number, self.clock())

    def answer_typed(
        self,
        game_id: str,
        number: int,
        user_id: int,
        guess: object,
        at: float,
        *,
        channel_id: int | None,
        name: str = "",
        is_bot: bool = False,
    ) -> AnswerResult:
        """A typed answer (a form submitted), stamped `at` (the submission's snowflake time),
        judged against the question it was typed for. Empty, over-long or not text (a
        modified client), for another channel's game or a button game: refused, nothing
        counted. Never touches the db."""
        if not isinstance(guess, str) or not guess.strip():
            return AnswerResult(AnswerStatus.EMPTY, number)
        if len(guess) > GUESS_MAX_LENGTH:
            return AnswerResult(AnswerStatus.TOO_LONG, number)
        game = self._games.get(game_id)
        if game is None:
            return AnswerResult(AnswerStatus.GAME_OVER, number)
        if game.mode != TYPED or game.channel_id != channel_id:
            return AnswerResult(AnswerStatus.OTHER_GAME, number)
        current = game.round.question if game.round is not None and game.round.number == number else None
        matchers = self._matchers.get(game_id, {})
        matcher = matchers.get(current.id) if current is not None else None
        correct = matcher is not None and matcher.matches(guess)
        result = game.answer_typed(user_id, name, number, correct, at, self.clock(), is_bot=is_bot)
        if result.closed_question:
            self._events[game_id].set()
        if result.counted and self.recorder.failing:
            result = dataclasses.replace(result, unsaved=True)
        return result

    def progress(self, game_id: str) -> Progress | None:
        """Answers so far on the open question; compare `version` to know if a redraw is due."""
        game = self._games.get(game_id)
        return game.progress() if game else None

    async def wait_closed(
        self,
        game_id: str,
        number: int,
        *,
        on_progress: Callable[[Progress], Awaitable[None]] | None = None,
        interval: float = 1.5,
    ) -> Reveal | None:
        """Wait until question `number` closes (time up, everyone answered, stopped),
        write its stats, and return its reveal. With `on_progress`, report new
        answers at most every `interval` seconds while waiting."""
        game = self._games.get(game_id)
        if game is None or game.round is None or game.round.number != number:
            return None
        event = self._events[game_id]
        shown = 0
        while game.round.reveal is None:
            now = self.clock()
            if now >= game.round.deadline:
                game.expire(now)
                break
            wait = game.round.deadline - now
            if on_progress is not None:
                wait = min(wait, interval)
            await self._wait(event, wait)
            if on_progress is not None and game.round.reveal is None and len(game.round.answers) != shown:
                progress = game.progress()
                if progress is not None:
                    shown = progress.version
                    await on_progress(progress)
        reveal = game.round.reveal
        if not await self.recorder.flush(game.id):
            log.warning("trivia stats of game %s kept: the game's next write retries them", game.id)
            if reveal is not None:
                reveal = dataclasses.replace(reveal, saved=False)
        return reveal

    async def _wait(self, event: asyncio.Event, seconds: float) -> None:
        if event.is_set():
            return
        waiter = asyncio.ensure_future(event.wait())
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        try:
            await asyncio.wait((waiter, sleeper), return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
            sleeper.cancel()

    async def stop(self, channel_id: int, user_id: int, is_moderator: bool) -> GameSummary:
        """End the channel's game (its starter or a moderator): the open question is
        scored as it stands, everything is written, the standings returned."""
        game_id = self.end(channel_id, user_id, is_moderator)
        summary = await self.finish(game_id)
        assert summary is not None
        return summary

    def end(self, channel_id: int, user_id: int, is_moderator: bool) -> str:
        """Stop the channel's game at once (no click counts from here on) and return its id; the
        game's task, or `finish`, then writes the stats. Raises NoGameError or NotAllowedError.

        Synchronous, so `/trivia stop` is answered before the (possibly large) write."""
        game_id = self._channels.get(channel_id)
        game = self._games.get(game_id) if game_id else None
        if game is None or game_id is None:
            raise NoGameError()
        game.stop(user_id, is_moderator, self.clock())
        self._events[game_id].set()
        return game_id

    async def finish(self, game_id: str) -> GameSummary | None:
        """Write what is left, forget the game, return its summary (idempotent)."""
        game = self._games.get(game_id)
        if game is None:
            return self._finished.get(game_id)
        if not game.over:
            game.stop(game.starter_id, True, self.clock())
        self._events[game_id].set()  # wake anyone waiting on the last question or the reveal
        saved = await self.recorder.flush(game_id)
        if not saved:
            # The game is forgotten below: nothing will write these stats later.
            log.error("trivia stats of game %s could not be saved and are lost", game.id)
        if self._games.pop(game_id, None) is None:  # finished meanwhile by another caller
            return self._finished.get(game_id)
        self._info.pop(game_id, None)
        self._events.pop(game_id, None)
        self._matchers.pop(game_id, None)
        self.recorder.forget(game_id)
        if self._channels.get(game.channel_id) == game_id:
            del self._channels[game.channel_id]
        summary = GameSummary(
            game_id,
            game.guild_id,
            game.channel_id,
            game.end_reason or EndReason.STOPPED,
            game.number,
            game.total,
            game.standings(),
            game.abandon_after,
            saved,
            game.team_standings(),
        )
        self._finished[game_id] = dataclasses.replace(summary, standings=summary.standings[:FINISHED_STANDINGS_KEPT])
        while len(self._finished) > FINISHED_KEPT:
            self._finished.popitem(last=False)
        return summary

    async def run_game(
        self, game_id: str, presenter: Presenter, *, update_interval: float | None = 1.5
    ) -> GameSummary | None:
        """Play a started game to its end through `presenter`: ask, wait, reveal, pause, repeat.

        A stop ends the wait for a question and the pause after a reveal at once. With
        `update_interval` None the presenter is never asked to show progress."""
        info = self._info.get(game_id)
        if info is None:
            return self._finished.get(game_id)
        try:
            while (asked := self.ask(game_id)) is not None:
                posted_at = await presenter.question(asked)
                self.mark_posted(game_id, asked.number, posted_at)
                if update_interval is None:
                    reveal = await self.wait_closed(game_id, asked.number)
                else:
                    reveal = await self.wait_closed(
                        game_id, asked.number, on_progress=presenter.progress, interval=update_interval
                    )
                if reveal is None:
                    break
                await presenter.reveal(reveal)
                game, event = self._games.get(game_id), self._events.get(game_id)
                if reveal.game_over or game is None or game.over or event is None:
                    break
                # Set by the click that closed the question: from here on only a stop sets it.
                event.clear()
                await self._wait(event, info.reveal_seconds)
        finally:
            summary = await self.finish(game_id)
        if summary is not None:
            await presenter.finished(summary)
        return summary

    def running(self) -> list[GameInfo]:
        return [self._info[g] for g in self._games]

    # -- the games' tasks ---------------------------------------------------------------------

    def spawn(self, game_id: str, play: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run a front end's loop of a started game (`play`, which calls `run_game`) as a task the
        runner keeps until it ends, so `shutdown` can end every game cleanly."""
        task = asyncio.create_task(play, name=f"trivia {game_id}")
        self._tasks[game_id] = task
        task.add_done_callback(
            lambda done: self._tasks.pop(game_id, None) if self._tasks.get(game_id) is done else None
        )
        return task

    async def shutdown(self, grace: float) -> None:
        """Shutting down: end every game, so the points of its last closed question are written
        before the database closes, then let the games' tasks post their final standings; within
        `grace` seconds in all, after which the tasks still running are cancelled."""
        games = list(self._games)
        tasks = list(self._tasks.values())
        if not games and not tasks:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        ending = asyncio.gather(*(self.finish(game_id) for game_id in games), return_exceptions=True)
        try:
            results = await asyncio.wait_for(ending, grace)
        except TimeoutError:
            log.error("ending trivia games at shutdown took over %.0f s: stats still being written may be lost", grace)
        else:
            for game_id, result in zip(games, results, strict=True):
                if isinstance(result, BaseException):
                    log.error("trivia game %s could not be ended at shutdown", game_id, exc_info=result)
        if not tasks:
            return
        _, playing = await asyncio.wait(tasks, timeout=max(0.0, deadline - loop.time()))
        for task in playing:
            task.cancel()
        if playing:
            await asyncio.wait(playing, timeout=1.0)
