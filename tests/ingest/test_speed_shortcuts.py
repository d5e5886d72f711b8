"""The shortcuts that keep ingest fast find exactly what the slow way finds (invented strings, no seed text)."""

from __future__ import annotations

import re

from bot.ingest.blocks import FRONT_MATTER, HEADING, ITEM, QUOTE, TABLE_ROW, build_layout, read_markup
from bot.ingest.credits import normalise_key_lines
from bot.ingest.extract import _Extractor, _titles_with_year
from bot.ingest.filmfacts import description_spans, quoted_taglines, release_dates_in
from bot.ingest.mainfilm import capsule_heads
from bot.ingest.mentions import TITLE_WITH_YEAR, WATCHED_TITLE
from bot.ingest.names import alternation
from bot.ingest.roles import _inner_capital, _sentences_naming
from bot.ingest.values import scan_from

# --- scanning from literals ------------------------------------------------------------------

_VERB_DATE = re.compile(r"(?<![\w])(?:opened|opens|open)(?![\w])[^.]{0,20}?(?P<year>\d{4})")


def test_scan_from_finds_what_finditer_finds() -> None:
    texts = [
        "It opened in 1999. Reopened 2001? It opens again in 2003, open 2004 and opened 2005.",
        "opened 1990 opened 1991",  # back to back: the second starts where the first ends
        "nothing to see here",
        "open opens opened 1977",  # one match covers three candidate starts
    ]
    for text in texts:
        expected = [m.span() for m in _VERB_DATE.finditer(text)]
        assert [m.span() for m in scan_from(_VERB_DATE, text, ("open",))] == expected
        for start, end in ((3, len(text)), (0, 20), (10, 40)):
            expected = [m.span() for m in _VERB_DATE.finditer(text, start, end)]
            assert [m.span() for m in scan_from(_VERB_DATE, text, ("open",), start, end)] == expected


def test_release_dates_are_found_from_their_verbs_only() -> None:
    text = "The drama premiered on 3 May 1988 in Lyon. A rerelease on 2 June 1990 followed; it arrives too."
    lower = text.lower()
    found = [lower[s:e] for _, s, e in release_dates_in(text, 0, len(text), lower)]
    assert found == ["premiered on 3 may 1988"]  # "rerelease" is no release verb: it is inside a word


def test_a_tagline_needs_its_quotes() -> None:
    quoted = 'The poster line read "Nobody leaves the valley." and it worked.'
    assert [quoted[s:e] for s, e in quoted_taglines(quoted, 0, len(quoted))] == ["Nobody leaves the valley."]
    bare = "The poster line read Nobody leaves the valley, and it worked."
    assert list(quoted_taglines(bare, 0, len(bare))) == []


# --- patterns that open with their first letter ------------------------------------------------


def test_it_and_the_film_are_whole_words() -> None:
    text = "It's bold, a western. Bit's odd, a comedy. The film is long, a melodrama. Lithe film is, a drama."
    spans = [text[s:e] for s, e in description_spans(text, [], set())]
    assert "western" in spans and "melodrama" in spans
    assert "comedy" not in spans and "drama" not in spans  # "Bit's", "Lithe film" hold the words inside others


# --- sentences ----------------------------------------------------------------------------------


def test_a_repeated_sentence_gets_the_same_words_and_cue_hits() -> None:
    text = "The storm arrives at dusk. Mara Quell stars as Ines. The storm arrives at dusk."
    layout = build_layout(text)
    assert len(layout.sentences) == 3
    assert layout.words(0) == layout.words(2) == frozenset({"the", "storm", "arrives", "at", "dusk"})
    assert layout.words(1) == frozenset({"mara", "quell", "stars", "as", "ines"})


def test_inner_capital_without_the_regex_when_there_is_none() -> None:
    text = "the tide turns slowly tonight. Then Oskar Brandt arrives. Then élan, then Émile."
    first, second, third = (0, 30), (31, 57), (58, len(text))
    assert not _inner_capital(text, *first)
    assert _inner_capital(text, *second)
    assert _inner_capital(text, *third)  # beyond ASCII the regex decides


def test_listing_heads_are_read_on_the_lines_holding_a_year() -> None:
    text = "Weekend picks\n\n1. Salt Meadow (1994) | Channel 4\nA quiet film.\n\n2. **Iron Orchard** (2008)\nMore.\n"
    heads = [text[s:e] for s, e in capsule_heads(text, [])]
    assert heads == ["Salt Meadow", "Iron Orchard"]


# --- markdown without its inline pass ---------------------------------------------------------


def test_blocks_without_the_inline_pass() -> None:
    text = (
        "---\ntitle: Salt Meadow\n---\n\n## Cast *and* crew\n\n- **Oskar Brandt** as _Ines_\n\n"
        "> A [quiet](https://example.org) film.\n\n| Role | Actor |\n|---|---|\n| Ines | Mara Quell |\n"
    )
    markup = read_markup(text)
    kinds = [block.kind for block in markup.blocks]
    assert kinds == [FRONT_MATTER, HEADING, ITEM, QUOTE, TABLE_ROW, TABLE_ROW]
    ines = text.index("_Ines_") + 1
    assert markup.emphasised(ines, ines + len("Ines"))
    assert "**" not in markup.plain and "](" not in markup.plain


def test_sentences_naming_the_title_are_found_once_per_key() -> None:
    text = "Salt Meadow (1994)\n\nThe winter was long. We saw SALT MEADOW twice. Salt meadows are rare. Meadow, salt.\n"
    markup = read_markup(text)
    doc = _Extractor("doc.md", normalise_key_lines(text, markup.plain), markup)
    lows = [doc.lower[s.start : s.end] for s in doc.layout.sentences]
    expected = {i for i, lower in enumerate(lows) if "salt meadow" in lower}
    assert _sentences_naming(doc, {"salt meadow"}) == expected == {0, 2, 3}  # the title line; "salt meadows" too
    assert _sentences_naming(doc, {""}) == set(range(len(lows)))


def test_watched_needs_a_whole_verb() -> None:
    text = "We rewatched Paper Harbour again. Jigsaw Lantern tonight. Saw Iron Orchard, then left."
    titles = [m.group("title") for m in WATCHED_TITLE.finditer(text)]
    assert titles == ["Paper Harbour", "Iron Orchard"]  # "Jigsaw" holds "saw" inside a word


def test_titles_with_year_stop_at_the_last_year() -> None:
    text = "Salt Meadow (1994) opens the list. Iron Orchard (2008; Lind) follows. Then Copper Bell, and no year."
    for start, end in ((0, len(text)), (5, len(text)), (0, 40), (20, len(text))):
        expected = [m.span("title") for m in TITLE_WITH_YEAR.finditer(text, start, end)]
        assert [m.span("title") for m in _titles_with_year(text, start, end)] == expected
    assert [m.group("title") for m in _titles_with_year(text, 0, len(text))] == ["Salt Meadow", "Iron Orchard"]


def test_an_alternation_grouped_by_first_letter_finds_what_the_flat_one_finds() -> None:
    words = {"street", "streets", "square", "city", "cities", "citadel", "harbour"}
    grouped = alternation(words)
    assert "s(?:treets|quare|treet)" in grouped  # one group per first letter, the longest words first
    flat = "(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")"
    text = "the streets of Vell, a square city; citadels, harbours and a velocity of cities"
    for tail in ("", r"[ ]+of[ ]+[A-Z]\w+", r"\b"):
        assert [m.span() for m in re.finditer(grouped + tail, text)] == [
            m.span() for m in re.finditer(flat + tail, text)
        ]
    assert alternation({"Rome", "river"}) == "(?:river|Rome)"  # a capital: the flat list


def test_inline_marks_open_with_their_mark() -> None:
    text = "A *lean* noir, **bold** and _quiet_; not snake_case_words nor 2*3*4, and ``code`` ~~gone~~."
    markup = read_markup(text)
    italics = [text[s:e] for s, e in markup.emphasis]
    assert italics == ["lean", "quiet"]  # "**bold**" is strong, "_case_" and "*3*" lie inside words
    assert "**" not in markup.plain and "~~" not in markup.plain and "`" not in markup.plain
    assert "snake_case_words" in markup.plain and "2*3*4" in markup.plain
