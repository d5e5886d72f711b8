"""Each command of the DESIGN table that exists, through Discord's wire format, on the bundled corpus.

Adding a command is one row: (command, options, texts the answer must show).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.process import BotProcess

ANSWERS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("help", {}, ["/film info", "/cast person", "/quote tagline", "/review show"]),
    ("film info", {"title": "Ballerina"}, ["Ballerina", "Len Wiseman", "Ana de Armas", "Rooney", "June 7, 2024"]),
    ("film info", {"title": "ballerina a john wick story"}, ["Len Wiseman"]),
    ("film search", {"query": "wiseman"}, ["Len Wiseman"]),
    ("film search", {"query": "balerina"}, ["Ballerina"]),
    ("film list", {}, ["Ballerina"]),
    ("cast person", {"name": "Ana de Armas"}, ["Ballerina", "Rooney"]),
    ("cast character", {"name": "Rooney"}, ["Ana de Armas", "Ballerina"]),
    ("cast film", {"title": "Ballerina"}, ["Len Wiseman", "Ana de Armas", "Keanu Reeves"]),
    ("quote tagline", {}, ["Grace in motion. Death in silence."]),
    ("quote tagline", {"film": "Ballerina"}, ["Grace in motion. Death in silence.", "review 000"]),
    ("quote random", {"film": "Ballerina"}, ["review"]),
    ("review show", {"film": "Ballerina"}, ["9/10", "review 002"]),
    ("trivia packs", {}, ["film-basics", "film-classics", "Categories", "`packs` Question packs"]),
    ("trivia leaderboard", {}, ["/trivia start"]),
    ("trivia stop", {}, ["no trivia game running"]),
]

SUGGESTIONS: list[tuple[str, str, str, str]] = [
    # (command, option, typed so far, a suggestion that must come back)
    ("film info", "title", "bal", "Ballerina"),
    ("film info", "title", "", "Ballerina"),
    ("cast person", "name", "wise", "Len Wiseman"),
    ("cast character", "name", "roo", "Rooney"),
    ("cast film", "title", "ballerna", "Ballerina"),
    ("quote tagline", "film", "bal", "Ballerina"),
    ("quote random", "film", "bal", "Ballerina"),
    ("review show", "film", "bal", "Ballerina"),
    ("review add", "film", "bal", "Ballerina"),
    ("trivia start", "film", "bal", "Ballerina"),
    ("trivia start", "pack", "basics", "film-basics"),
    ("trivia start", "category", "pack", "Question packs ("),
]
READ_ONLY = {"film info", "cast person", "cast character", "cast film", "quote tagline", "quote random", "review show"}


@pytest.mark.parametrize(("command", "options", "expected"), ANSWERS, ids=[f"/{c} {o}" for c, o, _ in ANSWERS])
async def test_command_answers(
    fake: FakeDiscord, bot: BotProcess, command: str, options: dict[str, Any], expected: list[str]
) -> None:
    reply = await fake.command(command, options)
    assert "went wrong" not in reply.text
    for text in expected:
        assert text in reply.text, f"{text!r} missing from /{command}:\n{reply.text}"


@pytest.mark.parametrize(("command", "option", "typed", "expected"), SUGGESTIONS)
async def test_autocomplete_suggests(
    fake: FakeDiscord, bot: BotProcess, command: str, option: str, typed: str, expected: str
) -> None:
    choices = await fake.autocomplete(command, {option: typed})
    assert any(expected in choice["name"] for choice in choices), choices
    if command in READ_ONLY:
        # The chosen value must be accepted by the command it completes.
        value = next(choice["value"] for choice in choices if expected in choice["name"])
        reply = await fake.command(command, {option: value})
        assert not reply.ephemeral, reply.text  # errors (unknown film...) are the ephemeral replies


async def test_community_review_is_escaped_pings_nobody_and_can_be_removed(fake: FakeDiscord, bot: BotProcess) -> None:
    text = "@everyone **loved** it <@123>"
    added = await fake.command("review add", film="ballerina", rating=8, text=text, user=fake.moderator)
    assert "**loved**" not in added.text, "markdown from users is escaped"
    assert "@\u200beveryone" in added.text, "a mention written by a user is defused"
    assert added.message["allowed_mentions"] == {"parse": []}
    shown = await fake.command("review show", film="ballerina")
    assert "Server average: **8.0/10** from 1 review" in shown.text
    removed = await fake.command("review remove", film="ballerina", user=fake.moderator)
    assert removed.ephemeral
    assert "deleted" in removed.text
    assert "Server average" not in (await fake.command("review show", film="ballerina")).text


async def test_out_of_range_rating_never_reaches_the_bot(fake: FakeDiscord, bot: BotProcess) -> None:
    with pytest.raises(ValueError, match="refuse"):
        await fake.send_command("review add", {"film": "ballerina", "rating": 11, "text": "x"})


async def test_disputed_facts_show_each_claim_with_its_source(fake: FakeDiscord, bot: BotProcess) -> None:
    reply = await fake.command("film info", title="Ballerina")
    assert "disagree" in reply.text
    for claim in ("2024 — review 000", "2025 — review 001", "Paul Cameron", "Dan Laustsen"):
        assert claim in reply.text


async def test_unknown_film_is_an_ephemeral_hint(fake: FakeDiscord, bot: BotProcess) -> None:
    reply = await fake.command("film info", title="Nonexistent Film")
    assert reply.ephemeral
    assert "/film search" in reply.text


EXPECTED_COMMANDS = {
    "film": {"info", "search", "list"},
    "cast": {"person", "character", "film"},
    "quote": {"tagline", "random"},
    "review": {"show", "add", "remove"},
    "trivia": {"start", "stop", "leaderboard", "stats", "packs"},
    "admin": {"reload", "status", "settings", "pack"},
    "help": set(),
}


async def test_every_command_of_the_design_is_registered(fake: FakeDiscord, bot: BotProcess) -> None:
    """A cog that fails to load is logged and skipped by the bot: this is where that shows."""
    for name, subcommands in EXPECTED_COMMANDS.items():
        schema, _scope = fake.find_command(name)
        assert {option["name"] for option in schema.get("options", []) if option["type"] in (1, 2)} >= subcommands


async def test_every_answer_was_on_time_and_acknowledged_once(fake: FakeDiscord, bot: BotProcess) -> None:
    await fake.command("help")  # at least one interaction, whatever ran before
    assert fake.interactions
    for interaction in fake.interactions.values():
        assert interaction.rejected == [], interaction.describe()
        assert interaction.latency is not None
        assert interaction.latency < 1.0, f"{interaction.describe()} took {interaction.latency:.2f} s"
    assert fake.unhandled == []


async def test_a_moderator_removes_a_member_s_review_on_discord(fake: FakeDiscord, bot: BotProcess) -> None:
    await fake.command("review add", film="ballerina", rating=1, text="spam https://discord.gg/x", user=fake.member)
    shown = await fake.command("review show", film="ballerina")
    assert "spam <https://discord.gg/x>" in shown.text  # by default a link shows without a preview
    refused = await fake.command("review remove", {"film": "ballerina", "user": fake.moderator}, user=fake.member)
    assert refused.ephemeral and "Only moderators" in refused.text
    removed = await fake.command("review remove", {"film": "ballerina", "user": fake.member}, user=fake.moderator)
    assert removed.ephemeral and "is removed" in removed.text
    assert f"<@{fake.member.id}>" not in removed.text and removed.message["allowed_mentions"] == {"parse": []}
    assert "Server average" not in (await fake.command("review show", film="ballerina")).text
    status = await fake.command("admin status", user=fake.moderator)
    assert "`review.remove` Ballerina: the review by" in status.text
