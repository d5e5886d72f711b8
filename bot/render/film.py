"""Film cards, search results and the catalog list."""

from __future__ import annotations

import datetime

from bot.catalog.model import Credit, FieldValues, Film, FilmSummary, SearchHit, Sourced
from bot.catalog.service import Page
from bot.model import source_label
from bot.render.payload import (
    COLOUR_FILM,
    COLOUR_INFO,
    FIELD_VALUE_MAX,
    Button,
    Reply,
    clip,
    embed,
    escape,
)
from bot.text import strip_bidi

DISPUTED = "⚠"
LIST_PER_PAGE = 10


def film_label(film: Film | FilmSummary) -> str:
    """ "Title (2024)", or "Title (2024/2025)" when sources disagree on the year."""
    year = film.year_text
    return f"{film.title} ({year})" if year else film.title


def sources_text(sourced: Sourced | Credit) -> str:
    return ", ".join(sorted({s.label for s in sourced.sources}))


def runtime_text(minutes: str) -> str:
    if not minutes.isdigit():
        return minutes
    total = int(minutes)
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest} min ({total} min)" if hours else f"{total} min"


def date_text(iso: str) -> str:
    """ "2024-06-07" -> "June 7, 2024"; anything else as written."""
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day:%B} {day.day}, {day.year}"


def field_text(values: FieldValues, show=lambda v: v) -> str:
    """One value plainly; several disputed values each with their sources."""
    if not values.values:
        return ""
    if values.disputed:
        lines = [f"{DISPUTED} {escape(show(v.value))} — {sources_text(v)}" for v in values.values]
        return "\n".join(lines) + "\n*Sources disagree.*"
    return ", ".join(escape(show(v.value)) for v in values.values)


def credit_line(credit: Credit, *, with_role: bool = True, with_sources: bool = False) -> str:
    text = f"**{escape(credit.person)}**"
    if with_role and credit.role:
        text += f" as {escape(credit.role)}"
    if credit.note:
        text += f" ({escape(credit.note)})"
    if credit.disputed:
        text = f"{DISPUTED} {text} — {sources_text(credit)}"
    elif with_sources:
        text += f" — {sources_text(credit)}"
    return text


def crew_lines(film: Film, *, with_sources: bool = False) -> list[str]:
    lines = []
    for credit in film.crew:
        job = (credit.role or "crew").capitalize()
        line = f"{job}: **{escape(credit.person)}**"
        if credit.disputed:
            line = f"{DISPUTED} {line} — {sources_text(credit)}"
        elif with_sources:
            line += f" — {sources_text(credit)}"
        lines.append(line)
    return lines


def story_lines(film: Film) -> list[str]:
    """Places and organisations of the story, as the documents name them."""
    lines = []
    if film.places:
        lines.append("Places: " + ", ".join(escape(p.value) for p in film.places))
    if film.organisations:
        lines.append("Organisations: " + ", ".join(escape(o.value) for o in film.organisations))
    return lines


def join_lines(lines: list[str], limit: int = FIELD_VALUE_MAX) -> str:
    """Join lines, stopping with "… and N more" before the field limit."""
    out: list[str] = []
    used = 0
    for i, line in enumerate(lines):
        more = f"… and {len(lines) - i} more"
        if used + len(line) + 1 > limit - len(more) - 1:
            out.append(more)
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


def film_card(film: Film) -> Reply:
    fields: list[tuple[str, str, bool]] = []

    def add(name: str, value: str, inline: bool = True, disputed: bool = False) -> None:
        if value:
            fields.append((f"{name} {DISPUTED}" if disputed else name, value, inline))

    add("Year", field_text(film.years), disputed=film.years.disputed)
    add("Released", field_text(film.release_dates, date_text), disputed=film.release_dates.disputed)
    add("Runtime", field_text(film.runtimes, runtime_text), disputed=film.runtimes.disputed)
    add("Genres", field_text(film.genres))
    add("Country", field_text(film.countries))
    add("Directed by", ", ".join(credit_line(c, with_role=False) for c in film.directors))
    add("Cast", join_lines([credit_line(c) for c in film.cast]), inline=False)
    crew_disputed = any(c.disputed for c in film.crew)
    add("Crew", join_lines(crew_lines(film)), inline=False, disputed=crew_disputed)
    add("Story", join_lines(story_lines(film)), inline=False)
    add(
        "Taglines",
        join_lines([f"“{escape(t.value)}” — {sources_text(t)}" for t in film.taglines]),
        inline=False,
    )
    ratings = [f"**{escape(r.rating)}** — {r.label}" for r in film.reviews if r.rating]
    add("Critic ratings", "\n".join(ratings))
    add("Sources", ", ".join(source_label(d) for d in film.documents), inline=False)

    description_parts = []
    others = [v for v in film.variants if v != film.title]
    if others:
        description_parts.append("Also known as " + ", ".join(f"*{escape(v)}*" for v in others))
    disputed = _disputed_names(film)
    if disputed:
        description_parts.append(
            f"{DISPUTED} Sources disagree on {', '.join(disputed)}: each claim is shown with its source."
        )
    return Reply(
        embeds=[
            embed(
                film_label(film),
                "\n".join(description_parts) or None,
                colour=COLOUR_FILM,
                fields=fields,
                footer="/cast film for the full cast and crew · /review show for the critics",
            )
        ]
    )


def _disputed_names(film: Film) -> list[str]:
    names = []
    for key in sorted(film.disputed):
        names.append(key.split(":", 1)[1] if key.startswith("crew:") else key.replace("_", " "))
    return names


def search_results(query: str, hits: list[SearchHit]) -> Reply:
    if not hits:
        return Reply(
            content=f"Nothing in the catalog matches “{escape(clip(query, 100))}”. Try fewer letters, or /film list.",
            ephemeral=True,
        )
    kinds = {"film": "Films", "person": "People", "character": "Characters"}
    fields = []
    for kind, heading in kinds.items():
        lines = []
        for hit in hits:
            if hit.kind != kind:
                continue
            line = f"**{escape(hit.name)}**"
            if hit.film and kind != "film":
                line += f" — {escape(film_label(hit.film))}"
            elif hit.film:
                line = (
                    f"**{escape(film_label(hit.film))}**"
                    if hit.name == hit.film.title
                    else f"**{escape(hit.name)}** ({escape(film_label(hit.film))})"
                )
            lines.append(line)
        if lines:
            fields.append((heading, join_lines(lines), False))
    return Reply(
        embeds=[
            embed(
                f"Search: {clip(strip_bidi(query), 200)}",
                None,
                colour=COLOUR_INFO,
                fields=fields,
                footer="/film info, /cast person or /cast character for details",
            )
        ]
    )


def film_list(page: Page) -> Reply:
    if page.total == 0:
        return Reply(
            content="The catalog is empty: a moderator can add documents and run /admin reload.", ephemeral=True
        )
    start = (page.page - 1) * LIST_PER_PAGE
    lines = [f"{start + i + 1}. {escape(film_label(f))}" for i, f in enumerate(page.items)]
    buttons = [
        Button("◀ Previous", f"film:list:{page.page - 1}", disabled=page.page <= 1),
        Button(f"{page.page} / {page.pages}", "film:list:noop", disabled=True),
        Button("Next ▶", f"film:list:{page.page + 1}", disabled=page.page >= page.pages),
    ]
    return Reply(
        embeds=[
            embed(
                f"Films in the catalog ({page.total})",
                "\n".join(lines),
                colour=COLOUR_FILM,
                footer=f"Page {page.page} of {page.pages} · /film info title for a card",
            )
        ],
        buttons=buttons if page.pages > 1 else [],
    )
