"""Turning a renderer's `Reply` into what discord.py sends, for every cog alike; and the two
guards that bring what discord.py would only log to the user: a failing button (or form)
and an autocomplete that refuses (a `bot.errors.UserError`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.errors import UserError
from bot.render.errors import user_error_choice
from bot.render.payload import CHOICE_NAME_MAX, CHOICE_VALUE_MAX, CHOICES_MAX, Reply, clip

NO_MENTIONS = discord.AllowedMentions.none()
Item = TypeVar("Item")
ButtonCallback = Callable[[Item, discord.Interaction[Any]], Coroutine[Any, Any, None]]
Completion = Callable[[discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]]
_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


def layout_view(reply: Reply) -> discord.ui.View | None:
    """A view used only to lay out buttons.

    Button clicks are routed by `DynamicItem` classes matching the custom_id
    (registered by each cog), so the state lives in the custom_id and nothing
    is kept per message: buttons keep working after a restart and memory stays
    flat however many messages have buttons. The view is stopped before it is
    sent so discord.py does not store it.
    """
    if not reply.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in reply.buttons:
        view.add_item(
            discord.ui.Button(
                label=clip(button.label, 80),
                custom_id=button.custom_id,
                style=_STYLES.get(button.style, discord.ButtonStyle.secondary),
                disabled=button.disabled,
                row=button.row,
            )
        )
    view.stop()
    return view


def _embeds(reply: Reply) -> list[discord.Embed]:
    return [discord.Embed.from_dict(data) for data in reply.embeds]


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """A reply as discord.py's send/edit keyword arguments: content, embeds, buttons, mentions off.

    `view` is always given (None clears the buttons), so an edit never keeps stale ones.
    """
    return {
        "content": reply.content,
        "embeds": _embeds(reply),
        "view": layout_view(reply),
        "allowed_mentions": NO_MENTIONS,
    }


async def send(interaction: discord.Interaction, reply: Reply) -> None:
    """Answer the interaction (or follow up when it was already answered or deferred).

    A `failed` reply (a friendly error) marks the interaction as failed, as
    discord.py does for a raised error: no completion event, and `filmbot ask` exits 1.
    """
    if reply.failed:
        interaction.command_failed = True
    kwargs = message_kwargs(reply)
    if kwargs["view"] is None:
        del kwargs["view"]  # send_message and followup.send take no view=None
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs, ephemeral=reply.ephemeral)
    else:
        await interaction.response.send_message(**kwargs, ephemeral=reply.ephemeral)


async def edit(interaction: discord.Interaction, reply: Reply) -> None:
    """Replace the message a button sits on (paging) with a new reply."""
    await interaction.response.edit_message(**message_kwargs(reply))


def reply_on_error(callback: ButtonCallback[Item]) -> ButtonCallback[Item]:
    """For button callbacks (DynamicItem): a failure, a UserError included, gets the same
    private, friendly reply (and a bug its logged traceback) as a failed command, from the
    tree's `on_error`, instead of Discord's bare "This interaction failed" (discord.py only
    logs errors of dynamic items)."""

    @functools.wraps(callback)
    async def guarded(item: Item, interaction: discord.Interaction[Any]) -> None:
        try:
            await callback(item, interaction)
        except Exception as error:
            await interaction.client.tree.on_error(interaction, error)

    return guarded


def refusal_choices(problem: UserError, current: str) -> list[app_commands.Choice[str]]:
    """A refusal while typing, as the one suggestion Discord shows; picking it sends what was typed."""
    name = user_error_choice(problem)
    return [app_commands.Choice(name=name, value=(current.strip() or name)[:CHOICE_VALUE_MAX])]


def refusal_as_choice(complete: Completion) -> Completion:
    """For autocomplete callbacks: a UserError is shown as the one suggestion, where
    discord.py would only log it (and Discord say "Loading options failed")."""

    @functools.wraps(complete)
    async def guarded(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        try:
            return await complete(interaction, current)
        except UserError as problem:
            return refusal_choices(problem, current)

    return guarded


def choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    """Autocomplete choices within Discord's limits (25, names and values <= 100 characters)."""
    return [
        app_commands.Choice(name=clip(label, CHOICE_NAME_MAX), value=value[:CHOICE_VALUE_MAX])
        for label, value in pairs[:CHOICES_MAX]
    ]
