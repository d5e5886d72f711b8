"""A local stand-in for Discord, for `filmbot console` and `filmbot ask`.

It does what Discord does for one server with one channel: it builds the
same INTERACTION_CREATE payloads Discord sends (slash commands, autocomplete,
button clicks) and feeds them to the very bot and command tree `filmbot run`
uses. What the bot sends back (interaction callbacks, follow-ups, channel
messages, edits) is caught where discord.py would put it on the wire, and kept
as Discord would keep it. So the console shows exactly what Discord would
receive, and there is no second command table.
"""

from __future__ import annotations

import asyncio
import re
import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.http import Route
from discord.webhook import async_ as webhook_async

from bot.app.client import FilmBot

APPLICATION_ID = 100_000_000_000_000_001
GUILD_ID = 100_000_000_000_000_002
CHANNEL_ID = 100_000_000_000_000_003
USER_ID = 100_000_000_000_000_004
EPHEMERAL = 64
ALL_PERMISSIONS = str(discord.Permissions.all().value)

# Discord's interaction callback types.
CALLBACK_MESSAGE = 4
CALLBACK_DEFERRED_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE = 8

_OPTION_TYPES = {
    discord.AppCommandOptionType.string: 3,
    discord.AppCommandOptionType.integer: 4,
    discord.AppCommandOptionType.boolean: 5,
    discord.AppCommandOptionType.user: 6,
    discord.AppCommandOptionType.role: 8,
    discord.AppCommandOptionType.number: 10,
    discord.AppCommandOptionType.attachment: 11,
}
_RESOLVED_KINDS = {
    discord.AppCommandOptionType.user: "users",
    discord.AppCommandOptionType.role: "roles",
    discord.AppCommandOptionType.attachment: "attachments",
}
_MENTION = re.compile(r"<@[!&]?(\d+)>")


class CommandLineError(ValueError):
    """The typed command does not fit the command tree; the message says why."""


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

    @property
    def failed(self) -> bool:
        """The command raised, or answered with an error (`command_failed`, see bot.app.respond.send)."""
        return self.error is not None or bool(self.interaction and self.interaction.command_failed)


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
        self, bot: FilmBot, *, user_name: str = "you", permissions: int | None = None, roles: tuple[int, ...] = ()
    ) -> None:
        """`permissions` (bits; default all) and `roles` are the console user's, to act as a plain member."""
        self.bot = bot
        self.permissions = ALL_PERMISSIONS if permissions is None else str(permissions)
        self.roles = [str(role) for role in roles]
        self.user = {
            "id": str(USER_ID),
            "username": user_name,
            "global_name": user_name,
            "discriminator": "0",
            "avatar": None,
        }
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

    async def start(self) -> None:
        """Prepare the bot without a gateway, and put this stand-in where the wire would be."""
        state = self.bot._connection
        state.application_id = APPLICATION_ID
        await self.bot._async_setup_hook()  # sets the loop as login() would
        await self.bot.prepare()
        self._adapter = _LocalWebhookAdapter(self)
        self.bot.http.request = self._rest  # type: ignore[method-assign]
        self.bot.http.get_from_cdn = self._cdn  # type: ignore[method-assign]
        state.user = discord.ClientUser(state=state, data=self.bot_user)  # type: ignore[arg-type]
        handle_error = self.bot.tree.on_error

        async def record_error(interaction: discord.Interaction, error: Exception) -> None:
            self.exchanges.setdefault(interaction.id, Exchange(interaction.id)).error = error
            await handle_error(interaction, error)  # type: ignore[arg-type]

        self.bot.tree.on_error = record_error  # type: ignore[method-assign]
        from_interaction = self.bot.tree._from_interaction

        def keep_interaction(interaction: discord.Interaction) -> None:
            self.exchanges.setdefault(interaction.id, Exchange(interaction.id)).interaction = interaction
            from_interaction(interaction)

        self.bot.tree._from_interaction = keep_interaction  # type: ignore[method-assign]

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
            message = self.messages.get(int(parts[3])) if len(parts) > 3 else None
            if message is None:
                raise discord.NotFound(_FakeResponse(404), {"code": 10008, "message": "Unknown Message"})
            if method == "PATCH":
                return self._edit(message, body).payload
            if method == "DELETE":
                self.messages.pop(message.id, None)
                return None
            return message.payload
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
        self.bot._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
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
        command = self.bot.tree.get_command(path[0])
        for name in path[1:]:
            command = command.get_command(name) if isinstance(command, app_commands.Group) else None
        if not isinstance(command, app_commands.Command):
            raise CommandLineError(f"There is no /{' '.join(path)} command.")
        pairs = [(name, value if isinstance(value, str) else str(value)) for name, value in options.items()]
        data = self._command_data(command, path, pairs, focus_last=False)
        return await self._dispatch(self._interaction(2, data), timeout)

    async def forge(self, path: list[str], options: dict[str, Any], timeout: float = 30.0) -> Exchange:
        """Send these option values exactly as given, as a modified client can: nothing checked or converted."""
        parameters = {p.name: p for p in self._leaf_command(path).parameters}
        nested: list[dict[str, Any]] = [
            {"type": _OPTION_TYPES.get(parameters[name].type, 3) if name in parameters else 3, "name": name, "value": v}
            for name, v in options.items()
        ]
        for name in reversed(path[1:]):
            nested = [{"type": 1, "name": name, "options": nested}]
        data = {"id": str(APPLICATION_ID + 7), "name": path[0], "type": 1, "options": nested}
        return await self._dispatch(self._interaction(2, data), timeout)

    def _leaf_command(self, path: list[str]) -> app_commands.Command:
        command = self.bot.tree.get_command(path[0])
        for name in path[1:]:
            command = command.get_command(name) if isinstance(command, app_commands.Group) else None
        if not isinstance(command, app_commands.Command):
            raise CommandLineError(f"There is no /{' '.join(path)} command.")
        return command

    async def autocomplete(self, line: str, timeout: float = 10.0) -> list[dict[str, Any]]:
        data = self.parse(line, focus_last=True)
        exchange = await self._dispatch(self._interaction(4, data), timeout)
        return exchange.choices or []

    async def click(self, message_id: int, custom_id: str, timeout: float = 30.0) -> Exchange:
        message = self.messages.get(message_id)
        if message is None:
            raise CommandLineError("That message is gone.")
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._dispatch(self._interaction(3, data, message), timeout)

    # parsing "/film info title:Heat" against the command tree -------------------

    def parse(self, line: str, *, focus_last: bool = False) -> dict[str, Any]:
        text = line.strip().removeprefix("/")
        words = text.split()
        if not words:
            raise CommandLineError("Type a command, for example /help or /film list.")
        tree = self.bot.tree
        command: app_commands.Command | app_commands.Group | None = tree.get_command(words[0])
        if command is None:
            raise CommandLineError(f"There is no /{words[0]} command. Type /help to see them all.")
        path = [command.name]
        rest = text[len(words[0]) :].strip()
        while isinstance(command, app_commands.Group):
            sub_name = rest.split()[0] if rest.split() else ""
            sub = command.get_command(sub_name)
            if sub is None:
                names = ", ".join(c.name for c in command.commands)
                raise CommandLineError(f"/{' '.join(path)} needs one of: {names}.")
            command = sub
            path.append(sub.name)
            rest = rest[len(sub_name) :].strip()
        return self._command_data(command, path, self._pairs(command, rest), focus_last=focus_last)

    def _pairs(self, command: app_commands.Command, rest: str) -> list[tuple[str, str]]:
        """Split "title:Heat year:1995" into (name, raw value) pairs by the command's option names."""
        parameters = {p.name: p for p in command.parameters}
        if not rest:
            pairs: list[tuple[str, str]] = []
        else:
            names = "|".join(re.escape(n) for n in sorted(parameters, key=len, reverse=True)) or "(?!)"
            pieces = re.split(rf"(?:^|\s)({names}):", rest)
            if pieces[0].strip():
                hint = " ".join(f"{n}:…" for n in parameters) or "no options"
                raise CommandLineError(
                    f"Options are written name:value ({hint}); I could not read “{pieces[0].strip()}”."
                )
            pairs = [(pieces[i], pieces[i + 1].strip()) for i in range(1, len(pieces), 2)]
        return pairs

    def _command_data(
        self, command: app_commands.Command, path: list[str], pairs: list[tuple[str, str]], *, focus_last: bool
    ) -> dict[str, Any]:
        """The `data` of an APPLICATION_COMMAND interaction, with `resolved` users, roles and files."""
        parameters = {p.name: p for p in command.parameters}
        resolved: dict[str, dict[str, Any]] = {}
        options = []
        for name, raw in pairs:
            parameter = parameters.get(name)
            if parameter is None:
                raise CommandLineError(f"/{command.qualified_name} has no option {name}.")
            value = raw if focus_last and (name, raw) == pairs[-1] else self._value(parameter, raw, resolved)
            options.append({"type": _OPTION_TYPES.get(parameter.type, 3), "name": name, "value": value})
        if focus_last:
            if not options:
                raise CommandLineError("Autocomplete needs an option being typed, for example /film info title:hea")
            options[-1]["focused"] = True
        else:
            self._check_like_discord(command, options)
        nested: list[dict[str, Any]] = options
        for name in reversed(path[1:]):
            nested = [{"type": 1, "name": name, "options": nested}]
        data: dict[str, Any] = {"id": str(APPLICATION_ID + 7), "name": path[0], "type": 1, "options": nested}
        if resolved:
            data["resolved"] = resolved
        return data

    def _check_like_discord(self, command: app_commands.Command, options: list[dict[str, Any]]) -> None:
        """Refuse what Discord's client refuses before sending: missing or out-of-range options."""
        given = {o["name"]: o["value"] for o in options}
        for parameter in command.parameters:
            if parameter.name not in given:
                if parameter.required:
                    raise CommandLineError(f"/{command.qualified_name} needs {parameter.name}:…")
                continue
            value = given[parameter.name]
            measured = len(value) if isinstance(value, str) else value
            what = "characters long" if isinstance(value, str) else ""
            if parameter.min_value is not None and measured < parameter.min_value:
                raise CommandLineError(f"{parameter.name} must be at least {parameter.min_value} {what}".rstrip() + ".")
            if parameter.max_value is not None and measured > parameter.max_value:
                raise CommandLineError(f"{parameter.name} must be at most {parameter.max_value} {what}".rstrip() + ".")
            if parameter.choices and value not in [c.value for c in parameter.choices]:
                names = ", ".join(str(c.value) for c in parameter.choices)
                raise CommandLineError(f"{parameter.name} must be one of: {names}.")

    def _resolve(self, parameter: app_commands.Parameter, raw: str) -> tuple[int, dict[str, Any]]:
        """A user ("me", an id or a mention), a role (an id or a mention) or a file (a path) as Discord resolves it."""
        kind = parameter.type
        if kind is discord.AppCommandOptionType.attachment:
            path = Path(raw).expanduser()
            if not path.is_file():
                raise CommandLineError(f"{parameter.name} must be the path of a file, and “{raw}” is not one.")
            attachment_id = self._next_id()
            url = f"https://cdn.local/attachments/{attachment_id}/{path.name}"
            self._files[url] = path
            size = path.stat().st_size
            return attachment_id, {
                "id": str(attachment_id),
                "filename": path.name,
                "size": size,
                "url": url,
                "proxy_url": url,
            }
        mention = _MENTION.fullmatch(raw)
        text = mention.group(1) if mention else raw
        if kind is discord.AppCommandOptionType.user and text.lower() == "me":
            return USER_ID, self.user
        if not text.isdigit() or not text.isascii():
            what = "me, a user id or a mention" if kind is discord.AppCommandOptionType.user else "a role id or mention"
            raise CommandLineError(f"{parameter.name} must be {what}, got “{raw}”.")
        object_id = int(text)
        if kind is discord.AppCommandOptionType.user:
            if object_id == USER_ID:
                return object_id, self.user
            name = f"user-{object_id}"
            return object_id, {"id": text, "username": name, "global_name": name, "discriminator": "0", "avatar": None}
        role = {"id": text, "name": f"role-{object_id}", "color": 0, "hoist": False, "position": 1}
        role |= {"permissions": "0", "managed": False, "mentionable": False, "flags": 0}
        return object_id, role

    async def _cdn(self, url: str) -> bytes:
        """Attachments of the console are local files; discord.py reads them through here."""
        path = self._files.get(url)
        if path is None:
            raise discord.NotFound(_FakeResponse(404), {"code": 0, "message": "404: Not Found"})
        return await asyncio.to_thread(path.read_bytes)

    def _value(self, parameter: app_commands.Parameter, raw: str, resolved: dict[str, dict[str, Any]]) -> Any:
        raw = _unquote(raw)
        kind = parameter.type
        if kind in _RESOLVED_KINDS:
            object_id, payload = self._resolve(parameter, raw)
            resolved.setdefault(_RESOLVED_KINDS[kind], {})[str(object_id)] = payload
            if kind is discord.AppCommandOptionType.user:
                member = {"roles": [], "joined_at": datetime.now(UTC).isoformat(), "flags": 0, "permissions": "0"}
                resolved.setdefault("members", {})[str(object_id)] = member
            return str(object_id)
        if kind is discord.AppCommandOptionType.integer:
            try:
                return int(raw)
            except ValueError:
                raise CommandLineError(f"{parameter.name} must be a whole number, got “{raw}”.") from None
        if kind is discord.AppCommandOptionType.number:
            try:
                return float(raw)
            except ValueError:
                raise CommandLineError(f"{parameter.name} must be a number, got “{raw}”.") from None
        if kind is discord.AppCommandOptionType.boolean:
            if raw.lower() in ("true", "yes", "1", "on"):
                return True
            if raw.lower() in ("false", "no", "0", "off"):
                return False
            raise CommandLineError(f"{parameter.name} must be true or false, got “{raw}”.")
        return raw


def _unquote(raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        try:
            return shlex.split(raw)[0]
        except ValueError:
            return raw[1:-1]
    return raw


class _FakeResponse:
    """Just enough of an aiohttp response for discord.HTTPException."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "Not Found"
