"""A UserError reaches the user the same way on every path: a slash command (its film
option's transformer), a button, a form and an autocomplete. Always private, the
user's text escaped (no mention, no markdown, no bidirectional control), and nothing
changed. Driven through the real bot and command tree on the local stand-in."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.host.local_discord import GUILD_ID, LocalDiscord
from bot.app.toolkit import respond
from bot.errors import UserError
from bot.render.payload import Button, Reply
from tests.helpers import answer, ephemeral

NASTY = "@everyone **loud** \u202e<@123>"  # a mention, markdown, a right-to-left override, a user ping


def assert_escaped_and_private(message: dict[str, Any]) -> str:
    content = message["content"]
    assert ephemeral(message), message
    assert "@everyone" not in content and "<@123>" not in content, content  # defused
    assert "**loud**" not in content and "\\*\\*loud\\*\\*" in content, content  # markdown shown, not applied
    assert "\u202e" not in content, content
    assert message.get("allowed_mentions") in (None, {"parse": []}), message
    return content


class ProbeButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"probe:(?P<n>\d+)"):
    """A button that refuses every click with a UserError carrying the user's text."""

    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label="probe", custom_id=f"probe:{n}"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ProbeButton:
        return cls(int(match["n"]))

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        raise UserError(f"Refused: {NASTY}", f"Hint: {NASTY}")


@respond.refusal_as_choice
async def refusing_autocomplete(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
    raise UserError(f"Nothing fits {NASTY}")


class ProbeCog(commands.Cog):
    @app_commands.command(name="probe", description="Refuses as it is typed")
    @app_commands.autocomplete(word=refusing_autocomplete)
    async def probe(self, interaction: discord.Interaction, word: str) -> None:
        await respond.send(interaction, Reply(content="never"))

    @app_commands.command(name="probe-button", description="A message with a button that refuses")
    async def probe_button(self, interaction: discord.Interaction) -> None:
        await respond.send(interaction, Reply(content="Click it", buttons=[Button("probe", "probe:7")]))


async def test_a_film_option_that_names_nothing_is_refused_escaped_and_private(seed_bot: LocalDiscord) -> None:
    exchange = await seed_bot.invoke(["review", "add"], {"film": NASTY, "rating": 5, "text": "fine"})
    content = assert_escaped_and_private(answer(exchange))
    assert "I don't know a film called" in content
    assert exchange.failed
    row = await seed_bot.bot.services.db.fetchone("SELECT count(*) FROM reviews WHERE guild_id = ?", (GUILD_ID,))
    assert row is not None and row[0] == 0


async def test_a_user_error_in_a_command_body_is_answered_privately(seed_bot: LocalDiscord) -> None:
    exchange = await seed_bot.command("/trivia stop")
    reply = answer(exchange)
    assert ephemeral(reply) and "no trivia game running" in reply["content"]
    assert "Start one with /trivia start." in reply["content"]
    assert exchange.failed


async def test_a_button_that_refuses_is_answered_escaped_and_private(seed_bot: LocalDiscord) -> None:
    seed_bot.bot.add_dynamic_items(ProbeButton)
    await seed_bot.bot.add_cog(ProbeCog())
    shown = await seed_bot.command("/probe-button")
    exchange = await seed_bot.click(shown.messages[0].id, "probe:7")
    (reply,) = exchange.messages
    content = assert_escaped_and_private(reply.payload)
    assert content.startswith("Refused: ") and "\nHint: " in content


async def test_a_form_that_refuses_is_answered_escaped_and_private(seed_bot: LocalDiscord) -> None:
    opened = await seed_bot.command("/admin question add pack:House Rules")
    too_long = NASTY + " " + "x" * 120  # longer than an answer button takes: echoed in the refusal
    values = {"question": "Which year?", "answer": "1999", "wrong": too_long}
    exchange = await seed_bot.submit(opened, values)
    content = assert_escaped_and_private(answer(exchange))
    assert "is too long" in content
    listed = answer(await seed_bot.command("/admin question list pack:House Rules"))
    assert "Which year?" not in listed["content"]  # nothing was written


async def test_an_autocomplete_that_refuses_shows_it_as_its_one_plain_suggestion(seed_bot: LocalDiscord) -> None:
    await seed_bot.bot.add_cog(ProbeCog())
    choices = await seed_bot.autocomplete("/probe word:abc")
    assert len(choices) == 1, choices
    name = choices[0]["name"]
    # Discord shows a choice's name as typed: no backslashes, but no mention or bidi control either.
    assert name.startswith("Nothing fits @\u200beveryone **loud**"), name
    assert "\u202e" not in name and "<@123>" not in name
    assert choices[0]["value"] == "abc"  # picking it sends what was typed
