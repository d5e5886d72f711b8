"""The state of one document being read, and the helpers every stage shares.

A stage is a function of a `Reading`: it reads the blanked text and the
layout, and adds claims through `Reading.add`, which drops whatever lies in
an advertising sentence or a clause about another film, so each claim keeps
the exact span it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot import model as m
from bot.ingest import lexicon as lx
from bot.ingest import names as nm
from bot.ingest import values as v
from bot.ingest.blocks import NO_CUES, CueIndex, Layout, Markup, Rule, Sentence
from bot.ingest.fullnames import resolve_surname
from bot.ingest.names import person_name
from bot.ingest.values import fold_key as fold
from bot.model import Claim, Source

_PERSON = re.compile(nm.PERSON)
_words = v.capitalised_words
# After "by A and B", these words mean B starts a new clause ("... and B stars as ...").
_CLAUSE_VERBS = lx.wordset("plays stars returns appears delivers is was has gives brings leads shines also")
_APPOSITION = lx.wordset("the a an known one")  # "by A, and B, the cinematographer": B is someone else
_DETERMINERS = lx.wordset("the a an its his her their whose this")


@dataclass(slots=True)
class Reading:
    """One document being read: its text and layout, the claims so far, and what the stages learnt
    (the title, full names, cast, characters, groups, clauses about other films). The helpers are
    shared by every stage; `extract._Extractor` runs the stages in order.
    """

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
    rules_by_cue: CueIndex = NO_CUES  # the stages' rule rows by cue word
    rule_hits: dict[str, list[int]] | None = None  # rule name -> sentences holding its cue words

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
        if not value or (self.layout.spam_spans and self.layout.is_spam(start, end)):
            return
        if self.elsewhere and any(s < end and start < e for s, e in self.elsewhere):
            return
        self.claims.append(Claim(field_name, value, Source(self.name, start, end), person, role, note))

    def matches(self, rule: Rule) -> list[re.Match[str]]:
        """Matches of a prose rule, each inside one clean sentence that holds one of its cue words."""
        if self.rule_hits is None:
            self.rule_hits = self.layout.cue_hits(self.rules_by_cue)
        hits = self.rule_hits.get(rule.name)
        if not hits:
            return []  # most rules: no sentence holds their cue words
        found: dict[tuple[int, int], re.Match[str]] = {}
        sentences, text, finditer = self.layout.sentences, self.text, rule.pattern.finditer
        literals = rule.needs
        for index in hits:
            sentence = sentences[index]
            start, end = sentence.start, sentence.end
            if literals:
                for literal in literals:
                    if text.find(literal, start, end) >= 0:
                        break
                else:
                    continue  # no literal the pattern cannot match without: cheaper than the regex
            for match in finditer(text, start, end):
                found.setdefault(match.span(), match)
        return list(found.values())

    def is_subject(self, name: str) -> bool:
        return fold(name) in self.title_keys

    def person(self, raw: str) -> str | None:
        """A cleaned person name; full names are remembered for surname resolution."""
        name = nm.clean_name(raw)
        if name is None or self.is_subject(name) or fold(name) in self.characters:
            return None
        self.remember(name)
        return name

    def remember(self, name: str, *, listed: bool = False) -> None:
        """Note a full name for surname resolution; a one-word name in a list is a mononym."""
        if _words(name) >= 2:
            self.people.setdefault(fold(name), name)
        elif listed:
            self.mononyms.add(fold(name))

    def people_in(self, match: re.Match[str], group: str) -> Iterator[tuple[str, int]]:
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
            name = self.person(person.group())
            if name:
                yield name, person.end()

    def character(self, raw: str) -> str | None:
        name = nm.clean_character(raw)
        if name is None or self.is_subject(name):
            return None
        key = fold(name)
        if key in self.people or key in self.cast or key in self.groups:
            return None
        return name

    def add_character(self, name: str, start: int, end: int) -> None:
        self.characters.add(fold(name))
        self.add(m.CHARACTER, name, start, end)

    def add_cast(self, actor: str, start: int, end: int, role: str | None = None, note: str | None = None) -> None:
        """A cast credit; its role is also a character, unless the actor is an unknown bare surname."""
        self.cast.add(fold(actor))
        self.add(m.CAST, actor, start, end, person=actor, role=role, note=note)
        known = _words(actor) >= 2 or fold(actor) in self.mononyms or self.resolve(actor) != actor
        if role and known:
            self.add_character(role, start, end)

    def sentence_of(self, span: tuple[int, int]) -> Sentence | None:
        """The clean sentence holding all of `span`, if there is one."""
        index = self.layout.in_one_sentence(span[0], span[1])
        return None if index is None else self.layout.sentences[index]

    def relation_person(self, raw: str) -> str | None:
        name = person_name(raw)
        if name is None or self.is_subject(name) or fold(name) in self.characters:
            return None
        self.remember(name)
        return name

    def known_cast(self, raw: str) -> str | None:
        name = nm.clean_name(raw)
        if name is None:
            return None
        resolved = self.resolve(name)
        return resolved if fold(resolved) in self.cast else None

    def is_person_part(self, name: str) -> bool:
        """Whether `name` is part of a known person's name ("Ito" of "Mika Ito")."""
        key = fold(name)
        return any(key in full.split() or full.endswith(" " + key) for full in self.people)

    # -- finishing -------------------------------------------------------------------------------
    def resolve(self, name: str) -> str:
        """The full name a surname ("de la Cruz", "Ito") stands for in this document, if unique."""
        if _words(name) >= 2 or not self.people:
            return name
        return resolve_surname(name, self.people) or name


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
