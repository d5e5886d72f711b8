"""One document -> its subject film's title and the claims it makes: the stages, in order.

1. `blocks`: Markdown (plain text is Markdown) to blocks, markup blanked so
   offsets stay the original's; `credits.normalise_key_lines` makes bold keys,
   dotted leaders and bulleted headers `Key: value` lines;
2. `layout`: lines, headers, section headings, bullets, sentences, advertising;
3. `frontmatter` and `title`: the film's title (front matter, a "Title:"
   header, the headline without its decorations, a "Title (Year)" mention,
   the run the body keeps naming);
4. `scope`: clauses about other films, from which nothing is read;
5. headers, then `credits` in other layouts (front matter, tables, capsules,
   Q&A), all through the one job lexicon (`lexicon`);
6. review sections (strengths, verdict, rating: `ratings`);
7. people in prose: the rule rows of `patterns` (directed by X, X plays Y,
   ...) and the relations of `roles` (X as Y, X is Y, role first, the work
   decides the job), with the recogniser of `names`;
8. `filmfacts`: year, release date (`dates`), runtime, genres, country and
   taglines said of the film in prose; characters, organisations, places;
9. `fullnames`: surnames and first names resolved to the full names given.

Each claim's `Source` is the span of the text it was read from. Nothing is read
from an advertising sentence or a clause about another film, and other films
mentioned in passing never become the title.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot import model as m
from bot.ingest import filmfacts, roles
from bot.ingest import patterns as p
from bot.ingest import values as v
from bot.ingest.blocks import Markup, read_markup
from bot.ingest.credits import Credit, capsule_credits, normalise_key_lines, question_credits, table_credits
from bot.ingest.dates import DATE_RE, date_from_match, parse_date
from bot.ingest.frontmatter import read_front_matter
from bot.ingest.fullnames import expand_character_names, resolve_surname
from bot.ingest.layout import BULLET, FIRST, HEADER, HEADING, PROSE, Layout, Line, Sentence, build_layout
from bot.ingest.lexicon import written_job
from bot.ingest.mainfilm import settle_main_film, spoken_title
from bot.ingest.names import people_in, person_name
from bot.ingest.ratings import ANCHORS as RATING_ANCHORS
from bot.ingest.ratings import RATING_KEY, parse_rating
from bot.ingest.scope import other_film_clauses
from bot.ingest.title import (
    body_casing,
    body_count,
    choose_title,
    is_byline,
    is_date_line,
    reply_subject,
    settle_prefix,
    settle_subtitle,
    strip_numbering,
    strip_title,
    trailing_year,
)
from bot.ingest.values import fold_key as fold
from bot.model import Claim, Source

_PERSON = re.compile(p.PERSON)
_CAST_ITEM = re.compile(r"(?P<actor>.+?)(?:\s+(?:as|–|—|-)\s+(?P<char>[^()]+?))?(?:\s*\((?P<paren>[^)]*)\))?\s*$")
_YEAR = re.compile(r"\b(?:18|19|20)\d\d\b")
_BLURB_LEAD = re.compile(r"[\s–—:\-|.,]*")
# After "by A and B", these words mean B starts a new clause ("... and B stars as ...").
_CLAUSE_VERBS = p.wordset("plays stars returns appears delivers is was has gives brings leads shines also")
_APPOSITION = p.wordset("the a an known one")  # "by A, and B, the cinematographer": B is someone else
_DETERMINERS = p.wordset("the a an its his her their whose this")
_ABBREVIATED = re.compile(r"\b(?:vs|Dr|Mr|Mrs|Ms|St|Jr|Sr|No|Vol|Pt|Ep)\. ")
_INNER_CAPITAL = re.compile(r"[\s(\"“‘'*_/-][A-ZÀ-ÞĀ-Ž]")
_TITLE_CASE_RUN = re.compile(r"(?<![\w'’])[A-Z][a-z][\w'’-]*(?:[ \u00a0](?:(?:of|the)[ \u00a0])?[A-Z][a-z][\w'’-]*)*")
# A listing's parenthesis after a title: a certificate, a running time or a year ("(PG-13; 104 min.)").
_LISTING_PAREN = re.compile(r"\((?:G|PG|PG-13|R|NC-17|U|12A?|15|18|NR)\b|\b\d{2,3}[ \u00a0]?min|\((?:18|19|20)\d\d\b")
_SUBTITLE_MARK = re.compile(r":|\s[–—-]\s")


def _named_in(lower: str, name: str, after: int) -> bool:
    """Whether the lower-cased `name` occurs as whole words in `lower` after `after` (a cheap test)."""
    pos = lower.find(name, after)
    while pos >= 0:
        before = lower[pos - 1] if pos else " "
        end = pos + len(name)
        following = lower[end] if end < len(lower) else " "
        if not before.isalnum() and not following.isalnum():
            return True
        pos = lower.find(name, pos + 1)
    return False


_MAIL_KEYS = re.compile(r"[ \t]*(?:Subject|Re|Fwd|From|To|Date)[ \t]*:", re.I)  # a newsletter's mail headers
_OTHER_FILM_LEAD = re.compile(
    r"\b(?:unlike|like|than|after|before|since|sequel|prequel|remake|follow-up|last|previous|earlier|next|other)\b[^.!?]*$"
)
_THE_BEFORE = re.compile(r"\b(?:as|is|was|plays|played|portrays|portrayed)[ \u00a0]+the[ \u00a0]+$")
# Capitalised words a relation may offer as a character that are not one ("X is British").
NOT_CHARACTERS = p.wordset(
    """
    american british english french german italian spanish korean japanese chinese indian irish scottish welsh
    canadian australian mexican swedish danish norwegian russian polish dutch greek oscar oscars god
    monday tuesday wednesday thursday friday saturday sunday christmas easter
    """
)


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    """What one document says: its subject film and claims, or why it has none.

    `unresolved` holds people named by surname only ("Ito directs") that the
    document itself could not complete; the merge resolves them against the
    film's other documents and drops those it cannot.
    """

    document: str
    title: str | None
    claims: tuple[Claim, ...] = ()
    unresolved: frozenset[str] = frozenset()
    problem: str | None = None
    skipped: tuple[tuple[str, int, int], ...] = ()  # (why, start, end): advertising, another film

    @property
    def years(self) -> set[str]:
        return {c.value for c in self.claims if c.field == m.YEAR}

    @property
    def directors(self) -> set[str]:
        return {fold(c.person or c.value) for c in self.claims if c.field == m.DIRECTOR}

    @property
    def people(self) -> set[str]:
        return {fold(c.person) for c in self.claims if c.person and " " in c.person}


def extract_document(name: str, text: str) -> DocumentExtraction:
    """Extract the subject film and its claims from one document's text."""
    if not text.strip():
        return DocumentExtraction(name, None, problem="empty document (nothing but whitespace)")
    markup = read_markup(text)
    extractor = _Extractor(name, normalise_key_lines(text, markup.plain), markup)

    if extractor.title is None:
        return DocumentExtraction(
            name,
            None,
            problem="no film found: no title line, 'Title:' header or opening 'Title (Year) is a ...' sentence",
        )
    return extractor.run()


_words = v.capitalised_words


@dataclass(frozen=True, slots=True)
class _Header:
    """A "Key: value" line: its folded key, the field and crew job it names, the value's span."""

    key: str
    field: str
    job: str | None
    start: int
    end: int


@dataclass(slots=True)
class _Extractor:
    """The passes over one document; `run` is the order (see the module docstring)."""

    name: str
    text: str  # the blanked plain text (`blocks.Markup.plain`): offsets are the original's
    markup: Markup
    lower: str = ""
    layout: Layout = field(init=False)
    claims: list[Claim] = field(default_factory=list)
    title: str | None = None
    title_forms: list[str] = field(default_factory=list)  # the title and its base ("Foo" of "Foo: Bar")
    title_keys: set[str] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)  # fold -> full name (two words or more)
    mononyms: set[str] = field(default_factory=set)  # folded one-word names listed in headers ("Cher")
    cast: set[str] = field(default_factory=set)  # folded names of cast members
    characters: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)  # folded organisations and places
    consumed: set[int] = field(default_factory=set)  # starts of actors already credited with a role
    blurb: list[tuple[int, int]] = field(default_factory=list)  # the rating blurb's sentences
    elsewhere: list[tuple[int, int]] = field(default_factory=list)  # clauses about other films
    rating_found: bool = False
    front: list[tuple[str, int, int]] = field(default_factory=list)  # front matter: folded key, value span

    def __post_init__(self) -> None:
        self.layout = build_layout(self.text)  # prose: without front matter and tables
        self.lower = self.layout.lower
        if self.markup.readable is not self.markup.plain:
            self.text = normalise_key_lines(self.markup.text, self.markup.readable)
        self.front = [
            (fold(entry.key), entry.start, entry.end)
            for entry in read_front_matter(self.markup.text, self.markup.front_matter)
        ]
        self._find_title()
        self._settle_main_film()

    # -- driver ---------------------------------------------------------------
    def run(self) -> DocumentExtraction:
        self._other_films()
        self._headers()
        self._structured_credits()
        self._sections()
        self._bullets()
        self._directors_and_crew()
        self._cast()
        self._prose_roles()
        self._prose_film_facts()
        self._taglines_quoted()
        self._story_characters()
        self._organisations_and_places()
        self._genres_and_years()
        self._runtime_and_release()
        self._rating_fallback()
        self._taglines_in_prose()
        self._pull_quotes()
        claims, unresolved = self._finish()
        assert self.title is not None
        skipped = [("advertising", s, e) for s, e in self.layout.spam_spans]
        skipped += [("about another film", s, e) for s, e in self.elsewhere]
        return DocumentExtraction(self.name, self.title, tuple(claims), frozenset(unresolved), skipped=tuple(skipped))

    # -- helpers ----------------------------------------------------------------
    def add(
        self,
        field_name: str,
        value: str,
        start: int,
        end: int,
        person: str | None = None,
        role: str | None = None,
        note: str | None = None,
    ) -> None:
        value = v.squash(value)
        if not value or self.layout.is_spam(start, end):
            return
        if self.elsewhere and any(s < end and start < e for s, e in self.elsewhere):
            return
        self.claims.append(Claim(field_name, value, Source(self.name, start, end), person, role, note))

    def _matches(self, rule: p.Rule) -> list[re.Match[str]]:
        """Matches of a prose rule at its anchors, each inside one clean sentence."""
        positions = self.layout.hits.get(rule.name)
        if not positions:
            return []
        found: dict[tuple[int, int], re.Match[str]] = {}
        text, layout = self.text, self.layout
        for pos in positions:
            if not _plausible(rule, text, pos):
                continue
            index = layout.sentence_index(pos)
            if index is None or not layout.sentences[index].clean:
                continue
            sentence = layout.sentences[index]
            match = self._match_at(rule, pos, sentence.start, sentence.end)
            if match:
                found.setdefault(match.span(), match)
        return list(found.values())

    def _match_at(self, rule: p.Rule, pos: int, lo: int, hi: int) -> re.Match[str] | None:
        """Try the rule where a match holding the anchor at `pos` can start, farthest first.

        For NAME_BEFORE rules that is the run of capitalised words (and name
        particles) before the anchor; otherwise up to `rule.lead` word starts.
        """
        text = self.text
        if rule.before is p.NAME_BEFORE:
            starts = _name_run(text, pos, lo, rule.lead)
            if not starts:
                return None
        else:
            if rule.before is not None:
                word, _ = _word_before(text, pos - 1, lo)
                if word.lower() not in rule.before:
                    return None
            starts = _word_starts(text, pos - 1, lo, rule.lead) if rule.lead else []
        starts.append(pos)
        for start in starts:
            match = rule.pattern.match(text, start, hi)
            if match and match.end() > pos:
                return match
        return None

    def _is_subject(self, name: str) -> bool:
        return fold(name) in self.title_keys

    def _person(self, raw: str) -> str | None:
        """A cleaned person name; full names are remembered for surname resolution."""
        name = v.clean_name(raw)
        if name is None or self._is_subject(name) or fold(name) in self.characters:
            return None
        self._remember(name)
        return name

    def _remember(self, name: str, *, listed: bool = False) -> None:
        """Note a full name for surname resolution; a one-word name in a list is a mononym."""
        if _words(name) >= 2:
            self.people.setdefault(fold(name), name)
        elif listed:
            self.mononyms.add(fold(name))

    def _people_in(self, match: re.Match[str], group: str) -> Iterator[tuple[str, int]]:
        """Each person of a "A, B and C" group, with the end offset of their name.

        In "score by A and B gives ..." B may start a new clause, unless the
        match is a noun phrase ("the screenplay by A and B saves ...").
        """
        start, end = match.span(group)
        found = list(_PERSON.finditer(self.text, start, end))
        if len(found) > 1 and _starts_new_clause(self.text, end):
            before = self.text[max(0, match.start() - 12) : match.start()].split()
            if not before or before[-1].lower() not in _DETERMINERS or not match.group()[:1].isalpha():
                found.pop()
        for person in found:
            name = self._person(person.group())
            if name:
                yield name, person.end()

    def _character(self, raw: str) -> str | None:
        name = v.clean_character(raw)
        if name is None or self._is_subject(name):
            return None
        key = fold(name)
        if key in self.people or key in self.cast or key in self.groups:
            return None
        return name

    def _add_character(self, name: str, start: int, end: int) -> None:
        self.characters.add(fold(name))
        self.add(m.CHARACTER, name, start, end)

    def _add_cast(self, actor: str, start: int, end: int, role: str | None = None, note: str | None = None) -> None:
        """A cast credit; its role is also a character, unless the actor is an unknown bare surname."""
        self.cast.add(fold(actor))
        self.add(m.CAST, actor, start, end, person=actor, role=role, note=note)
        known = _words(actor) >= 2 or fold(actor) in self.mononyms or self._resolve(actor) != actor
        if role and known:
            self._add_character(role, start, end)

    # -- title --------------------------------------------------------------------
    def _find_title(self) -> None:
        """The front matter's film (or title), a "Title:" header, the title line, or the first sentence."""
        for wanted in ("film", "movie", "film title", "movie title", "title"):
            for key, start, end in self.front:
                if key == wanted:
                    self._set_title(start, end)
                    if self.title:
                        return
        lines = self.layout.lines
        if not lines:
            return
        for line in lines[:20]:
            if line.kind == HEADER and p.HEADER_FIELDS[line.key or ""][0] == m.TITLE:
                self._set_title(line.value_start, line.value_end)
                return
        first = lines[0]
        raw = self.text[first.start : first.end]
        header = p.HEADER_LINE.match(raw) if ":" in raw else None
        if header and fold(header.group("key")) in p.HEADER_FIELDS and not raw.rstrip().endswith(")"):
            first.kind = HEADER  # a document that opens with its headers
            first.key = fold(header.group("key"))
            first.value_start = first.start + header.start("value")
            first.value_end = first.start + header.end("value")
            self._title_from_mentions()
            return
        subject = reply_subject(raw)  # "Re: <thread title>"
        if subject is not None:
            self.layout.drop_line(first.index)
            self._set_title(first.start + subject, first.end)
            if self.title:
                return
        if (
            self._is_title_line(raw)
            and not (header and _MAIL_KEYS.match(raw))
            and not is_byline(raw)
            and not is_date_line(raw)
        ):
            self.layout.drop_line(first.index)
            self._set_title(first.start, first.end)
            if self.title:
                self._tagline_under_title(lines)
                return
        self._title_from_first_sentence()
        if self.title is None:
            self._title_from_mentions()
        spoken = spoken_title(self.text) if self.title is None else None
        if spoken:
            self._set_title(*spoken, headline=False)
        if self.title is None:
            self._title_last_resort()

    def _settle_main_film(self) -> None:
        """Among several films named, the one the body keeps discussing, or none (see `mainfilm`)."""
        chosen = next((c.source for c in self.claims if c.field == m.TITLE), None)
        first = self.layout.lines[0] if self.layout.lines else None
        headline = (first.start, first.end) if first else None
        decision = settle_main_film(self.text, self.markup.strong, chosen and (chosen.start, chosen.end), headline)
        self.elsewhere.extend(decision.others)
        if decision.action == "keep":
            return
        self.claims = [c for c in self.claims if c.field not in (m.TITLE, m.YEAR)]
        self.title, self.title_forms, self.title_keys = None, [], set()
        if decision.span:
            self._set_title(*decision.span, headline=False)
            if self.title and decision.year:
                self.add(m.YEAR, self.text[slice(*decision.year)], *decision.year)
        elif decision.action == "elsewhere":
            self._title_from_mentions()

    def _title_last_resort(self) -> None:
        """Nothing names the film plainly: the Title-Case run the document repeats most (twice at least),
        else a headline-like first line. Otherwise the document has no film, and --check says so.
        """
        counts: dict[str, list[tuple[int, int]]] = {}
        for match in _TITLE_CASE_RUN.finditer(self.text):
            start, end = match.span()
            words = self.text[start:end].split()
            while words and words[0].lower() in p.NAME_STOPWORDS:
                start += len(words.pop(0)) + 1
            if not words or len(words) > 6 or all(w.lower() in p.NAME_STOPWORDS for w in words):
                continue
            counts.setdefault(fold(self.text[start:end]), []).append((start, end))
        best = max(counts.values(), key=len, default=[])
        if len(best) >= 2:
            self._set_title(*best[0], headline=False)
            return
        first = self.layout.lines[0] if self.layout.lines else None
        raw = self.text[first.start : first.end] if first else ""
        if first and self._is_title_line(raw) and any(ch.isalpha() for ch in raw):  # a headline, not prose
            self._set_title(first.start, first.end)

    def _title_from_mentions(self) -> None:
        """No headline or opening sentence names the film: the "Title (Year)" or italic title named most."""
        folded = f" {v.fold_body(self.text)} "
        best: tuple[int, int, int] | None = None
        year_of: dict[tuple[int, int], tuple[int, int]] = {}
        spans = []
        alone: set[tuple[int, int]] = set()  # "**Title (Year)**" as a line of its own: named once is enough
        for match in p.TITLE_WITH_YEAR.finditer(self.text, 0, min(len(self.text), 3000)):
            start = strip_numbering(
                self.text, self._skip_openers(match.start("title"), match.end("title")), match.end()
            )
            line = self.layout.line_of(start)
            whole = not self.text[line.start : match.start()].strip(" #*_") and not self.text[
                match.end() : line.end
            ].strip(" #*_")
            if start < match.end("title") and (whole or self.layout.sentence_index(start) is not None):
                spans.append((start, match.end("title")))
                year_of[spans[-1]] = match.span("year")
                if whole:
                    alone.add(spans[-1])
        spans.extend(self.markup.emphasis[:8])
        spans.extend(self._title_mentions(0))
        for start, end in spans:
            name = fold(self.text[start:end])
            if not name or name in p.NAME_STOPWORDS or len(name) > 60:
                continue
            count = body_count(folded, name) + ((start, end) in alone)
            if count >= 2 and (best is None or count > best[0]):
                best = (count, start, end)
        first_alone = min(alone) if alone else None
        if first_alone is not None:
            best = (0, *first_alone)  # a line of its own naming a film with its year is the document's headline
        if best is None:
            return
        _, start, end = best
        self._set_title(start, end, headline=False)
        year = year_of.get((start, end))
        if self.title and year:
            self.add(m.YEAR, self.text[year[0] : year[1]], *year)

    @staticmethod
    def _is_title_line(raw: str) -> bool:
        """A short line that reads like a title, not like a sentence."""
        if len(raw) > 150:
            return False
        words = raw.lstrip("#*_ \"“'‘").split()
        if not words or len(words) > 15 or not (words[0][0].isupper() or words[0][0].isdigit()):
            return False
        if p.YEAR_AT_END.search(raw):
            return True
        unabbreviated = _ABBREVIATED.sub("", raw)  # "X vs. Y", "Dr. Z"
        return not raw.rstrip("*_ ").endswith(".") and ". " not in unabbreviated

    def _set_title(self, start: int, end: int, *, headline: bool = True) -> None:
        """The title inside a headline (see `title.strip_title`); the year it gives is a claim.

        A title read from the body ("Title (Year)" in a sentence) is no
        headline: the body is not asked to confirm it.
        """
        headline_end = end
        start, end, year = strip_title(self.text, start, end)
        if year is None:
            end, year = trailing_year(self.text, start, end)
        raw = self.lower[start:end]
        named = len(raw) > 2 and _named_in(self.lower, raw, headline_end)  # the cheap test first: no fold
        body = "" if named and not _SUBTITLE_MARK.search(raw) else v.fold_body(self.text[headline_end:])
        if body:
            start = settle_prefix(self.text, start, end, body)
            end = settle_subtitle(self.text, start, end, body)
        chosen = (start, end)
        if headline and not named and not body_count(f" {body} ", fold(self.text[start:end])):  # never named
            heads = self._capsule_heads(headline_end) + (() if year else self._year_mentions(headline_end))
            others = self._title_mentions(headline_end)
            chosen = choose_title(self.text, start, end, f" {body} ", others, p.NAME_STOPWORDS, heads)
            if chosen is None:
                return
        if chosen != (start, end):
            start, end = chosen
            year = None
        start, end = body_casing(self.text, start, end, headline_end)
        if year:
            self.add(m.YEAR, self.text[year[0] : year[1]], *year)
        title = v.squash(self.text[start:end])
        if not title or not any(ch.isalpha() for ch in title):
            return
        self.title = title
        base = p.SUBTITLE_SPLIT.split(title, maxsplit=1)[0]
        self.title_forms = [title] + ([base] if base != title else [])
        self.title_keys = {fold(t) for t in self.title_forms}
        self.add(m.TITLE, title, start, end)

    def _title_mentions(self, after: int) -> list[tuple[int, int]]:
        """Spans of other title candidates: the first italic runs after the headline, runs the body
        watches or describes as a film ("watched X", "X, Ana Lopez's drama", "X is a ... film")."""
        spans = [(s, e) for s, e in self.markup.emphasis[:6] if s >= after]
        limit = min(len(self.text), after + 3000)
        window = self.lower[after:limit]
        for pattern, cues in (
            (p.WATCHED_TITLE, ("watched", "saw", "revisited", "screen", "review of", "premiere of")),
            (p.TITLE_APPOSITION, ("'s ", "’s ")),
            (p.TITLE_IS_A_FILM, (" is a", " was a", " is the", " was the")),
        ):
            if not any(cue in window for cue in cues):
                continue
            for match in pattern.finditer(self.text, after, limit):
                start = self._skip_openers(match.start("title"), match.end("title"))
                if start < match.end("title"):
                    spans.append((start, match.end("title")))
        return spans

    def _year_mentions(self, after: int) -> tuple[tuple[int, int], ...]:
        """ "Title (Year)" mentions near the top: a film named with its year needs no second mention."""
        spans = []
        for match in p.TITLE_WITH_YEAR.finditer(self.text, after, min(len(self.text), after + 1500)):
            start = strip_numbering(
                self.text, self._skip_openers(match.start("title"), match.end("title")), match.end()
            )
            lead = self.lower[max(after, match.start() - 80) : match.start()]
            if start < match.end("title") and not _OTHER_FILM_LEAD.search(lead):
                spans.append((start, match.end("title")))
        return tuple(spans[:2])

    def _capsule_heads(self, after: int) -> tuple[tuple[int, int], ...]:
        """Titles that open a capsule: in capitals before its credits ("TIDEWATER (R, 101 min. dir. X)"),
        or in bold before a rating or parenthesis ("**Salt Acre** ★★★ (PG-13; 104 min.)")."""
        heads = []
        for start, end in self.markup.strong:
            if start >= after and p.CAPSULE_AFTER_BOLD.match(self.markup.text, end + 2):
                line = self.layout.line_of(start)
                if not self.text[line.start : start].strip(" *_#-"):
                    heads.append((start, end))
        for match in p.ALLCAPS_BEFORE_PAREN.finditer(self.text, after, min(len(self.text), after + 1500)):
            close = self.text.find(")", match.end())
            inside = self.text[match.end() - 1 : close + 1] if close > 0 else ""
            if inside and (_LISTING_PAREN.search(inside) or list(capsule_credits(inside))):
                heads.append(match.span("title"))
        return tuple(heads[:1])

    def _title_from_first_sentence(self) -> None:
        if not self.layout.sentences:
            return
        first = self.layout.sentences[0]
        sentence = self.text[first.start : first.end]
        match = p.TITLE_WITH_YEAR.search(sentence)
        if match:
            start, end = first.start + match.start("title"), first.start + match.end("title")
            start = self._skip_openers(start, end)
            if start < end:
                self._set_title(start, end, headline=False)
                if self.title:
                    ys, ye = first.start + match.start("year"), first.start + match.end("year")
                    self.add(m.YEAR, match.group("year"), ys, ye)
                return
        match = p.TITLE_IS_A.match(sentence)
        if match:
            start, end = first.start + match.start("title"), first.start + match.end("title")
            title = self.text[start:end]
            if title.split()[0].lower() not in p.TITLE_OPENERS and title.lower() not in p.FUNCTION_WORDS:
                self._set_title(start, end)

    def _skip_openers(self, start: int, end: int) -> int:
        """Skip "In 2025, " or "Director Ito's " before a title found in a sentence."""
        run = self.text[start:end]
        cut = max(run.rfind(", "), run.rfind("’s "), run.rfind("'s "))
        if cut >= 0:
            start += cut + (2 if run[cut] == "," else 3)
            run = self.text[start:end]
        while run and run.split()[0].lower() in p.TITLE_OPENERS:
            skip = len(run.split()[0]) + 1
            start += skip
            run = run[skip:]
        return start

    def _tagline_under_title(self, lines: list[Line]) -> None:
        """The short quoted or punctuated line right under the title, before any header."""
        if len(lines) < 2 or lines[1].kind not in (PROSE, HEADING):
            return
        line = lines[1]
        raw = self.text[line.start : line.end]
        if len(raw) > 140 or len(raw.split()) > 16 or not raw.strip(p.QUOTES) or is_byline(raw):
            return
        quoted = raw[0] in "\"“‘'«" or raw.rstrip(" *_")[-1:] in "\"”’'»"  # a standfirst is not a tagline
        if not quoted and not (len(lines) > 2 and lines[2].kind == HEADER):
            return
        self.layout.drop_line(line.index)
        start, end = v.strip_span(self.text, line.start, line.end)
        self.add(m.TAGLINE, self.text[start:end], start, end)

    def _other_films(self) -> None:
        """Clauses about another film give nothing (see `scope.other_film_clauses`)."""
        self.elsewhere.extend(
            other_film_clauses(
                self.text, self.lower, self.layout, self.title_forms, self.title_keys, self._skip_openers
            )
        )

    # -- headers ---------------------------------------------------------------------
    def _header_handlers(self) -> dict:
        return {
            m.YEAR: self._header_year,
            m.GENRE: self._header_genres,
            m.DIRECTOR: self._header_directors,
            m.CAST: self._header_cast_or_stars,
            m.CREW: self._header_crew,
            m.RUNTIME: self._header_runtime,
            m.RELEASE_DATE: self._header_release_date,
            m.COUNTRY: self._header_countries,
            m.TAGLINE: self._header_text,
            m.RATING: self._header_score,
            m.VERDICT: self._header_text,
            m.STRENGTH: self._header_text,
            m.WEAKNESS: self._header_text,
        }

    def _headers(self) -> None:
        """Each "Key: value" line, by the field its key names (see `lexicon.HEADER_FIELDS`)."""
        handlers = self._header_handlers()
        for line in self.layout.lines:
            if line.kind != HEADER or line.key is None:
                continue
            field_name, job = p.HEADER_FIELDS[line.key]
            start, end = v.strip_span(self.text, line.value_start, line.value_end)
            handler = handlers.get(field_name)
            if handler and start < end:
                handler(_Header(line.key, field_name, job, start, end))

    def _structured_credits(self) -> None:
        """Front matter keys, table rows, capsules and Q&A pairs, each read like a header."""
        handlers = self._header_handlers()
        credits: list[Credit] = []
        for key, start, end in self.front:
            target = p.HEADER_FIELDS.get(key)
            if target and target[0] not in (p.IGNORED, m.TITLE):
                credits.append(Credit(target[0], target[1], key, start, end))
        credits.extend(table_credits(self.markup))
        credits.extend(capsule_credits(self.text, tuple(self.title_keys)))
        credits.extend(question_credits(self.text))
        for credit in credits:
            start, end = v.strip_span(self.text, credit.start, credit.end)
            if start >= end:
                continue
            if credit.field == m.CAST and credit.role_start >= 0:
                actor = v.clean_name(self.text[start:end])
                role = v.clean_character(self.text[credit.role_start : credit.role_end])
                if actor and not self._is_subject(actor):
                    self._remember(actor, listed=True)
                    span = (min(start, credit.role_start), max(end, credit.role_end))
                    self._add_cast(actor, *span, role=role)
                continue
            handler = handlers.get(credit.field)
            if handler:
                handler(_Header(credit.key, credit.field, credit.job, start, end))

    def _header_year(self, h: _Header) -> None:
        year = _YEAR.search(self.text, h.start, h.end)
        if year:
            self.add(m.YEAR, year.group(), year.start(), year.end())

    def _header_genres(self, h: _Header) -> None:
        """ "Action / Thriller"; an item of several words is read like prose ("Period drama" -> Drama)."""
        for s, e in v.split_list(self.text, h.start, h.end):
            if e - s > 30:
                continue
            item = self.text[s:e]
            phrase = v.genres_in_phrase(item) if " " in item and item.lower() not in p.GENRE_WORDS else []
            for genre in phrase or [v.genre_name(item)]:
                self.add(m.GENRE, genre, s, e)

    def _header_directors(self, h: _Header) -> None:
        for s, e, name in self._header_people(h.start, h.end):
            self.add(m.DIRECTOR, name, s, e, person=name)

    def _header_cast_or_stars(self, h: _Header) -> None:
        """ "Starring: A, B (cameo)"; but "Stars: 4/5" is a score."""
        if h.key == "stars" and parse_rating(self.text[h.start : h.end], loose=True):
            self._header_rating(h.start, h.end)
        else:
            self._header_cast(h.start, h.end)

    def _header_crew(self, h: _Header) -> None:
        for s, e, name in self._header_people(h.start, h.end):
            self.add(m.CREW, name, s, e, person=name, role=h.job)

    def _header_runtime(self, h: _Header) -> None:
        value = self.text[h.start : h.end]
        runtime = v.parse_runtime(value)
        if runtime:
            self.add(m.RUNTIME, runtime[0], h.start + runtime[1], h.start + runtime[2])
        elif value.strip().isdigit() and 40 <= int(value) <= 400:  # "runtime: 145" under a runtime key: minutes
            self.add(m.RUNTIME, value.strip(), h.start, h.end)

    def _header_release_date(self, h: _Header) -> None:
        date = parse_date(self.text[h.start : h.end])
        if date:
            self.add(m.RELEASE_DATE, date[0], h.start + date[1], h.start + date[2])

    def _header_countries(self, h: _Header) -> None:
        for s, e in v.split_list(self.text, h.start, h.end):
            if self.text[s].isupper() and e - s <= 40:
                self.add(m.COUNTRY, self.text[s:e], s, e)

    def _header_text(self, h: _Header) -> None:
        """Tagline, verdict, pros and cons: the value as written (a verdict may carry a score)."""
        self.add(h.field, self.text[h.start : h.end], h.start, h.end)
        if h.field == m.VERDICT:
            self._header_rating(h.start, h.end, blurb=False)

    def _header_score(self, h: _Header) -> None:
        """ "Rating: 4/5 – blurb"; "Score: A Name" is the music."""
        if not self._header_rating(h.start, h.end) and h.key == "score":
            for s, e, name in self._header_people(h.start, h.end):
                self.add(m.CREW, name, s, e, person=name, role="composer")

    def _header_people(self, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        for s, e in v.split_list(self.text, start, end, v.PEOPLE_SPLIT):
            raw = self.text[s:e].split("(", 1)[0].rstrip()
            name = v.clean_name(raw)
            if name and not self._is_subject(name):
                self._remember(name, listed=True)
                yield s, s + len(raw), name

    def _header_cast(self, start: int, end: int) -> None:
        for s, e in v.split_list(self.text, start, end, v.PEOPLE_SPLIT):
            item = _CAST_ITEM.match(self.text, s, e)
            if not item:
                continue
            actor = v.clean_name(item.group("actor"))
            if actor is None or self._is_subject(actor):
                continue
            self._remember(actor, listed=True)
            role = v.clean_character(item.group("char")) if item.group("char") else None
            note = None
            paren = (item.group("paren") or "").strip()
            if paren.lower() in p.CAST_NOTES:
                note = paren.lower()
            elif paren and role is None:
                role = v.clean_character(paren)
            self._add_cast(actor, s, e, role=role, note=note)

    def _header_rating(self, start: int, end: int, *, blurb: bool = True) -> bool:
        rating = parse_rating(self.text[start:end], loose=True)
        if not rating:
            return False
        if not self.rating_found:
            self.rating_found = True
            self.add(m.RATING, rating[0], start + rating[1], start + rating[2])
        if blurb:
            self._blurb(start + rating[2], end)
        return True

    def _blurb(self, start: int, end: int) -> None:
        """The words after a score ("9/10 – A moving addition."): a verdict and pull quotes."""
        start += _BLURB_LEAD.match(self.text, start, end).end() - start  # type: ignore[union-attr]
        start, end = v.strip_span(self.text, start, end)
        if end - start < 12:
            return
        self.add(m.VERDICT, self.text[start:end], start, end)
        index = self.layout.sentence_index(start)
        if index is None:  # a header line ("Rating: 4/5 – blurb") has no sentences: quote it whole
            self.blurb.append((start, end))
            return
        sentences = self.layout.sentences
        while index < len(sentences) and sentences[index].start < end:
            if sentences[index].clean:
                self.blurb.append((max(start, sentences[index].start), min(end, sentences[index].end)))
            index += 1

    # -- review sections -----------------------------------------------------------------
    def _sections(self) -> None:
        fields = {"strength": m.STRENGTH, "weakness": m.WEAKNESS, "verdict": m.VERDICT}
        for line in self.layout.lines:
            if line.kind not in (PROSE, BULLET):
                continue
            if line.section in fields:
                for start, end in self._clean_runs(line):
                    self.add(fields[line.section], self.text[start:end], start, end)
            elif line.section == "rating":
                segment = self.text[line.content_start : line.end]
                rating = parse_rating(segment, loose=True)
                if rating and rating[1] < 12:
                    self._header_rating(line.content_start, line.end)
                else:
                    for start, end in self._clean_runs(line):
                        self.add(m.VERDICT, self.text[start:end], start, end)

    def _clean_runs(self, line: Line) -> Iterator[tuple[int, int]]:
        """Spans of the line's consecutive non-advertising sentences."""
        run: tuple[int, int] | None = None
        for sentence in self.layout.sentences_of(line.index):
            if not sentence.clean:
                if run:
                    yield run
                run = None
            elif run is None:
                run = (sentence.start, sentence.end)
            else:
                run = (run[0], sentence.end)
        if run:
            yield run

    # -- bullet lists of named things -------------------------------------------------------
    def _bullets(self) -> None:
        lines = self.layout.lines
        intro = ""
        for line in lines:
            if line.kind != BULLET:
                intro = ""
                if line.kind in (PROSE, FIRST):
                    raw = self.text[line.start : line.end]
                    if raw.endswith(":"):
                        sentences = self.layout.sentences_of(line.index)
                        intro = fold(self.text[sentences[-1].start : sentences[-1].end]) if sentences else ""
                continue
            if line.section in ("strength", "weakness", "verdict", "rating"):
                continue
            item = p.BULLET_ITEM.match(self.text, line.content_start, line.end)
            name_end = item.end("name") if item else line.end
            start, end = v.strip_span(self.text, line.content_start, name_end, p.QUOTES + "*")
            description = item.group("desc") if item else ""
            kind = _bullet_kind(intro) or _bullet_kind(line.heading)
            if kind is None and p.GROUP_DESCRIPTION.search(description + " " + self.text[start:end].lower()):
                kind = "organisation"
            if kind == "cast":
                self._header_cast(line.content_start, line.end)
                continue
            if kind is None or self.layout.is_spam(start, end):
                continue
            raw = self.text[start:end]
            if kind == "character":
                character = self._character(raw)
                if character:
                    self._add_character(character, start, end)
                continue
            group = v.clean_group(raw)
            if group and not self._is_subject(group):
                self.groups.add(fold(group))
                self.add(m.ORGANISATION if kind == "organisation" else m.PLACE, group, start, end)

    # -- people in prose -------------------------------------------------------------------------
    def _directors_and_crew(self) -> None:
        for rule in p.DIRECTOR_RULES:
            for match in self._matches(rule):
                if "lead" in match.groupdict() and not self._director_lead_ok(match):
                    continue
                writer = "lead" in match.groupdict() and match.group("lead")[:1] in "Ww"  # "writer-director X"
                for name, end in self._people_in(match, "names"):
                    self.add(m.DIRECTOR, name, match.start(), end, person=name)
                    if writer:
                        self.add(m.CREW, name, match.start(), end, person=name, role="writer")
        for rule in p.CREW_RULES:
            for match in self._matches(rule):
                job = rule.job
                if "job" in match.groupdict():
                    job = p.CREW_JOBS.get(v.squash(match.group("job")).lower(), job)
                    if job is None:
                        continue
                if job == "designer":
                    job = "production designer" if "roduction" in match.group() else "costume designer"
                if job == "writer" and match.group()[:1] in "wWpPcC" and "ritten" in match.group()[:12]:
                    sentence = self.layout.sentence_index(match.start())
                    lo = self.layout.sentences[sentence].start if sentence is not None else match.start()
                    job = written_job(self.text[lo : match.start()])  # the score "was written by" a composer
                    if job is None:
                        continue
                for name, end in self._people_in(match, "names"):
                    self.add(m.CREW, name, match.start(), end, person=name, role=job)
        for match in self._matches(p.POSSESSIVE_CREW):
            job = p.POSSESSIVE_JOBS[match.group("noun")]
            for name, _ in self._people_in(match, "names"):
                if job == "director":
                    self.add(m.DIRECTOR, name, match.start(), match.end(), person=name)
                else:
                    self.add(m.CREW, name, match.start(), match.end(), person=name, role=job)

    def _director_lead_ok(self, match: re.Match[str]) -> bool:
        """ "director X", but not "casting director X" nor the character "The Director"."""
        before = self.text[max(0, match.start() - 20) : match.start()].split()
        previous = before[-1].lower() if before else ""
        if previous in p.OTHER_DIRECTORS:
            return False
        return not (match.group("lead")[0].isupper() and previous == "the")

    def _cast(self) -> None:
        played_by: set[int] = set()
        for rule in p.CAST_ROLE_RULES:
            for match in self._matches(rule):
                pairs = [("actor", "char")]
                if match.groupdict().get("actor2"):
                    pairs.append(("actor2", "char2"))  # "A is played by X and B by Y"
                for actor_group, char_group in pairs:
                    actor = self._person(match.group(actor_group))
                    if actor is None or fold(actor) in self.characters:
                        continue
                    if rule.name == "with X as Y" and _words(actor) < 2:
                        continue
                    raw_char = match.group(char_group)
                    role = self._character(raw_char)
                    if role is None and raw_char.lower().removeprefix("the ") not in p.GENERIC_ROLES:
                        continue
                    note = rule.note or ("cameo" if match.groupdict().get("kind") == "cameo" else None)
                    if actor_group == "actor":
                        span = (match.start(), max(match.end("actor"), match.end("char")))
                    else:
                        span = (match.start("char2"), match.end("actor2"))
                    self._add_cast(actor, *span, role=role, note=note)
                    self.consumed.add(match.start(actor_group))
                    if rule.name in ("Y, played by X", "Y is played by X"):
                        played_by.add(match.start(actor_group))
        for rule in p.CAST_PLAIN_RULES:
            for match in self._matches(rule):
                for group in ("actor", "actors"):
                    if group not in match.groupdict() or match.group(group) is None:
                        continue
                    if match.start(group) in self.consumed or match.start(group) in played_by:
                        continue
                    for name, end in self._people_in(match, group):
                        if fold(name) not in self.characters:
                            span_end = max(end, match.end()) if rule.note else end
                            self._add_cast(name, match.start(), span_end, note=rule.note)
        self._cast_in_parentheses()
        self._portrayals()

    # -- people and roles by relation (see `roles`) -----------------------------------------------
    def _prose_roles(self) -> None:
        """Cast and job relations of every clean sentence, then name pairs whose order is decided."""
        text = self.text
        undecided: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = []
        years = {c.value for c in self.claims if c.field == m.YEAR}
        for sentence in self.layout.sentences:
            if not sentence.clean:
                continue
            lo, hi = sentence.start, sentence.end
            lower = self.lower[lo:hi]
            words = roles.sentence_words(lower)
            inner = _INNER_CAPITAL.search(text, lo + 1, hi) is not None  # a second name is possible
            jobs = roles.may_hold_jobs(text[lo:hi], lower, words, self.title_keys)
            for relation in (
                roles.job_relations(text, lo, hi, self.title_keys, years, words, start_only=not inner) if jobs else ()
            ):
                for s, e in people_in(text, *relation.names):
                    name = self._relation_person(text[s:e])
                    if name is None:
                        continue
                    if relation.field == m.DIRECTOR:
                        self.add(m.DIRECTOR, name, relation.span[0], max(e, relation.span[1]), person=name)
                    else:
                        self.add(
                            m.CREW, name, relation.span[0], max(e, relation.span[1]), person=name, role=relation.job
                        )
            if not inner:
                continue  # a cast relation needs two names, a pair two
            for relation in roles.cast_relations(text, lo, hi, words):
                if relation.character is None:
                    continue
                if not relation.decided and not self._possessive_role_ok(relation):
                    continue
                self._relation_cast(relation.actor, relation.character, relation.span)
            for a, b, span in roles.name_pairs(text, lo, hi) if roles.may_hold_pairs(text[lo:hi]) else ():
                line = self.layout.line_of(span[0])
                if span[1] > hi or fold(text[a[0] : a[1]]) in p.HEADER_FIELDS:
                    continue
                if text[span[0] : span[1]].find("(") < 0 and span[0] not in (lo, line.content_start, line.start):
                    continue  # "A = B" and "A: B" only as a line of their own
                undecided.append((a, b, span))
        self._decide_pairs(undecided)

    def _sentence_of(self, span: tuple[int, int]) -> Sentence | None:
        """The clean sentence holding all of `span`, if there is one."""
        index = self.layout.in_one_sentence(span[0], span[1])
        return None if index is None else self.layout.sentences[index]

    def _prose_film_facts(self) -> None:
        """Year, release date, runtime, genres and countries said of the film in prose (see `filmfacts`).

        The patterns that open with a word run once over the document, a match
        kept only inside one clean sentence; "<subject> is a ..." runs per sentence.
        """
        text, size = self.text, len(self.text)
        has = {c.field for c in self.claims}
        directors = {fold(c.person or c.value) for c in self.claims if c.field == m.DIRECTOR}
        if m.RUNTIME not in has:
            for minutes, s, e in filmfacts.runtime_in(text, 0, size, self.lower):
                if self._sentence_of((s, e)):
                    self.add(m.RUNTIME, minutes, s, e)
                    break
        if m.RELEASE_DATE not in has:
            for match, s, e in filmfacts.release_dates_in(text, 0, size, self.lower):
                iso = date_from_match(match)
                if iso and self._sentence_of((s, e)):
                    self.add(m.RELEASE_DATE, iso, s, e)
                    if m.YEAR not in has:
                        self.add(m.YEAR, iso[:4], match.start("date"), match.end("date"))
                        has.add(m.YEAR)
                    break
        if m.YEAR not in has:
            for year, s, e in filmfacts.years_in(text, 0, size, self.title_forms, self.lower):
                if self._sentence_of((s, e)):
                    self.add(m.YEAR, year, s, e)
                    has.add(m.YEAR)
                    break
        for owner, year, s, e in filmfacts.owner_years(text, 0, size):
            sentence = self._sentence_of((s, e))
            key = fold(owner)
            if sentence and key and any(d == key or d.endswith(" " + key) for d in directors):
                if m.YEAR not in has:
                    self.add(m.YEAR, year, s, e)
                    has.add(m.YEAR)
                self._genres_in(e, sentence.end)
        first = self.layout.lines[0] if self.layout.lines else None
        title_claim = next((c.source for c in self.claims if c.field == m.TITLE), None)
        headline = first is not None and first.end - first.start <= 150 and ". " not in text[first.start : first.end]
        if first and title_claim and headline and first.start <= title_claim.start < first.end:  # about the film
            for s, e in filmfacts.headline_descriptions(text, first.start, first.end):
                for genre in filmfacts.genres_of(text, s, e):
                    self.add(m.GENRE, genre, s, e)
        for s, e in filmfacts.description_spans(text, self.title_forms, directors):  # "this Korean thriller"
            index = self.layout.sentence_index(s)  # a clean sentence, or a line that is no prose ("Verdict: a ...")
            if (self._sentence_of((s, e)) if index is not None else s >= self.layout.lines[0].end) is not None:
                for genre in filmfacts.genres_of(text, s, e):
                    self.add(m.GENRE, genre, s, e)
                for country in filmfacts.countries_in(text[s:e]):
                    self.add(m.COUNTRY, country, s, e)
        cues = filmfacts.is_a_cues(text)  # most sentences hold none: only those that do are read
        if not cues:
            return
        for sentence in self.layout.sentences:
            if not sentence.clean:
                continue
            first = bisect_left(cues, sentence.start)
            if first == len(cues) or cues[first] >= sentence.end:
                continue
            for subject, s, e in filmfacts.is_a_phrases(text, sentence.start, sentence.end):
                if filmfacts.subject_is_film(subject, self.title_forms):
                    self._genres_in(s, e)
                    head = filmfacts.head_of(text, s, e)  # "one of the great westerns", "a gangster picture"
                    for genre in filmfacts.genres_of(text, *head):
                        self.add(m.GENRE, genre, *head)
                    for country in filmfacts.countries_in(text[s:e]):
                        self.add(m.COUNTRY, country, s, e)

    def _taglines_quoted(self) -> None:
        """ "The poster line was: '...'": a quoted line the poster, the ads or the tagline carried."""
        for start, end in filmfacts.quoted_taglines(self.text, 0, len(self.text), self.lower):
            if self._sentence_of((start, end)):
                self.add(m.TAGLINE, self.text[start:end], start, end)

    def _genres_in(self, start: int, end: int) -> None:
        stop = p.GENRE_SEGMENT_END.search(self.text, start, end)
        segment_end = stop.start() if stop else end
        segment = self.text[start:segment_end]
        for genre in v.genres_in_phrase(segment):
            self.add(m.GENRE, genre, start, start + len(segment.rstrip(" .")))

    def _relation_person(self, raw: str) -> str | None:
        name = person_name(raw)
        if name is None or self._is_subject(name) or fold(name) in self.characters:
            return None
        self._remember(name)
        return name

    def _relation_cast(self, actor_span: tuple[int, int], char_span: tuple[int, int], span: tuple[int, int]) -> None:
        raw_actor, raw_char = self.text[slice(*actor_span)], self.text[slice(*char_span)]
        if roles.is_ranked(" ".join(raw_actor.split())):
            return
        actor = self._relation_person(raw_actor)
        if actor is None or self.markup.emphasised(*char_span):
            return
        if _THE_BEFORE.search(self.text, max(0, char_span[0] - 16), char_span[0]):
            raw_char = "the " + raw_char  # "as the Warden": the article is part of the name
        role = self._character(raw_char)
        if role is None or fold(role) in self.people or self._is_subject(role):
            return
        if fold(role) in p.NAME_STOPWORDS or fold(role) in NOT_CHARACTERS:
            return
        self._add_cast(actor, *span, role=role)

    def _possessive_role_ok(self, relation: roles.CastRelation) -> bool:
        """ "X's Y" is a role only for a full name X and a Y that is no film, job or known person."""
        raw_actor = " ".join(self.text[slice(*relation.actor)].split())
        actor = person_name(raw_actor)
        assert relation.character is not None
        raw_char = " ".join(self.text[slice(*relation.character)].split())
        if actor is None or self._is_subject(raw_char):
            return False
        if _words(actor) < 2 and fold(self._resolve(actor)) not in self.cast:
            return False  # "Olmos's Gaff" only once Olmos is known as cast
        after = self.text[relation.character[1] : relation.character[1] + 3]
        return not after.startswith((" (", "(")) and fold(raw_char) not in p.HEADER_FIELDS

    def _decide_pairs(self, pairs: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]) -> None:
        """ "A (B)", "A = B": the actor is the known cast member, the side without a rank, or the full name;
        the rest follow the order the decided pairs use."""
        decided: list[tuple[bool, tuple[int, int], tuple[int, int], tuple[int, int]]] = []
        open_pairs = []
        for a, b, span in pairs:
            order = self._pair_order(self.text[slice(*a)], self.text[slice(*b)])
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
            self._relation_cast(actor, char, span)

    def _pair_order(self, a: str, b: str) -> bool | None:
        """True when the actor comes first, False when second, None when nothing decides."""
        a, b = " ".join(a.split()), " ".join(b.split())
        for name, first in ((a, True), (b, False)):
            key = fold(name)
            if key in self.cast or key in self.people:
                return first
            if key in self.characters or roles.is_ranked(name):
                return not first
        words_a, words_b = _words(a), _words(b)
        if words_a >= 2 and words_b == 1:
            return True
        if words_b >= 2 and words_a == 1:
            return False
        return None

    def _known_cast(self, raw: str) -> str | None:
        name = v.clean_name(raw)
        if name is None:
            return None
        resolved = self._resolve(name)
        return resolved if fold(resolved) in self.cast else None

    def _cast_in_parentheses(self) -> None:
        """ "Ida (Ana Lopez)" and "Ana Lopez (Ida)" once Ana Lopez is known as cast."""
        if not self.cast:
            return
        for rule in p.IN_PARENTHESES:
            for match in self._matches(rule):
                actor = self._known_cast(match.group("actor"))
                if actor is None:
                    continue
                raw_char = match.group("char")
                if raw_char.lower() in p.CAST_NOTES:
                    self._add_cast(actor, match.start(), match.end(), note=raw_char.lower())
                    continue
                role = self._character(raw_char)
                if role:
                    self._add_cast(actor, match.start(), match.end(), role=role)

    def _portrayals(self) -> None:
        """ "Her portrayal of Ida": the cast member named in the previous sentence."""
        for match in self._matches(p.PORTRAYAL):
            index = self.layout.sentence_index(match.start())
            if not index or not self.layout.sentences[index - 1].clean:
                continue
            previous = self.layout.sentences[index - 1]
            actor, mention = None, 0
            for person in _PERSON.finditer(self.text, previous.start, previous.end):
                known = self._known_cast(person.group())
                if known:
                    actor, mention = known, person.start()
            role = self._character(match.group("char"))
            if actor and role:
                self._add_cast(actor, mention, match.end(), role=role)  # the span covers both sentences

    # -- story: characters, organisations, places ----------------------------------------------
    def _story_characters(self) -> None:
        for rule in p.CHARACTER_RULES:
            for match in self._matches(rule):
                name = self._character(match.group("char"))
                if _inside_a_name(self.text, match.start("char")):
                    continue
                if name and self._resolve(name) == name and not self._is_person_part(name):
                    self._add_character(name, match.start("char"), match.end("char"))

    def _is_person_part(self, name: str) -> bool:
        """Whether `name` is part of a known person's name ("Ito" of "Mika Ito")."""
        key = fold(name)
        return any(key in full.split() or full.endswith(" " + key) for full in self.people)

    def _organisations_and_places(self) -> None:
        for rules, field_name, group in ((p.ORG_RULES, m.ORGANISATION, "org"), (p.PLACE_RULES, m.PLACE, "place")):
            for rule in rules:
                for match in self._matches(rule):
                    raw = match.group(group)
                    name = v.clean_group(raw)
                    if name is None or self._is_subject(name) or _inside_a_name(self.text, match.start(group)):
                        continue
                    if rule.name in p.ORG_NEEDS_HEAD and fold(name).rsplit(" ", 1)[-1] not in p.ORG_HEADS:
                        continue
                    start = match.start(group) + max(0, raw.find(name))  # "Mother of the X" -> the X
                    key = fold(name)
                    if key in self.people or key in self.cast or key in self.characters or self._is_person_part(name):
                        continue
                    if key.removeprefix("the ") in self.characters:
                        continue
                    self.groups.add(key)
                    self.add(field_name, name, start, match.end(group))

    # -- film facts in prose -------------------------------------------------------------------
    def _genres_and_years(self) -> None:
        """Genres from "<Title> is a ... thriller"; a year from "<Title> (2024)" if the title line had none.

        Once the document has given its film's year, another "<Title> (1998)"
        is more likely the original of a remake than a second opinion.
        """
        has_year = any(c.field == m.YEAR for c in self.claims)
        for form in self.title_forms:
            pos = self.text.find(form)
            while pos >= 0:
                after = pos + len(form)
                year = p.YEAR_IN_PARENS.match(self.text, after)
                if year and not has_year and self.layout.in_one_sentence(pos, year.end()) is not None:
                    self.add(m.YEAR, year.group("year"), year.start("year"), year.end("year"))
                    has_year = True
                index = self.layout.sentence_index(pos)
                if index is not None and self.layout.sentences[index].start == pos:
                    self._genres_after_title(after, self.layout.sentences[index].end)
                pos = self.text.find(form, after)

    def _genres_after_title(self, start: int, end: int) -> None:
        """ "<Title> is a ... thriller", also past an apposition ("<Title>, the new film from X, is a ...")."""
        is_a = p.IS_A.match(self.text, start, end)
        if not is_a and self.text.startswith(",", start):
            comma = self.text.find(",", start + 1, end)
            is_a = p.IS_A.match(self.text, comma + 1, end) if comma > 0 else None
        if not is_a:
            return
        stop = p.GENRE_SEGMENT_END.search(self.text, is_a.end(), end)
        segment_end = stop.start() if stop else end
        segment = self.text[is_a.end() : segment_end]
        for genre in v.genres_in_phrase(segment):
            self.add(m.GENRE, genre, is_a.end(), is_a.end() + len(segment.rstrip(" .")))

    def _runtime_and_release(self) -> None:
        for rule in p.RUNTIME_RULES:
            for match in self._matches(rule):
                if rule.name == "N runtime":
                    self._add_runtime(match, match.start())  # "a 98-minute runtime"
                    continue
                runtime = p.RUNTIME_RE.match(self.text, match.end())
                if runtime:
                    self._add_runtime(runtime, match.start())

        for rule in p.RELEASE_RULES:
            for match in self._matches(rule):
                date = DATE_RE.match(self.text, match.end())
                iso = date_from_match(date) if date else None
                if date and iso:
                    self.add(m.RELEASE_DATE, iso, match.start(), date.end())

    def _add_runtime(self, match: re.Match[str], start: int) -> None:
        parsed = v.parse_runtime(match.group())
        if parsed:
            self.add(m.RUNTIME, parsed[0], start, match.start() + parsed[2])

    def _rating_fallback(self) -> None:
        """A score written in the prose ("I give it 8/10"), when no rating section or header has one.

        The last one wins: reviews end with their overall score.
        """
        if self.rating_found:
            return
        candidates: set[int] = set()
        for anchor in RATING_ANCHORS:
            pos = self.lower.find(anchor)
            while pos >= 0:
                index = self.layout.sentence_index(pos)
                if index is not None:
                    candidates.add(index)
                pos = self.lower.find(anchor, pos + 1)
        for index in sorted(candidates, reverse=True):
            sentence = self.layout.sentences[index]
            rating = parse_rating(self.text[sentence.start : sentence.end]) if sentence.clean else None
            if rating:
                self.rating_found = True
                self.add(m.RATING, rating[0], sentence.start + rating[1], sentence.start + rating[2])
                return
        for line in reversed(self.layout.lines):  # "Club rating: 5/5.": a header whose key names a score
            key = self.text[line.content_start : line.value_start].rstrip(" \t:*_")
            if line.kind == HEADER and line.value_start > line.start and RATING_KEY.match(key):
                rating = parse_rating(self.text[line.value_start : line.value_end])
                if rating:
                    self.rating_found = True
                    self.add(m.RATING, rating[0], line.value_start + rating[1], line.value_start + rating[2])
                    return

    def _taglines_in_prose(self) -> None:
        for match in self._matches(p.TAGLINE_IN_PROSE):
            start, end = v.strip_span(self.text, match.start("text"), match.end("text"))
            self.add(m.TAGLINE, self.text[start:end], start, end)

    # -- pull quotes -------------------------------------------------------------------------------
    def _pull_quotes(self) -> None:
        """One to three short evaluative sentences: the rating blurb, else the strongest closing lines.

        Closing lines are those of a verdict section, or else of the last 40% of
        a document without sections; a candidate needs an evaluative word or a
        "not just a X, it's a Y" shape.
        """
        if self.blurb:
            for start, end in self.blurb[:2]:
                if 12 <= end - start <= 200:
                    self.add(m.PULL_QUOTE, self.text[start:end], start, end)
            return
        layout = self.layout
        has_verdict = any(line.section == "verdict" for line in layout.lines)
        cutoff = len(self.text) * 0.6
        words: dict[int, int] = {}
        for group, weight in (("evaluative", 1), ("quote shape", 0)):
            for pos in layout.hits.get(group, ()):
                index = layout.sentence_index(pos)
                if index is not None:
                    words[index] = words.get(index, 0) + weight
        scored = []
        for index, evaluative in words.items():
            sentence = layout.sentences[index]
            section = layout.lines[sentence.line].section
            closing = section == "verdict" if has_verdict else section is None and sentence.start >= cutoff
            if closing and sentence.clean:
                score = self._quote_score(self.text[sentence.start : sentence.end], evaluative)
                if score >= 3:
                    scored.append((-score, sentence.start, sentence.end))
        if not scored:
            scored = self._closing_line_about_the_film(has_verdict, cutoff)
        for _, start, end in sorted(sorted(scored)[:2], key=lambda item: item[1]):
            self.add(m.PULL_QUOTE, self.text[start:end], start, end)

    def _closing_line_about_the_film(self, has_verdict: bool, cutoff: float) -> list[tuple[int, int, int]]:
        """Without an evaluative candidate: the last closing sentence that names the film."""
        forms = [form.lower() for form in self.title_forms]
        for sentence in reversed(self.layout.sentences):
            section = self.layout.lines[sentence.line].section
            closing = section == "verdict" if has_verdict else section is None and sentence.start >= cutoff
            if not closing or not sentence.clean or not 30 <= sentence.end - sentence.start <= 200:
                continue
            lowered = self.lower[sentence.start : sentence.end]
            if any(lowered.startswith(form) for form in forms) and "?" not in lowered:
                return [(0, sentence.start, sentence.end)]
        return []

    def _quote_score(self, sentence: str, evaluative: int) -> int:
        if not 30 <= len(sentence) <= 200 or "?" in sentence or "/" in sentence:
            return 0
        first = sentence.split(None, 1)[0].lower().strip("\"“‘'")
        if first in p.PRONOUN_START:
            return 0
        shape = bool(p.PULL_QUOTE_SHAPE.search(sentence))
        if not evaluative and not shape:
            return 0
        lowered = sentence.lower()
        about_film = any(form.lower() in lowered for form in self.title_forms) or "the film" in lowered
        return min(evaluative, 3) + 2 * shape + 2 * about_film

    # -- finishing -------------------------------------------------------------------------------
    def _resolve(self, name: str) -> str:
        """The full name a surname ("de la Cruz", "Ito") stands for in this document, if unique."""
        if _words(name) >= 2 or not self.people:
            return name
        return resolve_surname(name, self.people) or name

    def _finish(self) -> tuple[list[Claim], set[str]]:
        """Resolve surnames and short character names, drop contradictions and duplicates."""
        unresolved: set[str] = set()
        finished: list[Claim] = []
        seen: set[tuple[str, str, str, str, str]] = set()
        claims = expand_character_names(self.claims)
        roles = {fold(c.role) for c in claims if c.field == m.CAST and c.role}
        for claim in sorted(claims, key=lambda c: (c.source.start, c.source.end, c.field, c.value)):
            key = fold(claim.person or claim.value)
            if claim.person and key in self.characters and key not in self.cast:
                continue  # "Jack Stone directs ..." when Jack Stone is a character, not a director
            if claim.field == m.CHARACTER and key.removeprefix("the ") in self.groups and key not in roles:
                continue
            if claim.person and _words(claim.person) < 2:
                full = self._resolve(claim.person)
                if full != claim.person:
                    claim = Claim(claim.field, full, claim.source, full, claim.role, claim.note)
                elif fold(claim.person) not in self.mononyms:
                    unresolved.add(claim.person)
            key = (claim.field, fold(claim.value), fold(claim.person or ""), fold(claim.role or ""), claim.note or "")
            if key in seen:
                continue
            seen.add(key)
            finished.append(claim)
        return finished, unresolved


_JOINED = re.compile(
    r"(?<=[\w,;:’'][ \u00a0])[A-ZÀ-Þ][\w'’-]*[ \u00a0]+(?:"
    + "|".join(sorted(p.NAME_JOINERS))
    + r")[ \u00a0]+(?:the[ \u00a0]+)?$"
)


def _inside_a_name(text: str, start: int) -> bool:
    """Whether a name found at `start` is the tail of a longer one ("Mar" of "the Confraria do Mar").

    A capitalised word that opens the sentence ("Members of the X") does not count.
    """
    words = text[max(0, start - 12) : start].split()
    if not words or words[-1] not in p.NAME_JOINERS:
        return False
    return bool(_JOINED.search(text, max(0, start - 40), start))


def _starts_new_clause(text: str, end: int) -> bool:
    """Whether the last name of a list ending at `end` begins a new clause.

    "edited by A, and B, the cinematographer, ..." or "score by A and B gives ...".
    """
    rest = text[end : end + 40]
    words = rest.replace(",", " , ").split()
    if not words:
        return False
    if words[0] == ",":
        return len(words) > 1 and words[1] in _APPOSITION
    word = words[0]
    return word in _CLAUSE_VERBS or (
        word.islower() and len(word) > 3 and word.endswith("s") and not word.endswith("ss")
    )


def _plausible(rule: p.Rule, text: str, pos: int) -> bool:
    """Cheap literal tests that rule out most anchor hits before any regex runs."""
    if rule.needs_after:
        for needed in rule.needs_after:
            if text.find(needed, pos, pos + p.NEAR) >= 0:
                break
        else:
            return False
    if rule.needs_before:
        lo = max(0, pos - p.NEAR)
        for needed in rule.needs_before:
            if text.find(needed, lo, pos) >= 0:
                break
        else:
            return False
    return True


def _name_run(text: str, pos: int, lo: int, limit: int) -> list[int]:
    """Word starts of the capitalised run ending just before `pos` ("Ana de la Cruz also"), farthest first.

    The word right before the anchor may carry a comma ("Vaun, played by");
    "also" right before the anchor is skipped. Empty if no capitalised word ends there.
    """
    starts: list[int] = []
    end = pos - 1
    first = True
    while end > lo and len(starts) < limit:
        space = text.rfind(" ", lo, end)
        start = space + 1 if space >= 0 else lo
        word = text[start:end]
        if first and word.endswith(","):
            word = word[:-1]
        elif first and word == "also":
            end = space
            first = False
            continue
        if not word or not (word[0].isupper() or word in p.PARTICLES) or (not word[-1].isalpha() and word[-1] != "."):
            break
        starts.append(start)
        first = False
        if space < 0:
            break
        end = space
    while starts and not text[starts[-1]].isupper():
        starts.pop()  # a name cannot start with its particle here ("de" alone)
    starts.reverse()
    return starts


def _word_before(text: str, pos: int, lo: int) -> tuple[str, int]:
    """The word ending at `pos` (punctuation around it stripped) and where it starts."""
    space = text.rfind(" ", lo, pos)
    start = space + 1 if space >= 0 else lo
    return text[start:pos].strip("(\"“‘'”’,;:"), start


def _word_starts(text: str, pos: int, lo: int, count: int) -> list[int]:
    """Offsets of up to `count` word starts before `pos` (not before `lo`), farthest first."""
    starts: list[int] = []
    end = pos
    while len(starts) < count and end > lo:
        space = text.rfind(" ", lo, end)
        start = space + 1 if space >= 0 else lo
        if start < end:
            starts.append(start)
        if space < 0:
            break
        end = space
    starts.reverse()
    return starts


def _bullet_kind(intro: str) -> str | None:
    words = set(intro.split())
    if words & p.ORG_INTRO_WORDS:
        return "organisation"
    if words & p.CHARACTER_INTRO_WORDS:
        return "character"
    if words & p.PLACE_INTRO_WORDS:
        return "place"
    if words & p.CAST_INTRO_WORDS:
        return "cast"
    return None
