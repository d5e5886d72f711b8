"""bench/extraction.py scores what the real pipeline reads against gold files (invented films)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import extraction  # noqa: E402 - the bench script, imported as a module

FIXTURE = Path(__file__).resolve().parent / "eval_fixture"


def test_the_fixture_half_scores_every_fact() -> None:
    report = extraction.evaluate(FIXTURE)
    assert report.documents == 2
    total = report.total
    assert total.wrong == 0, report.wrong
    assert total.found == total.gold - len(report.missed)
    assert report.fields["title"].found == 2
    assert report.fields["crew"].recall == pytest.approx(1.0)


def test_a_fact_the_gold_lacks_is_a_wrong_fact_with_its_source(tmp_path: Path) -> None:
    (tmp_path / "001_tide.md").write_text(
        "Tidewater (2017)\nDirector: Oona Pratt\nRuntime: 101 min\n\nA slow drama.\n", encoding="utf-8"
    )
    (tmp_path / "001_tide.gold.yaml").write_text(
        "style: credit-block\nfilm: Tidewater\nfacts:\n  year: '2017'\n  director: [Oona Pratt]\n"
        "  cast:\n    - {actor: Ty Roe, character: Mira}\n",
        encoding="utf-8",
    )
    report = extraction.evaluate(tmp_path)
    assert any("runtime '101'" in line and "101 min" in line for line in report.wrong)
    assert any("cast 'Ty Roe as Mira'" in line for line in report.missed)
    assert report.fields["director"].precision == 1.0
    assert report.styles["credit-block"].gold == 4  # title, year, director, cast


def test_characters_match_by_their_own_first_or_last_words() -> None:
    assert extraction.same_cast(("a b", "rick deckard"), ("a b", "deckard"))
    assert not extraction.same_cast(("a b", "rick deckard"), ("a b", "roy batty"))
    assert extraction.fold_role("Dr. Alan Grant") == "alan grant"
