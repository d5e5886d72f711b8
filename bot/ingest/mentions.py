"""Where a document names a film: title runs, "Title (Year)", "watched X", "X is a ... film".

The title stage gathers its candidates with these; the scope stage finds other
films by them ("her last film, Paper Moon (2012), which ...").
"""

from __future__ import annotations

import re

from bot.ingest import lexicon as lx
from bot.ingest.names import SP, UP

# --- titles, quotes, years ----------------------------------------------------------
_TITLE_SMALL = r"(?:a|an|the|of|and|in|on|at|to|for|with|from|by|vs\.?|or|into|as|&|[–—\-:])"

_TWORD = rf"(?:[{UP}0-9][^\s()\[\]]*)"

TITLE_RUN = rf"{_TWORD}(?:{SP}(?:{_TITLE_SMALL}{SP})*{_TWORD})*"

# Where the body names a film: "watched X", "X, Ana Lopez's patient drama", "X is a ... film".
_TITLE_NAME = rf"(?P<title>{TITLE_RUN})"

WATCHED_TITLE = re.compile(
    # (The look-behind follows the first letter, so the search can skip to one of them without trying the rest.)
    rf"[WwRrSsPp](?<![\w][WwRrSsPp])(?:(?<=[Ww])atched|(?<=[Rr])(?:ewatched|evisited|eview{SP}of)"
    rf"|(?<=[Ss])(?:aw|creened|creening{SP}of)|(?<=[Pp])remiere{SP}of)"
    rf"{SP}+(?:the{SP}+film{SP}+|the{SP}+movie{SP}+)?{_TITLE_NAME}(?={SP}+(?:again|tonight|today|last|this|at|on|in|with|for)\b|[.,;!?])"
)

TITLE_APPOSITION = re.compile(
    rf"{_TITLE_NAME},{SP}+(?:[{UP}][\w'’.-]*{SP}+){{1,3}}?[{UP}][\w.-]*['’]s?{SP}+(?:[a-z\-]+{SP}+){{0,3}}?"
    rf"(?:film|drama|thriller|comedy|documentary|debut|feature|picture|movie|western|musical|noir|fable|epic)\b"
)

# A word of a description before its head noun: no verb or preposition ("the grossest man in the film" is a man).
# Nor a comparison's: "Glass Orchard is the better film" speaks of the other film.
_MODIFIER = (
    r"(?!(?:is|was|are|were|has|had|have|in|of|on|at|by|for|to|about|from|with|and|but|that|which|who"
    r"|better|worse|superior|lesser|weaker|stronger|funnier|scarier)\b)"
)

TITLE_IS_A_FILM = re.compile(
    rf"(?:^|(?<=[.!?]{SP}))(?!(?:It|This|That|He|She|They|There|Here|What|When|Which)\b){_TITLE_NAME}{SP}+(?:is|was){SP}+"
    rf"(?:a|an|the){SP}+(?:{_MODIFIER}[a-z\-]+,?{SP}+){{0,4}}?(?:film|drama|thriller|comedy|documentary|debut|feature|picture|movie"
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

TITLE_OPENERS = lx.wordset(
    """
    in after with from following like unlike directed starring set when while although though as for
    this that it its his her their director filmmaker rewatched watched revisited revisiting rewatching watching
    finally saw seen reviewing
    """
)

# "<Title> (2024) is a sleek action thriller that ...": the words between "is a" and the
# first clause word hold the genres.
IS_A = re.compile(
    rf"(?:{SP}*\((?:18|19|20)\d\d\))?{SP}+(?:is|was|remains|proves{SP}+to{SP}+be|stands{SP}+as){SP}+(?:a|an){SP}+"
)

SUBTITLE_SPLIT = re.compile(r"\s*(?::|\s[–—-]\s)\s*")

# --- where the body names its film when no headline does ------------------------------------
# (`mainfilm.body_subject`: festival dispatches, threads, wire stories, diaries, newsletters.)
_CERTIFICATE = r"(?:G|PG|PG-13|R|NC-17|U|12A?|15|18|NR|M|MA15\+)"
FILM_NOUNS = (
    r"(?:film|feature|debut|movie|picture|drama|thriller|comedy|documentary|western|musical|noir|fable|epic"
    r"|romance|satire|melodrama|adaptation|remake|sequel|story|tale)"
)
_PERSON_NOUNS = r"(?:star|stars|actor|actress|director|legend|icon|veteran|writer|producer|composer|critic|fan|buff)\b"
# The body says the film is out: "X came out on 27 June", "X opens in UK cinemas tomorrow", "X (15) is released on".
TITLE_RELEASED = re.compile(
    rf"{_TITLE_NAME}(?:{SP}*\({_CERTIFICATE}\))?{SP}+(?:(?:came|comes){SP}+out|opened|opens|premiered|premieres"
    rf"|(?:is|was|gets|got){SP}+released|hit{SP}+(?:cinemas|theaters|theatres))\b"
    rf"(?!{SP}+(?:it|them|him|her|this|that|the{SP}+film)\b)"
)
RELEASE_CUES = (" came out", " comes out", " opened", " opens", "released", "premiere", " hit ")
# The body watches it: "made my nephew watch X for the first time", "a new restoration of X played", "went to see X".
TITLE_WATCHED = re.compile(
    rf"(?:\b(?:[Ww]atch|[Ww]atched|[Rr]ewatched|[Rr]ewatching|[Ww]atching|[Ss]aw|[Rr]evisited|[Ss]creened)"
    rf"|\b(?:[Ww]ent|[Gg]o|[Gg]oing|[Tt]ook{SP}+[a-z]+)\b(?:[^.!?\n]{{0,40}}?{SP}to)?{SP}+see"
    rf"|\b(?:[Ss]creening|[Rr]estoration|[Rr]emaster|[Pp]rint|[Pp]remiere|[Rr]eview){SP}+of)"
    rf"{SP}+(?:the{SP}+(?:film|movie){SP}+)?{_TITLE_NAME}(?=[.,;:!?)]|{SP}+[a-z(]|[ \t]*$)",
    re.M,
)
WATCH_CUES = ("watch", "saw ", "revisited", "screen", " see ", "restoration", "remaster", "print of", "premiere of")
# The next sentence describes it: "... one word: Moonlight. Barry Jenkins's second feature is a drama".
TITLE_THEN_DESCRIBED = re.compile(
    rf"{_TITLE_NAME}[.!]\s+(?P<owner>[{UP}][\w.'’-]*(?:{SP}[{UP}][\w.'’-]*){{0,3}})['’]s?{SP}+"
    rf"(?:{_MODIFIER}[a-z\-]+{SP}+){{0,3}}?{FILM_NOUNS}\b"
)
# An apposition says what it is: "X, a chilly British thriller", "X, Ana Lopez's ghost story", "*X* — Y's comedy".
TITLE_DESCRIBED = re.compile(
    rf"{_TITLE_NAME}{SP}*(?:,|{SP}[–—-]){SP}+(?:(?P<owner>[{UP}][\w.'’-]*(?:{SP}[{UP}][\w.'’-]*){{0,3}})['’]s?"
    rf"{SP}+(?:{_MODIFIER}[\w-]+,?{SP}+){{0,3}}?|the{SP}+(?:{_MODIFIER}[\w-]+,?{SP}+){{1,3}}?"
    rf"|an?{SP}+(?:{_MODIFIER}[\w-]+,?{SP}+){{0,3}}?)"
    rf"{FILM_NOUNS}\b(?!{SP}+{_PERSON_NOUNS})"
)
# A film's year (or certificate) in the parenthesis after its title, past an original title: "X (Das Y, 2006)".
YEAR_AFTER_TITLE = re.compile(rf"[*_ \t]*\((?:[^()\n]{{0,60}}?,{SP}*)?(?P<year>(?:18|19|20)\d\d)\)")
HASHTAG = re.compile(r"(?<![\w#&/])#(?P<tag>[A-Za-z][A-Za-z0-9]{1,40})\b")
# Right before a mention that is a film in passing: "like X", "since X", "her follow-up, X", "he wrote X".
# Earlier in the sentence: "If you liked this, try X", "films like X", "compared with X", "the remake, X".
PASSING_IN_SENTENCE = re.compile(
    r"(?i)\b(?:like|unlike|than|follow-up|sequel|prequel|remake|try|liked|recommend\w*|instead|compared|companion"
    r"|double[ \t]+bill|elsewhere)\b[^.!?\n]*$"
)
PASSING_LEAD = re.compile(
    r"(?i)\b(?:like|unlike|than|since|after|before|follow-up|sequel|prequel|remake|wrote|did|made|known[ \t]+for"
    r"|(?:was|been|starred|appeared|seen)[ \t]+in|oscar[ \t]+for|instead[ \t]+of|companion[ \t]+to)"
    r"[ \t,]+(?:the[ \t]+)?$"
)
