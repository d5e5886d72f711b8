"""The claim model: what the extractor says a document asserts, and where.

Every fact the bot knows is a `Claim` with its `Source` (document and character
span). Claims about one film, from one or more documents, are gathered into a
`MergedFilm`; fields on which documents disagree are listed in `disputed`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import PurePath

# Film-level fields. Values are plain strings; normalised forms are noted.
TITLE = "title"  # the title as the document writes it (a variant)
YEAR = "year"  # "2024"
RELEASE_DATE = "release_date"  # ISO "2024-06-07"
RUNTIME = "runtime"  # minutes, "123"
GENRE = "genre"  # "Action"
COUNTRY = "country"  # "United States"
DIRECTOR = "director"  # value and person: the director's name
CAST = "cast"  # value and person: actor; role: character or None; note: "cameo"
CREW = "crew"  # value and person: name; role: job ("cinematographer")
TAGLINE = "tagline"
RATING = "rating"  # "9/10" (the critic's score as written, normalised)
VERDICT = "verdict"
STRENGTH = "strength"
WEAKNESS = "weakness"
PULL_QUOTE = "pull_quote"
CHARACTER = "character"  # a character of the story, named by the document
PLACE = "place"
ORGANISATION = "organisation"

ALL_FIELDS = (
    TITLE,
    YEAR,
    RELEASE_DATE,
    RUNTIME,
    GENRE,
    COUNTRY,
    DIRECTOR,
    CAST,
    CREW,
    TAGLINE,
    RATING,
    VERDICT,
    STRENGTH,
    WEAKNESS,
    PULL_QUOTE,
    CHARACTER,
    PLACE,
    ORGANISATION,
)

# Fields where a film has one true value: if documents give different values,
# the field is disputed. Crew jobs are keyed "crew:<job>" (see `dispute_key`).
SINGLE_VALUED = frozenset({YEAR, RELEASE_DATE, RUNTIME})
SINGLE_VALUED_JOBS = frozenset({"cinematographer", "composer", "editor"})


@dataclass(frozen=True, slots=True)
class Source:
    """Where a claim was read: a document name and a character span in it."""

    document: str
    start: int
    end: int

    @property
    def label(self) -> str:
        """A short human name: "review 002" for "002_abc.txt", else the stem."""
        return source_label(self.document)


@functools.lru_cache(maxsize=4096)
def source_label(document: str) -> str:
    stem = PurePath(document).stem
    match = re.match(r"(\d+)", stem)
    return f"review {match.group(1)}" if match else stem


@dataclass(frozen=True, slots=True)
class Claim:
    """One assertion of one document: `field` has `value`.

    For people-bearing fields (director, cast, crew) `person` holds the
    person's full name as resolved within the film (so "van Dijk" becomes
    "Ana van Dijk"), `role` the character (cast) or job (crew), `note` a
    remark such as "cameo".
    """

    field: str
    value: str
    source: Source
    person: str | None = None
    role: str | None = None
    note: str | None = None

    @property
    def dispute_key(self) -> str:
        return dispute_key(self.field, self.role)


def dispute_key(field_name: str, role: str | None = None) -> str:
    """The key under which disagreement is tracked: "year", "crew:composer"."""
    if field_name == CREW and role:
        return f"{CREW}:{role}"
    return field_name


@dataclass(slots=True)
class MergedFilm:
    """All claims about one film, merged from every document that covers it.

    `slug` is the stable key community data refers to; `title` is the
    display title (the shortest variant), `variants` every title seen.
    `disputed` holds the dispute keys (see `dispute_key`) on which documents
    disagree; no claim is dropped because of a dispute.
    """

    slug: str
    title: str
    variants: list[str]
    claims: list[Claim] = field(default_factory=list)
    disputed: tuple[str, ...] = ()  # sorted: the same input gives the same result, under any hash seed
    documents: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A document that was read: its name, content hash and size."""

    name: str
    sha256: str
    size: int
    film_slug: str | None


@dataclass(frozen=True, slots=True)
class DocumentProblem:
    """A document that could not be ingested, and why."""

    name: str
    reason: str


@dataclass(slots=True)
class IngestResult:
    films: list[MergedFilm]
    documents: list[DocumentRecord]
    problems: list[DocumentProblem]

    @property
    def claim_count(self) -> int:
        return sum(len(film.claims) for film in self.films)

    @property
    def people(self) -> set[str]:
        return {c.person for f in self.films for c in f.claims if c.person}
