"""/trivia start | stop | leaderboard | stats | packs, and the answer buttons.

Thin: options -> TriviaService -> bot.render.trivia -> send. A game runs in a
task of its own (`TriviaService.run_game`) that posts each question in the
channel, edits it at most every `UPDATE_INTERVAL` seconds with how many have
answered, reveals, and posts the final standings. Clicks are routed by a
DynamicItem on the custom_id "trivia:<game>:<question>:<choice>", so buttons
hold no state; a click is timed by its interaction snowflake (Discord's clock),
never by when it arrived, and answered privately.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import respond
from bot.app.client import FilmBot
from bot.app.members import is_moderator_interaction
from bot.render import errors
from bot.render import trivia as render
from bot.store.trivia import ROUNDS_RANGE
from bot.text import plural
from bot.trivia.errors import TriviaError
from bot.trivia.model import DIFFICULTIES
from bot.trivia.service import SEASON_NAME_MAX, GameInfo, GameSummary, TriviaService
from bot.trivia.session import AskedQuestion, Progress, Reveal
from cogs.film import film_autocomplete

log = logging.getLogger(__name__)

UPDATE_INTERVAL = 1.5  # seconds between "N answered" edits of one question (Discord: 5 edits / 5 s)
SHUTDOWN_GRACE = 5.0  # seconds a shutdown gives the games to save their stats and post their standings


def trivia_of(bot: FilmBot) -> TriviaService:
    return bot.services.trivia


def _timestamp(snowflake: int) -> float:
    """When Discord created the interaction or message (seconds since the epoch)."""
    return discord.utils.snowflake_time(snowflake).timestamp()


class TriviaAnswer(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"trivia:(?P<game>[0-9a-f]{1,32}):(?P<number>\d{1,3}):(?P<choice>\d{1,2})",
):
    """An answer button; the game, question number and choice live in the custom_id."""

    def __init__(self, game_id: str, number: int, choice: int) -> None:
        super().__init__(discord.ui.Button(label=str(choice), custom_id=render.answer_id(game_id, number, choice)))
        self.game_id = game_id
        self.number = number
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> TriviaAnswer:
        return cls(match["game"], int(match["number"]), int(match["choice"]))

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[FilmBot]) -> None:
        user = interaction.user
        result = trivia_of(interaction.client).answer(
            self.game_id,
            self.number,
            user.id,
            self.choice,
            _timestamp(interaction.id),
            name=user.display_name,
            is_bot=user.bot,
        )
        await respond.send(interaction, render.answer_ack(result))


class ChannelPresenter:
    """Plays a game in a channel: one message per question, edited as it goes."""

    def __init__(self, channel: discord.PartialMessageable) -> None:
        self.channel = channel
        self.message: discord.Message | None = None
        self.asked: AskedQuestion | None = None
        self._update: asyncio.Task[None] | None = None

    async def question(self, asked: AskedQuestion) -> float | None:
        self.asked = asked
        self.message = await self.channel.send(**respond.message_kwargs(render.question(asked)))
        return _timestamp(self.message.id)

    async def progress(self, progress: Progress) -> None:
        # Fire and forget: a slow edit (rate limit) must never delay closing the question.
        if self._update is None or self._update.done():
            self._update = asyncio.create_task(self._edit_progress(progress))

    async def _edit_progress(self, progress: Progress) -> None:
        if self.message is None or self.asked is None or self.asked.number != progress.number:
            return
        try:
            await self.message.edit(**respond.message_kwargs(render.question(self.asked, progress.answered)))
        except discord.HTTPException as problem:
            log.debug("progress edit of question %s failed: %s", progress.number, problem)

    async def reveal(self, reveal: Reveal) -> None:
        if self._update is not None and not self._update.done():
            # Let a progress edit in flight land first, or it would overwrite the reveal.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._update, 5.0)
        reply = render.reveal(reveal)
        if self.message is not None:
            try:
                await self.message.edit(**respond.message_kwargs(reply))
                return
            except discord.NotFound:
                pass  # the question was deleted: post the reveal instead
        await self.channel.send(**respond.message_kwargs(reply))

    async def finished(self, summary: GameSummary) -> None:
        await self.channel.send(**respond.message_kwargs(render.standings(summary)))


async def playable_pack_autocomplete(
    interaction: discord.Interaction[FilmBot], current: str
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


async def season_autocomplete(
    interaction: discord.Interaction[FilmBot], current: str
) -> list[app_commands.Choice[str]]:
    """The seasons a leaderboard can show: this server's, newest first (every server's for scope all)."""
    scope = getattr(interaction.namespace, "scope", None)
    guild_id = None if scope == "global" else interaction.guild_id
    names = await trivia_of(interaction.client).season_names(guild_id)
    typed = current.strip().casefold()
    return respond.choices([(n, n) for n in names if typed in n.casefold()])


@app_commands.guild_only()
class TriviaCog(commands.GroupCog, group_name="trivia", group_description="Film trivia games played with buttons"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot
        self._games: dict[str, asyncio.Task[None]] = {}

    async def cog_unload(self) -> None:
        """Shutting down: end every game cleanly, so the points of its last closed question
        are written before the database closes, then let the games post their final
        standings; within `SHUTDOWN_GRACE` seconds in all, after which what is left is cancelled."""
        games = dict(self._games)
        if not games:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SHUTDOWN_GRACE
        ending = asyncio.gather(*(self.trivia.finish(game_id) for game_id in games), return_exceptions=True)
        try:
            results = await asyncio.wait_for(ending, SHUTDOWN_GRACE)
        except TimeoutError:
            log.error(
                "ending trivia games at shutdown took over %.0f s: stats still being written may be lost",
                SHUTDOWN_GRACE,
            )
        else:
            for game_id, result in zip(games, results, strict=True):
                if isinstance(result, BaseException):
                    log.error("trivia game %s could not be ended at shutdown", game_id, exc_info=result)
        _, playing = await asyncio.wait(list(games.values()), timeout=max(0.0, deadline - loop.time()))
        for task in playing:
            task.cancel()
        if playing:
            await asyncio.wait(playing, timeout=1.0)

    @property
    def trivia(self) -> TriviaService:
        return trivia_of(self.bot)

    @app_commands.command(name="start", description="Start a trivia game in this channel, answered with buttons")
    @app_commands.describe(
        rounds=f"How many questions ({ROUNDS_RANGE[0]}-{ROUNDS_RANGE[1]}; the server's default if left out)",
        film="Only questions about this film",
        pack="Play a question pack (see /trivia packs)",
        difficulty="Only questions of this difficulty",
    )
    @app_commands.choices(
        difficulty=[app_commands.Choice(name=d, value=d) for d in DIFFICULTIES],
    )
    @app_commands.autocomplete(film=film_autocomplete, pack=playable_pack_autocomplete)
    @app_commands.checks.bot_has_permissions(send_messages=True, embed_links=True)
    async def start(
        self,
        interaction: discord.Interaction,
        rounds: app_commands.Range[int, ROUNDS_RANGE[0], ROUNDS_RANGE[1]] | None = None,
        film: app_commands.Range[str, 1, 200] | None = None,
        pack: app_commands.Range[str, 1, 100] | None = None,
        difficulty: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        assert interaction.channel_id is not None
        film_slug = film_title = None
        if film is not None:
            catalog = self.bot.services.catalog
            film_slug = catalog.resolve_film_slug(film)
            if film_slug is None:
                await respond.send(interaction, errors.not_found("film", film, catalog.suggest(film, "film")))
                return
            summary = catalog.summary(film_slug)
            film_title = summary.title if summary else film
        try:
            info = await self.trivia.start_game(
                interaction.guild_id,
                interaction.channel_id,
                interaction.user.id,
                rounds,
                film_slug,
                pack,
                difficulty,
            )
        except TriviaError as problem:
            await respond.send(interaction, render.trivia_error(problem))
            return
        chosen = await self.trivia.find_pack(interaction.guild_id, info.pack) if info.pack else None
        reply = render.game_started(info, interaction.user.display_name, film_title, chosen.name if chosen else None)
        try:
            await respond.send(interaction, reply)
        except discord.HTTPException:
            await self.trivia.finish(info.game_id)  # nobody saw it start: don't leave it running
            raise
        channel = self.bot.get_partial_messageable(interaction.channel_id, guild_id=interaction.guild_id)
        self._games[info.game_id] = asyncio.create_task(self._play(info, channel), name=f"trivia {info.game_id}")

    async def _play(self, info: GameInfo, channel: discord.PartialMessageable) -> None:
        try:
            await self.trivia.run_game(info.game_id, ChannelPresenter(channel), update_interval=UPDATE_INTERVAL)
        except asyncio.CancelledError:
            log.info("trivia game %s in channel %s ended by shutdown", info.game_id, info.channel_id)
        except Exception:
            log.exception("trivia game %s in channel %s failed; it has ended", info.game_id, info.channel_id)
        finally:
            self._games.pop(info.game_id, None)

    @app_commands.command(name="stop", description="End this channel's game (its starter or a moderator)")
    async def stop(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        assert interaction.channel_id is not None
        is_moderator = await is_moderator_interaction(interaction)
        try:
            await self.trivia.stop(interaction.channel_id, interaction.user.id, is_moderator)
        except TriviaError as problem:
            await respond.send(interaction, render.trivia_error(problem))
            return
        await respond.send(interaction, render.stopped(interaction.user.display_name))

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
        try:
            shown, records = await self.trivia.season_leaderboard(guild_id, season, limit=10)
        except TriviaError as problem:
            await respond.send(interaction, render.trivia_error(problem))
            return
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
        await respond.send(interaction, render.packs(found, len(self.trivia.bank)))


async def setup(bot: FilmBot) -> None:
    bot.add_dynamic_items(TriviaAnswer)
    await bot.add_cog(TriviaCog(bot))
