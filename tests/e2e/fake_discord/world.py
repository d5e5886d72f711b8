"""The fake's world: users, roles, attachments, and the guild, channel and member payloads it serves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .wire import ADMINISTRATOR, EVERYONE_PERMISSIONS


@dataclass
class FakeUser:
    id: int
    username: str
    roles: list[int] = field(default_factory=list)
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": None if self.bot else self.username.title(),
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
            "icon": None,
            "unicode_emoji": None,
        }


@dataclass
class FakeAttachment:
    """A file a user attaches to an ATTACHMENT option; the fake serves it like Discord's CDN."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


class WorldMixin:
    """FakeDiscord's guilds, channels and members (state made in `FakeDiscord.__init__`)."""

    # ----------------------------------------------------------------- world

    def add_user(self, username: str, *, roles: Iterable[int] = (), bot: bool = False) -> FakeUser:
        """A new member of the guild (players for soak tests); usernames need not be unique."""
        user = FakeUser(self.snowflake(), username, list(roles), bot=bot)
        self.users[user.id] = user
        return user

    def user_named(self, username: str, *, bot: bool = False) -> FakeUser:
        """The member with this username, added the first time: one player the tests of a module share."""
        found = next((u for u in self.users.values() if u.username == username), None)
        return found or self.add_user(username, bot=bot)

    async def add_channel(self, name: str) -> int:
        """A new text channel in the guild; a connected bot hears CHANNEL_CREATE. Returns its id."""
        channel_id = self.snowflake()
        self.channels[channel_id] = name
        if self.session is not None and not self.session.invalid:
            await self.session.dispatch("CHANNEL_CREATE", self.channel_payload(channel_id))
        return channel_id

    async def add_guild(self, *, shard: tuple[int, int] | None = None) -> tuple[int, int]:
        """Another guild the bot is in, with one text channel; (guild id, channel id).

        `shard` (shard_id, shard_count) picks an id that Discord would route to that shard.
        The members, roles and moderators are the first guild's. A connected bot holding its
        shard hears GUILD_CREATE."""
        guild_id = self.snowflake()
        if shard is not None:
            while (guild_id >> 22) % shard[1] != shard[0]:
                guild_id += 1 << 22  # a millisecond later: the shard is chosen by the timestamp
        channel_id = self.snowflake()
        self.guild_ids.append(guild_id)
        self.channels[channel_id] = "films"
        self.guild_of_channel[channel_id] = guild_id
        for session in {*self.sessions.values()}:
            shard_id, shard_count = session.identify.get("shard") or (0, 1)
            if (guild_id >> 22) % shard_count == shard_id and not session.invalid:
                self.session_of_guild[guild_id] = session
                await session.dispatch("GUILD_CREATE", self.guild_payload(guild_id))
        return guild_id, channel_id

    # ----------------------------------------------------------------- world payloads

    def permissions_of(self, user: FakeUser) -> int:
        if user.id == self.owner.id:
            return (1 << 53) - 1
        value = self.everyone.permissions
        for role_id in user.roles:
            value |= self.roles[role_id].permissions
        return (1 << 53) - 1 if value & ADMINISTRATOR else value

    def member_payload(self, user: FakeUser, *, with_user: bool = True) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "roles": [str(r) for r in user.roles],
            "nick": None,
            "avatar": None,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            payload["user"] = user.payload()
        return payload

    def channel_payload(self, channel_id: int | None = None) -> dict[str, Any]:
        """A text channel of the guild (the default one, "films", unless `channel_id` is given)."""
        channel_id = self.channel_id if channel_id is None else channel_id
        return {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(self.guild_of_channel.get(channel_id, self.guild_id)),
            "name": self.channels[channel_id],
            "position": list(self.channels).index(channel_id),
            "permission_overwrites": [],
            "nsfw": False,
            "topic": "Film talk",
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
            "flags": 0,
        }

    def guild_payload(self, guild_id: int | None = None) -> dict[str, Any]:
        guild_id = self.guild_id if guild_id is None else guild_id
        roles = [r.payload() for r in self.roles.values()]
        if guild_id != self.guild_id:  # its own @everyone (id = the guild's), the same other roles
            roles = [Role(guild_id, "@everyone", EVERYONE_PERMISSIONS).payload(), *roles[1:]]
        return {
            "id": str(guild_id),
            "name": "Film Club" if guild_id == self.guild_id else f"Film Club {self.guild_ids.index(guild_id) + 1}",
            "icon": None,
            "owner_id": str(self.owner.id),
            "roles": roles,
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": [
                self.channel_payload(c)
                for c in self.channels
                if self.guild_of_channel.get(c, self.guild_id) == guild_id
            ],
            "threads": [],
            "members": [self.member_payload(self.bot_user)],
            "member_count": len(self.users),
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "large": False,
            "unavailable": False,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
        }
