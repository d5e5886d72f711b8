"""/quote tagline | random"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import respond
from bot.app.client import FilmBot
from bot.catalog.model import FilmSummary
from bot.render import errors
from bot.render import quote as render
from cogs.film import film_autocomplete


class QuoteCog(commands.GroupCog, group_name="quote", group_description="Taglines and critics' pull-quotes"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    async def _film(self, interaction: discord.Interaction, film: str | None) -> tuple[bool, FilmSummary | None]:
        """(ok, film): ok is False when a film was named but not found (the error is sent)."""
        if film is None:
            return True, None
        catalog = self.bot.services.catalog
        slug = catalog.resolve_film_slug(film)
        if slug is None:
            await respond.send(interaction, errors.not_found("film", film, catalog.suggest(film, "film")))
            return False, None
        return True, catalog.summary(slug)

    @app_commands.command(name="tagline", description="Taglines, with their source")
    @app_commands.describe(film="Only this film's taglines")
    @app_commands.autocomplete(film=film_autocomplete)
    async def tagline(
        self, interaction: discord.Interaction, film: app_commands.Range[str, 1, 200] | None = None
    ) -> None:
        ok, summary = await self._film(interaction, film)
        if ok:
            quotes = await self.bot.services.catalog.taglines(summary.slug if summary else None)
            await respond.send(interaction, render.taglines(quotes, summary))

    @app_commands.command(name="random", description="A random tagline or critic's pull-quote, with its source")
    @app_commands.describe(film="Only from this film")
    @app_commands.autocomplete(film=film_autocomplete)
    async def random(
        self, interaction: discord.Interaction, film: app_commands.Range[str, 1, 200] | None = None
    ) -> None:
        ok, summary = await self._film(interaction, film)
        if ok:
            item = await self.bot.services.catalog.random_quote(summary.slug if summary else None)
            await respond.send(interaction, render.quote(item, summary))


async def setup(bot: FilmBot) -> None:
    await bot.add_cog(QuoteCog(bot))
