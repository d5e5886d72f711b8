"""/trivia start | stop | leaderboard | stats | packs, and the answer buttons.

Thin: options -> TriviaService -> bot.render.trivia -> send. A game runs in a
task of its own (`TriviaService.run_game`) that posts each question in the
channel, edits it into its reveal, and posts the final standings: two REST calls
a question, within the process's REST budget, retried through Discord's bad
moments (`bot.app.courier`). Clicks are routed by a
DynamicItem on the custom_id "trivia:<game>:<question>:<choice>", so buttons
hold no state; a click is timed by its interaction snowflake (Discord's clock),
never by when it arrived, and answered privately.

A typed game's question has one "Answer" button ("trivia-typed:<game>:<question>",
a DynamicItem too) that opens a form (a modal, "trivia-guess:<game>:<question>").
Its submission is answered by the cog's `on_interaction` listener, whatever
discord.py's modal store still holds: a form submitted after the question closed,
after a restart, or for another game gets its private answer like any other.

A team game's start message has one button per team ("trivia-team:<game>:<team>", a
DynamicItem handled by discord.py: its prefix is not the answer clicks' hot path).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.clicks import Click, reply_data
from bot.app.courier import ChannelGone, Courier, DiscordUnreachable, RouteLimited
from bot.app.toolkit import respond
from bot.app.toolkit.lookups import FilmTitle
from bot.app.toolkit.members import is_moderator_interaction
from bot.app.toolkit.services import services_of
from bot.render import trivia as render
from bot.render.payload import Reply
from bot.text import fold, plural
from bot.trivia.matching import GUESS_MAX_LENGTH
from bot.trivia.model import DIFFICULTIES, MODES
from bot.trivia.service import SEASON_NAME_MAX, GameInfo, GameSummary, TriviaService
from bot.trivia.session import TEAMS_RANGE, AnswerResult, AnswerStatus, AskedQuestion, Progress, Reveal
from bot.trivia.settings import ROUNDS_RANGE

if TYPE_CHECKING:
    from bot.app.host.client import FilmBot

log = logging.getLogger(__name__)

REVEAL_PATIENCE = 2.0  # the longest 429 a reveal edit waits out before the reveal is posted instead
SLOW_EDIT_BACKOFF = 10.0  # seconds before editing again after an edit that did not answer in time
ANNOUNCE_WITHIN = 3600.0  # seconds an interrupted game keeps trying to tell its channel
SHUTDOWN_GRACE = 5.0  # seconds a shutdown gives the games to save their stats and post their standings


def trivia_of(bot: discord.Client) -> TriviaService:
    """The trivia service of the bot (`interaction.client` included)."""
    return services_of(bot).trivia


def _timestamp(snowflake: int) -> float:
    """When Discord created the interaction or message (seconds since the epoch)."""
    return discord.utils.snowflake_time(snowflake).timestamp()


ANSWER_TEMPLATE = r"trivia:(?P<game>[0-9a-f]{1,32}):(?P<number>\d{1,3}):(?P<choice>\d{1,2})"
_ANSWER = re.compile(ANSWER_TEMPLATE)


def click_origin(
    channel_id: int | None, guild_id: int | None, message_channel_id: int | None, message_guild_id: int | None
) -> tuple[int | None, int | None]:
    """Where a click came from: the interaction's channel and server, unless the message the
    button sits on says otherwise (a forged payload), in which case nowhere a game can be."""
    if message_channel_id not in (None, channel_id) or message_guild_id not in (None, guild_id):
        return (None, None)
    return (channel_id, guild_id)


def answer_reply(trivia: TriviaService, click: Click) -> Reply:
    """Score a click on an answer button and say privately what it did."""
    match = _ANSWER.fullmatch(click.custom_id)
    if match is None:
        return render.answer_ack(AnswerResult(AnswerStatus.INVALID_CHOICE, 0))
    result = trivia.answer(
        match["game"],
        int(match["number"]),
        click.user_id,
        int(match["choice"]),
        click.created_at,
        name=click.name,
        is_bot=click.is_bot,
        origin=click_origin(click.channel_id, click.guild_id, click.message_channel_id, click.message_guild_id),
    )
    return render.answer_ack(result)


class TriviaAnswer(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ANSWER_TEMPLATE):
    """An answer button; the game, question number and choice live in the custom_id.

    On Discord, clicks on it are taken by the hot path (`bot.clicks`, see `setup`); this
    item answers them where that path is not in use (the local console)."""

    def __init__(self, game_id: str, number: int, choice: int) -> None:
        super().__init__(discord.ui.Button(label=str(choice), custom_id=render.answer_id(game_id, number, choice)))
        self.game_id = game_id
        self.number = number
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TriviaAnswer:
        return cls(match["game"], int(match["number"]), int(match["choice"]))

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        user = interaction.user
        message = interaction.message
        click = Click(
            interaction_id=interaction.id,
            token="",
            custom_id=render.answer_id(self.game_id, self.number, self.choice),
            user_id=user.id,
            name=user.display_name,
            is_bot=user.bot,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
            message_channel_id=message.channel.id if message else None,
            message_guild_id=message.guild.id if message and message.guild else None,
            created_at=_timestamp(interaction.id),
        )
        await respond.send(interaction, answer_reply(trivia_of(interaction.client), click))


_GUESS_FORM = re.compile(rf"{render.GUESS_PREFIX}:(?P<game>[0-9a-f]{{1,32}}):(?P<number>\d{{1,3}})")
FORM_TIMEOUT = 120.0  # seconds discord.py keeps a form it sent (the listener answers later ones too)


class TypedAnswer(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{render.TYPED_PREFIX}:(?P<game>[0-9a-f]{{1,32}}):(?P<number>\d{{1,3}})",
):
    """The "Answer" button of a typed question: opens the form, unless the answer could not count."""

    def __init__(self, game_id: str, number: int) -> None:
        super().__init__(discord.ui.Button(label="Answer", custom_id=render.typed_id(game_id, number)))
        self.game_id = game_id
        self.number = number

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TypedAnswer:
        return cls(match["game"], int(match["number"]))

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        trivia = trivia_of(interaction.client)
        refused = trivia.can_answer(self.game_id, self.number, interaction.user.id, interaction.channel_id)
        if interaction.user.bot:
            refused = AnswerStatus.IGNORED_BOT
        if refused is not None:
            await respond.send(interaction, render.answer_ack(AnswerResult(refused, self.number)))
            return
        asked = trivia.current(self.game_id)
        total = asked.total if asked else self.number
        await interaction.response.send_modal(GuessForm(self.game_id, self.number, total))


class GuessForm(discord.ui.Modal):
    """The form a typed answer is written in. It answers nothing itself: the cog's
    listener does, so that every submission is answered, whether or not discord.py
    still keeps this object."""

    def __init__(self, game_id: str, number: int, total: int) -> None:
        super().__init__(
            title=render.form_title(number, total),
            custom_id=render.guess_form_id(game_id, number),
            timeout=FORM_TIMEOUT,
        )
        self.add_item(
            discord.ui.TextInput(
                label=render.FORM_LABEL,
                custom_id=render.GUESS_FIELD,
                placeholder=render.FORM_PLACEHOLDER,
                max_length=GUESS_MAX_LENGTH,
                required=True,
            )
        )


class TeamJoin(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"{render.TEAM_PREFIX}:(?P<game>[0-9a-f]{{1,32}}):(?P<team>\d{{1,2}})",
):
    """A team's join button on a team game's start message; the game and team live in the custom_id."""

    def __init__(self, game_id: str, team: int) -> None:
        super().__init__(discord.ui.Button(label=render.team_name(team), custom_id=render.team_join_id(game_id, team)))
        self.game_id = game_id
        self.team = team

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TeamJoin:
        return cls(match["game"], int(match["team"]))

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        result = trivia_of(interaction.client).join(
            self.game_id,
            interaction.user.id,
            self.team,
            is_bot=interaction.user.bot,
            channel_id=interaction.channel_id,
        )
        await respond.send(interaction, render.join_ack(result))


def _typed_value(data: object) -> object:
    """The guess field's value in a submitted form, as sent (anything, from a modified client); None if absent."""
    stack = list(data.get("components") or []) if isinstance(data, dict) else []
    while stack:
        component = stack.pop(0)
        if not isinstance(component, dict):
            continue
        if component.get("custom_id") == render.GUESS_FIELD:
            return component.get("value")
        stack.extend(c for c in (component.get("components") or []) if isinstance(c, dict))
        if isinstance(component.get("component"), dict):
            stack.append(component["component"])
    return None


class ChannelPresenter:
    """Plays a game in a channel: one message per question, edited once into its reveal.

    Two REST calls a question: the post and the reveal (which says how many answered);
    no redraw while answers come in. Every call goes through the courier, so a 5xx,
    a refused connection or a 429 is retried within the outage limit. When Discord
    rate-limits edits for longer than `REVEAL_PATIENCE`, the reveal is posted as a new
    message and the question's message is turned into it later, when edits are
    allowed again (an edit that can wait, behind the game control of every game).
    """

    def __init__(
        self,
        channel: discord.PartialMessageable,
        courier: Courier,
        *,
        running: Callable[[], bool] = lambda: True,
    ) -> None:
        self.channel = channel
        self.courier = courier
        self.running = running  # false once the game is over: stop retrying its question
        self.message: discord.Message | None = None
        self.revealed = True  # whether the last question's message shows its reveal
        self._edits_allowed_at = 0.0  # time.monotonic() after a long 429 on editing
        self._pending: dict[int, tuple[discord.Message, dict[str, Any]]] = {}  # reveals to edit in later
        self._catching_up: asyncio.Task[None] | None = None

    async def question(self, asked: AskedQuestion) -> float | None:
        kwargs = respond.message_kwargs(render.question(asked))
        message = await self.courier.call(
            lambda: self.channel.send(**kwargs), wanted=self.running, what=f"posting question {asked.number}"
        )
        if message is None:  # the game ended while Discord was failing
            return None
        self.message, self.revealed = message, False
        return _timestamp(message.id)

    async def progress(self, progress: Progress) -> None:
        """Never asked: games here run without progress updates (`update_interval=None`), and the
        reveal says how many answered; no redraw while answers come in."""

    async def reveal(self, reveal: Reveal) -> None:
        kwargs = respond.message_kwargs(render.reveal(reveal))
        message = self.message
        if message is not None and not self.revealed:
            if time.monotonic() >= self._edits_allowed_at:

                async def edit_in_time() -> discord.Message:
                    # discord.py sleeps through a 429 of up to a minute inside the call: not here.
                    try:
                        return await asyncio.wait_for(message.edit(**kwargs), REVEAL_PATIENCE + 3.0)
                    except TimeoutError:
                        raise RouteLimited(SLOW_EDIT_BACKOFF) from None

                try:
                    await self.courier.call(edit_in_time, patience=REVEAL_PATIENCE, what=f"revealing {reveal.number}")
                    self.revealed = True
                    return
                except discord.NotFound:
                    self.revealed = True  # the question was deleted: post the reveal instead
                except RouteLimited as limited:
                    self._edits_allowed_at = time.monotonic() + limited.retry_after
                    log.warning("edits rate-limited for %.0f s: posting the reveal instead", limited.retry_after)
            if not self.revealed:
                self._edit_later(message, kwargs)
                self.revealed = True
        await self.courier.call(lambda: self.channel.send(**kwargs), what=f"posting reveal {reveal.number}")

    def _edit_later(self, message: discord.Message, kwargs: dict[str, Any]) -> None:
        """Turn a question's message into its reveal once edits are allowed again (its buttons go)."""
        self._pending[message.id] = (message, kwargs)
        if self._catching_up is None or self._catching_up.done():
            self._catching_up = asyncio.create_task(self._catch_up(), name="trivia reveals edited late")

    async def _catch_up(self) -> None:
        while self._pending:
            await asyncio.sleep(max(0.0, self._edits_allowed_at - time.monotonic()))
            message_id, (message, kwargs) = next(iter(self._pending.items()))

            async def edit_late(message: discord.Message = message, kwargs: dict[str, Any] = kwargs) -> discord.Message:
                return await message.edit(**kwargs)

            try:
                await self.courier.call(edit_late, urgent=False, patience=0.0, what="a late reveal edit")
            except RouteLimited as limited:
                self._edits_allowed_at = time.monotonic() + limited.retry_after
                continue
            except (discord.HTTPException, ChannelGone, DiscordUnreachable) as problem:
                log.info("gave up editing question message %s into its reveal: %s", message_id, problem)
            self._pending.pop(message_id, None)

    async def finished(self, summary: GameSummary) -> None:
        kwargs = respond.message_kwargs(render.standings(summary))
        await self.courier.call(lambda: self.channel.send(**kwargs), what="posting the final standings")

    async def interrupted(self, summary: GameSummary, outage_seconds: float) -> None:
        """The game ended because Discord failed: say so (with the standings) once it answers again,
        and take the buttons off a question that never got its reveal."""
        patient = Courier(self.courier.budget, ANNOUNCE_WITHIN)
        kwargs = respond.message_kwargs(render.interrupted(summary, outage_seconds))
        await patient.call(lambda: self.channel.send(**kwargs), what="telling the channel the game ended")
        message = self.message
        if message is not None and not self.revealed:
            with contextlib.suppress(discord.HTTPException, ChannelGone, DiscordUnreachable, RouteLimited):
                await patient.call(lambda: message.edit(view=None), urgent=False, what="closing the last question")


@respond.refusal_as_choice
async def playable_pack_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """The packs a game here can be played from: bundled ones and this server's uploads."""
    packs = await trivia_of(interaction.client).packs(interaction.guild_id)
    typed = current.strip().casefold()
    return respond.choices(
        [
            (f"{p.name} ({plural(len(p.multiple_choice), 'question')})", p.key)
            for p in packs
            if typed in p.key or typed in p.name.casefold()
        ]
    )


@respond.refusal_as_choice
async def category_autocomplete(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
    """The kinds of question a game here can be limited to, with how many questions each has."""
    found = await trivia_of(interaction.client).categories(interaction.guild_id)
    typed = fold(current)
    return respond.choices(
        [
            (f"{category.name} ({plural(count, 'question')})", category.key)
            for category, count in found
            if typed in fold(category.key) or typed in fold(category.name)
        ]
    )


@respond.refusal_as_choice
async def season_autocomplete(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
    """The seasons a leaderboard can show: this server's, newest first (every server's for scope all)."""
    scope = getattr(interaction.namespace, "scope", None)
    guild_id = None if scope == "global" else interaction.guild_id
    names = await trivia_of(interaction.client).season_names(guild_id)
    typed = current.strip().casefold()
    return respond.choices([(n, n) for n in names if typed in n.casefold()])


@app_commands.guild_only()
class TriviaCog(
    commands.GroupCog, group_name="trivia", group_description="Film trivia games: buttons, typed answers, teams"
):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    async def cog_unload(self) -> None:
        """Shutting down: the service ends every game and lets it post its final standings."""
        await self.trivia.shutdown(SHUTDOWN_GRACE)

    @property
    def trivia(self) -> TriviaService:
        return trivia_of(self.bot)

    @app_commands.command(
        name="start", description="Start a trivia game in this channel, answered with buttons or typed"
    )
    @app_commands.describe(
        rounds=f"How many questions ({ROUNDS_RANGE[0]}-{ROUNDS_RANGE[1]}; the server's default if left out)",
        film="Only questions about this film",
        pack="Play a question pack (see /trivia packs)",
        difficulty="Only questions of this difficulty",
        mode="buttons (default) or typed answers (the default for typed-answer packs)",
        category="Only one kind of question: directors, cast, years and runtimes, ... (see /trivia packs)",
        teams="Play in teams (2-4): players pick one with the buttons on the start message",
    )
    @app_commands.choices(
        difficulty=[app_commands.Choice(name=d, value=d) for d in DIFFICULTIES],
        mode=[app_commands.Choice(name=m, value=m) for m in MODES],
    )
    @app_commands.autocomplete(pack=playable_pack_autocomplete, category=category_autocomplete)
    @app_commands.checks.bot_has_permissions(send_messages=True, embed_links=True)
    async def start(
        self,
        interaction: discord.Interaction,
        rounds: app_commands.Range[int, ROUNDS_RANGE[0], ROUNDS_RANGE[1]] | None = None,
        film: FilmTitle | None = None,
        pack: app_commands.Range[str, 1, 100] | None = None,
        difficulty: str | None = None,
        mode: str | None = None,
        category: app_commands.Range[str, 1, 100] | None = None,
        teams: app_commands.Range[int, TEAMS_RANGE[0], TEAMS_RANGE[1]] | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        assert interaction.channel_id is not None
        info = await self.trivia.start_game(
            interaction.guild_id,
            interaction.channel_id,
            interaction.user.id,
            rounds,
            film.slug if film else None,
            pack,
            difficulty,
            mode,
            category,
            teams,
        )
        chosen = await self.trivia.find_pack(interaction.guild_id, info.pack) if info.pack else None
        film_title = film.title if film else None
        reply = render.game_started(info, interaction.user.display_name, film_title, chosen.name if chosen else None)
        try:
            await respond.send(interaction, reply)
        except discord.HTTPException:
            await self.trivia.finish(info.game_id)  # nobody saw it start: don't leave it running
            raise
        channel = self.bot.get_partial_messageable(interaction.channel_id, guild_id=interaction.guild_id)
        self.trivia.spawn(info.game_id, self._play(info, channel))

    async def _play(self, info: GameInfo, channel: discord.PartialMessageable) -> None:
        """Run the game; if Discord fails it for good, end it with its points saved and say so."""
        courier = Courier(self.bot.rest_budget, self.bot.settings.outage_limit)
        presenter = ChannelPresenter(channel, courier, running=lambda: self.trivia.info(info.game_id) is not None)
        where = f"trivia game {info.game_id} in channel {info.channel_id}"
        try:
            await self.trivia.run_game(info.game_id, presenter, update_interval=None)
        except asyncio.CancelledError:
            log.info("%s ended by shutdown", where)
        except ChannelGone as gone:
            log.warning("%s ended: the channel is gone or closed to the bot (%s); its points are saved", where, gone)
        except Exception as failure:
            if isinstance(failure, DiscordUnreachable):
                log.warning("%s ended: %s; its points are saved", where, failure)
            else:
                log.exception("%s failed; it has ended, its points are saved", where)
            summary = await self.trivia.finish(info.game_id)  # done already by run_game: returns its summary
            if summary is not None:
                try:
                    await presenter.interrupted(summary, courier.outage_seconds())
                except (ChannelGone, DiscordUnreachable, discord.HTTPException) as problem:
                    log.warning("could not tell channel %s that its game ended: %s", info.channel_id, problem)

    @commands.Cog.listener("on_interaction")
    async def typed_answer(self, interaction: discord.Interaction[FilmBot]) -> None:
        """A typed answer's form submitted: judged, counted once, answered privately; timed by
        the submission's snowflake. Anything wrong with it (empty, too long, too late, another
        game's) is answered too, and changes nothing."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = data.get("custom_id")
        if not isinstance(custom_id, str) or not custom_id.startswith(f"{render.GUESS_PREFIX}:"):
            return
        try:
            match = _GUESS_FORM.fullmatch(custom_id)
            if match is None:
                result = AnswerResult(AnswerStatus.OTHER_GAME, 0)
            else:
                user = interaction.user
                result = self.trivia.answer_typed(
                    match["game"],
                    int(match["number"]),
                    user.id,
                    _typed_value(data),
                    _timestamp(interaction.id),
                    channel_id=interaction.channel_id,
                    name=user.display_name,
                    is_bot=user.bot,
                )
            await respond.send(interaction, render.answer_ack(result))
        except Exception as error:
            await interaction.client.tree.on_error(interaction, error)

    @app_commands.command(name="stop", description="End this channel's game (its starter or a moderator)")
    async def stop(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        assert interaction.channel_id is not None
        is_moderator = await is_moderator_interaction(interaction)
        game_id = self.trivia.end(interaction.channel_id, interaction.user.id, is_moderator)
        # Answered first: writing a big game's stats can take longer than Discord's 3 s.
        try:
            await respond.send(interaction, render.stopped(interaction.user.display_name))
        finally:
            await self.trivia.finish(game_id)  # the game's task posts the standings

    @app_commands.command(name="leaderboard", description="The best trivia players of a season, here or in all servers")
    @app_commands.describe(
        scope="This server (default) or all servers",
        season="An earlier season (the current one if left out)",
    )
    @app_commands.choices(
        scope=[
            app_commands.Choice(name="this server", value="server"),
            app_commands.Choice(name="all servers", value="global"),
        ]
    )
    @app_commands.autocomplete(season=season_autocomplete)
    async def leaderboard(
        self,
        interaction: discord.Interaction,
        scope: str = "server",
        season: app_commands.Range[str, 1, SEASON_NAME_MAX] | None = None,
    ) -> None:
        guild_id = None if scope == "global" else interaction.guild_id
        shown, records = await self.trivia.season_leaderboard(guild_id, season, limit=10)
        await respond.send(interaction, render.leaderboard(records, scope, shown))

    @app_commands.command(name="stats", description="A player's trivia record: games, right answers, accuracy, streak")
    @app_commands.describe(user="Whose record (yours if left out)")
    async def stats(self, interaction: discord.Interaction, user: discord.User | None = None) -> None:
        who = user or interaction.user
        here = await self.trivia.player(interaction.guild_id, who.id)
        everywhere = await self.trivia.player(None, who.id)
        await respond.send(interaction, render.stats(who.display_name, here, everywhere))

    @app_commands.command(name="packs", description="The question packs you can play")
    async def packs(self, interaction: discord.Interaction) -> None:
        found = await self.trivia.packs(interaction.guild_id)
        categories = await self.trivia.categories(interaction.guild_id)
        await respond.send(interaction, render.packs(found, len(self.trivia.bank), categories))


async def setup(bot: FilmBot) -> None:
    bot.add_dynamic_items(TriviaAnswer, TypedAnswer, TeamJoin)
    # Answer clicks skip discord.py's objects: the raw event is scored and answered directly.
    bot.clicks.register(render.ANSWER_PREFIX, lambda click: reply_data(answer_reply(trivia_of(bot), click)))
    await bot.add_cog(TriviaCog(bot))
