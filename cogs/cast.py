"""/cast person | character | film"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.toolkit import respond
from bot.app.toolkit.lookups import CharacterCredits, FilmCard, PersonCredits
from bot.render import cast as render

if TYPE_CHECKING:
    from bot.app.host.client import FilmBot


class CastCog(commands.GroupCog, group_name="cast", group_description="Who played whom, and who made it"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="person", description="A person's credits: film, character or job")
    @app_commands.describe(name="The person's name (a surname alone works when it is unique)")
    async def person(self, interaction: discord.Interaction, name: PersonCredits) -> None:
        person, credits = name.value
        await respond.send(interaction, name.noted(render.person_credits(person, credits), person))

    @app_commands.command(name="character", description="Who played a character, in which film")
    @app_commands.describe(name="The character's name")
    async def character(self, interaction: discord.Interaction, name: CharacterCredits) -> None:
        await respond.send(interaction, render.character_credits(name.typed, name.value))

    @app_commands.command(name="film", description="The full cast and crew of a film")
    @app_commands.describe(title="The film's title")
    async def film(self, interaction: discord.Interaction, title: FilmCard) -> None:
        await respond.send(interaction, title.noted(render.full_cast(title.value), title.value.title))


async def setup(bot: FilmBot) -> None:
    await bot.add_cog(CastCog(bot))
