"""Claims -> the `Film` domain object. Used on stored rows and on fresh ingest
results alike, so the card and the trivia bank see the same film."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from bot import model as m
from bot.catalog.model import Credit, CriticReview, FieldValues, Film, Sourced
from bot.model import Claim, MergedFilm, Source, dispute_key
from bot.text import fold


def _sourced(claims: Iterable[Claim], key: str = "value") -> tuple[Sourced, ...]:
    """Group claims by value (case-insensitively), keeping every source, first-seen order."""
    order: list[str] = []
    shown: dict[str, str] = {}
    sources: dict[str, list[Source]] = defaultdict(list)
    for claim in claims:
        text = getattr(claim, key) or ""
        k = fold(text)
        if k not in shown:
            order.append(k)
            shown[k] = text
        if claim.source not in sources[k]:
            sources[k].append(claim.source)
    return tuple(Sourced(shown[k], tuple(sources[k])) for k in order)


def _field(name: str, claims: list[Claim], disputed: Collection[str]) -> FieldValues:
    return FieldValues(name, _sourced(claims), disputed=name in disputed)


def _cast(claims: Iterable[Claim]) -> tuple[Credit, ...]:
    """One credit per (actor, character), notes and sources gathered.

    An actor listed without a character ("Cast: X") is folded into their
    credit with one ("X plays Y"), so the card does not show them twice.
    """
    merged: dict[tuple[str, str], Credit] = {}
    for claim in claims:
        person = claim.person or claim.value
        key = (fold(person), fold(claim.role or ""))
        old = merged.get(key)
        if old is None:
            merged[key] = Credit(person, claim.role, claim.note, (claim.source,))
        elif claim.source not in old.sources:
            merged[key] = Credit(old.person, old.role, old.note or claim.note, (*old.sources, claim.source))
    with_role = {person for person, role in merged if role}
    result: list[Credit] = []
    for (person_key, role_key), credit in merged.items():
        if role_key or person_key not in with_role:
            result.append(credit)
            continue
        # Carry the unroled listing's note and source over to the roled credit.
        for key, other in merged.items():
            if key[0] == person_key and key[1]:
                sources = other.sources + tuple(s for s in credit.sources if s not in other.sources)
                merged[key] = Credit(other.person, other.role, other.note or credit.note, sources)
    credits = [merged[(fold(c.person), fold(c.role or ""))] for c in result]
    return tuple(sorted(credits, key=_first_seen))


def _first_seen(credit: Credit) -> tuple[str, int]:
    """Document order: the earliest place any source names the credit."""
    return min((s.document, s.start) for s in credit.sources)


def _crew(claims: Iterable[Claim], disputed: Collection[str]) -> tuple[Credit, ...]:
    merged: dict[tuple[str, str], Credit] = {}
    for claim in claims:
        person = claim.person or claim.value
        key = (fold(claim.role or ""), fold(person))
        old = merged.get(key)
        sources = (old.sources if old else ()) + ((claim.source,) if not old or claim.source not in old.sources else ())
        merged[key] = Credit(
            person=old.person if old else person,
            role=claim.role,
            note=(old.note if old else None) or claim.note,
            sources=sources,
            disputed=dispute_key(m.CREW, claim.role) in disputed,
        )
    credits = sorted(merged.values(), key=_first_seen)
    # Keep each job's people together (a disputed job shows its rival claims side by side).
    job_order = {job: i for i, job in reversed(list(enumerate(c.role for c in credits)))}
    return tuple(sorted(credits, key=lambda c: job_order[c.role]))


def _reviews(claims: list[Claim]) -> tuple[CriticReview, ...]:
    by_document: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        if claim.field in (m.RATING, m.VERDICT, m.STRENGTH, m.WEAKNESS, m.PULL_QUOTE):
            values = by_document[claim.source.document][claim.field]
            if claim.value not in values:
                values.append(claim.value)
    return tuple(
        CriticReview(
            document=document,
            rating=next(iter(fields.get(m.RATING, ())), None),
            verdict=tuple(fields.get(m.VERDICT, ())),
            strengths=tuple(fields.get(m.STRENGTH, ())),
            weaknesses=tuple(fields.get(m.WEAKNESS, ())),
            pull_quotes=tuple(fields.get(m.PULL_QUOTE, ())),
        )
        for document, fields in sorted(by_document.items())
    )


def build_film(
    slug: str,
    title: str,
    variants: Iterable[str],
    claims: list[Claim],
    disputed: Collection[str],
    documents: Iterable[str],
) -> Film:
    by_field: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_field[claim.field].append(claim)
    cast_claims = by_field[m.CAST]
    characters = [c for c in by_field[m.CHARACTER]] + [
        Claim(m.CHARACTER, c.role, c.source) for c in cast_claims if c.role
    ]
    return Film(
        slug=slug,
        title=title,
        variants=tuple(dict.fromkeys(variants)),
        years=_field(m.YEAR, sorted(by_field[m.YEAR], key=lambda c: c.value), disputed),
        release_dates=_field(m.RELEASE_DATE, by_field[m.RELEASE_DATE], disputed),
        runtimes=_field(m.RUNTIME, by_field[m.RUNTIME], disputed),
        genres=_field(m.GENRE, by_field[m.GENRE], disputed),
        countries=_field(m.COUNTRY, by_field[m.COUNTRY], disputed),
        directors=_crew(by_field[m.DIRECTOR], disputed),
        cast=_cast(cast_claims),
        crew=_crew(by_field[m.CREW], disputed),
        taglines=_sourced(by_field[m.TAGLINE]),
        reviews=_reviews(claims),
        characters=_sourced(characters),
        places=_sourced(by_field[m.PLACE]),
        organisations=_sourced(by_field[m.ORGANISATION]),
        documents=tuple(sorted(set(documents) | {c.source.document for c in claims})),
        disputed=frozenset(disputed),
    )


def film_from_merged(film: MergedFilm) -> Film:
    return build_film(film.slug, film.title, film.variants, film.claims, film.disputed, film.documents)
