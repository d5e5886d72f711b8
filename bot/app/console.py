"""`filmbot console` and `filmbot ask`: the bot in a terminal, through the local stand-in."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import textwrap
import time
from datetime import datetime
from typing import Any, TextIO

from bot.app.client import FilmBot
from bot.app.local import EPHEMERAL, CommandLineError, Exchange, LocalDiscord, LocalMessage
from bot.config import Settings

_TIMESTAMP = re.compile(r"<t:(-?\d+)(?::([tTdDfFR]))?>")
_UNESCAPE = re.compile(r"\\([\\*_~`|<>\[\]#\-+.])")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
WIDTH = 78

BANNER = """filmbot console: the same commands as on Discord, answered locally.
Type a command (/help, /film list), "?" before a command to see
autocomplete suggestions (?/film info title:th), a button's number to click it,
or "quit"."""


def _timestamp(match: re.Match[str]) -> str:
    """Discord's <t:unix:style> markup as the terminal can show it."""
    moment = datetime.fromtimestamp(int(match.group(1)))
    if match.group(2) == "R":
        seconds = round(moment.timestamp() - time.time())
        return f"in {seconds} s" if seconds >= 0 else f"{-seconds} s ago"
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def plain(text: str) -> str:
    """Discord markdown to terminal text: drop bold/italic markers, then the escapes."""
    text = _TIMESTAMP.sub(_timestamp, text)
    # Escaped characters are parked in the private-use area so markers can't eat them.
    parked = _UNESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), text)
    parked = _ITALIC.sub(r"\1", _BOLD.sub(r"\1", parked))
    return re.sub("[\ue000-\ue0ff]", lambda m: chr(ord(m.group(0)) - 0xE000), parked).replace("\u200b", "")


def _wrap(text: str, indent: str = "  ") -> list[str]:
    lines: list[str] = []
    for line in plain(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [indent])
    return lines


def format_message(payload: dict[str, Any], buttons: list[tuple[int, dict[str, Any]]] | None = None) -> str:
    """A message payload as readable text: embeds as blocks, buttons as numbered choices."""
    out: list[str] = []
    if payload.get("flags", 0) & EPHEMERAL:
        out.append("(only you can see this)")
    if payload.get("content"):
        out.extend(_wrap(payload["content"], ""))
    for embed in payload.get("embeds") or []:
        if embed.get("title"):
            title = plain(embed["title"])
            out += [f"┌ {title}", "│"]
        if embed.get("description"):
            out.extend("│" + line[1:] for line in _wrap(embed["description"]))
        for item in embed.get("fields") or []:
            out.append(f"│ {plain(item['name'])}:")
            out.extend("│" + line[1:] for line in _wrap(item["value"], "    "))
        if embed.get("footer"):
            out.append("└ " + plain(embed["footer"]["text"]))
    for number, button in buttons or []:
        mark = f"[{number}]" if number else "[-]"
        out.append(f"  {mark} {button.get('label', '')}")
    return "\n".join(out)


def _is_placeholder(payload: dict[str, Any]) -> bool:
    return not (payload.get("content") or payload.get("embeds") or payload.get("components"))


def _buttons(message: LocalMessage) -> list[dict[str, Any]]:
    return [c for row in message.components for c in row.get("components", []) if c.get("type") == 2]


class Console:
    """The interactive loop: reads lines, drives LocalDiscord, prints what comes back."""

    def __init__(self, local: LocalDiscord, out: TextIO = sys.stdout) -> None:
        self.local = local
        self.out = out
        self.clickable: dict[int, tuple[int, str]] = {}
        self._numbers: dict[tuple[int, str], int] = {}
        self._next_number = 1

    def show(self, message: LocalMessage, edited: bool) -> None:
        if _is_placeholder(message.payload):
            return  # a deferred reply ("thinking…"): its content comes with the edit
        numbered = []
        for button in _buttons(message):
            if button.get("disabled") or not button.get("custom_id"):
                numbered.append((0, button))
                continue
            target = (message.id, button["custom_id"])
            number = self._numbers.get(target)
            if number is None:  # an edited message keeps its buttons' numbers
                number = self._numbers[target] = self._next_number
                self._next_number += 1
                self.clickable[number] = target
            numbered.append((number, button))
        header = "(edited)\n" if edited else ""
        print(header + format_message(message.payload, numbered) + "\n", file=self.out, flush=True)

    async def handle(self, line: str) -> bool:
        """Run one line; returns False when the user wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line in ("quit", "exit", "q"):
            return False
        try:
            if line.startswith("?"):
                choices = await self.local.autocomplete(line[1:])
                names = [c["name"] for c in choices] or ["(no suggestions)"]
                print("\n".join(f"  {name}" for name in names) + "\n", file=self.out, flush=True)
            elif line.lstrip("#").isdigit():
                target = self.clickable.get(int(line.lstrip("#")))
                if target is None:
                    print("No button has that number.\n", file=self.out, flush=True)
                else:
                    await self.local.click(*target)
            else:
                await self.local.command(line)
        except CommandLineError as error:
            print(f"{error}\n", file=self.out, flush=True)
        return True


async def run_console(settings: Settings, lines: TextIO = sys.stdin) -> int:
    local = LocalDiscord(FilmBot(settings))
    await local.start()
    console = Console(local)
    local.on_message = console.show
    print(BANNER + "\n", flush=True)
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


async def run_ask(settings: Settings, line: str, *, as_json: bool, complete: bool = False) -> int:
    """One command, its answer printed. Exit 0 when answered, 1 when the command failed
    (an error reply, a refused check or a crash: the reply users would see is printed)
    or gave no answer, 2 when the line does not fit the command tree."""
    local = LocalDiscord(FilmBot(settings))
    await local.start()
    try:
        try:
            if complete:
                choices = await local.autocomplete(line)
                if as_json:
                    print(json.dumps(choices, indent=2, ensure_ascii=False))
                else:
                    print("\n".join(c["name"] for c in choices))
                return 0
            exchange = await local.command(line)
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
                print(format_message(message.payload, [(i + 1, b) for i, b in enumerate(_buttons(message))]))
        if exchange.callback is None and not exchange.messages:
            print("The command gave no answer.", file=sys.stderr)
            return 1
        return 1 if exchange.failed else 0
    finally:
        await local.close()
