"""/admin through Discord's wire format: who may use it, deferred replies, role and attachment options."""

from __future__ import annotations

import pytest

from tests.e2e.fake_discord import FakeAttachment, FakeDiscord
from tests.e2e.process import PROJECT_ROOT, BotProcess


@pytest.fixture(autouse=True)
def running_bot(bot: BotProcess) -> BotProcess:
    """Every test here talks to the bot: start it (once per module)."""
    return bot


async def test_status_for_a_moderator(fake: FakeDiscord) -> None:
    reply = await fake.command("admin status", user=fake.moderator)
    assert reply.ephemeral
    assert "1 film ·" in reply.text
    assert "review 000" in reply.text


async def test_discord_hides_admin_from_members_and_the_bot_refuses_anyway(fake: FakeDiscord) -> None:
    with pytest.raises(PermissionError):
        await fake.send_command("admin status", user=fake.member)
    # A server can override default permissions: the bot checks again.
    reply = await fake.command("admin status", user=fake.member, check_permissions=False)
    assert reply.ephemeral
    assert "Manage Server" in reply.text


async def test_admin_in_direct_messages_says_it_needs_a_server(fake: FakeDiscord) -> None:
    with pytest.raises(PermissionError):
        await fake.send_command("admin status", user=fake.moderator, dm=True)
    reply = await fake.command("admin status", user=fake.moderator, dm=True, check_permissions=False)
    assert reply.ephemeral
    assert "only works in a server" in reply.text


async def test_reload_dry_run_defers_then_reports(fake: FakeDiscord) -> None:
    interaction = await fake.send_command("admin reload", {"dry_run": True}, user=fake.moderator)
    reply = await interaction.reply()
    assert interaction.callback is not None
    assert interaction.callback["type"] == 5, "a reload may take longer than 3 s: defer first"
    assert reply.ephemeral
    assert "Dry run" in reply.text


async def test_settings_take_a_role_option(fake: FakeDiscord) -> None:
    reply = await fake.command("admin settings", user=fake.moderator, rounds=7, moderator_role=fake.moderator_role)
    assert "rounds: **7**" in reply.text
    assert str(fake.moderator_role.id) in reply.text


async def test_pack_upload_then_remove_with_autocomplete(fake: FakeDiscord) -> None:
    pack = FakeAttachment("e2e-pack.yaml", (PROJECT_ROOT / "data" / "packs" / "film-basics.yaml").read_bytes())
    reply = await fake.command("admin pack upload", user=fake.moderator, attachment=pack)
    assert "e2e-pack" in reply.text
    choices = await fake.autocomplete("admin pack remove", user=fake.moderator, name="e2e")
    assert [c["value"] for c in choices] == ["e2e-pack"]
    removed = await fake.command("admin pack remove", user=fake.moderator, name="e2e-pack")
    assert "e2e-pack" in removed.text
