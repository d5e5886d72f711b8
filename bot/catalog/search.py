"""An in-memory fuzzy name index for search and autocomplete.

Chosen over SQLite FTS5 because autocomplete must rank typos and partial
words within a few milliseconds over 100,000 titles (bench/ingest.py measures
it), and FTS5 matches tokens, not typos. Ranking, best first:

1. exact name, 2. name starts with the query, 3. a word starts with the query,
4. the query appears inside a word, 5. fuzzy (rapidfuzz) for typos.

Prefix tiers come from sorted arrays (bisect), substrings from one joined
string searched in C (`str.find`), and the fuzzy tier compares the query's
words with the vocabulary of distinct words, not with every name, so its cost
grows with the vocabulary rather than the catalog.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.text import fold

EXACT = 100.0
PREFIX = 90.0
WORD_PREFIX = 80.0
SUBSTRING = 65.0
FUZZY_CUTOFF = 72.0
_MAX_SUBSTRING_HITS = 400
# A search query is at most as long as the longest name option Discord lets anyone
# type (Range[str, 1, 200]); anything longer is cut before folding and matching.
QUERY_MAX_CHARS = 200
FUZZY_WHEN_FEWER = 5  # typo matching runs only when the exact tiers found almost nothing


@dataclass(frozen=True, slots=True)
class Entry:
    """A searchable name: what to show, and what it leads to (`key`)."""

    display: str
    key: str
    kind: str  # "film", "person", "character"
    film_slug: str | None = None


class _Folded(Sequence[str]):
    """The sorted folded names, read out of the haystack on demand.

    Keeping only the joined haystack (and not a list of the same strings
    beside it) is most of what makes 100,000 films fit in a few tens of MB;
    bisect works on any sequence.
    """

    def __init__(self, haystack: str, starts: array[int]) -> None:
        self._haystack = haystack
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return self._haystack[self._starts[i] : self._starts[i + 1] - 1]


class _KindIndex:
    """One kind's names in compact parallel arrays, sorted by folded name."""

    def __init__(self, kind: str, rows: list[tuple[str, str, str | None]]) -> None:
        self.kind = kind
        # Sort once by folded name: prefix queries become a bisect range. Sorting
        # indices (not tuples of copies) keeps the peak memory of a rebuild low.
        folds = [fold(display) for display, _key, _film in rows]
        order = sorted(range(len(rows)), key=lambda i: (folds[i], rows[i][0]))
        self.displays = [rows[i][0] for i in order]
        self.keys = [rows[i][1] for i in order]  # the same string objects as displays where they are equal
        self.films = [rows[i][2] for i in order]
        self.haystack = "\n".join(folds[i] for i in order) + "\n"
        self.starts = array("I", [0])
        postings: dict[str, list[int]] = defaultdict(list)
        for position, i in enumerate(order):
            name = folds[i]
            self.starts.append(self.starts[-1] + len(name) + 1)
            for word in set(name.split()):
                postings[word].append(position)
        self.folded = _Folded(self.haystack, self.starts)
        self.postings = {word: array("I", ids) for word, ids in postings.items()}
        self.words = sorted(self.postings)
        self.words_by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.words:
            self.words_by_length[len(word)].append(word)

    def __len__(self) -> int:
        return len(self.displays)

    def entry(self, i: int) -> Entry:
        return Entry(self.displays[i], self.keys[i], self.kind, self.films[i])

    def _prefix_range(self, keys: Sequence[str], query: str) -> tuple[int, int]:
        return bisect_left(keys, query), bisect_right(keys, query + "\uffff")

    def search(self, query: str, limit: int) -> dict[int, float]:
        scores: dict[int, float] = {}

        def offer(i: int, score: float) -> None:
            if score > scores.get(i, -1.0):
                scores[i] = score

        lo, hi = self._prefix_range(self.folded, query)
        for i in range(lo, min(hi, lo + limit * 4)):
            # Shorter names rank higher among prefixes: "Heat" before "Heat Wave".
            offer(i, EXACT if self.folded[i] == query else PREFIX - min(len(self.folded[i]) - len(query), 50) / 10)
        if len(scores) < limit:
            last = query.split()[-1] if " " in query else query
            lo, hi = self._prefix_range(self.words, last)
            for word in self.words[lo : min(hi, lo + limit * 4)]:
                for i in self.postings[word][: limit * 4]:
                    if query in self.folded[i] or " " not in query:
                        offer(i, WORD_PREFIX - min(len(self.folded[i]), 50) / 10)
        if len(scores) < limit:
            self._substrings(query, offer)
        if len(scores) < FUZZY_WHEN_FEWER:
            self._fuzzy(query, offer, limit)
        return scores

    def _substrings(self, query: str, offer: object) -> None:
        position = self.haystack.find(query)
        hits = 0
        while position != -1 and hits < _MAX_SUBSTRING_HITS:
            i = bisect_right(self.starts, position) - 1
            length = self.starts[i + 1] - self.starts[i] - 1
            offer(i, SUBSTRING - min(length, 50) / 10)  # type: ignore[operator]
            hits += 1
            position = self.haystack.find(query, self.starts[i + 1])

    def _fuzzy(self, query: str, offer: object, limit: int) -> None:
        """Typos: match each query word against the vocabulary of words of a
        similar length, then score a name by how well its words matched."""
        query_words = sorted({w for w in query.split() if len(w) >= 3}, key=len, reverse=True)[:3]
        if not query_words:
            return
        totals: dict[int, float] = defaultdict(float)
        for word in query_words:
            best: dict[int, float] = {}
            for length in range(len(word) - 2, len(word) + 3):
                bucket = self.words_by_length.get(length)
                if not bucket:
                    continue
                for match, score, _ in process.extract(
                    word, bucket, scorer=fuzz.ratio, limit=5, score_cutoff=FUZZY_CUTOFF
                ):
                    for i in self.postings[match][:_MAX_SUBSTRING_HITS]:
                        if score > best.get(i, 0.0):
                            best[i] = score
            for i, score in best.items():
                totals[i] += score
        ranked = sorted(totals.items(), key=lambda pair: -pair[1])[: limit * 2]
        for i, total in ranked:
            score = total / len(query_words)
            if score >= FUZZY_CUTOFF:
                # Below every exact tier, ordered by match quality.
                offer(i, SUBSTRING * score / 100 - min(len(self.folded[i]), 50) / 100)  # type: ignore[operator]


class NameIndex:
    """Names of films, people and characters, searchable by kind."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        rows: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
        for entry in entries:
            key = entry.display if entry.key == entry.display else entry.key
            rows[entry.kind].append((entry.display, key, entry.film_slug))
        self._kinds = {kind: _KindIndex(kind, kind_rows) for kind, kind_rows in rows.items()}

    @classmethod
    def from_rows(cls, rows: dict[str, list[tuple[str, str, str | None]]]) -> NameIndex:
        """From (display, key, film_slug) rows per kind, without building Entry objects."""
        index = cls()
        index._kinds = {kind: _KindIndex(kind, kind_rows) for kind, kind_rows in rows.items()}
        return index

    def __len__(self) -> int:
        return sum(len(k) for k in self._kinds.values())

    def search(
        self, query: str, kinds: Iterable[str] = ("film", "person", "character"), limit: int = 25
    ) -> list[tuple[Entry, float]]:
        """Best matches first; an empty query lists names alphabetically."""
        folded = fold(query[:QUERY_MAX_CHARS])
        results: list[tuple[Entry, float]] = []
        for kind in kinds:
            index = self._kinds.get(kind)
            if index is None:
                continue
            if not folded:
                results.extend((index.entry(i), 0.0) for i in range(min(limit, len(index))))
                continue
            scores = index.search(folded, limit)
            results.extend((index.entry(i), score) for i, score in scores.items())
        results.sort(key=lambda pair: (-pair[1], fold(pair[0].display), pair[0].key))
        return results[:limit]

    def exact(self, query: str, kind: str) -> list[Entry]:
        """Every entry of `kind` whose name folds to the query's fold."""
        index = self._kinds.get(kind)
        if index is None:
            return []
        folded = fold(query)
        lo, hi = bisect_left(index.folded, folded), bisect_right(index.folded, folded)
        return [index.entry(i) for i in range(lo, hi)]


# An obvious single match (`clear_winner`): how close a typed name must be to one
# candidate (rapidfuzz ratio of the folded names, 0-100), and how far ahead of the next.
CLEAR_RATIO = 85.0
CLEAR_LEAD = 10.0
CLEAR_MIN_LENGTH = 4


def clear_winner(query: str, candidates: Iterable[Entry], *, whole_words: bool = False) -> Entry | None:
    """The one candidate the query obviously means, or None when it is not obvious.

    Obvious is either a near spelling of one name ("Balerina" -> "Ballerina": the
    folded names' similarity is at least CLEAR_RATIO and CLEAR_LEAD ahead of any
    other name), or, with `whole_words`, every word of the query being a whole
    word of exactly one candidate ("Keanu" -> "Keanu Reeves"). Candidates
    sharing a key (a film's other titles) count as one.
    """
    folded = fold(query)
    if len(folded.replace(" ", "")) < CLEAR_MIN_LENGTH:
        return None
    best: dict[str, tuple[float, Entry]] = {}
    worded: dict[str, Entry] = {}
    words = set(folded.split())
    for entry in candidates:
        name = fold(entry.display)
        score = fuzz.ratio(folded, name)
        if score > best.get(entry.key, (-1.0, entry))[0]:
            best[entry.key] = (score, entry)
        if whole_words and words <= set(name.split()):
            worded.setdefault(entry.key, entry)
    ranked = sorted(best.values(), key=lambda pair: -pair[0])
    if ranked and ranked[0][0] >= CLEAR_RATIO and (len(ranked) == 1 or ranked[1][0] <= ranked[0][0] - CLEAR_LEAD):
        return ranked[0][1]
    if len(worded) == 1:
        return next(iter(worded.values()))
    return None
