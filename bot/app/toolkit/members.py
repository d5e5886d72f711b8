"""Who is asking: the member's roles, and whether they moderate this server.

The one place the cogs (/admin, /trivia stop) learn this from an interaction.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.app.toolkit.services import services_of


def role_ids(user: discord.User | discord.Member) -> tuple[int, ...]:
    """The ids of a member's roles, as Discord sent them with the interaction; none
    for a user outside a server.

    discord.py's public `Member.roles` keeps only the roles already in the bot's
    cache of the server, so a moderator role the cache has not caught up with
    (a role just created, a server not yet available after a reconnect) would
    be missed. The ids Discord sent are complete; discord.py keeps them on the
    member as `_roles`. Should a discord.py release drop that, this falls back
    to the public, cached roles (a member may then be refused, never wrongly let in).
    """
    if not isinstance(user, discord.Member):
        return ()
    sent = getattr(user, "_roles", None)
    if sent is None:
        return tuple(role.id for role in user.roles if not role.is_default())
    return tuple(int(role_id) for role_id in sent)


async def is_moderator_interaction(interaction: discord.Interaction[Any]) -> bool:
    """Manage Server (as Discord resolved it for this interaction), or the server's moderator role."""
    if interaction.guild_id is None:
        return False
    admin = services_of(interaction).admin
    return await admin.is_moderator(interaction.guild_id, interaction.permissions.value, role_ids(interaction.user))
