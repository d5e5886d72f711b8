"""People and characters: a person's credits, who played a character, a film's full cast."""

from __future__ import annotations

from bot.catalog.model import CharacterCredit, Film, PersonCredit
from bot.render.film import credit_line, crew_lines, film_label, join_lines
from bot.render.payload import COLOUR_PEOPLE, Reply, embed, escape
from bot.text import plural


def _labels(credit: PersonCredit | CharacterCredit) -> str:
    return ", ".join(sorted({s.label for s in credit.sources}))


def person_credits(name: str, credits: tuple[PersonCredit, ...]) -> Reply:
    lines = []
    for credit in credits:
        if credit.kind == "director":
            what = "director"
        elif credit.kind == "crew":
            what = credit.role or "crew"
        else:
            what = f"as {escape(credit.role)}" if credit.role else "cast"
        note = f" ({escape(credit.note)})" if credit.note else ""
        lines.append(f"**{escape(film_label(credit.film))}** — {what}{note} · {_labels(credit)}")
    return Reply(
        embeds=[
            embed(
                name,
                join_lines(lines, 4000) if lines else "No credits.",
                colour=COLOUR_PEOPLE,
                footer=f"{plural(len(credits), 'credit')} · /film info for a film's card",
            )
        ]
    )


def character_credits(query: str, credits: tuple[CharacterCredit, ...]) -> Reply:
    lines = []
    for credit in credits:
        who = f"**{escape(credit.person)}**" if credit.person else "*not credited in the documents*"
        note = f" ({escape(credit.note)})" if credit.note else ""
        lines.append(f"{who}{note} in **{escape(film_label(credit.film))}** · {_labels(credit)}")
    title = credits[0].character if credits else query
    return Reply(
        embeds=[
            embed(title, join_lines(lines, 4000), colour=COLOUR_PEOPLE, footer="/cast person for an actor's credits")
        ]
    )


def full_cast(film: Film) -> Reply:
    fields: list[tuple[str, str, bool]] = []
    if film.directors:
        fields.append(
            (
                "Directed by",
                ", ".join(credit_line(c, with_role=False, with_sources=True) for c in film.directors),
                False,
            )
        )
    cast_lines = [credit_line(c, with_sources=True) for c in film.cast]
    # Long casts spill into further fields rather than being cut.
    for number, start in enumerate(range(0, len(cast_lines), 12)):
        chunk = cast_lines[start : start + 12]
        fields.append(("Cast" if number == 0 else "Cast (continued)", join_lines(chunk), False))
    crew = crew_lines(film, with_sources=True)
    for number, start in enumerate(range(0, len(crew), 12)):
        fields.append(("Crew" if number == 0 else "Crew (continued)", join_lines(crew[start : start + 12]), False))
    characters = [escape(c.value) for c in film.characters]
    if characters:
        fields.append(("Characters", join_lines([", ".join(characters)]), False))
    if not fields:
        return Reply(content=f"The documents name nobody for {escape(film_label(film))} yet.", ephemeral=True)
    return Reply(embeds=[embed(f"Cast and crew: {film_label(film)}", None, colour=COLOUR_PEOPLE, fields=fields)])
