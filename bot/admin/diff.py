"""What a reload changes: the stored catalog and a fresh build, compared.

Both sides are reduced to a `CatalogSnapshot` of plain tuples (no spans: a
document edit that only shifts text does not count as a change), then
compared film by film.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.admin.build import CatalogBuild
from bot.text import fold

# (field, value, person, role, note, document)
ClaimKey = tuple[str, str, str | None, str | None, str | None, str]
# (prompt, answer, choices, difficulty, film_slug, pack)
QuestionKey = tuple[str, str, tuple[str, ...], str, str | None, str | None]


@dataclass(slots=True)
class CatalogSnapshot:
    films: dict[str, str] = field(default_factory=dict)  # slug -> title
    claims: dict[str, Counter[ClaimKey]] = field(default_factory=lambda: defaultdict(Counter))
    disputes: set[tuple[str, str]] = field(default_factory=set)  # (slug, dispute key)
    people: dict[str, str] = field(default_factory=dict)  # folded name -> name
    questions: dict[str, QuestionKey] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)  # name -> sha256

    @property
    def claim_count(self) -> int:
        return sum(c.total() for c in self.claims.values())


# What `snapshot_of_rows` reads, in this order, in one snapshot (`Store.read_consistent`).
SNAPSHOT_QUERIES: tuple[str, ...] = (
    "SELECT slug, title FROM films",
    "SELECT film_slug, field, value, person, role, note, document FROM claims",
    "SELECT film_slug, field FROM disputes",
    "SELECT id, prompt, answer, choices, difficulty, film_slug, pack FROM trivia_questions",
    "SELECT name, sha256 FROM documents",
)


def snapshot_of_rows(
    films: Iterable[Sequence[Any]],
    claims: Iterable[Sequence[Any]],
    disputes: Iterable[Sequence[Any]],
    questions: Iterable[Sequence[Any]],
    documents: Iterable[Sequence[Any]],
) -> CatalogSnapshot:
    """The stored catalog, from the rows of SNAPSHOT_QUERIES (runs in a thread)."""
    snap = CatalogSnapshot()
    for slug, title in films:
        snap.films[slug] = title
    for slug, field_name, value, person, role, note, document in claims:
        snap.claims[slug][(field_name, value, person, role, note, document)] += 1
        if person:
            snap.people.setdefault(fold(person), person)
    snap.disputes = {(slug, key) for slug, key in disputes}
    for qid, prompt, answer, choices, difficulty, film_slug, pack in questions:
        snap.questions[qid] = (prompt, answer, tuple(json.loads(choices)), difficulty, film_slug, pack)
    snap.documents = {name: sha256 for name, sha256 in documents}
    return snap


def snapshot_of_build(build: CatalogBuild) -> CatalogSnapshot:
    snap = CatalogSnapshot()
    for film in build.ingest.films:
        snap.films[film.slug] = film.title
        counter = snap.claims[film.slug]
        for c in film.claims:
            counter[(c.field, c.value, c.person, c.role, c.note, c.source.document)] += 1
            if c.person:
                snap.people.setdefault(fold(c.person), c.person)
        snap.disputes.update((film.slug, key) for key in film.disputed)
    for q in build.questions:
        snap.questions[q.id] = (q.prompt, q.answer, tuple(q.choices), q.difficulty, q.film_slug, q.pack)
    snap.documents = {d.name: d.sha256 for d in build.ingest.documents}
    return snap


@dataclass(frozen=True, slots=True)
class CatalogDiff:
    """Titles and names are sorted; counts are claim and question rows."""

    films_added: tuple[str, ...] = ()
    films_removed: tuple[str, ...] = ()
    films_changed: tuple[str, ...] = ()
    people_added: tuple[str, ...] = ()
    people_removed: tuple[str, ...] = ()
    claims_added: int = 0
    claims_removed: int = 0
    questions_added: int = 0
    questions_removed: int = 0
    questions_changed: int = 0
    new_disputes: tuple[tuple[str, str], ...] = ()  # (film title, dispute key)
    documents_added: tuple[str, ...] = ()
    documents_removed: tuple[str, ...] = ()
    documents_changed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.films_added,
                self.films_removed,
                self.films_changed,
                self.people_added,
                self.people_removed,
                self.claims_added,
                self.claims_removed,
                self.questions_added,
                self.questions_removed,
                self.questions_changed,
                self.new_disputes,
                self.documents_added,
                self.documents_removed,
                self.documents_changed,
            )
        )


def _titles(slugs: set[str], names: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted((names[s] for s in slugs), key=fold))


def _by_film(disputes: set[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for slug, key in disputes:
        out[slug].add(key)
    return dict(out)


def diff_snapshots(old: CatalogSnapshot, new: CatalogSnapshot) -> CatalogDiff:
    old_slugs, new_slugs = set(old.films), set(new.films)
    empty: Counter[ClaimKey] = Counter()
    claims_added = claims_removed = 0
    changed: set[str] = set()
    old_disputes, new_disputes_by_film = _by_film(old.disputes), _by_film(new.disputes)
    for slug in old_slugs | new_slugs:
        before, after = old.claims.get(slug, empty), new.claims.get(slug, empty)
        added, removed = (after - before).total(), (before - after).total()
        claims_added += added
        claims_removed += removed
        if slug in old_slugs and slug in new_slugs:
            disputes_differ = old_disputes.get(slug) != new_disputes_by_film.get(slug)
            if added or removed or old.films[slug] != new.films[slug] or disputes_differ:
                changed.add(slug)
    common_questions = old.questions.keys() & new.questions.keys()
    new_disputes = sorted(
        ((new.films.get(slug, slug), key) for slug, key in new.disputes - old.disputes),
        key=lambda pair: (fold(pair[0]), pair[1]),
    )
    common_docs = old.documents.keys() & new.documents.keys()
    return CatalogDiff(
        films_added=_titles(new_slugs - old_slugs, new.films),
        films_removed=_titles(old_slugs - new_slugs, old.films),
        films_changed=_titles(changed, new.films),
        people_added=tuple(sorted((new.people[k] for k in new.people.keys() - old.people.keys()), key=fold)),
        people_removed=tuple(sorted((old.people[k] for k in old.people.keys() - new.people.keys()), key=fold)),
        claims_added=claims_added,
        claims_removed=claims_removed,
        questions_added=len(new.questions.keys() - old.questions.keys()),
        questions_removed=len(old.questions.keys() - new.questions.keys()),
        questions_changed=sum(1 for q in common_questions if old.questions[q] != new.questions[q]),
        new_disputes=tuple(new_disputes),
        documents_added=tuple(sorted(new.documents.keys() - old.documents.keys())),
        documents_removed=tuple(sorted(old.documents.keys() - new.documents.keys())),
        documents_changed=tuple(sorted(d for d in common_docs if old.documents[d] != new.documents[d])),
    )
