"""/review show | add | remove: critics from the documents, and the server's own reviews."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin.model import REFUSED, REVIEW_REMOVE
from bot.app import respond
from bot.app.client import FilmBot
from bot.app.members import is_moderator_interaction
from bot.render import errors
from bot.render import review as render
from bot.reviews.model import RATING_MAX, RATING_MIN, TEXT_MAX, ReviewError
from cogs.film import film_autocomplete


async def _show(bot: FilmBot, guild_id: int | None, film_slug: str, page: int = 1) -> render.Reply | None:
    film = await bot.services.catalog.film(film_slug)
    if film is None:
        return None
    community = await bot.services.reviews.community(guild_id, film.slug, page) if guild_id else None
    return render.review_show(film, community)


class ReviewPage(discord.ui.DynamicItem[discord.ui.Button], template=r"review:page:(?P<page>\d+):(?P<slug>[^:]+)"):
    """Newer/Older buttons of /review show; page and film live in the custom_id."""

    def __init__(self, page: int, slug: str) -> None:
        super().__init__(discord.ui.Button(label=str(page), custom_id=f"{render.PAGE_PREFIX}:{page}:{slug}"))
        self.page = page
        self.slug = slug

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ReviewPage:
        return cls(int(match["page"]), match["slug"])

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[FilmBot]) -> None:
        reply = await _show(interaction.client, interaction.guild_id, self.slug, self.page)
        if reply is None:
            await respond.send(interaction, errors.error("That film is no longer in the catalog."))
            return
        await respond.edit(interaction, reply)


class ReviewCog(commands.GroupCog, group_name="review", group_description="Critic and community reviews"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="show", description="Critic reviews of a film, and this server's average and latest")
    @app_commands.describe(film="The film's title")
    @app_commands.autocomplete(film=film_autocomplete)
    async def show(self, interaction: discord.Interaction, film: app_commands.Range[str, 1, 200]) -> None:
        lookup = await self.bot.services.catalog.find_film(film)
        if lookup.found is None:
            await respond.send(interaction, errors.not_found("film", film, lookup.suggestions))
            return
        reply = await _show(self.bot, interaction.guild_id, lookup.found.slug) or render.critic_reviews(lookup.found)
        if lookup.guessed_from is not None:
            reply = errors.showing_for(reply, lookup.found.title, lookup.guessed_from)
        await respond.send(interaction, reply)

    @app_commands.command(
        name="add", description="Rate a film from 1 to 10 and say why; a second review replaces the first"
    )
    @app_commands.describe(
        film="The film's title",
        rating=f"Your rating, {RATING_MIN} (worst) to {RATING_MAX} (best)",
        text=f"Your review, up to {TEXT_MAX:,} characters",
    )
    @app_commands.autocomplete(film=film_autocomplete)
    @app_commands.guild_only()
    async def add(
        self,
        interaction: discord.Interaction,
        film: app_commands.Range[str, 1, 200],
        rating: app_commands.Range[int, RATING_MIN, RATING_MAX],
        text: app_commands.Range[str, 1, TEXT_MAX],
    ) -> None:
        assert interaction.guild_id is not None
        try:
            saved = await self.bot.services.reviews.add(
                interaction.guild_id, interaction.user.id, interaction.user.display_name, film, rating, text
            )
        except ReviewError as problem:
            await respond.send(interaction, render.review_error(problem))
            return
        await respond.send(interaction, render.review_saved(saved))

    @app_commands.command(name="remove", description="Delete your review of a film (moderators: anyone's)")
    @app_commands.describe(film="The film's title", user="Moderators only: the member whose review to remove")
    @app_commands.autocomplete(film=film_autocomplete)
    @app_commands.guild_only()
    async def remove(
        self,
        interaction: discord.Interaction[FilmBot],
        film: app_commands.Range[str, 1, 200],
        user: discord.User | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        if user is not None and user.id != interaction.user.id:
            await self._remove_for_member(interaction, film, user)
            return
        try:
            title, _review = await self.bot.services.reviews.remove(interaction.guild_id, interaction.user.id, film)
        except ReviewError as problem:
            await respond.send(interaction, render.review_error(problem))
            return
        await respond.send(interaction, render.review_removed(title))

    async def _remove_for_member(
        self, interaction: discord.Interaction[FilmBot], film: str, member: discord.User | discord.Member
    ) -> None:
        """A moderator removes another member's review (abuse, spam): checked here, audited,
        and the member is named, never pinged."""
        assert interaction.guild_id is not None
        admin = self.bot.services.admin
        if not await is_moderator_interaction(interaction):
            await admin.audit(interaction.guild_id, interaction.user.id, REFUSED, "/review remove user", ok=False)
            await respond.send(interaction, render.removal_refused())
            return
        name = member.display_name
        await admin.remember_name(interaction.guild_id, interaction.user.id, interaction.user.display_name)
        try:
            title, review = await self.bot.services.reviews.remove(
                interaction.guild_id, member.id, film, member_name=name
            )
        except ReviewError as problem:
            await respond.send(interaction, render.review_error(problem))
            return
        detail = f"{title}: the review by {review.author_name} ({member.id}), {review.rating}/10"
        await admin.audit(interaction.guild_id, interaction.user.id, REVIEW_REMOVE, detail)
        await respond.send(interaction, render.member_review_removed(title, review.author_name))


async def setup(bot: FilmBot) -> None:
    bot.add_dynamic_items(ReviewPage)
    await bot.add_cog(ReviewCog(bot))
