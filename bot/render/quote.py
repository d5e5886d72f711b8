"""Taglines and critic pull-quotes, always with their source."""

from __future__ import annotations

from bot.catalog.model import FilmSummary, Quote
from bot.render.film import film_label, join_lines
from bot.render.payload import COLOUR_QUOTE, Reply, embed, escape


def _sources(quote: Quote) -> str:
    return ", ".join(sorted({s.label for s in quote.sources}))


def taglines(quotes: list[Quote], film: FilmSummary | None) -> Reply:
    if not quotes:
        where = f" for {escape(film_label(film))}" if film else ""
        return Reply(content=f"The documents give no tagline{where}.", ephemeral=True)
    lines = [f"“{escape(q.text)}”\n— *{escape(film_label(q.film))}*, {_sources(q)}" for q in quotes]
    title = f"Taglines: {film_label(film)}" if film else "Taglines"
    return Reply(embeds=[embed(title, join_lines(lines, 4000), colour=COLOUR_QUOTE)])


def quote(item: Quote | None, film: FilmSummary | None) -> Reply:
    if item is None:
        where = f" for {escape(film_label(film))}" if film else ""
        return Reply(content=f"No tagline or critic quote{where} in the documents.", ephemeral=True)
    kind = "Tagline" if item.kind == "tagline" else "Critic"
    return Reply(
        embeds=[
            embed(
                film_label(item.film),
                f"> “{escape(item.text)}”\n— {kind}, {_sources(item)}",
                colour=COLOUR_QUOTE,
            )
        ]
    )
