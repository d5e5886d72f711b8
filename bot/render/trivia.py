"""Trivia messages: questions with answer buttons, private acknowledgements, reveals,
standings, leaderboards, player stats and the pack list."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.film import join_lines
from bot.render.payload import (
    BUTTON_LABEL_MAX,
    BUTTONS_PER_ROW,
    COLOUR_INFO,
    COLOUR_TRIVIA,
    Button,
    Reply,
    clip,
    embed,
    escape,
)
from bot.text import plural, strip_bidi
from bot.trivia.categories import Category
from bot.trivia.matching import GUESS_MAX_LENGTH
from bot.trivia.model import TYPED, spelled
from bot.trivia.packs import Pack
from bot.trivia.records import PlayerRecord
from bot.trivia.scoring import Standing
from bot.trivia.service import GameInfo, GameSummary, SeasonView
from bot.trivia.session import (
    AnswerResult,
    AnswerStatus,
    AskedQuestion,
    CloseReason,
    EndReason,
    JoinResult,
    JoinStatus,
    Reveal,
    TeamStanding,
)

ANSWER_PREFIX = "trivia"
TYPED_PREFIX = "trivia-typed"  # the "Answer" button of a typed question: opens the form
GUESS_PREFIX = "trivia-guess"  # the form (modal) itself
TEAM_PREFIX = "trivia-team"  # a team's join button (not "trivia:": those take the answer clicks' hot path)
GUESS_FIELD = "guess"
FORM_LABEL = "Your answer"
FORM_PLACEHOLDER = "Small typos are fine"
LETTERS = "ABCDE"
SHOWN_NAMES = 10
MEDALS = ("🥇", "🥈", "🥉")


def answer_id(game_id: str, number: int, choice: int) -> str:
    """The custom_id of an answer button: everything a click needs, nothing kept per message."""
    return f"{ANSWER_PREFIX}:{game_id}:{number}:{choice}"


def typed_id(game_id: str, number: int) -> str:
    """The custom_id of a typed question's "Answer" button."""
    return f"{TYPED_PREFIX}:{game_id}:{number}"


def guess_form_id(game_id: str, number: int) -> str:
    """The custom_id of the form a typed answer is written in: the game and question it answers."""
    return f"{GUESS_PREFIX}:{game_id}:{number}"


def team_join_id(game_id: str, team: int) -> str:
    """The custom_id of the button that puts the clicker in `team` of a team game."""
    return f"{TEAM_PREFIX}:{game_id}:{team}"


def team_name(team: int) -> str:
    return f"Team {team}"


def form_title(number: int, total: int) -> str:
    """The form's title (Discord allows 45 characters)."""
    return f"Trivia · Question {number} of {total}"


def discord_time(at: float, style: str = "R") -> str:
    """A Discord timestamp: every reader sees it live, in their own time zone ("in 12 seconds")."""
    return f"<t:{int(at)}:{style}>"


def _title(number: int, total: int) -> str:
    return f"Trivia · Question {number} of {total}"


def _buttons(game_id: str, number: int, choices: Sequence[str], *, right: int | None = None) -> list[Button]:
    """One button per choice, lettered; after the reveal all disabled, the right one green."""
    buttons = []
    for index, choice in enumerate(choices):
        label = clip(f"{LETTERS[index]}. {choice}", BUTTON_LABEL_MAX)
        style = "primary" if right is None else ("success" if index == right else "secondary")
        buttons.append(
            Button(
                label,
                answer_id(game_id, number, index),
                style,
                disabled=right is not None,
                row=index // BUTTONS_PER_ROW,
            )
        )
    return buttons


def game_started(info: GameInfo, starter: str, film_title: str | None = None, pack_name: str | None = None) -> Reply:
    if info.mode == TYPED:
        how = (
            "Press **Answer** and type it: small typos are forgiven, a typed right answer scores more than a "
            "click, a faster one more still, and a streak of right answers earns a bonus."
        )
    else:
        how = "Click the right answer: a faster right answer scores more, and a streak of right answers earns a bonus."
    rules = (
        f"**{plural(info.total, 'question')}**, **{info.question_seconds} s** each. {how} "
        "Only you see whether you were right until the reveal."
    )
    picked = []
    if film_title:
        picked.append(f"Film: **{escape(film_title)}**")
    if pack_name:
        picked.append(f"Pack: **{escape(pack_name)}**")
    if info.difficulty:
        picked.append(f"Difficulty: **{info.difficulty}**")
    if info.category:
        picked.append(f"Category: **{escape(info.category)}**")
    if info.teams:
        picked.append(f"Teams: **{info.teams}**")
    description = rules + ("\n" + " · ".join(picked) if picked else "")
    buttons = []
    if info.teams:
        description += (
            "\n\n👥 **Pick your team** with a button below, now or during the game: you keep it until the end. "
            "Answer without picking and you join the smallest team. The team scores the points of its players."
        )
        buttons = [
            Button(team_name(team), team_join_id(info.game_id, team), "primary") for team in range(1, info.teams + 1)
        ]
    footer = f"Started by {clip(strip_bidi(starter), 80)} · /trivia stop ends it (starter or moderator)"
    return Reply(
        embeds=[embed("Trivia is starting!", description, colour=COLOUR_TRIVIA, footer=footer)], buttons=buttons
    )


def join_ack(result: JoinResult, wanted: int | None = None) -> Reply:
    """The private answer to a click on a team's join button."""
    mine = team_name(result.team) if result.team is not None else None
    if result.status is JoinStatus.JOINED:
        text = f"👥 You are in **{mine}** for this game. Your right answers score for your team."
    elif result.status is JoinStatus.ALREADY:
        text = f"You are already in **{mine}**."
    elif result.status is JoinStatus.FIXED:
        text = f"You are in **{mine}** for this whole game: teams cannot be changed once picked. Nothing changed."
    elif result.status is JoinStatus.GAME_OVER:
        text = "This game is over. Start a new one with /trivia start."
    elif result.status is JoinStatus.IGNORED_BOT:
        text = "Bots don't play trivia."
    elif result.status is JoinStatus.NO_TEAMS:
        text = "This game is not played in teams."
    else:
        text = "That is not a team of this channel's game. Nothing changed."
    return Reply(content=text, ephemeral=True)


def team_line(standing: TeamStanding) -> str:
    place = MEDALS[standing.rank - 1] if standing.rank <= len(MEDALS) else f"**{standing.rank}.**"
    return f"{place} **{team_name(standing.team)}** — {standing.points:,} points · {plural(standing.players, 'player')}"


def question(asked: AskedQuestion, answered: int = 0) -> Reply:
    """The question message; re-rendered (throttled) as answers come in."""
    lines = [escape(asked.prompt), "", f"⏱ Closes {discord_time(asked.deadline)}"]
    if answered:
        lines.append(f"👥 {answered} answered")
    if asked.mode == TYPED:
        footer = (
            f"{asked.question.difficulty.capitalize()} · press Answer and type it · faster right answers score more"
        )
        buttons = [Button("✏️ Answer", typed_id(asked.game_id, asked.number), "primary")]
    else:
        footer = f"{asked.question.difficulty.capitalize()} · faster right answers score more"
        buttons = _buttons(asked.game_id, asked.number, asked.choices)
    return Reply(
        embeds=[embed(_title(asked.number, asked.total), "\n".join(lines), colour=COLOUR_TRIVIA, footer=footer)],
        buttons=buttons,
    )


_CLOSED_BECAUSE = {
    CloseReason.TIMEOUT: "⏱ Time's up.",
    CloseReason.ALL_ANSWERED: "Everyone has answered.",
    CloseReason.STOPPED: "⏹ The game was stopped.",
}


def reveal(result: Reveal) -> Reply:
    """The question message once closed: the right answer, who got it (fastest first), the source."""
    q = result.question
    description = f"{escape(q.prompt)}\n\n**Answer: {escape(q.answer)}**\n{_CLOSED_BECAUSE[result.reason]}"
    right = [f"**{escape(a.name)}** +{a.points} ({a.elapsed:.1f} s)" for a in result.correct]
    shown = right[:SHOWN_NAMES] + ([f"… and {len(right) - SHOWN_NAMES} more"] if len(right) > SHOWN_NAMES else [])
    wrong = len(result.answers) - len(right)
    fields = [(f"Got it ({len(right)})", join_lines(shown) if shown else "Nobody got it.", False)]
    if wrong:
        fields.append(("Missed it", _count(wrong, "wrong answer"), False))
    if result.teams:
        fields.append(("Teams", join_lines([team_line(t) for t in result.teams]), False))
    if not result.saved:
        description += f"\n{UNSAVED}"
    footer = f"Source: from {result.source_label}" if result.source_label else None
    choices = q.choices if result.mode != TYPED else ()
    return Reply(
        embeds=[
            embed(_title(result.number, result.total), description, colour=COLOUR_TRIVIA, fields=fields, footer=footer)
        ],
        buttons=_buttons(result.game_id, result.number, choices, right=q.answer_index) if choices else [],
    )


UNSAVED = "⚠ Scores could not be saved right now: the bot's database is not accepting writes."

_ACKS = {
    AnswerStatus.ALREADY_ANSWERED: "You already answered this question: one answer per question.",
    AnswerStatus.CLOSED: "Too late: this question has closed.",
    AnswerStatus.OLD_QUESTION: "That question is over: answer the current one.",
    AnswerStatus.GAME_OVER: "This game is over. Start a new one with /trivia start.",
    AnswerStatus.IGNORED_BOT: "Bots don't play trivia.",
    AnswerStatus.INVALID_CHOICE: "That is not one of the choices.",
    AnswerStatus.WRONG_PLACE: "That button belongs to a game in another channel: it does not count here.",
    AnswerStatus.EMPTY: "Your answer was empty: type the answer in the form (it still counts if you try again).",
    AnswerStatus.TOO_LONG: f"That answer is too long to be one (at most {GUESS_MAX_LENGTH} characters): try again.",
    AnswerStatus.OTHER_GAME: "That answer is not for this channel's game. Answer the question on screen.",
}


def answer_ack(result: AnswerResult) -> Reply:
    """The private answer to a click: right or wrong, points, streak; or why it did not count."""
    if result.status is AnswerStatus.CORRECT:
        text = f"✅ Right! **+{result.points}** points"
        if result.streak >= 2:
            text += f" · 🔥 {result.streak} in a row"
        text += f" · {result.total_points} in this game"
        text += _placed(result)
    elif result.status is AnswerStatus.INCORRECT:
        text = "❌ Not this one. The answer comes at the reveal."
        text += _placed(result)
    else:
        text = _ACKS[result.status]
    if result.unsaved:
        text += f"\n{UNSAVED}"
    return Reply(content=text, ephemeral=True)


def _placed(result: AnswerResult) -> str:
    if not result.team_assigned or result.team is None:
        return ""
    return (
        f"\n👥 You had not picked a team, so you are now in **{team_name(result.team)}** "
        "(the smallest) for the rest of this game."
    )


_ENDED = {
    EndReason.FINISHED: "Game over: {questions} played.",
    EndReason.STOPPED: "The game was stopped after question {asked} of {total}.",
    EndReason.ABANDONED: "Nobody answered {silent} questions in a row, so the game ended.",
}


def standing_line(standing: Standing) -> str:
    place = MEDALS[standing.rank - 1] if standing.rank <= len(MEDALS) else f"**{standing.rank}.**"
    streak = f" · best streak {standing.best_streak}" if standing.best_streak > 1 else ""
    return (
        f"{place} **{escape(standing.name)}** — {standing.points:,} points · "
        f"{standing.correct}/{standing.answered} right{streak}"
    )


def standings(summary: GameSummary) -> Reply:
    lines = [standing_line(s) for s in summary.standings] or ["Nobody scored."]
    ended = _ENDED[summary.end_reason].format(
        asked=summary.asked,
        questions=plural(summary.total, "question"),
        total=summary.total,
        silent=spelled(summary.abandon_after),
    )
    if not summary.saved:
        ended += "\n⚠ The scores of this game could not be saved: the bot's database is not accepting writes."
    if summary.teams:
        ended += "\n\n**Teams**\n" + join_lines([team_line(t) for t in summary.teams]) + "\n\n**Players**"
    return Reply(
        embeds=[
            embed(
                "Trivia · Final standings",
                f"{ended}\n\n{join_lines(lines, 3500)}",
                colour=COLOUR_TRIVIA,
                footer="/trivia leaderboard for the server's standings · /trivia stats for yours",
            )
        ]
    )


def interrupted(summary: GameSummary, outage_seconds: float) -> Reply:
    """Posted when Discord answers again after it failed a game for too long (or the game broke):
    why it ended, with the final standings. The points are saved whatever happened."""
    where = f"after question {summary.asked} of {summary.total}" if summary.asked else "before its first question"
    if outage_seconds >= 1:
        why = f"Discord could not be reached for {round(outage_seconds)} s, so this trivia game ended {where}."
    else:
        why = f"Something went wrong on my side, so this trivia game ended {where}."
    final = standings(summary)
    kept = " The points so far are saved." if summary.saved else ""
    return Reply(content=f"⚠ {why}{kept}", embeds=final.embeds)


def stopped(name: str) -> Reply:
    return Reply(content=f"⏹ Trivia stopped by **{escape(name)}**. Final standings follow.")


def _record_line(record: PlayerRecord) -> str:
    place = MEDALS[record.rank - 1] if record.rank and record.rank <= len(MEDALS) else f"**{record.rank}.**"
    return (
        f"{place} **{escape(record.display_name)}** — {record.points:,} points · "
        f"{record.accuracy:.0%} right · {_count(record.games, 'game')}"
    )


def leaderboard(records: Sequence[PlayerRecord], scope: str, season: SeasonView | None = None) -> Reply:
    """A season's standings. Streaks are lifetime figures (/trivia stats), so lines show games."""
    where = "all servers" if scope == "global" else "this server"
    if season is None or season.name is None:
        which, label = "this season", "current season" + (" of each server" if scope == "global" else "")
    elif scope == "global":
        which, label = f"the season {escape(season.name)}", f"{escape(season.name)} (each server's season of that name)"
    elif season.current:
        which, label = f"the season {escape(season.name)}", f"{escape(season.name)} (current season)"
    else:
        ended = f", ended {season.ended_at[:10]}" if season.ended_at else ""
        which, label = f"the season {escape(season.name)}", f"{escape(season.name)} (closed{ended})"
    if not records:
        return Reply(
            content=f"Nobody has played trivia in {where} in {which} yet. Start a game with /trivia start.",
            ephemeral=True,
        )
    return Reply(
        embeds=[
            embed(
                f"Trivia leaderboard · {where} · {label}",
                join_lines([_record_line(r) for r in records], 4000),
                colour=COLOUR_TRIVIA,
                footer="Points: 100 for a right answer, up to 100 more for speed, a bonus for streaks · "
                "/trivia stats for lifetime totals",
            )
        ]
    )


def stats(name: str, here: PlayerRecord | None, everywhere: PlayerRecord | None) -> Reply:
    if everywhere is None:
        return Reply(content=f"{escape(name)} has not played trivia yet.", ephemeral=True)
    record = here or everywhere
    fields = [
        ("Points", f"{record.points:,}", True),
        ("Rank", f"#{record.rank}" if record.rank else "—", True),
        ("Games", str(record.games), True),
        ("Answers", str(record.answers), True),
        ("Right", str(record.correct), True),
        ("Accuracy", f"{record.accuracy:.0%}", True),
        ("Best streak", str(record.best_streak), True),
        ("Current streak", str(record.current_streak), True),
    ]
    scope = "in this server" if here is not None else "(not yet in this server; all servers)"
    if here is not None:
        fields.append(
            (
                "All servers",
                f"{everywhere.points:,} points · rank #{everywhere.rank} · {_count(everywhere.games, 'game')}",
                False,
            )
        )
    title = f"Trivia stats · {escape(name)} {scope}"
    return Reply(embeds=[embed(title, None, colour=COLOUR_TRIVIA, fields=fields)])


def packs(found: Sequence[Pack], catalog_questions: int, categories: Sequence[tuple[Category, int]] = ()) -> Reply:
    lines = [f"**Film catalog** — {plural(catalog_questions, 'question')} from the film documents (the default)"]
    for pack in found:
        playable = len(pack.multiple_choice)
        count = _count(len(pack.questions), "question")
        count += f", {playable} with buttons" if playable != len(pack.questions) else ""
        origin = " · uploaded to this server" if pack.origin == "upload" else ""
        about = f"\n  {escape(clip(pack.description, 200))}" if pack.description else ""
        # Keys are slugs ([a-z0-9-]): as inline code they read plainly and copy cleanly.
        name = f" — {escape(pack.name)}" if pack.name != pack.key else ""
        lines.append(f"`{pack.key}`{name} · {count}{origin}{about}")
    return Reply(
        embeds=[
            embed(
                "Trivia question packs",
                join_lines(lines, 3000),
                colour=COLOUR_INFO,
                fields=[("Categories", _categories(categories), False)] if categories else None,
                footer="/trivia start pack:<name> plays one, category:<name> one kind of question · "
                "moderators add packs with /admin pack upload",
            )
        ]
    )


def _categories(found: Sequence[tuple[Category, int]]) -> str:
    """ "`directors` Directors · 12 questions", one a line (the key is what category: takes)."""
    return join_lines([f"`{c.key}` {escape(c.name)} · {plural(n, 'question')}" for c, n in found], 1000)


def _count(n: int, word: str) -> str:
    return plural(n, word)
