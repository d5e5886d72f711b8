"""The click hot path alone: CPU per click of bot.app.clicks, from the parsed event to the callback's reply.

The end-to-end bench (bench/e2e_trivia_load.py) measures the whole bot under a
flood on a machine it shares with the fake and the driver; this one isolates
what bot/app/clicks.py does per click (read the event, route it, queue it,
post the callback on a kept-alive connection, read the reply), so a change
to it can be measured in seconds and on a busy machine: CPU time is this
process's only. The handler answers at once with a fixed message; the
callbacks go to a minimal HTTP/1.1 sink in a process of its own that answers
204 to every request, as fast as it can.

    .venv/bin/python bench/click_path.py [--rates 3200,6400,12800] [--clicks 30000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import clicks

BATCH = 64  # events per gateway read, as the e2e driver writes them
REPLY = clicks.message_data("❌ Not this one. The answer comes at the reveal.", ephemeral=True)


class Sink(asyncio.Protocol):
    """204 to every request of a keep-alive connection (requests carry a Content-Length)."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        buffer, answered = self.buffer + data, 0
        while (end := buffer.find(b"\r\n\r\n")) >= 0:
            head = buffer[:end].lower()
            at = head.find(b"content-length:")
            length = int(head[at + 15 :].split(b"\r\n", 1)[0]) if at >= 0 else 0
            if len(buffer) < end + 4 + length:
                break
            buffer, answered = buffer[end + 4 + length :], answered + 1
        self.buffer = buffer
        if answered:
            self.transport.write(b"HTTP/1.1 204 No Content\r\n\r\n" * answered)


async def serve() -> None:
    server = await asyncio.get_running_loop().create_server(Sink, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


def event(n: int) -> dict[str, Any]:
    """A component click as the gateway hands it to the router (the fields it reads), made now."""
    interaction_id = ((int(time.time() * 1000) - clicks.DISCORD_EPOCH) << 22) + n % (1 << 22)
    return {
        "type": clicks.COMPONENT,
        "id": str(interaction_id),
        "token": f"aW50ZXJhY3Rpb246{interaction_id}{'x' * 40}",
        "guild_id": "123456789012345679",
        "channel_id": "123456789012345678",
        "member": {"user": {"id": str(10**17 + n % 2000), "username": f"crowd-{n % 2000}", "global_name": None}},
        "message": {"id": "1", "channel_id": "123456789012345678", "guild_id": "123456789012345679"},
        "data": {"custom_id": "trivia:abc:3:1", "component_type": 2},
    }


class State:
    """The one thing of discord.py's connection state the router touches: its parser table."""

    def __init__(self) -> None:
        self.parsers: dict[str, Any] = {"INTERACTION_CREATE": lambda data: None}


async def run(rate: int, count: int, port: int) -> tuple[float, float, int, int]:
    router = clicks.ClickRouter()
    router.register("trivia", lambda click: REPLY)
    state = State()
    router.install(state)
    handle = state.parsers["INTERACTION_CREATE"]
    await router.start(f"http://127.0.0.1:{port}/api/v10")
    try:
        for n in range(2000):  # warm up: every connection opened
            handle(event(n))
        while router.counts["answered"] < 2000:  # noqa: ASYNC110 - polling the router's counters
            await asyncio.sleep(0.01)
        base = sum(router.counts.values())
        cpu, wall = time.process_time(), time.perf_counter()
        for first in range(0, count, BATCH):
            for n in range(first, min(first + BATCH, count)):
                handle(event(n))
            await asyncio.sleep(max(0.0, wall + (first + BATCH) / rate - time.perf_counter()))
        while sum(router.counts.values()) - base < count:  # noqa: ASYNC110 - polling the router's counters
            await asyncio.sleep(0.001)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        return cpu * 1e6 / count, count / wall, router.counts["answered"] - 2000, router.counts["shed"]
    finally:
        await router.close()


async def main_async(args: argparse.Namespace) -> None:
    sink = await asyncio.create_subprocess_exec(sys.executable, __file__, "--sink", stdout=asyncio.subprocess.PIPE)
    assert sink.stdout is not None
    port = int(await sink.stdout.readline())
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load}; {args.clicks:,} clicks a rate, {BATCH} a gateway read")
    print(f"{'clicks/s':>9} {'done/s':>8} {'CPU us/click':>13} {'answered':>9} {'shed':>6}")
    try:
        for rate in (int(r) for r in args.rates.split(",")):
            per_click, done, answered, shed = await run(rate, args.clicks, port)
            print(f"{rate:>9} {done:>8.0f} {per_click:>13.1f} {answered:>9} {shed:>6}")
    finally:
        sink.kill()
        await sink.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="3200,6400,12800", help="clicks per second, one run each")
    parser.add_argument("--clicks", type=int, default=30000, help="clicks per run")
    parser.add_argument("--sink", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:  # the bot runs on uvloop when it is installed: so does this
        import uvloop
    except ImportError:
        asyncio.run(serve() if args.sink else main_async(args))
        return
    uvloop.run(serve() if args.sink else main_async(args))


if __name__ == "__main__":
    main()
