"""Domain objects of community reviews (no discord types)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.catalog.model import FilmSummary
from bot.errors import NotFoundError, UserError

# How links in review text are treated, per server (/admin settings review_links).
LINKS_ALLOWED = "allowed"  # shown as written
LINKS_PLAIN = "plain"  # shown as <url>: clickable, never previewed (the default)
LINKS_REFUSED = "refused"  # a review with a link is refused
LINK_MODES: tuple[str, ...] = (LINKS_ALLOWED, LINKS_PLAIN, LINKS_REFUSED)
DEFAULT_LINKS = LINKS_PLAIN
# What Discord turns into a link (and, in a message's text, a preview): web addresses and
# invites, without the punctuation that ends a sentence; <…> around one is part of the match.
LINK = re.compile(
    r"<?((?:https?://|www\.|discord(?:app)?\.(?:gg|com/invite)/)[^\s<>]*[^\s<>.,;:!?)\]'\"])>?", re.IGNORECASE
)

RATING_MIN = 1
RATING_MAX = 10
TEXT_MAX = 1000
PER_PAGE = 5


@dataclass(frozen=True, slots=True)
class CommunityReview:
    """One member's review of a film in one server."""

    user_id: int
    author_name: str
    film_slug: str
    rating: int
    text: str
    created_at: datetime
    updated_at: datetime

    @property
    def edited(self) -> bool:
        return self.updated_at != self.created_at


@dataclass(frozen=True, slots=True)
class ReviewSaved:
    """The outcome of /review add: the stored review, and whether it replaced an earlier one."""

    review: CommunityReview
    film: FilmSummary
    replaced: bool


@dataclass(frozen=True, slots=True)
class CommunityPage:
    """A film's community reviews in one server: the totals and one page of the latest."""

    film_slug: str
    count: int
    average: float | None
    reviews: tuple[CommunityReview, ...]
    page: int  # 1-based
    pages: int


class ReviewError(UserError):
    """Input the service refuses; `message` says what is wrong, `hint` what to do."""


class FilmNotFoundError(NotFoundError):
    """The film option matches nothing in the catalog (nor any review of the member)."""

    def __init__(self, query: str, suggestions: tuple[str, ...]) -> None:
        super().__init__("film", query, suggestions)
