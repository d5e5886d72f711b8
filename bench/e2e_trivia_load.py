"""Trivia under a flood of clicks, end to end: the real bot process through the fake Discord.

50 games in 50 channels; in each, players answer right 0.2-0.8 s after every
question, while wrong clicks by 2,000 distinct other members are stepped
through 0, 400, 800, 1,600, 3,200 and 6,400 clicks/s. Clicks go over the
gateway as Discord sends them; latency is click (its INTERACTION_CREATE
written to the socket) to callback (the kernel receiving its POST), on the
system clock. A click is lost when no callback arrived within Discord's 3 s,
or it was refused.

The same run then drives the floor: a minimal stock discord.py bot
(bench/floor_bot.py) that acknowledges every click with an ephemeral message,
with the same click stream on question messages the driver posts itself.

Discord's side is two processes. This one runs the fake (gateway, REST for the
games and commands) and writes the click events, built from precomputed parts,
64 to a socket write. The flood's callbacks go to bench/click_sink.py, a
process of its own at the API root the bot is given, which answers them as
Discord does, stamps them with the kernel's arrival time (so a moment it waits
for a CPU does not count against the bot) and forwards everything else to the
fake. Both run at a higher priority than the bots (`--no-priority`: not).

Per step: clicks sent, p50/p99/max, lost, the bot's CPU per click and RSS
(psutil), its TCP connections (peak), REST calls per question (filmbot: the
bot's channel REST calls counted on the question they are about, so the
post and its reveal; the final standings, one a game, apart), tracebacks
logged, and the driver's side: its CPU (both processes), its loop lag, the
sink's loop lag, and "driver ok" when it sent at least 95% of the rate asked
(a step it did not is the driver's, and is not counted for or against the
bot). Then the ceiling of each bot (highest rate with p99 <= 100 ms and
nothing lost) and, for filmbot, the recovery after the flood: RSS,
`/trivia stop` in every channel and its latency from the flood's end, and
whether every game's standings were posted.

    .venv/bin/python bench/e2e_trivia_load.py [--step-seconds 10] [--steps 0,400,...] [--only filmbot|floor]
        [--memory-debug] [--no-priority] [--workdir DIR]

"CPU ms/click" is the bot's CPU time over the clicks of a step; on the flood steps the games' own
work (posting, edits, reveals: the CPU rate of the 0/s step) is taken off first, so it is the cost
of a click. On the 0/s step it is all the bot's CPU over the players' clicks, games included.

`--memory-debug` loads a probe into filmbot (a sitecustomize): on SIGUSR1 before the flood it
starts tracemalloc, and after the flood it reports what was allocated since and is still held
(by line and by object type), malloc's in-use and freed-but-kept bytes, pymalloc's arenas and
the resident memory of the heap, pymalloc's arenas and other mappings.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
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

from bench.click_sink import BENCH_TOKEN
from bot.render.payload import escape
from tests.e2e.fake_discord import FakeDiscord, FakeUser, _dumps, _loads
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
SENT_SHARE = 0.95  # a step where the driver sent less than this share of the rate asked is the driver's
SINK_LAG_MS = 20.0  # a step where the sink's loop lagged more than this (p99) stamped callbacks late
BATCH = 64  # clicks per socket write
# The driver and the click sink play Discord: on a machine shared with other jobs they run at a higher
# priority than the bot under test (which keeps the default), so that Discord's side answers at once.
HARNESS_NICE = -10


def harness_priority(pid: int = 0, *, on: bool = True) -> None:
    """Raise (or drop back to normal) a harness process's priority; without the right to, leave it."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, HARNESS_NICE if on and PRIORITY else 0)


PRIORITY = True  # --no-priority turns it off


@dataclass
class Question:
    message: dict[str, Any]
    right: str | None  # custom_id of the right answer, when known
    wrong: list[str]
    fragment: bytes  # the click payload's fields common to every click on this question, as JSON
    rest_calls: int = 1  # REST calls of the bot on this question: its post, its edits, a reveal posted instead


@dataclass
class StepResult:
    rate: int
    seconds: float
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    cpu_seconds: float = 0.0
    driver_cpu_seconds: float = 0.0  # the driver (which runs the fake) and the click sink together
    run_wait_seconds: float = 0.0  # the bot's event-loop thread runnable but waiting for a CPU (other jobs)
    rss_mb: float = 0.0
    peak_connections: int = 0
    questions: list[Question] = field(default_factory=list)  # posted during the step
    tracebacks: int = 0
    lag_ms: list[float] = field(default_factory=list)  # the driver's loop
    sink_lag_ms: list[float] = field(default_factory=list)  # the click sink's loop

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]

    @property
    def ok(self) -> bool:
        return self.lost == 0 and bool(self.latencies) and self.percentile(99) <= P99_GOAL_MS

    @property
    def driver_kept_up(self) -> bool:
        """Whether this step measured the bot: the rate asked was sent, and callbacks were stamped on time."""
        return self.sent >= SENT_SHARE * self.rate * self.seconds

    @property
    def rest_per_question(self) -> float:
        return sum(q.rest_calls for q in self.questions) / len(self.questions) if self.questions else float("nan")


def _p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100)[98]


@dataclass
class RunResult:
    name: str
    steps: list[StepResult]
    rss_before_mb: float = 0.0
    rss_soon_mb: float = 0.0  # 5 s after the flood (and the stops) are over
    rss_after_mb: float = 0.0  # AFTER_SECONDS after
    stops: list[float] = field(default_factory=list)  # /trivia stop: seconds from the flood's end to its answer
    stop_latencies: list[float] = field(default_factory=list)  # seconds from each stop's event to its answer
    standings: int = 0
    games: int = 0
    shed_lines: list[str] = field(default_factory=list)
    other_rest: int = 0  # the bot's REST calls on no question (standings, messages of stopped games)
    rest_kinds: collections.Counter[str] = field(default_factory=collections.Counter)
    memory: str = ""  # --memory-debug: what the bot kept after the flood

    @property
    def ceiling(self) -> int | None:
        ok = [s.rate for s in self.steps if s.rate and s.ok and s.driver_kept_up]  # flood steps only
        return max(ok) if ok else None

    @property
    def undecided(self) -> list[int]:
        """Rates above the ceiling where the bot missed the goal while the driver did not keep up."""
        ceiling = self.ceiling or -1
        return [s.rate for s in self.steps if s.rate > ceiling and not s.driver_kept_up]


class LoadFake(FakeDiscord):
    """The fake, with hooks on the bot's channel messages and cheap click events written in batches."""

    def __init__(self) -> None:
        super().__init__(keep_bodies=False)
        self.on_post: Any = None
        self.on_edit: Any = None
        self._members: dict[int, bytes] = {}
        self._bases: dict[int, dict[str, Any]] = {}
        self._batch: list[bytes] = []
        self._batch_ids: list[int] = []

    async def _post_channel_message(self, request: Any) -> Any:
        response = await super()._post_channel_message(request)
        if self.on_post is not None and response.status == 200:
            self.on_post(self.messages[int(_loads(response.body)["id"])])
        return response

    async def _channel_message(self, request: Any) -> Any:
        response = await super()._channel_message(request)
        if self.on_edit is not None:
            self.on_edit(int(request.match_info["channel_id"]), int(request.match_info["message_id"]), request.method)
        return response

    def trim(self) -> None:
        """Long runs: the request log is not needed here."""
        self.requests.clear()

    def fragment(self, channel_id: int, message: dict[str, Any]) -> bytes:
        """The fields every click on `message` shares (all but id, token, member, data), as JSON members."""
        base = self._bases.get(channel_id)
        if base is None:
            base = self._base_interaction(3, self.member, channel_id=channel_id)
            base = self._bases[channel_id] = {k: v for k, v in base.items() if k not in ("id", "token", "member")}
        return _dumps({**base, "message": message})[1:-1]

    def member_json(self, user: FakeUser) -> bytes:
        member = self._members.get(user.id)
        if member is None:
            payload = {**self.member_payload(user), "permissions": str(self.permissions_of(user))}
            member = self._members[user.id] = _dumps(payload)
        return member

    def queue_click(self, fragment: bytes, member: bytes, custom_id: str) -> int:
        """A click event for the next `flush`, built from precomputed parts; its token marks it as the
        click sink's to answer. Returns its interaction id."""
        interaction_id = self.snowflake()
        token = f"{BENCH_TOKEN}{interaction_id}{secrets.token_hex(12)}"
        self._batch.append(
            b'{%s,"id":"%d","token":"%s","member":%s,"data":{"custom_id":"%s","component_type":2}}'
            % (fragment, interaction_id, token.encode(), member, custom_id.encode())
        )
        self._batch_ids.append(interaction_id)
        return interaction_id

    def flush(self) -> tuple[list[int], float]:
        """Write the batch to the gateway socket now, in order and in one go (no await in between, so
        no other event can get into the compression stream). Returns the ids and when they were written."""
        batch, ids, self._batch, self._batch_ids = self._batch, self._batch_ids, [], []
        session = self.session
        if not batch or session is None or session.connection is None:
            return [], 0.0
        connection = session.connection
        frames = []
        for data in batch:
            session.seq += 1
            raw = b'{"op":0,"t":"INTERACTION_CREATE","s":%d,"d":%s}' % (session.seq, data)
            if connection.compressor is None:
                frames.append(websocket_frame(raw, opcode=0x1))
            else:
                frames.append(websocket_frame(connection._compressed(raw), opcode=0x2))
        connection.ws._writer.transport.write(b"".join(frames))  # type: ignore[union-attr]
        return ids, time.time()  # the click sink stamps callbacks on this clock (the kernel's arrival time)


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


class ClickSink:
    """bench/click_sink.py in a process of its own, in front of the fake: answers the bench's clicks."""

    def __init__(self, fake: LoadFake) -> None:
        self.fake = fake
        self.proc: asyncio.subprocess.Process | None = None
        self.callbacks: dict[int, tuple[float, int]] = {}  # interaction id -> (arrival, status) of its first callback
        self.lags: list[float] = []
        self.forwarded: dict[int, float] = {}  # other interactions' callbacks (commands): id -> arrival
        self._reader: asyncio.Task[None] | None = None
        self.api_base = ""

    async def __aenter__(self) -> ClickSink:
        root = self.fake.api_base.split("/api/")[0]
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(PROJECT_ROOT / "bench" / "click_sink.py"),
            root,
            json.dumps(self.fake.bot_user.payload()),
            stdout=asyncio.subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        line = await asyncio.wait_for(self.proc.stdout.readline(), 30)
        port = int(line.split()[1])
        harness_priority(self.proc.pid)
        self.api_base = f"http://127.0.0.1:{port}/api/v10"
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            await self.proc.wait()

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        stream, rest = self.proc.stdout, b""
        callbacks = self.callbacks
        while chunk := await stream.read(1 << 16):
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                first, _, tail = line.partition(b" ")
                if first == b"lag":
                    self.lags.append(float(tail))
                    continue
                if first == b"fwd":
                    interaction_id, _, at = tail.partition(b" ")
                    self.forwarded.setdefault(int(interaction_id), float(at))
                    continue
                at, _, status = tail.partition(b" ")
                callbacks.setdefault(int(first), (float(at), int(status)))

    def cpu_seconds(self) -> float:
        if self.proc is None:
            return 0.0
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(self.proc.pid).cpu_times()
            return times.user + times.system
        return 0.0


def read_answers(db_path: Path) -> dict[str, str]:
    """The right answer of every question, by its prompt as shown (escaped)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT prompt, answer FROM trivia_questions").fetchall()
    return {escape(prompt): answer for prompt, answer in rows}


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in message.get("components") or [] for b in row.get("components", [])]


def run_queue_wait(pid: int) -> float:
    """Seconds the process's main thread has spent runnable, waiting for a CPU (Linux schedstat)."""
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return int(stat.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def driver_cpu() -> float:
    times = os.times()
    return times.user + times.system


class Driver:
    """Sends clicks at a rate, schedules the right answers, and collects every click's fate."""

    def __init__(
        self, fake: LoadFake, sink: ClickSink, process: psutil.Process, answers: dict[str, str] | None
    ) -> None:
        self.fake = fake
        self.sink = sink
        self.process = process
        self.answers = answers
        self.loop = asyncio.get_running_loop()
        self.current: dict[int, Question] = {}  # channel -> its open question
        self.last: dict[int, Question] = {}  # channel -> its last question (REST calls are counted on it)
        self.by_message: dict[int, Question] = {}
        self.right_due: collections.deque[tuple[bytes, Question, str]] = collections.deque()
        self.players: dict[int, list[bytes]] = {}
        self.members = [fake.member_json(fake.add_user(f"crowd-{n}")) for n in range(WRONG_MEMBERS)]
        self.outstanding: collections.deque[tuple[StepResult, int, float]] = collections.deque()
        self.step: StepResult | None = None
        self.rate = 0
        self.standings: set[int] = set()
        self.other_rest = 0
        self.rest_kinds: collections.Counter[str] = collections.Counter()  # the bot's channel REST calls by kind
        fake.on_post = self.posted
        fake.on_edit = self.edited

    def add_players(self, channel_id: int) -> None:
        users = [self.fake.add_user(f"player-{channel_id}-{n}") for n in range(RIGHT_PLAYERS)]
        self.players[channel_id] = [self.fake.member_json(u) for u in users]

    # -- what the bot (or the floor's poster) shows

    def posted(self, message: dict[str, Any]) -> None:
        channel_id = int(message["channel_id"])
        title = (message.get("embeds") or [{}])[0].get("title", "")
        found = buttons(message)
        if found and "Question" in title:
            self.rest_kinds["post a question"] += 1
            self.question_shown(channel_id, message, found)
            return
        if "Final standings" in title:  # one a game, not a question's: counted apart
            self.rest_kinds["post the final standings"] += 1
            self.other_rest += 1
            self.standings.add(channel_id)
            self.current.pop(channel_id, None)
            return
        self.rest_kinds["post " + title[:30]] += 1
        self.rest_call(channel_id, None)

    def rest_call(self, channel_id: int, message_id: int | None) -> None:
        """One REST call of the bot, counted on the question it is about (its message, or the channel's last)."""
        question = self.by_message.get(message_id or 0) or self.last.get(channel_id)
        if question is None:
            self.other_rest += 1
        else:
            question.rest_calls += 1

    def question_shown(self, channel_id: int, message: dict[str, Any], found: list[dict[str, Any]]) -> None:
        right = None
        if self.answers is not None:
            prompt = message["embeds"][0]["description"].split("\n")[0]
            answer = self.answers.get(prompt)
            right = next((b["custom_id"] for b in found if b["label"].split(". ", 1)[-1] == answer), None)
        else:
            right = found[0]["custom_id"]
        wrong = [b["custom_id"] for b in found if b["custom_id"] != right]
        question = Question(message, right, wrong, self.fake.fragment(channel_id, message))
        self.current[channel_id] = self.last[channel_id] = question
        self.by_message[int(message["id"])] = question
        if self.step is not None:
            self.step.questions.append(question)
        for player in self.players.get(channel_id, []):
            self.loop.call_later(random.uniform(0.2, 0.8), self._due, player, question, right or wrong[0])

    def _due(self, player: bytes, question: Question, custom_id: str) -> None:
        self.right_due.append((player, question, custom_id))

    def edited(self, channel_id: int, message_id: int, method: str) -> None:
        self.rest_kinds[f"{method} a message"] += 1
        self.rest_call(channel_id, message_id)
        question = self.current.get(channel_id)
        shown = question is not None and int(question.message["id"]) == message_id and method == "PATCH"
        if shown and "Answer:" in str(question.message.get("embeds")):  # type: ignore[union-attr]
            del self.current[channel_id]

    # -- clicks

    async def pump(self) -> None:
        """Wrong clicks at `self.rate`/s on random open questions, plus the right answers when due;
        runs from before the first question to the end, so no click waits for a step to start."""
        start, sent, rate = self.loop.time(), 0, self.rate
        fake, members, current = self.fake, self.members, self.current
        while True:
            if self.rate != rate:
                start, sent, rate = self.loop.time(), 0, self.rate
            while self.right_due:
                member, question, custom_id = self.right_due.popleft()
                fake.queue_click(question.fragment, member, custom_id)
            due = int((self.loop.time() - start) * rate) - sent
            questions = list(current.values())
            for n in range(due if questions else 0):
                question = random.choice(questions)
                fake.queue_click(question.fragment, random.choice(members), random.choice(question.wrong))
                if n % BATCH == BATCH - 1:
                    self.flush()
            sent += max(due, 0)
            self.flush()
            await asyncio.sleep(0.002)

    def flush(self) -> None:
        ids, at = self.fake.flush()
        step = self.step
        if step is None:
            return
        step.sent += len(ids)
        self.outstanding.extend((step, interaction_id, at) for interaction_id in ids)

    async def harvest(self) -> None:
        """Settle clicks: answered (latency), or lost (refused, or nothing within 3 s)."""
        while True:
            await asyncio.sleep(0.25)
            self.settle(time.time())

    def settle(self, now: float, *, everything: bool = False) -> None:
        callbacks = self.sink.callbacks
        while self.outstanding:
            step, interaction_id, created = self.outstanding[0]
            result = callbacks.get(interaction_id)
            if result is None and not everything and now - created <= WINDOW + 0.5:
                break
            self.outstanding.popleft()
            callbacks.pop(interaction_id, None)
            if result is None or result[1] >= 300:
                step.lost += 1
                continue
            latency = result[0] - created
            if latency > WINDOW:
                step.lost += 1
            else:
                step.latencies.append(latency * 1000)

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
        waited = run_queue_wait(self.process.pid)
        own = driver_cpu() + self.sink.cpu_seconds()
        tracebacks = count_tracebacks(log_path)
        lags = len(self.sink.lags)
        watcher = asyncio.create_task(self.watch(step))
        self.rate = rate
        try:
            await asyncio.sleep(seconds)
        finally:
            watcher.cancel()
            self.rate = 0
        after = self.process.cpu_times()
        step.cpu_seconds = (after.user + after.system) - (cpu.user + cpu.system)
        step.driver_cpu_seconds = driver_cpu() + self.sink.cpu_seconds() - own
        step.run_wait_seconds = run_queue_wait(self.process.pid) - waited
        step.sink_lag_ms = self.sink.lags[lags:]
        step.rss_mb = self.process.memory_info().rss / 2**20
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


MEMORY_PROBE = """\
# Written by bench/e2e_trivia_load.py --memory-debug: on SIGUSR1, what the bot's heap holds.
import collections, ctypes, gc, json, os, signal, sys, tracemalloc

_DIR = os.environ.get("BENCH_MEMORY_DIR")


class _MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                               "fsmblks", "uordblks", "fordblks", "keepcost")]


def _mallinfo():
    try:
        call = ctypes.CDLL(None).mallinfo2
    except (OSError, AttributeError):
        return {}
    call.restype = _MallInfo2
    info = call()
    return {name: getattr(info, name) for name, _ in _MallInfo2._fields_}


def _rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def _pymalloc():
    # sys._debugmallocstats writes to the C stderr: caught in a file for the figures that matter.
    path = os.path.join(_DIR, "mallocstats.txt")
    saved = os.dup(2)
    try:
        with open(path, "w") as out:
            os.dup2(out.fileno(), 2)
            sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
    wanted = ("# arenas allocated current", "# bytes in allocated blocks", "# bytes in available blocks",
              "# bytes in free pools")  # (bytes lines name themselves so in 3.11)
    figures = {}
    for line in open(path):
        name, _, value = line.rpartition("=")
        if name.strip() in wanted or any(name.strip().startswith(w) for w in wanted):
            figures[name.strip()] = int(value.strip().replace(",", ""))
    return figures


def _mappings():
    # Resident kB of the heap (brk), of anonymous maps a whole number of MiB long (pymalloc's 1 MiB
    # arenas: the kernel merges adjacent ones into one mapping; threads' stacks count here too, with
    # little resident), other anonymous maps (glibc's thread arenas, big buffers), and files (code).
    out = {"heap": 0, "pymalloc arenas": 0, "other anonymous": 0, "files": 0}
    kind = None
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            first = line.split(maxsplit=6)
            if "-" in first[0] and len(first) >= 5 and not first[0].endswith(":"):
                start, end = (int(x, 16) for x in first[0].split("-"))
                name = first[5].strip() if len(first) > 5 else ""
                if name == "[heap]":
                    kind = "heap"
                elif name.startswith("/"):
                    kind = "files"
                elif not name and (end - start) % (1 << 20) == 0:
                    kind = "pymalloc arenas"
                else:
                    kind = "other anonymous"
            elif first[0] == "Rss:" and kind:
                out[kind] += int(first[1])
    return out


def _dump(signum, frame):
    # The first signal starts tracing: what the second one finds traced was allocated since, and kept.
    number = len([n for n in os.listdir(_DIR) if n.startswith("stats-")]) + 1
    gc.collect()
    if not tracemalloc.is_tracing():
        tracemalloc.start(int(os.environ.get("BENCH_MEMORY_FRAMES", "4")))
    tracemalloc.take_snapshot().dump(os.path.join(_DIR, f"snapshot-{number}.bin"))
    types = collections.Counter(type(o).__qualname__ for o in gc.get_objects())
    with open(os.path.join(_DIR, "stats.tmp"), "w") as out:
        json.dump({"traced": tracemalloc.get_traced_memory()[0], "mallinfo": _mallinfo(), "rss_kb": _rss_kb(),
                   "pymalloc": _pymalloc(), "mappings": _mappings(),
                   "types": dict(types.most_common(300))}, out)
    os.replace(os.path.join(_DIR, "stats.tmp"), os.path.join(_DIR, f"stats-{number}.json"))


if _DIR:
    signal.signal(signal.SIGUSR1, _dump)
"""


async def memory_sample(bot: BotProcess, directory: Path) -> dict[str, Any]:
    """Ask the bot (--memory-debug) for a tracemalloc snapshot and its heap's figures; wait for them."""
    number = sum(name.startswith("stats-") for name in os.listdir(directory)) + 1
    assert bot.proc.pid is not None
    os.kill(bot.proc.pid, signal.SIGUSR1)
    path = directory / f"stats-{number}.json"
    await wait_for(path.exists, 120)
    return {**json.loads(path.read_text()), "snapshot": directory / f"snapshot-{number}.bin"}


def memory_report(before: dict[str, Any], after: dict[str, Any]) -> str:
    """What the bot holds after the flood that it did not before: traced Python memory by line,
    objects by type, and the C heap (in use vs freed but kept by malloc)."""
    import tracemalloc

    mb = 2**20
    lines = [
        f"  RSS {before['rss_kb'] / 1024:.1f} -> {after['rss_kb'] / 1024:.1f} MB; "
        f"Python memory allocated since the flood began and still held {after['traced'] / mb:.1f} MB"
    ]
    if before["mallinfo"] and after["mallinfo"]:
        b, a = before["mallinfo"], after["mallinfo"]
        lines.append(
            f"  malloc: in use {b['uordblks'] / mb:.1f} -> {a['uordblks'] / mb:.1f} MB, freed but kept "
            f"{b['fordblks'] / mb:.1f} -> {a['fordblks'] / mb:.1f} MB, mmapped {b['hblkhd'] / mb:.1f} -> "
            f"{a['hblkhd'] / mb:.1f} MB"
        )
    if before.get("mappings") and after.get("mappings"):
        b, a = before["mappings"], after["mappings"]
        lines.append("  resident MB by mapping: " + ", ".join(f"{k} {b[k] / 1024:.1f} -> {a[k] / 1024:.1f}" for k in b))
    if before.get("pymalloc") and after.get("pymalloc"):
        b, a = before["pymalloc"], after["pymalloc"]
        lines.append("  pymalloc: " + ", ".join(f"{k.lstrip('# ')} {b.get(k, 0):,} -> {a.get(k, 0):,}" for k in a))
    old = tracemalloc.Snapshot.load(str(before["snapshot"]))
    new = tracemalloc.Snapshot.load(str(after["snapshot"]))
    lines.append("  of which, by where it was allocated (top 12):")
    for stat in new.compare_to(old, "lineno")[:12]:
        frame = stat.traceback[0]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        lines.append(f"    {stat.size_diff / 1024:+9.0f} KiB {stat.count_diff:+8d} blocks  {where}")
    grown = {k: after["types"].get(k, 0) - before["types"].get(k, 0) for k in after["types"]}
    top = sorted(grown.items(), key=lambda kv: -abs(kv[1]))[:10]
    lines.append("  objects by type, change: " + ", ".join(f"{k} {v:+d}" for k, v in top if v))
    return "\n".join(lines)


async def run_filmbot(
    steps: list[int], step_seconds: float, workdir: Path, data_dir: Path, *, memory_debug: bool = False
) -> RunResult:
    result = RunResult("filmbot", [])
    async with LoadFake() as fake, ClickSink(fake) as sink:
        extra = {"DISCORD_API_BASE": sink.api_base}
        extra.update(x.split("=", 1) for x in os.environ.get("BENCH_BOT_ENV", "").split(";") if x)
        memory_dir = workdir / "memory"
        if memory_debug:
            memory_dir.mkdir(parents=True, exist_ok=True)
            (memory_dir / "sitecustomize.py").write_text(MEMORY_PROBE)
            extra.update(
                PYTHONPATH=os.pathsep.join((str(memory_dir), str(PROJECT_ROOT))), BENCH_MEMORY_DIR=str(memory_dir)
            )
        harness_priority(on=False)  # the bot inherits this process's priority: the default
        bot = await launch(fake, workdir / "filmbot", data_dir, LOG_LEVEL="INFO", **extra)
        harness_priority()
        harvester = pump = None
        try:
            process = psutil.Process(bot.proc.pid)
            await fake.command("admin settings", question_time=QUESTION_SECONDS, reveal=REVEAL_SECONDS, user=fake.owner)
            driver = Driver(fake, sink, process, read_answers(bot.directory / "filmbot.db"))
            channels = [fake.channel_id] + [await fake.add_channel(f"trivia-{n}") for n in range(1, GAMES)]
            for channel_id in channels:
                driver.add_players(channel_id)
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
            before = await memory_sample(bot, memory_dir) if memory_debug else None
            result.rss_before_mb = process.memory_info().rss / 2**20
            log_path = bot.directory / "stderr.txt"
            for rate in steps:
                result.steps.append(await driver.run_step(rate, step_seconds, log_path))
            flood_end = time.time()
            driver.step = None
            stops = []
            for channel_id in channels:
                stop = await fake.send_command("trivia stop", user=fake.owner, in_channel=channel_id)
                stops.append((stop, time.time()))
            await wait_for(lambda: all(stop.id in sink.forwarded for stop, _ in stops), 10)
            for stop, sent in stops:
                if stop.id in sink.forwarded and await wait_for(lambda s=stop: s.callback is not None, 5):
                    result.stops.append(sink.forwarded[stop.id] - flood_end)
                    result.stop_latencies.append(sink.forwarded[stop.id] - sent)
            await wait_for(lambda: driver.standings >= set(channels), 15)
            result.standings = len(driver.standings & set(channels))
            await asyncio.sleep(WINDOW + 1)
            driver.settle(time.time(), everything=True)
            await asyncio.sleep(5)
            result.rss_soon_mb = process.memory_info().rss / 2**20
            await asyncio.sleep(AFTER_SECONDS - 5)
            result.rss_after_mb = process.memory_info().rss / 2**20
            if before is not None:
                result.memory = memory_report(before, await memory_sample(bot, memory_dir))
            result.shed_lines = [line for line in bot.stderr.splitlines() if "late clicks" in line]
            result.other_rest = driver.other_rest
            result.rest_kinds = driver.rest_kinds
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
    async with LoadFake() as fake, ClickSink(fake) as sink:
        directory = workdir / "floor"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "FILMBOT_"))}
        env.update(
            DISCORD_TOKEN=fake.token,
            DISCORD_API_BASE=sink.api_base,
            FLOOR_GATEWAY=fake.gateway_url,
            PYTHONUNBUFFERED="1",
        )
        readies = fake.gateway_count("READY")
        harness_priority(on=False)
        bot = await spawn_floor(directory, env)
        harness_priority()
        await fake.wait_until(lambda: fake.gateway_count("READY") > readies, 60, "the floor bot's READY")
        stop = asyncio.Event()
        poster = harvester = pump = None
        try:
            process = psutil.Process(bot.proc.pid)
            driver = Driver(fake, sink, process, None)
            channels = [fake.channel_id] + [await fake.add_channel(f"trivia-{n}") for n in range(1, GAMES)]
            for channel_id in channels:
                driver.add_players(channel_id)
            harvester = asyncio.create_task(driver.harvest())
            pump = asyncio.create_task(driver.pump())
            poster = asyncio.create_task(post_questions(fake, driver, channels, stop))
            await asyncio.sleep(QUESTION_SECONDS + REVEAL_SECONDS + 1.0)
            result.rss_before_mb = process.memory_info().rss / 2**20
            for rate in steps:
                result.steps.append(await driver.run_step(rate, step_seconds, directory / "stderr.txt"))
            driver.step = None
            await asyncio.sleep(WINDOW + 1)
            driver.settle(time.time(), everything=True)
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
        f"{'CPU ms/click':>12} {'CPU %':>6} {'wait %':>6} {'RSS MB':>7} {'TCP':>5} {'questions':>9} {'REST/q':>6} "
        f"{'tracebacks':>10} {'drv CPU %':>9} {'lag p99':>7} {'sink lag':>8} {'driver':>7}"
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
        rest = f"{s.rest_per_question:.1f}" if s.questions and run.name == "filmbot" else "-"
        print(
            f"{s.rate:>7} {s.sent / s.seconds:>7.0f} {s.sent:>7} {s.percentile(50):>7.1f} {s.percentile(99):>8.1f} "
            f"{max(s.latencies, default=float('nan')):>8.1f} {s.lost:>6} {cpu_per_click:>12.3f} "
            f"{s.cpu_seconds * 100 / s.seconds:>6.0f} {s.run_wait_seconds * 100 / s.seconds:>6.0f} {s.rss_mb:>7.1f} "
            f"{s.peak_connections:>5} {len(s.questions):>9} "
            f"{rest:>6} {s.tracebacks:>10} {s.driver_cpu_seconds * 100 / s.seconds:>9.0f} {_p99(s.lag_ms):>7.0f} "
            f"{_p99(s.sink_lag_ms):>8.1f} {'ok' if s.driver_kept_up else 'LAGGED':>7}"
        )
    ceiling = run.ceiling
    undecided = f" (not decided, the driver lagged: {', '.join(map(str, run.undecided))}/s)" if run.undecided else ""
    print(
        f"ceiling (p99 <= {P99_GOAL_MS:.0f} ms, nothing lost): {'none' if ceiling is None else f'{ceiling}/s'}"
        + undecided
    )
    print(
        f"RSS before the flood {run.rss_before_mb:.1f} MB; after it {run.rss_soon_mb:.1f} MB at 5 s, "
        f"{run.rss_after_mb:.1f} MB at {AFTER_SECONDS:.0f} s ({run.rss_after_mb / run.rss_before_mb:.2f}x)"
    )
    if run.games:
        late = [s for s in run.stops if s > 1.0]
        worst = f"{max(run.stops):.2f}" if run.stops else "n/a"
        own = f"{max(run.stop_latencies):.2f}" if run.stop_latencies else "n/a"
        print(
            f"/trivia stop after the flood: {len(run.stops)}/{run.games} answered, worst {worst} s after the flood "
            f"ended ({own} s after its own event), {len(late)} later than 1 s; standings posted in "
            f"{run.standings}/{run.games} channels; {run.other_rest} REST calls on no question (standings: one a game)"
        )
        print("the bot's channel REST calls: " + ", ".join(f"{k} {v}" for k, v in run.rest_kinds.most_common(8)))
        for line in run.shed_lines[-3:]:
            print(f"  log: {line.split('] ', 2)[-1]}")
    if run.memory:
        print(
            "what the bot kept after the flood (--memory-debug: tracemalloc slows the bot, its latencies mean little):"
        )
        print(run.memory)


async def main_async(args: argparse.Namespace) -> int:
    steps = [int(x) for x in args.steps.split(",")]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} before the run; {args.step_seconds:.0f} s per step")
    if PRIORITY:
        print(f"driver and click sink at nice {HARNESS_NICE}, the bots at the default")
    runs: list[RunResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.workdir or tmp)
        os.makedirs(workdir, exist_ok=True)
        data_dir = workdir / "data"
        shutil.copytree(PROJECT_ROOT / "data", data_dir, dirs_exist_ok=True)
        if args.only in (None, "filmbot"):
            runs.append(await run_filmbot(steps, args.step_seconds, workdir, data_dir, memory_debug=args.memory_debug))
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
    parser.add_argument(
        "--memory-debug",
        action="store_true",
        help="trace filmbot's memory (tracemalloc) and print what it kept after the flood (slows it down)",
    )
    parser.add_argument(
        "--no-priority", action="store_true", help="run the driver and the click sink at the default priority"
    )
    args = parser.parse_args()
    global PRIORITY
    PRIORITY = not args.no_priority
    try:  # the driver runs the fake: uvloop (the speed extra) lets it drive more clicks per second
        import uvloop
    except ImportError:
        return asyncio.run(main_async(args))
    return uvloop.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
