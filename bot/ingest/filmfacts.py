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
_YEAR_AFTER_TITLE = re.compile(rf"(?:,{_SP}+from{_SP}+|{_SP}*\[(?=(?:18|19|20)\d\d\]))(?P<year>(?:18|19|20)\d\d)\b\]?")
_YEAR_BEFORE_TITLE = re.compile(rf"\b{_YEAR}['’]s{_SP}+$")
# "the 1987 film": a year-named film; the document's only when it names no other so.
_THE_YEAR_FILM = re.compile(rf"[Tt](?<![\w][Tt])he{_SP}+{_YEAR}{_SP}+(?:film|movie|picture)\b")
RELEASED_ON = re.compile(  # run on the lower-cased text
    rf"(?:r(?<![\w]r)(?:eleased|elease{_SP}+date{_SP}+(?:is|was|of))|o(?<![\w]o)(?:pened|pens)"
    rf"|p(?<![\w]p)(?:remiered|remieres)|c(?<![\w]c)ame{_SP}out|d(?<![\w]d)(?:ebuted|ebuts)"
    rf"|a(?<![\w]a)(?:rrived|rrives)|h(?<![\w]h)its{_SP}+(?:theaters|theatres|cinemas))\b[^.;!?]{{0,50}}?"
    rf"\b(?:on{_SP}+|(?<=is{_SP})|(?<=was{_SP})|(?<=of{_SP}))(?P<date>{DATE})"
)
_HOURS_CUE = re.compile(r"\d[ \u00a0]?(?:h\b|hrs?\b)")  # "2h 10m", "1 hr 24": hours without "hour"
MINUTES = re.compile(
    rf"(?:(?P<hours>[1-4])(?:-|{_SP})?(?:hours?|hrs?\.?|h)(?:,?{_SP}*(?:and{_SP}+)?"
    rf"(?P<more>\d{{1,2}})(?:-|{_SP})?(?:minutes?|mins?\.?|m))?(?![a-z])"
    rf"|(?P<minutes>\d{{2,3}})(?:-|{_SP})minutes?\b)"
)  # "98 minutes", "2 hours and 10 minutes", "2h 10m"
RUNTIME_LEAD = re.compile(  # the words before "N minutes", on the lower-cased text
    rf"\b(?:runs|running|lasts|clocks{_SP}in{_SP}at|at|the|its|all|whole|entire|an?{_SP}+[a-z]+|a"
    rf"|(?:runtime|running{_SP}time|run{_SP}time|length)(?:{_SP}+(?:is|of|at)|:)?)"
    rf"{_SP}+(?:just{_SP}+|only{_SP}+|lean{_SP}+|brisk{_SP}+)?$"
)
OWNER_YEAR = re.compile(rf"['’]s?{_SP}+{_YEAR}{_SP}+[a-z\-]+")
_OWNER_BEFORE = re.compile(r"(?P<owner>[A-Z](?:\.|[\w'’-]*)(?:[ \u00a0][A-Z](?:\.|[\w'’-]*)){0,3})$")
IS_A = re.compile(
    rf"(?<![^\s,;:(\"“])(?P<subject>[^\s,;:(.!?][^,;:(.!?]{{0,60}}?)(?:['’]s|{_SP}is|{_SP}was|{_SP}remains|{_SP}plays{_SP}as)"
    rf"{_SP}+(?:a|an|the|one{_SP}of{_SP}the){_SP}+(?P<phrase>[^.;:!?]{{3,90}})"
)
_IS_A_TAIL = r"[ \u00a0]+(?:an?|the|one[ \u00a0]of[ \u00a0]the)[ \u00a0]"
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


TAGLINE_QUOTED = re.compile(  # run on the lower-cased text
    r"(?:t(?<![\w]t)(?:ag[ -]?line|he[ \u00a0]+ads)|p(?<![\w]p)oster(?:s|['’]s)?(?:[ \u00a0]+line)?"
    r"|o(?<![\w]o)ne-sheet|s(?<![\w]s)logan|a(?<![\w]a)d[ -]line|m(?<![\w]m)arketing[ \u00a0]+line)"
    r"\b[^“\"\n]{0,40}[“\"](?P<text>[^”\"\n]{3,160}?)[”\"]"
)


_TAGLINE_CUES = ("tagline", "tag line", "tag-line", "poster", "one-sheet", "slogan", "ad line", "ad-line", "the ads")
_RELEASE_CUES = ("release", "opened", "opens", "premiere", "came out", "debut", "arrive", "hits")
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
    for form in title_forms or ():
        for pos in occurrences(text, form, start):
            if pos >= end:
                break
            after = _YEAR_AFTER_TITLE.match(text, pos + len(form), end)
            before = _YEAR_BEFORE_TITLE.search(text, max(start, pos - 8), pos)
            for hit in (after, before):
                if hit:
                    found.append((hit.group("year"), min(pos, hit.start()), max(pos + len(form), hit.end())))
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
    r"\b(?:[Ii]t|[Tt]his|[Tt]he[ \u00a0]+(?:film|movie))(?:['’]s|[ \u00a0]+is|[ \u00a0]+was)[ \u00a0]+"
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
