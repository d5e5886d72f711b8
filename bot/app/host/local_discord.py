"""A local stand-in for Discord, for `filmbot console` and `filmbot ask`: the wire.

It does what Discord does for one server with one channel: it builds the
same INTERACTION_CREATE payloads Discord sends (slash commands, autocomplete,
button clicks, modal submissions) and feeds them to the very bot and command tree `filmbot run`
uses. What the bot sends back (interaction callbacks, follow-ups, channel
messages, edits) is caught where discord.py would put it on the wire, and kept
as Discord would keep it. So the console shows exactly what Discord would
receive, and there is no second command table. What is typed is read by
`bot.app.host.command_line`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
from discord.http import Route
from discord.webhook import async_ as webhook_async

from bot.app.host.client import FilmBot
from bot.app.host.command_line import (
    APPLICATION_ID,
    OPTION_TYPES,
    OWNER,
    OWNER_NAME,
    USER_ID,
    CommandLine,
    CommandLineError,
    Person,
    focused_value,
    permissions_of,
    user_payload,
)
from bot.store import members as local_members
from bot.text import fold, plural, squash_spaces, strip_bidi

GUILD_ID = 100_000_000_000_000_002
CHANNEL_ID = 100_000_000_000_000_003
EPHEMERAL = 64
ALL_PERMISSIONS = str(discord.Permissions.all().value)
NAME_MAX = 32  # Discord's limit for a username

# Discord's interaction callback types.
CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE = 8
CALLBACK_MODAL = 9
# Discord's interaction types, and the component types a modal holds.
INTERACTION_MODAL_SUBMIT = 5
_ACTION_ROW, _TEXT_INPUT, _LABEL = 1, 4, 18


@dataclass(slots=True)
class LocalMessage:
    """A message as Discord would store it, and whether only the user sees it."""

    id: int
    payload: dict[str, Any]
    ephemeral: bool
    interaction_id: int | None = None
    edits: int = 0

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.payload.get("components") or []


@dataclass(slots=True)
class Exchange:
    """What one interaction produced: the raw callback and the messages it touched."""

    interaction_id: int
    callback: dict[str, Any] | None = None
    messages: list[LocalMessage] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None
    error: Exception | None = None  # what the tree's error handler was given, if anything
    done: asyncio.Event = field(default_factory=asyncio.Event)
    interaction: discord.Interaction | None = None  # of a command or completion, as discord.py built it
    modal: dict[str, Any] | None = None  # the form the bot answered with (callback type 9), if it did

    @property
    def form(self) -> list[ModalField]:
        """The text inputs of the modal this interaction was answered with, in order (none without one)."""
        return modal_fields(self.modal) if self.modal else []

    @property
    def failed(self) -> bool:
        """The command raised, or answered with an error (`command_failed`, see bot.app.toolkit.respond.send)."""
        return self.error is not None or bool(self.interaction and self.interaction.command_failed)


@dataclass(frozen=True, slots=True)
class ModalField:
    """One text input of a modal, with the limits Discord's client enforces before submitting."""

    custom_id: str
    label: str
    required: bool = True
    min_length: int = 0
    max_length: int = 4000
    placeholder: str = ""
    value: str = ""  # what the field is pre-filled with
    paragraph: bool = False

    def problem(self, value: str) -> str | None:
        """Why Discord's client would not submit this value, or None."""
        if not value:
            return f"{self.label} is required." if self.required else None
        if len(value) < self.min_length:
            return f"{self.label} needs at least {plural(self.min_length, 'character')}."
        if len(value) > self.max_length:
            return f"{self.label} takes at most {plural(self.max_length, 'character')}."
        return None


def modal_fields(modal: dict[str, Any]) -> list[ModalField]:
    """The text inputs of a modal payload, in action rows (the older layout) or labels (the newer)."""
    fields: list[ModalField] = []

    def walk(components: list[dict[str, Any]], label: str | None) -> None:
        for component in components:
            kind = component.get("type")
            if kind == _ACTION_ROW:
                walk(component.get("components") or [], label)
            elif kind == _LABEL:
                walk([component.get("component") or {}], component.get("label"))
            elif kind == _TEXT_INPUT:
                fields.append(
                    ModalField(
                        custom_id=str(component["custom_id"]),
                        label=str(label or component.get("label") or component["custom_id"]),
                        required=bool(component.get("required", True)),
                        min_length=int(component.get("min_length") or 0),
                        max_length=int(component.get("max_length") or 4000),
                        placeholder=str(component.get("placeholder") or ""),
                        value=str(component.get("value") or ""),
                        paragraph=component.get("style") == 2,
                    )
                )

    walk(modal.get("components") or [], None)
    return fields


def _submitted_components(components: list[dict[str, Any]], values: dict[str, str]) -> list[dict[str, Any]]:
    """A modal's layout as Discord sends it back on submit: the same rows or labels, each input with its value."""
    out: list[dict[str, Any]] = []
    for component in components:
        kind = component.get("type")
        if kind == _ACTION_ROW:
            out.append(
                {"type": _ACTION_ROW, "components": _submitted_components(component.get("components") or [], values)}
            )
        elif kind == _LABEL:
            inner = _submitted_components([component.get("component") or {}], values)
            if inner:
                out.append({"type": _LABEL, "component": inner[0]})
        elif kind == _TEXT_INPUT:
            custom_id = str(component["custom_id"])
            out.append({"type": _TEXT_INPUT, "custom_id": custom_id, "value": values.get(custom_id, "")})
    return out


class _LocalWebhookAdapter(webhook_async.AsyncWebhookAdapter):
    """discord.py sends interaction callbacks and follow-ups through this adapter."""

    def __init__(self, local: LocalDiscord) -> None:
        super().__init__()
        self._local = local

    async def request(self, route: Route, session: Any, *, payload: Any = None, params: Any = None, **_: Any) -> Any:
        return self._local.handle(route.method, route.url, payload)


class LocalDiscord:
    """Discord's side of one server, one channel and one user, in memory."""

    def __init__(
        self, bot: FilmBot, *, user_name: str = OWNER_NAME, permissions: int | None = None, roles: tuple[int, ...] = ()
    ) -> None:
        """`permissions` (bits; default all) and `roles` are the console user's, to act as a plain member."""
        self.bot = bot
        self.permissions = ALL_PERMISSIONS if permissions is None else str(permissions)
        self.roles = [str(role) for role in roles]
        self.user = user_payload(USER_ID, user_name)
        self.role = OWNER if permissions is None else local_members.MEMBER
        self._people: dict[str, local_members.LocalMember] = {}  # folded name -> the members met so far
        self.bot_user = {
            "id": str(APPLICATION_ID),
            "username": "filmbot",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
        }
        self.messages: dict[int, LocalMessage] = {}
        self.exchanges: dict[int, Exchange] = {}
        self.channel_messages: list[LocalMessage] = []
        self.on_message: Callable[[LocalMessage, bool], Awaitable[None] | None] | None = None
        self._last_id = 0
        self._files: dict[str, Path] = {}  # attachment url -> the local file it stands for
        self._interaction_messages: dict[int, int] = {}  # interaction id -> message id it answered with
        self.command_line = CommandLine(bot.tree, self)

    async def start(self) -> None:
        """Prepare the bot without a gateway, and put this stand-in where the wire would be."""
        state = self.bot._connection
        state.application_id = APPLICATION_ID
        await self.bot._async_setup_hook()  # sets the loop as login() would
        await self.bot.prepare()
        self._adapter = _LocalWebhookAdapter(self)
        # The stand-in takes the wire's place: discord.py's REST and CDN calls come here.
        self.bot.http.request = self._rest  # type: ignore[method-assign]  # on purpose, see above
        self.bot.http.get_from_cdn = self._cdn  # type: ignore[method-assign]  # on purpose, see above
        state.user = discord.ClientUser(state=state, data=self.bot_user)  # type: ignore[arg-type]  # the JSON Discord sends, a plain dict
        handle_error = self.bot.tree.on_error

        async def record_error(interaction: discord.Interaction[Any], error: Exception) -> None:
            self.exchanges.setdefault(interaction.id, Exchange(interaction.id)).error = error
            await handle_error(interaction, error)

        self.bot.tree.on_error = record_error  # type: ignore[method-assign]  # kept in the Exchange, then answered as ever
        for member in await local_members.all_members(self.bot.services.db):
            self._people[fold(member.name)] = member

        from_interaction = self.bot.tree._from_interaction

        def keep_interaction(interaction: discord.Interaction[Any]) -> None:
            self.exchanges.setdefault(interaction.id, Exchange(interaction.id)).interaction = interaction
            from_interaction(interaction)

        self.bot.tree._from_interaction = keep_interaction  # type: ignore[method-assign]  # kept in the Exchange, then run

    # who is typing -----------------------------------------------------------------

    @property
    def person(self) -> Person:
        return Person(self.user["username"], int(self.user["id"]), self.role)

    def people(self) -> list[Person]:
        """The owner first, then every member met so far (in the order they came)."""
        owner = Person(OWNER_NAME, USER_ID, OWNER)
        return [owner, *(Person(m.name, m.user_id, m.role) for m in self._people.values())]

    async def act_as(self, name: str, role: str | None = None) -> Person:
        """Become the member called `name`: a plain member when first met, unless `role` is
        "moderator"; the owner's name (or "owner") is the owner again. Kept in the database."""
        name = squash_spaces(strip_bidi(name))
        if role is not None and role not in local_members.ROLES:
            raise CommandLineError(f"A role is {' or '.join(local_members.ROLES)}, not “{role}”.")
        if not fold(name) or len(name) > NAME_MAX:
            raise CommandLineError(f"A name has 1 to {NAME_MAX} characters with a letter or digit, like /as alice.")
        if fold(name) in (fold(OWNER_NAME), OWNER):
            if role is not None:
                raise CommandLineError(f"{OWNER_NAME} is the server owner, who can do everything; no role to give.")
            self.user, self.role, self.roles = user_payload(USER_ID, OWNER_NAME), OWNER, []
            self.permissions = ALL_PERMISSIONS
            return self.person
        member = await local_members.save_member(self.bot.services.db, name, role)
        self._people[fold(member.name)] = member
        self.user, self.role, self.roles = user_payload(member.user_id, member.name), member.role, []
        self.permissions = str(permissions_of(member.role))
        return self.person

    def member_named(self, name: str) -> Person | None:
        return next((p for p in self.people() if fold(p.name) == fold(name)), None)

    def attach(self, path: Path) -> tuple[int, dict[str, Any]]:
        """A local file as the attachment Discord would have stored (the bot reads it through `_cdn`)."""
        attachment_id = self._next_id()
        url = f"https://cdn.local/attachments/{attachment_id}/{path.name}"
        self._files[url] = path
        payload = {"id": str(attachment_id), "filename": path.name, "size": path.stat().st_size, "url": url}
        return attachment_id, payload | {"proxy_url": url}

    def parse(self, line: str, *, focus_last: bool = False) -> dict[str, Any]:
        """The `data` of the interaction a typed command line stands for (see bot.app.host.command_line)."""
        return self.command_line.parse(line, focus_last=focus_last)

    async def close(self) -> None:
        await self.bot.close()

    # the wire ------------------------------------------------------------------

    async def _rest(self, route: Route, *, files: Any = None, form: Any = None, **kwargs: Any) -> Any:
        return self.handle(route.method, route.url, kwargs.get("json"))

    def _next_id(self) -> int:
        """A snowflake of now, as Discord's: ids carry their time (trivia times answers by them)."""
        self._last_id = max(self._last_id + 1, discord.utils.time_snowflake(datetime.now(UTC)))
        return self._last_id

    def _message_payload(self, message_id: int, body: dict[str, Any], flags: int = 0) -> dict[str, Any]:
        return {
            "id": str(message_id),
            "channel_id": str(CHANNEL_ID),
            "guild_id": str(GUILD_ID),
            "type": 0,
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [],
            "author": self.bot_user,
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "flags": flags | int(body.get("flags") or 0),
        }

    def _store(self, body: dict[str, Any], interaction_id: int | None) -> LocalMessage:
        message_id = self._next_id()
        payload = self._message_payload(message_id, body)
        message = LocalMessage(message_id, payload, bool(payload["flags"] & EPHEMERAL), interaction_id)
        self.messages[message_id] = message
        self._notify(message, edited=False)
        return message

    def _edit(self, message: LocalMessage, body: dict[str, Any]) -> LocalMessage:
        for key in ("content", "embeds", "components"):
            if key in body:
                message.payload[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        message.payload["edited_timestamp"] = datetime.now(UTC).isoformat()
        message.edits += 1
        self._notify(message, edited=True)
        return message

    def _notify(self, message: LocalMessage, edited: bool) -> None:
        if message.interaction_id is not None and message.interaction_id in self.exchanges:
            exchange = self.exchanges[message.interaction_id]
            if message not in exchange.messages:
                exchange.messages.append(message)
        if self.on_message is not None:
            result = self.on_message(message, edited)
            if asyncio.iscoroutine(result):
                asyncio.ensure_future(result)  # noqa: RUF006 - printer tasks finish quickly

    def handle(self, method: str, url: str, body: dict[str, Any] | None) -> Any:
        """Answer one REST call the way Discord would."""
        body = body or {}
        path = url.split("/v10", 1)[-1].split("?", 1)[0]
        parts = [p for p in path.split("/") if p]
        if parts[:1] == ["interactions"] and parts[-1] == "callback":
            return self._callback(int(parts[1]), body)
        if parts[:1] == ["webhooks"]:
            token = parts[2]
            interaction_id = self._interaction_for_token(token)
            if method == "POST" and len(parts) == 3:
                return self._store(body, interaction_id).payload
            target = self._webhook_target(parts, interaction_id)
            if target is None:
                raise discord.NotFound(_FakeResponse(404), {"code": 10008, "message": "Unknown Message"})
            if method == "PATCH":
                return self._edit(target, body).payload
            if method == "DELETE":
                self.messages.pop(target.id, None)
                return None
            return target.payload
        if parts[:1] == ["channels"] and "messages" in parts:
            if method == "POST" and parts[-1] == "messages":
                message = self._store(body, None)
                self.channel_messages.append(message)
                return message.payload
            found = self.messages.get(int(parts[3])) if len(parts) > 3 else None
            if found is None:
                raise discord.NotFound(_FakeResponse(404), {"code": 10008, "message": "Unknown Message"})
            if method == "PATCH":
                return self._edit(found, body).payload
            if method == "DELETE":
                self.messages.pop(found.id, None)
                return None
            return found.payload
        if parts[:1] == ["channels"]:
            return {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID), "name": "console", "position": 0}
        return {}

    def _interaction_for_token(self, token: str) -> int | None:
        match = re.fullmatch(r"local-(\d+)", token)
        return int(match.group(1)) if match else None

    def _webhook_target(self, parts: list[str], interaction_id: int | None) -> LocalMessage | None:
        which = parts[4] if len(parts) > 4 else "@original"
        if which == "@original":
            message_id = self._interaction_messages.get(interaction_id or -1)
            return self.messages.get(message_id) if message_id else None
        return self.messages.get(int(which))

    def _callback(self, interaction_id: int, body: dict[str, Any]) -> dict[str, Any]:
        exchange = self.exchanges.setdefault(interaction_id, Exchange(interaction_id))
        exchange.callback = body
        kind = body.get("type")
        data = body.get("data") or {}
        answer: dict[str, Any] = {"interaction": {"id": str(interaction_id), "type": 2}}
        if kind == CALLBACK_AUTOCOMPLETE:
            exchange.choices = data.get("choices", [])
            return answer
        if kind == CALLBACK_MODAL:
            exchange.modal = data
            return answer
        if kind in (CALLBACK_MESSAGE, CALLBACK_DEFERRED_MESSAGE):
            message = self._store(data if kind == CALLBACK_MESSAGE else {"flags": data.get("flags", 0)}, interaction_id)
            self._interaction_messages[interaction_id] = message.id
        elif kind in (CALLBACK_UPDATE_MESSAGE, CALLBACK_DEFERRED_UPDATE):
            message = self.messages[self._interaction_messages[interaction_id]]
            if kind == CALLBACK_UPDATE_MESSAGE:
                self._edit(message, data)
        else:
            return answer
        answer["interaction"].update(
            response_message_id=str(message.id),
            response_message_loading=kind == CALLBACK_DEFERRED_MESSAGE,
            response_message_ephemeral=message.ephemeral,
        )
        answer["resource"] = {"type": kind, "message": message.payload}
        return answer

    # what the user does ----------------------------------------------------------

    def _interaction(self, kind: int, data: dict[str, Any], message: LocalMessage | None = None) -> dict[str, Any]:
        interaction_id = self._next_id()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(APPLICATION_ID),
            "type": kind,
            "token": f"local-{interaction_id}",
            "version": 1,
            "attachment_size_limit": 8 * 1024 * 1024,
            "data": data,
            "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "channel": {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID), "name": "console", "position": 0},
            "member": {
                "user": self.user,
                "roles": self.roles,
                "flags": 0,
                "joined_at": datetime.now(UTC).isoformat(),
                "permissions": self.permissions,
                "deaf": False,
                "mute": False,
            },
            "app_permissions": ALL_PERMISSIONS,
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {},
            "context": 0,
        }
        if message is not None:
            payload["message"] = message.payload
            self._interaction_messages[interaction_id] = message.id
        return payload

    async def _dispatch(self, payload: dict[str, Any], timeout: float) -> Exchange:
        interaction_id = int(payload["id"])
        exchange = self.exchanges.setdefault(interaction_id, Exchange(interaction_id))
        # Handlers run in tasks that copy this context: point their webhook adapter here.
        webhook_async.async_context.set(self._adapter)
        before = asyncio.all_tasks()
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]  # the JSON Discord sends, a plain dict
        handlers = asyncio.all_tasks() - before
        if handlers:
            await asyncio.wait(handlers, timeout=timeout)
        exchange.done.set()
        return exchange

    async def command(self, line: str, timeout: float = 30.0) -> Exchange:
        data = self.parse(line)
        return await self._dispatch(self._interaction(2, data), timeout)

    async def invoke(self, path: list[str], options: dict[str, Any], timeout: float = 30.0) -> Exchange:
        """Run a command from its path and option values, checked as Discord's client checks them."""
        command = self.command_line.leaf_command(path)
        pairs = [(name, value if isinstance(value, str) else str(value)) for name, value in options.items()]
        data = self.command_line.command_data(command, path, pairs, focus_last=False)
        return await self._dispatch(self._interaction(2, data), timeout)

    async def forge(self, path: list[str], options: dict[str, Any], timeout: float = 30.0) -> Exchange:
        """Send these option values exactly as given, as a modified client can: nothing checked or converted."""
        parameters = {p.name: p for p in self.command_line.leaf_command(path).parameters}
        nested: list[dict[str, Any]] = [
            {"type": OPTION_TYPES.get(parameters[name].type, 3) if name in parameters else 3, "name": name, "value": v}
            for name, v in options.items()
        ]
        for name in reversed(path[1:]):
            nested = [{"type": 1, "name": name, "options": nested}]
        data = {"id": str(APPLICATION_ID + 7), "name": path[0], "type": 1, "options": nested}
        return await self._dispatch(self._interaction(2, data), timeout)

    async def autocomplete(self, line: str, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The suggestions for the option being typed (the last one), as Discord's client shows them.

        Options with an autocomplete callback ask the bot, as Discord does; fixed
        choices, true/false and users (the console's members) are listed by the
        client itself; a number has nothing to suggest, and says so.
        """
        data = self.parse(line, focus_last=True)
        command, focused = self.command_line.focused(data)
        if not focused.autocomplete:
            return self.command_line.client_side_choices(command, focused, focused_value(data))
        exchange = await self._dispatch(self._interaction(4, data), timeout)
        return exchange.choices or []

    async def click(self, message_id: int, custom_id: str, timeout: float = 30.0) -> Exchange:
        message = self.messages.get(message_id)
        if message is None:
            raise CommandLineError("That message is gone.")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._dispatch(self._interaction(3, data, message), timeout)

    async def submit(
        self, opened: Exchange, values: dict[str, str], *, check: bool = True, timeout: float = 30.0
    ) -> Exchange:
        """Fill in and send the modal `opened` was answered with, as a MODAL_SUBMIT interaction.

        `values` are by field custom_id; a field left out is sent empty (or with what it was
        pre-filled with). With `check`, what Discord's client refuses (a required field empty,
        a value too short or too long) is refused here; without, the values go as given, as a
        modified client can send them. The submission carries the message whose button opened
        the modal, as Discord's does.
        """
        if opened.modal is None:
            raise CommandLineError("There is no form to fill in: that did not open one.")
        fields = opened.form
        known = {f.custom_id for f in fields}
        unknown = [name for name in values if name not in known]
        if unknown:
            names = ", ".join(f.custom_id for f in fields) or "none"
            raise CommandLineError(f"The form has no field {unknown[0]}; its fields are {names}.")
        filled = {f.custom_id: values.get(f.custom_id, f.value) for f in fields}
        if check:
            for form_field in fields:
                problem = form_field.problem(filled[form_field.custom_id])
                if problem:
                    raise CommandLineError(problem)
        data = {
            "custom_id": opened.modal.get("custom_id", ""),
            "components": _submitted_components(opened.modal.get("components") or [], filled),
        }
        # A button's interaction knows its message; a command's modal has none.
        message_id = self._interaction_messages.get(opened.interaction_id)
        message = self.messages.get(message_id) if message_id is not None else None
        return await self._dispatch(self._interaction(INTERACTION_MODAL_SUBMIT, data, message), timeout)

    async def _cdn(self, url: str) -> bytes:
        """Attachments of the console are local files; discord.py reads them through here."""
        path = self._files.get(url)
        if path is None:
            raise discord.NotFound(_FakeResponse(404), {"code": 0, "message": "404: Not Found"})
        return await asyncio.to_thread(path.read_bytes)


class _FakeResponse:
    """Just enough of an aiohttp response for discord.HTTPException."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "Not Found"
