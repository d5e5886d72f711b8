"""The typed-answer matcher: a table of guesses it must accept and must refuse."""

from __future__ import annotations

import pytest

from bot.trivia.matching import (
    GUESS_MAX_LENGTH,
    allowed_edits,
    compile_answers,
    key_of,
    surname_forms,
    title_forms,
    words_of,
)

CAST = ["Sigourney Weaver", "Tom Skerritt", "Veronica Cartwright", "Harry Dean Stanton", "Ian Holm"]
DUTCH = ["Famke van der Berg", "Joris Berg", "Lies de Vries"]
TITLES = [["Alien"], ["The Good, the Bad and the Ugly", "Il buono, il brutto, il cattivo"], ["Dune: Part Two"]]

# (answers, wrong choices, people of the film or None, guess, accepted?)
TABLE = [
    # short answers must be exact: no "chair" for "air", no "air" for "chair"
    (["Air"], [], None, "air", True),
    (["Air"], [], None, "AIR!", True),
    (["Air"], [], None, "the air", True),
    (["Air"], [], None, "chair", False),
    (["Air"], [], None, "hair", False),
    (["Air"], [], None, "airs", False),
    (["Air"], [], None, "fresh air", False),
    (["Chair"], [], None, "air", False),
    (["Chair"], [], None, "chiar", True),  # a swap is one typo, allowed from 5 letters
    # case, accents, punctuation, spacing, "&"
    (["Amélie"], [], None, "amelie", True),
    (["Zoë Saldaña"], [], None, "ZOE SALDANA", True),
    (["Spider-Man"], [], None, "spiderman", True),
    (["Spider-Man"], [], None, "Spider Man!!", True),
    (["Mr. & Mrs. Smith"], [], None, "mr and mrs smith", True),
    (["Ocean's Eleven"], [], None, "oceans 11", True),
    (["Ocean's Eleven"], [], None, "ocean's twelve", False),
    # leading articles, in either direction
    (["The Shining"], [], None, "shining", True),
    (["Shining"], [], None, "The Shining", True),
    (["La Haine"], [], None, "haine", True),
    (["The Shining"], [], None, "the shinning", True),
    # numbers as digits or words; never fuzzy
    (["1995"], ["1994", "1996"], None, "nineteen ninety-five", True),
    (["1995"], [], None, "1995.", True),
    (["1995"], [], None, "1996", False),
    (["1995"], [], None, "19995", False),
    (["2005"], [], None, "two thousand and five", True),
    (["120 minutes"], [], None, "120", True),
    (["120 minutes"], [], None, "2 hours", True),
    (["123 minutes"], [], None, "2 h 3 min", True),
    (["123 minutes"], [], None, "one hundred and twenty-three minutes", True),
    (["123 minutes"], [], None, "124 minutes", False),
    (["1,000,000"], [], None, "1000000", True),
    (["Seven"], [], None, "7", True),
    # people: full name, typos, surname when unique in the film
    (["Sigourney Weaver"], CAST, CAST, "sigourney weaver", True),
    (["Sigourney Weaver"], [], CAST, "Sigorney Weaver", True),
    (["Sigourney Weaver"], [], CAST, "Weaver", True),
    (["Sigourney Weaver"], [], CAST, "weavr", True),
    (["Sigourney Weaver"], [], CAST, "Sigourney", False),  # a first name alone is not the person
    (["Sigourney Weaver"], [], CAST, "Sigourney Weaver Jr", False),  # the answer plus a word
    (["Sigourney Weaver"], [], CAST, "Mrs Weaver", False),
    (["Harry Dean Stanton"], [], CAST, "Stanton", True),
    (["Ian Holm"], [], CAST, "Holm", True),  # exact: 4 letters tolerate no typo
    (["Ian Holm"], [], CAST, "Holn", False),
    (["Famke van der Berg"], [], DUTCH, "van der Berg", True),
    (["Famke van der Berg"], [], DUTCH, "Berg", False),  # Joris Berg has it too
    (["Lies de Vries"], [], DUTCH, "Vries", True),
    (["Lies de Vries"], [], DUTCH, "de Vries", True),
    (["Sigourney Weaver"], [], None, "Weaver", False),  # not known as a person: no surname rule
    # a pack's accepted answers
    (["Steven Spielberg", "Spielberg"], [], None, "spielburg", True),
    (["HAL 9000", "HAL"], [], None, "hal", True),
    # a typo that is as close to a wrong choice as to the right answer is not accepted
    (["Tom Skerritt"], ["Tom Skeritt"], None, "Tom Skeritt", False),
    (["Tom Skerritt"], ["Tom Merritt"], None, "Tom Serritt", False),
    (["Tom Skerritt"], ["John Hurt"], None, "Tom Serritt", True),
    # empty and absurd guesses
    (["Alien"], [], None, "", False),
    (["Alien"], [], None, "   ", False),
    (["Alien"], [], None, "?!", False),
    (["Alien"], [], None, "alien" * 100, False),
]


@pytest.mark.parametrize(("answers", "wrong", "people", "guess", "accepted"), TABLE)
def test_guesses_are_judged_fairly(
    answers: list[str], wrong: list[str], people: list[str] | None, guess: str, accepted: bool
) -> None:
    matcher = compile_answers(answers, wrong=wrong, person_among=people)
    assert matcher.matches(guess) is accepted, (answers, guess)


def test_a_film_answer_accepts_every_title_of_the_film() -> None:
    matcher = compile_answers(["The Good, the Bad and the Ugly"], titles=TITLES)
    assert not matcher.matches("good bad and ugly")  # two words left out: more than a typo
    assert matcher.matches("the good the bad & the ugly")
    assert matcher.matches("Il buono, il brutto, il cattivo")
    assert not matcher.matches("Alien")
    dune = compile_answers(["Dune: Part Two"], titles=TITLES)
    assert dune.matches("dune part 2") and dune.matches("Dune")
    alien = compile_answers(["Alien"], titles=TITLES)
    assert not alien.matches("dune")


def test_normal_forms() -> None:
    assert words_of("The  Matrix: Reloaded!") == ["matrix", "reloaded"]
    assert words_of("nineteen oh five") == ["1905"]
    assert words_of("twenty twenty") == ["2020"]
    assert words_of("one two") == ["1", "2"]
    assert words_of("Oh Brother") == ["oh", "brother"]
    assert words_of("A") == ["a"]  # an article alone is the word itself
    assert key_of("Spider-Man") == key_of("spider man") == "spiderman"


def test_typos_allowed_grow_with_length() -> None:
    assert [allowed_edits("x" * n) for n in (1, 4, 5, 8, 9, 14, 15, 40)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert allowed_edits("1995abc") == 0


def test_surname_and_title_forms() -> None:
    assert surname_forms("Famke van der Berg", ["Lies de Vries"]) == ["van der berg", "berg"]
    assert surname_forms("Cher", CAST) == []
    assert title_forms("Dune: Part Two", ["Dune 2"]) == ["Dune: Part Two", "Dune", "Dune 2"]


def test_a_question_needs_an_answer_and_long_guesses_are_refused_cheaply() -> None:
    with pytest.raises(ValueError, match="at least one answer"):
        compile_answers([])
    matcher = compile_answers(["x" * GUESS_MAX_LENGTH])
    assert matcher.matches("x" * GUESS_MAX_LENGTH)
    assert not matcher.matches("x" * (GUESS_MAX_LENGTH + 1))
