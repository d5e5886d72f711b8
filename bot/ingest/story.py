"""The story: characters, organisations and places a review names, by the phrases that introduce them.

"follows X, a ...", "the journey of X", "the protagonist X", "X, a young
woman"; "X, the shadowy organisation", "the rules of the X", "works for the
X"; "X, a fishing village", "set in X", "travels to X". Bulleted lists of
them are read by their introduction ("The factions:") or description.
Characters are kept apart from the cast; nothing here is a person.
"""

from __future__ import annotations

import re

from bot import model as m
from bot.ingest import credits
from bot.ingest import lexicon as lx
from bot.ingest import names as nm
from bot.ingest import values as v
from bot.ingest.blocks import BULLET, FIRST, PROSE, Rule, rule
from bot.ingest.names import CAPWORD, CHARACTER, ORG, PLACE, SP, alternation
from bot.ingest.reading import Reading
from bot.ingest.values import fold_key as fold

_CHAR = rf"(?P<char>{CHARACTER})"


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
    ),
    rule(
        "X, a young woman",
        rf"{_CHAR},{SP}+(?:a|an){SP}+(?:(?!of\b|and\b|who\b)[\w-]+{SP}+){{0,3}}?{alternation(lx.ROLE_NOUNS)}\b",
        " ".join(sorted(lx.ROLE_NOUNS)),
        needs=(", a ", ", an "),
    ),
)


# --- organisations ------------------------------------------------------------
GROUP_NOUNS = lx.words_and_plurals(
    """
    organization organisation group guild society cabal syndicate cult clan brotherhood sisterhood network
    cartel gang council faction mafia sect league agency tribe triad consortium alliance order empire
    dynasty corporation conglomerate regime militia collective fraternity company outfit resistance movement
    rebellion ministry bureau committee firm authority institute directorate commission department union
    association foundation cooperative
    """
)

# The last word of an organisation's name, for rules that say little else ("an inspector from the X").
ORG_HEADS = GROUP_NOUNS | lx.words_and_plurals(
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
AGENT_NOUNS = lx.words_and_plurals(
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
        needs=(", the ", ", a ", ", an "),
    ),
    rule(
        "a cabal of X loyalists",
        rf"(?:a|an|the){SP}+(?:[\w-]+{SP}+){{0,2}}?(?:cabal|network|group|faction|circle|ring|cell|band|army|legion"
        rf"|council|syndicate|league){SP}+of{SP}+(?:the{SP}+)?{_ORG}{SP}+(?:loyalists|agents|members|operatives"
        rf"|assassins|enforcers|soldiers|killers|elites|elders|leaders|sympathi[sz]ers|devotees|acolytes|mercenaries)\b",
        "cabal network group faction circle ring cell band army legion council syndicate league",
        needs=(" of ",),
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
        needs=(" from the ", " of the ", " with the "),
    ),
    rule(
        "works for the X",
        rf"(?:works|worked|working|work|employed|hired|recruited|joins|joined|joining|infiltrates|infiltrated"
        rf"|infiltrating|defects|defected|betrays|betrayed|expelled|exiled){SP}+(?:(?:for|by|from){SP}+)?the{SP}+{_ORG}",
        "works worked working work employed hired recruited joins joined joining infiltrates infiltrated infiltrating "
        "defects defected betrays betrayed expelled exiled",
        needs=(" the ",),
    ),
)

ORG_NEEDS_HEAD = frozenset({"an inspector from the X", "works for the X"})

ORG_INTRO_WORDS = lx.wordset(
    """
    cultures groups factions organizations organisations guilds societies clans syndicates houses orders
    families gangs cartels cults sects tribes agencies networks brotherhoods alliances circles leagues
    councils dynasties empires powers forces crews
    """
)

CHARACTER_INTRO_WORDS = lx.wordset("characters allies enemies villains adversaries foes heroes rivals mentors")

PLACE_INTRO_WORDS = lx.wordset("locations places cities countries settings destinations locales")

CAST_INTRO_WORDS = frozenset({"cast", "starring", "actors", "performers"})

# Descriptions (or names) of bullet items that make them groups even without an introduction.
GROUP_DESCRIPTION = re.compile(
    rf"\b(?:{alternation(GROUP_NOUNS)}|killers|assassins|monks|warriors|mercenaries|soldiers|thieves|hackers"
    rf"|smugglers|elders)\b",
    re.IGNORECASE,
)

BULLET_ITEM = re.compile(r"(?P<name>[^–—:(]+?)[ \t]*(?:[–—:]|[ \t]-[ \t]|\()[ \t]*(?P<desc>.*)$")


# --- places ---------------------------------------------------------------------
PLACE_NOUNS = lx.words_and_plurals(
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
        needs=(", a ", ", an ", ", the "),
    ),
    rule(
        "drives from X to",
        rf"(?:{_JOURNEY_VERBS.replace(' ', '|').replace('road', f'road{SP}+trip')})\b[^.!?\n]{{0,60}}?{SP}from{SP}+"
        rf"{_PLACE}{SP}+to\b",
        _JOURNEY_VERBS,
        needs=(" from ",),
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
        needs=("in ", "in\u00a0", "across", "throughout"),  # most sentences with the verb ("it arrives") lack them
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

ROWS: tuple[Rule, ...] = (*CHARACTER_RULES, *ORG_RULES, *PLACE_RULES)


# --- reading the story into claims ------------------------------------------------------------------
_JOINED = re.compile(
    r"(?<=[\w,;:’'][ \u00a0])[A-ZÀ-Þ][\w'’-]*[ \u00a0]+(?:"
    + "|".join(sorted(nm.NAME_JOINERS))
    + r")[ \u00a0]+(?:the[ \u00a0]+)?$"
)


# -- bullet lists of named things -------------------------------------------------------


def read_lists(doc: Reading) -> None:
    lines = doc.layout.lines
    intro = ""
    for line in lines:
        if line.kind != BULLET:
            intro = ""
            if line.kind in (PROSE, FIRST):
                raw = doc.text[line.start : line.end]
                if raw.endswith(":"):
                    sentences = doc.layout.sentences_of(line.index)
                    intro = fold(doc.text[sentences[-1].start : sentences[-1].end]) if sentences else ""
            continue
        if line.section in ("strength", "weakness", "verdict", "rating"):
            continue
        item = BULLET_ITEM.match(doc.text, line.content_start, line.end)
        name_end = item.end("name") if item else line.end
        start, end = v.strip_span(doc.text, line.content_start, name_end, v.QUOTES + "*")
        description = item.group("desc") if item else ""
        kind = _bullet_kind(intro) or _bullet_kind(line.heading)
        if kind is None and GROUP_DESCRIPTION.search(description + " " + doc.text[start:end].lower()):
            kind = "organisation"
        if kind == "cast":
            credits.read_cast_list(doc, line.content_start, line.end)
            continue
        if kind is None or doc.layout.is_spam(start, end):
            continue
        raw = doc.text[start:end]
        if kind == "character":
            character = doc.character(raw)
            if character:
                doc.add_character(character, start, end)
            continue
        group = nm.clean_group(raw)
        if group and not doc.is_subject(group):
            doc.groups.add(fold(group))
            doc.add(m.ORGANISATION if kind == "organisation" else m.PLACE, group, start, end)


# -- story: characters, organisations, places ----------------------------------------------


def read_characters(doc: Reading) -> None:
    for row in CHARACTER_RULES:
        for match in doc.matches(row):
            name = doc.character(match.group("char"))
            if _inside_a_name(doc.text, match.start("char")):
                continue
            if name and doc.resolve(name) == name and not doc.is_person_part(name):
                doc.add_character(name, match.start("char"), match.end("char"))


def read_organisations_and_places(doc: Reading) -> None:
    for rules, field_name, group in (
        (ORG_RULES, m.ORGANISATION, "org"),
        (PLACE_RULES, m.PLACE, "place"),
    ):
        for row in rules:
            for match in doc.matches(row):
                raw = match.group(group)
                name = nm.clean_group(raw)
                if name is None or doc.is_subject(name) or _inside_a_name(doc.text, match.start(group)):
                    continue
                if row.name in ORG_NEEDS_HEAD and fold(name).rsplit(" ", 1)[-1] not in ORG_HEADS:
                    continue
                start = match.start(group) + max(0, raw.find(name))  # "Mother of the X" -> the X
                key = fold(name)
                if key in doc.people or key in doc.cast or key in doc.characters or doc.is_person_part(name):
                    continue
                if key.removeprefix("the ") in doc.characters:
                    continue
                doc.groups.add(key)
                doc.add(field_name, name, start, match.end(group))


def _inside_a_name(text: str, start: int) -> bool:
    """Whether a name found at `start` is the tail of a longer one ("Mar" of "the Confraria do Mar").

    A capitalised word that opens the sentence ("Members of the X") does not count.
    """
    words = text[max(0, start - 12) : start].split()
    if not words or words[-1] not in nm.NAME_JOINERS:
        return False
    return bool(_JOINED.search(text, max(0, start - 40), start))


def _bullet_kind(intro: str) -> str | None:
    words = set(intro.split())
    if words & ORG_INTRO_WORDS:
        return "organisation"
    if words & CHARACTER_INTRO_WORDS:
        return "character"
    if words & PLACE_INTRO_WORDS:
        return "place"
    if words & CAST_INTRO_WORDS:
        return "cast"
    return None
