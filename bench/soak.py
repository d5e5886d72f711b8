"""Soak: trivia games and a stream of commands through the fake Discord while it injects faults.

The real bot process (`python -m bot run`, unmodified) talks to the local fake of
Discord (tests/e2e/fake_discord/) on 127.0.0.1. For `--seconds`:

- `--games` tables play trivia at once, each in its own channel with `--players` players
  clicking answer buttons (some click twice, some click after the reveal, a few skip a
  question); a table starts its next game when one ends;
- a pacer sends `--rate` commands per second: /film info, /cast person|character|film,
  /quote tagline|random, /review show, autocomplete, /help, and a few /review add;
- the fake injects a REST fault every `--fault-every` seconds (429 per route, 429 global,
  5xx), RECONNECTs the gateway, closes it once with a resumable code and invalidates the
  session once (the pacer holds back while no session exists: Discord would not deliver).

Then the games are played out and it checks: every interaction got exactly one answer;
every click the bot acknowledged as right or wrong is in player_stats exactly once (answers,
right answers and points, per player), and no other click is; every acknowledged /review add
is stored; the bot's asyncio tasks are back to their count before the load; memory is flat
over the second half of the load. Task counts come from a probe loaded into the bot process
(see tests/e2e/process.py), memory from /proc. It prints a table and exits 1 on any problem.

    .venv/bin/python bench/soak.py [--seconds 60] [--rate 200] [--games 20]

tests/e2e/test_soak.py runs the same with small numbers in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.e2e.fake_discord import FakeDiscord, FakeUser, Interaction
from tests.e2e.process import PROJECT_ROOT, BotProcess, Probe, launch

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"
CHANNEL_MESSAGES = "POST /channels/{channel_id}/messages"
CHANNEL_MESSAGE = "PATCH /channels/{channel_id}/messages/{message_id}"
# (label, route or None for any, inject() keywords); 500/502 are the 5xx discord.py retries.
REST_FAULTS: tuple[tuple[str, str | None, dict[str, Any]], ...] = (
    ("429 on a callback", CALLBACK, {"status": 429, "retry_after": 0.3}),
    ("429 global", None, {"status": 429, "retry_after": 0.25, "is_global": True}),
    ("429 on a channel message", CHANNEL_MESSAGES, {"status": 429, "retry_after": 0.3}),
    ("502 on a callback", CALLBACK, {"status": 502}),
    ("429 on a message edit", CHANNEL_MESSAGE, {"status": 429, "retry_after": 0.3}),
    ("500 on a channel message", CHANNEL_MESSAGES, {"status": 500}),
    ("502 on any request", None, {"status": 502}),
)
ANSWER_WINDOW = 5.0  # an interaction older than this has had all the time Discord gives (3 s)
WAIT = 30.0  # the longest a table waits for the bot's next message
RIGHT = re.compile(r"Right! \*\*\+(\d+)\*\* points")
WRONG = "Not this one"
BUG_REPLY = "Something went wrong on my side"
STARTING = "_delay_ready"  # discord.py's task that waits for the guilds after READY, then ends


@dataclass
class SoakConfig:
    seconds: float = 60.0
    rate: float = 200.0  # commands per second, besides the clicks
    games: int = 20  # tables playing at once, one channel each
    players: int = 4  # per table
    rounds: int = 8  # questions per game
    question_seconds: int = 5  # the server's question time (its minimum)
    fault_every: float = 1.0  # seconds between REST faults
    skip_rate: float = 0.03  # a player leaves a question unanswered
    double_rate: float = 0.1  # a player clicks a second answer
    late_rate: float = 0.15  # after a reveal, a player clicks it anyway (sent before, arriving late)
    seed: int = 1
    log_level: str = "INFO"
    probe_interval: float = 0.25


@dataclass
class Table:
    """One channel with its players and what they did."""

    channel_id: int
    players: list[FakeUser]
    games: int = 0
    questions: int = 0


@dataclass
class Click:
    interaction: Interaction
    user: FakeUser
    kind: str  # "first", "second" (the same player again), "late" (after the reveal)


@dataclass
class SoakResult:
    config: SoakConfig
    seconds: float = 0.0
    interactions: Counter[str] = field(default_factory=Counter)  # kind -> sent
    outcomes: Counter[str] = field(default_factory=Counter)  # outcome -> count
    held_back: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    faults_injected: Counter[str] = field(default_factory=Counter)
    faults_served: Counter[str] = field(default_factory=Counter)
    games: int = 0
    questions: int = 0
    clicks: Counter[str] = field(default_factory=Counter)  # right / wrong / not counted / not sent
    clicks_lost: int = 0
    clicks_doubled: int = 0
    reviews_acknowledged: int = 0
    reviews_missing: int = 0
    tasks_before: int = 0
    tasks_after: int = 0
    task_names_before: tuple[str, ...] = ()
    task_names_after: tuple[str, ...] = ()
    rss_before_kb: int = 0
    rss_mid_kb: int = 0
    rss_end_kb: int = 0
    rss_peak_kb: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.outcomes["answered"]

    @property
    def ok(self) -> bool:
        return not self.problems

    def table(self) -> str:
        """The figures, one per line."""
        mb = 1024.0
        latency = "-"
        if len(self.latencies_ms) >= 2:
            cuts = statistics.quantiles(self.latencies_ms, n=100, method="inclusive")
            latency = f"p50 {cuts[49]:.1f} ms, p99 {cuts[98]:.1f} ms"
        growth = (self.rss_end_kb - self.rss_mid_kb) / mb
        c = self.config
        rows = [
            (
                "load",
                f"{c.seconds:g} s, {c.rate:g} commands/s, {c.games} tables x {c.players} players "
                f"(+{max(0.0, self.seconds - c.seconds):.0f} s to play out the last games)",
            ),
            ("interactions sent", _counts(self.interactions)),
            ("interactions handled", f"{self.handled} ({_counts(self.outcomes)})"),
            ("commands held back (no session)", str(self.held_back)),
            ("answer latency", latency),
            ("faults injected", _counts(self.faults_injected)),
            ("faults served by the fake", _counts(self.faults_served)),
            ("games / questions played", f"{self.games} / {self.questions}"),
            ("clicks", _counts(self.clicks)),
            ("clicks lost", str(self.clicks_lost)),
            ("clicks doubled", str(self.clicks_doubled)),
            ("reviews acknowledged / missing", f"{self.reviews_acknowledged} / {self.reviews_missing}"),
            (
                "asyncio tasks before / after",
                f"{self.tasks_before} / {self.tasks_after} ({', '.join(self.task_names_before)})",
            ),
            (
                "RSS before / mid / end / peak",
                f"{self.rss_before_kb / mb:.1f} / {self.rss_mid_kb / mb:.1f} / "
                f"{self.rss_end_kb / mb:.1f} / {self.rss_peak_kb / mb:.1f} MB",
            ),
            ("RSS growth, 2nd half of the load", f"{growth:+.1f} MB"),
            ("problems", str(len(self.problems))),
        ]
        width = max(len(name) for name, _ in rows)
        lines = [f"{name:<{width}}  {value}" for name, value in rows]
        lines += [f"  - {problem}" for problem in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"  ... and {len(self.problems) - 20} more")
        return "\n".join(lines)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "none"


def _title(message: dict[str, Any]) -> str:
    embeds = message.get("embeds") or []
    return str(embeds[0].get("title") or "") if embeds else ""


def _description(message: dict[str, Any]) -> str:
    embeds = message.get("embeds") or []
    return str(embeds[0].get("description") or "") if embeds else ""


def _answer_text(fake: FakeDiscord, interaction: Interaction) -> str:
    """What the user saw first: the callback's message, or the deferred answer."""
    message = fake.messages.get(interaction.original_message_id or 0)
    parts = [message.get("content") or "", _description(message)] if message else []
    for followup in interaction.followups[:1]:
        parts += [followup.get("content") or "", _description(followup)]
    return "\n".join(parts)


def review_acknowledged(fake: FakeDiscord, interaction: Interaction) -> bool:
    """The bot answered a /review add with the saved review (so it was committed first)."""
    message = fake.messages.get(interaction.original_message_id or 0) or {}
    return interaction.outcome == "answered" and _title(message).startswith("Review:")


def connected(fake: FakeDiscord) -> bool:
    """The bot has a live, valid gateway session that dispatches reach now."""
    session = fake.session
    return (
        session is not None
        and not session.invalid
        and session.connection is not None
        and not session.connection.draining
    )


def catalog_values(db_path: Path) -> dict[str, list[str]]:
    """Film titles, people and characters from the bot's own store, for command options."""
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        titles = [r[0] for r in db.execute("SELECT title FROM films ORDER BY slug")]
        people = [r[0] for r in db.execute("SELECT DISTINCT person FROM claims WHERE person IS NOT NULL")]
        roles = [r[0] for r in db.execute("SELECT DISTINCT role FROM claims WHERE field = 'cast' AND role != ''")]
    return {"title": titles, "person": people, "character": roles or people}


class Soak:
    """One soak run: the fake, the bot, the load, the checks."""

    def __init__(self, config: SoakConfig, fake: FakeDiscord, bot: BotProcess) -> None:
        self.config = config
        self.fake = fake
        self.bot = bot
        self.rng = random.Random(config.seed)
        self.result = SoakResult(config)
        self.tables: list[Table] = []
        self.clicks: list[Click] = []
        self.pending: deque[tuple[Interaction, str]] = deque()  # commands not yet checked
        self.reviews: dict[int, tuple[int, str, Interaction]] = {}  # critic -> last /review add sent
        self.critics: list[FakeUser] = []
        self.viewers: list[FakeUser] = []
        self.values: dict[str, list[str]] = {}
        self.end = 0.0
        self.review_serial = 0

    def problem(self, text: str) -> None:
        self.result.problems.append(text)

    # -- setting up --------------------------------------------------------------------------

    async def set_up(self, channels: list[int]) -> None:
        c = self.config
        for number, channel_id in enumerate(channels):
            players = [self.fake.add_user(f"player-{number}-{p}") for p in range(c.players)]
            self.tables.append(Table(channel_id, players))
        self.viewers = [self.fake.add_user(f"viewer-{v}") for v in range(40)]
        self.critics = [self.fake.add_user(f"critic-{v}") for v in range(60)]
        reply = await self.fake.command(
            "admin settings", question_time=c.question_seconds, reveal=0, user=self.fake.moderator
        )
        if "question time" not in reply.text.lower():
            raise RuntimeError(f"could not set the question time: {reply.text}")
        self.values = catalog_values(self.bot.directory / "filmbot.db")

    async def warm_up(self) -> None:
        """One of every command kind, answered, so lazily made things exist before the baseline."""
        for kind, _, send in self.command_kinds():
            interaction = await send()
            await self.fake.wait_until(
                lambda i=interaction: i.outcome not in ("unanswered", "deferred"), 10, f"the warm-up {kind}"
            )
            if interaction.outcome != "answered":
                raise RuntimeError(f"warm-up {kind}: {interaction.outcome} {interaction.rejected}")

    async def baseline(self) -> None:
        """The idle bot's tasks and memory, once discord.py's start-up (`_delay_ready`) is over."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            await asyncio.sleep(self.config.probe_interval * 2)
            probes = self.bot.probes()
            if probes and not any(STARTING in name for name in probes[-1].names):
                break
        probes = self.bot.probes()
        if not probes:
            raise RuntimeError("the probe in the bot process reported nothing")
        self.result.tasks_before = probes[-1].tasks
        self.result.task_names_before = probes[-1].names
        self.result.rss_before_kb = self.bot.rss_kb()

    # -- commands ----------------------------------------------------------------------------

    def command_kinds(self) -> list[tuple[str, int, Callable[[], Awaitable[Interaction]]]]:
        """(kind, weight, sender) of every command of the mix, with options picked at random."""
        fake, rng, v = self.fake, self.rng, self.values

        def pick(key: str) -> str:
            return rng.choice(v[key])

        def viewer() -> FakeUser:
            return rng.choice(self.viewers)

        def prefix(text: str) -> str:
            return text[: rng.randint(1, min(4, len(text)))]

        return [  # (kind, weight in the mix, sender)
            ("film info", 4, lambda: fake.send_command("film info", {"title": pick("title")}, user=viewer())),
            ("cast person", 2, lambda: fake.send_command("cast person", {"name": pick("person")}, user=viewer())),
            (
                "cast character",
                1,
                lambda: fake.send_command("cast character", {"name": pick("character")}, user=viewer()),
            ),
            ("cast film", 1, lambda: fake.send_command("cast film", {"title": pick("title")}, user=viewer())),
            ("quote tagline", 1, lambda: fake.send_command("quote tagline", {}, user=viewer())),
            ("quote random", 1, lambda: fake.send_command("quote random", {"film": pick("title")}, user=viewer())),
            ("review show", 3, lambda: fake.send_command("review show", {"film": pick("title")}, user=viewer())),
            (
                "autocomplete film",
                3,
                lambda: fake.send_autocomplete("film info", {"title": prefix(pick("title"))}, user=viewer()),
            ),
            (
                "autocomplete person",
                2,
                lambda: fake.send_autocomplete("cast person", {"name": prefix(pick("person"))}, user=viewer()),
            ),
            ("help", 2, lambda: fake.send_command("help", user=viewer())),
            (
                "film info (unknown)",
                1,
                lambda: fake.send_command("film info", {"title": "No Such Film"}, user=viewer()),
            ),
            ("review add", 1, self.review_add),
        ]

    async def review_add(self) -> Interaction:
        """A critic (round robin, so never two of one critic in flight) writes a fresh review."""
        self.review_serial += 1
        critic = self.critics[self.review_serial % len(self.critics)]
        rating = self.rng.randint(1, 10)
        text = f"Soak review {self.review_serial} by {critic.username}: {self.rng.random():.6f}"
        options = {"film": self.rng.choice(self.values["title"]), "rating": rating, "text": text}
        interaction = await self.fake.send_command("review add", options, user=critic)
        self.reviews[critic.id] = (rating, text, interaction)
        return interaction

    async def pace_commands(self) -> None:
        """`rate` commands a second until the end, in a weighted mix."""
        kinds = self.command_kinds()
        weights = [weight for _, weight, _ in kinds]
        start = time.monotonic()
        sent = 0
        while (now := time.monotonic()) < self.end:
            due = int((now - start) * self.config.rate) - sent
            for _ in range(due):
                sent += 1
                if self.fake.session is None or self.fake.session.invalid:
                    self.result.held_back += 1  # Discord has no session to deliver it on
                    continue
                [(kind, _, send)] = self.rng.choices(kinds, weights)
                interaction = await send()
                self.result.interactions[kind] += 1
                self.pending.append((interaction, kind))
            await asyncio.sleep(0.01)

    def check_commands(self, *, everything: bool = False) -> None:
        """Classify the commands old enough to have been answered, then let the fake forget them."""
        horizon = time.perf_counter() - ANSWER_WINDOW
        while self.pending and (everything or self.pending[0][0].created < horizon):
            interaction, kind = self.pending.popleft()
            outcome = interaction.outcome
            self.result.outcomes[outcome] += 1
            if outcome != "answered":
                self.problem(f"{kind}: {interaction.describe()} {outcome} (refused: {interaction.rejected})")
            elif interaction.type == 2 and BUG_REPLY in _answer_text(self.fake, interaction):
                self.problem(f"{kind}: {interaction.describe()} answered with the bug apology")
            if interaction.latency is not None:
                self.result.latencies_ms.append(interaction.latency * 1000)
            if kind not in ("review add", "trivia start"):  # read again later
                self.fake.forget(interaction)

    async def watch_commands(self) -> None:
        """Check the commands as they come of age, so the fake can forget them."""
        while time.monotonic() < self.end:
            self.check_commands()
            await asyncio.sleep(0.5)

    # -- games -------------------------------------------------------------------------------

    async def next_message(
        self, table: Table, after: int, predicate: Callable[[dict[str, Any]], bool], what: str
    ) -> dict[str, Any] | None:
        """The first message after `after` in the table's channel that satisfies `predicate`."""
        found: list[dict[str, Any]] = []

        def check() -> bool:
            for message in self.fake.messages_in(table.channel_id, after):
                if predicate(message):
                    found.append(message)
                    return True
            return False

        try:
            await self.fake.wait_until(check, WAIT, what)
        except TimeoutError:
            self.problem(f"channel {table.channel_id}: no {what} within {WAIT:.0f} s")
            return None
        return found[0]

    async def play(self, table: Table) -> None:
        """Games back to back in the table's channel until the end of the load."""
        rounds = self.config.rounds
        while time.monotonic() < self.end:
            starter = table.players[table.games % len(table.players)]
            start = await self.fake.send_command(
                "trivia start", {"rounds": rounds}, user=starter, in_channel=table.channel_id
            )
            self.result.interactions["trivia start"] += 1
            self.pending.append((start, "trivia start"))
            try:
                reply = await start.reply(within=WAIT)
            except TimeoutError:
                self.problem(f"channel {table.channel_id}: /trivia start got no answer")
                return
            if _title(reply.message) != "Trivia is starting!":
                self.problem(f"channel {table.channel_id}: /trivia start answered {reply.text[:200]!r}")
                return
            cursor = reply.id
            for number in range(1, rounds + 1):
                title = f"Trivia · Question {number} of {rounds}"
                question = await self.next_message(
                    table,
                    cursor,
                    lambda m, t=title: _title(m) in (t, "Trivia · Final standings"),
                    f"question {number}",
                )
                if question is None or _title(question) != title:
                    break
                cursor = int(question["id"])
                snapshot = [c["custom_id"] for row in question["components"] for c in row["components"]]
                await asyncio.gather(*(self.answer(cursor, snapshot, player) for player in table.players))
                if not await self.revealed(table, cursor, number):
                    return
                table.questions += 1
                if self.rng.random() < self.config.late_rate:
                    await self.click(table.players[number % len(table.players)], cursor, snapshot, "late")
            final = await self.next_message(
                table, cursor, lambda m: _title(m) == "Trivia · Final standings", "the final standings"
            )
            if final is None:
                return
            table.games += 1

    async def revealed(self, table: Table, message_id: int, number: int) -> bool:
        """Wait until the question's message shows the answer (the reveal edits it)."""

        def check() -> bool:
            return "**Answer:" in _description(self.fake.messages.get(message_id) or {})

        try:
            await self.fake.wait_until(check, WAIT, f"the reveal of question {number}")
        except TimeoutError:
            self.problem(f"channel {table.channel_id}: question {number} not revealed within {WAIT:.0f} s")
            return False
        return True

    async def answer(self, message_id: int, snapshot: list[str], player: FakeUser) -> None:
        """A player's reaction to a question: skip it, or click once (sometimes twice)."""
        if self.rng.random() < self.config.skip_rate:
            return
        await asyncio.sleep(self.rng.uniform(0.02, 0.4))
        if await self.click(player, message_id, snapshot, "first") and self.rng.random() < self.config.double_rate:
            await self.click(player, message_id, snapshot, "second")

    async def click(self, player: FakeUser, message_id: int, snapshot: list[str], kind: str) -> bool:
        """Click a random answer; False when the buttons were disabled before the click was made."""
        custom_id = self.rng.choice(snapshot)
        try:
            if kind == "late":
                interaction = await self.fake.click_late(message_id, custom_id, user=player)
            else:
                interaction = await self.fake.click(message_id, custom_id, user=player)
        except ValueError:  # the buttons were disabled meanwhile: Discord would not send it
            self.result.clicks["not sent (closed)"] += 1
            return False
        self.result.interactions[f"click ({kind})"] += 1
        self.clicks.append(Click(interaction, player, kind))
        return True

    # -- faults ------------------------------------------------------------------------------

    async def inject_faults(self) -> None:
        """A REST fault every `fault_every` seconds, gateway faults on a schedule; until the end."""
        c = self.config
        start = time.monotonic()
        plan = [(0.2, "INVALID_SESSION"), (0.45, "RECONNECT"), (0.6, "resumable close")]
        step = max(5.0, c.seconds / 8)
        at = 0.7 * c.seconds
        while at < 0.95 * c.seconds:
            plan.append((at / c.seconds, "RECONNECT"))
            at += step
        gateway = asyncio.create_task(self.gateway_faults(start, plan))
        try:
            number = 0
            while time.monotonic() + c.fault_every < self.end:
                await asyncio.sleep(c.fault_every)
                label, route, kwargs = REST_FAULTS[number % len(REST_FAULTS)]
                number += 1
                self.fake.inject(route, **kwargs)
                self.result.faults_injected[label] += 1
        finally:
            await gateway

    async def gateway_faults(self, start: float, plan: list[tuple[float, str]]) -> None:
        """Each at its time, once the bot is connected (an invalid session takes discord.py 5 s)."""
        for fraction, kind in plan:
            await asyncio.sleep(max(0.0, start + fraction * self.config.seconds - time.monotonic()))
            try:
                await self.fake.wait_until(lambda: connected(self.fake), max(0.1, self.end - time.monotonic()))
            except TimeoutError:
                return
            if kind == "INVALID_SESSION":
                await self.fake.gateway_invalidate(resumable=False)
            elif kind == "RECONNECT":
                await self.fake.gateway_reconnect()
            else:
                await self.fake.gateway_drop(4000)
            self.result.faults_injected[kind] += 1

    # -- the run and the checks --------------------------------------------------------------

    async def load(self) -> None:
        """Commands, games and faults until the end; then the games in play are played out."""
        self.end = time.monotonic() + self.config.seconds
        started = time.monotonic()
        mid = asyncio.create_task(self.sample_mid())
        await asyncio.gather(
            self.pace_commands(),
            self.watch_commands(),
            self.inject_faults(),
            *(self.play(table) for table in self.tables),
        )
        self.result.rss_end_kb = self.rss_at(self.end)
        await mid
        self.result.seconds = time.monotonic() - started
        self.result.games = sum(t.games for t in self.tables)
        self.result.questions = sum(t.questions for t in self.tables)

    async def sample_mid(self) -> None:
        """RSS halfway through the load (the end is compared with it)."""
        await asyncio.sleep(max(0.0, self.end - time.monotonic() - self.config.seconds / 2))
        self.result.rss_mid_kb = self.bot.rss_kb()

    def rss_at(self, moment: float) -> int:
        """The probe's RSS sample closest to `moment` (monotonic), else the current RSS."""
        wall = time.time() - (time.monotonic() - moment)
        probes: list[Probe] = self.bot.probes()
        if not probes:
            return self.bot.rss_kb()
        return min(probes, key=lambda p: abs(p.at - wall)).rss_kb

    async def drain(self) -> None:
        """Let the last answers land and the bot settle."""
        waiting = [i for i, _ in self.pending] + [c.interaction for c in self.clicks]
        last = max((i.created for i in waiting), default=0.0)
        while time.perf_counter() < last + ANSWER_WINDOW:
            waiting = [i for i in waiting if i.outcome in ("unanswered", "deferred")]
            if not waiting:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # a second (refused) answer would come now
        self.check_commands(everything=True)
        self.result.faults_served = self.fake.fault_counts()
        for fault in self.fake.faults:
            fault.times = 0  # anything not served yet must not hit the checks
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            await asyncio.sleep(self.config.probe_interval * 2)
            probes = self.bot.probes()
            if probes and probes[-1].tasks <= self.result.tasks_before:
                break
        probes = self.bot.probes()
        self.result.tasks_after = probes[-1].tasks if probes else -1
        self.result.task_names_after = probes[-1].names if probes else ()
        self.result.rss_peak_kb = self.bot.peak_rss_kb()

    def check_clicks(self) -> None:
        """Every click answered once; the counted ones are exactly what player_stats holds."""
        expected: dict[int, list[int]] = {}  # user -> [answers, right, points]
        for click in self.clicks:
            interaction = click.interaction
            outcome = interaction.outcome
            self.result.outcomes[outcome] += 1
            if interaction.latency is not None:
                self.result.latencies_ms.append(interaction.latency * 1000)
            if outcome != "answered":
                self.problem(f"click {interaction.id} by {click.user.username}: {outcome} {interaction.rejected}")
                continue
            text = _answer_text(self.fake, interaction)
            right = RIGHT.search(text)
            if right is None and WRONG not in text:
                self.result.clicks["not counted"] += 1
                continue
            self.result.clicks["right" if right else "wrong"] += 1
            if click.kind != "first":
                self.problem(f"a {click.kind} click of {click.user.username} was counted: {text[:80]!r}")
            totals = expected.setdefault(click.user.id, [0, 0, 0])
            totals[0] += 1
            totals[1] += 1 if right else 0
            totals[2] += int(right.group(1)) if right else 0
        players = {p.id: p for t in self.tables for p in t.players}
        with contextlib.closing(sqlite3.connect(f"file:{self.bot.directory / 'filmbot.db'}?mode=ro", uri=True)) as db:
            rows = db.execute(
                "SELECT user_id, answers, correct, points FROM player_stats WHERE guild_id = ?", (self.fake.guild_id,)
            ).fetchall()
        stored = {user: [answers, correct, points] for user, answers, correct, points in rows}
        for user_id in players.keys() | stored.keys():
            want, have = expected.get(user_id, [0, 0, 0]), stored.get(user_id, [0, 0, 0])
            self.result.clicks_lost += max(0, want[0] - have[0])
            self.result.clicks_doubled += max(0, have[0] - want[0])
            if want != have:
                name = players[user_id].username if user_id in players else user_id
                self.problem(f"{name}: acknowledged (answers, right, points) {want}, stored {have}")

    def check_reviews(self) -> None:
        with contextlib.closing(sqlite3.connect(f"file:{self.bot.directory / 'filmbot.db'}?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT user_id, rating, body FROM reviews WHERE guild_id = ?", (self.fake.guild_id,))
            stored = {user: (rating, body) for user, rating, body in rows}
        for critic_id, (rating, text, interaction) in self.reviews.items():
            if not review_acknowledged(self.fake, interaction):
                continue
            self.result.reviews_acknowledged += 1
            if stored.get(critic_id) != (rating, text):
                self.result.reviews_missing += 1
                self.problem(f"an acknowledged review is not stored as sent: {stored.get(critic_id)} != {text!r}")

    def check_health(self) -> None:
        r = self.result
        if r.clicks_lost or r.clicks_doubled:
            self.problem(f"clicks lost {r.clicks_lost}, doubled {r.clicks_doubled}")
        if r.tasks_after > r.tasks_before:
            extra = Counter(r.task_names_after) - Counter(r.task_names_before)
            self.problem(f"asyncio tasks {r.tasks_before} before the load, {r.tasks_after} after it: {_counts(extra)}")
        growth = r.rss_end_kb - r.rss_mid_kb
        allowed = max(8 * 1024, r.rss_mid_kb // 10)
        if growth > allowed:
            self.problem(f"memory grew {growth / 1024:.1f} MB over the second half of the load")
        if r.games < len(self.tables):
            self.problem(f"only {r.games} games finished at {len(self.tables)} tables")
        if self.fake.unhandled:
            self.problem(f"the bot called {len(self.fake.unhandled)} routes the fake does not have")
        errors = [line for line in self.bot.stderr.splitlines() if "] [ERROR" in line or "] [CRITICAL" in line]
        expected = "Attempting a reconnect"  # discord.py logs the resumable close at ERROR, with a traceback
        for line in [e for e in errors if expected not in e][:5]:
            self.problem(f"the bot logged: {line[:200]}")


async def run_soak(config: SoakConfig, workdir: Path, data_dir: Path) -> SoakResult:
    """The whole soak in `workdir`, with the corpus in `data_dir`; returns the figures."""
    async with FakeDiscord(keep_bodies=False) as fake:
        channels = [await fake.add_channel(f"trivia-{n}") for n in range(config.games)]
        bot = await launch(fake, workdir / "bot", data_dir, probe=config.probe_interval, LOG_LEVEL=config.log_level)
        soak = Soak(config, fake, bot)
        try:
            await soak.set_up(channels)
            await soak.warm_up()
            await soak.baseline()
            await soak.load()
            await soak.drain()
            soak.check_clicks()
            soak.check_reviews()
            soak.check_health()
        finally:
            code = await bot.stop()
        if code != 0:
            soak.problem(f"the bot exited with {code} on SIGTERM")
    return soak.result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load (default 60)")
    parser.add_argument("--rate", type=float, default=200.0, help="commands per second (default 200)")
    parser.add_argument("--games", type=int, default=20, help="trivia games at once (default 20)")
    parser.add_argument("--players", type=int, default=4, help="players per game (default 4)")
    parser.add_argument("--rounds", type=int, default=8, help="questions per game (default 8)")
    parser.add_argument("--fault-every", type=float, default=1.0, help="seconds between REST faults (default 1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the bot's directory (logs, database)")
    args = parser.parse_args()
    config = SoakConfig(
        seconds=args.seconds,
        rate=args.rate,
        games=args.games,
        players=args.players,
        rounds=args.rounds,
        fault_every=args.fault_every,
        seed=args.seed,
    )
    tmp = Path(tempfile.mkdtemp(prefix="filmbot-soak-"))
    try:
        data_dir = tmp / "data"
        shutil.copytree(PROJECT_ROOT / "data", data_dir)
        result = asyncio.run(run_soak(config, tmp, data_dir))
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load}\n")
    print(result.table())
    print(f"\nsoak: {'OK' if result.ok else 'FAILED'}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
