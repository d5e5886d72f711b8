"""/review show | add | remove: critics from the documents, and the server's own reviews."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin.model import REFUSED, REVIEW_REMOVE
from bot.app.toolkit import respond
from bot.app.toolkit.lookups import FilmCard, FilmTitle, film_names
from bot.app.toolkit.members import is_moderator_interaction
from bot.app.toolkit.services import services_of
from bot.catalog.model import Film
from bot.errors import UserError
from bot.render import review as render
from bot.reviews.model import RATING_MAX, RATING_MIN, TEXT_MAX

if TYPE_CHECKING:
    from bot.app.host.client import FilmBot
    from bot.runtime import Services


async def _show(services: Services, guild_id: int | None, film: Film, page: int = 1) -> render.Reply:
    community = await services.reviews.community(guild_id, film.slug, page) if guild_id else None
    return render.review_show(film, community)


class ReviewPage(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"review:page:(?P<page>\d+):(?P<slug>[^:]+)"):
    """Newer/Older buttons of /review show; page and film live in the custom_id."""

    def __init__(self, page: int, slug: str) -> None:
        super().__init__(discord.ui.Button(label=str(page), custom_id=f"{render.PAGE_PREFIX}:{page}:{slug}"))
        self.page = page
        self.slug = slug

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewPage:
        return cls(int(match["page"]), match["slug"])

    @respond.reply_on_error
    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        services = services_of(interaction)
        film = await services.catalog.film(self.slug)
        if film is None:
            raise UserError("That film is no longer in the catalog.")
        await respond.edit(interaction, await _show(services, interaction.guild_id, film, self.page))


class ReviewCog(commands.GroupCog, group_name="review", group_description="Critic and community reviews"):
    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    @app_commands.command(name="show", description="Critic reviews of a film, and this server's average and latest")
    @app_commands.describe(film="The film's title")
    async def show(self, interaction: discord.Interaction, film: FilmCard) -> None:
        reply = await _show(self.bot.services, interaction.guild_id, film.value)
        await respond.send(interaction, film.noted(reply, film.value.title))

    @app_commands.command(
        name="add", description="Rate a film from 1 to 10 and say why; a second review replaces the first"
    )
    @app_commands.describe(
        film="The film's title",
        rating=f"Your rating, {RATING_MIN} (worst) to {RATING_MAX} (best)",
        text=f"Your review, up to {TEXT_MAX:,} characters",
    )
    @app_commands.guild_only()
    async def add(
        self,
        interaction: discord.Interaction,
        film: FilmTitle,
        rating: app_commands.Range[int, RATING_MIN, RATING_MAX],
        text: app_commands.Range[str, 1, TEXT_MAX],
    ) -> None:
        assert interaction.guild_id is not None
        saved = await self.bot.services.reviews.add(
            interaction.guild_id, interaction.user.id, interaction.user.display_name, film, rating, text
        )
        await respond.send(interaction, render.review_saved(saved))

    @app_commands.command(name="remove", description="Delete your review of a film (moderators: anyone's)")
    @app_commands.describe(film="The film's title", user="Moderators only: the member whose review to remove")
    @app_commands.autocomplete(film=film_names)
    @app_commands.guild_only()
    async def remove(
        self,
        interaction: discord.Interaction[FilmBot],
        film: app_commands.Range[str, 1, 200],
        user: discord.User | None = None,
    ) -> None:
        # A plain text option: a film that has left the catalog is still named by its slug here.
        assert interaction.guild_id is not None
        if user is not None and user.id != interaction.user.id:
            await self._remove_for_member(interaction, film, user)
            return
        title, _review = await self.bot.services.reviews.remove(interaction.guild_id, interaction.user.id, film)
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
        title, review = await self.bot.services.reviews.remove(interaction.guild_id, member.id, film, member_name=name)
        detail = f"{title}: the review by {review.author_name} ({member.id}), {review.rating}/10"
        await admin.audit(interaction.guild_id, interaction.user.id, REVIEW_REMOVE, detail)
        await respond.send(interaction, render.member_review_removed(title, review.author_name))


async def setup(bot: FilmBot) -> None:
    bot.add_dynamic_items(ReviewPage)
    await bot.add_cog(ReviewCog(bot))
