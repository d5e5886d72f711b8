"""Reading what is typed into `filmbot console` and `filmbot ask`: "/film info title:Heat"
checked against the command tree and turned into the `data` of the interaction Discord
would send, refused (a `CommandLineError`) where Discord's client would not send it.

The people an option can name, and the files it can attach, come from the local
stand-in (`bot.app.host.local_discord`), which puts the interaction on its wire. What
an option takes is said in the words of the bot's own option check
(`bot.app.toolkit.option_check.expected`), so the console and the bot never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import discord
from discord import app_commands
from rapidfuzz.distance import OSA

from bot.app.toolkit.option_check import expected
from bot.store import members as local_members
from bot.text import fold, strip_bidi

APPLICATION_ID = 100_000_000_000_000_001
USER_ID = 100_000_000_000_000_004
OWNER_NAME = "you"
OWNER = "owner"
# What @everyone may do on a new server, and a moderator: that plus Manage Server.
MEMBER_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    use_application_commands=True,
)
MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | discord.Permissions(manage_guild=True)

OPTION_TYPES = {
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
_OPTION_START = re.compile(r"([A-Za-z_][\w-]*):")
_OPTION_INSIDE = re.compile(r"(?:^|(?<=\s))([A-Za-z_][\w-]*):")
_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’"}


class CommandLineError(ValueError):
    """The typed command does not fit the command tree; the message says why (and echoes
    what was typed without bidirectional controls, which would reorder the message)."""

    def __init__(self, message: str) -> None:
        super().__init__(strip_bidi(message))


@dataclass(frozen=True, slots=True)
class Person:
    """Who the console acts as: a name, an id, and owner / moderator / member."""

    name: str
    user_id: int
    role: str

    @property
    def what(self) -> str:
        return {OWNER: "the server owner", local_members.MODERATOR: "a moderator"}.get(self.role, "a member")

    def describe(self) -> str:
        """ "alice (a member)", as a list of people shows them."""
        return f"{self.name} ({self.what})"

    def introduce(self) -> str:
        """ "“alice”, a member", as a sentence says who you are."""
        return f"“{self.name}”, {self.what}"


def user_payload(user_id: int, name: str) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "global_name": name, "discriminator": "0", "avatar": None}


def permissions_of(role: str) -> int:
    if role == OWNER:
        return discord.Permissions.all().value
    return (MODERATOR_PERMISSIONS if role == local_members.MODERATOR else MEMBER_PERMISSIONS).value


class Directory(Protocol):
    """What the command line asks the stand-in: who is typing, who else can be named, and
    how a local file becomes an attachment."""

    user: dict[str, Any]

    def people(self) -> list[Person]: ...

    def member_named(self, name: str) -> Person | None: ...

    def attach(self, path: Path) -> tuple[int, dict[str, Any]]: ...


class CommandLine:
    """Typed commands read against one command tree, for the people of one directory."""

    def __init__(self, tree: app_commands.CommandTree[Any], members: Directory) -> None:
        self.tree = tree
        self.members = members

    def leaf_command(self, path: list[str]) -> app_commands.Command:
        command = self.tree.get_command(path[0])
        for name in path[1:]:
            command = command.get_command(name) if isinstance(command, app_commands.Group) else None
        if not isinstance(command, app_commands.Command):
            raise CommandLineError(f"There is no /{' '.join(path)} command.")
        return command

    def focused(self, data: dict[str, Any]) -> tuple[app_commands.Command, app_commands.Parameter]:
        command: Any = self.tree.get_command(data["name"])
        options = data["options"]
        while options and options[0].get("type") == 1:
            command = command.get_command(options[0]["name"])
            options = options[0]["options"]
        focused = next(o for o in options if o.get("focused"))
        return command, next(p for p in command.parameters if p.name == focused["name"])

    def client_side_choices(
        self, command: app_commands.Command, parameter: app_commands.Parameter, typed: str
    ) -> list[dict[str, Any]]:
        kind = parameter.type
        if parameter.choices:
            options = [{"name": c.name, "value": c.value} for c in parameter.choices]
        elif kind is discord.AppCommandOptionType.boolean:
            options = [{"name": "true", "value": True}, {"name": "false", "value": False}]
        elif kind is discord.AppCommandOptionType.user:
            options = [{"name": p.name, "value": str(p.user_id)} for p in self.members.people()]
        else:
            raise CommandLineError(f"Nothing to suggest for {parameter.name}: {expected(parameter)}")
        wanted = fold(typed)
        return [o for o in options if wanted in fold(str(o["name"]))]

    # parsing "/film info title:Heat" against the command tree -------------------

    def parse(self, line: str, *, focus_last: bool = False) -> dict[str, Any]:
        text = line.strip().removeprefix("/")
        words = text.split()
        if not words:
            raise CommandLineError("Type a command, for example /help or /film list.")
        tree = self.tree
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
        return self.command_data(command, path, self.pairs(command, rest, typing=focus_last), focus_last=focus_last)

    def pairs(self, command: app_commands.Command, rest: str, *, typing: bool = False) -> list[tuple[str, str]]:
        """Split "title:Heat year:1995" into (name, value) pairs by the command's option names.

        A quoted value ("…" or '…' or “…”) is one value, whatever it holds; an
        unquoted one runs to the next `known_option:`. A name that is not an option
        (a typo) is refused with the command's real options. While `typing` (autocomplete),
        the last value may still lack its closing quote.
        """
        parameters = [p.name for p in command.parameters]
        pairs: list[tuple[str, str]] = []
        position = 0
        while True:
            while position < len(rest) and rest[position].isspace():
                position += 1
            if position >= len(rest):
                return pairs
            name_match = _OPTION_START.match(rest, position)
            if name_match is None or name_match.group(1) not in parameters:
                raise self.not_an_option(command, rest[position:], name_match)
            name = name_match.group(1)
            if typing:  # the option typed last is the one being completed
                pairs = [(given, value) for given, value in pairs if given != name]
            elif any(given == name for given, _ in pairs):
                before = pairs[-1][0]
                raise CommandLineError(
                    f'{name} is given twice. To write “{name}:” inside {before}, quote the value: {before}:"…".'
                )
            quoted = rest[name_match.end() : name_match.end() + 1] in _QUOTES
            value, position = _read_value(rest, name_match.end(), parameters, typing=typing)
            if not typing and not quoted:
                self.check_misspelt_inside(command, value)
            pairs.append((name, value))

    def not_an_option(self, command: app_commands.Command, text: str, found: re.Match[str] | None) -> CommandLineError:
        names = [p.name for p in command.parameters]
        listed = ", ".join(names) or "none"
        if found is not None:
            return CommandLineError(
                f"{found.group(1)} is not an option of /{command.qualified_name}; its options are {listed}."
            )
        hint = " ".join(f"{n}:…" for n in names) or "no options"
        return CommandLineError(f"Options are written name:value ({hint}); I could not read “{text.strip()}”.")

    def check_misspelt_inside(self, command: app_commands.Command, value: str) -> None:
        """`rounds:3 flim:heat`: a word ending in ":" inside an unquoted value that is
        nearly an option name is a typo of it, not text."""
        names = [p.name for p in command.parameters]
        for word in _OPTION_INSIDE.findall(value):
            if word not in names and any(_nearly(word, name) for name in names):
                raise CommandLineError(
                    f"{word} is not an option of /{command.qualified_name}; its options are {', '.join(names)}. "
                    "(Quote a value that holds a “name:” of its own.)"
                )

    def command_data(
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
            value = raw if focus_last and (name, raw) == pairs[-1] else self.value(parameter, raw, resolved)
            options.append({"type": OPTION_TYPES.get(parameter.type, 3), "name": name, "value": value})
        if focus_last:
            if not options:
                raise CommandLineError("Autocomplete needs an option being typed, for example /film info title:hea")
            options[-1]["focused"] = True
        else:
            self.check_like_discord(command, options)
        nested: list[dict[str, Any]] = options
        for name in reversed(path[1:]):
            nested = [{"type": 1, "name": name, "options": nested}]
        data: dict[str, Any] = {"id": str(APPLICATION_ID + 7), "name": path[0], "type": 1, "options": nested}
        if resolved:
            data["resolved"] = resolved
        return data

    def check_like_discord(self, command: app_commands.Command, options: list[dict[str, Any]]) -> None:
        """Refuse what Discord's client refuses before sending: missing or out-of-range options."""
        given = {o["name"]: o["value"] for o in options}
        for parameter in command.parameters:
            if parameter.name not in given:
                if parameter.required:
                    raise CommandLineError(f"/{command.qualified_name} needs {parameter.name}:…")
                continue
            value = given[parameter.name]
            measured = len(value) if isinstance(value, str) else value
            too_low = parameter.min_value is not None and measured < parameter.min_value
            too_high = parameter.max_value is not None and measured > parameter.max_value
            not_a_choice = bool(parameter.choices) and value not in [c.value for c in parameter.choices]
            if too_low or too_high or not_a_choice:
                raise CommandLineError(expected(parameter))  # the bot's own words for the option

    def resolve(self, parameter: app_commands.Parameter, raw: str) -> tuple[int, dict[str, Any]]:
        """A user ("me", an id or a mention), a role (an id or a mention) or a file (a path) as Discord resolves it."""
        kind = parameter.type
        if kind is discord.AppCommandOptionType.attachment:
            path = Path(raw).expanduser()
            if not path.is_file():
                raise CommandLineError(f"{parameter.name} must be the path of a file, and “{raw}” is not one.")
            return self.members.attach(path)
        mention = _MENTION.fullmatch(raw)
        text = mention.group(1) if mention else raw
        if kind is discord.AppCommandOptionType.user:
            return self.resolve_user(parameter.name, text, raw)
        if not text.isdigit() or not text.isascii():
            raise CommandLineError(f"{parameter.name} must be a role id or mention, got “{raw}”.")
        object_id = int(text)
        role = {"id": text, "name": f"role-{object_id}", "color": 0, "hoist": False, "position": 1}
        role |= {"permissions": "0", "managed": False, "mentionable": False, "flags": 0}
        return object_id, role

    def resolve_user(self, option: str, text: str, raw: str) -> tuple[int, dict[str, Any]]:
        """ "me", a console member's name, or an id (a mention's digits)."""
        if text.lower() == "me":
            return int(self.members.user["id"]), self.members.user
        named = self.members.member_named(text)
        if named is None and text.isascii() and text.isdigit():
            named = next((p for p in self.members.people() if p.user_id == int(text)), None)
            if named is None:
                return int(text), user_payload(int(text), f"user-{text}")
        if named is None:
            names = ", ".join(p.name for p in self.members.people())
            raise CommandLineError(
                f"{option} must be me, a member's name ({names}), an id or a mention; nobody is called “{raw}”. "
                "/as NAME brings in someone new."
            )
        return named.user_id, user_payload(named.user_id, named.name)

    def value(self, parameter: app_commands.Parameter, raw: str, resolved: dict[str, dict[str, Any]]) -> Any:
        kind = parameter.type
        if kind in _RESOLVED_KINDS:
            object_id, payload = self.resolve(parameter, raw)
            resolved.setdefault(_RESOLVED_KINDS[kind], {})[str(object_id)] = payload
            if kind is discord.AppCommandOptionType.user:
                known = next((p for p in self.members.people() if p.user_id == object_id), None)
                permissions = str(permissions_of(known.role)) if known else "0"
                member = {"roles": [], "joined_at": datetime.now(UTC).isoformat(), "flags": 0}
                member["permissions"] = permissions
                resolved.setdefault("members", {})[str(object_id)] = member
            return str(object_id)
        if kind is discord.AppCommandOptionType.integer:
            try:
                return int(raw)
            except ValueError:
                raise CommandLineError(f"{expected(parameter)} You typed “{raw}”.") from None
        if kind is discord.AppCommandOptionType.number:
            try:
                return float(raw)
            except ValueError:
                raise CommandLineError(f"{expected(parameter)} You typed “{raw}”.") from None
        if kind is discord.AppCommandOptionType.boolean:
            if raw.lower() in ("true", "yes", "1", "on"):
                return True
            if raw.lower() in ("false", "no", "0", "off"):
                return False
            raise CommandLineError(f"{expected(parameter)} You typed “{raw}”.")
        return raw


def _nearly(word: str, name: str) -> bool:
    """A typo of an option name: one edit (a swap counts as one) in a short name, two in a longer one."""
    return OSA.distance(word.lower(), name) <= (1 if len(name) <= 5 else 2)


def focused_value(data: dict[str, Any]) -> str:
    options = data["options"]
    while options and options[0].get("type") == 1:
        options = options[0]["options"]
    return str(next(o for o in options if o.get("focused"))["value"])


def _read_value(text: str, start: int, names: list[str], *, typing: bool = False) -> tuple[str, int]:
    """The value that begins at `start`, and where reading goes on.

    Quoted: up to the closing quote (a backslash escapes one), which must end
    the value. Unquoted: up to the next known option name followed by ":".
    """
    close = _QUOTES.get(text[start : start + 1])
    if close is not None:
        out: list[str] = []
        position = start + 1
        while position < len(text):
            char = text[position]
            if char == "\\" and position + 1 < len(text):
                out.append(text[position + 1])
                position += 2
                continue
            if char == close:
                after = position + 1
                if after < len(text) and not text[after].isspace():
                    raise CommandLineError(f"Put a space after the closing quote {close}, before the next option.")
                return "".join(out), after
            out.append(char)
            position += 1
        if typing:
            return "".join(out), position
        raise CommandLineError(f"A quote is not closed: add {close} at the end of the value.")
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) or "(?!)"
    following = re.compile(rf"\s({alternatives}):").search(text, start)
    end = following.start() if following else len(text)
    return text[start:end].strip(), end
