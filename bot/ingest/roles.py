"""People and roles in prose: who plays whom, and who did which job, decided by the relation.

Works on one clean sentence at a time, with the person-name recogniser of
`names` (a name runs to its end: a role is never the first words of a longer
name). Cast relations, in both orders:

- "X as Y", "X, as the auditor Y,", "X steals every scene as Y", "X turns up as Y";
  "A and B ... as the robbers C and D" (each in order);
- "X plays Y", "X, who had never acted, plays Y", "Y, whom X plays"; "X is Y," /
  "X is her husband Y" / "X is Z's mother, Y," and "Woody is Tom Hanks";
- "X's Y", "X gives Y a ...", decided once the whole document is read: X must
  be known to act, or a full name that directs nothing, and Y no title
  ("X's Gravity, with Z", "X's The Look of Silence", "her debut, X's Y");
- "As Y, ..., X gives ..."; "the role of ... Y went to X"; "She is voiced by X"
  after the sentence naming her;
- "Y (X)", "X (Y)", "X = Y", "X: Y": which side is the actor is decided by
  what the document already says about either name, a surname it writes in
  full elsewhere, a rank ("Dr.", "Agent") that only characters carry, the one
  side that is a full name, or how the text calls each (actors by surname,
  characters by first name); a pair nothing decides follows the order the
  document's decided pairs use, and is dropped when there are none.

Job relations are decided by the verb and its object ("X shot it",
"X wrote the music", "X cut the truck chase", "X is credited as the producer",
"the directing credit went to X", "He wrote it, directed it, and shot it"),
by "X's <film noun>" and "the film from X" (the director), never by the verb
alone: "the novel written by X", "the music for the stage version" and a job
in a character's description ("as the failed writer X") credit nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot import model as m
from bot.ingest import lexicon as lx
from bot.ingest import names as nm
from bot.ingest import values as v
from bot.ingest.blocks import Rule, rule
from bot.ingest.fullnames import full_name_in_text
from bot.ingest.lexicon import written_job
from bot.ingest.names import (
    CHARACTER,
    NAME,
    NAMES,
    NAMES_JOINED,
    PERSON,
    PERSON_LIST,
    RANKED,
    SP,
    UP,
    alternation,
    either_case,
    people_in,
    person_name,
)
from bot.ingest.reading import Reading
from bot.ingest.scope import this_film_year
from bot.ingest.story import ORG_HEADS
from bot.ingest.values import fold_key as fold

_LOW = "a-zß-öø-ÿāćčďđēęěğıķłńňōőœřśşšţťūůűźżž"
_DESCRIPTOR = (
    rf"(?:(?:the|a|an|his|her|their|its|young|old|[A-Z][{_LOW}]+['’]s)[ \u00a0]+(?:[{_LOW}\-]+[ \u00a0]+){{0,4}}?)?"
)
# A character's name runs to its end: a name cut short ("Samuel" of "Marshal Samuel Gerard" past four words) is none.
_CHAR = rf"{_DESCRIPTOR}(?P<char>(?>{NAME}))(?![’']s?\b)(?![ \u00a0]+[{UP}][{_LOW}])"
_FILLER = rf"(?:[{_LOW}'’\-]+,?[ \u00a0]+){{0,8}}?"  # "steals every scene ", "is in it for ten minutes "
_NOT_A_ROLE_AS = frozenset("such same known well soon long much far just regarded seen described billed cast".split())

# "X, not yet a romantic lead, plays Y", "X, who had directed Z decades earlier, turns up as Y".
_LOWER_ASIDE = rf"(?:,[ \u00a0]+(?!(?:and|or|but|while|whereas|as)\b)[{_LOW}][^,;.!?()]{{0,90}},)"
_AS_APPOSED = (
    rf"(?:(?:[A-Z][{_LOW}]+['’]s|his|her|their)[ \u00a0]+(?:[{_LOW}\-]+[ \u00a0]+){{0,3}}?[{_LOW}\-]+,[ \u00a0]+)"
)
_AS = re.compile(
    rf"(?P<actor>{NAME}){_LOWER_ASIDE}?(?:,[ \u00a0]+|[ \u00a0]+)(?P<filler>{_FILLER})as[ \u00a0]+{_AS_APPOSED}?{_CHAR}"
)
_APPOSED_ROLE = rf"(?:(?:his|her|their|the|a|an)[ \u00a0]+(?:[{_LOW}\-]+[ \u00a0]+){{0,2}}?[{_LOW}\-]+,[ \u00a0]+)"
_PLAYS = re.compile(
    rf"(?P<actor>{NAME}){_LOWER_ASIDE}?"
    rf"[ \u00a0]+(?:also[ \u00a0]+)?(?:plays|played|portrays|portrayed|voices|voiced|embodies)"
    rf"[ \u00a0]+{_APPOSED_ROLE}?{_CHAR}"
)
_WHOM = re.compile(
    rf"(?P<char>{NAME}),[ \u00a0]+(?:whom|who\s+is\s+played\s+by)[ \u00a0]+(?P<actor>{NAME})"
    rf"(?![ \u00a0]+(?:plays[ \u00a0]+as\b|[{UP}]))"
)
_LISTED_BEFORE = re.compile(rf"[{UP}][\w'’.-]*(?:,|,?[ \u00a0]+and|[ \u00a0]*&)[ \u00a0]*$")  # "A and B ... as"
_PLAYED_BY = re.compile(
    rf"(?P<char>{NAME}),?[ \u00a0]+(?:is|was)[ \u00a0]+(?:played"
    rf"|portrayed|voiced)[ \u00a0]+by[ \u00a0]+(?P<actor>{NAME})"
)
# "X gives Norman a nervous charm": what an actor gives a character.
_ELIDED = re.compile(rf"(?P<actor>{NAME})['’]s[ \u00a0]+as[ \u00a0]+{_CHAR}")
_GIVES = re.compile(
    rf"(?P<actor>{NAME})[ \u00a0]+(?:gives|gave|lends|lent)[ \u00a0]+(?P<char>{NAME})(?![’']s?\b)"
    rf"[ \u00a0]+(?:a|an|the|his|her|their)[ \u00a0]"
)
_AND_PLAYED = re.compile(
    rf"(?P<char>{NAME})(?:,[ \u00a0]+(?:a|an|the)[ \u00a0]+[^,;.!?()]{{1,80}})?,?[ \u00a0]+and[ \u00a0]+(?:he|she)"
    rf"(?:['’]s|[ \u00a0]+is|[ \u00a0]+was)[ \u00a0]+"
    rf"(?:played|voiced|portrayed)[ \u00a0]+by[ \u00a0]+(?P<actor>{NAME})"
)
_WHOSE = re.compile(rf"(?P<actor>{NAME}),[ \u00a0]+whose[ \u00a0]+(?P<char>{NAME})(?![’']s?\b)")
# "is Chiron's mother, Paula": a relation to another character, then the name set off by a comma.
_APPOSED_DESCRIPTOR = (
    rf"(?:(?:[A-Z][{_LOW}]+['’]s|his|her|their)[ \u00a0]+(?:[{_LOW}\-]+[ \u00a0]+){{0,2}}?[{_LOW}\-]+,[ \u00a0]+)"
)
_SHORT_DESCRIPTOR = rf"(?:(?:the|his|her|their|its|[A-Z][{_LOW}]+['’]s)[ \u00a0]+(?:[{_LOW}\-]+[ \u00a0]+){{0,2}}?)?"
_ASIDE = rf"(?:,[ \u00a0]+(?:in|with|of|for|at)[ \u00a0]+[{_LOW}'’\- \u00a0]{{1,30}},)"  # "X, in a beret, is Y"
_IS = re.compile(
    rf"(?P<actor>{NAME}){_ASIDE}?[ \u00a0]+(?:is|was)[ \u00a0]+(?:{_APPOSED_DESCRIPTOR}|{_SHORT_DESCRIPTOR})"
    rf"(?P<char>{NAME})(?![’']s?\b)"
    rf"(?=[,.;:!?)]|[ \u00a0]+(?:and|who|whose)[ \u00a0]+|$)"
)
# "X's second Batman", "X's new Dune": a film in a series, never a role.
_ORDINALS = "(?:first|second|third|fourth|fifth|last|latest|new|newest|next|previous|earlier|later|original|own)"
_POSSESSIVE = re.compile(
    rf"(?P<actor>{NAME})['’]s?[ \u00a0]+(?:(?!{_ORDINALS}\b)[{_LOW}]{{3,}}[ \u00a0]+)?(?P<char>(?>{NAME}))"
    rf"(?![ \u00a0]?\(|[ \u00a0]+[{UP}][{_LOW}])"
)
_ROLE_FIRST = re.compile(
    rf"(?<![\w'’,;])As[ \u00a0]+(?P<char>{NAME}),(?:[^,]{{0,90}},)?[ \u00a0]+(?P<actor>{NAME})[ \u00a0]+(?=[{_LOW}])"
)
_WENT_TO = re.compile(
    rf"\b(?:role|part)s?[ \u00a0]+of\b[^.;]{{0,90}}?(?P<char>{NAME}),?[ \u00a0]+went[ \u00a0]+to[ \u00a0]+"
    rf"(?P<actor>{NAME})"
)
_RESPECTIVELY = re.compile(
    rf"(?P<chars>{NAMES})[^.;!?]{{0,40}}?\b(?:roles|parts)[ \u00a0]+(?:went|go|fell)[ \u00a0]+to[ \u00a0]+"
    rf"(?P<actors>{NAMES})"
    rf",?[ \u00a0]+respectively\b"
)
_PAIR_PARENS = re.compile(rf"(?P<a>{NAME})[ \u00a0]?\((?P<b>{NAME})(?:,[ \u00a0]+[{_LOW}][^()]{{0,80}})?\)")
_PAIR_EQUALS = re.compile(rf"(?P<a>{NAME})[ \u00a0]*(?:=|:|→)[ \u00a0]*(?P<b>{NAME})(?=[ \u00a0]*(?:[,.;(]|$))")

_SUBJECT_JOB = re.compile(
    rf"(?P<names>{NAMES})(?P<aside>,[ \u00a0]+(?:who|[A-Z][\w.-]*['’]s?|his|her|their)[ \u00a0]+[^,.;:!?()]{{1,60}},)?"
    rf"[ \u00a0]+"
    rf"(?:also[ \u00a0]+|then[ \u00a0]+|himself[ \u00a0]+|herself[ \u00a0]+"
    rf"|famously[ \u00a0]+)?(?P<lit>lit[ \u00a0]+and[ \u00a0]+)?"
    rf"(?P<verb>directed|directs|helmed|shot|photographed|lensed|scored|composed|edited|cut|produced|co-produced"
    rf"|co-wrote|wrote|designed|adapted|dressed)\b(?P<object>[^,.;:!?]{{0,40}})"
)
_CREDITED = re.compile(
    rf"(?P<names>{NAMES})(?:,|[ \u00a0]+(?:is|was|are|were))[ \u00a0]+(?:credited|listed|billed)[ \u00a0]+as[ \u00a0]+"
    rf"(?:the[ \u00a0]+)?(?:film['’]s[ \u00a0]+)?(?P<noun>[{_LOW}]+(?:[ \u00a0]+[{_LOW}]+)?)"
)
_NOUN_CREDITED = re.compile(
    rf"\b[Tt]he[ \u00a0]+(?P<noun>[{_LOW}]+(?:[ \u00a0]+[{_LOW}]+)?)[ \u00a0]+(?:is|was)[ \u00a0]+"
    rf"(?:credited[ \u00a0]+as|listed[ \u00a0]+as)"
    rf"[ \u00a0]+(?P<names>{NAMES})"
)
_CREDIT_WENT = re.compile(
    rf"\b(?P<noun>directing|direction|writing|editing|screenplay|producing|music|score)[ \u00a0]+credits?[ \u00a0]+"
    rf"(?:(?:went|goes|belongs|fell)[ \u00a0]+to|(?:is|are|was|were)[^:;.!?]{{0,24}}:)[ \u00a0]+(?P<names>{NAMES})"
)
_FILM_FROM = re.compile(rf"\b(?:film|movie|feature|picture)[ \u00a0]+(?:from|by)[ \u00a0]+(?P<names>{NAMES})")
_OWNER_FILM = re.compile(
    rf"(?P<names>{NAMES_JOINED})['’]s?[ \u00a0]+(?P<lead>(?:(?:\d{{4}}|[{_LOW}\-]+|[{UP}][{_LOW}]+)[ \u00a0]+){{0,3}}?)"
    rf"(?P<noun>film|movie|feature|picture|debut|masterpiece|classic|thriller|drama|comedy|noir|western|musical"
    rf"|horror|melodrama|epic|satire|fable|romance|mystery|adaptation|follow-up|latest)\b"
)
_APPOSED_TITLE = re.compile(r"[ \u00a0]*[,:—–][ \u00a0]*[*_\"“ \u00a0]*(?P<title>[A-Z0-9][^,;:.!?()*_\"”]{0,60})")
_OTHER_FILM_BEFORE = re.compile(
    r"(?:\b(?:unlike|like|than|after|before|since|versus|vs|another|other|earlier|later|next|previous)"
    r"(?:[ \u00a0]+[\w'’-]+){0,2}[ \u00a0]*$)"
    r"|(?-i:[A-Z][\w'’.:-]*(?:[ \u00a0]+(?:[A-Z][\w'’.:-]*|of|the|a|an|and|in|on|at|to)){0,5},[ \u00a0]*$)",
    re.I,
)
# The object of the work decides the job, whatever the verb of making ("X built the score around it").
WORK_NOUNS = {
    "score": "composer",
    "music": "composer",
    "soundtrack": "composer",
    "songs": "composer",
    "camera": "cinematographer",
    "camerawork": "cinematographer",
    "cinematography": "cinematographer",
    "photography": "cinematographer",
    "lensing": "cinematographer",
    "editing": "editor",
    "costumes": "costume designer",
    "costume design": "costume designer",
    "costume designs": "costume designer",
    "production design": "production designer",
    "sets": "production designer",
    "set design": "production designer",
    "visual effects": "visual effects supervisor",
    "special effects": "visual effects supervisor",
    "effects": "visual effects supervisor",
    "screenplay": "writer",
    "script": "writer",
    "stunts": "stunt coordinator",
    "direction": m.DIRECTOR,
}
_WORK = "|".join(sorted((w.replace(" ", "[ \u00a0]+") for w in WORK_NOUNS), key=len, reverse=True))
_MAKING_VERBS = (
    "wrote|composed|built|provided|provides|supplied|supplies|supply|delivered|delivers|contributed|contributes|did"
    "|does|handled|handles|designed|designs|created|creates|crafted|made|arranged|conducted|supervised|supervises"
    "|oversaw|oversees|lit|cut|edited|assembled|penned|co-wrote|adapted|built|shaped|wrote[ \u00a0]+out"
)
_DET = rf"(?:the|a|an|its|his|her|their|this)[ \u00a0]+(?:[{_LOW}\-]+,?[ \u00a0]+){{0,3}}?"
_MADE_WORK = re.compile(
    rf"(?P<names>{NAMES})[ \u00a0]+(?:also[ \u00a0]+|then[ \u00a0]+)?"
    rf"(?:{_MAKING_VERBS})[ \u00a0]+{_DET}(?P<noun>{_WORK})\b"
)
_OWNER_WORK = re.compile(
    rf"(?P<names>{NAMES_JOINED})['’]s?[ \u00a0]+(?:[{_LOW}\-]+,?[ \u00a0]+){{0,2}}?(?P<noun>{_WORK})\b"
)
_NOUN_WAS = re.compile(
    rf"\b[Tt]he[ \u00a0]+(?:film['’]s[ \u00a0]+)?(?P<noun>production[ \u00a0]+designer|costume[ \u00a0]+designer"
    rf"|editor|director(?![ \u00a0]+of)"
    rf"|cinematographer|composer|screenwriter|producer|producers"
    rf"|writer|writers|director[ \u00a0]+of[ \u00a0]+photography"
    rf"|visual[ \u00a0]+effects[ \u00a0]+supervisor)[ \u00a0]+(?:is|was|were|are)[ \u00a0]+(?P<names>{NAMES})"
)
_WORK_IS_OWNED = re.compile(
    rf"\b[Tt]he[ \u00a0]+(?P<noun>script|screenplay|score|music|camerawork|cinematography|editing)[ \u00a0]+(?:is|was)"
    rf"[ \u00a0]+(?:all[ \u00a0]+)?(?P<names>{NAMES_JOINED})['’]s?\b(?:,[ \u00a0]+(?:written|co-written|composed)"
    rf"[ \u00a0]+with[ \u00a0]+(?P<more>{NAMES}))?"
)
_WORK_CREDITED = re.compile(
    rf"\b(?:[Tt]he[ \u00a0]+)?(?P<noun>story|screenplay|script)[ \u00a0]+"
    rf"(?:is|was)[ \u00a0]+credited[ \u00a0]+to[ \u00a0]+"
    rf"(?P<names>{NAMES})(?:[ \u00a0]+with[ \u00a0]+(?P<more>{NAMES}))?"
)
_PRONOUN_JOB = re.compile(
    rf"\b(?:They|He|She)[ \u00a0]+(?:also[ \u00a0]+)?(?P<verb>wrote|directed|shot|scored|edited|produced|co-wrote)\b"
    rf"(?P<object>[^,.;]{{0,30}}),[ \u00a0]+(?P<names>{NAMES})[ \u00a0]*(?=[.;]|$)"
)
# "X made <Title>", "X's <Title>", matched backwards from the title's mention (the match ends there).
_MADE_BEFORE = re.compile(rf"(?P<names>{NAMES_JOINED})[ \u00a0]+(?:made|directed|helmed|shot)[ \u00a0]+$")
_OWNER_BEFORE = re.compile(rf"(?P<names>{NAMES_JOINED})['’]s?[ \u00a0]+$")

JOB_NOUNS = {
    "director": m.DIRECTOR,
    "co-director": m.DIRECTOR,
    "producer": "producer",
    "co-producer": "producer",
    "executive producer": None,
    "editor": "editor",
    "film editor": "editor",
    "writer": "writer",
    "co-writer": "writer",
    "screenwriter": "writer",
    "composer": "composer",
    "cinematographer": "cinematographer",
    "director of": "cinematographer",
    "directing": m.DIRECTOR,
    "direction": m.DIRECTOR,
    "editing": "editor",
    "screenplay": "writer",
    "producing": "producer",
    "music": "composer",
    "score": "composer",
}
_OBJECT_PRONOUNS = ("it", "the film", "the movie", "the picture", "this", "everything", "both", "all")
_SHOT_OBJECTS = (*_OBJECT_PRONOUNS, "that", "in ", "on ", "with ", "beautifully", "gorgeously")
# "shot whole sequences on IMAX", "cut the truck chase": a part of the film as the object.
_FOOTAGE = re.compile(
    r"[ \u00a0]+(?:(?:whole|entire|most|much|all|some|many|the|its|every)[ \u00a0]+)(?:of[ \u00a0]+)?"
    r"(?:the[ \u00a0]+)?(?:[a-z-]+[ \u00a0]+){0,2}?(?:sequences?|scenes?|chases?|battles?|montages?|fights?"
    r"|footage|action|finale|climax)\b"
)


# Cue words: a pattern runs only on a sentence holding one of them (see `_has`).
_CAST_PATTERNS = (
    (_PLAYS, frozenset("plays played portrays portrayed voices voiced embodies".split())),
    (_IS, frozenset({"is", "was"})),
    (_ROLE_FIRST, frozenset({"as"})),
    (_WENT_TO, frozenset({"went"})),
    (_WHOM, frozenset({"whom", "played"})),
    (_PLAYED_BY, frozenset({"played", "portrayed", "voiced"})),
    (_AND_PLAYED, frozenset({"played", "portrayed", "voiced"})),
)
_SUBJECT_VERBS = frozenset(
    "directed directs helmed shot photographed lensed scored composed edited cut produced co-produced wrote co-wrote"
    " designed made adapted dressed".split()
)
_WORK_CUES = frozenset(noun.split()[-1] for noun in WORK_NOUNS)
_JOB_NOUN_CUES = frozenset(
    "designer editor cinematographer composer writer writers screenwriter producer producers photography director"
    " supervisor".split()
)
_PRONOUNS = frozenset({"they", "he", "she"})
_CREDIT_WORDS = frozenset({"credited", "listed", "billed", "credit"})
_FROM_BY = frozenset({"from", "by"})
_FILM_NOUNS = frozenset({"film", "movie", "feature", "picture"})
# Any cue word of a job pattern (the possessive and title patterns are cued by "'s" and the title).
_ANY_JOB_CUE = _SUBJECT_VERBS | _WORK_CUES | _JOB_NOUN_CUES | _CREDIT_WORDS | _FILM_NOUNS


@dataclass(frozen=True, slots=True)
class CastRelation:
    actor: tuple[int, int]
    character: tuple[int, int] | None
    span: tuple[int, int]
    decided: bool = True  # False: a pair whose order the document's other pairs decide
    either: bool = False  # "Y is X" as well as "X is Y": the one full name against a first name is the actor


@dataclass(frozen=True, slots=True)
class JobRelation:
    field: str  # director or crew
    job: str | None
    names: tuple[int, int]  # the span of "A, B and C"
    span: tuple[int, int]


def _object_is(rest: str, words: tuple[str, ...]) -> bool:
    rest = rest.strip().lower()
    return not rest or any(rest.startswith(word) for word in words)


_WORD = re.compile(r"[a-z][a-z'’\-]*")


_PUNCTUATION = str.maketrans({ch: " " for ch in '.,;:!?()[]{}"“”‘*_/|=…—–'})


def sentence_words(lower: str) -> frozenset[str]:
    """The words of a lower-cased sentence: the cue test of every pattern is one set operation."""
    return frozenset(lower.translate(_PUNCTUATION).split())


def _has(words: frozenset[str], cues: frozenset[str]) -> bool:
    """Whether a sentence holds one of a pattern's cue words: most sentences hold none, and the
    test costs far less than the pattern."""
    return not words.isdisjoint(cues)


def _possessive(sentence: str) -> bool:
    return "'s " in sentence or "’s " in sentence or "s' " in sentence or "s’ " in sentence


def cast_relations(text: str, start: int, end: int, words: frozenset[str] | None = None) -> Iterator[CastRelation]:
    """Cast relations in the sentence [start, end) (`words`: its `sentence_words`, for the cue tests)."""
    sentence = text[start:end]
    words = sentence_words(sentence.lower()) if words is None else words
    if "as" in words:
        yield from _as_relations(text, start, end)
    for pattern, cues in _CAST_PATTERNS:
        if _has(words, cues) and (pattern is not _IS or _NAME_IS.search(sentence)):
            for match in pattern.finditer(text, start, end):
                yield CastRelation(match.span("actor"), match.span("char"), match.span(), either=pattern is _IS)
    if _possessive(sentence):
        for match in _POSSESSIVE.finditer(text, start, end):
            yield CastRelation(match.span("actor"), match.span("char"), match.span(), decided=False)
    if "as" in words and ("'s as " in sentence or "’s as " in sentence):
        for match in _ELIDED.finditer(text, start, end):  # "the one we remember is X's as Y"
            yield CastRelation(match.span("actor"), match.span("char"), match.span())
    if "respectively" in words:
        for match in _RESPECTIVELY.finditer(text, start, end):  # "A and B ... went to C and D respectively"
            chars = people_in(text, *match.span("chars"))
            actors = people_in(text, *match.span("actors"))
            if len(chars) == len(actors) > 1:
                for actor, char in zip(actors, chars, strict=True):
                    yield CastRelation(actor, char, match.span())
    if "gives" in words or "gave" in words or "lends" in words:
        for match in _GIVES.finditer(text, start, end):  # decided like "X's Y": X must be an actor
            yield CastRelation(match.span("actor"), match.span("char"), match.span(), decided=False)
    if "whose" in words:
        for match in _WHOSE.finditer(text, start, end):
            yield CastRelation(match.span("actor"), match.span("char"), match.span(), decided=False)


_NAME_IS = re.compile(r"(?:[A-Z][\w'’.\-]*|,)[ \u00a0]+(?:is|was)[ \u00a0]+")  # "X is Y" needs a capital before "is"


_CLAUSE_VERB_AFTER = re.compile(r"[ \u00a0]+(?!(?:is|was|has)\b)[a-z]+(?:s|ed)\b")


_RELATIVE_WORD = re.compile(r"\b(?:who|whom|whose|that|which)\b")


def _as_relations(text: str, start: int, end: int) -> Iterator[CastRelation]:
    for match in _AS.finditer(text, start, end):
        filler = match.group("filler").split()
        if filler and filler[-1] in _NOT_A_ROLE_AS and filler[-2:-1] != ["the"]:
            continue  # "X is best known as Y", "Z cast X as Y"; but "X completes the cast as Y"
        described = not text.startswith("as", match.start("char") - 3) and not text.startswith(
            "as", match.start("char") - 4
        )
        if described and _CLAUSE_VERB_AFTER.match(text, match.end("char"), end):
            continue  # "as the neurologist Phil visits": Phil is the subject of a clause about the role
        as_at = text.rfind("as", match.start(), match.start("char"))
        if described and _RELATIVE_WORD.search(text, as_at, match.start("char")):
            continue  # "as the owner who fires Sebastian": Sebastian is someone the role meets
        if filler and _LISTED_BEFORE.search(text, max(start, match.start() - 40), match.start()):
            yield from _respectively(text, start, end, match)
            continue  # "A and B open the film as Y and Z": each in order, or nothing
        yield CastRelation(match.span("actor"), match.span("char"), match.span())


_PAIR_BEFORE = re.compile(rf"(?P<first>{NAME})[ \u00a0]+and[ \u00a0]+$")
_PAIR_AFTER = re.compile(
    rf"[ \u00a0]+and[ \u00a0]+(?:(?:his|her|their)[ \u00a0]+[{_LOW}]+[ \u00a0]+)?(?P<second>{NAME})"
    rf"(?![’']s?\b)(?=[ \u00a0]*[,.;:!?)]|$)"
)


def _respectively(text: str, start: int, end: int, match: re.Match[str]) -> Iterator[CastRelation]:
    """ "A and B open the film as the robbers C and D": two actors, then two roles, in the same order."""
    first = _PAIR_BEFORE.search(text, max(start, match.start() - 40), match.start())
    second = _PAIR_AFTER.match(text, match.end("char"), end)
    if first and second:
        yield CastRelation(first.span("first"), match.span("char"), match.span())
        yield CastRelation(match.span("actor"), second.span("second"), (match.start("actor"), second.end()))


_PAREN_NAME = re.compile(r"\([ \u00a0]?[A-Z]")
_MARK_NAME = re.compile(r"[=:→][ \u00a0]*[A-Z]")


def name_pairs(text: str, start: int, end: int) -> Iterator[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """ "A (B)", "A = B", "A: B" pairs: (a span, b span, whole span); which is the actor is decided later."""
    sentence = text[start:end]
    for pattern, marks in ((_PAIR_PARENS, _PAREN_NAME), (_PAIR_EQUALS, _MARK_NAME)):
        if not marks.search(sentence):
            continue
        for match in pattern.finditer(text, start, end):
            yield match.span("a"), match.span("b"), match.span()


def is_ranked(name: str) -> bool:
    """A name led by a rank or honorific only characters carry ("Dr. Alan Grant", "Agent Smith")."""
    return bool(RANKED.match(name))


def _scan(pattern: re.Pattern[str], text: str, start: int, end: int, start_only: bool) -> Iterator[re.Match[str]]:
    if not start_only:
        return pattern.finditer(text, start, end)
    match = pattern.match(text, start, end)
    return iter((match,) if match else ())


def may_hold_jobs(sentence: str, lower: str, words: frozenset[str], title_keys: set[str]) -> bool:
    """Whether `job_relations` can find anything in a sentence: the one test most sentences fail."""
    if not words.isdisjoint(_ANY_JOB_CUE) or _possessive(sentence):
        return True
    return any(key in lower for key in title_keys)


def may_hold_pairs(sentence: str) -> bool:
    """Whether `name_pairs` can find anything: a parenthesis or a mark between names."""
    return "(" in sentence or ":" in sentence or "=" in sentence or "→" in sentence


def job_relations(
    text: str,
    start: int,
    end: int,
    title_keys: set[str],
    years: set[str] | None = None,
    words: frozenset[str] | None = None,
    start_only: bool = False,
) -> Iterator[JobRelation]:
    """Director and crew relations in the sentence [start, end).

    "X's 1997 film" is another film when the document's film has another year.
    With `start_only` (a sentence whose only capitalised word opens it), a
    relation can only start where the sentence does: patterns are matched
    there instead of searched for.
    """
    sentence = text[start:end]
    lower = sentence.lower()
    words = sentence_words(lower) if words is None else words
    possessive = _possessive(sentence)
    if _has(words, _SUBJECT_VERBS):
        yield from _subject_jobs(text, start, end, start_only)
    works = _has(words, _WORK_CUES)
    for pattern in (_MADE_WORK, _OWNER_WORK) if works else ():
        if pattern is _OWNER_WORK and not possessive:
            continue
        for match in _scan(pattern, text, start, end, start_only):
            if pattern is _OWNER_WORK and _OTHER_FILM_BEFORE.search(
                text, max(start, match.start() - 60), match.start()
            ):
                continue
            if _FOR_ANOTHER.match(text, match.end("noun"), min(end, match.end("noun") + 80)):
                continue  # "X wrote the music for the stage version"
            job = WORK_NOUNS[" ".join(match.group("noun").split()).lower()]
            if job == m.DIRECTOR:
                yield JobRelation(m.DIRECTOR, None, match.span("names"), match.span())
            else:
                yield JobRelation(m.CREW, job, match.span("names"), match.span())
    if _has(words, _JOB_NOUN_CUES):
        yield from _noun_jobs(text, start, end, start_only)
    if works and ("'s" in sentence or "’s" in sentence):
        for match in _scan(_WORK_IS_OWNED, text, start, end, start_only):  # "The script is Kubrick's"
            job = WORK_NOUNS[match.group("noun").lower()]
            yield JobRelation(m.CREW, job, match.span("names"), match.span())
            if match.group("more"):
                yield JobRelation(m.CREW, job, match.span("more"), match.span())
    if "credited" in words and "credited to" in lower:
        for match in _scan(_WORK_CREDITED, text, start, end, start_only):
            yield JobRelation(m.CREW, "writer", match.span("names"), match.span())
            if match.group("more"):  # "credited to A with B and C"
                yield JobRelation(m.CREW, "writer", match.span("more"), match.span())
    if _has(words, _PRONOUNS) and _has(words, _SUBJECT_VERBS):
        yield from _pronoun_jobs(text, start, end, start_only)
    if _has(words, _CREDIT_WORDS):
        yield from _credited_jobs(text, start, end, start_only)
    if _has(words, _FROM_BY) and _has(words, _FILM_NOUNS):
        for match in _scan(_FILM_FROM, text, start, end, start_only):
            yield JobRelation(m.DIRECTOR, None, match.span("names"), match.span())
    if possessive:
        for match in _scan(_OWNER_FILM, text, start, end, start_only):
            if _OTHER_FILM_BEFORE.search(text, max(start, match.start() - 60), match.start()):
                continue
            after = _APPOSED_TITLE.match(text, match.end(), end)
            if after and not any(fold(after.group("title")).startswith(key) for key in title_keys if key):
                continue  # "X's follow-up, The Tourist, ...": that film, not this one
            lead_years = set(re.findall(r"\b(?:18|19|20)\d\d\b", match.group("lead")))
            if years and lead_years and not lead_years & years:
                continue
            yield JobRelation(m.DIRECTOR, None, match.span("names"), match.span())
    if title_keys and any(key in lower for key in title_keys):
        yield from _title_jobs(text, start, end, title_keys, possessive, start_only)


def _subject_jobs(text: str, start: int, end: int, start_only: bool) -> Iterator[JobRelation]:
    for listed in _scan(_VERB_LIST, text, start, end, start_only):  # "X wrote, produced and directed it"
        for verb in re.findall(_LIST_VERBS, listed.group("verbs")):
            job = _PRONOUN_JOBS.get(verb)
            field = m.DIRECTOR if job is None else m.CREW
            yield JobRelation(field, job, listed.span("names"), listed.span())
    for who in _WHO_ALSO.finditer(text, start, end) if not start_only and "who" in text[start:end] else ():
        jobs = [_PRONOUN_JOBS.get(verb) for verb in re.findall(_LIST_VERBS, who.group("verbs"))]
        for job in jobs:  # "X, who also co-directed and co-wrote the movie with Y": this film's jobs
            yield JobRelation(m.CREW if job else m.DIRECTOR, job, who.span("names"), who.span())
        co = _CO_CREDIT.match(text, who.end(), end) if "writer" in jobs else None
        if co:
            yield JobRelation(m.CREW, "writer", co.span("names"), co.span())
    for match in _scan(_SUBJECT_JOB, text, start, end, start_only):
        found = list(_subject_job(text, start, match))
        chained = _AND_VERB.match(text, match.end("verb"), end) if found else None
        if chained:  # "X directed it and co-wrote it with Y": the second job of the same subject
            job = _PRONOUN_JOBS[chained.group("verb")]
            found.append(JobRelation(m.CREW, job, match.span("names"), (match.start(), chained.end())))
            co = _CO_CREDIT.match(text, chained.end("verb"), end) if job in ("writer", "producer") else None
            if co:
                yield JobRelation(m.CREW, job, co.span("names"), co.span())
        yield from found
        shared = [job for job in found if job.job in ("writer", "producer")]
        if shared:
            co = _CO_CREDIT.match(text, match.end("verb"), end)
            if co:  # "X wrote the script with A and B", "X also produced, with C": a shared credit
                yield JobRelation(m.CREW, shared[0].job, co.span("names"), co.span())


_LIST_VERBS = r"\b(?:co-wrote|wrote|produced|co-produced|directed|co-directed|edited|shot|scored)\b"
_WHO_ALSO = re.compile(
    rf"(?P<names>{NAME}),[ \u00a0]+who[ \u00a0]+(?:also[ \u00a0]+)?"
    rf"(?P<verbs>{_LIST_VERBS}(?:(?:,|[ \u00a0]+and)[ \u00a0]+{_LIST_VERBS})*)"
    rf"[ \u00a0]+(?:it|the[ \u00a0]+(?:film|movie|picture))\b"
)
_VERB_LIST = re.compile(
    rf"(?P<names>{NAMES})[ \u00a0]+(?:also[ \u00a0]+)?"
    rf"(?P<verbs>{_LIST_VERBS}(?:,[ \u00a0]+{_LIST_VERBS})*,?[ \u00a0]+and[ \u00a0]+{_LIST_VERBS})"
    rf"[ \u00a0]+(?:it|the[ \u00a0]+(?:film|movie|picture))\b"
)
_AND_VERB = re.compile(
    r"(?:[ \u00a0]+(?:it|the[ \u00a0]+(?:film|movie|screenplay|script|score|music)))?"
    r"[ \u00a0]*,?[ \u00a0]+and[ \u00a0]+"
    r"(?:also[ \u00a0]+)?(?P<verb>co-wrote|wrote|produced|co-produced|edited|scored)"
    r"[ \u00a0]+(?:it|the[ \u00a0]+(?:film|movie|picture))\b"
)

# After "wrote" or "produced": the others who share the credit.
_CO_CREDIT = re.compile(
    rf"(?:[ \u00a0]+(?:it|the[ \u00a0]+(?:script|screenplay|film|movie)))?,?[ \u00a0]+"
    rf"(?:together[ \u00a0]+)?with[ \u00a0]+"
    rf"(?P<names>{NAMES})"
)


# "wrote the music and lyrics for the version that opened in London": another work's credit.
_FOR_ANOTHER = re.compile(
    r"[^.;!?]{0,40}?\bfor[ \u00a0]+the[ \u00a0]+(?:[a-z-]+[ \u00a0]+)?(?:version|stage|musical|play|show|series"
    r"|remake|sequel|adaptation|production|revival|album)\b"
)


_SETS = re.compile(r"[ \u00a0]*the[ \u00a0]+(?:[\w'’-]+[ \u00a0]+){0,4}?(?:sets|set|production|interiors)\b")
_OWN_BOOK = re.compile(r"[ \u00a0]+(?:his|her|their)[ \u00a0]+own[ \u00a0]+(?:novel|book|play|story|memoir)\b")


def _subject_job(text: str, start: int, match: re.Match[str]) -> Iterator[JobRelation]:
    """The job of one "X <verb> <object>" match, decided by the verb and its object."""
    before = text[max(start, match.start() - 12) : match.start()].rstrip().lower()
    if before.endswith((" who", " which", "who", "that")):
        return  # "X, who had directed Y": a relative clause, usually about another film
    verb, rest = match.group("verb"), match.group("object")
    lowered = rest.strip().lower()
    if lowered.startswith("by"):
        return
    names, span = match.span("names"), match.span()
    if verb in ("directed", "directs", "helmed"):
        if _object_is(rest, (*_OBJECT_PRONOUNS, "and", "with", "from")):
            yield JobRelation(m.DIRECTOR, None, names, span)
    elif verb in ("shot", "photographed", "lensed"):
        if match.group("lit") or _object_is(rest, _SHOT_OBJECTS) or _FOOTAGE.match(rest):
            yield JobRelation(m.CREW, "cinematographer", names, span)
    elif verb in ("scored", "composed"):
        if _object_is(rest, (*_OBJECT_PRONOUNS, "the score", "the music")):
            yield JobRelation(m.CREW, "composer", names, span)
    elif verb in ("edited", "cut"):
        if _object_is(rest, (*_OBJECT_PRONOUNS, "so", "together", "the action")) or _FOOTAGE.match(rest):
            yield JobRelation(m.CREW, "editor", names, span)
    elif verb in ("produced", "co-produced"):
        if _object_is(rest, _OBJECT_PRONOUNS):
            yield JobRelation(m.CREW, "producer", names, span)
    elif verb == "designed":
        if "costume" in lowered:
            yield JobRelation(m.CREW, "costume designer", names, span)
        elif lowered.startswith(("the sets", "the production", "the look")) or _SETS.match(lowered):
            yield JobRelation(m.CREW, "production designer", names, span)
    elif verb == "dressed":
        if _words(text[slice(*names)]) >= 2 and not lowered.startswith(("up", "down", "as", "in ", "for")):
            yield JobRelation(m.CREW, "costume designer", names, span)  # "X dressed Stone in primaries"
    elif verb == "adapted":
        if _object_is(
            rest, ("it", "the story", "the script", "the screenplay", "the novel", "the book", "the play")
        ) or (_OWN_BOOK.match(rest)):
            yield JobRelation(m.CREW, "writer", names, span)
    elif verb in ("wrote", "co-wrote"):
        if lowered.startswith(("the music", "the score", "the songs", "the theme")) and not _FOR_ANOTHER.match(
            text, match.end("verb"), match.end("verb") + 80
        ):
            yield JobRelation(m.CREW, "composer", names, span)
        elif _object_is(
            rest, ("it", "the script", "the screenplay", "the film", "and directed", "together", "as well")
        ):
            yield JobRelation(m.CREW, "writer", names, span)
            if "directed" in lowered or "as well as directing" in lowered:
                yield JobRelation(m.DIRECTOR, None, names, span)


def _noun_jobs(text: str, start: int, end: int, start_only: bool) -> Iterator[JobRelation]:
    for match in _scan(_NOUN_WAS, text, start, end, start_only):
        noun = " ".join(match.group("noun").split())
        job = "cinematographer" if noun == "director of photography" else noun.removesuffix("s")
        job = "writer" if job == "screenwriter" else job
        if job == "director":
            yield JobRelation(m.DIRECTOR, None, match.span("names"), match.span())
        else:
            yield JobRelation(m.CREW, job, match.span("names"), match.span())


def _pronoun_jobs(text: str, start: int, end: int, start_only: bool) -> Iterator[JobRelation]:
    """ "They wrote it together, A and B."""
    jobs = {"shot": "cinematographer", "scored": "composer", "edited": "editor", "produced": "producer"}
    for match in _scan(_PRONOUN_JOB, text, start, end, start_only):
        verb = match.group("verb")
        if verb == "directed":
            yield JobRelation(m.DIRECTOR, None, match.span("names"), match.span())
        elif verb in ("wrote", "co-wrote"):
            if match.group("object").strip().lower().startswith(("the music", "the score")):
                yield JobRelation(m.CREW, "composer", match.span("names"), match.span())
            elif _object_is(match.group("object"), ("it", "the script", "the screenplay", "together")):
                yield JobRelation(m.CREW, "writer", match.span("names"), match.span())
        else:
            yield JobRelation(m.CREW, jobs[verb], match.span("names"), match.span())


_JOB_QUALIFIERS = frozenset({"supervising", "chief", "lead", "principal", "head", "additional", "original"})


def _credited_jobs(text: str, start: int, end: int, start_only: bool) -> Iterator[JobRelation]:
    for pattern in (_CREDITED, _NOUN_CREDITED, _CREDIT_WENT):
        for match in _scan(pattern, text, start, end, start_only):
            noun = " ".join(match.group("noun").split())
            job = JOB_NOUNS[noun] if noun in JOB_NOUNS else JOB_NOUNS.get(noun.split()[0])
            if job is None and noun not in JOB_NOUNS and noun.split()[0] in _JOB_QUALIFIERS:
                job = JOB_NOUNS.get(noun.split()[-1])  # "supervising editor", "co-lead writer"
            if job is None:
                continue
            if job == m.DIRECTOR:
                yield JobRelation(m.DIRECTOR, None, match.span("names"), match.span())
            else:
                yield JobRelation(m.CREW, job, match.span("names"), match.span())


_SUBTITLE_AFTER = re.compile(r"[ \u00a0]*(?::|[–—]|[ \u00a0]-)[ \u00a0]*[A-Z0-9]")  # "The Exorcist: Believer"


def _title_jobs(
    text: str, start: int, end: int, title_keys: set[str], possessive: bool, start_only: bool = False
) -> Iterator[JobRelation]:
    """ "X made <Title>", "X's <Title>": the director.

    Found from each mention of the title, looking back for the name before it,
    rather than from every "Name's" of the sentence.
    """
    lower = text[start:end].lower()
    if len(lower) != end - start:  # a character lower-cases to two: offsets would drift
        lower = "".join(ch.lower()[0] for ch in text[start:end])
    patterns = (_MADE_BEFORE, _OWNER_BEFORE) if possessive else (_MADE_BEFORE,)
    found: dict[tuple[int, int], JobRelation] = {}
    for key in title_keys:
        pos = lower.find(key) if key else -1
        while pos >= 0:
            if not lower[pos + len(key) : pos + len(key) + 1].isalnum() and not _SUBTITLE_AFTER.match(
                text, start + pos + len(key)
            ):
                at = start + pos
                for pattern in patterns:
                    if start_only:
                        match = pattern.match(text, start, at)
                    else:
                        match = pattern.search(text, max(start, at - 80), at)
                    if match is None or match.span() in found:
                        continue
                    if pattern is _MADE_BEFORE or not _OTHER_FILM_BEFORE.search(
                        text, max(start, match.start() - 60), match.start()
                    ):
                        found[match.span()] = JobRelation(m.DIRECTOR, None, match.span("names"), match.span())
            pos = lower.find(key, pos + 1)
    yield from sorted(found.values(), key=lambda job: job.span)


# --- rule rows -------------------------------------------------------------------------------------
# The relations above read a sentence's structure; these rows read the set phrases of credits in
# prose ("directed by X", "cinematographer X", "X plays the surveyor Y", "Y, played by X"). The
# extractor tries them on the clean sentences holding their cue words (`blocks.Rule`).
_SPELLED_JOBS = [job for job in lx.CREW_JOBS if job not in {a.lower() for a in lx.CREW_ABBREVIATIONS}]
_ACTOR = rf"(?P<actor>{PERSON})"

_ROW_CHAR = rf"(?P<char>{CHARACTER})"

# "by the jazz drummer X", "by the novelist X": who X is, before the name.
_BY_WHOM = rf"(?:(?:the|a|an){SP}+(?:[a-z][\w-]*{SP}+){{1,3}}?(?=[{UP}]))?"

_NAMES = rf"{_BY_WHOM}(?P<names>{PERSON_LIST})"

_ALSO = rf"(?:{SP}+also)?"

_POSSESSORS = frozenset({"the", "our", "film’s", "film's", "movie’s", "movie's", "as"})

_POSSESSIVE_MARKS = ("’s ", "'s ", "s’ ", "s' ")


# --- directors --------------------------------------------------------------
# "a Spike Jonze love story", "a Christopher Nolan film": the one whose film it is.
_MAKER_NOUN = r"(?:film|movie|picture|joint|production|love{SP}+story|thriller|comedy|drama|western)"

DIRECTOR_RULES = (
    rule(
        "directed by X",
        rf"(?:(?:[Cc]o-)?{either_case('directed by')}|{either_case('helmed by')}){SP}+{_NAMES}",
        "directed co-directed helmed",
    ),
    rule(
        "director X",
        rf"(?P<lead>(?:[Ww]riter[-/])?[Dd]irector|[Ff]ilmmaker){SP}+(?P<names>{PERSON})",
        "director filmmaker writer-director writer/director",
    ),
    rule(
        "a X film",
        rf"(?<![\w'’])(?:[Aa]|[Aa]n){SP}+[\"“]?(?P<names>{PERSON}){SP}+" + _MAKER_NOUN.replace("{SP}", SP) + r"\b",
        "film movie picture joint production story thriller comedy drama western",
    ),
)

_JOB = (
    "(?P<job>"
    + "|".join(either_case(j) for j in sorted(_SPELLED_JOBS, key=len, reverse=True))
    + "|"
    + "|".join(lx.CREW_ABBREVIATIONS)
    + ")"
)

_JOB_ANCHORS = " ".join(sorted({job.split()[-1] for job in lx.CREW_JOBS}))  # includes "dp", "dop"

CREW_RULES = (
    rule("job X", rf"{_JOB},?{SP}+{_NAMES}", _JOB_ANCHORS),
    rule(
        "X, the job",
        rf"(?P<names>{PERSON}),{SP}+(?:the|our){SP}+(?:(?:film|movie)['’]s{SP}+)?{_JOB}\b",
        _JOB_ANCHORS,
        needs=(",",),
    ),
    rule(
        "X serves as job",
        rf"(?P<names>{PERSON}){SP}+(?:(?:serves|served|returns|is{SP}+back|works|worked){SP}+as|was|is)"
        rf"{SP}+(?:the{SP}+)?(?:(?:film|movie)['’]s{SP}+)?{_JOB}\b(?!{SP}+(?:on|of|for|to|at|in){SP}+[{UP}]|[’']s)",
        _JOB_ANCHORS,
        needs=(" as ", " was ", " is "),
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
        rf"(?:(?:[Ss]core|[Mm]usic|[Ss]oundtrack)(?:{SP}+(?:is|comes)|,)?{SP}+(?:by|from)|(?:[Cc]omposed"
        rf"|[Ss]cored)(?:{SP}+and{SP}+(?:played|performed|conducted))?{SP}+by)"
        rf"{SP}+{_NAMES}",
        "score music soundtrack composed scored",
        job="composer",
    ),
    rule(
        "edited by X",
        rf"(?:[Ee]dited|[Ee]diting(?:{SP}+is)?|(?:[Tt]he|[Ii]ts){SP}+edit,?){SP}+by{SP}+{_NAMES}",
        "edited editing edit",
        job="editor",
    ),
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


# What may stand between "plays" and the character's name: "the surveyor", "Agatha's daughter".
# (The lookahead is a cheap test that spares the CHARACTER pattern on most "plays Ida".)
_ROLE_DESCRIPTION = (
    rf"(?:(?=(?:the|a|an|her|his|their){SP}|[^.,;:!?\n]{{0,40}}?['’]s{SP})"
    rf"(?:(?:the|a|an|her|his|their){SP}+|{CHARACTER}['’]s{SP}+)(?:[a-z][\w-]*{SP}+)?"
    rf"{alternation(lx.ROLE_NOUNS)}{SP}+(?=[{UP}]))?"
)

# A character's name ends there, not before a possessive ("plays Agatha's daughter").
_CHAR_END = r"(?!['’]s\b)"

CAST_ROLE_RULES = (
    rule(
        "X, who plays Y",
        rf"{_ACTOR},{SP}+who{SP}+(?:plays|played|portrays|portrayed|voices|voiced|is{SP}+playing){SP}+"
        rf"{_ROLE_DESCRIPTION}{_ROW_CHAR}{_CHAR_END}(?=[,;:.!?)]|{SP}+(?:and|with|in|is|was|gets|has)\b)",
        "plays played portrays portrayed voices voiced playing",
        needs=(", who ",),
    ),
    rule(
        "X (as Y)",
        rf"{_ACTOR}{SP}*\((?:as|playing){SP}+{_ROW_CHAR}\)",
        "(",
        needs=("(as ", "(playing "),
    ),
    rule(
        "X cameos as Y",
        rf"{_ACTOR}{_ALSO}{SP}+cameos{SP}+as{SP}+{_ROW_CHAR}",
        "cameos",
        note="cameo",
    ),
    rule(
        "X is chilling as Y",
        rf"{_ACTOR}{_ALSO}{SP}+(?:is|was){SP}+(?:[a-z]+{SP}+){{0,3}}as{SP}+{_ROW_CHAR}{_CHAR_END}",
        "is was",
        needs=(" as ",),
    ),
    rule(
        "X makes an appearance as Y",
        rf"{_ACTOR}{_ALSO}{SP}+(?:makes|has|gets){SP}+(?:a|an){SP}+[^.!?\n]{{0,40}}?(?P<kind>appearance|cameo|turn)"
        rf"{SP}+as{SP}+{_ROW_CHAR}{_CHAR_END}",
        "makes has gets",
        needs=(" as ",),
    ),
    rule(
        "starring X as Y",
        rf"(?:[Ss]tarring|[Ff]eaturing|[Aa]longside|[Cc]o-starring){SP}+{_ACTOR}{SP}+as{SP}+{_ROW_CHAR}{_CHAR_END}",
        "starring featuring alongside co-starring",
    ),
    rule(
        "Y, played by X",
        rf"{_ROW_CHAR}(?:{SP}*\([^()]{{1,80}}\))?(?:,{SP}+(?:a|an|the){SP}+[a-z][^,;.()]{{0,60}}?)?,?{SP}+"
        rf"(?:played|portrayed|voiced)(?:{SP}+with{SP}+(?:[a-z]+{SP}+){{0,2}}?[a-z]+)?{SP}+by{SP}+{_ACTOR}",
        "played portrayed voiced",
    ),
    rule(
        "Y is played by X",  # "... and Z by W" gives a second pair
        rf"{_ROW_CHAR}{SP}+(?:is|was){SP}+(?:played|portrayed|voiced){SP}+by{SP}+{_ACTOR}"
        rf"(?:{SP}+and{SP}+(?P<char2>{CHARACTER}){SP}+by{SP}+(?P<actor2>{PERSON}))?",
        "played portrayed voiced",
        needs=(" is ", " was "),
    ),
)

CAST_PLAIN_RULES = (
    rule(
        "X appears in a cameo",
        rf"{_ACTOR}{_ALSO}{SP}+(?:appears|shows{SP}+up|turns{SP}+up|pops{SP}+up){SP}+in{SP}+(?:a|an){SP}+[^.!?\n]{{0,40}}?\bcameo\b",
        "appears shows turns pops",
        needs=("cameo",),
        note="cameo",
    ),
    rule(
        "X makes a cameo",
        rf"{_ACTOR}{_ALSO}{SP}+(?:makes|has|gets){SP}+(?:a|an){SP}+[^.!?\n]{{0,40}}?\bcameo\b",
        "makes has gets",
        needs=("cameo",),
        note="cameo",
    ),
    rule("cameo by X", rf"cameo(?:{SP}+appearance)?{SP}+(?:from|by){SP}+{_ACTOR}", "cameo", note="cameo"),
    rule("played by X and Z", rf"(?:played|portrayed){SP}+by{SP}+(?P<actors>{PERSON_LIST})", "played portrayed"),
    rule(
        "X stars opposite Z",
        rf"(?:{_ACTOR}{_ALSO}{SP}+)?(?:stars|co-stars|starred|plays|played|is{SP}+cast|acts){SP}+opposite{SP}+"
        rf"(?P<actors>{PERSON_LIST})",
        "opposite",
    ),
    rule(
        "starring X, Y",
        rf"(?:[Ss]tarring|[Ff]eaturing|[Cc]o-starring|[Aa]longside){SP}+(?P<actors>{PERSON_LIST})",
        "starring featuring alongside co-starring",
    ),
    rule(
        "X has a scene as a",
        rf"{_ACTOR}{_ALSO}{SP}+(?:has|gets|makes|had|got){SP}+(?:a|an|one|two|three|a{SP}+few|some){SP}+"
        rf"(?:[\w-]+,?{SP}+){{0,3}}?(?:scene|scenes|moment|moments|role|part|turn|appearance|cameo){SP}+as{SP}+"
        rf"(?:a|an|the|his|her){SP}+[a-z](?![\w-]*{SP}+(?:[\w-]+{SP}+)?(?:named|called){SP})",
        "has gets makes had got",
        needs=(" as ",),
    ),
    rule(
        "X appears as a",
        rf"{_ACTOR}(?:{SP}+(?:himself|herself))?{_ALSO}{SP}+(?:appears|shows{SP}+up|turns{SP}+up|pops{SP}+up)"
        rf"(?:,{SP}+[a-z]+,)?{SP}+as{SP}+"
        rf"(?:a|an|the|his|her){SP}+[a-z]",
        "appears shows turns pops",
        needs=(" as ",),
    ),
    rule(
        "it stars X",
        rf"\b(?:[Ii]t|[Tt]he{SP}+(?:film|movie|picture)|[Tt]his{SP}+one)(?:{SP}+also)?{SP}+(?:stars|starred|co-stars)"
        rf"{SP}+(?P<actors>{PERSON_LIST})",
        "stars starred co-stars",
    ),
    rule(
        "A, B and C round out the cast",
        rf"(?P<actors>{PERSON_LIST}){SP}+(?:also{SP}+)?(?:round|rounds|rounded|fill|fills|filled|complete|completes"
        rf"|completed){SP}+(?:out{SP}+)?the{SP}+(?:supporting{SP}+)?(?:cast|ensemble)\b(?!{SP}+as\b)",
        "round rounds rounded fill fills filled complete completes completed",
        needs=(" cast", " ensemble"),
    ),
    rule(
        "his mother (X)",
        rf"\b(?:[Hh]is|[Hh]er|[Tt]heir){SP}+(?:[a-z-]+{SP}+)?{alternation(lx.ROLE_NOUNS)}{SP}*\((?P<actor>{PERSON})\)",
        "(",
        needs=("his ", "her ", "their ", "His ", "Her ", "Their "),
    ),
    rule(
        "the part went to X",
        rf"\b(?:[Tt]he|[Hh]is|[Hh]er){SP}+(?:(?:title|lead|leading|central|main){SP}+)?(?:part|role|lead){SP}+"
        rf"(?:went|goes|fell|was{SP}+given){SP}+to{SP}+{_ACTOR}",
        "went goes fell given",
    ),
    rule(
        "X delivers a performance",
        rf"{_ACTOR}{_ALSO}{SP}+(?:delivers|gives|turns{SP}+in|offers|puts{SP}+in){SP}+(?:a|an|the|her|his|their){SP}"
        rf"[^.!?\n]{{0,60}}?\bperformance\b",
        "delivers gives turns offers puts",
        needs=("performance",),
    ),
    rule(
        "X's performance",
        rf"{_ACTOR}['’]s?{SP}+(?:[\w-]+,?{SP}+(?:and{SP}+)?){{0,3}}?(?:performance|portrayal)\b",
        "performance portrayal",
        needs=_POSSESSIVE_MARKS,
    ),
)

# "Ida (Ana Lopez)" and "Ana Lopez (Ida)": accepted only when the person is known cast.

# "Her portrayal of Ida": the actor is the cast member named in the previous sentence.
PORTRAYAL = rule(
    "her portrayal of Y",
    rf"(?:[Hh]er|[Hh]is|[Tt]heir){SP}+(?:portrayal|performance|turn|take){SP}+(?:of|as|on){SP}+{_ROW_CHAR}",
    "portrayal performance turn take",
)

# "She is voiced by X": the character is the one the previous sentence was about.
PRONOUN_PLAYED = rule(
    "she is played by X",
    rf"(?<![\w'’])(?:He|She|It)(?:{SP}+is|{SP}+was|['’]s){SP}+(?:played|voiced|portrayed){SP}+by{SP}+{_ACTOR}",
    "played voiced portrayed",
    needs=("He ", "She ", "It ", "He's ", "She's ", "He’s ", "She’s "),
)

ROWS: tuple[Rule, ...] = (
    *DIRECTOR_RULES,
    *CREW_RULES,
    *CAST_ROLE_RULES,
    *CAST_PLAIN_RULES,
    PORTRAYAL,
    PRONOUN_PLAYED,
)


# --- reading people and roles into claims -----------------------------------------------------------
_PERSON = re.compile(nm.PERSON)
_words = v.capitalised_words
_INNER_CAPITAL = re.compile(r"[\s(\"“‘'*_/-][A-ZÀ-ÞĀ-Ž]")
_THE_BEFORE = re.compile(r"\b(?:as|is|was|plays|played|portrays|portrayed)[ \u00a0]+the[ \u00a0]+$")
# Capitalised words a relation may offer as a character that are not one ("X is British").
NOT_CHARACTERS = lx.wordset(
    """
    american british english french german italian spanish korean japanese chinese indian irish scottish welsh
    canadian australian mexican swedish danish norwegian russian polish dutch greek oscar oscars god
    monday tuesday wednesday thursday friday saturday sunday christmas easter
    """
)


# -- people in prose -------------------------------------------------------------------------


def read_job_rows(doc: Reading) -> None:
    for row in DIRECTOR_RULES:
        for match in doc.matches(row):
            if _someone_elses(doc, match.start()):
                continue
            if "lead" in match.groupdict() and (
                not _director_lead_ok(doc, match) or _not_this_films_job(doc.text, match.start())
            ):
                continue
            writer = "lead" in match.groupdict() and match.group("lead")[:1] in "Ww"  # "writer-director X"
            for name, end in doc.people_in(match, "names"):
                if (
                    row.name == "a X film"
                    and _words(name) < 2
                    and not full_name_in_text(doc.text, name, doc.characters, doc.elsewhere)
                ):
                    continue  # "a Pixar movie": a studio, unless the text names a person so
                doc.add(m.DIRECTOR, name, match.start(), end, person=name)
                if writer:
                    doc.add(m.CREW, name, match.start(), end, person=name, role="writer")
    for row in CREW_RULES:
        for match in doc.matches(row):
            if row.name == "job X" and _not_this_films_job(doc.text, match.start()):
                continue
            if _someone_elses(doc, match.start()):
                continue
            job = row.job
            if "job" in match.groupdict():
                job = lx.CREW_JOBS.get(v.squash(match.group("job")).lower(), job)
                if job is None:
                    continue
            if job == "designer":
                job = "production designer" if "roduction" in match.group() else "costume designer"
            if job == "writer" and match.group()[:1] in "wWpPcC" and "ritten" in match.group()[:12]:
                sentence = doc.layout.sentence_index(match.start())
                lo = doc.layout.sentences[sentence].start if sentence is not None else match.start()
                job = written_job(doc.text[lo : match.start()])  # the score "was written by" a composer
                if job is None:
                    continue
            for name, end in doc.people_in(match, "names"):
                doc.add(m.CREW, name, match.start(), end, person=name, role=job)


# Before "writer X": a character's description ("as the failed writer X", "plays a writer X"), or a job
# of a person's career rather than of this film ("his usual cinematographer, X").
_JOB_NOT_OURS = re.compile(
    r"(?:\b(?:as|plays|played|playing|portrays|portraying|is|was)[ \u00a0]+(?:the|a|an|her|his|their)"
    r"(?:[ \u00a0]+[a-z][\w-]*){0,3}"
    r"|\b(?:usual|regular|longtime|long-time|frequent|habitual|go-to|favourite|favorite|former|old|trusted)"
    r"(?:[ \u00a0]+[a-z][\w-]*)?)[ \u00a0]+$"
)


# "The Saturday Screen is produced by X": the subject of "is ... by" is named, and it is not this film.
_NAMED_SUBJECT = re.compile(
    r"(?<![\w'’.-])(?!(?:It|This|That|These|They|He|She|Both|All|Each|Everything)\b)"
    r"(?P<subject>(?:The[ \u00a0]+)?[A-Z][\w'’-]*(?:[ \u00a0]+[A-Z][\w'’-]*){0,5})"
    r"[ \u00a0]+(?:is|was|are|were)[ \u00a0]+(?:also[ \u00a0]+)?$"
)


def _someone_elses(doc: Reading, start: int) -> bool:
    """Whether the "produced by" at `start` is said of a named subject other than this film."""
    found = _NAMED_SUBJECT.search(doc.text, max(0, start - 70), start)
    if found is None:
        return False
    subject = fold(found.group("subject"))
    return not any(subject == key or subject.endswith(" " + key) for key in doc.title_keys if key)


def _not_this_films_job(text: str, start: int) -> bool:
    """Whether the job noun at `start` describes a character or a person's career, not a credit here."""
    return _JOB_NOT_OURS.search(text, max(0, start - 50), start) is not None


def _director_lead_ok(doc: Reading, match: re.Match[str]) -> bool:
    """ "director X", but not "casting director X" nor the character "The Director"."""
    before = doc.text[max(0, match.start() - 20) : match.start()].split()
    previous = before[-1].lower() if before else ""
    if previous in lx.OTHER_DIRECTORS:
        return False
    return not (match.group("lead")[0].isupper() and previous == "the")


def read_cast_rows(doc: Reading) -> None:
    played_by: set[int] = set()
    for row in CAST_ROLE_RULES:
        for match in doc.matches(row):
            pairs = [("actor", "char")]
            if match.groupdict().get("actor2"):
                pairs.append(("actor2", "char2"))  # "A is played by X and B by Y"
            for actor_group, char_group in pairs:
                actor = doc.person(match.group(actor_group))
                if actor is None or fold(actor) in doc.characters:
                    continue
                raw_char = match.group(char_group)
                role = doc.character(raw_char)
                if role is None and raw_char.lower().removeprefix("the ") not in lx.GENERIC_ROLES:
                    continue
                note = row.note or ("cameo" if match.groupdict().get("kind") == "cameo" else None)
                if actor_group == "actor":
                    span = (match.start(), max(match.end("actor"), match.end("char")))
                else:
                    span = (match.start("char2"), match.end("actor2"))
                doc.add_cast(actor, *span, role=role, note=note)
                doc.consumed.add(match.start(actor_group))
                if row.name in ("Y, played by X", "Y is played by X"):
                    played_by.add(match.start(actor_group))
    _pronoun_roles(doc)
    for row in CAST_PLAIN_RULES:
        for match in doc.matches(row):
            for group in ("actor", "actors"):
                if group not in match.groupdict() or match.group(group) is None:
                    continue
                if match.start(group) in doc.consumed or match.start(group) in played_by:
                    continue
                if row.name == "played by X and Z" and _MUSIC_PLAYED.search(
                    doc.text, max(0, match.start() - 40), match.start()
                ):
                    continue  # "the violin solos, played by X": a musician, not a role
                for name, end in doc.people_in(match, group):
                    if fold(name) not in doc.characters:
                        span_end = max(end, match.end()) if row.note else end
                        doc.add_cast(name, match.start(), span_end, note=row.note)
    _portrayals(doc)


# What a musician plays: "the piano theme, played by X" names no role.
_MUSIC_PLAYED = re.compile(
    r"\b(?:violins?|violin[ \u00a0]+solos?|solos?|piano|guitar|cello|trumpet|saxophone|sax|drums|flute|organ|harp"
    r"|theme|themes|music|score|song|songs|melody|tune|tunes|notes|chords)\b[^.;:!?]{0,12}[,;]?[ \u00a0]*$"
)


# -- people and roles by relation (see `roles`) -----------------------------------------------


def read_relations(doc: Reading) -> None:
    """Cast and job relations of every clean sentence, then name pairs whose order is decided."""
    text = doc.text
    undecided: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = []
    possessives: list[CastRelation] = []  # "X's Y": decided once every sentence's relations are known
    years = {c.value for c in doc.claims if c.field == m.YEAR}
    if not years:  # the year facts are read later: "Title (1974)" already says it
        own = this_film_year(doc.text, doc.title_forms)
        years = {own} if own else set()
    titled = _sentences_naming(doc, doc.title_keys)  # what may_hold_jobs asks of each sentence, once
    for index, sentence in enumerate(doc.layout.sentences):
        if not sentence.clean:
            continue
        lo, hi = sentence.start, sentence.end
        words = doc.layout.words(index)
        inner = _inner_capital(text, lo, hi)  # a second name is possible
        jobs = index in titled or may_hold_jobs(text[lo:hi], "", words, set())
        for job in job_relations(text, lo, hi, doc.title_keys, years, words, start_only=not inner) if jobs else ():
            for s, e in people_in(text, *job.names):
                name = doc.relation_person(text[s:e])
                if name is None:
                    continue
                if job.field == m.DIRECTOR:
                    doc.add(m.DIRECTOR, name, job.span[0], max(e, job.span[1]), person=name)
                else:
                    doc.add(m.CREW, name, job.span[0], max(e, job.span[1]), person=name, role=job.job)
        if not inner:
            continue  # a cast relation needs two names, a pair two
        for relation in cast_relations(text, lo, hi, words):
            if relation.character is None:
                continue
            if not relation.decided:
                possessives.append(relation)
                continue
            if relation.either and _actor_second(doc, relation.actor, relation.character):
                _relation_cast(doc, relation.character, relation.actor, relation.span)
                continue
            _relation_cast(doc, relation.actor, relation.character, relation.span)
        for a, b, span in name_pairs(text, lo, hi) if may_hold_pairs(text[lo:hi]) else ():
            line = doc.layout.line_of(span[0])
            if span[1] > hi or fold(text[a[0] : a[1]]) in lx.HEADER_FIELDS:
                continue
            if _last_word(text, a) in ORG_HEADS or _last_word(text, b) in ORG_HEADS:
                continue  # "Dead Poets Society (Touchstone)": a title or a company, no person
            after_colon = text[max(lo, span[0] - 2) : span[0]] == ": " and "=" in text[span[0] : span[1]]
            own_line = span[0] in (lo, line.content_start, line.start) or after_colon
            if text[span[0] : span[1]].find("(") < 0 and not own_line:
                continue  # "A = B" and "A: B" only as a line of their own (or after "Small roles: ")
            undecided.append((a, b, span))
    _pronoun_jobs_after(doc)
    for relation in possessives:
        if relation.character is not None and _possessive_role_ok(doc, relation):
            _relation_cast(doc, relation.actor, relation.character, relation.span)
    _decide_pairs(doc, undecided)


def _sentences_naming(doc: Reading, keys: set[str]) -> set[int]:
    """The sentences whose lower-cased text holds one of `keys` (one search per key, not one per sentence)."""
    sentences = doc.layout.sentences
    if "" in keys:
        return set(range(len(sentences)))
    found: set[int] = set()
    for key in keys:
        pos = doc.lower.find(key)
        while pos >= 0:
            index = doc.layout.sentence_index(pos)
            if index is not None and pos + len(key) <= sentences[index].end:
                found.add(index)
            pos = doc.lower.find(key, pos + 1)
    return found


def _inner_capital(text: str, lo: int, hi: int) -> bool:
    """Whether a capital follows a space or mark inside the sentence [lo, hi); most sentences have none."""
    rest = text[lo + 1 : hi]
    if rest.isascii() and rest.islower():
        return False  # letters, none of them a capital: found without the regex
    return _INNER_CAPITAL.search(text, lo + 1, hi) is not None


def _relation_cast(
    doc: Reading, actor_span: tuple[int, int], char_span: tuple[int, int], span: tuple[int, int]
) -> None:
    raw_actor, raw_char = doc.text[slice(*actor_span)], doc.text[slice(*char_span)]
    if is_ranked(" ".join(raw_actor.split())):
        return
    actor = doc.relation_person(raw_actor)
    if actor is None or doc.markup.emphasised(*char_span):
        return
    if _THE_BEFORE.search(doc.text, max(0, char_span[0] - 16), char_span[0]):
        raw_char = "the " + raw_char  # "as the Warden": the article is part of the name
    role = doc.character(raw_char)
    if role is None or fold(role) in doc.people or doc.is_subject(role):
        return
    if fold(role) in lx.NAME_STOPWORDS or fold(role) in NOT_CHARACTERS:
        return
    doc.add_cast(actor, *span, role=role)


def _known_character(doc: Reading, raw: str) -> bool:
    """Whether `raw` is a known character or a first or last name of one ("Lecter" of "Hannibal Lecter")."""
    key = fold(raw)
    return any(key == c or c.endswith(" " + key) or c.startswith(key + " ") for c in doc.characters)


def _actor_second(doc: Reading, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """ "Woody is Tom Hanks": a first name alone that is no person's, then a full name no character has."""
    a = " ".join(doc.text[slice(*first)].split())
    b = " ".join(doc.text[slice(*second)].split())
    if _words(a) != 1 or _words(b) < 2 or fold(b) in doc.characters or fold(a) in doc.cast:
        return False
    if full_name_in_text(doc.text, a, doc.characters, doc.elsewhere):
        return False  # "Freeman is Ned Logan": a surname of someone the document names in full
    return doc.resolve(a) == a and (fold(a) in doc.characters or person_name(b) is not None)


def _possessive_role_ok(doc: Reading, relation: CastRelation) -> bool:
    """ "X's Y" is a role only when the document says X acts in the film or Y is one of its characters.

    Written of a director, "X's Y" is X's film ("Ana Roth's Night Train"), and nothing in the two
    words tells them apart: what the rest of the document says about X or Y decides.
    """
    raw_actor = " ".join(doc.text[slice(*relation.actor)].split())
    actor = person_name(raw_actor)
    assert relation.character is not None
    raw_char = " ".join(doc.text[slice(*relation.character)].split())
    if actor is None or doc.is_subject(raw_char):
        return False
    if fold(doc.resolve(actor)) in doc.cast:
        return True
    if fold(raw_char) in doc.characters and _words(actor) >= 2 and fold(actor) not in doc.characters:
        return True
    if fold(doc.resolve(actor)) in {fold(c.value) for c in doc.claims if c.field == m.DIRECTOR}:
        return False  # "Nolan's Batman": the director's film
    if _words(actor) < 2 and _known_character(doc, raw_char):
        full = full_name_in_text(doc.text, actor, doc.characters, doc.elsewhere)
        directors = {fold(c.value) for c in doc.claims if c.field in (m.DIRECTOR, m.CREW)}
        return full is not None and fold(full) not in directors  # "Hopkins's Lecter", Hopkins named in full
    if _words(actor) < 2 or fold(raw_char) in lx.HEADER_FIELDS:
        return False  # "Olmos's Gaff" only once Olmos is known as cast
    start, end = relation.actor[0], relation.character[1]
    if any(s < end and relation.character[0] < e for s, e in doc.markup.emphasis):
        return False  # "X's *The Silence of ...*": an italic title
    if _FILM_AFTER.match(doc.text, end) or _FILM_BEFORE_OWNER.search(doc.text, max(0, start - 40), start):
        return False
    between = doc.text[relation.actor[1] : relation.character[0]].split()
    if len(between) > 1 and between[-1].lower() in lx.ROLE_NOUNS:
        return False  # "Nell's sister Ida": a relation between characters
    return not _OTHER_FILM_BEFORE.search(doc.text, max(0, start - 60), start)


# "X's Y" names X's film, not X's role, when Y runs on as a title ("Y of Silence", "Y: The Return"),
# has its stars ("Y, with Z"), or a film is what stands before ("her debut, X's Y", "knew him from X's Y").
_FILM_AFTER = re.compile(
    r"[ \u00a0]?\(|,?[ \u00a0]+with[ \u00a0]+[A-Z]|:[ \u00a0]+[A-Z]"
    r"|[ \u00a0]+(?:of|in|on|at|from|and[ \u00a0]+the)[ \u00a0]+(?:the[ \u00a0]+|a[ \u00a0]+)?[A-Z]"
)
_FILM_BEFORE_OWNER = re.compile(
    r"(?:\b(?:film|movie|picture|feature|debut|one|ones)\b[^.;:!?]{0,20},|\b(?:from|showed|watched|saw|screened))"
    r"[ \u00a0]*$"
)


def _last_word(text: str, span: tuple[int, int]) -> str:
    words = text[span[0] : span[1]].split()
    return words[-1].lower() if words else ""


def _decide_pairs(doc: Reading, pairs: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]) -> None:
    """ "A (B)", "A = B": the actor is the known cast member, the side without a rank, or the full name;
    the rest follow the order the decided pairs use."""
    decided: list[tuple[bool, tuple[int, int], tuple[int, int], tuple[int, int]]] = []
    open_pairs = []
    for a, b, span in pairs:
        order = _pair_order(doc, doc.text[slice(*a)], doc.text[slice(*b)])
        if order and doc.lower[max(0, a[0] - 4) : a[0]] == "the ":
            order = None  # "the Dude (X)", "the Last Crusade (Paramount)": what follows "the" is no actor
        if order is None:
            open_pairs.append((a, b, span))
        else:
            decided.append((order, a, b, span))
    firsts = sum(1 for order, *_ in decided if order)
    seconds = len(decided) - firsts
    if open_pairs and (firsts or seconds) and (firsts == 0 or seconds == 0):
        decided.extend((firsts > 0, a, b, span) for a, b, span in open_pairs)
    for actor_first, a, b, span in decided:
        actor, char = (a, b) if actor_first else (b, a)
        _relation_cast(doc, actor, char, span)


def _pair_order(doc: Reading, a: str, b: str) -> bool | None:
    """True when the actor comes first, False when second, None when nothing decides."""
    a, b = " ".join(a.split()), " ".join(b.split())
    for name, first in ((a, True), (b, False)):
        key = fold(name)
        surname = _words(name) == 1 and (
            fold(doc.resolve(name)) in doc.people
            or full_name_in_text(doc.text, name, doc.characters, doc.elsewhere) is not None
        )
        if key in doc.cast or key in doc.people or surname:
            return first  # a surname alone ("Beauchamp (Rubinek)") is the actor's when it completes to a person
        if key in doc.characters or is_ranked(name):
            return not first
    words_a, words_b = _words(a), _words(b)
    if words_a >= 2 and words_b == 1:
        return True
    if words_b >= 2 and words_a == 1:
        return False
    if words_a >= 2 and words_b >= 2:
        return _order_by_mentions(doc.text, a, b)
    return None


def _alone(text: str, word: str, full: str) -> int:
    """How often `word` stands in `text` outside the full name `full`."""
    return _count_words(text, word) - _count_words(text, full)


def _count_words(text: str, phrase: str) -> int:
    """Occurrences of `phrase` in `text` as whole words (no pattern compiled per name)."""
    count, pos = 0, text.find(phrase)
    while pos >= 0:
        before = text[pos - 1 : pos] if pos else ""
        after = text[pos + len(phrase) : pos + len(phrase) + 1]
        if not (before.isalnum() or (before and before in "'’.-")) and not (after.isalnum() or after == "-"):
            count += 1
        pos = text.find(phrase, pos + 1)
    return count


def _order_by_mentions(text: str, a: str, b: str) -> bool | None:
    """ "Anthony Perkins (Norman Bates)" with nothing known: reviews call actors by their surname ("Perkins")
    and characters by their first name ("Norman"); the side only ever called by its first name is the
    character, when the other side never is."""
    first_a, first_b = _alone(text, a.split()[0], a), _alone(text, b.split()[0], b)
    last_a, last_b = _alone(text, a.split()[-1], a), _alone(text, b.split()[-1], b)
    if first_b and not last_b and not first_a:
        return True
    if first_a and not last_a and not first_b:
        return False
    return None


def _portrayals(doc: Reading) -> None:
    """ "Her portrayal of Ida": the cast member named in the previous sentence."""
    for match in doc.matches(PORTRAYAL):
        index = doc.layout.sentence_index(match.start())
        if not index or not doc.layout.sentences[index - 1].clean:
            continue
        previous = doc.layout.sentences[index - 1]
        actor, mention = None, 0
        for person in _PERSON.finditer(doc.text, previous.start, previous.end):
            known = doc.known_cast(person.group())
            if known:
                actor, mention = known, person.start()
        role = doc.character(match.group("char"))
        if actor and role:
            doc.add_cast(actor, mention, match.end(), role=role)  # the span covers both sentences


# In the sentence before "She is played by X", who "she" is: a known character, the subject the sentence
# opens with ("Caleb Smith, a young programmer, ..."), or a name it gives ("... names itself Samantha").
_OPENING_SUBJECT = re.compile(rf"[ \u00a0]*(?P<char>{CHARACTER})(?=,|[ \u00a0]+(?:is|was)\b)")
_NAMED = re.compile(rf"\b(?:named|called|itself|himself|herself)[ \u00a0]+(?P<char>{CHARACTER})[ \u00a0]*[.!?]?$")


def _pronoun_roles(doc: Reading) -> None:
    """ "She is voiced by X": X plays the character the previous sentence is about, when it says who."""
    for match in doc.matches(PRONOUN_PLAYED):
        index = doc.layout.sentence_index(match.start())
        if not index or not doc.layout.sentences[index - 1].clean:
            continue
        previous = doc.layout.sentences[index - 1]
        if doc.layout.lines[previous.line].start != doc.layout.lines[doc.layout.sentences[index].line].start:
            continue  # the sentence before is in another paragraph
        actor = doc.person(match.group("actor"))
        if actor is None or match.start("actor") in doc.consumed:
            continue
        raw = None
        for found in nm.people_in(doc.text, previous.start, previous.end):
            if fold(doc.text[slice(*found)]) in doc.characters:
                raw = doc.text[slice(*found)]
        opening = _OPENING_SUBJECT.match(doc.text, previous.start, previous.end)
        named = _NAMED.search(doc.text, previous.start, previous.end)
        if raw is None and opening and fold(opening.group("char")) not in doc.people:
            raw = opening.group("char")
        elif raw is None and named:
            raw = named.group("char")
        role = doc.character(raw) if raw else None
        if role and fold(role) not in doc.cast:
            doc.add_cast(actor, previous.start, match.end(), role=role)  # the span covers both sentences
            doc.consumed.add(match.start("actor"))


# "He wrote it, directed it, and shot it": each verb of the pronoun's list, with "it" (or the film) as object.
_PRONOUN_VERB = re.compile(
    r"(?:\b(?:He|She)|,(?:[ \u00a0]+and)?|[ \u00a0]and|[ \u00a0](?:he|she))[ \u00a0]+(?:also[ \u00a0]+)?"
    r"(?P<verb>wrote|directed|shot|edited|cut|scored|produced|co-wrote|co-produced)[ \u00a0]+"
    r"(?:it|the[ \u00a0]+(?:film|movie|script|screenplay|score|music))\b"
)
_PRONOUN_JOBS = {
    "wrote": "writer",
    "co-wrote": "writer",
    "shot": "cinematographer",
    "edited": "editor",
    "cut": "editor",
    "scored": "composer",
    "produced": "producer",
    "co-produced": "producer",
}
_SUBJECT_OPENING = re.compile(rf"[ \u00a0]*(?P<name>{NAME})[ \u00a0]+(?=[{_LOW}])")


def _pronoun_jobs_after(doc: Reading) -> None:
    """ "Cuarón did almost everything himself. He wrote it, directed it, and shot it": the jobs of the
    person the previous sentence of the paragraph opens with (a person the document names in full)."""
    sentences, text = doc.layout.sentences, doc.text
    for index, sentence in enumerate(sentences):
        if not index or not sentence.clean or not text.startswith(("He ", "She "), sentence.start):
            continue
        previous = sentences[index - 1]
        if not previous.clean or doc.layout.lines[previous.line].start != doc.layout.lines[sentence.line].start:
            continue
        opening = _SUBJECT_OPENING.match(text, previous.start, previous.end)
        name = person_name(opening.group("name")) if opening else None
        if name is None or fold(name) in doc.characters or doc.is_subject(name):
            continue
        full = name if _words(name) >= 2 else full_name_in_text(text, name, doc.characters, doc.elsewhere)
        if full is None or fold(full) in doc.characters:
            continue
        for verb in _PRONOUN_VERB.finditer(text, sentence.start, sentence.end):
            job = _PRONOUN_JOBS.get(verb.group("verb"))
            if job is None:
                doc.add(m.DIRECTOR, full, previous.start, verb.end(), person=full)
            else:
                doc.add(m.CREW, full, previous.start, verb.end(), person=full, role=job)
            co = (
                _CO_CREDIT.match(text, verb.end("verb"), sentence.end)
                if job in ("writer", "producer", "editor")
                else None
            )
            for s, e in people_in(text, *co.span("names")) if co else ():
                other = doc.relation_person(text[s:e])
                if other:
                    doc.add(m.CREW, other, verb.start("verb"), e, person=other, role=job)
