"""The floor for bench/e2e_trivia_load.py: a minimal stock discord.py bot.

It acknowledges every component click with an ephemeral message, through
discord.py's public API and nothing else (no game, no store, default event
loop and connection pool). Pointed at the fake Discord by the environment:

    DISCORD_TOKEN, DISCORD_API_BASE (the REST root), FLOOR_GATEWAY (the gateway URL)
"""

from __future__ import annotations

import logging
import os

import discord
import yarl


class FloorBot(discord.Client):
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.component:
            await interaction.response.send_message("Got it.", ephemeral=True)


def main() -> None:
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FLOOR_GATEWAY"])
    intents = discord.Intents.none()
    intents.guilds = True
    FloorBot(intents=intents).run(os.environ["DISCORD_TOKEN"], log_level=logging.WARNING)


if __name__ == "__main__":
    main()
