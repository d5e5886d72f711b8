"""Friendly errors: what went wrong and what to try, always ephemeral.

`user_error` is the one renderer of a `bot.errors.UserError`, wherever it was
raised (a command, a button, a form): all of its text is escaped, so a name the
user typed can neither ping anyone nor break the markdown, and only the
suggestions it lists are set in bold, by this renderer.
"""

from __future__ import annotations

from bot.errors import UserError
from bot.render.payload import CHOICE_NAME_MAX, CONTENT_MAX, Reply, clip, error, escape, plain


def user_error(problem: UserError) -> Reply:
    """The private reply to a refused request: the message, the hint, and the names the user may have meant."""
    lines = [escape(problem.hint)] if problem.hint else []
    if problem.suggestions:
        lines.append("Did you mean: " + ", ".join(f"**{escape(s)}**" for s in problem.suggestions) + "?")
    return error(escape(problem.message), "\n".join(lines) or None)


def user_error_choice(problem: UserError) -> str:
    """A refused request as the one suggestion of an autocomplete (the only thing Discord shows
    while typing). Discord shows a choice's name as typed, markdown and all, so it is not escaped:
    it is made plain (no bidirectional controls, mentions defused)."""
    return clip(plain(problem.message), CHOICE_NAME_MAX)


def showing_for(reply: Reply, shown: str, typed: str) -> Reply:
    """Say which name an obvious match took ("Showing Ballerina for “Balerina”") above the answer."""
    typed_text = escape(clip(" ".join(typed.split()), 80))
    note = f"Showing **{escape(shown)}** for “{typed_text}”."
    reply.content = clip(f"{note}\n{reply.content}" if reply.content else note, CONTENT_MAX)
    return reply
