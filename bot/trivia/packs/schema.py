"""The JSON schemas of the two pack formats, and checking a pack's data against its format's."""

from __future__ import annotations

from typing import Any

import jsonschema

from bot.trivia.model import CHOICE_MAX_LENGTH, DIFFICULTIES
from bot.trivia.packs.model import FILMBOT, MAX_ERRORS, MAX_QUESTIONS, RED, PackError, PackProblem
from bot.trivia.packs.yaml_reader import Nodes, where

_TEXT = {"type": "string", "minLength": 1}
_ANSWER = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"}

FILMBOT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["questions"],
    "additionalProperties": False,
    "properties": {
        "name": {**_TEXT, "maxLength": 100},
        "description": {"type": "string", "maxLength": 1000},
        "author": {"type": "string", "maxLength": 200},
        "questions": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_QUESTIONS,
            "items": {
                "type": "object",
                "required": ["prompt", "answer"],
                "additionalProperties": False,
                "properties": {
                    "prompt": {**_TEXT, "maxLength": 1000, "pattern": r"\S"},
                    "answer": _ANSWER,
                    "accept": {"type": "array", "items": _ANSWER, "maxItems": 50},
                    "choices": {
                        "type": "array",
                        "minItems": 2,
                        "maxItems": 5,
                        "items": {**_ANSWER, "maxLength": CHOICE_MAX_LENGTH},
                    },
                    "difficulty": {"enum": list(DIFFICULTIES)},
                    "film": {**_TEXT, "maxLength": 200},
                },
            },
        },
    },
}

RED_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "AUTHOR": {"type": "string", "maxLength": 200},
        "DESCRIPTION": {"type": "string", "maxLength": 1000},
        "CONFIG": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "propertyNames": {"minLength": 1, "maxLength": 1000},
    "additionalProperties": {"type": "array", "minItems": 1, "maxItems": 50, "items": _ANSWER},
}

_VALIDATORS = {
    FILMBOT: jsonschema.Draft202012Validator(FILMBOT_SCHEMA),
    RED: jsonschema.Draft202012Validator(RED_SCHEMA),
}


def validate(file: str, data: Any, nodes: Nodes, kind: str) -> None:
    """Raise PackError listing the schema errors (first `MAX_ERRORS`), each with its line."""
    errors = sorted(_VALIDATORS[kind].iter_errors(data), key=lambda e: nodes.line(list(e.absolute_path)) or 0)
    if errors:
        problems = []
        for error in errors[:MAX_ERRORS]:
            path = list(error.absolute_path)
            at = where(path)
            problems.append(PackProblem(file, nodes.line(path), f"{at + ': ' if at else ''}{error.message}"))
        raise PackError(problems)
