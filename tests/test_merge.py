"""Merging documents into films: titles, people, characters, disputes, slugs."""

from __future__ import annotations

from pathlib import Path

from bot import model as m
from bot.ingest.extract import DocumentExtraction, extract_document
from bot.ingest.merge import merge_films
from bot.model import Claim, MergedFilm, Source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "documents"
DATA = Path(__file__).resolve().parent / "data"


def merge_folder(folder: Path) -> list[MergedFilm]:
    paths = sorted(folder.glob("*.txt"))
    return merge_films([extract_document(p.name, p.read_text(encoding="utf-8")) for p in paths])


def merge_texts(*docs: tuple[str, str]) -> list[MergedFilm]:
    return merge_films([extract_document(name, text) for name, text in docs])


def by_slug(films: list[MergedFilm]) -> dict[str, MergedFilm]:
    return {film.slug: film for film in films}


def claims(film: MergedFilm, field: str, role: str | None = None) -> list[tuple[str, str]]:
    """(value, source label) of a film's claims of one field (and crew job)."""
    return [(c.value, c.source.label) for c in film.claims if c.field == field and (role is None or c.role == role)]


# --- the seeds ------------------------------------------------------------------------------


def test_seeds_are_one_film() -> None:
    films = merge_folder(SEEDS)
    assert [f.slug for f in films] == ["ballerina"]
    film = films[0]
    assert film.title == "Ballerina"
    assert "Ballerina: A John Wick Story" in film.variants
    assert film.documents == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_seed_disputes_keep_every_source() -> None:
    film = merge_folder(SEEDS)[0]
    assert film.disputed == ("crew:cinematographer", m.YEAR)
    assert sorted(claims(film, m.YEAR)) == [("2024", "review 000"), ("2025", "review 001")]
    assert sorted(claims(film, m.CREW, "cinematographer")) == [
        ("Dan Laustsen", "review 002"),
        ("Paul Cameron", "review 000"),
    ]
    assert sorted(claims(film, m.CREW, "composer")) == [
        ("Marco Beltrami", "review 000"),
        ("Marco Beltrami", "review 002"),
    ]
    assert {label for _, label in claims(film, m.DIRECTOR)} == {"review 000", "review 002"}


def test_seed_people_and_characters_have_one_spelling() -> None:
    film = merge_folder(SEEDS)[0]
    people = {c.person for c in film.claims if c.person}
    assert "Ana de Armas" in people and not any(p in people for p in ("de Armas", "Armas", "Wiseman"))
    characters = {c.value for c in film.claims if c.field == m.CHARACTER}
    assert "The Director" in characters and "the Director" not in characters
    roles = {(c.person, c.role) for c in film.claims if c.field == m.CAST}
    assert ("Anjelica Huston", "The Director") in roles and ("Anjelica Huston", "the Director") not in roles


# --- tests/data -------------------------------------------------------------------------------


def test_subtitle_and_short_title_merge() -> None:
    films = by_slug(merge_folder(DATA))
    assert sorted(films) == ["glass-harbor", "neon-requiem", "the-copper-saints", "winter-orchard"]
    harbor = films["glass-harbor"]
    assert harbor.title == "Glass Harbor"
    assert harbor.variants == ["Glass Harbor: The Lantern Keeper", "Glass Harbor"]
    assert harbor.documents == ["100_glass_harbor_header.txt", "101_glass_harbor_prose.txt"]


def test_disputes_across_documents() -> None:
    films = by_slug(merge_folder(DATA))
    harbor = films["glass-harbor"]
    assert harbor.disputed == ("crew:composer", m.YEAR)  # 2023 vs 2024; Yuki Tanaka vs Arvo Lind
    assert sorted(claims(harbor, m.CREW, "composer")) == [("Arvo Lind", "review 101"), ("Yuki Tanaka", "review 100")]
    assert len(claims(harbor, m.CREW, "cinematographer")) == 2  # Henrik Dahl in both: no dispute
    requiem = films["neon-requiem"]
    assert requiem.disputed == ("crew:cinematographer",)  # Iris Fontaine vs Jae-won Lim; one year only
    assert films["winter-orchard"].disputed == ()


def test_same_document_duplicates_do_not_dispute() -> None:
    films = merge_texts(
        ("a.txt", "Blue Static (2010)\n\nCinematographer: Ada Ring\n\nCinematographer Ada Ring frames it well.\n"),
    )
    assert films[0].disputed == ()
    assert len(claims(films[0], m.CREW)) == 1


# --- names across documents -------------------------------------------------------------------


def test_surname_resolves_from_another_document() -> None:
    films = merge_texts(
        ("1.txt", "Salt Road (2015)\n\nDirector: Mira Kaldor\nStarring: Jon Ekberg\n\nA tense, spare thriller.\n"),
        (
            "2.txt",
            "Salt Road (2015) is a tense thriller. Kaldor directs it briskly, and Ekberg plays Tom Reyes, a drifter.\n",
        ),
    )
    (film,) = films
    assert {c.value for c in film.claims if c.field == m.DIRECTOR} == {"Mira Kaldor"}
    assert ("Jon Ekberg", "Tom Reyes", "review 2") in {
        (c.person, c.role, c.source.label) for c in film.claims if c.field == m.CAST
    }


def test_unresolvable_surname_is_dropped() -> None:
    (film,) = merge_texts(("1.txt", "Salt Road (2015) is a tense thriller. Kaldor directs it briskly.\n"))
    assert not [c for c in film.claims if c.field == m.DIRECTOR]


def test_characters_match_case_insensitively() -> None:
    (film,) = merge_texts(
        ("1.txt", "Glass Oath (2012)\n\nStarring: Ida Moor\n\nIda Moor returns as the Warden, cold as ever.\n"),
        ("2.txt", "Glass Oath (2012) is a prison drama. Ida Moor plays The Warden with menace.\n"),
    )
    assert {c.value for c in film.claims if c.field == m.CHARACTER} == {"The Warden"}


# --- same titles, different films -------------------------------------------------------------


def test_same_title_different_directors_stay_apart() -> None:
    films = merge_texts(
        ("1.txt", "Night Harvest (1984)\n\nDirector: Paul Brandt\n\nA rural horror classic.\n"),
        ("2.txt", "Night Harvest (2021)\n\nDirector: Lena Okafor\n\nA slick remake.\n"),
        ("3.txt", "Night Harvest (2021) is a horror film. Directed by Lena Okafor, it is slick.\n"),
    )
    assert [(f.slug, f.documents) for f in films] == [
        ("night-harvest-1984", ["1.txt"]),
        ("night-harvest-2021", ["2.txt", "3.txt"]),
    ]


def test_same_title_without_evidence_merges() -> None:
    films = merge_texts(
        ("1.txt", "Night Harvest (2021)\n\nDirector: Lena Okafor\n\nA slick remake.\n"),
        ("2.txt", "Night Harvest\nGenre: Horror\nA slick remake with great scares.\n"),
    )
    assert [f.slug for f in films] == ["night-harvest"]


def test_two_subtitles_do_not_both_join_the_bare_title() -> None:
    films = merge_texts(
        ("1.txt", "Ember: Part One (2030)\n\nDirector: Ada Quill\n\nThe saga begins.\n"),
        ("2.txt", "Ember: Part Two (2032)\n\nDirector: Ada Quill\n\nThe saga ends.\n"),
        ("3.txt", "Ember (2032) is a fantasy epic. Directed by Ada Quill, it ends the saga.\n"),
    )
    assert len(films) == 2
    assert sorted(len(f.documents) for f in films) == [1, 2]


def test_merge_is_deterministic() -> None:
    assert merge_folder(DATA) == merge_folder(DATA)
    assert merge_folder(SEEDS) == merge_folder(SEEDS)


def test_subtitle_chains_end_in_one_film() -> None:
    films = merge_texts(
        ("1.txt", "Ember: Part One – Ash (2030)\n\nDirector: Ada Quill\n\nThe saga begins.\n"),
        ("2.txt", "Ember: Part One (2030)\n\nDirector: Ada Quill\n\nThe saga begins.\n"),
        ("3.txt", "Ember (2030) is a fantasy epic. Directed by Ada Quill, it begins the saga.\n"),
    )
    assert [(f.slug, f.title, f.documents) for f in films] == [("ember", "Ember", ["1.txt", "2.txt", "3.txt"])]


def test_subtitle_of_a_different_film_stays_apart() -> None:
    films = merge_texts(
        ("1.txt", "Night Signal: The Return (2023)\n\nDirector: Chris Mael\n\nA spy film.\n"),
        ("2.txt", "Night Signal (1996)\n\nDirector: Brian Palo\n\nA spy film.\n"),
    )
    assert [f.slug for f in films] == ["night-signal", "night-signal-the-return"]


def test_a_remake_arriving_later_does_not_take_the_reviewed_films_slug() -> None:
    from bot.ingest.pipeline import ingest_texts

    original = (
        "310_original.txt",
        "Quiet Harbour (1987)\n\nGenre: Drama\nDirector: Ida Brenner\nStarring: Ola Nyberg, Kari Dahl\n\n"
        "Quiet Harbour is a slow, tender drama about a lighthouse keeper.\n",
    )
    remake = (
        "311_remake.txt",
        "Quiet Harbour (2031)\n\nGenre: Thriller\nDirector: Marco Ventresca\nStarring: Lia Sorel, Tomas Vidal\n\n"
        "Quiet Harbour reimagines the story as a tense thriller.\n",
    )
    alone = ingest_texts([original])
    assert [f.slug for f in alone.films] == ["quiet-harbour"]

    fresh = ingest_texts([original, remake])  # no history: both films get their year
    assert sorted(f.slug for f in fresh.films) == ["quiet-harbour-1987", "quiet-harbour-2031"]

    previous = {d.name: d.film_slug for d in alone.documents if d.film_slug}
    reloaded = ingest_texts([original, remake], previous)
    slugs = {f.documents[0]: f.slug for f in reloaded.films}
    assert slugs == {"310_original.txt": "quiet-harbour", "311_remake.txt": "quiet-harbour-2031"}


def test_a_title_ending_in_its_own_separator_is_not_its_own_subtitle() -> None:
    """ "Foo:" folds like "Foo": a cluster never becomes its own base (that looped forever)."""
    extractions = [
        DocumentExtraction("a.txt", "Tidewater:", (Claim(m.TITLE, "Tidewater:", Source("a.txt", 0, 10)),)),
        DocumentExtraction("b.txt", "Low Field", (Claim(m.TITLE, "Low Field", Source("b.txt", 0, 9)),)),
    ]
    assert sorted(film.title for film in merge_films(extractions)) == ["Low Field", "Tidewater:"]
