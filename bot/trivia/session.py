"""One trivia game as a pure state machine: no I/O, no asyncio, time passed in.

    READY --ask--> OPEN --close(timeout | all answered | stopped)--> CLOSED --ask--> OPEN ...
                                  \\--> OVER (last question, `abandon_after` silent questions, stop)

Two clocks, never mixed: `now` is the bot's clock and decides when a question
closes (`deadline`); `at` is a click as Discord stamped it (the interaction's
snowflake) and `posted_at` the question message's own stamp, so speed is
`at - posted_at`, never when the click happened to arrive, and a click counts
only if made within the question's time on Discord's clock. A skew between
the clocks changes neither.

A game is answered with buttons (a choice index per click) or typed (`answer_typed`:
the caller judges the text, see `bot.trivia.matching`); both count once per player per
question, through the same gates, and a right typed answer scores more.

Anyone in the channel may play: the game's players are those who have
answered anything in it. A question closes when its time runs out, or as soon
as every player who had joined before it was asked has answered; on the first
question, before anyone has, the starter counts as the one player (a game
started by one player has one player until someone else clicks). A player who skips a question
loses their streak (`bot.trivia.scoring.streak_after`). A game whose last `abandon_after` questions got no answer
at all ends by itself.

A team game (`teams` 2-4) also adds up points per team. A player picks a team
(`join`) before or during the game and keeps it: a pick of another team is refused.
One who answers without having picked is put in the smallest team (fewest players,
then lowest number), and the answer says so. Each player's own points and stats
count exactly as in a game without teams.

Each closed question's results (`QuestionResults`) are emitted to the game's
`on_closed` listener (the recorder, `bot.trivia.recorder`, which writes them); the
game keeps nothing for the store.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import overload

from bot.trivia.errors import NotAllowedError
from bot.trivia.model import ABANDON_AFTER, BUTTONS, MODES, TYPED, Question
from bot.trivia.scoring import Standing, points, rank, streak_after

TEAMS_RANGE = (2, 4)
LATE_GRACE_SECONDS = 1.0  # tolerance for clock skew between Discord's stamps and ours
REVEAL_STANDINGS = 50  # standings a reveal carries (the final standings rank everyone)


class Phase(StrEnum):
    READY = "ready"  # before the first question
    OPEN = "open"  # a question is accepting answers
    CLOSED = "closed"  # revealed, the next one not asked yet
    OVER = "over"


class AnswerStatus(StrEnum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    ALREADY_ANSWERED = "already answered"
    CLOSED = "question closed"
    OLD_QUESTION = "old question"
    GAME_OVER = "game over"
    IGNORED_BOT = "ignored bot"
    INVALID_CHOICE = "invalid choice"
    WRONG_PLACE = "wrong place"  # the click came from another channel or server than the game's
    EMPTY = "empty answer"  # a typed answer with nothing in it
    TOO_LONG = "answer too long"
    OTHER_GAME = "another game"  # a form or button of a game that is not this channel's, or of the other mode


class CloseReason(StrEnum):
    TIMEOUT = "timeout"
    ALL_ANSWERED = "all answered"
    STOPPED = "stopped"


class EndReason(StrEnum):
    FINISHED = "finished"
    STOPPED = "stopped"
    ABANDONED = "abandoned"


class StateError(RuntimeError):
    """An operation that makes no sense in the game's phase (a bug in the caller)."""


@dataclass(frozen=True, slots=True)
class AnswerResult:
    """What a click did. `closed_question` says this answer closed the question
    (everyone has answered, or it came in after the deadline): reveal now."""

    status: AnswerStatus
    number: int
    points: int = 0
    streak: int = 0
    total_points: int = 0
    closed_question: bool = False
    unsaved: bool = False  # set by the service while the store refuses writes: say the points may not last
    team: int | None = None  # the player's team, in a team game
    team_assigned: bool = False  # this answer put the player in a team (they had not picked one)

    @property
    def counted(self) -> bool:
        return self.status in (AnswerStatus.CORRECT, AnswerStatus.INCORRECT)


class JoinStatus(StrEnum):
    JOINED = "joined"
    ALREADY = "already in this team"
    FIXED = "in another team"  # a team is kept for the whole game
    NO_TEAMS = "no teams"  # the game is not a team game
    INVALID_TEAM = "invalid team"
    GAME_OVER = "game over"
    IGNORED_BOT = "ignored bot"


@dataclass(frozen=True, slots=True)
class JoinResult:
    status: JoinStatus
    team: int | None = None  # the player's team after the pick (their old one when refused)
    teams: int = 0


@dataclass(frozen=True, slots=True)
class TeamStanding:
    """A team's place: its members' points added up; equal points share a rank."""

    rank: int
    team: int
    points: int
    players: int


@dataclass(frozen=True, slots=True)
class Answer:
    user_id: int
    name: str
    correct: bool
    points: int
    elapsed: float
    streak: int
    choice: int  # the button's index; -1 for a typed answer


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """A question as posted, with the choices its buttons offer."""

    game_id: str
    number: int
    total: int
    question: Question
    choices: tuple[str, ...]
    posted_at: float  # Discord's stamp of the message, once posted
    deadline: float  # the bot's clock
    mode: str = BUTTONS

    @property
    def prompt(self) -> str:
        return self.question.prompt


@dataclass(frozen=True, slots=True)
class Reveal:
    """A closed question: the right answer, who got it (fastest first), where it comes from."""

    game_id: str
    number: int
    total: int
    question: Question
    reason: CloseReason
    answers: Sequence[Answer]  # every answer, fastest first (a `RoundAnswers`)
    standings: tuple[Standing, ...]  # the top REVEAL_STANDINGS (every question of a flood ranked 2,000)
    game_over: bool
    end_reason: EndReason | None
    saved: bool = True  # set false by the service when this question's stats could not be written
    mode: str = BUTTONS
    teams: tuple[TeamStanding, ...] = ()  # a team game's standings after this question

    @property
    def correct(self) -> tuple[Answer, ...]:
        answers = self.answers
        return answers.right() if isinstance(answers, RoundAnswers) else tuple(a for a in answers if a.correct)

    @property
    def source_label(self) -> str | None:
        return self.question.source_label


@dataclass(frozen=True, slots=True)
class Progress:
    """How far the open question is; `version` changes with every counted answer."""

    game_id: str
    number: int
    answered: int
    expected: int
    version: int
    deadline: float


@dataclass(frozen=True, slots=True)
class PlayerResult:
    """What one closed question did for one player: `answered` False is a skip."""

    user_id: int
    name: str
    points: int
    first_question: bool  # the player's first answer of the game (it counts the game)
    answered: bool
    correct: bool


@dataclass(frozen=True, slots=True)
class QuestionResults:
    """A closed question's results, emitted once when it closes: who answered and who
    skipped (a question cut short by a stop lists no skips, since it ends no streak)."""

    game_id: str
    guild_id: int
    number: int
    players: tuple[PlayerResult, ...]


ResultsListener = Callable[[QuestionResults], None]


@dataclass(frozen=True, slots=True)
class PlayerStats:
    """One player's game so far (a copy: `Game.players` keeps them as columns)."""

    user_id: int
    name: str
    joined: int  # question number of the first answer
    points: int
    answered: int
    correct: int
    streak: int
    best_streak: int


class Players(Mapping[int, PlayerStats]):
    """A game's players, as columns: a row number by user id, and an array per counter.

    A flood's crowd makes thousands of players in every game. As an object each (with a
    name string and counters) they filled the interpreter's small-object arenas during the
    flood, and the few objects still alive afterwards kept those arenas from being given
    back when the games ended: the bot's memory stayed up. Columns are a few big blocks,
    freed with the game; the names are shared between games (`sys.intern`: a member in 50
    games is one string, gone with its last game)."""

    __slots__ = (
        "_rows",
        "answered",
        "best_streak",
        "choice",
        "correct",
        "elapsed",
        "gained",
        "ids",
        "joined",
        "last_number",
        "names",
        "points",
        "right",
        "streak",
    )

    def __init__(self) -> None:
        self._rows: dict[int, int] = {}  # user id -> row
        self.ids: list[int] = []  # the index's own int objects: what answers and results refer to
        self.names: list[str] = []
        self.joined = array("l")
        self.points = array("q")
        self.answered = array("l")
        self.correct = array("l")
        self.streak = array("l")
        self.best_streak = array("l")
        # Their answer to the question `last_number` (the current one, when equal to it).
        self.last_number = array("l")
        self.right = array("b")
        self.gained = array("q")
        self.elapsed = array("d")
        self.choice = array("l")

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, user_id: object) -> bool:
        return user_id in self._rows

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __getitem__(self, user_id: int) -> PlayerStats:
        return self.stats(self._rows[user_id])

    def row(self, user_id: int) -> int | None:
        return self._rows.get(user_id)

    def add(self, user_id: int, name: str, joined: int) -> int:
        """A new player (who has not answered yet); returns their row."""
        row = self._rows[user_id] = len(self.ids)
        self.ids.append(user_id)
        self.names.append(sys.intern(name))
        self.joined.append(joined)
        for column in (self.points, self.answered, self.correct, self.streak, self.best_streak, self.last_number):
            column.append(0)
        self.right.append(0)
        self.gained.append(0)
        self.elapsed.append(0.0)
        self.choice.append(0)
        return row

    def answered_now(self, user_id: int, number: int) -> bool:
        """Whether the player has answered question `number`."""
        row = self._rows.get(user_id)
        return row is not None and self.last_number[row] == number

    def rename(self, row: int, name: str) -> None:
        if name and name != self.names[row]:
            self.names[row] = sys.intern(name)

    def settle(self, row: int, correct: bool | None) -> None:
        """The question closed for this player: right, wrong, or skipped (None)."""
        streak = self.streak[row] = streak_after(self.streak[row], correct)
        if streak > self.best_streak[row]:
            self.best_streak[row] = streak

    def stats(self, row: int) -> PlayerStats:
        return PlayerStats(
            self.ids[row],
            self.names[row],
            self.joined[row],
            self.points[row],
            self.answered[row],
            self.correct[row],
            self.streak[row],
            self.best_streak[row],
        )


class RoundAnswers(Sequence[Answer]):
    """A closed question's answers, fastest first, as columns; each `Answer` is made when read.

    Under a flood most of a crowd of thousands answers every game's question: an object
    each was most of what a flood held at once (see `Players`)."""

    __slots__ = ("_choice", "_elapsed", "_gained", "_names", "_right", "_streak", "_users")

    def __init__(self, players: Players, rows: Iterable[int]) -> None:
        p = players
        order = sorted(rows, key=lambda row: (p.elapsed[row], p.ids[row]))
        self._users = [p.ids[row] for row in order]
        self._names = [p.names[row] for row in order]
        self._right = bytes(p.right[row] for row in order)
        self._gained = array("q", (p.gained[row] for row in order))
        self._elapsed = array("d", (p.elapsed[row] for row in order))
        self._streak = array("l", (p.streak[row] for row in order))
        self._choice = array("l", (p.choice[row] for row in order))

    def __len__(self) -> int:
        return len(self._users)

    @overload
    def __getitem__(self, index: int) -> Answer: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Answer, ...]: ...
    def __getitem__(self, index: int | slice) -> Answer | tuple[Answer, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        return Answer(
            self._users[index],
            self._names[index],
            bool(self._right[index]),
            self._gained[index],
            self._elapsed[index],
            self._streak[index],
            self._choice[index],
        )

    def right(self) -> tuple[Answer, ...]:
        """The right answers, fastest first."""
        return tuple(self[i] for i, right in enumerate(self._right) if right)


@dataclass(slots=True)
class _Round:
    number: int
    question: Question
    posted_at: float
    deadline: float
    # The players awaited before it closes early: on the first question the starter, then
    # everyone who had joined before it was asked (the first `awaited` rows of `Players`).
    awaited: int
    awaited_user: int | None = None  # the starter, on the first question
    awaited_answered: int = 0
    rows: array[int] = field(default_factory=lambda: array("l"))  # the players who answered, in order
    reveal: Reveal | None = None


class Game:
    """A game in one channel. Every method takes the current time; nothing sleeps."""

    def __init__(
        self,
        game_id: str,
        guild_id: int,
        channel_id: int,
        starter_id: int,
        questions: Sequence[Question],
        *,
        question_seconds: float,
        abandon_after: int = ABANDON_AFTER,
        mode: str = BUTTONS,
        teams: int = 0,
        on_closed: ResultsListener | None = None,
    ) -> None:
        if not questions:
            raise ValueError("a game needs at least one question")
        if mode not in MODES:
            raise ValueError(f"a game is played with {' or '.join(MODES)}, not {mode!r}")
        if mode == BUTTONS and any(len(q.choices) < 2 for q in questions):
            raise ValueError("a game needs choices for every question")
        low, high = TEAMS_RANGE
        if teams != 0 and (type(teams) is not int or not low <= teams <= high):
            raise ValueError(f"a team game has {low} to {high} teams, not {teams!r}")
        self.teams = teams
        self.team_of: dict[int, int] = {}  # user id -> team number (1-based), fixed for the game
        self.mode = mode
        self.id = game_id
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.starter_id = starter_id
        self.questions = tuple(questions)
        self.question_seconds = question_seconds
        self.abandon_after = abandon_after
        self.phase = Phase.READY
        self.end_reason: EndReason | None = None
        self.players = Players()
        self.round: _Round | None = None
        self._silent = 0  # consecutive questions nobody answered
        self.on_closed = on_closed

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def number(self) -> int:
        """The current (or last) question's number, 1-based; 0 before the first."""
        return self.round.number if self.round else 0

    @property
    def over(self) -> bool:
        return self.phase is Phase.OVER

    def ask(self, now: float) -> AskedQuestion | None:
        """Open the next question; None when the game is over."""
        if self.phase is Phase.OVER:
            return None
        if self.phase is Phase.OPEN:
            raise StateError("the current question is still open")
        number = self.number + 1
        self.round = _Round(
            number=number,
            question=self.questions[number - 1],
            posted_at=now,
            deadline=now + self.question_seconds,
            awaited=len(self.players) if number > 1 else 1,
            awaited_user=None if number > 1 else self.starter_id,
        )
        self.phase = Phase.OPEN
        return self.asked()

    def asked(self) -> AskedQuestion | None:
        """The current question as posted (None before the first)."""
        if self.round is None:
            return None
        r = self.round
        return AskedQuestion(
            self.id, r.number, self.total, r.question, r.question.choices, r.posted_at, r.deadline, self.mode
        )

    def mark_posted(self, number: int, at: float, now: float) -> None:
        """The question's message exists: time answers from its stamp `at`, and
        give the full time from `now` (the bot's clock) before closing."""
        if self.phase is Phase.OPEN and self.round and self.round.number == number:
            self.round.posted_at = at
            self.round.deadline = now + self.question_seconds

    @property
    def deadline(self) -> float | None:
        return self.round.deadline if self.phase is Phase.OPEN and self.round else None

    def progress(self) -> Progress | None:
        if self.round is None:
            return None
        r = self.round
        return Progress(self.id, r.number, len(r.rows), r.awaited, len(r.rows), r.deadline)

    def answer(
        self,
        user_id: int,
        name: str,
        number: int,
        choice: int,
        at: float,
        now: float,
        *,
        is_bot: bool = False,
    ) -> AnswerResult:
        """A button click: `choice` is the index into the question's choices."""
        if self.mode != BUTTONS:
            return AnswerResult(AnswerStatus.OTHER_GAME, number)
        refused = self._refused(user_id, number, at, now, is_bot=is_bot)
        if refused is not None:
            return refused
        question = self.round.question  # type: ignore[union-attr]
        if not 0 <= choice < len(question.choices):
            return AnswerResult(AnswerStatus.INVALID_CHOICE, number)
        return self._count(user_id, name, choice == question.answer_index, choice, at, now)

    def answer_typed(
        self, user_id: int, name: str, number: int, correct: bool, at: float, now: float, *, is_bot: bool = False
    ) -> AnswerResult:
        """A typed answer to question `number`, already judged `correct` by the caller."""
        if self.mode != TYPED:
            return AnswerResult(AnswerStatus.OTHER_GAME, number)
        return self._refused(user_id, number, at, now, is_bot=is_bot) or self._count(
            user_id, name, correct, -1, at, now, typed=True
        )

    def can_answer(self, user_id: int, number: int, now: float) -> AnswerStatus | None:
        """Why `user_id` could not answer question `number` now (before a form is opened), or None."""
        r = self.round
        if self.phase is Phase.OVER:
            return AnswerStatus.GAME_OVER
        if r is None or number != r.number:
            return AnswerStatus.OLD_QUESTION
        if self.players.answered_now(user_id, r.number):
            return AnswerStatus.ALREADY_ANSWERED
        if self.phase is not Phase.OPEN or now >= r.deadline:
            return AnswerStatus.CLOSED
        return None

    def join(self, user_id: int, team: object, *, is_bot: bool = False) -> JoinResult:
        """Pick a team (1-based). A team is kept for the game: picking another is refused, and
        anything but a team of this game (a forged button) changes nothing."""
        if not self.teams:
            return JoinResult(JoinStatus.NO_TEAMS)
        current = self.team_of.get(user_id)
        if is_bot:
            return JoinResult(JoinStatus.IGNORED_BOT, current, self.teams)
        if self.phase is Phase.OVER:
            return JoinResult(JoinStatus.GAME_OVER, current, self.teams)
        if type(team) is not int or not 1 <= team <= self.teams:
            return JoinResult(JoinStatus.INVALID_TEAM, current, self.teams)
        if current is not None:
            return JoinResult(JoinStatus.ALREADY if current == team else JoinStatus.FIXED, current, self.teams)
        self.team_of[user_id] = team
        return JoinResult(JoinStatus.JOINED, team, self.teams)

    def _smallest_team(self) -> int:
        sizes = {team: 0 for team in range(1, self.teams + 1)}
        for team in self.team_of.values():
            sizes[team] += 1
        return min(sizes, key=lambda team: (sizes[team], team))

    def team_standings(self) -> tuple[TeamStanding, ...]:
        """Every team, best first: the points of its players added up (a member who has not
        answered yet counts with 0)."""
        if not self.teams:
            return ()
        totals = {team: [0, 0] for team in range(1, self.teams + 1)}
        for user_id, team in self.team_of.items():
            row = self.players.row(user_id)
            totals[team][0] += 0 if row is None else self.players.points[row]
            totals[team][1] += 1
        ordered = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))
        out: list[TeamStanding] = []
        for index, (team, (pts, members)) in enumerate(ordered):
            same = out and out[-1].points == pts
            out.append(TeamStanding(out[-1].rank if same else index + 1, team, pts, members))
        return tuple(out)

    def _refused(self, user_id: int, number: int, at: float, now: float, *, is_bot: bool) -> AnswerResult | None:
        """Why an answer does not count (a bot, over, another question, twice, late), or None."""
        r = self.round
        if is_bot:
            return AnswerResult(AnswerStatus.IGNORED_BOT, number)
        if self.phase is Phase.OVER:
            return AnswerResult(AnswerStatus.GAME_OVER, number)
        if r is None or number != r.number:
            return AnswerResult(AnswerStatus.OLD_QUESTION, number)
        if self.players.answered_now(user_id, number):
            return AnswerResult(AnswerStatus.ALREADY_ANSWERED, number)
        if self.phase is not Phase.OPEN:
            return AnswerResult(AnswerStatus.CLOSED, number)
        if now >= r.deadline + LATE_GRACE_SECONDS:
            # The timer has not fired yet; close now so the caller reveals.
            self.close(now, CloseReason.TIMEOUT)
            return AnswerResult(AnswerStatus.CLOSED, number, closed_question=True)
        if at - r.posted_at > self.question_seconds + LATE_GRACE_SECONDS:
            return AnswerResult(AnswerStatus.CLOSED, number)
        return None

    def _count(
        self, user_id: int, name: str, correct: bool, choice: int, at: float, now: float, *, typed: bool = False
    ) -> AnswerResult:
        """Score an answer that passed `_refused`, and close the question when everyone has answered."""
        r = self.round
        assert r is not None
        number = r.number
        players = self.players
        row = players.row(user_id)
        if row is None:
            row = players.add(user_id, name, r.number)
        else:
            players.rename(row, name)
        assigned = bool(self.teams) and user_id not in self.team_of
        if assigned:
            self.team_of[user_id] = self._smallest_team()
        players.answered[row] += 1
        players.correct[row] += 1 if correct else 0
        players.settle(row, correct)
        streak = players.streak[row]
        elapsed = min(max(at - r.posted_at, 0.0), self.question_seconds)
        gained = points(correct, elapsed, self.question_seconds, streak, typed=typed)
        players.points[row] += gained
        players.last_number[row] = number
        players.right[row] = correct
        players.gained[row] = gained
        players.elapsed[row] = elapsed
        players.choice[row] = choice
        r.rows.append(row)
        if (row < r.awaited) if r.awaited_user is None else (user_id == r.awaited_user):
            r.awaited_answered += 1
        closed = r.awaited > 0 and r.awaited_answered == r.awaited
        if closed:
            self.close(now, CloseReason.ALL_ANSWERED)
        status = AnswerStatus.CORRECT if correct else AnswerStatus.INCORRECT
        return AnswerResult(
            status,
            number,
            gained,
            streak,
            players.points[row],
            closed_question=closed,
            team=self.team_of.get(user_id),
            team_assigned=assigned,
        )

    def expire(self, now: float) -> Reveal | None:
        """Close the open question if its time is up."""
        if self.phase is Phase.OPEN and self.round and now >= self.round.deadline:
            return self.close(now, CloseReason.TIMEOUT)
        return None

    def close(self, now: float, reason: CloseReason) -> Reveal | None:
        """Close the open question and decide whether the game goes on; None if none is open."""
        r = self.round
        if self.phase is not Phase.OPEN or r is None:
            return None
        # A skipped question ends a streak; one cut short by /trivia stop does not.
        skips_count = reason is not CloseReason.STOPPED
        broken: set[int] = set()  # skippers whose streak this ends (the others' already ended)
        if skips_count:
            players = self.players
            for row, user_id in enumerate(players.ids):
                if players.last_number[row] != r.number:
                    if players.streak[row]:
                        broken.add(user_id)
                    players.settle(row, None)
        self._silent = 0 if r.rows else self._silent + 1
        if reason is CloseReason.STOPPED:
            self._end(EndReason.STOPPED)
        elif r.number >= self.total:
            self._end(EndReason.FINISHED)
        elif self._silent >= self.abandon_after:
            self._end(EndReason.ABANDONED)
        else:
            self.phase = Phase.CLOSED
        if self.on_closed is not None:
            self.on_closed(self._results(r, broken))
        r.reveal = Reveal(
            self.id,
            r.number,
            self.total,
            r.question,
            reason,
            RoundAnswers(self.players, r.rows),
            self.standings(REVEAL_STANDINGS),
            self.over,
            self.end_reason,
            mode=self.mode,
            teams=self.team_standings(),
        )
        return r.reveal

    def _results(self, r: _Round, broken: set[int]) -> QuestionResults:
        """The closed question's results: who answered, and who skipped while on a streak (the skip
        ends it). A skipper whose last answer was wrong, or who skipped before, has no streak to end:
        no row for them, so a crowd that clicked once is not rewritten at every later question."""
        out = []
        players = self.players
        for row, user_id in enumerate(players.ids):
            answered = players.last_number[row] == r.number
            if not answered and user_id not in broken:
                continue
            out.append(
                PlayerResult(
                    user_id=user_id,
                    name=players.names[row],
                    points=players.gained[row] if answered else 0,
                    first_question=players.joined[row] == r.number,
                    answered=answered,
                    correct=answered and bool(players.right[row]),
                )
            )
        return QuestionResults(self.id, self.guild_id, r.number, tuple(out))

    def _end(self, reason: EndReason) -> None:
        self.phase = Phase.OVER
        self.end_reason = reason

    def stop(self, user_id: int, is_moderator: bool, now: float) -> Reveal | None:
        """End the game (the starter or a moderator); returns the in-flight question's reveal, if any."""
        if user_id != self.starter_id and not is_moderator:
            raise NotAllowedError(self.abandon_after)
        if self.phase is Phase.OVER:
            return None
        reveal = self.close(now, CloseReason.STOPPED)
        if not self.over:
            self._end(EndReason.STOPPED)
        return reveal

    def reveal(self, number: int) -> Reveal | None:
        """The reveal of question `number` if it is the current one and closed."""
        if self.round and self.round.number == number:
            return self.round.reveal
        return None

    def standings(self, limit: int | None = None) -> tuple[Standing, ...]:
        p = self.players
        rows = zip(p.ids, p.names, p.points, p.correct, p.answered, p.best_streak, strict=True)
        return rank(rows, limit)
