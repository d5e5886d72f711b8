"""What a loaded pack is, and how loading one fails (every problem with its file and line)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.trivia.model import Question

MAX_PACK_BYTES = 256 * 1024
MAX_QUESTIONS = 5000  # per pack, in either format
MAX_DEPTH = 8  # nested lists and mappings (a pack needs 4)
MAX_ERRORS = 20
PACK_KIND = "pack"
RED = "red"
FILMBOT = "filmbot"


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
