"""Add, replace, remove and page community reviews. Plain values in, domain objects out."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.catalog.model import FilmSummary
from bot.catalog.service import CatalogService
from bot.reviews.model import (
    DEFAULT_LINKS,
    LINK,
    LINK_MODES,
    LINKS_ALLOWED,
    LINKS_REFUSED,
    PER_PAGE,
    RATING_MAX,
    RATING_MIN,
    TEXT_MAX,
    CommunityPage,
    CommunityReview,
    FilmNotFoundError,
    ReviewError,
    ReviewSaved,
)
from bot.store import admin as admin_repo
from bot.store import reviews as repo
from bot.store.backend import Row, Store

AUTHOR_NAME_MAX = 100
# Control characters other than tab and newline are dropped from review text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Review text as stored: control characters dropped, lines right-trimmed, at most one blank line."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def validate(rating: object, text: str) -> tuple[int, str]:
    """The rating and cleaned text, or ReviewError saying what is wrong."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
        raise ReviewError(
            f"The rating must be a whole number from {RATING_MIN} to {RATING_MAX}, got {rating!r}.",
            f"For example: rating:{RATING_MAX - 2}",
        )
    body = clean_text(text)
    if not body:
        raise ReviewError("Your review has no text.", "Write a few words about the film in the text option.")
    if len(body) > TEXT_MAX:
        raise ReviewError(
            f"Your review is {len(body):,} characters long; the limit is {TEXT_MAX:,}.",
            "Shorten it and try again.",
        )
    return rating, body


def apply_link_setting(body: str, mode: str) -> str:
    """Review text as the server's link setting wants it: as written, every link
    wrapped in <…> (clickable, never previewed), or refused with a ReviewError."""
    if mode == LINKS_ALLOWED or not LINK.search(body):
        return body
    if mode == LINKS_REFUSED:
        raise ReviewError(
            "Links are not allowed in reviews on this server.", "Take the link out and send your review again."
        )
    return LINK.sub(lambda match: f"<{match.group(1)}>", body)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _review(row: Row) -> CommunityReview:
    return CommunityReview(
        user_id=int(row["user_id"]),
        author_name=row["author_name"],
        film_slug=row["film_slug"],
        rating=int(row["rating"]),
        text=row["body"],
        created_at=_time(row["created_at"]),
        updated_at=_time(row["updated_at"]),
    )


class ReviewService:
    def __init__(self, db: Store, catalog: CatalogService) -> None:
        self.db = db
        self.catalog = catalog

    async def add(
        self, guild_id: int, user_id: int, author_name: str, film: FilmSummary, rating: int, text: str
    ) -> ReviewSaved:
        """Add the member's review of a film (resolved by the film option), or replace the one they wrote before."""
        rating, body = validate(rating, text)
        body = apply_link_setting(body, await self.link_setting(guild_id))
        summary = film
        name = " ".join(author_name.split())[:AUTHOR_NAME_MAX] or str(user_id)
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        replaced = await repo.upsert_review(self.db, guild_id, user_id, summary.slug, name, rating, body, now)
        row = await repo.get_review(self.db, guild_id, user_id, summary.slug)
        assert row is not None
        return ReviewSaved(_review(row), summary, replaced)

    async def link_setting(self, guild_id: int) -> str:
        mode = await admin_repo.review_links(self.db, guild_id)
        return mode if mode in LINK_MODES else DEFAULT_LINKS

    async def remove(
        self, guild_id: int, user_id: int, film: str, *, member_name: str | None = None
    ) -> tuple[str, CommunityReview]:
        """Delete the member's review of a film; returns the film's title (or slug) and what was deleted.

        A film that has left the catalog can still be named by its slug, so
        members can always delete what they wrote. `member_name` is given when a
        moderator removes someone else's review (the caller has checked that they may):
        it names the member in the answer when there is nothing to remove.
        """
        lookup = self.catalog.lookup_film(film)
        slug = lookup.found.slug if lookup.found is not None else None
        if slug is None and film.strip() in await repo.member_film_slugs(self.db, guild_id, user_id):
            slug = film.strip()
        if slug is None:
            raise FilmNotFoundError(film, lookup.suggestions)
        row = await repo.get_review(self.db, guild_id, user_id, slug)
        summary = self.catalog.summary(slug)
        title = summary.title if summary else slug
        if row is None or not await repo.delete_review(self.db, guild_id, user_id, slug):
            if member_name is not None:
                raise ReviewError(f"{member_name} has no review of {title} in this server.")
            raise ReviewError(f"You have no review of {title} in this server.", "Add one with /review add.")
        return title, _review(row)

    async def get(self, guild_id: int, user_id: int, film_slug: str) -> CommunityReview | None:
        row = await repo.get_review(self.db, guild_id, user_id, film_slug)
        return _review(row) if row else None

    async def community(self, guild_id: int, film_slug: str, page: int = 1, per_page: int = PER_PAGE) -> CommunityPage:
        """Count, average and one page of the latest reviews of a film in one server."""
        count, average = await repo.film_stats(self.db, guild_id, film_slug)
        pages = max(1, -(-count // per_page))
        page = min(max(1, page), pages)
        rows = await repo.latest_reviews(self.db, guild_id, film_slug, (page - 1) * per_page, per_page)
        return CommunityPage(film_slug, count, average, tuple(_review(r) for r in rows), page, pages)
