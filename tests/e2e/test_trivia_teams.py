"""Team trivia end to end: the real bot process, the join buttons and the answer clicks as Discord
sends them.

A 2-question game in 2 teams: Alice and Bob pick different teams on the start message (Bob's
second pick, of Alice's team, is refused privately and changes nothing); Carol answers without a
pick and is told which team she was put in. The reveals and the final standings add up each
team's points; each player's own line stays as in any game.
"""

from __future__ import annotations

import re

import pytest_asyncio

from tests.e2e.fake_discord import FakeDiscord, FakeUser, Reply
from tests.e2e.process import BotProcess
from tests.e2e.test_trivia import answer_of, button_for, click, player_two, question, revealed, wait_message

QUESTION_SECONDS = 5


@pytest_asyncio.fixture(scope="module", loop_scope="session", autouse=True)
async def short_questions(fake: FakeDiscord, bot: BotProcess) -> None:
    reply = await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=0, user=fake.moderator)
    assert "question time" in reply.text.lower(), reply.text


def player_three(fake: FakeDiscord) -> FakeUser:
    return fake.user_named("latecomer")


def team_points(text: str) -> dict[str, int]:
    return {
        team: int(points.replace(",", "")) for team, points in re.findall(r"\*\*(Team \d)\*\* — ([\d,]+) points", text)
    }


async def test_a_two_team_game_adds_up_each_teams_points(fake: FakeDiscord, bot: BotProcess) -> None:
    alice, bob, carol = fake.member, player_two(fake), player_three(fake)
    start = await fake.command("trivia start", rounds=2, teams=2, user=alice)
    assert not start.ephemeral
    assert "Pick your team" in start.text
    team_ids = [b["custom_id"] for row in start.components for b in row["components"]]
    assert [b["label"] for row in start.components for b in row["components"]] == ["Team 1", "Team 2"]
    assert all(custom_id.startswith("trivia-team:") for custom_id in team_ids)

    assert "You are in **Team 1**" in (await click(fake, start, team_ids[0], alice)).content
    assert "You are in **Team 2**" in (await click(fake, start, team_ids[1], bob)).content
    refused = await click(fake, start, team_ids[0], bob)
    assert "cannot be changed" in refused.content and "Team 2" in refused.content

    # Question 1: Bob right, then Alice (the starter) right, which closes it.
    first = await question(fake, 1, 2)
    answer = answer_of(bot, first)
    bob_ack = await click(fake, first, button_for(first, answer, right=True), bob)
    alice_ack = await click(fake, first, button_for(first, answer, right=True), alice)
    assert "Right!" in bob_ack.content and "Right!" in alice_ack.content
    assert "not picked a team" not in alice_ack.content
    reveal = await revealed(fake, first)
    bob_points, alice_points = (int(re.search(r"\*\*\+(\d+)\*\*", a.content)[1]) for a in (bob_ack, alice_ack))
    assert team_points(reveal.text) == {"Team 1": alice_points, "Team 2": bob_points}

    # Question 2: Carol has no team and is put in the smallest (a tie: the first); Alice
    # right, Bob wrong.
    second = await question(fake, 2, 2)
    answer = answer_of(bot, second)
    carol_ack = await click(fake, second, button_for(second, answer, right=False), carol)
    assert "not picked a team" in carol_ack.content and "**Team 1**" in carol_ack.content
    alice_ack = await click(fake, second, button_for(second, answer, right=True), alice)
    await click(fake, second, button_for(second, answer, right=False), bob)
    alice_points += int(re.search(r"\*\*\+(\d+)\*\*", alice_ack.content)[1])
    await revealed(fake, second)

    def is_final(r: Reply) -> bool:
        return "Final standings" in r.text and "Teams" in r.text and r.id > second.id

    final = await wait_message(fake, is_final, "the final standings with teams")
    text = final.embeds[0]["description"]
    assert team_points(text) == {"Team 1": alice_points, "Team 2": bob_points}
    assert "**Team 1** — " in text and "2 players" in text.split("**Team 2**")[0]
    players = text.split("**Players**", 1)[1]
    assert players.index("Member") < players.index("Cinephile"), "each player's own standing is still there"
    assert "Latecomer" in players

    # The game is over: a late pick changes nothing.
    late = await click(fake, start, team_ids[1], carol)
    assert "over" in late.content


async def test_a_team_count_discord_would_not_send_is_refused_privately(fake: FakeDiscord, bot: BotProcess) -> None:
    for teams in (1, 5, 2.5, "3", True):
        # A modified client: the command as Discord's client builds it, then the value swapped.
        data = fake._command_data("trivia start", {"teams": 2}, user=fake.member)
        data["options"][0]["options"][0]["value"] = teams
        interaction = await fake.send_command("trivia start", user=fake.member, data=data)
        reply = await interaction.reply()
        assert reply.ephemeral, (teams, reply.text)
        assert "Teams" in reply.text and "2" in reply.text and "4" in reply.text, (teams, reply.text)
    running = await fake.command("trivia stop", user=fake.moderator)
    assert "no trivia game" in running.text.lower(), "no refused start left a game behind"
