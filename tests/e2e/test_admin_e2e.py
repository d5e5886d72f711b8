"""Moderation end to end: the real bot process, through the fake Discord's wire format.

This module changes documents, so it runs on a data folder of its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import TEST_DOCUMENTS
from tests.e2e.fake_discord import EVERYONE_PERMISSIONS, FakeDiscord, FakeUser, Role
from tests.e2e.process import PROJECT_ROOT, BotProcess


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("admin-data") / "data"
    shutil.copytree(PROJECT_ROOT / "data", target)
    return target


def film_mod(fake: FakeDiscord) -> tuple[Role, FakeUser]:
    """A role with no permissions, and a member who has it."""
    role = next((r for r in fake.roles.values() if r.name == "Film Mods"), None)
    if role is None:
        role = Role(fake.snowflake(), "Film Mods", EVERYONE_PERMISSIONS, position=1)
        fake.roles[role.id] = role
        user = FakeUser(fake.snowflake(), "filmmod", roles=[role.id])
        fake.users[user.id] = user
    user = next(u for u in fake.users.values() if role.id in u.roles)
    return role, user


async def test_admin_is_hidden_from_members_and_refused_when_it_reaches_the_bot(
    fake: FakeDiscord, bot: BotProcess
) -> None:
    command, _ = fake.find_command("admin")
    assert str(command["default_member_permissions"]) == str(1 << 5)
    with pytest.raises(PermissionError):
        await fake.send_command("admin status", user=fake.member)
    for name, options in (("admin reload", {}), ("admin status", {}), ("admin settings", {"rounds": 9})):
        interaction = await fake.send_command(name, options, user=fake.member, check_permissions=False)
        reply = await interaction.reply()
        assert reply.ephemeral, reply.text
        assert "Only moderators can use /admin" in reply.content, reply.text
    await fake.wait_until(lambda: "refused /admin reload" in bot.stderr, 5, "the refusal in the log")
    status = await fake.command("admin status", user=fake.moderator)
    assert status.ephemeral
    assert "3 refused attempts by" in status.text
    assert "(/admin reload, /admin settings, /admin status)" in status.text
    assert "refused attempts by **Member**" in status.text and f"<@{fake.member.id}>" not in status.text
    assert "rounds: **5**" in status.text


async def test_a_reload_adds_a_new_film_and_keeps_reviews(fake: FakeDiscord, bot: BotProcess, data_dir: Path) -> None:
    await fake.command("review add", film="Ballerina", rating=9, text="Poetry in motion.", user=fake.member)
    shutil.copy(TEST_DOCUMENTS / "103_copper_saints_header.txt", data_dir / "documents")
    dry = await (await fake.send_command("admin reload", {"dry_run": True}, user=fake.moderator)).reply(30)
    assert dry.ephemeral
    assert "Dry run" in dry.text
    assert "The Copper Saints" in dry.text
    assert (await fake.command("film info", title="The Copper Saints")).ephemeral  # nothing applied
    report = await (await fake.send_command("admin reload", user=fake.moderator)).reply(30)
    assert report.ephemeral
    assert "Reload applied" in report.text
    assert "+ The Copper Saints" in report.text
    card = await fake.command("film info", title="The Copper Saints")
    assert not card.ephemeral
    assert "Walter Greaves" in card.text
    reviews = await fake.command("review show", film="Ballerina")
    assert "Poetry in motion." in reviews.text
    assert "9.0/10" in reviews.text


async def test_a_broken_document_is_named_and_the_old_catalog_keeps_serving(
    fake: FakeDiscord, bot: BotProcess, data_dir: Path
) -> None:
    broken = data_dir / "documents" / "300_broken.txt"
    broken.write_bytes(b"Broken (2020)\n\xff\xfe\n")
    shutil.copy(TEST_DOCUMENTS / "105_winter_orchard_sections.txt", data_dir / "documents")
    try:
        report = await (await fake.send_command("admin reload", user=fake.owner)).reply(30)
        assert "Reload refused" in report.text
        assert "300_broken.txt" in report.text
        assert "not UTF-8" in report.text
        assert (await fake.command("film info", title="Winter Orchard")).ephemeral
        assert "Len Wiseman" in (await fake.command("film info", title="Ballerina")).text
    finally:
        broken.unlink()
    report = await (await fake.send_command("admin reload", user=fake.owner)).reply(30)
    assert "+ Winter Orchard" in report.text


async def test_the_moderator_role_opens_admin_to_a_member(fake: FakeDiscord, bot: BotProcess) -> None:
    role, user = film_mod(fake)
    refused = await (await fake.send_command("admin status", user=user, check_permissions=False)).reply()
    assert refused.ephemeral
    assert "Only moderators" in refused.content
    settings = await fake.command("admin settings", moderator_role=role, question_time=30, user=fake.owner)
    assert settings.ephemeral
    assert f"<@&{role.id}>" in settings.text
    assert "question time 20 → 30" in settings.text
    allowed = await (await fake.send_command("admin status", user=user, check_permissions=False)).reply()
    assert "filmbot status" in allowed.text
    assert "Question time: **30 s**" in allowed.text


def form_values(modal: dict[str, object], **by_label: str) -> dict[str, str]:
    """Values by the start of each text input's label (row layout or label layout)."""
    inputs = []
    for row in modal["components"]:  # type: ignore[attr-defined]
        if row["type"] == 1:
            inputs += [(c.get("label", ""), c["custom_id"]) for c in row["components"]]
        else:
            inputs.append((row["label"], row["component"]["custom_id"]))
    found = {}
    for start, value in by_label.items():
        found[next(cid for label, cid in inputs if label.lower().startswith(start))] = value
    return found


async def test_questions_written_in_a_modal_grow_a_server_pack(fake: FakeDiscord, bot: BotProcess) -> None:
    opened = await fake.send_command("admin question add", {"pack": "Night Shift"}, user=fake.moderator)
    callback = await opened.wait_callback()
    assert callback["type"] == 9 and opened.rejected == [], opened.rejected
    modal = callback["data"]
    assert len(modal["components"]) == 5 and "Night Shift" in modal["title"]
    values = form_values(
        modal, question="Which lighthouse keeps the harbour lit?", right="North Light", wrong="South Light\nEast Light"
    )
    submitted = await fake.submit_modal(opened, values)
    added = await submitted.reply()
    assert added.ephemeral and "Question 1 of **Night Shift**" in added.text and "is new" in added.text, added.text

    # The pack plays at once (its choices as written) and is listed and numbered.
    packs = await fake.command("trivia packs", user=fake.member)
    assert "Night Shift" in packs.text
    listed = await fake.command("admin question list", pack="night-shift", user=fake.moderator)
    assert "**1.** Which lighthouse keeps the harbour lit?" in listed.text

    # A right answer among the wrong ones: refused privately, nothing stored; and a forged, too long answer.
    again = await fake.send_command("admin question add", {"pack": "Night Shift"}, user=fake.moderator)
    modal = (await again.wait_callback())["data"]
    clash = form_values(modal, question="Who keeps it?", right="Ona", wrong="Bo\nona")
    refused = await (await fake.submit_modal(again, clash)).reply()
    assert refused.ephemeral and "cannot also be a wrong one" in refused.text, refused.text
    third = await fake.send_command("admin question add", {"pack": "Night Shift"}, user=fake.moderator)
    modal = (await third.wait_callback())["data"]
    forged = form_values(modal, question="Who keeps it?", right="x" * 500)
    refused = await (await fake.submit_modal(third, forged, check=False)).reply()
    assert refused.ephemeral and "too long" in refused.text, refused.text
    assert "**2.**" not in (await fake.command("admin question list", pack="Night Shift", user=fake.moderator)).text

    # A member never gets the form.
    sent = await fake.send_command(
        "admin question add", {"pack": "Night Shift"}, user=fake.member, check_permissions=False
    )
    assert (await sent.wait_callback())["type"] == 4 and "Only moderators" in (await sent.reply()).text

    removed = await fake.command("admin question remove", pack="Night Shift", number=1, user=fake.moderator)
    assert removed.ephemeral and "gone too" in removed.text
    status = await fake.command("admin status", user=fake.moderator)
    assert "question.add" in status.text and "question.remove" in status.text, status.text
