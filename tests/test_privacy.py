"""/privacy: a member sees what the bot keeps about them and deletes it, in every server;
nobody else's data goes with it, and nobody else can press their button."""

from __future__ import annotations

from typing import Any

from bot.app.host.local_discord import CHANNEL_ID, Exchange, LocalDiscord, LocalMessage
from bot.store import admin as admin_repo
from bot.store import privacy as repo
from bot.store import reviews as reviews_repo
from bot.store import trivia as trivia_repo
from bot.store.backend import Store
from bot.trivia.records import StatDelta
from cogs.trivia import trivia_of
from tests.helpers import answer, ephemeral, text_of
from tests.test_trivia_console import until

GUILD, OTHER_GUILD = 1_234_567_890_123_456_789, 42
ANN, BOB = 987_654_321_098_765_432, 5


async def _hold_everything(store: Store, user_id: int, name: str) -> None:
    """Rows of every kind a member can leave, in two servers."""
    for guild in (GUILD, OTHER_GUILD):
        await reviews_repo.upsert_review(store, guild, user_id, "heat-1995", name, 8, "Tense.", "2026-01-01")
        await trivia_repo.record_answers(
            store, [StatDelta(guild, user_id, name, points=100, games=1, answers=2, correct=1)]
        )
        await admin_repo.remember_name(store, guild, user_id, name)
    await admin_repo.count_refusal(store, GUILD, user_id, "/admin reload")


async def test_forgetting_a_member_deletes_their_rows_everywhere_and_nobody_else_s(store: Store) -> None:
    await _hold_everything(store, ANN, "Ann")
    await _hold_everything(store, BOB, "Bob")
    await trivia_repo.start_season(store, GUILD, "Spring", "spring", BOB, "2026-02-01")  # closes Season 1 with both
    moderation = await admin_repo.write_audit(store, GUILD, ANN, "settings", "rounds=3")
    held = await repo.held_rows(store, ANN)
    assert held == {
        "reviews": 2,
        "player_stats": 2,
        "season_stats": 1,
        "season_baseline": 1,
        "member_names": 2,
        "admin_refusals": 1,
    }
    assert await repo.review_servers(store, ANN) == 2

    assert await repo.forget_member(store, ANN) == held
    assert await repo.held_rows(store, ANN) == {}
    assert await repo.held_rows(store, BOB) == held, "the other member keeps all of theirs"
    closed = await trivia_repo.leaderboard(store, GUILD, season=1)
    assert [entry.user_id for entry in closed] == [BOB], "gone from the closed season's standings too"
    assert [r["id"] for r in await admin_repo.recent_audit(store, GUILD)] == [moderation], "moderation is kept"
    assert await repo.forget_member(store, ANN) == {}, "a second request finds nothing"


def edited(exchange: Exchange) -> dict[str, Any]:
    """The message the button sat on, as the click's callback replaced it (type 7)."""
    assert exchange.callback is not None and exchange.callback["type"] == 7
    return dict(exchange.callback["data"])


def _forget_button(message: LocalMessage) -> str:
    [button] = [c for row in message.components for c in row["components"]]
    assert button["style"] == 4, "danger"
    return str(button["custom_id"])


async def test_a_member_deletes_their_data_with_the_button_only_they_can_press(seed_bot: LocalDiscord) -> None:
    local = seed_bot
    if "cogs.privacy" not in local.bot.extensions:
        await local.bot.load_extension("cogs.privacy")
    nothing = answer(await local.command("/privacy show"))
    assert ephemeral(nothing) and "I keep nothing about you" in text_of(nothing)

    ann = await local.act_as("Ann")
    await local.command("/review add film:Ballerina rating:7 text:Graceful and brutal.")
    shown = answer(await local.command("/privacy show"))
    assert ephemeral(shown) and "1 review in 1 server" in text_of(shown)
    assert "/privacy forget" in text_of(shown)

    asked = await local.command("/privacy forget")
    offer = asked.messages[0]
    assert ephemeral(offer.payload) and "cannot be undone" in text_of(offer.payload)
    custom_id = _forget_button(offer)
    assert custom_id == f"privacy:forget:{ann.user_id}"

    await local.act_as("Bob")  # a copied or forwarded button deletes nothing of Ann's
    refused = answer(await local.click(offer.id, custom_id))
    assert ephemeral(refused) and "not yours" in text_of(refused)
    assert (await repo.held_rows(local.bot.services.db, ann.user_id))["reviews"] == 1, "nothing was deleted"

    await local.act_as("Ann")
    done = edited(await local.click(offer.id, custom_id))
    assert "Your data is deleted" in text_of(done) and "1 review" in text_of(done)
    assert await repo.held_rows(local.bot.services.db, ann.user_id) == {}
    shown = answer(await local.command("/review show film:Ballerina"))
    assert "Graceful and brutal" not in text_of(shown)
    assert not done.get("components"), "the button is gone with the data"
    again = (await local.command("/privacy forget")).messages[0]
    assert "I keep nothing about you" in text_of(again.payload) and not again.components


async def test_a_player_in_a_running_game_is_asked_to_wait_and_nothing_is_deleted(seed_bot: LocalDiscord) -> None:
    local = seed_bot
    for extension in ("cogs.trivia", "cogs.privacy"):
        if extension not in local.bot.extensions:
            await local.bot.load_extension(extension)
    me = await local.act_as("Ann")
    await local.command("/review add film:Ballerina rating:7 text:Kept while I play.")
    trivia = trivia_of(local.bot)
    await local.command("/trivia start rounds:3 pack:film-classics")
    await until(lambda: any("Question 1 of 3" in text_of(m.payload) for m in local.channel_messages))
    posted = next(m for m in local.channel_messages if "Question 1 of 3" in text_of(m.payload))
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None
    await local.click(posted.id, f"trivia:{info.game_id}:1:0")

    offer = (await local.command("/privacy forget")).messages[0]
    refused = answer(await local.click(offer.id, _forget_button(offer)))
    assert ephemeral(refused) and "still running" in text_of(refused) and "Nothing was deleted" in text_of(refused)
    assert (await repo.held_rows(local.bot.services.db, me.user_id)).get("reviews") == 1
    await local.command("/trivia stop")
