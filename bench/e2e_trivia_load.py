"""Trivia under a flood of clicks, end to end: the real bot process through the fake Discord.

50 games in 50 channels; in each, players answer right 0.2-0.8 s after every
question, while wrong clicks by 2,000 distinct other members are stepped
through 0, 400, 800, 1,600, 3,200 and 6,400 clicks/s. Clicks go over the
gateway as Discord sends them; latency is click (INTERACTION_CREATE written)
to callback (its POST arriving), both on the fake's clock. A click is lost
when no callback arrived within Discord's 3 s, or the fake refused it.

The same run then drives the floor: a minimal stock discord.py bot
(bench/floor_bot.py) that acknowledges every click with an ephemeral message,
with the same click stream on question messages the driver posts itself.

Per step: clicks sent (and whether the driver kept up), p50/p99/max, lost,
the bot's CPU per click and RSS (psutil), its TCP connections (peak), REST
calls per question (filmbot), tracebacks logged. Then the ceiling of each
bot (highest rate with p99 <= 100 ms and nothing lost) and, for filmbot, the
recovery after the flood: RSS, `/trivia stop` in every channel and its
latency from the flood's end, and whether every game's standings were posted.

    .venv/bin/python bench/e2e_trivia_load.py [--step-seconds 10] [--steps 0,400,...] [--only filmbot|floor]

"CPU ms/click" is the bot's CPU time over the clicks of a step; on the flood steps the games' own
work (posting, edits, reveals: the CPU rate of the 0/s step) is taken off first, so it is the cost
of a click.

The fake runs in this (the driver's) process: the "sent/s" and "driver lag"
columns say whether it kept up with the rate asked for.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import random
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.render.payload import escape
from tests.e2e.fake_discord import FakeDiscord, FakeUser, Interaction, _dumps, _loads
from tests.e2e.process import PROJECT_ROOT, BotProcess, _output_files, launch

GAMES = 50
RIGHT_PLAYERS = 4  # per game, each answering every question right 0.2-0.8 s after it appears
WRONG_MEMBERS = 2000
STEPS = (0, 400, 800, 1600, 3200, 6400)
QUESTION_SECONDS = 10
REVEAL_SECONDS = 2
ROUNDS = 20
WINDOW = 3.0
P99_GOAL_MS = 100.0
AFTER_SECONDS = 25.0  # when "RSS after" is read, after the last clicks were settled
CHANNEL_MESSAGES = "POST /channels/{channel_id}/messages"
CHANNEL_MESSAGE = "PATCH /channels/{channel_id}/messages/{message_id}"


@dataclass
class Question:
    message: dict[str, Any]
    right: str | None  # custom_id of the right answer, when known
    wrong: list[str]


@dataclass
class StepResult:
    rate: int
    seconds: float
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    cpu_seconds: float = 0.0
    rss_mb: float = 0.0
    peak_connections: int = 0
    rest_calls: int = 0
    questions: int = 0
    tracebacks: int = 0
    lag_ms: list[float] = field(default_factory=list)

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    @property
    def ok(self) -> bool:
        return self.lost == 0 and bool(self.latencies) and self.percentile(99) <= P99_GOAL_MS


@dataclass
class RunResult:
    name: str
    steps: list[StepResult]
    rss_before_mb: float = 0.0
    rss_soon_mb: float = 0.0  # 5 s after the flood (and the stops) are over
    rss_after_mb: float = 0.0  # AFTER_SECONDS after
    stops: list[float] = field(default_factory=list)  # /trivia stop: seconds from the flood's end to its answer
    standings: int = 0
    games: int = 0
    shed_lines: list[str] = field(default_factory=list)

    @property
    def ceiling(self) -> int | None:
        ok = [s.rate for s in self.steps if s.ok]
        return max(ok) if ok else None


class LoadFake(FakeDiscord):
    """The fake, with cheap click payloads and a hook on the bot's channel messages."""

    def __init__(self) -> None:
        super().__init__(keep_bodies=False)
        self.on_post: Any = None
        self.on_edit: Any = None
        self.rest = collections.Counter()
        self._members: dict[int, dict[str, Any]] = {}
        self._bases: dict[int, dict[str, Any]] = {}
        self._batch: list[tuple[dict[str, Any], Interaction]] = []

    async def _post_channel_message(self, request: Any) -> Any:
        response = await super()._post_channel_message(request)
        self.rest["post"] += 1
        if self.on_post is not None and response.status == 200:
            self.on_post(self.messages[int(_loads(response.body)["id"])])
        return response

    async def _channel_message(self, request: Any) -> Any:
        response = await super()._channel_message(request)
        self.rest["edit" if request.method == "PATCH" else request.method.lower()] += 1
        if request.method == "PATCH" and self.on_edit is not None:
            self.on_edit(self.messages[int(request.match_info["message_id"])])
        return response

    def trim(self) -> None:
        """Long runs: the request log is not needed here."""
        self.requests.clear()

    def click_payload(self, user: FakeUser, message: dict[str, Any], custom_id: str) -> dict[str, Any]:
        channel_id = int(message["channel_id"])
        base = self._bases.get(channel_id)
        if base is None:
            base = self._bases[channel_id] = self._base_interaction(3, user, channel_id=channel_id)
        member = self._members.get(user.id)
        if member is None:
            permissions = base["member"]["permissions"]
            member = self._members[user.id] = {**self.member_payload(user), "permissions": permissions}
        interaction_id = self.snowflake()
        return {
            **base,
            "id": str(interaction_id),
            "token": f"aW50ZXJhY3Rpb246{interaction_id}{secrets.token_hex(16)}",
            "member": member,
            "message": message,
            "data": {"custom_id": custom_id, "component_type": 2},
        }

    def click_now(self, user: FakeUser, message: dict[str, Any], custom_id: str) -> Interaction:
        """A click for the next `flush`: at thousands per second, one socket write per batch, not per event.

        Like `_deliver`, without keeping the event for a RESUME (this bench has no reconnects)."""
        payload = self.click_payload(user, message, custom_id)
        interaction = Interaction(self, payload, user)
        self.interactions[interaction.id] = interaction
        self._by_token[interaction.token] = interaction
        self._batch.append((payload, interaction))
        return interaction

    def flush(self) -> None:
        """Write the batch to the gateway socket now, in order and in one go (no await in between, so
        no other event can get into the compression stream), and start the clicks' clocks."""
        batch, self._batch = self._batch, []
        session = self.session
        if not batch or session is None or session.connection is None:
            return
        connection = session.connection
        frames = []
        for payload, _ in batch:
            session.seq += 1
            raw = _dumps({"op": 0, "t": "INTERACTION_CREATE", "s": session.seq, "d": payload})
            if connection.compressor is None:
                frames.append(websocket_frame(raw, opcode=0x1))
            else:
                frames.append(websocket_frame(connection._compressed(raw), opcode=0x2))
        connection.ws._writer.transport.write(b"".join(frames))  # type: ignore[union-attr]
        now = time.perf_counter()
        for _, interaction in batch:
            interaction.created = now


def websocket_frame(data: bytes, *, opcode: int) -> bytes:
    """One unmasked, final websocket frame (server to client)."""
    size = len(data)
    if size < 126:
        header = bytes((0x80 | opcode, size))
    elif size < 1 << 16:
        header = bytes((0x80 | opcode, 126)) + size.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 127)) + size.to_bytes(8, "big")
    return header + data


def read_answers(db_path: Path) -> dict[str, str]:
    """The right answer of every question, by its prompt as shown (escaped)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT prompt, answer FROM trivia_questions").fetchall()
    return {escape(prompt): answer for prompt, answer in rows}


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("components") or [] for b in row.get("components", [])]


class Driver:
    """Sends clicks at a rate, schedules the right answers, and collects every click's fate."""

    def __init__(self, fake: LoadFake, process: psutil.Process, answers: dict[str, str] | None) -> None:
        self.fake = fake
        self.process = process
        self.answers = answers
        self.loop = asyncio.get_running_loop()
        self.current: dict[int, Question] = {}  # channel -> its open question
        self.right_due: collections.deque[tuple[FakeUser, dict[str, Any], str]] = collections.deque()
        self.players: dict[int, list[FakeUser]] = {}
        self.members = [fake.add_user(f"crowd-{n}") for n in range(WRONG_MEMBERS)]
        self.outstanding: collections.deque[tuple[StepResult, Interaction]] = collections.deque()
        self.step: StepResult | None = None
        self.rate = 0
        self.standings: set[int] = set()
        self.questions_posted = 0
        fake.on_post = self.posted
        fake.on_edit = self.edited

    # -- what the bot (or the floor's poster) shows

    def posted(self, message: dict[str, Any]) -> None:
        channel_id = int(message["channel_id"])
        title = (message.get("embeds") or [{}])[0].get("title", "")
        if "Final standings" in title:
            self.standings.add(channel_id)
            self.current.pop(channel_id, None)
            return
        found = buttons(message)
        if not found or "Question" not in title:
            return
        self.question_shown(channel_id, message, found)

    def question_shown(self, channel_id: int, message: dict[str, Any], found: list[dict[str, Any]]) -> None:
        right = None
        if self.answers is not None:
            prompt = message["embeds"][0]["description"].split("\n")[0]
            answer = self.answers.get(prompt)
            right = next((b["custom_id"] for b in found if b["label"].split(". ", 1)[-1] == answer), None)
        else:
            right = found[0]["custom_id"]
        wrong = [b["custom_id"] for b in found if b["custom_id"] != right]
        self.current[channel_id] = Question(message, right, wrong)
        self.questions_posted += 1
        if self.step is not None:
            self.step.questions += 1
        for player in self.players.get(channel_id, []):
            self.loop.call_later(random.uniform(0.2, 0.8), self._due, player, message, right or wrong[0])

    def _due(self, player: FakeUser, message: dict[str, Any], custom_id: str) -> None:
        self.right_due.append((player, message, custom_id))

    def edited(self, message: dict[str, Any]) -> None:
        channel_id = int(message["channel_id"])
        question = self.current.get(channel_id)
        if question is not None and question.message is message and "Answer:" in str(message.get("embeds")):
            del self.current[channel_id]

    # -- clicks

    def send(self, user: FakeUser, message: dict[str, Any], custom_id: str) -> None:
        interaction = self.fake.click_now(user, message, custom_id)
        if self.step is not None:
            self.step.sent += 1
            self.outstanding.append((self.step, interaction))

    async def pump(self) -> None:
        """Wrong clicks at `self.rate`/s on random open questions, plus the right answers when due;
        runs from before the first question to the end, so no click waits for a step to start."""
        start, sent, rate = self.loop.time(), 0, self.rate
        while True:
            if self.rate != rate:
                start, sent, rate = self.loop.time(), 0, self.rate
            while self.right_due:
                self.send(*self.right_due.popleft())
            due = int((self.loop.time() - start) * rate) - sent
            channels = list(self.current)
            for n in range(due if channels else 0):
                question = self.current.get(random.choice(channels))
                if question is not None:
                    self.send(random.choice(self.members), question.message, random.choice(question.wrong))
                if n % 32 == 31:
                    self.fake.flush()
                    await asyncio.sleep(0)  # let the callbacks in: their arrival is what is measured
            sent += max(due, 0)
            self.fake.flush()
            await asyncio.sleep(0.002)

    async def harvest(self) -> None:
        """Settle clicks: answered (latency), or lost (refused, or nothing within 3 s)."""
        while True:
            await asyncio.sleep(0.25)
            self.settle(time.perf_counter())

    def settle(self, now: float, *, everything: bool = False) -> None:
        while self.outstanding:
            step, interaction = self.outstanding[0]
            done = interaction.callback_at is not None or interaction.rejected
            if not done and not everything and now - interaction.created <= WINDOW + 0.5:
                break
            self.outstanding.popleft()
            if interaction.rejected or interaction.callback_at is None:
                step.lost += 1
            else:
                latency = interaction.callback_at - interaction.created
                if latency > WINDOW:
                    step.lost += 1
                else:
                    step.latencies.append(latency * 1000)
            self.fake.forget(interaction)

    async def watch(self, step: StepResult) -> None:
        """The bot's TCP connections (peak) and the driver's own loop lag, while a step runs."""
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.1)
            step.lag_ms.append((time.perf_counter() - before - 0.1) * 1000)
            with contextlib.suppress(psutil.Error):
                step.peak_connections = max(step.peak_connections, len(self.process.net_connections(kind="tcp")))

    async def run_step(self, rate: int, seconds: float, log_path: Path | None) -> StepResult:
        step = StepResult(rate, seconds)
        self.step = step
        cpu = self.process.cpu_times()
        rest = sum(self.fake.rest.values())
        tracebacks = count_tracebacks(log_path)
        watcher = asyncio.create_task(self.watch(step))
        self.rate = rate
        try:
            await asyncio.sleep(seconds)
        finally:
            watcher.cancel()
            self.rate = 0
        after = self.process.cpu_times()
        step.cpu_seconds = (after.user + after.system) - (cpu.user + cpu.system)
        step.rss_mb = self.process.memory_info().rss / 2**20
        step.rest_calls = sum(self.fake.rest.values()) - rest
        step.tracebacks = count_tracebacks(log_path) - tracebacks
        self.fake.trim()
        return step


def count_tracebacks(path: Path | None) -> int:
    if path is None or not path.exists():
        return 0
    with open(path, "rb") as log:
        return sum(line.startswith(b"Traceback") for line in log)


async def wait_for(predicate: Any, within: float) -> bool:
    deadline = time.perf_counter() + within
    while time.perf_counter() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.05)
    return predicate()


async def run_filmbot(steps: list[int], step_seconds: float, workdir: Path, data_dir: Path) -> RunResult:
    result = RunResult("filmbot", [])
    async with LoadFake() as fake:
        bot = await launch(fake, workdir / "filmbot", data_dir, LOG_LEVEL="INFO")
        harvester = pump = None
        try:
            process = psutil.Process(bot.proc.pid)
            await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=REVEAL_SECONDS, user=fake.owner)
            driver = Driver(fake, process, read_answers(bot.directory / "filmbot.db"))
            channels = [fake.channel_id] + [await fake.add_channel(f"trivia-{n}") for n in range(1, GAMES)]
            for channel_id in channels:
                driver.players[channel_id] = [fake.add_user(f"player-{channel_id}-{n}") for n in range(RIGHT_PLAYERS)]
            harvester = asyncio.create_task(driver.harvest())
            pump = asyncio.create_task(driver.pump())
            cycle, setup_start = QUESTION_SECONDS + REVEAL_SECONDS, time.perf_counter()
            for n, channel_id in enumerate(channels):  # spread over a question's cycle, as real games are
                await asyncio.sleep(max(0.0, n * cycle / GAMES - (time.perf_counter() - setup_start)))
                reply = await fake.command("trivia start", rounds=ROUNDS, user=fake.owner, in_channel=channel_id)
                assert "Trivia is starting" in reply.text, reply.text
            await wait_for(lambda: len(driver.current) == GAMES, 15)
            result.games = len(channels)
            await asyncio.sleep(1.0)
            result.rss_before_mb = process.memory_info().rss / 2**20
            log_path = bot.directory / "stderr.txt"
            for rate in steps:
                result.steps.append(await driver.run_step(rate, step_seconds, log_path))
            flood_end = time.perf_counter()
            driver.step = None
            stops = [await fake.send_command("trivia stop", user=fake.owner, in_channel=c) for c in channels]
            for stop in stops:
                try:
                    await stop.wait_callback(within=10)
                except TimeoutError:
                    continue
                assert stop.callback_at is not None
                result.stops.append(stop.callback_at - flood_end)
            await wait_for(lambda: driver.standings >= set(channels), 15)
            result.standings = len(driver.standings & set(channels))
            await asyncio.sleep(WINDOW + 1)
            driver.settle(time.perf_counter(), everything=True)
            await asyncio.sleep(5)
            result.rss_soon_mb = process.memory_info().rss / 2**20
            await asyncio.sleep(AFTER_SECONDS - 5)
            result.rss_after_mb = process.memory_info().rss / 2**20
            result.shed_lines = [line for line in bot.stderr.splitlines() if "late clicks" in line]
        finally:
            for task in (harvester, pump):
                if task is not None:
                    task.cancel()
            code = await bot.stop()
            if code != 0:
                print(bot.tail(), file=sys.stderr)
    return result


async def post_questions(fake: LoadFake, driver: Driver, channels: list[int], stop: asyncio.Event) -> None:
    """For the floor: a question message with four buttons in every channel, every question's time."""
    cycle = QUESTION_SECONDS + REVEAL_SECONDS
    start = time.perf_counter()
    number = 0
    while not stop.is_set():
        number += 1
        for n, channel_id in enumerate(channels):  # spread over the cycle, as filmbot's games are
            await asyncio.sleep(
                max(0.0, (number - 1) * cycle + n * cycle / len(channels) - (time.perf_counter() - start))
            )
            body = {
                "embeds": [{"type": "rich", "title": f"Question {number}", "description": "Which one?"}],
                "components": [
                    {
                        "type": 1,
                        "components": [
                            {"type": 2, "style": 1, "label": f"{letter}. choice", "custom_id": f"q:{number}:{n}"}
                            for n, letter in enumerate("ABCD")
                        ],
                    }
                ],
            }
            message = fake._new_message(body, interaction=None, channel_id=channel_id)
            driver.question_shown(channel_id, message, buttons(message))


async def run_floor(steps: list[int], step_seconds: float, workdir: Path) -> RunResult:
    result = RunResult("floor (stock discord.py)", [])
    async with LoadFake() as fake:
        directory = workdir / "floor"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "FILMBOT_"))}
        env.update(
            DISCORD_TOKEN=fake.token,
            DISCORD_API_BASE=fake.api_base,
            FLOOR_GATEWAY=fake.gateway_url,
            PYTHONUNBUFFERED="1",
        )
        readies = fake.gateway_count("READY")
        bot = await spawn_floor(directory, env)
        await fake.wait_until(lambda: fake.gateway_count("READY") > readies, 60, "the floor bot's READY")
        stop = asyncio.Event()
        poster = harvester = pump = None
        try:
            process = psutil.Process(bot.proc.pid)
            driver = Driver(fake, process, None)
            channels = [fake.channel_id] + [await fake.add_channel(f"trivia-{n}") for n in range(1, GAMES)]
            for channel_id in channels:
                driver.players[channel_id] = [fake.add_user(f"player-{channel_id}-{n}") for n in range(RIGHT_PLAYERS)]
            harvester = asyncio.create_task(driver.harvest())
            pump = asyncio.create_task(driver.pump())
            poster = asyncio.create_task(post_questions(fake, driver, channels, stop))
            await asyncio.sleep(QUESTION_SECONDS + REVEAL_SECONDS + 1.0)
            result.rss_before_mb = process.memory_info().rss / 2**20
            for rate in steps:
                result.steps.append(await driver.run_step(rate, step_seconds, directory / "stderr.txt"))
            driver.step = None
            await asyncio.sleep(WINDOW + 1)
            driver.settle(time.perf_counter(), everything=True)
            await asyncio.sleep(5)
            result.rss_soon_mb = process.memory_info().rss / 2**20
            await asyncio.sleep(AFTER_SECONDS - 5)
            result.rss_after_mb = process.memory_info().rss / 2**20
        finally:
            stop.set()
            for task in (poster, harvester, pump):
                if task is not None:
                    task.cancel()
            await bot.stop()
    return result


async def spawn_floor(directory: Path, env: dict[str, str]) -> BotProcess:
    """bench/floor_bot.py as a subprocess, its output in `directory`."""
    out, err = _output_files(directory)
    with out, err:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(PROJECT_ROOT / "bench" / "floor_bot.py"), cwd=directory, env=env, stdout=out, stderr=err
        )
    return BotProcess(proc, directory)


def print_run(run: RunResult) -> None:
    print(f"\n{run.name}")
    header = (
        f"{'wrong/s':>7} {'sent/s':>7} {'clicks':>7} {'p50 ms':>7} {'p99 ms':>8} {'max ms':>8} {'lost':>6} "
        f"{'CPU ms/click':>12} {'CPU %':>6} {'RSS MB':>7} {'TCP':>5} {'questions':>9} {'REST/q':>6} "
        f"{'tracebacks':>10} {'lag p99':>7}"
    )
    print(header)
    print("-" * len(header))
    idle = run.steps[0] if run.steps and run.steps[0].rate == 0 else None
    for s in run.steps:
        cpu_per_click = s.cpu_seconds * 1000 / s.sent if s.sent else float("nan")
        if idle is not None and s is not idle and s.sent > idle.sent:
            # the games' own work (questions, edits, reveals) at the rate of the step without a flood
            base = idle.cpu_seconds / idle.seconds * s.seconds
            cpu_per_click = (s.cpu_seconds - base) * 1000 / (s.sent - idle.sent / idle.seconds * s.seconds)
        rest = f"{s.rest_calls / s.questions:.1f}" if s.questions and run.name == "filmbot" else "-"
        lag = statistics.quantiles(s.lag_ms, n=100)[98] if len(s.lag_ms) > 1 else float("nan")
        print(
            f"{s.rate:>7} {s.sent / s.seconds:>7.0f} {s.sent:>7} {s.percentile(50):>7.1f} {s.percentile(99):>8.1f} "
            f"{max(s.latencies, default=float('nan')):>8.1f} {s.lost:>6} {cpu_per_click:>12.3f} "
            f"{s.cpu_seconds * 100 / s.seconds:>6.0f} {s.rss_mb:>7.1f} {s.peak_connections:>5} {s.questions:>9} "
            f"{rest:>6} {s.tracebacks:>10} {lag:>7.0f}"
        )
    ceiling = run.ceiling
    print(f"ceiling (p99 <= {P99_GOAL_MS:.0f} ms, nothing lost): {'none' if ceiling is None else f'{ceiling}/s'}")
    print(
        f"RSS before the flood {run.rss_before_mb:.1f} MB; after it {run.rss_soon_mb:.1f} MB at 5 s, "
        f"{run.rss_after_mb:.1f} MB at {AFTER_SECONDS:.0f} s ({run.rss_after_mb / run.rss_before_mb:.2f}x)"
    )
    if run.games:
        late = [s for s in run.stops if s > 1.0]
        worst = f"{max(run.stops):.2f}" if run.stops else "n/a"
        print(
            f"/trivia stop after the flood: {len(run.stops)}/{run.games} answered, worst {worst} s after the flood "
            f"ended, {len(late)} later than 1 s; standings posted in {run.standings}/{run.games} channels"
        )
        for line in run.shed_lines[-3:]:
            print(f"  log: {line.split('] ', 2)[-1]}")


async def main_async(args: argparse.Namespace) -> int:
    steps = [int(x) for x in args.steps.split(",")]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} before the run; {args.step_seconds:.0f} s per step")
    runs: list[RunResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.workdir or tmp)
        os.makedirs(workdir, exist_ok=True)
        data_dir = workdir / "data"
        shutil.copytree(PROJECT_ROOT / "data", data_dir)
        if args.only in (None, "filmbot"):
            runs.append(await run_filmbot(steps, args.step_seconds, workdir, data_dir))
            print_run(runs[-1])
        if args.only in (None, "floor"):
            runs.append(await run_floor(steps, args.step_seconds, workdir))
            print_run(runs[-1])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average {load} after the run")
    if len(runs) == 2 and runs[0].ceiling and runs[1].ceiling:
        print(f"filmbot's ceiling / the floor's: {runs[0].ceiling / runs[1].ceiling:.1f}x (goal >= 2x)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step-seconds", type=float, default=10.0, help="seconds per rate step (default 10)")
    parser.add_argument("--steps", default=",".join(map(str, STEPS)), help="wrong clicks/s per step")
    parser.add_argument("--only", choices=("filmbot", "floor"), help="run one bot only")
    parser.add_argument("--workdir", help="keep the bots' logs and database here (default: a temporary folder)")
    args = parser.parse_args()
    try:  # the driver runs the fake: uvloop (the speed extra) lets it drive more clicks per second
        import uvloop
    except ImportError:
        return asyncio.run(main_async(args))
    return uvloop.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
