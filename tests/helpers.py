"""Reading what the bot answered: helpers shared by the tests that drive the
command tree through the local stand-in for Discord (bot/app/host/local_discord.py)."""

from __future__ import annotations

from typing import Any

from bot.app.host.local_discord import EPHEMERAL, Exchange, LocalDiscord


def reply_of(exchange: Exchange) -> dict[str, Any]:
    """The message data of the interaction's first reply (callback type 4)."""
    assert exchange.callback is not None, "the interaction was never answered"
    assert exchange.callback["type"] == 4
    return exchange.callback["data"]


def answer(exchange: Exchange) -> dict[str, Any]:
    """The latest state of the message a command answered with (first reply, or its edit after a button)."""
    assert exchange.messages, "the interaction was never answered"
    return exchange.messages[-1].payload


def text_of(data: dict[str, Any]) -> str:
    """Every visible text of a message: content, embed titles, descriptions, fields, footers."""
    parts = [data.get("content") or ""]
    for embed in data.get("embeds") or []:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def field(data: dict[str, Any], name: str) -> str:
    """The value of the first embed's field called `name` (a trailing ⚠ ignored)."""
    for item in data["embeds"][0].get("fields", []):
        if item["name"].rstrip(" ⚠") == name:
            return item["value"]
    raise AssertionError(f"no field {name!r} in {[f['name'] for f in data['embeds'][0].get('fields', [])]}")


def ephemeral(data: dict[str, Any]) -> bool:
    return bool(int(data.get("flags") or 0) & EPHEMERAL)


def act_as(local: LocalDiscord, user_id: int, name: str) -> None:
    """Make the stand-in's user someone else (another member of the same server)."""
    local.user.update(id=str(user_id), username=name, global_name=name)
