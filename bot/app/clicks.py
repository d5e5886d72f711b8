"""The hot path for component clicks: raw gateway event in, interaction callback out.

A click needs its custom_id, who clicked, where, when (its snowflake), and one
HTTP callback. discord.py builds an Interaction, a Message with its components
and a View for every click and posts the callback through its webhook adapter:
more than 90% of a click's CPU. Clicks whose custom_id starts with a registered
prefix (the trivia answer buttons) are taken here instead, from the parsed
INTERACTION_CREATE payload; everything else (commands, autocomplete, other
buttons) goes on to discord.py untouched.

This is the one place that goes below discord.py's public API, in two spots:
- it replaces the INTERACTION_CREATE entry of the connection state's parser
  table (`client._connection.parsers`, the dict the gateway calls for each event);
- it has the gateway's decompression context (`discord.utils._ActiveDecompressionContext`)
  hand the JSON decoder the decompressed bytes instead of text: decoding a
  click's 1-2 KB to str, for orjson to encode it back to UTF-8 before parsing,
  was a quarter of reading it (`read_gateway_as_bytes`).
`tests/test_clicks.py` fails if a discord.py release changes either.

Clicks are handled (scored) as they arrive, in order, so a double click counts
its first; only the callback waits. Under a flood the router degrades instead
of collapsing:
- a bounded queue of callbacks feeds a fixed number of workers, so at most
  `workers` connections of the shared pool carry clicks, and REST for commands
  and the games always finds one free;
- callbacks go out first come, first served; once the oldest has waited
  `CONGESTED_AFTER` (a flood), the newest go first, so the clicks that can still
  make Discord's window do, and the old ones are shed (not answered at all);
- a click already older than Discord's window when it arrives (its snowflake
  says) is neither answered nor scored: Discord has told the player it failed,
  and their next click counts;
- shed clicks are reported in one log line per interval, never one per click.

The callbacks do not go through aiohttp's client: a request there costs 50-70 us
of CPU (request and response objects, URL parsing, headers, timers), more than
everything else a click needs together. Every callback is the same POST to the
same host, so each worker keeps one HTTP/1.1 keep-alive connection of its own
(`_Line`) and writes the request as bytes built from a prefix made once; the
reply is read only as far as the status line and the framing headers, the
rest only when the callback was refused. The whole path, event to reply, is
now 16-27 us (bench/click_path.py). aiohttp still does everything else (REST,
the gateway).
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import logging
import re
import ssl
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, cast
from urllib.parse import quote, urlsplit

from bot.render.payload import Reply

log = logging.getLogger(__name__)

DISCORD_EPOCH = 1_420_070_400_000  # ms
INTERACTION_WINDOW = 3.0  # seconds Discord gives a bot to acknowledge an interaction
# A click this close to the window's end would land too late. Small: a bigger margin would shed
# clicks that can still make it (a reconnect's replayed events, a clock a little ahead of Discord's).
SEND_MARGIN = 0.05
CONGESTED_AFTER = 0.5  # seconds the oldest waiting callback may wait before the newest go first
QUEUE_LIMIT = 4096  # clicks waiting for a worker; past it the oldest are shed
WORKERS = 64  # concurrent callbacks, each worker on a connection of its own (throughput = WORKERS / RTT)
REPORT_INTERVAL = 10.0  # seconds between "shed N late clicks" lines
FLOOD_CLICKS = 1000  # clicks in one interval that make it a flood (its memory is released after)
FULL_COLLECTION_EVERY = 6  # report intervals between deferred full collections, flood or not
DEFERRED = 1 << 30  # the oldest generation's threshold while its collections are the router's to run
EPHEMERAL = 1 << 6
CALLBACK_MESSAGE = 4
COMPONENT = 3
UNKNOWN_INTERACTION = 10062
NO_MENTIONS: dict[str, Any] = {"parse": []}
IDLE_LIMIT = 60.0  # seconds a callback connection may stay unused before it is closed (keep-alive)
HEAD_LIMIT = 64 * 1024  # bytes of response head past which the server is not speaking HTTP to us
SWEEP_INTERVAL = 0.25  # seconds between checks for callbacks stuck past Discord's window
_SAFE_TOKEN = re.compile(r"[A-Za-z0-9._~-]+")  # Discord's tokens are; anything else is percent-encoded
SORRY = "Something went wrong on my side with that button. It has been logged; please try again in a moment."

try:  # discord.py[speed] brings orjson; the standard library otherwise
    import orjson

    def _dumps(data: Any) -> bytes:
        return orjson.dumps(data)

except ImportError:  # pragma: no cover - depends on the environment

    def _dumps(data: Any) -> bytes:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def snowflake_time(snowflake: int) -> float:
    """When Discord made the object (seconds since the epoch)."""
    return ((snowflake >> 22) + DISCORD_EPOCH) / 1000.0


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs 1.5 us more a click
class Click:
    """What a component click carries that a handler may use."""

    interaction_id: int
    token: str
    custom_id: str
    user_id: int
    name: str  # the clicker's display name: server nickname, global name or username
    is_bot: bool
    guild_id: int | None
    channel_id: int | None
    message_channel_id: int | None  # the channel of the message the button is on
    message_guild_id: int | None  # its guild, when Discord says
    created_at: float  # the interaction's snowflake time


@dataclass(slots=True)
class _Callback:
    """A click's answer waiting for a worker: all that is kept per click, and only until sent.

    The answer is kept as the handler's (small) data and serialised only when sent: orjson's
    output holds a 4 KiB block whatever its length, so a flood's queue of bodies spread
    megabytes over the heap that stayed fragmented after it, and shed clicks need no body."""

    interaction_id: int
    token: str
    created_at: float
    data: Mapping[str, Any]


# A handler answers a click with the callback's message data (content, flags, ...), synchronously.
Handler = Callable[[Click], Mapping[str, Any]]


def release_memory() -> None:
    """Return freed heap memory to the system (glibc keeps it otherwise); a no-op without glibc.

    Called once when a flood is over: the full collection first takes a few tens of ms."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols: no library search
    except (OSError, AttributeError):
        return
    gc.collect()
    trim(0)


class FullCollections:
    """Runs the collector's full passes between floods instead of on CPython's schedule.

    Under a flood CPython's full (oldest-generation) collection came every few seconds and
    walked every long-lived object, the games' crowd of players included: 100-600 ms each,
    the longest stalls of the click path. While deferred, the young generations run as
    before (they reclaim almost all garbage); the full pass runs when a flood ends and
    otherwise once every FULL_COLLECTION_EVERY report intervals (a minute), so cycles
    that outlive the young generations never pile up, even in a long flood."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None

    def defer(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            gc.set_threshold(self._saved[0], self._saved[1], DEFERRED)

    def restore(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    @property
    def deferred(self) -> bool:
        return self._saved is not None


def full_collection_due(intervals_since: int) -> bool:
    """Whether a deferred full collection runs at the end of this report interval."""
    return intervals_since >= FULL_COLLECTION_EVERY


def _retry_after(status: int, headers: Mapping[str, str], text: str, attempt: int) -> float | None:
    """How long to wait before trying a refused callback again; None: do not retry."""
    if status == 429 and headers.get("via"):  # without Via it is Cloudflare's ban, not Discord's limit
        try:
            return float(json.loads(text)["retry_after"])
        except (ValueError, KeyError, TypeError):
            return 1.0
    if status >= 500:
        return 0.2 * attempt
    return None


def _int(value: Any) -> int | None:
    return int(value) if value else None


def read_click(data: Mapping[str, Any]) -> Click:
    """The Click of a component INTERACTION_CREATE payload (KeyError/ValueError when malformed)."""
    member = data.get("member")
    user = member["user"] if member else data["user"]
    name = (member.get("nick") if member else None) or user.get("global_name") or user["username"]
    message = data.get("message") or {}
    interaction_id = int(data["id"])
    return Click(
        interaction_id=interaction_id,
        token=data["token"],
        custom_id=data["data"]["custom_id"],
        user_id=int(user["id"]),
        name=name,
        is_bot=bool(user.get("bot")),
        guild_id=_int(data.get("guild_id")),
        channel_id=_int(data.get("channel_id") or (data.get("channel") or {}).get("id")),
        message_channel_id=_int(message.get("channel_id")),
        message_guild_id=_int(message.get("guild_id")),
        created_at=snowflake_time(interaction_id),
    )


def _zstd_bytes(self: Any, data: bytes, /) -> bytes:
    message: bytes = self.decompressor.decompress(data)  # discord.py's own zstd decompressor
    return message


def _zlib_bytes(self: Any, data: bytes, /) -> bytes | None:
    self.buffer.extend(data)
    if len(data) < 4 or data[-4:] != b"\x00\x00\xff\xff":  # not the end of a message (Z_SYNC_FLUSH) yet
        return None
    message: bytes = self.context.decompress(self.buffer)
    self.buffer = bytearray()
    return message


_AS_BYTES = {"zstd-stream": _zstd_bytes, "zlib-stream": _zlib_bytes}


def read_gateway_as_bytes() -> bool:
    """Make discord.py's gateway decompress to bytes, which its JSON decoder (orjson or json) reads as
    they are; the text it made before was only ever parsed. False when its compression is not one
    this knows (it is then left alone). Affects gateway connections opened afterwards."""
    import discord.utils

    active: Any = discord.utils._ActiveDecompressionContext
    if getattr(active, "as_bytes", False):
        return True
    decompress = _AS_BYTES.get(getattr(active, "COMPRESSION_TYPE", ""))
    if decompress is None:
        return False
    discord.utils._ActiveDecompressionContext = type(
        f"Bytes{active.__name__}", (active,), {"__slots__": (), "as_bytes": True, "decompress": decompress}
    )
    return True


class Response(NamedTuple):
    """What a callback's reply says: its status; the headers and body only when it was refused."""

    status: int
    headers: Mapping[str, str]
    text: str


class _Endpoint(NamedTuple):
    """Where callbacks go, parsed once: the host to connect to and the request's fixed bytes."""

    host: str
    port: int
    ssl: ssl.SSLContext | None
    path: bytes  # the API root's path, e.g. b"/api/v10"
    headers: bytes  # Host, User-Agent and Content-Type lines

    @classmethod
    def of(cls, api_base: str, user_agent: str) -> _Endpoint:
        url = urlsplit(api_base.rstrip("/"))
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"not an HTTP API root: {api_base!r}")
        secure = url.scheme == "https"
        port = url.port or (443 if secure else 80)
        host = url.netloc.rpartition("@")[2]  # as written: "[::1]:8080" keeps its brackets
        lines = f"Host: {host}\r\nUser-Agent: {user_agent or 'filmbot'}\r\nContent-Type: application/json\r\n"
        return cls(
            url.hostname,
            port,
            ssl.create_default_context() if secure else None,
            url.path.encode("ascii"),
            lines.encode("latin-1"),
        )

    def request(self, interaction_id: int, token: str, body: bytes) -> bytes:
        if not _SAFE_TOKEN.fullmatch(token):
            token = quote(token, safe="")
        return b"POST %s/interactions/%d/%s/callback HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s" % (
            self.path,
            interaction_id,
            token.encode("ascii"),
            self.headers,
            len(body),
            body,
        )


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection carrying one request at a time (no pipelining)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.keep = True  # the server did not ask to close after this reply
        self.received = False  # any byte of a reply to the current request arrived
        self.since = 0.0  # monotonic: when the current request was written, or the last reply ended
        self.busy = False
        self._waiter: asyncio.Future[Response] | None = None
        self._buffer = bytearray()
        self._status = 0
        self._head = b""
        self._left = -1  # body bytes still to read; -1: the head is not read yet
        self._chunked = False
        self._until_close = False
        self._body = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's transports do not subclass asyncio's

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._until_close and self._waiter is not None and not self._waiter.done():
            self._done()  # a body delimited by the end of the connection
            return
        self._fail(exc or ConnectionResetError("the server closed the connection"))

    def data_received(self, data: bytes) -> None:
        self.received = True
        self._buffer += data
        try:
            self._parse()
        except ValueError as error:  # not HTTP: give up on this connection
            self._fail(ConnectionError(f"malformed reply: {error}"))
            self.abort()

    def eof_received(self) -> bool:
        return False  # close our side too: connection_lost follows

    def send(self, data: bytes) -> asyncio.Future[Response]:
        assert self.transport is not None and not self.busy
        if self.transport.is_closing():
            raise ConnectionResetError("the connection is closing")
        self.busy, self.received, self.since = True, False, time.monotonic()
        self._waiter = waiter = asyncio.get_running_loop().create_future()
        self.transport.write(data)
        return waiter

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()

    def _fail(self, error: BaseException) -> None:
        waiter, self._waiter = self._waiter, None
        self.busy = False
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)

    def _parse(self) -> None:
        buffer = self._buffer
        while True:
            if self._left < 0:
                end = buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(buffer) > HEAD_LIMIT:
                        raise ValueError("response head too long")
                    return
                head = bytes(buffer[:end])
                del buffer[: end + 4]
                if not self._read_head(head):
                    continue  # an interim 1xx reply: the real one follows
            if self._chunked:
                if not self._read_chunks():
                    return
            elif self._until_close:
                self._body += buffer
                buffer.clear()
                return
            else:
                take = min(self._left, len(buffer))
                if self._status >= 300:
                    self._body += buffer[:take]
                del buffer[:take]
                self._left -= take
                if self._left:
                    return
            self._done()
            if not buffer or self.closed:
                return

    def _read_head(self, head: bytes) -> bool:
        """The status line and the framing headers; False for an interim (1xx) reply."""
        line, _, _ = head.partition(b"\r\n")
        version, _, rest = line.partition(b" ")
        if not version.startswith(b"HTTP/1."):
            raise ValueError("not an HTTP/1.x status line")
        status = int(rest[:3])
        if status < 200:
            return False
        lower = head.lower()
        self._status, self._head = status, head
        self._chunked = b"\r\ntransfer-encoding:" in lower and b"chunked" in _header(lower, b"transfer-encoding")
        self.keep = version == b"HTTP/1.1" and _header(lower, b"connection") != b"close"
        self._until_close = False
        if status in (204, 304) or self._chunked:
            self._left = 0
        elif b"\r\ncontent-length:" in lower:
            self._left = int(_header(lower, b"content-length"))
        else:
            self._left, self._until_close, self.keep = 0, True, False
        return True

    def _read_chunks(self) -> bool:
        """Consume chunks from the buffer; True once the last one (and its trailers) is read."""
        buffer = self._buffer
        while True:
            if self._left > 0:  # inside a chunk, with its closing CRLF
                if len(buffer) < self._left:
                    return False
                if self._status >= 300:
                    self._body += buffer[: self._left - 2]
                del buffer[: self._left]
                self._left = 0
            end = buffer.find(b"\r\n")
            if end < 0:
                return False
            size = int(bytes(buffer[:end]).split(b";")[0].strip() or b"0", 16)
            if size == 0:  # the last chunk: trailers (usually none), then an empty line
                rest = buffer.find(b"\r\n\r\n", end)
                if rest < 0:
                    return False
                del buffer[: rest + 4]
                return True
            del buffer[: end + 2]
            self._left = size + 2

    def _done(self) -> None:
        status, head, body = self._status, self._head, self._body
        self._left, self._body, self._chunked, self._until_close = -1, bytearray(), False, False
        self.busy, self.since = False, time.monotonic()
        waiter, self._waiter = self._waiter, None
        if waiter is None or waiter.done():
            self.abort()  # a reply nobody asked for: the connection is out of step
            return
        if status < 300:
            waiter.set_result(Response(status, {}, ""))
        else:
            waiter.set_result(Response(status, _headers(head), body.decode("utf-8", "replace")))
        if self._buffer:
            self.abort()  # bytes past the reply: we never pipeline, so the connection is out of step
        elif not self.keep and self.transport is not None:
            self.closed = True
            self.transport.close()

    def expire(self) -> None:
        """The reply did not come in time: fail the request and drop the connection."""
        self._fail(TimeoutError("no reply to the callback within Discord's window"))
        self.abort()


def _header(lower_head: bytes, name: bytes) -> bytes:
    """A header's value in a lower-cased response head (b"" when absent)."""
    start = lower_head.find(b"\r\n" + name + b":")
    if start < 0:
        return b""
    start += len(name) + 3
    end = lower_head.find(b"\r\n", start)
    return lower_head[start : end if end >= 0 else None].strip()


def _headers(head: bytes) -> dict[str, str]:
    """Every header of a response head, names lower-cased (read only for a refused callback)."""
    headers: dict[str, str] = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


class _Line:
    """A worker's connection to the API: opened when first needed, reopened when it closes."""

    def __init__(self, endpoint: _Endpoint) -> None:
        self.endpoint = endpoint
        self.connection: _Connection | None = None

    async def post(self, request: bytes) -> Response:
        connection = self.connection
        reused = connection is not None and connection.keep and not connection.closed
        if connection is not None and reused and time.monotonic() - connection.since > IDLE_LIMIT:
            connection.abort()  # unused long enough for the server to have dropped it
            reused = False
        if connection is None or not reused:
            connection = await self._open()
        try:
            return await connection.send(request)
        except ConnectionError:
            if not reused or connection.received:
                raise
        # The server closed the kept-alive connection as the request went out: once more, on a new one.
        connection = await self._open()
        return await connection.send(request)

    async def _open(self) -> _Connection:
        endpoint = self.endpoint
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(INTERACTION_WINDOW):
            _transport, connection = await loop.create_connection(
                _Connection,
                endpoint.host,
                endpoint.port,
                ssl=endpoint.ssl,
                server_hostname=endpoint.host if endpoint.ssl else None,
            )
        self.connection = connection
        return connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.abort()
            self.connection = None


class ClickRouter:
    """Takes registered clicks off discord.py's path; see the module docstring."""

    def __init__(
        self,
        *,
        workers: int = WORKERS,
        queue_limit: int = QUEUE_LIMIT,
        report_interval: float = REPORT_INTERVAL,
        reply_timeout: float = INTERACTION_WINDOW,
        collect_between_floods: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._handlers: dict[str, Handler] = {}
        self._pending: deque[_Callback] = deque()
        self._queue_limit = queue_limit
        self._workers_wanted = workers
        self._report_interval = report_interval
        self._reply_timeout = reply_timeout  # a callback with no reply by then has failed
        self._collect_between_floods = collect_between_floods  # the process's full GC passes: see FullCollections
        self._collections = FullCollections()
        self._clock = clock
        self._idle: deque[asyncio.Future[None]] = deque()  # workers waiting for a callback, one woken a click
        self._tasks: list[asyncio.Task[None]] = []
        self._lines: list[_Line] = []
        self._endpoint: _Endpoint | None = None
        self._fallback: Callable[[Any], None] | None = None
        self.counts: Counter[str] = Counter()  # answered, shed, expired, failed: since start
        self._since_report: Counter[str] = Counter()

    def register(self, prefix: str, handler: Handler) -> None:
        """Route clicks whose custom_id is `prefix` or starts with `prefix:` to `handler`."""
        self._handlers[prefix] = handler

    def install(self, state: Any) -> None:
        """Take INTERACTION_CREATE from discord.py's parser table, and have the gateway read bytes
        (the private parts)."""
        parsers: dict[str, Callable[[Any], None]] = state.parsers
        current = parsers["INTERACTION_CREATE"]
        if getattr(current, "__self__", None) is self:
            return
        self._fallback = current
        parsers["INTERACTION_CREATE"] = self.on_interaction_create
        read_gateway_as_bytes()

    async def start(self, api_base: str, *, user_agent: str = "") -> None:
        """Start the workers, each posting callbacks to `api_base` on a keep-alive connection of its own."""
        if self._tasks:
            return
        self._endpoint = endpoint = _Endpoint.of(api_base, user_agent)
        self._lines = [_Line(endpoint) for _ in range(self._workers_wanted)]
        self._tasks = [asyncio.create_task(self._work(line), name=f"clicks-{n}") for n, line in enumerate(self._lines)]
        self._tasks.append(asyncio.create_task(self._report(), name="clicks-report"))
        self._tasks.append(asyncio.create_task(self._sweep(), name="clicks-sweep"))
        if self._collect_between_floods:
            self._collections.defer()

    async def close(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        for line in self._lines:
            line.close()
        self._collections.restore()
        self._flush_report()

    # -- the gateway side: synchronous, as cheap as possible ----------------------------

    def on_interaction_create(self, data: Mapping[str, Any]) -> None:
        """discord.py's parser for INTERACTION_CREATE, with registered clicks taken out."""
        if data.get("type") == COMPONENT and self._tasks:
            custom_id = data.get("data", {}).get("custom_id", "")
            if custom_id.partition(":")[0] in self._handlers:
                self._enqueue(data)
                return
        assert self._fallback is not None
        self._fallback(data)

    def _enqueue(self, data: Mapping[str, Any]) -> None:
        try:
            click = read_click(data)
        except (KeyError, TypeError, ValueError):
            self._count("failed")  # raising here would end discord.py's gateway reader
            log.debug("a malformed click was dropped")
            return
        if self._late(click.created_at):
            self._count("shed")  # Discord has given up on it: not answered, and it does not count in the game
            return
        # Handled here, in the order the clicks arrived (a double click counts its first);
        # only the callback waits for a worker.
        data = self._handle(click)
        pending = self._pending
        if len(pending) >= self._queue_limit:
            pending.popleft()  # the oldest waiting callback would be the first to miss its window
            self._count("shed")
        pending.append(_Callback(click.interaction_id, click.token, click.created_at, data))
        idle = self._idle
        while idle:  # wake one waiting worker (not all of them: each wake-up is a task step)
            waiter = idle.popleft()
            if not waiter.done():
                waiter.set_result(None)
                break

    def _late(self, created_at: float) -> bool:
        """Too old to be answered within Discord's window (its snowflake says when it was made)."""
        return self._clock() - created_at > INTERACTION_WINDOW - SEND_MARGIN

    # -- the workers ---------------------------------------------------------------------

    async def _work(self, line: _Line) -> None:
        pending = self._pending
        loop = asyncio.get_running_loop()
        while True:
            if not pending:
                waiter = loop.create_future()
                self._idle.append(waiter)
                await waiter
                continue
            # A backlog: the newest first, so what can still be answered in time is.
            # First come, first served; but when the oldest has waited long (a flood), the newest
            # first: the old ones would likely miss Discord's window anyway, the fresh still make it.
            flooded = self._clock() - pending[0].created_at >= CONGESTED_AFTER
            if flooded:
                while pending and self._late(pending[0].created_at):
                    pending.popleft()  # the oldest can no longer make it: dropped now, not when reached
                    self._count("shed")
                if not pending:
                    continue
            # (a call, not a local: nothing of the click stays referenced while this worker waits)
            await self._answer(line, pending.pop() if flooded else pending.popleft())

    async def _answer(self, line: _Line, callback: _Callback) -> None:
        if self._late(callback.created_at):
            self._count("shed")  # it would reach Discord too late: no answer at all
            return
        try:
            await self._post(line, callback)
        except (OSError, TimeoutError) as problem:  # ConnectionError and ssl.SSLError are OSErrors
            self._count("failed")
            log.debug("a click's callback could not be sent: %s", type(problem).__name__)

    def _handle(self, click: Click) -> Mapping[str, Any]:
        """The handler's answer; a bug in it gets the generic apology, and one traceback per interval."""
        handler = self._handlers[click.custom_id.partition(":")[0]]
        try:
            return handler(click)
        except Exception:
            self._count("failed")
            if not self._since_report["bug"]:
                log.exception("a click on %s failed (further failures this interval are only counted)", click.custom_id)
            self._since_report["bug"] += 1
            return message_data(SORRY, ephemeral=True)

    async def _post(self, line: _Line, callback: _Callback) -> None:
        """POST the callback; a 429 or 5xx is retried while the answer can still make Discord's window."""
        assert self._endpoint is not None
        body = _dumps({"type": CALLBACK_MESSAGE, "data": callback.data})
        request = self._endpoint.request(callback.interaction_id, callback.token, body)
        for attempt in range(1, 6):
            response = await line.post(request)
            if response.status < 300:
                self._count("answered")
                return
            if response.status == 404 and str(UNKNOWN_INTERACTION) in response.text:
                self._count("expired")  # it expired on the way: never try a second acknowledgement
                return
            retry_after = _retry_after(response.status, response.headers, response.text, attempt)
            if retry_after is None or self._late(callback.created_at - retry_after):
                break
            await asyncio.sleep(retry_after)
        self._count("failed")
        log.debug("a click's callback was refused: %s", response.status)

    async def _sweep(self) -> None:
        """Fail the callbacks still waiting for a reply past Discord's window (no timer per request)."""
        while True:
            await asyncio.sleep(SWEEP_INTERVAL)
            limit = time.monotonic() - self._reply_timeout
            for line in self._lines:
                connection = line.connection
                if connection is not None and connection.busy and connection.since < limit:
                    connection.expire()

    def _count(self, what: str) -> None:
        self.counts[what] += 1
        self._since_report[what] += 1

    # -- one summary line per interval, never a line per click ---------------------------------

    async def _report(self) -> None:
        busy = False
        since_full = 0  # report intervals since the last full collection
        while True:
            await asyncio.sleep(self._report_interval)
            flood = self._since_report["shed"] + self._since_report["answered"] > FLOOD_CLICKS
            self._flush_report()
            since_full += 1
            if busy and not flood:
                release_memory()  # a flood is over: give its freed memory back to the system (a full collection first)
                log.info("a flood of clicks is over: freed memory returned to the system")
                since_full = 0
            elif self._collections.deferred and full_collection_due(since_full):
                gc.collect()
                since_full = 0
            busy = flood

    def _flush_report(self) -> None:
        counts, self._since_report = self._since_report, Counter()
        late = counts["shed"] + counts["expired"]
        seconds = f"{self._report_interval:.0f} s"
        if late:
            log.warning(
                "shed %s late clicks in the last %s (%s answered)", f"{late:,}", seconds, f"{counts['answered']:,}"
            )
        if counts["failed"]:
            log.warning("%s click callbacks failed in the last %s", f"{counts['failed']:,}", seconds)

    @property
    def backlog(self) -> int:
        return len(self._pending)


def message_data(content: str | None, *, ephemeral: bool, embeds: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The `data` of a message callback: never pings anyone."""
    data: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    if content:
        data["content"] = content
    if embeds:
        data["embeds"] = embeds
    if ephemeral:
        data["flags"] = EPHEMERAL
    return data


def reply_data(reply: Reply) -> dict[str, Any]:
    """A renderer's reply as callback data (text and embeds: what a click's answer uses)."""
    if reply.buttons:
        raise ValueError("a click's answer carries no buttons on the hot path")
    return message_data(reply.content, ephemeral=reply.ephemeral, embeds=reply.embeds)
