"""Credits in any layout: infobox templates, cast lists, billing blocks, capsules (invented strings)."""

from __future__ import annotations

from bot import model as m
from bot.ingest.extract import extract_document


def _facts(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    extraction = extract_document("doc.md", text)
    for claim in extraction.claims:
        shown = claim.value
        if claim.field == m.CAST and claim.role:
            shown += " as " + claim.role
        elif claim.field == m.CREW:
            shown = f"{claim.role}: {claim.value}"
        found.setdefault(claim.field, set()).add(shown)
    return found


_INFOBOX = """Salt Harbour (film)
===================

```
{{Infobox film
| name           = Salt Harbour
| director       = Ines Moll
| producer       = Karel Dusek, Wren Abara
| starring       = Odile Brack<br />Tomas Venn
| music          = Pilar Ostrow
| cinematography = Juno Reyes-Hart
| editing        = Karel Dusek
| distributor    = Harbour Pictures
| budget         = $4 million
| language       = Portuguese
| released       = 3 March 2011
| runtime        = 104 minutes
}}
```

**Salt Harbour** is a quiet film about a ferry town.
"""


def test_an_infobox_template_is_read_as_headers() -> None:
    facts = _facts(_INFOBOX)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CREW] == {
        "producer: Karel Dusek",
        "producer: Wren Abara",
        "composer: Pilar Ostrow",
        "cinematographer: Juno Reyes-Hart",
        "editor: Karel Dusek",
    }
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}  # "<br />" separates names
    assert facts[m.RELEASE_DATE] == {"2011-03-03"}
    assert facts[m.RUNTIME] == {"104"}


def test_infobox_keys_that_are_no_job_credit_nobody() -> None:
    facts = _facts(_INFOBOX)
    people = {claim.split(": ")[-1] for claim in facts.get(m.CREW, set())} | facts.get(m.CAST, set())
    assert "Harbour Pictures" not in people
    assert not any("Portuguese" in value or "million" in value for values in facts.values() for value in values)


def test_a_cast_bullet_with_two_parts_credits_both() -> None:
    text = (
        "# Salt Harbour\n\nA ferry-town drama.\n\n## Cast\n\n"
        "* [[Odile Brack]] as Marta Sol / Ana Sol\n* Tomas Venn as Piet\n"
    )
    facts = _facts(text)
    assert {"Odile Brack as Marta Sol", "Odile Brack as Ana Sol", "Tomas Venn as Piet"} <= facts[m.CAST]


_PRESS_KIT = """# LANTERN BAY

**ABOUT THE CAST**

ODILE BRACK (Marta Sol) trained for months on the ferry.

TOMAS VENN (Piet) grew up two streets from the harbour.

**ABOUT THE FILMMAKERS**

INES MOLL (Director) made two shorts before this.

KAREL DUSEK (Story / Screenplay / Producer) found the ferry in an old newspaper.

WREN ABARA and PILAR OSTROW (Music) met at a conservatory.

Juno Reyes-Hart (Director of Photography) shot it on film.
"""


def test_a_press_kit_billing_credits_parts_and_jobs() -> None:
    facts = _facts(_PRESS_KIT)
    assert facts[m.CAST] == {"Odile Brack as Marta Sol", "Tomas Venn as Piet"}
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert {
        "writer: Karel Dusek",
        "producer: Karel Dusek",
        "composer: Wren Abara",
        "composer: Pilar Ostrow",
        "cinematographer: Juno Reyes-Hart",
    } <= facts[m.CREW]


def test_brackets_that_are_no_job_or_part_credit_nobody() -> None:
    text = (
        "# Lantern Bay\n\nA ferry-town drama.\n\n"
        "HARBOUR PICTURES (Distributor) releases it in May.\n\n"
        "It plays before HIGH TIDE LOW (1952) at ten.\n\n"
        "INES MOLL (Budget) is a line item.\n"
    )
    facts = _facts(text)
    assert m.CAST not in facts and m.CREW not in facts and m.DIRECTOR not in facts


def test_a_lone_capitalised_name_with_a_part_is_no_cast_list() -> None:
    text = "# Lantern Bay\n\nA ferry-town drama, and TOMAS VENN (Piet) is in it somewhere.\n"
    assert "Tomas Venn as Piet" not in _facts(text).get(m.CAST, set())


def test_several_headers_on_one_line_are_each_read() -> None:
    text = "# Lantern Bay\n\nRelease: 4 May 2012 (UK) · Running time: 97 minutes · Rated 15\n\nA ferry-town drama.\n"
    facts = _facts(text)
    assert facts[m.RUNTIME] == {"97"}
    assert facts[m.RELEASE_DATE] == {"2012-05-04"}


def test_a_capsule_after_the_title_and_its_stars_is_read() -> None:
    text = (
        "LANTERN BAY ★★★½\n(PG, 97 min. dir. Ines Moll; with Odile Brack, Tomas Venn; "
        "ph. Juno Reyes-Hart) A ferry-town drama that earns its ending.\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert {"Odile Brack", "Tomas Venn"} <= facts[m.CAST]
    assert "cinematographer: Juno Reyes-Hart" in facts[m.CREW]
    assert facts[m.RUNTIME] == {"97"}


_LISTING = """FILMS ON TV TONIGHT

8.00pm HIGH TIDE LOW (1961) Channel 5
dir. Arvo Linde; with Mae Corran, Bo Hadley. A trawler, a storm.

9.00pm LANTERN BAY (2012) Channel 4
Drama. dir. Ines Moll; scr. Karel Dusek; with Odile Brack, Tomas Venn; ed. Wren Abara.
A ferry-town drama that earns its ending.
"""


def test_a_bare_capsule_credits_its_own_film_only() -> None:
    facts = _facts(_LISTING)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert {"writer: Karel Dusek", "editor: Wren Abara"} <= facts[m.CREW]
    assert {"Odile Brack", "Tomas Venn"} <= facts[m.CAST]
    assert not {"Mae Corran", "Bo Hadley", "Arvo Linde"} & (facts[m.CAST] | facts[m.DIRECTOR])


def test_one_abbreviation_in_prose_is_no_capsule() -> None:
    text = "# Lantern Bay\n\nThe ed. note says little; the ferry scenes say more about Ines Moll.\n"
    assert m.CREW not in _facts(text)


_PROGRAMME = """LANTERN BAY (2012)
Harbour Pictures · Colour

Directed by ........ Ines Moll
From the novel by .. Agnes Thorne
Budget ............. $4 million

THE PLAYERS

Marta "Mo" Sol ..... Odile Brack
Piet ............... Tomas Venn
Sgt. Ida Kroll . Wren Abara

A ferry-town drama that earns its ending.
"""


def test_a_cast_section_is_read_in_the_order_it_uses() -> None:
    facts = _facts(_PROGRAMME)
    assert facts[m.CAST] == {'Odile Brack as Marta "Mo" Sol', "Tomas Venn as Piet", "Wren Abara as Ida Kroll"}
    assert facts[m.DIRECTOR] == {"Ines Moll"}


def test_leader_keys_that_are_no_job_credit_nobody() -> None:
    facts = _facts(_PROGRAMME)
    assert m.CREW not in facts  # the novelist wrote the source, not the script
    assert not any("Agnes" in value or "million" in value for values in facts.values() for value in values)


def test_a_cast_section_that_does_not_say_its_order_credits_nobody() -> None:
    text = "# Lantern Bay\n\nA ferry-town drama.\n\n## Cast\n\nMarta Sol: Odile Brack\nTomas Venn: Piet Ambers\n"
    assert m.CAST not in _facts(text)  # one line each way: a tie


_PASTED = """# Lantern Bay

A ferry-town drama, and a patient one.

Director
Ines Moll
Writers
Karel Dusek · Wren Abara
Stars
Odile Brack · Tomas Venn

Music
: Pilar Ostrow + Juno Reyes-Hart

Rating
4/5, and a patient one.
"""


def test_key_lines_over_their_value_lines_are_headers() -> None:
    facts = _facts(_PASTED)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert {"writer: Karel Dusek", "writer: Wren Abara"} <= facts[m.CREW]
    assert {"composer: Pilar Ostrow", "composer: Juno Reyes-Hart"} <= facts[m.CREW]  # a definition list
    assert {"Odile Brack", "Tomas Venn"} <= facts[m.CAST]


def test_crew_names_split_at_slashes_but_a_cast_part_does_not() -> None:
    text = "# Lantern Bay\n\nProducers: Karel Dusek / Wren Abara\nCast: Odile Brack as Marta Sol / Ana Sol\n\nDrama.\n"
    facts = _facts(text)
    assert {"producer: Karel Dusek", "producer: Wren Abara"} <= facts[m.CREW]
    assert {"Odile Brack as Marta Sol", "Odile Brack as Ana Sol"} <= facts[m.CAST]


def test_a_cast_heading_over_unbulleted_lines_is_a_cast_list() -> None:
    text = "# Lantern Bay\n\nA ferry-town drama.\n\n## Cast\nOdile Brack as Marta\nTomas Venn as Piet\n"
    assert {"Odile Brack as Marta", "Tomas Venn as Piet"} <= _facts(text)[m.CAST]


_HTML_CREDITS = """# Lantern Bay

A ferry-town drama.

<dl>
<dt>Director</dt><dd>Ines Moll</dd>
<dt>Budget</dt><dd>Karel Dusek</dd>
</dl>

<table>
<tr><th>Cinematography</th><td>Juno Reyes-Hart</td></tr>
<tr><td>Distributor</td><td>Harbour Pictures</td></tr>
<tr><td><b>Starring</b></td><td>Odile Brack, Tomas Venn</td></tr>
</table>

<!-- Wren Abara (Director) -->
"""


def test_pasted_html_credit_lists_and_tables_are_read() -> None:
    facts = _facts(_HTML_CREDITS)
    assert facts[m.DIRECTOR] == {"Ines Moll"}  # not the commented-out name
    assert facts[m.CREW] == {"cinematographer: Juno Reyes-Hart"}  # "Budget", "Distributor" name no job
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}


def test_a_table_of_keys_across_credits_each_column() -> None:
    text = (
        "# Lantern Bay\n\nA ferry-town drama.\n\n"
        "| Director | Screenplay | Music | Distributor |\n|---|---|---|---|\n"
        "| Ines Moll | Karel Dusek, Wren Abara | Pilar Ostrow | Harbour Pictures |\n\n"
        "| Editor | Juno Reyes-Hart |\n|---|---|\n| Runtime | 97 minutes | |\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CREW] == {
        "writer: Karel Dusek",
        "writer: Wren Abara",
        "composer: Pilar Ostrow",
        "editor: Juno Reyes-Hart",
    }
    assert facts[m.RUNTIME] == {"97"}


def test_a_table_comparing_films_is_read_in_this_films_column() -> None:
    text = (
        "# Lantern Bay\n\nLantern Bay is a ferry-town drama; High Tide Low is a trawler film.\n\n"
        "| | High Tide Low | Lantern Bay |\n|---|---|---|\n"
        "| Director | Arvo Linde | Ines Moll |\n| Music | Mae Corran | Pilar Ostrow |\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CREW] == {"composer: Pilar Ostrow"}


def test_a_bare_capsule_may_use_whole_keys_and_periods_between() -> None:
    text = (
        "# Lantern Bay\n\nA ferry-town drama that earns its ending.\n\n"
        "Credits: none worth a thread, but here: dir. Ines Moll. screenplay Moll + Karel Dusek, "
        "story by Moll and Wren Abara. Go see it.\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert {"writer: Ines Moll", "writer: Karel Dusek", "writer: Wren Abara"} <= facts[m.CREW]


def test_a_bare_capsule_lead_gives_genre_and_running_time() -> None:
    text = (
        "LANTERN BAY (2012)\nDrama. 1 hr 37 min. dir. Ines Moll; with Odile Brack, Tomas Venn.\nA ferry-town drama.\n"
    )
    facts = _facts(text)
    assert facts[m.RUNTIME] == {"97"}
    assert "Drama" in facts[m.GENRE]
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}


def test_an_initial_in_a_capsule_is_no_abbreviated_key() -> None:
    from bot.ingest.credits import capsule_credits

    text = "Lantern Bay (2001; dir. Ines Moll; with Odile Brack, M. Tomas Venn; mus. Pilar Ostrow)"
    found = {(c.field, text[c.start : c.end]) for c in capsule_credits(text, ("lantern bay",))}
    assert (m.CAST, "Odile Brack, M. Tomas Venn") in found
    assert not any(value.startswith("Tomas") for _, value in found)


def test_lines_that_give_the_name_before_the_job_are_credits() -> None:
    text = (
        "# Lantern Bay\n\nA ferry-town drama.\n\n## Crew\n\n- Ines Moll – director\n"
        "- Karel Dusek: screenplay / producer\n- WREN ABARA — MUSIC\n- Harbour Pictures – distributor\n"
        "- Odile Brack – the lead\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CREW] == {"writer: Karel Dusek", "producer: Karel Dusek", "composer: Wren Abara"}


def test_a_cast_list_written_part_first_is_read_that_way() -> None:
    text = "# Lantern Bay\n\nStarring: Marta (Odile Brack), Piet (Tomas Venn), Ida (Wren Abara)\n\nA drama.\n"
    assert _facts(text)[m.CAST] == {"Odile Brack as Marta", "Tomas Venn as Piet", "Wren Abara as Ida"}
    text = "# Lantern Bay\n\nCast: Odile Brack (Marta), Tomas Venn (Piet), Wren Abara (cameo)\n\nA drama.\n"
    assert {"Odile Brack as Marta", "Tomas Venn as Piet", "Wren Abara"} <= _facts(text)[m.CAST]


def test_names_in_capitals_are_read_as_names() -> None:
    text = "# Lantern Bay\n\nDIRECTOR: INES MOLL\nCAST: ODILE BRACK, TOMAS VENN\n\nA drama.\n"
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}


_WIKITEXT = """'''Lantern Bay''' is a drama film.

{{Infobox film
| name           = Lantern Bay
| director       = [[Ines Moll]]<ref>{{cite web|title=Moll on the Bay|author=Juno Hart}}</ref>
| producer       = {{ubl|Karel Dusek|[[Wren Abara]]}}
| starring       = {{Plainlist|
* [[Odile Brack]]
* [[Tomas Venn (actor)|Tomas Venn]]
}}
| released       = {{Film date|2012|5|4|df=y}}
| runtime        = {{Runtime|97}} 97 minutes
}}
"""


def test_infobox_values_lose_their_templates_and_references() -> None:
    facts = _facts(_WIKITEXT)
    assert facts[m.DIRECTOR] == {"Ines Moll"}  # not the cited article's author
    assert facts[m.CREW] == {"producer: Karel Dusek", "producer: Wren Abara"}
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}
    assert facts[m.RELEASE_DATE] == {"2012-05-04"}
    assert facts[m.RUNTIME] == {"97"}
    assert not any("Juno" in value for values in facts.values() for value in values)


def test_a_capitalised_cast_section_is_read() -> None:
    text = "LANTERN BAY\n\nA ferry-town drama.\n\nCAST\nODILE BRACK ........ Marta\nTOMAS VENN ......... Piet\n"
    assert _facts(text)[m.CAST] == {"Odile Brack as Marta", "Tomas Venn as Piet"}


def test_headers_run_on_as_sentences_are_each_read() -> None:
    text = "# Lantern Bay\n\nA ferry-town drama.\n\nDir: Ines Moll. Cast: Odile Brack, Tomas Venn; Runtime: 97 min\n"
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}
    assert facts[m.RUNTIME] == {"97"}


def test_a_by_line_of_names_is_a_credit_but_a_by_sentence_stays_prose() -> None:
    text = (
        "# Lantern Bay\n\nA ferry-town drama.\n\nDirected by INES MOLL\nScreenplay by Karel Dusek and Wren Abara\n\n"
        "Photographed by Juno Reyes-Hart, the harbour looks cold and the ferry looks colder.\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert {"writer: Karel Dusek", "writer: Wren Abara"} <= facts[m.CREW]
    from bot.ingest.blocks import HEADER, read_markup
    from bot.ingest.credits import normalise_key_lines
    from bot.ingest.extract import _Extractor

    markup = read_markup(text)
    lines = _Extractor("doc.md", normalise_key_lines(text, markup.plain), markup).layout.lines
    assert [line.kind for line in lines if text[line.start : line.end].startswith("Photographed")] != [HEADER]


_DOTTED = """HARBOUR CINEMATHEQUE · Programme · Home | About | Tickets

LANTERN BAY
Sunday 4 March · 17:30 · Screen 1

Portugal/Spain 2012 · 97 min · DCP · Cert 15

Dir Ines Moll · Scr Ines Moll, Karel Dusek · Ph Juno Reyes-Hart · Cost Wren Abara · with Odile Brack, Tomas Venn

A ferry-town drama that earns its ending.
"""


def test_a_dotted_listing_line_is_a_capsule() -> None:
    facts = _facts(_DOTTED)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CREW] == {
        "writer: Ines Moll",
        "writer: Karel Dusek",
        "cinematographer: Juno Reyes-Hart",
        "costume designer: Wren Abara",
    }
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}


def test_a_dotted_line_of_country_year_and_length_gives_them() -> None:
    facts = _facts(_DOTTED)
    assert facts[m.COUNTRY] == {"Portugal", "Spain"}
    assert facts[m.YEAR] == {"2012"}
    assert facts[m.RUNTIME] == {"97"}


def test_a_dotted_line_with_fewer_than_three_credits_is_no_capsule() -> None:
    text = "# Lantern Bay\n\nA ferry-town drama.\n\nPosted by Ed Wren · Dir Karel Dusek fan · 4 min read\n"
    facts = _facts(text)
    assert m.DIRECTOR not in facts and m.CREW not in facts


def test_a_score_table_rates_the_film_not_the_disc() -> None:
    text = (
        "# Lantern Bay (2012) Blu-ray review\n\n| | |\n|---|---|\n| **Video** | ★★☆☆☆ |\n"
        "| **Movie** | ★★★★☆ |\n| **Extras** | ★☆☆☆☆ |\n\nA ferry-town drama on a thin disc.\n"
    )
    assert _facts(text)[m.RATING] == {"4/5"}


def test_a_billing_block_in_capitals_is_read_line_by_line() -> None:
    text = (
        "# LANTERN BAY\n\nA ferry-town drama.\n\nDIRECTED BY INES MOLL\nDIRECTOR OF PHOTOGRAPHY JUNO REYES-HART\n"
        "MUSIC WREN ABARA AND PILAR OSTROW\nTHE END OF THE STORY\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CREW] == {
        "cinematographer: Juno Reyes-Hart",
        "composer: Wren Abara",
        "composer: Pilar Ostrow",
    }


def test_a_bold_key_followed_by_was_by_credits_the_name() -> None:
    text = "# Lantern Bay\n\nA ferry-town drama.\n\n1. **Editing** was by Tomas Venn.\n2. **Music** is by Wren Abara.\n"
    assert {"editor: Tomas Venn", "composer: Wren Abara"} <= _facts(text)[m.CREW]


def test_a_capsule_spelt_out_after_its_brackets_is_read() -> None:
    text = (
        "# Lantern Bay\n\n★★★ (R, 97 min.) Directed by Ines Moll; with Odile Brack, Tomas Venn; "
        "music by Pilar Ostrow. A ferry drama that earns its ending.\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}
    assert "composer: Pilar Ostrow" in facts[m.CREW]


def test_a_bold_job_key_that_opens_a_sentence_is_no_header() -> None:
    from bot.ingest.blocks import HEADER, build_layout, read_markup
    from bot.ingest.credits import normalise_key_lines

    text = "# Lantern\n\n1. **The score** is by Wren Abara, and the rest was Jo's.\n2. **Editing** by Tomas Venn\n"
    markup = read_markup(text)
    kinds = [line.kind for line in build_layout(normalise_key_lines(text, markup.plain)).lines]
    assert kinds[1] != HEADER and kinds[2] == HEADER


def test_a_capsule_with_capitalised_abbreviations_after_a_runtime_bracket() -> None:
    text = "LANTERN BAY ★★★½\n(R, 97 min.) Dir. Ines Moll. With Odile Brack, Tomas Venn. A ferry drama, slowly.\n"
    facts = _facts(text)
    assert facts[m.RUNTIME] == {"97"}
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}


def test_a_writer_director_key_gives_both_credits_and_a_remark_in_brackets_is_no_key() -> None:
    text = (
        "# Lantern Bay\n\nWriter/Director: Ines Moll\nCast (in order of appearance): Odile Brack, Tomas Venn\n"
        "Music (original score): Pilar Ostrow\n\nA ferry-town drama.\n"
    )
    facts = _facts(text)
    assert "Ines Moll" in facts[m.DIRECTOR] and "writer: Ines Moll" in facts[m.CREW]
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}
    assert "composer: Pilar Ostrow" in facts[m.CREW]


def test_headers_on_one_line_between_bars_or_commas_are_each_read() -> None:
    text = (
        "# Lantern Bay\n\nA ferry-town drama.\n\n**Director:** Ines Moll | **Starring:** Odile Brack, Tomas Venn\n\n"
        "Writer: Karel Dusek, Music: Pilar Ostrow\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}
    assert facts[m.CREW] == {"writer: Karel Dusek", "composer: Pilar Ostrow"}


def test_a_cast_heading_over_a_sentence_stays_a_heading() -> None:
    from bot.ingest.blocks import HEADING, build_layout, read_markup
    from bot.ingest.credits import normalise_key_lines

    text = (
        "# Lantern Bay\n\nA ferry-town drama.\n\nCast\nThe players are all from the harbour town.\n\n"
        "- Odile Brack as Marta\n- Tomas Venn as Piet\n"
    )
    markup = read_markup(text)
    lines = build_layout(normalise_key_lines(text, markup.plain)).lines
    assert lines[2].kind == HEADING and lines[-1].heading == "cast"
    facts = _facts("# Lantern Bay\n\nA ferry-town drama.\n\nCast\nOdile Brack (Marta), Tomas Venn as Piet\n")
    assert {"Odile Brack as Marta", "Tomas Venn as Piet"} <= facts[m.CAST]


def test_headers_under_a_heading_naming_another_film_credit_nobody() -> None:
    text = (
        "# Lantern Bay (2012)\n\nLantern Bay is a ferry drama, the best of them.\n\n"
        "## Its model: High Tide Low (1961)\nDirector: Arvo Linde | Starring: Mae Corran, Bo Hadley\n"
        "A trawler, a storm, and not much else.\n\n## Credits\nDirector: Ines Moll\nStarring: Odile Brack\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CAST] == {"Odile Brack"}


def test_a_cast_item_with_an_aside_before_as_credits_the_actor() -> None:
    text = (
        "# Lantern Bay\n\nA ferry-town drama.\n\n## Cast\n\n* Odile Brack as Marta\n"
        "* Wren Abara (the composer) in a cameo as Jon Ferro\n* Tomas Venn (uncredited) as Piet\n"
    )
    assert {"Wren Abara as Jon Ferro", "Tomas Venn as Piet"} <= _facts(text)[m.CAST]


def test_a_table_of_names_and_characters_is_a_cast_table() -> None:
    text = (
        "# Lantern Bay\n\nA ferry-town drama.\n\n| Name | Character |\n|---|---|\n"
        "| Odile Brack | Marta |\n| Tomas Venn | Piet |\n\n| Role | Name |\n|---|---|\n| Editor | Wren Abara |\n"
        "| Gaffer | Juno Reyes-Hart |\n"
    )
    facts = _facts(text)
    assert facts[m.CAST] == {"Odile Brack as Marta", "Tomas Venn as Piet"}
    assert facts[m.CREW] == {"editor: Wren Abara"}  # a gaffer is no job of the lexicon, and no part


def test_a_list_of_names_wrapped_onto_the_next_line_is_one_value() -> None:
    text = "# Lantern Bay\n\nCast: Odile Brack, Tomas Venn,\n  Wren Abara, Juno Reyes-Hart\nGenre: Drama\n\nA drama.\n"
    facts = _facts(text)
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn", "Wren Abara", "Juno Reyes-Hart"}
    assert facts[m.GENRE] == {"Drama"}


def test_a_billing_paragraph_credits_capitalised_co_writers() -> None:
    text = (
        "# LANTERN BAY\n\nA ferry-town drama.\n\n"
        "KAREL DUSEK (Screenplay) found the story, and wrote the screenplay with WREN ABARA and JUNO HART.\n\n"
        "ODILE BRACK (Marta) and TOMAS VENN (Piet) shared a flat with PILAR OSTROW.\n"
    )
    facts = _facts(text)
    assert facts[m.CREW] == {"writer: Karel Dusek", "writer: Wren Abara", "writer: Juno Hart"}


def test_a_line_about_the_page_itself_gives_the_film_nothing() -> None:
    text = (
        "# Harbour Talk, episode 9: Lantern Bay (2012)\n\n"
        "**Hosts:** Ines Moll & Karel Dusek · **Runtime:** 1 hr 12 min · **Guest:** nobody\n\n"
        "Lantern Bay is a ferry-town drama that runs 97 minutes.\n"
    )
    assert _facts(text).get(m.RUNTIME, set()) <= {"97"}


def test_a_tables_column_names_are_no_credit() -> None:
    text = "# Lantern Bay\n\nA drama.\n\n| Cast | Role |\n|---|---|\n| Odile Brack | Marta |\n| Tomas Venn | Piet |\n"
    assert _facts(text)[m.CAST] == {"Odile Brack as Marta", "Tomas Venn as Piet"}


def test_a_release_header_with_only_a_year_gives_the_year() -> None:
    facts = _facts("# Lantern Bay\n\nReleased: 2012 (Portugal)\nDirector: Ines Moll\n\nA drama.\n")
    assert facts[m.YEAR] == {"2012"}
    assert m.RELEASE_DATE not in facts


def test_a_company_in_a_crew_header_is_no_person() -> None:
    text = "# Lantern Bay\n\nProducers — Harbour Pictures, Wren Abara\nStudio: Salt Films\n\nA ferry drama.\n"
    assert _facts(text)[m.CREW] == {"producer: Wren Abara"}


def test_a_table_listing_films_credits_only_this_films_row() -> None:
    text = (
        "# Lantern Bay review\n\nLantern Bay (2012) is a ferry drama.\n\n| Title | Year | Director |\n|---|---|---|\n"
        "| Salt Harbour | 2009 | Karel Dusek |\n| Lantern Bay | 2012 | Ines Moll |\n| Tide | 1961 | Arvo Linde |\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.YEAR] == {"2012"}


def test_a_starring_line_of_names_is_a_cast_list() -> None:
    text = "Lantern Bay (2012)\nStarring Odile Brack and Tomas Venn\nRated PG-13 · 97 minutes\n\nA ferry drama.\n"
    assert _facts(text)[m.CAST] == {"Odile Brack", "Tomas Venn"}


def test_headers_under_another_films_section_credit_nobody_when_sections_are_films() -> None:
    text = (
        "# Why Lantern Bay is the best ferry film\n\nLantern Bay (2012) is a ferry drama; here is how it compares.\n\n"
        "## Salt Harbour\nDirector: Karel Dusek\nA lesser film.\n\n## Lantern Bay\nDirector: Ines Moll\nThe best.\n\n"
        "## Behind The Camera\nMusic: Pilar Ostrow\n"
    )
    facts = _facts(text)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CREW] == {"composer: Pilar Ostrow"}  # a section of the review, not a film
