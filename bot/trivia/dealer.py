"""Dealing a game's questions: the options checked, the pool drawn from the library, the
questions chosen (fresh ones first, varied, none giving another away) and, for a typed
game, how each judges a typed answer."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.text import slugify
from bot.trivia.categories import CATEGORIES, category_of, find_category
from bot.trivia.errors import InvalidOptionError, NotEnoughQuestionsError, UnknownFilmError, UnknownPackError
from bot.trivia.library import PERSON_KINDS, Library
from bot.trivia.matching import Matcher, compile_answers
from bot.trivia.model import BUTTONS, DIFFICULTIES, MODES, TYPED, Question
from bot.trivia.packs import RED, Pack
from bot.trivia.session import TEAMS_RANGE
from bot.trivia.settings import ROUNDS_RANGE, TriviaSettings

RECENT_PER_CHANNEL = 200  # question ids remembered per channel, asked last


class FilmTitles(Protocol):
    """What dealing asks of the catalog (its service): the titles a film goes by."""

    async def film_titles(self, slug: str) -> list[str] | None:
        """Every title of the film `slug`, shortest first; None when the catalog has no such film."""


@dataclass(frozen=True, slots=True)
class Deal:
    """A game's questions and how it is played, the options checked."""

    questions: tuple[Question, ...]
    mode: str
    pack: str | None  # the chosen pack's key
    difficulty: str | None
    category: str | None  # the category's name
    teams: int
    matchers: dict[str, Matcher] | None  # a typed game's: question id -> how it judges a typed answer


class Dealer:
    """Deals games from the library, remembering per channel what was asked there last."""

    def __init__(self, library: Library, catalog: FilmTitles, rng: random.Random | None = None) -> None:
        self.library = library
        self.catalog = catalog
        self._rng = rng or random.Random()  # noqa: S311 - picking questions, not secrets
        self._recent: dict[int, deque[str]] = {}

    async def deal(
        self,
        guild_id: int,
        channel_id: int,
        settings: TriviaSettings,
        rounds: int | None = None,
        film_slug: str | None = None,
        pack: str | None = None,
        difficulty: str | None = None,
        mode: str | None = None,
        category: str | None = None,
        teams: int | None = None,
    ) -> Deal:
        """Check a game's options and deal its questions (see `TriviaService.start_game` for
        what each option does); raises a TriviaError subclass on bad input."""
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
        low, high = TEAMS_RANGE
        if teams is not None and (type(teams) is not int or not low <= teams <= high):
            raise InvalidOptionError(f"Teams must be between {low} and {high}, not {teams}.")
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
        if mode is None:
            mode = TYPED if chosen_pack is not None and chosen_pack.format == RED else BUTTONS
        if difficulty:
            pool = [q for q in pool if q.difficulty == difficulty]
        if chosen_category is not None:
            pool = [q for q in pool if category_of(q) == chosen_category]
        pool = [q for q in pool if (q.typeable if mode == TYPED else len(q.choices) >= 2)]
        questions = self._choose(channel_id, pool, rounds)
        matchers = await self.matchers_for(questions) if mode == TYPED else None
        return Deal(
            tuple(questions),
            mode,
            chosen_pack.key if chosen_pack else None,
            difficulty,
            chosen_category.name if chosen_category else None,
            teams or 0,
            matchers,
        )

    def dealt(self, channel_id: int, questions: Iterable[Question]) -> None:
        """The questions of a game that starts in the channel: asked last there from now on."""
        recent = self._recent.setdefault(channel_id, deque(maxlen=RECENT_PER_CHANNEL))
        recent.extend(q.id for q in questions)

    async def _pool(
        self, guild_id: int, film_slug: str | None, pack_name: str | None
    ) -> tuple[list[Question], Pack | None]:
        """The candidate questions and the chosen pack."""
        pack = None
        if pack_name is not None:
            pack = await self.library.find_pack(guild_id, pack_name)
            if pack is None:
                raise UnknownPackError(pack_name, [p.key for p in await self.library.packs(guild_id)])
            candidates = list(pack.questions)
        else:
            candidates = list(self.library.bank) + [q for p in self.library.bundled for q in p.questions]
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

    async def matchers_for(self, questions: Sequence[Question]) -> dict[str, Matcher]:
        """How each question of a typed game judges a typed answer (see `bot.trivia.matching`):
        its accepted answers, never its wrong choices; for a person, the surname alone when
        nobody else of the film has it (the film's people are the answers of the bank's person
        questions about it, and the question's own choices, to be safe); an answer that is a
        catalog film's title accepts its other titles."""
        matchers: dict[str, Matcher] = {}
        for question in questions:
            people = None
            if question.kind in PERSON_KINDS and question.film_slug is not None:
                people = [*self.library.people_of(question.film_slug), *question.choices]
            titles = []
            for answer in question.answers:
                found = await self.catalog.film_titles(slugify(answer))
                if found:
                    titles.append(found)
            wrong = [c for c in question.choices if c not in question.answers]
            matchers[question.id] = compile_answers(question.answers, wrong=wrong, person_among=people, titles=titles)
        return matchers

    async def _film_names(self, film_slug: str) -> set[str]:
        """Slugs of a catalog film's slug and titles (to match pack questions' `film`); empty if unknown."""
        titles = await self.catalog.film_titles(film_slug)
        if titles is None:
            return set()
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
        (a_prompt, a_answer), (b_prompt, b_answer) = self.library.folded(a), self.library.folded(b)
        return _mentions(a_prompt, b_answer) or _mentions(b_prompt, a_answer)


def _template(question: Question) -> tuple[str, str]:
    """What makes two questions feel the same: the kind of question about the same film
    ("Which of these is one of the genres of X?"). A pack question is its own template."""
    if question.pack is not None or question.film_slug is None:
        return ("", question.id)
    return (question.film_slug, question.kind)


def _mentions(folded_text: str, folded_answer: str) -> bool:
    return len(folded_answer) > 3 and f" {folded_answer} " in f" {folded_text} "
