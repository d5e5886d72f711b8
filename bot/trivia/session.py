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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.trivia.errors import NotAllowedError
from bot.trivia.model import ABANDON_AFTER, BUTTONS, MODES, TYPED, Question
from bot.trivia.scoring import Standing, points, rank, streak_after

TEAMS_RANGE = (2, 4)
LATE_GRACE_SECONDS = 1.0  # tolerance for clock skew between Discord's stamps and ours


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
    answers: tuple[Answer, ...]
    standings: tuple[Standing, ...]
    game_over: bool
    end_reason: EndReason | None
    saved: bool = True  # set false by the service when this question's stats could not be written
    mode: str = BUTTONS
    teams: tuple[TeamStanding, ...] = ()  # a team game's standings after this question

    @property
    def correct(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if a.correct)

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


@dataclass(slots=True)
class _Player:
    user_id: int
    name: str
    joined: int  # question number of the first answer
    points: int = 0
    answered: int = 0
    correct: int = 0
    streak: int = 0
    best_streak: int = 0

    def settle(self, correct: bool | None) -> None:
        """The question closed for this player: right, wrong, or skipped (None)."""
        self.streak = streak_after(self.streak, correct)
        self.best_streak = max(self.best_streak, self.streak)


@dataclass(slots=True)
class _Round:
    number: int
    question: Question
    posted_at: float
    deadline: float
    expected: frozenset[int]  # players who joined before this question
    answers: dict[int, Answer] = field(default_factory=dict)
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
        self.players: dict[int, _Player] = {}
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
            expected=frozenset(self.players) if number > 1 else frozenset({self.starter_id}),
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
        return Progress(self.id, r.number, len(r.answers), len(r.expected), len(r.answers), r.deadline)

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
        if user_id in r.answers:
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
            player = self.players.get(user_id)
            totals[team][0] += player.points if player else 0
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
        if user_id in r.answers:
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
        player = self.players.get(user_id)
        if player is None:
            player = self.players[user_id] = _Player(user_id, name, joined=r.number)
        player.name = name or player.name
        assigned = bool(self.teams) and user_id not in self.team_of
        if assigned:
            self.team_of[user_id] = self._smallest_team()
        player.answered += 1
        player.correct += 1 if correct else 0
        player.settle(correct)
        elapsed = min(max(at - r.posted_at, 0.0), self.question_seconds)
        gained = points(correct, elapsed, self.question_seconds, player.streak, typed=typed)
        player.points += gained
        r.answers[user_id] = Answer(user_id, player.name, correct, gained, elapsed, player.streak, choice)

        closed = bool(r.expected) and r.expected <= r.answers.keys()
        if closed:
            self.close(now, CloseReason.ALL_ANSWERED)
        status = AnswerStatus.CORRECT if correct else AnswerStatus.INCORRECT
        return AnswerResult(
            status,
            number,
            gained,
            player.streak,
            player.points,
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
        if skips_count:
            for player in self.players.values():
                if player.user_id not in r.answers:
                    player.settle(None)
        self._silent = 0 if r.answers else self._silent + 1
        if reason is CloseReason.STOPPED:
            self._end(EndReason.STOPPED)
        elif r.number >= self.total:
            self._end(EndReason.FINISHED)
        elif self._silent >= self.abandon_after:
            self._end(EndReason.ABANDONED)
        else:
            self.phase = Phase.CLOSED
        if self.on_closed is not None:
            self.on_closed(self._results(r, skips_count))
        answers = tuple(sorted(r.answers.values(), key=lambda a: (a.elapsed, a.user_id)))
        r.reveal = Reveal(
            self.id,
            r.number,
            self.total,
            r.question,
            reason,
            answers,
            self.standings(),
            self.over,
            self.end_reason,
            mode=self.mode,
            teams=self.team_standings(),
        )
        return r.reveal

    def _results(self, r: _Round, with_skips: bool) -> QuestionResults:
        """The closed question's results: who answered, and who skipped (a skip ends a streak)."""
        out = []
        for player in self.players.values():
            answer = r.answers.get(player.user_id)
            if answer is None and not with_skips:
                continue
            out.append(
                PlayerResult(
                    user_id=player.user_id,
                    name=player.name,
                    points=answer.points if answer else 0,
                    first_question=player.joined == r.number,
                    answered=answer is not None,
                    correct=answer is not None and answer.correct,
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

    def standings(self) -> tuple[Standing, ...]:
        return rank((p.user_id, p.name, p.points, p.correct, p.answered, p.best_streak) for p in self.players.values())
