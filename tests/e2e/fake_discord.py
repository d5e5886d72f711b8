"""A local fake of the Discord API for end-to-end tests: REST and gateway on 127.0.0.1.

The real bot process, unmodified, points `DISCORD_API_BASE` at `FakeDiscord.api_base`
and talks to this server exactly as it talks to discord.com. The fake holds one
small world (an application whose bot user shares its id, one guild with one text
channel, a moderator with the Manage Server permission through a role, and a plain
member), enforces the Discord rules a bot most often breaks (3 s to acknowledge an
interaction, one acknowledgement, no empty messages, message and command schema
limits), records every request, and lets a test inject what Discord does on a bad
day: 429s, 5xx, gateway RECONNECT, a dropped socket, an invalidated session.

Test-facing API (all coroutines unless noted):

    fake.command("film info", title="Ballerina")      -> Reply (the first visible answer)
    fake.send_command("help", user=fake.member)       -> Interaction (then wait on it)
    fake.autocomplete("film info", title="bal")       -> list of choices
    fake.click(message_id, custom_id, user=...)       -> Interaction
    interaction.wait_callback() / wait_followups(n) / wait_edits(n) / reply()
    fake.inject(route, status=429 | 5xx, ...)         (sync) fault injection on REST
    fake.gateway_reconnect() / gateway_drop(4000) / gateway_invalidate()

For many players and long runs (soak tests):

    await fake.add_channel("trivia-2") -> channel id; send_command(..., in_channel=id)
    fake.add_user("player-7")                          -> FakeUser
    fake.messages_in(channel_id, after=message_id)     -> that channel's (newer) messages, oldest first
    fake.click_late(message_id, custom_id, user=...)   a click made before the buttons were disabled
    fake.outcomes() / fake.fault_counts()              answered interactions, faults served by kind
    FakeDiscord(keep_bodies=False); fake.forget(interaction)   bounded memory over many interactions

Wire facts discord.py 2.7 relies on are noted where they matter (see also
the shared notes: shared/notes/discord-fake.md beside the project).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import datetime as dt
import itertools
import json
import logging
import re
import secrets
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

try:  # a faster JSON when installed (the speed extra): load benches drive thousands of events/s
    import orjson

    def _dumps(data: Any) -> bytes:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)

    _loads = orjson.loads
except ImportError:  # pragma: no cover - depends on the environment

    def _dumps(data: Any) -> bytes:
        return json.dumps(data).encode()

    _loads = json.loads

try:  # discord.py asks for zstd-stream when `zstandard` is importable
    import zstandard
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None

log = logging.getLogger("fake_discord")

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
INTERACTION_DEADLINE = 3.0  # seconds to acknowledge an interaction
TOKEN_LIFETIME = 15 * 60.0  # seconds an interaction token accepts follow-ups
HEARTBEAT_INTERVAL_MS = 41_250

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | ADD_REACTIONS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
)
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7
COMPONENTS_V2 = 1 << 15

# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(
    1, 12
)
CHAT_INPUT_NAME = re.compile(r"^[-_'\w]{1,32}$")


_WORKERS = itertools.count()  # each fake is a "worker": two fakes in one test never share an id


def snowflake_factory() -> Callable[[], int]:
    """Realistic, increasing snowflakes (timestamp << 22 | worker << 17 | counter)."""
    counter = itertools.count(1)
    worker = next(_WORKERS) & 0x1F

    def make() -> int:
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (worker << 17) | (next(counter) & 0xFFF)

    return make


def fake_bot_token(application_id: int) -> str:
    """A token of Discord's shape: base64(user id) . 6 chars . 38 chars."""
    head = base64.urlsafe_b64encode(str(application_id).encode()).decode().rstrip("=")
    return f"{head}.{secrets.token_urlsafe(5)[:6]}.{secrets.token_urlsafe(30)[:38]}"


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    # Exactly "application/json": with "; charset=utf-8" discord.py reads the body as text.
    return web.Response(
        body=_dumps(data),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class DiscordError(Exception):
    """An error response in Discord's format: {"message", "code", "errors"}."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code} {message} {errors or ''}")
        self.status, self.code, self.message, self.errors = status, code, message, errors or {}

    def response(self) -> web.Response:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = _nest_errors(self.errors)
        return _json(body, self.status)


def _nest_errors(flat: Mapping[str, str]) -> dict[str, Any]:
    """{"embeds.0.title": "too long"} -> Discord's nested {"embeds": {"0": {"title": {"_errors": [...]}}}}."""
    nested: dict[str, Any] = {}
    for path, message in flat.items():
        node = nested
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "INVALID", "message": message})
    return nested


def invalid_form(errors: dict[str, str]) -> DiscordError:
    return DiscordError(400, 50035, "Invalid Form Body", errors)


# --------------------------------------------------------------------------- the world


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


@dataclass
class Fault:
    """A canned error for matching REST requests; `route` is "METHOD /template" or None for any."""

    route: str | None
    status: int
    times: int = 1
    retry_after: float = 0.2
    is_global: bool = False
    code: int = 0
    message: str = ""

    def matches(self, route: str) -> bool:
        return self.times > 0 and (self.route is None or self.route == route)

    @property
    def kind(self) -> str:
        """How `fault_counts` files it: "429 global", "429 route", "5xx"..."""
        if self.status == 429:
            return "429 global" if self.is_global else "429 route"
        return "5xx" if self.status >= 500 else str(self.status)

    def response(self) -> web.Response:
        if self.status == 429:
            scope = "global" if self.is_global else "user"
            body = {"message": "You are being rate limited.", "retry_after": self.retry_after, "global": self.is_global}
            headers = {
                "Via": "1.1 google",  # without it discord.py assumes a Cloudflare ban and gives up
                "Retry-After": str(max(1, round(self.retry_after))),
                "X-RateLimit-Scope": scope,
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": str(self.retry_after),
                **({"X-RateLimit-Global": "true"} if self.is_global else {}),
            }
            return _json(body, 429, headers)
        if self.status >= 500:
            return web.Response(status=self.status, text="upstream connect error", content_type="text/plain")
        return _json({"message": self.message or "Injected error", "code": self.code}, self.status)


@dataclass
class Recorded:
    """One REST request as the fake saw it."""

    method: str
    route: str  # "POST /interactions/{interaction_id}/{token}/callback"
    path: str
    query: dict[str, str]
    body: Any
    status: int = 0
    at: float = 0.0


RECORD = web.RequestKey("record", Recorded)  # each request's Recorded, for the handlers


# --------------------------------------------------------------------------- interactions


@dataclass
class Reply:
    """A message the bot sent, with shortcuts for assertions."""

    message: dict[str, Any]

    @classmethod
    def of(cls, message: dict[str, Any]) -> Reply:
        """A snapshot: later edits of the message do not change this reply."""
        return cls(copy.deepcopy(message))

    @property
    def id(self) -> int:
        return int(self.message["id"])

    @property
    def content(self) -> str:
        return self.message.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.get("components") or []

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def text(self) -> str:
        """Everything a reader sees: content, embed texts, component labels and text displays."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [embed.get("author", {}).get("name", ""), embed.get("footer", {}).get("text", "")]
            for f in embed.get("fields", []):
                parts += [f.get("name", ""), f.get("value", "")]
        parts += [c.get("label") or c.get("content") or "" for c in _walk_components(self.components)]
        return "\n".join(p for p in parts if p)

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in _walk_components(self.components) if "custom_id" in c]

    def button(self, label: str) -> dict[str, Any]:
        """The first button whose label contains `label` (case-insensitive)."""
        for c in _walk_components(self.components):
            if c.get("type") == 2 and label.lower() in (c.get("label") or "").lower():
                return c
        raise LookupError(f"no button labelled {label!r} in {self.custom_ids()}")


def _walk_components(components: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for component in components:
        yield component
        yield from _walk_components(component.get("components") or [])
        if isinstance(component.get("component"), dict):  # a label (type 18) holds one component
            yield from _walk_components([component["component"]])
        if isinstance(component.get("accessory"), dict):
            yield component["accessory"]


class Interaction:
    """One interaction the fake created, and everything the bot did with it."""

    def __init__(self, fake: FakeDiscord, payload: dict[str, Any], user: FakeUser) -> None:
        self.fake = fake
        self.payload = payload
        self.user = user
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.created = time.perf_counter()
        self.callback: dict[str, Any] | None = None
        self.callback_at: float | None = None
        self.rejected: list[tuple[int, int]] = []  # (status, code) of refused callbacks
        self.original_message_id: int | None = None
        self.followups: list[dict[str, Any]] = []
        self.edits: list[dict[str, Any]] = []

    @property
    def latency(self) -> float | None:
        """Seconds from injection to the bot's callback."""
        return None if self.callback_at is None else self.callback_at - self.created

    @property
    def outcome(self) -> str:
        """What became of it: `answered` (one accepted callback, plus the answer if it was deferred),
        `refused` (a callback came too late or twice), `deferred` (deferred, no answer yet) or
        `unanswered` (no callback yet)."""
        if self.rejected:
            return "refused"
        if self.callback is None:
            return "unanswered"
        if self.callback.get("type") == 5 and not (self.edits or self.followups):
            return "deferred"
        return "answered"

    async def wait_callback(self, within: float = 5.0) -> dict[str, Any]:
        """The interaction response body ({"type", "data"})."""
        try:
            await self.fake.wait_until(lambda: self.callback is not None, within, f"callback for {self.describe()}")
        except TimeoutError as timeout:
            raise TimeoutError(f"{timeout}; refused callbacks (status, code): {self.rejected}") from None
        assert self.callback is not None
        return self.callback

    async def wait_followups(self, count: int = 1, within: float = 5.0) -> list[dict[str, Any]]:
        await self.fake.wait_until(lambda: len(self.followups) >= count, within, f"{count} follow-ups")
        return self.followups

    async def wait_edits(self, count: int = 1, within: float = 5.0) -> list[dict[str, Any]]:
        await self.fake.wait_until(lambda: len(self.edits) >= count, within, f"{count} edits of @original")
        return self.edits

    async def reply(self, within: float = 5.0) -> Reply:
        """The first visible answer: the message of the callback, or the edit that fills a deferral."""
        callback = await self.wait_callback(within)
        if callback["type"] in (4, 7):
            return Reply.of(self.fake.messages[self.original_message_id or 0])
        if callback["type"] in (5, 6):
            # Deferred: the answer is the first edit of @original or the first follow-up.
            await self.fake.wait_until(lambda: self.edits or self.followups, within, "the deferred answer")
            if self.edits:
                return Reply.of(self.fake.messages[self.original_message_id or 0])
            return Reply.of(self.followups[0])
        raise AssertionError(f"callback type {callback['type']} has no message: {callback}")

    def describe(self) -> str:
        data = self.payload.get("data", {})
        return f"interaction {self.id} ({data.get('name') or data.get('custom_id')})"


# --------------------------------------------------------------------------- gateway


COMPRESSIONS: tuple[str | None, ...] = (None, "zlib-stream") + (("zstd-stream",) if zstandard is not None else ())


class _Connection:
    """One websocket; a stream compression needs one compressor for the connection's life.

    zlib-stream: each message is `compress(b) + flush(Z_SYNC_FLUSH)`; zstd-stream (when the
    `zstandard` module is importable): one zstd stream, each message flushed as a whole block.
    """

    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self.compress = compress
        self.compressor: Any = None
        if compress == "zlib-stream":
            self.compressor = zlib.compressobj()
        elif compress == "zstd-stream" and zstandard is not None:
            self.compressor = zstandard.ZstdCompressor().compressobj()
        self.lock = asyncio.Lock()
        self.draining = False  # RECONNECT or INVALID_SESSION sent: no more dispatches here

    def _compressed(self, raw: bytes) -> bytes:
        if self.compress == "zstd-stream":
            assert zstandard is not None
            return self.compressor.compress(raw) + self.compressor.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        return self.compressor.compress(raw) + self.compressor.flush(zlib.Z_SYNC_FLUSH)

    async def send(self, payload: dict[str, Any]) -> None:
        raw = _dumps(payload)
        async with self.lock:
            if self.ws.closed:
                return
            if self.compressor is None:
                await self.ws.send_str(raw.decode())
            else:
                await self.ws.send_bytes(self._compressed(raw))


class Session:
    """A gateway session: its numbered events survive a dropped socket and are replayed on RESUME."""

    def __init__(self, session_id: str, identify: dict[str, Any]) -> None:
        self.id = session_id
        self.identify = identify
        self.seq = 0
        self.events: list[dict[str, Any]] = []
        self.connection: _Connection | None = None
        self.invalid = False

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        self.seq += 1
        payload = {"op": 0, "t": event, "s": self.seq, "d": data}
        self.events.append(payload)
        if self.connection is not None and not self.connection.draining:
            await self.connection.send(payload)


# --------------------------------------------------------------------------- the fake


class FakeDiscord:
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

    # ----------------------------------------------------------------- fault injection

    def inject(
        self,
        route: str | None,
        *,
        status: int = 429,
        times: int = 1,
        retry_after: float = 0.2,
        is_global: bool = False,
        code: int = 0,
        message: str = "",
    ) -> Fault:
        """Answer the next `times` requests of `route` ("METHOD /template", None = any) with an error."""
        fault = Fault(route, status, times, retry_after, is_global, code, message)
        self.faults.append(fault)
        return fault

    async def gateway_reconnect(self) -> None:
        """Op 7 RECONNECT: the client should reconnect and RESUME."""
        connection = self._current_connection()
        connection.draining = True
        self.gateway_log.append((time.perf_counter(), "SENT_RECONNECT", None))
        await connection.send({"op": 7, "d": None})

    async def gateway_drop(self, code: int = 4000) -> None:
        """Close the socket with `code` (4000 "unknown error" is resumable)."""
        connection = self._current_connection()
        self.gateway_log.append((time.perf_counter(), "SENT_CLOSE", code))
        assert self.session is not None
        self.session.connection = None
        await connection.ws.close(code=code, message=b"fake: closed by test")

    async def gateway_invalidate(self, resumable: bool = False) -> None:
        """Op 9 INVALID_SESSION; with resumable=False the client must IDENTIFY again."""
        connection = self._current_connection()
        assert self.session is not None
        if not resumable:
            self.session.invalid = True
        connection.draining = True
        self.gateway_log.append((time.perf_counter(), "SENT_INVALID_SESSION", resumable))
        await connection.send({"op": 9, "d": resumable})

    def _current_connection(self) -> _Connection:
        if self.session is None or self.session.connection is None:
            raise RuntimeError("the bot is not connected to the gateway")
        return self.session.connection

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

    # ----------------------------------------------------------------- REST plumbing

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        canonical = request.match_info.route.resource.canonical if request.match_info.route.resource else ""
        route = f"{request.method} {canonical.removeprefix(API_PREFIX)}"
        record = Recorded(request.method, route, request.path, dict(request.query), None, at=time.perf_counter())
        if request.can_read_body:
            record.body = await _read_body(request)
        self.requests.append(record)
        request[RECORD] = record
        try:
            # Faults hit REST only: the gateway has its own injections.
            api = canonical.startswith(API_PREFIX)
            fault = next((f for f in self.faults if api and f.matches(route)), None)
            if fault is not None:
                fault.times -= 1
                self._faults_served[fault.kind] += 1
                response: web.StreamResponse = fault.response()
            else:
                if _needs_auth(canonical) and request.headers.get("Authorization") != f"Bot {self.token}":
                    raise DiscordError(401, 0, "401: Unauthorized")
                response = await handler(request)
        except DiscordError as error:
            response = error.response()
        record.status = response.status
        if not self.keep_bodies:
            record.body = None
        self._notify()
        return response

    async def _unknown(self, request: web.Request) -> web.Response:
        self.unhandled.append(request[RECORD])
        log.warning("fake Discord has no route for %s %s", request.method, request.path)
        return _json({"message": "404: Not Found", "code": 0}, 404)

    async def _users_me(self, request: web.Request) -> web.Response:
        return _json({**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "locale": "en-US"})

    async def _application_me(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(self.application_id),
                "name": "FilmBot",
                "icon": None,
                "description": "Film trivia and reviews",
                "summary": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.owner.payload(),
                "team": None,
                "verify_key": secrets.token_hex(32),
                "flags": 0,
                "bot": self.bot_user.payload(),
                "interactions_endpoint_url": None,
                "tags": [],
            }
        )

    async def _gateway_url(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url})

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": self.max_concurrency}
        return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _get_channel(self, request: web.Request) -> web.Response:
        return _json(self.channel_payload(self._channel(request)))

    async def _get_guild(self, request: web.Request) -> web.Response:
        guild_id = int(request.match_info["guild_id"])
        if guild_id not in self.guild_ids:
            raise DiscordError(404, 10004, "Unknown Guild")
        payload = self.guild_payload(guild_id)
        for key in ("channels", "threads", "members", "presences", "voice_states"):
            payload.pop(key)
        return _json(payload)

    async def _cdn(self, request: web.Request) -> web.Response:
        attachment = self.attachments.get(int(request.match_info["attachment_id"]))
        if attachment is None or attachment.filename != request.match_info["filename"]:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=attachment.data, headers={"Content-Type": attachment.content_type})

    def _channel(self, request: web.Request) -> int:
        channel_id = int(request.match_info["channel_id"])
        if channel_id not in self.channels:
            raise DiscordError(404, 10003, "Unknown Channel")
        return channel_id

    # ----------------------------------------------------------------- application commands

    def _scope(self, request: web.Request) -> str:
        if int(request.match_info["application_id"]) != self.application_id:
            raise DiscordError(403, 50001, "Missing Access")
        guild = request.match_info.get("guild_id")
        if guild is not None and int(guild) not in self.guild_ids:
            raise DiscordError(403, 50001, "Missing Access")
        return "global" if guild is None else guild

    async def _get_commands(self, request: web.Request) -> web.Response:
        return _json(self.commands.get(self._scope(request), []))

    async def _put_commands(self, request: web.Request) -> web.Response:
        scope = self._scope(request)
        body = request[RECORD].body
        if not isinstance(body, list):
            raise invalid_form({"_": "Expected an array of commands."})
        errors = validate_commands(body)
        if errors:
            raise invalid_form(errors)
        stored = []
        for command in body:
            kind = command.get("type", 1)
            key = (scope, kind, command["name"])
            command_id = self.command_ids.setdefault(key, self.snowflake())
            stored.append(
                {
                    "id": str(command_id),
                    "application_id": str(self.application_id),
                    "version": str(self.snowflake()),
                    "type": kind,
                    "name": command["name"],
                    "description": command.get("description", ""),
                    "options": command.get("options", []),
                    "default_member_permissions": command.get("default_member_permissions"),
                    "dm_permission": command.get("dm_permission", True),
                    "contexts": command.get("contexts"),
                    "integration_types": command.get("integration_types", [0]),
                    "nsfw": command.get("nsfw", False),
                    **({"guild_id": scope} if scope != "global" else {}),
                }
            )
        self.commands[scope] = stored
        return _json(stored)

    def find_command(self, name: str) -> tuple[dict[str, Any], str]:
        """A registered chat-input command and its scope; guild commands win, as in Discord's menu."""
        for scope in (str(self.guild_id), "global"):
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command, scope
        registered = sorted({c["name"] for cs in self.commands.values() for c in cs})
        raise LookupError(f"/{name} is not registered (registered: {registered})")

    # ----------------------------------------------------------------- messages

    def _new_message(
        self, body: Mapping[str, Any], *, interaction: Interaction | None, flags: int = 0, channel_id: int | None = None
    ) -> dict[str, Any]:
        message_id = self.snowflake()
        if channel_id is None:
            # An interaction's messages go to its channel (a DM's to the default channel, as before).
            asked_in = int(interaction.payload.get("channel_id") or 0) if interaction is not None else 0
            channel_id = asked_in if asked_in in self.channels else self.channel_id
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": self.bot_user.payload(),
            "content": "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": flags,
        }
        if interaction is not None:
            message["type"] = 20 if interaction.type == 2 else 19
            message["application_id"] = str(self.application_id)
            message["webhook_id"] = str(self.application_id)
            message["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": {"0": interaction.payload.get("guild_id") or str(self.guild_id)},
            }
            if interaction.payload.get("guild_id"):
                message["guild_id"] = interaction.payload["guild_id"]
        _apply_message_body(message, body)
        self.messages[message_id] = message
        self._channel_log.setdefault(channel_id, []).append(message_id)
        return message

    def _message(self, message_id: int) -> dict[str, Any]:
        try:
            return self.messages[message_id]
        except KeyError:
            raise DiscordError(404, 10008, "Unknown Message") from None

    async def _post_channel_message(self, request: web.Request) -> web.Response:
        channel_id = self._channel(request)
        body = _payload_json(request[RECORD].body)
        _check_message(body, creating=True)
        message = self._new_message(body, interaction=None, channel_id=channel_id)
        return _json(message)

    async def _channel_message(self, request: web.Request) -> web.Response:
        self._channel(request)
        message = self._message(int(request.match_info["message_id"]))
        if request.method == "DELETE":
            del self.messages[int(message["id"])]
            return web.Response(status=204)
        if request.method == "PATCH":
            body = _payload_json(request[RECORD].body)
            _check_message(body, creating=False)
            _apply_message_body(message, body)
            message["edited_timestamp"] = _now_iso()
        return _json(message)

    # ----------------------------------------------------------------- interaction callbacks and webhooks

    def _interaction_by_token(self, token: str) -> Interaction:
        try:
            return self._by_token[token]
        except KeyError:
            raise DiscordError(404, 10015, "Unknown Webhook") from None

    async def _callback(self, request: web.Request) -> web.Response:
        now = request[RECORD].at  # arrival, before the body was read: the fairest stamp for latency
        interaction = self.interactions.get(int(request.match_info["interaction_id"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            raise DiscordError(404, 10062, "Unknown interaction")
        try:
            if now - interaction.created > INTERACTION_DEADLINE:
                raise DiscordError(404, 10062, "Unknown interaction")
            if interaction.callback is not None:
                raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
            body = _payload_json(request[RECORD].body)
            resource = self._acknowledge(interaction, body)
        except DiscordError as error:
            interaction.rejected.append((error.status, error.code))
            raise
        interaction.callback = body
        interaction.callback_at = now
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        message = self.messages.get(interaction.original_message_id or 0)
        return _json(
            {
                "interaction": {
                    "id": str(interaction.id),
                    "type": interaction.type,
                    "response_message_id": str(interaction.original_message_id)
                    if interaction.original_message_id
                    else None,
                    "response_message_loading": body["type"] == 5,
                    "response_message_ephemeral": bool(message and int(message["flags"]) & EPHEMERAL),
                },
                "resource": resource,
            }
        )

    def _acknowledge(self, interaction: Interaction, body: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a callback and apply it; returns the `resource` part of the with_response body."""
        kind = body.get("type")
        data = body.get("data") or {}
        # A modal submit (5) cannot open another modal; it updates a message only when one opened it.
        from_message = {6, 7} if "message" in interaction.payload else set()
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5} | from_message}[interaction.type]
        if kind not in allowed:
            raise invalid_form({"type": f"Response type {kind} is not valid for interaction type {interaction.type}."})
        if kind == 9:
            errors = _check_modal(data)
            if errors:
                raise invalid_form(errors)
            return {"type": 9}
        if kind == 8:
            errors = _check_choices(data.get("choices"))
            if errors:
                raise invalid_form(errors)
            return {"type": 8}
        if kind in (4, 5):
            flags = int(data.get("flags") or 0)
            if kind == 4:
                _check_message(data, creating=True)
                flags &= EPHEMERAL | COMPONENTS_V2
            else:
                flags = (flags & EPHEMERAL) | LOADING  # "FilmBot is thinking..."
            message = self._new_message(data if kind == 4 else {}, interaction=interaction, flags=flags)
            interaction.original_message_id = int(message["id"])
            return {"type": kind, "message": message}
        # 6, 7: the message the component belongs to.
        target = self._message(int(interaction.payload["message"]["id"]))
        interaction.original_message_id = int(target["id"])
        if kind == 7:
            _check_message(data, creating=False)
            _apply_message_body(target, data)
            target["edited_timestamp"] = _now_iso()
            return {"type": 7, "message": target}
        return {"type": 6}

    def _acknowledged(self, request: web.Request) -> Interaction:
        if int(request.match_info["application_id"]) != self.application_id:
            raise DiscordError(404, 10015, "Unknown Webhook")
        interaction = self._interaction_by_token(request.match_info["token"])
        if interaction.callback is None or time.perf_counter() - interaction.created > TOKEN_LIFETIME:
            # Follow-ups and edits need an acknowledged, unexpired interaction.
            raise DiscordError(404, 10015, "Unknown Webhook")
        return interaction

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self._acknowledged(request)
        body = _payload_json(request[RECORD].body)
        _check_message(body, creating=True)
        flags = int(body.get("flags") or 0)
        original = self.messages.get(interaction.original_message_id or 0)
        if original is not None and int(original["flags"]) & LOADING and not interaction.followups:
            # The first follow-up after a deferral fills the "thinking..." message, as Discord does.
            _apply_message_body(original, body)
            original["flags"] = int(original["flags"]) & ~LOADING
            message = original
        else:
            message = self._new_message(body, interaction=interaction, flags=flags & (EPHEMERAL | COMPONENTS_V2))
        interaction.followups.append(message)
        if request.query.get("wait") in ("1", "true", "True"):
            return _json(message)
        return web.Response(status=204)

    async def _webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._acknowledged(request)
        raw_id = request.match_info["message_id"]
        if raw_id == "@original":
            if interaction.original_message_id is None:
                raise DiscordError(404, 10008, "Unknown Message")
            message_id = interaction.original_message_id
        else:
            message_id = int(raw_id)
            owned = {int(m["id"]) for m in interaction.followups} | {interaction.original_message_id or 0}
            if message_id not in owned:
                raise DiscordError(404, 10008, "Unknown Message")
        message = self._message(message_id)
        if request.method == "DELETE":
            del self.messages[message_id]
            return web.Response(status=204)
        if request.method == "PATCH":
            body = _payload_json(request[RECORD].body)
            _check_message(body, creating=False)
            _apply_message_body(message, body)
            message["flags"] = int(message["flags"]) & ~LOADING
            message["edited_timestamp"] = _now_iso()
            if raw_id == "@original":
                interaction.edits.append(body)
        return _json(message)

    # ----------------------------------------------------------------- gateway

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        compress = request.query.get("compress")
        if compress not in COMPRESSIONS:
            await ws.close(code=4000, message=b"unsupported compression")
            return ws
        if request.query.get("encoding", "json") != "json" or request.query.get("v") != "10":
            await ws.close(code=4012, message=b"Invalid API version or encoding")
            return ws
        connection = _Connection(ws, compress)
        self.gateway_log.append((time.perf_counter(), "CONNECT", request.path))
        await connection.send({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        session: Session | None = None
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                op, data = payload.get("op"), payload.get("d")
                if op == 1:
                    self.gateway_log.append((time.perf_counter(), "HEARTBEAT", data))
                    await connection.send({"op": 11})
                elif op == 2:
                    session = await self._identify(connection, data)
                elif op == 6:
                    session = await self._resume(connection, data)
                else:
                    self.gateway_log.append((time.perf_counter(), f"OP{op}", data))
                self._notify()
        finally:
            if session is not None and session.connection is connection:
                session.connection = None
            self.gateway_log.append((time.perf_counter(), "DISCONNECT", ws.close_code))
            self._notify()
        return ws

    async def _identify(self, connection: _Connection, data: dict[str, Any]) -> Session | None:
        self.gateway_log.append((time.perf_counter(), "IDENTIFY", {k: v for k, v in data.items() if k != "token"}))
        if data.get("token") != self.token:
            await connection.ws.close(code=4004, message=b"Authentication failed.")
            return None
        if int(data.get("intents", 0)) & PRIVILEGED_INTENTS:
            await connection.ws.close(code=4014, message=b"Disallowed intent(s).")
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        if not (isinstance(shard_id, int) and isinstance(shard_count, int) and 0 <= shard_id < shard_count):
            await connection.ws.close(code=4010, message=b"Invalid shard.")
            return None
        session = Session(secrets.token_hex(16), data)
        self.sessions[session.id] = session
        # Discord routes a guild's events to shard (guild_id >> 22) % shard_count.
        held = [g for g in self.guild_ids if (g >> 22) % shard_count == shard_id]
        for guild_id in held:
            self.session_of_guild[guild_id] = session
        if self.guild_id in held:
            self.session = session
        session.connection = connection
        await session.dispatch(
            "READY",
            {
                "v": 10,
                "user": self.bot_user.payload(),
                "guilds": [{"id": str(g), "unavailable": True} for g in held],
                "session_id": session.id,
                "resume_gateway_url": f"{self.gateway_url}/resume",
                **({"shard": [shard_id, shard_count]} if "shard" in data else {}),
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
                "presences": [],
                "guild_join_requests": [],
                "geo_ordered_rtc_regions": [],
                "user_settings": {},
            },
        )
        self.gateway_log.append((time.perf_counter(), "READY", session.id))
        for guild_id in held:
            await session.dispatch("GUILD_CREATE", self.guild_payload(guild_id))
        return session

    async def _resume(self, connection: _Connection, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(data.get("session_id", ""))
        self.gateway_log.append((time.perf_counter(), "RESUME", data.get("seq")))
        if session is None or session.invalid or data.get("token") != self.token:
            await connection.send({"op": 9, "d": False})
            return None
        session.connection = connection
        seq = int(data.get("seq") or 0)
        missed = [event for event in session.events if event["s"] > seq]
        for event in missed:
            await connection.send(event)
        await session.dispatch("RESUMED", {})
        self.gateway_log.append((time.perf_counter(), "RESUMED", [e["t"] for e in missed]))
        return session

    # ----------------------------------------------------------------- test-facing: interactions

    def _base_interaction(
        self, kind: int, user: FakeUser, *, dm: bool = False, channel_id: int | None = None
    ) -> dict[str, Any]:
        interaction_id = self.snowflake()
        token = "aW50ZXJhY3Rpb246" + base64.urlsafe_b64encode(
            f"{interaction_id}:{secrets.token_hex(32)}".encode()
        ).decode().rstrip("=")
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "token": token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(self.permissions_of(self.bot_user)),
        }
        if dm:
            payload["user"] = user.payload()
            payload["channel_id"] = str(self.snowflake())
            payload["channel"] = {"id": payload["channel_id"], "type": 1, "recipients": [user.payload()], "flags": 0}
            payload["context"] = 1
            payload["authorizing_integration_owners"] = {"1": str(user.id)}
        else:
            channel_id = self.channel_id if channel_id is None else channel_id
            guild_id = self.guild_of_channel.get(channel_id, self.guild_id)
            payload["guild_id"] = str(guild_id)
            payload["guild"] = {"id": str(guild_id), "locale": "en-US", "features": []}
            payload["guild_locale"] = "en-US"
            payload["channel_id"] = str(channel_id)
            payload["channel"] = {**self.channel_payload(channel_id), "permissions": str(self.permissions_of(user))}
            payload["member"] = {**self.member_payload(user), "permissions": str(self.permissions_of(user))}
            payload["context"] = 0
            payload["authorizing_integration_owners"] = {"0": str(guild_id)}
        return payload

    async def _deliver(self, payload: dict[str, Any], user: FakeUser) -> Interaction:
        if self.session is None or self.session.invalid:
            await self.wait_until(
                lambda: self.session is not None and not self.session.invalid, 15.0, "a gateway session"
            )
            # Made now, when it can be delivered: its snowflake (which a bot may time it by) and
            # the 3 s clock below start together, as they do on Discord.
            payload["id"] = str(self.snowflake())
        assert self.session is not None
        # A guild's interactions arrive on its shard's session (DMs, and the first guild, on self.session).
        session = self.session_of_guild.get(int(payload.get("guild_id") or 0), self.session)
        interaction = Interaction(self, payload, user)
        self.interactions[interaction.id] = interaction
        self._by_token[interaction.token] = interaction
        # The clock starts here, as Discord's does; a disconnected bot gets the event on RESUME.
        interaction.created = time.perf_counter()
        await session.dispatch("INTERACTION_CREATE", payload)
        return interaction

    def _command_data(
        self,
        name_path: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        user: FakeUser,
        dm: bool = False,
        check_permissions: bool = True,
    ) -> dict[str, Any]:
        """Build `data` for a chat-input command from the registered schema, as Discord's client would."""
        names = name_path.removeprefix("/").split()
        command, scope = self.find_command(names[0])
        contexts = command.get("contexts")
        dm_allowed = command.get("dm_permission") is not False and (contexts is None or 1 in contexts)
        if check_permissions and dm and not dm_allowed:
            raise PermissionError(f"Discord does not offer /{names[0]} in direct messages")
        required_permissions = command.get("default_member_permissions")
        hidden = required_permissions is not None and int(required_permissions) & ~self.permissions_of(user)
        if check_permissions and hidden:
            raise PermissionError(f"Discord hides /{names[0]} from {user.username} (missing permissions)")
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1}
        if scope != "global":
            data["guild_id"] = scope
        schema: list[dict[str, Any]] = command.get("options", [])
        container = data
        for name in names[1:]:
            sub = next((o for o in schema if o["name"] == name and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)), None)
            if sub is None:
                raise LookupError(f"/{command['name']} has no subcommand {name!r}")
            node: dict[str, Any] = {"type": sub["type"], "name": name, "options": []}
            container.setdefault("options", []).append(node)
            container, schema = node, sub.get("options", [])
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema):
            raise LookupError(f"/{name_path} needs a subcommand: {[o['name'] for o in schema]}")
        resolved: dict[str, dict[str, Any]] = {}
        values = container.setdefault("options", [])
        for key, value in options.items():
            spec = next((o for o in schema if o["name"] == key), None)
            if spec is None:
                raise LookupError(f"/{name_path} has no option {key!r}: {[o['name'] for o in schema]}")
            entry = {
                "name": key,
                "type": spec["type"],
                "value": self._option_value(spec, value, resolved, key == focused),
            }
            if key == focused:
                entry["focused"] = True
            values.append(entry)
        if focused is None:
            missing = [o["name"] for o in schema if o.get("required") and o["name"] not in options]
            if missing:
                raise ValueError(f"Discord would not send /{name_path} without {missing}")
        if resolved:
            data["resolved"] = resolved
        return data

    def _option_value(self, spec: Mapping[str, Any], value: Any, resolved: dict[str, Any], focused: bool) -> Any:
        kind = spec["type"]
        if focused:
            return str(value)  # while typing, Discord sends the raw text
        if kind in (USER, MENTIONABLE) and isinstance(value, FakeUser):
            resolved.setdefault("users", {})[str(value.id)] = value.payload()
            member = {**self.member_payload(value, with_user=False), "permissions": str(self.permissions_of(value))}
            resolved.setdefault("members", {})[str(value.id)] = member
            return str(value.id)
        if kind in (ROLE, MENTIONABLE) and isinstance(value, Role):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if kind == ATTACHMENT:
            if not isinstance(value, FakeAttachment):
                raise TypeError(f"{spec['name']!r} takes a FakeAttachment")
            attachment_id = self.snowflake()
            self.attachments[attachment_id] = value
            url = f"http://127.0.0.1:{self.port}/attachments/{self.channel_id}/{attachment_id}/{value.filename}"
            resolved.setdefault("attachments", {})[str(attachment_id)] = {
                "id": str(attachment_id),
                "filename": value.filename,
                "size": len(value.data),
                "url": url,
                "proxy_url": url,
                "content_type": value.content_type,
                "ephemeral": True,
            }
            return str(attachment_id)
        if kind == CHANNEL:
            channel = {**self.channel_payload(), "permissions": str(EVERYONE_PERMISSIONS)}
            resolved.setdefault("channels", {})[str(self.channel_id)] = channel
            return str(self.channel_id)
        converted: Any = {STRING: str, INTEGER: int, NUMBER: float, BOOLEAN: bool}.get(kind, str)(value)
        choices = spec.get("choices")
        if choices and converted not in [c["value"] for c in choices]:
            raise ValueError(f"{converted!r} is not one of the choices of {spec['name']!r}")
        too_small = "min_value" in spec and converted < spec["min_value"]
        too_big = "max_value" in spec and converted > spec["max_value"]
        if kind in (INTEGER, NUMBER) and (too_small or too_big):
            raise ValueError(f"Discord would refuse {converted} for {spec['name']!r}")
        if kind == STRING and not spec.get("min_length", 0) <= len(converted) <= spec.get("max_length", 6000):
            raise ValueError(f"Discord would refuse the length of {spec['name']!r}")
        return converted

    async def send_command(
        self,
        name_path: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        dm: bool = False,
        check_permissions: bool = True,
        data: dict[str, Any] | None = None,
        in_channel: int | None = None,
    ) -> Interaction:
        """Inject a slash command (type 2) as Discord would: "film info", {"title": "Ballerina"}.

        `data` sends a hand-made `data` object instead (e.g. a command the bot does not know);
        `in_channel` a channel made by `add_channel` (default: the guild's first channel).
        """
        user = user or self.member
        payload = self._base_interaction(2, user, dm=dm, channel_id=in_channel)
        payload["data"] = data or self._command_data(
            name_path, options or {}, user=user, dm=dm, check_permissions=check_permissions
        )
        return await self._deliver(payload, user)

    async def command(
        self,
        name_path: str,
        options: Mapping[str, Any] | None = None,
        /,
        *,
        user: FakeUser | None = None,
        dm: bool = False,
        check_permissions: bool = True,
        in_channel: int | None = None,
        **kw: Any,
    ) -> Reply:
        """Send a command and return its first visible answer: `await fake.command("film info", title="Ballerina")`.

        Options go as keywords, or in the `options` dict when a name clashes (an option called "user").
        """
        merged = {**(options or {}), **kw}
        interaction = await self.send_command(
            name_path, merged, user=user, dm=dm, check_permissions=check_permissions, in_channel=in_channel
        )
        return await interaction.reply()

    async def autocomplete(
        self,
        name_path: str,
        options: Mapping[str, Any] | None = None,
        /,
        *,
        focused: str | None = None,
        user: FakeUser | None = None,
        in_channel: int | None = None,
        **kw: Any,
    ) -> list[dict[str, Any]]:
        """Type into an option (type 4); `focused` defaults to the last option given. Returns the choices."""
        interaction = await self.send_autocomplete(
            name_path, {**(options or {}), **kw}, focused=focused, user=user, in_channel=in_channel
        )
        callback = await interaction.wait_callback()
        return callback["data"]["choices"]

    async def send_autocomplete(
        self,
        name_path: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        user: FakeUser | None = None,
        in_channel: int | None = None,
    ) -> Interaction:
        user = user or self.member
        focused = focused or list(options)[-1]
        payload = self._base_interaction(4, user, channel_id=in_channel)
        payload["data"] = self._command_data(name_path, options, focused=focused, user=user)
        return await self._deliver(payload, user)

    async def click(
        self, message_id: int, custom_id: str, *, user: FakeUser | None = None, values: list[str] | None = None
    ) -> Interaction:
        """Press a button (or pick `values` in a select menu) on a message the bot sent (type 3)."""
        return await self._click(message_id, custom_id, user or self.member, values, late=False)

    async def click_late(self, message_id: int, custom_id: str, *, user: FakeUser | None = None) -> Interaction:
        """A click made while the button was still enabled that reaches the bot only now, after the
        message was edited (e.g. the question's reveal disabled its buttons): a slow client, a busy
        gateway. The bot must answer it, and must not count it twice or late."""
        return await self._click(message_id, custom_id, user or self.member, None, late=True)

    async def _click(
        self, message_id: int, custom_id: str, user: FakeUser, values: list[str] | None, *, late: bool
    ) -> Interaction:
        message = self._message(message_id)
        component = next(
            (c for c in _walk_components(message.get("components") or []) if c.get("custom_id") == custom_id), None
        )
        if component is None:
            raise LookupError(f"message {message_id} has no component {custom_id!r}")
        if component.get("disabled") and not late:
            raise ValueError(f"{custom_id!r} is disabled: Discord would not send the click")
        flags = int(message.get("flags") or 0)
        owner = message.get("interaction_metadata", {}).get("user", {}).get("id")
        if flags & EPHEMERAL and owner != str(user.id):
            raise PermissionError("only the user who got an ephemeral message can click it")
        channel_id = int(message.get("channel_id") or 0)
        payload = self._base_interaction(3, user, channel_id=channel_id if channel_id in self.channels else None)
        payload["message"] = message
        payload["data"] = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            payload["data"]["values"] = values
        return await self._deliver(payload, user)

    async def submit_modal(self, opened: Interaction, values: Mapping[str, str], *, check: bool = True) -> Interaction:
        """Fill in the modal `opened` was answered with (callback type 9) and send it (MODAL_SUBMIT,
        interaction type 5), by the user it was shown to. `values` are by text input custom_id; a
        field left out is sent with its pre-filled value. With `check`, what Discord's client will
        not submit (a required field empty, a value out of its lengths) is refused here; without,
        the values go as given, as a modified client can send them."""
        callback = await opened.wait_callback()
        if callback.get("type") != 9:
            raise ValueError(f"{opened.describe()} was not answered with a modal: {callback.get('type')}")
        modal = callback["data"]
        inputs = _modal_inputs(modal)
        unknown = set(values) - {str(i["custom_id"]) for i in inputs}
        if unknown:
            raise LookupError(f"the modal has no field {sorted(unknown)}")
        filled = {str(i["custom_id"]): values.get(str(i["custom_id"]), str(i.get("value") or "")) for i in inputs}
        if check:
            for item in inputs:
                value = filled[str(item["custom_id"])]
                if not value and item.get("required", True):
                    raise ValueError(f"{item['custom_id']!r} is required: Discord's client would not submit")
                if value and not int(item.get("min_length") or 0) <= len(value) <= int(item.get("max_length") or 4000):
                    raise ValueError(f"{item['custom_id']!r} is out of its lengths: Discord's client would not submit")
        payload = self._base_interaction(5, opened.user, channel_id=int(opened.payload["channel_id"]))
        if "message" in opened.payload:
            payload["message"] = opened.payload["message"]
        payload["data"] = {"custom_id": modal["custom_id"], "components": _submitted(modal["components"], filled)}
        return await self._deliver(payload, opened.user)


def _modal_inputs(modal: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The text inputs of a modal, in action rows (type 1) or labels (type 18)."""
    found: list[dict[str, Any]] = []
    for row in modal.get("components") or []:
        children = (row.get("components") or []) if row.get("type") == 1 else [row.get("component") or {}]
        found += [c for c in children if c.get("type") == 4]
    return found


def _submitted(components: list[dict[str, Any]], values: Mapping[str, str]) -> list[dict[str, Any]]:
    """A modal's layout as Discord sends it back: each input with its custom_id and value only."""

    def submitted(item: dict[str, Any]) -> dict[str, Any]:
        return {"type": 4, "custom_id": item["custom_id"], "value": values[str(item["custom_id"])]}

    out: list[dict[str, Any]] = []
    for row in components:
        if row.get("type") == 1:
            out.append({"type": 1, "components": [submitted(c) for c in row.get("components") or []]})
        else:
            out.append({"type": 18, "component": submitted(row.get("component") or {})})
    return out


# --------------------------------------------------------------------------- validation


def _check_modal(data: Mapping[str, Any]) -> dict[str, str]:
    """Discord's rules for a modal (callback type 9): a title, a custom_id, 1 to 5 text inputs."""
    errors: dict[str, str] = {}
    if not 1 <= len(str(data.get("title") or "")) <= 45:
        errors["data.title"] = "Must be between 1 and 45 in length."
    if not 1 <= len(str(data.get("custom_id") or "")) <= 100:
        errors["data.custom_id"] = "Must be between 1 and 100 in length."
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 5:
        errors["data.components"] = "Must be between 1 and 5 in length."
    for i, row in enumerate(rows):
        children = (row.get("components") or []) if row.get("type") == 1 else [row.get("component") or {}]
        label = row.get("label") if row.get("type") == 18 else None
        for item in children:
            where = f"data.components.{i}"
            if item.get("type") != 4:
                errors[where] = "A modal holds text inputs only."
                continue
            text = label if label is not None else item.get("label")
            if not 1 <= len(str(text or "")) <= 45:
                errors[f"{where}.label"] = "Must be between 1 and 45 in length."
            if len(str(item.get("placeholder") or "")) > 100:
                errors[f"{where}.placeholder"] = "Must be 100 or fewer in length."
            if not 0 <= int(item.get("min_length") or 0) <= int(item.get("max_length") or 4000) <= 4000:
                errors[f"{where}.max_length"] = "Must be between min_length and 4000."
            if item.get("style", 1) not in (1, 2):
                errors[f"{where}.style"] = "Must be 1 (short) or 2 (paragraph)."
            if not 1 <= len(str(item.get("custom_id") or "")) <= 100:
                errors[f"{where}.custom_id"] = "Must be between 1 and 100 in length."
    return errors


def _needs_auth(canonical: str) -> bool:
    """Bot-token routes: everything under the API but interaction callbacks, webhooks and GET /gateway."""
    if not canonical.startswith(API_PREFIX):
        return False
    path = canonical.removeprefix(API_PREFIX)
    return path == "/gateway/bot" or not path.startswith(("/interactions/", "/webhooks/", "/gateway"))


async def _read_body(request: web.Request) -> Any:
    if request.content_type == "application/json":
        raw = await request.read()
        return _loads(raw) if raw else None
    if request.content_type.startswith("multipart/"):
        parts: dict[str, Any] = {"files": []}
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":  # type: ignore[union-attr]
                parts["payload_json"] = json.loads(await part.text())  # type: ignore[union-attr]
            else:
                parts["files"].append({"name": part.name, "filename": part.filename, "size": len(await part.read())})  # type: ignore[union-attr]
        return parts
    raw = await request.read()
    return raw.decode(errors="replace") or None


def _payload_json(body: Any) -> dict[str, Any]:
    """The JSON part of a plain or multipart body."""
    if isinstance(body, dict) and "payload_json" in body:
        return {**body["payload_json"], "_files": body["files"]}
    return body if isinstance(body, dict) else {}


def _apply_message_body(message: dict[str, Any], body: Mapping[str, Any]) -> None:
    """Fields present in `body` replace the message's; null clears them."""
    for key, empty in (("content", ""), ("embeds", []), ("components", []), ("attachments", [])):
        if key in body:
            message[key] = body[key] if body[key] is not None else empty
    for key in ("allowed_mentions", "poll"):
        if body.get(key) is not None:
            message[key] = body[key]
    if body.get("_files"):
        message["attachments"] = [
            {"id": str(i), "filename": f["filename"], "size": f["size"], "url": "", "proxy_url": ""}
            for i, f in enumerate(body["_files"])
        ]


def _check_message(body: Mapping[str, Any], *, creating: bool) -> None:
    """Discord's message limits; creating an empty message is error 50006."""
    errors: dict[str, str] = {}
    content = body.get("content") or ""
    if len(content) > 2000:
        errors["content"] = "Must be 2000 or fewer in length."
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = "Must be 10 or fewer in length."
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in (("title", 256), ("description", 4096)):
            total += len(embed.get(key) or "")
            if len(embed.get(key) or "") > limit:
                errors[f"embeds.{i}.{key}"] = f"Must be {limit} or fewer in length."
        for key, sub, limit in (("author", "name", 256), ("footer", "text", 2048)):
            text = (embed.get(key) or {}).get(sub) or ""
            total += len(text)
            if len(text) > limit:
                errors[f"embeds.{i}.{key}.{sub}"] = f"Must be {limit} or fewer in length."
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors[f"embeds.{i}.fields"] = "Must be 25 or fewer in length."
        for j, f in enumerate(fields):
            name, value = f.get("name") or "", f.get("value") or ""
            total += len(name) + len(value)
            if not 1 <= len(name) <= 256:
                errors[f"embeds.{i}.fields.{j}.name"] = "Must be between 1 and 256 in length."
            if not 1 <= len(value) <= 1024:
                errors[f"embeds.{i}.fields.{j}.value"] = "Must be between 1 and 1024 in length."
    if total > 6000:
        errors["embeds"] = "Embed size exceeds maximum size of 6000"
    components = body.get("components") or []
    if not int(body.get("flags") or 0) & COMPONENTS_V2:
        errors.update(_check_action_rows(components))
    if errors:
        raise invalid_form(errors)
    visible = content or embeds or components or body.get("_files") or body.get("poll") or body.get("sticker_ids")
    if creating and not visible:
        raise DiscordError(400, 50006, "Cannot send an empty message")


def _check_action_rows(rows: list[dict[str, Any]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(rows) > 5:
        errors["components"] = "Must be 5 or fewer in length."
    seen: set[str] = set()
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(children) <= 5:
            errors[f"components.{i}"] = "An action row holds 1 to 5 components."
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if selects and len(children) > 1:
            errors[f"components.{i}"] = "A select menu must be alone in its row."
        for j, child in enumerate(children):
            custom_id = child.get("custom_id")
            if child.get("type") == 2 and child.get("style") == 5:
                if custom_id or not child.get("url"):
                    errors[f"components.{i}.components.{j}"] = "A link button has a url and no custom_id."
                continue
            if not custom_id or len(custom_id) > 100:
                errors[f"components.{i}.components.{j}.custom_id"] = "Must be between 1 and 100 in length."
            elif custom_id in seen:
                errors[f"components.{i}.components.{j}.custom_id"] = "Component custom id cannot be duplicated"
            seen.add(custom_id or "")
            if len(child.get("label") or "") > 80:
                errors[f"components.{i}.components.{j}.label"] = "Must be 80 or fewer in length."
    return errors


def _check_choices(choices: Any) -> dict[str, str]:
    if not isinstance(choices, list):
        return {"choices": "Autocomplete responses need a list of choices."}
    errors: dict[str, str] = {}
    if len(choices) > 25:
        errors["choices"] = "Must be 25 or fewer in length."
    for i, choice in enumerate(choices):
        if not 1 <= len(str(choice.get("name", ""))) <= 100:
            errors[f"choices.{i}.name"] = "Must be between 1 and 100 in length."
        value = choice.get("value")
        if isinstance(value, str) and not 1 <= len(value) <= 100:
            errors[f"choices.{i}.value"] = "Must be between 1 and 100 in length."
    return errors


def validate_commands(commands: list[dict[str, Any]]) -> dict[str, str]:
    """Discord's application command rules, as flat "path": "problem" errors."""
    errors: dict[str, str] = {}
    seen: set[tuple[int, str]] = set()
    counts = {1: 0, 2: 0, 3: 0}
    for i, command in enumerate(commands):
        kind = command.get("type", 1)
        counts[kind] = counts.get(kind, 0) + 1
        name = command.get("name", "")
        if (kind, name) in seen:
            errors[f"{i}.name"] = "Application command names must be unique"
        seen.add((kind, name))
        if kind == 1:
            _check_name_and_description(command, f"{i}", errors)
            _check_options(command.get("options") or [], f"{i}.options", errors, "command")
            if _command_size(command) > 4000:
                errors[f"{i}"] = "Command exceeds maximum size (4000)"
        elif not 1 <= len(name) <= 32 or command.get("description"):
            errors[f"{i}.name"] = "Context menu commands need a 1-32 character name and no description."
    if counts[1] > 100:
        errors["_"] = "Maximum number of chat input commands reached (100)."
    if counts.get(2, 0) > 5 or counts.get(3, 0) > 5:
        errors["_"] = "Maximum number of context menu commands reached (5)."
    return errors


def _check_name_and_description(item: Mapping[str, Any], path: str, errors: dict[str, str]) -> None:
    name = item.get("name", "")
    if not CHAT_INPUT_NAME.match(name) or name != name.lower():
        errors[f"{path}.name"] = f"Invalid name {name!r}: 1-32 lowercase letters, digits, - _ '"
    if not 1 <= len(item.get("description") or "") <= 100:
        errors[f"{path}.description"] = "Must be between 1 and 100 in length."


def _check_options(options: list[dict[str, Any]], path: str, errors: dict[str, str], level: str) -> None:
    """`level` is "command", "group" (holds subcommands only) or "subcommand" (holds values only)."""
    if len(options) > 25:
        errors[path] = "Must be 25 or fewer in length."
    kinds = {o.get("type") for o in options}
    nested = kinds & {SUB_COMMAND, SUB_COMMAND_GROUP}
    if nested and kinds - nested:
        errors[path] = "Subcommands cannot be mixed with other options."
    if level == "group" and kinds - {SUB_COMMAND}:
        errors[path] = "A subcommand group holds only subcommands."
    if level == "subcommand" and nested:
        errors[path] = "Subcommands cannot be nested this deep."
    names: set[str] = set()
    optional_seen = False
    for i, option in enumerate(options):
        here = f"{path}.{i}"
        kind = option.get("type")
        _check_name_and_description(option, here, errors)
        if option.get("name") in names:
            errors[f"{here}.name"] = "Option names must be unique"
        names.add(option.get("name", ""))
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            inner_level = "group" if kind == SUB_COMMAND_GROUP else "subcommand"
            _check_options(option.get("options") or [], f"{here}.options", errors, inner_level)
            continue
        if kind not in range(3, 12):
            errors[f"{here}.type"] = f"Unknown option type {kind}."
        if option.get("required"):
            if optional_seen:
                errors[f"{here}.required"] = "Required options must be placed before non-required options"
        else:
            optional_seen = True
        choices = option.get("choices") or []
        if choices:
            if kind not in (STRING, INTEGER, NUMBER):
                errors[f"{here}.choices"] = "Only string, integer and number options have choices."
            if len(choices) > 25:
                errors[f"{here}.choices"] = "Must be 25 or fewer in length."
            if option.get("autocomplete"):
                errors[f"{here}.autocomplete"] = "Autocomplete cannot be used with choices"
            for j, choice in enumerate(choices):
                if not 1 <= len(choice.get("name", "")) <= 100:
                    errors[f"{here}.choices.{j}.name"] = "Must be between 1 and 100 in length."
        if option.get("autocomplete") and kind not in (STRING, INTEGER, NUMBER):
            errors[f"{here}.autocomplete"] = "Only string, integer and number options autocomplete."


def _command_size(command: Mapping[str, Any]) -> int:
    """Name, description and every option's name, description and choices count towards 4000."""
    size = len(command.get("name", "")) + len(command.get("description") or "")
    for option in command.get("options") or []:
        size += _command_size(option)
        for choice in option.get("choices") or []:
            size += len(choice.get("name", "")) + len(str(choice.get("value", "")))
    return size
