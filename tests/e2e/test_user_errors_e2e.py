"""The real bot process: a UserError from a film option, a command and a form reaches the
user privately, the user's own text escaped (bot.errors, bot.render.errors.user_error)."""

from __future__ import annotations

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.process import BotProcess

NASTY = "@everyone **loud** \u202e<@123>"


def assert_escaped(content: str) -> None:
    assert "@everyone" not in content and "<@123>" not in content, content
    assert "**loud**" not in content and "\\*\\*loud\\*\\*" in content, content
    assert "\u202e" not in content, content


async def test_a_film_option_naming_nothing_is_refused_privately_and_escaped(
    fake: FakeDiscord, bot: BotProcess
) -> None:
    reply = await fake.command("review add", film=NASTY, rating=5, text="qwxz never saved")
    assert reply.ephemeral
    assert "I don't know a film called" in reply.content
    assert_escaped(reply.content)
    shown = await fake.command("review show", film="Ballerina")
    assert "qwxz" not in shown.text  # nothing was saved


async def test_a_refusal_inside_a_command_is_private(fake: FakeDiscord, bot: BotProcess) -> None:
    reply = await fake.command("trivia stop")
    assert reply.ephemeral and "There is no trivia game running in this channel." in reply.content


async def test_a_form_refused_by_the_service_is_answered_privately_and_escaped(
    fake: FakeDiscord, bot: BotProcess
) -> None:
    opened = await fake.send_command("admin question add", {"pack": "Escapes"}, user=fake.moderator)
    assert (await opened.wait_callback())["type"] == 9
    values = {"question": "Which year?", "answer": "1999", "wrong": NASTY + " " + "x" * 120}
    refused = await (await fake.submit_modal(opened, values)).reply()
    assert refused.ephemeral and "is too long" in refused.content, refused.content
    assert_escaped(refused.content)
