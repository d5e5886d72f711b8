"""The services behind an interaction, typed, without importing the bot class: the host
imports the toolkit, never the reverse."""

from __future__ import annotations

from typing import Any

import discord

from bot.runtime import Services


def services_of(source: discord.Interaction[Any] | discord.Client) -> Services:
    """The services of the bot (or of the bot answering an interaction): the host's bot has them."""
    client: Any = source.client if isinstance(source, discord.Interaction) else source
    services: Services = client.services
    return services
