"""Red-DiscordBot's trivia lists, read as they are: a mapping of question text to its accepted
answers (the first is shown), with optional AUTHOR, DESCRIPTION and CONFIG keys."""

from __future__ import annotations

from typing import Any

from bot.trivia.model import MEDIUM, Question
from bot.trivia.packs.question import pack_question
from bot.trivia.packs.yaml_reader import Nodes

RED_KEYS = ("AUTHOR", "DESCRIPTION", "CONFIG")


def question_count(data: dict[str, Any]) -> int:
    return sum(1 for k in data if k not in RED_KEYS)


def red_questions(key: str, file: str, data: dict[str, Any], nodes: Nodes) -> list[Question]:
    return [
        pack_question(key, prompt, answers, None, MEDIUM, None, file, nodes.line([prompt]))
        for prompt, answers in data.items()
        if prompt not in RED_KEYS
    ]
