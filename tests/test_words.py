"""Counts and persons agree in every message: one helper (bot.text.plural / their)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.admin.model import StatusReport
from bot.catalog.model import FilmSummary
from bot.render import admin as render_admin
from bot.render import review as render_review
from bot.reviews.model import CommunityReview, ReviewSaved
from bot.text import plural, their
from tests.helpers import text_of


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "film") == "1 film"
    assert plural(0, "film") == "0 films"
    assert plural(2, "person", "people") == "2 people"
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "query") == "3 queries" and plural(2, "day") == "2 days"
    assert plural(2, "match") == "2 matches" and plural(1_500, "claim") == "1,500 claims"


def test_their_agrees_with_the_reader() -> None:
    assert their("you") == "your" and their("Ann") == "their"


def test_status_counts_of_one_are_singular() -> None:
    report = StatusReport(
        counts={"films": 1, "people": 1, "claims": 1, "disputes": 1, "questions": 1, "documents": 1},
        sources=(),
        last_reload=None,
        uptime_seconds=1.0,
        version="x",
        audit=(),
        settings=None,
        uploaded_packs=(),
        reviews=1,
    )
    text = text_of({"embeds": render_admin.status(report, None).embeds})
    for wrong in ("1 films", "1 people", "1 claims", "1 documents", "1 questions", "1 community reviews"):
        assert wrong not in text
    assert "1 film · 1 person · 1 claim" in text and "1 document" in text


def test_an_updated_review_by_you_says_your() -> None:
    now = datetime.now(UTC)
    saved = ReviewSaved(CommunityReview(1, "you", "f", 7, "Fine.", now, now), FilmSummary("f", "F", "2001"), True)
    by = render_review.review_saved(saved).embeds[0]["fields"][0]["value"]
    assert by == "you (updated your review)"
    saved = ReviewSaved(CommunityReview(1, "Ann", "f", 7, "Fine.", now, now), FilmSummary("f", "F", "2001"), True)
    assert render_review.review_saved(saved).embeds[0]["fields"][0]["value"] == "Ann (updated their review)"
