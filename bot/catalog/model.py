"""Domain objects the catalog service returns: a film as the bot shows it.

Built from stored claims; every value carries the sources that assert it,
and disputed fields say so. No discord types here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.model import Source


@dataclass(frozen=True, slots=True)
class Sourced:
    """A value and every source that asserts it."""

    value: str
    sources: tuple[Source, ...]

    @property
    def source_labels(self) -> str:
        return ", ".join(sorted({s.label for s in self.sources}))


@dataclass(frozen=True, slots=True)
class FieldValues:
    """All values documents give for one film field, and whether they disagree."""

    name: str
    values: tuple[Sourced, ...] = ()
    disputed: bool = False

    @property
    def settled(self) -> str | None:
        """The value when exactly one is claimed and nobody disputes it."""
        if len(self.values) == 1 and not self.disputed:
            return self.values[0].value
        return None

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True, slots=True)
class Credit:
    """A person's part in a film: a character (cast) or a job (crew)."""

    person: str
    role: str | None
    note: str | None
    sources: tuple[Source, ...]
    disputed: bool = False


@dataclass(frozen=True, slots=True)
class CriticReview:
    """What one document says as a critic: score, verdict, strengths, weaknesses."""

    document: str
    rating: str | None
    verdict: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    weaknesses: tuple[str, ...] = ()
    pull_quotes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return Source(self.document, 0, 0).label

    @property
    def score_out_of_ten(self) -> float | None:
        """The rating scaled to 10 ("4/5" -> 8.0), or None when unrated."""
        if not self.rating or "/" not in self.rating:
            return None
        got, _, scale = self.rating.partition("/")
        try:
            return float(got) / float(scale) * 10
        except (ValueError, ZeroDivisionError):
            return None


@dataclass(frozen=True, slots=True)
class Film:
    slug: str
    title: str
    variants: tuple[str, ...]
    years: FieldValues
    release_dates: FieldValues
    runtimes: FieldValues
    genres: FieldValues
    countries: FieldValues
    directors: tuple[Credit, ...]
    cast: tuple[Credit, ...]
    crew: tuple[Credit, ...]
    taglines: tuple[Sourced, ...]
    reviews: tuple[CriticReview, ...]
    characters: tuple[Sourced, ...]
    places: tuple[Sourced, ...]
    organisations: tuple[Sourced, ...]
    documents: tuple[str, ...]
    disputed: frozenset[str] = field(default_factory=frozenset)

    @property
    def year_text(self) -> str:
        """ "2024" when settled, "2024/2025" when sources disagree, "" when unknown."""
        return "/".join(v.value for v in self.years.values)

    def crew_by_job(self, job: str) -> tuple[Credit, ...]:
        return tuple(c for c in self.crew if c.role == job)


@dataclass(frozen=True, slots=True)
class FilmSummary:
    """A film as listed: enough for a list row or an autocomplete choice."""

    slug: str
    title: str
    year_text: str


@dataclass(frozen=True, slots=True)
class PersonCredit:
    """One credit of a person, seen from the person: in which film, as what."""

    film: FilmSummary
    kind: str  # "cast", "director" or "crew"
    role: str | None
    note: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class CharacterCredit:
    """Who played a character, in which film."""

    character: str
    person: str | None
    film: FilmSummary
    note: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A tagline or critic pull-quote of a film, with its source."""

    kind: str  # "tagline" or "pull_quote"
    text: str
    film: FilmSummary
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One fuzzy-search result: what matched, how well, and where it leads."""

    kind: str  # "film", "person", "character"
    name: str
    score: float
    film: FilmSummary | None = None
