"""Film facts in prose: year, release date, runtime, genres and country, when a sentence says them of the film.

"It came out in 1982", "opened in New York on 26 November 1942", "the 136
minutes", "it's a crime thriller, an American one": each found in one clean
sentence whose subject is the film (its title, "it", "the film") or, for
"X's 1982 noir", a director the document has already credited.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.ingest.dates import DATE

_SP = r"[ \u00a0]"
_YEAR = r"(?P<year>(?:18|19|20)\d\d)"
_SUBJECT = r"(?:[Ii]t|[Tt]he{SP}(?:film|movie|picture)|[Tt]his{SP}(?:film|movie|one))".replace("{SP}", _SP)
CAME_OUT = re.compile(
    rf"\b(?:came{_SP}out|was{_SP}released|released|opened|premiered|debuted|arrived){_SP}+(?:[a-z]+{_SP}+){{0,3}}?"
    rf"in{_SP}+{_YEAR}\b"
)
RELEASED_ON = re.compile(  # run on the lower-cased text
    rf"\b(?:released|opened|opens|premiered|premieres|came{_SP}out|debuted|debuts|arrived|arrives"
    rf"|hits{_SP}+(?:theaters|theatres|cinemas)|release{_SP}+date{_SP}+(?:is|was|of))\b[^.;!?]{{0,50}}?"
    rf"\b(?:on{_SP}+|(?<=is{_SP})|(?<=was{_SP})|(?<=of{_SP}))(?P<date>{DATE})"
)
MINUTES = re.compile(
    rf"(?:(?P<hours>[1-4])(?:-|{_SP})?(?:hours?|hrs?\.?|h)(?:,?{_SP}*(?:and{_SP}+)?"
    rf"(?P<more>\d{{1,2}})(?:-|{_SP})?(?:minutes?|mins?\.?|m))?(?![a-z])"
    rf"|(?P<minutes>\d{{2,3}})(?:-|{_SP})minutes?\b)"
)  # "98 minutes", "2 hours and 10 minutes", "2h 10m"
RUNTIME_LEAD = re.compile(  # the words before "N minutes", on the lower-cased text
    rf"\b(?:runs|running|lasts|clocks{_SP}in{_SP}at|at|the|its|all|whole|entire|an?{_SP}+[a-z]+|a"
    rf"|(?:runtime|running{_SP}time|run{_SP}time|length)(?:{_SP}+(?:is|of|at))?)"
    rf"{_SP}+(?:just{_SP}+|only{_SP}+|lean{_SP}+|brisk{_SP}+)?$"
)
OWNER_YEAR = re.compile(rf"['’]s?{_SP}+{_YEAR}{_SP}+[a-z\-]+")
_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Z][\w'’.-]*(?:[ \u00a0][A-Z][\w'’.-]*){0,3})$")
IS_A = re.compile(
    rf"(?<![^\s,;:(\"“])(?P<subject>[^\s,;:(.!?][^,;:(.!?]{{0,60}}?)(?:['’]s|{_SP}is|{_SP}was|{_SP}remains|{_SP}plays{_SP}as)"
    rf"{_SP}+(?:a|an|the|one{_SP}of{_SP}the){_SP}+(?P<phrase>[^.;:!?]{{3,90}})"
)
_IS_A_TAIL = r"[ \u00a0]+(?:an?|the|one[ \u00a0]of[ \u00a0]the)[ \u00a0]"
_IS_A_CUE = re.compile(rf"(?:['’]s|[ \u00a0](?:is|was|remains)){_IS_A_TAIL}")
_IS_A_LITERAL_CUES = tuple(re.compile(lead + _IS_A_TAIL) for lead in (" is", " was", " remains", "'s", "’s"))
NATIONALITIES = {
    "american": "United States",
    "british": "United Kingdom",
    "english": "United Kingdom",
    "french": "France",
    "german": "Germany",
    "italian": "Italy",
    "spanish": "Spain",
    "japanese": "Japan",
    "south korean": "South Korea",
    "korean": "South Korea",
    "chinese": "China",
    "indian": "India",
    "irish": "Ireland",
    "canadian": "Canada",
    "australian": "Australia",
    "mexican": "Mexico",
    "swedish": "Sweden",
    "danish": "Denmark",
    "norwegian": "Norway",
    "iranian": "Iran",
    "brazilian": "Brazil",
    "hong kong": "Hong Kong",
    "new zealand": "New Zealand",
}
_NATIONALITY = re.compile(
    r"\b(?P<nation>" + "|".join(sorted((re.escape(k.title()) for k in NATIONALITIES), key=len, reverse=True)) + r")"
    r"(?=[ \u00a0](?:[a-z\-]+[ \u00a0]){0,3}?(?:film|movie|picture|production|one)\b)"
)


TAGLINE_QUOTED = re.compile(  # run on the lower-cased text
    r"\b(?:tag[ -]?line|poster(?:s|['’]s)?(?:[ \u00a0]+line)?|one-sheet|slogan|ad[ -]line|marketing[ \u00a0]+line"
    r"|the[ \u00a0]+ads)"
    r"\b[^“\"\n]{0,40}[“\"](?P<text>[^”\"\n]{3,160}?)[”\"]"
)


_TAGLINE_CUES = ("tagline", "tag line", "tag-line", "poster", "one-sheet", "slogan", "ad line", "ad-line", "the ads")
_RELEASE_CUES = ("release", "opened", "opens", "premiere", "came out", "debut", "arrive", "hits")


def quoted_taglines(text: str, start: int, end: int, lower: str | None = None) -> Iterator[tuple[int, int]]:
    """Spans of the quoted lines a poster, the ads or a tagline carried ("The poster line: '...'")."""
    lower = text.lower() if lower is None else lower
    if not any(lower.find(cue, start, end) >= 0 for cue in _TAGLINE_CUES):
        return
    for match in TAGLINE_QUOTED.finditer(lower, start, end):
        s, e = match.span("text")
        while s < e and text[s] in " *_":
            s += 1
        while e > s and text[e - 1] in " *_":
            e -= 1
        if s < e:
            yield s, e


def runtime_in(text: str, start: int, end: int, lower: str | None = None) -> Iterator[tuple[str, int, int]]:
    """(minutes, start, end) of a plausible whole-film runtime ("runs 98 minutes", "the 136 minutes")."""
    lower = text.lower() if lower is None else lower
    if lower.find("minute", start, end) < 0 and lower.find("h", start, end) < 0:
        return
    for match in MINUTES.finditer(lower, start, end):
        if match.start() > start and (lower[match.start() - 1].isalnum() or lower[match.start() - 1] == "."):
            continue  # "1.5 minutes", "x100 minutes"
        hours = match.group("hours")
        minutes = int(hours) * 60 + int(match.group("more") or 0) if hours else int(match.group("minutes"))
        lead = RUNTIME_LEAD.search(lower, max(start, match.start() - 24), match.start())
        before = lower[max(start, match.start() - 12) : match.start()].rstrip()
        if hours and lead and lead.group().split()[0] in ("at", "the", "a", "an"):
            continue  # "the 2 hours I spent": hours want a running verb or noun before them
        if lead and 60 <= minutes <= 300 and not before.endswith(("first", "last", "final", "opening", "closing")):
            yield str(minutes), lead.start(), match.end()


def years_in(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """ "It came out in 1982", "released in 1991": the year, when the sentence's subject is the film."""
    if text.find(" in ", start, end) < 0 or not any(text.find(cue, start, end) >= 0 for cue in _RELEASE_CUES):
        return
    for match in CAME_OUT.finditer(text, start, end):
        yield match.group("year"), match.start(), match.end()


def release_dates_in(
    text: str, start: int, end: int, lower: str | None = None
) -> Iterator[tuple[re.Match[str], int, int]]:
    """ "Released on 14 February 1991", "opened in New York on 26 November 1942" (matched on `lower`)."""
    lower = text.lower() if lower is None else lower
    if not any(lower.find(cue, start, end) >= 0 for cue in _RELEASE_CUES):
        return
    for match in RELEASED_ON.finditer(lower, start, end):
        yield match, match.start(), match.end()


def owner_years(text: str, start: int, end: int) -> Iterator[tuple[str, str, int, int]]:
    """ "Scott's 1982 science-fiction noir": (owner, year, start, end)."""
    for match in OWNER_YEAR.finditer(text, start, end):
        owner = _OWNER_BEFORE.search(text, max(start, match.start() - 50), match.start())
        if owner:
            yield owner.group("owner"), match.group("year"), owner.start(), match.end("year")


def is_a_phrases(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """(subject, phrase start, phrase end) of "<subject> is a <phrase>" in a sentence."""
    if not _IS_A_CUE.search(text, start, end):
        return
    for match in IS_A.finditer(text, start, end):
        yield match.group("subject").strip(), match.start("phrase"), match.end("phrase")


def is_a_cues(text: str) -> list[int]:
    """Where a document says "... is a", "...'s the" (in order): the sentences `is_a_phrases` may read.

    One search per leading word: a pattern that opens with a literal is scanned for by the regex
    engine's fast search, which `_IS_A_CUE`'s alternation (tried at every space) is not.
    """
    if "\u00a0" in text:
        return [match.start() for match in _IS_A_CUE.finditer(text)]
    return sorted(match.start() for cue in _IS_A_LITERAL_CUES for match in cue.finditer(text))


def countries_in(phrase: str) -> list[str]:
    """Countries named by nationality in an "is a ..." phrase ("an American one", "a French film")."""
    return [NATIONALITIES[m.group("nation").lower()] for m in _NATIONALITY.finditer(phrase)]


def subject_is_film(subject: str, title_forms: list[str]) -> bool:
    """Whether "<subject> is a ..." speaks of the film itself."""
    subject = subject.strip(" \"“”'’*_")
    if re.fullmatch(_SUBJECT, subject):
        return True
    lowered = subject.lower()
    if re.fullmatch(r"(?:the|this|[\w'’.\- ]{2,40}['’]s)(?: [a-z\-]+){0,2} (?:film|feature|movie|picture)", lowered):
        return True  # "Barry Jenkins's second feature is a drama"
    lowered = re.sub(r"\s*\((?:18|19|20)\d\d\)$", "", lowered)  # "Oldboy (2004) is the Korean revenge thriller"
    return any(lowered == form.lower() or lowered.endswith(" " + form.lower()) for form in title_forms)
