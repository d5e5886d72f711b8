"""The film's title: a headline stripped of what a headline adds to it.

Headlines carry decorations around the title: review prefixes and suffixes
("Review: X", "X — film review"), list numbering ("3. X"), a site name after
a bar ("X | The Film Desk"), a year and whatever follows it
("X (2019) review: the quiet one"), quotes and emphasis. `strip_title`
removes them and returns the year it saw. A subtitle after a colon or dash is
kept only when the body uses it (`settle_subtitle`): "X: why it still
matters" is X, "Dune: Part Two" named so in the body stays whole.

Bylines ("Posted by ... · Grade: A-", "By Ana Lopez, 2 March 2024") are
never taglines or titles (`is_byline`).
"""

from __future__ import annotations

import re

from bot.ingest.values import fold_key, occurrences

_EDGE = "\"'“”‘’«»„`*_#> \t\u00a0"
_NUMBERING = re.compile(r"(?:#|No\.?[ \t]*)?\d{1,3}[.):]?[ \t]+[-–—:]?[ \t]*(?=\S)|#\d{1,3}[ \t]*[-–—:]?[ \t]*")
_PREFIX = re.compile(
    r"(?i)(?:(?:capsule|mini|quick|short|full|spoiler[- ]free|new|classic|retro|festival|tiff|cannes|sundance|venice"
    r"|berlinale|lff|nyff|sxsw)[ \t]+)*(?:(?:movie|film)[ \t]+)?(?:review|reviews|reviewed|recap|verdict|dispatch"
    r"|first look|rewatch|revisited|in review|capsule|watched)[ \t]*(?:[:|\-–—]|of\b)[ \t]*"
)
_SUFFIX = re.compile(
    r"(?i)[ \t]*(?:[-–—:|,][ \t]*)?(?:(?:an?|the|my|our)[ \t]+)?(?:(?:full|spoiler[- ]free|quick|capsule|short)[ \t]+)?"
    r"(?:(?:movie|film)[ \t]+)?"
    r"(?:review|reviewed|recap|rewatch|revisited|(?:rewatch|discussion|review|watch)?[ \t]*thread)$"
)
_TAG = re.compile(
    r"(?i)[ \t]*[(\[](?:(?:minor|major|no|some|mild|heavy)[ \t]+)?"
    r"(?:spoilers?|spoiler[- ]free|discussion|rant|long|thread)[)\]]$"
)
_REVIEW_COLON = re.compile(r"(?i)[ \t]+(?:film[ \t]+|movie[ \t]+)?review[ \t]*[:|–—-][ \t]")
_RATING_IN_HEADLINE = re.compile(r"[ \t]*(?:[-–—:|,][ \t]*)?(?:[★⭐✪☆½]+|\b\d{1,2}(?:\.\d)?/(?:10|5|4|100)\b)")
_CRUMB = re.compile(r"[ \t]+[›»][ \t]+")
_SITE = re.compile(r"[ \t]+[|•·][ \t]+")
_YEAR = re.compile(r"[ \t]*[(\[](?P<year>(?:18|19|20)\d\d)(?:[)\]]|[;,][^)\]]*[)\]]?)")
_SUBTITLE = re.compile(r"[ \t]*(?::|[ \t][–—-][ \t])[ \t]*")
_BYLINE = re.compile(
    r"(?i)^(?:posted|published|filed|written|reviewed|updated|words|review)\b[^\n]{0,40}\bby\b|^by[ \t]+[A-Z]"
    r"|^(?:posted|published|updated)[ \t]+(?:on[ \t]+)?\d|\b(?:posted|published)[ \t]+(?:on|in)\b|[ \t]·[ \t]"
    r"|\b\d+[ \t]+min(?:ute)?s?[ \t]+read\b"
)


# A listicle's headline: "7 Reasons X Still Matters", "10 Things You Never Knew About X", "5 Scenes From X".
_LIST_NOUNS = (
    r"(?:reasons|things|ways|moments|scenes|lessons|details|facts|secrets|shots|lines|quotes|performances"
    r"|questions|surprises|truths|myths|takeaways)"
)
_LISTICLE_LEAD = re.compile(
    rf"(?i)[ \t#*_]*(?:the[ \t]+)?\d{{1,3}}[ \t]+(?:[A-Za-z'’-]+[ \t]+){{0,2}}?{_LIST_NOUNS}[ \t]+"
    r"(?:(?:why|that|about|from|in|of|behind|inside|for)[ \t]+|(?:you|we|i)[ \t]+(?:[A-Za-z'’]+[ \t]+){0,3}?"
    r"(?:about|in|from|of)[ \t]+)?"
)
# Where the title ends in such a headline: a verb or adverb in Title Case ("... X Is Still ...").
_LISTICLE_STOP = re.compile(
    r"[ \t]+(?:Is|Was|Are|Were|Still|Remains?|Holds?|Works?|Deserves?|Matters?|Feels?|Changed|Made|Makes|Has|Had"
    r"|Never|Should|Will|Can|Endures?|Stands?|Hits?|Lands?|Rules?|Beats?|Defined|Shows?|Proves?|Gets?|Got|Keeps?"
    r"|Belongs?|Became|Becomes|Redefined|Invented|Taught|Lives?|Hold|That|Which|We|You|Everyone|Nobody|Is[ \t]+Still)"
    r"\b|[ \t]*[:?!(\[|]|[ \t]+[-–—][ \t]"
)


# A headline that frames its film: "In Praise of X", "Revisiting X", "Why X Beats Y", "How X Changed Z".
_FRAMING_LEAD = re.compile(
    r"[ \t#*_]*(?:in[ \t]+praise[ \t]+of|in[ \t]+defen[cs]e[ \t]+of|revisiting|rewatching|remembering|reconsidering"
    r"|rediscovering|appreciating|looking[ \t]+back[ \t]+(?:at|on)|a[ \t]+second[ \t]+look[ \t]+at"
    r"|(?:everything|what|all|things)[ \t]+you[ \t]+(?:[a-z'’]+[ \t]+){1,3}?(?:in|about|from|of)"
    r"|(?:some[ \t]+)?(?:notes|thoughts)[ \t]+on|the[ \t]+case[ \t]+for|why|how|when)[ \t]+",
    re.I,
)
_PRONOUN_START = frozenset("i we you everyone nobody it this that they there".split())
# A festival or event and its year before the title: "Berlinale 2024: X", "LFF 2022 | X", "Cannes — Day 4: X".
_FESTIVALS = (
    r"cannes|venice|venezia|berlinale|berlin|sundance|tiff|toronto|telluride|lff|london|nyff|new[ \t]+york|sxsw"
    r"|locarno|karlovy[ \t]+vary|rotterdam|iffr|tribeca|fantastic[ \t]+fest|busan|bfi|edinburgh|sitges|annecy"
    r"|san[ \t]+sebasti[aá]n|bologna|il[ \t]+cinema[ \t]+ritrovato|pordenone|sarajevo|tallinn|mubi|afi|hot[ \t]+docs"
)
_FESTIVAL_PREFIX = re.compile(
    rf"[ \t#*_]*(?:{_FESTIVALS})(?:[ \t]+(?:international[ \t]+)?(?:film[ \t]+)?(?:festival|fest))?"
    r"(?:[ \t]+(?:19|20)\d\d)?(?:[ \t]*[-–—,:|][ \t]*(?:day[ \t]+[\w-]+|dispatch|diary|report|review|notebook))*"
    r"[ \t]*(?:[:|]|[–—-][ \t])[ \t]*(?=\S)",
    re.I,
)
# An anniversary after the title: "X at 35: ...", "X at Fifty".
_ANNIVERSARY = re.compile(
    r"(?i)[ \t]+at[ \t]+(?:\d{2,3}|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a[ \t]+hundred)\b"
    r"(?:[-–][a-z]+)?(?=[ \t]*(?:[:|,–—-]|$))"
)


_COUNTED_LEAD = re.compile(r"[ \t#*_]*\d{1,3}[ \t]+[^:\n]{1,40}:[ \t]+")


_LIFESPAN = re.compile(r"[ \t]*\((?:18|19|20)\d\d[ \t]*[–—-][ \t]*(?:(?:18|19|20)\d\d)?\)")  # "(1941–2024)"


def framed_title(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The film a framing headline names ("In Praise of X", "Why X Beats Y" -> X), or None.

    "Remembering Ana Lopez (1941–2024)" names a person: her dates say so."""
    lead = _FRAMING_LEAD.match(text, start, end)
    if lead is None or _LIFESPAN.search(text, lead.end(), end):
        return None
    stop = _LISTICLE_STOP.search(text, lead.end(), end)
    s, e = _strip(text, lead.end(), stop.start() if stop else end)
    words = text[s:e].split()
    if not words or len(words) > 8 or not _title_case(words) or not words[0][:1].isupper():
        return None
    if words[0].lower() in _PRONOUN_START or words[-1].lower() in _SMALL_WORDS:
        return None
    return s, e


_REPLY = re.compile(r"(?i)^[ \t]*(?:re|aw|sv)(?:\[\d+\])?[ \t]*:[ \t]*(?=\S)")
# A comment after a dash or colon, not a subtitle: it starts in lower case or asks a question.
_COMMENT_AFTER = re.compile(r"[ \t]*(?::|[ \t][–—-])[ \t]+(?=[a-z]|[^\n]*\?[ \t*_]*$)")


def reply_subject(line: str) -> int | None:
    """Where a reply's subject starts ("Re: Tidewater - worth it?"): a forum thread's title line."""
    found = _REPLY.match(line)
    return found.end() if found and found.end() < len(line.rstrip()) else None


def listicle_title(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The title in a listicle's headline ("7 Reasons X Still Matters" -> X), or None if it is not one.

    Such a headline needs no second mention: the list is about X even when the
    body calls it "the film" throughout.
    """
    lead = _LISTICLE_LEAD.match(text, start, end)
    if lead is None:
        return None
    stop = _LISTICLE_STOP.search(text, lead.end(), end)
    s, e = _strip(text, lead.end(), stop.start() if stop else end)
    words = text[s:e].split()
    if not words or len(words) > 8 or not _title_case(words) or not words[0][:1].isupper():
        return None
    return s, e


_QUOTED = re.compile(r"[‘“\"'*_](?P<inner>[^‘’“”\"*_\n]{1,60}?)[’”\"'*_](?=[\s:,.!?;|\-–—]|$)")
_CAPITALS_RUN = re.compile(r"(?<![\w'’])[A-Z][A-Z'’&:\-]+(?:[ \u00a0]+[A-Z0-9][A-Z0-9'’&:\-]*)*(?![\w'’])")
_SMALL_WORDS = frozenset("a an the of and in on at to for with from by or vs".split())


def _title_case(words: list[str]) -> bool:
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words)


def strip_title(text: str, start: int, end: int) -> tuple[int, int, tuple[int, int] | None]:
    """The title's span inside a headline at [start, end), and the span of the year it gives, if any.

    A short Title-Case run in quotes or italics inside a longer headline is the
    title ("‘Tidewater’ at 30: the harbour that…"); a quoted sentence is not.

    """
    start, end = _strip(text, start, end)
    festival = _FESTIVAL_PREFIX.match(text, start, end)  # "Berlinale 2024: X": the year is the festival's
    if festival and festival.end() < end:
        start = festival.end()
    listed = listicle_title(text, start, end) or framed_title(text, start, end)
    counted = _COUNTED_LEAD.match(text, start, end)  # "7 Sins, 7 Details: What You Missed in X"
    if listed is None and counted is not None:
        listed = framed_title(text, counted.end(), end)
    if listed is not None:
        return listed[0], listed[1], None
    for quoted in _QUOTED.finditer(text, start, end):
        inner = quoted.group("inner").strip()
        words = inner.split()
        sentence_case = 1 < len(words) <= 4 and words[0][:1].isupper() and quoted.group()[:1] in "\"“‘'"
        if (quoted.start(), quoted.end()) != (start, end) and len(words) <= 6 and (_title_case(words) or sentence_case):
            given = _YEAR.match(text, quoted.end(), end)
            return quoted.start("inner"), quoted.end("inner"), given.span("year") if given else None
    year: tuple[int, int] | None = None
    for _ in range(3):
        before = (start, end)
        numbering = _NUMBERING.match(text, start, end)
        if numbering and numbering.end() < end and not text[start:end].rstrip().isdigit():
            start = numbering.end()
        prefix = _PREFIX.match(text, start, end)
        if prefix and prefix.end() < end:
            start = prefix.end()
        crumbs = list(_CRUMB.finditer(text, start, end))
        if crumbs and crumbs[-1].end() < end:
            start = crumbs[-1].end()  # "Forum › Classic Films › Tidewater": the page is the last crumb
        site = _SITE.search(text, start, end)
        if site and site.start() > start:
            end = site.start()
        found = _YEAR.search(text, start, end)
        if found and found.start() > start:
            year = found.span("year")
            end = found.start()
        anniversary = _ANNIVERSARY.search(text, start, end)  # "X at 35: the film that ..."
        if anniversary and anniversary.start() > start:
            end = anniversary.start()
        colon = _REVIEW_COLON.search(text, start, end)  # "X review: the quiet one"
        if colon and colon.start() > start:
            end = colon.start()
        rating = _RATING_IN_HEADLINE.search(text, start, end)  # "X ★★★★ liked", "X — 4/5"
        if rating and rating.start() > start:
            end = rating.start()
        tag = _TAG.search(text, start, end)  # "(spoilers)"
        if tag and tag.start() > start:
            end = tag.start()
        suffix = _SUFFIX.search(text, start, end)
        if suffix and suffix.start() > start:
            end = suffix.start()
        start, end = _strip(text, start, end)
        if (start, end) == before:
            break
    return start, end, year


def quotes_a_title(line: str) -> bool:
    """Whether a long headline quotes a title ("Dogs, a crash and a new name: Mexico's 'Paper Harbour' wakes
    up the Croisette"): such a line is the headline, however long."""
    if len(line) > 220 or "\n" in line:
        return False
    start, end, _ = strip_title(line, 0, len(line))
    return end - start < len(line.strip(_EDGE)) and line[start - 1 : start] in "\"“‘'*_" and start > 0


def strip_numbering(text: str, start: int, end: int) -> int:
    """The start of a title after list numbering ("1. Salt Acre", "#3 – Salt Acre")."""
    numbering = _NUMBERING.match(text, start, end)
    return numbering.end() if numbering and numbering.end() < end else start


def body_casing(text: str, start: int, end: int, after: int) -> tuple[int, int]:
    """A title written in capitals ("SALT ACRE") as the body writes it ("Salt Acre"), if it does."""
    title = text[start:end]
    if not title.isupper() or not any(ch.isalpha() for ch in title):
        return start, end
    pattern = re.compile(r"\b" + r"\s+".join(re.escape(word) for word in title.split()) + r"\b", re.I)
    for match in pattern.finditer(text, after):
        if not match.group().isupper() and not match.group().islower():  # "#thelma & louise" is a tag's casing
            return match.span()
    return start, end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def settle_subtitle(text: str, start: int, end: int, body: str) -> int:
    """The end of the title: before a subtitle the body never uses, when it uses the part before.

    `body` is the document's text after the headline, folded.
    """
    title = text[start:end]
    cut = _SUBTITLE.search(title)
    if cut is None or cut.start() == 0:
        return end
    full, base = fold_key(title), fold_key(title[: cut.start()])
    body = f" {body} "
    if not base or f" {full} " in body:
        return end
    if f" {base} " in body:
        return start + cut.start()
    comment = _COMMENT_AFTER.match(title, cut.start())  # "X - overrated or nah?" and the body says "X" by initials
    if comment and _initials_named(text, start, start + cut.start(), after=end):
        return start + cut.start()
    return end


def settle_prefix(text: str, start: int, end: int, body: str) -> int:
    """The start of the title: after a section label the body never uses ("PROGRAMME NOTES — X")."""
    mail = _MAIL_SUBJECT.match(text, start, end)  # "Subject: This Thursday: X": past the mail key first
    if mail:
        start = mail.end()
    title = text[start:end]
    cut = _SUBTITLE.search(title)
    if cut is None or cut.start() == 0:
        return start
    body = f" {body} "
    label, rest = fold_key(title[: cut.start()]), fold_key(title[cut.end() :])
    if rest and f" {label} " not in body and f" {rest} " in body and f" {fold_key(title)} " not in body:
        return start + cut.end()
    return start


_MAIL_SUBJECT = re.compile(r"(?i)[ \t]*(?:subject|re|fwd?|aw)[ \t]*:[ \t]*(?=\S)")


_WORD_SPAN = re.compile(r"[^\s]+")
_TRAILING_YEAR = re.compile(r"[ \t]+(?P<year>(?:18|19|20)\d\d)$")
_SMALL = frozenset("a an the of and in on at to for with from by or vs".split())


def body_count(body: str, name: str) -> int:
    """How often a folded name occurs, as whole words, in a folded body (padded with spaces)."""
    if not name:
        return 0
    count, pos = 0, body.find(f" {name} ")
    while pos >= 0:  # occurrences may share their spaces: " x x " holds two
        count += 1
        pos = body.find(f" {name} ", pos + len(name) + 1)
    return count


def choose_title(
    text: str,
    start: int,
    end: int,
    body: str,
    others: list[tuple[int, int]],
    stopwords: frozenset[str],
    heads: tuple[tuple[int, int], ...] = (),
) -> tuple[int, int] | None:
    """The span the body keeps naming: the headline's title, one of its word runs, or another candidate.

    `body` is the folded text after the headline, padded with spaces; `others`
    are spans of other candidates ("Title (Year)" mentions, italic titles);
    `heads` the titles in capitals that open a newspaper capsule ("TIDEWATER
    (R, 101 min. dir. ...)"), which need no second mention.
    A run or candidate replaces the headline's title only when the body never
    names the title itself ("7 Reasons X Still Matters", "Rewatched X"); the
    one named most often wins, a "Title (Year)" mention or italic title
    before a run of the headline.
    """
    best, best_count = (start, end), body_count(body, fold_key(text[start:end]))
    if best_count or _after_listicle_lead(text, start) or _initials_named(text, start, end):
        return best
    words = [m.span() for m in _WORD_SPAN.finditer(text, start, end)]
    candidates: list[tuple[int, int]] = []
    if len(words) > 1:
        for i in range(len(words)):
            first = text[words[i][0] : words[i][1]].strip(_EDGE + ",.;:!?")
            if not first[:1].isupper() and not first[:1].isdigit():
                continue
            for j in range(i, min(len(words), i + 6)):
                last = text[words[j][0] : words[j][1]].strip(_EDGE + ",.;:!?")
                if (i, j) != (0, len(words) - 1) and last.lower() not in _SMALL and last:
                    s, e = _strip(text, words[i][0], words[j][1])
                    while e > s and text[e - 1] in ",.;:!?":
                        e -= 1
                    candidates.append((s, e))
    weighted = [(span, 1) for span in others] + [(span, 0) for span in candidates] + [(span, 2) for span in heads]
    if not text[start:end].isupper():  # "Thread: why TIDEWATER is underrated": the run in capitals, if named
        weighted += [(span, 3) for span in _capitals_runs(text, start, end)]
    best_score: tuple[int, int, int] = (0, 0, 0)
    for (s, e), weight in weighted:
        name = fold_key(text[s:e])
        if not name or name in stopwords or ". " in text[s:e] or used_as_person(text, text[s:e], end):
            continue  # not across a sentence's end, and never a person the body credits
        if weight == 0 and " " not in name and not _named_mid_sentence(text, text[s:e], end):
            continue  # one headline word ("Day", "Grade") is a title only if the body capitalises it mid-sentence
        if weight == 0 and " " not in name and _is_surname(text, text[s:e], end):
            continue  # "Lind sends ..." where the body says "Oskar Lind": a person
        if weight == 0 and " " not in name and _always_after_the(text, text[s:e], end):
            continue  # "Opening night on the Lido" where the body says "the Lido": a place, not a title
        count = body_count(body, name) - (weight == 1)  # a candidate from the body also counts itself
        # capitals in the headline, a capsule's head, a mention, the longest run; of mentions, the most named first
        score = (weight, count, -s) if weight in (1, 2) else (weight, e - s, count)
        if count >= (1 if weight == 3 else max(0, 2 - weight)) and score > best_score:
            best, best_score = (s, e), score
    if best == (start, end) and (
        _reads_as_a_sentence(text[start:end], len(words)) or describes_a_film(text[start:end])
    ):
        return None  # a headline the body never names that reads as a sentence about the film, not its name
    return best


def headline_confirmed(text: str, start: int, end: int) -> bool:
    """Whether a title the body never names is confirmed otherwise: it follows a listicle's or framing
    lead ("7 Reasons X Still Matters"), or the body calls it by its initials ("CV" for "Cold Valley")."""
    return _after_listicle_lead(text, start) or _initials_named(text, start, end)


_NOT_INITIALS = frozenset("AM PM TV US UK OK IT AD BC ID VS DJ MC PR HQ".split())


def _initials_named(text: str, start: int, end: int, after: int | None = None) -> bool:
    """Whether the body (past `after`, else `end`) calls a title of two words or more by its initials
    ("TD" for "Taxi Driver")."""
    words = [w for w in text[start:end].split() if w[:1].isalpha()]
    if len(words) < 2 or len(words) > 5:
        return False
    initials = "".join(w[0].upper() for w in words)
    if initials in _NOT_INITIALS or not initials.isalpha():
        return False
    pattern = re.compile(rf"(?<![\w'’]){initials}(?![\w'’])")
    return pattern.search(text, end if after is None else after) is not None


def _after_listicle_lead(text: str, start: int) -> bool:
    """Whether the title at `start` follows a listicle's or framing headline's lead ("7 Reasons ", "In Praise of ")."""
    line_start = text.rfind("\n", 0, start) + 1
    festival = _FESTIVAL_PREFIX.match(text, line_start, start + 1)
    if festival and festival.end() <= start:
        line_start = festival.end()
    for pattern in (_LISTICLE_LEAD, _FRAMING_LEAD):
        lead = pattern.match(text, line_start, start + 1)
        if lead is not None and lead.end() == start:
            return True
    return False


# Nouns a headline uses to describe a film rather than name it ("The Ferry Film Nobody Saw").
_DESCRIBING = frozenset(
    """
    film films movie movies picture flick masterpiece classic debut gem triumph misfire swansong comeback return
    epic cinema filmmaker director's
    """.split()
)


def describes_a_film(headline: str) -> bool:
    """A headline that describes a film ("The Ferry Film Nobody Saw", "Ana Lopez's Quiet Masterpiece").

    Said of a headline the body never names: such a line is about the film, and is not its title.
    """
    return any(w.strip("\"'“”‘’*_,.:;!?").lower() in _DESCRIBING for w in headline.split())


_PERSON_VERBS = (
    r"directed|directs|wrote|writes|scored|edited|produced|co-wrote|co-directed"
    # "made eleven features"
    r"|(?:made|directed|shot)[ \u00a0]+(?:[a-z]+[ \u00a0]+)?(?:features|films|movies|pictures)"
    r"|(?:also[ \u00a0]+)?(?:plays|played)[ \u00a0]+(?:the[ \u00a0]+)?[A-Z]"
    r"|is[ \u00a0]+(?:the|a|an)[ \u00a0]+(?:director|actor|actress|filmmaker|writer)"
)


def used_as_person(text: str, name: str, after: int) -> bool:
    """Whether the text past `after` uses `name` as a person ("Oskar Lind directed", "directed by Oskar Lind")."""
    if not name.strip():
        return False
    name = name.strip()
    for pos in occurrences(text, name, after):  # no regex compiled per name: this runs for every document
        if _PERSON_VERB_AFTER.match(text, pos + len(name)) or _CREDIT_BEFORE.search(text, max(after, pos - 40), pos):
            return True
    return False


_PERSON_VERB_AFTER = re.compile(rf"[ \u00a0]+(?:{_PERSON_VERBS})\b")
_CREDIT_BEFORE = re.compile(r"\b(?:directed|written|shot|scored|produced)[ \u00a0]+by[ \u00a0]+$")


def _reads_as_a_sentence(headline: str, words: int) -> bool:
    """Seven words or more, or five with a clause mark (", ", ": ", "?"): longer than nearly every title.

    Such a headline, named nowhere in the body and holding no run the body
    names, gives no title: the document then names its film some other way,
    or has none (never a wrong one).
    """
    return words > 6 or (words > 4 and any(mark in headline for mark in (", ", ": ", "?")))


# (Case-sensitive but for "Dir."/"Starring": "With X, a chilly thriller" opens a sentence, "with X" credits.)
_LISTED_BEFORE = re.compile(r"\b(?:[Dd]ir|with|by|[Ss]tarring|ph|mus|scr|ed|prod)\.?[ \u00a0]+$")


def looks_like_a_person(text: str, start: int, end: int) -> bool:
    """Whether a Title-Case run the document repeats is a person or a possessive, not a title: "Laura's",
    a surname after a first name ("Stallone" of "Sylvester Stallone"), a first name before a surname, a
    name the body credits ("Oskar Lind directed", "dir. Oskar Lind")."""
    run = text[start:end]
    if run.endswith(("'s", "’s", "'", "’")) or used_as_person(text, run, 0):
        return True
    if " " not in run:
        return _is_surname(text, run, 0)
    return any(_LISTED_BEFORE.search(text, max(0, pos - 12), pos) for pos in _occurrences(text, run))


def _occurrences(text: str, run: str) -> list[int]:
    found, pos = [], text.find(run)
    while pos >= 0:
        found.append(pos)
        pos = text.find(run, pos + 1)
    return found


_NAME_BEFORE = re.compile(r"(?<![\w'’])(?P<first>[A-Z][\w'’-]*)\.?[ \u00a0]+(?:[A-Z]\.[ \u00a0]*)*$")
_NAME_AFTER = re.compile(r"[ \u00a0]+(?:[A-Z]\.[ \u00a0]*)*(?P<next>[A-Z][a-z][\w'’-]*)")
_LONG_RUN_AFTER = re.compile(r"(?:[ \u00a0]+[A-Z][\w'’-]*){3}")
_ABBREVIATION_BEFORE = re.compile(r"(?<![A-Za-z])[a-z]{1,4}\.[ \u00a0]*$")


def _is_surname(text: str, word: str, after: int) -> bool:
    """Whether the body writes `word` next to a first name or surname ("Oskar Lind", "A. G. Lind",
    "Michael Keaton"): a person. Found with `occurrences`, no regex compiled per word."""
    word = word.strip(_EDGE + ",.;:!?")
    if not word[:1].isupper():
        return False
    for pos in occurrences(text, word, after):
        before = _NAME_BEFORE.search(text, max(0, pos - 40), pos)
        if before:
            first = before.group("first").lower()
            lead = text[max(0, before.start() - 8) : before.start()]
            sentence_start = not _ABBREVIATION_BEFORE.search(lead) and (
                not lead.strip() or lead.rstrip()[-1:] in '.!?:\n"“'
            )
            possessive = first.endswith(("'s", "’s", "s'", "s’"))
            if first not in _SMALL_WORDS and first not in _NOT_FIRST_NAMES and not sentence_start and not possessive:
                return True
        following = _NAME_AFTER.match(text, pos + len(word))
        if following and _LONG_RUN_AFTER.match(text, following.end()):
            following = None  # "In Moonlight Black Boys Look Blue": a title's words, not a first name
        if following:  # "Michael Keaton": a first name
            next_word = following.group("next").lower()
            if next_word not in _SMALL_WORDS and next_word not in _NOT_FIRST_NAMES and next_word not in _NOT_SURNAMES:
                return True
    return False


def _always_after_the(text: str, word: str, after: int) -> bool:
    """Whether the body writes `word` mid-sentence only after a lower-case "the" ("on the Lido", "the
    Croisette"): a place or an institution. A title is written without it ("saw Heat")."""
    word = word.strip(_EDGE + ",.;:!?")
    seen = False
    for pos in occurrences(text, word, after):
        before = text[max(0, pos - 12) : pos]
        if not re.search(r"[a-z,][ \u00a0]+$", before):
            continue  # a sentence's or line's start: says nothing
        if not before.endswith(("the ", "the\u00a0")):
            return False
        seen = True
    return seen


_NOT_SURNAMES = frozenset("is was has had it its this that he she they there here i we you".split())


_NOT_FIRST_NAMES = frozenset("but and so yet then when while after before since if though as".split())


def _named_mid_sentence(text: str, word: str, after: int) -> bool:
    """Whether `word` occurs capitalised after a lower-case word past `after` (a name, not a sentence's opener)."""
    word = word.strip(_EDGE + ",.;:!?")
    if not word[:1].isupper():
        return False
    pattern = re.compile(r"[a-z,][ \u00a0]" + re.escape(word[0].upper() + word[1:]) + r"(?![\w'’])")
    return pattern.search(text, after) is not None


def _capitals_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    runs = []
    for caps in _CAPITALS_RUN.finditer(text, start, end):
        s, e = _strip(text, caps.start(), caps.end())
        while e > s and text[e - 1] in ":&-'’":
            e -= 1
        if e - s >= 4:
            runs.append((s, e))
    return runs


def trailing_year(text: str, start: int, end: int) -> tuple[int, tuple[int, int] | None]:
    """ "Tidewater 1942" as a headline: the title's end and the year's span."""
    found = _TRAILING_YEAR.search(text, start, end)
    if found and found.start() > start:
        return found.start(), found.span("year")
    return end, None


_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth|tenth|last|final|opening|closing"
)
_DATE_LINE = re.compile(
    r"(?i)^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d|day|week"
    r"|entry|night|evening|morning|dear[ \t]+diary|diary|log|(?:" + _NUMBER_WORDS + r")[ \t]+(?:day|night))"
    r"[\w .,/·:#–—-]*$"
)
_DATE_WORD = re.compile(
    r"(?i)\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|day|week|entry|night|evening"
    r"|morning|dear|diary|log|the|of|st|nd|rd|th|" + _NUMBER_WORDS + r")\b|\d"
)
# A dateline or kicker alone: a place in capitals, then a day or a date ("VENICE — Day 5", "BERLIN, Feb. 12").
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'’ -]{2,30}?)[ \t]*(?:,|[–—-]|:)[ \t]*(?P<rest>.+)$")
# Words of a section label or a listings heading: a line made only of them names no film.
_LABEL_WORDS = frozenset(
    """
    short takes now showing capsules capsule reviews review this week weekend listings dispatch notes diary entry
    thread day week today tonight repertory revivals second runs new releases also playing opening in brief briefly
    the and at our on of a film films movie movies cinema screen picks pick round up roundup highlights festival
    what's what s on coming soon notebook report letters mailbag entertainment arts culture features feature news
    tv television guide club desk critics critic's choice choices last night tomorrow yesterday
    """.split()
)
_HANDLE = re.compile(r"(?<![\w.])@[A-Za-z0-9_][\w.]{1,40}")
_KICKER_PART = re.compile(r"[ \t]+[·|•›»][ \t]+|[ \t]+[–—-][ \t]+|,[ \t]+")


# A wire story's slug line: "BC-Film-Review-Cold-Ledger", "FILM-REVIEW/COLD-LEDGER", "film_review_cold_ledger".
SLUG_LINE = re.compile(
    r"[ \t]*(?:[A-Z]{2,4}[-_])?(?:film|movie|cinema|arts)[-_/](?:reviews?[-_/])?"
    r"(?P<slug>[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*)"
    r"[ \t]*(?:[,;|][^\n]*)?$",
    re.I | re.M,
)


_NAV_BAR = re.compile(
    r"(?i)(?:^|[|•·][ \t]*)(?:menu|sign[ \t]+in|sign[ \t]+up|log[ \t]*in|log[ \t]+out|register|my[ \t]+account"
    r"|watchlist|subscribe|home|search\b[^|•·]*)[ \t▾]*(?:[|•·]|$)"
)


def is_kicker_line(line: str) -> bool:
    """A line above the headline that names no film: a section or festival kicker ("CANNES 2000 — CRITICS'
    WEEK", "Festival Notebook — Venezia 62, last night", "ENTERTAINMENT | FILM REVIEW"), a poster's handle
    ("Ana Lopez @ana.example"), a byline or a date. Each part between separators is a label, a festival
    and its edition, a day or a date; or the line holds a handle."""
    line = line.strip(_EDGE)
    if not line:
        return False
    if _HANDLE.search(line) or is_byline(line) or is_date_line(line) or is_label_line(line):
        return True
    if " " not in line.strip() and SLUG_LINE.fullmatch(line):
        return True  # a slug names the film in the wire's code, not as the headline writes it
    if _NAV_BAR.search(line) and len(_SITE.split(line)) >= 3:
        return True  # a page's menu bar ("IMDb | Menu | Search IMDb | Sign In")
    parts = [part.strip(_EDGE) for part in _KICKER_PART.split(line) if part.strip(_EDGE)]
    if len(parts) < 2 or not all(_kicker_part(part) for part in parts):
        return False
    dated = any(is_date_line(part) or _EDITION.match(part) for part in parts)  # "Day 1", "Venice 71"
    crumbs = bool(re.search(r"[ \t][›»][ \t]", line)) and is_label_line(parts[-1])  # "CLUB › Features"
    return dated or crumbs


def headline_index(lines: list[str]) -> int:
    """Which of a document's first lines is its headline: the first that is no kicker (see `is_kicker_line`).

    "CANNES 2000 — CRITICS' WEEK" over "Dogs and a crash: 'Paper Harbour' wakes the Croisette" gives the
    second; a document whose first lines are all kickers keeps the first.
    """
    for index, line in enumerate(lines[:4]):
        if not is_kicker_line(line):
            return index
    return 0


_EDITION = re.compile(
    r"(?i)^(?:" + _FESTIVALS + r")(?:[ \t]+(?:international[ \t]+)?(?:film[ \t]+)?(?:festival|fest))?"
    r"(?:[ \t]+(?:19|20)?\d\d)?$"
)


def _kicker_part(part: str) -> bool:
    if is_date_line(part) or is_label_line(part) or _EDITION.match(part):
        return True
    letters = [ch for ch in part if ch.isalpha()]
    quoted = any(ch in part for ch in '"“”‘') or part[:1] in "'’"
    return bool(letters) and all(ch.isupper() for ch in letters) and len(part.split()) <= 5 and not quoted


def is_date_line(line: str) -> bool:
    """A diary's date line ("Sunday, 3 March", "Day 4", "Entry 14 — 3 March", "Day three"): no title."""
    line = line.strip(_EDGE)
    if not _DATE_LINE.match(line):
        return False
    rest = _DATE_WORD.sub("", line)
    return not re.search(r"[A-Za-z]{3,}", rest)


def is_label_line(line: str) -> bool:
    """A dateline with a day or date ("VENICE — Day 5") or a section label ("SHORT TAKES"): no title."""
    line = line.strip(_EDGE)
    dateline = _DATELINE.match(line)
    if dateline and is_date_line(dateline.group("rest")):
        return True
    words = re.findall(r"[a-z']+", line.lower())
    return bool(words) and all(word in _LABEL_WORDS for word in words)


def is_byline(line: str) -> bool:
    """A byline or post metadata line ("Posted by A · 2 March 2024 · Grade: B")."""
    return bool(_BYLINE.search(line.strip(_EDGE)))
