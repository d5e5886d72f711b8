"""Discord on a bad day: after each injected fault the bot keeps answering and loses nothing."""

from __future__ import annotations

from tests.e2e.fake_discord import FakeDiscord, Interaction
from tests.e2e.process import BotProcess

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"


def callback_statuses(fake: FakeDiscord, interaction: Interaction) -> list[int]:
    return [r.status for r in fake.calls(CALLBACK) if f"/interactions/{interaction.id}/" in r.path]


def replayed(fake: FakeDiscord) -> list[str]:
    """The events the last RESUME replayed."""
    return next(detail for _, kind, detail in reversed(fake.gateway_log) if kind == "RESUMED")


async def help_burst(fake: FakeDiscord, count: int = 3) -> list[Interaction]:
    """Send `count` /help at once (during a fault) and check each got exactly one good answer."""
    sent = [await fake.send_command("help") for _ in range(count)]
    for interaction in sent:
        reply = await interaction.reply(within=10)
        assert "/film info" in reply.text
        assert interaction.rejected == [], "late or duplicate acknowledgement"
        assert callback_statuses(fake, interaction).count(200) == 1
    return sent


async def test_rate_limited_callback_is_retried_after_retry_after(fake: FakeDiscord, bot: BotProcess) -> None:
    fake.inject(CALLBACK, status=429, retry_after=0.3)
    [interaction] = await help_burst(fake, 1)
    assert callback_statuses(fake, interaction) == [429, 200]
    assert interaction.latency is not None
    assert 0.3 <= interaction.latency < 3


async def test_global_rate_limit_is_waited_out(fake: FakeDiscord, bot: BotProcess) -> None:
    fake.inject(None, status=429, retry_after=0.25, is_global=True)
    [interaction] = await help_burst(fake, 1)
    assert callback_statuses(fake, interaction) == [429, 200]


async def test_rate_limited_follow_up_is_retried(fake: FakeDiscord, bot: BotProcess) -> None:
    followup = "POST /webhooks/{application_id}/{token}"
    fake.inject(followup, status=429, retry_after=0.3)
    interaction = await fake.send_command("admin reload", {"dry_run": True}, user=fake.moderator)
    reply = await interaction.reply(within=10)
    assert "Dry run" in reply.text
    assert [r.status for r in fake.calls(followup) if interaction.token in r.path] == [429, 200]


async def test_server_error_is_retried(fake: FakeDiscord, bot: BotProcess) -> None:
    fake.inject(CALLBACK, status=502)
    [interaction] = await help_burst(fake, 1)
    assert callback_statuses(fake, interaction) == [502, 200]


async def test_gateway_reconnect_resumes_and_replays_missed_events(fake: FakeDiscord, bot: BotProcess) -> None:
    readies, resumes = fake.gateway_count("READY"), fake.gateway_count("RESUMED")
    await fake.gateway_reconnect()
    await help_burst(fake)  # dispatched while the bot reconnects: replayed on RESUME
    assert fake.gateway_count("RESUMED") == resumes + 1
    assert "INTERACTION_CREATE" in replayed(fake), "the events sent meanwhile came on RESUME"
    assert fake.gateway_count("READY") == readies, "RECONNECT must resume, not start a new session"
    connects = [detail for _, kind, detail in fake.gateway_log if kind == "CONNECT"]
    assert connects[-1] == "/ws/resume", "a resume goes to READY's resume_gateway_url"


async def test_socket_closed_with_resumable_code_resumes(fake: FakeDiscord, bot: BotProcess) -> None:
    resumes = fake.gateway_count("RESUMED")
    in_flight = await fake.send_command("help")  # may or may not reach the bot before the socket dies
    await fake.gateway_drop(4000)
    await help_burst(fake)
    await in_flight.reply()
    assert in_flight.rejected == []
    assert callback_statuses(fake, in_flight) == [200]
    assert fake.gateway_count("RESUMED") == resumes + 1
    assert "INTERACTION_CREATE" in replayed(fake)


async def test_invalid_session_identifies_again(fake: FakeDiscord, bot: BotProcess) -> None:
    readies = fake.gateway_count("READY")
    await fake.gateway_invalidate(resumable=False)
    # discord.py waits 5 s before a new IDENTIFY (Discord's identify rate limit).
    await fake.wait_ready(readies + 1, within=20)
    await help_burst(fake)
    assert bot.running


async def test_nothing_was_lost_or_answered_twice(fake: FakeDiscord, bot: BotProcess) -> None:
    assert fake.interactions
    for interaction in fake.interactions.values():
        assert interaction.callback is not None, f"{interaction.describe()} was never answered"
        assert interaction.rejected == []
    assert fake.unhandled == []
    assert "Traceback" not in bot.stderr
