"""/quote tagline | random"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.toolkit import respond
from bot.app.toolkit.lookups import FilmTitle
from bot.render import quote as render

if TYPE_CHECKING:
    from bot.app.host.client import FilmBot


class QuoteCog(commands.GroupCog, group_name="quote", group_description="Taglines and critics' pull-quotes"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="tagline", description="Taglines, with their source")
    @app_commands.describe(film="Only this film's taglines")
    async def tagline(self, interaction: discord.Interaction, film: FilmTitle | None = None) -> None:
        quotes = await self.bot.services.catalog.taglines(film.slug if film else None)
        await respond.send(interaction, render.taglines(quotes, film))

    @app_commands.command(name="random", description="A random tagline or critic's pull-quote, with its source")
    @app_commands.describe(film="Only from this film")
    async def random(self, interaction: discord.Interaction, film: FilmTitle | None = None) -> None:
        item = await self.bot.services.catalog.random_quote(film.slug if film else None)
        await respond.send(interaction, render.quote(item, film))


async def setup(bot: FilmBot) -> None:
    await bot.add_cog(QuoteCog(bot))
