"""One pack question from what a reader found (either format): its id, answers and choices."""

from __future__ import annotations

from collections.abc import Sequence

from bot.text import fold, slugify
from bot.trivia.model import Question, stable_id
from bot.trivia.packs.model import PACK_KIND, PackError, PackProblem


def pack_question(
    key: str,
    prompt: str,
    answers: Sequence[str],
    choices: Sequence[str] | None,
    difficulty: str,
    film: str | None,
    file: str,
    line: int | None,
) -> Question:
    prompt = " ".join(prompt.split())
    answers = [a.strip() for a in answers]
    answer = answers[0]
    chosen: tuple[str, ...] = ()
    if choices is not None:
        chosen = tuple(c.strip() for c in choices)
        folded = [fold(c) for c in chosen]
        if len(set(folded)) != len(folded) or not all(folded):
            raise PackError([PackProblem(file, line, "choices must be different from each other")])
        matching = [c for c in chosen if fold(c) in {fold(a) for a in answers}]
        if len(matching) != 1:
            raise PackError([PackProblem(file, line, f"exactly one choice must be the answer {answer!r}")])
        answer = matching[0]
    return Question(
        id=stable_id(PACK_KIND, key, fold(prompt) or prompt),
        kind=PACK_KIND,
        prompt=prompt,
        answer=answer,
        choices=chosen,
        difficulty=difficulty,
        film_slug=slugify(film) if film else None,
        pack=key,
        accepted=tuple(dict.fromkeys([answer, *answers])),
    )
