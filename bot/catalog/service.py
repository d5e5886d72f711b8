"""Catalog queries: films, people, characters, quotes, search and autocomplete.

Films are read from the store and kept in a small LRU cache; the name index for
search and autocomplete lives in memory and is rebuilt after every reload.
"""

from __future__ import annotations

import random
import re
import sys
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot import model as m
from bot.catalog.build import build_film
from bot.catalog.model import CharacterCredit, Film, FilmSummary, PersonCredit, Quote, SearchHit
from bot.catalog.search import Entry, NameIndex, clear_winner
from bot.model import Claim, Source
from bot.store import catalog as repo
from bot.store.backend import Row, Store
from bot.text import fold

FILM_CACHE_SIZE = 512
_ARTICLE = re.compile(r"^(the|a|an) ")
_TRAILING_YEAR = re.compile(r"\s*\((\d{4})(?:/\d{4})*\)\s*$")
CHARACTER_IN_FILM = " — "  # "Name — Film": how a character's label names the film
SUGGESTIONS = 5


@dataclass(frozen=True, slots=True)
class Page:
    items: tuple[FilmSummary, ...]
    page: int  # 1-based
    pages: int
    total: int


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Lookup(Generic[T]):
    """A lookup's answer: what was found, or the closest names to offer instead."""

    found: T | None
    suggestions: tuple[str, ...] = ()
    guessed_from: str | None = None  # the typed text, when `found` is an obvious match of it, not an exact one


def _summary(row: Row) -> FilmSummary:
    """The film of a claim row joined with its film."""
    return FilmSummary(row["film_slug"], row["title"], row["year_text"])


def _source(row: Row) -> Source:
    return Source(row["document"], row["span_start"], row["span_end"])


def _fold_unroled(credits: list[PersonCredit]) -> list[PersonCredit]:
    """Fold a cast listing without a character ("Cast: X (cameo)") into the same
    film's credit with one ("X plays Y"), keeping its note and sources."""
    out = list(credits)
    for plain in credits:
        if plain.kind != m.CAST or plain.role:
            continue
        if not any(c.kind == m.CAST and c.role and c.film.slug == plain.film.slug for c in out):
            continue
        out.remove(plain)
        for index, credit in enumerate(out):
            if credit.kind == m.CAST and credit.role and credit.film.slug == plain.film.slug:
                sources = credit.sources + tuple(s for s in plain.sources if s not in credit.sources)
                out[index] = PersonCredit(credit.film, credit.kind, credit.role, credit.note or plain.note, sources)
    return out


def _index_names(
    film_rows: Iterable[tuple[str, str, str]],
    title_rows: Iterable[tuple[str, str]],
    name_rows: Iterable[tuple[str, str, str | None, str | None, str]],
) -> tuple[dict[str, FilmSummary], NameIndex]:
    """The film summaries and the name index, from the rows of `repo.read_name_rows` (in a thread)."""
    summaries: dict[str, FilmSummary] = {}
    for slug, title, year in film_rows:
        summaries[slug] = FilmSummary(slug, title, sys.intern(year))
    films: list[tuple[str, str, str | None]] = []
    for slug, title in title_rows:
        summary = summaries[slug]  # share the strings the summaries hold
        films.append((summary.title if title == summary.title else title, summary.slug, summary.slug))
    people: dict[str, str] = {}
    characters: dict[tuple[str, str], str] = {}
    for slug, field_name, person, role, value in name_rows:
        if person:
            people.setdefault(fold(person), person)
        character = role if field_name == m.CAST else value if field_name == m.CHARACTER else None
        if character:
            characters.setdefault((fold(character), summaries[slug].slug), character)
    rows: dict[str, list[tuple[str, str, str | None]]] = {
        "film": films,
        "person": [(name, name, None) for name in people.values()],
        "character": [(name, name, slug) for (_, slug), name in characters.items()],
    }
    del people, characters
    return summaries, NameIndex.from_rows(rows)


class CatalogService:
    def __init__(self, db: Store) -> None:
        self.db = db
        self.index = NameIndex()
        self._summaries: dict[str, FilmSummary] = {}
        self._films: OrderedDict[str, Film] = OrderedDict()

    async def refresh(self) -> None:
        """Rebuild the name index and forget cached films (after a reload).

        The rows are read in one snapshot and indexed in a thread (on SQLite
        streamed from a connection of its own): seconds of CPU for 100,000
        films, kept off the event loop.
        """
        summaries, index = await repo.read_name_rows(self.db, _index_names)
        self.index = index
        self._summaries = summaries
        self._films.clear()

    # films -----------------------------------------------------------------

    def summary(self, slug: str) -> FilmSummary | None:
        return self._summaries.get(slug)

    async def film(self, slug: str) -> Film | None:
        cached = self._films.get(slug)
        if cached is not None:
            self._films.move_to_end(slug)
            return cached
        row = await repo.film_row(self.db, slug)
        if row is None:
            return None
        claims = [
            Claim(r["field"], r["value"], _source(r), r["person"], r["role"], r["note"])
            for r in await repo.film_claims(self.db, slug)
        ]
        film = build_film(
            slug,
            row["title"],
            await repo.film_titles(self.db, slug),
            claims,
            await repo.film_disputes(self.db, slug),
            await repo.film_documents(self.db, slug),
        )
        self._films[slug] = film
        if len(self._films) > FILM_CACHE_SIZE:
            self._films.popitem(last=False)
        return film

    async def film_titles(self, slug: str) -> list[str] | None:
        """Every title the film `slug` goes by, shortest first; None when the catalog has no such
        film. Read from the store (trivia asks it while dealing; no film is built for it)."""
        if await repo.film_row(self.db, slug) is None:
            return None
        return await repo.film_titles(self.db, slug)

    def resolve_film_slug(self, query: str) -> str | None:
        """A slug (as autocomplete sends) or any title variant, matched exactly after folding,
        with or without a leading article; "Title (1984)" picks that year's film among namesakes."""
        query = query.strip()
        if query in self._summaries:
            return query
        year_match = _TRAILING_YEAR.search(query)
        title = query[: year_match.start()] if year_match else query
        matches = sorted({e.key for e in self.index.exact(title, "film")})
        if not matches:
            # "Tidewater Accord" for "The Tidewater Accord", and the other way round.
            folded = fold(title)
            bare = _ARTICLE.sub("", folded)
            candidates = [bare] if bare != folded else [f"{article} {folded}" for article in ("the", "a", "an")]
            matches = sorted({e.key for text in candidates for e in self.index.exact(text, "film")})
        if len(matches) > 1 and year_match:
            year = year_match.group(1)
            matches = [slug for slug in matches if year in self._summaries[slug].year_text.split("/")]
        return matches[0] if len(matches) == 1 else None

    async def find_film(self, query: str) -> Lookup[Film]:
        """The film a title names; failing that, the one film it obviously means (a typo),
        marked as guessed; failing that, the closest titles to suggest."""
        slug = self.resolve_film_slug(query)
        guessed = None
        if slug is None:
            winner = clear_winner(query, (entry for entry, _ in self.index.search(query, ("film",), limit=10)))
            slug, guessed = (winner.key, query) if winner else (None, None)
        if slug is not None:
            film = await self.film(slug)
            if film is not None:
                return Lookup(film, guessed_from=guessed)
        return Lookup(None, self.suggest(query, "film"))

    def suggest(self, query: str, kind: str) -> tuple[str, ...]:
        """The closest names to offer when a lookup finds nothing."""
        return tuple(label for label, _value in self.autocomplete(kind, query, SUGGESTIONS))

    def _label(self, entry: Entry) -> str:
        if entry.kind == "film":
            summary = self._summaries.get(entry.key)
            year = f" ({summary.year_text})" if summary and summary.year_text else ""
            return f"{entry.display}{year}"
        if entry.kind == "character" and entry.film_slug in self._summaries:
            return f"{entry.display}{CHARACTER_IN_FILM}{self._summaries[entry.film_slug].title}"
        return entry.display

    async def list_films(self, page: int, per_page: int = 10) -> Page:
        total = len(self._summaries)
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        rows = await repo.list_films(self.db, (page - 1) * per_page, per_page)
        return Page(tuple(FilmSummary(r["slug"], r["title"], r["year_text"]) for r in rows), page, pages, total)

    # people and characters -------------------------------------------------

    def resolve_person(self, query: str) -> str | None:
        """A full name, or a surname that only one person in the catalog has."""
        exact = self.index.exact(query, "person")
        if exact:
            return exact[0].display
        folded = fold(query)
        if not folded:
            return None
        tails = {
            entry.display
            for entry, _ in self.index.search(query, ("person",), limit=25)
            if fold(entry.display).endswith(" " + folded)
        }
        return tails.pop() if len(tails) == 1 else None

    def guess_person(self, query: str) -> str | None:
        """The one person a name obviously means: a near spelling, or a first name
        (or any other whole word of a name) that only one person has."""
        candidates = (entry for entry, _ in self.index.search(query, ("person",), limit=25))
        winner = clear_winner(query, candidates, whole_words=True)
        return winner.display if winner else None

    async def person_credits(self, query: str) -> Lookup[tuple[str, tuple[PersonCredit, ...]]]:
        name = self.resolve_person(query)
        guessed = None
        if name is None:
            name = self.guess_person(query)
            guessed = query if name else None
        if name is None:
            return Lookup(None, self.suggest(query, "person"))
        credits: list[PersonCredit] = []
        seen: dict[tuple[str, str, str], int] = {}
        for row in await repo.claims_for_person(self.db, fold(name)):
            key = (row["film_slug"], row["field"], fold(row["role"] or ""))
            if key in seen:
                old = credits[seen[key]]
                credits[seen[key]] = PersonCredit(
                    old.film, old.kind, old.role, old.note or row["note"], (*old.sources, _source(row))
                )
                continue
            seen[key] = len(credits)
            credits.append(PersonCredit(_summary(row), row["field"], row["role"], row["note"], (_source(row),)))
        return Lookup((name, tuple(_fold_unroled(credits))), guessed_from=guessed)

    async def character_credits(self, query: str) -> Lookup[tuple[CharacterCredit, ...]]:
        name = query.split(CHARACTER_IN_FILM)[0]  # a label picked from the suggestions
        rows = await repo.claims_for_character(self.db, fold(name))
        if not rows:
            return Lookup(None, self.suggest(query, "character"))
        by_film: dict[tuple[str, str], CharacterCredit] = {}
        for row in rows:
            character = row["role"] if row["field"] == m.CAST else row["value"]
            key = (row["film_slug"], fold(row["person"] or ""))
            old = by_film.get(key)
            sources = (*old.sources, _source(row)) if old else (_source(row),)
            by_film[key] = CharacterCredit(
                character=old.character if old else character,
                person=row["person"],
                film=_summary(row),
                note=(old.note if old else None) or row["note"],
                sources=sources,
            )
        # Story-only mentions are dropped for a film where someone is credited with the part.
        played = {slug for slug, person in by_film if person}
        credits = [c for (slug, person), c in by_film.items() if person or slug not in played]
        return Lookup(tuple(credits))

    # quotes ------------------------------------------------------------------

    async def quotes(self, kinds: tuple[str, ...], film_slug: str | None = None) -> list[Quote]:
        merged: dict[tuple[str, str, str], Quote] = {}
        for row in await repo.quotes(self.db, kinds, film_slug):
            key = (row["film_slug"], row["field"], fold(row["value"]))
            old = merged.get(key)
            sources = (*old.sources, _source(row)) if old else (_source(row),)
            merged[key] = Quote(row["field"], old.text if old else row["value"], _summary(row), sources)
        return list(merged.values())

    async def taglines(self, film_slug: str | None = None) -> list[Quote]:
        return await self.quotes((m.TAGLINE,), film_slug)

    async def random_quote(self, film_slug: str | None = None, rng: random.Random | None = None) -> Quote | None:
        choices = await self.quotes((m.TAGLINE, m.PULL_QUOTE), film_slug)
        if not choices:
            return None
        return (rng or random).choice(choices)

    # search ------------------------------------------------------------------

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """Best matches over titles, people and characters; a film appears once."""
        hits: list[SearchHit] = []
        seen: set[tuple[str, str]] = set()
        for entry, score in self.index.search(query, limit=limit * 2):
            key = (
                entry.kind,
                (entry.film_slug or "") if entry.kind == "film" else fold(entry.display) + (entry.film_slug or ""),
            )
            if key in seen:
                continue
            seen.add(key)
            film = self._summaries.get(entry.film_slug) if entry.film_slug else None
            name = film.title if entry.kind == "film" and film else entry.display
            hits.append(SearchHit(entry.kind, name, score, film))
            if len(hits) == limit:
                break
        return hits

    def autocomplete(self, kind: str, current: str, limit: int = 25) -> list[tuple[str, str]]:
        """(label, value) pairs, best match first, one per distinct value."""
        seen: set[str] = set()
        choices: list[tuple[str, str]] = []
        for entry, _score in self.index.search(current, (kind,), limit=limit * 2):
            value = entry.key if kind == "film" else entry.display
            label = self._label(entry)
            if kind == "film" and entry.film_slug in self._summaries:
                label = self._label(Entry(self._summaries[entry.film_slug].title, entry.key, "film"))
            unique = value if kind != "character" else label
            if unique in seen:
                continue
            seen.add(unique)
            choices.append((label, value))
            if len(choices) == limit:
                break
        return choices

    async def counts(self) -> dict[str, int]:
        return await repo.counts(self.db)

    def lookup_film(self, query: str, *, guess: bool = False) -> Lookup[FilmSummary]:
        """The one way a typed title becomes a film (film options, and reviews of a film).

        A slug or title variant names the film exactly (`resolve_film_slug`); with `guess`,
        failing that, the one film the text obviously means (a typo), marked as guessed;
        failing that, nothing, with the closest titles to suggest."""
        slug = self.resolve_film_slug(query)
        guessed = None
        if slug is None and guess:
            winner = clear_winner(query, (entry for entry, _ in self.index.search(query, ("film",), limit=10)))
            slug, guessed = (winner.key, query) if winner else (None, None)
        summary = self.summary(slug) if slug is not None else None
        if summary is None:
            return Lookup(None, self.suggest(query, "film"))
        return Lookup(summary, guessed_from=guessed)
