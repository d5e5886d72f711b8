"""The extractor on review documents it was not written against.

tests/unseen/2xx_*.txt are invented films (titles, people and places made
up for these tests) in the three house styles, three documents per style, each
written with phrasings the seeds and tests/data/1xx do not use: other header
keys ("Directed by:", "Running time:", "Released:", "Country of origin:",
"Language:"), markdown ("**Rating:**", "## Verdict", "**Strengths**",
"Pros:"/"Cons:" lists), cast phrasings ("X portrays Y", "X is cast as Y",
"with X as Y", "Y is played by X", "X, who plays Y,", "X (as Y)", "X stars
opposite Z", "X voices Y", bulleted and dash-separated cast lists), crew
phrasings ("lensed by", "director of photography X", "DP:", "music from",
"X's score", "screenplay by X and Z", "written and directed by",
"writer-director", "co-written with"), ratings ("7.5/10", "4 out of 5",
"★★★★☆", "Four stars out of five", "Score: 8/10"), taglines ("Tagline – ..."
and quoted under the title), advertising in other forms (links, "click here",
"sign up") and sentences about another film ("Unlike the director's previous
film, Y (2015), which was shot by ...") that must give nothing about that film.

They live in a hidden folder so that the folder-level tests of tests/data (which
count its films) and `filmbot ingest tests/data` are unchanged.

`EXPECTED` is what a careful human reads in each document. `score()` counts the
facts found, expected and wrong (python -m tests.test_unseen_styles prints it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from bot import model as m
from bot.ingest.extract import DocumentExtraction, extract_document
from bot.ingest.filmfacts import NATIONALITIES
from bot.ingest.pipeline import ingest_paths

UNSEEN = Path(__file__).resolve().parent / "unseen"


@dataclass(frozen=True)
class Expected:
    title: str
    years: set[str]
    directors: set[str]
    cast: dict[str, str | tuple[str, ...] | None]  # actor -> character (or accepted spellings), None: no role
    crew: set[tuple[str, str]]  # (person, job)
    genres: set[str]
    rating: set[str]
    runtime: set[str] = field(default_factory=set)
    release: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    taglines: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    characters: set[str] = field(default_factory=set)
    strengths: int = 0
    weaknesses: int = 0
    verdict: bool = False
    spam: str = ""  # the start of the advertising line
    other_film: str = ""  # the clause about another film
    forbidden: tuple[str, ...] = ()  # nothing extracted may contain these


EXPECTED: dict[str, Expected] = {
    "200": Expected(
        title="Saltwater Psalms",
        years={"2019"},
        directors={"Inês Carvalho"},
        cast={
            "Beatriz Falcão": "Lúcia Brandão",  # "Cast: X – Y"; "X is extraordinary as Y"
            "Rui Sampaio": "Father Anselmo",  # "X portrays Y"
            "Helena Costa-Reis": "Dona Amélia",  # "X (as Y)"
        },
        crew={
            ("Inês Carvalho", "writer"),  # "Written by: A and B"
            ("Tiago Moura", "writer"),
            ("Duarte Nogueira", "cinematographer"),  # "lensed by"
            ("Mariana Veloso", "composer"),  # "X's score"
        },
        genres={"Drama", "Mystery"},
        rating={"7.5/10"},  # "Score: 7.5/10"
        runtime={"98"},  # "Running time: 98 minutes"
        release={"2019-05-03"},  # "Released: 3 May 2019"
        countries={"Portugal"},  # "Country of origin:"
        taglines={"The sea keeps every promise you break."},
        places={"Vila Serena", "Nazaré"},
        organisations={"Confraria do Mar"},
        characters={"Lúcia Brandão", "Father Anselmo", "Dona Amélia"},
        spam="Click here to stream",
        other_film="Unlike the director's previous film, Harbour of Small Hours (2015), which was shot by Paulo Reis",
        forbidden=("Harbour of Small Hours", "Paulo Reis", "2015", "4K"),
    ),
    "201": Expected(
        title="Iron Meridian",  # "# Review: Iron Meridian (2022)"
        years={"2022"},
        directors={"Kasimir Woźniak"},  # "**Directed by:**"
        cast={
            "Oskar Brenner": ("Tadeusz Halik", "Major Tadeusz Halik"),  # "- X as Y" under "**Cast:**"
            "Lotte Vandermeer": ("Ilse Marr", "Dr. Ilse Marr"),  # "X stars opposite Z"
            "Jonah Achterberg": "The Courier",  # "X is cast as Y"
        },
        crew={
            ("Agnieszka Lis", "cinematographer"),  # "Director of photography X"
            ("Benedikt Auer", "composer"),  # "the music from X"
            ("Tomasz Wrona", "editor"),  # "edited by X"
            ("Kasimir Woźniak", "writer"),  # "the screenplay by Woźniak and X"
            ("Clara Heinsohn", "writer"),
        },
        genres={"Science Fiction", "Adventure"},  # "Sci-Fi / Adventure"
        rating={"4/5"},  # "**Rating:** 4 out of 5"
        runtime={"98"},  # "1 hr 38 min"
        release={"2022-02-11"},
        countries={"Poland", "Germany"},
        taglines={"Nobody crosses the line twice.", "The border moves. The orders don't."},  # "Tagline – ..."
        places={"Białystok"},
        organisations={"Bureau of Passage"},
        characters={"Tadeusz Halik", "Ilse Marr", "The Courier"},
        spam="Full review, trailer and showtimes at https://",
    ),
    "202": Expected(
        title="The Quiet Cartographer",  # "The Quiet Cartographer (2017) — Film Review"
        years={"2017"},
        directors={"Saoirse Flanagan"},
        cast={
            "Declan Moore": "Eamon Tully",  # "Starring: X (as Y)"; "X, who plays the surveyor Y,"
            "Niamh Gallagher": "Rose Tully",
            "Peadar Quinn": "Old Con",  # "With X as Y"
        },
        crew={
            ("Saoirse Flanagan", "writer"),  # "Screenplay by:"
            ("Fionn Doherty", "cinematographer"),  # "DP:"
            ("Maeve Kinsella", "editor"),
        },
        genres={"Drama"},  # "Period drama"
        rating={"4/5"},  # "★★★★☆", "Four stars out of five."
        runtime={"104"},
        release={"2017-10-12"},
        taglines={"Every map is a kind of goodbye."},
        places={"County Donegal"},
        organisations={"Royal Survey Office"},
        characters={"Eamon Tully", "Rose Tully", "Old Con"},
        spam="Sign up for our newsletter",
        other_film="Unlike Flanagan's previous film, The Long Field (2014), which sprawled across four decades,",
        forbidden=("The Long Field", "2014"),
    ),
    "203": Expected(
        title="Saltwater Psalms",
        years={"2020"},  # review 200 says 2019
        directors={"Inês Carvalho"},  # "written and directed by"
        cast={
            "Beatriz Falcão": "Lúcia Brandão",  # "Y is played by X"
            "Rui Sampaio": "Father Anselmo",  # "X is cast as Y"
            "Helena Costa-Reis": "Amélia",  # "X, who plays Y, ..."
        },
        crew={
            ("Inês Carvalho", "writer"),
            ("Tiago Moura", "writer"),
            ("Duarte Nogueira", "cinematographer"),  # "X's grey, wind-scoured cinematography"
            ("Rafael Quintas", "composer"),  # "the score from X"; review 200 says Mariana Veloso
        },
        genres={"Horror"},  # "folk horror"
        rating={"3.5/5"},
        characters={"Lúcia Brandão", "Father Anselmo", "Amélia"},
        spam="Visit www.",
    ),
    "204": Expected(
        title="Cinder Valley",  # "In Cinder Valley (2016), director X ..."
        years={"2016"},
        directors={"Harlan Pruitt"},
        cast={
            "Wren Castellano": "Dolly Harker",  # "stars as"; "Castellano portrays Dolly"
            "Amos Okonkwo-Reid": "Boone",
            "Tilda Marsh-Evans": "June",  # "is superb as the youngest, June"
        },
        crew={
            ("Carmen Ibarra", "cinematographer"),  # "shot by"
            ("Jesse Whitlock", "composer"),  # "The soundtrack is by"
            ("Harlan Pruitt", "writer"),  # "Pruitt's script"
            ("Dana Feld", "writer"),  # "co-written with"
        },
        genres={"Drama"},
        rating={"4/5"},  # "four out of five stars"
        runtime={"96"},  # "runs a lean 96 minutes"
        places={"Gilead Fork"},
        organisations={"Harker Coal Company"},
        characters={"Dolly Harker", "Boone", "June"},
        spam="Watch Cinder Valley online free",
    ),
    "205": Expected(
        title="Northbound Static",  # "Northbound Static, the new film from ..., is a ..."
        years={"2023"},  # "Northbound Static (2023)" late in the text
        directors={"Priya Raman"},  # "writer-director X"
        cast={
            "Kavya Menon": ("Asha Pillai", "Asha"),  # "Asha is played by X"
            "Ritu Sharma-Bose": ("Meera Pillai", "Meera"),  # "... and Meera by X"
            "Farhan Qureshi": "Static",  # "turns up ... as a deejay who calls himself Static"
        },
        crew={
            ("Priya Raman", "writer"),
            ("Leela Krishnan", "cinematographer"),  # "by director of photography X"
            ("Arjun Dev", "composer"),
            ("Sameer Khatri", "editor"),  # "Editing is by X"
        },
        genres={"Comedy"},  # "is a bittersweet road comedy" after an apposition
        rating={"8/10"},  # "Score: 8/10" at the end of a paragraph
        places={"Chennai", "Leh"},
        characters={"Asha Pillai", "Meera Pillai", "Static"},
        spam="Streaming now on PrimeFlix",
    ),
    "206": Expected(
        title="The Glasshouse Wars",
        years={"2021"},
        directors={"Marguerite Oyelaran"},
        cast={
            "Penelope Ashdown": ("Agatha Pennyworth", "Agatha"),  # "X (as Y)"
            "Gideon Thwaite": None,  # "The colonel is played by X": no named role
            "Rosalind Achebe-Hart": "Imogen",  # "X plays Agatha's daughter Imogen"
        },
        crew={
            ("Hugh Carrow", "writer"),  # "a screenplay by A and B"
            ("Nadia Sefton", "writer"),
            ("Tobias Vance", "cinematographer"),
            ("Elspeth Moray", "composer"),
        },
        genres={"Comedy", "Drama"},
        rating={"3.5/5"},  # "Rating: 3.5/5" at the end of the verdict
        runtime={"111"},  # "1h 51m"
        countries={"United Kingdom"},  # "is a gentle British comedy"
        places={"Little Wensum"},
        organisations={"Wensum Horticultural Society"},
        characters={"Agatha Pennyworth", "Imogen"},
        strengths=3,  # "**Strengths**" with "-" bullets
        weaknesses=2,
        verdict=True,  # "## Verdict"
        spam="Get 50% off cinema tickets",
    ),
    "207": Expected(
        title="Velvet Tundra",
        years={"2018"},
        directors={"Anneli Korhonen"},
        cast={
            "Eero Salminen": "Juho",
            "Kaisa Lindholm": "Aino Raatikainen",  # "Y is played by X"
            "Mikael Strand": None,  # "as the inspector"
        },
        crew={
            ("Jussi Aaltonen", "cinematographer"),  # "lensed by"
            ("Ville Hakala", "composer"),  # "X's score"
            ("Outi Nieminen", "editor"),  # "tightly edited by"
        },
        genres={"Thriller"},
        rating={"4/5"},  # "I'm giving it a solid 4 out of 5."
        runtime={"112"},  # "1 h 52 min"
        countries={"Finland"},
        taglines={"In the polar night, nobody hears you knock."},
        places={"Lapland"},
        organisations={"Northern Veterinary Authority"},
        characters={"Juho", "Aino Raatikainen"},
        strengths=3,  # "Pros:" list
        weaknesses=2,  # "Cons:" list
        verdict=True,
    ),
    "208": Expected(
        title="Kingdom of Small Machines",
        years={"2024"},
        directors={"Ren Hasegawa"},
        cast={
            "Sora Ishikawa": "Tomo",  # "X voices Y"
            "Haruka Endo": "Grandmother Kei",  # "X, who plays Y,"
            "Daisuke Nomura": None,  # "is terrific as the Guild's grumpy foreman"
        },
        crew={
            ("Ren Hasegawa", "writer"),
            ("Mio Takeda", "writer"),
            ("Takeshi Mori", "composer"),  # "the music comes from X"
            ("Yui Kaneda", "editor"),
        },
        genres={"Animation", "Fantasy"},
        rating={"7/10"},  # "Final score: 7/10"
        runtime={"107"},
        taglines={"Build something that outlives you."},  # 'Tagline – "..."'
        places={"Minato-Oka"},
        organisations={"Tinkerers' Guild"},
        characters={"Tomo", "Grandmother Kei"},
        strengths=3,  # "## What works"
        weaknesses=2,  # "## What doesn't"
        verdict=True,
        spam="Stream it now in HD",
        other_film="It's a far cry from Hasegawa's last film, Paper Typhoon (2012), which was scored by Aya Fujita and",
        forbidden=("Paper Typhoon", "Aya Fujita", "Jun Sakai", "2012"),
    ),
}
NAMES = sorted(EXPECTED)
# Phrasings the extractor does not read yet (strict: the test fails once it does).
NOT_YET = {
    "204": "'X is superb as the youngest, June': the character only after an apposition",
    "205": "'X turns up ... as a deejay who calls himself Static'; 'two sisters, Asha and Meera Pillai'",
}


def names_but(known_gaps: dict[str, str]) -> list:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=known_gaps[name]))
        if name in known_gaps
        else name
        for name in NAMES
    ]


@cache
def doc(name: str) -> tuple[str, DocumentExtraction]:
    path = next(UNSEEN.glob(f"{name}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return text, extract_document(path.name, text)


def values(name: str, field_name: str) -> set[str]:
    return {c.value for c in doc(name)[1].claims if c.field == field_name}


def roles(name: str) -> dict[str, set[str | None]]:
    found: dict[str, set[str | None]] = {}
    for claim in doc(name)[1].claims:
        if claim.field == m.CAST:
            found.setdefault(claim.person or claim.value, set()).add(claim.role)
    return found


def crew(name: str) -> set[tuple[str, str]]:
    return {(c.person or c.value, c.role or "") for c in doc(name)[1].claims if c.field == m.CREW}


def _accepted(role: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return () if role is None else (role,) if isinstance(role, str) else role


def cast_right(expected: Expected, actor: str, found: dict[str, set[str | None]]) -> bool:
    """The actor is credited, with an accepted character if one is expected, and with no wrong one."""
    if actor not in found:
        return False
    accepted = _accepted(expected.cast[actor])
    named = {r for r in found[actor] if r}
    return all(r in accepted for r in named) and (not accepted or bool(named))


def short_form_of(name: str, expected: set[str]) -> bool:
    """ "Asha" for "Asha Pillai": a character's first or last name alone is right, not complete."""
    return any(name != full and name in (full.split()[0], full.split()[-1]) for full in expected)


def characters_right(name: str) -> tuple[set[str], set[str]]:
    """(expected characters found, in full or by a short form; characters found that are not expected)."""
    want = EXPECTED[name].characters
    got = values(name, m.CHARACTER)
    found = {full for full in want if full in got or any(short_form_of(c, {full}) for c in got)}
    return found, {c for c in got if c not in want and not short_form_of(c, want)}


def _set_fields(e: Expected) -> list[tuple[str, set[str]]]:
    return [
        (m.TITLE, {e.title}),
        (m.YEAR, e.years),
        (m.DIRECTOR, e.directors),
        (m.GENRE, e.genres),
        (m.RATING, e.rating),
        (m.RUNTIME, e.runtime),
        (m.RELEASE_DATE, e.release),
        (m.COUNTRY, e.countries),
        (m.TAGLINE, e.taglines),
        (m.PLACE, e.places),
        (m.ORGANISATION, e.organisations),
    ]


def score(name: str) -> tuple[int, int, list[str]]:
    """(facts found, facts expected, wrong facts) for one document."""
    e = EXPECTED[name]
    found = expected = 0
    wrong: list[str] = []
    for field_name, want in _set_fields(e):
        got = values(name, field_name)
        expected += len(want)
        found += len(want & got)
        wrong += [f"{field_name}={value!r}" for value in sorted(got - want)]
    right, extra = characters_right(name)
    expected += len(e.characters)
    found += len(right)
    wrong += [f"character={c!r}" for c in sorted(extra)]
    cast_found = roles(name)
    expected += len(e.cast)
    found += sum(cast_right(e, actor, cast_found) for actor in e.cast)
    for actor, found_roles in sorted(cast_found.items()):
        accepted = _accepted(e.cast.get(actor))
        if actor not in e.cast:
            wrong.append(f"cast={actor!r}")
        wrong += [f"cast={actor!r} as {r!r}" for r in sorted(r for r in found_roles if r and r not in accepted)]
    got_crew = crew(name)
    expected += len(e.crew)
    found += len(e.crew & got_crew)
    wrong += [f"crew={pair!r}" for pair in sorted(got_crew - e.crew)]
    for field_name, count in ((m.STRENGTH, e.strengths), (m.WEAKNESS, e.weaknesses), (m.VERDICT, int(e.verdict))):
        got_count = len([c for c in doc(name)[1].claims if c.field == field_name])
        if count:
            expected += 1
            found += got_count == count if field_name != m.VERDICT else got_count > 0
        elif got_count:
            wrong.append(f"{field_name} x{got_count}")
    return found, expected, wrong


# --- per document ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_title_and_film_facts(name: str) -> None:
    e = EXPECTED[name]
    assert doc(name)[1].title == e.title
    assert values(name, m.TITLE) == {e.title}
    assert values(name, m.YEAR) == e.years
    assert values(name, m.GENRE) == e.genres
    assert values(name, m.RUNTIME) == e.runtime
    assert values(name, m.RELEASE_DATE) == e.release
    assert values(name, m.COUNTRY) == e.countries


@pytest.mark.parametrize("name", NAMES)
def test_rating_and_taglines(name: str) -> None:
    assert values(name, m.RATING) == EXPECTED[name].rating
    assert values(name, m.TAGLINE) == EXPECTED[name].taglines


@pytest.mark.parametrize("name", NAMES)
def test_directors_and_crew(name: str) -> None:
    assert values(name, m.DIRECTOR) == EXPECTED[name].directors
    assert crew(name) == EXPECTED[name].crew


@pytest.mark.parametrize("name", names_but(NOT_YET))
def test_cast_with_characters(name: str) -> None:
    e = EXPECTED[name]
    found = roles(name)
    assert set(found) == set(e.cast)
    for actor in e.cast:
        assert cast_right(e, actor, found), (actor, found[actor], e.cast[actor])


@pytest.mark.parametrize("name", NAMES)
def test_review_sections(name: str) -> None:
    e = EXPECTED[name]
    assert len(values(name, m.STRENGTH)) == e.strengths
    assert len(values(name, m.WEAKNESS)) == e.weaknesses
    assert bool(values(name, m.VERDICT)) == e.verdict


@pytest.mark.parametrize("name", names_but(NOT_YET))
def test_characters_places_and_organisations(name: str) -> None:
    e = EXPECTED[name]
    assert values(name, m.PLACE) == e.places
    assert values(name, m.ORGANISATION) == e.organisations
    assert characters_right(name) == (e.characters, set())


@pytest.mark.parametrize("name", NAMES)
def test_nothing_wrong_is_extracted(name: str) -> None:
    """Precision first: every fact the extractor gives is one a careful reader gives."""
    assert score(name)[2] == []


@pytest.mark.parametrize("name", NAMES)
def test_advertising_and_other_films_yield_nothing(name: str) -> None:
    e = EXPECTED[name]
    text, extraction = doc(name)
    spans = []
    if e.spam:
        start = text.index(e.spam)
        spans.append((start, text.index("\n", start)))
    if e.other_film:
        start = text.index(e.other_film)
        spans.append((start, start + len(e.other_film)))
    for claim in extraction.claims:
        for start, end in spans:
            assert claim.source.end <= start or claim.source.start >= end, claim
        for word in e.forbidden:
            assert word not in claim.value and word not in (claim.person or ""), claim


@pytest.mark.parametrize("name", NAMES)
def test_every_claim_points_at_its_text(name: str) -> None:
    text, extraction = doc(name)
    for claim in extraction.claims:
        span = text[claim.source.start : claim.source.end]
        assert 0 <= claim.source.start < claim.source.end <= len(text)
        if claim.field in (m.TITLE, m.TAGLINE, m.PLACE, m.ORGANISATION, m.COUNTRY):
            said = {claim.value.lower().removeprefix("the ")}
            if claim.field == m.COUNTRY:  # "a British comedy": the country by its adjective
                said |= {adjective for adjective, country in NATIONALITIES.items() if country == claim.value}
            assert any(form in span.lower() for form in said), (claim, span)
        if claim.person:
            assert claim.person.split()[-1] in span or claim.person in span, (claim, span)


# --- across documents ----------------------------------------------------------------------------


def test_two_reviews_of_one_film_disagree() -> None:
    """200 and 203 review one film: 2019 vs 2020, Mariana Veloso vs Rafael Quintas."""
    result = ingest_paths([UNSEEN / "200_saltwater_psalms_header.txt", UNSEEN / "203_saltwater_psalms_prose.txt"])
    (film,) = result.films
    assert film.slug == "saltwater-psalms"
    assert film.disputed == ("crew:composer", m.YEAR)
    composers = {(c.person, c.source.label) for c in film.claims if c.field == m.CREW and c.role == "composer"}
    assert composers == {("Mariana Veloso", "review 200"), ("Rafael Quintas", "review 203")}
    cinematographers = {c.person for c in film.claims if c.field == m.CREW and c.role == "cinematographer"}
    assert cinematographers == {"Duarte Nogueira"}


def test_the_unseen_folder_ingests_as_eight_films() -> None:
    result = ingest_paths([UNSEEN])
    assert not result.problems
    assert len(result.documents) == 9
    assert sorted(f.slug for f in result.films) == [
        "cinder-valley",
        "iron-meridian",
        "kingdom-of-small-machines",
        "northbound-static",
        "saltwater-psalms",
        "the-glasshouse-wars",
        "the-quiet-cartographer",
        "velvet-tundra",
    ]


def report() -> str:
    lines = []
    total_found = total_expected = 0
    for name in NAMES:
        found, expected, wrong = score(name)
        total_found += found
        total_expected += expected
        lines.append(f"{name}: {found}/{expected}" + (f"  wrong: {', '.join(wrong)}" if wrong else ""))
    lines.append(f"total: {total_found}/{total_expected} ({total_found / total_expected:.0%})")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
