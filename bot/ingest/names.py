"""The person-name recogniser: capitalised words with particles, hyphens, accents and initials.

"Ana de la Cruz", "Carrie-Anne Moss", "Park Chan-wook", "William H. Macy",
"B.D. Wong", "Janelle Monáe". Honorifics and ranks are not names: "Sir" and
"Dame" before an actor are dropped, and a name led by a rank ("Dr. Alan
Grant", "Agent Smith", "Colonel Ash") is a character's, never a person's;
an honorific alone ("Dr") is nobody.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.ingest import lexicon as lx

SP = r"[ \u00a0]"

UP = "A-ZÀ-ÖØ-ÞĀĆČĎĐĒĘĚĞİĶŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"

LOW = "a-zß-öø-ÿāćčďđēęěğıķłńňōőœřśşšţťūůűźżž"

# One capitalised word: "Ana", "McShane", "O'Brien", "Jean-Luc", "Ji-woo", "Nyong'o",
# or initials "J." / "J.J." A possessive "'s" is not part of the word.
CAPWORD = (
    rf"(?:[{UP}](?:[{LOW}]+|['’](?=[{UP}]))(?:['’\-]?[{UP}][{LOW}]+|-[{LOW}]+|['’](?!s\b)[{LOW}]+)*(?!\w)"
    rf"|(?:[{UP}]\.)+)"
)

ACRONYM = rf"[{UP}]{{2,6}}(?![\w'’])"

PARTICLES = lx.wordset("de van von da del della der den di du dos das la le bin al el ten ter ibn zu")

PARTICLE = "(?:" + "|".join(sorted(PARTICLES)) + ")"

# A person: 1-4 capitalised words, particles between ("Ana de la Cruz"); a lone
# surname may start with a particle ("de la Cruz"). Single words are resolved later.
PERSON = (
    rf"(?<![\w'’\-])(?:{PARTICLE}{SP})?{CAPWORD}"
    rf"(?:{SP}(?:{PARTICLE}{SP}){{0,2}}(?!(?:Jr|Sr)\.){CAPWORD}){{0,3}}(?:,?{SP}(?:Jr|Sr)\.)?"
)

# A list's later names stop before a possessive: "by Tim Squyres, Lee's regular editor" lists one name.
PERSON_LIST = rf"{PERSON}(?:(?:,{SP}*(?:and{SP}+)?|{SP}+and{SP}+|{SP}*[&+]{SP}*){PERSON}(?![’']s\b))*"

_CHARACTER_HONORIFIC = r"(?:Dr|Mr|Mrs|Ms|Sgt|Lt|Capt|Prof|St)\."

CHARACTER = (
    rf"(?<![\w'’\-])(?:[Tt]he{SP})?(?:{_CHARACTER_HONORIFIC}{SP})?{CAPWORD}"
    rf"(?:{SP}(?:(?:of|the|de|del|von|van|da|di|du|la|le){SP}){{0,2}}{CAPWORD}){{0,3}}"
    rf"(?:{SP}(?:II|III|IV|V|VI|VII|VIII|IX|X)\b)?"
)

# A word of a group's name may be a plural possessive ("the Tinkerers’ Guild").
_ORG_WORD = rf"(?:[{UP}][{LOW}]+s['’](?={SP}[{UP}])|{CAPWORD}|{ACRONYM})"

ORG = (
    rf"(?<![\w'’\-])(?:The{SP})?{_ORG_WORD}"
    rf"(?:{SP}(?:(?:of|the|de|du|la|des|di|do|da|dos|das|del|della|der|den|von|van){SP}){{0,2}}{_ORG_WORD}){{0,4}}"
)

# The lowercase words that join the parts of a name ("Confraria do Mar"): a name
# found right after "<Capitalised> do " is the tail of a longer name.
NAME_JOINERS = frozenset("of the de du la le des di do da dos das del della der den von van y".split())

PLACE = (
    rf"(?<![\w'’\-]){CAPWORD}"
    rf"(?:{SP}(?:(?:de|del|da|do|of|upon|on|am|sur|la|le|el){SP})?{CAPWORD}){{0,2}}"
)


def either_case(phrase: str) -> str:
    """A regex for `phrase` whose words may start in either case: "[Dd]irected [Bb]y"."""
    words = []
    for word in phrase.split(" "):
        head = word[0]
        words.append(f"[{head.upper()}{head.lower()}]{re.escape(word[1:])}" if head.isalpha() else re.escape(word))
    return f"{SP}+".join(words)


def alternation(words: frozenset[str] | set[str]) -> str:
    """A regex alternation of the words, longest first so "streets" beats "street".

    Grouped by first letter ("s(?:treets|treet)"), the order kept within each group: the engine then tries
    one group at a position instead of every word, and finds the same (words of other letters cannot match
    where these do). Words that do not all start with a distinct lower-case letter stay one flat list.
    """
    ordered = sorted(words, key=lambda w: (-len(w), w))
    groups: dict[str, list[str]] = {}
    for word in ordered:
        groups.setdefault(word[:1], []).append(word[1:])
    if not all(len(first) == 1 and "a" <= first <= "z" for first in groups):
        return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"
    return (
        "(?:"
        + "|".join(f"{first}(?:{'|'.join(re.escape(rest) for rest in rests)})" for first, rests in groups.items())
        + ")"
    )


_HONORIFIC = r"(?:(?:Dr|Mr|Mrs|Ms|St|Prof|Capt|Lt|Sgt|Col|Gen)\.[ \u00a0])"
NAME = (
    rf"(?<![\w'’\-]){_HONORIFIC}?(?:{PARTICLE}{SP})?{CAPWORD}"
    rf"(?:{SP}(?:{PARTICLE}{SP}){{0,2}}(?!(?:Jr|Sr)\.){CAPWORD}){{0,3}}(?:,?{SP}(?:Jr|Sr)\.)?"
)
NAMES = rf"{NAME}(?:(?:,{SP}*(?:and{SP}+)?|{SP}+and{SP}+|{SP}*[&+]{SP}*){NAME}(?![’']s\b))*"
NAMES_JOINED = rf"{NAME}(?:(?:{SP}+and{SP}+|{SP}*&{SP}*){NAME})*"  # "A and B's film": no commas
_RANK_WORDS = (
    "Dr|Mr|Mrs|Ms|Prof|Capt|Lt|Sgt|Col|Gen|Doctor|Professor|Captain|Major|Colonel|General|Agent|Detective"
    "|Sheriff|Lieutenant|Sergeant|Officer|Inspector|Signor|Señor|Monsieur|Madame|Father|Sister|Brother|Uncle|Aunt"
    "|King|Queen|Prince|Princess|Judge|Senator|Mayor|Commander|Admiral|Chief|Deputy|Count|Baron|Nurse|Reverend"
)
RANKED = re.compile(rf"(?:{_RANK_WORDS})\.?[ \u00a0]+[{UP}]")
_HONOURS = re.compile(r"^(?:Sir|Dame)[ \u00a0]+(?=[A-Z])")
_PERSON_REGEX = re.compile(NAME)


def person_name(raw: str) -> str | None:
    """A person's name from a recognised run, or None: a rank-led name is a character's, "Sir" is dropped."""
    raw = " ".join(raw.split())
    if RANKED.match(raw):
        return None
    raw = _HONOURS.sub("", raw)
    return clean_name(raw)


def people_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the names in text[start:end] ("A, B and C")."""
    return [match.span() for match in _PERSON_REGEX.finditer(text, start, end)]


_PERSON_FULL = re.compile(PERSON)
_ORG_FULL = re.compile(ORG)


@lru_cache(maxsize=1 << 14)
def clean_name(text: str) -> str | None:
    """A person's name without leading sentence words ("Meanwhile Ana Lopez" -> "Ana Lopez").

    Returns None if nothing name-like is left or a word is a month, a job, a
    genre or a function word.
    """
    words = text.replace("\u00a0", " ").split()
    while words and words[0].lower().strip(".,") in lx.NAME_STOPWORDS and words[0][0].isupper():
        words.pop(0)
    dropped = ""
    while words and words[-1].lower().strip(".,") in lx.NAME_STOPWORDS:
        dropped = words.pop()
    if len(words) == 1 and dropped[:1].isupper():
        return None  # "John Legend" is not "John": a capitalised word after a first name may be a surname
    capitals = [w for w in words if w[0].isupper()]
    if not capitals or len(capitals) > 4:
        return None
    if any(w.lower() in lx.NAME_STOPWORDS for w in capitals if not w.endswith(".")):
        return None
    name = " ".join(words)
    return name if _PERSON_FULL.fullmatch(name) else None


@lru_cache(maxsize=1 << 14)
def clean_character(text: str) -> str | None:
    """A character's name, "the Director" capitalised; None for generic roles ("the lead")."""
    text = " ".join(text.replace("\u00a0", " ").split())
    if text.lower() in lx.GENERIC_ROLES or text.lower().removeprefix("the ") in lx.GENERIC_ROLES:
        return None
    if text.startswith("the "):
        text = "The " + text[4:]
    words = text.split()
    while len(words) > 1 and words[0].lower() in lx.FUNCTION_WORDS and words[0] != "The":
        words.pop(0)
    while len(words) > 2 and words[0].lower() in lx.RANKS and words[1][:1].isupper():
        words.pop(0)  # "Detective Yuna Kang" -> "Yuna Kang"
    if not words or words == ["The"]:
        return None
    if any(w.lower() in lx.FUNCTION_WORDS | lx.CALENDAR_WORDS for w in words if w not in ("The", "of", "the")):
        return None
    return " ".join(words)


@lru_cache(maxsize=1 << 14)
def clean_group(text: str) -> str | None:
    """An organisation's or place's name: capitalised words, not a generic title or a month."""
    text = " ".join(text.replace("\u00a0", " ").split()).strip(".,;:")
    head, of, tail = text.rpartition(" of ")
    if of and head.split()[-1].lower() in lx.MEMBER_TITLES:
        text = tail.removeprefix("the ")  # "Reverend Mother of the Sisterhood" -> "Sisterhood"
    words = text.split()
    if not words or len(words) > 6:
        return None
    core = [w for w in words if w != "The" and w != "and" and w not in NAME_JOINERS]
    if not core or any(w.lower() in lx.FUNCTION_WORDS | lx.CALENDAR_WORDS for w in core):
        return None
    if all(w.lower() in lx.FILM_WORDS | lx.GENERIC_TITLES for w in core):
        return None
    return text if _ORG_FULL.fullmatch(text) else None


_TITLE_CASE_WORD = re.compile(rf"(?<![\w'’.\-#@])[{UP}][{LOW}]+(?:-[{UP}]?[{LOW}]+)?(?![\w'’\-])")
_LOWER_WORD = re.compile(rf"(?<![\w'’.\-#@])[{LOW}]+(?:-[{LOW}]+)?(?![\w\-])")
_ANY_CAPITAL = re.compile(rf"[{UP}]")
_SENTENCE_END = '.!?:;\n"“([*_>'


def recased(text: str, sentences: list[tuple[int, int]]) -> str:
    """`text` with the names of its all-lower-case sentences capitalised as the text writes them elsewhere.

    Threads and reblogs are often typed in lower case ("susan sarandon as louise"), while a caption or a
    quote in the same document writes "Susan Sarandon": a word capitalised elsewhere in a run of names or
    inside a sentence (not where one starts) is a name, and gets its capital back there. The length is
    kept, so every offset still points into the original.
    """
    spans = [(s, e) for s, e in sentences if e - s > 12 and not _ANY_CAPITAL.search(text, s, e)]
    if not spans:
        return text
    out: list[str] | None = None
    known: dict[str, bool] = {}
    for start, end in spans:
        for found in _LOWER_WORD.finditer(text, start, end):
            word = found.group()
            if len(word) < 3 or word in lx.NAME_STOPWORDS or word in lx.CALENDAR_WORDS:
                continue
            if word not in known:
                known[word] = _written_as_name(text, word[0].upper() + word[1:])
            if known[word]:
                out = list(text) if out is None else out
                out[found.start()] = word[0].upper()
    return text if out is None else "".join(out)


def _written_as_name(text: str, capital: str) -> bool:
    """Whether `capital` stands in `text` as a name: in a run of capitalised words, or inside a sentence."""
    pos = text.find(capital)
    while pos >= 0:
        end = pos + len(capital)
        whole = not text[pos - 1 : pos].isalnum() and not text[end : end + 1].isalnum()
        if whole:
            before = text[max(0, pos - 40) : pos].rstrip(" \u00a0")
            opens = not before or before[-1] in _SENTENCE_END
            runs_on = text[end : end + 1] == " " and _TITLE_CASE_WORD.match(text, end + 1) is not None
            if not opens or runs_on:
                return True
        pos = text.find(capital, pos + 1)
    return False
