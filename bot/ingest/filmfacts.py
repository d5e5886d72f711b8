"""Film facts in prose: year, release date, runtime, genres and country, when a sentence says them of the film.

"It came out in 1982", "opened in New York on 26 November 1942", "the 136
minutes", "it's a crime thriller, an American one": each found in one clean
sentence whose subject is the film (its title, "it", "the film") or, for
"X's 1982 noir", a director the document has already credited.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.ingest import lexicon as lx
from bot.ingest.dates import DATE
from bot.ingest.values import fold_key, genres_in_phrase, occurrences, scan_from

_SP = r"[ \u00a0]"
_YEAR = r"(?P<year>(?:18|19|20)\d\d)"
_SUBJECT = r"(?:[Ii]t|[Tt]he{SP}(?:film|movie|picture)|[Tt]his{SP}(?:film|movie|one))".replace("{SP}", _SP)
CAME_OUT = re.compile(
    rf"(?<![\w-])(?i:came{_SP}out|was{_SP}released|released|opened|premiered|debuted|arrived|was{_SP}made"
    rf"|first{_SP}(?:shown|screened)|hit{_SP}(?:cinemas|theaters|theatres|screens)){_SP}+"
    rf"(?:(?:back|at|in|on|across|the|first|originally|theatrically|widely|finally|quietly|only|[A-Z][\w'’.-]*),?"
    rf"{_SP}+){{0,4}}?"
    rf"in{_SP}+(?:(?i:early|late|mid|the{_SP}(?:spring|summer|autumn|fall|winter){_SP}of|spring|summer|autumn|fall"
    rf"|winter|january|february|march|april|may|june|july|august|september|october|november|december)[ \u00a0,-]+)?"
    rf"{_YEAR}\b"
)
# The year next to the title: "Paper Harbour, from 1987,", "Paper Harbour [1987]" (after it), "1987's" (before it).
_YEAR_AFTER_TITLE = re.compile(
    rf"(?:,{_SP}+from{_SP}+|{_SP}*\[(?=(?:18|19|20)\d\d\]))(?P<year>(?:18|19|20)\d\d)\b\]?"
    # "X, the 1977 romantic comedy"; "X, Lee's third feature, from 1989"
    rf"|,{_SP}+(?:the|a|an){_SP}+(?P<year2>(?:18|19|20)\d\d){_SP}+[a-z]"
    rf"|,{_SP}+[^,.;!?\n()]{{3,60}},{_SP}+from{_SP}+(?P<year3>(?:18|19|20)\d\d)\b"
)
_YEAR_BEFORE_TITLE = re.compile(rf"\b{_YEAR}['’]s{_SP}+$")
# "the 1987 film": a year-named film; the document's only when it names no other so.
_THE_YEAR_FILM = re.compile(rf"[Tt](?<![\w][Tt])he{_SP}+{_YEAR}{_SP}+(?:film|movie|picture)\b")
RELEASED_ON = re.compile(  # run on the lower-cased text
    rf"\b(?:released|opened|opens|open|premiered|premieres|came{_SP}out|debuted|debuts|arrived|arrives"
    rf"|hits{_SP}+(?:theaters|theatres|cinemas)|release{_SP}+date{_SP}+(?:is|was|of))\b"
    rf"(?:[^.;!?]{{0,50}}?\b(?:on{_SP}+|(?<=is{_SP})|(?<=was{_SP})|(?<=of{_SP}))"
    rf"|{_SP}+(?=\d)"  # "it opened 3 July 1985", "(released 20 October 2006, 130 min)"
    # "opened yesterday (Friday 19 December 1997 — ...)", "opened in Canada (4 June 1999, a Friday)"
    rf"|[^.;!?()]{{0,30}}?\((?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?{_SP}+)?)"
    rf"(?P<date>{DATE})"
)
# The date first: "On December 26, 1973, the day after Christmas, Warner Bros. opened a film about ...".
RELEASED_AFTER_DATE = re.compile(  # run on the lower-cased text; a sentence's first word (checked by the caller)
    rf"on{_SP}+(?P<date>{DATE}),?{_SP}+[^;!?\n]{{0,60}}?\b(?:opened|released|premiered)"
    rf"{_SP}+(?:it|the{_SP}+film|a{_SP}+film|the{_SP}+movie|a{_SP}+movie)\b"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s|\n)$")
_HOURS_CUE = re.compile(r"\d[ \u00a0]?(?:h\b|hrs?\b)")  # "2h 10m", "1 hr 24": hours without "hour"
MINUTES = re.compile(
    rf"(?:(?P<hours>[1-4])(?:-|{_SP})?(?:hours?|hrs?\.?|h)(?:,?{_SP}*(?:and{_SP}+)?"
    rf"(?P<more>\d{{1,2}})(?:-|{_SP})?(?:minutes?|mins?\.?|m))?(?![a-z])"
    rf"|(?P<minutes>\d{{2,3}})(?:-|{_SP})minutes?\b)"
)  # "98 minutes", "2 hours and 10 minutes", "2h 10m"
RUNTIME_LEAD = re.compile(  # the words before "N minutes", on the lower-cased text
    rf"\b(?:(?:runs|ran|running|lasts|lasted|it['’]s|it{_SP}(?:is|was)|the{_SP}(?:film|movie|cut){_SP}(?:is|was))"
    rf"{_SP}*:?|clocks{_SP}in{_SP}at|at|the|its|all|whole|entire"
    rf"|an?{_SP}+[a-z]+|a|(?:runtime|running{_SP}time|run{_SP}time|length)(?:{_SP}+(?:is|of|at)|:)?)"
    rf"{_SP}+(?:(?:just|only|lean|brisk|exactly){_SP}+)?$"  # never "about", "nearly", "under": not the runtime
)
# The exact runtime in brackets after a rounded one: "runs just under two hours (113 minutes)".
_BRACKETED_MINUTES = re.compile(rf"\((?P<minutes>\d{{2,3}}){_SP}?(?:minutes|mins?)\.?\)")  # a literal first: fast
_BRACKET_LEAD = re.compile(rf"\b(?:runs|ran|running|runtime|run{_SP}time|lasts|long|hours?)\b[^.!?\n()]{{0,40}}$")
# After "N minutes" when nothing runs before it: "eighty-one minutes long", "115 minutes of perfect movie".
_RUNTIME_TAIL = re.compile(rf"{_SP}+(?:long\b|of{_SP}+(?:[a-z]+{_SP}+)?(?:movie|film|cinema|picture)\b)")
# "137 min" in a listing's parenthesis or between separators ("(released 20 October 2006, 130 min)",
# "Norway · 137 min · drama"): the abbreviation is a listing's, never a sentence's.
_LISTED_MINUTES = re.compile(
    rf"(?:[(,·|•]|{_SP}[–—-]){_SP}*(?P<minutes>\d{{2,3}}){_SP}?mins?\.?(?={_SP}*(?:[)·|•,;]|{_SP}[–—-]|$))",
    re.M,
)
# Runtimes in words: "three hours and twenty-seven minutes", "an hour and forty-two minutes",
# "one hundred and thirteen minutes", "eighty-one minutes".
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_VALUES = {
    **{word: n + 1 for n, word in enumerate(_UNITS)},
    **{word: n + 10 for n, word in enumerate(_TEENS)},
    **{word: 10 * (n + 2) for n, word in enumerate(_TENS)},
}
_BELOW_100 = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-{_SP[1:-1]} ](?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)}|{'|'.join(_UNITS)})"
)
_HOURS_IN_WORDS = "an|one|two|three|four"
MINUTES_IN_WORDS = re.compile(
    rf"\b(?:(?P<hours>{_HOURS_IN_WORDS}){_SP}+hours?(?:,?{_SP}+and{_SP}+(?:(?P<half>a{_SP}+half)"
    rf"|(?P<more>{_BELOW_100}){_SP}+minutes?)|{_SP}+(?P<more2>{_BELOW_100}){_SP}+minutes?)?"
    rf"|(?P<minutes>(?:(?:one|a){_SP}+hundred(?:{_SP}+and)?(?:{_SP}+{_BELOW_100})?)|{_BELOW_100}){_SP}+minutes?)\b"
)
_WORD_CUES = (" hour", " minute")


_FRAGMENT_BEFORE = re.compile(r"(?:^|[.!?][ \u00a0]+|\(\d{1,2}\)[ \u00a0]+)$")
_FRAGMENT_AFTER = re.compile(r"[.!]+(?:\s|$)")


def _fragment(lower: str, start: int, m_start: int, m_end: int) -> bool:
    """Whether a duration is a sentence of its own ("98 minutes.", "Three hours and fourteen minutes!!!"):
    said of the film, as a thread or a diary says it. (Minutes must be in it: "Two hours." may be a queue.)"""
    line_start = lower.rfind("\n", start, m_start) + 1
    before = lower[max(line_start, m_start - 8) : m_start]
    return bool(_FRAGMENT_BEFORE.search(before)) and bool(_FRAGMENT_AFTER.match(lower, m_end))


def _words_durations(lower: str, start: int, end: int) -> list[re.Match[str]]:
    """`MINUTES_IN_WORDS` tried only around " hour"/" minute" after a word ("eighty-one minutes"), not at
    every word of the document: most durations are written in digits."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for unit in _WORD_CUES:
        pos = lower.find(unit, start, end)
        while pos >= 0:
            if pos > start and lower[pos - 1].isalpha():
                for match in MINUTES_IN_WORDS.finditer(lower, max(start, pos - 70), min(end, pos + 70)):
                    if match.start() <= pos < match.end():
                        found.setdefault(match.span(), match)
            pos = lower.find(unit, pos + len(unit), end)
    return [found[span] for span in sorted(found)]


def words_to_number(words: str) -> int:
    """ "one hundred and thirteen" -> 113, "eighty-one" -> 81, "an" -> 1 (as in "an hour")."""
    total = 0
    for word in re.split(r"[\s\u00a0-]+", words):
        if word in ("a", "an"):
            total += 1
        elif word == "hundred":
            total = (total or 1) * 100
        else:
            total += _NUMBER_VALUES.get(word, 0)
    return total


def _runtime_matches(lower: str, start: int, end: int) -> Iterator[tuple[int, bool, int, int]]:
    """(minutes, given in hours, start, end) of every duration written in digits or in words."""
    for match in MINUTES.finditer(lower, start, end):
        if match.start() > start and (lower[match.start() - 1].isalnum() or lower[match.start() - 1] == "."):
            continue  # "1.5 minutes", "x100 minutes"
        hours = match.group("hours")
        minutes = int(hours) * 60 + int(match.group("more") or 0) if hours else int(match.group("minutes"))
        yield minutes, bool(hours), match.start(), match.end()
    for match in _words_durations(lower, start, end):
        hours = match.group("hours")
        if hours:
            more = match.group("more") or match.group("more2")
            minutes = 60 * words_to_number(hours) + (30 if match.group("half") else words_to_number(more or ""))
        else:
            minutes = words_to_number(match.group("minutes"))
        yield minutes, bool(hours), match.start(), match.end()


OWNER_YEAR = re.compile(rf"['’]s?{_SP}+{_YEAR}{_SP}+[A-Za-z\-]+")  # "Ito's 1993 Holocaust drama"
_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Z](?:\.|[\w'’-]*)(?:[ \u00a0][A-Z](?:\.|[\w'’-]*)){0,3})$")
# Sentence adverbs between the verb and the article: "It was also, famously, the first horror film".
_ADVERBS = (
    r"(?:,?[ \u00a0]+(?:also|famously|still|perhaps|arguably|probably|surely|simply|easily|certainly|undoubtedly"
    r"|really|truly|ultimately|above[ \u00a0]+all|at[ \u00a0]+heart),?){0,2}"
)
IS_A = re.compile(
    rf"(?<![^\s,;:(\"“])(?P<subject>[^\s,;:(.!?][^,;:(.!?]{{0,60}}?)(?:['’]s|{_SP}is|{_SP}was|{_SP}remains|{_SP}plays{_SP}as)"
    rf"{_ADVERBS}{_SP}+(?:a|an|the|one{_SP}of{_SP}the){_SP}+(?P<phrase>[^.;:!?]{{3,90}})"
)
_IS_A_TAIL = _ADVERBS + r"[ \u00a0]+(?:an?|the|one[ \u00a0]of[ \u00a0]the)[ \u00a0]"
_IS_A_CUE = re.compile(rf"(?:['’]s|[ \u00a0](?:is|was|remains)){_IS_A_TAIL}")
_IS_A_LITERAL_CUES = tuple(re.compile(lead + _IS_A_TAIL) for lead in (" is", " was", " remains", "'s", "’s"))
# Nationality adjectives and the country each names. No library on the registry reachable here maps
# demonyms to countries (pycountry is absent; country-converter has names, not adjectives, and needs pandas).
NATIONALITIES = {
    "american": "United States",
    "us": "United States",
    "u.s.": "United States",
    "hollywood": "United States",
    "british": "United Kingdom",
    "english": "United Kingdom",
    "scottish": "United Kingdom",
    "welsh": "United Kingdom",
    "anglo": "United Kingdom",
    "french": "France",
    "franco": "France",
    "german": "Germany",
    "west german": "West Germany",
    "east german": "East Germany",
    "italian": "Italy",
    "italo": "Italy",
    "spanish": "Spain",
    "portuguese": "Portugal",
    "japanese": "Japan",
    "south korean": "South Korea",
    "korean": "South Korea",
    "north korean": "North Korea",
    "chinese": "China",
    "sino": "China",
    "taiwanese": "Taiwan",
    "hong kong": "Hong Kong",
    "indian": "India",
    "bollywood": "India",
    "pakistani": "Pakistan",
    "bangladeshi": "Bangladesh",
    "sri lankan": "Sri Lanka",
    "thai": "Thailand",
    "vietnamese": "Vietnam",
    "filipino": "Philippines",
    "indonesian": "Indonesia",
    "malaysian": "Malaysia",
    "singaporean": "Singapore",
    "irish": "Ireland",
    "canadian": "Canada",
    "quebecois": "Canada",
    "australian": "Australia",
    "new zealand": "New Zealand",
    "mexican": "Mexico",
    "brazilian": "Brazil",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "chilean": "Chile",
    "colombian": "Colombia",
    "peruvian": "Peru",
    "cuban": "Cuba",
    "venezuelan": "Venezuela",
    "uruguayan": "Uruguay",
    "swedish": "Sweden",
    "danish": "Denmark",
    "norwegian": "Norway",
    "finnish": "Finland",
    "icelandic": "Iceland",
    "dutch": "Netherlands",
    "belgian": "Belgium",
    "swiss": "Switzerland",
    "austrian": "Austria",
    "polish": "Poland",
    "czech": "Czech Republic",
    "czechoslovak": "Czechoslovakia",
    "slovak": "Slovakia",
    "hungarian": "Hungary",
    "romanian": "Romania",
    "bulgarian": "Bulgaria",
    "greek": "Greece",
    "turkish": "Turkey",
    "russian": "Russia",
    "soviet": "Soviet Union",
    "ukrainian": "Ukraine",
    "georgian": "Georgia",
    "serbian": "Serbia",
    "croatian": "Croatia",
    "bosnian": "Bosnia and Herzegovina",
    "slovenian": "Slovenia",
    "yugoslav": "Yugoslavia",
    "estonian": "Estonia",
    "latvian": "Latvia",
    "lithuanian": "Lithuania",
    "iranian": "Iran",
    "persian": "Iran",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "palestinian": "Palestine",
    "lebanese": "Lebanon",
    "syrian": "Syria",
    "jordanian": "Jordan",
    "saudi": "Saudi Arabia",
    "egyptian": "Egypt",
    "moroccan": "Morocco",
    "algerian": "Algeria",
    "tunisian": "Tunisia",
    "senegalese": "Senegal",
    "nigerian": "Nigeria",
    "nollywood": "Nigeria",
    "ghanaian": "Ghana",
    "kenyan": "Kenya",
    "ethiopian": "Ethiopia",
    "south african": "South Africa",
    "malian": "Mali",
    "afghan": "Afghanistan",
    "kazakh": "Kazakhstan",
    "mongolian": "Mongolia",
}
_NATION_ALTERNATION = "|".join(
    sorted(
        (re.escape(k.title()) if k not in ("us", "u.s.") else re.escape(k.upper()) for k in NATIONALITIES),
        key=len,
        reverse=True,
    )
)
# Nouns that make a nationality the film's: "a French film", "an Italian western", "a Korean revenge thriller".
_FILM_HEADS = (
    r"film|movie|picture|production|co-production|coproduction|one|feature|drama|thriller|comedy|western|noir"
    r"|neo-noir|horror|musical|romance|melodrama|epic|documentary|classic|animation|satire|fable|tale|story"
    r"|procedural|noir|fantasy|adventure|mystery|saga|debut|entry|export|import|crime[ \u00a0]drama"
)
# Nouns after the head that make it someone's ("a French film critic"): then no country is read.
_NOT_THE_FILM = re.compile(
    r"[ \u00a0]+(?:critics?|directors?|stars?(?![ \u00a0]+[A-Z])|actors?|actress(?:es)?|fans?|festivals?|buffs?"
    r"|industry|makers?"
    r"|filmmakers?|crews?|producers?|distributors?|school|history|tradition|scene|market|audiences?|world|circles?"
    r"|culture|lovers?|writers?|posters?|rights|remake|version|dub|release|programme|program|season|retrospective"
    r"|cinema|canon|wave|studios?|tv|television|series|novel|novels|book|play|legend|icon|veteran)\b"
)
_NATIONALITY = re.compile(
    rf"(?<![\w-])(?P<nations>(?:{_NATION_ALTERNATION})(?:-(?:{_NATION_ALTERNATION}))*)"
    rf"(?=[ \u00a0](?:[a-z\-]+[ \u00a0]){{0,3}}?(?:{_FILM_HEADS})\b)",
    re.IGNORECASE,
)
_NATION_PART = re.compile(rf"(?:{_NATION_ALTERNATION})", re.IGNORECASE)
# Countries by name before a production: "a Taiwan–Hong Kong–China–US co-production", "a Denmark/Sweden production".
_COUNTRY_BY_NAME = {name.lower(): name for name in NATIONALITIES.values()} | {
    "usa": "United States",
    "us": "United States",
    "u.s.": "United States",
    "u.s.a.": "United States",
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
}
_NAME_ALTERNATION = "|".join(sorted((re.escape(name) for name in _COUNTRY_BY_NAME), key=len, reverse=True))
_NAMED_PRODUCTION = re.compile(
    rf"(?<![\w-])(?P<nations>(?:{_NAME_ALTERNATION})(?:[ \u00a0]?[-–—/][ \u00a0]?(?:{_NAME_ALTERNATION}))*)"
    rf"[ \u00a0]+(?:co-?production|production)\b",
    re.IGNORECASE,
)
_NAME_PART = re.compile(rf"(?<![\w-])(?:{_NAME_ALTERNATION})(?![\w-])", re.IGNORECASE)


TAGLINE_QUOTED = re.compile(  # run on the lower-cased text
    r"(?:t(?<![\w]t)(?:ag[ -]?line|he[ \u00a0]+ads)|p(?<![\w]p)oster(?:s|['’]s)?(?:[ \u00a0]+line)?"
    r"|o(?<![\w]o)ne-sheet|s(?<![\w]s)logan|a(?<![\w]a)d[ -]line|m(?<![\w]m)arketing[ \u00a0]+line)"
    r"\b[^“\"\n]{0,40}[“\"](?P<text>[^”\"\n]{3,160}?)[”\"]"
)


_TAGLINE_CUES = ("tagline", "tag line", "tag-line", "poster", "one-sheet", "slogan", "ad line", "ad-line", "the ads")
_RELEASE_CUES = ("release", "open", "premiere", "came out", "debut", "arrive", "hits")
_YEAR_CUES = (*_RELEASE_CUES, "was made", "first shown", "first screened", "hit ")


def quoted_taglines(text: str, start: int, end: int, lower: str | None = None) -> Iterator[tuple[int, int]]:
    """Spans of the quoted lines a poster, the ads or a tagline carried ("The poster line: '...'")."""
    lower = text.lower() if lower is None else lower
    if lower.find('"', start, end) < 0 and lower.find("“", start, end) < 0:
        return  # nothing quoted: two searches, where the cues are nine
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
    if (
        lower.find("min", start, end) < 0
        and lower.find("hour", start, end) < 0
        and not _HOURS_CUE.search(lower, start, end)
    ):
        return
    found: list[tuple[int, int, str]] = []
    for minutes, hours, m_start, m_end in _runtime_matches(lower, start, end):
        lead = RUNTIME_LEAD.search(lower, max(start, m_start - 24), m_start)
        before = lower[max(start, m_start - 12) : m_start].rstrip()
        if hours and lead and lead.group().split()[0] in ("at", "the", "a", "an"):
            continue  # "the 2 hours I spent": hours want a running verb or noun before them
        if not 60 <= minutes <= 300 or before.endswith(("first", "last", "final", "opening", "closing")):
            continue
        tail = None if lead or hours else _RUNTIME_TAIL.match(lower, m_end)  # "eighty-one minutes long"
        if lead:
            found.append((lead.start(), m_end, str(minutes)))
        elif tail:
            found.append((m_start, tail.end(), str(minutes)))
        elif _fragment(lower, start, m_start, m_end) and "min" in lower[m_start:m_end]:
            found.append((m_start, m_end, str(minutes)))  # "It is SO long. Three hours and fourteen minutes!!!"
    if lower.find("min", start, end) >= 0:
        pos = lower.find("min", start, end)
        while pos >= 0:  # tried around each "min" only: the pattern opens with commas and brackets, found everywhere
            match = _LISTED_MINUTES.search(lower, max(start, pos - 12), min(end, pos + 16))
            if match and match.start("minutes") < pos < match.end() and 60 <= int(match.group("minutes")) <= 300:
                found.append((match.start("minutes"), match.end(), match.group("minutes")))
            pos = lower.find("min", pos + 3, end)
        if "(" in lower:
            for match in _BRACKETED_MINUTES.finditer(lower, start, end):
                lead = _BRACKET_LEAD.search(lower, max(start, match.start() - 60), match.start())
                if lead and 60 <= int(match.group("minutes")) <= 300:
                    found.append((lead.start(), match.end(), match.group("minutes")))
    seen: set[int] = set()
    for found_start, found_end, value in sorted(found):
        if found_end not in seen:
            seen.add(found_end)
            yield value, found_start, found_end


def years_in(
    text: str, start: int, end: int, title_forms: list[str] | None = None, lower: str | None = None
) -> Iterator[tuple[str, int, int]]:
    """The film's year said in prose, in document order: "It came out in 1982", "Released in March 1991",
    "premiered at Cannes in 1987", "Title, from 1987", "1987's Title", "Title [1987]", "the 1987 film".

    Not a restoration, a re-release or a setting ("set in 1937").
    """
    lower = text.lower() if lower is None else lower
    found: list[tuple[str, int, int]] = []
    if lower.find(" in ", start, end) >= 0 and any(lower.find(cue, start, end) >= 0 for cue in _YEAR_CUES):
        found += [(m.group("year"), m.start(), m.end()) for m in CAME_OUT.finditer(text, start, end)]
    forms = list(title_forms or ())
    forms += [form.upper() for form in forms if form.upper() != form]  # "ANNIE HALL, the 1977 comedy"
    for form in forms:
        for pos in occurrences(text, form, start):
            if pos >= end:
                break
            after = _YEAR_AFTER_TITLE.match(text, pos + len(form), end)
            before = _YEAR_BEFORE_TITLE.search(text, max(start, pos - 8), pos)
            for hit in (after, before):
                year = hit and (hit.groupdict().get("year") or hit.groupdict().get("year2") or hit.group("year3"))
                if hit and year:
                    found.append((year, min(pos, hit.start()), max(pos + len(form), hit.end())))
    year_films = list(_THE_YEAR_FILM.finditer(text, start, end))
    if len({m.group("year") for m in year_films}) == 1:
        found.append((year_films[0].group("year"), *year_films[0].span()))
    yield from sorted(found, key=lambda item: item[1])


def release_dates_in(
    text: str, start: int, end: int, lower: str | None = None
) -> Iterator[tuple[re.Match[str], int, int]]:
    """ "Released on 14 February 1991", "opened in New York on 26 November 1942" (matched on `lower`)."""
    lower = text.lower() if lower is None else lower
    if not any(lower.find(cue, start, end) >= 0 for cue in _RELEASE_CUES):
        return
    for match in scan_from(RELEASED_ON, lower, _RELEASE_VERBS, start, end):
        yield match, match.start(), match.end()
    if "on " in lower and ("opened" in lower or "released" in lower or "premiered" in lower):
        for match in scan_from(RELEASED_AFTER_DATE, lower, ("on ", "on\u00a0"), start, end):  # tried from "on"
            if _SENTENCE_START.search(lower, max(0, match.start() - 2), match.start()):
                yield match, match.start(), match.end()


_RELEASE_VERBS = ("release", "open", "premiere", "came", "debut", "arrive", "hits")  # how RELEASED_ON can start


def owner_years(text: str, start: int, end: int) -> Iterator[tuple[str, str, int, int]]:
    """ "Scott's 1982 science-fiction noir": (owner, year, start, end)."""
    for match in scan_from(OWNER_YEAR, text, ("'", "’"), start, end):
        owner = _OWNER_BEFORE.search(text, max(start, match.start() - 50), match.start())
        if owner:
            yield owner.group("owner"), match.group("year"), owner.start(), match.end("year")


_YEAR_CLOSE = re.compile(r"(?:18|19|20)\d\d\)")


def is_a_phrases(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """(subject, phrase start, phrase end) of "<subject> is a <phrase>" in a sentence."""
    if not _IS_A_CUE.search(text, start, end):
        return
    for match in IS_A.finditer(text, start, end):
        subject = match.group("subject").strip()
        if _YEAR_CLOSE.fullmatch(subject):  # "Oldboy (2004) is the ...": the subject is the title before the year
            subject = text[max(start, match.start() - 80) : match.end("subject")].strip()
        yield subject, match.start("phrase"), match.end("phrase")


def is_a_cues(text: str) -> list[int]:
    """Where a document says "... is a", "...'s the" (in order): the sentences `is_a_phrases` may read.

    One search per leading word: a pattern that opens with a literal is scanned for by the regex
    engine's fast search, which `_IS_A_CUE`'s alternation (tried at every space) is not.
    """
    if "\u00a0" in text:
        return [match.start() for match in _IS_A_CUE.finditer(text)]
    return sorted(match.start() for cue in _IS_A_LITERAL_CUES for match in cue.finditer(text))


def countries_in(phrase: str) -> list[str]:
    """Countries named by nationality in a phrase describing the film ("an American one", "a French film",
    "this French-Belgian co-production", "a South Korean revenge thriller"); none for "a French film critic"."""
    found: list[str] = []
    for match in _NATIONALITY.finditer(phrase):
        if not match.group("nations")[:1].isupper():
            continue  # "us" the pronoun, "english" the language lesson
        head = re.compile(rf"[ \u00a0](?:[a-z\-]+[ \u00a0]){{0,3}}?(?:{_FILM_HEADS})\b").match(phrase, match.end())
        if head and _NOT_THE_FILM.match(phrase, head.end()):
            continue
        for part in _NATION_PART.findall(match.group("nations")):
            country = NATIONALITIES[part.lower()]
            if country not in found:
                found.append(country)
    if "production" in phrase:
        for match in _NAMED_PRODUCTION.finditer(phrase):
            for part in _NAME_PART.findall(match.group("nations")):
                if part[:1].isupper() and _COUNTRY_BY_NAME[part.lower()] not in found:
                    found.append(_COUNTRY_BY_NAME[part.lower()])
    return found


_DET_THIS = r"(?:[Tt]his|[Tt]hat)"
_DESCRIPTION = r"(?P<np>(?:[\w'’-]+[ \u00a0]+){0,4}[\w'’-]+)"
# "this Korean thriller", "this horror film": the document's film, named by what it is.
# (The look-behind follows the first letter, so the search can skip to a "T" or "t" without trying the rest.)
_THIS_FILM_NP = re.compile(rf"[Tt](?<![\w'’][Tt])h(?:is|at)[ \u00a0]+{_DESCRIPTION}")
# "Jonathan Reed's thriller", "Reed's 1993 war drama", "Reed's second feature": by one of its directors.
_OWNER_NP = re.compile(
    r"(?P<owner>[A-Z](?:\.|[\w-]*)(?:[ \u00a0][A-Z](?:\.|[\w-]*)){0,3})['’]s?[ \u00a0]+"
    r"(?:(?:18|19|20)\d\d[ \u00a0]+"
    r"|(?:first|second|third|fourth|fifth|new|latest|last|debut|breakout|final)[ \u00a0]+)?" + _DESCRIPTION
)
# "Her, a science-fiction romance", "With 'Her,' a romance": the title and an apposition.
_APPOSITION_NP = re.compile(r"[\"”’']?,[\"”’']?[ \u00a0]+(?:a|an|the)[ \u00a0]+" + _DESCRIPTION)
# "It", "the film" as a whole word. (The look-behind follows the first letter, so the search can skip to an
# "I" or a "T" without trying the rest: most documents pass these patterns' cue tests.)
_IT_OR_THE_FILM = r"[IiTt](?<![\w][IiTt])(?:(?<=[Ii])t|(?<=[Tt])he[ \u00a0]+(?:film|movie))"
# "it's close to perfect, a wartime romance": the film, then an apposition.
_IT_APPOSITION = re.compile(
    rf"{_IT_OR_THE_FILM}(?:['’]s|[ \u00a0]+is|[ \u00a0]+was|[ \u00a0]+remains)\b"
    rf"[^.;:!?]{{0,60}}?,"
    rf"[ \u00a0]+(?:a|an)[ \u00a0]+{_DESCRIPTION}"
)
# "Verdict: a great summer adventure movie", "Grade: A — a horror film with ...".
_VERDICT_NP = re.compile(
    r"(?im)^[ \t*_#>]*(?:verdict|the[ \t]+verdict|grade|rating|score|in[ \t]+short|bottom[ \t]+line|summary|tl;?dr)"
    r"\b[^\n.]{0,16}?[:—–-][ \t*_]*(?:[A-F][+-]?[ \t]*[—–-][ \t]*)?(?:a|an)[ \t]+" + _DESCRIPTION
)


# "A slow-burning Swedish drama, it rewards patience", "As a musical, it soars".
_OPENING_APPOSITION = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:As[ \u00a0]+)?(?:A|An)[ \u00a0]+"
    + _DESCRIPTION
    + r"(?=,[ \u00a0]+(?:it|this|the[ \u00a0]+(?:film|movie))\b)"
)
# "It plays like a pulp mystery", "the film works as a noir".
_PLAYS_AS = re.compile(
    rf"{_IT_OR_THE_FILM}[ \u00a0]+(?:plays|played|works|worked|functions|unfolds|runs)"
    r"[ \u00a0]+(?:as|like)[ \u00a0]+(?:a|an)[ \u00a0]+" + _DESCRIPTION
)
# "Part comedy, part horror": each part.
_PART_GENRE = re.compile(r"[Pp](?<!\w[Pp])art[ \u00a0]+" + _DESCRIPTION)
# "This is science fiction at its most human", "It's pure horror": a genre without an article.
_IT_IS_GENRE = re.compile(
    r"[IiTt](?<![\w][IiTt])(?:(?<=[Ii])t|(?<=[Tt])his|(?<=[Tt])he[ \u00a0]+(?:film|movie))"  # the first letter first
    r"(?:['’]s|[ \u00a0]+is|[ \u00a0]+was)[ \u00a0]+"
    r"(?:pure|classic|vintage|prime|full-blown|straight|old-school|textbook)?[ \u00a0]*"
    r"(?P<np>science[ \u00a0-]fiction|sci-fi|horror|noir|neo-noir|melodrama|slapstick|satire)\b"
)
# "The thriller stars ...", "The western opens on ...": a count-noun genre as the sentence's subject is the film.
_GENRE_SUBJECT = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:The|This)[ \u00a0]+(?P<np>(?:[a-z-]+[ \u00a0]+){0,2}?"
    r"(?:thriller|western|comedy|musical|drama|melodrama|documentary|biopic|noir|neo-noir|romcom|rom-com|whodunit"
    r"|procedural|satire|slasher|heist[ \u00a0]+movie|war[ \u00a0]+film))[ \u00a0]+"
    r"(?=(?:stars|starred|follows|followed|opens|opened|centres|centers|tells|told|unfolds|begins|ends|is[ \u00a0]+set"
    r"|was[ \u00a0]+shot|features|runs|ran|casts|plays)\b)"
)
# "Lind made a drama of grief": the director and what they made.
_MADE_A = re.compile(
    r"(?P<maker>[A-Z](?:\.|[\w-]*)(?:[ \u00a0][A-Z](?:\.|[\w-]*)){0,3})[ \u00a0]+(?:has[ \u00a0]+)?"
    r"(?:made|makes|directed|directs|delivers|delivered|crafted|crafts|turned[ \u00a0]+in)[ \u00a0]+(?:a|an)[ \u00a0]+"
    + _DESCRIPTION
)


_Cue = re.Pattern[str] | tuple[str, ...]
# What each pattern cannot match without: literals (one of them must occur) or a search that starts with a
# literal; a list of them, each must hold (the literals first: a substring test costs far less than a search).
_CUES: dict[re.Pattern[str], _Cue | list[_Cue]] = {
    _OWNER_NP: ("'", "’"),
    _IT_APPOSITION: re.compile(r",[ \u00a0]+an?[ \u00a0]"),
    _OPENING_APPOSITION: re.compile(r"A[^.!?\n,]{0,200},[ \u00a0]+(?:it|this|the[ \u00a0]+(?:film|movie))\b"),
    _PLAYS_AS: [
        ("plays", "played", "works", "worked", "functions", "unfolds", "runs"),
        re.compile(r"[ \u00a0](?:as|like)[ \u00a0]+an?[ \u00a0]"),
    ],
    _PART_GENRE: ("art ", "art\u00a0"),
    _IT_IS_GENRE: ("cience", "ci-fi", "orror", "oir", "elodrama", "lapstick", "atire"),  # either case of the first
    _GENRE_SUBJECT: re.compile(
        r"Th(?:e|is)[ \u00a0]+(?:[a-z-]+[ \u00a0]+){0,2}?(?:thriller|western|comedy|musical|drama|melodrama|documentary"
        r"|biopic|noir|neo-noir|romcom|rom-com|whodunit|procedural|satire|slasher|heist|war)"
    ),
    _MADE_A: ("made", "makes", "direct", "deliver", "craft", "turned"),
}


def _has_cue(text: str, pattern: re.Pattern[str]) -> bool:
    cues = _CUES.get(pattern)
    if cues is None:
        return True
    return all(_holds(text, cue) for cue in cues) if isinstance(cues, list) else _holds(text, cues)


def _holds(text: str, cue: _Cue) -> bool:
    if isinstance(cue, tuple):
        return any(literal in text for literal in cue)
    return cue.search(text) is not None


_HEADLINE_DETERMINER = re.compile(r"(?<![\w'’])(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Oo]ne)[ \u00a0]+")
_NP = re.compile(_DESCRIPTION)


def headline_descriptions(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Descriptions in the headline at [start, end) ("... — a sci-fi horror masterpiece", "the Superhero Film to
    Beat"): a headline speaks of the document's film."""
    for determiner in _HEADLINE_DETERMINER.finditer(text, start, end):
        match = _NP.match(text, determiner.end(), end)
        if match:
            yield _head_span(text, match)


def description_spans(text: str, title_forms: list[str], directors: set[str]) -> Iterator[tuple[int, int]]:
    """Spans of noun phrases that say what the document's film is ("this Korean thriller", "Reed's war drama",
    "Her, a science-fiction romance", "it's close to perfect, a wartime romance").

    `directors` are the folded names of the film's directors: "X's thriller" is
    this film only when X directed it (a full name or its surname). Each span
    ends at the phrase's head noun: a genre or a film noun; a phrase whose head
    is something else ("this drama of grief" is kept, "this horror is" is not
    a description) gives nothing, see `genres_of`.
    """
    surnames = {d.split()[-1] for d in directors if d}
    for match in scan_from(_THIS_FILM_NP, text, ("this", "This", "that", "That")):
        yield _head_span(text, match)
    # "X's thriller" only for a director X
    for match in _OWNER_NP.finditer(text) if directors and _has_cue(text, _OWNER_NP) else ():
        owner = fold_key(match.group("owner"))
        if owner and (owner in directors or owner.split()[-1] in surnames):
            yield _head_span(text, match)
    for form in [*title_forms, "The film", "The movie", "the film", "the movie"]:
        if not form:
            continue
        for pos in occurrences(text, form):  # no regex compiled per title
            apposition = _APPOSITION_NP.match(text, pos + len(form))
            if apposition:
                yield _head_span(text, apposition)
    for pattern in (_IT_APPOSITION, _VERDICT_NP, _OPENING_APPOSITION, _PLAYS_AS, _PART_GENRE):
        if not _has_cue(text, pattern):
            continue  # the cheap test most documents fail: the pattern cannot match without its cue
        for match in pattern.finditer(text):
            yield _head_span(text, match)
    for pattern in (_IT_IS_GENRE, _GENRE_SUBJECT):
        if not _has_cue(text, pattern):
            continue
        for match in pattern.finditer(text):
            yield match.span("np")
    for match in _MADE_A.finditer(text) if _has_cue(text, _MADE_A) else ():
        maker = fold_key(match.group("maker"))
        if maker in directors or maker.split()[-1] in surnames:
            yield _head_span(text, match)


_STOP_WORD = re.compile(
    r"(?i)^(?:that|which|who|whom|about|from|set|with|where|following|based|starring|directed|in|of|by|for|as"
    r"|like|than|but|not|rather|to|into|on|at|and|or|is|was|are|were|has|had|he|she|they|it|its|his|her|their"
    r"|i|we|you|told|shot|made|written|runs|ran|plays|played|opens|opened|still|now|ever|there|here|this|the|a|an)$"
)
_HEADS = re.compile(
    rf"(?i)^(?:{_FILM_HEADS}|sci-fi|science-fiction|fiction|biopic|slasher|heist|spy|superhero|war|crime|whodunn?it"
    r"|rom-?com|tearjerker|swashbuckler|satire|procedural|chiller|shocker|weepie|caper|parody|spoof)$"
)


def _head_span(text: str, match: re.Match[str]) -> tuple[int, int]:
    return head_of(text, match.start("np"), match.end("np"))


def head_of(text: str, start: int, end: int) -> tuple[int, int]:
    """A description up to its head noun: the last genre or film noun before a function word or punctuation
    ("war film never lets up" -> "war film"); without one, up to that word."""
    pos, stop, head = start, start, None
    for word in re.finditer(r"[\w'’-]+", text[start:end]):
        if _STOP_WORD.match(word.group()) or text[pos : start + word.start()].strip(" \u00a0"):
            break  # a function word, or punctuation between words
        stop = pos = start + word.end()
        if _HEADS.match(_singular(word.group())):
            head = stop
    return start, head if head is not None else stop


def genres_of(text: str, start: int, end: int) -> list[str]:
    """Genres of a description whose last word is its head, a genre or film noun ("a Holocaust drama")."""
    words = [_singular(word) for word in text[start:end].split()]
    if not words or not _HEADS.match(words[-1]):
        return []
    if end < len(text) and _NOT_THE_FILM.match(text, end):
        return []
    found: list[str] = []
    for word in words:
        found.extend(PROSE_GENRES.get(word.lower(), ()))
    found.extend(genres_in_phrase(" ".join(words)))
    return list(dict.fromkeys(found))


# Genre words of prose the header lexicon lacks, each with the genres it names.
PROSE_GENRES: dict[str, tuple[str, ...]] = {
    "gangster": ("Crime",),
    "mob": ("Crime",),
    "mafia": ("Crime",),
    "rom-com": ("Romance", "Comedy"),
    "romcom": ("Romance", "Comedy"),
    "whodunit": ("Mystery",),
    "whodunnit": ("Mystery",),
    "detective": ("Detective",),
    "screwball": ("Comedy",),
    "slapstick": ("Comedy",),
    "swashbuckler": ("Adventure",),
    "space-opera": ("Science Fiction",),
    "kung-fu": ("Martial Arts",),
    "wuxia": ("Martial Arts",),
    "tearjerker": ("Drama",),
    "sword-and-sandal": ("Epic",),
}
_PLURALS = {
    "comedies": "comedy",
    "mysteries": "mystery",
    "documentaries": "documentary",
    "fantasies": "fantasy",
    "biopics": "biopic",
    "horrors": "horror",
    "westerns": "western",
    "dramas": "drama",
    "melodramas": "melodrama",
    "musicals": "musical",
    "romances": "romance",
    "noirs": "noir",
    "neo-noirs": "neo-noir",
    "satires": "satire",
    "epics": "epic",
    "films": "film",
    "movies": "movie",
    "pictures": "picture",
    "stories": "story",
    "tales": "tale",
    "thrillers": "thriller",
    "whodunits": "whodunit",
    "rom-coms": "rom-com",
}


def _singular(word: str) -> str:
    return _PLURALS.get(word.lower(), word)


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


# --- a facts line under the title: "2003 · Directed by Ana Lopez", "Germany · 137 min · drama / thriller" ---
_FACT_SEPARATOR = re.compile(r"[ \t]+[·|•][ \t]+")
_BARE_YEAR = re.compile(r"(?:18|19|20)\d\d")
_BARE_RUNTIME = re.compile(
    r"(?P<minutes>\d{2,3})[ \u00a0]?(?:min|mins|minutes)\.?"
    r"|(?P<h>[1-4])[ \u00a0]?h(?:rs?)?[ \u00a0]?(?P<m>\d{1,2})[ \u00a0]?m(?:in)?"
)
_TRAILING_YEAR = re.compile(r"[ \t]+(?P<year>(?:18|19|20)\d\d)$")
_LISTED_CREDIT = re.compile(
    r"(?i)(?:(?:written[ \t]+and[ \t]+)?directed[ \t]+by|dir\.|written[ \t]+by|starring|rated[ \t]+\S+"
    r"|(?:G|PG|PG-13|R|NC-17|U|12A?|15|18|NR)$)"
)
_PIECES = re.compile(r"[ \t]*(?:,|/|&|\band\b|[–—-](?=[A-Z]))[ \t]*")


def facts_line(text: str, start: int, end: int) -> list[tuple[str, str, int, int]]:
    """(field, value, start, end) of each fact in a line of facts between separators, as listings and blogs
    set one under the title. Such a line has two parts or more that are facts (a bare year, a running time,
    countries, genres, a "Directed by" credit); a byline ("Posted by A · 2 March · 5 min read") has none.
    Fields: "year", "runtime", "country", "genre"."""
    line = text[start:end]
    if len(line) > 240 or not _FACT_SEPARATOR.search(line):
        return []
    found: list[tuple[str, str, int, int]] = []
    known = 0
    position = start
    for part in _FACT_SEPARATOR.split(line):
        s = text.find(part, position, end)
        position = s + len(part)
        raw = part.strip(" \t*_")
        s += part.find(raw)
        e = s + len(raw)
        if not raw:
            continue
        runtime = _BARE_RUNTIME.fullmatch(raw)
        dated = _TRAILING_YEAR.search(raw)  # "Japan/France 1985": the countries, then the year
        if dated is not None and dated.start() > 0:
            countries = [p for p in _PIECES.split(raw[: dated.start()]) if p]
            if all(p.lower() in _COUNTRY_BY_NAME for p in countries):
                found.append(("year", dated.group("year"), s + dated.start("year"), s + dated.end("year")))
                found += [("country", _COUNTRY_BY_NAME[p.lower()], s, s + dated.start()) for p in countries]
                known += 1
                continue
        pieces = [p for p in _PIECES.split(raw) if p]
        if _BARE_YEAR.fullmatch(raw):
            found.append(("year", raw, s, e))
        elif runtime:
            hours = runtime.group("h")
            minutes = int(runtime.group("minutes") or 0) + (60 * int(hours) + int(runtime.group("m")) if hours else 0)
            if not 20 <= minutes <= 600:
                continue
            found.append(("runtime", str(minutes), s, e))
        elif pieces and all(p.lower() in _COUNTRY_BY_NAME for p in pieces):
            found += [("country", _COUNTRY_BY_NAME[p.lower()], s, e) for p in pieces]
        elif pieces and all(genres_in_phrase(p) and len(p.split()) <= 2 for p in pieces):
            found += [("genre", genre, s, e) for p in pieces for genre in genres_in_phrase(p)]
        elif _LISTED_CREDIT.match(raw):
            known += 1
            continue
        else:
            continue
        known += 1
    return found if known >= 2 else []


# --- a post's tags: "Tags: neo-noir, 1970s, Los Angeles", "Filed under: thriller, crime" ---
_TAGS_LINE = re.compile(
    r"(?im)^[ \t*_>]*(?:tags|tagged|tagged[ \t]+as|filed[ \t]+under|categories|category)[ \t]*[:(\[][ \t]*"
    r"\[?(?P<tags>[^\n\]]{1,200})"
)
_TAG_SPLIT = re.compile(r"[ \t]*[,;|·#][ \t]*")


def tag_genres(text: str, lower: str | None = None) -> list[tuple[str, int, int]]:
    """(genre, start, end) of each tag that is a genre and nothing else ("neo-noir", "sci-fi"); a tag
    that merely holds one ("mob-movies", "horror-fans") is the blogger's, not a genre."""
    lower = text.lower() if lower is None else lower
    if not any(cue in lower for cue in ("tag", "filed under", "categor")):
        return []
    found: list[tuple[str, int, int]] = []
    for line in _TAGS_LINE.finditer(text):
        position = line.start("tags")
        for tag in _TAG_SPLIT.split(line.group("tags")):
            start = text.find(tag, position, line.end())
            position = start + len(tag)
            key = tag.strip(" \t*_)]").lower()
            if key in lx.GENRE_WORDS and key not in lx.GENRE_ADJECTIVES:
                found.append((lx.GENRE_WORDS[key], start, start + len(key)))
    return found


_COUNTRY_POSSESSIVE = re.compile(
    rf"(?<![\w-])(?P<country>{_NAME_ALTERNATION})['’]s[ \u00a0]+[\"“‘'*_ ]*$",  # "Mexico's 'X'", "Japan's X"
    re.IGNORECASE,
)


def country_before_title(text: str, title_forms: list[str]) -> Iterator[tuple[str, int, int]]:
    """(country, start, end) where a country owns the title ("Mexico's 'Paper Harbour' wakes up Cannes")."""
    if "'s" not in text and "’s" not in text:
        return
    for form in title_forms:
        for pos in occurrences(text, form):
            found = _COUNTRY_POSSESSIVE.search(text, max(0, pos - 40), pos)
            if found and found.group("country")[:1].isupper():
                yield _COUNTRY_BY_NAME[found.group("country").lower()], found.start(), pos + len(form)
