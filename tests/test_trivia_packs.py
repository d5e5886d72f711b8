"""Question packs: the bundled ones, Red-DiscordBot's format, our format, and errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.text import fold
from bot.trivia import packs
from bot.trivia.model import Question
from bot.trivia.packs import MAX_DEPTH, MAX_PACK_BYTES, MAX_QUESTIONS, PackError, load_pack_dir, load_pack_text

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "packs"


def problems_of(name: str, text: str) -> list[packs.PackProblem]:
    with pytest.raises(PackError) as caught:
        load_pack_text(name, text)
    return list(caught.value.problems)


def assert_sound_choices(question: Question) -> None:
    assert question.choices.count(question.answer) == 1
    assert len({fold(c) for c in question.choices}) == len(question.choices)
    wrong = [c for c in question.choices if c != question.answer]
    assert not {fold(c) for c in wrong} & {fold(a) for a in question.answers}


# -- the bundled packs ------------------------------------------------------------------------------


def test_bundled_packs_load_cleanly() -> None:
    loaded, problems = load_pack_dir(BUNDLED)
    assert problems == []
    by_key = {p.key: p for p in loaded}
    assert set(by_key) >= {"film-classics", "film-basics"}
    assert by_key["film-classics"].format == packs.FILMBOT
    assert by_key["film-basics"].format == packs.RED
    for pack in loaded:
        assert len(pack.questions) >= 20
        assert pack.multiple_choice == pack.questions, "every bundled question can be played with buttons"
        for question in pack.questions:
            assert len(question.choices) == 4
            assert_sound_choices(question)
            assert question.pack == pack.key
            assert question.source_label == f"pack {pack.key}"
            assert "ballerina" not in fold(question.prompt)


# -- Red-DiscordBot's format --------------------------------------------------------------------------

RED_LIST = """\
AUTHOR: Someone
DESCRIPTION: Movies.
CONFIG:
  max_score: 10
  bot_plays: false
Who directed Jaws?:
- Steven Spielberg
- Spielberg
In which year was Citizen Kane released?:
- 1941
Is Casablanca in colour?:
- No
Who played Ripley in Alien?:
- Sigourney Weaver
Who directed Psycho?:
- Alfred Hitchcock
Who directed Vertigo?:
- Hitchcock
Who directed Titanic?:
- James Cameron
Who directed Heat?:
- Michael Mann
"""


def test_red_list_is_accepted_as_it_is() -> None:
    pack = load_pack_text("movies", RED_LIST)
    assert (pack.key, pack.name, pack.format) == ("movies", "movies", packs.RED)
    assert (pack.author, pack.description) == ("Someone", "Movies.")
    assert pack.config == {"max_score": "10", "bot_plays": "false"}
    questions = {q.prompt: q for q in pack.questions}
    assert set(questions) == {
        "Who directed Jaws?",
        "In which year was Citizen Kane released?",
        "Is Casablanca in colour?",
        "Who played Ripley in Alien?",
        "Who directed Psycho?",
        "Who directed Vertigo?",
        "Who directed Titanic?",
        "Who directed Heat?",
    }
    jaws = questions["Who directed Jaws?"]
    assert jaws.answer == "Steven Spielberg"
    assert jaws.accepted == ("Steven Spielberg", "Spielberg")
    assert questions["In which year was Citizen Kane released?"].answer == "1941", "numbers stay as written"
    assert questions["Is Casablanca in colour?"].answer == "No", "no YAML 1.1 booleans"


def test_drawn_choices_come_from_the_pack_and_never_repeat_an_answer() -> None:
    pack = load_pack_text("movies", RED_LIST)
    questions = {q.prompt: q for q in pack.questions}
    jaws = questions["Who directed Jaws?"]
    assert_sound_choices(jaws)
    assert "Hitchcock" in jaws.choices or "Alfred Hitchcock" in jaws.choices
    vertigo = questions["Who directed Vertigo?"]
    assert "Alfred Hitchcock" not in vertigo.choices, "an answer containing the answer is never a distractor"
    year = questions["In which year was Citizen Kane released?"]
    assert all(abs(int(c) - 1941) <= 4 for c in year.choices)
    for question in pack.questions:
        if question.choices:
            assert_sound_choices(question)
            others = {fold(q.answer) for q in pack.questions} | {str(n) for n in range(1937, 1946)}
            assert {fold(c) for c in question.choices} <= others


MIXED_KINDS = """\
Who directed Brightwater?:
- Ola Brenn
Who directed Cold Orchard?:
- Mina Tesfaye
Who directed The Long Signal?:
- Rui Okada
Who directed Saltgrass?:
- Ivo Marek
Who played the ferryman in Brightwater?:
- Dana Kilroy
Who played Captain Orr in Cold Orchard?:
- Sam Petrov
Who starred as the twins in Saltgrass?:
- Lea Moreau
Who played the narrator of The Long Signal?:
- Tom Achebe
What is the name of the town where Brightwater is set?:
- Lowmoor
What is the name of the island in Saltgrass?:
- Skerra
What is the name of the city in Cold Orchard?:
- Vell
Where does The Long Signal end?:
- Port Amas
What is the name of the dog in Brightwater?:
- Biscuit
What is the name of the villain of Cold Orchard?:
- The Gardener
Which character narrates Saltgrass?:
- Nell
What is the name of the hero of The Long Signal?:
- Jonah Vail
"""


def test_drawn_choices_are_answers_of_the_same_kind() -> None:
    pack = load_pack_text("mixed", MIXED_KINDS)
    kinds = {
        "director": {"Ola Brenn", "Mina Tesfaye", "Rui Okada", "Ivo Marek"},
        "actor": {"Dana Kilroy", "Sam Petrov", "Lea Moreau", "Tom Achebe"},
        "place": {"Lowmoor", "Skerra", "Vell", "Port Amas"},
        "character": {"Biscuit", "The Gardener", "Nell", "Jonah Vail"},
    }
    for question in pack.questions:
        (kind,) = [k for k, answers in kinds.items() if question.answer in answers]
        assert packs.answer_kind(question.prompt) == kind, question.prompt
        assert set(question.choices) == kinds[kind], (question.prompt, question.choices)


def test_a_pack_too_small_for_choices_has_nothing_to_play() -> None:
    pack = load_pack_text("tiny", "Who directed Jaws?:\n- Steven Spielberg\nWho directed Alien?:\n- Ridley Scott\n")
    assert all(q.choices == () for q in pack.questions)
    assert pack.multiple_choice == ()


def test_choices_are_deterministic() -> None:
    assert load_pack_text("movies", RED_LIST) == load_pack_text("movies", RED_LIST)


# -- our format ---------------------------------------------------------------------------------------

RICH = """\
name: Test pack
description: A few questions.
questions:
  - prompt: Who directed Jaws?
    answer: Steven Spielberg
    accept: [Spielberg]
    choices: [George Lucas, steven spielberg, Brian De Palma, John Milius]
    difficulty: easy
    film: Jaws
  - prompt: What is the shark boat called in Jaws?
    answer: Orca
  - prompt: Who directed Alien?
    answer: Ridley Scott
  - prompt: Who directed Heat?
    answer: Michael Mann
  - prompt: Who directed Fargo?
    answer: Joel Coen
    accept: [The Coen brothers, Ethan Coen]
"""


def test_rich_format() -> None:
    pack = load_pack_text("test", RICH)
    assert (pack.key, pack.name, pack.description, pack.format) == ("test", "Test pack", "A few questions.", "filmbot")
    jaws = pack.questions[0]
    assert jaws.answer == "steven spielberg", "the choice's spelling is the one shown"
    assert jaws.choices == ("George Lucas", "steven spielberg", "Brian De Palma", "John Milius")
    assert jaws.difficulty == "easy"
    assert jaws.film_slug == "jaws"
    assert set(jaws.answers) == {"steven spielberg", "Steven Spielberg", "Spielberg"}
    assert pack.questions[1].difficulty == "medium"
    for question in pack.questions:
        if question.choices:
            assert_sound_choices(question)


def test_file_name_is_the_key() -> None:
    assert load_pack_text("My Film Pack.yaml", RICH).key == "my-film-pack"


# -- errors name the file and the line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("name: x\nquestions:\n  - prompt: Q?\n    answer: A\n    difficulty: medum\n", 5, "medum"),
        ("name: x\nquestions:\n  - prompt: Q?\n    answer: A\n  - prompt: R?\n    promt: oops\n", 5, "answer"),
        ("name: x\nquestions:\n  - prompt: Q?\n    answer: A\n    colour: red\n", 3, "colour"),
        ("name: x\nquestions:\n  - prompt: Q?\n    answer: A\n    choices: [B, C]\n", 3, "exactly one choice"),
        ("name: x\nquestions:\n  - prompt: Q?\n    answer: A\n    choices: [A, a, B]\n", 3, "different"),
        ("name: x\nquestions:\n  - prompt: Q?\n    answer:\n", 4, "answer"),
        ("name: x\nquestions: []\n", 2, "non-empty"),
        ("Who?:\n- A\nWhat?: just a string\n", 3, "array"),
        ("Who?:\n- A\nWho?:\n- B\n", 3, "twice"),
        ("Who?:\n  - A\n - B\n", 3, "YAML"),
        ("Who?: [A\nWhat?: [B]\n", 2, "YAML"),
        ("a: 1\nb: &x [1]\nc: *x\n", 2, "aliases"),
        ("Who?: !!python/object/apply:os.system [ls]\n", 1, "tag"),
        ("- just\n- a list\n", 1, "mapping"),
    ],
)
def test_invalid_packs_name_file_and_line(text: str, line: int, words: str) -> None:
    problems = problems_of("broken.yaml", text)
    first = problems[0]
    assert first.file == "broken.yaml"
    assert first.line == line, problems
    assert words.lower() in first.message.lower(), problems
    assert str(first).startswith(f"broken.yaml:{line}: ")


def test_every_schema_error_is_reported() -> None:
    text = "questions:\n  - prompt: A?\n    answer: x\n    difficulty: no\n  - prompt: B?\n    film: 3\n"
    problems = problems_of("two.yaml", text)
    assert [p.line for p in problems] == [4, 5]


def test_empty_and_oversized_packs() -> None:
    assert "empty" in problems_of("e.yaml", "")[0].message
    huge = "Q?:\n- " + "a" * (MAX_PACK_BYTES + 1) + "\n"
    assert "limit" in problems_of("big.yaml", huge)[0].message


def test_pack_directory_keeps_good_packs_and_reports_bad_ones(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(RICH, encoding="utf-8")
    (tmp_path / "red.yml").write_text(RED_LIST, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("name: x\nquestions:\n  - prompt: Q?\n", encoding="utf-8")
    (tmp_path / "Good.yml").write_text(RICH, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a pack", encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("Qui?:\n- Zo\xe9\n".encode("latin-1"))
    loaded, problems = load_pack_dir(tmp_path)
    assert [p.key for p in loaded] == ["good", "red"]
    described = sorted(str(p) for p in problems)
    assert described == [
        "bad.yaml:3: questions[0]: 'answer' is a required property",
        "good.yaml: another file already defines the pack 'good'",
        "latin1.yaml: the file is not UTF-8 text",
    ]


def test_missing_directory_is_empty(tmp_path: Path) -> None:
    assert load_pack_dir(tmp_path / "nope") == ([], [])


# -- robustness and size ------------------------------------------------------------------------------


def test_digits_that_are_not_ascii_are_text_not_numbers() -> None:
    """ "²".isdigit() is true, but int("²") fails: such an answer is drawn choices as text."""
    text = "How is squared written?:\n- ²\n" + "".join(f"Which sign is number {n}?:\n- sign {n}\n" for n in range(4))
    text += "In which year was Iron Meadow released?:\n- 1994\n"
    pack = load_pack_text("signs", text)
    squared = next(q for q in pack.questions if q.answer == "²")
    assert_sound_choices(squared)
    year = next(q for q in pack.questions if q.answer == "1994")
    assert all(c.isascii() and abs(int(c) - 1994) <= 4 for c in year.choices), "ASCII numbers still get nearby ones"


def test_one_bad_pack_never_takes_the_others_down(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(RICH, encoding="utf-8")
    (tmp_path / "squared.yaml").write_text("Q?:\n- ²\nR?:\n- ³\nS?:\n- x\nT?:\n- y\n", encoding="utf-8")
    (tmp_path / "deep.yaml").write_text("Q?: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    loaded, problems = load_pack_dir(tmp_path)
    assert [p.key for p in loaded] == ["good", "squared"]
    # Refused with its file and line, whichever check fires first: ours, or the YAML
    # library's own nesting limit (PyYAML 6.0.4 has one for flow collections).
    assert [(p.file, p.line) for p in problems] == [("deep.yaml", 1)]
    assert problems[0].message


def test_deep_block_nesting_is_refused_by_our_own_limit_with_its_line() -> None:
    """Indented lists have no limit in the YAML library: ours stops them before a recursive step does."""
    text = "Q?:\n" + "".join("  " * depth + "-\n" for depth in range(1, 3 * MAX_DEPTH)) + "  " * 3 * MAX_DEPTH + "- x\n"
    [problem] = problems_of("deep.yaml", text)
    assert (problem.file, problem.line) == ("deep.yaml", MAX_DEPTH + 1)
    assert f"nest more than {MAX_DEPTH} deep" in problem.message


def test_too_many_questions_are_refused_without_quoting_them() -> None:
    text = "".join(f"Q{n}?:\n- A{n}\n" for n in range(MAX_QUESTIONS + 1))
    problem = problems_of("many.yaml", text)[0]
    assert f"the limit is {MAX_QUESTIONS}" in problem.message
    assert len(str(problem)) < 200


def max_size_pack(n: int = MAX_QUESTIONS) -> str:
    """A Red-format pack at both limits (questions and bytes): people, years, films and places."""
    entries = []
    for i in range(n):
        entries.append(
            [
                (f"Who directed film {i}", f"Person {i} Name"),
                (f"In what year was film {i} made", str(1900 + i % 120)),
                (f"Which film has hero {i}", f"Film {i}"),
                (f"Where is film {i} set", f"Town {i}"),
            ][i % 4]
        )
    bare = sum(len(f"{q}?:\n- {a}\n") for q, a in entries)
    pad = " x" * ((MAX_PACK_BYTES - bare) // n // 2)
    return "".join(f"{q}{pad}?:\n- {a}\n" for q, a in entries)


def test_a_pack_at_both_size_limits_loads_whole() -> None:
    """The largest pack a moderator may upload is accepted with every question (its speed is not timed here)."""
    text = max_size_pack()
    assert MAX_PACK_BYTES - 4 * 1024 < len(text.encode()) <= MAX_PACK_BYTES
    pack = load_pack_text("big", text)
    assert len(pack.multiple_choice) == MAX_QUESTIONS
