"""Typed-answer matching throughput: answers judged per second on one core.

    .venv/bin/python bench/matcher.py [--questions 10000] [--guesses 200000] [--seed 7]

A pack of `--questions` generated questions (invented names: people with a surname rule
among a film's cast, titles with a subtitle, years, runtimes, pack answers with accepted
variants, short words) is compiled once (`bot.trivia.matching.compile_answers`); then
`--guesses` typed guesses are judged, drawn over the whole pack in a fair mix: right
answers as written, in other case / accents / punctuation, with a typo, surnames, numbers
in words, wrong answers, near misses, the answer plus a word, and long nonsense. Timed with
the process's CPU clock (one thread: one core). The matcher is pure: this is its whole cost
per answer, without the Discord round trip.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import FIRST, SYLLABLES, TITLE_WORDS
from bot.trivia.matching import Matcher, compile_answers

_NUMBER_WORDS = {1990: "nineteen ninety", 1995: "nineteen ninety-five", 2005: "two thousand and five"}


def _word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _typo(rng: random.Random, text: str) -> str:
    """One swap, drop or doubled letter somewhere past the first letter."""
    if len(text) < 3:
        return text
    at = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    if kind == 1:
        return text[:at] + text[at + 1 :]
    return text[:at] + text[at] + text[at:]


def make_question(rng: random.Random, number: int) -> tuple[list[str], list[str], list[str] | None]:
    """(answers, wrong choices, the film's people or None) of one generated question."""
    kind = number % 5
    if kind == 0:  # a person, with the film's cast for the surname rule
        cast = [f"{rng.choice(FIRST)} {_word(rng, rng.randint(2, 3))}" for _ in range(6)]
        return [cast[0]], cast[1:4], cast
    if kind == 1:  # a title with a subtitle
        title = f"The {rng.choice(TITLE_WORDS)} {rng.choice(TITLE_WORDS)}: {_word(rng)} Returns"
        return [title], [f"{rng.choice(TITLE_WORDS)} {_word(rng)}" for _ in range(3)], None
    if kind == 2:  # a year or a runtime
        year = rng.randint(1920, 2030)
        if rng.random() < 0.5:
            return [str(year)], [str(year + d) for d in (-2, -1, 1)], None
        minutes = rng.randint(80, 200)
        return [f"{minutes} minutes"], [f"{minutes + d} minutes" for d in (-10, 5, 15)], None
    if kind == 3:  # a pack question with accepted variants
        word = _word(rng, 3)
        return [f"{word} {_word(rng)}", word, f"{word}'s"], [], None
    return [_word(rng, 1).lower()], [], None  # a short word: must be exact


def make_guess(rng: random.Random, question: tuple[list[str], list[str], list[str] | None]) -> str:
    answers, wrong, people = question
    answer = answers[0]
    pick = rng.randrange(10)
    if pick == 0:
        return answer
    if pick == 1:
        return answer.upper().replace(" ", "  ") + "!"
    if pick == 2:
        return _typo(rng, answer)
    if pick == 3 and people:
        return answer.split()[-1]
    if pick == 3 and answer.isdigit() and int(answer) in _NUMBER_WORDS:
        return _NUMBER_WORDS[int(answer)]
    if pick == 4 and wrong:
        return rng.choice(wrong)
    if pick == 5:
        return f"{answer} {_word(rng)}"  # the answer plus a word
    if pick == 6:
        return f"the {answer.lower()}"
    if pick == 7:
        return " ".join(_word(rng) for _ in range(rng.randint(5, 20)))  # a long guess
    return _word(rng, rng.randint(1, 3))  # a wrong one-word guess


def timed(work: Callable[[], object]) -> tuple[float, object]:
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--guesses", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pack = [make_question(rng, n) for n in range(args.questions)]

    def compile_all() -> list[Matcher]:
        return [compile_answers(a, wrong=w, person_among=p) for a, w, p in pack]

    compile_seconds, compiled = timed(compile_all)
    matchers: list[Matcher] = compiled  # type: ignore[assignment]
    picks = [rng.randrange(len(pack)) for _ in range(args.guesses)]
    guesses = [(matchers[i], make_guess(rng, pack[i])) for i in picks]

    def judge_all() -> int:
        return sum(matcher.matches(guess) for matcher, guess in guesses)

    judge_seconds, accepted = timed(judge_all)
    rate = args.guesses / judge_seconds
    print(f"| pack | {args.questions:,} questions |")
    print("|---|---|")
    print(f"| compile | {compile_seconds:.2f} s ({args.questions / compile_seconds:,.0f} questions/s) |")
    print(
        f"| judge | {args.guesses:,} guesses in {judge_seconds:.2f} s CPU: **{rate:,.0f} answers/s** (goal ≥ 50,000) |"
    )
    print(f"| accepted | {accepted:,} of {args.guesses:,} ({accepted / args.guesses:.0%}) |")
    print(f"| per answer | {judge_seconds / args.guesses * 1e6:.1f} µs |")


if __name__ == "__main__":
    main()
