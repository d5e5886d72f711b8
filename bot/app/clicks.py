"""The hot path for component clicks: raw gateway event in, interaction callback out.

A click needs its custom_id, who clicked, where, when (its snowflake), and one
HTTP callback. discord.py builds an Interaction, a Message with its components
and a View for every click and posts the callback through its webhook adapter:
more than 90% of a click's CPU. Clicks whose custom_id starts with a registered
prefix (the trivia answer buttons) are taken here instead, from the parsed
INTERACTION_CREATE payload; everything else (commands, autocomplete, other
buttons) goes on to discord.py untouched.

This is the one place that goes below discord.py's public API: it replaces the
INTERACTION_CREATE entry of the connection state's parser table
(`client._connection.parsers`, the dict the gateway calls for each event).
`tests/test_clicks.py` fails if a discord.py release changes that.

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
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.render.payload import Reply

log = logging.getLogger(__name__)

DISCORD_EPOCH = 1_420_070_400_000  # ms
INTERACTION_WINDOW = 3.0  # seconds Discord gives a bot to acknowledge an interaction
# A click this close to the window's end would land too late. Small: a bigger margin would shed
# clicks that can still make it (a reconnect's replayed events, a clock a little ahead of Discord's).
SEND_MARGIN = 0.05
CONGESTED_AFTER = 0.5  # seconds the oldest waiting callback may wait before the newest go first
QUEUE_LIMIT = 4096  # clicks waiting for a worker; past it the oldest are shed
WORKERS = 64  # concurrent callbacks, hence connections of the pool used by clicks (throughput = WORKERS / RTT)
REPORT_INTERVAL = 10.0  # seconds between "shed N late clicks" lines
FLOOD_CLICKS = 1000  # clicks in one interval that make it a flood (its memory is released after)
EPHEMERAL = 1 << 6
CALLBACK_MESSAGE = 4
COMPONENT = 3
UNKNOWN_INTERACTION = 10062
NO_MENTIONS: dict[str, Any] = {"parse": []}
JSON = {"Content-Type": "application/json"}
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


def _retry_after(status: int, headers: Mapping[str, str], text: str, attempt: int) -> float | None:
    """How long to wait before trying a refused callback again; None: do not retry."""
    if status == 429 and headers.get("Via"):  # without Via it is Cloudflare's ban, not Discord's limit
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


class ClickRouter:
    """Takes registered clicks off discord.py's path; see the module docstring."""

    def __init__(
        self,
        *,
        workers: int = WORKERS,
        queue_limit: int = QUEUE_LIMIT,
        report_interval: float = REPORT_INTERVAL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._handlers: dict[str, Handler] = {}
        self._pending: deque[_Callback] = deque()
        self._queue_limit = queue_limit
        self._workers_wanted = workers
        self._report_interval = report_interval
        self._clock = clock
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._session: aiohttp.ClientSession | None = None
        self._base = ""
        self._fallback: Callable[[Any], None] | None = None
        self.counts: Counter[str] = Counter()  # answered, shed, expired, failed: since start
        self._since_report: Counter[str] = Counter()

    def register(self, prefix: str, handler: Handler) -> None:
        """Route clicks whose custom_id is `prefix` or starts with `prefix:` to `handler`."""
        self._handlers[prefix] = handler

    def install(self, state: Any) -> None:
        """Take INTERACTION_CREATE from discord.py's parser table (the private part)."""
        parsers: dict[str, Callable[[Any], None]] = state.parsers
        current = parsers["INTERACTION_CREATE"]
        if getattr(current, "__self__", None) is self:
            return
        self._fallback = current
        parsers["INTERACTION_CREATE"] = self.on_interaction_create

    async def start(self, session: aiohttp.ClientSession, api_base: str) -> None:
        """Start the workers, posting callbacks through `session` (the bot's shared pool)."""
        self._session = session
        self._base = api_base.rstrip("/")
        if not self._tasks:
            self._tasks = [asyncio.create_task(self._work(), name=f"clicks-{n}") for n in range(self._workers_wanted)]
            self._tasks.append(asyncio.create_task(self._report(), name="clicks-report"))

    async def close(self) -> None:
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
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
        self._wake.set()

    def _late(self, created_at: float) -> bool:
        """Too old to be answered within Discord's window (its snowflake says when it was made)."""
        return self._clock() - created_at > INTERACTION_WINDOW - SEND_MARGIN

    # -- the workers ---------------------------------------------------------------------

    async def _work(self) -> None:
        pending = self._pending
        while True:
            if not pending:
                self._wake.clear()
                await self._wake.wait()
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
            await self._answer(pending.pop() if flooded else pending.popleft())

    async def _answer(self, callback: _Callback) -> None:
        if self._late(callback.created_at):
            self._count("shed")  # it would reach Discord too late: no answer at all
            return
        try:
            await self._post(callback)
        except (aiohttp.ClientError, OSError, TimeoutError) as problem:
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

    async def _post(self, callback: _Callback) -> None:
        """POST the callback; a 429 or 5xx is retried while the answer can still make Discord's window."""
        assert self._session is not None
        url = f"{self._base}/interactions/{callback.interaction_id}/{callback.token}/callback"
        body = _dumps({"type": CALLBACK_MESSAGE, "data": callback.data})
        for attempt in range(1, 6):
            async with self._session.post(url, data=body, headers=JSON) as resp:
                if resp.status < 300:
                    self._count("answered")
                    return
                text = await resp.text()
                retry_after = _retry_after(resp.status, resp.headers, text, attempt)
            if resp.status == 404 and str(UNKNOWN_INTERACTION) in text:
                self._count("expired")  # it expired on the way: never try a second acknowledgement
                return
            if retry_after is None or self._late(callback.created_at - retry_after):
                break
            await asyncio.sleep(retry_after)
        self._count("failed")
        log.debug("a click's callback was refused: %s", resp.status)

    def _count(self, what: str) -> None:
        self.counts[what] += 1
        self._since_report[what] += 1

    # -- one summary line per interval, never a line per click ---------------------------------

    async def _report(self) -> None:
        busy = False
        while True:
            await asyncio.sleep(self._report_interval)
            flood = self._since_report["shed"] + self._since_report["answered"] > FLOOD_CLICKS
            self._flush_report()
            if busy and not flood:
                release_memory()  # a flood is over: give its freed memory back to the system
                log.info("a flood of clicks is over: freed memory returned to the system")
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
