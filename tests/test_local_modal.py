"""Modals through the local stand-in: a command or a button answered with a form (callback
type 9) is filled in and sent back as Discord sends it (a MODAL_SUBMIT interaction, type 5),
so the bot's real discord.py modal handling runs; the console asks for each field in turn
and `filmbot ask --field` answers one."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.app.host import console as console_module
from bot.app.host.console import Console, describe_form, form_values, run_ask
from bot.app.host.local_discord import CommandLineError, LocalDiscord
from bot.config import Settings
from tests.helpers import ephemeral


class _Suggestion(discord.ui.Modal, title="Suggest a film"):
    """A two-field form: a required title, an optional note; the reply echoes what arrived."""

    film = discord.ui.TextInput(label="Film title", max_length=40)
    note = discord.ui.TextInput(label="Why", required=False, style=discord.TextStyle.paragraph)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        where = interaction.message.id if interaction.message else None
        await interaction.response.send_message(
            f"got film={self.film.value!r} note={self.note.value!r} message={where}", ephemeral=True
        )


class _Opener(discord.ui.View):
    @discord.ui.button(label="Suggest", custom_id="test:suggest")
    async def suggest(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await interaction.response.send_modal(_Suggestion())


def _add_test_commands(local: LocalDiscord) -> None:
    """Commands that only these tests have: one opens the form, one posts a button that does."""

    @app_commands.command(name="suggest", description="open the form")
    async def suggest(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(_Suggestion())

    @app_commands.command(name="opener", description="a button that opens the form")
    async def opener(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("press it", view=_Opener())

    local.bot.tree.add_command(suggest)
    local.bot.tree.add_command(opener)


@pytest.fixture
def with_form(seed_bot: LocalDiscord) -> LocalDiscord:
    _add_test_commands(seed_bot)
    return seed_bot


async def test_a_command_answered_with_a_modal_is_submitted_like_discord(with_form: LocalDiscord) -> None:
    opened = await with_form.command("/suggest")
    assert opened.callback is not None and opened.callback["type"] == 9
    assert [(f.label, f.required, f.max_length, f.paragraph) for f in opened.form] == [
        ("Film title", True, 40, False),
        ("Why", False, 4000, True),
    ]
    ids = [f.custom_id for f in opened.form]
    sent = await with_form.submit(opened, {ids[0]: "Heat", ids[1]: "the bank scene"})
    reply = sent.callback["data"]  # type: ignore[index]
    assert "film='Heat' note='the bank scene' message=None" in reply["content"]
    assert ephemeral(reply)


async def test_a_button_opens_the_modal_and_the_submission_carries_its_message(with_form: LocalDiscord) -> None:
    posted = await with_form.command("/opener")
    message = posted.messages[0]
    opened = await with_form.click(message.id, "test:suggest")
    assert opened.modal is not None
    sent = await with_form.submit(opened, {opened.form[0].custom_id: "Heat"})
    assert f"note='' message={message.id}" in sent.callback["data"]["content"]  # type: ignore[index]


async def test_what_discords_client_refuses_is_refused_unless_forged(with_form: LocalDiscord) -> None:
    opened = await with_form.command("/suggest")
    film = opened.form[0].custom_id
    with pytest.raises(CommandLineError, match="Film title is required"):
        await with_form.submit(opened, {})
    with pytest.raises(CommandLineError, match="at most 40 characters"):
        await with_form.submit(opened, {film: "x" * 41})
    with pytest.raises(CommandLineError, match="no field nope"):
        await with_form.submit(opened, {"nope": "x"})
    forged = await with_form.submit(opened, {film: "x" * 41}, check=False)
    assert "x" * 41 in forged.callback["data"]["content"]  # type: ignore[index]
    with pytest.raises(CommandLineError, match="no form"):
        await with_form.submit(await with_form.command("/help"), {})


async def test_the_console_asks_each_field_then_submits(with_form: LocalDiscord) -> None:
    out = io.StringIO()
    console = Console(with_form, out)
    with_form.on_message = console.show
    await console.handle("/suggest")
    assert "┌ Suggest a film" in out.getvalue() and "Film title (required; 1 to 40 characters):" in out.getvalue()
    await console.handle("")  # required: asked again
    assert "Film title is required." in out.getvalue()
    await console.handle("Heat")
    assert "Why (optional, Enter to leave empty):" in out.getvalue()
    await console.handle("quit")  # inside a form, any line is a value
    assert "film='Heat' note='quit'" in out.getvalue()
    assert "(only you can see this)" in out.getvalue()

    await console.handle("/suggest")
    await console.handle("/cancel")
    assert "Form closed; nothing was sent." in out.getvalue()
    before = len(with_form.exchanges)
    await console.handle("/help")  # a command again, not a field
    assert len(with_form.exchanges) == before + 1


async def test_ask_fields_are_matched_by_label_or_id(with_form: LocalDiscord) -> None:
    opened = await with_form.command("/suggest")
    film, note = (f.custom_id for f in opened.form)
    assert form_values(opened, ["film title=Heat", f"{note}=a=b"]) == {film: "Heat", note: "a=b"}
    with pytest.raises(CommandLineError, match="its fields are Film title, Why"):
        form_values(opened, ["year=1995"])
    with pytest.raises(CommandLineError, match="--field NAME=VALUE"):
        form_values(opened, ["Heat"])
    assert "Film title (required, up to 40)" in describe_form(opened)


async def test_filmbot_ask_answers_a_form(
    make_settings: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened_locals = console_module._open_local

    async def with_test_commands(*args: Any) -> LocalDiscord:
        local = await opened_locals(*args)
        _add_test_commands(local)
        return local

    monkeypatch.setattr(console_module, "_open_local", with_test_commands)
    settings = make_settings()
    assert await run_ask(settings, "/suggest", as_json=False, fields=["Film title=Heat", "why=heist"]) == 0
    assert "film='Heat' note='heist'" in capsys.readouterr().out
    assert await run_ask(settings, "/suggest", as_json=False) == 1
    captured = capsys.readouterr()
    assert "Suggest a film" in captured.out and "--field" in captured.err
    assert await run_ask(settings, "/suggest", as_json=False, fields=["why=only"]) == 2
    assert "Film title is required" in capsys.readouterr().err
    assert await run_ask(settings, "/help", as_json=False, fields=["x=y"]) == 2
