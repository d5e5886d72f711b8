"""Bidirectional controls typed by a user never reach what the bot echoes back."""

from __future__ import annotations

import pytest

from bot.app.host.local_discord import CommandLineError, LocalDiscord
from bot.render.payload import escape
from bot.text import strip_bidi
from tests.helpers import reply_of, text_of

CONTROLS = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_every_bidi_control_is_stripped_and_other_text_kept() -> None:
    assert strip_bidi(f"a{CONTROLS}b") == "ab"
    assert strip_bidi("שלום עולם · مرحبا") == "שלום עולם · مرحبا"  # right-to-left text itself stays
    assert escape("\u202eeminA *x*") == "eminA \\*x\\*"


@pytest.mark.parametrize(
    "line",
    [
        "/cast person name:\u202eeminA",
        "/film info title:\u2067Nope\u2069 \u202eFilm",
        '/film search query:"\u202ezzqx"',
        "/trivia start pack:\u202eno-such-pack",
        "/quote random film:\u202eunknown",
    ],
)
async def test_no_reply_echoes_a_bidi_control(seed_bot: LocalDiscord, line: str) -> None:
    data = reply_of(await seed_bot.command(line))
    shown = text_of(data)
    assert shown.strip()
    assert not any(control in shown for control in CONTROLS), shown


async def test_console_errors_do_not_echo_them_either(seed_bot: LocalDiscord) -> None:
    with pytest.raises(CommandLineError) as caught:
        await seed_bot.command("/trivia start rounds:\u202e3")
    assert "\u202e" not in str(caught.value) and "“3”" in str(caught.value)
    person = await seed_bot.act_as("\u202eeve")
    assert person.name == "eve"
