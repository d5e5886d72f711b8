"""What Discord does on a bad day: canned REST errors and gateway RECONNECT, drops, invalid sessions."""

from __future__ import annotations

import time
from dataclasses import dataclass

from aiohttp import web

from .gateway import _Connection
from .wire import _json


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


class FaultsMixin:
    """FakeDiscord's fault injection (state made in `FakeDiscord.__init__`)."""

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
