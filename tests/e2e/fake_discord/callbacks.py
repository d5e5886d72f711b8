"""Interaction callbacks, follow-ups and webhook message edits, with Discord's 3 s and 15 min clocks."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from .interactions import Interaction
from .rest import RECORD
from .validation import _apply_message_body, _check_choices, _check_message, _check_modal, _payload_json
from .wire import (
    COMPONENTS_V2,
    EPHEMERAL,
    INTERACTION_DEADLINE,
    LOADING,
    TOKEN_LIFETIME,
    DiscordError,
    _json,
    _now_iso,
    invalid_form,
)


class CallbacksMixin:
    """FakeDiscord's interaction routes (state made in `FakeDiscord.__init__`)."""

    # ----------------------------------------------------------------- interaction callbacks and webhooks

    def _interaction_by_token(self, token: str) -> Interaction:
        try:
            return self._by_token[token]
        except KeyError:
            raise DiscordError(404, 10015, "Unknown Webhook") from None

    async def _callback(self, request: web.Request) -> web.Response:
        now = request[RECORD].at  # arrival, before the body was read: the fairest stamp for latency
        interaction = self.interactions.get(int(request.match_info["interaction_id"]))
        if interaction is None or interaction.token != request.match_info["token"]:
            raise DiscordError(404, 10062, "Unknown interaction")
        try:
            if now - interaction.created > INTERACTION_DEADLINE:
                raise DiscordError(404, 10062, "Unknown interaction")
            if interaction.callback is not None:
                raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
            body = _payload_json(request[RECORD].body)
            resource = self._acknowledge(interaction, body)
        except DiscordError as error:
            interaction.rejected.append((error.status, error.code))
            raise
        interaction.callback = body
        interaction.callback_at = now
        if request.query.get("with_response") not in ("1", "true", "True"):
            return web.Response(status=204)
        message = self.messages.get(interaction.original_message_id or 0)
        return _json(
            {
                "interaction": {
                    "id": str(interaction.id),
                    "type": interaction.type,
                    "response_message_id": str(interaction.original_message_id)
                    if interaction.original_message_id
                    else None,
                    "response_message_loading": body["type"] == 5,
                    "response_message_ephemeral": bool(message and int(message["flags"]) & EPHEMERAL),
                },
                "resource": resource,
            }
        )

    def _acknowledge(self, interaction: Interaction, body: Mapping[str, Any]) -> dict[str, Any]:
        """Validate a callback and apply it; returns the `resource` part of the with_response body."""
        kind = body.get("type")
        data = body.get("data") or {}
        # A modal submit (5) cannot open another modal; it updates a message only when one opened it.
        from_message = {6, 7} if "message" in interaction.payload else set()
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5} | from_message}[interaction.type]
        if kind not in allowed:
            raise invalid_form({"type": f"Response type {kind} is not valid for interaction type {interaction.type}."})
        if kind == 9:
            errors = _check_modal(data)
            if errors:
                raise invalid_form(errors)
            return {"type": 9}
        if kind == 8:
            errors = _check_choices(data.get("choices"))
            if errors:
                raise invalid_form(errors)
            return {"type": 8}
        if kind in (4, 5):
            flags = int(data.get("flags") or 0)
            if kind == 4:
                _check_message(data, creating=True)
                flags &= EPHEMERAL | COMPONENTS_V2
            else:
                flags = (flags & EPHEMERAL) | LOADING  # "FilmBot is thinking..."
            message = self._new_message(data if kind == 4 else {}, interaction=interaction, flags=flags)
            interaction.original_message_id = int(message["id"])
            return {"type": kind, "message": message}
        # 6, 7: the message the component belongs to.
        target = self._message(int(interaction.payload["message"]["id"]))
        interaction.original_message_id = int(target["id"])
        if kind == 7:
            _check_message(data, creating=False)
            _apply_message_body(target, data)
            target["edited_timestamp"] = _now_iso()
            return {"type": 7, "message": target}
        return {"type": 6}

    def _acknowledged(self, request: web.Request) -> Interaction:
        if int(request.match_info["application_id"]) != self.application_id:
            raise DiscordError(404, 10015, "Unknown Webhook")
        interaction = self._interaction_by_token(request.match_info["token"])
        if interaction.callback is None or time.perf_counter() - interaction.created > TOKEN_LIFETIME:
            # Follow-ups and edits need an acknowledged, unexpired interaction.
            raise DiscordError(404, 10015, "Unknown Webhook")
        return interaction

    async def _followup(self, request: web.Request) -> web.Response:
        interaction = self._acknowledged(request)
        body = _payload_json(request[RECORD].body)
        _check_message(body, creating=True)
        flags = int(body.get("flags") or 0)
        original = self.messages.get(interaction.original_message_id or 0)
        if original is not None and int(original["flags"]) & LOADING and not interaction.followups:
            # The first follow-up after a deferral fills the "thinking..." message, as Discord does.
            _apply_message_body(original, body)
            original["flags"] = int(original["flags"]) & ~LOADING
            message = original
        else:
            message = self._new_message(body, interaction=interaction, flags=flags & (EPHEMERAL | COMPONENTS_V2))
        interaction.followups.append(message)
        if request.query.get("wait") in ("1", "true", "True"):
            return _json(message)
        return web.Response(status=204)

    async def _webhook_message(self, request: web.Request) -> web.Response:
        interaction = self._acknowledged(request)
        raw_id = request.match_info["message_id"]
        if raw_id == "@original":
            if interaction.original_message_id is None:
                raise DiscordError(404, 10008, "Unknown Message")
            message_id = interaction.original_message_id
        else:
            message_id = int(raw_id)
            owned = {int(m["id"]) for m in interaction.followups} | {interaction.original_message_id or 0}
            if message_id not in owned:
                raise DiscordError(404, 10008, "Unknown Message")
        message = self._message(message_id)
        if request.method == "DELETE":
            del self.messages[message_id]
            return web.Response(status=204)
        if request.method == "PATCH":
            body = _payload_json(request[RECORD].body)
            _check_message(body, creating=False)
            _apply_message_body(message, body)
            message["flags"] = int(message["flags"]) & ~LOADING
            message["edited_timestamp"] = _now_iso()
            if raw_id == "@original":
                interaction.edits.append(body)
        return _json(message)
