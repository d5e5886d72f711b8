"""/admin reload | status | settings | pack upload | pack remove | season start | question add | question list
| question remove — moderators only.

Discord hides the group from members without Manage Server
(`default_permissions`), but a server can override that, so every admin
interaction is checked again here: Manage Server, or the server's moderator
role. A refusal is ephemeral, logged, and written to the audit log.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.admin.model import REFUSED, AdminError
from bot.admin.permissions import manages_server
from bot.app.toolkit import respond
from bot.app.toolkit.members import is_moderator_interaction
from bot.app.toolkit.services import services_of
from bot.render import admin as render
from bot.render.payload import Reply, clip
from bot.reviews.model import LINKS_ALLOWED, LINKS_PLAIN, LINKS_REFUSED
from bot.trivia.model import CHOICE_MAX_LENGTH, MEDIUM
from bot.trivia.packs import MAX_PACK_BYTES, MAX_QUESTIONS
from bot.trivia.service import SEASON_NAME_MAX
from bot.trivia.settings import QUESTION_SECONDS_RANGE, REVEAL_SECONDS_RANGE, ROUNDS_RANGE
from bot.trivia.written import ANSWER_MAX, MAX_WRONG, PROMPT_MAX

if TYPE_CHECKING:
    from bot.app.host.client import FilmBot

log = logging.getLogger(__name__)

REFUSAL = (
    "Only moderators can use /admin: you need the **Manage Server** permission "
    "or this server's moderator role (set with /admin settings)."
)


MODAL_TITLE_MAX = 45  # Discord's limit for a modal's title
FORM_SECONDS = 15 * 60  # how long an open form waits for its submission


LINK_CHOICES = [
    app_commands.Choice(name="allowed: shown as written", value=LINKS_ALLOWED),
    app_commands.Choice(name="shown without previews (<link>)", value=LINKS_PLAIN),
    app_commands.Choice(name="refused: reviews with links are not accepted", value=LINKS_REFUSED),
]


def _role_names(interaction: discord.Interaction[Any], given: discord.Role | None) -> dict[int, str]:
    """Role names as this server knows them (its cached roles, and the role just given),
    so the audit log reads "@Mods", not an id."""
    names = {role.id: role.name for role in interaction.guild.roles} if interaction.guild else {}
    if given is not None:
        names[given.id] = given.name
    return names


@respond.refusal_as_choice
async def uploaded_pack_autocomplete(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    """This server's uploaded packs (for /admin pack remove); nothing for a non-moderator."""
    if not await is_moderator_interaction(interaction):
        return []
    assert interaction.guild_id is not None
    names = await services_of(interaction).admin.uploaded_pack_names(interaction.guild_id)
    typed = current.strip().lower()
    return respond.choices([(n, n) for n in names if typed in n])


class QuestionForm(discord.ui.Modal):
    """The form /admin question add opens: five fields, Discord's most for a modal (named, so
    `filmbot ask --field wrong=...` can fill one).

    The submission is checked again for a moderator (their role may have gone meanwhile) and
    validated by the admin service as a pack file's question is."""

    def __init__(self, pack: str, title: str) -> None:
        super().__init__(title=clip(title, MODAL_TITLE_MAX), timeout=FORM_SECONDS)
        self.pack = pack
        self.prompt: discord.ui.TextInput[QuestionForm] = discord.ui.TextInput(
            label="Question", custom_id="question", style=discord.TextStyle.paragraph, max_length=PROMPT_MAX
        )
        self.answer: discord.ui.TextInput[QuestionForm] = discord.ui.TextInput(
            label="Right answer", custom_id="answer", max_length=ANSWER_MAX
        )
        self.wrong: discord.ui.TextInput[QuestionForm] = discord.ui.TextInput(
            label=f"Wrong answers (up to {MAX_WRONG}, one per line)",
            custom_id="wrong",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MAX_WRONG * (CHOICE_MAX_LENGTH + 1),
            placeholder="Left empty, they are drawn from the pack's other answers",
        )
        self.accepted: discord.ui.TextInput[QuestionForm] = discord.ui.TextInput(
            label="Other right answers, one per line",
            custom_id="accepted",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=1000,
            placeholder="e.g. a surname, a shorter title",
        )
        self.difficulty: discord.ui.TextInput[QuestionForm] = discord.ui.TextInput(
            label="Difficulty: easy, medium or hard",
            custom_id="difficulty",
            required=False,
            max_length=6,
            placeholder=MEDIUM,
        )
        for field in (self.prompt, self.answer, self.wrong, self.accepted, self.difficulty):
            self.add_item(field)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        assert interaction.guild_id is not None
        admin = services_of(interaction).admin
        if not await is_moderator_interaction(interaction):
            await admin.audit(interaction.guild_id, interaction.user.id, REFUSED, "/admin question add", ok=False)
            await respond.send(interaction, Reply(content=REFUSAL, ephemeral=True))
            return
        written, created = await admin.add_question(
            interaction.guild_id,
            interaction.user.id,
            self.pack,
            prompt=self.prompt.value,
            answer=self.answer.value,
            wrong=self.wrong.value,
            accepted=self.accepted.value,
            difficulty=self.difficulty.value,
        )
        await respond.send(interaction, render.question_added(written, created))

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception, /) -> None:  # type: ignore[override]  # discord.py's Modal.on_error drops View.on_error's item argument: this is Modal's signature
        """A refused question (an AdminError) or a bug: answered by the tree, as a command's failure."""
        await interaction.client.tree.on_error(interaction, error)


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class AdminCog(commands.GroupCog, group_name="admin", group_description="Moderators: reload data, status, settings"):
    pack = app_commands.Group(name="pack", description="Question packs uploaded to this server")
    season = app_commands.Group(name="season", description="Trivia seasons: the leaderboard starts over")
    question = app_commands.Group(name="question", description="Questions written here, into this server's packs")

    def __init__(self, bot: FilmBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        # The audit shows who did (or tried) what by name: remember the name this member goes by.
        await self.bot.services.admin.remember_name(
            interaction.guild_id, interaction.user.id, interaction.user.display_name
        )
        if await is_moderator_interaction(interaction):
            return True
        command = f"/{interaction.command.qualified_name}" if interaction.command else "/admin"
        log.warning("refused %s to user %s in guild %s", command, interaction.user.id, interaction.guild_id)
        await self.bot.services.admin.audit(interaction.guild_id, interaction.user.id, REFUSED, command, ok=False)
        raise app_commands.CheckFailure(REFUSAL)

    @app_commands.command(
        name="reload", description="Re-read documents and packs, report what changed, swap atomically"
    )
    @app_commands.describe(dry_run="Only report what would change; apply nothing")
    async def reload(self, interaction: discord.Interaction, dry_run: bool = False) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # a big corpus takes longer than 3 s
        report = await self.bot.services.admin.reload(interaction.guild_id, interaction.user.id, dry_run=dry_run)
        await respond.send(interaction, render.reload_report(report))

    @app_commands.command(name="status", description="Catalog counts, sources, last reload, uptime, audit log")
    async def status(self, interaction: discord.Interaction) -> None:
        report = await self.bot.services.admin.status(interaction.guild_id)
        await respond.send(interaction, render.status(report, self.bot.latency))

    @app_commands.command(name="settings", description="Trivia defaults and the moderator role; no options shows them")
    @app_commands.describe(
        question_time="Seconds to answer a question",
        rounds="Questions in a game",
        reveal="Seconds the answer stays up before the next question",
        moderator_role="Members with this role may use /admin and stop any game (Manage Server only)",
        clear_moderator_role="Remove the moderator role",
        review_links="Links in members' reviews: allowed, shown without previews (the default), or refused",
    )
    @app_commands.choices(review_links=LINK_CHOICES)
    async def settings(
        self,
        interaction: discord.Interaction,
        question_time: app_commands.Range[int, QUESTION_SECONDS_RANGE[0], QUESTION_SECONDS_RANGE[1]] | None = None,
        rounds: app_commands.Range[int, ROUNDS_RANGE[0], ROUNDS_RANGE[1]] | None = None,
        reveal: app_commands.Range[int, REVEAL_SECONDS_RANGE[0], REVEAL_SECONDS_RANGE[1]] | None = None,
        moderator_role: discord.Role | None = None,
        clear_moderator_role: bool = False,
        review_links: str | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        settings, changes = await self.bot.services.admin.update_settings(
            interaction.guild_id,
            interaction.user.id,
            question_seconds=question_time,
            rounds=rounds,
            reveal_seconds=reveal,
            moderator_role_id=moderator_role.id if moderator_role else None,
            clear_moderator_role=clear_moderator_role,
            manages_server=manages_server(interaction.permissions.value),
            review_links=review_links,
            role_names=_role_names(interaction, moderator_role),
        )
        await respond.send(interaction, render.settings_view(settings, changes))

    @pack.command(name="upload", description="Add a YAML question pack to this server (replaces one of the same name)")
    @app_commands.describe(attachment=f"A .yaml pack, at most {MAX_PACK_BYTES // 1024} KiB")
    async def pack_upload(self, interaction: discord.Interaction, attachment: discord.Attachment) -> None:
        assert interaction.guild_id is not None
        admin = self.bot.services.admin
        if attachment.size > MAX_PACK_BYTES:
            problem = AdminError(
                f"{attachment.filename} is {attachment.size // 1024} KiB; the limit is {MAX_PACK_BYTES // 1024} KiB.",
                "Split it into smaller packs.",
            )
            await admin.audit(interaction.guild_id, interaction.user.id, "pack.upload", problem.message, ok=False)
            raise problem
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            data = await attachment.read()
        except discord.HTTPException:
            raise AdminError(f"I could not download {attachment.filename}.", "Try uploading it again.") from None
        result = await admin.upload_pack(interaction.guild_id, interaction.user.id, attachment.filename, data)
        await respond.send(interaction, render.pack_uploaded(result))

    @pack.command(name="remove", description="Delete a question pack uploaded to this server")
    @app_commands.describe(name="The pack's name")
    @app_commands.autocomplete(name=uploaded_pack_autocomplete)
    async def pack_remove(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        assert interaction.guild_id is not None
        key = await self.bot.services.admin.remove_pack(interaction.guild_id, interaction.user.id, name)
        await respond.send(interaction, render.pack_removed(key))

    @season.command(name="start", description="Close this server's leaderboard into history and start a new season")
    @app_commands.describe(name=f"The new season's name (“Season N” if left out; at most {SEASON_NAME_MAX} characters)")
    async def season_start(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, SEASON_NAME_MAX] | None = None
    ) -> None:
        assert interaction.guild_id is not None
        change = await self.bot.services.admin.start_season(interaction.guild_id, interaction.user.id, name)
        await respond.send(interaction, render.season_started(change))

    @question.command(
        name="add", description="Write a question into one of this server's packs (a new name creates it)"
    )
    @app_commands.describe(pack="The server pack (the first question added to a new name creates it)")
    @app_commands.autocomplete(pack=uploaded_pack_autocomplete)
    async def question_add(self, interaction: discord.Interaction, pack: app_commands.Range[str, 1, 100]) -> None:
        assert interaction.guild_id is not None
        found = await self.bot.services.admin.question_pack(interaction.guild_id, pack)
        title = f"New question · {found.name}" if found else f"First question · {' '.join(pack.split())}"
        await interaction.response.send_modal(QuestionForm(pack, title))

    @question.command(name="list", description="The questions of one of this server's packs, numbered")
    @app_commands.describe(pack="The server pack")
    @app_commands.autocomplete(pack=uploaded_pack_autocomplete)
    async def question_list(self, interaction: discord.Interaction, pack: app_commands.Range[str, 1, 100]) -> None:
        assert interaction.guild_id is not None
        found = await self.bot.services.admin.written_pack(interaction.guild_id, pack)
        await respond.send(interaction, render.question_list(found, pack))

    @question.command(name="remove", description="Remove a question from one of this server's packs")
    @app_commands.describe(pack="The server pack", number="The question's number (see /admin question list)")
    @app_commands.autocomplete(pack=uploaded_pack_autocomplete)
    async def question_remove(
        self,
        interaction: discord.Interaction,
        pack: app_commands.Range[str, 1, 100],
        number: app_commands.Range[int, 1, MAX_QUESTIONS],
    ) -> None:
        assert interaction.guild_id is not None
        prompt, left = await self.bot.services.admin.remove_question(
            interaction.guild_id, interaction.user.id, pack, number
        )
        await respond.send(interaction, render.question_removed(prompt, left, pack))


async def setup(bot: FilmBot) -> None:
    await bot.add_cog(AdminCog(bot))
