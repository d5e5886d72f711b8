"""FakeDiscord: the world, records and lifecycle of one fake, with the route mixins composed."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .callbacks import CallbacksMixin
from .client import ClientMixin
from .faults import Fault, FaultsMixin
from .gateway import GatewayMixin, Session
from .interactions import Interaction
from .rest import Recorded, RestMixin
from .wire import API_PREFIX, EVERYONE_PERMISSIONS, MANAGE_GUILD, MANAGE_MESSAGES, fake_bot_token, snowflake_factory
from .world import FakeAttachment, FakeUser, Role, WorldMixin


class FakeDiscord(ClientMixin, CallbacksMixin, RestMixin, GatewayMixin, FaultsMixin, WorldMixin):
    """REST + gateway on 127.0.0.1 (ephemeral port). Use `async with FakeDiscord() as fake`."""

    def __init__(self, *, token: str | None = None, keep_bodies: bool = True) -> None:
        self.snowflake = snowflake_factory()
        self.application_id = self.snowflake()
        self.token = token or fake_bot_token(self.application_id)
        self.bot_user = FakeUser(self.application_id, "FilmBot", bot=True)
        self.guild_id = self.snowflake()
        self.channel_id = self.snowflake()
        self.channels: dict[int, str] = {self.channel_id: "films"}  # the guild's text channels
        self.everyone = Role(self.guild_id, "@everyone", EVERYONE_PERMISSIONS)
        self.moderator_role = Role(self.snowflake(), "Moderator", MANAGE_GUILD | MANAGE_MESSAGES, position=2)
        self.bot_role = Role(self.snowflake(), "FilmBot", EVERYONE_PERMISSIONS, position=1, managed=True)
        self.roles = {r.id: r for r in (self.everyone, self.moderator_role, self.bot_role)}
        self.owner = FakeUser(self.snowflake(), "owner")
        self.moderator = FakeUser(self.snowflake(), "mod", roles=[self.moderator_role.id])
        self.member = FakeUser(self.snowflake(), "member")
        self.bot_user.roles = [self.bot_role.id]
        self.users = {u.id: u for u in (self.bot_user, self.owner, self.moderator, self.member)}

        # Records.
        self.requests: list[Recorded] = []
        self.unhandled: list[Recorded] = []
        self.gateway_log: list[tuple[float, str, Any]] = []  # (time, what, detail)
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id -> registered
        self.command_ids: dict[tuple[str, int, str], int] = {}  # stable ids across overwrites
        self.messages: dict[int, dict[str, Any]] = {}
        self._channel_log: dict[int, list[int]] = {}  # channel id -> message ids, oldest first
        self.interactions: dict[int, Interaction] = {}
        self.attachments: dict[int, FakeAttachment] = {}
        self._by_token: dict[str, Interaction] = {}
        self.sessions: dict[str, Session] = {}
        # The latest identified session that holds the guild (with shards, the guild's shard).
        self.session: Session | None = None
        self.max_concurrency = 1  # identifies per 5 s, as GET /gateway/bot tells the bot
        # More guilds (add_guild), each with a channel; a guild's events go to the session of its shard.
        self.guild_ids: list[int] = [self.guild_id]
        self.guild_of_channel: dict[int, int] = {self.channel_id: self.guild_id}
        self.session_of_guild: dict[int, Session] = {}

        self.faults: list[Fault] = []
        self._faults_served: Counter[str] = Counter()
        # False: a request's body is dropped from `requests` once handled (long runs; see forget()).
        self.keep_bodies = keep_bodies
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ----------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware])
        r = app.router
        p = API_PREFIX
        r.add_get(f"{p}/users/@me", self._users_me)
        r.add_get(f"{p}/oauth2/applications/@me", self._application_me)
        r.add_get(f"{p}/gateway", self._gateway_url)
        r.add_get(f"{p}/gateway/bot", self._gateway_bot)
        for scope in ("", "/guilds/{guild_id}"):
            r.add_get(f"{p}/applications/{{application_id}}{scope}/commands", self._get_commands)
            r.add_put(f"{p}/applications/{{application_id}}{scope}/commands", self._put_commands)
        r.add_post(f"{p}/interactions/{{interaction_id}}/{{token}}/callback", self._callback)
        r.add_post(f"{p}/webhooks/{{application_id}}/{{token}}", self._followup)
        webhook_message = f"{p}/webhooks/{{application_id}}/{{token}}/messages/{{message_id}}"
        r.add_get(webhook_message, self._webhook_message)
        r.add_patch(webhook_message, self._webhook_message)
        r.add_delete(webhook_message, self._webhook_message)
        r.add_get(f"{p}/channels/{{channel_id}}", self._get_channel)
        r.add_post(f"{p}/channels/{{channel_id}}/messages", self._post_channel_message)
        channel_message = f"{p}/channels/{{channel_id}}/messages/{{message_id}}"
        r.add_get(channel_message, self._channel_message)
        r.add_patch(channel_message, self._channel_message)
        r.add_delete(channel_message, self._channel_message)
        r.add_get(f"{p}/guilds/{{guild_id}}", self._get_guild)
        r.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._cdn)
        r.add_get("/ws", self._websocket)
        r.add_get("/ws/resume", self._websocket)
        r.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for session in self.sessions.values():
            if session.connection is not None:
                await session.connection.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        """The REST root including the version, for DISCORD_API_BASE."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    # ----------------------------------------------------------------- waiting

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(self, predicate: Callable[[], object], within: float = 5.0, what: str = "condition") -> None:
        """Wait until `predicate()` is true; re-checked whenever the fake records something."""
        deadline = time.monotonic() + within
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"timed out after {within:.1f} s waiting for {what}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def wait_ready(self, count: int = 1, within: float = 30.0) -> None:
        """Wait until `count` sessions have been READY'd in total."""
        await self.wait_until(lambda: self.gateway_count("READY") >= count, within, f"READY #{count}")

    def gateway_count(self, what: str) -> int:
        return sum(1 for _, kind, _ in self.gateway_log if kind == what)

    def calls(self, route: str) -> list[Recorded]:
        """Recorded requests for "METHOD /template", e.g. "PUT /applications/{application_id}/commands"."""
        return [r for r in self.requests if r.route == route]

    def outcomes(self) -> Counter[str]:
        """The interactions the fake still holds, counted by `Interaction.outcome`."""
        return Counter(i.outcome for i in self.interactions.values())

    def fault_counts(self) -> Counter[str]:
        """Faults actually served: REST ("429 route", "429 global", "5xx", ...) and gateway ones."""
        counts = Counter(self._faults_served)
        for kind, name in (("SENT_RECONNECT", "RECONNECT"), ("SENT_INVALID_SESSION", "INVALID_SESSION")):
            counts[name] += self.gateway_count(kind)
        counts["resumable close"] += self.gateway_count("SENT_CLOSE")
        return +counts

    def messages_in(self, channel_id: int, after: int | None = None) -> list[dict[str, Any]]:
        """The messages of a channel that still exist, oldest first; with `after`, only those created
        after that message (cheap: walks back from the newest)."""
        ids = self._channel_log.get(channel_id, [])
        start = 0
        if after is not None:
            start = next((i + 1 for i in range(len(ids) - 1, -1, -1) if ids[i] == after), 0)
        return [self.messages[m] for m in ids[start:] if m in self.messages]

    def forget(self, interaction: Interaction) -> None:
        """Drop an answered interaction and the messages it made (bounded memory in long runs)."""
        self.interactions.pop(interaction.id, None)
        self._by_token.pop(interaction.token, None)
        owned = [interaction.original_message_id or 0, *(int(m["id"]) for m in interaction.followups)]
        if interaction.type == 3:  # a click's original message is the one the button sits on: keep it
            owned = [int(m["id"]) for m in interaction.followups]
            if interaction.callback and interaction.callback.get("type") in (4, 5):
                owned.append(interaction.original_message_id or 0)
        for message_id in owned:
            message = self.messages.pop(message_id, None)
            if message is not None:
                with contextlib.suppress(ValueError):
                    self._channel_log.get(int(message["channel_id"]), []).remove(message_id)
