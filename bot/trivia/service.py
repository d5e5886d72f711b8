"""The trivia facade for the cog and the console: plain values in, domain objects out.

Ties the question bank (read from the store), the packs, the games (one per
channel, any number of channels) and persistence together. A cog plays a game
either step by step::

    info = await trivia.start_game(guild, channel, user)
    asked = trivia.ask(info.game_id)                       # post it ...
    trivia.mark_posted(info.game_id, asked.number, message_time)
    result = trivia.answer(game_id, number, user, choice, at=click_time, name=...)   # per click
    reveal = await trivia.wait_closed(game_id, number)     # timer or everyone answered
    ...
    summary = await trivia.finish(game_id)

or hands `run_game` a `Presenter` that sends the messages. `answer` is
synchronous and never touches the database, so a click is acknowledged at
once; a question's stats are written in one transaction when it closes, and
a write that fails or is cancelled keeps them for the next one.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bot.store import catalog as catalog_repo
from bot.store import trivia as repo
from bot.store.backend import Store, StoreWriteError
from bot.store.catalog import StoredQuestion
from bot.store.trivia import ROUNDS_RANGE, PlayerRecord, Season, StatDelta, TriviaSettings
from bot.text import fold, slugify, strip_bidi
from bot.trivia.bank import CREW, DIRECTOR, PLACE, PLAYED_BY, PLAYS
from bot.trivia.categories import CATEGORIES, Category, category_of, find_category
from bot.trivia.categories import counts as category_counts
from bot.trivia.errors import (
    GameRunningError,
    InvalidOptionError,
    NoGameError,
    NotEnoughQuestionsError,
    SeasonError,
    TriviaError,
    UnknownFilmError,
    UnknownPackError,
)
from bot.trivia.matching import GUESS_MAX_LENGTH, Matcher, compile_answers
from bot.trivia.model import ABANDON_AFTER, BUTTONS, DIFFICULTIES, MODES, TYPED, Question
from bot.trivia.packs import (
    RED,
    KnownKinds,
    Pack,
    PackError,
    PackProblem,
    answer_kind,
    load_pack_dir,
    load_pack_text,
    with_catalog,
)
from bot.trivia.scoring import Standing
from bot.trivia.session import (
    AnswerResult,
    AnswerStatus,
    AskedQuestion,
    EndReason,
    Game,
    Progress,
    Reveal,
)
from bot.trivia.written import QuestionDraft, WrittenQuestionError, new_pack_name, pack_data, pack_text

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

RECENT_PER_CHANNEL = 200  # question ids remembered per channel, asked last
FINISHED_KEPT = 1000  # summaries of ended games kept for late callers
FINISHED_STANDINGS_KEPT = 50  # ... with their best players only: a flood's crowd is not kept for each
UPLOADED_CACHE_GUILDS = 256  # servers whose parsed uploaded packs are kept (least recently used go)

UploadedVersions = tuple[tuple[str, str, int], ...]


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


SEASON_NAME_MAX = 50


@dataclass(frozen=True, slots=True)
class SeasonView:
    """Which season a leaderboard shows: `name` None is the global current one (each server's own)."""

    name: str | None
    current: bool
    ended_at: str | None


@dataclass(frozen=True, slots=True)
class SeasonChange:
    """A season start: the season closed into history (with how many players it had) and the new one."""

    closed: Season
    started: Season
    players: int


@dataclass(frozen=True, slots=True)
class WrittenPack:
    """A server pack as /admin question list shows it: (prompt, answer) of each question, in order."""

    key: str
    name: str
    questions: tuple[tuple[str, str], ...]


def _written(key: str, data: dict[str, Any]) -> WrittenPack:
    items = [q for q in data["questions"] if isinstance(q, dict)]
    return WrittenPack(key, str(data.get("name") or key), tuple((str(q["prompt"]), str(q["answer"])) for q in items))


def _unknown_season(season: str, names: Sequence[str]) -> SeasonError:
    shown = ", ".join(names[:10]) or "none"
    return SeasonError(f"There is no season called “{season}”.", f"Seasons: {shown}.")


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


class TriviaService:
    def __init__(
        self,
        db: Store,
        clock: Clock = time.time,
        *,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        packs: Iterable[Pack] = (),
        bank: Iterable[Question | StoredQuestion] = (),
        abandon_after: int = ABANDON_AFTER,
    ) -> None:
        self.db = db
        self.clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - picking questions, not secrets
        self._abandon_after = abandon_after
        self._bank: tuple[Question, ...] = ()
        self._packs: dict[str, Pack] = {}
        self._bundled: tuple[Pack, ...] = ()  # as loaded, before the catalog redrew their choices
        self._guild_packs: OrderedDict[int, tuple[UploadedVersions, dict[str, Pack]]] = OrderedDict()
        self._games: dict[str, Game] = {}
        self._info: dict[str, GameInfo] = {}
        self._channels: dict[int, str] = {}
        self._events: dict[str, asyncio.Event] = {}
        self._recent: dict[int, deque[str]] = {}
        self._finished: OrderedDict[str, GameSummary] = OrderedDict()
        self._writes: dict[str, asyncio.Future[None]] = {}  # game id -> its stats write under way
        self._folded: dict[str, tuple[str, str]] = {}  # question id -> folded (prompt, answer)
        self._matchers: dict[str, dict[str, Matcher]] = {}  # typed game id -> question id -> its matcher
        self._people: dict[str, list[str]] | None = None  # film slug -> its people in the bank (lazily)
        self.set_bank(bank)
        self.set_packs(packs)

    # -- questions and packs ---------------------------------------------------------------

    def set_bank(self, questions: Iterable[Question | StoredQuestion]) -> None:
        """Replace the catalog questions (after a reload); running games keep theirs."""
        self._bank = tuple(q if isinstance(q, Question) else Question.from_stored(q) for q in questions)
        self._people = None
        self._folded.clear()
        self._redraw_bundled()
        self._guild_packs.clear()  # uploaded packs are drawn again with the new catalog

    async def load_bank(self) -> int:
        """Read the catalog questions from the store; returns how many."""
        rows = await catalog_repo.questions(self.db)
        self.set_bank(r for r in rows if r.pack is None)
        return len(self._bank)

    def set_packs(self, packs: Iterable[Pack]) -> None:
        self._bundled = tuple(packs)
        self._redraw_bundled()
        self._folded.clear()

    def _redraw_bundled(self) -> None:
        """The bundled packs with their drawn choices drawn again by what the catalog knows."""
        known = _known_kinds(self._bank, _drawn_answers(self._bundled))
        self._packs = {p.key: with_catalog(p, known) for p in self._bundled}

    def refresh(self, bank: Iterable[Question | StoredQuestion], packs: Iterable[Pack]) -> None:
        """After a reload: the new bank (pack questions in it are ignored) and bundled packs.

        Games already running keep the questions they were dealt.
        """
        self.set_bank(q for q in bank if q.pack is None)
        self.set_packs(packs)

    async def load_packs(self, directory: Path | str) -> list[PackProblem]:
        """Read the bundled packs (off the event loop); returns the problems of bad files."""
        packs, problems = await asyncio.to_thread(load_pack_dir, directory)
        self.set_packs(packs)
        for problem in problems:
            log.warning("pack skipped: %s", problem)
        return problems

    @property
    def bank(self) -> tuple[Question, ...]:
        return self._bank

    async def _uploaded(self, guild_id: int) -> dict[str, Pack]:
        """A server's uploaded packs, parsed once (in a thread) and re-read only when the
        stored ones change, whoever changed them. The parsed packs of the
        `UPLOADED_CACHE_GUILDS` servers used last are kept."""
        versions = tuple(await repo.uploaded_pack_versions(self.db, guild_id))
        cached = self._guild_packs.get(guild_id)
        if cached is not None and cached[0] == versions:
            self._guild_packs.move_to_end(guild_id)
            return cached[1]
        rows = await repo.uploaded_packs(self.db, guild_id)
        packs, problems = await asyncio.to_thread(_parse_uploaded, rows, self._bank)
        for problem in problems:
            log.warning("uploaded pack of guild %s is invalid: %s", guild_id, problem)
        self._guild_packs[guild_id] = (versions, packs)
        self._guild_packs.move_to_end(guild_id)
        while len(self._guild_packs) > UPLOADED_CACHE_GUILDS:
            self._guild_packs.popitem(last=False)
        return packs

    async def packs(self, guild_id: int | None = None) -> list[Pack]:
        """The bundled packs and, in a server, its uploaded ones, by key."""
        found = dict(self._packs)
        if guild_id is not None:
            for key, pack in (await self._uploaded(guild_id)).items():
                found.setdefault(key, pack)
        return [found[k] for k in sorted(found)]

    async def find_pack(self, guild_id: int | None, name: str) -> Pack | None:
        """The pack `name` means: by key, then by display name, bundled packs before uploaded ones.

        Uploads cannot copy a name (see `upload_pack`); the order still keeps a
        bundled pack from being shadowed by one stored before that rule, or
        named so before a reload brought the bundled one.
        """
        key, folded = slugify(name), fold(name)
        bundled = [self._packs[k] for k in sorted(self._packs)]
        uploaded = [p for k, p in sorted((await self._uploaded(guild_id)).items())] if guild_id is not None else []
        for packs in (bundled, uploaded):
            for matches in (lambda p: p.key == key, lambda p: fold(p.name) == folded):
                found = next((p for p in packs if matches(p)), None)
                if found is not None:
                    return found
        return None

    async def upload_pack(self, guild_id: int, user_id: int, name: str, text: str, *, file: str | None = None) -> Pack:
        """Validate and store a server's pack; raises PackError (file and line) or TriviaError.

        `name` gives the pack's key; `file` is how errors name it (the uploaded file's name).
        Names are unique across the bundled packs and the server's own (compared
        folded, keys and display names alike), so `/trivia start pack:` always
        means one pack; an upload of the same key replaces that server's pack.
        Parsed in a thread: a big pack never holds up the event loop.
        """
        pack = await asyncio.to_thread(load_pack_text, name, text, file=file, origin="upload")
        if pack.key in self._packs:
            raise TriviaError(f"“{pack.key}” is the name of a bundled pack.", "Upload it under another name.")
        others = [(p, "bundled with the bot") for p in self._packs.values()]
        others += [(p, "uploaded to this server") for k, p in (await self._uploaded(guild_id)).items() if k != pack.key]
        wanted = {fold(pack.name), fold(pack.key)}
        for other, where in others:
            if wanted & {fold(other.name), fold(other.key)}:
                raise TriviaError(
                    f"The pack “{pack.name}” has the name of the pack “{other.name}” ({where}): "
                    "pack names must be unique, so that /trivia start pack: finds one pack.",
                    "Give it another `name:` (and file name) and upload it again.",
                )
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock()))
        await repo.save_uploaded_pack(self.db, guild_id, pack.key, text, user_id, at)
        self._guild_packs.pop(guild_id, None)
        return pack

    async def remove_pack(self, guild_id: int, name: str) -> bool:
        removed = await repo.delete_uploaded_pack(self.db, guild_id, slugify(name))
        self._guild_packs.pop(guild_id, None)
        return removed

    # -- questions written in Discord (server packs) ----------------------------------------

    async def _server_pack(self, guild_id: int, name: str) -> tuple[str, dict[str, Any]] | None:
        """The uploaded pack `name` means (by key or display name) and its data to edit; None if
        the server has none of that name. Raises WrittenQuestionError for a bundled pack's name
        or a pack in Red-DiscordBot's format."""
        if not isinstance(name, str) or not slugify(name):
            raise WrittenQuestionError("A pack needs a name with letters or digits.")
        key, folded = slugify(name), fold(name)
        for bundled in self._packs.values():
            if key == bundled.key or folded in {fold(bundled.name), fold(bundled.key)}:
                raise WrittenQuestionError(
                    f"“{bundled.name}” is a pack bundled with the bot; questions are written into this server's packs.",
                    "Give another pack name: the first question added to it creates it.",
                )
        texts = dict(await repo.uploaded_packs(self.db, guild_id))
        for stored, pack in (await self._uploaded(guild_id)).items():
            if key == stored or folded == fold(pack.name):
                return stored, pack_data(texts[stored])
        return (key, pack_data(texts[key])) if key in texts else None

    async def written_pack(self, guild_id: int, name: str) -> WrittenPack | None:
        """A server pack's questions in order (numbered from 1 by /admin question list and remove)."""
        found = await self._server_pack(guild_id, name)
        return None if found is None else _written(*found)

    async def add_question(
        self, guild_id: int, user_id: int, name: str, draft: QuestionDraft
    ) -> tuple[WrittenPack, bool]:
        """Append a checked question to the server pack `name`, creating the pack with its first
        question; returns the pack and whether it was created. The pack is validated and stored
        as an upload is (schema, rules, unique names); raises WrittenQuestionError otherwise."""
        found = await self._server_pack(guild_id, name)
        created = found is None
        if found is None:
            display = new_pack_name(name)
            key, data = slugify(display), {"name": display, "questions": []}
        else:
            key, data = found
        questions = data["questions"]
        for number, item in enumerate(questions, 1):
            if isinstance(item, dict) and fold(str(item.get("prompt", ""))) == fold(draft.prompt):
                raise WrittenQuestionError(f"The pack already has that question (number {number}).")
        questions.append(draft.as_pack_item())
        await self._store_written(guild_id, user_id, key, data)
        return _written(key, data), created

    async def remove_question(
        self, guild_id: int, user_id: int, name: str, number: int
    ) -> tuple[str, WrittenPack | None]:
        """Remove question `number` (from 1) of a server pack; returns its prompt and the pack left,
        None when that was its last question (the pack goes with it)."""
        found = await self._server_pack(guild_id, name)
        if found is None:
            raise WrittenQuestionError(f"This server has no pack called “{name}”.", "See /admin status for its packs.")
        key, data = found
        questions = data["questions"]
        if type(number) is not int or not 1 <= number <= len(questions):
            raise WrittenQuestionError(
                f"The pack has questions 1 to {len(questions)}, not {number}.", "See /admin question list."
            )
        removed = questions.pop(number - 1)
        prompt = str(removed.get("prompt", "")) if isinstance(removed, dict) else ""
        if not questions:
            await self.remove_pack(guild_id, key)
            return prompt, None
        await self._store_written(guild_id, user_id, key, data)
        return prompt, _written(key, data)

    async def _store_written(self, guild_id: int, user_id: int, key: str, data: dict[str, Any]) -> Pack:
        try:
            return await self.upload_pack(guild_id, user_id, key, pack_text(data), file=key)
        except PackError as error:
            reasons = "; ".join(p.message for p in error.problems[:3])
            raise WrittenQuestionError(f"That would not make a valid pack: {reasons}.") from None

    # -- settings and records --------------------------------------------------------------

    async def settings(self, guild_id: int) -> TriviaSettings:
        return await repo.get_settings(self.db, guild_id)

    async def leaderboard(self, guild_id: int | None, limit: int = 10, offset: int = 0) -> list[PlayerRecord]:
        """A server's standings, or the global ones (guild_id None)."""
        return await repo.leaderboard(self.db, guild_id, limit, offset)

    async def player(self, guild_id: int | None, user_id: int) -> PlayerRecord | None:
        """A player's lifetime record: seasons restart the leaderboard, never a player's stats."""
        return await repo.player_record(self.db, guild_id, user_id)

    # -- seasons -------------------------------------------------------------------------------

    async def seasons(self, guild_id: int) -> list[Season]:
        """The server's seasons, oldest first; the last is the current one."""
        return await repo.seasons(self.db, guild_id)

    async def season_names(self, guild_id: int | None) -> list[str]:
        """The season names a leaderboard can show: the server's (newest first), or every server's."""
        if guild_id is None:
            return await repo.season_names(self.db)
        return [s.name for s in reversed(await self.seasons(guild_id))]

    async def season_leaderboard(
        self, guild_id: int | None, season: str | None = None, limit: int = 10
    ) -> tuple[SeasonView, list[PlayerRecord]]:
        """The standings of a season: the current one, or the one named `season` (folded).

        In a server, its own seasons; globally (guild_id None), every server's current season
        summed, or every server's season of that name, summed. Raises SeasonError for a name
        no season has.
        """
        if season is not None and (not isinstance(season, str) or not season.strip()):
            raise SeasonError("Give a season's name, or leave it out for the current season.")
        if guild_id is None:
            if season is None:
                return SeasonView(None, True, None), await repo.leaderboard(self.db, None, limit)
            wanted = fold(season)
            names = await repo.season_names(self.db)
            name = next((n for n in names if fold(n) == wanted), None)
            if name is None:
                raise _unknown_season(season, names)
            return SeasonView(name, False, None), await repo.leaderboard(self.db, None, limit, season_fold=wanted)
        known = await self.seasons(guild_id)
        chosen = known[-1] if season is None else next((s for s in known if fold(s.name) == fold(season)), None)
        if chosen is None:
            raise _unknown_season(season or "", [s.name for s in reversed(known)])
        number = None if chosen.current else chosen.number
        records = await repo.leaderboard(self.db, guild_id, limit, season=number)
        return SeasonView(chosen.name, chosen.current, chosen.ended_at), records

    async def start_season(self, guild_id: int, user_id: int, name: str | None = None) -> SeasonChange:
        """Close the server's current season into history and start `name` (or "Season N").

        Raises SeasonError, changing nothing, for a name the server's seasons already have
        (compared folded) or one that is empty or too long.
        """
        known = await self.seasons(guild_id)
        if name is None:
            name = f"Season {known[-1].number + 1}"
        if not isinstance(name, str):
            raise SeasonError("A season's name is text.")
        name = " ".join(strip_bidi(name).split())
        if not name or not fold(name):
            raise SeasonError("A season needs a name with letters or digits.", "Or leave the name out.")
        if len(name) > SEASON_NAME_MAX:
            raise SeasonError(f"A season's name is at most {SEASON_NAME_MAX} characters, got {len(name)}.")
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock()))
        try:
            closed, started, players = await repo.start_season(self.db, guild_id, name, fold(name), user_id, at)
        except repo.SeasonNameTakenError:
            names = ", ".join(s.name for s in known)
            raise SeasonError(
                f"This server already has a season called “{name}”.",
                f"Season names are kept forever, so each is used once (this server's: {names}). Pick another.",
            ) from None
        return SeasonChange(closed, started, players)

    # -- starting ----------------------------------------------------------------------------

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
    ) -> GameInfo:
        """Set up a game in the channel (nothing is asked yet).

        Without film or pack the questions come from the catalog and every
        bundled pack; with a film, from that film (and pack questions about it);
        with a pack, from that pack. `mode` is BUTTONS or TYPED; left out, a
        Red-format pack (typed-answer lists) plays typed and everything else with
        buttons. A typed game leaves out the "Which of these ...?" questions,
        which need their choices shown. `category` (a key or name of
        `bot.trivia.categories.CATEGORIES`) keeps one kind of question. Raises a
        TriviaError subclass on bad input.
        """
        current = self._channels.get(channel_id)
        if current is not None and current in self._games and not self._games[current].over:
            raise GameRunningError()
        settings = await self.settings(guild_id)
        rounds = settings.rounds if rounds is None else rounds
        low, high = ROUNDS_RANGE
        if type(rounds) is not int or not low <= rounds <= high:  # 2.5 or True would pass the range alone
            raise InvalidOptionError(f"Rounds must be between {low} and {high}, not {rounds}.")
        if difficulty is not None:
            difficulty = difficulty.strip().lower()
            if difficulty not in DIFFICULTIES:
                raise InvalidOptionError(
                    f"Difficulty must be one of {', '.join(DIFFICULTIES)}, not “{difficulty}”.",
                )
        if mode is not None and (type(mode) is not str or mode not in MODES):
            raise InvalidOptionError(f"Mode must be one of {', '.join(MODES)}, not “{mode}”.")
        chosen_category = None
        if category is not None:
            chosen_category = find_category(category) if type(category) is str else None
            if chosen_category is None:
                raise InvalidOptionError(
                    f"There is no question category “{category}”.",
                    f"The categories are {', '.join(c.key for c in CATEGORIES)} (see /trivia packs).",
                )
        pool, chosen_pack = await self._pool(guild_id, film_slug, pack)
        pack_key = chosen_pack.key if chosen_pack else None
        if mode is None:
            mode = TYPED if chosen_pack is not None and chosen_pack.format == RED else BUTTONS
        if difficulty:
            pool = [q for q in pool if q.difficulty == difficulty]
        if chosen_category is not None:
            pool = [q for q in pool if category_of(q) == chosen_category]
        pool = [q for q in pool if (q.typeable if mode == TYPED else len(q.choices) >= 2)]
        questions = self._choose(channel_id, pool, rounds)
        matchers = await self._matchers_for(questions) if mode == TYPED else None
        # Re-check after the awaits above: another start may have won the race.
        current = self._channels.get(channel_id)
        if current is not None and current in self._games and not self._games[current].over:
            raise GameRunningError()
        game_id = self._new_id()
        game = Game(
            game_id,
            guild_id,
            channel_id,
            starter_id,
            questions,
            question_seconds=settings.question_seconds,
            abandon_after=self._abandon_after,
            mode=mode,
        )
        info = GameInfo(
            game_id,
            guild_id,
            channel_id,
            starter_id,
            len(questions),
            settings.question_seconds,
            settings.reveal_seconds,
            film_slug,
            pack_key,
            difficulty,
            mode,
            chosen_category.name if chosen_category else None,
        )
        if matchers is not None:
            self._matchers[game_id] = matchers
        self._games[game_id] = game
        self._info[game_id] = info
        self._channels[channel_id] = game_id
        self._events[game_id] = asyncio.Event()
        recent = self._recent.setdefault(channel_id, deque(maxlen=RECENT_PER_CHANNEL))
        recent.extend(q.id for q in questions)
        return info

    async def _pool(
        self, guild_id: int, film_slug: str | None, pack_name: str | None
    ) -> tuple[list[Question], Pack | None]:
        """The candidate questions and the chosen pack."""
        pack = None
        if pack_name is not None:
            pack = await self.find_pack(guild_id, pack_name)
            if pack is None:
                raise UnknownPackError(pack_name, [p.key for p in await self.packs(guild_id)])
            candidates = list(pack.questions)
        else:
            candidates = list(self._bank) + [q for p in self._packs.values() for q in p.questions]
        if film_slug is None:
            return candidates, pack
        names = await self._film_names(film_slug)
        matching = [
            q
            for q in candidates
            if q.film_slug == film_slug or (q.pack is not None and q.film_slug is not None and q.film_slug in names)
        ]
        if not matching and not names:
            raise UnknownFilmError(film_slug)
        return matching, pack

    async def categories(self, guild_id: int | None = None) -> list[tuple[Category, int]]:
        """The categories of the questions a game here could draw (the catalog's, the bundled
        packs' and, in a server, its uploaded packs'), with how many each has; empty ones left out."""
        questions = {q.id: q for q in self._bank}
        for pack in await self.packs(guild_id):
            questions.update((q.id, q) for q in pack.questions)
        return category_counts(questions.values())

    async def _matchers_for(self, questions: Sequence[Question]) -> dict[str, Matcher]:
        """How each question of a typed game judges a typed answer (see `bot.trivia.matching`):
        its accepted answers, never its wrong choices; for a person, the surname alone when
        nobody else of the film has it (the film's people are the answers of the bank's person
        questions about it, and the question's own choices, to be safe); an answer that is a
        catalog film's title accepts its other titles."""
        matchers: dict[str, Matcher] = {}
        for question in questions:
            people = None
            if question.kind in _PERSON_KINDS and question.film_slug is not None:
                people = [*self._people_of(question.film_slug), *question.choices]
            titles = []
            for answer in question.answers:
                found = await catalog_repo.film_titles(self.db, slugify(answer))
                if found:
                    titles.append(found)
            wrong = [c for c in question.choices if c not in question.answers]
            matchers[question.id] = compile_answers(question.answers, wrong=wrong, person_among=people, titles=titles)
        return matchers

    def _people_of(self, film_slug: str) -> list[str]:
        """The people the bank knows in a film (indexed once per bank, on the first typed game)."""
        if self._people is None:
            people: dict[str, list[str]] = {}
            for question in self._bank:
                if question.kind in _PERSON_KINDS and question.film_slug is not None:
                    people.setdefault(question.film_slug, []).append(question.answer)
            self._people = people
        return self._people.get(film_slug, [])

    async def _film_names(self, film_slug: str) -> set[str]:
        """Slugs of a catalog film's slug and titles (to match pack questions' `film`); empty if unknown."""
        if await catalog_repo.film_row(self.db, film_slug) is None:
            return set()
        titles = await catalog_repo.film_titles(self.db, film_slug)
        return {film_slug, *(slugify(t) for t in titles)}

    def _choose(self, channel_id: int, pool: Sequence[Question], rounds: int) -> list[Question]:
        """`rounds` random questions, the ones not asked lately in this channel first,
        no template asked twice about one film while its other templates are unused,
        never two where one's answer appears in the other's prompt (one would give
        the other away)."""
        unique = list({q.id: q for q in pool}.values())
        if len(unique) < rounds:
            raise NotEnoughQuestionsError(len(unique), rounds)
        recent = set(self._recent.get(channel_id, ()))
        fresh = [q for q in unique if q.id not in recent]
        stale = [q for q in unique if q.id in recent]
        self._rng.shuffle(fresh)
        self._rng.shuffle(stale)
        return self._pick(fresh + stale, rounds)

    def _pick(self, ordered: list[Question], rounds: int) -> list[Question]:
        """Take questions in order, each time the first whose template (see `_template`)
        has been asked least in this game and whose answer no chosen question gives away;
        when only give-aways are left, they fill the game rather than leave it short."""
        chosen: list[Question] = []
        used: dict[tuple[str, str], int] = {}
        remaining = list(ordered)
        while len(chosen) < rounds:
            best: int | None = None
            for index, question in enumerate(remaining):
                if any(self._gives_away(question, other) for other in chosen):
                    continue
                turns = used.get(_template(question), 0)
                if best is None or turns < used.get(_template(remaining[best]), 0):
                    best = index
                if turns == 0:
                    break
            if best is None:
                break
            question = remaining.pop(best)
            chosen.append(question)
            used[_template(question)] = used.get(_template(question), 0) + 1
        chosen.extend(remaining[: rounds - len(chosen)])
        return chosen

    def _gives_away(self, a: Question, b: Question) -> bool:
        """True when one question's answer is written in the other's prompt."""
        (a_prompt, a_answer), (b_prompt, b_answer) = self._folds(a), self._folds(b)
        return _mentions(a_prompt, b_answer) or _mentions(b_prompt, a_answer)

    def _folds(self, question: Question) -> tuple[str, str]:
        found = self._folded.get(question.id)
        if found is None:
            found = self._folded[question.id] = (fold(question.prompt), fold(question.answer))
        return found

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
        if result.counted and self.db.writes.failing:
            result = dataclasses.replace(result, unsaved=True)
        return result

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
        matcher = self._matchers.get(game_id, {}).get(current.id) if current is not None else None
        correct = matcher is not None and matcher.matches(guess)
        result = game.answer_typed(user_id, name, number, correct, at, self.clock(), is_bot=is_bot)
        if result.closed_question:
            self._events[game_id].set()
        if result.counted and self.db.writes.failing:
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
        if not await self._persist(game):
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
        saved = await self._persist(game)
        if not saved:
            # The game is forgotten below: nothing will write these stats later.
            log.error("trivia stats of game %s could not be saved and are lost", game.id)
        if self._games.pop(game_id, None) is None:  # finished meanwhile by another caller
            return self._finished.get(game_id)
        self._info.pop(game_id, None)
        self._events.pop(game_id, None)
        self._matchers.pop(game_id, None)
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
        )
        self._finished[game_id] = dataclasses.replace(summary, standings=summary.standings[:FINISHED_STANDINGS_KEPT])
        while len(self._finished) > FINISHED_KEPT:
            self._finished.popitem(last=False)
        return summary

    async def _persist(self, game: Game) -> bool:
        """Write the game's closed questions' stats; False when they could not be written
        (they are then kept on the game, and its next write retries them).

        The write is shielded: a caller cancelled meanwhile (a shutdown) does not cut
        it short, and the game's next write waits for it to land first.
        """
        earlier = self._writes.get(game.id)
        if earlier is not None:
            await asyncio.wait([earlier])  # in order: streaks depend on it
        deltas = game.take_unsaved()
        if not deltas:
            return True
        write = asyncio.ensure_future(repo.record_answers(self.db, deltas))
        self._writes[game.id] = write
        write.add_done_callback(lambda done: self._written(game, deltas, done))
        try:
            await asyncio.shield(write)  # cancelled, our caller stops waiting but the write goes on
        except Exception:
            return False  # logged, and the stats put back, by `_written`
        return True

    def _written(self, game: Game, deltas: list[StatDelta], write: asyncio.Future[None]) -> None:
        """A write of the game's stats is over: if it failed, keep its stats for the next one."""
        if self._writes.get(game.id) is write:
            del self._writes[game.id]
        error = None if write.cancelled() else write.exception()
        if write.cancelled() or error is not None:
            game.put_back(deltas)
            if isinstance(error, StoreWriteError):  # shown to players and in /admin status; no traceback
                log.warning("could not save the trivia stats of game %s: %s", game.id, error)
            else:
                log.error("could not save the trivia stats of game %s", game.id, exc_info=error)

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


def _template(question: Question) -> tuple[str, str]:
    """What makes two questions feel the same: the kind of question about the same film
    ("Which of these is one of the genres of X?"). A pack question is its own template."""
    if question.pack is not None or question.film_slug is None:
        return ("", question.id)
    return (question.film_slug, question.kind)


# The catalog question kinds whose answer is a person (the surname rule of typed answers).
_PERSON_KINDS = frozenset({DIRECTOR, PLAYED_BY, CREW})

# The catalog question kinds whose answers say what a name is, in the packs' words.
_BANK_KINDS = {DIRECTOR: "director", PLAYED_BY: "actor", PLAYS: "character", PLACE: "place"}


def _drawn_answers(packs: Iterable[Pack]) -> set[str]:
    """The folded answers of the pack questions whose choices are drawn: the only names
    worth looking up in the catalog."""
    return {fold(q.answer) for pack in packs for q in pack.questions if q.id in pack.drawn}


def _known_kinds(bank: Sequence[Question], wanted: set[str]) -> KnownKinds:
    """What the catalog knows the `wanted` names as (directors, actors, crew, characters,
    places, from its questions' answers). Only those names are kept, so this costs one
    pass over the bank and no memory that grows with the catalog."""
    kinds: dict[str, set[str]] = {}
    if not wanted:
        return {}
    for question in bank:
        if question.kind not in _BANK_KINDS and question.kind != CREW:
            continue
        name = fold(question.answer)
        if name not in wanted:
            continue
        # a crew job reads like a pack's wording: "Who composed ...?" is a composer, others a person
        kind = answer_kind(question.prompt) if question.kind == CREW else _BANK_KINDS[question.kind]
        kinds.setdefault(name, set()).add(kind)
    return {name: frozenset(found) for name, found in kinds.items()}


def _parse_uploaded(
    rows: Sequence[tuple[str, str]], bank: Sequence[Question] = ()
) -> tuple[dict[str, Pack], list[str]]:
    """Parse a server's stored packs (CPU work: run in a thread); a bad one is skipped.
    Drawn choices are drawn by what the catalog (`bank`) knows of the answers."""
    packs: dict[str, Pack] = {}
    problems: list[str] = []
    for name, text in rows:
        try:
            pack = load_pack_text(name, text, origin="upload")
        except PackError as error:
            problems.append(f"{name}: {error}")
            continue
        packs[pack.key] = pack
    known = _known_kinds(bank, _drawn_answers(packs.values()))
    return {key: with_catalog(pack, known) for key, pack in packs.items()}, problems


def _mentions(folded_text: str, folded_answer: str) -> bool:
    return len(folded_answer) > 3 and f" {folded_answer} " in f" {folded_text} "
