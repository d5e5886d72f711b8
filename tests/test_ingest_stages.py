"""One test group per extractor stage, on invented sentences (no seed text)."""

from __future__ import annotations

import pytest

from bot import model as m
from bot.ingest.blocks import HEADING, ITEM, TABLE_ROW, read_markup
from bot.ingest.credits import capsule_credits, normalise_key_lines, question_credits, table_credits
from bot.ingest.dates import parse_date
from bot.ingest.extract import extract_document
from bot.ingest.filmfacts import _IS_A_CUE, is_a_cues, release_dates_in, runtime_in
from bot.ingest.frontmatter import read_front_matter
from bot.ingest.fullnames import expand_character_names, resolve_surname
from bot.ingest.lexicon import written_job
from bot.ingest.ratings import parse_rating
from bot.ingest.title import is_byline, strip_title
from bot.ingest.values import fold_body
from bot.model import Claim, Source

# --- markup to blocks -----------------------------------------------------------------------


def test_blocks_keep_offsets_and_blank_markup() -> None:
    text = "# Tidewater (2017)\n\n**Director:** [Oona Pratt](https://example.org/p) and *Low Field*\n\n- one item\n"
    markup = read_markup(text)
    assert len(markup.plain) == len(text)
    assert "**" not in markup.plain and "](" not in markup.plain and "example.org" not in markup.plain
    start = markup.plain.index("Oona Pratt")
    assert text[start : start + len("Oona Pratt")] == "Oona Pratt"
    kinds = [block.kind for block in markup.blocks]
    assert kinds == [HEADING, "paragraph", ITEM]
    italic = text.index("Low Field")
    assert markup.emphasised(italic, italic + len("Low Field"))


def test_table_rows_carry_their_header_cells() -> None:
    text = "| Character | Actor |\n|---|---|\n| Mira Solt | Dev Anand-Kaur |\n"
    rows = [b for b in read_markup(text).blocks if b.kind == TABLE_ROW]
    assert [text[s:e] for s, e in rows[1].cells] == ["Mira Solt", "Dev Anand-Kaur"]
    assert rows[1].header == ("character", "actor")
    assert not read_markup(text).plain.strip()  # table text never reaches the prose stages


def test_plain_text_is_left_alone() -> None:
    text = "A quiet film. It ends well.\n\nSecond paragraph."
    markup = read_markup(text)
    assert markup.plain is text and len(markup.blocks) == 2


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("1. Tidewater\n2. Low Field\n", [ITEM, ITEM]),  # a numbered list on the first line
        ("A quiet film.\n\n  3) Low Field\n", ["paragraph", ITEM]),
        ("Tidewater\n=========\n\nA quiet film.\n", [HEADING, "paragraph"]),  # a setext heading
    ],
)
def test_markup_without_marking_characters_still_goes_to_the_parser(text: str, kinds: list[str]) -> None:
    assert [block.kind for block in read_markup(text).blocks] == kinds


def test_is_a_cues_are_those_of_the_one_pattern() -> None:
    text = "Tidewater is a drama. Its maker's the one. Low Field was an odd one; it remains one of the best. X is good."
    assert is_a_cues(text) == [m.start() for m in _IS_A_CUE.finditer(text)]
    assert is_a_cues(text) == [text.index(cue) for cue in (" is a", "'s the", " was an", " remains one")]
    spaced = text.replace(" is a", "\u00a0is a")
    assert is_a_cues(spaced) == [m.start() for m in _IS_A_CUE.finditer(spaced)]


def test_a_bulleted_header_anywhere_is_normalised() -> None:
    for text in ("- Director: Oona Pratt\n", "Notes\n  * Director: Oona Pratt\n"):
        assert "Director: Oona Pratt" in normalise_key_lines(text, text).replace("  ", "")
        assert normalise_key_lines(text, text)[text.index("Director") - 2 : text.index("Director")] == "  "


# --- front matter ---------------------------------------------------------------------------


def test_front_matter_values_point_at_their_text() -> None:
    text = "---\nfilm: Tidewater\ngenre: [Drama, Mystery]\nrating: 7/10\ndate: 2024-01-05\n---\nBody.\n"
    markup = read_markup(text)
    entries = read_front_matter(text, markup.front_matter)
    assert [(e.key, text[e.start : e.end]) for e in entries] == [
        ("film", "Tidewater"),
        ("genre", "Drama"),
        ("genre", "Mystery"),
        ("rating", "7/10"),
        ("date", "2024-01-05"),
    ]
    assert read_front_matter("---\n: [broken\n---\n", read_markup("---\n: [broken\n---\n").front_matter) == []


def test_front_matter_is_read_as_header_facts_but_the_post_date_is_not_a_release() -> None:
    text = "---\nfilm: Tidewater\ndirector: Oona Pratt\ndate: 2024-01-05\n---\n\nA slow, fine film.\n"
    extraction = extract_document("t.md", text)
    assert extraction.title == "Tidewater"
    assert [c.value for c in extraction.claims if c.field == m.DIRECTOR] == ["Oona Pratt"]
    assert not [c for c in extraction.claims if c.field == m.RELEASE_DATE]


# --- credits in any layout ------------------------------------------------------------------


def test_bold_keys_leaders_and_bulleted_headers_become_headers() -> None:
    text = "**Director** Oona Pratt\nMusic ........ Bram Okoye\n- Editor: Lise Marr\n"
    plain = normalise_key_lines(text, read_markup(text).plain)
    assert len(plain) == len(text)
    lines = [line.replace(" ", "") for line in plain.splitlines()]
    assert lines[0].startswith("Director:") and lines[1].startswith("Music:") and lines[2].startswith("Editor:")


def test_table_credits_pair_actor_and_character_in_either_order() -> None:
    text = "| Actor | Character |\n|---|---|\n| Dev Anand-Kaur | Mira Solt |\n"
    (credit,) = table_credits(read_markup(text))
    assert credit.field == m.CAST
    assert text[credit.start : credit.end] == "Dev Anand-Kaur"
    assert text[credit.role_start : credit.role_end] == "Mira Solt"


def test_capsule_abbreviations() -> None:
    text = "Tidewater (2017; dir. Oona Pratt; with Dev Anand-Kaur, Ty Roe; ph. Sam Ilse; 101 min.) Good."
    found = {(c.field, c.job, text[c.start : c.end]) for c in capsule_credits(text)}
    assert found == {
        (m.DIRECTOR, None, "Oona Pratt"),
        (m.CAST, None, "Dev Anand-Kaur, Ty Roe"),
        (m.CREW, "cinematographer", "Sam Ilse"),
        (m.RUNTIME, None, "101 min."),
    }
    assert list(capsule_credits("He left (with regret, and fast; then slept).")) == []


def test_question_verbs_name_the_job() -> None:
    text = "Q: Who shot it?\nA: Sam Ilse\n"
    (credit,) = question_credits(text)
    assert (credit.field, credit.job, text[credit.start : credit.end]) == (m.CREW, "cinematographer", "Sam Ilse")


# --- roles: a job decided by what was written -----------------------------------------------


def test_written_by_is_a_writer_only_for_the_script() -> None:
    assert written_job("The screenplay, ") == "writer"
    assert written_job("The haunting score was") == "composer"
    assert written_job("It adapts the novel") is None
    extraction = extract_document("t.txt", "Tidewater (2017)\n\nThe score was written by Bram Okoye.\n")
    assert {(c.person, c.role) for c in extraction.claims if c.field == m.CREW} == {("Bram Okoye", "composer")}


# --- ratings and dates ----------------------------------------------------------------------


def test_ratings_keep_their_scale() -> None:
    assert parse_rating("3.5 of 4 stars")[0] == "3.5/4"
    assert parse_rating("Grade: B+")[0] == "B+"
    assert parse_rating("B-", loose=True)[0] == "B-"
    assert parse_rating("87/100")[0] == "87/100"
    assert parse_rating("I give it four stars")[0] == "4 stars"  # no scale written: none invented
    assert parse_rating("one of five films") is None
    assert parse_rating("A quiet film") is None


def test_dates_read_day_first() -> None:
    assert parse_date("out on 07/06/2024")[0] == "2024-06-07"
    assert parse_date("12/31/2024")[0] == "2024-12-31"  # only month first is possible
    assert parse_date("7th of June, 2024")[0] == "2024-06-07"
    assert parse_date("open 24/7") is None


# --- title ----------------------------------------------------------------------------------


def test_headline_decorations_are_stripped() -> None:
    for headline, title in [
        ("Tidewater (2017) review: the slow one", "Tidewater"),
        ("Review: Tidewater", "Tidewater"),
        ("3. Tidewater", "Tidewater"),
        ("Tidewater | The Film Desk", "Tidewater"),
        ("Tidewater — film review", "Tidewater"),
    ]:
        start, end, _ = strip_title(headline, 0, len(headline))
        assert headline[start:end] == title, headline


def test_the_body_decides_between_headline_and_mentions() -> None:
    text = "Seven Reasons It Still Works\n\nTidewater (2017) is a drama. Tidewater ends at sea. I love Tidewater.\n"
    assert extract_document("t.txt", text).title == "Tidewater"
    subtitle = "Tidewater: why it still matters\n\nTidewater is a drama about a town. Tidewater holds up.\n"
    assert extract_document("t.txt", subtitle).title == "Tidewater"


def test_bylines_are_not_taglines() -> None:
    assert is_byline("Posted by sam_k · 2 March 2024 · Grade: B")
    assert is_byline("By Oona Pratt")
    assert not is_byline("Some tides never turn.")
    text = "Tidewater (2017)\n*Posted by sam_k · 2 March 2024 · Grade: B*\n\nGenre: Drama\n"
    assert not [c for c in extract_document("t.md", text).claims if c.field == m.TAGLINE]


# --- scope: other films ---------------------------------------------------------------------


def test_credits_of_another_film_are_skipped_and_explained() -> None:
    text = "Tidewater (2017)\nDirector: Oona Pratt\n\nUnlike Low Field (2011), which starred Ty Roe, it breathes.\n"
    extraction = extract_document("t.txt", text)
    people = {c.person for c in extraction.claims if c.person}
    assert "Ty Roe" not in people and "Oona Pratt" in people
    assert any(why == "about another film" for why, _, _ in extraction.skipped)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "# Episode 112: Salt Acre, with guest Mo Reyes\n\nWe cover Salt Acre. Mo Reyes says Salt Acre hits.\n",
            "Salt Acre",
        ),
        ("NOW SHOWING\n\n**Salt Acre** ★★★ (PG-13; 104 min.) A farmer's daughter fights the bank.\n", "Salt Acre"),
        ("NOW SHOWING\n\nSALT ACRE (PG-13) ★★★ A farmer's daughter fights the bank.\n", "SALT ACRE"),
        ("Sunday, 3 March\n\nFinally watched Salt Acre tonight. Salt Acre is slower than I expected.\n", "Salt Acre"),
        ("1/ Thread: why SALT ACRE is the most underrated drama 🧵\n\n2/ Salt Acre ends at sea.\n", "Salt Acre"),
        ("Salt Acre vs. Low Tide: two harbours\n\nThis is about Salt Acre. Salt Acre came out in 2011.\n", "Salt Acre"),
        (
            "Venice, day 4: a quiet triumph\n\nI saw Salt Acre, Ines Varga's patient drama. Salt Acre wins.\n",
            "Salt Acre",
        ),
        ("Salt Acre ★★★★ liked\n\nWatched 12 Mar 2024. A lovely film.\n", "Salt Acre"),
        ("Forum › Films › Salt Acre rewatch thread (spoilers)\n\nSalt Acre holds up.\n", "Salt Acre"),
    ],
)
def test_headlines_of_web_styles_give_the_film(text: str, title: str) -> None:
    assert extract_document("t.md", text).title == title


# --- full names -----------------------------------------------------------------------------


def test_a_surname_resolves_only_to_the_one_full_name_it_ends() -> None:
    people = {"mika ito": "Mika Ito", "ana lopez": "Ana Lopez", "rui lopez": "Rui Lopez"}
    assert resolve_surname("Ito", people) == "Mika Ito"
    assert resolve_surname("Lopez", people) is None  # two Lopezes: nobody
    assert resolve_surname("Varga", people) is None


def test_a_short_character_name_takes_the_one_longer_name_it_belongs_to() -> None:
    source = Source("t.txt", 0, 1)
    claims = [
        Claim(m.CAST, "Mika Ito", source, "Mika Ito", "Yuna Kang"),
        Claim(m.CHARACTER, "Kang", source),
    ]
    assert [c.value for c in expand_character_names(claims) if c.field == m.CHARACTER] == ["Yuna Kang"]


def test_a_bare_surname_nobody_completes_is_unresolved_not_a_person() -> None:
    extraction = extract_document("t.txt", "Tidewater (2017)\n\nThe film is shot by Okafor with great care.\n")
    assert "Okafor" in extraction.unresolved


def test_a_genre_the_film_is_about_is_not_its_genre() -> None:
    about = extract_document("t.txt", "Tidewater (2017)\n\nTidewater is a love letter to horror and its fans.\n")
    assert not [c for c in about.claims if c.field == m.GENRE]
    plain = extract_document("t.txt", "Tidewater (2017)\n\nTidewater is a quiet coastal drama with one storm.\n")
    assert [c.value for c in plain.claims if c.field == m.GENRE] == ["Drama"]


def test_a_folded_body_is_words_and_single_spaces_in_either_path() -> None:
    assert fold_body("  The_Ring: Part 2 -- (1998)!\n\tEnd.") == "the ring part 2 1998 end"
    assert fold_body("Amélie’s  Café — Paris!") == "amelie s cafe paris"


def test_a_headline_that_reads_as_a_sentence_and_is_never_named_gives_no_title() -> None:
    body = "\n\nThe director Oona Pratt shot it in winter. Dev Anand-Kaur plays Mira Solt.\n"
    sentence_like = extract_document("a.md", "Two Coastal Mysteries, Forty Years Apart" + body)
    assert sentence_like.title != "Two Coastal Mysteries, Forty Years Apart"
    assert not any(c.field == m.TITLE and "Mysteries" in c.value for c in sentence_like.claims)
    short = extract_document("b.md", "The Long Low Field Again" + body)  # five words, no clause: a title
    assert short.title == "The Long Low Field Again"


def test_one_headline_word_the_body_uses_only_as_a_word_is_no_title() -> None:
    text = (
        "# Harbour Dispatch, Day Four: Heat, Queues, and One Long Afternoon\n\n"
        "The day began early. By the end of the day the queue ran round the block. Another day, another queue.\n"
    )
    assert extract_document("a.md", text).title != "Day"


@pytest.mark.parametrize(
    ("sentence", "minutes"),
    [
        ("The running time is 119 minutes.", "119"),
        ("It is rated R. Running time: 129 minutes.", "129"),
        ("It runs 2 hours and 10 minutes.", "130"),
        ("It clocks in at 2h 10m.", "130"),
        ("A lean 98-minute thriller.", "98"),
        ("He waits 2 hours at the station.", None),
        ("I spent the 2 hours wishing it were shorter.", None),
    ],
)
def test_one_runtime_rule_reads_minutes_and_hours_after_a_running_word(sentence: str, minutes: str | None) -> None:
    found = [value for value, _, _ in runtime_in(sentence, 0, len(sentence))]
    assert found == ([minutes] if minutes else [])


@pytest.mark.parametrize(
    "sentence",
    ["It premieres on 3 May 2024.", "Its release date is 3 May 2024.", "It opens nationwide on 3 May 2024."],
)
def test_release_dates_in_the_present_tense_and_as_a_release_date(sentence: str) -> None:
    assert [parse_date(match.group("date"))[0] for match, _, _ in release_dates_in(sentence, 0, len(sentence))] == [
        "2024-05-03"
    ]
