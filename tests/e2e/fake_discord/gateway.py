"""The gateway websocket: compression, sessions that survive a dropped socket, IDENTIFY and RESUME."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import zlib
from typing import Any

from aiohttp import WSMsgType, web

from .wire import HEARTBEAT_INTERVAL_MS, PRIVILEGED_INTENTS, _dumps

try:  # discord.py asks for zstd-stream when `zstandard` is importable
    import zstandard
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None

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


class GatewayMixin:
    """FakeDiscord's gateway endpoint (state made in `FakeDiscord.__init__`)."""

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
