"""Friendly errors: what went wrong and what to try, always ephemeral."""

from __future__ import annotations

from bot.render.payload import CONTENT_MAX, Reply, clip, error, escape

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


def nothing_to_search(query: str) -> Reply:
    """A query of only spaces, punctuation or emoji: no letter or digit to match names by."""
    shown = escape(clip(" ".join(query.split()), 80))
    where = f" in “{shown}”" if shown else ""
    return error(
        f"There is nothing to search for{where}: names are matched by their letters and digits.",
        "Type a few letters of a title or a name, like /film search query:arm.",
    )


def showing_for(reply: Reply, shown: str, typed: str) -> Reply:
    """Say which name an obvious match took ("Showing Ballerina for “Balerina”") above the answer."""
    typed_text = escape(clip(" ".join(typed.split()), 80))
    note = f"Showing **{escape(shown)}** for “{typed_text}”."
    reply.content = clip(f"{note}\n{reply.content}" if reply.content else note, CONTENT_MAX)
    return reply
