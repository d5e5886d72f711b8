"""The click hot path (bot/app/clicks.py): discord.py's parts it relies on, shedding, and the callback
it posts, against real discord.py objects and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gc
import inspect
import json
import logging
import re
import time
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import discord
import pytest
from aiohttp import web

from bot.app.clicks import (
    DEFERRED,
    DISCORD_EPOCH,
    EPHEMERAL,
    FULL_COLLECTION_EVERY,
    INTERACTION_WINDOW,
    WORKERS,
    Click,
    ClickRouter,
    _Endpoint,
    _zlib_bytes,
    full_collection_due,
    message_data,
    read_click,
    snowflake_time,
)
from bot.app.host.client import POOL_CONNECTIONS, FilmBot
from bot.config import Settings

GUILD, CHANNEL, USER = 700, 701, 702


def snowflake(at: float, counter: int = 1) -> int:
    return ((int(at * 1000) - DISCORD_EPOCH) << 22) | counter


def click_payload(
    custom_id: str, *, at: float | None = None, counter: int = 1, member: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A component INTERACTION_CREATE as Discord sends it (the keys discord.py needs too)."""
    interaction_id = snowflake(time.time() if at is None else at, counter)
    user = {"id": str(USER), "username": "ada", "global_name": "Ada L", "discriminator": "0", "avatar": None}
    return {
        "id": str(interaction_id),
        "application_id": "1",
        "type": 3,
        "token": f"token-{interaction_id}",
        "version": 1,
        "attachment_size_limit": 8 * 1024 * 1024,
        "guild_id": str(GUILD),
        "channel_id": str(CHANNEL),
        "channel": {"id": str(CHANNEL), "type": 0, "guild_id": str(GUILD), "name": "films", "position": 0},
        "member": member or {"user": user, "roles": [], "flags": 0, "nick": None, "permissions": "0"},
        "app_permissions": "0",
        "locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {},
        "context": 0,
        "message": {
            "id": "9",
            "channel_id": str(CHANNEL),
            "author": {"id": "1", "username": "FilmBot", "discriminator": "0", "avatar": None, "bot": True},
            "content": "",
            "timestamp": "2024-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "A", "custom_id": custom_id}]}],
            "pinned": False,
            "type": 0,
            "flags": 0,
        },
        "data": {"custom_id": custom_id, "component_type": 2},
    }


# -- what discord.py must keep doing for the hot path to work ----------------------------------------


def compressor_for(compression: str) -> Callable[[bytes], bytes]:
    """The gateway's side of its transport compression: one message in, its frame out."""
    if compression == "zstd-stream":
        import zstandard

        zstd = zstandard.ZstdCompressor().compressobj()
        return lambda raw: zstd.compress(raw) + zstd.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    deflate = zlib.compressobj()
    return lambda raw: deflate.compress(raw) + deflate.flush(zlib.Z_SYNC_FLUSH)


async def test_the_gateway_reads_its_compressed_events_as_bytes(tmp_path: Any) -> None:
    """The router has discord.py's gateway decompress to bytes and parse those: if a discord.py
    release changes how it decompresses or what it parses, this fails (instead of every event)."""
    FilmBot(Settings(db_path=tmp_path / "x.db", data_dir=tmp_path))  # installs the router
    context = discord.utils._ActiveDecompressionContext()
    assert getattr(context, "as_bytes", False), "the gateway's decompression is the router's"
    ws = discord.gateway.DiscordWebSocket(None, loop=asyncio.get_running_loop())
    assert type(ws._decompressor) is type(context)
    seen: list[dict[str, Any]] = []
    ws.shard_id = None
    ws._discord_parsers = {"INTERACTION_CREATE": seen.append}  # type: ignore[dict-item]
    compress = compressor_for(context.COMPRESSION_TYPE)
    events = [click_payload(f"trivia:ab:1:{n}", counter=n + 1) for n in range(3)]
    for n, event in enumerate(events):
        raw = json.dumps({"op": 0, "t": "INTERACTION_CREATE", "s": n + 1, "d": event}, ensure_ascii=False)
        await ws.received_message(compress(raw.encode()))
    assert seen == events
    assert ws.sequence == 3


def test_the_gateway_calls_the_parser_table_the_router_takes_over(tmp_path: Any) -> None:
    """If a discord.py release stops dispatching gateway events through `_connection.parsers`,
    or renames INTERACTION_CREATE's parser, clicks would silently go the slow way: fail here."""
    bot = FilmBot(Settings(db_path=tmp_path / "x.db", data_dir=tmp_path))
    parsers = bot._connection.parsers
    assert parsers["INTERACTION_CREATE"] == bot.clicks.on_interaction_create
    assert bot.clicks._fallback == bot._connection.parse_interaction_create
    source = inspect.getsource(discord.gateway.DiscordWebSocket.from_client)
    assert "ws._discord_parsers = client._connection.parsers" in source
    assert "self._discord_parsers[event]" in inspect.getsource(discord.gateway.DiscordWebSocket.received_message)


async def test_clicks_not_registered_still_reach_discord_py(tmp_path: Any) -> None:
    """Other buttons (paging, reviews) go on to discord.py's DynamicItems as before."""
    bot = FilmBot(Settings(db_path=tmp_path / "x.db", data_dir=tmp_path))
    seen: list[str] = []

    class Paging(discord.ui.DynamicItem[discord.ui.Button], template=r"page:(?P<n>\d+)"):
        def __init__(self, n: int) -> None:
            super().__init__(discord.ui.Button(label="next", custom_id=f"page:{n}"))

        @classmethod
        async def from_custom_id(
            cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
        ) -> Paging:
            return cls(int(match["n"]))

        async def callback(self, interaction: discord.Interaction) -> None:
            seen.append(interaction.data["custom_id"])  # type: ignore[index]

    bot.add_dynamic_items(Paging)
    state = bot._connection
    me = {"id": "1", "username": "FilmBot", "discriminator": "0", "avatar": None, "bot": True}
    state.user = discord.ClientUser(state=state, data=me)  # type: ignore[arg-type]
    taken: list[Click] = []
    bot.clicks.register("trivia", lambda click: taken.append(click) or message_data("ok", ephemeral=True))
    bot.clicks._tasks = [asyncio.get_running_loop().create_future()]  # as if started, without workers
    bot._connection.parsers["INTERACTION_CREATE"](click_payload("page:2"))
    bot._connection.parsers["INTERACTION_CREATE"](click_payload("trivia:ab:1:0"))
    for _ in range(20):
        await asyncio.sleep(0.01)
    assert seen == ["page:2"]
    assert bot.clicks.backlog == 1, "the registered click was queued for the hot path, not given to discord.py"
    bot.clicks._tasks[0].cancel()


def test_the_pool_is_bounded() -> None:
    """REST's pool and the click callbacks' own connections together stay within 100."""
    assert POOL_CONNECTIONS > 0
    assert WORKERS > 0
    assert POOL_CONNECTIONS + WORKERS <= 100


# -- reading the raw event -------------------------------------------------------------------------


def test_a_click_is_read_from_the_raw_event() -> None:
    now = time.time()
    click = read_click(click_payload("trivia:ab:1:2", at=now))
    assert (click.custom_id, click.user_id, click.guild_id, click.channel_id) == ("trivia:ab:1:2", USER, GUILD, CHANNEL)
    assert click.message_channel_id == CHANNEL
    assert click.name == "Ada L", "no nickname: the global name"
    assert not click.is_bot
    assert abs(click.created_at - now) < 0.002
    nick = click_payload("x", member={"user": {"id": "5", "username": "u", "bot": True}, "nick": "Nick", "roles": []})
    assert (read_click(nick).name, read_click(nick).is_bot) == ("Nick", True)
    dm = click_payload("x")
    del dm["member"], dm["guild_id"]
    dm["user"] = {"id": "6", "username": "plain", "global_name": None}
    assert (read_click(dm).name, read_click(dm).guild_id) == ("plain", None)


def test_snowflake_time_matches_discord_py() -> None:
    sample = snowflake(1_700_000_000.123)
    assert snowflake_time(sample) == pytest.approx(discord.utils.snowflake_time(sample).timestamp(), abs=0.001)


# -- answering through a real HTTP server ----------------------------------------------------------------


class Callbacks:
    """A tiny Discord: records interaction callbacks; answers 204, or 404/10062 for chosen ids."""

    def __init__(self) -> None:
        self.bodies: dict[int, list[dict[str, Any]]] = {}
        self.expired: set[int] = set()
        self.refusals: list[web.Response] = []  # answered, in turn, before the next 204s
        self.delay = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        interaction_id = int(request.match_info["id"])
        self.bodies.setdefault(interaction_id, []).append(json.loads(await request.read()))
        await asyncio.sleep(self.delay)
        if interaction_id in self.expired:
            return web.json_response({"message": "Unknown interaction", "code": 10062}, status=404)
        if self.refusals:
            return self.refusals.pop(0)
        return web.Response(status=204)


@pytest.fixture
async def discord_api() -> AsyncIterator[tuple[Callbacks, str]]:
    callbacks = Callbacks()
    app = web.Application()
    app.router.add_post("/api/v10/interactions/{id}/{token}/callback", callbacks.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield callbacks, f"http://127.0.0.1:{port}/api/v10"
    await runner.cleanup()


async def started(router: ClickRouter, base: str) -> ClickRouter:
    await router.start(base, user_agent="DiscordBot (test, 1)")
    return router


async def until(predicate: Callable[[], bool], within: float = 3.0) -> None:
    deadline = time.monotonic() + within
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.005)


async def test_a_click_is_answered_privately_by_its_handler(discord_api: tuple[Callbacks, str]) -> None:
    callbacks, base = discord_api
    router = ClickRouter(workers=2)
    seen: list[Click] = []
    router.register("trivia", lambda click: seen.append(click) or message_data("✅ Right!", ephemeral=True))
    await started(router, base)
    try:
        payload = click_payload("trivia:ab:1:0")
        router.on_interaction_create(payload)
        await until(lambda: router.counts["answered"] == 1)
    finally:
        await router.close()
    body = callbacks.bodies[int(payload["id"])]
    assert body == [
        {"type": 4, "data": {"allowed_mentions": {"parse": []}, "content": "✅ Right!", "flags": EPHEMERAL}}
    ]
    assert [c.custom_id for c in seen] == ["trivia:ab:1:0"]


async def test_late_clicks_are_neither_answered_nor_handled_and_are_summarised(
    discord_api: tuple[Callbacks, str], caplog: pytest.LogCaptureFixture
) -> None:
    callbacks, base = discord_api
    router = ClickRouter(workers=2, report_interval=0.2)
    handled: list[Click] = []
    router.register("trivia", lambda click: handled.append(click) or message_data("ok", ephemeral=True))
    await started(router, base)
    caplog.set_level(logging.INFO, logger="bot.app.clicks")
    try:
        old = time.time() - INTERACTION_WINDOW - 1
        for n in range(5):
            router.on_interaction_create(click_payload("trivia:ab:1:0", at=old, counter=n + 1))
        fresh = click_payload("trivia:ab:1:1", counter=9)
        router.on_interaction_create(fresh)
        await until(lambda: router.counts["answered"] == 1)
        await asyncio.sleep(0.5)
    finally:
        await router.close()
    assert list(callbacks.bodies) == [int(fresh["id"])], "no callback for a click Discord has given up on"
    assert [c.custom_id for c in handled] == ["trivia:ab:1:1"], "a shed click is not scored either"
    lines = [r.getMessage() for r in caplog.records if "late clicks" in r.getMessage()]
    assert lines == ["shed 5 late clicks in the last 0 s (1 answered)"], lines
    assert not any(r.exc_info for r in caplog.records)


async def test_an_expired_interaction_is_acknowledged_once(discord_api: tuple[Callbacks, str]) -> None:
    callbacks, base = discord_api
    router = ClickRouter(workers=1)
    router.register("trivia", lambda click: message_data("ok", ephemeral=True))
    await started(router, base)
    payload = click_payload("trivia:ab:1:0")
    callbacks.expired.add(int(payload["id"]))
    try:
        router.on_interaction_create(payload)
        await until(lambda: router.counts["expired"] == 1)
        await asyncio.sleep(0.2)
    finally:
        await router.close()
    assert len(callbacks.bodies[int(payload["id"])]) == 1, "never a second acknowledgement"


async def test_a_rate_limit_or_server_error_is_retried_within_the_window(discord_api: tuple[Callbacks, str]) -> None:
    callbacks, base = discord_api
    limited = {"message": "You are being rate limited.", "retry_after": 0.2, "global": False}
    callbacks.refusals = [
        web.json_response(limited, status=429, headers={"Via": "1.1 google"}),
        web.Response(status=502, text="upstream connect error"),
    ]
    router = ClickRouter(workers=1)
    router.register("trivia", lambda click: message_data("ok", ephemeral=True))
    await started(router, base)
    payload = click_payload("trivia:ab:1:0")
    try:
        router.on_interaction_create(payload)
        await until(lambda: router.counts["answered"] == 1)
    finally:
        await router.close()
    assert len(callbacks.bodies[int(payload["id"])]) == 3


class Clock:
    def __init__(self) -> None:
        self.ahead = 0.0

    def __call__(self) -> float:
        return time.time() + self.ahead


@pytest.mark.parametrize(
    ("waited", "answered"),
    [(0.0, [0, 1, 2, 3, 4, 5]), (1.0, [0, 5, 4, 3])],
    ids=["first-come-first-served", "a-flood-newest-first"],
)
async def test_clicks_are_handled_in_order_and_a_flood_is_answered_newest_first(
    discord_api: tuple[Callbacks, str], waited: float, answered: list[int]
) -> None:
    callbacks, base = discord_api
    callbacks.delay = 0.05
    clock = Clock()
    router = ClickRouter(workers=1, queue_limit=3 if waited else 8, clock=clock)
    handled: list[str] = []
    router.register("trivia", lambda click: handled.append(click.custom_id) or message_data("ok", ephemeral=True))
    await started(router, base)
    payloads = [click_payload(f"trivia:ab:1:{n}", counter=n + 1) for n in range(6)]
    try:
        router.on_interaction_create(payloads[0])
        await until(lambda: len(callbacks.bodies) == 1)  # the worker is busy with it
        for payload in payloads[1:]:
            router.on_interaction_create(payload)
        clock.ahead = waited  # how long they have waited when the worker comes back
        await until(lambda: router.counts["answered"] == len(answered))
    finally:
        await router.close()
    assert handled == [f"trivia:ab:1:{n}" for n in range(6)], "handled as they arrived: a double click counts its first"
    assert list(callbacks.bodies) == [int(payloads[n]["id"]) for n in answered]
    assert router.counts["shed"] == 6 - len(answered), "in a flood the oldest waiting callbacks were dropped"


async def test_in_a_flood_the_clicks_that_can_no_longer_make_it_are_dropped_at_once(
    discord_api: tuple[Callbacks, str],
) -> None:
    callbacks, base = discord_api
    callbacks.delay = 0.3
    clock = Clock()
    router = ClickRouter(workers=1, clock=clock)
    router.register("trivia", lambda click: message_data("ok", ephemeral=True))
    await started(router, base)
    first = click_payload("trivia:ab:1:0", counter=1)
    old = [click_payload("trivia:ab:1:1", at=time.time() - 2.5, counter=n + 2) for n in range(3)]
    fresh = [click_payload("trivia:ab:1:2", counter=n + 5) for n in range(2)]
    try:
        router.on_interaction_create(first)
        await until(lambda: len(callbacks.bodies) == 1)  # the worker is busy with it
        for payload in old + fresh:
            router.on_interaction_create(payload)
        clock.ahead = 0.6  # a flood: the old ones are now past the window, the fresh ones are not
        await until(lambda: len(callbacks.bodies) == 2)  # the worker came back and took the newest
        assert router.backlog == 1, "the three that could no longer be answered left the queue at once"
        assert router.counts["shed"] == 3
        await until(lambda: router.counts["answered"] == 3)
    finally:
        await router.close()
    assert list(callbacks.bodies) == [int(p["id"]) for p in (first, fresh[1], fresh[0])]


async def test_a_failing_handler_gets_the_apology_and_one_traceback(
    discord_api: tuple[Callbacks, str], caplog: pytest.LogCaptureFixture
) -> None:
    callbacks, base = discord_api
    router = ClickRouter(workers=1)

    def broken(click: Click) -> dict[str, Any]:
        raise RuntimeError("bug")

    router.register("trivia", broken)
    await started(router, base)
    try:
        for n in range(3):
            router.on_interaction_create(click_payload("trivia:ab:1:0", counter=n + 1))
        await until(lambda: len(callbacks.bodies) == 3)
    finally:
        await router.close()
    contents = {body[0]["data"]["content"] for body in callbacks.bodies.values()}
    assert len(contents) == 1 and "went wrong" in contents.pop()
    assert sum(1 for r in caplog.records if r.exc_info) == 1


async def test_a_malformed_event_never_reaches_the_gateway_reader() -> None:
    router = ClickRouter(workers=1)
    router.register("trivia", lambda click: message_data("ok", ephemeral=True))
    router._tasks = [asyncio.get_running_loop().create_future()]
    broken = click_payload("trivia:ab:1:0")
    del broken["member"]
    router.on_interaction_create(broken)  # no exception: it would end discord.py's gateway loop
    assert router.counts["failed"] == 1
    assert router.backlog == 0
    router._tasks[0].cancel()


# -- the callback connections: HTTP/1.1 as servers really answer ---------------------------------------


class RawServer:
    """An HTTP server written by hand, to answer callbacks in ways aiohttp's server would not choose:
    chunked, closing, silent. `replies` are (raw response or None: close without answering, or "wait":
    never answer), taken in turn; afterwards every request gets a plain 204."""

    def __init__(self) -> None:
        self.replies: list[bytes | str | None] = []
        self.requests: list[tuple[int, bytes]] = []  # (connection number, request head) as received
        self.connections = 0
        self.port = 0
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(re.search(rb"Content-Length: (\d+)", head)[1])  # type: ignore[index]
                await reader.readexactly(length)
                self.requests.append((number, head))
                reply = self.replies.pop(0) if self.replies else b"HTTP/1.1 204 No Content\r\n\r\n"
                if reply == "wait":
                    await asyncio.sleep(30)
                if not isinstance(reply, bytes):
                    break
                writer.write(reply)
                await writer.drain()
                if b"Connection: close" in reply:
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()


async def test_a_callback_is_one_plain_request_on_a_kept_alive_connection() -> None:
    async with RawServer() as server:
        router = ClickRouter(workers=1)
        router.register("trivia", lambda click: message_data("ok", ephemeral=True))
        await router.start(f"http://127.0.0.1:{server.port}/api/v10/", user_agent="DiscordBot (test, 1)")
        try:
            for n in range(3):
                payload = click_payload("trivia:ab:1:0", counter=n + 1)
                payload["token"] = "a/b c\r\nX: 1"  # never as is in a request line
                router.on_interaction_create(payload)
            await until(lambda: router.counts["answered"] == 3)
        finally:
            await router.close()
    assert server.connections == 1, "one worker, one connection, kept alive"
    head = server.requests[0][1].decode()
    line, *headers = head.split("\r\n")
    assert re.fullmatch(r"POST /api/v10/interactions/\d+/a%2Fb%20c%0D%0AX%3A%201/callback HTTP/1\.1", line), line
    assert f"Host: 127.0.0.1:{server.port}" in headers
    assert "User-Agent: DiscordBot (test, 1)" in headers
    assert "Content-Type: application/json" in headers


async def test_chunked_refusals_and_closing_replies_are_read_to_their_end() -> None:
    chunked_expired = (
        b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
        b'10\r\n{"message": "Unk\r\n1a;x=y\r\nnown interaction", "code":\r\n7\r\n 10062}\r\n0\r\nTrailer: 1\r\n\r\n'
    )
    interim_then_ok = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
    closing = b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
    async with RawServer() as server:
        server.replies = [chunked_expired, interim_then_ok, closing]
        router = ClickRouter(workers=1)
        router.register("trivia", lambda click: message_data("ok", ephemeral=True))
        await started(router, f"http://127.0.0.1:{server.port}/api/v10")
        try:
            for n in range(4):
                router.on_interaction_create(click_payload("trivia:ab:1:0", counter=n + 1))
            await until(lambda: router.counts["answered"] + router.counts["expired"] == 4)
        finally:
            await router.close()
    assert router.counts["expired"] == 1, "the chunked body was read whole: its 10062 was seen"
    assert router.counts["answered"] == 3
    assert router.counts["failed"] == 0
    assert [number for number, _ in server.requests] == [1, 1, 1, 2], "a new connection after Connection: close"


async def test_a_kept_alive_connection_the_server_dropped_is_replaced_once() -> None:
    async with RawServer() as server:
        server.replies = [b"HTTP/1.1 204 No Content\r\n\r\n", None]  # the second request: closed unanswered
        router = ClickRouter(workers=1)
        router.register("trivia", lambda click: message_data("ok", ephemeral=True))
        await started(router, f"http://127.0.0.1:{server.port}/api/v10")
        try:
            router.on_interaction_create(click_payload("trivia:ab:1:0", counter=1))
            await until(lambda: router.counts["answered"] == 1)
            second = click_payload("trivia:ab:1:1", counter=2)
            router.on_interaction_create(second)
            await until(lambda: router.counts["answered"] == 2)
        finally:
            await router.close()
    assert [number for number, _ in server.requests] == [1, 1, 2]
    assert router.counts["failed"] == 0


async def test_a_callback_without_a_reply_fails_at_the_timeout_and_the_worker_goes_on() -> None:
    async with RawServer() as server:
        server.replies = ["wait"]
        router = ClickRouter(workers=1, reply_timeout=0.3)
        router.register("trivia", lambda click: message_data("ok", ephemeral=True))
        await started(router, f"http://127.0.0.1:{server.port}/api/v10")
        try:
            router.on_interaction_create(click_payload("trivia:ab:1:0", counter=1))
            router.on_interaction_create(click_payload("trivia:ab:1:1", counter=2))
            await until(lambda: router.counts["failed"] == 1 and router.counts["answered"] == 1, within=5)
        finally:
            await router.close()
    assert [number for number, _ in server.requests] == [1, 2], "the silent connection was dropped, not reused"


def test_only_a_listener_gets_the_gateways_socket_event_type(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """FilmBot skips discord.py's "socket_event_type" (one before every gateway event) unless a cog listens."""
    bot = FilmBot(Settings(db_path=tmp_path / "x.db", data_dir=tmp_path))
    reached: list[str] = []
    original = discord.Client.dispatch

    def dispatch(self: discord.Client, event: str, /, *args: Any, **kwargs: Any) -> None:
        reached.append(event)
        original(self, event, *args, **kwargs)

    monkeypatch.setattr(discord.Client, "dispatch", dispatch)
    bot.dispatch("socket_event_type", "INTERACTION_CREATE")
    bot.dispatch("guild_available", object())
    assert reached == ["guild_available"]

    async def listener(event: str) -> None:
        return None

    bot.add_listener(listener, "on_socket_event_type")
    scheduled: list[str] = []
    monkeypatch.setattr(bot, "_schedule_event", lambda coro, name, *args, **kwargs: scheduled.append(name))
    bot.dispatch("socket_event_type", "INTERACTION_CREATE")
    assert scheduled == ["on_socket_event_type"]


# -- the collector's full passes, between floods ----------------------------------------------------------


async def test_full_collections_are_the_routers_to_run_and_come_back_when_it_closes() -> None:
    before = gc.get_threshold()
    full: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    router = ClickRouter(workers=1, report_interval=0.02, collect_between_floods=True)
    await router.start("http://127.0.0.1:9/api/v10")
    gc.callbacks.append(seen)
    try:
        assert gc.get_threshold()[:2] == before[:2], "the young generations are collected as before"
        assert gc.get_threshold()[2] == DEFERRED, "no full collection on CPython's own schedule"
        await until(lambda: len(full) >= 2)  # every FULL_COLLECTION_EVERY intervals, the router runs one
    finally:
        gc.callbacks.remove(seen)
        await router.close()
    assert gc.get_threshold() == before


def test_a_deferred_full_collection_comes_every_few_intervals() -> None:
    assert not full_collection_due(FULL_COLLECTION_EVERY - 1)
    assert full_collection_due(FULL_COLLECTION_EVERY)


@pytest.mark.parametrize(
    ("base", "host", "port", "tls", "path", "header"),
    [
        ("https://discord.com/api/v10", "discord.com", 443, True, b"/api/v10", b"Host: discord.com\r\n"),
        ("http://127.0.0.1:8080/api/v10/", "127.0.0.1", 8080, False, b"/api/v10", b"Host: 127.0.0.1:8080\r\n"),
        ("http://[::1]:9/api", "::1", 9, False, b"/api", b"Host: [::1]:9\r\n"),
    ],
)
def test_the_callbacks_go_where_the_api_root_says(
    base: str, host: str, port: int, tls: bool, path: bytes, header: bytes
) -> None:
    endpoint = _Endpoint.of(base, "DiscordBot (test, 1)")
    assert (endpoint.host, endpoint.port, endpoint.ssl is not None, endpoint.path) == (host, port, tls, path)
    assert endpoint.headers.startswith(header)


def test_an_api_root_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="not an HTTP API root"):
        _Endpoint.of("ws://127.0.0.1/api", "")


def test_a_zlib_stream_is_read_as_bytes_message_by_message() -> None:
    """The zlib-stream gateway (discord.py without zstandard) ends each message with Z_SYNC_FLUSH;
    until it does, there is no message yet."""

    class Context:  # discord.py's zlib context keeps these two
        def __init__(self) -> None:
            self.context = zlib.decompressobj()
            self.buffer = bytearray()

    context, compress = Context(), compressor_for("zlib-stream")
    frame = compress(b'{"op":11}')
    assert _zlib_bytes(context, frame[:3]) is None
    assert _zlib_bytes(context, frame[3:]) == b'{"op":11}'
    assert _zlib_bytes(context, compress(b'{"op":1}')) == b'{"op":1}'
