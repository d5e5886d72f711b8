"""Critic reviews from the documents (and, later in the embed, the community's)."""

from __future__ import annotations

from bot.catalog.model import CriticReview, Film
from bot.render.film import film_label, join_lines
from bot.render.payload import COLOUR_REVIEW, Reply, embed, escape


def critic_fields(review: CriticReview) -> list[tuple[str, str, bool]]:
    heading = f"Critic, {review.label}" + (f" — {review.rating}" if review.rating else "")
    parts = []
    if review.verdict:
        parts.append("**Verdict:** " + escape(" ".join(review.verdict)))
    if review.pull_quotes and not review.verdict:
        parts.append("> " + escape(review.pull_quotes[0]))
    if review.strengths:
        parts.append("**Strengths:** " + escape(" ".join(review.strengths)))
    if review.weaknesses:
        parts.append("**Weaknesses:** " + escape(" ".join(review.weaknesses)))
    body = join_lines(parts) if parts else "No verdict in this document."
    return [(heading, body, False)]


def critic_reviews(film: Film) -> Reply:
    fields: list[tuple[str, str, bool]] = []
    for review in film.reviews:
        fields.extend(critic_fields(review))
    scores = [s for s in (r.score_out_of_ten for r in film.reviews) if s is not None]
    description = None
    if scores:
        description = f"Critics' average: **{sum(scores) / len(scores):.1f}/10** from {len(scores)} rated review{'s' if len(scores) != 1 else ''}."
    if not fields:
        description = "No critic review in the documents for this film."
    return Reply(embeds=[embed(f"Reviews: {film_label(film)}", description, colour=COLOUR_REVIEW, fields=fields)])
