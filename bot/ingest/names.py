"""The person-name recogniser: capitalised words with particles, hyphens, accents and initials.

"Ana de la Cruz", "Carrie-Anne Moss", "Park Chan-wook", "William H. Macy",
"B.D. Wong", "Janelle Monáe". Honorifics and ranks are not names: "Sir" and
"Dame" before an actor are dropped, and a name led by a rank ("Dr. Alan
Grant", "Agent Smith", "Colonel Ash") is a character's, never a person's;
an honorific alone ("Dr") is nobody.
"""

from __future__ import annotations

import re

from bot.ingest import patterns as p
from bot.ingest import values as v

_HONORIFIC = r"(?:(?:Dr|Mr|Mrs|Ms|St|Prof|Capt|Lt|Sgt|Col|Gen)\.[ \u00a0])"
NAME = (
    rf"(?<![\w'’\-]){_HONORIFIC}?(?:{p.PARTICLE}{p.SP})?{p.CAPWORD}"
    rf"(?:{p.SP}(?:{p.PARTICLE}{p.SP}){{0,2}}(?!(?:Jr|Sr)\.){p.CAPWORD}){{0,3}}"
)
NAMES = rf"{NAME}(?:(?:,{p.SP}*(?:and{p.SP}+)?|{p.SP}+and{p.SP}+|{p.SP}*&{p.SP}*){NAME})*"
NAMES_JOINED = rf"{NAME}(?:(?:{p.SP}+and{p.SP}+|{p.SP}*&{p.SP}*){NAME})*"  # "A and B's film": no commas
_RANK_WORDS = (
    "Dr|Mr|Mrs|Ms|Prof|Capt|Lt|Sgt|Col|Gen|Doctor|Professor|Captain|Major|Colonel|General|Agent|Detective"
    "|Sheriff|Lieutenant|Sergeant|Officer|Inspector|Signor|Señor|Monsieur|Madame|Father|Sister|Brother|Uncle|Aunt"
    "|King|Queen|Prince|Princess|Judge|Senator|Mayor|Commander|Admiral|Chief|Deputy|Count|Baron|Nurse|Reverend"
)
RANKED = re.compile(rf"(?:{_RANK_WORDS})\.?[ \u00a0]+[{p.UP}]")
_HONOURS = re.compile(r"^(?:Sir|Dame)[ \u00a0]+(?=[A-Z])")
_PERSON_REGEX = re.compile(NAME)


def person_name(raw: str) -> str | None:
    """A person's name from a recognised run, or None: a rank-led name is a character's, "Sir" is dropped."""
    raw = " ".join(raw.split())
    if RANKED.match(raw):
        return None
    raw = _HONOURS.sub("", raw)
    return v.clean_name(raw)


def people_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the names in text[start:end] ("A, B and C")."""
    return [match.span() for match in _PERSON_REGEX.finditer(text, start, end)]
