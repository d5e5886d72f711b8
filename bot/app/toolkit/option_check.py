"""Every option value the bot receives is checked here, type first, then range.

discord.py hands most option values to a command exactly as they came in the
interaction: `Range[int, 1, 20]` declares a range to Discord but checks
nothing, so a modified client's `rounds: 2.5`, `rounds: "5"`, `true` or
`{"a": 1}` reached the services (a REAL stored as a server's rounds broke every
later game there). Discord's own client never sends such values, so whatever
does not match the option's declared type, range, length or choices is refused
before the command runs, with the same private message a value out of range
gets; nothing changes.

The tree calls `problem_of` for every application command and autocomplete
interaction (`FilmTree.interaction_check`), so no cog can forget it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import discord
from discord import app_commands

Kind = discord.AppCommandOptionType

# Discord's own limits: integers are within ±2^53, text options at most 6000 characters.
INTEGER_LIMIT = 2**53
STRING_MAX = 6000
_SNOWFLAKE_MAX = 2**64
_RESOLVED_KEYS: dict[Kind, tuple[str, ...]] = {
    Kind.user: ("users",),
    Kind.role: ("roles",),
    Kind.mentionable: ("users", "roles"),
    Kind.channel: ("channels",),
    Kind.attachment: ("attachments",),
}
_WHAT = {
    Kind.user: "a user",
    Kind.role: "a role",
    Kind.mentionable: "a user or a role",
    Kind.channel: "a channel",
    Kind.attachment: "a file",
}


class InvalidOption(app_commands.AppCommandError):
    """An option value a real Discord client would not send; its text is the reply."""


def label(parameter: app_commands.Parameter) -> str:
    """`question_time` -> "Question time", as the range messages of the services name options."""
    return parameter.display_name.replace("_", " ").capitalize()


def expected(parameter: app_commands.Parameter) -> str:
    """The friendly message for any wrong value of `parameter`: what it must be."""
    name, kind = label(parameter), parameter.type
    low, high = parameter.min_value, parameter.max_value
    if parameter.choices:
        return f"{name} must be one of: {', '.join(choice.name for choice in parameter.choices)}."
    if kind in (Kind.integer, Kind.number):
        what = "a whole number" if kind is Kind.integer else "a number"
        if low is not None and high is not None:
            return f"{name} must be between {low:g} and {high:g} ({what})."
        if low is not None:
            return f"{name} must be at least {low:g} ({what})."
        if high is not None:
            return f"{name} must be at most {high:g} ({what})."
        return f"{name} must be {what}."
    if kind is Kind.string:
        return f"{name} must be {low or 1} to {high or STRING_MAX} characters long."
    if kind is Kind.boolean:
        return f"{name} must be true or false."
    return f"{name} must be {_WHAT.get(kind, 'a valid value')}."


def _is_snowflake(value: object) -> bool:
    return type(value) is str and value.isascii() and value.isdigit() and 0 < int(value) < _SNOWFLAKE_MAX


def value_fits(parameter: app_commands.Parameter, value: object, resolved: Mapping[str, Any]) -> bool:
    """Whether `value` is one Discord's client could have sent for `parameter` (type, range, choices)."""
    kind = parameter.type
    if kind is Kind.boolean:
        return type(value) is bool
    if kind in _RESOLVED_KEYS:
        found = (resolved.get(key) for key in _RESOLVED_KEYS[kind])
        return _is_snowflake(value) and any(isinstance(m, Mapping) and value in m for m in found)
    if kind is Kind.integer and type(value) is int and -INTEGER_LIMIT <= value <= INTEGER_LIMIT:
        measured: float = value
    elif kind is Kind.number and isinstance(value, (int, float)) and type(value) is not bool and math.isfinite(value):
        measured = value
    elif kind is Kind.string and type(value) is str and len(value) <= (parameter.max_value or STRING_MAX):
        measured = len(value)  # a text's range is its length
    else:
        return False
    if parameter.choices:
        return any(type(choice.value) is type(value) and choice.value == value for choice in parameter.choices)
    low, high = parameter.min_value, parameter.max_value
    return (low is None or measured >= low) and (high is None or measured <= high)


def _focused_text_fits(parameter: app_commands.Parameter, value: object) -> bool:
    """While typing, Discord sends the raw text, at most as long as the option allows."""
    limit = parameter.max_value if parameter.type is Kind.string and parameter.max_value else STRING_MAX
    return type(value) is str and len(value) <= limit


def _readable_while_typing(parameter: app_commands.Parameter, value: object) -> bool:
    """The other options of an autocomplete may be half typed; discord.py still converts these kinds."""
    if parameter.type in _RESOLVED_KEYS:
        return _is_snowflake(value)
    if parameter.type is Kind.number:
        try:
            float(value)  # type: ignore[arg-type]  # any value may come: float() refusing it is the check
        except (TypeError, ValueError):
            return value is None or value == ""
    return True


def problem_of(
    command: app_commands.Command[Any, ..., Any],
    options: Sequence[Any],
    resolved: object,
    *,
    autocomplete: bool = False,
) -> str | None:
    """The reply for the first option value of `options` that `command` cannot take, or None if all fit.

    `options` are the interaction's options below any subcommand; an option
    whose declared type differs from the parameter's is refused too (discord.py
    would convert by the declared one).
    """
    parameters = {parameter.display_name: parameter for parameter in command.parameters}
    resolved = resolved if isinstance(resolved, Mapping) else {}
    if not isinstance(options, list):
        return f"The options of /{command.qualified_name} are not valid."
    seen: set[str] = set()
    for option in options:
        name = option.get("name") if isinstance(option, Mapping) else None
        if not isinstance(name, str) or name in seen:
            return f"The options of /{command.qualified_name} are not valid."
        seen.add(name)
        parameter = parameters.get(name)
        if parameter is None:
            continue  # discord.py reports a command whose options changed (CommandSignatureMismatch)
        value = option.get("value")
        if autocomplete and option.get("focused"):
            fits = _focused_text_fits(parameter, value)
        elif autocomplete:
            fits = _readable_while_typing(parameter, value)
        else:
            fits = option.get("type") == parameter.type.value and value_fits(parameter, value, resolved)
        if not fits:
            return expected(parameter)
    return None
