"""The local stand-in for Discord: options resolved as Discord resolves them,
errors recorded, and the same refusals Discord's client makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import discord
import pytest

from bot.app.host.client import FilmBot
from bot.app.host.local_discord import USER_ID, CommandLineError, LocalDiscord
from bot.config import Settings
from tests.helpers import reply_of, text_of


def test_user_role_and_file_options_are_resolved(seed_bot: LocalDiscord, tmp_path: Path) -> None:
    stats = seed_bot.bot.tree.get_command("trivia").get_command("stats")  # type: ignore[union-attr]
    me = seed_bot.command_line.command_data(stats, ["trivia", "stats"], [("user", "me")], focus_last=False)
    assert me["resolved"]["users"][str(USER_ID)]["username"] == "you"
    other = seed_bot.command_line.command_data(stats, ["trivia", "stats"], [("user", "<@!42>")], focus_last=False)
    assert "42" in other["resolved"]["users"] and "42" in other["resolved"]["members"]
    with pytest.raises(CommandLineError, match="user must be me"):
        seed_bot.command_line.command_data(stats, ["trivia", "stats"], [("user", "bob")], focus_last=False)

    pack = tmp_path / "mine.yaml"
    pack.write_text("name: Mine\nquestions: []\n")
    upload = seed_bot.bot.tree.get_command("admin").get_command("pack").get_command("upload")  # type: ignore[union-attr]
    data = seed_bot.command_line.command_data(
        upload, ["admin", "pack", "upload"], [("attachment", str(pack))], focus_last=False
    )
    (attachment,) = data["resolved"]["attachments"].values()
    assert attachment["filename"] == "mine.yaml" and attachment["size"] == pack.stat().st_size
    with pytest.raises(CommandLineError, match="path of a file"):
        seed_bot.command_line.command_data(
            upload, ["admin", "pack", "upload"], [("attachment", "/no/such")], focus_last=False
        )


async def test_an_uploaded_file_reaches_the_bot(seed_bot: LocalDiscord, tmp_path: Path) -> None:
    pack = tmp_path / "quiz.yaml"
    pack.write_text(
        'name: Quiz night\nquestions:\n  - prompt: Which year came first?\n    answer: "1901"\n'
        '    choices: ["1901", "1950", "1999", "2020"]\n'
    )
    await seed_bot.command(f"/admin pack upload attachment:{pack}")
    text = text_of(reply_of(await seed_bot.command("/trivia packs")))
    assert "Quiz night" in text


async def test_a_refused_check_is_recorded_as_the_exchange_error(make_settings: Callable[..., Settings]) -> None:
    member = discord.Permissions(view_channel=True, send_messages=True, use_application_commands=True)
    local = LocalDiscord(FilmBot(make_settings()), permissions=member.value)
    await local.start()
    try:
        exchange = await local.command("/admin status")
    finally:
        await local.close()
    assert exchange.error is not None
    assert reply_of(exchange)["flags"] & 64


async def test_an_answered_command_has_no_error(seed_bot: LocalDiscord) -> None:
    exchange = await seed_bot.command("/film list")
    assert exchange.error is None
