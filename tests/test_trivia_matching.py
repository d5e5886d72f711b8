"""Typed-answer matching: properties (hypothesis) and the cases players actually type."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.trivia.matching import is_match, normalise, typo_allowance

LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
WORDS = st.lists(LETTERS, min_size=1, max_size=4).map(" ".join)
ANY_TEXT = st.text(max_size=40)


@given(ANY_TEXT)
def test_an_answer_always_matches_itself(answer: str) -> None:
    assume(answer.strip())
    assert is_match(answer, [answer])


@given(WORDS)
def test_case_spacing_and_punctuation_do_not_matter(answer: str) -> None:
    assert is_match(answer.upper(), [answer])
    assert is_match(f"  {answer.title()}!  ", [answer])
    assert is_match(answer.replace(" ", " - "), [answer])
    assert is_match(f"«{answer}»?", [answer])


@given(WORDS)
def test_accents_do_not_matter(answer: str) -> None:
    accented = "".join(ch + "\u0301" if ch in "aeiou" else ch for ch in answer)
    assert is_match(unicodedata.normalize("NFC", accented), [answer])
    assert is_match(answer, [unicodedata.normalize("NFC", accented)])


@given(WORDS, st.data())
def test_one_typo_is_forgiven_in_a_long_enough_answer(answer: str, data: st.DataObject) -> None:
    assume(len(answer) >= 4)
    index = data.draw(st.integers(0, len(answer) - 1))
    assume(answer[index] != " ")
    replacement = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    typo = answer[:index] + replacement + answer[index + 1 :]
    # Not a typo that makes an article or a number word ("tha" -> "the"): those change the words.
    assume(normalise(typo) == typo and normalise(answer) == answer)
    assert is_match(typo, [answer])


@given(WORDS)
def test_a_guess_far_from_the_answer_never_matches(answer: str) -> None:
    wrong = "".join("x" if ch != "x" else "y" for ch in answer.replace(" ", ""))
    assume(len(answer.replace(" ", "")) > typo_allowance(len(answer)))
    assert not is_match(wrong, [answer])


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_numbers_must_be_exact(n: int, m: int) -> None:
    assume(n != m)
    assert not is_match(str(n), [str(m)])
    assert not is_match(f"Apollo {n}", [f"Apollo {m}"])
    assert is_match(f"Apollo {n}", [f"apollo {n}"])


@given(ANY_TEXT)
def test_blank_guesses_never_match(answer: str) -> None:
    assert not is_match("", [answer])
    assert not is_match("   \t", [answer])


@given(ANY_TEXT, ANY_TEXT)
def test_normalise_is_idempotent_and_matching_never_crashes(a: str, b: str) -> None:
    assert normalise(normalise(a)) == normalise(a)
    is_match(a, [b])


@pytest.mark.parametrize(
    ("guess", "answers"),
    [
        ("spielberg", ["Steven Spielberg", "Spielberg"]),
        ("Steven Speilberg", ["Steven Spielberg"]),  # swapped letters
        ("godfather", ["The Godfather"]),
        ("Zoe Saldana", ["Zoë Saldaña"]),
        ("spider man", ["Spider-Man"]),
        ("Se7en", ["Se7en"]),
        ("seven samurai", ["7 Samurai"]),
        ("HAL", ["HAL 9000", "HAL"]),
        ("?!", ["?!"]),
    ],
)
def test_accepted(guess: str, answers: list[str]) -> None:
    assert is_match(guess, answers)


@pytest.mark.parametrize(
    ("guess", "answers"),
    [
        ("1995", ["1994"]),
        ("Apollo 12", ["Apollo 13"]),
        ("HAL", ["HAL 9000"]),
        ("Up", ["Us"]),  # too short for a typo
        ("Spielberg Lucas Coppola", ["Spielberg"]),  # naming several is not an answer
        ("Jaws 2", ["Jaws"]),
        ("!", ["?!"]),
    ],
)
def test_refused(guess: str, answers: list[str]) -> None:
    assert not is_match(guess, answers)
