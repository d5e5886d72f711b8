"""Friendly errors: what went wrong and what to try, always ephemeral."""

from __future__ import annotations

from bot.render.payload import Reply, clip, error, escape

KIND_WORDS = {"film": "a film", "person": "a person", "character": "a character"}
KIND_COMMANDS = {"film": "/film search", "person": "/film search", "character": "/film search"}


def not_found(kind: str, query: str, suggestions: tuple[str, ...]) -> Reply:
    shown = escape(clip(" ".join(query.split()), 80)) or "that"
    message = f"I don't know {KIND_WORDS.get(kind, kind)} called “{shown}”."
    if suggestions:
        hint = "Did you mean: " + ", ".join(f"**{escape(s)}**" for s in suggestions) + "?"
    else:
        command = KIND_COMMANDS.get(kind, "/film search")
        hint = f"Try {command} with part of the name, or pick from the suggestions as you type."
    return error(message, hint)
