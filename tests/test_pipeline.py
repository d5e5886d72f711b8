"""The ingest pipeline: files and directories in, films, records and problems out."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import model as m
from bot.ingest.pipeline import format_report, ingest_paths, ingest_texts
from bot.model import IngestResult, MergedFilm

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "documents"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def seeds() -> IngestResult:
    return ingest_paths([SEEDS])


def cast(film: MergedFilm) -> set[tuple[str | None, str | None, str | None]]:
    return {(c.person, c.role, c.note) for c in film.claims if c.field == m.CAST}


def field_values(film: MergedFilm, field: str) -> set[str]:
    return {c.value for c in film.claims if c.field == field}


# --- the bundled corpus ---------------------------------------------------------------------


def test_seed_corpus_is_one_film(seeds: IngestResult) -> None:
    assert not seeds.problems
    (film,) = seeds.films
    assert (film.slug, film.title) == ("ballerina", "Ballerina")
    assert "Ballerina: A John Wick Story" in film.variants
    assert [(r.name, r.film_slug) for r in seeds.documents] == [
        (p.name, "ballerina") for p in sorted(SEEDS.glob("*.txt"))
    ]


def test_seed_corpus_film_facts(seeds: IngestResult) -> None:
    film = seeds.films[0]
    years = {(c.value, c.source.label) for c in film.claims if c.field == m.YEAR}
    assert years == {("2024", "review 000"), ("2025", "review 001")}
    assert film.disputed == ("crew:cinematographer", m.YEAR)
    assert field_values(film, m.DIRECTOR) == {"Len Wiseman"}
    assert field_values(film, m.RUNTIME) == {"123"}
    assert field_values(film, m.RELEASE_DATE) == {"2024-06-07"}
    assert field_values(film, m.GENRE) == {"Action", "Thriller", "Crime"}
    assert field_values(film, m.COUNTRY) == {"United States"}
    assert field_values(film, m.TAGLINE) == {
        "Grace in motion. Death in silence.",
        "Every step is a choice. Every kill, a memory.",
    }
    assert {(c.value, c.source.label) for c in film.claims if c.field == m.RATING} == {("9/10", "review 002")}


def test_seed_corpus_cast_and_crew(seeds: IngestResult) -> None:
    film = seeds.films[0]
    people = cast(film)
    assert {
        ("Ana de Armas", "Rooney", None),
        ("Anjelica Huston", "The Director", None),
        ("Gabriel Byrne", "Marius Kravchenko", None),
        ("Keanu Reeves", "John Wick", None),
        ("Keanu Reeves", None, "cameo"),
    } <= people
    assert {"Ian McShane", "Norman Reedus", "Catalina Sandino Moreno"} <= {p for p, _, _ in people}
    crew = {(c.person, c.role, c.source.label) for c in film.claims if c.field == m.CREW}
    assert {
        ("Paul Cameron", "cinematographer", "review 000"),
        ("Dan Laustsen", "cinematographer", "review 002"),
        ("Marco Beltrami", "composer", "review 000"),
        ("Marco Beltrami", "composer", "review 002"),
        ("Jonathan Eusebio", "stunt coordinator", "review 002"),
    } <= crew


def test_seed_corpus_story(seeds: IngestResult) -> None:
    film = seeds.films[0]
    assert {
        "Ruska Roma",
        "High Table",
        "The Silk Syndicate",
        "The Ashen Circle",
        "The Vantablack Room",
    } <= field_values(film, m.ORGANISATION)
    assert field_values(film, m.PLACE) == {"Prague", "Morocco", "Tokyo"}
    assert {"Rooney", "The Director", "Marius Kravchenko", "John Wick"} <= field_values(film, m.CHARACTER)


def test_seed_corpus_advertising_is_ignored(seeds: IngestResult) -> None:
    text = (SEEDS / "002_f694eda31bb6ee61.txt").read_text(encoding="utf-8")
    spam = [
        (text.index("Putlocker"), text.index("HD Movie.") + len("HD Movie.")),
        (text.index("Ballerina is the movie in our"), text.index("collections.") + len("collections.")),
    ]
    assert all(film.title != "Demon Slayer" for film in seeds.films)
    for claim in seeds.films[0].claims:
        assert "Demon Slayer" not in claim.value and "Putlocker" not in claim.value
        if claim.source.document.startswith("002"):
            for start, end in spam:
                assert claim.source.end <= start or claim.source.start >= end, claim


# --- tests/data --------------------------------------------------------------------------------


def test_test_corpus_films() -> None:
    result = ingest_paths([DATA])
    assert not result.problems
    assert [f.slug for f in result.films] == ["glass-harbor", "neon-requiem", "the-copper-saints", "winter-orchard"]
    disputed = {f.slug: f.disputed for f in result.films}
    assert disputed["glass-harbor"] == ("crew:composer", m.YEAR)
    assert disputed["neon-requiem"] == ("crew:cinematographer",)
    assert len(result.documents) == 6


# --- reading files ---------------------------------------------------------------------------------


GOOD = "Quiet Harbour (2019)\n\nDirector: Ada Lind\n\nA calm, moving drama.\n"


def test_bad_documents_are_reported_and_the_rest_ingest(tmp_path: Path) -> None:
    (tmp_path / "01_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "02_empty.txt").write_bytes(b"")
    (tmp_path / "03_blank.md").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / "04_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "05_latin1.txt").write_bytes("Caf\xe9 Noir (2001)\n\nA film.\n".encode("latin-1"))
    (tmp_path / "06_no_film.txt").write_text("just some notes. nothing about any film here at all.\n", encoding="utf-8")
    (tmp_path / "07_ignored.json").write_text("{}", encoding="utf-8")

    result = ingest_paths([tmp_path])

    reasons = {p.name: p.reason for p in result.problems}
    assert set(reasons) == {"02_empty.txt", "03_blank.md", "04_binary.txt", "05_latin1.txt", "06_no_film.txt"}
    assert "empty" in reasons["02_empty.txt"] and "empty" in reasons["03_blank.md"]
    assert "binary" in reasons["04_binary.txt"]
    assert "UTF-8" in reasons["05_latin1.txt"] and "0xe9" in reasons["05_latin1.txt"]
    assert "no film" in reasons["06_no_film.txt"]
    (record,) = result.documents
    data = GOOD.encode("utf-8")
    assert (record.name, record.sha256, record.size, record.film_slug) == (
        "01_good.txt",
        hashlib.sha256(data).hexdigest(),
        len(data),
        "quiet-harbour",
    )
    assert [f.slug for f in result.films] == ["quiet-harbour"]


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    result = ingest_paths([tmp_path / "nope.txt"])
    assert [(p.name.endswith("nope.txt"), p.reason) for p in result.problems] == [(True, "not found")]


def test_files_and_directories_mix(tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    shutil.copy(SEEDS / "001_bb9047a7b38c5e54.txt", folder)
    single = tmp_path / "solo.md"
    single.write_text(GOOD, encoding="utf-8")
    result = ingest_paths([folder, single])
    assert [r.name for r in result.documents] == ["001_bb9047a7b38c5e54.txt", "solo.md"]
    assert [f.slug for f in result.films] == ["ballerina", "quiet-harbour"]


def test_texts_and_paths_agree() -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    from_texts = ingest_texts([(p.name, p.read_text(encoding="utf-8")) for p in paths])
    assert from_texts == ingest_paths([SEEDS])


def test_ingesting_twice_gives_equal_results() -> None:
    assert ingest_paths([SEEDS, DATA]) == ingest_paths([SEEDS, DATA])


def test_claim_order_is_stable(seeds: IngestResult) -> None:
    film = seeds.films[0]
    order = {name: n for n, name in enumerate(film.documents)}
    keys = [(order[c.source.document], c.source.start) for c in film.claims]
    assert keys == sorted(keys)


# --- the report ------------------------------------------------------------------------------------


def test_report(tmp_path: Path) -> None:
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, tmp_path)
    (tmp_path / "zz_empty.txt").write_text("", encoding="utf-8")
    result = ingest_paths([tmp_path])
    report = format_report(result)
    lines = report.splitlines()
    assert lines[0] == "Documents read: 4 (3 ingested, 1 with problems)"
    assert lines[1] == f"Films: 1 · people: {len(result.people)} · claims: {result.claim_count}"
    assert "  Ballerina [ballerina]: crew:cinematographer, year" in lines
    assert "  zz_empty.txt: empty document (nothing but whitespace)" in lines


def test_report_without_disputes_or_problems() -> None:
    report = format_report(ingest_texts([("a.txt", GOOD)]))
    assert "Disputed fields: none" in report
    assert "Problems" not in report


_DIGEST_OF_INGEST = """
import hashlib, pickle, sys
from pathlib import Path
from bench.corpus import generate
from bot.ingest.pipeline import ingest_paths, ingest_texts
folders = [Path(arg) for arg in sys.argv[1:]]
results = (ingest_paths(folders), ingest_texts(list(generate(200))))
print(hashlib.sha256(pickle.dumps(results)).hexdigest())
"""


def test_result_is_the_same_under_any_hash_seed() -> None:
    """The same documents give the same result byte for byte (its pickle), whatever PYTHONHASHSEED
    is: nothing of the result may follow the iteration order of a set."""
    folders = [str(SEEDS), str(DATA), str(ROOT / "bench" / "eval" / "tune"), str(ROOT / "tests" / "unseen")]
    digests = set()
    for seed in ("0", "3", "6", "17", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", _DIGEST_OF_INGEST, *folders],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1
