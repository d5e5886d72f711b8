"""The fuzzy name index: ranking tiers, typos, limits."""

from __future__ import annotations

from bot.catalog.search import Entry, NameIndex


def films(*titles: str) -> NameIndex:
    return NameIndex(Entry(t, t.lower().replace(" ", "-"), "film", t.lower().replace(" ", "-")) for t in titles)


def names(results: list[tuple[Entry, float]]) -> list[str]:
    return [entry.display for entry, _ in results]


def test_exact_beats_prefix_beats_word_prefix_beats_substring() -> None:
    index = films("Heatwave Nights", "Heat", "The Heat Is On", "Wheat Fields", "Heat Wave")
    ranked = names(index.search("heat", ("film",)))
    assert ranked[0] == "Heat"
    assert ranked.index("Heat Wave") < ranked.index("The Heat Is On") < ranked.index("Wheat Fields")
    assert ranked.index("Heatwave Nights") < ranked.index("The Heat Is On")


def test_typos_still_find_the_title() -> None:
    index = films("Midnight Lanterns", "Morning Glory", "Lantern Bay")
    assert names(index.search("midnite lantrens", ("film",)))[0] == "Midnight Lanterns"
    assert "Lantern Bay" in names(index.search("lantren", ("film",)))


def test_accents_case_and_punctuation_are_ignored() -> None:
    index = films("Amélie's Garden", "Spider-Run")
    assert names(index.search("AMELIES", ("film",))) == ["Amélie's Garden"]
    assert names(index.search("spider run", ("film",))) == ["Spider-Run"]


def test_unrelated_queries_find_nothing() -> None:
    index = films("Midnight Lanterns", "Morning Glory")
    assert index.search("xqzv", ("film",)) == []


def test_limit_and_empty_query() -> None:
    index = films(*(f"Title {i:03d}" for i in range(100)))
    assert len(index.search("title", ("film",), limit=25)) == 25
    empty = names(index.search("", ("film",), limit=5))
    assert empty == ["Title 000", "Title 001", "Title 002", "Title 003", "Title 004"]


def test_kinds_are_kept_apart() -> None:
    index = NameIndex(
        [
            Entry("Iris Vale", "Iris Vale", "person"),
            Entry("Iris", "Iris", "character", "f"),
            Entry("Iris", "iris", "film"),
        ]
    )
    assert [e.kind for e, _ in index.search("iris", ("person",))] == ["person"]
    assert {e.kind for e, _ in index.search("iris")} == {"person", "character", "film"}


def test_exact_lookup_folds() -> None:
    index = films("Amélie's Garden")
    assert [e.display for e in index.exact("amelie s GARDEN", "film")] == ["Amélie's Garden"]
    assert index.exact("amelie", "film") == []
