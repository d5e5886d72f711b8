"""Full names: a surname or first name alone resolves to the full name used elsewhere.

"Ito" is "Mika Ito" when the document (or, at merge time, another document
about the same film) names exactly one "... Ito"; a character "Kang" is
"Yuna Kang" when exactly one known character has that first or last name.
A bare name that resolves to nobody never becomes a person of its own: the
extractor reports it as unresolved and the merge drops it.
"""

from __future__ import annotations

from bot import model as m
from bot.ingest.values import fold_key as fold
from bot.model import Claim


def expand_character_names(claims: list[Claim]) -> list[Claim]:
    """ "Kang" -> "Yuna Kang" when exactly one known character has that first or last name."""
    full: dict[str, set[str]] = {}
    for claim in claims:
        name = claim.role if claim.field == m.CAST else claim.value if claim.field == m.CHARACTER else None
        if name and len(name.split()) >= 2 and not name.startswith("The "):
            words = name.split()
            for part in (words[0], words[-1]):
                full.setdefault(fold(part), set()).add(name)
    if not full:
        return claims
    out: list[Claim] = []
    for claim in claims:
        name = claim.role if claim.field == m.CAST else claim.value if claim.field == m.CHARACTER else None
        if name and " " not in name:
            candidates = full.get(fold(name), set())
            if len(candidates) == 1:
                longer = next(iter(candidates))
                if claim.field == m.CAST:
                    claim = Claim(claim.field, claim.value, claim.source, claim.person, longer, claim.note)
                else:
                    claim = Claim(claim.field, longer, claim.source, claim.person, claim.role, claim.note)
        out.append(claim)
    return out


def resolve_surname(name: str, people: dict[str, str]) -> str | None:
    """The one full name in `people` (fold -> name) ending with `name`, else None."""
    key = fold(name)
    matches = {full for folded, full in people.items() if folded.endswith(" " + key)}
    return matches.pop() if len(matches) == 1 else None
