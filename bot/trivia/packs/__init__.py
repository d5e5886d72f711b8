"""Question packs: YAML files in data/packs/ (or uploaded), validated against a schema.

One module per seam: `model` (what a loaded pack is, its errors), `yaml_reader` (the
safe YAML reading, with lines for errors), `schema` (the JSON schemas of the two formats),
`filmbot_format` and `red_format` (the two readers), `choices` (drawn choices and answer
kinds), `loader` (a pack from text, a file or a folder). This package re-exports what the
rest of the bot uses.

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

from bot.trivia.packs.choices import KnownKinds, answer_kind, is_number, with_catalog, with_drawn_choices
from bot.trivia.packs.loader import PACK_SUFFIXES, load_pack_dir, load_pack_file, load_pack_text
from bot.trivia.packs.model import (
    FILMBOT,
    MAX_DEPTH,
    MAX_ERRORS,
    MAX_PACK_BYTES,
    MAX_QUESTIONS,
    PACK_KIND,
    RED,
    Pack,
    PackError,
    PackProblem,
)
from bot.trivia.packs.schema import FILMBOT_SCHEMA, RED_SCHEMA

__all__ = [
    "FILMBOT",
    "FILMBOT_SCHEMA",
    "MAX_DEPTH",
    "MAX_ERRORS",
    "MAX_PACK_BYTES",
    "MAX_QUESTIONS",
    "PACK_KIND",
    "PACK_SUFFIXES",
    "RED",
    "RED_SCHEMA",
    "KnownKinds",
    "Pack",
    "PackError",
    "PackProblem",
    "answer_kind",
    "is_number",
    "load_pack_dir",
    "load_pack_file",
    "load_pack_text",
    "with_catalog",
    "with_drawn_choices",
]
