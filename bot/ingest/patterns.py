"""Vocabularies and compiled regular expressions used by the extractor.

Everything here is generic English review vocabulary: job names, genres,
months, verbs such as "plays" or "directed by", advertising phrases. No film,
person or place of any particular film belongs here.

Name patterns are case-sensitive on purpose (a person's name is a run of
capitalised words), so rules that must accept either case for a lead word
spell it as "[Dd]irected". Spaces inside names are `SP` (a space or a no-break
space), never `\\s`, so no name runs across a line break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def wordset(words: str) -> frozenset[str]:
    """A vocabulary written as a block of words separated by spaces and line breaks."""
    return frozenset(words.split())


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
PARTICLES = wordset("de van von da del della der den di du dos das la le bin al el ten ter ibn zu")
PARTICLE = "(?:" + "|".join(sorted(PARTICLES)) + ")"
# A person: 1-4 capitalised words, particles between ("Ana de la Cruz"); a lone
# surname may start with a particle ("de la Cruz"). Single words are resolved later.
PERSON = (
    rf"(?<![\w'’\-])(?:{PARTICLE}{SP})?{CAPWORD}"
    rf"(?:{SP}(?:{PARTICLE}{SP}){{0,2}}(?!(?:Jr|Sr)\.){CAPWORD}){{0,3}}(?:,?{SP}(?:Jr|Sr)\.)?"
)
PERSON_LIST = rf"{PERSON}(?:(?:,{SP}*(?:and{SP}+)?|{SP}+and{SP}+|{SP}*&{SP}*){PERSON})*"
_HONORIFIC = r"(?:Dr|Mr|Mrs|Ms|Sgt|Lt|Capt|Prof|St)\."
CHARACTER = (
    rf"(?<![\w'’\-])(?:[Tt]he{SP})?(?:{_HONORIFIC}{SP})?{CAPWORD}"
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


# Capitalised words that start a sentence or a phrase but are never part of a
# name ("Meanwhile Ana Lopez plays ...", "Her portrayal").
FUNCTION_WORDS = wordset(
    """
    a an and as at but by for from he her here his how i if in into it its me my no not now of on one or
    our she so that the their them then there these they this those though to too us was we what when
    where which while who why with yet you your also even every each both some many most all after
    before during since until unlike despite although because ultimately meanwhile later together
    finally first next still just only indeed instead perhaps sometimes through throughout beneath
    behind along among between beyond within without against toward towards around across visually
    thematically additionally overall equally is are has have had be been being do does
    """
)
# Words of film talk that can be capitalised ("Director Len Ito", "Fans") but are not names.
FILM_WORDS = wordset(
    """
    fans critics audiences viewers reviewers supporting director directors cinematographer composer
    writer editor producer actor actress star stars veteran newcomer legend icon film films movie movies
    story chapter part volume episode season series sequel prequel spin-off franchise universe trilogy
    saga act scene hollywood oscar oscars academy award awards cast crew action thriller drama
    comedy horror crime rating verdict strengths weaknesses genre country runtime tagline review plot
    narrative performances characters themes reception style score
    """
)
NAME_STOPWORDS = FUNCTION_WORDS | FILM_WORDS
CALENDAR_WORDS = wordset(
    """
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday
    """
)

# Role words that describe a part but do not name a character.
GENERIC_ROLES = frozenset(
    {
        "lead",
        "villain",
        "protagonist",
        "hero",
        "heroine",
        "antagonist",
        "narrator",
        "star",
        "anti-hero",
        "sidekick",
        "mentor",
        "title character",
        "main character",
        "lead character",
        "love interest",
    }
)

# Ranks and forms of address dropped before a full character name
# ("Detective Yuna Kang" -> "Yuna Kang"; "Agent Smith" keeps its rank).
RANKS = wordset(
    """
    detective officer agent captain sergeant lieutenant inspector sheriff deputy doctor professor
    general colonel major commander father mother sister brother mr. mrs. ms. dr. prof. sgt. lt. capt.
    king queen prince princess lord lady sir dame judge senator mayor uncle aunt young old little
    corporal private admiral marshal constable commissioner superintendent chief
    """
)

# "Reverend Mother of the Sisterhood": a title before "of", not part of the group's name.
MEMBER_TITLES = wordset(
    """
    reverend mother father member members leader leaders head agent agents servant servants heir
    daughter son king queen lord lady emperor empress prince princess master grandmaster chief captain
    general
    """
)

# Words that are titles or ranks rather than names of a group.
GENERIC_TITLES = wordset(
    """
    director king queen president general boss doctor master chairman elder mother father captain chief
    commander emperor prince princess lord lady judge priest
    """
)


RUNTIME = (
    r"(?:(?P<h>\d{1,2})[\s-]*(?:hours?|hrs?\.?|h)(?![a-z])\s*(?:and\s*)?(?:(?P<hm>\d{1,2})\s*(?:minutes?|mins?\.?|m)(?![a-z]))?"
    r"|(?P<m>\d{2,3})[\s-]*(?:minutes?|mins?\.?|m)(?![a-z]))"
)
RUNTIME_RE = re.compile(rf"(?<![\w.]){RUNTIME}")

# Genre words as they appear in prose, mapped to the display genre.
GENRE_WORDS = {
    "action": "Action",
    "thriller": "Thriller",
    "thrillers": "Thriller",
    "crime": "Crime",
    "drama": "Drama",
    "comedy": "Comedy",
    "horror": "Horror",
    "romance": "Romance",
    "romantic": "Romance",
    "fantasy": "Fantasy",
    "mystery": "Mystery",
    "western": "Western",
    "war": "War",
    "musical": "Musical",
    "animated": "Animation",
    "animation": "Animation",
    "documentary": "Documentary",
    "adventure": "Adventure",
    "noir": "Noir",
    "neo-noir": "Neo-Noir",
    "biopic": "Biography",
    "biographical": "Biography",
    "superhero": "Superhero",
    "spy": "Spy",
    "heist": "Heist",
    "sci-fi": "Science Fiction",
    "scifi": "Science Fiction",
    "science-fiction": "Science Fiction",
    "science fiction": "Science Fiction",
    "martial arts": "Martial Arts",
    "sports": "Sport",
    "disaster": "Disaster",
    "slasher": "Horror",
    "supernatural": "Supernatural",
    "satire": "Satire",
    "satirical": "Satire",
    "mockumentary": "Mockumentary",
    "melodrama": "Melodrama",
    "dramedy": "Comedy",
    "coming-of-age": "Coming-of-Age",
    "historical": "History",
    "period": "Period",
    "psychological": "Psychological",
}
# Prose genre words that only count next to a noun genre ("psychological thriller").
GENRE_ADJECTIVES = frozenset({"psychological", "period", "historical", "romantic"})

from bot.ingest.lexicon import HEADER_FIELDS, IGNORED  # noqa: E402,F401 - one job lexicon, re-exported

HEADER_LINE = re.compile(
    r"[ \t]*[*_#>]*[ \t]*(?P<key>[A-Za-z][A-Za-z .&/'’()\-]{0,30}?)[ \t]*[*_]*[ \t]*:[ \t]*[*_]*[ \t]*"
    r"(?P<value>.*?)[ \t*_]*$"
)
# A "Key – value" header line ("Tagline – ..."): only for known keys, checked by the layout.
DASH_HEADER_LINE = re.compile(
    r"[ \t]*[*_]*(?P<key>[A-Za-z][A-Za-z .&'’()]{0,30}?)[*_]*[ \t]+[–—-][ \t]+[*_]*[ \t]*(?P<value>.*?)[ \t*_]*$"
)
# "*" and "+" mark a bullet only before a space ("*Emphasis*" is not a bullet).
BULLET_LINE = re.compile(r"[ \t\u00a0]*(?:[•●▪◦·‣∙]|[-–—*+](?=[ \t\u00a0]))[ \t\u00a0]*(?=\S)")
MARKDOWN_HEADING = re.compile(r"[ \t]*(?:#{1,6}[ \t]*|\*\*|__)(?P<text>.+?)(?:[ \t]*#*|\*\*|__)?:?[ \t]*$")
# The gap between two sentences: end punctuation and closing quotes (group 1), spaces,
# then a capital, digit or opening quote (so "… or" and "e.g. the" do not split).
SENTENCE_GAP = re.compile(rf"([.!?…][\"”’')\]]*)[ \t\u00a0]+(?=[\"“‘'(•]?[{UP}0-9])")
BULLET_MARKS = "•●▪◦·‣∙*+-–— \t\u00a0"
ABBREVIATIONS = wordset("mr mrs ms dr st jr sr vs etc no vol inc ltd prof sgt lt capt gen col mt ft approx")

# Section headings ("Strengths", "Final Verdict") and what their paragraphs claim.
SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mixed", re.compile(r"\b(?:pros and cons|strengths and weaknesses|the good and the bad)\b")),
    (
        "strength",
        re.compile(
            r"^(?:the )?(?:strengths?|pros|what works|what worked|the good|highlights|positives|what we liked"
            r"|what i liked|likes|high points|the highs|plus points)\b"
        ),
    ),
    (
        "weakness",
        re.compile(
            r"^(?:the )?(?:weakness(?:es)?|cons|what doesn t(?: work)?|what does not work|what didn t(?: work)?"
            r"|what did not work|the bad|drawbacks|flaws|shortcomings|negatives|what we didn t like"
            r"|what i didn t like|dislikes|low points|the lows|minus points|what falls (?:short|flat))\b"
        ),
    ),
    (
        "verdict",
        re.compile(
            r"^(?:the |final |our |my )*(?:verdict|conclusion|final thoughts|bottom line|in conclusion"
            r"|closing thoughts|final word|the takeaway|overall|summary|in summary)\b"
        ),
    ),
    ("rating", re.compile(r"^(?:final |overall |our |my )?(?:rating|score|grade)s?$")),
)

# Advertising and off-topic sentences: piracy/streaming plugs, downloads, links.
SPAM = re.compile(
    r"\bprovides?\s+you\b|\bfull\s+(?:hd\s+)?movies?\b|\bhd\s+(?:movies?|quality|print|films?)\b"
    r"|\bdownload(?:s|ed|ing)?\b|\btorrents?\b|\bwatch\b[^.!?\n]{0,60}?\b(?:online|free|here|now|hd)\b"
    r"|\bstream(?:ing)?\b[^.!?\n]{0,30}?\bfor\s+free\b|\bfree\s+(?:movies?|streaming|online)\b"
    r"|\bmovies?\s+(?:online|for\s+free)\b|https?://|\bwww\."
    r"|\bour\s+(?:\w+\s+){0,2}collections?\b|\bclick\s+here\b|\bsign\s+up\b|\bsubscribe\b"
    r"|\bvisit\s+(?:our|the)\s+(?:site|website)\b|\bcheck\s+out\s+our\b"
    r"|\b(?:site|website|platform|place)\s+(?:to|for)\s+(?:watch|stream|download)\b"
    r"|\bavailable\s+(?:to\s+(?:stream|watch|download)|for\s+(?:free|streaming|download))\b"
)  # run on the lowered text


NAME_BEFORE = "<name>"  # `Rule.before`: the word before the anchor is capitalised (a name's end)


@dataclass(frozen=True, slots=True)
class Rule:
    """A named prose pattern and where in a document it is worth trying.

    `anchors` are lowercase words (a trailing "*" accepts any word starting so).
    One pass of `ANCHORS` over the document finds them all; the rule's
    `pattern` is then tried only there: anchored at up to `lead` word starts
    before the anchor (a name before "plays"), farthest first, then at the
    anchor itself. `before` filters hits by the word just before the anchor: a
    set of words, or NAME_BEFORE for a capitalised word ("also" is skipped).
    `needs_before` / `needs_after`: literals of which one must occur within
    `NEAR` characters before / after the anchor (a cheap test before the regex).
    A rule without anchor words is found through `CASED_ANCHORS` instead.
    `job` is the crew job a crew rule assigns, `note` a cast note ("cameo").
    """

    name: str
    pattern: re.Pattern[str]
    anchors: tuple[str, ...]
    lead: int = 0
    before: frozenset[str] | str | None = None
    needs_before: tuple[str, ...] = ()
    needs_after: tuple[str, ...] = ()
    job: str | None = None
    note: str | None = None

    @property
    def cues(self) -> tuple[str, ...]:
        """The words (or "(") one of which a sentence must hold for the rule to be tried there."""
        return tuple(anchor.rstrip("*") for anchor in self.anchors) or ("with",)


NEAR = 90


def rule(
    name: str,
    regex: str,
    anchors: str,
    *,
    lead: int = 0,
    before: frozenset[str] | str | None = None,
    needs_before: tuple[str, ...] = (),
    needs_after: tuple[str, ...] = (),
    job: str | None = None,
    note: str | None = None,
) -> Rule:
    return Rule(name, re.compile(regex), tuple(anchors.split()), lead, before, needs_before, needs_after, job, note)


def words_and_plurals(words: str) -> frozenset[str]:
    """ "city valley" -> {city, cities, valley, valleys}: the `before` set of a noun list."""
    out: set[str] = set()
    for word in words.split():
        out.add(word)
        plural = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
        out.add(plural)
    return frozenset(out)


def alternation(words: frozenset[str] | set[str]) -> str:
    """A regex alternation of the words, longest first so "streets" beats "street"."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


_ACTOR = rf"(?P<actor>{PERSON})"
_CHAR = rf"(?P<char>{CHARACTER})"
_NAMES = rf"(?P<names>{PERSON_LIST})"
_ALSO = rf"(?:{SP}+also)?"
_POSSESSORS = frozenset({"the", "our", "film’s", "film's", "movie’s", "movie's", "as"})
_POSSESSIVE_MARKS = ("’s ", "'s ", "s’ ", "s' ")

# --- directors --------------------------------------------------------------
DIRECTOR_RULES = (
    rule("directed by X", rf"(?:[Cc]o-)?{either_case('directed by')}{SP}+{_NAMES}", "directed co-directed"),
    rule("helmed by X", rf"{either_case('helmed by')}{SP}+{_NAMES}", "helmed"),
    rule(
        "X directs",
        rf"(?P<names>{PERSON}(?:{SP}+and{SP}+{PERSON})?){_ALSO}{SP}+(?:co-)?(?:directs|direct|helms)\b",
        "directs direct helms co-directs co-direct",
        lead=6,
        before=NAME_BEFORE,
    ),
    rule(
        "director X",
        rf"(?P<lead>(?:[Ww]riter[-/])?[Dd]irector|[Ff]ilmmaker){SP}+(?P<names>{PERSON})",
        "director filmmaker writer-director writer/director",
    ),
)
# Words that turn "director" into another job: "casting director X".
OTHER_DIRECTORS = wordset("casting art music musical creative assistant action fight unit artistic")

# --- crew ---------------------------------------------------------------------
CREW_JOBS = {
    "cinematographer": "cinematographer",
    "director of photography": "cinematographer",
    "composer": "composer",
    "film editor": "editor",
    "editor": "editor",
    "screenwriter": "writer",
    "co-writer": "writer",
    "writer": "writer",
    "executive producer": "producer",
    "producer": "producer",
    "production designer": "production designer",
    "costume designer": "costume designer",
    "stunt coordinator": "stunt coordinator",
    "fight coordinator": "stunt coordinator",
    "fight choreographer": "choreographer",
    "choreographer": "choreographer",
    "sound designer": "sound designer",
    "visual effects supervisor": "visual effects supervisor",
    "casting director": "casting director",
}
CREW_JOBS.update(
    {job + "s": target for job, target in list(CREW_JOBS.items()) if not job.endswith("s")}
)  # "producers A and B"
# Abbreviations, written in capitals only ("DP Ada Ring"; "dp" is no word).
CREW_ABBREVIATIONS = {"DP": "cinematographer", "DoP": "cinematographer", "DOP": "cinematographer"}
_JOB = (
    "(?P<job>"
    + "|".join(either_case(j) for j in sorted(CREW_JOBS, key=len, reverse=True))
    + "|"
    + "|".join(CREW_ABBREVIATIONS)
    + ")"
)
CREW_JOBS.update({abbreviation.lower(): job for abbreviation, job in CREW_ABBREVIATIONS.items()})
_JOB_ANCHORS = " ".join(sorted({job.split()[-1] for job in CREW_JOBS}))  # includes "dp", "dop"
CREW_RULES = (
    rule("job X", rf"{_JOB},?{SP}+{_NAMES}", _JOB_ANCHORS, lead=2),
    rule(
        "X, the job",
        rf"(?P<names>{PERSON}),{SP}+(?:the|our){SP}+(?:(?:film|movie)['’]s{SP}+)?{_JOB}\b",
        _JOB_ANCHORS,
        lead=7,
        before=_POSSESSORS,
        needs_before=(",",),
    ),
    rule(
        "X serves as job",
        rf"(?P<names>{PERSON}){SP}+(?:serves|served|returns|is{SP}+back|works|worked){SP}+as{SP}+(?:the{SP}+)?"
        rf"(?:(?:film|movie)['’]s{SP}+)?{_JOB}\b",
        _JOB_ANCHORS,
        lead=8,
        before=_POSSESSORS,
        needs_before=(" as ",),
    ),
    rule(
        "shot by X",
        rf"(?:[Ss]hot|[Ll]ensed|[Pp]hotographed|(?:[Cc]inematography|[Pp]hotography|[Cc]amera{SP}?work)(?:{SP}+is)?)"
        rf"{SP}+(?:by|from)"
        rf"{SP}+{_NAMES}",
        "shot lensed photographed cinematography photography camera camerawork",
        job="cinematographer",
    ),
    rule(
        "score by X",
        rf"(?:(?:[Ss]core|[Mm]usic|[Ss]oundtrack)(?:{SP}+(?:is|comes))?{SP}+(?:by|from)|(?:[Cc]omposed|[Ss]cored){SP}+by)"
        rf"{SP}+{_NAMES}",
        "score music soundtrack composed scored",
        job="composer",
    ),
    rule("edited by X", rf"(?:[Ee]dited|[Ee]diting(?:{SP}+is)?){SP}+by{SP}+{_NAMES}", "edited editing", job="editor"),
    rule(
        "written by X",
        rf"(?:(?:[Cc]o-)?(?:[Ww]ritten|[Pp]enned|[Ss]cripted)(?:{SP}+and{SP}+directed)?{SP}+by"
        rf"|[Cc]o-(?:written|wrote|writes){SP}+(?:it{SP}+)?with"
        rf"|(?:[Ss]creenplay|[Ss]cript)(?:{SP}+is)?{SP}+(?:by|from)){SP}+{_NAMES}",
        "written co-written co-wrote co-writes penned scripted screenplay script",
        job="writer",
    ),
    rule("produced by X", rf"[Pp]roduced{SP}+by{SP}+{_NAMES}", "produced", job="producer"),
    rule(
        "designed by X",
        rf"(?:[Pp]roduction{SP}+design|[Cc]ostumes?(?:{SP}+design)?)(?:{SP}+is|{SP}+are)?{SP}+(?:designed{SP}+)?by{SP}+{_NAMES}",
        "production costume costumes",
        job="designer",
    ),
    rule(
        "stunts by X",
        rf"(?:[Ss]tunts?|[Ff]ights?|[Aa]ction{SP}+sequences?)(?:{SP}+are|{SP}+is)?{SP}+"
        rf"(?:coordinated|designed|choreographed){SP}+by{SP}+{_NAMES}",
        "stunt stunts fight fights action",
        job="stunt coordinator",
    ),
)
# "Kowalczyk's score", "Dahl's cinematography": the possessor's job, by the noun.
POSSESSIVE_JOBS = {
    "score": "composer",
    "music": "composer",
    "soundtrack": "composer",
    "cinematography": "cinematographer",
    "camerawork": "cinematographer",
    "lensing": "cinematographer",
    "editing": "editor",
    "photography": "cinematographer",
    "screenplay": "writer",
    "script": "writer",
    "direction": "director",
}
POSSESSIVE_CREW = rule(
    "X's score",
    rf"(?P<names>{PERSON})['’]s?{SP}+(?:[a-z][\w-]*,?{SP}+(?:and{SP}+)?){{0,3}}?"
    rf"(?P<noun>{'|'.join(POSSESSIVE_JOBS)})\b",
    " ".join(POSSESSIVE_JOBS),
    lead=7,
    needs_before=_POSSESSIVE_MARKS,
)

# --- cast -----------------------------------------------------------------------
# Nouns for a part or a person in the story ("plays the surveyor Eamon Tully", "Ida, a nurse").
ROLE_NOUNS = words_and_plurals(
    """
    woman man girl boy widow widower orphan teenager teen assassin killer enforcer detective cop officer
    agent spy soldier veteran hitman mercenary thief dancer student teacher mother father daughter
    son sister brother wife husband doctor scientist journalist lawyer pilot hunter fighter warrior boxer
    priest nun monk gangster criminal prisoner outlaw sheriff king queen prince princess knight witch wizard
    vampire drifter loner stranger survivor refugee heir heiress mentor trainer handler courier smuggler chef
    musician singer artist painter writer nurse marine ranger rookie recruit operative prodigy preacher
    investigator violinist pianist keeper farmer miner sailor captain lieutenant sergeant inspector surveyor
    mapmaker cartographer engineer clerk shepherd fisherman fisherwoman vet priestess sibling cousin aunt uncle
    grandmother grandfather grandson granddaughter niece nephew neighbour neighbor friend boss colleague partner
    girlfriend boyfriend fiancé fiancée lover rival
    """
)
# What may stand between "plays" and the character's name: "the surveyor", "Agatha's daughter".
# (The lookahead is a cheap test that spares the CHARACTER pattern on most "plays Ida".)
_ROLE_DESCRIPTION = (
    rf"(?:(?=(?:the|a|an|her|his|their){SP}|[^.,;:!?\n]{{0,40}}?['’]s{SP})"
    rf"(?:(?:the|a|an|her|his|their){SP}+|{CHARACTER}['’]s{SP}+)(?:[a-z][\w-]*{SP}+)?"
    rf"{alternation(ROLE_NOUNS)}{SP}+(?=[{UP}]))?"
)
# A character's name ends there, not before a possessive ("plays Agatha's daughter").
_CHAR_END = r"(?!['’]s\b)"
CAST_ROLE_RULES = (
    rule(
        "X plays Y",
        rf"{_ACTOR}{_ALSO}{SP}+(?:plays|portrays|embodies|played|portrayed|voices|voiced){SP}+{_ROLE_DESCRIPTION}"
        rf"{_CHAR}{_CHAR_END}",
        "plays portrays embodies played portrayed voices voiced",
        lead=5,
        before=NAME_BEFORE,
    ),
    rule(
        "X, who plays Y",
        rf"{_ACTOR},{SP}+who{SP}+(?:plays|played|portrays|portrayed|voices|voiced|is{SP}+playing){SP}+"
        rf"{_ROLE_DESCRIPTION}{_CHAR}{_CHAR_END}(?=[,;:.!?)]|{SP}+(?:and|with|in|is|was|gets|has)\b)",
        "plays played portrays portrayed voices voiced playing",
        lead=6,
        before=frozenset({"who", "is"}),
        needs_before=(", who ",),
    ),
    rule(
        "X (as Y)",
        rf"{_ACTOR}{SP}*\((?:as|playing){SP}+{_CHAR}\)",
        "(*",
        lead=5,
        before=NAME_BEFORE,
        needs_after=("(as ", "(playing "),
    ),
    rule(
        "X returns as Y",
        rf"{_ACTOR}{_ALSO}{SP}+(?:returns|reprises{SP}+(?:her|his|their){SP}+role){SP}+as{SP}+{_CHAR}",
        "returns reprises",
        lead=5,
        before=NAME_BEFORE,
        needs_after=(" as ",),
    ),
    rule(
        "X cameos as Y",
        rf"{_ACTOR}{_ALSO}{SP}+cameos{SP}+as{SP}+{_CHAR}",
        "cameos",
        lead=5,
        before=NAME_BEFORE,
        note="cameo",
    ),
    rule(
        "X appears as Y",
        rf"{_ACTOR}{_ALSO}{SP}+(?:appears|stars|co-stars|shines|excels|features){SP}+as{SP}+{_CHAR}{_CHAR_END}",
        "appears stars co-stars shines excels features",
        lead=5,
        before=NAME_BEFORE,
    ),
    rule(
        "X is chilling as Y",
        rf"{_ACTOR}{_ALSO}{SP}+(?:is|was){SP}+(?:[a-z]+{SP}+){{0,3}}as{SP}+{_CHAR}{_CHAR_END}",
        "is was",
        lead=4,
        before=NAME_BEFORE,
        needs_after=(" as ",),
    ),
    rule(
        "X ... performance as Y",
        rf"{_ACTOR}{_ALSO}{SP}+(?:delivers|gives|turns{SP}+in|offers|brings|puts{SP}+in)\b[^.!?\n]{{0,80}}?{SP}"
        rf"(?:performance|turn|portrayal){SP}+as{SP}+{_CHAR}{_CHAR_END}",
        "delivers gives turns offers brings puts",
        lead=5,
        before=NAME_BEFORE,
        needs_after=(" as ",),
    ),
    rule(
        "X makes an appearance as Y",
        rf"{_ACTOR}{_ALSO}{SP}+(?:makes|has|gets){SP}+(?:a|an){SP}+[^.!?\n]{{0,40}}?(?P<kind>appearance|cameo|turn)"
        rf"{SP}+as{SP}+{_CHAR}{_CHAR_END}",
        "makes has gets",
        lead=5,
        before=NAME_BEFORE,
        needs_after=(" as ",),
    ),
    rule(
        "starring X as Y",
        rf"(?:[Ss]tarring|[Ff]eaturing|[Aa]longside|[Cc]o-starring){SP}+{_ACTOR}{SP}+as{SP}+{_CHAR}{_CHAR_END}",
        "starring featuring alongside co-starring",
    ),
    rule(
        "with X as Y",  # the extractor wants a full name here: "with Rome as a backdrop" is not cast
        rf"[Ww]ith{SP}+{_ACTOR}{SP}+as{SP}+{_CHAR}{_CHAR_END}(?=[,;:.!?)]|{SP}+(?:and|in|is|who|whose)\b)",
        "",  # "with" is too common a word for the anchor pass: see CASED_ANCHORS
        needs_after=(" as ",),
    ),
    rule(
        "Y, played by X",
        rf"{_CHAR},?{SP}+(?:played|portrayed){SP}+by{SP}+{_ACTOR}",
        "played portrayed",
        lead=5,
        before=NAME_BEFORE,
    ),
    rule(
        "Y is played by X",  # "... and Z by W" gives a second pair
        rf"{_CHAR}{SP}+(?:is|was){SP}+(?:played|portrayed|voiced){SP}+by{SP}+{_ACTOR}"
        rf"(?:{SP}+and{SP}+(?P<char2>{CHARACTER}){SP}+by{SP}+(?P<actor2>{PERSON}))?",
        "played portrayed voiced",
        lead=6,
        before=frozenset({"is", "was"}),
        needs_before=(" is ", " was "),
    ),
)
CAST_PLAIN_RULES = (
    rule(
        "X appears in a cameo",
        rf"{_ACTOR}{_ALSO}{SP}+(?:appears|shows{SP}+up|turns{SP}+up|pops{SP}+up){SP}+in{SP}+(?:a|an){SP}+[^.!?\n]{{0,40}}?\bcameo\b",
        "appears shows turns pops",
        lead=5,
        before=NAME_BEFORE,
        needs_after=("cameo",),
        note="cameo",
    ),
    rule(
        "X makes a cameo",
        rf"{_ACTOR}{_ALSO}{SP}+(?:makes|has|gets){SP}+(?:a|an){SP}+[^.!?\n]{{0,40}}?\bcameo\b",
        "makes has gets",
        lead=5,
        before=NAME_BEFORE,
        needs_after=("cameo",),
        note="cameo",
    ),
    rule("cameo by X", rf"cameo(?:{SP}+appearance)?{SP}+(?:from|by){SP}+{_ACTOR}", "cameo", note="cameo"),
    rule("played by X and Z", rf"(?:played|portrayed){SP}+by{SP}+(?P<actors>{PERSON_LIST})", "played portrayed"),
    rule(
        "X stars opposite Z",
        rf"(?:{_ACTOR}{_ALSO}{SP}+)?(?:stars|co-stars|starred|plays|played|is{SP}+cast|acts){SP}+opposite{SP}+"
        rf"(?P<actors>{PERSON_LIST})",
        "opposite",
        lead=6,
        before=frozenset({"stars", "co-stars", "starred", "plays", "played", "cast", "acts"}),
    ),
    rule(
        "starring X, Y",
        rf"(?:[Ss]tarring|[Ff]eaturing|[Cc]o-starring|[Aa]longside){SP}+(?P<actors>{PERSON_LIST})",
        "starring featuring alongside co-starring",
    ),
    rule(
        "X delivers a performance",
        rf"{_ACTOR}{_ALSO}{SP}+(?:delivers|gives|turns{SP}+in|offers|puts{SP}+in){SP}+(?:a|an|the|her|his|their){SP}"
        rf"[^.!?\n]{{0,60}}?\bperformance\b",
        "delivers gives turns offers puts",
        lead=5,
        before=NAME_BEFORE,
        needs_after=("performance",),
    ),
    rule(
        "X's performance",
        rf"{_ACTOR}['’]s?{SP}+(?:[\w-]+,?{SP}+(?:and{SP}+)?){{0,3}}?(?:performance|portrayal)\b",
        "performance portrayal",
        lead=7,
        needs_before=_POSSESSIVE_MARKS,
    ),
)
# "Ida (Ana Lopez)" and "Ana Lopez (Ida)": accepted only when the person is known cast.
IN_PARENTHESES = (
    rule("Y (X)", rf"{_CHAR}{SP}*\({_ACTOR}\)", "(*", lead=5, before=NAME_BEFORE),
    rule("X (Y)", rf"{_ACTOR}{SP}*\({_CHAR}\)", "(*", lead=5, before=NAME_BEFORE),
)
# "Her portrayal of Ida": the actor is the cast member named in the previous sentence.
PORTRAYAL = rule(
    "her portrayal of Y",
    rf"(?:[Hh]er|[Hh]is|[Tt]heir){SP}+(?:portrayal|performance|turn|take){SP}+(?:of|as|on){SP}+{_CHAR}",
    "portrayal performance turn take",
    lead=1,
    before=frozenset({"her", "his", "their"}),
)
CAST_NOTES = frozenset({"cameo", "voice", "uncredited", "archive footage", "special appearance", "guest", "narrator"})

# --- characters named by the story ----------------------------------------------
CHARACTER_RULES = (
    rule(
        "follows X, a ...",
        rf"follows{SP}+(?:the{SP}+(?:journey|story|life|rise|fall|exploits|adventures|path|quest|odyssey){SP}+of{SP}+)?"
        rf"{_CHAR}(?=,{SP}+(?:a|an|the|who|whose)\b|{SP}+\(|{SP}+as{SP}+(?:she|he|they)\b)",
        "follows",
    ),
    rule(
        "the journey of X",
        rf"(?:journey|story|tale|saga|odyssey|plight|quest){SP}+of{SP}+{_CHAR}",
        "journey story tale saga odyssey plight quest",
    ),
    rule(
        "centres on X",
        rf"(?:centers|centres|focuses|revolves|centered|centred){SP}+(?:on|around){SP}+{_CHAR}(?=,|{SP}+\()",
        "centers centres centered centred focuses revolves",
    ),
    rule(
        "the protagonist X",
        rf"(?:(?:lead|title|main){SP}+character|protagonist|heroine|hero|antagonist|villain|anti-hero|narrator),?{SP}+{_CHAR}",
        "protagonist heroine hero antagonist villain anti-hero narrator character",
        lead=1,
    ),
    rule(
        "X, a young woman",
        rf"{_CHAR},{SP}+(?:a|an){SP}+(?:(?!of\b|and\b|who\b)[\w-]+{SP}+){{0,3}}?{alternation(ROLE_NOUNS)}\b",
        " ".join(sorted(ROLE_NOUNS)),
        lead=9,
        needs_before=(", a ", ", an "),
    ),
)

# --- organisations ------------------------------------------------------------
GROUP_NOUNS = words_and_plurals(
    """
    organization organisation group guild society cabal syndicate cult clan brotherhood sisterhood network
    cartel gang council faction mafia sect league agency tribe triad consortium alliance order empire
    dynasty corporation conglomerate regime militia collective fraternity company outfit resistance movement
    rebellion ministry bureau committee firm authority institute directorate commission department union
    association foundation cooperative
    """
)
# The last word of an organisation's name, for rules that say little else ("an inspector from the X").
ORG_HEADS = GROUP_NOUNS | words_and_plurals(
    """
    office service police army navy party church bank academy school university college hospital board trust
    institution inquisition tribunal court club team
    """
)
# "X, a gang member" does not make X a gang: person nouns after the group noun.
_NOT_A_GROUP = (
    rf"(?![\w’'-]|{SP}+(?:members?|boss|bosses|leaders?|chiefs?|agents?|veterans?|man|men|woman|women|girl|boy"
    rf"|enforcers?|thugs?|heirs?|kid|workers?|employees?|officials?|officers?|insiders?|loyalists?|lawyers?"
    rf"|accountants?|executives?|operatives?|informants?|soldiers?|famil(?:y|ies)|lord|kingpin|head)\b)"
)
_ORG = rf"(?P<org>{ORG})"
# People who come from an organisation ("a surveyor from the Royal Survey Office").
AGENT_NOUNS = words_and_plurals(
    """
    inspector agent officer surveyor envoy emissary official representative spy detective investigator clerk
    lawyer accountant auditor bureaucrat scientist researcher engineer recruit operative delegate messenger
    courier member emissary auditor assessor commissioner bailiff diplomat negotiator analyst
    """
)
ORG_RULES = (
    rule(
        "X, the shadowy organisation",
        rf"(?:the{SP}+)?{_ORG},{SP}+(?:the|a|an){SP}+(?:(?!of\b|and\b|who\b|which\b)[\w’'-]+{SP}+){{0,3}}?"
        rf"(?:crime{SP}+)?{alternation(GROUP_NOUNS)}{_NOT_A_GROUP}",
        " ".join(sorted(GROUP_NOUNS)),
        lead=9,
        needs_before=(", the ", ", a ", ", an "),
    ),
    rule(
        "a cabal of X loyalists",
        rf"(?:a|an|the){SP}+(?:[\w-]+{SP}+){{0,2}}?(?:cabal|network|group|faction|circle|ring|cell|band|army|legion"
        rf"|council|syndicate|league){SP}+of{SP}+(?:the{SP}+)?{_ORG}{SP}+(?:loyalists|agents|members|operatives"
        rf"|assassins|enforcers|soldiers|killers|elites|elders|leaders|sympathi[sz]ers|devotees|acolytes|mercenaries)\b",
        "cabal network group faction circle ring cell band army legion council syndicate league",
        lead=3,
        needs_after=(" of ",),
    ),
    rule(
        "governed by the X",
        rf"(?:governed|ruled|controlled|run|sanctioned|backed|policed){SP}+by{SP}+the{SP}+{_ORG}",
        "governed ruled controlled run sanctioned backed policed",
    ),
    rule(
        "rules of the X",
        rf"(?:rules|laws|code|codes|power{SP}+structures?|ranks|members|membership|leadership|hierarchy|council"
        rf"|elders|bylaws|traditions|rituals|sanctions|headquarters|oath|edicts|decrees){SP}+of{SP}+the{SP}+{_ORG}",
        "rules laws code codes structure structures ranks members membership leadership hierarchy council elders "
        "bylaws traditions rituals sanctions headquarters oath edicts decrees",
        lead=1,
    ),
    rule(
        "trained at the X",
        rf"(?:trained|raised|schooled|educated|enrolled|initiated){SP}+(?:at|within){SP}+the{SP}+{_ORG}",
        "trained raised schooled educated enrolled initiated",
    ),
    # The two rules below say little about what follows "the": the name must end in an ORG_HEADS word.
    rule(
        "an inspector from the X",
        rf"{alternation(AGENT_NOUNS)}{SP}+(?:from|of|with){SP}+the{SP}+{_ORG}",
        " ".join(sorted(AGENT_NOUNS)),
        needs_after=(" from the ", " of the ", " with the "),
    ),
    rule(
        "works for the X",
        rf"(?:works|worked|working|work|employed|hired|recruited|joins|joined|joining|infiltrates|infiltrated"
        rf"|infiltrating|defects|defected|betrays|betrayed|expelled|exiled){SP}+(?:(?:for|by|from){SP}+)?the{SP}+{_ORG}",
        "works worked working work employed hired recruited joins joined joining infiltrates infiltrated infiltrating "
        "defects defected betrays betrayed expelled exiled",
        needs_after=(" the ",),
    ),
)
ORG_NEEDS_HEAD = frozenset({"an inspector from the X", "works for the X"})
ORG_INTRO_WORDS = wordset(
    """
    cultures groups factions organizations organisations guilds societies clans syndicates houses orders
    families gangs cartels cults sects tribes agencies networks brotherhoods alliances circles leagues
    councils dynasties empires powers forces crews
    """
)
CHARACTER_INTRO_WORDS = wordset("characters allies enemies villains adversaries foes heroes rivals mentors")
PLACE_INTRO_WORDS = wordset("locations places cities countries settings destinations locales")
CAST_INTRO_WORDS = frozenset({"cast", "starring", "actors", "performers"})
# Descriptions (or names) of bullet items that make them groups even without an introduction.
GROUP_DESCRIPTION = re.compile(
    rf"\b(?:{alternation(GROUP_NOUNS)}|killers|assassins|monks|warriors|mercenaries|soldiers|thieves|hackers"
    rf"|smugglers|elders)\b",
    re.IGNORECASE,
)
BULLET_ITEM = re.compile(r"(?P<name>[^–—:(]+?)[ \t]*(?:[–—:]|[ \t]-[ \t]|\()[ \t]*(?P<desc>.*)$")

# --- places ---------------------------------------------------------------------
PLACE_NOUNS = words_and_plurals(
    """
    street alley alleyway backstreet rooftop slum dock canal harbor harbour port outskirt suburb skyline
    ruin catacomb sewer market bazaar desert mountain jungle shore coast hill village city capital island
    town countryside palace temple club nightclub bar casino church cathedral chapel monastery castle
    mansion estate farm orchard vineyard ranch warehouse neighborhood neighbourhood district province
    region kingdom republic tunnel arena forest plain valley beach arcade pier wharf waterfront quarter
    favela ghetto border frontier wasteland highland lowland moor fjord lake river station base facility
    laboratory prison hospital school university apartment hotel motel diner restaurant office house compound
    camp outpost colony settlement parish county hamlet municipality borough metropolis megacity
    """
)
_PLACE = rf"(?P<place>{PLACE})"
_SETTING_VERBS = (
    "set based located unfolds unfolding takes filmed shot lives living grew hides hiding stranded trapped "
    "arrives arriving lands landing stationed exiled"
)
_TRAVEL_VERBS = (
    "travels travel traveling travelling flees fleeing fled moves relocates journeys heads heading escapes "
    "sails flies sent lured takes leads brings drags"
)
_JOURNEY_VERBS = (
    "drive drives driving drove travel travels traveling travelling traveled travelled journey journeys journeyed "
    "flee flees fleeing fled sail sails sailed fly flies flew walk walks walked trek treks trekked hitchhike "
    "hitchhikes hitchhiked ride rides rode road"
)
PLACE_RULES = (
    rule(
        "X, a fishing village",
        rf"{_PLACE},{SP}+(?:a|an|the){SP}+(?:(?!(?:of|and|who|from|in|on|at|with|to|for|by)\b)[\w’'-]+{SP}+){{0,3}}?"
        rf"{alternation(PLACE_NOUNS)}(?=[,;:.!?]|{SP}+(?:where|that|which|whose|in|on|near|outside|of|at|known"
        rf"|famous|built|run|ruled|by|with|under|beneath)\b)",
        " ".join(sorted(PLACE_NOUNS)),
        lead=9,
        needs_before=(", a ", ", an ", ", the "),
    ),
    rule(
        "drives from X to",
        rf"(?:{_JOURNEY_VERBS.replace(' ', '|').replace('road', f'road{SP}+trip')})\b[^.!?\n]{{0,60}}?{SP}from{SP}+"
        rf"{_PLACE}{SP}+to\b",
        _JOURNEY_VERBS,
        needs_after=(" from ",),
    ),
    rule(
        "the streets of X",
        rf"{alternation(PLACE_NOUNS)}{SP}+(?:of|in|outside|near|beneath|under|below|above){SP}+{_PLACE}",
        " ".join(sorted(PLACE_NOUNS)),
    ),
    rule(
        "set in X",
        rf"(?:{_SETTING_VERBS.replace(' ', '|').replace('takes', f'takes{SP}+place').replace('grew', f'grew{SP}+up')})"
        rf"{SP}+(?:in|across|throughout){SP}+{_PLACE}",
        _SETTING_VERBS,
    ),
    rule(
        "travels to X",
        rf"(?:{_TRAVEL_VERBS.replace(' ', '|')})(?:(?:{SP}+(?:her|him|them))?(?:{SP}+back)?"
        # "drags Ida up the coast to X"
        rf"|(?:{SP}+(?:her|him|them|{CAPWORD}))?{SP}+(?:up|down|along|across|over){SP}+the{SP}+[a-z]+)"
        rf"{SP}+to{SP}+{_PLACE}",
        _TRAVEL_VERBS,
    ),
)

# --- titles, quotes, years ----------------------------------------------------------
_TITLE_SMALL = r"(?:a|an|the|of|and|in|on|at|to|for|with|from|by|vs\.?|or|into|as|&|[–—\-:])"
_TWORD = rf"(?:[{UP}0-9][^\s()\[\]]*)"
TITLE_RUN = rf"{_TWORD}(?:{SP}(?:{_TITLE_SMALL}{SP})*{_TWORD})*"
# Where the body names a film: "watched X", "X, Ana Lopez's patient drama", "X is a ... film".
_TITLE_NAME = rf"(?P<title>{TITLE_RUN})"
WATCHED_TITLE = re.compile(
    rf"\b(?:[Ww]atched|[Rr]ewatched|[Ss]aw|[Rr]evisited|[Ss]creened|[Ss]creening{SP}of|[Rr]eview{SP}of|[Pp]remiere{SP}of)"
    rf"{SP}+(?:the{SP}+film{SP}+|the{SP}+movie{SP}+)?{_TITLE_NAME}(?={SP}+(?:again|tonight|today|last|this|at|on|in|with|for)\b|[.,;!?])"
)
TITLE_APPOSITION = re.compile(
    rf"{_TITLE_NAME},{SP}+(?:[{UP}][\w'’.-]*{SP}+){{1,3}}?[{UP}][\w.-]*['’]s?{SP}+(?:[a-z\-]+{SP}+){{0,3}}?"
    rf"(?:film|drama|thriller|comedy|documentary|debut|feature|picture|movie|western|musical|noir|fable|epic)\b"
)
TITLE_IS_A_FILM = re.compile(
    rf"(?:^|(?<=[.!?]{SP}))(?!(?:It|This|That|He|She|They|There|Here|What|When|Which)\b){_TITLE_NAME}{SP}+(?:is|was){SP}+"
    rf"(?:a|an|the){SP}+(?:[a-z\-]+,?{SP}+){{0,4}}?(?:film|drama|thriller|comedy|documentary|debut|feature|picture|movie"
    rf"|western|musical|noir|fable|epic|romance|horror)\b",
    re.M,
)
CAPSULE_AFTER_BOLD = re.compile(r"[ \t]*(?:[★⭐☆½]+[ \t]*)?\(")
ALLCAPS_BEFORE_PAREN = re.compile(
    rf"^[ \t]*(?P<title>[{UP}0-9][{UP}0-9'’:&.-]*(?:{SP}[{UP}0-9][{UP}0-9'’:&.-]*)*){SP}*\(", re.M
)
TITLE_WITH_YEAR = re.compile(rf"(?P<title>{TITLE_RUN}){SP}*\((?P<year>(?:18|19|20)\d\d)[);,]")
TITLE_IS_A = re.compile(
    rf"(?P<title>{TITLE_RUN})(?:{SP}+(?:is|was|marks|proves|stands{SP}+as|arrives{SP}+as|remains){SP}+(?:a|an|the)"
    rf"|,{SP}+(?:the|a|an){SP}+(?:[\w’'-]+{SP}+){{0,3}}?(?:film|movie|feature|entry|sequel|thriller|drama|comedy)\b)"
)
YEAR_IN_PARENS = re.compile(r"\s*\((?P<year>(?:18|19|20)\d\d)\)")
# Another film named with its year ("her last film, Paper Moon (2012), which ..."): the title
# run right before "(2012)", and the relative clause after it that still speaks of that film.
PARENS_YEAR = re.compile(r"\((?:18|19|20)\d\d\)")
TITLE_BEFORE_YEAR = re.compile(rf"(?P<title>{TITLE_RUN}){SP}*$")
RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|that|where|whose|in\s+which|starring|featuring|shot|scored)\b")
YEAR_AT_END = re.compile(r"\((?:18|19|20)\d\d\)\s*$")
REVIEW_PREFIX = re.compile(r"(?i)(?:(?:movie|film)\s+)?review\s*[:\-–—|]\s*")
TITLE_LINE = re.compile(r"(?P<title>.+?)(?:[ \t]*\((?P<year>(?:18|19|20)\d\d)\))?[ \t]*$")
REVIEW_SUFFIX = re.compile(r"[ \t]*(?:[-–—:|][ \t]*)?(?:(?:an?|the)[ \t]+)?(?:(?:full|movie|film)[ \t]+)?review$", re.I)
TITLE_OPENERS = wordset(
    """
    in after with from following like unlike directed starring set when while although though as for
    this that it its his her their director filmmaker rewatched watched revisited revisiting rewatching watching
    finally saw seen reviewing
    """
)
QUOTES = "\"'“”‘’«»„`*_ \t\u00a0"
# "<Title> (2024) is a sleek action thriller that ...": the words between "is a" and the
# first clause word hold the genres.
IS_A = re.compile(
    rf"(?:{SP}*\((?:18|19|20)\d\d\))?{SP}+(?:is|was|remains|proves{SP}+to{SP}+be|stands{SP}+as){SP}+(?:a|an){SP}+"
)
GENRE_SEGMENT_END = re.compile(
    r"\b(?:that|which|who|whom|about|from|set|with|where|following|based|starring|directed|in|of|by|for|as|like|than"
    r"|but|not|rather|dressed|disguised|posing|masquerading|instead|to|toward|towards|into|against|over|between"
    r"|among|after|before|on|at)\b|[;:—–()]"
)
SUBTITLE_SPLIT = re.compile(r"\s*(?::|\s[–—-]\s)\s*")

# --- pull quotes ------------------------------------------------------------------
EVALUATIVE = wordset(
    """
    beautiful stunning masterful masterpiece triumph triumphant captivating mesmerizing mesmerising
    breathtaking unforgettable gripping riveting haunting powerful moving brilliant exhilarating
    electrifying dazzling must-see spectacular evolution extraordinary remarkable superb sublime
    thrilling poetic exceptional compelling visceral stylish gorgeous elegant standout perfect bold
    ambitious fresh delight delightful landmark essential masterclass knockout astonishing audacious
    relentless sleek best finest dull tedious disappointing mess misfire forgettable bland flawed
    stunningly beautifully hauntingly sophisticated vivid cathartic striking assured confident rewarding
    unmissable iconic hilarious heartfelt raucous funny terrifying chilling poignant tender intimate
    epic towering achievement classic crowd-pleaser luminous lush magnetic electric fierce devastating
    affecting memorable flawless breathless exhilarating triumphantly thrilling dazzling spellbinding
    riveting absorbing engrossing
    """
)
PULL_QUOTE_SHAPE = re.compile(
    r"\b(?:is|isn['’]t|are)\s+(?:not|more\s+than)\s+(?:just|merely|simply)\b|\bmore\s+than\s+(?:just\s+)?a\b|\bnot\s+just\s+a\b",
    re.I,
)
QUOTE_SHAPE_WORDS = wordset("just merely simply more")  # a sentence may have PULL_QUOTE_SHAPE
PRONOUN_START = wordset("it this that they he she her his their these those but and yet so here there its")
WORD = re.compile(r"[\w'’-]+")

# --- cue words ------------------------------------------------------------------
PROSE_RULES: tuple[Rule, ...] = (
    *DIRECTOR_RULES,
    *CREW_RULES,
    POSSESSIVE_CREW,
    *CAST_ROLE_RULES,
    *CAST_PLAIN_RULES,
    *IN_PARENTHESES,
    PORTRAYAL,
    *CHARACTER_RULES,
    *ORG_RULES,
    *PLACE_RULES,
)


def _rules_by_cue() -> dict[str, tuple[str, ...]]:
    """Cue word (or "(") -> the names of the rules a sentence holding it is worth trying."""
    owners: dict[str, list[str]] = {}
    for r in PROSE_RULES:
        for cue in r.cues:
            owners.setdefault(cue, []).append(r.name)
    return {cue: tuple(names) for cue, names in owners.items()}


RULES_BY_CUE = _rules_by_cue()
