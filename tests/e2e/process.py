"""The real bot as a subprocess (`python -m bot run`), pointed at a FakeDiscord.

Shared by the e2e fixtures and bench/e2e_latency.py, bench/soak.py.

`launch(..., probe=0.5)` adds a probe for soak tests without touching the bot's
code or commands: a `sitecustomize` on the subprocess's PYTHONPATH starts a
daemon thread that, every 0.5 s, schedules one callback on the bot's event loop
(`call_soon_threadsafe`, no task) which appends "time tasks rss_kb names" to
probe.txt, where tasks is `len(asyncio.all_tasks())` (and their coroutines' names). `BotProcess.probes()`
reads it back; `rss_kb()` / `peak_rss_kb()` read /proc/<pid>/status.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from tests.e2e.fake_discord import FakeDiscord

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BOT_COMMAND = (sys.executable, "-m", "bot")
START_TIMEOUT = 60.0

PROBE_FILE = "probe.txt"
PROBE_SOURCE = """\
# Written by tests/e2e/process.py: samples the bot's asyncio task count and RSS for soak tests.
import asyncio
import gc
import os
import threading
import time

_PATH = os.environ.get("E2E_PROBE_FILE")


def _rss_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _name(task):
    coro = task.get_coro()
    return getattr(coro, "__qualname__", type(coro).__name__).replace(" ", "_")


def _sample(loop):
    tasks = asyncio.all_tasks(loop)
    names = ",".join(sorted(_name(t) for t in tasks)) or "-"
    with open(_PATH, "a") as out:
        out.write(f"{time.time():.3f} {len(tasks)} {_rss_kb()} {names}\\n")


def _running_loops():
    # Loops that do not go through BaseEventLoop.run_forever (uvloop's), found once by a scan.
    return [o for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop) and o.is_running()]


def _watch(loops, interval):
    found = []
    while True:
        time.sleep(interval)
        if not loops and not found:
            found = _running_loops()
        for loop in list(loops) or found:
            if loop.is_running() and not loop.is_closed():
                try:
                    loop.call_soon_threadsafe(_sample, loop)
                except RuntimeError:  # closed meanwhile
                    pass


if _PATH:
    _loops = []
    _run_forever = asyncio.BaseEventLoop.run_forever

    def _recorded_run_forever(self):
        _loops.append(self)
        try:
            return _run_forever(self)
        finally:
            _loops.remove(self)

    asyncio.BaseEventLoop.run_forever = _recorded_run_forever
    _interval = float(os.environ.get("E2E_PROBE_INTERVAL", "0.5"))
    threading.Thread(target=_watch, args=(_loops, _interval), name="e2e-probe", daemon=True).start()
"""


class Probe(NamedTuple):
    """One sample of the bot process: wall time, asyncio tasks, resident memory."""

    at: float
    tasks: int
    rss_kb: int
    names: tuple[str, ...] = ()  # the tasks' coroutines, e.g. "Client.connect"


class BotDidNotStart(RuntimeError):
    """The bot exited before its gateway session was READY."""


@dataclass
class BotProcess:
    """A running `python -m bot ...` and where its output went."""

    proc: asyncio.subprocess.Process
    directory: Path

    @property
    def stdout(self) -> str:
        return (self.directory / "stdout.txt").read_text(errors="replace")

    @property
    def stderr(self) -> str:
        """The bot logs to stderr (discord.utils.setup_logging)."""
        return (self.directory / "stderr.txt").read_text(errors="replace")

    def tail(self, lines: int = 30) -> str:
        """The last log lines above DEBUG, for assertion messages."""
        kept = [line for line in self.stderr.splitlines() if "] [DEBUG" not in line]
        return "\n".join(kept[-lines:])

    @property
    def running(self) -> bool:
        return self.proc.returncode is None

    def probes(self) -> list[Probe]:
        """The samples of a bot launched with `probe=`, oldest first (empty without a probe)."""
        path = self.directory / PROBE_FILE
        if not path.exists():
            return []
        samples = []
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 4:  # a line being written is skipped
                names = tuple(n for n in parts[3].split(",") if n != "-")
                samples.append(Probe(float(parts[0]), int(parts[1]), int(parts[2]), names))
        return samples

    def _status_kb(self, field: str) -> int:
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1])
        return 0

    def rss_kb(self) -> int:
        """Resident memory now (Linux)."""
        return self._status_kb("VmRSS")

    def peak_rss_kb(self) -> int:
        """The highest resident memory since the process started (Linux)."""
        return self._status_kb("VmHWM")

    async def wait(self, within: float = 20.0) -> int:
        return await asyncio.wait_for(self.proc.wait(), within)

    async def stop(self, signum: int = signal.SIGTERM, within: float = 20.0) -> int:
        """Signal the bot and return its exit code (killed if it does not stop in time)."""
        if self.running:
            self.proc.send_signal(signum)
        try:
            return await self.wait(within)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise


# The bot's own settings: none leaks in from the developer's shell.
OWN_VARIABLES = ("DISCORD_", "FILMBOT_", "LOG_LEVEL", "DATABASE_URL")


def bot_env(fake: FakeDiscord, directory: Path, data_dir: Path, **overrides: str) -> dict[str, str]:
    """A clean environment: nothing from the developer's DISCORD_*/FILMBOT_* variables leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    env.update(
        DISCORD_TOKEN=fake.token,
        DISCORD_API_BASE=fake.api_base,
        FILMBOT_DB=str(directory / "filmbot.db"),
        FILMBOT_DATA=str(data_dir),
        LOG_LEVEL="DEBUG",
        PYTHONPATH=str(PROJECT_ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(overrides)
    return env


def _output_files(directory: Path) -> tuple[BinaryIO, BinaryIO]:
    directory.mkdir(parents=True, exist_ok=True)
    return open(directory / "stdout.txt", "wb"), open(directory / "stderr.txt", "wb")


SPAWNED: list[BotProcess] = []  # so a failed test cannot leave a bot running (see kill_leftovers)


async def spawn(directory: Path, env: dict[str, str], *args: str) -> BotProcess:
    """Start `python -m bot ARGS` in `directory` (no .env there), output to files."""
    out, err = _output_files(directory)
    with out, err:
        proc = await asyncio.create_subprocess_exec(*BOT_COMMAND, *args, cwd=directory, env=env, stdout=out, stderr=err)
    SPAWNED.append(BotProcess(proc, directory))
    return SPAWNED[-1]


def kill_leftovers() -> None:
    """SIGKILL every spawned bot that is still running."""
    for process in SPAWNED:
        if process.running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.proc.pid, signal.SIGKILL)
    SPAWNED.clear()


def probe_env(directory: Path, interval: float) -> dict[str, str]:
    """Environment that loads the task/RSS probe (see the module docstring) into the subprocess."""
    probe_dir = directory / "probe"
    probe_dir.mkdir(parents=True, exist_ok=True)
    (probe_dir / "sitecustomize.py").write_text(PROBE_SOURCE)
    return {
        "PYTHONPATH": os.pathsep.join((str(probe_dir), str(PROJECT_ROOT))),
        "E2E_PROBE_FILE": str(directory / PROBE_FILE),
        "E2E_PROBE_INTERVAL": str(interval),
    }


async def launch(
    fake: FakeDiscord,
    directory: Path,
    data_dir: Path,
    *,
    wait_ready: bool = True,
    probe: float | None = None,
    **env_overrides: str,
) -> BotProcess:
    """Start `filmbot run` against `fake`; by default wait until its gateway session is READY.

    `probe`: sample the bot's task count and RSS every `probe` seconds (`BotProcess.probes()`).
    """
    readies = fake.gateway_count("READY")
    if probe is not None:
        env_overrides = {**probe_env(directory, probe), **env_overrides}
    bot = await spawn(directory, bot_env(fake, directory, data_dir, **env_overrides), "run")
    if wait_ready:
        exited = asyncio.ensure_future(bot.proc.wait())
        try:
            await fake.wait_until(
                lambda: fake.gateway_count("READY") > readies or exited.done(), START_TIMEOUT, "the bot's READY"
            )
        finally:
            exited.cancel()
        if not bot.running:
            raise BotDidNotStart(f"the bot exited with {bot.proc.returncode} before READY:\n{bot.tail()}")
    return bot


async def run_cli(fake: FakeDiscord, directory: Path, data_dir: Path, *args: str, **env_overrides: str) -> BotProcess:
    """Run a one-shot `python -m bot ARGS` (e.g. "sync") against `fake` and wait for it to exit."""
    process = await spawn(directory, bot_env(fake, directory, data_dir, **env_overrides), *args)
    await process.wait(START_TIMEOUT)
    return process
