"""Extraction rules, on the bundled seed documents and on tests/data (invented films)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from bot import model as m
from bot.ingest import values as v
from bot.ingest.dates import parse_date
from bot.ingest.extract import DocumentExtraction, extract_document
from bot.ingest.ratings import parse_rating

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "documents"
DATA = Path(__file__).resolve().parent / "data"


@cache
def doc(name: str) -> tuple[str, DocumentExtraction]:
    """(text, extraction) of a document by file-name prefix ("000", "101")."""
    folder = SEEDS if name.startswith("00") else DATA
    path = next(folder.glob(f"{name}*"))
    text = path.read_text(encoding="utf-8")
    return text, extract_document(path.name, text)


def values(name: str, field: str) -> list[str]:
    return [c.value for c in doc(name)[1].claims if c.field == field]


def cast(name: str) -> set[tuple[str, str | None, str | None]]:
    return {(c.person or "", c.role, c.note) for c in doc(name)[1].claims if c.field == m.CAST}


def crew(name: str) -> set[tuple[str, str | None]]:
    return {(c.person or "", c.role) for c in doc(name)[1].claims if c.field == m.CREW}


def spam_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the advertising sentences planted in the documents."""
    spans = []
    for needle in ("Putlocker also provide you", "is the movie in our popular collections", "full movie", "Download"):
        for match in re.finditer(re.escape(needle), text):
            start = text.rfind("\n", 0, match.start()) + 1
            dot = text.rfind(". ", start, match.start())
            start = dot + 2 if dot >= 0 else start
            end = text.find(".", match.end()) + 1
            spans.append((start, end))
    return spans


# --- the seed documents -----------------------------------------------------------------


def test_seed_000_header_style_facts() -> None:
    assert doc("000")[1].title == "Ballerina: A John Wick Story"
    assert values("000", m.YEAR) == ["2024"]
    assert values("000", m.GENRE) == ["Action", "Thriller"]
    assert values("000", m.DIRECTOR) == ["Len Wiseman"]
    assert values("000", m.RUNTIME) == ["123"]
    assert values("000", m.RELEASE_DATE) == ["2024-06-07"]
    assert values("000", m.TAGLINE) == [
        "Grace in motion. Death in silence.",
        "Every step is a choice. Every kill, a memory.",
    ]


def test_seed_000_cast_crew_and_story() -> None:
    assert {
        ("Ana de Armas", "Rooney", None),
        ("Keanu Reeves", None, "cameo"),
        ("Anjelica Huston", "The Director", None),
        ("Gabriel Byrne", "Marius Kravchenko", None),
        ("Catalina Sandino Moreno", None, None),
    } <= cast("000")
    assert crew("000") == {("Paul Cameron", "cinematographer"), ("Marco Beltrami", "composer")}
    assert set(values("000", m.CHARACTER)) == {"Rooney", "The Director", "Marius Kravchenko"}
    assert set(values("000", m.ORGANISATION)) == {
        "Ruska Roma",
        "High Table",
        "The Silk Syndicate",
        "The Ashen Circle",
        "The Vantablack Room",
    }
    assert set(values("000", m.PLACE)) == {"Prague", "Morocco", "Tokyo"}
    assert any("is not just a spin-off—it’s an evolution" in q for q in values("000", m.PULL_QUOTE))


def test_seed_000_other_films_are_not_titles() -> None:
    extraction = doc("000")[1]
    titles = values("000", m.TITLE)
    assert titles == ["Ballerina: A John Wick Story"]
    assert not any("Parabellum" in c.value or "Chapter" in c.value for c in extraction.claims)


def test_seed_001_prose_style_facts() -> None:
    assert doc("001")[1].title == "Ballerina"
    assert values("001", m.YEAR) == ["2025"]
    assert values("001", m.GENRE) == ["Action", "Thriller"]
    assert values("001", m.CHARACTER) == ["Rooney"]
    assert set(values("001", m.ORGANISATION)) == {"Ruska Roma", "High Table"}
    quotes = values("001", m.PULL_QUOTE)
    assert 1 <= len(quotes) <= 3 and all(len(q) <= 200 for q in quotes)
    assert any(q.startswith("Balancing spectacle with heart") for q in quotes)


def test_seed_002_sections_style_facts() -> None:
    assert doc("002")[1].title == "Ballerina"
    assert values("002", m.GENRE) == ["Action", "Thriller", "Crime"]
    assert values("002", m.COUNTRY) == ["United States"]
    assert values("002", m.DIRECTOR) == ["Len Wiseman"]
    assert values("002", m.RATING) == ["9/10"]
    assert values("002", m.YEAR) == []
    assert {
        ("Ana de Armas", "Rooney", None),  # "Her portrayal of Rooney" after a sentence naming her
        ("Anjelica Huston", "The Director", None),
        ("Keanu Reeves", "John Wick", None),
        ("Gabriel Byrne", None, None),
        ("Norman Reedus", None, None),
        ("Ian McShane", None, None),
    } <= cast("002")
    assert crew("002") == {
        ("Jonathan Eusebio", "stunt coordinator"),
        ("Dan Laustsen", "cinematographer"),
        ("Marco Beltrami", "composer"),
    }
    assert set(values("002", m.ORGANISATION)) == {"Ruska Roma"}


def test_seed_002_review_sections() -> None:
    strengths, weaknesses = values("002", m.STRENGTH), values("002", m.WEAKNESS)
    assert len(strengths) == 2 and strengths[0].startswith("The film’s greatest strength")
    assert len(weaknesses) == 2 and weaknesses[1].startswith("Additionally")
    verdicts = values("002", m.VERDICT)
    assert verdicts[0].startswith("Ballerina stands as a captivating fusion")
    assert any(v.startswith("A beautiful and moving addition") for v in verdicts)
    assert values("002", m.PULL_QUOTE)[0] == "A beautiful and moving addition to the John Wick series."


def test_seed_002_advertising_yields_nothing() -> None:
    text, extraction = doc("002")
    spam = spam_spans(text)
    assert len(spam) == 2
    for claim in extraction.claims:
        assert "Demon Slayer" not in claim.value
        assert "collections" not in claim.value
        for start, end in spam:
            assert claim.source.end <= start or claim.source.start >= end, claim


# --- spans ------------------------------------------------------------------------------

NAMED_FIELDS = (m.TITLE, m.TAGLINE, m.CHARACTER, m.PLACE, m.ORGANISATION, m.COUNTRY)


@pytest.mark.parametrize("name", ["000", "001", "002", "100", "101", "102", "103", "104", "105"])
def test_every_claim_points_at_its_text(name: str) -> None:
    text, extraction = doc(name)
    assert extraction.claims
    for claim in extraction.claims:
        assert claim.source.document == extraction.document
        span = text[claim.source.start : claim.source.end]
        assert 0 <= claim.source.start < claim.source.end <= len(text)
        if claim.field in NAMED_FIELDS:
            assert claim.value.lower().removeprefix("the ") in span.lower(), (claim, span)
        if claim.person:
            surname = claim.person.split()[-1]
            assert surname in span or claim.person in span, (claim, span)


def test_extraction_is_deterministic() -> None:
    text, first = doc("002")
    assert extract_document("002.txt", text).claims == extract_document("002.txt", text).claims
    assert first == extract_document(first.document, text)


def test_no_duplicate_claims_within_a_document() -> None:
    for name in ("000", "002", "100"):
        keys = [(c.field, c.value, c.person, c.role, c.note) for c in doc(name)[1].claims]
        assert len(keys) == len(set(keys))


# --- tests/data: header style ------------------------------------------------------------


def test_header_style_title_tagline_and_headers() -> None:
    assert doc("100")[1].title == "Glass Harbor: The Lantern Keeper"
    assert values("100", m.YEAR) == ["2023"]
    assert values("100", m.TAGLINE) == [
        "Some lights are lit to guide you home. Others, to keep you away.",
        "The light remembers.",
    ]
    assert values("100", m.GENRE) == ["Mystery", "Drama"]
    assert values("100", m.RUNTIME) == ["112"]  # "1h 52min"
    assert values("100", m.RELEASE_DATE) == ["2023-03-14"]  # "14 March 2023"
    assert values("100", m.RATING) == ["4/5"]  # "★★★★☆"


def test_header_style_people_and_story() -> None:
    assert {
        ("Tomas Varga", "Elias Crane", None),  # "Elias (Tomas Varga)", short name completed
        ("Elena van der Berg", "Marta Quill", None),
        ("Julian Reyes", None, "cameo"),
    } <= cast("100")
    assert crew("100") == {("Henrik Dahl", "cinematographer"), ("Yuki Tanaka", "composer")}
    assert values("100", m.DIRECTOR) == ["Mira Okafor"]  # "Okafor directs" collapses into the header's
    assert set(values("100", m.PLACE)) == {"Lisbon", "Porto"}
    assert set(values("100", m.ORGANISATION)) == {
        "The Tide Council",
        "The Salt Brotherhood",
        "The Widows of Saint Anne",
    }


def test_header_style_other_film_and_spam() -> None:
    text, extraction = doc("100")
    assert values("100", m.TITLE) == ["Glass Harbor: The Lantern Keeper"]
    assert "2019" not in values("100", m.YEAR)  # "Glass Harbor: The First Light (2019)" is another film
    spam = text.index("Watch Glass Harbor full movie")
    assert not [c for c in extraction.claims if c.source.start <= spam < c.source.end]
    assert any("not just a mystery" in q for q in values("100", m.PULL_QUOTE))


def test_header_style_lists_with_roles_and_notes() -> None:
    assert values("103", m.DIRECTOR) == ["Ruth Adebayo", "Colm Byrne"]  # "A & B"
    assert {
        ("Walter Greaves", "Silas Boone", None),  # "Cast: X as Y"
        ("Ines Duarte", "Rosa Delgado", None),
        ("August Lindgren", None, "voice"),
    } <= cast("103")
    assert crew("103") == {
        ("Ruth Adebayo", "writer"),
        ("Lena Kowalczyk", "composer"),
        ("Marcus O'Donnell", "cinematographer"),
    }
    assert values("103", m.RUNTIME) == ["118"]
    assert values("103", m.RELEASE_DATE) == ["2021-09-17"]
    assert values("103", m.COUNTRY) == ["United States", "Mexico"]
    assert values("103", m.TAGLINE) == ["Every town has a price."]
    assert values("103", m.RATING) == ["4/5"]
    assert set(values("103", m.PLACE)) == {"Redemption Gulch", "The Ashfall Flats", "Santa Lucía"}  # "Key locations:"
    assert values("103", m.ORGANISATION) == ["Halloran Mining Company"]


# --- tests/data: prose style -----------------------------------------------------------------


def test_prose_style_title_year_genres() -> None:
    assert doc("101")[1].title == "Glass Harbor"
    assert values("101", m.YEAR) == ["2024"]
    assert values("101", m.GENRE) == ["Drama", "Mystery"]
    assert values("104", m.GENRE) == ["Crime", "Science Fiction", "Thriller"]  # "sci-fi crime thriller"


def test_prose_style_people() -> None:
    assert values("101", m.DIRECTOR) == ["Mira Okafor"]  # "Directed by"
    assert {
        ("Tomas Varga", "Elias Crane", None),  # "stars as"
        ("Elena van der Berg", "Marta Quill", None),  # "portrays"
        ("Julian Reyes", None, "cameo"),  # "makes a brief cameo"
    } <= cast("101")
    assert crew("101") == {("Henrik Dahl", "cinematographer"), ("Arvo Lind", "composer")}
    assert values("104", m.DIRECTOR) == ["Park Ji-woo"]  # "Park Ji-woo directs"
    assert {
        ("Hana Seo", "Yuna Kang", None),  # "plays Kang"
        ("Daniel Okoye", "Theo Marsh", None),  # "appears as"
        ("Rafael Moreau", "The Archivist", None),  # "is chilling as the Archivist"
    } <= cast("104")
    assert crew("104") == {("Jae-won Lim", "cinematographer"), ("Kenji Arata", "composer")}


def test_prose_style_story() -> None:
    assert "Elias Crane" in values("101", m.CHARACTER)  # "follows the story of Elias Crane, a widower"
    assert values("101", m.ORGANISATION) == ["Tide Council"]  # "the Tide Council, the secretive guild"
    assert values("101", m.PLACE) == ["Porto"]  # "leads him to Porto"
    assert values("104", m.PLACE) == ["New Busan"]  # "unfolds in"
    assert values("104", m.ORGANISATION) == ["Lotus Syndicate"]  # "the Lotus Syndicate, a cabal of ..."
    assert values("101", m.RATING) == ["4/5"]  # "4 out of 5 stars"


def test_prose_style_spam_sentence_is_ignored() -> None:
    text, extraction = doc("101")
    spam = text.index("Download the full movie")
    assert not [c for c in extraction.claims if c.source.start <= spam + 5 < c.source.end]


# --- tests/data: sections style ----------------------------------------------------------------


def test_sections_style_people() -> None:
    assert values("102", m.DIRECTOR) == ["Park Ji-woo"]
    assert {
        ("Daniel Okoye", "Theo Marsh", None),  # "Officer Theo Marsh (Daniel Okoye)": rank dropped
        ("Lucia Ferrante", "Celeste Vaun", None),  # "Celeste Vaun, played by Lucia Ferrante"
        ("Hana Seo", "Yuna Kang", None),  # "Her portrayal of Yuna Kang"
        ("Rafael Moreau", "The Archivist", None),
        ("Mina Cho", None, None),  # "played by Mina Cho and Victor Lemaire"
        ("Victor Lemaire", None, None),
    } <= cast("102")
    assert crew("102") == {
        ("Iris Fontaine", "cinematographer"),
        ("Kenji Arata", "composer"),
        ("Paula Steiner", "editor"),
    }
    assert set(values("102", m.PLACE)) == {"New Busan", "Old Kowloon"}
    assert values("102", m.ORGANISATION) == ["Meridian Consortium"]


def test_sections_style_review() -> None:
    assert values("102", m.RATING) == ["8.5/10"]
    assert values("102", m.STRENGTH)[0] == (
        "The world-building is superb. Every alley, every hologram and every rain-slick rooftop feels lived in."
    )
    assert len(values("102", m.WEAKNESS)) == 2
    assert values("102", m.PULL_QUOTE) == ["A dazzling neo-noir with a beating heart.", "Hana Seo is a star."]
    assert values("105", m.RATING) == ["3.5/5"]  # "★★★½"
    assert values("105", m.STRENGTH) == [
        "Amélie Roux’s performance, which never asks for sympathy and earns it anyway.",
        "The orchard itself, shot across four seasons with real patience.",
    ]  # "Pros" bullets
    assert len(values("105", m.WEAKNESS)) == 2  # "Cons" bullets
    assert values("105", m.VERDICT)[0].startswith("Winter Orchard is a small film")  # "Conclusion"


def test_sections_style_story_and_spam() -> None:
    text, extraction = doc("105")
    assert values("105", m.COUNTRY) == ["France", "Belgium"]
    assert {("Amélie Roux", "Jeanne Ferrand", None), ("Louis Marchand", "Luc", None)} <= cast("105")
    assert ("Bastien Leclerc", None, "cameo") in cast("105")
    assert set(values("105", m.PLACE)) == {"Normandy", "Brussels"}
    assert crew("105") == {("Noémie Garnier", "cinematographer"), ("Elise Vautrin", "composer")}
    spam = text.index("is the movie in our popular collections")
    assert not [c for c in extraction.claims if c.source.start <= spam < c.source.end]


# --- rules on small texts -------------------------------------------------------------------


def extract(text: str) -> DocumentExtraction:
    return extract_document("t.txt", text)


def test_generic_roles_are_not_characters() -> None:
    x = extract(
        "Quiet Fires (2022)\n\nGenre: Drama\n\nFeaturing Mara Quint as the lead, the film is slow. "
        "Tobias Renn plays the villain with relish. Mara Quint plays Ida Holm, a nurse.\n"
    )
    roles = {(c.person, c.role) for c in x.claims if c.field == m.CAST}
    assert ("Mara Quint", None) in roles and ("Mara Quint", "Ida Holm") in roles
    assert not any(c.role and c.role.lower().endswith(("lead", "villain")) for c in x.claims)
    assert [c.value for c in x.claims if c.field == m.CHARACTER] == ["Ida Holm"]


def test_surname_resolves_within_the_document() -> None:
    x = extract(
        "Paper Lanterns (2020)\n\nDirector: Ines de la Cruz\nStarring: Ana de Souza\n\n"
        "De la Cruz directs gently. Later, de Souza plays Lina Ortiz, a singer.\n"
    )
    assert ("Ana de Souza", "Lina Ortiz") in {(c.person, c.role) for c in x.claims if c.field == m.CAST}
    assert not x.unresolved


def test_unresolved_surnames_are_reported() -> None:
    x = extract("Paper Lanterns (2020) is a gentle drama. Okoro directs it with care.\n")
    assert x.unresolved == frozenset({"Okoro"})


def test_crew_phrasings() -> None:
    x = extract(
        "Iron Orchard (2019) is a western. It was written by Lea Stone and produced by Omar Vance. "
        "The film was edited by Rui Tan, and Kit Amos, the cinematographer, shoots it beautifully. "
        "Production designer Sara Lind builds a town; costume designer Noor Baig dresses it. "
        "Composer Hal Weir writes a spare score.\n"
    )
    assert {(c.person, c.role) for c in x.claims if c.field == m.CREW} == {
        ("Lea Stone", "writer"),
        ("Omar Vance", "producer"),
        ("Rui Tan", "editor"),
        ("Kit Amos", "cinematographer"),
        ("Sara Lind", "production designer"),
        ("Noor Baig", "costume designer"),
        ("Hal Weir", "composer"),
    }


def test_casting_director_is_not_the_director() -> None:
    x = extract("Iron Orchard (2019) is a western. Casting director Ada Moss found great faces.\n")
    assert not [c for c in x.claims if c.field == m.DIRECTOR]


def test_markdown_document() -> None:
    x = extract(
        "# Lantern Row (2018)\n\n**Director:** Pia Holt\n**Genre:** Horror\n\n"
        "## Verdict\nA chilling, superb ghost story.\n"
    )
    assert x.title == "Lantern Row"
    assert [c.value for c in x.claims if c.field in (m.DIRECTOR, m.GENRE, m.VERDICT)] == [
        "Pia Holt",
        "Horror",
        "A chilling, superb ghost story.",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "empty"),
        ("  \n\t \n", "empty"),
        ("This is just a shopping list. Eggs, milk and bread are needed by tomorrow morning.", "no film"),
    ],
)
def test_documents_without_a_film(text: str, problem: str) -> None:
    x = extract(text)
    assert x.title is None and x.claims == ()
    assert x.problem and problem in x.problem


# --- value parsers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("2h 3min", "123"), ("123 minutes", "123"), ("1 hour 45 minutes", "105"), ("1h45m", "105"), ("98-minute", "98")],
)
def test_parse_runtime(text: str, minutes: str) -> None:
    parsed = v.parse_runtime(text)
    assert parsed and parsed[0] == minutes


@pytest.mark.parametrize("text", ["June 7, 2024", "7 June 2024", "2024-06-07", "Jun. 7th, 2024"])
def test_parse_date(text: str) -> None:
    parsed = parse_date(text)
    assert parsed and parsed[0] == "2024-06-07"


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("9/10", "9/10"),
        ("4/5", "4/5"),
        ("8.5/10", "8.5/10"),
        ("4 out of 5 stars", "4/5"),
        ("★★★★☆", "4/5"),
        ("★★★½", "3.5/5"),
        ("three and a half stars out of five", "3.5/5"),
    ],
)
def test_parse_rating(text: str, rating: str) -> None:
    parsed = parse_rating(text)
    assert parsed and parsed[0] == rating


def test_parse_rating_ignores_dates_and_fractions() -> None:
    assert parse_rating("released 7/10/2024") is None
    assert parse_rating("open 24/7") is None


def test_genres_in_prose() -> None:
    assert v.genres_in_phrase("sleek and relentless action thriller") == ["Action", "Thriller"]
    assert v.genres_in_phrase("tender romantic comedy") == ["Romance", "Comedy"]
    assert v.genres_in_phrase("quiet study of grief") == []


# --- nothing film-specific in the code --------------------------------------------------------


def test_no_seed_names_in_the_code() -> None:
    forbidden = ("ballerina", "wick", "rooney", "ruska", "prague", "putlocker", "wiseman", "armas", "laustsen")
    sources = [*(ROOT / "bot" / "ingest").glob("*.py"), ROOT / "bot" / "text.py"]
    for path in sources:
        code = path.read_text(encoding="utf-8").lower()
        for word in forbidden:
            assert word not in code, f"{word!r} in {path.name}"


def test_places_and_groups_in_prose() -> None:
    x = extract(
        "Red Quay (2017) is a crime drama set in Marseille. Its hero, Leo Brun, travels to Naples and hides in the "
        "back rooms of clubs in Palermo. The city is governed by the Salt Council, and the rules of the Salt Council "
        "are cruel. A ring of Salt Council loyalists hunts him. Nearly 3/4 of the film is shot at night.\n"
    )
    assert [c.value for c in x.claims if c.field == m.PLACE] == ["Marseille", "Naples", "Palermo"]
    assert {c.value for c in x.claims if c.field == m.ORGANISATION} == {"Salt Council"}
    assert [c.value for c in x.claims if c.field == m.CHARACTER] == ["Leo Brun"]
    assert not [c for c in x.claims if c.field == m.RATING]
