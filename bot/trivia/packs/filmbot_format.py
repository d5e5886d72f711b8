"""filmbot's own pack format: name, description, author and a list of questions, each with
its prompt, answer and optional accepted answers, choices, difficulty and film."""

from __future__ import annotations

from typing import Any

from bot.trivia.model import MEDIUM, Question
from bot.trivia.packs.question import pack_question
from bot.trivia.packs.yaml_reader import Nodes


def is_filmbot(data: dict[str, Any]) -> bool:
    return isinstance(data.get("questions"), list)


def question_count(data: dict[str, Any]) -> int:
    return len(data["questions"])


def filmbot_questions(key: str, file: str, data: dict[str, Any], nodes: Nodes) -> list[Question]:
    out = []
    for index, item in enumerate(data["questions"]):
        out.append(
            pack_question(
                key,
                item["prompt"],
                [item["answer"], *item.get("accept", [])],
                item.get("choices"),
                item.get("difficulty", MEDIUM),
                item.get("film"),
                file,
                nodes.line(["questions", index]),
            )
        )
    return out
