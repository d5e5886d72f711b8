"""The discord.py client: opens the services, loads the cogs, answers interactions."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.app.clicks import ClickRouter
from bot.app.host.tree import FilmTree, SyncReport
from bot.app.rest_budget import RestBudget
from bot.config import Settings
from bot.runtime import Services, open_services

log = logging.getLogger(__name__)

# Every cog is an extension; a cog that fails to load is logged and the rest still load.
EXTENSIONS: tuple[str, ...] = (
    "cogs.film",
    "cogs.cast",
    "cogs.quote",
    "cogs.review",
    "cogs.help",
    "cogs.admin",
    "cogs.trivia",
    "cogs.privacy",
)
MAX_RATE_LIMIT_WAIT = 60.0  # seconds
# One pool for REST and the gateway: keep-alive, and never more connections than this (discord.py's
# default pool is unbounded: thousands under a flood). The click callbacks keep WORKERS connections of
# their own (bot.app.clicks), so the process never holds more than WORKERS + POOL_CONNECTIONS.
POOL_CONNECTIONS = 32
KEEPALIVE_SECONDS = 60.0


class FilmBot(commands.Bot):
    """The one bot class, used by `filmbot run` (Discord) and the local console alike."""

    tree: FilmTree[FilmBot]

    def __init__(self, settings: Settings, services: Services | None = None, **client_options: Any) -> None:
        # The bot never joins voice: skip discord.py's start-up warnings about voice libraries.
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        # Slash commands and buttons need no privileged intent; guilds gives us server names.
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=FilmTree,
            # A longer 429 (e.g. the daily command-creation limit) raises instead of stalling for hours.
            max_ratelimit_timeout=MAX_RATE_LIMIT_WAIT,
            **client_options,  # shard_count and shard_ids, for the sharded bot
        )
        self.settings = settings
        self._services = services
        self._services_closed = False
        self.failed_extensions: dict[str, str] = {}
        # Registered component clicks (the trivia answers) skip discord.py's objects: see bot.app.clicks.
        # It also runs the process's full garbage collections between floods of clicks, not during them.
        self.clicks = ClickRouter(collect_between_floods=True)
        self.clicks.install(self._connection)
        # The bot's own REST calls (game messages) share one budget under Discord's global limit.
        self.rest_budget = RestBudget()
        # `filmbot sync` turns this off and forces its own sync after login; of several shard
        # processes, only the one holding shard 0 registers the commands.
        self.register_on_login = settings.holds_shard_zero

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are not open yet: call prepare() first")
        return self._services

    async def prepare(self) -> None:
        """Open the store and services (ingesting data/ when the catalog is empty), load every cog."""
        if self._services is None:
            self._services = await open_services(self.settings)
        await self.load_cogs()

    async def load_cogs(self) -> None:
        for name in EXTENSIONS:
            if name in self.extensions:
                continue
            try:
                await self.load_extension(name)
            except commands.ExtensionError as error:
                self.failed_extensions[name] = str(error.__cause__ or error)
                log.exception("extension %s failed to load; the others still load", name)

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        """discord.py's dispatch, without the "socket_event_type" it sends before every gateway event.

        Nothing here listens to it, and under a flood of clicks looking for listeners (a failed
        attribute lookup each time) cost a few us a click. A cog that adds a listener gets it again."""
        if event_name == "socket_event_type" and "on_socket_event_type" not in self.extra_events:
            return
        super().dispatch(event_name, *args, **kwargs)

    async def login(self, token: str) -> None:
        # Routes build their URL from Route.BASE when created, so it must move before the first request.
        if self.settings.api_base:
            discord.http.Route.BASE = self.settings.api_base
            log.info("using the Discord API at %s", self.settings.api_base)
        if self.http.connector is discord.utils.MISSING:
            self.http.connector = aiohttp.TCPConnector(limit=POOL_CONNECTIONS, keepalive_timeout=KEEPALIVE_SECONDS)
        await super().login(token)

    async def setup_hook(self) -> None:
        if self.settings.api_base:
            await self._use_api_gateway()
        await self.prepare()
        await self._start_clicks()
        if self.register_on_login:
            try:
                await self.register_commands()
            except discord.RateLimited as limited:
                log.warning(
                    "Discord rate-limits command registration for %.0f s: not waiting; "
                    "the commands it already has keep working, and the next start tries again",
                    limited.retry_after,
                )
            except discord.HTTPException:
                # The commands Discord already has keep working; the next start tries again.
                log.exception("registering the application commands failed")

    async def _start_clicks(self) -> None:
        """Answer clicks on the hot path's own connections, at the API root REST uses, as discord.py says who it is."""
        await self.clicks.start(discord.http.Route.BASE, user_agent=self.http.user_agent)

    async def _use_api_gateway(self) -> None:
        """Ask the API where its gateway is: a plain Client would connect to gateway.discord.gg."""
        _shards, url, _limits = await self.http.get_bot_gateway()
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        log.info("using the gateway at %s", url)

    async def register_commands(self, *, force: bool = False) -> SyncReport:
        """Sync the slash commands (to settings.guild_id when set) if they changed since the last sync."""
        guild = discord.Object(self.settings.guild_id) if self.settings.guild_id else None
        return await self.tree.sync_if_changed(self.services.db, guild=guild, force=force)

    async def close(self) -> None:
        try:
            await self.clicks.close()
            await super().close()
        finally:
            if self._services is not None and not self._services_closed:
                self._services_closed = True
                await self._services.close()
