"""The question bank: one template per kind of fact, generated from catalog films.

Rules every question obeys:

- it names its film and carries the document (and span) its fact came from;
- it is never built on a disputed fact (`film.disputed`, `Credit.disputed`,
  `FieldValues.disputed`); a single undisputed source is enough;
- it has exactly three distractors of the answer's role, drawn from the
  catalog (directors for directors, actors for actors, the same crew job
  first and then other crew for crew, characters for characters, places for
  places), never someone credited on the film in another job; only years and
  runtimes are generated (nearby values), because any other invented value
  could turn out to be true. When the catalog is too small, the question is
  skipped rather than padded;
- no choice is empty, repeated (case/accent-insensitively), too long for a
  button, or another name of the answer;
- it is deterministic: the id hashes film slug + kind + subject, distractors
  and choice order are seeded by that id, so the same catalog always yields
  the same questions in the same order, whatever order the films come in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from bot import model as m
from bot.catalog.model import Film, Sourced
from bot.model import Source, dispute_key
from bot.text import fold
from bot.trivia.model import (
    CHOICE_COUNT,
    CHOICE_MAX_LENGTH,
    EASY,
    HARD,
    MEDIUM,
    Question,
    seeded_rng,
    stable_id,
)

DISTRACTORS = CHOICE_COUNT - 1

# Question kinds (the `kind` column).
DIRECTOR = "director"
PLAYED_BY = "played_by"  # who plays character X
PLAYS = "plays"  # which character does actor X play
CREW = "crew"
GENRE = "genre"
YEAR = "year"
RUNTIME = "runtime"
TAGLINE = "tagline"
PLACE = "place"
ORGANISATION = "organisation"
KINDS: tuple[str, ...] = (DIRECTOR, PLAYED_BY, PLAYS, CREW, GENRE, YEAR, RUNTIME, TAGLINE, PLACE, ORGANISATION)

# How a crew job is asked about; other jobs use "Who was the {job} of {film}?".
_JOB_PROMPTS = {
    "cinematographer": "Who was the cinematographer of {film}?",
    "composer": "Who composed the score of {film}?",
    "editor": "Who edited {film}?",
    "writer": "Who wrote {film}?",
    "screenwriter": "Who wrote the screenplay of {film}?",
    "producer": "Who produced {film}?",
}

_YEAR_OFFSETS = (-4, -3, -2, -1, 1, 2, 3, 4)
_RUNTIME_OFFSETS = (-20, -15, -10, -5, 5, 10, 15, 20)
_QUOTES = " \t\n\"'“”‘’«»„"
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE_BREAK = re.compile(r"(?<=[,;:])\s+|\s+[—–-]\s+")


def _key(text: str) -> str:
    return fold(text)


def _related(a: str, b: str) -> bool:
    """True when one folded name is the other or contains it as whole words
    ("Marlow" / "Ada Marlow", "New York" / "New York City"): such a pair is
    never offered as answer and distractor, it would be ambiguous."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


class _Names:
    """Distinct display values keyed by their folded form, first spelling wins."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        self._values: list[str] | None = None

    def add(self, value: str | None) -> None:
        if value is None:
            return
        value = value.strip()
        key = _key(value)
        if key and len(value) <= CHOICE_MAX_LENGTH and key not in self.by_key:
            self.by_key[key] = value
            self._values = None

    def values(self) -> list[str]:
        """The values in insertion order; the same list object until the next add."""
        if self._values is None:
            self._values = list(self.by_key.values())
        return self._values


@dataclass(slots=True)
class _Pools:
    """Catalog-wide candidate values for distractors, one pool per kind of value."""

    directors: _Names = field(default_factory=_Names)
    crew: _Names = field(default_factory=_Names)
    crew_by_job: dict[str, _Names] = field(default_factory=dict)
    cast: _Names = field(default_factory=_Names)
    roles: _Names = field(default_factory=_Names)
    genres: _Names = field(default_factory=_Names)
    places: _Names = field(default_factory=_Names)
    organisations: _Names = field(default_factory=_Names)
    tagline_endings: _Names = field(default_factory=_Names)

    @classmethod
    def of(cls, films: Sequence[Film]) -> _Pools:
        pools = cls()
        for film in sorted(films, key=lambda f: f.slug):
            for credit in film.directors:
                pools.directors.add(credit.person)
            for credit in film.crew:
                pools.crew.add(credit.person)
                if credit.role:
                    pools.crew_by_job.setdefault(_key(credit.role), _Names()).add(credit.person)
            for credit in film.cast:
                pools.cast.add(credit.person)
                pools.roles.add(credit.role)
            for value in film.genres.values:
                pools.genres.add(value.value)
            for value in film.places:
                pools.places.add(value.value)
            for value in film.organisations:
                pools.organisations.add(value.value)
            for value in film.taglines:
                split = split_tagline(value.value)
                if split:
                    pools.tagline_endings.add(split[1])
        return pools


def _first_source(sources: Iterable[Source]) -> Source | None:
    return min(sources, key=lambda s: (s.document, s.start, s.end), default=None)


_RANKED_TIER_MAX = 48  # tiers up to this size are ranked whole; larger ones are sampled


def _tier_candidates(question_id: str, tier: Iterable[str]) -> Iterator[str]:
    """A tier's values in a stable order that depends only on the question and the tier.

    A small tier (the film's own cast) is ranked whole by a hash of question id
    and value; a catalog-wide pool is sampled with a generator seeded by the
    question id, so building the bank stays linear in the number of questions.
    """
    values = tier if isinstance(tier, list) else list(tier)
    if len(values) <= _RANKED_TIER_MAX:
        yield from sorted(values, key=lambda v: stable_id(question_id, _key(v)))
        return
    rng = seeded_rng(f"{question_id}:{len(values)}")
    for _ in range(_RANKED_TIER_MAX):
        yield values[rng.randrange(len(values))]


def pick_distractors(
    question_id: str,
    answer: str,
    tiers: Sequence[Iterable[str]],
    exclude: Iterable[str] = (),
) -> list[str] | None:
    """Three distinct distractors, most plausible tier first; None if there are not three.

    The order within a tier is stable and independent of catalog order (see
    `_tier_candidates`). Values equal or related to the answer or to anything
    in `exclude` (other true answers) are never chosen.
    """
    taken = [k for k in (_key(answer), *(_key(e) for e in exclude)) if k]
    chosen: list[str] = []
    for tier in tiers:
        for value in _tier_candidates(question_id, tier):
            value = value.strip()
            key = _key(value)
            if not key or len(value) > CHOICE_MAX_LENGTH or any(_related(key, other) for other in taken):
                continue
            chosen.append(value)
            taken.append(key)
            if len(chosen) == DISTRACTORS:
                return chosen
    return None


def _drawn(
    answer: str, tiers: Sequence[Iterable[str]], exclude: Iterable[str] = ()
) -> Callable[[str], list[str] | None]:
    """`pick_distractors` for the question id `_Builder.add` gives it (the other arguments known now)."""
    return lambda question_id: pick_distractors(question_id, answer, tiers, exclude)


def _near_numbers(question_id: str, value: int, offsets: Sequence[int], minimum: int) -> list[int]:
    rng = seeded_rng(question_id)
    candidates = [value + o for o in offsets if value + o >= minimum]
    return sorted(rng.sample(candidates, DISTRACTORS))


def split_tagline(tagline: str) -> tuple[str, str] | None:
    """Split a tagline into the part shown and the part to complete.

    "Salt on the wind. Blood on the tide." -> ("Salt on the wind.", "Blood on the tide.").
    Sentence breaks first, then clause breaks, then half the words (4+ words).
    """
    text = " ".join(tagline.strip(_QUOTES).split())
    for pattern in (_SENTENCE_END, _CLAUSE_BREAK):
        parts = pattern.split(text)
        if len(parts) >= 2:
            cut = (len(parts) + 1) // 2
            head, tail = " ".join(parts[:cut]), " ".join(parts[cut:])
            if pattern is _CLAUSE_BREAK:
                # Keep the dash the split removed, so the head reads naturally.
                match = list(pattern.finditer(text))[cut - 1]
                head, tail = text[: match.start()].strip(), text[match.end() :].strip()
            if _key(head) and _key(tail):
                return head, tail
    words = text.split()
    if len(words) >= 4:
        cut = len(words) // 2
        return " ".join(words[:cut]), " ".join(words[cut:])
    return None


class _Builder:
    def __init__(self, films: Sequence[Film]) -> None:
        self.pools = _Pools.of(films)
        self.questions: dict[str, Question] = {}

    def add(
        self,
        film: Film,
        kind: str,
        subject: str,
        prompt: str,
        answer: str,
        difficulty: str,
        sources: Iterable[Source],
        distractors: Callable[[str], list[str] | None],
    ) -> None:
        """Build one question if its answer, distractors and source are sound."""
        answer = answer.strip()
        key = _key(answer)
        # An answer the prompt already gives away ("Which character does X play in
        # 'Captain Vesper'?" -> "Captain Vesper") makes no question.
        if not key or len(answer) > CHOICE_MAX_LENGTH or f" {key} " in f" {_key(prompt)} ":
            return
        source = _first_source(sources)
        question_id = stable_id(film.slug, kind, subject)
        if source is None or question_id in self.questions:
            return
        others = distractors(question_id)
        if others is None or len(others) != DISTRACTORS:
            return
        choices = [answer, *others]
        if len({_key(c) for c in choices}) != CHOICE_COUNT or not all(_key(c) for c in choices):
            return
        seeded_rng(question_id).shuffle(choices)
        self.questions[question_id] = Question(
            id=question_id,
            kind=kind,
            prompt=prompt,
            answer=answer,
            choices=tuple(choices),
            difficulty=difficulty,
            film_slug=film.slug,
            document=source.document,
            span_start=source.start,
            span_end=source.end,
        )


def _title(film: Film) -> str:
    return f"“{film.title}”"


def _credited_apart_from(film: Film, *kept: str) -> list[str]:
    """Everyone credited on the film in a job other than `kept` (DIRECTOR, CAST, or a crew
    job's folded name): never a wrong choice, since they did work on the film."""
    names = []
    if DIRECTOR not in kept:
        names += [c.person for c in film.directors]
    if PLAYED_BY not in kept:
        names += [c.person for c in film.cast]
    names += [c.person for c in film.crew if not c.role or _key(c.role) not in kept]
    return names


def _directors(b: _Builder, film: Film) -> None:
    if m.DIRECTOR in film.disputed:
        return
    everyone = [c.person for c in film.directors]
    several = len(film.directors) > 1
    for credit in film.directors:
        if credit.disputed:
            continue
        prompt = f"Which of these co-directed {_title(film)}?" if several else f"Who directed {_title(film)}?"
        b.add(
            film,
            DIRECTOR,
            _key(credit.person),
            prompt,
            credit.person,
            EASY,
            credit.sources,
            _drawn(credit.person, [b.pools.directors.values()], everyone + _credited_apart_from(film, DIRECTOR)),
        )


def _cast(b: _Builder, film: Film) -> None:
    if m.CAST in film.disputed:
        return
    same_film_actors = [c.person for c in film.cast if c.role] + [c.person for c in film.cast]
    lead = next((c for c in film.cast if c.role), None)
    for credit in film.cast:
        if credit.disputed or not credit.role:
            continue
        role_key, person_key = _key(credit.role), _key(credit.person)
        # Everyone who plays this character here, and every character this actor plays here.
        actors = [c.person for c in film.cast if c.role and _key(c.role) == role_key]
        roles = [c.role for c in film.cast if c.role and _key(c.person) == person_key]
        others_roles = [c.role for c in film.cast if c.role and _key(c.person) != person_key]
        # Several actors in one part (young and old): the credit's note tells them apart.
        part = f"{credit.role} ({credit.note})" if len(actors) > 1 and credit.note else credit.role
        b.add(
            film,
            PLAYED_BY,
            f"{role_key}|{person_key}",
            f"Who plays {part} in {_title(film)}?",
            credit.person,
            EASY if credit is lead else MEDIUM,
            credit.sources,
            _drawn(
                credit.person, [same_film_actors, b.pools.cast.values()], actors + _credited_apart_from(film, PLAYED_BY)
            ),
        )
        b.add(
            film,
            PLAYS,
            f"{person_key}|{role_key}",
            f"Which character does {credit.person} play in {_title(film)}?",
            credit.role,
            MEDIUM,
            credit.sources,
            _drawn(credit.role or "", [[x for x in others_roles if x], b.pools.roles.values()], roles),
        )


def _job_prompt(job: str, film: Film) -> str:
    template = _JOB_PROMPTS.get(_key(job), "Who was the {job} of {film}?")
    return template.format(job=job, film=_title(film))


def _crew(b: _Builder, film: Film) -> None:
    for credit in film.crew:
        job = credit.role
        if not job or credit.disputed or dispute_key(m.CREW, job) in film.disputed:
            continue
        same_job = [c.person for c in film.crew if c.role and _key(c.role) == _key(job)]
        job_pool = b.pools.crew_by_job.get(_key(job), _Names())
        job_key = _key(job)
        b.add(
            film,
            CREW,
            f"{_key(job)}|{_key(credit.person)}",
            _job_prompt(job, film),
            credit.person,
            HARD,
            credit.sources,
            _drawn(
                credit.person,
                [job_pool.values(), b.pools.crew.values()],
                same_job + _credited_apart_from(film, job_key),
            ),
        )


def _genres(b: _Builder, film: Film) -> None:
    if film.genres.disputed or m.GENRE in film.disputed:
        return
    own = [v.value for v in film.genres.values]
    prompt = (
        f"Which of these is one of the genres of {_title(film)}?" if len(own) > 1 else f"Which genre is {_title(film)}?"
    )
    for value in film.genres.values:
        b.add(
            film,
            GENRE,
            _key(value.value),
            prompt,
            value.value,
            EASY,
            value.sources,
            _drawn(value.value, [b.pools.genres.values()], own),
        )


def _number(values: Sequence[Sourced], settled: str | None, low: int, high: int) -> tuple[int, Sourced] | None:
    if settled is None or not settled.strip().isdigit():
        return None
    number = int(settled)
    return (number, values[0]) if low <= number <= high else None


def _year(b: _Builder, film: Film) -> None:
    if m.YEAR in film.disputed:
        return
    found = _number(film.years.values, film.years.settled, 1870, 2200)
    if found is None:
        return
    year, value = found
    b.add(
        film,
        YEAR,
        "",
        f"In which year was {_title(film)} released?",
        str(year),
        MEDIUM,
        value.sources,
        lambda qid: [str(y) for y in _near_numbers(qid, year, _YEAR_OFFSETS, 1870)],
    )


def _runtime(b: _Builder, film: Film) -> None:
    if m.RUNTIME in film.disputed:
        return
    found = _number(film.runtimes.values, film.runtimes.settled, 30, 600)
    if found is None:
        return
    minutes, value = found
    b.add(
        film,
        RUNTIME,
        "",
        f"How long is {_title(film)}?",
        f"{minutes} minutes",
        HARD,
        value.sources,
        lambda qid: [f"{n} minutes" for n in _near_numbers(qid, minutes, _RUNTIME_OFFSETS, 20)],
    )


def _taglines(b: _Builder, film: Film) -> None:
    if m.TAGLINE in film.disputed:
        return
    own_endings = [s[1] for s in map(split_tagline, (t.value for t in film.taglines)) if s]
    for tagline in film.taglines:
        split = split_tagline(tagline.value)
        if split is None:
            continue
        head, tail = split
        b.add(
            film,
            TAGLINE,
            _key(tagline.value),
            f"Complete the tagline of {_title(film)}: “{head} …”",
            tail,
            MEDIUM,
            tagline.sources,
            _drawn(tail, [b.pools.tagline_endings.values()], own_endings),
        )


def _story(b: _Builder, film: Film, kind: str, values: Sequence[Sourced], pool: _Names, prompt: str) -> None:
    if kind in film.disputed:
        return
    own = [v.value for v in values]
    for value in values:
        b.add(
            film,
            kind,
            _key(value.value),
            prompt.format(film=_title(film)),
            value.value,
            HARD,
            value.sources,
            _drawn(value.value, [pool.values()], own),
        )


def generate_questions(films: Sequence[Film]) -> list[Question]:
    """Every question the catalog supports, sorted by id."""
    builder = _Builder(films)
    for film in films:
        _directors(builder, film)
        _cast(builder, film)
        _crew(builder, film)
        _genres(builder, film)
        _year(builder, film)
        _runtime(builder, film)
        _taglines(builder, film)
        _story(
            builder,
            film,
            PLACE,
            film.places,
            builder.pools.places,
            "Which of these places is part of the story of {film}?",
        )
        _story(
            builder,
            film,
            ORGANISATION,
            film.organisations,
            builder.pools.organisations,
            "Which of these organisations appears in {film}?",
        )
    return [builder.questions[k] for k in sorted(builder.questions)]


def build_bank(films: Sequence[Film]) -> list[Question]:
    """The catalog's question bank, as the store keeps it (trivia_questions, pack None)."""
    return generate_questions(films)
