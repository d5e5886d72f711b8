"""/review show (critics from the documents; the community's reviews join later)"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import respond
from bot.app.client import FilmBot
from bot.render import errors
from bot.render import review as render
from cogs.film import film_autocomplete


class ReviewCog(commands.GroupCog, group_name="review", group_description="Critic and community reviews"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="show", description="Critic reviews of a film: rating, verdict, strengths, weaknesses")
    @app_commands.describe(film="The film's title")
    @app_commands.autocomplete(film=film_autocomplete)
    async def show(self, interaction: discord.Interaction, film: app_commands.Range[str, 1, 200]) -> None:
        lookup = await self.bot.services.catalog.find_film(film)
        if lookup.found is None:
            await respond.send(interaction, errors.not_found("film", film, lookup.suggestions))
            return
        await respond.send(interaction, render.critic_reviews(lookup.found))


async def setup(bot: FilmBot) -> None:
    await bot.add_cog(ReviewCog(bot))
