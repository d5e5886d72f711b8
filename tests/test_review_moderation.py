"""Moderators remove another member's review: checked in the bot, audited, nobody pinged."""

from __future__ import annotations

from typing import Any

from bot.app.host.local_discord import GUILD_ID, Exchange, LocalDiscord
from tests.helpers import answer, ephemeral, text_of


async def _film(local: LocalDiscord) -> str:
    return next(iter(local.bot.services.catalog._summaries.values())).title


async def test_a_moderator_removes_a_member_s_review_and_it_is_audited(seed_bot: LocalDiscord) -> None:
    film = await _film(seed_bot)
    ann = await seed_bot.act_as("Ann")
    await seed_bot.command(f'/review add film:"{film}" rating:2 text:"spam spam spam"')
    assert await seed_bot.bot.services.reviews.get(GUILD_ID, ann.user_id, _slug(seed_bot, film)) is not None

    await seed_bot.act_as("Bob")  # a plain member may not
    refused = answer(await seed_bot.command(f'/review remove film:"{film}" user:Ann'))
    assert ephemeral(refused) and "Only moderators" in text_of(refused)
    assert await seed_bot.bot.services.reviews.get(GUILD_ID, ann.user_id, _slug(seed_bot, film)) is not None

    moderator = await seed_bot.act_as("Mo", "moderator")
    exchange = await seed_bot.command(f'/review remove film:"{film}" user:Ann')
    removed = answer(exchange)
    assert ephemeral(removed) and "by **Ann** is removed" in removed["content"]
    assert "<@" not in removed["content"]
    assert exchange.callback is not None
    assert exchange.callback["data"]["allowed_mentions"] == {"parse": []}
    assert await seed_bot.bot.services.reviews.get(GUILD_ID, ann.user_id, _slug(seed_bot, film)) is None

    log = await seed_bot.bot.services.admin.audit_log(GUILD_ID)
    latest = log[0]
    assert (latest.action, latest.user_id, latest.ok) == ("review.remove", moderator.user_id, True)
    assert "Ann" in latest.detail and film in latest.detail
    (refusal,) = await seed_bot.bot.services.admin.refusals(GUILD_ID)  # refusals are kept apart
    assert refusal.commands == ("/review remove user",) and refusal.attempts == 1

    again = answer(await seed_bot.command(f'/review remove film:"{film}" user:Ann'))
    assert ephemeral(again) and "Ann has no review of" in again["content"]


async def test_naming_yourself_removes_your_own_review_without_being_a_moderator(seed_bot: LocalDiscord) -> None:
    film = await _film(seed_bot)
    await seed_bot.act_as("Cy")
    await seed_bot.command(f'/review add film:"{film}" rating:9 text:"Loved it."')
    mine = answer(await seed_bot.command(f'/review remove film:"{film}" user:me'))
    assert "Your review of" in mine["content"]


def _slug(local: LocalDiscord, title: str) -> str:
    slug = local.bot.services.catalog.resolve_film_slug(title)
    assert slug is not None
    return slug


# -- links in reviews: a per-server setting ---------------------------------------------------------

INVITE = "https://discord.gg/fr33-n1tr0"


async def _review_with_a_link(local: LocalDiscord) -> dict[str, Any]:
    film = await _film(local)
    return answer(await local.command(f'/review add film:"{film}" rating:7 text:"Great, see {INVITE}. Or www.x.test"'))


async def test_links_are_shown_without_previews_by_default(seed_bot: LocalDiscord) -> None:
    saved = await _review_with_a_link(seed_bot)
    body = saved["embeds"][0]["description"]
    assert f"<{INVITE}>" in body and "<www.x.test>" in body and body.startswith("Great, see <")
    settings = text_of(answer(await seed_bot.command("/admin settings")))
    assert "Links in reviews: shown without previews" in settings


async def test_a_server_may_refuse_links_or_allow_them(seed_bot: LocalDiscord) -> None:
    changed = text_of(answer(await seed_bot.command("/admin settings review_links:refused")))
    assert "links in reviews plain → refused" in changed
    refused = answer(await _review_with_a_link_as(seed_bot, "Eve"))  # settings are per server, not per member
    assert ephemeral(refused) and "Links are not allowed" in refused["content"]
    eve = seed_bot.person.user_id
    film_slug = _slug(seed_bot, await _film(seed_bot))
    assert await seed_bot.bot.services.reviews.get(GUILD_ID, eve, film_slug) is None

    await seed_bot.act_as("you")
    await seed_bot.command("/admin settings review_links:allowed")
    allowed = answer(await _review_with_a_link_as(seed_bot, "Eve"))
    assert f"see {INVITE}." in allowed["embeds"][0]["description"]


async def test_a_member_cannot_change_the_link_setting(seed_bot: LocalDiscord) -> None:
    await seed_bot.act_as("Fay")
    assert "Only moderators" in text_of(answer(await seed_bot.command("/admin settings review_links:allowed")))
    assert await seed_bot.bot.services.reviews.link_setting(GUILD_ID) == "plain"


async def _review_with_a_link_as(local: LocalDiscord, name: str) -> Exchange:
    await local.act_as(name)
    film = await _film(local)
    return await local.command(f'/review add film:"{film}" rating:7 text:"Great, see {INVITE}. Or www.x.test"')
