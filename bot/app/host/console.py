"""`filmbot console` and `filmbot ask`: the bot in a terminal, through the local stand-in."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import textwrap
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TextIO

from bot.app.host.client import FilmBot
from bot.app.host.local_discord import (
    EPHEMERAL,
    OWNER_NAME,
    CommandLineError,
    Exchange,
    LocalDiscord,
    LocalMessage,
    ModalField,
    Person,
)
from bot.config import Settings
from bot.store.members import ROLES
from bot.text import plural

_TIMESTAMP = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_UNESCAPE = re.compile(r"\\([\\*_~`|<>\[\]#\-+.])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
WIDTH = 78

BANNER = """filmbot console: the same commands as on Discord, answered locally.
Type a command (/help, /film list), "?" before a command to see
autocomplete suggestions (?/film info title:th), a button's number to click it
(each message numbers its buttons from 1; n and p turn pages), or "quit".
A form (a modal) asks for its fields one line each; /cancel closes it."""


def relative(seconds: float) -> str:
    """A span as Discord's relative timestamps read: "in 19 s", "1 min 44 s ago", "3 h 5 min ago"."""
    whole = round(abs(seconds))
    if whole < 60:
        span = f"{whole} s"
    elif whole < 3600:
        span = f"{whole // 60} min" + (f" {whole % 60} s" if whole % 60 else "")
    elif whole < 86_400:
        span = f"{whole // 3600} h" + (f" {whole % 3600 // 60} min" if whole % 3600 // 60 else "")
    else:
        span = plural(whole // 86_400, "day")
    return f"in {span}" if seconds >= 0 else f"{span} ago"


def _timestamp(match: re.Match[str]) -> str:
    """Discord's <t:unix:style> markup as the terminal can show it."""
    moment = datetime.fromtimestamp(int(match.group(1)))
    if match.group(2) == "R":
        return relative(round(moment.timestamp() - time.time()))
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _mentions(text: str, names: Mapping[int, str]) -> str:
    """Mentions as a Discord client shows them: @name for the members it knows."""
    text = _USER_MENTION.sub(lambda m: "@" + names.get(int(m.group(1)), f"user-{m.group(1)}"), text)
    return _ROLE_MENTION.sub(lambda m: f"@role-{m.group(1)}", text)


def plain(text: str, names: Mapping[int, str] | None = None) -> str:
    """Discord markdown to terminal text: timestamps and mentions as a client shows them,
    bold/italic markers dropped, then the escapes."""
    text = _mentions(_TIMESTAMP.sub(_timestamp, text), names or {})
    # Escaped characters are parked in the private-use area so markers can't eat them.
    parked = _UNESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
    parked = _ITALIC.sub(r"\1", _BOLD.sub(r"\1", parked))
    return re.sub("[\ue000-\ue0ff]", lambda m: chr(ord(m.group(0)) - 0xE000), parked).replace("\u200b", "")


def _wrap(text: str, indent: str = "  ", names: Mapping[int, str] | None = None) -> list[str]:
    lines: list[str] = []
    for line in plain(text, names).splitlines() or [""]:
        lines.extend(textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent])
    return lines


def format_message(
    payload: dict[str, Any],
    buttons: list[tuple[int, dict[str, Any]]] | None = None,
    names: Mapping[int, str] | None = None,
) -> str:
    """A message payload as readable text: embeds as blocks, buttons as numbered choices;
    `names` (user id -> name) shows mentions as a client that knows the members would."""
    out: list[str] = []
    if payload.get("flags", 0) & EPHEMERAL:
        out.append("(only you can see this)")
    if payload.get("content"):
        out.extend(_wrap(payload["content"], "", names))
    for embed in payload.get("embeds") or []:
        if embed.get("title"):
            title = plain(embed["title"], names)
            out += [f"┌ {title}", "│"]
        if embed.get("description"):
            out.extend("│" + line[1:] for line in _wrap(embed["description"], names=names))
        for item in embed.get("fields") or []:
            out.append(f"│ {plain(item['name'], names)}:")
            out.extend("│" + line[1:] for line in _wrap(item["value"], "    ", names))
        if embed.get("footer"):
            out.append("└ " + plain(embed["footer"]["text"], names))
    for number, button in buttons or []:
        mark = f"[{number}]" if number else "[-]"
        out.append(f"  {mark} {button.get('label', '')}")
    return "\n".join(out)


def _is_placeholder(payload: dict[str, Any]) -> bool:
    return not (payload.get("content") or payload.get("embeds") or payload.get("components"))


def _buttons(message: LocalMessage) -> list[dict[str, Any]]:
    return [c for row in message.components for c in row.get("components", []) if c.get("type") == 2]


_FORWARD = "▶"
_BACK = "◀"
_AS = re.compile(r"^/as(?:\s+(?P<rest>.*))?$", re.IGNORECASE)


def identity_line(person: Person) -> str:
    return f"You are {person.introduce()}. Switch with /as NAME [member|moderator]; /as alone lists everyone."


class Console:
    """The interactive loop: reads lines, drives LocalDiscord, prints what comes back.

    Buttons are numbered per message from 1; a typed number clicks a button of
    the latest message that has any, and `n` / `p` its next / previous page.
    """

    def __init__(self, local: LocalDiscord, out: TextIO = sys.stdout) -> None:
        self.local = local
        self.out = out
        self.clickable: dict[int, tuple[int, str]] = {}  # the latest message's buttons by number
        self._paging: dict[str, tuple[int, str]] = {}  # "n" / "p" of the latest message that pages
        self._form: Exchange | None = None  # the modal being filled in, field by field
        self._filled: dict[str, str] = {}

    def _say(self, text: str) -> None:
        print(text + "\n", file=self.out, flush=True)

    def show(self, message: LocalMessage, edited: bool) -> None:
        if _is_placeholder(message.payload):
            return  # a deferred reply ("thinking…"): its content comes with the edit
        numbered: list[tuple[int, dict[str, Any]]] = []
        clickable: dict[int, tuple[int, str]] = {}
        paging: dict[str, tuple[int, str]] = {}
        for button in _buttons(message):
            if button.get("disabled") or not button.get("custom_id"):
                numbered.append((0, button))
                continue
            number = len(clickable) + 1
            clickable[number] = (message.id, button["custom_id"])
            numbered.append((number, button))
            label = str(button.get("label", ""))
            if _FORWARD in label:
                paging["n"] = clickable[number]
            elif _BACK in label:
                paging["p"] = clickable[number]
        if clickable:
            self.clickable = clickable
        elif any(target[0] == message.id for target in self.clickable.values()):
            self.clickable = {}  # its buttons are disabled now (a revealed question): nothing to click
        if clickable or any(target[0] == message.id for target in self._paging.values()):
            self._paging = paging
        header = "(edited)\n" if edited else ""
        names = {person.user_id: person.name for person in self.local.people()}
        self._say(header + format_message(message.payload, numbered, names))

    async def handle(self, line: str) -> bool:
        """Run one line; returns False when the user wants to leave."""
        line = line.strip()
        if self._form is not None:
            await self._fill(line)
            return True
        if not line:
            return True
        if line in ("quit", "exit", "q"):
            return False
        try:
            if line.startswith("?"):
                choices = await self.local.autocomplete(line[1:])
                names = [c["name"] for c in choices] or ["(no suggestions)"]
                self._say("\n".join(f"  {name}" for name in names))
            elif line.lower() in ("n", "p"):
                await self._page(line.lower())
            elif line.lstrip("#").isdigit():
                target = self.clickable.get(int(line.lstrip("#")))
                if target is None:
                    self._say(self._no_button())
                else:
                    self._open(await self.local.click(*target))
            elif switch := _AS.match(line):
                await self._switch(switch.group("rest") or "")
            else:
                self._open(await self.local.command(line))
                if line.split()[0].lower() in ("/help", "help"):
                    self._say(identity_line(self.local.person))
        except CommandLineError as error:
            self._say(str(error))
        return True

    # forms (modals): one prompt per field, then the submission -----------------------

    def _open(self, exchange: Exchange) -> None:
        """A modal answered the click or command: show it, and ask for its first field."""
        if exchange.modal is None or not exchange.form:
            return
        self._form, self._filled = exchange, {}
        title = str(exchange.modal.get("title") or "Form")
        self._say(f"┌ {title}\n└ Type each field and press Enter; /cancel closes the form.")
        self._ask_field()

    def _next_field(self) -> ModalField | None:
        assert self._form is not None
        return next((f for f in self._form.form if f.custom_id not in self._filled), None)

    def _ask_field(self) -> None:
        form_field = self._next_field()
        if form_field is None:
            return
        notes = ["required" if form_field.required else "optional, Enter to leave empty"]
        if form_field.min_length > 1 or form_field.max_length < 4000:
            low, high = max(form_field.min_length, 1 if form_field.required else 0), form_field.max_length
            notes.append(f"{low} to {plural(high, 'character')}")
        if form_field.value:
            notes.append(f"Enter keeps “{form_field.value}”")
        hint = f" · {form_field.placeholder}" if form_field.placeholder else ""  # greyed in Discord's box
        self._say(f"{form_field.label} ({'; '.join(notes)}){hint}:")

    async def _fill(self, line: str) -> None:
        """One line typed while a form is open: the current field's value (or /cancel)."""
        assert self._form is not None
        if line == "/cancel":
            self._form = None
            self._say("Form closed; nothing was sent.")
            return
        form_field = self._next_field()
        assert form_field is not None
        value = line or form_field.value
        problem = form_field.problem(value)
        if problem:
            self._say(problem)
            self._ask_field()
            return
        self._filled[form_field.custom_id] = value
        if self._next_field() is not None:
            self._ask_field()
            return
        opened, values = self._form, self._filled
        self._form = None
        try:
            await self.local.submit(opened, values)
        except CommandLineError as error:
            self._say(str(error))

    def _no_button(self) -> str:
        if not self.clickable:
            return "No message has a button to click now."
        return f"No button has that number: the latest message's buttons are 1 to {max(self.clickable)}."

    async def _page(self, which: str) -> None:
        target = self._paging.get(which)
        if target is None:
            word = "next" if which == "n" else "previous"
            self._say(f"There is no {word} page to go to.")
            return
        await self.local.click(*target)

    async def _switch(self, rest: str) -> None:
        words = rest.split()
        if not words:
            listed = "\n".join(f"  {p.describe()}" for p in self.local.people())
            self._say(f"{identity_line(self.local.person)}\nMembers so far:\n{listed}")
            return
        role = words[-1].lower() if len(words) > 1 and words[-1].lower() in ROLES else None
        name = " ".join(words[:-1] if role else words)
        person = await self.local.act_as(name, role)
        self._say(f"You are now {person.introduce()}.")


async def _open_local(settings: Settings, as_name: str | None, role: str | None) -> LocalDiscord:
    local = LocalDiscord(FilmBot(settings))
    await local.start()
    if as_name is not None or role is not None:
        try:
            await local.act_as(as_name or OWNER_NAME, role)
        except CommandLineError:
            await local.close()
            raise
    return local


async def run_console(
    settings: Settings, lines: TextIO = sys.stdin, *, as_name: str | None = None, role: str | None = None
) -> int:
    try:
        local = await _open_local(settings, as_name, role)
    except CommandLineError as error:
        print(error, file=sys.stderr)
        return 2
    console = Console(local)
    local.on_message = console.show
    print(BANNER + "\n" + identity_line(local.person) + "\n", flush=True)
    loop = asyncio.get_running_loop()
    try:
        while True:
            print("> ", end="", flush=True)
            line = await loop.run_in_executor(None, lines.readline)
            if not line:
                break
            if not await console.handle(line):
                break
    finally:
        await local.close()
    return 0


def _final_messages(exchange: Exchange) -> list[dict[str, Any]]:
    return [m.payload for m in exchange.messages]


def form_values(exchange: Exchange, given: list[str]) -> dict[str, str]:
    """`--field NAME=VALUE` answers as the modal's values: NAME is a field's label or custom id
    (any case); a field not given keeps what it was pre-filled with."""
    fields = exchange.form
    values: dict[str, str] = {}
    for item in given:
        name, equals, value = item.partition("=")
        if not equals:
            raise CommandLineError(f"A form answer is written --field NAME=VALUE, not “{item}”.")
        wanted = name.strip().casefold()
        match = next((f for f in fields if wanted in (f.custom_id.casefold(), f.label.casefold())), None)
        if match is None:
            labels = ", ".join(f.label for f in fields)
            raise CommandLineError(f"The form has no field “{name.strip()}”; its fields are {labels}.")
        values[match.custom_id] = value
    return values


def describe_form(exchange: Exchange) -> str:
    """The modal as text, for `filmbot ask` to say what it asks."""
    title = str((exchange.modal or {}).get("title") or "Form")
    rows = [f"  {f.label} ({'required' if f.required else 'optional'}, up to {f.max_length})" for f in exchange.form]
    return "\n".join([f"The bot opens a form: {title}", *rows])


async def run_ask(
    settings: Settings,
    line: str,
    *,
    as_json: bool,
    complete: bool = False,
    as_name: str | None = None,
    role: str | None = None,
    fields: list[str] | None = None,
) -> int:
    """One command, its answer printed. Exit 0 when answered, 1 when the command failed
    (an error reply, a refused check or a crash: the reply users would see is printed),
    gave no answer, or (with `complete`) had nothing to suggest, 2 when the line does
    not fit the command tree. `as_name` / `role` act as a console member (kept in the
    database). A command that opens a form (a modal) is answered with `fields`
    ("NAME=VALUE" each, NAME a field's label or id) and the submission's reply is printed;
    without them the form is described and the exit is 1."""
    try:
        local = await _open_local(settings, as_name, role)
    except CommandLineError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        try:
            if complete:
                choices = await local.autocomplete(line)
                if as_json:
                    print(json.dumps(choices, indent=2, ensure_ascii=False))
                else:
                    print("\n".join(c["name"] for c in choices))
                if not choices:
                    print("No suggestions for that.", file=sys.stderr)
                    return 1
                return 0
            exchange = await local.command(line)
            if exchange.modal is not None:
                if not fields:
                    print(describe_form(exchange))
                    print("Answer the form with --field NAME=VALUE, once per field.", file=sys.stderr)
                    return 1
                if as_json:
                    print(json.dumps(exchange.callback, indent=2, ensure_ascii=False))
                exchange = await local.submit(exchange, form_values(exchange, fields))
            elif fields:
                print("The command opened no form, so --field has nothing to fill in.", file=sys.stderr)
                return 2
        except CommandLineError as error:
            print(error, file=sys.stderr)
            return 2
        if as_json:
            print(json.dumps(exchange.callback, indent=2, ensure_ascii=False))
            for message in exchange.messages[1:]:
                print(json.dumps(message.payload, indent=2, ensure_ascii=False))
        else:
            for message in exchange.messages:
                if _is_placeholder(message.payload):
                    continue
                numbered = [(i + 1, b) for i, b in enumerate(_buttons(message))]
                print(format_message(message.payload, numbered, {p.user_id: p.name for p in local.people()}))
        if exchange.callback is None and not exchange.messages:
            print("The command gave no answer.", file=sys.stderr)
            return 1
        return 1 if exchange.failed else 0
    finally:
        await local.close()
