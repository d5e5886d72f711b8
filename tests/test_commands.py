"""Every catalog command's reply, through the same command tree Discord drives
(the local stand-in builds real interaction payloads and catches what
discord.py sends back), on the bundled corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import discord
import pytest

from bot.app.host.local_discord import EPHEMERAL, CommandLineError, LocalDiscord
from tests.conftest import PROJECT
from tests.helpers import field, reply_of, text_of


async def test_film_info_shows_every_fact_with_disputes(seed_bot: LocalDiscord) -> None:
    data = reply_of(await seed_bot.command("/film info title:Ballerina"))
    assert not data.get("flags", 0) & EPHEMERAL
    assert data["allowed_mentions"] == {"parse": []}
    card = data["embeds"][0]
    assert card["title"] == "Ballerina (2024/2025)"
    assert "Ballerina: A John Wick Story" in card["description"]
    years = field(data, "Year")
    assert "2024 — review 000" in years and "2025 — review 001" in years and "disagree" in years
    assert "Len Wiseman" in field(data, "Directed by")
    cast = field(data, "Cast")
    for line in (
        "Ana de Armas** as Rooney",
        "Anjelica Huston** as The Director",
        "Gabriel Byrne** as Marius Kravchenko",
    ):
        assert line in cast
    assert "Keanu Reeves** as John Wick (cameo)" in cast
    crew = field(data, "Crew")
    assert "⚠ Cinematographer: **Paul Cameron** — review 000" in crew
    assert "⚠ Cinematographer: **Dan Laustsen** — review 002" in crew
    assert "Composer: **Marco Beltrami**" in crew and "⚠ Composer" not in crew
    assert "123 min" in field(data, "Runtime")
    assert all(g in field(data, "Genres") for g in ("Action", "Thriller", "Crime"))
    assert "9/10" in field(data, "Critic ratings")
    assert "review 000, review 001, review 002" in field(data, "Sources")


async def test_unknown_film_is_an_ephemeral_error(seed_bot: LocalDiscord) -> None:
    data = reply_of(await seed_bot.command("/film info title:Demon Slayer"))
    assert data["flags"] & EPHEMERAL
    assert "I don't know a film called “Demon Slayer”" in data["content"]


async def test_close_title_gets_suggestions(seed_bot: LocalDiscord) -> None:
    data = reply_of(await seed_bot.command("/film info title:Bailerinaa"))  # two typos: not obvious
    assert data["flags"] & EPHEMERAL
    assert "Did you mean" in data["content"] and "Ballerina" in data["content"]
    one_typo = reply_of(await seed_bot.command("/film info title:Balerina"))
    assert one_typo["content"] == "Showing **Ballerina** for “Balerina”."


async def test_film_info_accepts_slug_variant_and_year(seed_bot: LocalDiscord) -> None:
    for title in ("ballerina", "Ballerina: A John Wick Story", "BALLERINA (2024)"):
        data = reply_of(await seed_bot.command(f"/film info title:{title}"))
        assert data["embeds"][0]["title"] == "Ballerina (2024/2025)", title


async def test_search_spans_titles_people_and_characters(seed_bot: LocalDiscord) -> None:
    text = text_of(reply_of(await seed_bot.command("/film search query:armas")))
    assert "Ana de Armas" in text
    text = text_of(reply_of(await seed_bot.command("/film search query:rooney")))
    assert "Rooney" in text and "Ballerina" in text
    data = reply_of(await seed_bot.command("/film search query:zzzzqqq"))
    assert data["flags"] & EPHEMERAL and "Nothing in the catalog" in data["content"]


async def test_film_list_pages(seed_bot: LocalDiscord) -> None:
    data = reply_of(await seed_bot.command("/film list"))
    assert "Films in the catalog (1)" in data["embeds"][0]["title"]
    assert "Ballerina (2024/2025)" in data["embeds"][0]["description"]


async def test_cast_commands(seed_bot: LocalDiscord) -> None:
    text = text_of(reply_of(await seed_bot.command("/cast character name:Rooney")))
    assert "Ana de Armas" in text and "Ballerina" in text
    text = text_of(reply_of(await seed_bot.command("/cast person name:Ana de Armas")))
    assert "as Rooney" in text
    surname = text_of(reply_of(await seed_bot.command("/cast person name:de Armas")))
    assert surname == text
    crew = text_of(reply_of(await seed_bot.command("/cast person name:Marco Beltrami")))
    assert "composer" in crew
    full = text_of(reply_of(await seed_bot.command("/cast film title:Ballerina")))
    assert "Norman Reedus" in full and "Stunt coordinator: **Jonathan Eusebio**" in full
    missing = reply_of(await seed_bot.command("/cast person name:Nobody Atall"))
    assert missing["flags"] & EPHEMERAL and "I don't know a person" in missing["content"]
    missing = reply_of(await seed_bot.command("/cast character name:Nobody Atall"))
    assert missing["flags"] & EPHEMERAL and "I don't know a character" in missing["content"]


async def test_quotes(seed_bot: LocalDiscord) -> None:
    text = text_of(reply_of(await seed_bot.command("/quote tagline")))
    assert "Grace in motion. Death in silence." in text
    assert "Every step is a choice. Every kill, a memory." in text
    assert "review 000" in text
    for _ in range(5):
        text = text_of(reply_of(await seed_bot.command("/quote random film:Ballerina")))
        assert "— Tagline, review" in text or "— Critic, review" in text
    bad = reply_of(await seed_bot.command("/quote tagline film:Demon Slayer"))
    assert bad["flags"] & EPHEMERAL


async def test_review_show_has_the_critic(seed_bot: LocalDiscord) -> None:
    text = text_of(reply_of(await seed_bot.command("/review show film:Ballerina")))
    assert "9/10" in text and "review 002" in text
    assert "Strengths" in text and "Weaknesses" in text


async def test_help_lists_every_command(seed_bot: LocalDiscord) -> None:
    data = reply_of(await seed_bot.command("/help"))
    text = text_of(data)
    for command in seed_bot.bot.tree.walk_commands():
        if not command.parent and hasattr(command, "commands"):
            continue
        assert f"/{command.qualified_name}" in text


async def test_autocomplete_ranks_and_limits(seed_bot: LocalDiscord) -> None:
    choices = await seed_bot.autocomplete("/film info title:bal")
    assert choices[0] == {"name": "Ballerina (2024/2025)", "value": "ballerina"}
    assert len(choices) == 1  # one film, though two titles match
    people = await seed_bot.autocomplete("/cast person name:an")
    names = [c["name"] for c in people]
    assert names[0] == "Ana de Armas"  # a name that starts with the text comes first
    assert "Anjelica Huston" in names
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in people)
    characters = await seed_bot.autocomplete("/cast character name:roo")
    assert characters[0]["value"] == "Rooney"


async def test_the_parser_refuses_what_discord_refuses(seed_bot: LocalDiscord) -> None:
    with pytest.raises(CommandLineError, match="needs title"):
        await seed_bot.command("/film info")
    with pytest.raises(CommandLineError, match="no /nope command"):
        await seed_bot.command("/nope")
    with pytest.raises(CommandLineError, match="1 to 200 characters"):
        await seed_bot.command("/film info title:" + "x" * 201)


def test_ask_json_prints_the_discord_payload(tmp_path: Any) -> None:
    """The real CLI, as a user runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(tmp_path / "ask.db"), "ask", "--json", "/cast character name:Rooney"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "FILMBOT_DATA": str(PROJECT / "data")},
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["type"] == 4
    assert "Ana de Armas" in payload["data"]["embeds"][0]["description"]


async def test_help_hides_moderator_commands_from_members(make_settings: Any) -> None:
    from bot.app.host.client import FilmBot

    member = discord.Permissions(view_channel=True, send_messages=True, use_application_commands=True)
    local = LocalDiscord(FilmBot(make_settings()), user_name="member", permissions=member.value)
    await local.start()
    try:
        text = text_of(reply_of(await local.command("/help")))
    finally:
        await local.close()
    assert "/film info" in text
    assert "/admin" not in text


@pytest.mark.parametrize("query", ["🔥", ".", "!!!", "— …", "🎬🍿"])
async def test_a_search_of_punctuation_or_emoji_says_there_is_nothing_to_search_for(
    seed_bot: LocalDiscord, query: str
) -> None:
    data = reply_of(await seed_bot.command(f'/film search query:"{query}"'))
    assert data["flags"] & EPHEMERAL
    assert data["content"].startswith("There is nothing to search for")
    assert not data.get("embeds")
