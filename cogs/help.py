"""/help, built from the command tree itself so it never drifts from what exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.toolkit import respond
from bot.render.help import help_card

if TYPE_CHECKING:
    from bot.app.host.client import FilmBot


def _usage(command: app_commands.Command) -> str:
    options = " ".join(p.name if p.required else f"[{p.name}]" for p in command.parameters)
    return f"/{command.qualified_name}" + (f" {options}" if options else "")


class HelpCog(commands.Cog):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What filmbot can do")
    async def help(self, interaction: discord.Interaction) -> None:
        groups: list[tuple[str, list[tuple[str, str]]]] = []
        singles: list[tuple[str, str]] = []
        for command in sorted(self.bot.tree.get_commands(), key=lambda c: c.name):
            needed = command.default_permissions
            if needed is not None and not needed.is_subset(interaction.permissions):
                continue  # Discord hides these from this member too (e.g. /admin without Manage Server)
            if isinstance(command, app_commands.Group):
                entries = [
                    (_usage(sub), sub.description)
                    for sub in command.walk_commands()
                    if isinstance(sub, app_commands.Command)
                ]
                groups.append((f"/{command.name} — {command.description}", entries))
            elif isinstance(command, app_commands.Command):
                singles.append((_usage(command), command.description))
        if singles:
            groups.append(("Other", singles))
        await respond.send(interaction, help_card(groups))


async def setup(bot: FilmBot) -> None:
    await bot.add_cog(HelpCog(bot))
