"""The trivia facade for the cog and the console: plain values in, domain objects out.

It wires the parts together, one job each, and keeps the names the front ends call:

- `bot.trivia.library`: the question bank and the packs (bundled, uploaded, written in Discord);
- `bot.trivia.dealer`: a game's options checked and its questions dealt;
- `bot.trivia.runner`: the registry of running games and the loop that plays one;
- `bot.trivia.recorder`: the stats of each closed question written (and retried on failure);
- `bot.trivia.boards`: leaderboards, player records and seasons.

A cog plays a game either step by step::

    info = await trivia.start_game(guild, channel, user)
    asked = trivia.ask(info.game_id)                       # post it ...
    trivia.mark_posted(info.game_id, asked.number, message_time)
    result = trivia.answer(game_id, number, user, choice, at=click_time, name=...)   # per click
    reveal = await trivia.wait_closed(game_id, number)     # timer or everyone answered
    ...
    summary = await trivia.finish(game_id)

or hands `run_game` a `Presenter` that sends the messages (`spawn` keeps the task that does,
so `shutdown` ends every game cleanly).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from pathlib import Path
from typing import Any

from bot.store import trivia as repo
from bot.store.backend import Store
from bot.trivia.boards import SEASON_NAME_MAX, Boards, SeasonChange, SeasonView
from bot.trivia.categories import Category
from bot.trivia.dealer import Dealer, FilmTitles
from bot.trivia.library import Library, WrittenPack
from bot.trivia.model import ABANDON_AFTER, Question
from bot.trivia.packs import Pack, PackProblem
from bot.trivia.recorder import Recorder
from bot.trivia.records import PlayerRecord, Season
from bot.trivia.runner import GameInfo, GameRunner, GameSummary, Presenter
from bot.trivia.session import AnswerResult, AnswerStatus, AskedQuestion, JoinResult, Progress, Reveal
from bot.trivia.settings import TriviaSettings
from bot.trivia.written import QuestionDraft

__all__ = [
    "SEASON_NAME_MAX",
    "GameInfo",
    "GameSummary",
    "Presenter",
    "SeasonChange",
    "SeasonView",
    "TriviaService",
    "WrittenPack",
]

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class TriviaService:
    """The parts wired together; each method hands its call to the part whose job it is."""

    def __init__(
        self,
        db: Store,
        clock: Clock = time.time,
        *,
        catalog: FilmTitles,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        packs: Iterable[Pack] = (),
        bank: Iterable[Question] = (),
        abandon_after: int = ABANDON_AFTER,
    ) -> None:
        self.db = db
        self.clock = clock
        self.library = Library(db, clock, packs=packs, bank=bank)
        self.dealer = Dealer(self.library, catalog, rng)
        self.recorder = Recorder(db)
        self.runner = GameRunner(
            self.dealer, self.recorder, self.settings, clock, sleep=sleep, abandon_after=abandon_after
        )
        self.boards = Boards(db, clock)

    # -- the library ---------------------------------------------------------------------------

    @property
    def bank(self) -> tuple[Question, ...]:
        return self.library.bank

    def set_bank(self, questions: Iterable[Question]) -> None:
        self.library.set_bank(questions)

    async def load_bank(self) -> int:
        return await self.library.load_bank()

    def set_packs(self, packs: Iterable[Pack]) -> None:
        self.library.set_packs(packs)

    def refresh(self, bank: Iterable[Question], packs: Iterable[Pack]) -> None:
        self.library.refresh(bank, packs)

    async def load_packs(self, directory: Path | str) -> list[PackProblem]:
        return await self.library.load_packs(directory)

    async def packs(self, guild_id: int | None = None) -> list[Pack]:
        return await self.library.packs(guild_id)

    async def find_pack(self, guild_id: int | None, name: str) -> Pack | None:
        return await self.library.find_pack(guild_id, name)

    async def upload_pack(self, guild_id: int, user_id: int, name: str, text: str, *, file: str | None = None) -> Pack:
        return await self.library.upload_pack(guild_id, user_id, name, text, file=file)

    async def remove_pack(self, guild_id: int, name: str) -> bool:
        return await self.library.remove_pack(guild_id, name)

    async def written_pack(self, guild_id: int, name: str) -> WrittenPack | None:
        return await self.library.written_pack(guild_id, name)

    async def add_question(
        self, guild_id: int, user_id: int, name: str, draft: QuestionDraft
    ) -> tuple[WrittenPack, bool]:
        return await self.library.add_question(guild_id, user_id, name, draft)

    async def remove_question(
        self, guild_id: int, user_id: int, name: str, number: int
    ) -> tuple[str, WrittenPack | None]:
        return await self.library.remove_question(guild_id, user_id, name, number)

    async def categories(self, guild_id: int | None = None) -> list[tuple[Category, int]]:
        return await self.library.categories(guild_id)

    # -- settings, records, seasons --------------------------------------------------------------

    async def settings(self, guild_id: int) -> TriviaSettings:
        return await repo.get_settings(self.db, guild_id)

    async def leaderboard(self, guild_id: int | None, limit: int = 10, offset: int = 0) -> list[PlayerRecord]:
        return await self.boards.leaderboard(guild_id, limit, offset)

    async def player(self, guild_id: int | None, user_id: int) -> PlayerRecord | None:
        return await self.boards.player(guild_id, user_id)

    async def seasons(self, guild_id: int) -> list[Season]:
        return await self.boards.seasons(guild_id)

    async def season_names(self, guild_id: int | None) -> list[str]:
        return await self.boards.season_names(guild_id)

    async def season_leaderboard(
        self, guild_id: int | None, season: str | None = None, limit: int = 10
    ) -> tuple[SeasonView, list[PlayerRecord]]:
        return await self.boards.season_leaderboard(guild_id, season, limit)

    async def start_season(self, guild_id: int, user_id: int, name: str | None = None) -> SeasonChange:
        return await self.boards.start_season(guild_id, user_id, name)

    # -- games -----------------------------------------------------------------------------------

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
        """Set up a game in the channel (nothing is asked yet).

        Without film or pack the questions come from the catalog and every
        bundled pack; with a film, from that film (and pack questions about it);
        with a pack, from that pack. `mode` is BUTTONS or TYPED; left out, a
        Red-format pack (typed-answer lists) plays typed and everything else with
        buttons. A typed game leaves out the "Which of these ...?" questions,
        which need their choices shown. `category` (a key or name of
        `bot.trivia.categories.CATEGORIES`) keeps one kind of question. `teams`
        (2-4) adds up points per team; players pick one with `join`. Raises a
        TriviaError subclass on bad input.
        """
        return await self.runner.start_game(
            guild_id, channel_id, starter_id, rounds, film_slug, pack, difficulty, mode, category, teams
        )

    def game_in(self, channel_id: int) -> GameInfo | None:
        return self.runner.game_in(channel_id)

    def info(self, game_id: str) -> GameInfo | None:
        return self.runner.info(game_id)

    def playing(self, user_id: int) -> list[GameInfo]:
        return self.runner.playing(user_id)

    def running(self) -> list[GameInfo]:
        return self.runner.running()

    def ask(self, game_id: str) -> AskedQuestion | None:
        return self.runner.ask(game_id)

    def current(self, game_id: str) -> AskedQuestion | None:
        return self.runner.current(game_id)

    def mark_posted(self, game_id: str, number: int, at: float | None) -> None:
        self.runner.mark_posted(game_id, number, at)

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
        return self.runner.answer(game_id, number, user_id, choice, at, name=name, is_bot=is_bot, origin=origin)

    def join(
        self, game_id: str, user_id: int, team: object, *, is_bot: bool = False, channel_id: int | None
    ) -> JoinResult:
        return self.runner.join(game_id, user_id, team, is_bot=is_bot, channel_id=channel_id)

    def can_answer(self, game_id: str, number: int, user_id: int, channel_id: int | None) -> AnswerStatus | None:
        return self.runner.can_answer(game_id, number, user_id, channel_id)

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
        return self.runner.answer_typed(
            game_id, number, user_id, guess, at, channel_id=channel_id, name=name, is_bot=is_bot
        )

    def progress(self, game_id: str) -> Progress | None:
        return self.runner.progress(game_id)

    async def wait_closed(
        self,
        game_id: str,
        number: int,
        *,
        on_progress: Callable[[Progress], Awaitable[None]] | None = None,
        interval: float = 1.5,
    ) -> Reveal | None:
        return await self.runner.wait_closed(game_id, number, on_progress=on_progress, interval=interval)

    async def stop(self, channel_id: int, user_id: int, is_moderator: bool) -> GameSummary:
        return await self.runner.stop(channel_id, user_id, is_moderator)

    def end(self, channel_id: int, user_id: int, is_moderator: bool) -> str:
        return self.runner.end(channel_id, user_id, is_moderator)

    async def finish(self, game_id: str) -> GameSummary | None:
        return await self.runner.finish(game_id)

    async def run_game(
        self, game_id: str, presenter: Presenter, *, update_interval: float | None = 1.5
    ) -> GameSummary | None:
        return await self.runner.run_game(game_id, presenter, update_interval=update_interval)

    def spawn(self, game_id: str, play: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        return self.runner.spawn(game_id, play)

    async def shutdown(self, grace: float) -> None:
        await self.runner.shutdown(grace)
