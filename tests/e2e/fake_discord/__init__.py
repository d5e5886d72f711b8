"""A local fake of the Discord API for end-to-end tests: REST and gateway on 127.0.0.1.

The real bot process, unmodified, points `DISCORD_API_BASE` at `FakeDiscord.api_base`
and talks to this server exactly as it talks to discord.com. The fake holds one
small world (an application whose bot user shares its id, one guild with one text
channel, a moderator with the Manage Server permission through a role, and a plain
member), enforces the Discord rules a bot most often breaks (3 s to acknowledge an
interaction, one acknowledgement, no empty messages, message and command schema
limits), records every request, and lets a test inject what Discord does on a bad
day: 429s, 5xx, gateway RECONNECT, a dropped socket, an invalidated session.

Test-facing API (all coroutines unless noted):

    fake.command("film info", title="Ballerina")      -> Reply (the first visible answer)
    fake.send_command("help", user=fake.member)       -> Interaction (then wait on it)
    fake.autocomplete("film info", title="bal")       -> list of choices
    fake.click(message_id, custom_id, user=...)       -> Interaction
    interaction.wait_callback() / wait_followups(n) / wait_edits(n) / reply()
    fake.inject(route, status=429 | 5xx, ...)         (sync) fault injection on REST
    fake.gateway_reconnect() / gateway_drop(4000) / gateway_invalidate()

For many players and long runs (soak tests):

    await fake.add_channel("trivia-2") -> channel id; send_command(..., in_channel=id)
    fake.add_user("player-7")                          -> FakeUser
    fake.messages_in(channel_id, after=message_id)     -> that channel's (newer) messages, oldest first
    fake.click_late(message_id, custom_id, user=...)   a click made before the buttons were disabled
    fake.outcomes() / fake.fault_counts()              answered interactions, faults served by kind
    FakeDiscord(keep_bodies=False); fake.forget(interaction)   bounded memory over many interactions

Wire facts discord.py 2.7 relies on are noted where they matter (see also
the shared notes: shared/notes/discord-fake.md beside the project).

The package, one job a module; each imports only modules listed above it (interactions.py
names FakeDiscord in annotations only):

    wire.py          API constants and flags, JSON, snowflakes, tokens, Discord's error format
    validation.py    Discord's message, modal, choice and command schema rules; request bodies
    world.py         users, roles, attachments; the guild, channel and member payloads
    interactions.py  Interaction (what the bot did with one) and Reply (a message, for asserts)
    gateway.py       the websocket: compression, sessions, IDENTIFY, RESUME, replay
    faults.py        injected REST errors and gateway RECONNECT / drop / INVALID_SESSION
    rest.py          request recording and auth, command registration, channel messages
    callbacks.py     interaction callbacks, follow-ups and webhook edits, with their clocks
    client.py        what Discord's client sends: commands, autocomplete, clicks, modal submits
    fake.py          FakeDiscord: the state, lifecycle and waits, composing the mixins above
"""

from .fake import FakeDiscord
from .faults import Fault
from .gateway import COMPRESSIONS, Session
from .interactions import Interaction, Reply
from .rest import RECORD, Recorded
from .validation import validate_commands
from .wire import (
    ADD_REACTIONS,
    ADMINISTRATOR,
    API_PREFIX,
    ATTACH_FILES,
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    CHAT_INPUT_NAME,
    COMPONENTS_V2,
    DISCORD_EPOCH_MS,
    EMBED_LINKS,
    EPHEMERAL,
    EVERYONE_PERMISSIONS,
    HEARTBEAT_INTERVAL_MS,
    INTEGER,
    INTERACTION_DEADLINE,
    LOADING,
    MANAGE_GUILD,
    MANAGE_MESSAGES,
    MENTIONABLE,
    NUMBER,
    PRIVILEGED_INTENTS,
    READ_MESSAGE_HISTORY,
    ROLE,
    SEND_MESSAGES,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    TOKEN_LIFETIME,
    USE_APPLICATION_COMMANDS,
    USE_EXTERNAL_EMOJIS,
    USER,
    VIEW_CHANNEL,
    DiscordError,
    _dumps,
    _loads,
    fake_bot_token,
    invalid_form,
    snowflake_factory,
)
from .world import FakeAttachment, FakeUser, Role

__all__ = [
    "ADD_REACTIONS",
    "ADMINISTRATOR",
    "API_PREFIX",
    "ATTACHMENT",
    "ATTACH_FILES",
    "BOOLEAN",
    "CHANNEL",
    "CHAT_INPUT_NAME",
    "COMPONENTS_V2",
    "COMPRESSIONS",
    "DISCORD_EPOCH_MS",
    "EMBED_LINKS",
    "EPHEMERAL",
    "EVERYONE_PERMISSIONS",
    "HEARTBEAT_INTERVAL_MS",
    "INTEGER",
    "INTERACTION_DEADLINE",
    "LOADING",
    "MANAGE_GUILD",
    "MANAGE_MESSAGES",
    "MENTIONABLE",
    "NUMBER",
    "PRIVILEGED_INTENTS",
    "READ_MESSAGE_HISTORY",
    "RECORD",
    "ROLE",
    "SEND_MESSAGES",
    "STRING",
    "SUB_COMMAND",
    "SUB_COMMAND_GROUP",
    "TOKEN_LIFETIME",
    "USER",
    "USE_APPLICATION_COMMANDS",
    "USE_EXTERNAL_EMOJIS",
    "VIEW_CHANNEL",
    "DiscordError",
    "FakeAttachment",
    "FakeDiscord",
    "FakeUser",
    "Fault",
    "Interaction",
    "Recorded",
    "Reply",
    "Role",
    "Session",
    "_dumps",
    "_loads",
    "fake_bot_token",
    "invalid_form",
    "snowflake_factory",
    "validate_commands",
]
