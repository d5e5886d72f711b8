"""Trivia categories: every question kind has one, a game can be limited to one, the
autocomplete says how many questions each has, and /trivia packs lists them."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.app.host.local_discord import CHANNEL_ID, LocalDiscord
from bot.trivia import bank
from bot.trivia.categories import CATEGORIES, category_of, counts, find_category
from bot.trivia.errors import InvalidOptionError, NotEnoughQuestionsError
from bot.trivia.model import Question
from cogs.trivia import trivia_of
from tests.helpers import text_of
from tests.test_trivia_console import text


def _question(kind: str, pack: str | None = None, number: int = 0) -> Question:
    return Question(f"{kind}{number}", kind, "Who?", "X", ("X", "Y"), "easy", pack=pack)


def test_every_kind_the_bank_makes_has_exactly_one_category() -> None:
    for kind in bank.KINDS:
        owners = [c for c in CATEGORIES if kind in c.kinds]
        assert len(owners) == 1, kind
        assert category_of(_question(kind)) == owners[0]
    assert category_of(_question("pack", pack="mine")).key == "packs"  # type: ignore[union-attr]
    assert len({c.key for c in CATEGORIES}) == len(CATEGORIES)


def test_categories_are_found_by_key_or_name_and_counted() -> None:
    assert find_category("YEARS-RUNTIMES") == find_category("years and runtimes") is not None
    assert find_category("Story: places and organisations").key == "story"  # type: ignore[union-attr]
    assert find_category("nope") is None
    questions = [_question(bank.YEAR, number=1), _question(bank.RUNTIME), _question(bank.PLACE)]
    questions.append(_question("pack", pack="mine"))
    assert [(c.key, n) for c, n in counts(questions)] == [("years-runtimes", 2), ("story", 1), ("packs", 1)]


async def _with_trivia(local: LocalDiscord) -> LocalDiscord:
    if "cogs.trivia" not in local.bot.extensions:
        await local.bot.load_extension("cogs.trivia")
    return local


async def test_a_game_limited_to_a_category_asks_only_that_kind(seed_bot: LocalDiscord) -> None:
    local = await _with_trivia(seed_bot)
    trivia = trivia_of(local.bot)
    found = dict(await trivia.categories(None))
    expected = Counter(category_of(q) for q in trivia.bank)
    for pack in await trivia.packs(None):
        expected[category_of(pack.questions[0])] += len(pack.questions)
    assert {c.key: n for c, n in found.items()} == {c.key: n for c, n in expected.items() if c and n}

    biggest = max((c for c in found if c.key != "packs"), key=lambda c: found[c])
    rounds = min(found[biggest], 3)
    started = await local.command(f"/trivia start rounds:{rounds} category:{biggest.key}")
    assert f"Category: {biggest.name}" in text(started.messages[0]).replace("*", "")
    info = trivia.game_in(CHANNEL_ID)
    assert info is not None and info.category == biggest.name
    assert all(category_of(q) == biggest for q in trivia.runner.game(info.game_id).questions)
    await local.command("/trivia stop")

    with pytest.raises(NotEnoughQuestionsError):
        await trivia.start_game(1, 99, 7, rounds=found[biggest] + 1, category=biggest.key)
    with pytest.raises(InvalidOptionError, match="no question category “villains”"):
        await trivia.start_game(1, 99, 7, category="villains")
    with pytest.raises(InvalidOptionError, match="no question category"):
        await trivia.start_game(1, 99, 7, category=5)  # type: ignore[arg-type] - a modified client
    refused = await local.command("/trivia start category:villains")
    assert refused.messages[0].ephemeral and "directors, cast" in text(refused.messages[0])
    assert trivia.game_in(CHANNEL_ID) is None


async def test_autocomplete_and_the_pack_list_show_each_category_with_its_count(seed_bot: LocalDiscord) -> None:
    local = await _with_trivia(seed_bot)
    found = await trivia_of(local.bot).categories(None)
    choices = await local.autocomplete("/trivia start category:")
    assert [c["value"] for c in choices] == [c.key for c, _ in found]
    for choice, (category, count) in zip(choices, found, strict=True):
        assert choice["name"].startswith(category.name) and f"({count:,} question" in choice["name"]
    packs_only = await local.autocomplete("/trivia start category:pack")
    assert [c["value"] for c in packs_only] == ["packs"]

    listing = text_of((await local.command("/trivia packs")).messages[0].payload)
    assert "Categories" in listing
    for category, count in found:
        assert f"`{category.key}` {category.name} · {count:,} question" in listing
