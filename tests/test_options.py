"""Option values a modified client sends: checked by type as well as range, in one place for every command.

Discord's client only sends an integer for an integer option; a forged
interaction can send anything, and discord.py passes it through. Each forged
value must get a private reply saying what the option takes, and change nothing.
"""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app.host.local_discord import CHANNEL_ID, GUILD_ID, LocalDiscord
from bot.app.toolkit.option_check import expected, value_fits
from tests.helpers import answer, ephemeral, text_of
from tests.test_properties import leaf_commands

Kind = discord.AppCommandOptionType


def parameter(local: LocalDiscord, path: str, name: str) -> app_commands.Parameter:
    command = next(c for c in leaf_commands(local) if c.qualified_name == path)
    return next(p for p in command.parameters if p.name == name)


async def row_counts(local: LocalDiscord) -> dict[str, int]:
    """How many rows every table holds: a forged value must change none of them."""
    db = local.bot.services.db
    tables = [r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: (await db.fetchone(f'SELECT count(*) AS n FROM "{t}"'))["n"] for t in tables}


async def test_the_check_knows_each_kind(seed_bot: LocalDiscord) -> None:
    rounds = parameter(seed_bot, "admin settings", "rounds")
    for value in (1, 5, 20):
        assert value_fits(rounds, value, {})
    for value in (2.5, 5.0, "5", True, None, [5], {"value": 5}, 0, 21, 2**80):
        assert not value_fits(rounds, value, {}), value
    name = parameter(seed_bot, "cast person", "name")
    assert value_fits(name, "de Armas", {})
    for value in (5, ["x"], "x" * 201, "", None):
        assert not value_fits(name, value, {}), value
    dry_run = parameter(seed_bot, "admin reload", "dry_run")
    assert value_fits(dry_run, False, {}) and not value_fits(dry_run, "true", {}) and not value_fits(dry_run, 1, {})
    user = parameter(seed_bot, "trivia stats", "user")
    resolved = {"users": {"42": {"id": "42"}}}
    assert value_fits(user, "42", resolved)
    for value in ("43", 42, "4x", {"id": "42"}, "-42"):
        assert not value_fits(user, value, resolved), value
    scope = parameter(seed_bot, "trivia leaderboard", "scope")
    assert value_fits(scope, "global", {}) and not value_fits(scope, "everything", {})
    assert expected(rounds) == "Rounds must be between 1 and 20 (a whole number)."


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("rounds", 2.5),
        ("rounds", "5"),
        ("rounds", True),
        ("rounds", {"nested": 5}),
        ("rounds", [5]),
        ("rounds", None),
        ("rounds", 10**30),
        ("question_time", 7.5),
        ("reveal", 1.5),
        ("clear_moderator_role", "yes"),
        ("moderator_role", "12345"),  # a role nobody resolved
    ],
)
async def test_a_forged_setting_is_refused_and_changes_nothing(seed_bot: LocalDiscord, option: str, value: Any) -> None:
    admin = seed_bot.bot.services.admin
    before, counts = await admin.settings(GUILD_ID), await row_counts(seed_bot)
    exchange = await seed_bot.forge(["admin", "settings"], {option: value})
    reply = answer(exchange)
    assert ephemeral(reply)
    assert reply["content"] == expected(parameter(seed_bot, "admin settings", option))
    assert await admin.settings(GUILD_ID) == before
    assert await row_counts(seed_bot) == counts
    stored = await seed_bot.bot.services.db.fetchall(
        "SELECT typeof(rounds) AS t FROM guild_settings WHERE rounds IS NOT NULL"
    )
    assert all(row["t"] == "integer" for row in stored)


async def test_a_declared_type_that_differs_from_the_options_is_refused(seed_bot: LocalDiscord) -> None:
    data = seed_bot.parse("/admin settings rounds:5")
    data["options"][0]["options"][0]["type"] = Kind.number.value  # discord.py would make it 5.0
    reply = answer(await seed_bot._dispatch(seed_bot._interaction(2, data), 30))
    assert ephemeral(reply)
    assert "Rounds must be between 1 and 20" in reply["content"]


@pytest.mark.parametrize("value", [1.5, "5", False, {"rounds": 3}])
async def test_a_forged_rounds_starts_no_game(seed_bot: LocalDiscord, value: Any) -> None:
    exchange = await seed_bot.forge(["trivia", "start"], {"rounds": value})
    reply = answer(exchange)
    assert ephemeral(reply)
    assert "Rounds must be between 1 and 20" in reply["content"]
    assert seed_bot.bot.services.trivia.game_in(CHANNEL_ID) is None
    assert not [m for m in seed_bot.channel_messages if not ephemeral(m.payload)]


async def test_a_forged_rating_writes_no_review(seed_bot: LocalDiscord) -> None:
    counts = await row_counts(seed_bot)
    for rating in (8.5, "8", True):
        reply = answer(await seed_bot.forge(["review", "add"], {"film": "x", "rating": rating, "text": "Good."}))
        assert ephemeral(reply) and "Rating must be between" in reply["content"]
    assert await row_counts(seed_bot) == counts


async def test_forged_text_is_refused_by_length_and_type(seed_bot: LocalDiscord) -> None:
    for value in (12345, ["Ballerina"], "x" * 100_000):
        reply = answer(await seed_bot.forge(["film", "info"], {"title": value}))
        assert ephemeral(reply)
        assert reply["content"] == "Title must be 1 to 200 characters long."


async def test_a_forged_autocomplete_gets_no_suggestions(seed_bot: LocalDiscord) -> None:
    data = seed_bot.parse("/film info title:bal", focus_last=True)
    for value in ("b" * 10_000, 7, {"q": "bal"}):
        data["options"][0]["options"][0]["value"] = value
        exchange = await seed_bot._dispatch(seed_bot._interaction(4, data), 10)
        assert exchange.choices == []
    assert await seed_bot.autocomplete("/film info title:bal"), "a real one still completes"


async def test_malformed_options_get_a_private_answer(seed_bot: LocalDiscord) -> None:
    data = seed_bot.parse("/film info title:Ballerina")
    twice = [{"type": 3, "name": "title", "value": "a"}, {"type": 3, "name": "title", "value": "b"}]
    for options in (["title"], [{"type": 1, "name": "info", "options": twice}]):
        data["options"] = options
        reply = answer(await seed_bot._dispatch(seed_bot._interaction(2, data), 30))
        assert ephemeral(reply)
        assert "not valid" in text_of(reply)


HOSTILE_VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.none(),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
async def test_every_option_of_every_command_refuses_what_does_not_fit(
    seed_bot: LocalDiscord, data: st.DataObject
) -> None:
    command = data.draw(st.sampled_from([c for c in leaf_commands(seed_bot) if c.parameters]), label="command")
    target = data.draw(st.sampled_from(command.parameters), label="option")
    value = data.draw(HOSTILE_VALUES.filter(lambda v: not value_fits(target, v, {})), label="value")
    counts = await row_counts(seed_bot)
    exchange = await seed_bot.forge(command.qualified_name.split(), {target.name: value})
    reply = answer(exchange)
    assert ephemeral(reply), f"/{command.qualified_name} {target.name}={value!r}"
    assert reply["content"] == expected(target), f"/{command.qualified_name} {target.name}={value!r}"
    assert await row_counts(seed_bot) == counts


async def test_the_services_refuse_a_non_integer_too(seed_bot: LocalDiscord) -> None:
    """Belt and braces for callers that are not the command tree."""
    from bot.admin.model import AdminError
    from bot.trivia.errors import InvalidOptionError

    services = seed_bot.bot.services
    for value in (2.5, True, "5"):
        with pytest.raises(AdminError, match="Rounds must be between"):
            await services.admin.update_settings(GUILD_ID, 1, rounds=value)
        with pytest.raises(InvalidOptionError, match="Rounds must be between"):
            await services.trivia.start_game(GUILD_ID, CHANNEL_ID, 1, rounds=value)
    assert (await services.admin.settings(GUILD_ID)).rounds == 5
