"""Discord's wire basics: API constants and flags, JSON bodies, snowflakes, tokens, the error format."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import re
import secrets
import time
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web

try:  # a faster JSON when installed (the speed extra): load benches drive thousands of events/s
    import orjson

    def _dumps(data: Any) -> bytes:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)

    _loads = orjson.loads
except ImportError:  # pragma: no cover - depends on the environment

    def _dumps(data: Any) -> bytes:
        return json.dumps(data).encode()

    _loads = json.loads

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000
INTERACTION_DEADLINE = 3.0  # seconds to acknowledge an interaction
TOKEN_LIFETIME = 15 * 60.0  # seconds an interaction token accepts follow-ups
HEARTBEAT_INTERVAL_MS = 41_250

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | ADD_REACTIONS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
)
PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7
COMPONENTS_V2 = 1 << 15

# Application command option types.
SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(
    1, 12
)
CHAT_INPUT_NAME = re.compile(r"^[-_'\w]{1,32}$")


_WORKERS = itertools.count()  # each fake is a "worker": two fakes in one test never share an id


def snowflake_factory() -> Callable[[], int]:
    """Realistic, increasing snowflakes (timestamp << 22 | worker << 17 | counter)."""
    counter = itertools.count(1)
    worker = next(_WORKERS) & 0x1F

    def make() -> int:
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (worker << 17) | (next(counter) & 0xFFF)

    return make


def fake_bot_token(application_id: int) -> str:
    """A token of Discord's shape: base64(user id) . 6 chars . 38 chars."""
    head = base64.urlsafe_b64encode(str(application_id).encode()).decode().rstrip("=")
    return f"{head}.{secrets.token_urlsafe(5)[:6]}.{secrets.token_urlsafe(30)[:38]}"


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


def _json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> web.Response:
    # Exactly "application/json": with "; charset=utf-8" discord.py reads the body as text.
    return web.Response(
        body=_dumps(data),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


class DiscordError(Exception):
    """An error response in Discord's format: {"message", "code", "errors"}."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code} {message} {errors or ''}")
        self.status, self.code, self.message, self.errors = status, code, message, errors or {}

    def response(self) -> web.Response:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = _nest_errors(self.errors)
        return _json(body, self.status)


def _nest_errors(flat: Mapping[str, str]) -> dict[str, Any]:
    """{"embeds.0.title": "too long"} -> Discord's nested {"embeds": {"0": {"title": {"_errors": [...]}}}}."""
    nested: dict[str, Any] = {}
    for path, message in flat.items():
        node = nested
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "INVALID", "message": message})
    return nested


def invalid_form(errors: dict[str, str]) -> DiscordError:
    return DiscordError(400, 50035, "Invalid Form Body", errors)
