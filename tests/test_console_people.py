"""The console's people, its autocomplete for options the bot does not complete,
and its option parser: what a new user meets in the first hour."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from bot.app.host.client import FilmBot
from bot.app.host.console import Console
from bot.app.host.local_discord import USER_ID, CommandLineError, LocalDiscord
from bot.config import Settings
from tests.helpers import reply_of, text_of


async def test_switching_people_changes_who_acts_and_what_they_may_do(seed_bot: LocalDiscord) -> None:
    out = io.StringIO()
    console = Console(seed_bot, out)
    seed_bot.on_message = console.show
    assert seed_bot.person.role == "owner" and seed_bot.person.user_id == USER_ID

    await console.handle("/as alice")
    assert "You are now “alice”, a member." in out.getvalue()
    refused = reply_of(await seed_bot.command("/admin status"))
    assert "Only moderators" in text_of(refused)

    await console.handle("/as Carol moderator")
    carol = seed_bot.person
    assert carol.role == "moderator" and carol.user_id not in (USER_ID,)
    assert "filmbot status" in text_of(reply_of(await seed_bot.command("/admin status")))

    await console.handle("/as alice")  # the same person again: same id, still a member
    alice = seed_bot.person
    await console.handle("/as ALICE")
    assert seed_bot.person == alice and alice.user_id != carol.user_id
    await console.handle("/as you")
    assert seed_bot.person.role == "owner"

    await console.handle("/as")
    listing = out.getvalue().rsplit("Members so far:", 1)[1]
    assert "alice (a member)" in listing and "Carol (a moderator)" in listing

    await console.handle("/help")
    assert out.getvalue().rstrip().endswith("/as alone lists everyone.")
    assert "You are “you”, the server owner." in out.getvalue().rsplit("┌ filmbot", 1)[1]


async def test_people_are_kept_with_the_database(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    first = LocalDiscord(FilmBot(settings))
    await first.start()
    bob = await first.act_as("bob", "moderator")
    await first.close()

    second = LocalDiscord(FilmBot(settings))
    await second.start()
    try:
        again = await second.act_as("Bob")  # no role given: the one kept
        assert again == bob
        stats = second.bot.tree.get_command("trivia").get_command("stats")  # type: ignore[union-attr]
        data = second.command_line.command_data(stats, ["trivia", "stats"], [("user", "bob")], focus_last=False)
        assert data["resolved"]["users"][str(bob.user_id)]["username"] == "bob"
        names = [c["name"] for c in await second.autocomplete("/trivia stats user:")]
        assert names == ["you", "bob"]
        assert [c["name"] for c in await second.autocomplete("/trivia stats user:bo")] == ["bob"]
    finally:
        await second.close()


async def test_a_bad_name_or_role_is_refused(seed_bot: LocalDiscord) -> None:
    with pytest.raises(CommandLineError, match="role is member or moderator"):
        await seed_bot.act_as("dave", "admin")
    with pytest.raises(CommandLineError, match="1 to 32 characters"):
        await seed_bot.act_as("!!!")
    with pytest.raises(CommandLineError, match="no role to give"):
        await seed_bot.act_as("you", "member")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/trivia start difficulty:", ["easy", "medium", "hard"]),
        ("/trivia start difficulty:ha", ["hard"]),
        ("/trivia leaderboard scope:", ["this server", "all servers"]),
        ("/admin reload dry_run:", ["true", "false"]),
    ],
)
async def test_fixed_choices_are_listed_without_asking_the_bot(
    seed_bot: LocalDiscord, line: str, expected: list[str]
) -> None:
    assert [c["name"] for c in await seed_bot.autocomplete(line)] == expected


async def test_a_number_option_says_what_it_takes(seed_bot: LocalDiscord) -> None:
    with pytest.raises(CommandLineError, match="rounds: Rounds must be between 1 and 20 \\(a whole number\\)"):
        await seed_bot.autocomplete("/trivia start rounds:")


async def test_the_console_prints_no_traceback_for_any_option(
    seed_bot: LocalDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    console = Console(seed_bot, out)
    for line in ("?/trivia start difficulty:", "?/trivia start rounds:", "?/trivia stats user:", "?/film info title:"):
        await console.handle(line)
    captured = capsys.readouterr()
    assert "Traceback" not in out.getvalue() + captured.out + captured.err
    assert "  medium" in out.getvalue() and "Rounds must be between 1 and 20" in out.getvalue()


def _pairs(local: LocalDiscord, path: str, rest: str) -> list[tuple[str, str]]:
    command = local.bot.tree.get_command(path.split()[0])
    for name in path.split()[1:]:
        command = command.get_command(name)  # type: ignore[union-attr]
    return local.command_line.pairs(command, rest)  # type: ignore[arg-type]


def test_a_quoted_value_is_one_value_whatever_it_holds(seed_bot: LocalDiscord) -> None:
    pairs = _pairs(seed_bot, "review add", 'film:x rating:8 text:"my rating: 8/10 film: great"')
    assert pairs == [("film", "x"), ("rating", "8"), ("text", "my rating: 8/10 film: great")]
    pairs = _pairs(seed_bot, "review add", "text:“curly \\” quote” rating:3 film:y")
    assert pairs == [("text", "curly ” quote"), ("rating", "3"), ("film", "y")]
    assert _pairs(seed_bot, "review add", "film:The Long Night rating:9") == [
        ("film", "The Long Night"),
        ("rating", "9"),
    ]
    # an unquoted value runs to the next known option, and words with colons that are not options stay text
    assert _pairs(seed_bot, "review add", "text:note: see the end rating:2") == [
        ("text", "note: see the end"),
        ("rating", "2"),
    ]


def test_parser_mistakes_say_what_is_wrong(seed_bot: LocalDiscord) -> None:
    with pytest.raises(CommandLineError, match="titel is not an option of /film info; its options are title"):
        _pairs(seed_bot, "film info", "titel:Heat")
    with pytest.raises(CommandLineError, match="flim is not an option of /trivia start"):
        _pairs(seed_bot, "trivia start", "rounds:3 flim:heat")
    with pytest.raises(CommandLineError, match=r'rating is given twice.*quote the value: text:"…"'):
        _pairs(seed_bot, "review add", "rating:8 text:my rating: 8/10 film: great")
    with pytest.raises(CommandLineError, match="not closed"):
        _pairs(seed_bot, "review add", 'text:"open ended')


async def test_a_misspelt_option_reaches_nobody(seed_bot: LocalDiscord) -> None:
    with pytest.raises(CommandLineError, match="its options are title"):
        await seed_bot.command("/film info titel:Heat")
    assert not seed_bot.exchanges


async def test_a_value_out_of_range_is_refused_in_the_words_of_the_bots_own_check(seed_bot: LocalDiscord) -> None:
    """One wording of what an option takes: the console's refusal is the bot's (bot/app/toolkit/option_check)."""
    with pytest.raises(CommandLineError, match=r"^Query must be 1 to 200 characters long\.$"):
        await seed_bot.command('/film search query:""')


def test_a_quoted_value_may_hold_an_option_like_word(seed_bot: LocalDiscord) -> None:
    assert _pairs(seed_bot, "film info", 'title:"titel: the sequel"') == [("title", "titel: the sequel")]
    with pytest.raises(CommandLineError, match="titel is not an option"):
        _pairs(seed_bot, "film info", "title:x titel:y")
