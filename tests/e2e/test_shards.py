"""Shard processes against the fake Discord: each IDENTIFY carries [shard_id, shard_count],
identifies keep to max_concurrency per 5 s, only the process holding shard 0 registers the
commands, and the guild's shard answers; bad shard settings stop the start with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.process import START_TIMEOUT, BotProcess, bot_env, launch, spawn
from tests.e2e.test_lifecycle import GLOBAL_PUT, error_lines


def identified_shards(fake: FakeDiscord) -> list[tuple[float, list[int]]]:
    return [(at, detail.get("shard")) for at, kind, detail in fake.gateway_log if kind == "IDENTIFY"]


async def test_four_shards_identify_two_per_five_seconds_and_the_guild_s_shard_answers(
    tmp_path: Path, data_dir: Path
) -> None:
    async with FakeDiscord() as fake:
        fake.max_concurrency = 2
        env = bot_env(fake, tmp_path / "bot", data_dir)
        bot = await spawn(tmp_path / "bot", env, "run", "--shard-count", "4", "--shards", "0-3")
        await fake.wait_until(
            lambda: fake.gateway_count("READY") >= 4 or not bot.running, START_TIMEOUT + 15, "4 READY"
        )
        assert bot.running, bot.tail()
        identifies = identified_shards(fake)
        assert sorted(shard for _, shard in identifies) == [[0, 4], [1, 4], [2, 4], [3, 4]]
        times = sorted(at for at, _ in identifies)
        assert times[1] - times[0] < 4, "two may identify together (max_concurrency 2)"
        assert times[2] - times[0] >= 4.9 and times[3] - times[1] >= 4.9, "never a third within 5 s"
        assert (await fake.command("help")).text
        assert len(fake.calls(GLOBAL_PUT)) == 1
        assert await bot.stop() == 0


async def test_two_processes_split_the_shards_and_only_shard_zero_registers(tmp_path: Path, data_dir: Path) -> None:
    async with FakeDiscord() as fake:
        processes: list[BotProcess] = []
        for shard in (0, 1):
            directory = tmp_path / f"shard{shard}"
            env = bot_env(fake, directory, data_dir)
            processes.append(await spawn(directory, env, "run", "--shard-count", "2", "--shards", str(shard)))
        await fake.wait_until(lambda: fake.gateway_count("READY") >= 2, START_TIMEOUT + 10, "both READY")
        assert sorted(shard for _, shard in identified_shards(fake)) == [[0, 2], [1, 2]]
        assert (await fake.command("film info", title="Ballerina")).text, "the guild's shard answers"
        await fake.wait_until(lambda: len(fake.calls(GLOBAL_PUT)) >= 1, 10, "the commands registered")
        assert len(fake.calls(GLOBAL_PUT)) == 1, "only the process holding shard 0 registers the commands"
        for process in processes:
            assert await process.stop() == 0


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--shard-count", "4", "--shards", "2-4"], "outside SHARD_COUNT 4"),
        (["--shard-count", "4", "--shards", "0-2,1"], "twice: the ranges overlap"),
        (["--shard-count", "4", "--shards", ""], "--shards is empty"),
        (["--shard-count", "4", "--shards", "1,,2"], "empty item"),
        (["--shard-count", "four"], "SHARD_COUNT must be a whole number"),
        (["--shards", "0-1"], "SHARD_IDS needs SHARD_COUNT"),
    ],
)
async def test_bad_shard_settings_are_refused_with_the_reason(
    tmp_path: Path, data_dir: Path, args: list[str], reason: str
) -> None:
    async with FakeDiscord() as fake:
        bot = await spawn(tmp_path, bot_env(fake, tmp_path, data_dir), "run", *args)
        assert await bot.wait() == 2
        lines = error_lines(bot.stderr)
        assert len(lines) == 1 and reason in lines[0], bot.stderr
        assert fake.gateway_count("IDENTIFY") == 0


async def test_shard_settings_come_from_the_environment_too(tmp_path: Path, data_dir: Path) -> None:
    async with FakeDiscord() as fake:
        bot = await launch(fake, tmp_path, data_dir, wait_ready=False, SHARD_COUNT="3", SHARD_IDS="1,2")
        await fake.wait_until(lambda: fake.gateway_count("READY") >= 2 or not bot.running, START_TIMEOUT + 10, "READY")
        assert sorted(shard for _, shard in identified_shards(fake)) == [[1, 3], [2, 3]]
        assert fake.calls(GLOBAL_PUT) == [], "shard 0 is elsewhere: it registers the commands"
        assert "give every process the same DATABASE_URL" in bot.stderr
        assert await bot.stop() == 0
