"""Document extractions -> one `MergedFilm` per film, with disputes marked.

Documents are about the same film when their titles are equal after folding,
or when one title is the other plus a subtitle ("Foo: A Bar Story" and "Foo").
Two documents with the same title are still different films when there is
positive evidence: directors with no one in common, or years more than three
apart with no person in common (a remake). Such films get the year appended to
their slug.

Nothing is chosen silently: every claim is kept with its source, and a
single-valued field (year, release date, runtime, cinematographer, composer,
editor) on which documents disagree is listed in `MergedFilm.disputed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot import model as m
from bot.ingest.extract import DocumentExtraction
from bot.ingest.fullnames import expand_character_names
from bot.ingest.mentions import SUBTITLE_SPLIT
from bot.ingest.values import fold_key as fold
from bot.model import SINGLE_VALUED, SINGLE_VALUED_JOBS, Claim, MergedFilm
from bot.text import slugify

_PEOPLE_FIELDS = (m.DIRECTOR, m.CAST, m.CREW)


@dataclass(slots=True)
class _Cluster:
    """Documents believed to be about one film, in input order."""

    key: str  # folded title of the first document
    docs: list[DocumentExtraction] = field(default_factory=list)

    @property
    def years(self) -> set[int]:
        return {int(y) for d in self.docs for y in d.years}

    @property
    def directors(self) -> set[str]:
        return {name for d in self.docs for name in d.directors}

    @property
    def people(self) -> set[str]:
        return {name for d in self.docs for name in d.people}

    def differs_from(self, other: _Cluster) -> bool:
        """Positive evidence that two same-titled clusters are different films."""
        mine, theirs = self.directors, other.directors
        if mine and theirs and not _same_people(mine, theirs):
            return True
        years, other_years = self.years, other.years
        if years and other_years and min(abs(a - b) for a in years for b in other_years) > 3:
            return not self.people & other.people
        return False

    def affinity(self, other: _Cluster) -> tuple[int, int]:
        """How strongly two clusters look like one film: shared people, then close years."""
        close = any(abs(a - b) <= 1 for a in self.years for b in other.years)
        return len(self.people & other.people), int(close)


def _same_people(mine: set[str], theirs: set[str]) -> bool:
    """Whether two sets of folded names share someone; a bare surname matches its full name."""
    return any(a == b or a.endswith(" " + b) or b.endswith(" " + a) for a in mine for b in theirs)


def merge_films(
    extractions: Iterable[DocumentExtraction], previous_slugs: Mapping[str, str] | None = None
) -> list[MergedFilm]:
    """Group extractions into films; films come back sorted by slug.

    Slugs are the stable key community data (reviews, questions) refers to.
    With `previous_slugs` (document name -> slug in the catalog being
    replaced), a film keeps the slug its documents had, so a remake arriving
    later gets "title-2031" and the film already reviewed keeps "title".
    """
    docs = [x for x in extractions if x.title]
    position = {id(doc): n for n, doc in enumerate(docs)}
    clusters = _attach_subtitles(_cluster_by_title(docs))
    for cluster in clusters:
        cluster.docs.sort(key=lambda doc: position[id(doc)])
    films = [_build(cluster) for cluster in clusters]
    _unique_slugs(films, clusters, previous_slugs or {})
    order = sorted(range(len(films)), key=lambda i: films[i].slug)
    return [films[i] for i in order]


def _cluster_by_title(docs: list[DocumentExtraction]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    by_key: dict[str, list[_Cluster]] = {}
    for doc in docs:
        assert doc.title is not None
        key = fold(doc.title)
        single = _Cluster(key, [doc])
        for cluster in by_key.get(key, []):
            if not cluster.differs_from(single):
                cluster.docs.append(doc)
                break
        else:
            clusters.append(single)
            by_key.setdefault(key, []).append(single)
    return clusters


def _base_keys(title: str) -> list[str]:
    """Folded titles this one extends by a subtitle, longest first.

    "Mission: Impossible – Dead Reckoning" -> ["mission impossible", "mission"].
    """
    cuts = [match.start() for match in SUBTITLE_SPLIT.finditer(title)]
    return [fold(title[:cut]) for cut in reversed(cuts) if fold(title[:cut])]


def _attach_subtitles(clusters: list[_Cluster]) -> list[_Cluster]:
    """Fold "Foo: Bar" clusters into the "Foo" cluster (the longest base title that exists).

    A base takes one subtitle only: "Foo: Part One" and "Foo: Part Two" cannot
    both be "Foo", so the better match (shared people, close years, then input
    order) joins and the other stays a film of its own. Chains ("Foo: Bar –
    Baz" -> "Foo: Bar" -> "Foo") end up in one film.
    """
    by_key: dict[str, list[int]] = {}
    for n, cluster in enumerate(clusters):
        by_key.setdefault(cluster.key, []).append(n)
    suitors: dict[int, list[int]] = {}  # base cluster -> subtitled clusters that would join it
    for n, cluster in enumerate(clusters):
        for base in _base_keys(cluster.docs[0].title or ""):
            candidates = [i for i in by_key.get(base, []) if i != n and not clusters[i].differs_from(cluster)]
            if candidates:
                best = max(candidates, key=lambda i: (cluster.affinity(clusters[i]), -i))
                suitors.setdefault(best, []).append(n)
                break
    parent: dict[int, int] = {}
    for target, wanting in suitors.items():
        chosen = max(wanting, key=lambda i: (clusters[target].affinity(clusters[i]), -i))
        for n in wanting:
            if clusters[n].key == clusters[chosen].key:
                parent[n] = target

    def root(n: int) -> int:
        while n in parent:
            n = parent[n]
        return n

    for n in range(len(clusters)):
        if n in parent:
            clusters[root(n)].docs.extend(clusters[n].docs)
    return [cluster for n, cluster in enumerate(clusters) if n not in parent]


def _build(cluster: _Cluster) -> MergedFilm:
    docs = cluster.docs
    order = {doc.document: n for n, doc in enumerate(docs)}
    claims = [c for doc in docs for c in doc.claims]
    claims.sort(key=lambda c: (order[c.source.document], c.source.start, c.source.end, c.field, c.value))
    claims = _resolve_people(claims, docs)
    claims = _canonical_names(expand_character_names(claims))
    variants = list(_first_by_fold(c.value for c in claims if c.field == m.TITLE).values())
    title = min(variants, key=len)
    return MergedFilm(
        slug=slugify(title),
        title=title,
        variants=variants,
        claims=claims,
        disputed=_disputes(claims),
        documents=[doc.document for doc in docs],
    )


def _resolve_people(claims: list[Claim], docs: list[DocumentExtraction]) -> list[Claim]:
    """Complete surnames from the film's other documents; drop what stays a bare surname."""
    unresolved = {(doc.document, name) for doc in docs for name in doc.unresolved}
    full: dict[str, str] = {}
    for claim in claims:
        if claim.person and " " in claim.person.strip() and _capitalised(claim.person) >= 2:
            full.setdefault(fold(claim.person), claim.person)
    resolved: list[Claim] = []
    for claim in claims:
        if claim.person and (claim.source.document, claim.person) in unresolved:
            key = fold(claim.person)
            matches = {name for folded, name in full.items() if folded.endswith(" " + key)}
            if len(matches) != 1:
                continue
            name = matches.pop()
            claim = Claim(claim.field, name, claim.source, name, claim.role, claim.note)
        resolved.append(claim)
    return resolved


def _capitalised(name: str) -> int:
    return sum(1 for word in name.split() if word[:1].isupper())


def _canonical_names(claims: list[Claim]) -> list[Claim]:
    """One spelling per person, character, organisation and place across the film's documents."""
    people = _first_by_fold(c.person for c in claims if c.person)
    characters = _first_by_fold(
        [c.value for c in claims if c.field == m.CHARACTER] + [c.role for c in claims if c.field == m.CAST and c.role],
        prefer_capital=True,
    )
    groups = _first_by_fold(
        (c.value for c in claims if c.field in (m.ORGANISATION, m.PLACE)),
        key=lambda text: fold(text).removeprefix("the "),
    )
    out: list[Claim] = []
    for claim in claims:
        value, person, role = claim.value, claim.person, claim.role
        if person:
            person = people[fold(person)]
            if claim.field in _PEOPLE_FIELDS:
                value = person
        if claim.field == m.CAST and role:
            role = characters[fold(role)]
        elif claim.field == m.CHARACTER:
            value = characters[fold(value)]
        elif claim.field in (m.ORGANISATION, m.PLACE):
            value = groups[fold(value).removeprefix("the ")]
        if (value, person, role) != (claim.value, claim.person, claim.role):
            claim = Claim(claim.field, value, claim.source, person, role, claim.note)
        out.append(claim)
    return out


def _first_by_fold(texts: Iterable[str | None], *, prefer_capital: bool = False, key=fold) -> dict[str, str]:
    """fold(text) -> the first spelling seen (the first capitalised one if `prefer_capital`)."""
    chosen: dict[str, str] = {}
    for text in texts:
        if not text:
            continue
        k = key(text)
        if k not in chosen or (prefer_capital and not chosen[k][:1].isupper() and text[:1].isupper()):
            chosen[k] = text
    return chosen


def _disputes(claims: list[Claim]) -> tuple[str, ...]:
    """Single-valued keys on which two documents give different values, sorted."""
    values: dict[str, set[str]] = {}
    documents: dict[str, set[str]] = {}
    for claim in claims:
        if claim.field in SINGLE_VALUED:
            key, value = claim.field, claim.value
        elif claim.field == m.CREW and claim.role in SINGLE_VALUED_JOBS:
            key, value = claim.dispute_key, fold(claim.person or claim.value)
        else:
            continue
        values.setdefault(key, set()).add(value)
        documents.setdefault(key, set()).add(claim.source.document)
    return tuple(sorted(key for key in values if len(values[key]) > 1 and len(documents[key]) > 1))


def _unique_slugs(films: list[MergedFilm], clusters: list[_Cluster], previous: Mapping[str, str]) -> None:
    """Different films with one title all get their year appended ("dune-1984"), else a counter;
    a film whose documents already had one of these slugs keeps it."""
    by_slug: dict[str, list[int]] = {}
    for n, film in enumerate(films):
        by_slug.setdefault(film.slug, []).append(n)
    taken: set[str] = set()
    kept: dict[int, str] = {}
    for slug, members in by_slug.items():
        for n in members:
            earlier = _previous_slug(films[n], previous)
            if earlier is not None and earlier not in taken and (earlier == slug or earlier.startswith(slug + "-")):
                kept[n] = earlier
                taken.add(earlier)
    for slug, members in by_slug.items():
        if len(members) == 1 and members[0] not in kept and slug not in taken:
            taken.add(slug)
    for slug, members in by_slug.items():
        for n in members:
            if n in kept:
                films[n].slug = kept[n]
                continue
            if len(members) == 1 and films[n].slug in taken and films[n].slug == slug and slug not in kept.values():
                continue  # alone with its title, and nobody else claimed it
            years = clusters[n].years
            candidate = f"{slug}-{min(years)}" if years else f"{slug}-2"
            counter = 2
            while candidate in taken:
                counter += 1
                candidate = f"{slug}-{counter}"
            taken.add(candidate)
            films[n].slug = candidate


def _previous_slug(film: MergedFilm, previous: Mapping[str, str]) -> str | None:
    """The slug most of the film's documents had before, if any."""
    slugs = [previous[d] for d in film.documents if d in previous]
    return max(sorted(set(slugs)), key=slugs.count) if slugs else None
