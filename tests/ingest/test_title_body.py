"""The film a document names only in prose (bot.ingest.mainfilm.body_subject) and the headline forms
that hide it (bot.ingest.title). Invented films, people and places only.
"""

from __future__ import annotations

from bot import model as m
from bot.ingest.blocks import read_markup
from bot.ingest.extract import extract_document
from bot.ingest.mainfilm import body_subject, capsule_heads, shouted_title
from bot.ingest.mentions import TITLE_IS_A_FILM
from bot.ingest.title import is_kicker_line, looks_like_a_person, strip_title


def _title(text: str) -> str | None:
    return extract_document("t.md", text).title


def _subject(text: str) -> str | None:
    markup = read_markup(text)  # markup blanked, offsets kept: the text the title stage reads
    found = body_subject(markup.plain, markup.emphasis)
    return markup.plain[slice(*found.span)] if found else None


DISPATCH = """HARBOURFEST DISPATCH: Day two, and the queue outside the small hall says it all

ODENSE — The rain kept nobody home. In the morning, Salt Meridian, Ilse Varga's courtroom drama with Tomas Reid
and Ana Bell, drew polite applause. But the people who had slept least kept naming one film: Quiet Orchard.

Mira Solberg's third feature is a drama about two sisters who inherit a failing orchard. Kasia Lund plays Edda,
the elder, and Oona Berg is Frida, the younger. Solberg wrote the script with Jonas Wik.

At 104 minutes, it does not waste one. Tomorrow: the shorts.
"""


def test_a_dispatch_names_its_film_in_prose_and_films_in_passing_are_not_it() -> None:
    extraction = extract_document("t.md", DISPATCH)
    assert extraction.title == "Quiet Orchard"
    people = {c.person or c.value for c in extraction.claims if c.field in (m.CAST, m.DIRECTOR)}
    assert "Tomas Reid" not in people and "Ana Bell" not in people  # the film in passing keeps its cast
    assert "Ilse Varga" not in people


def test_a_film_in_passing_is_known_by_its_director_never_named_again() -> None:
    text = "Glass Tide, Per Holm's ghost story, played first. Later a restoration of Red Lantern screened.\n"
    assert _subject(text) == "Red Lantern"


def test_a_thread_watches_its_film_and_tags_it() -> None:
    text = (
        "**Rae Tolland** @rae.example\n\n"
        "finally made my cousin watch P.Q. the Lighthouse Keeper for the first time. thread 🧵\n\n"
        "she gasped when P.Q. waved at the boat. Lena Shaw plays the mother and she is perfect.\n\n"
        "10/10 #PQ #Rewatch\n"
    )
    assert _title(text) == "P.Q. the Lighthouse Keeper"


def test_a_wire_story_names_its_film_by_its_release() -> None:
    text = (
        "ARTS | FILM\n\n"
        "Nolan Vey's clever heist thriller asks who is robbing whom\n\n"
        "LONDON (Wire) — Nolan Vey spent a decade writing for others. With Cold Ledger, a tense British heist "
        "thriller that opens tomorrow, he finally directs his own script.\n\n"
        "Cold Ledger (15) is released on 4 March 2016.\n"
    )
    assert _title(text) == "Cold Ledger"


def test_a_newsletter_feature_gives_its_film_and_the_year_beside_it() -> None:
    text = (
        "Subject: Far Desk #12 — listening to the north\n\n"
        "Hi all,\n\nOne film in depth this time, and a couple of picks.\n\n"
        "**THE FEATURE: *The Winter Clerks* (*Die Winterschreiber*, 2009)**\n\n"
        "Norway · 118 min · drama · written and directed by Halvard Noss\n\n"
        "A clerk in a frozen town keeps the records nobody reads.\n\n"
        "**IF YOU LIKED THIS**\n\n"
        "- *Paper Birds* — Sven Aal's comedy with Bo Linn as a postman. Lighter.\n"
    )
    extraction = extract_document("t.md", text)
    assert extraction.title == "The Winter Clerks"
    assert extraction.years == {"2009"}
    assert "Sven Aal" not in extraction.directors


def test_an_alternative_title_gives_the_title_before_or() -> None:
    text = (
        "The film has a long name: *Kestrel or (The Patience of Small Birds)*. It is a comedy of sorts.\n\n"
        "Nobody in the hall minded. `#Kestrel`\n"
    )
    assert _subject(text) == "Kestrel"


def test_a_title_named_short_by_its_first_word_counts_as_named() -> None:
    text = (
        "Lena Holt's *Marrowbone Creek* took the prize tonight; Ivo Dahl's *Night Harbour* took nothing.\n\n"
        "But Marrowbone is the film I will remember. Holt shot it in the hills.\n"
    )
    assert _subject(text) == "Marrowbone Creek"


def test_two_films_named_alike_leave_the_subject_unclear() -> None:
    text = "I watched Grey Stag on Monday. Then I watched Blue Heron on Tuesday. Both were fine.\n"
    assert _subject(text) is None


def test_a_document_naming_no_film_reports_it_plainly() -> None:
    extraction = extract_document("t.md", "notes to self\n\nbuy milk, call the cinema about the booking, rest.\n")
    assert extraction.title is None and extraction.problem and "no film found" in extraction.problem


def test_an_italic_tagline_or_rating_is_no_subject() -> None:
    text = "*Nothing can stop the tide.*\n\n*Harbour rating: 4/5*\n\nA quiet night at the Harbour.\n"
    assert body_subject(text, [(1, 26), (30, 50)]) is None


def test_a_headline_place_the_body_writes_with_the_is_no_title() -> None:
    text = (
        "# Opening night on the Strand: Ilse Varga sends Tomas Reid flying\n\n"
        "The first film on the Strand carries an unfair load. The full title is *Skylark or (A Lesson in "
        "Falling)*, and it is a comedy. Tonight the Strand belongs to it.\n\n`#Skylark` `#Strand2024`\n"
    )
    assert _title(text) == "Skylark"


def test_a_counted_headline_frames_its_film_after_the_colon() -> None:
    text = "5 Clues, 5 Details: What You Missed in M4ze"
    start, end, _ = strip_title(text, 0, len(text))
    assert text[start:end] == "M4ze"


def test_a_dateline_in_capitals_inside_a_byline_is_no_title() -> None:
    text = "*By Ana Bell* · ODENSE, Wed 3 May\n\nwe watched everything in odense this week and ODENSE was lovely.\n"
    assert shouted_title(text) is None


def test_a_description_of_a_person_is_no_film_description() -> None:
    assert TITLE_IS_A_FILM.search("Thea Moss is the meanest man in the film.") is None
    assert TITLE_IS_A_FILM.search("Then Grey Stag is the best film of the year.") is not None


def test_a_long_title_is_no_first_name_and_an_opening_with_is_no_credit() -> None:
    text = "They said one word: Lanterns. It adapts the play In Lanterns Green Men Sing Low."
    start = text.index("Lanterns")
    assert not looks_like_a_person(text, start, start + len("Lanterns"))
    text = "With Cold Ledger, a tense thriller, Vey directs. Cold Ledger opens soon."
    assert not looks_like_a_person(text, 5, 16)
    text = "(dir. Nolan Vey; with Tomas Reid) Tomas Reid is good."
    start = text.index("Tomas Reid")
    assert looks_like_a_person(text, start, start + len("Tomas Reid"))


def test_a_wire_slug_line_names_the_film_the_body_writes() -> None:
    text = (
        "BC-Film-Review-Cold-Ledger,0412\n\n"
        "LONDON (Wire) — Nolan Vey spent a decade writing heists for others. Now he directs one. Cold Ledger "
        "follows a bank clerk who notices a missing zero.\n\nENDS\n"
    )
    assert _title(text) == "Cold Ledger"


def test_a_diary_taken_to_see_a_film_keeps_its_article() -> None:
    text = "Dear diary,\n\nMum took me to see The Glass Owl today!!! It was SO GOOD and I laughed.\n"
    assert _title(text) == "The Glass Owl"
    text = "u/reel · 4h\n\njust rewatched The Copper Road for the 5th time and I need to talk about it\n"
    assert _title(text) == "The Copper Road"


def test_a_listicle_of_equal_films_has_no_film() -> None:
    text = (
        "Five films to watch this weekend\n\nWe picked five. Grey Mile is a thriller about a courier. Salt Garden "
        "is a comedy set in a bakery. Night Ferry is a drama. Paper Sun is a documentary.\n"
    )
    assert _title(text) is None


def test_a_masthead_the_body_never_names_yields_to_the_film_it_discusses() -> None:
    text = (
        "THE SUNDAY LETTER\n\nDear readers,\n\nFILM OF THE WEEK — Salt Acre\n\n"
        "Ana Lopez's third feature is a patient western. Rosa Vey plays Marta, a widow who will not sell her "
        "well. Salt Acre opens on 4 March 2016 and runs 104 minutes.\n"
    )
    assert _title(text) == "Salt Acre"


def test_an_unnamed_headline_stays_when_the_body_only_compares_another_film() -> None:
    text = (
        "Grey Harbour\n\n"
        "It is a slow, salty film. Glass Orchard is the better film, and Glass Orchard is funnier, but this one "
        "stays with you. Rosa Vey plays the keeper.\n"
    )
    assert _title(text) == "Grey Harbour"


def test_a_diary_goes_with_company_to_see_its_film() -> None:
    text = "Saturday 4th\n\nWent to the pictures with Gran to see Salt Acre. Gran liked the horses.\n"
    assert _title(text) == "Salt Acre"


def test_a_page_menu_bar_is_no_headline() -> None:
    assert is_kicker_line("FilmBase  |  Menu  |  All ▾  Search FilmBase  |  Watchlist  |  Sign In")
    assert not is_kicker_line("Salt Acre | The Film Desk")
    text = "FilmBase  |  Menu  |  Search FilmBase  |  Sign In\n\nSalt Acre (2016)\nUser Reviews\n\nIt is a western.\n"
    assert _title(text) == "Salt Acre"


def test_a_film_the_newsletter_keeps_naming_outweighs_its_coming_up_list() -> None:
    text = (
        "Subject: This Thursday: SALT ACRE (2016)\n\n"
        "Hi all,\n\nThis week it is SALT ACRE, Ana Lopez's western. Rosa Vey is superb in Salt Acre, and the "
        "last reel of Salt Acre is the best thing Lopez has shot.\n\n"
        "COMING UP\n\n"
        "Nov 7   GREY MILE (1989) - Ivo Dahl\n"
        "Nov 14  TIN CROWN (1994) - Marta Ruiz\n"
        "Nov 21  NIGHT FERRY (2001) - Per Holm\n\n"
        "See you there. Doors at seven; the discussion afterwards is led by a member, and tea is free.\n"
    )
    extraction = extract_document("t.md", text)
    assert extraction.title is not None and extraction.title.lower() == "salt acre"
    assert "1989" not in extraction.years


def test_a_bold_label_before_a_count_in_brackets_is_no_capsule() -> None:
    text = "**Parents say: 11+** (412 reviews) · **Kids say: 9+** (688 reviews)\n\n**Grey Mile** (PG; 98 min.)\n"
    heads = [text[s:e] for s, e in capsule_heads(text, read_markup(text).strong)]
    assert heads == ["Grey Mile"]


def test_a_programme_the_host_names_is_no_film() -> None:
    text = (
        'KXYZ 90.1 — "THE MORNING REEL"\n\n'
        "HOST: Good morning, you're listening to The Morning Reel. With me is our critic.\n\n"
        "CRITIC: Salt Acre, Ana Lopez's third feature, from 2016. Lopez shot it in a dry summer, and Salt Acre "
        "looks it.\n"
    )
    assert _title(text) == "Salt Acre"


def test_a_shout_waits_for_the_body_and_a_tags_casing_is_not_the_title() -> None:
    text = (
        "**reel-honey**\n\nGREY MILE (1989) dir. Ivo Dahl\n\n"
        "rosa vey as the courier. i will never be normal about this movie\n\n"
        "#grey mile #rosa vey #ivo dahl\n\n"
        "**night-owl**\n\nthe way THE WAY she drives. GREY MILE forever. THE WAY.\n"
    )
    assert _title(text) == "GREY MILE"


def test_a_person_named_in_a_framing_headline_is_no_title() -> None:
    text = "Remembering Ines Rocha (1941–2024)"
    start, end, _ = strip_title(text, 0, len(text))
    assert text[start:end] != "Ines Rocha"
    text = "Ines Rocha made eleven features in forty years, and Rocha never stopped."
    assert looks_like_a_person(text, 0, len("Ines Rocha"))


def test_an_interview_question_is_no_title_line() -> None:
    text = "Q: What is the one film you would save?\n\nA: Grey Harbour, I think.\n"
    assert _title(text) != "Q"


def test_a_filmography_of_films_named_once_has_no_subject() -> None:
    text = (
        "Ines Rocha made eleven features. Her debut, Grey Harbour (1968), is a quiet film about a lighthouse. "
        "Salt Garden (1975) was a comedy that flopped. Night Ferry (1983), her biggest hit, starred Pablo Onda.\n"
    )
    assert _subject(text) is None


def test_a_programmes_standfirst_is_no_tagline_of_the_film() -> None:
    text = (
        'KXYZ 90.1 — "THE MORNING REEL"\n'
        'Segment transcript: "Summer Classics: Salt Acre"\n\n'
        "HOST: Good morning, you're listening to The Morning Reel. With me is our critic.\n\n"
        "Salt Acre, Ana Lopez's third feature, from 2016, is a western. Lopez shot it in a dry summer, and Salt "
        "Acre looks it.\n"
    )
    extraction = extract_document("t.md", text)
    assert extraction.title == "Salt Acre"
    assert not [c for c in extraction.claims if c.field == m.TAGLINE]
