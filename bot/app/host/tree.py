"""The command tree: friendly error replies, and command registration only when it changed.

Every failure of a slash command, a button or a form ends in an ephemeral reply
that says what went wrong and what to try, and a log line (with the traceback
when the failure was not foreseen). Whatever a user got wrong is a
`bot.errors.UserError`, raised by a service, a cog or an option's transformer:
it is answered by its one renderer (`bot.render.errors.user_error`, all its text
escaped). A cog may also raise `app_commands.AppCommandError("message")`: its
text is shown as is. Any other exception is a bug: the user gets a generic
apology, the log gets the traceback. Buttons and forms reach `on_error` through
`bot.app.toolkit.respond.reply_on_error` and their own `on_error`.

Registration (`sync_if_changed`) hashes the exact payload discord.py would
upload and keeps the hash in the store's meta table, so a restart with the same
commands sends nothing to Discord's rate-limited sync endpoint.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

import discord
from discord import app_commands

from bot.app.clicks import INTERACTION_WINDOW, UNKNOWN_INTERACTION, snowflake_time
from bot.app.toolkit import respond
from bot.app.toolkit.option_check import InvalidOption, problem_of
from bot.app.toolkit.respond import NO_MENTIONS
from bot.errors import UserError
from bot.render.errors import user_error
from bot.store.backend import StoreUnavailableError, StoreWriteError
from bot.text import strip_bidi

if TYPE_CHECKING:
    from discord.types.interactions import ApplicationCommandInteractionData

log = logging.getLogger(__name__)
ClientT = TypeVar("ClientT", bound=discord.Client)


# Discord's names for the permissions discord.py spells differently.
_PERMISSION_NAMES = {
    "manage_guild": "Manage Server",
    "view_guild_insights": "View Server Insights",
    "use_application_commands": "Use Application Commands",
    "moderate_members": "Timeout Members",
}


class MetaStore(Protocol):
    """The small key/value table of the store (`services.db`)."""

    async def get_meta(self, key: str) -> str | None: ...

    async def set_meta(self, key: str, value: str) -> None: ...


def permission_name(flag: str) -> str:
    """`manage_guild` -> `Manage Server`: the name a server owner sees in Discord."""
    return _PERMISSION_NAMES.get(flag) or flag.replace("guild", "server").replace("_", " ").title()


def _join(names: Sequence[str]) -> str:
    names = [f"**{name}**" for name in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _command_label(interaction: discord.Interaction) -> str:
    if interaction.type is discord.InteractionType.component:
        return "that button"
    command = interaction.command
    if command is not None:
        return f"/{command.qualified_name}"
    data: Mapping[str, Any] = interaction.data or {}
    return f"/{data.get('name', 'that command')}"


def _leaf_options(options: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The options the user typed, below any subcommand (group)."""
    for option in options:
        if option.get("type") in (1, 2):  # subcommand, subcommand group
            yield from _leaf_options(option.get("options", []))
        else:
            yield option


def _option_named_by(interaction: discord.Interaction, value: object) -> str | None:
    """The option whose raw value failed to convert (TransformerError does not say which)."""
    data: Mapping[str, Any] = interaction.data or {}
    for option in _leaf_options(data.get("options", [])):
        if option.get("value") == value or str(option.get("value")) == str(value):
            return str(option["name"])
    return None


def user_error_of(error: Exception) -> UserError | None:
    """The UserError behind a failure: raised by the command or the button (discord.py wraps it
    in CommandInvokeError) or by an option's transformer (wrapped in TransformerError)."""
    cause: BaseException | None = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(cause, app_commands.TransformerError):
        cause = cause.__cause__
    return cause if isinstance(cause, UserError) else None


def describe_error(interaction: discord.Interaction, error: Exception) -> tuple[str, bool]:
    """The message for the user, and whether the error was unforeseen (a bug: log the traceback)."""
    label = _command_label(interaction)
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(cause, StoreWriteError):
        return (
            f"Nothing was saved: the bot's database is not accepting writes right now, so {label} could not "
            "finish. Try again later; a moderator can see why in /admin status.",
            False,
        )
    if isinstance(error, app_commands.CommandInvokeError):
        original = error.original
        if isinstance(original, app_commands.AppCommandError):
            return describe_error(interaction, original)
        if isinstance(original, StoreUnavailableError):
            return (
                f"I can't reach my database right now, so {label} can't read or save reviews, scores or"
                " settings. Film and name lookups I already hold still work; please try again in a minute.",
                False,
            )
        return (
            f"Something went wrong on my side while running {label}. It has been logged; please try again in a moment.",
            True,
        )
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: you can use {label} again in {error.retry_after:.1f} s.", False
    if isinstance(error, app_commands.MissingPermissions):
        names = [permission_name(p) for p in error.missing_permissions]
        return f"You need the {_join(names)} permission to use {label}.", False
    if isinstance(error, app_commands.BotMissingPermissions):
        names = [permission_name(p) for p in error.missing_permissions]
        return f"I need the {_join(names)} permission in this channel to run {label}: ask a server admin.", False
    if isinstance(error, app_commands.MissingRole):
        return f"You need the {_role_name(interaction, error.missing_role)} role to use {label}.", False
    if isinstance(error, app_commands.MissingAnyRole):
        names = [_role_name(interaction, role) for role in error.missing_roles]
        return f"You need one of these roles to use {label}: {', '.join(names)}.", False
    if isinstance(error, app_commands.NoPrivateMessage):
        return f"{label} only works in a server channel, not in direct messages.", False
    if isinstance(error, app_commands.CheckFailure):
        detail = str(error).strip()
        if detail and not detail.startswith("The check functions for"):
            return detail, False
        return f"You can't use {label} here.", False
    if isinstance(error, app_commands.TransformerError):
        option = _option_named_by(interaction, error.value)
        where = f"option `{option}`" if option else "one of the options"
        expected = error.transformer._error_display_name
        return (
            f"The value “{discord.utils.escape_markdown(strip_bidi(str(error.value)))}” for {where} is not valid "
            f"(expected {expected}). Pick a suggestion from the list or check the spelling.",
            False,
        )
    if isinstance(error, (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)):
        return (
            f"{label} is not available right now (the bot may have just been updated). "
            "Try again in a minute, or use /help.",
            False,
        )
    from_library = type(error).__module__.startswith("discord.") and type(error) is not app_commands.AppCommandError
    if isinstance(error, app_commands.AppCommandError) and str(error) and not from_library:
        # Raised on purpose by a cog to tell the user something.
        return str(error), False
    return f"Something went wrong on my side while running {label}. Please try again in a moment.", True


def _role_name(interaction: discord.Interaction, role: int | str) -> str:
    if isinstance(role, str):
        return f"**{role}**"
    found = interaction.guild.get_role(role) if interaction.guild else None
    return f"**{found.name}**" if found else f"<@&{role}>"


def _unknown_interaction(error: Exception) -> bool:
    """Discord refused the acknowledgement: 10062 Unknown interaction (it came too late)."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    return isinstance(cause, discord.NotFound) and cause.code == UNKNOWN_INTERACTION


def expired(interaction: discord.Interaction) -> bool:
    """Unanswered and older than Discord's window (its snowflake says): it can no longer be acknowledged."""
    return not interaction.response.is_done() and time.time() - snowflake_time(interaction.id) > INTERACTION_WINDOW


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """Reply privately: a first response if none was sent yet, else a follow-up."""
    if interaction.type is discord.InteractionType.autocomplete:
        if not interaction.response.is_done():
            await interaction.response.autocomplete([])
        return
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
    else:
        await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)


class FilmTree(app_commands.CommandTree[ClientT], Generic[ClientT]):
    """The bot's command tree; see the module docstring for the error policy."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse option values Discord's client would never send, before any command sees them.

        discord.py passes most values through as they came (see bot.app.toolkit.option_check):
        a wrong type gets the same private message as a value out of range. A
        completion with a bad value gets no suggestions.
        """
        data: Mapping[str, Any] = interaction.data or {}
        if data.get("type", 1) != 1:
            return True
        autocomplete = interaction.type is discord.InteractionType.autocomplete
        command: app_commands.Command[Any, ..., Any] | None = None
        try:
            found, options = self._get_app_command_options(cast("ApplicationCommandInteractionData", data))
        except discord.DiscordException:
            return True  # an unknown or changed command: discord.py reports it, and on_error answers
        except Exception:  # options that are not even a list of mappings
            problem: str | None = "The options of that command are not valid."
        else:
            command = found
            problem = problem_of(found, options, data.get("resolved"), autocomplete=autocomplete)
        if problem is None:
            return True
        if autocomplete or command is None:
            log.info("refused an interaction with malformed options (guild=%s)", interaction.guild_id)
            try:
                await send_ephemeral(interaction, problem)
            except discord.HTTPException as reply_error:
                log.warning("could not refuse a malformed interaction: %s", reply_error)
            return False
        raise InvalidOption(problem)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        """Tell the user, privately, why a command, a button or a form failed (any exception:
        components pass theirs as raised, commands as discord.py wrapped them)."""
        label = _command_label(interaction)
        where = f"guild={interaction.guild_id} user={interaction.user.id if interaction.user else None}"
        if _unknown_interaction(error):
            # Too late for Discord's window: one line, no traceback, and no second acknowledgement.
            log.info("%s came too late for Discord's window (%s): not answered", label, where)
            return
        problem = user_error_of(error)
        message = ""
        if problem is not None:
            log.info("%s refused (%s): %s", label, where, type(problem).__name__)
        else:
            message, unforeseen = describe_error(interaction, error)
            if unforeseen:
                cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
                log.error("%s failed (%s)", label, where, exc_info=cause)
            else:
                log.info("%s refused (%s): %s", label, where, type(error).__name__)
        if expired(interaction):
            log.info("%s: the interaction has expired, so the user cannot be told", label)
            return
        try:
            if problem is not None and interaction.type is not discord.InteractionType.autocomplete:
                await respond.send(interaction, user_error(problem))  # escaped, ephemeral
            else:
                await send_ephemeral(interaction, message)
        except discord.HTTPException as reply_error:
            # Expired token, Discord down...: nothing more we can tell the user.
            log.warning("could not tell the user that %s failed: %s", label, reply_error)

    # --- registration -------------------------------------------------------------------

    def definitions(self, guild: discord.abc.Snowflake | None = None) -> list[dict[str, Any]]:
        """The payload a sync of this scope would upload, in a stable order."""
        commands: list[Any] = [*self.get_commands(guild=guild)]
        payload = [command.to_dict(self) for command in commands]
        return sorted(payload, key=lambda c: (c.get("type", 1), c["name"]))

    def definitions_hash(self, guild: discord.abc.Snowflake | None = None) -> str:
        text = json.dumps(self.definitions(guild), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    async def sync_if_changed(
        self,
        meta: MetaStore,
        *,
        guild: discord.abc.Snowflake | None = None,
        force: bool = False,
    ) -> SyncReport:
        """Upload the commands of one scope unless the store says Discord already has them.

        With a guild, the global commands are copied to it first (instant updates while
        developing). The hash is stored only after Discord accepted the upload.
        """
        if guild is not None:
            self.copy_global_to(guild=guild)
        scope = "global" if guild is None else f"guild:{guild.id}"
        key = f"commands_hash:{self.client.application_id}:{scope}"
        digest = self.definitions_hash(guild)
        names = [c["name"] for c in self.definitions(guild)]
        previous = await meta.get_meta(key)
        if previous == digest and not force:
            log.info("application commands unchanged (%s, %d commands): not syncing", scope, len(names))
            return SyncReport(scope, names, digest, synced=False)
        synced = await self.sync(guild=guild)
        await meta.set_meta(key, digest)
        log.info("synced %d application commands (%s)", len(synced), scope)
        return SyncReport(scope, names, digest, synced=True)


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a registration did, for logs and `filmbot sync`."""

    scope: str
    commands: list[str]
    digest: str
    synced: bool

    def describe(self) -> str:
        where = "globally" if self.scope == "global" else f"to server {self.scope.removeprefix('guild:')}"
        listed = ", ".join(f"/{name}" for name in self.commands) or "no commands"
        if self.synced:
            note = " (global commands can take up to an hour to appear)" if self.scope == "global" else ""
            return f"Registered {len(self.commands)} commands {where}: {listed}{note}."
        return f"Commands unchanged {where} ({listed}): nothing sent."
