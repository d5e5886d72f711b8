"""`filmbot run` and `filmbot sync`: the bot's life on Discord, with exit codes.

Exit codes: 0 clean stop (SIGINT/SIGTERM), 1 the bot could not start or crashed,
2 a setting is missing. Every failure is one line on stderr. The token is never
printed: logging output is passed through a redacting formatter, and the lines
we print ourselves go through the same redaction. So are interaction tokens,
which discord.py's DEBUG lines carry in webhook URLs
(`/interactions/<id>/<token>/callback`, `/webhooks/<app>/<token>`) and in the
gateway events they print (`'token': '...'`): each lets anyone answer or edit
as the bot for 15 minutes.
"""

from __future__ import annotations

import asyncio
import logging
import re
import signal
import sys
from collections.abc import Coroutine
from typing import Any

import discord

from bot.app.host.client import FilmBot
from bot.app.host.shards import create_bot
from bot.config import ConfigError, Settings
from bot.store.backend import StoreError, database_secrets

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2
PLAIN_LOG_FORMAT = "[{asctime}] [{levelname:<8}] {name}: {message}"  # discord.py's, without colours


class RedactingFormatter(logging.Formatter):
    """Wraps a formatter and blanks out secrets in the whole record, traceback included."""

    def __init__(self, inner: logging.Formatter, secrets: list[str]) -> None:
        super().__init__()
        self.inner = inner
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record), self.secrets)


# An interaction or webhook token in a URL path, and the "token" key of a payload printed as JSON or a dict.
_TOKEN_IN_URL = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s?#'\"]+")
_TOKEN_IN_PAYLOAD = re.compile(r"""(['"]token['"]\s*:\s*['"])[^'"]*""")


def redact(text: str, secrets: list[str]) -> str:
    """`text` without the given secrets (the bot token) and without any interaction token."""
    for secret in secrets:
        text = text.replace(secret, "[redacted]")
    text = _TOKEN_IN_URL.sub(r"\1[redacted]", text)
    return _TOKEN_IN_PAYLOAD.sub(r"\1[redacted]", text)


def _setup_logging(settings: Settings, secrets: list[str]) -> None:
    # discord.py colours its logs inside Docker even when they go to a file; colour only a terminal.
    if sys.stderr.isatty():
        discord.utils.setup_logging(level=settings.log_level)  # discord.py's colours
    else:
        plain = logging.Formatter(PLAIN_LOG_FORMAT, "%Y-%m-%d %H:%M:%S", style="{")
        discord.utils.setup_logging(level=settings.log_level, formatter=plain)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(handler.formatter or logging.Formatter(), secrets))


def _fail(message: str, secrets: list[str], code: int = EXIT_FAILED) -> int:
    one_line = " ".join(redact(message, secrets).split())
    print(f"filmbot: {one_line}", file=sys.stderr, flush=True)
    return code


def _describe_start_error(error: BaseException) -> str:
    """One line for the failures a server owner can do something about."""
    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, discord.LoginFailure):
        return (
            "Discord rejected the token (401): copy the bot token again from the Developer Portal into DISCORD_TOKEN."
        )
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return "Discord refused a privileged intent: enable it in the Developer Portal, or do not request it."
    if isinstance(error, discord.RateLimited):
        return f"Discord rate-limits this for another {error.retry_after:.0f} s: try again later."
    if isinstance(error, discord.app_commands.CommandSyncFailure):
        return f"Discord refused the command definitions: {error}"
    if isinstance(error, discord.HTTPException):
        return f"Discord answered {error.status}: {error.text or 'no details'}"
    if isinstance(error, discord.GatewayNotFound):
        return "could not find the Discord gateway: Discord may be down, try again later."
    if isinstance(error, OSError):
        return f"could not reach Discord: {error}"
    return f"stopped by an unexpected error: {type(error).__name__}: {error}"


def _token_and_logging(settings: Settings) -> tuple[str, list[str]] | int:
    """The token and the secrets to keep out of logs, with logging set up; or the exit code."""
    try:
        token = settings.require_token()
    except ConfigError as error:
        return _fail(str(error), [], EXIT_CONFIG)
    secrets = [token, *database_secrets(settings.database_url)]
    _setup_logging(settings, secrets)
    return token, secrets


def _event_loop_run(main: Coroutine[Any, Any, int]) -> int:
    """asyncio.run, on uvloop when it is installed (the `speed` extra): a faster event loop."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    log.info("using uvloop %s", uvloop.__version__)
    return uvloop.run(main)


def run_bot(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM (exit 0) or a fatal error (one line on stderr, non-zero)."""
    started = _token_and_logging(settings)
    if isinstance(started, int):
        return started
    token, secrets = started
    try:
        return _event_loop_run(_run(settings, token, secrets))
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        return EXIT_OK


async def _run(settings: Settings, token: str, secrets: list[str]) -> int:
    bot = create_bot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)

    async with bot:
        runner = asyncio.create_task(bot.start(token), name="filmbot")
        stopper = asyncio.create_task(stop.wait(), name="filmbot-signals")
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper.done():
            log.info("stop requested: closing the gateway and the store")
            # Cancel first: a stop during start-up (ingesting, syncing) must not race the close.
            runner.cancel()
            await asyncio.gather(runner, return_exceptions=True)
            await bot.close()
            return EXIT_OK
        stopper.cancel()
        error = runner.exception()
        if error is None:  # start() returns only after close()
            return EXIT_OK
        if not isinstance(error, (discord.LoginFailure, discord.PrivilegedIntentsRequired, StoreError)):
            log.error("the bot stopped", exc_info=error)
        return _fail(_describe_start_error(error), secrets)


def sync_commands(settings: Settings) -> int:
    """Log in, register the commands (forced, even when unchanged) and print what was done."""
    started = _token_and_logging(settings)
    if isinstance(started, int):
        return started
    token, secrets = started
    return asyncio.run(_sync(settings, token, secrets))


async def _sync(settings: Settings, token: str, secrets: list[str]) -> int:
    bot = FilmBot(settings)
    bot.register_on_login = False
    async with bot:
        try:
            await bot.login(token)
            report = await bot.register_commands(force=True)
        except Exception as error:
            if not isinstance(error, discord.LoginFailure):
                log.error("sync failed", exc_info=error)
            return _fail(_describe_start_error(error), secrets)
    for name, reason in bot.failed_extensions.items():
        print(f"warning: {name} did not load ({reason}); its commands were not registered", file=sys.stderr)
    print(report.describe())
    return EXIT_OK
