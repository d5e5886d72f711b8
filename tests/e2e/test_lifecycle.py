"""The bot's life as a Discord citizen: start, register once, stop cleanly, keep its token secret."""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

from bot.app.host.run import RedactingFormatter
from tests.e2e.fake_discord import PRIVILEGED_INTENTS, FakeDiscord, fake_bot_token
from tests.e2e.process import BotProcess, launch, run_cli

GLOBAL_PUT = "PUT /applications/{application_id}/commands"
GUILD_PUT = "PUT /applications/{application_id}/guilds/{guild_id}/commands"


def error_lines(stderr: str) -> list[str]:
    """What the bot printed itself: stderr minus log records and their tracebacks."""
    return [line for line in stderr.splitlines() if line.startswith("filmbot:")]


async def test_registers_once_restart_does_not_sync_and_sync_forces(tmp_path: Path, data_dir: Path) -> None:
    async with FakeDiscord() as fake:
        first = await launch(fake, tmp_path / "first", data_dir)
        assert len(fake.calls(GLOBAL_PUT)) == 1
        registered = {c["name"]: c for c in fake.commands["global"]}
        assert "help" in registered
        if "film" in registered:
            info = next(o for o in registered["film"]["options"] if o["name"] == "info")
            title = info["options"][0]
            assert (title["name"], title["type"], title["required"], title["autocomplete"]) == ("title", 3, True, True)
        assert await first.stop() == 0, first.tail()

        db = str(tmp_path / "first" / "filmbot.db")
        second = await launch(fake, tmp_path / "second", data_dir, FILMBOT_DB=db)
        assert len(fake.calls(GLOBAL_PUT)) == 1, "a restart with unchanged commands must not sync"
        assert "unchanged" in second.stderr, second.tail()
        reply = await fake.command("help")
        assert reply.text
        assert await second.stop() == 0, second.tail()

        forced = await run_cli(fake, tmp_path / "sync", data_dir, "sync", FILMBOT_DB=db)
        assert forced.proc.returncode == 0, forced.tail()
        assert len(fake.calls(GLOBAL_PUT)) == 2
        assert "/help" in forced.stdout
        assert "Registered" in forced.stdout
        for process in (first, second, forced):
            assert fake.token not in process.stdout + process.stderr


async def test_a_long_rate_limit_on_registration_does_not_stall_start_up(tmp_path: Path, data_dir: Path) -> None:
    async with FakeDiscord() as fake:
        assert await (await launch(fake, tmp_path / "earlier", data_dir)).stop() == 0  # Discord has the commands
        fake.inject(GLOBAL_PUT, status=429, retry_after=3600)  # e.g. the daily command-creation limit
        limited = await launch(fake, tmp_path / "limited", data_dir)
        assert "rate-limits command registration" in limited.stderr
        assert (await fake.command("help")).text, "the commands Discord already has keep working"
        assert await limited.stop() == 0
        db = str(tmp_path / "limited" / "filmbot.db")
        again = await launch(fake, tmp_path / "again", data_dir, FILMBOT_DB=db)
        assert [r.status for r in fake.calls(GLOBAL_PUT)] == [200, 429, 200], "the next start tries again"
        assert await again.stop() == 0


async def test_guild_id_registers_to_that_server_and_commands_work(tmp_path: Path, data_dir: Path) -> None:
    async with FakeDiscord() as fake:
        bot = await launch(fake, tmp_path, data_dir, DISCORD_GUILD_ID=str(fake.guild_id))
        assert fake.calls(GLOBAL_PUT) == []
        assert len(fake.calls(GUILD_PUT)) == 1
        interaction = await fake.send_command("help")
        assert interaction.payload["data"]["guild_id"] == str(fake.guild_id)
        assert (await interaction.reply()).text
        assert await bot.stop() == 0


async def test_run_uses_only_the_api_base_and_asks_it_for_the_gateway(fake: FakeDiscord, bot: BotProcess) -> None:
    assert fake.unhandled == []
    assert fake.calls("GET /gateway/bot"), "the gateway address must come from DISCORD_API_BASE"
    identify = next(detail for _, kind, detail in fake.gateway_log if kind == "IDENTIFY")
    assert identify["intents"] & PRIVILEGED_INTENTS == 0
    assert "token" not in identify  # the fake's log keeps no secret either


async def test_sigterm_and_sigint_stop_cleanly(tmp_path: Path, data_dir: Path) -> None:
    async with FakeDiscord() as fake:
        for signum in (signal.SIGTERM, signal.SIGINT):
            bot = await launch(fake, tmp_path / signum.name, data_dir)
            assert await bot.stop(signum) == 0
            assert "stop requested" in bot.stderr
            assert "Traceback" not in bot.stderr
            assert fake.gateway_log[-1][1] == "DISCONNECT"


async def test_rejected_token_is_one_line_and_never_printed(tmp_path: Path, data_dir: Path) -> None:
    async with FakeDiscord() as fake:
        wrong = fake_bot_token(fake.application_id)
        for level in ("DEBUG", "WARNING"):
            bot = await launch(fake, tmp_path / level, data_dir, wait_ready=False, DISCORD_TOKEN=wrong, LOG_LEVEL=level)
            code = await bot.wait()
            assert code != 0
            assert fake.calls("GET /users/@me")[-1].status == 401
            lines = error_lines(bot.stderr)
            assert len(lines) == 1, bot.stderr
            assert "token" in lines[0]
            assert "Traceback" not in bot.stderr
            assert wrong not in bot.stderr + bot.stdout
            if level == "WARNING":
                assert bot.stderr.strip() == lines[0], "nothing but the one line"
        assert fake.gateway_log == [], "no gateway connection without a valid token"


async def test_missing_token_is_one_line(tmp_path: Path, data_dir: Path) -> None:
    async with FakeDiscord() as fake:
        bot = await launch(fake, tmp_path, data_dir, wait_ready=False, DISCORD_TOKEN="")
        assert await bot.wait() == 2
        assert bot.stderr.strip().count("\n") == 0
        assert "DISCORD_TOKEN" in bot.stderr
        assert fake.requests == []


async def test_token_never_appears_in_debug_logs(fake: FakeDiscord, bot: BotProcess) -> None:
    await fake.command("help")
    logs = bot.stderr + bot.stdout
    assert "INTERACTION_CREATE" in logs, "the logs under test must be the verbose (DEBUG) ones"
    assert fake.token not in logs
    # Nor any part of it long enough to matter (e.g. the secret after the last dot).
    assert fake.token.rsplit(".", 1)[-1] not in logs


async def test_interaction_tokens_never_appear_in_debug_logs(fake: FakeDiscord, bot: BotProcess) -> None:
    """A reply, a deferred reply's follow-up and a completion: their tokens stay out of the logs."""
    sent = [
        await fake.send_command("film list", {}),
        await fake.send_command("admin reload", {"dry_run": True}, user=fake.moderator),  # defer, then a webhook
        await fake.send_autocomplete("film info", {"title": "bal"}),
    ]
    await sent[0].reply()
    assert "Dry run" in (await sent[1].reply()).text
    await sent[2].wait_callback()
    logs = bot.stderr + bot.stdout
    assert "Webhook ID" in logs and "INTERACTION_CREATE" in logs, "the logs under test must be the DEBUG ones"
    for interaction in sent:
        assert interaction.token not in logs
        assert f"/interactions/{interaction.id}/[redacted]/callback" in logs


def test_redaction_covers_interaction_tokens_in_urls_and_payloads() -> None:
    formatter = RedactingFormatter(logging.Formatter("%(message)s"), ["bot-token"])
    token = "aW50ZXJhY3Rpb246MTIzOmFiY2RlZg-_x"
    lines = [
        f"Webhook ID 1 with POST http://127.0.0.1:9/api/v10/interactions/123/{token}/callback has returned 204",
        f"Webhook ID 1 with PATCH https://discord.com/api/v10/webhooks/456/{token}/messages/@original has returned 200",
        f"For Shard ID None: WebSocket Event: {{'t': 'INTERACTION_CREATE', 'd': {{'token': '{token}', 'id': '123'}}}}",
        f'{{"type": 2, "token": "{token}"}}',
    ]
    for line in lines:
        record = logging.LogRecord("discord.webhook.async_", logging.DEBUG, __file__, 1, "%s", (line,), None)
        text = formatter.format(record)
        assert token not in text, text
        assert "[redacted]" in text
    kept = "GET /api/v10/channels/123/messages/456 has returned 200"
    assert formatter.format(logging.LogRecord("x", logging.DEBUG, __file__, 1, kept, (), None)) == kept


def test_redaction_covers_tracebacks() -> None:
    """Belt and braces: even an exception that carries the token is logged without it."""
    token = fake_bot_token(1234567890)
    formatter = RedactingFormatter(logging.Formatter("%(message)s"), [token])
    try:
        raise RuntimeError(f"boom with Authorization: Bot {token}")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed for %s", (token,), sys.exc_info())
    text = formatter.format(record)
    assert "Traceback" in text
    assert token not in text
    assert text.count("[redacted]") == 2
