"""Community reviews: the service (validation, one per member per film per server, paging)
and /review add | remove | show through the command tree Discord drives."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.app.host.client import FilmBot
from bot.app.host.local_discord import GUILD_ID, USER_ID, CommandLineError, LocalDiscord
from bot.catalog.model import FilmSummary
from bot.catalog.service import CatalogService
from bot.config import Settings
from bot.render import review as render
from bot.render.payload import EMBED_TOTAL_MAX
from bot.reviews.model import FilmNotFoundError, ReviewError
from bot.reviews.service import ReviewService, clean_text, validate
from bot.store.db import Database
from tests.conftest import SEED_DATA
from tests.helpers import act_as, answer, ephemeral, text_of

OTHER_GUILD = 555


def named(reviews: ReviewService, title: str) -> FilmSummary:
    """The film a title names, as the film option of /review add resolves it."""
    found = reviews.catalog.lookup_film(title).found
    assert found is not None, title
    return found


async def count_reviews(local: LocalDiscord) -> int:
    row = await local.bot.services.db.fetchone("SELECT count(*) FROM reviews")
    return int(row[0]) if row else 0


@pytest.fixture
async def services(make_settings: Callable[..., Settings]) -> AsyncIterator[tuple[ReviewService, Database]]:
    """The review service on the bundled corpus, without Discord."""
    local = LocalDiscord(FilmBot(make_settings()))
    await local.start()
    yield local.bot.services.reviews, local.bot.services.db
    await local.close()


# --- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rating", [0, 11, -3, 100, 7.5, "8", True, None])
def test_ratings_outside_one_to_ten_are_refused(rating: object) -> None:
    with pytest.raises(ReviewError, match="from 1 to 10"):
        validate(rating, "fine")


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\u200b\u200b"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(ReviewError, match="no text"):
        validate(5, text)


def test_text_limit_is_one_thousand_characters_after_cleaning() -> None:
    assert validate(10, "x" * 1000) == (10, "x" * 1000)
    assert validate(1, "  " + "x" * 1000 + "   \n")[1] == "x" * 1000
    with pytest.raises(ReviewError, match="1,001 characters"):
        validate(5, "x" * 1001)


def test_clean_text_drops_control_characters_and_extra_blank_lines() -> None:
    assert clean_text("a\x00b\r\nc  \n\n\n\nd\u202e") == "ab\nc\n\nd"


# --- the service --------------------------------------------------------------------------------


async def test_add_then_add_again_replaces(services: tuple[ReviewService, Database]) -> None:
    reviews, _ = services
    first = await reviews.add(GUILD_ID, 1, "Ann", named(reviews, "Ballerina"), 6, "Good fights.")
    assert not first.replaced
    assert first.film.slug == "ballerina"
    assert first.review.rating == 6
    second = await reviews.add(
        GUILD_ID, 1, "Ann", named(reviews, "ballerina a john wick story"), 9, "Better the second time."
    )
    assert second.replaced
    assert second.review.rating == 9
    assert second.review.text == "Better the second time."
    assert second.review.created_at == first.review.created_at
    assert second.review.edited
    page = await reviews.community(GUILD_ID, "ballerina")
    assert (page.count, page.average) == (1, 9.0)


async def test_one_review_per_member_per_film_per_server(services: tuple[ReviewService, Database]) -> None:
    reviews, _ = services
    await reviews.add(GUILD_ID, 1, "Ann", named(reviews, "Ballerina"), 4, "meh")
    await reviews.add(GUILD_ID, 2, "Bob", named(reviews, "Ballerina"), 8, "great")
    await reviews.add(OTHER_GUILD, 1, "Ann", named(reviews, "Ballerina"), 10, "elsewhere")
    here = await reviews.community(GUILD_ID, "ballerina")
    assert (here.count, here.average) == (2, 6.0)
    assert [r.author_name for r in here.reviews] == ["Bob", "Ann"]  # latest first
    there = await reviews.community(OTHER_GUILD, "ballerina")
    assert (there.count, there.average) == (1, 10.0)


async def test_a_review_takes_only_the_film_a_title_names(services: tuple[ReviewService, Database]) -> None:
    """The one title lookup (the film options use it): a typo names no film to review, and the
    closest titles are offered; only a read of the film takes the obvious guess."""
    reviews, _ = services
    exact = reviews.catalog.lookup_film("Balerina")
    assert exact.found is None
    assert "Ballerina" in " ".join(exact.suggestions)
    guessed = reviews.catalog.lookup_film("Balerina", guess=True)
    assert guessed.found is not None and guessed.found.slug == "ballerina"
    assert guessed.guessed_from == "Balerina"


async def test_removing_an_unknown_film_is_refused_with_suggestions(services: tuple[ReviewService, Database]) -> None:
    reviews, _ = services
    with pytest.raises(FilmNotFoundError) as caught:
        await reviews.remove(GUILD_ID, 1, "Balerina")
    assert "Ballerina" in " ".join(caught.value.suggestions)


async def test_bad_input_changes_nothing(services: tuple[ReviewService, Database]) -> None:
    reviews, _ = services
    await reviews.add(GUILD_ID, 1, "Ann", named(reviews, "Ballerina"), 7, "kept")
    for rating, text in ((0, "x"), (11, "x"), (5, ""), (5, "y" * 1001)):
        with pytest.raises(ReviewError):
            await reviews.add(GUILD_ID, 1, "Ann", named(reviews, "Ballerina"), rating, text)
    kept = await reviews.get(GUILD_ID, 1, "ballerina")
    assert kept is not None
    assert (kept.rating, kept.text) == (7, "kept")


async def test_remove(services: tuple[ReviewService, Database]) -> None:
    reviews, _ = services
    await reviews.add(GUILD_ID, 1, "Ann", named(reviews, "Ballerina"), 7, "ok")
    with pytest.raises(ReviewError, match="no review of"):
        await reviews.remove(GUILD_ID, 2, "Ballerina")
    title, removed = await reviews.remove(GUILD_ID, 1, "Ballerina")
    assert title == "ballerina" or "Ballerina" in title
    assert removed.rating == 7
    assert (await reviews.community(GUILD_ID, "ballerina")).count == 0
    with pytest.raises(ReviewError, match="no review of"):
        await reviews.remove(GUILD_ID, 1, "Ballerina")


async def test_paging(services: tuple[ReviewService, Database]) -> None:
    reviews, _ = services
    for user in range(12):
        await reviews.add(GUILD_ID, user, f"user{user}", named(reviews, "Ballerina"), user % 10 + 1, f"review {user}")
    first = await reviews.community(GUILD_ID, "ballerina", 1, per_page=5)
    assert (first.count, first.pages, first.page) == (12, 3, 1)
    assert [r.author_name for r in first.reviews] == [f"user{u}" for u in (11, 10, 9, 8, 7)]
    last = await reviews.community(GUILD_ID, "ballerina", 99, per_page=5)
    assert last.page == 3
    assert [r.author_name for r in last.reviews] == ["user1", "user0"]
    assert first.average == pytest.approx(sum(u % 10 + 1 for u in range(12)) / 12)


# --- rendering ------------------------------------------------------------------------------------


async def test_everything_members_wrote_is_escaped_and_fits_one_message(
    services: tuple[ReviewService, Database],
) -> None:
    reviews, _ = services
    catalog: CatalogService = reviews.catalog
    nasty = "@everyone **bold** <@123> [link](http://x) `code` # heading " + "~" * 900
    for user in range(5):
        await reviews.add(GUILD_ID, user, "@here *star*", named(reviews, "Ballerina"), 5, nasty)
    film = (await catalog.find_film("Ballerina")).found
    assert film is not None
    page = await reviews.community(GUILD_ID, "ballerina")
    reply = render.review_show(film, page)
    total = sum(render.embed_size(e) for e in reply.embeds)
    assert total <= EMBED_TOTAL_MAX
    community = reply.embeds[1]
    for item in community["fields"]:
        assert "@everyone" not in item["value"]
        assert "@here" not in item["name"]
        assert "\\*\\*bold\\*\\*" in item["value"]
        assert "<@123>" not in item["value"]
        assert len(item["value"]) <= 1024


# --- through the command tree ---------------------------------------------------------------------


async def test_review_add_show_and_remove(seed_bot: LocalDiscord) -> None:
    act_as(seed_bot, USER_ID, "Ann")
    exchange = await seed_bot.command('/review add film:ballerina rating:8 text:"Poetic carnage, @everyone."')
    added = answer(exchange)
    assert not ephemeral(added)
    assert exchange.callback is not None
    assert exchange.callback["data"]["allowed_mentions"] == {"parse": []}
    assert "8/10" in text_of(added)
    assert "@\u200beveryone" in text_of(added)

    act_as(seed_bot, USER_ID + 1, "Bob")
    await seed_bot.command("/review add film:Ballerina rating:4 text:Too long.")
    shown = answer(await seed_bot.command("/review show film:Ballerina"))
    text = text_of(shown)
    assert "9/10" in text
    assert "review 002" in text
    assert "Server average: **6.0/10** from 2 reviews" in text
    assert text.index("Bob") < text.index("Ann")  # latest first

    replaced = answer(await seed_bot.command("/review add film:Ballerina rating:10 text:Changed my mind."))
    assert "updated their review" in text_of(replaced)
    assert "**9.0/10** from 2 reviews" in text_of(answer(await seed_bot.command("/review show film:Ballerina")))

    removed = answer(await seed_bot.command("/review remove film:Ballerina"))
    assert ephemeral(removed)
    assert "deleted" in removed["content"]
    assert "**8.0/10** from 1 review" in text_of(answer(await seed_bot.command("/review show film:Ballerina")))


async def test_review_pages_with_buttons(seed_bot: LocalDiscord) -> None:
    for user in range(7):
        act_as(seed_bot, 1000 + user, f"member{user}")
        await seed_bot.command(f"/review add film:Ballerina rating:{user + 1} text:Review number {user}.")
    exchange = await seed_bot.command("/review show film:Ballerina")
    message = exchange.messages[0]
    assert "member6" in text_of(message.payload)
    assert "member0" not in text_of(message.payload)
    buttons = [c for row in message.components for c in row["components"]]
    older = next(b for b in buttons if b["label"].startswith("Older"))
    await seed_bot.click(message.id, older["custom_id"])
    edited = seed_bot.messages[message.id].payload
    assert "member0" in text_of(edited)
    assert "member6" not in text_of(edited)
    assert "Page 2 of 2" in text_of(edited)


async def test_bad_review_input_is_an_ephemeral_error_and_changes_nothing(seed_bot: LocalDiscord) -> None:
    await seed_bot.command("/review add film:Ballerina rating:6 text:Original.")
    before = await count_reviews(seed_bot)
    unknown = answer(await seed_bot.command("/review add film:Demon Slayer rating:6 text:Nope."))
    assert ephemeral(unknown)
    assert "I don't know a film called" in unknown["content"]
    blank = answer(await seed_bot.command('/review add film:Ballerina rating:6 text:"   "'))
    assert ephemeral(blank)
    assert "no text" in blank["content"]
    # What Discord's client refuses, the local parser refuses too...
    with pytest.raises(CommandLineError):
        await seed_bot.command("/review add film:Ballerina rating:11 text:x")
    with pytest.raises(CommandLineError):
        await seed_bot.command("/review add film:Ballerina rating:5 text:" + "x" * 1001)
    # ...and when such an interaction reaches the bot anyway, the bot refuses it itself.
    for name, value, message in (
        ("rating", 11, "Rating must be between 1 and 10"),
        ("rating", 0, "Rating must be between 1 and 10"),
        ("text", "x" * 1001, "Text must be 1 to 1000 characters long"),
    ):
        data = seed_bot.parse("/review add film:Ballerina rating:5 text:ok")
        option = next(o for o in data["options"][0]["options"] if o["name"] == name)
        option["value"] = value
        reply = answer(await seed_bot._dispatch(seed_bot._interaction(2, data), 30))
        assert ephemeral(reply), reply
        assert message in reply["content"], reply
    unknown_remove = answer(await seed_bot.command("/review remove film:Demon Slayer"))
    assert ephemeral(unknown_remove)
    assert await count_reviews(seed_bot) == before
    kept = await seed_bot.bot.services.reviews.get(GUILD_ID, USER_ID, "ballerina")
    assert kept is not None
    assert kept.text == "Original."


async def test_reviews_need_a_server(make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    """In a DM, /review show still shows the critics; add and remove are server-only commands."""
    local = LocalDiscord(FilmBot(make_settings(SEED_DATA)))
    await local.start()
    try:
        group = local.bot.tree.get_command("review")
        assert group is not None
        commands = {c.name: c for c in group.commands}  # type: ignore[attr-defined]
        assert commands["add"].guild_only
        assert commands["remove"].guild_only
        assert not commands["show"].guild_only
    finally:
        await local.close()
