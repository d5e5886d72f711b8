"""The flood's interaction callbacks, answered in a process of their own (for bench/e2e_trivia_load.py).

At thousands of clicks a second the fake Discord's aiohttp server spends more
CPU on the callbacks than the bot under test does, and a driver that lags
stamps callbacks late: the bench would measure itself. This process stands in
front of the fake, at the API root the bot is given:

- a callback (`POST /api/v10/interactions/{id}/{token}/callback`) of a click the
  bench made (its token starts with `BENCH_TOKEN`) is answered here, as Discord
  does: 404 Unknown interaction (10062) once the interaction is older than 3 s
  by its snowflake, 400 (40060) for a second acknowledgement, 400 for a callback
  that is not a message, else 204 (or 200 and the message, with `with_response`,
  which stock discord.py asks for);
- everything else is forwarded to the fake as it came.

Each answered callback is reported on stdout, in batches, as an "id arrival status"
line (arrival: when the kernel received the request, on the `time.time()` clock the
driver stamps its clicks with), each forwarded callback (a command's) as "fwd id
arrival", and every 0.1 s a "lag ms" line: how late this process's event loop ran
a timer (its answers, not its stamps, wait that long).

    python bench/click_sink.py UPSTREAM_ROOT BOT_USER_JSON    (prints "port N" first)
"""

from __future__ import annotations

import asyncio
import itertools
import re
import socket
import struct
import sys
import time
from datetime import UTC, datetime
from typing import Any

import aiohttp
import orjson

BENCH_TOKEN = "aW50ZXJhY3Rpb246-bench-"  # no token of the fake starts so ("-" never opens its base64)
DISCORD_EPOCH_MS = 1_420_070_400_000
WINDOW = 3.0
EPHEMERAL = 1 << 6
REPORT_EVERY = 0.005
LAG_EVERY = 0.1
SO_TIMESTAMPNS = 35  # Linux's; the socket module does not name it
TIMESTAMP_SPACE = socket.CMSG_SPACE(16)
KEEP_ANSWERED = 10.0  # seconds an answered id is remembered (a second callback is refused meanwhile)
_CALLBACK = re.compile(r"/api/v10/interactions/(\d+)/([^/?]+)/callback(?:\?(.*))?")
_HOP = {"host", "content-length", "connection", "transfer-encoding", "keep-alive"}
_REASONS = {200: "OK", 204: "No Content", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests"}


def _error(status: int, code: int, message: str) -> tuple[int, bytes]:
    return status, orjson.dumps({"message": message, "code": code})


class Sink:
    def __init__(self, upstream: str, bot_user: dict[str, Any]) -> None:
        self.upstream = upstream.rstrip("/")
        self.bot_user = bot_user
        self.session: aiohttp.ClientSession | None = None
        self.answered: dict[int, float] = {}
        self.reports: list[bytes] = []
        self.out = sys.stdout.buffer
        self._ids = itertools.count(1)
        self._pruned = time.time()

    def snowflake(self) -> int:
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (31 << 17) | (next(self._ids) & 0xFFF)

    def callback(self, interaction_id: int, query: str, body: bytes, arrival: float) -> tuple[int, bytes]:
        """Discord's rules for an interaction callback, on a bench click."""
        made = ((interaction_id >> 22) + DISCORD_EPOCH_MS) / 1000.0
        if time.time() - made > WINDOW:
            status, payload = _error(404, 10062, "Unknown interaction")
        elif interaction_id in self.answered:
            status, payload = _error(400, 40060, "Interaction has already been acknowledged.")
        else:
            try:
                data = orjson.loads(body)
                kind, message = data["type"], data.get("data") or {}
            except (ValueError, KeyError, TypeError):
                kind, message = None, {}
            if kind != 4 or not (message.get("content") or message.get("embeds")):
                status, payload = _error(400, 50035, "Invalid Form Body")
            else:
                self.answered[interaction_id] = arrival
                status, payload = 204, b""
                if "with_response" in query:
                    status, payload = 200, orjson.dumps(self._with_response(interaction_id, message))
        self.reports.append(b"%d %.6f %d\n" % (interaction_id, arrival, status))
        return status, payload

    def _with_response(self, interaction_id: int, data: dict[str, Any]) -> dict[str, Any]:
        flags = int(data.get("flags") or 0) & EPHEMERAL
        message = {
            "id": str(self.snowflake()),
            "channel_id": "0",
            "author": self.bot_user,
            "content": data.get("content") or "",
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": data.get("embeds") or [],
            "components": [],
            "pinned": False,
            "type": 19,
            "flags": flags,
        }
        interaction = {
            "id": str(interaction_id),
            "type": 3,
            "response_message_id": message["id"],
            "response_message_loading": False,
            "response_message_ephemeral": bool(flags),
        }
        return {"interaction": interaction, "resource": {"type": 4, "message": message}}

    async def forward(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        assert self.session is not None
        sent = {k: v for k, v in headers.items() if k.lower() not in _HOP}
        async with self.session.request(method, self.upstream + target, headers=sent, data=body or None) as resp:
            payload = await resp.read()
            kept = [
                (k, v) for k, v in resp.headers.items() if k.lower() not in _HOP and k.lower() != "content-encoding"
            ]
            return resp.status, kept, payload

    async def report(self) -> None:
        loop = asyncio.get_running_loop()
        lag_due = loop.time() + LAG_EVERY
        while True:
            before = loop.time()
            await asyncio.sleep(REPORT_EVERY)
            late = loop.time() - before - REPORT_EVERY
            if self.reports:
                self.out.write(b"".join(self.reports))
                self.reports.clear()
            if loop.time() >= lag_due:
                lag_due = loop.time() + LAG_EVERY
                self.out.write(b"lag %.2f\n" % (late * 1000))
                self.prune()
            self.out.flush()

    def prune(self) -> None:
        now = time.time()
        if now - self._pruned < KEEP_ANSWERED:
            return
        self._pruned = now
        self.answered = {i: at for i, at in self.answered.items() if now - at < KEEP_ANSWERED}


class Connection:
    """One keep-alive HTTP/1.1 connection, one request at a time (as aiohttp's client sends them).

    Read with recvmsg and SO_TIMESTAMPNS: a request's arrival is when the kernel received it, so a
    moment this process waits for a CPU does not count against the bot."""

    def __init__(self, sink: Sink, sock: socket.socket) -> None:
        self.sink = sink
        self.sock = sock
        self.loop = asyncio.get_running_loop()
        self.buffer = bytearray()
        self.arrival = 0.0
        self.unsent = b""
        self.busy = False
        self.closed = False
        self.forwarding: asyncio.Task[None] | None = None
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # answers leave at once
        sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.loop.add_reader(sock.fileno(), self.readable)

    def readable(self) -> None:
        try:
            data, ancillary, _, _ = self.sock.recvmsg(1 << 16, TIMESTAMP_SPACE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.close()
            return
        if not data:
            self.close()
            return
        for level, kind, value in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                seconds, nanoseconds = struct.unpack("qq", value[:16])
                self.arrival = seconds + nanoseconds * 1e-9
        self.buffer += data
        self.serve()

    def serve(self) -> None:
        while not self.busy and not self.closed:
            request = self._request()
            if request is None:
                return
            method, target, headers, body = request
            match = _CALLBACK.fullmatch(target) if method == "POST" else None
            if match is not None and match[2].startswith(BENCH_TOKEN):
                status, payload = self.sink.callback(int(match[1]), match[3] or "", body, self.arrival or time.time())
                self._respond(status, [("Content-Type", "application/json")] if payload else [], payload)
                continue
            if match is not None:  # another interaction's callback (a command's): reported, then forwarded
                self.sink.reports.append(b"fwd %s %.6f\n" % (match[1].encode(), self.arrival or time.time()))
            self.busy = True
            self.forwarding = asyncio.ensure_future(self._forward(method, target, headers, body))

    def _request(self) -> tuple[str, str, dict[str, str], bytes] | None:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        lines = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
        lower = {k.lower(): v for k, v in headers.items()}
        start = end + 4
        if "chunked" in lower.get("transfer-encoding", "").lower():
            body, used = _dechunk(self.buffer, start)
            if body is None:
                return None
            del self.buffer[:used]
            return method, target, headers, body
        length = int(lower.get("content-length") or 0)
        if len(self.buffer) < start + length:
            return None
        body = bytes(self.buffer[start : start + length])
        del self.buffer[: start + length]
        return method, target, headers, body

    def _respond(self, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
        head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}", f"Content-Length: {len(payload)}"]
        head += [f"{k}: {v}" for k, v in headers]
        self._send(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload)

    def _send(self, data: bytes) -> None:
        if self.closed:
            return
        if self.unsent:
            self.unsent += data
            return
        try:
            sent = self.sock.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            self.close()
            return
        if sent < len(data):
            self.unsent = data[sent:]
            self.loop.add_writer(self.sock.fileno(), self._writable)

    def _writable(self) -> None:
        try:
            sent = self.sock.send(self.unsent)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.close()
            return
        self.unsent = self.unsent[sent:]
        if not self.unsent:
            self.loop.remove_writer(self.sock.fileno())

    async def _forward(self, method: str, target: str, headers: dict[str, str], body: bytes) -> None:
        try:
            status, kept, payload = await self.sink.forward(method, target, headers, body)
        except (aiohttp.ClientError, OSError) as problem:
            status, kept, payload = 502, [], str(problem).encode()
        self._respond(status, kept, payload)
        self.busy = False
        self.serve()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.loop.remove_reader(self.sock.fileno())
        if self.unsent:
            self.loop.remove_writer(self.sock.fileno())
        self.sock.close()


def _dechunk(buffer: bytearray, start: int) -> tuple[bytes | None, int]:
    parts, at = [], start
    while True:
        end = buffer.find(b"\r\n", at)
        if end < 0:
            return None, 0
        size = int(bytes(buffer[at:end]).split(b";")[0], 16)
        if len(buffer) < end + 2 + size + 2:
            return None, 0
        if size == 0:
            trailer = buffer.find(b"\r\n\r\n", end)
            if trailer < 0:
                return None, 0
            return b"".join(parts), trailer + 4
        parts.append(bytes(buffer[end + 2 : end + 2 + size]))
        at = end + 2 + size + 2


async def serve(upstream: str, bot_user: dict[str, Any]) -> None:
    sink = Sink(upstream, bot_user)
    connector = aiohttp.TCPConnector(limit=32)
    async with aiohttp.ClientSession(connector=connector, auto_decompress=True) as session:
        sink.session = session
        loop = asyncio.get_running_loop()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(4096)
        listener.setblocking(False)
        connections: set[Connection] = set()

        def accept() -> None:
            while True:
                try:
                    sock, _ = listener.accept()
                except (BlockingIOError, InterruptedError):
                    return
                connections.add(Connection(sink, sock))
                for gone in [c for c in connections if c.closed]:
                    connections.discard(gone)

        loop.add_reader(listener.fileno(), accept)
        port = listener.getsockname()[1]
        sys.stdout.buffer.write(b"port %d\n" % port)
        sys.stdout.buffer.flush()
        await sink.report()


def main() -> None:
    upstream, bot_user = sys.argv[1], orjson.loads(sys.argv[2])
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve(upstream, bot_user))
    else:
        uvloop.run(serve(upstream, bot_user))


if __name__ == "__main__":
    main()
