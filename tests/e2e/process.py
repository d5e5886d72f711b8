"""The real bot as a subprocess (`python -m bot run`), pointed at a FakeDiscord.

Shared by the e2e fixtures and bench/e2e_latency.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tests.e2e.fake_discord import FakeDiscord

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BOT_COMMAND = (sys.executable, "-m", "bot")
START_TIMEOUT = 60.0


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


def bot_env(fake: FakeDiscord, directory: Path, data_dir: Path, **overrides: str) -> dict[str, str]:
    """A clean environment: nothing from the developer's DISCORD_*/FILMBOT_* variables leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "FILMBOT_", "LOG_LEVEL"))}
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


async def launch(
    fake: FakeDiscord, directory: Path, data_dir: Path, *, wait_ready: bool = True, **env_overrides: str
) -> BotProcess:
    """Start `filmbot run` against `fake`; by default wait until its gateway session is READY."""
    readies = fake.gateway_count("READY")
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
