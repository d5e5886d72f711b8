"""What Discord's client sends for a user: slash commands, autocomplete, clicks and modal submits."""

from __future__ import annotations

import base64
import secrets
import time
from collections.abc import Mapping
from typing import Any

from .interactions import Interaction, Reply, _walk_components
from .wire import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    EPHEMERAL,
    EVERYONE_PERMISSIONS,
    INTEGER,
    MENTIONABLE,
    NUMBER,
    ROLE,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    USER,
)
from .world import FakeAttachment, FakeUser, Role


class ClientMixin:
    """FakeDiscord's test-facing interactions (state made in `FakeDiscord.__init__`)."""

    # ----------------------------------------------------------------- test-facing: interactions

    def _base_interaction(
        self, kind: int, user: FakeUser, *, dm: bool = False, channel_id: int | None = None
    ) -> dict[str, Any]:
        interaction_id = self.snowflake()
        token = "aW50ZXJhY3Rpb246" + base64.urlsafe_b64encode(
            f"{interaction_id}:{secrets.token_hex(32)}".encode()
        ).decode().rstrip("=")
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.application_id),
            "type": kind,
            "token": token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(self.permissions_of(self.bot_user)),
        }
        if dm:
            payload["user"] = user.payload()
            payload["channel_id"] = str(self.snowflake())
            payload["channel"] = {"id": payload["channel_id"], "type": 1, "recipients": [user.payload()], "flags": 0}
            payload["context"] = 1
            payload["authorizing_integration_owners"] = {"1": str(user.id)}
        else:
            channel_id = self.channel_id if channel_id is None else channel_id
            guild_id = self.guild_of_channel.get(channel_id, self.guild_id)
            payload["guild_id"] = str(guild_id)
            payload["guild"] = {"id": str(guild_id), "locale": "en-US", "features": []}
            payload["guild_locale"] = "en-US"
            payload["channel_id"] = str(channel_id)
            payload["channel"] = {**self.channel_payload(channel_id), "permissions": str(self.permissions_of(user))}
            payload["member"] = {**self.member_payload(user), "permissions": str(self.permissions_of(user))}
            payload["context"] = 0
            payload["authorizing_integration_owners"] = {"0": str(guild_id)}
        return payload

    async def _deliver(self, payload: dict[str, Any], user: FakeUser) -> Interaction:
        if self.session is None or self.session.invalid:
            await self.wait_until(
                lambda: self.session is not None and not self.session.invalid, 15.0, "a gateway session"
            )
            # Made now, when it can be delivered: its snowflake (which a bot may time it by) and
            # the 3 s clock below start together, as they do on Discord.
            payload["id"] = str(self.snowflake())
        assert self.session is not None
        # A guild's interactions arrive on its shard's session (DMs, and the first guild, on self.session).
        session = self.session_of_guild.get(int(payload.get("guild_id") or 0), self.session)
        interaction = Interaction(self, payload, user)
        self.interactions[interaction.id] = interaction
        self._by_token[interaction.token] = interaction
        # The clock starts here, as Discord's does; a disconnected bot gets the event on RESUME.
        interaction.created = time.perf_counter()
        await session.dispatch("INTERACTION_CREATE", payload)
        return interaction

    def _command_data(
        self,
        name_path: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        user: FakeUser,
        dm: bool = False,
        check_permissions: bool = True,
    ) -> dict[str, Any]:
        """Build `data` for a chat-input command from the registered schema, as Discord's client would."""
        names = name_path.removeprefix("/").split()
        command, scope = self.find_command(names[0])
        contexts = command.get("contexts")
        dm_allowed = command.get("dm_permission") is not False and (contexts is None or 1 in contexts)
        if check_permissions and dm and not dm_allowed:
            raise PermissionError(f"Discord does not offer /{names[0]} in direct messages")
        required_permissions = command.get("default_member_permissions")
        hidden = required_permissions is not None and int(required_permissions) & ~self.permissions_of(user)
        if check_permissions and hidden:
            raise PermissionError(f"Discord hides /{names[0]} from {user.username} (missing permissions)")
        data: dict[str, Any] = {"id": command["id"], "name": command["name"], "type": 1}
        if scope != "global":
            data["guild_id"] = scope
        schema: list[dict[str, Any]] = command.get("options", [])
        container = data
        for name in names[1:]:
            sub = next((o for o in schema if o["name"] == name and o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)), None)
            if sub is None:
                raise LookupError(f"/{command['name']} has no subcommand {name!r}")
            node: dict[str, Any] = {"type": sub["type"], "name": name, "options": []}
            container.setdefault("options", []).append(node)
            container, schema = node, sub.get("options", [])
        if any(o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP) for o in schema):
            raise LookupError(f"/{name_path} needs a subcommand: {[o['name'] for o in schema]}")
        resolved: dict[str, dict[str, Any]] = {}
        values = container.setdefault("options", [])
        for key, value in options.items():
            spec = next((o for o in schema if o["name"] == key), None)
            if spec is None:
                raise LookupError(f"/{name_path} has no option {key!r}: {[o['name'] for o in schema]}")
            entry = {
                "name": key,
                "type": spec["type"],
                "value": self._option_value(spec, value, resolved, key == focused),
            }
            if key == focused:
                entry["focused"] = True
            values.append(entry)
        if focused is None:
            missing = [o["name"] for o in schema if o.get("required") and o["name"] not in options]
            if missing:
                raise ValueError(f"Discord would not send /{name_path} without {missing}")
        if resolved:
            data["resolved"] = resolved
        return data

    def _option_value(self, spec: Mapping[str, Any], value: Any, resolved: dict[str, Any], focused: bool) -> Any:
        kind = spec["type"]
        if focused:
            return str(value)  # while typing, Discord sends the raw text
        if kind in (USER, MENTIONABLE) and isinstance(value, FakeUser):
            resolved.setdefault("users", {})[str(value.id)] = value.payload()
            member = {**self.member_payload(value, with_user=False), "permissions": str(self.permissions_of(value))}
            resolved.setdefault("members", {})[str(value.id)] = member
            return str(value.id)
        if kind in (ROLE, MENTIONABLE) and isinstance(value, Role):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if kind == ATTACHMENT:
            if not isinstance(value, FakeAttachment):
                raise TypeError(f"{spec['name']!r} takes a FakeAttachment")
            attachment_id = self.snowflake()
            self.attachments[attachment_id] = value
            url = f"http://127.0.0.1:{self.port}/attachments/{self.channel_id}/{attachment_id}/{value.filename}"
            resolved.setdefault("attachments", {})[str(attachment_id)] = {
                "id": str(attachment_id),
                "filename": value.filename,
                "size": len(value.data),
                "url": url,
                "proxy_url": url,
                "content_type": value.content_type,
                "ephemeral": True,
            }
            return str(attachment_id)
        if kind == CHANNEL:
            channel = {**self.channel_payload(), "permissions": str(EVERYONE_PERMISSIONS)}
            resolved.setdefault("channels", {})[str(self.channel_id)] = channel
            return str(self.channel_id)
        converted: Any = {STRING: str, INTEGER: int, NUMBER: float, BOOLEAN: bool}.get(kind, str)(value)
        choices = spec.get("choices")
        if choices and converted not in [c["value"] for c in choices]:
            raise ValueError(f"{converted!r} is not one of the choices of {spec['name']!r}")
        too_small = "min_value" in spec and converted < spec["min_value"]
        too_big = "max_value" in spec and converted > spec["max_value"]
        if kind in (INTEGER, NUMBER) and (too_small or too_big):
            raise ValueError(f"Discord would refuse {converted} for {spec['name']!r}")
        if kind == STRING and not spec.get("min_length", 0) <= len(converted) <= spec.get("max_length", 6000):
            raise ValueError(f"Discord would refuse the length of {spec['name']!r}")
        return converted

    async def send_command(
        self,
        name_path: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        dm: bool = False,
        check_permissions: bool = True,
        data: dict[str, Any] | None = None,
        in_channel: int | None = None,
    ) -> Interaction:
        """Inject a slash command (type 2) as Discord would: "film info", {"title": "Ballerina"}.

        `data` sends a hand-made `data` object instead (e.g. a command the bot does not know);
        `in_channel` a channel made by `add_channel` (default: the guild's first channel).
        """
        user = user or self.member
        payload = self._base_interaction(2, user, dm=dm, channel_id=in_channel)
        payload["data"] = data or self._command_data(
            name_path, options or {}, user=user, dm=dm, check_permissions=check_permissions
        )
        return await self._deliver(payload, user)

    async def command(
        self,
        name_path: str,
        options: Mapping[str, Any] | None = None,
        /,
        *,
        user: FakeUser | None = None,
        dm: bool = False,
        check_permissions: bool = True,
        in_channel: int | None = None,
        **kw: Any,
    ) -> Reply:
        """Send a command and return its first visible answer: `await fake.command("film info", title="Ballerina")`.

        Options go as keywords, or in the `options` dict when a name clashes (an option called "user").
        """
        merged = {**(options or {}), **kw}
        interaction = await self.send_command(
            name_path, merged, user=user, dm=dm, check_permissions=check_permissions, in_channel=in_channel
        )
        return await interaction.reply()

    async def autocomplete(
        self,
        name_path: str,
        options: Mapping[str, Any] | None = None,
        /,
        *,
        focused: str | None = None,
        user: FakeUser | None = None,
        in_channel: int | None = None,
        **kw: Any,
    ) -> list[dict[str, Any]]:
        """Type into an option (type 4); `focused` defaults to the last option given. Returns the choices."""
        interaction = await self.send_autocomplete(
            name_path, {**(options or {}), **kw}, focused=focused, user=user, in_channel=in_channel
        )
        callback = await interaction.wait_callback()
        return callback["data"]["choices"]

    async def send_autocomplete(
        self,
        name_path: str,
        options: Mapping[str, Any],
        *,
        focused: str | None = None,
        user: FakeUser | None = None,
        in_channel: int | None = None,
    ) -> Interaction:
        user = user or self.member
        focused = focused or list(options)[-1]
        payload = self._base_interaction(4, user, channel_id=in_channel)
        payload["data"] = self._command_data(name_path, options, focused=focused, user=user)
        return await self._deliver(payload, user)

    async def click(
        self, message_id: int, custom_id: str, *, user: FakeUser | None = None, values: list[str] | None = None
    ) -> Interaction:
        """Press a button (or pick `values` in a select menu) on a message the bot sent (type 3)."""
        return await self._click(message_id, custom_id, user or self.member, values, late=False)

    async def click_late(self, message_id: int, custom_id: str, *, user: FakeUser | None = None) -> Interaction:
        """A click made while the button was still enabled that reaches the bot only now, after the
        message was edited (e.g. the question's reveal disabled its buttons): a slow client, a busy
        gateway. The bot must answer it, and must not count it twice or late."""
        return await self._click(message_id, custom_id, user or self.member, None, late=True)

    async def _click(
        self, message_id: int, custom_id: str, user: FakeUser, values: list[str] | None, *, late: bool
    ) -> Interaction:
        message = self._message(message_id)
        component = next(
            (c for c in _walk_components(message.get("components") or []) if c.get("custom_id") == custom_id), None
        )
        if component is None:
            raise LookupError(f"message {message_id} has no component {custom_id!r}")
        if component.get("disabled") and not late:
            raise ValueError(f"{custom_id!r} is disabled: Discord would not send the click")
        flags = int(message.get("flags") or 0)
        owner = message.get("interaction_metadata", {}).get("user", {}).get("id")
        if flags & EPHEMERAL and owner != str(user.id):
            raise PermissionError("only the user who got an ephemeral message can click it")
        channel_id = int(message.get("channel_id") or 0)
        payload = self._base_interaction(3, user, channel_id=channel_id if channel_id in self.channels else None)
        payload["message"] = message
        payload["data"] = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            payload["data"]["values"] = values
        return await self._deliver(payload, user)

    async def submit_modal(self, opened: Interaction, values: Mapping[str, str], *, check: bool = True) -> Interaction:
        """Fill in the modal `opened` was answered with (callback type 9) and send it (MODAL_SUBMIT,
        interaction type 5), by the user it was shown to. `values` are by text input custom_id; a
        field left out is sent with its pre-filled value. With `check`, what Discord's client will
        not submit (a required field empty, a value out of its lengths) is refused here; without,
        the values go as given, as a modified client can send them."""
        callback = await opened.wait_callback()
        if callback.get("type") != 9:
            raise ValueError(f"{opened.describe()} was not answered with a modal: {callback.get('type')}")
        modal = callback["data"]
        inputs = _modal_inputs(modal)
        unknown = set(values) - {str(i["custom_id"]) for i in inputs}
        if unknown:
            raise LookupError(f"the modal has no field {sorted(unknown)}")
        filled = {str(i["custom_id"]): values.get(str(i["custom_id"]), str(i.get("value") or "")) for i in inputs}
        if check:
            for item in inputs:
                value = filled[str(item["custom_id"])]
                if not value and item.get("required", True):
                    raise ValueError(f"{item['custom_id']!r} is required: Discord's client would not submit")
                if value and not int(item.get("min_length") or 0) <= len(value) <= int(item.get("max_length") or 4000):
                    raise ValueError(f"{item['custom_id']!r} is out of its lengths: Discord's client would not submit")
        payload = self._base_interaction(5, opened.user, channel_id=int(opened.payload["channel_id"]))
        if "message" in opened.payload:
            payload["message"] = opened.payload["message"]
        payload["data"] = {"custom_id": modal["custom_id"], "components": _submitted(modal["components"], filled)}
        return await self._deliver(payload, opened.user)


def _modal_inputs(modal: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The text inputs of a modal, in action rows (type 1) or labels (type 18)."""
    found: list[dict[str, Any]] = []
    for row in modal.get("components") or []:
        children = (row.get("components") or []) if row.get("type") == 1 else [row.get("component") or {}]
        found += [c for c in children if c.get("type") == 4]
    return found


def _submitted(components: list[dict[str, Any]], values: Mapping[str, str]) -> list[dict[str, Any]]:
    """A modal's layout as Discord sends it back: each input with its custom_id and value only."""

    def submitted(item: dict[str, Any]) -> dict[str, Any]:
        return {"type": 4, "custom_id": item["custom_id"], "value": values[str(item["custom_id"])]}

    out: list[dict[str, Any]] = []
    for row in components:
        if row.get("type") == 1:
            out.append({"type": 1, "components": [submitted(c) for c in row.get("components") or []]})
        else:
            out.append({"type": 18, "component": submitted(row.get("component") or {})})
    return out
