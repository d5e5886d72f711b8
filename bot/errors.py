"""What a user can get wrong: one error type for every service and cog.

A service (catalog, reviews, trivia, admin) or a cog raises a `UserError`
saying what went wrong (`message`) and what to try (`hint`), in plain words.
It is not a bug: the command tree answers it privately with one renderer
(`bot.render.errors.user_error`), which escapes all of its text, so a title or
name the user typed can neither ping anyone nor break the message's markdown.
No layer below the cogs knows Discord: this module imports nothing.
"""

from __future__ import annotations

QUERY_SHOWN_MAX = 80  # characters of a typed name repeated back in a not-found message

KIND_WORDS = {"film": "a film", "person": "a person", "character": "a character"}


class UserError(Exception):
    """Input refused: `message` says what is wrong, `hint` what to do, and
    `suggestions` (names the user may have meant) are listed after the hint."""

    def __init__(self, message: str, hint: str | None = None, *, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.suggestions = suggestions


def shown_query(query: str) -> str:
    """A typed name as a message repeats it: spaces squashed, at most `QUERY_SHOWN_MAX` characters."""
    text = " ".join(query.split())
    return text if len(text) <= QUERY_SHOWN_MAX else text[: QUERY_SHOWN_MAX - 1].rstrip() + "…"


class NotFoundError(UserError):
    """A film, person or character option names nothing in the catalog; the closest names are suggested."""

    def __init__(self, kind: str, query: str, suggestions: tuple[str, ...] = ()) -> None:
        hint = (
            None if suggestions else "Try /film search with part of the name, or pick from the suggestions as you type."
        )
        super().__init__(
            f"I don't know {KIND_WORDS.get(kind, kind)} called “{shown_query(query) or 'that'}”.",
            hint,
            suggestions=suggestions,
        )
        self.kind = kind
        self.query = query


class NothingToSearchError(UserError):
    """A query of only spaces, punctuation or emoji: no letter or digit to match names by."""

    def __init__(self, query: str) -> None:
        shown = shown_query(query)
        where = f" in “{shown}”" if shown else ""
        super().__init__(
            f"There is nothing to search for{where}: names are matched by their letters and digits.",
            "Type a few letters of a title or a name, like /film search query:arm.",
        )
