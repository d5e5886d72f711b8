"""Every failure ends in an ephemeral, friendly reply; mentions are never allowed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.app.host.tree import describe_error
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.process import BotProcess

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"


async def test_unforeseen_error_gives_an_ephemeral_apology_and_a_logged_traceback(
    fake: FakeDiscord, bot: BotProcess
) -> None:
    # Discord refuses the command's first reply: inside the cog that is an exception nobody foresaw.
    fake.inject(CALLBACK, status=400, code=50035, message="Invalid Form Body")
    interaction = await fake.send_command("help")
    reply = await interaction.reply()
    assert reply.ephemeral
    assert "went wrong" in reply.content
    assert "/help" in reply.content
    await fake.wait_until(lambda: "/help failed" in bot.stderr, 5, "the error log line")
    assert "Traceback" in bot.stderr


async def test_unknown_command_says_it_is_not_available(fake: FakeDiscord, bot: BotProcess) -> None:
    data = {"id": str(fake.snowflake()), "name": "ghost", "type": 1, "options": []}
    reply = await (await fake.send_command("ghost", data=data)).reply()
    assert reply.ephemeral
    assert "/ghost is not available" in reply.content


async def test_no_message_allows_mentions(fake: FakeDiscord, bot: BotProcess) -> None:
    await fake.command("help")
    sent = [i.callback["data"] for i in fake.interactions.values() if i.callback and i.callback["type"] in (4, 7)]
    sent += [m for i in fake.interactions.values() for m in i.followups]
    assert sent
    for message in sent:
        assert message.get("allowed_mentions") == {"parse": []}, message


def interaction_stub(options: list[dict[str, Any]] | None = None) -> Any:
    """Just what describe_error reads from an interaction."""
    command = SimpleNamespace(qualified_name="review add")
    data = {"name": "review", "options": [{"type": 1, "name": "add", "options": options or []}]}
    return SimpleNamespace(command=command, data=data, guild=None, type=discord.InteractionType.application_command)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            app_commands.MissingPermissions(["manage_guild"]),
            "You need the **Manage Server** permission to use /review add",
        ),
        (app_commands.BotMissingPermissions(["embed_links"]), "I need the **Embed Links** permission"),
        (app_commands.MissingRole("Moderator"), "You need the **Moderator** role"),
        (app_commands.NoPrivateMessage(), "only works in a server"),
        (app_commands.CheckFailure(), "You can't use /review add here."),
        (app_commands.CheckFailure("Only the game's starter or a moderator can stop it."), "Only the game's starter"),
        (app_commands.AppCommandError("No film called Balerina: did you mean Ballerina?"), "did you mean Ballerina?"),
    ],
)
def test_failed_checks_say_what_is_missing(error: Exception, expected: str) -> None:
    message, unforeseen = describe_error(interaction_stub(), error)
    assert expected in message
    assert not unforeseen


def test_cooldown_says_when_to_retry() -> None:
    error = app_commands.CommandOnCooldown(app_commands.Cooldown(1, 30.0), retry_after=12.34)
    message, _ = describe_error(interaction_stub(), error)
    assert "again in 12.3 s" in message


def test_transformer_error_names_the_bad_option() -> None:
    transformer = app_commands.transformers.IdentityTransformer(discord.AppCommandOptionType.integer)
    error = app_commands.TransformerError("ten", discord.AppCommandOptionType.integer, transformer)
    options = [{"name": "film", "type": 3, "value": "Ballerina"}, {"name": "rating", "type": 4, "value": "ten"}]
    message, unforeseen = describe_error(interaction_stub(options), error)
    assert "option `rating`" in message
    assert "“ten”" in message
    assert not unforeseen


def test_a_bug_is_unforeseen_and_hides_the_details() -> None:
    error = app_commands.CommandInvokeError(SimpleNamespace(name="add"), KeyError("secret internals"))  # type: ignore[arg-type]
    message, unforeseen = describe_error(interaction_stub(), error)
    assert unforeseen
    assert "secret internals" not in message
    assert "went wrong" in message
