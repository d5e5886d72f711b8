"""A pack from its text, a file or a folder: YAML, schema, then the format's reader.

Whatever goes wrong while loading one pack becomes a `PackError` naming its file,
so one bad pack never stops the others. CPU work: the bot runs it in a thread.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bot.datafiles import DataFileError, data_files, read_data_file
from bot.text import plural, slugify
from bot.trivia.model import Question
from bot.trivia.packs.choices import with_drawn_choices
from bot.trivia.packs.filmbot_format import filmbot_questions, is_filmbot
from bot.trivia.packs.filmbot_format import question_count as filmbot_count
from bot.trivia.packs.model import FILMBOT, MAX_PACK_BYTES, MAX_QUESTIONS, RED, Pack, PackError, PackProblem
from bot.trivia.packs.red_format import question_count as red_count
from bot.trivia.packs.red_format import red_questions
from bot.trivia.packs.schema import validate
from bot.trivia.packs.yaml_reader import Nodes, line_of, parse_yaml

log = logging.getLogger(__name__)

PACK_SUFFIXES = (".yaml", ".yml")


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
    data, root = parse_yaml(file, text)
    if not isinstance(data, dict):
        raise PackError(
            [PackProblem(file, line_of(root), "a pack is a mapping: question -> answers, or name/questions")]
        )
    kind = FILMBOT if is_filmbot(data) else RED
    count = filmbot_count(data) if kind == FILMBOT else red_count(data)
    if count > MAX_QUESTIONS:
        # Checked before the schema, whose message would quote the whole list.
        raise PackError(
            [PackProblem(file, None, f"the pack has {plural(count, 'question')}; the limit is {MAX_QUESTIONS}")]
        )
    nodes = Nodes(root)
    validate(file, data, nodes, kind)
    if kind == FILMBOT:
        questions = filmbot_questions(key, file, data, nodes)
        title = data.get("name") or key
        description = data.get("description", "")
        author = data.get("author")
        config: dict[str, str] = {}
    else:
        questions = red_questions(key, file, data, nodes)
        if not questions:
            raise PackError([PackProblem(file, line_of(root), "the pack has no questions")])
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
