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
