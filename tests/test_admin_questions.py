"""Questions written in Discord: /admin question add opens a form whose submission (a MODAL_SUBMIT
through the local stand-in and discord.py's own modal handling) is validated as a pack file's
question and grows a server pack; list and remove; refusals private, audited, changing nothing."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.admin import service as admin_service
from bot.app.host.client import FilmBot
from bot.app.host.console import Console, run_ask
from bot.app.host.local_discord import GUILD_ID, Exchange, LocalDiscord
from bot.config import Settings
from bot.render import admin as render_admin
from bot.store import trivia as trivia_repo
from bot.trivia.packs import load_pack_text
from bot.trivia.service import WrittenPack
from bot.trivia.written import WrittenQuestionError, draft_from_form
from tests.helpers import answer, ephemeral, text_of
from tests.test_admin import PLAIN_MEMBER, audit_rows


def values(opened: Exchange, **by_label: str) -> dict[str, str]:
    """The form's values by the start of each field's label (Question, Right, Wrong, Other, Difficulty)."""
    found = {}
    for start, value in by_label.items():
        field = next(f for f in opened.form if f.label.lower().startswith(start.replace("_", " ")))
        found[field.custom_id] = value
    return found


async def add(local: LocalDiscord, pack: str, *, check: bool = True, **fields: str) -> dict[str, Any]:
    opened = await local.command(f"/admin question add pack:{pack}")
    assert opened.modal is not None, text_of(answer(opened))
    sent = await local.submit(opened, values(opened, **fields), check=check)
    return answer(sent)


async def stored(local: LocalDiscord, pack: str) -> str | None:
    return dict(await trivia_repo.uploaded_packs(local.bot.services.db, GUILD_ID)).get(pack)


async def test_the_first_question_creates_the_pack_and_later_ones_grow_it(seed_bot: LocalDiscord) -> None:
    opened = await seed_bot.command("/admin question add pack:House Rules")
    assert opened.callback is not None and opened.callback["type"] == 9
    assert [f.label for f in opened.form][:2] == ["Question", "Right answer"] and len(opened.form) == 5
    first = await add(
        seed_bot,
        "House Rules",
        question="Which city hosts the ballet school?",
        right="Prague",
        wrong="Vienna\nBudapest\n Warsaw ",
        other="praha",
        difficulty="Hard",
    )
    assert ephemeral(first) and "is new" in text_of(first) and "Question 1 of **House Rules**" in text_of(first)
    second = await add(seed_bot, "house rules", question="Who trains the dancers?", right="Nikolai")
    assert "Question 2 of **House Rules**" in text_of(second)

    text = await stored(seed_bot, "house-rules")
    assert text is not None
    pack = load_pack_text("house-rules", text)  # what is stored reads back as a pack file does
    assert [q.prompt for q in pack.questions] == ["Which city hosts the ballet school?", "Who trains the dancers?"]
    first_q = pack.questions[0]
    assert (first_q.answer, first_q.choices, first_q.difficulty) == (
        "Prague",
        ("Prague", "Vienna", "Budapest", "Warsaw"),
        "hard",
    )
    assert "praha" in first_q.accepted
    packs = await seed_bot.bot.services.trivia.packs(GUILD_ID)
    assert "house-rules" in [p.key for p in packs], "playable at once"

    listed = answer(await seed_bot.command("/admin question list pack:House Rules"))
    assert ephemeral(listed) and "**1.** Which city hosts" in text_of(listed) and "**2.** Who trains" in text_of(listed)

    removed = answer(await seed_bot.command("/admin question remove pack:house-rules number:1"))
    assert "Removed “Which city hosts" in text_of(removed) and "1 question left" in text_of(removed)
    assert load_pack_text("house-rules", await stored(seed_bot, "house-rules") or "").questions[0].prompt == (
        "Who trains the dancers?"
    )
    out_of_range = answer(await seed_bot.command("/admin question remove pack:house-rules number:5"))
    assert ephemeral(out_of_range) and "questions 1 to 1, not 5" in text_of(out_of_range)
    last = answer(await seed_bot.command("/admin question remove pack:house-rules number:1"))
    assert "gone too" in text_of(last)
    assert await stored(seed_bot, "house-rules") is None

    actions = [(r["action"], r["ok"]) for r in await audit_rows(seed_bot)]
    assert actions.count(("question.add", 1)) == 2 and actions.count(("question.remove", 1)) == 2
    assert ("question.remove", 0) in actions


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"question": "Q?", "right": "Prague", "wrong": "Vienna\nprague"}, "is a right answer"),
        ({"question": "Q?", "right": "Prague", "other": "Praha", "wrong": "PRAHA"}, "is a right answer"),
        ({"question": "Q?", "right": "Prague", "wrong": "a\nb\nc\nd"}, "at most 3 wrong answers"),
        ({"question": "Q?", "right": "Prague", "wrong": "Vienna\nvienna"}, "different from each other"),
        ({"question": "Q?", "right": "Prague", "difficulty": "brutal"}, "difficulty is one of"),
        ({"question": "Q?", "right": "P" * 81, "wrong": "Vienna"}, "at most 80 characters"),
        ({"question": "?" * 5, "right": "Prague"}, "question is empty"),
    ],
)
async def test_a_bad_question_is_refused_privately_and_changes_nothing(
    seed_bot: LocalDiscord, fields: dict[str, str], problem: str
) -> None:
    reply = await add(seed_bot, "Quiz Night", check=False, **fields)
    assert ephemeral(reply) and problem in text_of(reply), text_of(reply)
    assert await stored(seed_bot, "quiz-night") is None
    assert [(r["action"], r["ok"]) for r in await audit_rows(seed_bot)] == [("question.add", 0)]


def test_forged_values_of_other_types_are_refused() -> None:
    with pytest.raises(WrittenQuestionError, match="must be text"):
        draft_from_form(["Q?"], "A", None, None, None)
    with pytest.raises(WrittenQuestionError, match="must be text"):
        draft_from_form("Q?", "A", 3, None, None)
    draft = draft_from_form("Who?", "Ann", "Bo; Cy", None, "")
    assert (draft.wrong, draft.difficulty) == (("Bo", "Cy"), "medium"), "';' separates too (the one-line console)"


async def test_bundled_names_red_packs_and_duplicates_are_refused(seed_bot: LocalDiscord) -> None:
    bundled = (await seed_bot.bot.services.trivia.packs(None))[0]
    refused = answer(await seed_bot.command(f"/admin question add pack:{bundled.name}"))
    assert ephemeral(refused) and "bundled with the bot" in text_of(refused)

    guild = GUILD_ID
    await seed_bot.bot.services.trivia.upload_pack(guild, 1, "redlist", "Which year?:\n- 1994\nWho?:\n- Ann\n")
    red = answer(await seed_bot.command("/admin question add pack:redlist"))
    assert ephemeral(red) and "Red-DiscordBot's format" in text_of(red)

    await add(seed_bot, "Dupes", question="Who?", right="Ann")
    again = await add(seed_bot, "Dupes", question="  WHO? ", right="Bo")
    assert "already has that question (number 1)" in text_of(again)


@pytest.fixture
async def member_bot(make_settings: Callable[..., Settings]) -> AsyncIterator[LocalDiscord]:
    local = LocalDiscord(FilmBot(make_settings()), user_name="member", permissions=PLAIN_MEMBER, roles=(777,))
    await local.start()
    yield local
    await local.close()


async def test_members_cannot_open_or_submit_the_form(member_bot: LocalDiscord) -> None:
    refused = answer(await member_bot.command("/admin question add pack:Mine"))
    assert ephemeral(refused) and "Only moderators" in text_of(refused)
    assert answer(await member_bot.command("/admin question list pack:Mine"))["content"].startswith("Only moderators")


async def test_the_console_fills_the_form_field_by_field(seed_bot: LocalDiscord) -> None:
    out = io.StringIO()
    console = Console(seed_bot, out)
    seed_bot.on_message = console.show
    await console.handle("/admin question add pack:Console Cup")
    assert "┌ First question · Console Cup" in out.getvalue()
    for line in ("Who wrote the score?", "Ann Vale", "Bo Lind; Cy Marr", "Vale", "easy"):
        await console.handle(line)
    assert (
        "Question 1 of **Console Cup** added" in out.getvalue() or "Question 1 of Console Cup added" in out.getvalue()
    )
    pack = load_pack_text("console-cup", await stored(seed_bot, "console-cup") or "")
    assert pack.questions[0].choices == ("Ann Vale", "Bo Lind", "Cy Marr")


async def test_filmbot_ask_fills_the_form_by_field_name(
    make_settings: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings()
    fields = ["question=Who wrote the score?", "answer=Ann Vale", "wrong=Bo Lind; Cy Marr", "difficulty=easy"]
    assert await run_ask(settings, "/admin question add pack:Ask Cup", as_json=False, fields=fields) == 0
    assert "Question 1 of Ask Cup added" in " ".join(capsys.readouterr().out.split())
    assert await run_ask(settings, "/admin question list pack:Ask Cup", as_json=False) == 0
    assert "1. Who wrote the score? — Ann Vale" in " ".join(capsys.readouterr().out.replace("*", "").split())


def test_written_text_never_pings_or_breaks_markdown() -> None:
    pack = WrittenPack("bold", "**Bold** @everyone", (("Who is *it*?", "<@123>"),))
    listed = render_admin.question_list(pack, "bold")
    shown = text_of({"embeds": listed.embeds})
    assert "**Bold**" not in shown and "\\*\\*Bold\\*\\*" in shown
    assert "<@123>" not in shown and "@everyone" not in shown.replace("@\u200beveryone", "")
    added = render_admin.question_added(pack, created=True).content or ""
    assert "<@123>" not in added and "\\*it\\*" in added


async def test_at_the_pack_limit_a_new_pack_is_refused_before_the_form(
    seed_bot: LocalDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(admin_service, "MAX_UPLOADED_PACKS", 1)
    await add(seed_bot, "Only One", question="Who?", right="Ann")
    refused = await seed_bot.command("/admin question add pack:Second")
    assert refused.modal is None and "the most it can keep" in text_of(answer(refused))
    assert "Question 2 of" in text_of(await add(seed_bot, "Only One", question="Where?", right="Oslo"))
    missing = answer(await seed_bot.command("/admin question list pack:Second"))
    assert ephemeral(missing) and "no pack called “Second”" in text_of(missing)
