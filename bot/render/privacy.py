"""/privacy show and /privacy forget: what the bot keeps about a member, and its deletion.

Always private. The forget button's custom_id carries the member's id, so a forwarded or
copied button deletes nothing of anyone else (the cog checks the clicker is that member).
"""

from __future__ import annotations

from bot.privacy.service import MemberData
from bot.render.payload import COLOUR_INFO, Button, Reply, embed
from bot.text import plural

FORGET_PREFIX = "privacy:forget"
KEPT = (
    "Not yours to delete, and kept: the audit log's lines of moderator actions (a server's record of "
    "its moderation; your id stays, your name goes) and question packs a moderator uploaded."
)


def _lines(data: MemberData) -> list[str]:
    lines = []
    if data.reviews:
        servers = f" in {plural(data.review_servers, 'server')}" if data.review_servers else ""
        lines.append(f"• {plural(data.reviews, 'review')}{servers}")
    if data.stats_servers:
        lines.append(f"• trivia stats in {plural(data.stats_servers, 'server')}")
    if data.season_rows:
        lines.append(f"• {plural(data.season_rows, 'season record')} (closed seasons' standings)")
    if data.names:
        lines.append(f"• your display name, remembered in {plural(data.names, 'server')} for the audit log")
    if data.refusals:
        lines.append(f"• {plural(data.refusals, 'count')} of /admin commands refused to you")
    return lines


def held(data: MemberData, user_id: int, *, offer_deletion: bool = False) -> Reply:
    """What the bot keeps about the member; with `offer_deletion`, the button that deletes it."""
    if data.empty:
        return Reply(
            embeds=[embed("Your data", "I keep nothing about you: no reviews, no trivia stats.", footer=KEPT)],
            ephemeral=True,
        )
    text = "What I keep about you, in every server:\n" + "\n".join(_lines(data))
    if not offer_deletion:
        text += "\n\n/privacy forget deletes it."
        return Reply(embeds=[embed("Your data", text, colour=COLOUR_INFO, footer=KEPT)], ephemeral=True)
    text += "\n\nDeleting it cannot be undone: your reviews and your places on leaderboards go with it."
    return Reply(
        embeds=[embed("Delete your data?", text, colour=COLOUR_INFO, footer=KEPT)],
        buttons=[Button("Delete all of it", f"{FORGET_PREFIX}:{user_id}", style="danger")],
        ephemeral=True,
    )


def forgotten(data: MemberData) -> Reply:
    """The deletion done: what went (nothing, if nothing was held)."""
    if data.empty:
        return Reply(content="There was nothing to delete: I keep nothing about you.", ephemeral=True)
    text = "Deleted, in every server:\n" + "\n".join(_lines(data))
    return Reply(embeds=[embed("Your data is deleted", text, footer=KEPT)], ephemeral=True)


def not_yours() -> Reply:
    return Reply(
        content="This button deletes the data of the member who asked for it, not yours."
        " Use /privacy show to see your own.",
        ephemeral=True,
    )
