"""Full names: a surname or first name alone resolves to the full name used elsewhere.

"Ito" is "Mika Ito" when the document (or, at merge time, another document
about the same film) names exactly one "... Ito"; a character "Kang" is
"Yuna Kang" when exactly one known character has that first or last name.
A bare name that resolves to nobody never becomes a person of its own: the
extractor reports it as unresolved and the merge drops it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from bot import model as m
from bot.ingest import values as v
from bot.ingest.names import CAPWORD, PARTICLE, SP, clean_name
from bot.ingest.values import fold_key as fold
from bot.model import Claim


class Known(Protocol):
    """What the finishing pass needs of a document's reading (`reading.Reading` has it; named here so the
    reading, which uses this module's resolver, is not imported back)."""

    text: str
    claims: list[Claim]
    characters: set[str]
    cast: set[str]
    groups: set[str]
    mononyms: set[str]
    elsewhere: list[tuple[int, int]]

    def resolve(self, name: str) -> str: ...


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


_words = v.capitalised_words

# The words of a name that may stand before a surname ("Alex " of "Alex Garland", "Ana de la ").
_NEXT_CAPITAL = re.compile(r"[ \u00a0]+[A-Z][a-z]")  # "Daniel LaRusso": a first name, not a surname
_FORENAMES_BEFORE = re.compile(rf"(?<![\w'’\-])(?:{CAPWORD}{SP}(?:{PARTICLE}{SP}){{0,2}}){{1,3}}$")


def full_name_in_text(
    text: str, name: str, characters: set[str], elsewhere: Sequence[tuple[int, int]] = ()
) -> str | None:
    """The one full name the text writes `name` in ("Garland" -> "Alex Garland" from "Alex Garland has ..."),
    whatever sentence it stands in; None when there is none or more than one ("Ana Roth", "Ida Roth").

    A name written only in a clause about another film (`elsewhere`) completes nothing, and a
    first or last name of a known character ("Daniel" of "Daniel LaRusso") is that character's.
    """
    key = fold(name)
    if any(key in c.split() for c in characters):
        return None
    found: set[str] = set()
    pos = text.find(name)
    while pos >= 0:
        after = text[pos + len(name) : pos + len(name) + 1]
        follows = _NEXT_CAPITAL.match(text, pos + len(name))
        inside = any(s <= pos < e for s, e in elsewhere)
        if not (after.isalnum() or after in "-" or follows or inside):
            run = _FORENAMES_BEFORE.search(text, max(0, pos - 60), pos)
            full = clean_name(text[run.start() : pos + len(name)]) if run else None
            if full and _words(full) >= 2 and fold(full) not in characters:
                found.add(full)
                if len(found) > 1:
                    return None
        pos = text.find(name, pos + 1)
    return found.pop() if found else None


def finish(doc: Known) -> tuple[list[Claim], set[str]]:
    """Resolve surnames and short character names, drop contradictions and duplicates."""
    unresolved: set[str] = set()
    finished: list[Claim] = []
    seen: set[tuple[str, str, str, str, str]] = set()
    claims = expand_character_names(doc.claims)
    roles = {fold(c.role) for c in claims if c.field == m.CAST and c.role}
    for claim in sorted(claims, key=lambda c: (c.source.start, c.source.end, c.field, c.value)):
        key = fold(claim.person or claim.value)
        if claim.person and key in doc.characters and key not in doc.cast:
            continue  # "Jack Stone directs ..." when Jack Stone is a character, not a director
        if claim.field == m.CHARACTER and key.removeprefix("the ") in doc.groups and key not in roles:
            continue
        person = claim.person
        if person and _words(person) < 2:
            full = doc.resolve(person)
            if full == person and fold(person) not in doc.mononyms:
                full = full_name_in_text(doc.text, person, doc.characters, doc.elsewhere) or person
            if full != person:
                claim = Claim(claim.field, full, claim.source, full, claim.role, claim.note)
            elif fold(person) not in doc.mononyms:
                unresolved.add(person)
        identity = (claim.field, fold(claim.value), fold(claim.person or ""), fold(claim.role or ""), claim.note or "")
        if identity in seen:
            continue
        seen.add(identity)
        finished.append(claim)
    return _without_plain_doubles(finished), unresolved


def _without_plain_doubles(claims: list[Claim]) -> list[Claim]:
    """A cast credit without a role, read from the same words as one with it ("he's played by X"), is
    the same credit said twice: the one with the role stays."""
    roles = [(fold(c.value), c.source.start, c.source.end) for c in claims if c.field == m.CAST and c.role]
    if not roles:
        return claims
    return [
        c
        for c in claims
        if not (
            c.field == m.CAST
            and not c.role
            and any(k == fold(c.value) and s < c.source.end and c.source.start < e for k, s, e in roles)
        )
    ]
