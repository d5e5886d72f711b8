"""Lower-case posts (`bot.ingest.names.recased`): names get the capitals the document gives them elsewhere.

Invented names throughout.
"""

from __future__ import annotations

from bot import model as m
from bot.ingest.extract import extract_document
from bot.ingest.names import recased


def test_a_lower_case_sentence_takes_the_capitals_written_elsewhere() -> None:
    text = "[gif: Mira Solberg at the wheel, waving at Hedda]\n\nmira solberg as hedda is everything. the end"
    out = recased(text, [(text.index("mira"), len(text))])
    assert out[text.index("mira") :] == "Mira Solberg as Hedda is everything. the end"
    assert len(out) == len(text)


def test_sentences_with_capitals_and_sentence_openers_are_left_alone() -> None:
    text = "The ferry leaves. Ferry rides are long.\n\nthe ferry is late"
    sentences = [(0, 17), (18, 39), (41, len(text))]
    assert recased(text, sentences) == text


def test_a_lower_case_thread_reads_its_cast() -> None:
    text = (
        "SALT LANTERNS (2019) dir. Ilse Varga\n\n"
        "[gif: Mira Solberg behind the wheel, laughing with Hedda]\n\n"
        "mira solberg as hedda lind. i will never be normal about this movie\n"
    )
    claims = extract_document("t.md", text).claims
    assert (m.CAST, "Mira Solberg", "Hedda") in {(c.field, c.value, c.role) for c in claims}
