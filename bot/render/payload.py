"""Message payloads as plain data: what a renderer builds and a cog sends.

Embeds are Discord's embed JSON (dicts), so renderers stay free of discord
types and their output can be checked against Discord's limits directly.
Every user-visible string goes through `clip` so no limit is ever exceeded.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from bot.text import strip_bidi

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
CONTENT_MAX = 2000
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
CHOICES_MAX = 25
BUTTONS_PER_ROW = 5
ROWS_MAX = 5

# Colours: one per kind of card, so a channel scrolls readably.
COLOUR_FILM = 0x5865F2
COLOUR_PEOPLE = 0x57F287
COLOUR_QUOTE = 0xFEE75C
COLOUR_REVIEW = 0xEB459E
COLOUR_TRIVIA = 0xED4245
COLOUR_INFO = 0x99AAB5
COLOUR_ERROR = 0xED4245

_MARKDOWN = re.compile(r"([\\*_~`|<>\[\]])")
# Headings (#, ##, ###), subtext (-#), list bullets and numbered items at a line's start.
_LINE_START = re.compile(r"^(\s*)(#{1,3}|-#|[-+*]|\d+\.)(?=\s)", re.MULTILINE)
_SPECIAL = re.compile(r"[\\*_~`|<>\[\]@#+\-]|\d\.")
_MENTION = re.compile(r"@(everyone|here|[!&]?\d+)")


def clip(text: str, limit: int) -> str:
    """Cut to `limit` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


@functools.lru_cache(maxsize=4096)
def escape(text: str) -> str:
    """Escape markdown and defuse mention syntax in text someone else wrote.

    Mentions are also disabled on every message (allowed_mentions none); this
    keeps `@everyone` from even looking like one. Bidirectional controls are
    dropped: they would reorder the message around the text.
    """
    text = strip_bidi(text)
    if not _SPECIAL.search(text):
        return text  # the common case: a plain name or title
    escaped = _LINE_START.sub(r"\1\\\2", _MARKDOWN.sub(r"\\\1", text))
    return _MENTION.sub("@\u200b\\1", escaped)


def plain(text: str) -> str:
    """Text shown where Discord renders no markdown (an autocomplete choice): bidirectional
    controls dropped and mention syntax defused, nothing escaped (a backslash would show)."""
    return _MENTION.sub("@\u200b\\1", strip_bidi(text))


@dataclass(slots=True)
class Button:
    label: str
    custom_id: str
    style: str = "secondary"  # primary, secondary, success, danger
    disabled: bool = False
    row: int | None = None


@dataclass(slots=True)
class Reply:
    """One message: text, embeds (Discord JSON), buttons, and whether only the user sees it."""

    content: str | None = None
    embeds: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    ephemeral: bool = False
    failed: bool = False  # the reply says the command could not do what was asked (`filmbot ask` exits 1)


def embed(
    title: str,
    description: str | None = None,
    *,
    colour: int = COLOUR_INFO,
    fields: list[tuple[str, str, bool]] | None = None,
    footer: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """An embed dict within every Discord limit (title, description, fields, total)."""
    data: dict[str, Any] = {"type": "rich", "title": clip(title, EMBED_TITLE_MAX), "color": colour}
    budget = EMBED_TOTAL_MAX - len(data["title"])
    if footer:
        data["footer"] = {"text": clip(footer, min(FOOTER_MAX, 500))}
        budget -= len(data["footer"]["text"])
    if description:
        data["description"] = clip(description, min(EMBED_DESCRIPTION_MAX, budget))
        budget -= len(data["description"])
    if url:
        data["url"] = url
    out_fields: list[dict[str, Any]] = []
    for name, value, inline in fields or []:
        if len(out_fields) == EMBED_FIELDS_MAX:
            break
        name = clip(name or "\u200b", FIELD_NAME_MAX)
        value = clip(value or "—", FIELD_VALUE_MAX)
        if len(name) + len(value) > budget:
            if budget - len(name) < 20:
                break
            value = clip(value, budget - len(name))
        out_fields.append({"name": name, "value": value, "inline": inline})
        budget -= len(name) + len(value)
    if out_fields:
        data["fields"] = out_fields
    return data


def error(message: str, hint: str | None = None) -> Reply:
    """A friendly ephemeral error: what went wrong, and what to try."""
    text = message if hint is None else f"{message}\n{hint}"
    return Reply(content=clip(text, CONTENT_MAX), ephemeral=True, failed=True)
