"""/help: what the bot can do, grouped like the command tree."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.payload import COLOUR_INFO, Reply, embed


def help_card(groups: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> Reply:
    """`groups`: (group description, [(command, description)]), straight from the command tree."""
    fields = []
    for heading, commands in groups:
        lines = [f"`{name}` — {description}" for name, description in commands]
        fields.append((heading, "\n".join(lines), False))
    return Reply(
        embeds=[
            embed(
                "filmbot",
                "Film facts with their sources, reviews, and trivia played with buttons, typed answers or in teams. "
                "Where documents disagree, every claim is shown with its source.",
                colour=COLOUR_INFO,
                fields=fields,
                footer="Options with suggestions complete as you type.",
            )
        ],
        ephemeral=True,
    )
