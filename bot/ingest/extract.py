"""One document -> its subject film's title and the claims it makes: the stages, in order.

1. `blocks`: Markdown (plain text is Markdown) to blocks, markup blanked so
   offsets stay the original's; `credits.normalise_key_lines` makes bold keys,
   dotted leaders and bulleted headers `Key: value` lines; then lines,
   headers, section headings, bullets, sentences and advertising;
2. `frontmatter`, `mentions`, `title` and `mainfilm`: the film's title (front
   matter, a "Title:" header, the headline without its decorations, a
   "Title (Year)" mention, the run the body keeps naming), driven here;
3. `scope`: clauses about other films, from which nothing is read;
4. `credits`: headers (in any key/value layout), front matter, tables,
   capsules, Q&A pairs, press-kit billings, cast sections and names-then-job
   lines, all through the one job lexicon (`lexicon`);
5. `review`: sections (strengths, weaknesses, verdict), the score (`ratings`),
   its blurb, and at the end the pull quotes;
6. `story`: bulleted lists of characters, groups and places (or cast);
7. `roles`: people in prose: its rows (directed by X, cinematographer X,
   Y, played by X ...) and relations (X as Y, X plays Y, X is Y, role first,
   the work decides the job), with the recogniser of `names`;
8. `filmfacts`: year, release date (`dates`), runtime, genres, country and
   taglines said of the film in prose; then `story`: characters,
   organisations, places;
9. `fullnames`: surnames and first names resolved to the full names given.

Each stage is a function of the document's `reading.Reading`, whose `add`
keeps the span of the text each claim was read from and drops whatever lies
in an advertising sentence or a clause about another film; other films
mentioned in passing never become the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot import model as m
from bot.ingest import blocks as bl
from bot.ingest import credits, filmfacts, fullnames, review, roles, story
from bot.ingest import lexicon as lx
from bot.ingest import mentions as mn
from bot.ingest import names as nm
from bot.ingest import values as v
from bot.ingest.blocks import (
    HEADER,
    HEADING,
    PROSE,
    Line,
    build_layout,
    read_markup,
)
from bot.ingest.credits import capsule_credits, normalise_key_lines
from bot.ingest.dates import date_from_match
from bot.ingest.frontmatter import read_front_matter
from bot.ingest.mainfilm import body_subject, settle_main_film, shouted_title, spoken_title
from bot.ingest.reading import Reading
from bot.ingest.scope import (
    emphasised_film_clauses,
    other_film_clauses,
    parenthesised_film_notes,
    source_work_clauses,
)
from bot.ingest.title import (
    body_casing,
    body_count,
    choose_title,
    headline_confirmed,
    headline_index,
    is_byline,
    is_date_line,
    looks_like_a_person,
    quotes_a_title,
    reply_subject,
    settle_prefix,
    settle_subtitle,
    strip_numbering,
    strip_title,
    trailing_year,
)
from bot.ingest.values import fold_key as fold
from bot.model import Claim

_ABBREVIATED = re.compile(r"\b(?:vs|Dr|Mr|Mrs|Ms|St|Jr|Sr|No|Vol|Pt|Ep)\. ")
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


_PAREN_YEAR = re.compile(r"\((?:18|19|20)\d\d[);,]")  # how every "Title (Year)" ends


def _titles_with_year(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`mentions.TITLE_WITH_YEAR.finditer(text, start, end)`, the search stopped at the last "(Year" it can end
    at: the rest of the text cannot hold a match, and most documents name their years near the top."""
    last = -1
    for year in _PAREN_YEAR.finditer(text, start, end):
        last = year.end()
    return mn.TITLE_WITH_YEAR.finditer(text, start, last) if last >= 0 else iter(())


# The rule rows of the stages that have them, and the cue words that say where each is worth trying.
_RULES_BY_CUE = bl.rules_by_cue((*roles.ROWS, *story.ROWS))

_MAIL_KEYS = re.compile(r"[ \t]*(?:Subject|Re|Fwd|From|To|Date)[ \t]*:", re.I)  # a newsletter's mail headers
_OTHER_FILM_LEAD = re.compile(
    r"\b(?:unlike|like|than|after|before|since|sequel|prequel|remake|follow-up|last|previous|earlier|next|other)\b[^.!?]*$"
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


@dataclass(slots=True)
class _Extractor(Reading):
    """The stages over one document; `run` is their order (see the module docstring)."""

    _headline_at: int = -1  # `_headline`'s answer, once asked: three stages ask, the text never changes

    def __post_init__(self) -> None:
        self.layout = build_layout(self.text)  # prose: without front matter and tables
        self.rules_by_cue = _RULES_BY_CUE
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
        credits.read_headers(self)
        credits.read_structured_credits(self)
        credits.read_billings(self)
        credits.read_cast_sections(self)
        credits.read_name_first_lines(self)
        review.read_sections(self)
        story.read_lists(self)
        original = self.text  # lower-case sentences read with the names capitalised as written elsewhere
        self.text = nm.recased(self.text, [(s.start, s.end) for s in self.layout.sentences if s.clean])
        roles.read_job_rows(self)
        roles.read_cast_rows(self)
        roles.read_relations(self)
        self.text = original
        self._prose_film_facts()
        self._taglines_quoted()
        story.read_characters(self)
        story.read_organisations_and_places(self)
        self._genres_and_years()
        review.read_rating_in_prose(self)
        review.read_pull_quotes(self)
        claims, unresolved = fullnames.finish(self)
        assert self.title is not None
        skipped = [("advertising", s, e) for s, e in self.layout.spam_spans]
        skipped += [("about another film", s, e) for s, e in self.elsewhere]
        return DocumentExtraction(self.name, self.title, tuple(claims), frozenset(unresolved), skipped=tuple(skipped))

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
            if line.kind == HEADER and lx.HEADER_FIELDS[line.key or ""][0] == m.TITLE:
                self._set_title(line.value_start, line.value_end)
                return
        first = self._headline()
        for kicker in lines[: first.index]:
            self.layout.drop_line(kicker.index)  # a section, festival or byline line above the headline
        raw = self.text[first.start : first.end]
        header = bl.HEADER_LINE.match(raw) if ":" in raw else None
        if header and fold(header.group("key")) in lx.HEADER_FIELDS and not raw.rstrip().endswith(")"):
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
            (self._is_title_line(raw) or quotes_a_title(raw))
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
        spoken = spoken_title(self.text, shouted=False) if self.title is None else None
        if spoken:
            self._set_title(*spoken, headline=False)
        if self.title is None:
            self._title_from_body()
        shouted = shouted_title(self.text) if self.title is None else None  # after the body: often a mere shout
        if shouted:
            self._set_title(*shouted, headline=False)
        if self.title is None:
            self._title_last_resort()

    def _body_names_another(self, start: int, end: int) -> bool:
        """Whether the body names and describes another film clearly (named twice, score 3 or more) than
        a headline it never names: the headline is then a masthead or a heading, not the title."""
        subject = body_subject(self.text, self.markup.emphasis)
        if subject is None or subject.named < 2 or subject.score < 3:
            return False
        return fold(self.text[slice(*subject.span)]) != fold(self.text[start:end])

    def _title_from_body(self) -> None:
        """No line names the film: the one the body names and describes most (see `mainfilm.body_subject`)."""
        subject = body_subject(self.text, self.markup.emphasis)
        if subject is not None:
            self.elsewhere.extend(subject.others)
            self._set_title(*subject.span, headline=False)
            if self.title and subject.year:
                self.add(m.YEAR, self.text[slice(*subject.year)], *subject.year)

    def _headline(self) -> Line:
        """The headline: the first line that is no kicker, byline or date above it (see `title.headline_index`)."""
        lines = self.layout.lines
        if self._headline_at < 0:
            self._headline_at = headline_index([self.text[line.start : line.end] for line in lines[:4]])
        return lines[self._headline_at]

    def _settle_main_film(self) -> None:
        """Among several films named, the one the body keeps discussing, or none (see `mainfilm`)."""
        source = next((c.source for c in self.claims if c.field == m.TITLE), None)
        chosen = (source.start, source.end) if source else None
        first = self._headline() if self.layout.lines else None
        headline = (first.start, first.end) if first else None
        decision = settle_main_film(self.text, self.markup.strong, chosen, headline)
        self.elsewhere.extend(decision.others)
        if decision.action == "keep":
            return
        # a headline that names no film takes its year and the line under it (a masthead's standfirst) along
        dropped = (m.TITLE, m.YEAR, m.TAGLINE) if decision.action in ("drop", "elsewhere") else (m.TITLE, m.YEAR)
        self.claims = [c for c in self.claims if c.field not in dropped]
        self.title, self.title_forms, self.title_keys = None, [], set()
        if decision.span:
            self._set_title(*decision.span, headline=False)
            if self.title and decision.year:
                self.add(m.YEAR, self.text[slice(*decision.year)], *decision.year)
        elif decision.action == "elsewhere":
            self._title_from_mentions()
            if self.title and not any(ch.isupper() or ch.isdigit() for ch in self.title.split(" ")[0][:1]):
                self.claims = [c for c in self.claims if c.field not in (m.TITLE, m.YEAR)]
                self.title, self.title_forms, self.title_keys = None, [], set()  # "comments": no title
            if self.title is None:
                self._title_from_body()

    def _title_last_resort(self) -> None:
        """Nothing names the film plainly: the Title-Case run the document repeats most (twice at least),
        else a headline-like first line. Otherwise the document has no film, and --check says so.
        """
        counts: dict[str, list[tuple[int, int]]] = {}
        for match in _TITLE_CASE_RUN.finditer(self.text):
            start, end = match.span()
            words = self.text[start:end].split()
            while words and words[0].lower() in lx.NAME_STOPWORDS:
                start += len(words.pop(0)) + 1
            if not words or len(words) > 6 or all(w.lower() in lx.NAME_STOPWORDS for w in words):
                continue
            counts.setdefault(fold(self.text[start:end]), []).append((start, end))
        plausible = [spans for spans in counts.values() if not looks_like_a_person(self.text, *spans[0])]
        best = max(plausible, key=len, default=[])
        if len(best) >= 2:
            self._set_title(*best[0], headline=False)
            return
        first = self._headline() if self.layout.lines else None
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
        for match in _titles_with_year(self.text, 0, min(len(self.text), 3000)):
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
            if not name or name in lx.NAME_STOPWORDS or len(name) > 60:
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
        if words[0] in ("Q:", "A:"):
            return False  # an interview's question or answer
        if mn.YEAR_AT_END.search(raw):
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
        chosen: tuple[int, int] | None = (start, end)
        if headline and not named and not body_count(f" {body} ", fold(self.text[start:end])):  # never named
            heads = self._capsule_heads(headline_end) + (() if year else self._year_mentions(headline_end))
            others = self._title_mentions(headline_end)
            chosen = choose_title(self.text, start, end, f" {body} ", others, lx.NAME_STOPWORDS, heads)
            if chosen is None:
                return
            if (
                chosen == (start, end)
                and not year
                and not headline_confirmed(self.text, start, end)
                and self._body_names_another(start, end)
            ):
                return  # "THE SUNDAY LETTER" over a newsletter that names and describes one film throughout
        if chosen is not None and chosen != (start, end):
            start, end = chosen
            year = None
        start, end = body_casing(self.text, start, end, headline_end)
        if year:
            self.add(m.YEAR, self.text[year[0] : year[1]], *year)
        title = v.squash(self.text[start:end])
        if not title or not any(ch.isalpha() for ch in title):
            return
        self.title = title
        base = mn.SUBTITLE_SPLIT.split(title, maxsplit=1)[0]
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
            (mn.WATCHED_TITLE, ("watched", "saw", "revisited", "screen", "review of", "premiere of")),
            (mn.TITLE_APPOSITION, ("'s ", "’s ")),
            (mn.TITLE_IS_A_FILM, (" is a", " was a", " is the", " was the")),
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
        for match in _titles_with_year(self.text, after, min(len(self.text), after + 1500)):
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
            if start >= after and mn.CAPSULE_AFTER_BOLD.match(self.markup.text, end + 2):
                line = self.layout.line_of(start)
                if not self.text[line.start : start].strip(" *_#-"):
                    heads.append((start, end))
        for match in mn.ALLCAPS_BEFORE_PAREN.finditer(self.text, after, min(len(self.text), after + 1500)):
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
        match = mn.TITLE_WITH_YEAR.search(sentence)
        if match:
            start, end = first.start + match.start("title"), first.start + match.end("title")
            start = self._skip_openers(start, end)
            if start < end:
                self._set_title(start, end, headline=False)
                if self.title:
                    ys, ye = first.start + match.start("year"), first.start + match.end("year")
                    self.add(m.YEAR, match.group("year"), ys, ye)
                return
        match = mn.TITLE_IS_A.match(sentence)
        if match:
            start, end = first.start + match.start("title"), first.start + match.end("title")
            title = self.text[start:end]
            if title.split()[0].lower() not in mn.TITLE_OPENERS and title.lower() not in lx.FUNCTION_WORDS:
                self._set_title(start, end)

    def _skip_openers(self, start: int, end: int) -> int:
        """Skip "In 2025, " or "Director Ito's " before a title found in a sentence."""
        run = self.text[start:end]
        cut = max(run.rfind(", "), run.rfind("’s "), run.rfind("'s "))
        if cut >= 0:
            start += cut + (2 if run[cut] == "," else 3)
            run = self.text[start:end]
        while run and run.split()[0].lower() in mn.TITLE_OPENERS:
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
        if len(raw) > 140 or len(raw.split()) > 16 or not raw.strip(v.QUOTES) or is_byline(raw):
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
        self.elsewhere.extend(parenthesised_film_notes(self.text, self.layout, self.title_keys))
        self.elsewhere.extend(source_work_clauses(self.text, self.lower, self.layout))
        if self.markup.emphasis or self.markup.strong:
            runs = sorted(self.markup.emphasis + self.markup.strong)
            self.elsewhere.extend(emphasised_film_clauses(self.text, self.layout, runs, self.title_keys))

    def _prose_film_facts(self) -> None:
        """Year, release date, runtime, genres and countries said of the film in prose (see `filmfacts`).

        The patterns that open with a word run once over the document, a match
        kept only inside one clean sentence; "<subject> is a ..." runs per sentence.
        """
        text, size = self.text, len(self.text)
        self._facts_line()
        if not any(c.field == m.GENRE for c in self.claims):
            for genre, s, e in filmfacts.tag_genres(text, self.lower):  # "Tags: neo-noir, 1970s"
                self.add(m.GENRE, genre, s, e)
        has = {c.field for c in self.claims}
        directors = {fold(c.person or c.value) for c in self.claims if c.field == m.DIRECTOR}
        for country, s, e in filmfacts.country_before_title(text, self.title_forms):  # "Mexico's 'X'"
            self.add(m.COUNTRY, country, s, e)
        if m.RUNTIME not in has:
            for minutes, s, e in filmfacts.runtime_in(text, 0, size, self.lower):
                if self.sentence_of((s, e)):
                    self.add(m.RUNTIME, minutes, s, e)
                    break
        if m.YEAR not in has and m.RELEASE_DATE in has:  # a header's release date gives the year too
            date = next(c for c in self.claims if c.field == m.RELEASE_DATE)
            self.add(m.YEAR, date.value[:4], date.source.start, date.source.end)
            has.add(m.YEAR)
        if m.RELEASE_DATE not in has:
            for match, s, e in filmfacts.release_dates_in(text, 0, size, self.lower):
                iso = date_from_match(match)
                if iso and self.sentence_of((s, e)):
                    self.add(m.RELEASE_DATE, iso, s, e)
                    if m.YEAR not in has:
                        self.add(m.YEAR, iso[:4], match.start("date"), match.end("date"))
                        has.add(m.YEAR)
                    break
        if m.YEAR not in has:
            for year, s, e in filmfacts.years_in(text, 0, size, self.title_forms, self.lower):
                if self.sentence_of((s, e)):
                    self.add(m.YEAR, year, s, e)
                    has.add(m.YEAR)
                    break
        for owner, year, s, e in filmfacts.owner_years(text, 0, size):
            sentence = self.sentence_of((s, e))
            key = fold(owner)
            if sentence and key and any(d == key or d.endswith(" " + key) for d in directors):
                if m.YEAR not in has:
                    self.add(m.YEAR, year, s, e)
                    has.add(m.YEAR)
                self._genres_in(e, sentence.end)
        top = self._headline() if self.layout.lines else None
        title_claim = next((c.source for c in self.claims if c.field == m.TITLE), None)
        headline = top is not None and top.end - top.start <= 150 and ". " not in text[top.start : top.end]
        if top and title_claim and headline and top.start <= title_claim.start < top.end:  # about the film
            for s, e in filmfacts.headline_descriptions(text, top.start, top.end):
                for genre in filmfacts.genres_of(text, s, e):
                    self.add(m.GENRE, genre, s, e)
        for s, e in filmfacts.description_spans(text, self.title_forms, directors):  # "this Korean thriller"
            index = self.layout.sentence_index(s)  # a clean sentence, or a line that is no prose ("Verdict: a ...")
            if (self.sentence_of((s, e)) if index is not None else s >= self.layout.lines[0].end) is not None:
                for genre in filmfacts.genres_of(text, s, e):
                    self.add(m.GENRE, genre, s, e)
                for country in filmfacts.countries_in(text[s:e]):
                    self.add(m.COUNTRY, country, s, e)
        cues = filmfacts.is_a_cues(text)  # most sentences hold none: only those that do are read
        if not cues:
            return
        sentence_index, sentences = self.layout.sentence_index, self.layout.sentences
        held = {sentence_index(cue) for cue in cues}  # the sentences holding a cue
        for index in sorted(i for i in held if i is not None):
            sentence = sentences[index]
            if not sentence.clean:
                continue
            for subject, s, e in filmfacts.is_a_phrases(text, sentence.start, sentence.end):
                if filmfacts.subject_is_film(subject, self.title_forms):
                    self._genres_in(s, e)
                    head = filmfacts.head_of(text, s, e)  # "one of the great westerns", "a gangster picture"
                    for genre in filmfacts.genres_of(text, *head):
                        self.add(m.GENRE, genre, *head)
                    for country in filmfacts.countries_in(text[s:e]):
                        self.add(m.COUNTRY, country, s, e)

    def _facts_line(self) -> None:
        """The title's line or one of the few lines under it, when it lists facts between separators
        ("2003 · Directed by Ana Lopez", "Japan/France 1985 · 162 min"): see `filmfacts.facts_line`.
        Looked for under the title claim and under the headline (a title re-cased from the body)."""
        source = next((c.source for c in self.claims if c.field == m.TITLE), None)
        if source is None or not ("·" in self.text or "|" in self.text or "•" in self.text):
            return
        top = self._headline() if self.layout.lines else None
        starts = [source.start, top.start if top else source.start]
        key = fold(self.title or "")
        own = next(
            (line.start for line in self.layout.lines[:30] if fold(self.text[line.start : line.end]) == key), None
        )
        if own is not None:  # "RAN" on a line of its own, the claim re-cased from the body's "Ran"
            starts.append(own)
        for at in dict.fromkeys(starts):
            facts = self._facts_under(self.text.rfind("\n", 0, at) + 1)
            if facts:
                has = {c.field for c in self.claims}
                for field, value, s, e in facts:
                    if field not in has:
                        self.add(field, value, s, e)
                return

    def _facts_under(self, line_start: int) -> list[tuple[str, str, int, int]]:
        for _ in range(5):  # the line, then the next lines that are not blank (screening times, ...)
            line_end = self.text.find("\n", line_start)
            line_end = len(self.text) if line_end < 0 else line_end
            facts = filmfacts.facts_line(self.text, line_start, line_end)
            if facts or line_end - line_start > 240:
                return facts  # found, or a paragraph of prose: the listing is over
            line_start = line_end + 1
            while self.text[line_start : line_start + 1].isspace():
                line_start += 1
        return []

    def _taglines_quoted(self) -> None:
        """ "The poster line was: '...'": a quoted line the poster, the ads or the tagline carried."""
        for start, end in filmfacts.quoted_taglines(self.text, 0, len(self.text), self.lower):
            if self.sentence_of((start, end)):
                self.add(m.TAGLINE, self.text[start:end], start, end)

    def _genres_in(self, start: int, end: int) -> None:
        stop = v.GENRE_SEGMENT_END.search(self.text, start, end)
        segment_end = stop.start() if stop else end
        segment = self.text[start:segment_end]
        for genre in v.genres_in_phrase(segment):
            self.add(m.GENRE, genre, start, start + len(segment.rstrip(" .")))

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
                year = mn.YEAR_IN_PARENS.match(self.text, after)
                if year and not has_year and self.layout.in_one_sentence(pos, year.end()) is not None:
                    self.add(m.YEAR, year.group("year"), year.start("year"), year.end("year"))
                    has_year = True
                index = self.layout.sentence_index(pos)
                if index is not None and self.layout.sentences[index].start == pos:
                    self._genres_after_title(after, self.layout.sentences[index].end)
                pos = self.text.find(form, after)

    def _genres_after_title(self, start: int, end: int) -> None:
        """ "<Title> is a ... thriller", also past an apposition ("<Title>, the new film from X, is a ...")."""
        is_a = mn.IS_A.match(self.text, start, end)
        if not is_a and self.text.startswith(",", start):
            comma = self.text.find(",", start + 1, end)
            is_a = mn.IS_A.match(self.text, comma + 1, end) if comma > 0 else None
        if not is_a:
            return
        stop = v.GENRE_SEGMENT_END.search(self.text, is_a.end(), end)
        segment_end = stop.start() if stop else end
        segment = self.text[is_a.end() : segment_end]
        for genre in v.genres_in_phrase(segment):
            self.add(m.GENRE, genre, is_a.end(), is_a.end() + len(segment.rstrip(" .")))
