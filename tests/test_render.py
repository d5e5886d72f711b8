"""Renderers: Discord's limits hold whatever the data, and text never pings or breaks markdown."""

from __future__ import annotations

import json

from bot import model as m
from bot.catalog.build import build_film
from bot.model import Claim, Source
from bot.render import cast, film, payload, review
from bot.render.payload import escape


def embed_size(data: dict) -> int:
    total = len(data.get("title", "")) + len(data.get("description", ""))
    total += len(data.get("footer", {}).get("text", ""))
    return total + sum(len(f["name"]) + len(f["value"]) for f in data.get("fields", []))


def assert_within_limits(reply: payload.Reply) -> None:
    assert len(reply.embeds) <= 10
    for data in reply.embeds:
        assert embed_size(data) <= payload.EMBED_TOTAL_MAX
        assert len(data.get("title", "")) <= payload.EMBED_TITLE_MAX
        assert len(data.get("description", "")) <= payload.EMBED_DESCRIPTION_MAX
        assert len(data.get("fields", [])) <= payload.EMBED_FIELDS_MAX
        for item in data.get("fields", []):
            assert 0 < len(item["name"]) <= payload.FIELD_NAME_MAX
            assert 0 < len(item["value"]) <= payload.FIELD_VALUE_MAX
    assert len(reply.content or "") <= payload.CONTENT_MAX
    for button in reply.buttons:
        assert len(button.label) <= payload.BUTTON_LABEL_MAX


def huge_film() -> m.MergedFilm:
    source = Source("007_huge.txt", 0, 10)
    claims = [Claim(m.TITLE, "T" * 400, source), Claim(m.YEAR, "2040", source)]
    for i in range(300):
        person = f"Person Number{i} " + "X" * 60
        claims.append(Claim(m.CAST, person, source, person=person, role=f"Character {i} " + "Y" * 60))
        claims.append(Claim(m.CREW, person, source, person=person, role=f"job{i % 40}"))
        claims.append(Claim(m.TAGLINE, f"Tagline {i} " + "Z" * 300, source))
    claims.append(Claim(m.VERDICT, "V" * 5000, source))
    claims.append(Claim(m.STRENGTH, "S" * 5000, source))
    return m.MergedFilm("huge", "T" * 400, ["T" * 400], claims, set(), ["007_huge.txt"])


def test_every_renderer_stays_within_discord_limits() -> None:
    merged = huge_film()
    built = build_film(merged.slug, merged.title, merged.variants, merged.claims, merged.disputed, merged.documents)
    for reply in (film.film_card(built), cast.full_cast(built), review.critic_reviews(built)):
        assert_within_limits(reply)
        json.dumps(reply.embeds)  # plain JSON, as Discord receives it


def test_long_lists_say_how_many_were_left_out() -> None:
    lines = [f"line {i}" for i in range(1000)]
    joined = film.join_lines(lines)
    assert len(joined) <= payload.FIELD_VALUE_MAX
    assert joined.endswith("more")


def test_escape_defuses_mentions_and_markdown() -> None:
    text = "@everyone **bold** <@123> <@&456> @here `code` > quote\n# heading\n- item"
    escaped = escape(text)
    assert "@everyone" not in escaped and "@here" not in escaped
    assert "<@123>" not in escaped and "<@&456>" not in escaped
    assert "**" not in escaped.replace("\\*", "")
    assert "\n# " not in escaped and "\n- " not in escaped


def test_clip_marks_the_cut() -> None:
    assert payload.clip("abcdef", 4) == "abc…"
    assert payload.clip("abc", 4) == "abc"


def test_disputed_fields_show_each_claim_with_its_source() -> None:
    claims = [
        Claim(m.TITLE, "Quiet Harbour", Source("010_a.txt", 0, 5)),
        Claim(m.YEAR, "2019", Source("010_a.txt", 0, 5)),
        Claim(m.YEAR, "2020", Source("011_b.txt", 0, 5)),
        Claim(m.CREW, "Ada Lin", Source("010_a.txt", 9, 12), person="Ada Lin", role="composer"),
        Claim(m.CREW, "Bo Strand", Source("011_b.txt", 9, 12), person="Bo Strand", role="composer"),
    ]
    built = build_film("quiet-harbour", "Quiet Harbour", ["Quiet Harbour"], claims, {"year", "crew:composer"}, [])
    card = film.film_card(built).embeds[0]
    fields = {f["name"]: f["value"] for f in card["fields"]}
    assert "2019 — review 010" in fields["Year ⚠"] and "2020 — review 011" in fields["Year ⚠"]
    assert "Ada Lin" in fields["Crew ⚠"] and "review 010" in fields["Crew ⚠"]
    assert "Bo Strand" in fields["Crew ⚠"] and "review 011" in fields["Crew ⚠"]
    assert "disagree" in card["description"]
    assert card["title"] == "Quiet Harbour (2019/2020)"
