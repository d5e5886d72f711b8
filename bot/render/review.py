"""Critic reviews from the documents, and the server's community reviews beside them."""

from __future__ import annotations

from typing import Any

from bot.catalog.model import CriticReview, Film
from bot.render.film import film_label
from bot.render.payload import (
    COLOUR_REVIEW,
    EMBED_TOTAL_MAX,
    FIELD_VALUE_MAX,
    Button,
    Reply,
    clip,
    embed,
    error,
    escape,
)
from bot.reviews.model import (
    LINK,
    RATING_MAX,
    CommunityPage,
    CommunityReview,
    ReviewSaved,
)
from bot.text import plural, their

PAGE_PREFIX = "review:page"
# Room kept for each shown community review's text, so critics + community fit one message (6,000).
_REVIEW_TEXT_MIN = 200


def critic_fields(review: CriticReview) -> list[tuple[str, str, bool]]:
    """One field per critic: verdict, strengths and weaknesses each get a share of the field,
    so a long verdict cannot push the strengths and weaknesses out."""
    heading = f"Critic, {review.label}" + (f" — {review.rating}" if review.rating else "")
    parts: list[tuple[str, str]] = []
    if review.verdict:
        parts.append(("**Verdict:** ", " ".join(review.verdict)))
    if review.pull_quotes and not review.verdict:
        parts.append(("> ", review.pull_quotes[0]))
    if review.strengths:
        parts.append(("**Strengths:** ", " ".join(review.strengths)))
    if review.weaknesses:
        parts.append(("**Weaknesses:** ", " ".join(review.weaknesses)))
    if not parts:
        return [(heading, "No verdict in this document.", False)]
    lengths = [len(label) + len(escape(text)) for label, text in parts]
    share = _shares(lengths, FIELD_VALUE_MAX - len(parts))
    lines = [
        label + clip(escape(text), allowed - len(label)) for (label, text), allowed in zip(parts, share, strict=True)
    ]
    return [(heading, "\n".join(lines), False)]


def _shares(lengths: list[int], budget: int) -> list[int]:
    """Split `budget` between parts: short parts keep their length, long ones share the rest evenly."""
    shares = [0] * len(lengths)
    pending = sorted(range(len(lengths)), key=lambda i: lengths[i])
    while pending:
        fair = budget // len(pending)
        index = pending.pop(0)
        shares[index] = min(lengths[index], fair)
        budget -= shares[index]
    return shares


def critic_embed(film: Film) -> dict[str, Any]:
    fields: list[tuple[str, str, bool]] = []
    for review in film.reviews:
        fields.extend(critic_fields(review))
    scores = [s for s in (r.score_out_of_ten for r in film.reviews) if s is not None]
    description = None
    if scores:
        description = (
            f"Critics' average: **{sum(scores) / len(scores):.1f}/10** from {plural(len(scores), 'rated review')}."
        )
    if not fields:
        description = "No critic review in the documents for this film."
    return embed(f"Reviews: {film_label(film)}", description, colour=COLOUR_REVIEW, fields=fields)


def critic_reviews(film: Film) -> Reply:
    return Reply(embeds=[critic_embed(film)])


def embed_size(data: dict[str, Any]) -> int:
    """The characters Discord counts against the 6,000 per message."""
    size = len(data.get("title", "")) + len(data.get("description", ""))
    size += len((data.get("footer") or {}).get("text", "")) + len((data.get("author") or {}).get("name", ""))
    return size + sum(len(f["name"]) + len(f["value"]) for f in data.get("fields", []))


def review_text(text: str) -> str:
    """A member's review, escaped, except its links: a link stays as stored (<url> when the
    server shows links without previews), so it is still a link."""
    out: list[str] = []
    last = 0
    for match in LINK.finditer(text):
        out.append(escape(text[last : match.start()]))
        whole, url = match.group(0), match.group(1)
        if whole.startswith("<") and whole.endswith(">"):
            out.append(whole)
        else:
            out.append(escape(whole[: whole.index(url)]) + url + escape(whole[whole.index(url) + len(url) :]))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def stars(rating: int) -> str:
    return f"{rating}/{RATING_MAX}"


def _review_field(review: CommunityReview, text_limit: int) -> tuple[str, str, bool]:
    name = clip(f"{stars(review.rating)} — {escape(review.author_name)}", 256)
    when = int(review.updated_at.timestamp())
    suffix = f"\n*{'edited' if review.edited else 'written'} <t:{when}:R>*"
    body = clip(review_text(review.text), max(20, min(FIELD_VALUE_MAX, text_limit) - len(suffix)))
    return name, body + suffix, False


def _average_line(page: CommunityPage, film: Film) -> str:
    if page.count == 0:
        return f"Nobody in this server has reviewed {escape(film.title)} yet. Be the first: `/review add`."
    return f"Server average: **{page.average or 0:.1f}/{RATING_MAX}** from {plural(page.count, 'review')}."


def community_embed(film: Film, page: CommunityPage, budget: int = EMBED_TOTAL_MAX) -> dict[str, Any]:
    """The community part, within `budget` characters (what the critics' embed left of the message)."""
    title = f"Community reviews: {film_label(film)}"
    description = _average_line(page, film)
    footer = f"Page {page.page} of {page.pages} · latest first · /review add to write yours" if page.count else None
    fixed = len(clip(title, 256)) + len(description) + len(footer or "")
    names = sum(len(escape(r.author_name)) + 12 for r in page.reviews)
    per_review = (budget - fixed - names) // max(1, len(page.reviews))
    fields = [_review_field(r, max(_REVIEW_TEXT_MIN, per_review)) for r in page.reviews]
    return embed(title, description, colour=COLOUR_REVIEW, fields=fields, footer=footer)


def page_buttons(film_slug: str, page: CommunityPage) -> list[Button]:
    if page.pages <= 1:
        return []
    return [
        Button("◀ Newer", f"{PAGE_PREFIX}:{page.page - 1}:{film_slug}", disabled=page.page <= 1),
        Button(f"{page.page} / {page.pages}", f"{PAGE_PREFIX}:noop", disabled=True),
        Button("Older ▶", f"{PAGE_PREFIX}:{page.page + 1}:{film_slug}", disabled=page.page >= page.pages),
    ]


def review_show(film: Film, community: CommunityPage | None) -> Reply:
    """Critics, then (in a server) the community's average, count and one page of the latest reviews."""
    critics = critic_embed(film)
    if community is None:
        return Reply(embeds=[critics])
    budget = EMBED_TOTAL_MAX - embed_size(critics)
    if budget < 1500:  # a film with very long critic reviews: the community part gets its own room
        critics = embed(critics["title"], critics.get("description"), colour=COLOUR_REVIEW)
        budget = EMBED_TOTAL_MAX - embed_size(critics)
    return Reply(embeds=[critics, community_embed(film, community, budget)], buttons=page_buttons(film.slug, community))


def review_saved(saved: ReviewSaved) -> Reply:
    """The public note of a new or replaced review (author in a field: embed titles are not escaped)."""
    review = saved.review
    updated = f" (updated {their(review.author_name)} review)" if saved.replaced else ""
    by = escape(review.author_name) + updated
    return Reply(
        embeds=[
            embed(
                f"Review: {film_label(saved.film)}",
                review_text(review.text),
                colour=COLOUR_REVIEW,
                fields=[("By", by, True), ("Rating", f"**{stars(review.rating)}**", True)],
                footer="One review per member per film: /review add again replaces it, /review remove deletes it.",
            )
        ]
    )


def review_removed(title: str) -> Reply:
    return Reply(content=f"Your review of **{escape(title)}** is deleted.", ephemeral=True)


def member_review_removed(title: str, author_name: str) -> Reply:
    """What the moderator sees: the member by name (escaped; mentions are off on every message)."""
    return Reply(
        content=f"The review of **{escape(title)}** by **{escape(author_name)}** is removed. It is in the audit log.",
        ephemeral=True,
    )


def removal_refused() -> Reply:
    return error(
        "Only moderators can remove another member's review.",
        "Leave out the user option to remove your own, or ask a moderator.",
    )
