"""/cast person | character | film"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import respond
from bot.app.client import FilmBot
from bot.render import cast as render
from bot.render import errors
from cogs.film import film_autocomplete


async def person_autocomplete(
    interaction: discord.Interaction[FilmBot], current: str
) -> list[app_commands.Choice[str]]:
    return respond.choices(interaction.client.services.catalog.autocomplete("person", current))


async def character_autocomplete(
    interaction: discord.Interaction[FilmBot], current: str
) -> list[app_commands.Choice[str]]:
    return respond.choices(interaction.client.services.catalog.autocomplete("character", current))


class CastCog(commands.GroupCog, group_name="cast", group_description="Who played whom, and who made it"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="person", description="A person's credits: film, character or job")
    @app_commands.describe(name="The person's name (a surname alone works when it is unique)")
    @app_commands.autocomplete(name=person_autocomplete)
    async def person(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 200]) -> None:
        lookup = await self.bot.services.catalog.person_credits(name)
        if lookup.found is None:
            await respond.send(interaction, errors.not_found("person", name, lookup.suggestions))
            return
        person, credits = lookup.found
        reply = render.person_credits(person, credits)
        if lookup.guessed_from is not None:
            reply = errors.showing_for(reply, person, lookup.guessed_from)
        await respond.send(interaction, reply)

    @app_commands.command(name="character", description="Who played a character, in which film")
    @app_commands.describe(name="The character's name")
    @app_commands.autocomplete(name=character_autocomplete)
    async def character(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 200]) -> None:
        lookup = await self.bot.services.catalog.character_credits(name)
        if lookup.found is None:
            await respond.send(interaction, errors.not_found("character", name, lookup.suggestions))
            return
        await respond.send(interaction, render.character_credits(name, lookup.found))

    @app_commands.command(name="film", description="The full cast and crew of a film")
    @app_commands.describe(title="The film's title")
    @app_commands.autocomplete(title=film_autocomplete)
    async def film(self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 200]) -> None:
        lookup = await self.bot.services.catalog.find_film(title)
        if lookup.found is None:
            await respond.send(interaction, errors.not_found("film", title, lookup.suggestions))
            return
        reply = render.full_cast(lookup.found)
        if lookup.guessed_from is not None:
            reply = errors.showing_for(reply, lookup.found.title, lookup.guessed_from)
        await respond.send(interaction, reply)


async def setup(bot: FilmBot) -> None:
    await bot.add_cog(CastCog(bot))
