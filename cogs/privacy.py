"""/privacy show | forget: a member sees what the bot keeps about them and deletes it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.toolkit import respond
from bot.app.toolkit.services import services_of
from bot.render import privacy as render

if TYPE_CHECKING:
    from bot.app.host.client import FilmBot


class ForgetButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"privacy:forget:(?P<user>\d{1,20})"):
    """The confirmation of /privacy forget; the member it deletes is in the custom_id."""

    def __init__(self, user_id: int) -> None:
        super().__init__(discord.ui.Button(label="Delete all of it", custom_id=f"{render.FORGET_PREFIX}:{user_id}"))
        self.user_id = user_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ForgetButton:
        return cls(int(match["user"]))

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.user.id != self.user_id:
            await respond.send(interaction, render.not_yours())
            return
        deleted = await services_of(interaction).privacy.forget(self.user_id)
        await respond.edit(interaction, render.forgotten(deleted))


class PrivacyCog(commands.GroupCog, group_name="privacy", group_description="What the bot keeps about you"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="show", description="See what the bot keeps about you, in every server")
    async def show(self, interaction: discord.Interaction) -> None:
        data = await self.bot.services.privacy.held(interaction.user.id)
        await respond.send(interaction, render.held(data, interaction.user.id))

    @app_commands.command(name="forget", description="Delete your reviews and trivia stats, in every server")
    async def forget(self, interaction: discord.Interaction) -> None:
        data = await self.bot.services.privacy.held(interaction.user.id)
        await respond.send(interaction, render.held(data, interaction.user.id, offer_deletion=True))


async def setup(bot: FilmBot) -> None:
    bot.add_dynamic_items(ForgetButton)
    await bot.add_cog(PrivacyCog(bot))
