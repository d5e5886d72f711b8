"""Credits in any layout: infobox templates, cast lists, billing blocks, capsules (invented strings)."""

from __future__ import annotations

from bot import model as m
from bot.ingest.extract import extract_document


def _facts(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    extraction = extract_document("doc.md", text)
    for claim in extraction.claims:
        shown = claim.value
        if claim.field == m.CAST and claim.role:
            shown += " as " + claim.role
        elif claim.field == m.CREW:
            shown = f"{claim.role}: {claim.value}"
        found.setdefault(claim.field, set()).add(shown)
    return found


_INFOBOX = """Salt Harbour (film)
===================

```
{{Infobox film
| name           = Salt Harbour
| director       = Ines Moll
| producer       = Karel Dusek, Wren Abara
| starring       = Odile Brack<br />Tomas Venn
| music          = Pilar Ostrow
| cinematography = Juno Reyes-Hart
| editing        = Karel Dusek
| distributor    = Harbour Pictures
| budget         = $4 million
| language       = Portuguese
| released       = 3 March 2011
| runtime        = 104 minutes
}}
```

**Salt Harbour** is a quiet film about a ferry town.
"""


def test_an_infobox_template_is_read_as_headers() -> None:
    facts = _facts(_INFOBOX)
    assert facts[m.DIRECTOR] == {"Ines Moll"}
    assert facts[m.CREW] == {
        "producer: Karel Dusek",
        "producer: Wren Abara",
        "composer: Pilar Ostrow",
        "cinematographer: Juno Reyes-Hart",
        "editor: Karel Dusek",
    }
    assert facts[m.CAST] == {"Odile Brack", "Tomas Venn"}  # "<br />" separates names
    assert facts[m.RELEASE_DATE] == {"2011-03-03"}
    assert facts[m.RUNTIME] == {"104"}


def test_infobox_keys_that_are_no_job_credit_nobody() -> None:
    facts = _facts(_INFOBOX)
    people = {claim.split(": ")[-1] for claim in facts.get(m.CREW, set())} | facts.get(m.CAST, set())
    assert "Harbour Pictures" not in people
    assert not any("Portuguese" in value or "million" in value for values in facts.values() for value in values)


def test_a_cast_bullet_with_two_parts_credits_both() -> None:
    text = (
        "# Salt Harbour\n\nA ferry-town drama.\n\n## Cast\n\n"
        "* [[Odile Brack]] as Marta Sol / Ana Sol\n* Tomas Venn as Piet\n"
    )
    facts = _facts(text)
    assert {"Odile Brack as Marta Sol", "Odile Brack as Ana Sol", "Tomas Venn as Piet"} <= facts[m.CAST]
