"""The question bank: every template, the distractor rules, no disputed facts, determinism."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from bot import model as m
from bot.catalog.build import build_film
from bot.catalog.model import Film
from bot.model import Claim, Source
from bot.store import catalog as catalog_repo
from bot.store.factory import open_store
from bot.text import fold
from bot.trivia import bank
from bot.trivia.model import CHOICE_COUNT, DIFFICULTIES, stable_id

# -- a small hand-written catalog (fictional films) ------------------------------------------


def person(field: str, name: str, src: Source, role: str | None = None, note: str | None = None) -> Claim:
    return Claim(field, name, src, person=name, role=role, note=note)


def harbour_claims() -> list[Claim]:
    s = Source("010_harbour.txt", 0, 40)
    t = Source("010_harbour.txt", 41, 90)
    return [
        Claim(m.TITLE, "Harbour Lights", s),
        Claim(m.YEAR, "1998", s),
        Claim(m.RUNTIME, "112", s),
        Claim(m.GENRE, "Drama", s),
        Claim(m.GENRE, "Romance", s),
        person(m.DIRECTOR, "Mara Quill", s),
        person(m.CAST, "Tom Reyes", t, "Captain Hale"),
        person(m.CAST, "Ivy Stone", t, "Nora Hale"),
        person(m.CAST, "Ana Bright", t, "Nora Hale", "young"),
        person(m.CAST, "Ben Ortiz", t, "Sam"),
        person(m.CREW, "Lena Park", t, "cinematographer"),
        person(m.CREW, "Otto Brandt", t, "composer"),
        person(m.CREW, "Rick Vance", t, "stunt coordinator"),
        person(m.CREW, "Jo Mills", t, "editor"),
        Claim(m.TAGLINE, "Every light leads home. Some lead further.", s),
        Claim(m.TAGLINE, "The sea remembers, the sea forgives.", s),
        Claim(m.PLACE, "Lisbon", t),
        Claim(m.ORGANISATION, "The Harbour Guild", t),
    ]


def harbour_lights(disputed: frozenset[str] = frozenset()) -> Film:
    return build_film(
        "harbour-lights", "Harbour Lights", ["Harbour Lights"], harbour_claims(), set(disputed), ["010_harbour.txt"]
    )


def iron_meadow() -> Film:
    """Two documents that disagree on the year and the cinematographer."""
    a = Source("011_iron_a.txt", 0, 50)
    b = Source("012_iron_b.txt", 0, 50)
    claims = [
        Claim(m.YEAR, "2001", a),
        Claim(m.YEAR, "2002", b),
        Claim(m.RUNTIME, "95", a),
        Claim(m.RUNTIME, "95", b),
        Claim(m.GENRE, "Western", a),
        Claim(m.GENRE, "Action", b),
        person(m.DIRECTOR, "Cal Dunn", a),
        person(m.DIRECTOR, "Cal Dunn", b),
        person(m.CAST, "Ada Fern", a, "Rose"),
        person(m.CAST, "Tom Reyes", a, "Marshal Kane"),
        person(m.CAST, "Zed Cole", b, "The Stranger"),
        person(m.CREW, "Lena Park", a, "cinematographer"),
        person(m.CREW, "Hugo Lind", b, "cinematographer"),
        person(m.CREW, "Mira Sol", a, "composer"),
        Claim(m.TAGLINE, "No law. No mercy. No way back.", a),
        Claim(m.PLACE, "Red Gulch", a),
        Claim(m.PLACE, "Dust Creek", b),
        Claim(m.ORGANISATION, "The Iron Company", a),
        Claim(m.ORGANISATION, "Cattlemen's Union", b),
    ]
    disputed = {"year", "crew:cinematographer"}
    return build_film(
        "iron-meadow", "Iron Meadow", ["Iron Meadow"], claims, disputed, ["011_iron_a.txt", "012_iron_b.txt"]
    )


def glass_orbit() -> Film:
    s = Source("013_orbit.txt", 100, 180)
    claims = [
        Claim(m.YEAR, "2015", s),
        Claim(m.RUNTIME, "128", s),
        Claim(m.GENRE, "Science Fiction", s),
        Claim(m.GENRE, "Thriller", s),
        person(m.DIRECTOR, "Pia Long", s),
        person(m.DIRECTOR, "Rob Long", s),
        person(m.CAST, "Ivy Stone", s, "Commander Vega"),
        person(m.CAST, "Kai Moss", s, "Dr. Orin"),
        person(m.CAST, "Lu Chen", s, "AI-7"),
        person(m.CREW, "Otto Brandt", s, "composer"),
        person(m.CREW, "Sara Bell", s, "editor"),
        person(m.CREW, "Dee Knox", s, "stunt coordinator"),
        Claim(m.TAGLINE, "Space is quiet. So is fear.", s),
        Claim(m.TAGLINE, "One ship. One chance.", s),
        Claim(m.PLACE, "Europa", s),
        Claim(m.PLACE, "Titan Station", s),
        Claim(m.ORGANISATION, "Orbital Authority", s),
        Claim(m.ORGANISATION, "Europa Mining Corp", s),
    ]
    return build_film("glass-orbit", "Glass Orbit", ["Glass Orbit"], claims, set(), ["013_orbit.txt"])


def paper_tide() -> Film:
    """A film with little more than a director: one more director for directors' wrong choices."""
    s = Source("014_tide.txt", 0, 30)
    claims = [Claim(m.YEAR, "1976", s), person(m.DIRECTOR, "Noor Haddad", s), person(m.CREW, "Bo Lund", s, "editor")]
    return build_film("paper-tide", "Paper Tide", ["Paper Tide"], claims, set(), ["014_tide.txt"])


def catalog() -> list[Film]:
    return [harbour_lights(), iron_meadow(), glass_orbit(), paper_tide()]


def film_by_slug(films: Sequence[Film]) -> dict[str, Film]:
    return {f.slug: f for f in films}


@pytest.fixture(scope="module")
def questions() -> list[bank.Question]:
    return bank.generate_questions(catalog())


def of(questions: Sequence[bank.Question], kind: str, slug: str | None = None) -> list[bank.Question]:
    return [q for q in questions if q.kind == kind and (slug is None or q.film_slug == slug)]


# -- every template ----------------------------------------------------------------------------


def test_every_template_makes_questions(questions: list[bank.Question]) -> None:
    assert {q.kind for q in questions} == set(bank.KINDS)


@pytest.mark.parametrize(
    ("kind", "slug", "prompt", "answer"),
    [
        (bank.DIRECTOR, "harbour-lights", "Who directed “Harbour Lights”?", "Mara Quill"),
        (bank.DIRECTOR, "glass-orbit", "Which of these co-directed “Glass Orbit”?", "Pia Long"),
        (bank.PLAYED_BY, "harbour-lights", "Who plays Captain Hale in “Harbour Lights”?", "Tom Reyes"),
        (bank.PLAYS, "glass-orbit", "Which character does Kai Moss play in “Glass Orbit”?", "Dr. Orin"),
        (bank.CREW, "harbour-lights", "Who was the cinematographer of “Harbour Lights”?", "Lena Park"),
        (bank.CREW, "harbour-lights", "Who composed the score of “Harbour Lights”?", "Otto Brandt"),
        (bank.CREW, "glass-orbit", "Who was the stunt coordinator of “Glass Orbit”?", "Dee Knox"),
        (bank.CREW, "glass-orbit", "Who edited “Glass Orbit”?", "Sara Bell"),
        (bank.GENRE, "harbour-lights", "Which of these is one of the genres of “Harbour Lights”?", "Drama"),
        (bank.YEAR, "harbour-lights", "In which year was “Harbour Lights” released?", "1998"),
        (bank.RUNTIME, "iron-meadow", "How long is “Iron Meadow”?", "95 minutes"),
        (
            bank.TAGLINE,
            "harbour-lights",
            "Complete the tagline of “Harbour Lights”: “Every light leads home. …”",
            "Some lead further.",
        ),
        (bank.PLACE, "glass-orbit", "Which of these places is part of the story of “Glass Orbit”?", "Europa"),
        (
            bank.ORGANISATION,
            "iron-meadow",
            "Which of these organisations appears in “Iron Meadow”?",
            "The Iron Company",
        ),
    ],
)
def test_template(questions: list[bank.Question], kind: str, slug: str, prompt: str, answer: str) -> None:
    matching = [q for q in of(questions, kind, slug) if q.prompt == prompt and q.answer == answer]
    assert len(matching) == 1, [(q.prompt, q.answer) for q in of(questions, kind, slug)]


def test_every_question_is_well_formed(questions: list[bank.Question]) -> None:
    films = film_by_slug(catalog())
    assert len({q.id for q in questions}) == len(questions)
    for q in questions:
        film = films[q.film_slug or ""]
        assert f"“{film.title}”" in q.prompt, "the question names its film"
        assert len(q.choices) == CHOICE_COUNT
        assert q.choices.count(q.answer) == 1
        assert all(c.strip() for c in q.choices)
        assert len({fold(c) for c in q.choices}) == CHOICE_COUNT, "no duplicate choices"
        assert q.difficulty in DIFFICULTIES
        assert q.document in film.documents
        assert q.span_start is not None
        assert q.span_end is not None
        assert q.span_start <= q.span_end
        assert q.source_label is not None
        assert q.source_label.startswith("review ")


def test_source_is_the_fact_s_document(questions: list[bank.Question]) -> None:
    year = of(questions, bank.YEAR, "harbour-lights")[0]
    assert (year.document, year.span_start, year.span_end) == ("010_harbour.txt", 0, 40)
    who = next(q for q in of(questions, bank.PLAYED_BY, "harbour-lights") if q.answer == "Tom Reyes")
    assert (who.document, who.span_start) == ("010_harbour.txt", 41)
    assert who.source_label == "review 010"


# -- distractors ---------------------------------------------------------------------------------


def distractors(q: bank.Question) -> list[str]:
    return [c for c in q.choices if c != q.answer]


def test_distractors_are_of_the_answer_s_kind(questions: list[bank.Question]) -> None:
    films = catalog()
    actors = {fold(c.person) for f in films for c in f.cast}
    roles = {fold(c.role) for f in films for c in f.cast if c.role}
    genres = {fold(v.value) for f in films for v in f.genres.values}
    places = {fold(v.value) for f in films for v in f.places}
    organisations = {fold(v.value) for f in films for v in f.organisations}
    directors = {fold(c.person) for f in films for c in f.directors}
    crew = {fold(c.person) for f in films for c in f.crew}
    pools = {
        bank.DIRECTOR: directors,
        bank.CREW: crew,
        bank.PLAYED_BY: actors,
        bank.PLAYS: roles,
        bank.GENRE: genres,
        bank.PLACE: places,
        bank.ORGANISATION: organisations,
    }
    for q in questions:
        if q.kind in pools:
            assert {fold(d) for d in distractors(q)} <= pools[q.kind], (q.prompt, q.choices)


def test_no_wrong_choice_is_credited_on_the_film_in_another_job(questions: list[bank.Question]) -> None:
    films = film_by_slug(catalog())
    for q in questions:
        if q.kind not in (bank.DIRECTOR, bank.CREW, bank.PLAYED_BY):
            continue
        film = films[q.film_slug or ""]
        jobs = {
            bank.DIRECTOR: [*film.cast, *film.crew],
            bank.PLAYED_BY: [*film.directors, *film.crew],
            bank.CREW: [*film.directors, *film.cast, *(c for c in film.crew if c.person != q.answer)],
        }
        in_other_jobs = {fold(c.person) for c in jobs[q.kind]} - {fold(q.answer)}
        if q.kind == bank.CREW:  # the same job's other people are true answers, already never offered
            in_other_jobs = {fold(c.person) for c in jobs[q.kind]}
        assert not {fold(d) for d in distractors(q)} & in_other_jobs, (q.prompt, q.choices)


def test_distractors_are_never_true(questions: list[bank.Question]) -> None:
    films = film_by_slug(catalog())
    for q in questions:
        film = films[q.film_slug or ""]
        wrong = {fold(d) for d in distractors(q)}
        if q.kind == bank.GENRE:
            assert not wrong & {fold(v.value) for v in film.genres.values}
        if q.kind == bank.PLACE:
            assert not wrong & {fold(v.value) for v in film.places}
        if q.kind == bank.ORGANISATION:
            assert not wrong & {fold(v.value) for v in film.organisations}
        if q.kind == bank.DIRECTOR:
            assert not wrong & {fold(c.person) for c in film.directors}


def test_who_plays_never_offers_another_actor_of_the_same_character(questions: list[bank.Question]) -> None:
    nora = [q for q in of(questions, bank.PLAYED_BY, "harbour-lights") if "Nora Hale" in q.prompt]
    assert {(q.prompt, q.answer) for q in nora} == {
        ("Who plays Nora Hale in “Harbour Lights”?", "Ivy Stone"),
        ("Who plays Nora Hale (young) in “Harbour Lights”?", "Ana Bright"),
    }
    for q in nora:
        assert not {"Ivy Stone", "Ana Bright"} <= set(q.choices)


def test_character_question_prefers_the_film_s_other_characters(questions: list[bank.Question]) -> None:
    q = next(q for q in of(questions, bank.PLAYS, "glass-orbit") if q.answer == "AI-7")
    assert set(distractors(q)) >= {"Commander Vega", "Dr. Orin"}


def test_crew_question_prefers_the_same_job(questions: list[bank.Question]) -> None:
    q = next(q for q in of(questions, bank.CREW, "harbour-lights") if q.answer == "Lena Park")
    assert "Hugo Lind" in q.choices  # the other cinematographer in the catalog


def test_years_and_runtimes_are_near(questions: list[bank.Question]) -> None:
    for q in of(questions, bank.YEAR):
        answer = int(q.answer)
        assert all(0 < abs(int(d) - answer) <= 4 for d in distractors(q))
    for q in of(questions, bank.RUNTIME):
        answer = int(q.answer.split()[0])
        assert all(0 < abs(int(d.split()[0]) - answer) <= 20 for d in distractors(q))
        assert all(c.endswith(" minutes") for c in q.choices)


def test_pick_distractors_rules() -> None:
    picked = bank.pick_distractors(
        "q1", "Ana Bright", [["Ana Bright", "ana bright", "Bright", "", "Zed"], ["Yo", "Zed"]]
    )
    assert picked is None  # only two usable values: "Zed", "Yo"
    picked = bank.pick_distractors("q1", "Ana Bright", [["ANA BRIGHT", "Bright", "A", "B"], ["C", "D"]], ["Ivy"])
    assert picked is not None
    assert set(picked) <= {"A", "B", "C", "D"}
    assert set(picked) >= {"A", "B"}, "the first tier is used first"


def test_small_catalog_skips_what_it_cannot_fill() -> None:
    """One film alone: no other genres, places or taglines exist, so none of those questions;
    years and runtimes can still get nearby values."""
    questions = bank.generate_questions([harbour_lights()])
    kinds = {q.kind for q in questions}
    # no other director exists, and the film's own crew is never offered as one
    assert {bank.GENRE, bank.PLACE, bank.ORGANISATION, bank.TAGLINE, bank.DIRECTOR}.isdisjoint(kinds)
    assert {bank.YEAR, bank.RUNTIME, bank.PLAYED_BY} <= kinds


def test_too_few_people_means_no_people_questions() -> None:
    s = Source("020_tiny.txt", 0, 5)
    claims = [person(m.DIRECTOR, "One Person", s), person(m.CAST, "Two Person", s, "Hero"), Claim(m.YEAR, "1990", s)]
    film = build_film("tiny", "Tiny", ["Tiny"], claims, set(), ["020_tiny.txt"])
    assert {q.kind for q in bank.generate_questions([film])} == {bank.YEAR}


# -- disputed facts ---------------------------------------------------------------------------------


def test_disputed_facts_never_become_questions(questions: list[bank.Question]) -> None:
    iron = of(questions, bank.YEAR, "iron-meadow")
    assert iron == []
    crew = of(questions, bank.CREW, "iron-meadow")
    assert {q.answer for q in crew} == {"Mira Sol"}, "the disputed cinematographer is not asked"
    assert of(questions, bank.RUNTIME, "iron-meadow"), "an undisputed field of the same film still is"


@pytest.mark.parametrize("key", ["director", "cast", "genre", "runtime", "tagline", "place", "organisation"])
def test_a_disputed_field_makes_no_question(key: str) -> None:
    disputed = harbour_lights(frozenset({key}))
    kinds = {
        q.kind
        for q in bank.generate_questions([disputed, iron_meadow(), glass_orbit()])
        if q.film_slug == disputed.slug
    }
    expected_gone = {
        "director": {bank.DIRECTOR},
        "cast": {bank.PLAYED_BY, bank.PLAYS},
        "genre": {bank.GENRE},
        "runtime": {bank.RUNTIME},
        "tagline": {bank.TAGLINE},
        "place": {bank.PLACE},
        "organisation": {bank.ORGANISATION},
    }[key]
    assert kinds.isdisjoint(expected_gone)
    assert kinds, "the film's other facts still make questions"


def test_a_disputed_credit_makes_no_question() -> None:
    film = harbour_lights()
    crew = tuple(replace(c, disputed=True) if c.person == "Otto Brandt" else c for c in film.crew)
    questions = bank.generate_questions([replace(film, crew=crew), iron_meadow(), glass_orbit()])
    assert "Otto Brandt" not in {q.answer for q in questions if q.film_slug == "harbour-lights"}


def test_giveaway_answers_are_skipped() -> None:
    s = Source("021_giveaway.txt", 0, 5)
    claims = [
        person(m.CAST, "Dan Roe", s, "Captain Hale"),
        person(m.CAST, "Eve Poe", s, "Mate"),
        person(m.CAST, "Fay Loe", s, "Cook"),
        person(m.CAST, "Gus Hoe", s, "Boy"),
        Claim(m.YEAR, "1977", s),
    ]
    film = build_film("captain-hale-1977", "Captain Hale (1977)", [], claims, set(), ["021_giveaway.txt"])
    questions = bank.generate_questions([film])
    assert not [q for q in questions if q.kind == bank.PLAYS and q.answer == "Captain Hale"]
    assert not of(questions, bank.YEAR), "the title already gives the year"


@pytest.mark.parametrize(
    ("tagline", "split"),
    [
        ("Grace in motion. Death in silence.”", ("Grace in motion.", "Death in silence.")),
        ("No law. No mercy. No way back.", ("No law. No mercy.", "No way back.")),
        ("The sea remembers, the sea forgives.", ("The sea remembers,", "the sea forgives.")),
        ("One man — one war", ("One man", "one war")),
        ("Some doors should stay closed forever", ("Some doors should", "stay closed forever")),
        ("Run.", None),
    ],
)
def test_split_tagline(tagline: str, split: tuple[str, str] | None) -> None:
    assert bank.split_tagline(tagline) == split


# -- determinism ------------------------------------------------------------------------------------


def test_same_catalog_same_questions() -> None:
    first = bank.generate_questions(catalog())
    again = bank.generate_questions(catalog())
    reordered = bank.generate_questions(list(reversed(catalog())))
    assert first == again == reordered


def test_ids_hash_film_kind_and_subject(questions: list[bank.Question]) -> None:
    year = of(questions, bank.YEAR, "harbour-lights")[0]
    assert year.id == stable_id("harbour-lights", bank.YEAR, "")
    director = of(questions, bank.DIRECTOR, "harbour-lights")[0]
    assert director.id == stable_id("harbour-lights", bank.DIRECTOR, "mara quill")


def test_a_change_elsewhere_keeps_unrelated_ids() -> None:
    before = {q.id for q in bank.generate_questions(catalog())}
    after = {q.id for q in bank.generate_questions([*catalog()[:2]])}
    assert after <= before


async def test_bank_round_trips_through_the_store(store_target: str | Path) -> None:
    rows = bank.build_bank(catalog())
    db = await open_store(store_target)
    try:
        await catalog_repo.replace_catalog(db, [], [], rows)
        stored = await catalog_repo.questions(db)
        assert stored == sorted(rows, key=lambda r: r.id)
        assert await catalog_repo.questions(db, film_slug="glass-orbit") == [
            r for r in sorted(rows, key=lambda r: r.id) if r.film_slug == "glass-orbit"
        ]
    finally:
        await db.close()
