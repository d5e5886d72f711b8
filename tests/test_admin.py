"""Moderation: who may use /admin, settings, uploaded packs, status and the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import discord
import pytest

from bot.admin.model import AdminError, GuildSettings
from bot.admin.permissions import ADMINISTRATOR, MANAGE_GUILD, is_moderator
from bot.admin.service import MAX_UPLOADED_PACKS
from bot.app.host.client import FilmBot
from bot.app.host.local_discord import APPLICATION_ID, GUILD_ID, USER_ID, LocalDiscord
from bot.config import Settings
from bot.render import admin as render_admin
from bot.trivia.packs import MAX_PACK_BYTES
from tests.helpers import act_as, answer, ephemeral, text_of

PLAIN_MEMBER = discord.Permissions(view_channel=True, send_messages=True, use_application_commands=True).value
MOD_ROLE = 424242

GOOD_PACK = """\
name: House rules
questions:
  - prompt: Who directed Ballerina (2025)?
    answer: Len Wiseman
    choices: [Len Wiseman, Chad Stahelski, David Leitch, Paul Cameron]
  - prompt: Which studio made it?
    answer: Lionsgate
    choices: [Lionsgate, A24, Neon]
"""


@pytest.fixture
async def member_bot(make_settings: Callable[..., Settings]) -> AsyncIterator[LocalDiscord]:
    """The bot, used by a member without Manage Server."""
    local = LocalDiscord(FilmBot(make_settings()), user_name="member", permissions=PLAIN_MEMBER, roles=(777,))
    await local.start()
    yield local
    await local.close()


async def audit_rows(local: LocalDiscord) -> list[Any]:
    return await local.bot.services.db.fetchall("SELECT action, detail, ok, user_id FROM audit_log ORDER BY id")


def upload_data(local: LocalDiscord, filename: str, size: int) -> dict[str, Any]:
    """A /admin pack upload as Discord sends it: the attachment travels in `resolved`."""
    attachment_id = "900000000000000001"
    return {
        "id": str(APPLICATION_ID + 7),
        "name": "admin",
        "type": 1,
        "options": [
            {
                "type": 2,
                "name": "pack",
                "options": [
                    {
                        "type": 1,
                        "name": "upload",
                        "options": [{"type": 11, "name": "attachment", "value": attachment_id}],
                    }
                ],
            }
        ],
        "resolved": {
            "attachments": {
                attachment_id: {
                    "id": attachment_id,
                    "filename": filename,
                    "size": size,
                    "url": f"https://cdn.example/{filename}",
                    "proxy_url": f"https://media.example/{filename}",
                    "content_type": "application/yaml",
                }
            }
        },
    }


# --- the permission rule --------------------------------------------------------------------------


def test_is_moderator() -> None:
    with_role = GuildSettings(20, 5, 5, moderator_role_id=MOD_ROLE)
    no_role = GuildSettings(20, 5, 5)
    assert is_moderator(MANAGE_GUILD, [], None)
    assert is_moderator(ADMINISTRATOR, [], no_role)
    assert is_moderator(PLAIN_MEMBER, [1, MOD_ROLE], with_role)
    assert not is_moderator(PLAIN_MEMBER, [1, 2], with_role)
    assert not is_moderator(PLAIN_MEMBER, [MOD_ROLE], no_role)
    assert not is_moderator(PLAIN_MEMBER, [MOD_ROLE], None)
    assert not is_moderator(0, [], None)


async def test_admin_commands_are_hidden_by_default_and_server_only(seed_bot: LocalDiscord) -> None:
    group = seed_bot.bot.tree.get_command("admin")
    assert group is not None
    payload = group.to_dict(seed_bot.bot.tree)
    assert str(payload["default_member_permissions"]) == str(MANAGE_GUILD)
    assert payload["contexts"] == [0] or payload.get("dm_permission") is False


async def test_a_member_is_refused_even_when_the_interaction_reaches_the_bot(member_bot: LocalDiscord) -> None:
    for line in (
        "/admin reload",
        "/admin reload dry_run:true",
        "/admin status",
        "/admin settings rounds:9",
        "/admin pack remove name:x",
    ):
        reply = answer(await member_bot.command(line))
        assert ephemeral(reply), line
        assert "Only moderators can use /admin" in reply["content"], reply
    assert await audit_rows(member_bot) == [], "refusals are counted, not logged as moderator actions"
    (refused,) = await member_bot.bot.services.admin.refusals(GUILD_ID)
    assert (refused.user_id, refused.attempts) == (USER_ID, 5)
    assert set(refused.commands) == {"/admin reload", "/admin status", "/admin settings", "/admin pack remove"}
    settings = await member_bot.bot.services.admin.settings(GUILD_ID)
    assert settings.rounds == 5  # unchanged
    assert await member_bot.autocomplete("/admin pack remove name:") == []


async def test_the_moderator_role_lets_a_member_in(member_bot: LocalDiscord) -> None:
    admin = member_bot.bot.services.admin
    await admin.update_settings(GUILD_ID, 1, moderator_role_id=MOD_ROLE)
    assert "Only moderators" in answer(await member_bot.command("/admin status"))["content"]
    member_bot.roles.append(str(MOD_ROLE))
    status = answer(await member_bot.command("/admin status"))
    assert "filmbot status" in text_of(status)
    assert f"<@&{MOD_ROLE}>" in text_of(status)


# --- settings -------------------------------------------------------------------------------------


async def test_settings_show_change_and_audit(seed_bot: LocalDiscord) -> None:
    shown = answer(await seed_bot.command("/admin settings"))
    assert ephemeral(shown)
    assert "Question time: **20 s**" in text_of(shown)
    changed = answer(await seed_bot.command("/admin settings question_time:30 rounds:8 reveal:0"))
    text = text_of(changed)
    assert "question time 20 → 30" in text
    assert "rounds 5 → 8" in text
    assert "reveal time 5 → 0" in text
    trivia = await seed_bot.bot.services.admin.settings(GUILD_ID)
    assert (trivia.question_seconds, trivia.rounds, trivia.reveal_seconds) == (30, 8, 0)
    rows = await audit_rows(seed_bot)
    assert rows[-1]["action"] == "settings"
    assert "rounds 5 → 8" in rows[-1]["detail"]


async def test_settings_refuse_out_of_range_values(seed_bot: LocalDiscord) -> None:
    admin = seed_bot.bot.services.admin
    with pytest.raises(AdminError, match="Rounds must be between"):
        await admin.update_settings(GUILD_ID, 1, rounds=0)
    with pytest.raises(AdminError, match="Question time"):
        await admin.update_settings(GUILD_ID, 1, question_seconds=10_000)
    with pytest.raises(AdminError, match="not both"):
        await admin.update_settings(GUILD_ID, 1, moderator_role_id=5, clear_moderator_role=True)
    # Out of range through the bot (Discord's client would stop it, a forged interaction would not):
    data = seed_bot.parse("/admin settings rounds:5")
    data["options"][0]["options"][0]["value"] = 999
    reply = answer(await seed_bot._dispatch(seed_bot._interaction(2, data), 30))
    assert ephemeral(reply)
    assert "Rounds must be between" in reply["content"]
    assert (await admin.settings(GUILD_ID)).rounds == 5


async def test_moderator_role_set_and_cleared(seed_bot: LocalDiscord) -> None:
    admin = seed_bot.bot.services.admin
    settings, changes = await admin.update_settings(GUILD_ID, 1, moderator_role_id=MOD_ROLE)
    assert settings.moderator_role_id == MOD_ROLE
    assert changes == [f"moderator role none → {MOD_ROLE}"]
    settings, _ = await admin.update_settings(GUILD_ID, 1, rounds=7)
    assert settings.moderator_role_id == MOD_ROLE  # other settings are kept
    settings, _ = await admin.update_settings(GUILD_ID, 1, clear_moderator_role=True)
    assert settings.moderator_role_id is None
    assert settings.rounds == 7


# --- packs ----------------------------------------------------------------------------------------


async def test_pack_upload_and_remove(seed_bot: LocalDiscord) -> None:
    admin = seed_bot.bot.services.admin
    result = await admin.upload_pack(GUILD_ID, USER_ID, "House Rules.yaml", GOOD_PACK.encode())
    assert (result.key, result.name, result.questions, result.replaced) == ("house-rules", "House rules", 2, False)
    again = await admin.upload_pack(GUILD_ID, USER_ID, "house-rules.yml", GOOD_PACK.encode())
    assert again.replaced
    assert await admin.uploaded_pack_names(GUILD_ID) == ["house-rules"]
    choices = await seed_bot.autocomplete("/admin pack remove name:hou")
    assert choices == [{"name": "house-rules", "value": "house-rules"}]
    removed = answer(await seed_bot.command("/admin pack remove name:house-rules"))
    assert ephemeral(removed)
    assert "removed" in removed["content"]
    assert await admin.uploaded_pack_names(GUILD_ID) == []
    missing = answer(await seed_bot.command("/admin pack remove name:house-rules"))
    assert ephemeral(missing)
    assert "no uploaded pack" in missing["content"]
    actions = [(r["action"], bool(r["ok"])) for r in await audit_rows(seed_bot)]
    assert actions == [("pack.upload", True), ("pack.upload", True), ("pack.remove", True), ("pack.remove", False)]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("pack.txt", GOOD_PACK.encode(), "not a YAML file"),
        ("big.yaml", b"a: [b]\n" * (MAX_PACK_BYTES // 7 + 1), "the limit is 256 KiB"),
        ("latin.yaml", "name: café\n".encode("latin-1"), "not UTF-8"),
        ("broken.yaml", b"questions: [\n", "not valid YAML"),
        ("object.yaml", b"!!python/object/apply:os.system ['true']\n", "not allowed"),
        ("alias.yaml", b"a: &x [b]\nc: *x\n", "anchors and aliases"),
        ("schema.yaml", b"questions:\n  - prompt: Q\n", "answer"),
        ("choices.yaml", b"questions:\n  - prompt: Q\n    answer: A\n    choices: [B, C]\n", "exactly one choice"),
    ],
)
async def test_bad_packs_are_refused_naming_the_file(
    seed_bot: LocalDiscord, filename: str, data: bytes, message: str
) -> None:
    admin = seed_bot.bot.services.admin
    with pytest.raises(AdminError) as caught:
        await admin.upload_pack(GUILD_ID, USER_ID, filename, data)
    assert message in caught.value.message
    assert filename in caught.value.message
    assert await admin.uploaded_pack_names(GUILD_ID) == []
    rows = await audit_rows(seed_bot)
    assert rows[-1]["action"] == "pack.upload"
    assert not rows[-1]["ok"]


async def test_a_pack_with_questions_that_cannot_be_played_says_so(seed_bot: LocalDiscord) -> None:
    """Questions without choices that no three wrong ones can be drawn for are left out of
    games; the upload says so (there is no typed mode to play them in)."""
    pack = "questions:\n  - prompt: Who directed Iron Meadow?\n    answer: Ada Marlow\n"
    pack += "  - prompt: Who scored Iron Meadow?\n    answer: Tomas Reyes\n"
    pack += "  - prompt: Who cut Iron Meadow?\n    answer: Lena Ward\n"
    pack += "    choices: [Lena Ward, Ada Marlow, Tomas Reyes]\n"
    result = await seed_bot.bot.services.admin.upload_pack(GUILD_ID, USER_ID, "small.yaml", pack.encode())
    assert (result.questions, result.multiple_choice) == (3, 1)
    text = render_admin.pack_uploaded(result).content or ""
    assert "2 left out of games" in text
    assert "typed" not in text


async def test_a_bundled_pack_name_cannot_be_taken(seed_bot: LocalDiscord) -> None:
    bundled = (await seed_bot.bot.services.admin.status(GUILD_ID)).counts  # the bot is up with data/packs
    assert bundled["questions"] > 0
    admin = seed_bot.bot.services.admin
    with pytest.raises(AdminError, match="bundled pack"):
        await admin.upload_pack(GUILD_ID, USER_ID, "film-basics.yaml", GOOD_PACK.encode())


@pytest.mark.parametrize(
    ("filename", "name", "taken_from"),
    [
        ("my-classics.yaml", "Film classics", "bundled"),  # the display name of data/packs/film-classics.yaml
        ("mine.yaml", "FILM  Classics!", "bundled"),  # compared folded
        ("mine.yaml", "film-basics", "bundled"),  # a bundled pack's key as a display name
        ("copy.yaml", "House rules", "uploaded"),  # another pack of this server
    ],
)
async def test_an_upload_cannot_copy_another_packs_name(
    seed_bot: LocalDiscord, filename: str, name: str, taken_from: str
) -> None:
    admin = seed_bot.bot.services.admin
    await admin.upload_pack(GUILD_ID, USER_ID, "house.yaml", GOOD_PACK.encode())
    before = await admin.uploaded_pack_names(GUILD_ID)
    with pytest.raises(AdminError, match="pack names must be unique") as caught:
        await admin.upload_pack(GUILD_ID, USER_ID, filename, GOOD_PACK.replace("House rules", name).encode())
    assert f"({taken_from} " in caught.value.message
    assert await admin.uploaded_pack_names(GUILD_ID) == before
    # Replacing the server's own pack under its own name stays possible.
    assert (await admin.upload_pack(GUILD_ID, USER_ID, "house.yaml", GOOD_PACK.encode())).replaced


async def test_a_bundled_pack_is_never_shadowed_by_an_uploaded_one(seed_bot: LocalDiscord) -> None:
    """A copy stored before names had to be unique (or before a reload brought the bundled pack)."""
    from bot.store.trivia import save_uploaded_pack

    shadow = GOOD_PACK.replace("House rules", "Film classics")
    await save_uploaded_pack(seed_bot.bot.services.db, GUILD_ID, "aaa", shadow, USER_ID, "2026-01-01T00:00:00Z")
    trivia = seed_bot.bot.services.trivia
    found = await trivia.find_pack(GUILD_ID, "Film classics")
    assert found is not None and found.key == "film-classics" and found.origin != "upload"
    assert (await trivia.find_pack(GUILD_ID, "aaa")).origin == "upload"  # still playable by its own key
    start = text_of(answer(await seed_bot.command("/trivia start rounds:1 pack:Film classics")))
    assert "film-classics" in start or "Film classics" in start
    assert "House rules" not in start and "Lionsgate" not in start


async def test_uploaded_packs_per_server_are_limited(seed_bot: LocalDiscord) -> None:
    admin = seed_bot.bot.services.admin
    for n in range(MAX_UPLOADED_PACKS):
        await admin.upload_pack(
            GUILD_ID, USER_ID, f"p{n}.yaml", GOOD_PACK.replace("House rules", f"Rules {n}").encode()
        )
    with pytest.raises(AdminError, match="already has 25 uploaded packs"):
        await admin.upload_pack(GUILD_ID, USER_ID, "one-more.yaml", GOOD_PACK.encode())
    assert (await admin.upload_pack(GUILD_ID, USER_ID, "p0.yaml", GOOD_PACK.encode())).replaced


async def test_pack_upload_through_the_command(seed_bot: LocalDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    downloads: list[str] = []

    async def read(self: discord.Attachment, *, use_cached: bool = False) -> bytes:
        downloads.append(self.filename)
        return GOOD_PACK.encode()

    monkeypatch.setattr(discord.Attachment, "read", read)
    reply = answer(await seed_bot._dispatch(seed_bot._interaction(2, upload_data(seed_bot, "house.yaml", 200)), 30))
    assert ephemeral(reply)
    assert "Pack **House rules** added: 2 questions" in reply["content"]
    assert "/trivia start pack:house" in reply["content"]
    # Too big: refused from the attachment's size, before downloading anything.
    too_big = upload_data(seed_bot, "huge.yaml", MAX_PACK_BYTES + 1)
    reply = answer(await seed_bot._dispatch(seed_bot._interaction(2, too_big), 30))
    assert ephemeral(reply)
    assert "the limit is 256 KiB" in reply["content"]
    assert downloads == ["house.yaml"]


# --- status and audit -----------------------------------------------------------------------------


async def test_status_shows_counts_sources_reload_and_audit(seed_bot: LocalDiscord) -> None:
    await seed_bot.command("/admin settings rounds:6")
    await seed_bot.command("/admin reload dry_run:true")
    await seed_bot.command("/admin reload")
    status = answer(await seed_bot.command("/admin status"))
    assert ephemeral(status)
    text = text_of(status)
    assert "1 film ·" in text
    assert "3 documents" in text
    assert "000_6e563b1e4c7cb0e7.txt" in text
    assert "75ca32bcf491" in text
    assert "ingested <t:" in text
    assert "by **you**: ok" in text  # the last (applied) reload, who (by name, not a raw mention) and result
    assert f"<@{USER_ID}>" not in text
    assert "Version 0.1.0" in text
    assert "gateway latency" in text
    assert "up " in text
    for action in ("`settings`", "`reload.dry_run`", "`reload`"):
        assert action in text
    assert text.index("`reload`") < text.index("`reload.dry_run`") < text.index("`settings`")  # latest first


async def test_only_manage_server_changes_the_moderator_role(member_bot: LocalDiscord) -> None:
    admin = member_bot.bot.services.admin
    await admin.update_settings(GUILD_ID, 1, moderator_role_id=MOD_ROLE)
    member_bot.roles.append(str(MOD_ROLE))  # a moderator by role, without Manage Server
    changed = answer(await member_bot.command("/admin settings rounds:9"))
    assert "rounds 5 → 9" in text_of(changed)
    for line in ("/admin settings clear_moderator_role:true",):
        refused = answer(await member_bot.command(line))
        assert ephemeral(refused)
        assert "Only members with the Manage Server permission" in refused["content"]
    with pytest.raises(AdminError, match="Manage Server"):
        await admin.update_settings(GUILD_ID, USER_ID, moderator_role_id=777, manages_server=False)
    with pytest.raises(AdminError, match="@everyone"):
        await admin.update_settings(GUILD_ID, 1, moderator_role_id=GUILD_ID)
    assert (await admin.settings(GUILD_ID)).moderator_role_id == MOD_ROLE
    rows = await audit_rows(member_bot)
    assert [(r["action"], bool(r["ok"])) for r in rows][-3:] == [("settings", False)] * 3


async def test_status_names_moderators_and_roles_and_never_shows_raw_ids(seed_bot: LocalDiscord) -> None:
    mod = await seed_bot.act_as("Mira*", "moderator")
    await seed_bot.command("/admin settings rounds:6")
    await seed_bot.act_as("you")
    role_given = await seed_bot.command(f"/admin settings moderator_role:{MOD_ROLE}")
    assert "moderator role none → @role-" in text_of(answer(role_given))  # the role's name, as resolved
    text = text_of(answer(await seed_bot.command("/admin status")))
    assert "**Mira\\*** `settings` rounds 5 → 6" in text  # the name, escaped
    assert f"<@{mod.user_id}>" not in text and f"→ {MOD_ROLE}" not in text
    assert "<t:" in text  # times as Discord's relative timestamps


async def test_a_name_never_seen_falls_back_to_a_mention(seed_bot: LocalDiscord) -> None:
    await seed_bot.bot.services.admin.audit(GUILD_ID, 424_242, "settings", "rounds 5 → 7")
    text = text_of(answer(await seed_bot.command("/admin status")))
    assert "<@424242> `settings`" in text


async def test_a_flood_of_refused_attempts_cannot_push_moderator_actions_out_of_the_audit(
    seed_bot: LocalDiscord,
) -> None:
    for rounds in range(6, 14):  # eight moderator actions
        await seed_bot.command(f"/admin settings rounds:{rounds}")
    moderator = dict(seed_bot.user)
    seed_bot.permissions = str(PLAIN_MEMBER)
    act_as(seed_bot, 555, "bob")
    for _ in range(12):
        assert "Only moderators" in answer(await seed_bot.command("/admin status"))["content"]
    act_as(seed_bot, int(moderator["id"]), moderator["username"])
    seed_bot.permissions = str(discord.Permissions.all().value)
    status = answer(await seed_bot.command("/admin status"))
    fields = {f["name"]: f["value"] for f in status["embeds"][0]["fields"]}
    audit = fields["Audit log (latest first)"]
    assert all(f"rounds {r} → {r + 1}" in audit for r in range(6, 13)), audit
    assert "refused" not in audit
    assert fields["Refused /admin attempts"].startswith("12 refused attempts by **bob** (/admin status), the last <t:")
