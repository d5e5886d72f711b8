"""Full names (`bot.ingest.fullnames`): a surname alone is the full name the document writes, anywhere in it.

Invented names throughout.
"""

from __future__ import annotations

from bot import model as m
from bot.ingest.extract import extract_document
from bot.ingest.fullnames import full_name_in_text


def test_a_surname_takes_the_full_name_written_in_any_sentence() -> None:
    text = "# Salt Lanterns\n\nIlse Varga spent a decade writing for others. Varga's script is tight.\n"
    claims = extract_document("t.md", text).claims
    assert {(c.field, c.value, c.role) for c in claims if c.field == m.CREW} == {(m.CREW, "Ilse Varga", "writer")}


def test_two_full_names_with_that_surname_resolve_to_neither() -> None:
    text = "Ilse Varga and her brother Tomas Varga run the studio. Varga wrote it."
    assert full_name_in_text(text, "Varga", set()) is None


def test_a_surname_inside_a_longer_word_or_a_characters_name_is_not_used() -> None:
    assert full_name_in_text("Today Mara Dayton left. Day one.", "Day", set()) is None
    assert full_name_in_text("Hedda Lind waits. Lind is superb.", "Lind", {"hedda lind"}) is None
    assert full_name_in_text("With Ana de la Cruz in the lead. Cruz is great.", "Cruz", set()) == "Ana de la Cruz"
