"""REST plumbing (recording, faults, auth), the application command routes and the channel message routes."""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .interactions import Interaction
from .validation import _apply_message_body, _check_message, _needs_auth, _payload_json, _read_body, validate_commands
from .wire import API_PREFIX, DiscordError, _json, _now_iso, invalid_form


@dataclass
class Recorded:
    """One REST request as the fake saw it."""

    method: str
    route: str  # "POST /interactions/{interaction_id}/{token}/callback"
    path: str
    query: dict[str, str]
    body: Any
    status: int = 0
    at: float = 0.0


RECORD = web.RequestKey("record", Recorded)  # each request's Recorded, for the handlers

log = logging.getLogger("fake_discord")


class RestMixin:
    """FakeDiscord's REST routes but interactions (state made in `FakeDiscord.__init__`)."""

    # ----------------------------------------------------------------- REST plumbing

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        canonical = request.match_info.route.resource.canonical if request.match_info.route.resource else ""
        route = f"{request.method} {canonical.removeprefix(API_PREFIX)}"
        record = Recorded(request.method, route, request.path, dict(request.query), None, at=time.perf_counter())
        if request.can_read_body:
            record.body = await _read_body(request)
        self.requests.append(record)
        request[RECORD] = record
        try:
            # Faults hit REST only: the gateway has its own injections.
            api = canonical.startswith(API_PREFIX)
            fault = next((f for f in self.faults if api and f.matches(route)), None)
            if fault is not None:
                fault.times -= 1
                self._faults_served[fault.kind] += 1
                response: web.StreamResponse = fault.response()
            else:
                if _needs_auth(canonical) and request.headers.get("Authorization") != f"Bot {self.token}":
                    raise DiscordError(401, 0, "401: Unauthorized")
                response = await handler(request)
        except DiscordError as error:
            response = error.response()
        record.status = response.status
        if not self.keep_bodies:
            record.body = None
        self._notify()
        return response

    async def _unknown(self, request: web.Request) -> web.Response:
        self.unhandled.append(request[RECORD])
        log.warning("fake Discord has no route for %s %s", request.method, request.path)
        return _json({"message": "404: Not Found", "code": 0}, 404)

    async def _users_me(self, request: web.Request) -> web.Response:
        return _json({**self.bot_user.payload(), "verified": True, "mfa_enabled": False, "locale": "en-US"})

    async def _application_me(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(self.application_id),
                "name": "FilmBot",
                "icon": None,
                "description": "Film trivia and reviews",
                "summary": "",
                "rpc_origins": [],
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": self.owner.payload(),
                "team": None,
                "verify_key": secrets.token_hex(32),
                "flags": 0,
                "bot": self.bot_user.payload(),
                "interactions_endpoint_url": None,
                "tags": [],
            }
        )

    async def _gateway_url(self, request: web.Request) -> web.Response:
        return _json({"url": self.gateway_url})

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": self.max_concurrency}
        return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _get_channel(self, request: web.Request) -> web.Response:
        return _json(self.channel_payload(self._channel(request)))

    async def _get_guild(self, request: web.Request) -> web.Response:
        guild_id = int(request.match_info["guild_id"])
        if guild_id not in self.guild_ids:
            raise DiscordError(404, 10004, "Unknown Guild")
        payload = self.guild_payload(guild_id)
        for key in ("channels", "threads", "members", "presences", "voice_states"):
            payload.pop(key)
        return _json(payload)

    async def _cdn(self, request: web.Request) -> web.Response:
        attachment = self.attachments.get(int(request.match_info["attachment_id"]))
        if attachment is None or attachment.filename != request.match_info["filename"]:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=attachment.data, headers={"Content-Type": attachment.content_type})

    def _channel(self, request: web.Request) -> int:
        channel_id = int(request.match_info["channel_id"])
        if channel_id not in self.channels:
            raise DiscordError(404, 10003, "Unknown Channel")
        return channel_id

    # ----------------------------------------------------------------- application commands

    def _scope(self, request: web.Request) -> str:
        if int(request.match_info["application_id"]) != self.application_id:
            raise DiscordError(403, 50001, "Missing Access")
        guild = request.match_info.get("guild_id")
        if guild is not None and int(guild) not in self.guild_ids:
            raise DiscordError(403, 50001, "Missing Access")
        return "global" if guild is None else guild

    async def _get_commands(self, request: web.Request) -> web.Response:
        return _json(self.commands.get(self._scope(request), []))

    async def _put_commands(self, request: web.Request) -> web.Response:
        scope = self._scope(request)
        body = request[RECORD].body
        if not isinstance(body, list):
            raise invalid_form({"_": "Expected an array of commands."})
        errors = validate_commands(body)
        if errors:
            raise invalid_form(errors)
        stored = []
        for command in body:
            kind = command.get("type", 1)
            key = (scope, kind, command["name"])
            command_id = self.command_ids.setdefault(key, self.snowflake())
            stored.append(
                {
                    "id": str(command_id),
                    "application_id": str(self.application_id),
                    "version": str(self.snowflake()),
                    "type": kind,
                    "name": command["name"],
                    "description": command.get("description", ""),
                    "options": command.get("options", []),
                    "default_member_permissions": command.get("default_member_permissions"),
                    "dm_permission": command.get("dm_permission", True),
                    "contexts": command.get("contexts"),
                    "integration_types": command.get("integration_types", [0]),
                    "nsfw": command.get("nsfw", False),
                    **({"guild_id": scope} if scope != "global" else {}),
                }
            )
        self.commands[scope] = stored
        return _json(stored)

    def find_command(self, name: str) -> tuple[dict[str, Any], str]:
        """A registered chat-input command and its scope; guild commands win, as in Discord's menu."""
        for scope in (str(self.guild_id), "global"):
            for command in self.commands.get(scope, []):
                if command["name"] == name and command.get("type", 1) == 1:
                    return command, scope
        registered = sorted({c["name"] for cs in self.commands.values() for c in cs})
        raise LookupError(f"/{name} is not registered (registered: {registered})")

    # ----------------------------------------------------------------- messages

    def _new_message(
        self, body: Mapping[str, Any], *, interaction: Interaction | None, flags: int = 0, channel_id: int | None = None
    ) -> dict[str, Any]:
        message_id = self.snowflake()
        if channel_id is None:
            # An interaction's messages go to its channel (a DM's to the default channel, as before).
            asked_in = int(interaction.payload.get("channel_id") or 0) if interaction is not None else 0
            channel_id = asked_in if asked_in in self.channels else self.channel_id
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": self.bot_user.payload(),
            "content": "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": flags,
        }
        if interaction is not None:
            message["type"] = 20 if interaction.type == 2 else 19
            message["application_id"] = str(self.application_id)
            message["webhook_id"] = str(self.application_id)
            message["interaction_metadata"] = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": {"0": interaction.payload.get("guild_id") or str(self.guild_id)},
            }
            if interaction.payload.get("guild_id"):
                message["guild_id"] = interaction.payload["guild_id"]
        _apply_message_body(message, body)
        self.messages[message_id] = message
        self._channel_log.setdefault(channel_id, []).append(message_id)
        return message

    def _message(self, message_id: int) -> dict[str, Any]:
        try:
            return self.messages[message_id]
        except KeyError:
            raise DiscordError(404, 10008, "Unknown Message") from None

    async def _post_channel_message(self, request: web.Request) -> web.Response:
        channel_id = self._channel(request)
        body = _payload_json(request[RECORD].body)
        _check_message(body, creating=True)
        message = self._new_message(body, interaction=None, channel_id=channel_id)
        return _json(message)

    async def _channel_message(self, request: web.Request) -> web.Response:
        self._channel(request)
        message = self._message(int(request.match_info["message_id"]))
        if request.method == "DELETE":
            del self.messages[int(message["id"])]
            return web.Response(status=204)
        if request.method == "PATCH":
            body = _payload_json(request[RECORD].body)
            _check_message(body, creating=False)
            _apply_message_body(message, body)
            message["edited_timestamp"] = _now_iso()
        return _json(message)
