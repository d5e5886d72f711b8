"""Question packs: YAML files in data/packs/ (or uploaded), validated against a schema.

Two formats are accepted:

- Red-DiscordBot's trivia lists, as they are: a mapping of question text to a
  list of accepted answers (the first is shown), with optional AUTHOR,
  DESCRIPTION and CONFIG keys;
- filmbot's own, richer format::

      name: Film classics
      description: ...
      author: ...
      questions:
        - prompt: Who directed Jaws?
          answer: Steven Spielberg
          accept: [Spielberg]          # optional, other true answers (never offered as wrong)
          choices: [...]               # optional, 2-5, must include the answer
          difficulty: easy             # optional: easy, medium (default), hard
          film: Jaws                   # optional

YAML is read with PyYAML's BaseLoader: no object construction at all (safer
than safe_load) and no implicit typing, so `1994` stays "1994" and `No` stays
"No". Anchors, aliases and custom tags are refused, as is anything over
`MAX_PACK_BYTES`. Every error names the file and the line.

A question without choices gets three drawn from the other answers of the same
pack (numbers get nearby numbers); when that is impossible it keeps none and is
never played (the pack list says how many can be played).

Parsing is linear in the pack's size (a pack at the size limit takes a fraction
of a second), and still CPU work: the bot runs it in a thread. Whatever goes
wrong while loading one pack becomes a `PackError` naming its file, so one bad
pack never stops the others.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from bot.datafiles import DataFileError, data_files, read_data_file
from bot.text import fold, plural, slugify
from bot.trivia.bank import DISTRACTORS, pick_distractors
from bot.trivia.model import CHOICE_MAX_LENGTH, DIFFICULTIES, MEDIUM, Question, seeded_rng, stable_id

log = logging.getLogger(__name__)

MAX_PACK_BYTES = 256 * 1024
MAX_QUESTIONS = 5000  # per pack, in either format
MAX_DEPTH = 8  # nested lists and mappings (a pack needs 4)
MAX_ERRORS = 20
PACK_SUFFIXES = (".yaml", ".yml")
PACK_KIND = "pack"
RED = "red"
FILMBOT = "filmbot"

_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_CORE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "int", "float", "bool", "null"))
_RED_KEYS = ("AUTHOR", "DESCRIPTION", "CONFIG")
# A whole number written with ASCII digits: "²".isdigit() is true, and int() refuses it.
# The schema caps answers at 200 characters, far below int()'s 4300-digit limit.
_NUMBER = re.compile(r"[0-9]+")

_TEXT = {"type": "string", "minLength": 1}
_ANSWER = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"}

FILMBOT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["questions"],
    "additionalProperties": False,
    "properties": {
        "name": {**_TEXT, "maxLength": 100},
        "description": {"type": "string", "maxLength": 1000},
        "author": {"type": "string", "maxLength": 200},
        "questions": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_QUESTIONS,
            "items": {
                "type": "object",
                "required": ["prompt", "answer"],
                "additionalProperties": False,
                "properties": {
                    "prompt": {**_TEXT, "maxLength": 1000, "pattern": r"\S"},
                    "answer": _ANSWER,
                    "accept": {"type": "array", "items": _ANSWER, "maxItems": 50},
                    "choices": {
                        "type": "array",
                        "minItems": 2,
                        "maxItems": 5,
                        "items": {**_ANSWER, "maxLength": CHOICE_MAX_LENGTH},
                    },
                    "difficulty": {"enum": list(DIFFICULTIES)},
                    "film": {**_TEXT, "maxLength": 200},
                },
            },
        },
    },
}

RED_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "AUTHOR": {"type": "string", "maxLength": 200},
        "DESCRIPTION": {"type": "string", "maxLength": 1000},
        "CONFIG": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "propertyNames": {"minLength": 1, "maxLength": 1000},
    "additionalProperties": {"type": "array", "minItems": 1, "maxItems": 50, "items": _ANSWER},
}

_VALIDATORS = {
    FILMBOT: jsonschema.Draft202012Validator(FILMBOT_SCHEMA),
    RED: jsonschema.Draft202012Validator(RED_SCHEMA),
}


@dataclass(frozen=True, slots=True)
class PackProblem:
    """One thing wrong with a pack file, where it is."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class PackError(ValueError):
    """A pack that cannot be loaded; `problems` lists every error found (first ones)."""

    def __init__(self, problems: Sequence[PackProblem]) -> None:
        self.problems = tuple(problems)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


@dataclass(frozen=True, slots=True)
class Pack:
    """A loaded pack. `key` is what `/trivia start pack:` takes (the file's stem, slugified)."""

    key: str
    name: str
    description: str
    author: str | None
    questions: tuple[Question, ...]
    format: str  # RED or FILMBOT
    origin: str  # the file name, or "upload"
    config: dict[str, str] = field(default_factory=dict)
    drawn: frozenset[str] = frozenset()  # ids of the questions whose choices were drawn, not written

    @property
    def multiple_choice(self) -> tuple[Question, ...]:
        """The questions that can be played with buttons."""
        return tuple(q for q in self.questions if q.choices)


def _line(node: yaml.Node | None) -> int | None:
    return None if node is None else node.start_mark.line + 1


def _stream_problems(file: str, text: str) -> list[PackProblem]:
    """Refused before anything is built: anchors and aliases (an alias can make a small
    file expand enormously) and nesting deeper than any pack needs (which would
    exhaust the recursion of the steps after this one)."""
    problems = []
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(PackProblem(file, event.start_mark.line + 1, "anchors and aliases (&, *) are not allowed"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(
                    PackProblem(file, event.start_mark.line + 1, f"lists and mappings nest more than {MAX_DEPTH} deep")
                )
                break
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return problems


def _walk(node: yaml.Node, seen: set[int]) -> Iterator[tuple[yaml.Node, str]]:
    """Structural problems PyYAML would accept silently: custom tags, duplicate keys."""
    if id(node) in seen:  # an alias; refused before, but never walk one twice
        return
    seen.add(id(node))
    if node.tag not in _CORE_TAGS:
        yield node, f"the tag {node.tag!r} is not allowed in packs"
        return
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                yield key, "mapping keys must be plain text"
                continue
            if key.value in keys:
                yield key, f"{key.value!r} appears twice (first on line {_line(keys[key.value])})"
            keys[key.value] = key
            yield from _walk(key, seen)
            yield from _walk(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, seen)


class _Nodes:
    """Finds the YAML node a JSON-schema error path (or a question) points at, for its line.

    Each mapping's keys are indexed the first time it is searched, so finding
    the nodes of every question of a big pack stays linear.
    """

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        self._keys: dict[int, dict[str, yaml.Node]] = {}

    def _child(self, mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
        index = self._keys.get(id(mapping))
        if index is None:
            index = {}
            for k, v in mapping.value:
                if isinstance(k, yaml.ScalarNode):
                    index.setdefault(k.value, v)  # duplicates are refused before; the first wins
            self._keys[id(mapping)] = index
        return index.get(key)

    def at(self, path: Sequence[str | int]) -> yaml.Node:
        """The deepest node along `path` that exists."""
        node = self.root
        for step in path:
            found: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                found = self._child(node, step)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                found = node.value[step]
            if found is None:
                break
            node = found
        return node

    def line(self, path: Sequence[str | int]) -> int | None:
        return _line(self.at(path))


def _where(path: Sequence[str | int]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _parse(file: str, text: str) -> tuple[Any, yaml.Node]:
    size = len(text.encode("utf-8"))
    if size > MAX_PACK_BYTES:
        raise PackError(
            [PackProblem(file, None, f"the pack is {size // 1024} KiB; the limit is {MAX_PACK_BYTES // 1024} KiB")]
        )
    loader = _Loader(text)
    try:
        problems = _stream_problems(file, text)
        if problems:
            raise PackError(problems[:MAX_ERRORS])
        root = loader.get_single_node()
        if root is None:
            raise PackError([PackProblem(file, None, "the file is empty")])
        problems = [PackProblem(file, _line(n), message) for n, message in _walk(root, set())]
        if problems:
            raise PackError(problems[:MAX_ERRORS])
        return loader.construct_document(root), root
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(filter(None, (error.context, error.problem))) or "not valid YAML"
        raise PackError([PackProblem(file, line, f"not valid YAML: {reason}")]) from None
    except yaml.YAMLError as error:
        raise PackError([PackProblem(file, None, f"not valid YAML: {error}")]) from None
    finally:
        loader.dispose()


def _validate(file: str, data: Any, nodes: _Nodes, kind: str) -> None:
    errors = sorted(_VALIDATORS[kind].iter_errors(data), key=lambda e: nodes.line(list(e.absolute_path)) or 0)
    if errors:
        problems = []
        for error in errors[:MAX_ERRORS]:
            path = list(error.absolute_path)
            where = _where(path)
            problems.append(PackProblem(file, nodes.line(path), f"{where + ': ' if where else ''}{error.message}"))
        raise PackError(problems)


def _question(
    key: str,
    prompt: str,
    answers: Sequence[str],
    choices: Sequence[str] | None,
    difficulty: str,
    film: str | None,
    file: str,
    line: int | None,
) -> Question:
    prompt = " ".join(prompt.split())
    answers = [a.strip() for a in answers]
    answer = answers[0]
    chosen: tuple[str, ...] = ()
    if choices is not None:
        chosen = tuple(c.strip() for c in choices)
        folded = [fold(c) for c in chosen]
        if len(set(folded)) != len(folded) or not all(folded):
            raise PackError([PackProblem(file, line, "choices must be different from each other")])
        matching = [c for c in chosen if fold(c) in {fold(a) for a in answers}]
        if len(matching) != 1:
            raise PackError([PackProblem(file, line, f"exactly one choice must be the answer {answer!r}")])
        answer = matching[0]
    return Question(
        id=stable_id(PACK_KIND, key, fold(prompt) or prompt),
        kind=PACK_KIND,
        prompt=prompt,
        answer=answer,
        choices=chosen,
        difficulty=difficulty,
        film_slug=slugify(film) if film else None,
        pack=key,
        accepted=tuple(dict.fromkeys([answer, *answers])),
    )


def _filmbot_questions(key: str, file: str, data: dict[str, Any], nodes: _Nodes) -> list[Question]:
    out = []
    for index, item in enumerate(data["questions"]):
        out.append(
            _question(
                key,
                item["prompt"],
                [item["answer"], *item.get("accept", [])],
                item.get("choices"),
                item.get("difficulty", MEDIUM),
                item.get("film"),
                file,
                nodes.line(["questions", index]),
            )
        )
    return out


def _red_questions(key: str, file: str, data: dict[str, Any], nodes: _Nodes) -> list[Question]:
    return [
        _question(key, prompt, answers, None, MEDIUM, None, file, nodes.line([prompt]))
        for prompt, answers in data.items()
        if prompt not in _RED_KEYS
    ]


def _numeric_distractors(question: Question) -> list[str] | None:
    value = int(question.answer)
    offsets = (-4, -3, -2, -1, 1, 2, 3, 4) if value >= 1000 else (-3, -2, -1, 1, 2, 3)
    taken = {fold(a) for a in question.answers}
    candidates = [str(value + o) for o in offsets if value + o >= 0 and str(value + o) not in taken]
    if len(candidates) < DISTRACTORS:
        return None
    return seeded_rng(question.id).sample(candidates, DISTRACTORS)


_PERSON_KINDS = ("director", "actor", "composer", "person")
_PLACE_WORDS = (
    "town|city|village|country|nation|kingdom|planet|island|school|hotel|street|state|"
    "continent|moon|prison|castle|valley|forest|mountain|river|farm|ranch|home"
)
_CHARACTER_WORDS = "character|villain|hero|heroine|hobbit|doll|dog|cat|horse|cub|pet|bear|sidekick"
_THING_WORDS = "ship|spaceship|boat|car|computer|weapon|sword|ring|pill|drink|song"
# What a question without choices asks for, by its wording (folded): the first rule that
# matches wins. The leading words decide first ("Who directed ..."); for "What is the
# name of ...", the noun named ("the town", "the cowboy doll", "the boat").
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("year", re.compile(r"(when|in which year|in what year|what year|which year)\b")),
    ("composer", re.compile(r"(who|whom)\b.*\b(composed|compose|wrote the (music|score))\b|(which|what) composer\b")),
    ("director", re.compile(r"(who|whom)\b.*\bdirect|(which|what) (film )?director\b")),
    ("actor", re.compile(r"(who|whom)\b.*\b(play|plays|played|starred|starring|portray|portrayed|voice)\b")),
    ("actor", re.compile(r"(which|what) (actor|actress)\b")),
    ("person", re.compile(r"(who|whom|whose)\b")),
    ("film", re.compile(r"(which|what) (\d+ )?(film|movie|picture)\b")),
    ("place", re.compile(r"where\b|(which|what) (" + _PLACE_WORDS + r")\b")),
    ("name", re.compile(r".*\bname of (the |\w+ s )?(\w+ )?(" + _THING_WORDS + r")\b")),
    ("place", re.compile(r".*\bname of (the |\w+ s )?(\w+ )*?(" + _PLACE_WORDS + r")\b")),
    (
        "character",
        re.compile(r"(which|what) character\b|.*\bname of (the |\w+ s )?(\w+ )*?(" + _CHARACTER_WORDS + r")\b"),
    ),
    ("character", re.compile(r".*\bname of the (\w+ ){1,3}who\b")),
)
# Where a kind's wrong choices come from, nearest first; a kind never borrows from
# another family (no director among actors' answers before other directors, never a
# character among places).
_KIND_TIERS: dict[str, tuple[str, ...]] = {
    "director": ("director", "person"),
    "actor": ("actor", "person"),
    "composer": ("composer", "person"),
    "person": _PERSON_KINDS,
    "place": ("place",),
    "character": ("character",),
    "film": ("film",),
    "year": ("year",),
    "name": ("name", "character", "place", "film"),
}


# What the catalog knows a name as: folded name -> the kinds above (a person may be
# both an actor and a director). Given by the trivia service, from its question bank.
KnownKinds = Mapping[str, frozenset[str]]
_KIND_PREFERENCE = ("director", "actor", "composer", "person", "character", "place", "film", "name")


def answer_kind(prompt: str, answer: str | None = None, known: KnownKinds | None = None) -> str:
    """What a question asks for: a director, an actor, a composer, another person, a year,
    a film, a place, a character, or some other name.

    By what the answer is where the catalog knows the name (`known`), agreeing with
    the wording when the name is known as several things; otherwise by the wording.
    """
    text = fold(prompt)
    by_wording = next((kind for kind, pattern in _KIND_RULES if pattern.match(text)), "name")
    kinds = known.get(fold(answer), frozenset()) if known is not None and answer is not None else frozenset()
    if not kinds or by_wording in kinds:
        return by_wording
    if by_wording == "person" and kinds & set(_PERSON_KINDS):
        return by_wording  # "Who ...?" about someone the catalog knows in several jobs
    return next(kind for kind in _KIND_PREFERENCE if kind in kinds)


def is_number(answer: str) -> bool:
    """An answer played as a number (nearby numbers as distractors): ASCII digits only."""
    return _NUMBER.fullmatch(answer) is not None


def with_catalog(pack: Pack, known: KnownKinds) -> Pack:
    """The pack with its drawn choices drawn again, now that the catalog can say what some
    answers are (a written choice list is never touched)."""
    if not pack.drawn or not known:
        return pack
    bare = [replace(q, choices=()) if q.id in pack.drawn else q for q in pack.questions]
    return replace(pack, questions=tuple(with_drawn_choices(bare, known)))


def with_drawn_choices(questions: Sequence[Question], known: KnownKinds | None = None) -> list[Question]:
    """Give every question without choices three drawn from the other answers.

    Answers to the same kind of question first (people for "Who ...?", films
    for "Which film ...?"), then any of similar length; numbers get nearby
    numbers. Never one of the question's accepted answers, or one containing
    it. Questions that still cannot get three keep no choices (never played).

    The candidate lists are built once for the whole pack (per kind, per
    answer length), so this stays linear in the number of questions.
    """
    kinds = [answer_kind(q.prompt, q.answer, known) for q in questions]
    usable = [
        (q, kind)
        for q, kind in zip(questions, kinds, strict=True)
        if len(q.answer) <= CHOICE_MAX_LENGTH and not is_number(q.answer)
    ]
    texts = [q.answer for q, _ in usable]
    words_of = [len(a.split()) for a in texts]
    by_kind: dict[str, list[str]] = {}
    for q, kind in usable:
        by_kind.setdefault(kind, []).append(q.answer)
    similar_by_words: dict[int, list[str]] = {}

    def similar(words: int) -> list[str]:
        found = similar_by_words.get(words)
        if found is None:
            found = similar_by_words[words] = [a for a, n in zip(texts, words_of, strict=True) if abs(n - words) <= 1]
        return found

    out = []
    for question, kind in zip(questions, kinds, strict=True):
        if question.choices or len(question.answer) > CHOICE_MAX_LENGTH:
            out.append(question)
            continue
        if is_number(question.answer):
            others = _numeric_distractors(question)
        else:
            tiers = [by_kind.get(k, []) for k in _KIND_TIERS.get(kind, (kind,))]
            others = pick_distractors(question.id, question.answer, tiers, question.answers)
        if others is None:
            out.append(question)
            continue
        choices = [question.answer, *others]
        seeded_rng(question.id).shuffle(choices)
        out.append(replace(question, choices=tuple(choices)))
    return out


def load_pack_text(name: str, text: str, *, file: str | None = None, origin: str | None = None) -> Pack:
    """Parse, validate and build one pack; raises PackError naming the file (and line).

    `name` becomes the pack's key (slugified); `file` is how errors name the
    source (defaults to `name`). Any other failure while building it (a bug)
    is logged and raised as a PackError naming the file too.
    """
    file = file or name
    try:
        return _load(name, text, file, origin)
    except PackError:
        raise
    except Exception as error:
        log.exception("loading the pack %s failed unexpectedly", file)
        raise PackError([PackProblem(file, None, f"the pack could not be loaded ({type(error).__name__})")]) from None


def _load(name: str, text: str, file: str, origin: str | None) -> Pack:
    key = slugify(Path(name).stem if name.endswith(PACK_SUFFIXES) else name)
    data, root = _parse(file, text)
    if not isinstance(data, dict):
        raise PackError([PackProblem(file, _line(root), "a pack is a mapping: question -> answers, or name/questions")])
    kind = FILMBOT if isinstance(data.get("questions"), list) else RED
    count = len(data["questions"]) if kind == FILMBOT else sum(1 for k in data if k not in _RED_KEYS)
    if count > MAX_QUESTIONS:
        # Checked before the schema, whose message would quote the whole list.
        raise PackError(
            [PackProblem(file, None, f"the pack has {plural(count, 'question')}; the limit is {MAX_QUESTIONS}")]
        )
    nodes = _Nodes(root)
    _validate(file, data, nodes, kind)
    if kind == FILMBOT:
        questions = _filmbot_questions(key, file, data, nodes)
        title = data.get("name") or key
        description = data.get("description", "")
        author = data.get("author")
        config: dict[str, str] = {}
    else:
        questions = _red_questions(key, file, data, nodes)
        if not questions:
            raise PackError([PackProblem(file, _line(root), "the pack has no questions")])
        title, description, author = key, data.get("DESCRIPTION", ""), data.get("AUTHOR")
        config = dict(data.get("CONFIG", {}))
    seen: dict[str, Question] = {}
    for question in questions:
        if question.id in seen:
            raise PackError([PackProblem(file, None, f"the question {question.prompt!r} appears twice")])
        seen[question.id] = question
    return Pack(
        key=key,
        name=title,
        description=" ".join(description.split()),
        author=author,
        questions=tuple(with_drawn_choices(questions)),
        format=kind,
        origin=origin or file,
        config=config,
        drawn=frozenset(q.id for q in questions if not q.choices),
    )


def load_pack_file(path: Path, root: Path | None = None) -> Pack:
    """One pack file of the folder `root` (default: its own folder): a regular file inside it, of at most
    MAX_PACK_BYTES; anything else is a PackError naming the file, and is never read."""
    try:
        data = read_data_file(path, root or path.parent, MAX_PACK_BYTES)
    except DataFileError as problem:
        raise PackError([PackProblem(path.name, None, problem.reason)]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PackError([PackProblem(path.name, None, "the file is not UTF-8 text")]) from None
    return load_pack_text(path.stem, text, file=path.name, origin=path.name)


def load_pack_dir(path: Path | str) -> tuple[list[Pack], list[PackProblem]]:
    """Every valid pack in a directory (sorted by key) and the problems of the others.

    A bad pack never stops the others from loading; two files with the same
    key are a problem for the second.
    """
    directory = Path(path)
    packs: dict[str, Pack] = {}
    problems: list[PackProblem] = []
    if not directory.is_dir():
        return [], []
    for _name, file in data_files(directory, PACK_SUFFIXES, recursive=False):
        try:
            pack = load_pack_file(file, directory)
        except PackError as error:
            problems.extend(error.problems)
            continue
        except OSError as error:
            problems.append(PackProblem(file.name, None, f"cannot be read: {error.strerror or error}"))
            continue
        except Exception as error:  # a bug: never let one pack take the others down
            log.exception("loading the pack %s failed unexpectedly", file.name)
            problems.append(PackProblem(file.name, None, f"the pack could not be loaded ({type(error).__name__})"))
            continue
        if pack.key in packs:
            problems.append(PackProblem(file.name, None, f"another file already defines the pack {pack.key!r}"))
            continue
        packs[pack.key] = pack
    return [packs[k] for k in sorted(packs)], problems
