"""Property tests: every command, driven with hostile option values, answers,
never pings anyone, and stays within Discord's limits."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app.host.local_discord import CommandLineError, LocalDiscord
from bot.app.host.tree import user_error_of
from bot.render import payload as limits

HOSTILE = [
    "",
    " ",
    "\t\n",
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@&123456789012345678>",
    "**bold** __under__ ~~strike~~ `code` ||spoiler||",
    "> quote\n# heading\n- item",
    "[link](https://example.invalid)",
    "'; DROP TABLE reviews; --",
    '" OR 1=1 --',
    "\u202eright-to-left override",
    "שלום עולם",
    "e\u0301\u0301\u0301 combining",
    "zero\u200bwidth\u200d",
    "🎬🍿" * 10,
    "x" * 6000,
    "%s %d {0} {title}",
    "\x00\x01 control",
]

text_values = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=300), st.text(min_size=1, max_size=20).map(lambda t: "@" + t)
)
int_values = st.one_of(
    st.integers(min_value=-(2**53), max_value=2**53), st.sampled_from([0, -1, 1, 10, 11, 100, 10**9])
)


def _unforeseen(error: Exception) -> bool:
    """A crash (a bug), as opposed to a refusal the bot means: a failed check, a bad option, a UserError."""
    if user_error_of(error) is not None:
        return False
    return isinstance(error, app_commands.CommandInvokeError) or not isinstance(error, app_commands.AppCommandError)


def leaf_commands(local: LocalDiscord) -> list[app_commands.Command]:
    return [c for c in local.bot.tree.walk_commands() if isinstance(c, app_commands.Command)]


def value_strategy(parameter: app_commands.Parameter) -> st.SearchStrategy[Any]:
    if parameter.type is discord.AppCommandOptionType.integer:
        return int_values
    if parameter.type is discord.AppCommandOptionType.number:
        return st.floats(allow_nan=False, allow_infinity=False)
    if parameter.type is discord.AppCommandOptionType.boolean:
        return st.booleans()
    if parameter.choices:
        return st.sampled_from([c.value for c in parameter.choices])
    if parameter.type is discord.AppCommandOptionType.user:
        return st.one_of(st.just("me"), st.integers(1, 2**62).map(str), st.integers(1, 2**62).map(lambda i: f"<@{i}>"))
    if parameter.type is discord.AppCommandOptionType.role:
        return st.integers(1, 2**62).map(str)
    return text_values


def assert_safe(data: dict[str, Any]) -> None:
    assert data.get("allowed_mentions") == {"parse": []}, "every message goes out with mentions off"
    content = data.get("content") or ""
    assert len(content) <= limits.CONTENT_MAX
    for bad in ("@everyone", "@here"):
        assert bad not in content
    assert len(data.get("embeds") or []) <= 10
    for embed in data.get("embeds") or []:
        total = len(embed.get("title", "")) + len(embed.get("description", ""))
        total += len(embed.get("footer", {}).get("text", ""))
        assert len(embed.get("fields", [])) <= limits.EMBED_FIELDS_MAX
        for item in embed.get("fields", []):
            assert len(item["name"]) <= limits.FIELD_NAME_MAX and len(item["value"]) <= limits.FIELD_VALUE_MAX
            total += len(item["name"]) + len(item["value"])
        assert total <= limits.EMBED_TOTAL_MAX
        assert "@everyone" not in str(embed) and "@here" not in str(embed)
    for row in data.get("components") or []:
        for component in row.get("components", []):
            assert len(component.get("label", "")) <= limits.BUTTON_LABEL_MAX


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
async def test_every_command_answers_safely(seed_bot: LocalDiscord, data: st.DataObject) -> None:
    command = data.draw(st.sampled_from(leaf_commands(seed_bot)), label="command")
    options: dict[str, Any] = {}
    for parameter in command.parameters:
        if parameter.type is discord.AppCommandOptionType.attachment:
            continue  # uploads have their own tests (tests/test_admin.py, tests/test_local.py)
        if parameter.required or data.draw(st.booleans(), label=f"give {parameter.name}"):
            options[parameter.name] = data.draw(value_strategy(parameter), label=parameter.name)
    path = command.qualified_name.split()
    try:
        exchange = await seed_bot.invoke(path, options)
    except CommandLineError:
        return  # Discord's own client refuses these before sending; nothing reaches the bot
    assert exchange.callback is not None, f"/{command.qualified_name} {options!r} was never answered"
    messages = [m.payload for m in exchange.messages]
    callback_data = exchange.callback.get("data") or {}
    if exchange.callback["type"] in (4, 7):
        assert_safe(callback_data)
    assert exchange.error is None or not _unforeseen(exchange.error), f"/{command.qualified_name} {options!r} crashed"
    for message in messages:
        assert "went wrong" not in message["content"], f"/{command.qualified_name} {options!r} crashed"
    for message in messages:
        assert "@everyone" not in message["content"] and "@here" not in message["content"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=text_values)
async def test_autocomplete_stays_within_limits(seed_bot: LocalDiscord, text: str) -> None:
    for line in ("/film info title:", "/cast person name:", "/cast character name:"):
        choices = await seed_bot.autocomplete(line + text.replace("\n", " "))
        assert len(choices) <= limits.CHOICES_MAX
        for choice in choices:
            assert 1 <= len(choice["name"]) <= limits.CHOICE_NAME_MAX
            assert 1 <= len(str(choice["value"])) <= limits.CHOICE_VALUE_MAX
