"""Moderators' replies: reload reports, status, settings, packs. Always ephemeral."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.admin.diff import CatalogDiff
from bot.admin.model import (
    AuditEntry,
    GuildSettings,
    PackUploaded,
    Refusals,
    ReloadReport,
    StatusReport,
)
from bot.model import source_label
from bot.render.film import join_lines
from bot.render.payload import COLOUR_ERROR, COLOUR_INFO, Reply, clip, embed, error, escape
from bot.reviews.model import LINKS_ALLOWED, LINKS_PLAIN, LINKS_REFUSED
from bot.text import plural
from bot.trivia.service import SeasonChange, WrittenPack

LIST_SHOWN = 10


def when(at: datetime) -> str:
    """A Discord timestamp: shown in each reader's time zone, "3 minutes ago"."""
    return f"<t:{int(at.timestamp())}:R>"


def code(text: str) -> str:
    """Inline code: markdown is not parsed inside, so only backticks need defusing."""
    return "`" + clip(text, 200).replace("`", "ˋ") + "`"


def duration(seconds: float) -> str:
    seconds = int(seconds)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def _names(names: Sequence[str], limit: int = LIST_SHOWN) -> str:
    shown = ", ".join(escape(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _signed(added: Sequence[str] | int, removed: Sequence[str] | int, changed: Sequence[str] | None = None) -> str:
    """ "+2 added, −1 removed, ~0 changed" and the names of each."""

    def count(x: Sequence[str] | int) -> int:
        return x if isinstance(x, int) else len(x)

    parts = [f"+{count(added)} added", f"−{count(removed)} removed"]
    if changed is not None:
        parts.append(f"~{len(changed)} changed")
    lines = [", ".join(parts)]
    for mark, items in (("+", added), ("−", removed), ("~", changed or ())):
        if not isinstance(items, int) and items:
            lines.append(f"{mark} {_names(items)}")
    return "\n".join(lines)


def _diff_fields(diff: CatalogDiff) -> list[tuple[str, str, bool]]:
    fields = [
        ("Films", _signed(diff.films_added, diff.films_removed, diff.films_changed), False),
        ("People", _signed(diff.people_added, diff.people_removed), False),
        (
            "Claims and questions",
            f"Claims: +{diff.claims_added} / −{diff.claims_removed}\n"
            f"Questions: +{diff.questions_added} / −{diff.questions_removed} / ~{diff.questions_changed} changed",
            False,
        ),
    ]
    if diff.new_disputes:
        lines = [f"⚠ {escape(title)}: {key}" for title, key in diff.new_disputes]
        fields.append(("New disputes (documents disagree)", join_lines(lines), False))
    documents = [
        *(f"+ {escape(d)}" for d in diff.documents_added),
        *(f"− {escape(d)}" for d in diff.documents_removed),
        *(f"~ {escape(d)}" for d in diff.documents_changed),
    ]
    if documents:
        fields.append(("Documents", join_lines(documents), False))
    return fields


def reload_report(report: ReloadReport) -> Reply:
    if report.busy:
        return error("A reload is already running.", "Wait for it to finish, then check /admin status.")
    if report.problems:
        lines = [f"• {code(p.file)} ({p.kind}): {escape(p.reason)}" for p in report.problems]
        return Reply(
            embeds=[
                embed(
                    "Reload refused: nothing changed",
                    "The previous catalog keeps serving. Fix these files and run /admin reload again "
                    "(`filmbot ingest --check` checks documents without the bot).\n\n" + join_lines(lines, 3500),
                    colour=COLOUR_ERROR,
                )
            ],
            ephemeral=True,
            failed=True,
        )
    diff = report.diff or CatalogDiff()
    if report.dry_run:
        title = "Dry run: this is what a reload would change (nothing applied)"
    else:
        title = "Reload applied" if not diff.empty else "Reload applied: nothing had changed"
    totals = report.totals
    description = (
        f"{plural(report.documents, 'document')} and {plural(report.packs, 'pack')} read. "
        f"{'After it' if report.dry_run else 'Now'}: {plural(totals.get('films', 0), 'film')}, "
        f"{plural(totals.get('people', 0), 'person', 'people')}, {plural(totals.get('claims', 0), 'claim')}, "
        f"{plural(totals.get('questions', 0), 'question')}."
    )
    if diff.empty:
        description += "\nThe documents and packs match the catalog."
    fields = [] if diff.empty else _diff_fields(diff)
    footer = f"Took {report.seconds:.1f} s · community data (reviews, scores, settings, packs) is never touched"
    return Reply(embeds=[embed(title, description, colour=COLOUR_INFO, fields=fields, footer=footer)], ephemeral=True)


def _who(user_id: int | None, names: Mapping[int, str], nobody: str) -> str:
    """A member by name where the bot knows it (a mention in an embed reads as a raw id on
    Discord unless the reader's client has the member cached); mentions never ping."""
    if not user_id:
        return nobody
    name = names.get(user_id)
    return f"**{escape(name)}**" if name else f"<@{user_id}>"


def _audit_line(entry: AuditEntry, names: Mapping[int, str]) -> str:
    who = _who(entry.user_id, names, "console")
    mark = "" if entry.ok else "✗ "
    return f"{when(entry.at)} {who} {mark}`{entry.action}` {escape(clip(entry.detail, 150))}"


_LINK_WORDS = {
    LINKS_ALLOWED: "allowed, shown as written",
    LINKS_PLAIN: "shown without previews",
    LINKS_REFUSED: "refused",
}


def _refusals_line(refusals: Refusals, names: Mapping[int, str]) -> str:
    who = _who(refusals.user_id, names, "someone")
    attempts = plural(refusals.attempts, "refused attempt")
    tried = ", ".join(escape(clip(c, 40)) for c in refusals.commands[:5])
    more = f" and {len(refusals.commands) - 5} more" if len(refusals.commands) > 5 else ""
    return f"{attempts} by {who} ({tried}{more}), the last {when(refusals.last_at)}"


def _settings_text(settings: GuildSettings) -> str:
    role = f"<@&{settings.moderator_role_id}>" if settings.moderator_role_id else "none (Manage Server only)"
    links = _LINK_WORDS.get(settings.review_links, settings.review_links)
    return (
        f"Question time: **{settings.question_seconds} s** · rounds: **{settings.rounds}** · "
        f"reveal: **{settings.reveal_seconds} s**\nModerator role: {role}\nLinks in reviews: {links}"
    )


def _writes_text(report: StatusReport) -> str:
    if report.writes_failing_since is None:
        return "Writes: ok"
    error_text = escape(clip(report.write_error or "unknown error", 200))
    return (
        f"⚠ **Writes failing** since {when(report.writes_failing_since)} ({report.write_failures} in a row: "
        f"{error_text}). Scores and reviews are not being saved: check the database file, its folder and the disk."
    )


def status(report: StatusReport, latency_seconds: float | None) -> Reply:
    c = report.counts
    catalog = (
        f"{plural(c.get('films', 0), 'film')} · {plural(c.get('people', 0), 'person', 'people')} · "
        f"{plural(c.get('claims', 0), 'claim')}\n"
        f"{plural(c.get('disputes', 0), 'disputed field')} · {plural(c.get('questions', 0), 'question')} · "
        f"{plural(c.get('documents', 0), 'document')}\n"
        f"{plural(report.reviews, 'community review')}"
    )
    sources = [
        f"{code(s.name)} ({source_label(s.name)}) · `{s.sha256[:12]}` · {s.size:,} B · ingested {when(s.ingested_at)}"
        for s in report.sources
    ]
    if report.last_reload is None:
        last = "No reload since the catalog was first built."
    else:
        entry = report.last_reload
        who = _who(entry.user_id, report.names, "the console")
        last = f"{when(entry.at)} by {who}: {'ok' if entry.ok else 'refused'} — {escape(clip(entry.detail, 300))}"
    latency = (
        "n/a" if latency_seconds is None or not math.isfinite(latency_seconds) else f"{latency_seconds * 1000:.0f} ms"
    )
    fields = [
        ("Database", _writes_text(report), False),
        ("Catalog", catalog, False),
        ("Sources", join_lines(sources) or "none", False),
        ("Last reload", last, False),
        ("Bot", f"Version {report.version} · up {duration(report.uptime_seconds)} · gateway latency {latency}", False),
    ]
    if report.settings is not None:
        fields.append(("Settings", _settings_text(report.settings), False))
    if report.uploaded_packs:
        fields.append(("Uploaded packs", _names(report.uploaded_packs, 20), False))
    fields.append(
        ("Audit log (latest first)", join_lines([_audit_line(e, report.names) for e in report.audit]) or "empty", False)
    )
    if report.refusals:
        # Apart from the moderator actions above, one line per member: a flood cannot push those out.
        refused = join_lines([_refusals_line(r, report.names) for r in report.refusals])
        fields.append(("Refused /admin attempts", refused, False))
    return Reply(embeds=[embed("filmbot status", None, colour=COLOUR_INFO, fields=fields)], ephemeral=True)


def settings_view(settings: GuildSettings, changes: Sequence[str]) -> Reply:
    heading = "Settings updated: " + "; ".join(changes) if changes else "Current settings (give options to change them)"
    return Reply(
        embeds=[embed("Trivia and moderation settings", f"{heading}\n\n{_settings_text(settings)}")], ephemeral=True
    )


def pack_uploaded(result: PackUploaded) -> Reply:
    verb = "replaced" if result.replaced else "added"
    left_out = result.questions - result.multiple_choice
    note = (
        f" ({left_out} left out of games: the pack has too few other answers to draw three wrong choices from)"
        if left_out
        else ""
    )
    return Reply(
        content=(
            f"Pack **{escape(result.name)}** {verb}: {plural(result.questions, 'question')}{note}. "
            f"Play it with `/trivia start pack:{result.key}`."
        ),
        ephemeral=True,
    )


def pack_removed(key: str) -> Reply:
    return Reply(content=f"Pack **{escape(key)}** removed from this server.", ephemeral=True)


def season_started(change: SeasonChange) -> Reply:
    """Public: the server sees its leaderboard start over, and where the old one went."""
    closed = escape(change.closed.name)
    return Reply(
        content=(
            f"🏁 **{closed}** is over ({plural(change.players, 'player')}), and **{escape(change.started.name)}** "
            f"begins: the leaderboard starts from zero. /trivia leaderboard with season {closed} still "
            "shows the old one; /trivia stats keeps every player's lifetime totals."
        )
    )


def question_added(pack: WrittenPack, created: bool) -> Reply:
    number, (prompt, answer) = len(pack.questions), pack.questions[-1]
    made = f"The pack **{escape(pack.name)}** is new: play it with /trivia start pack:{pack.key}. " if created else ""
    return Reply(
        content=(
            f"{made}Question {number} of **{escape(pack.name)}** added: “{escape(clip(prompt, 300))}” "
            f"(answer: {escape(answer)})."
        ),
        ephemeral=True,
    )


def question_list(pack: WrittenPack | None, asked: str) -> Reply:
    if pack is None:
        return Reply(
            content=f"This server has no pack called “{escape(clip(asked, 100))}”. "
            "/admin question add creates one with its first question.",
            ephemeral=True,
        )
    lines = [
        f"**{n}.** {escape(clip(prompt, 150))} — {escape(clip(answer, 60))}"
        for n, (prompt, answer) in enumerate(pack.questions, 1)
    ]
    return Reply(
        embeds=[
            embed(
                f"{escape(pack.name)} · {plural(len(pack.questions), 'question')}",
                join_lines(lines, 4000),
                colour=COLOUR_INFO,
                footer="/admin question remove pack number · /admin question add pack",
            )
        ],
        ephemeral=True,
    )


def question_removed(prompt: str, pack: WrittenPack | None, asked: str) -> Reply:
    left = (
        f"The pack **{escape(clip(asked, 100))}** had no other question, so it is gone too."
        if pack is None
        else f"**{escape(pack.name)}** has {plural(len(pack.questions), 'question')} left."
    )
    return Reply(content=f"Removed “{escape(clip(prompt, 300))}”. {left}", ephemeral=True)
