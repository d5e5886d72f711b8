"""/film info | search | list"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.toolkit import respond
from bot.app.toolkit.lookups import FilmCard
from bot.app.toolkit.services import services_of
from bot.errors import NothingToSearchError
from bot.render import film as render
from bot.render.film import LIST_PER_PAGE
from bot.text import searchable

if TYPE_CHECKING:
    from bot.app.host.client import FilmBot


class FilmListPage(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"film:list:(?P<page>\d+)"):
    """The list's Previous/Next buttons; the page number lives in the custom_id."""

    def __init__(self, page: int) -> None:
        super().__init__(discord.ui.Button(label=str(page), custom_id=f"film:list:{page}"))
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FilmListPage:
        return cls(int(match["page"]))

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        page = await services_of(interaction).catalog.list_films(self.page, LIST_PER_PAGE)
        await respond.edit(interaction, render.film_list(page))


class FilmCog(commands.GroupCog, group_name="film", group_description="Film cards, search and the catalog"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="info", description="A film's card: year, cast, crew, taglines, ratings, sources")
    @app_commands.describe(title="The film's title")
    async def info(self, interaction: discord.Interaction, title: FilmCard) -> None:
        await respond.send(interaction, title.noted(render.film_card(title.value), title.value.title))

    @app_commands.command(name="search", description="Fuzzy search over titles, people and characters")
    @app_commands.describe(query="Part of a title or name; typos are fine")
    async def search(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        if not searchable(query):
            raise NothingToSearchError(query)
        await respond.send(interaction, render.search_results(query, self.bot.services.catalog.search(query, 15)))

    @app_commands.command(name="list", description="Every film in the catalog, ten at a time")
    async def list_(self, interaction: discord.Interaction) -> None:
        page = await self.bot.services.catalog.list_films(1, LIST_PER_PAGE)
        await respond.send(interaction, render.film_list(page))


async def setup(bot: FilmBot) -> None:
    bot.add_dynamic_items(FilmListPage)
    await bot.add_cog(FilmCog(bot))
