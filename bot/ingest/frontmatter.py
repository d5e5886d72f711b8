"""Front matter: the YAML block between `---` fences that Jekyll and Hugo posts open with.

Its keys are read as header facts ("director: Ana Lopez" is a "Director:"
line), which is how a moderator fixes a document the prose leaves ambiguous.
The YAML is parsed with PyYAML (safe loader); each scalar is then located in
the block so its claim points at the exact characters. Keys that are about
the post rather than the film (`date`, `author`, `tags`, `layout`) name no
field and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

try:  # the C loader when PyYAML was built with it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z][\w ./-]{0,40}?)[ \t]*:", re.M)


@dataclass(frozen=True, slots=True)
class Entry:
    """One value of a front-matter key, with its span in the document."""

    key: str  # as written ("release_date")
    start: int
    end: int


def read_front_matter(text: str, span: tuple[int, int] | None) -> list[Entry]:
    """The entries of the front matter at `span` (None or invalid YAML: none)."""
    if span is None:
        return []
    start, end = span
    block = text[start:end]
    try:
        data = yaml.load(block, Loader=_Loader)
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict):
        return []
    keys = [(m.group("key").strip(), m.start(), m.end()) for m in _KEY_LINE.finditer(block)]
    entries: list[Entry] = []
    for n, (key, _, key_end) in enumerate(keys):
        region_end = keys[n + 1][1] if n + 1 < len(keys) else len(block)
        value = data.get(key)
        scalars = [value] if not isinstance(value, list) else value
        pos = key_end
        for item in scalars:
            if isinstance(item, dict | list) or item is None or isinstance(item, bool):
                continue
            shown = str(item)
            found = block.find(shown, pos, region_end)
            if found < 0:
                continue
            entries.append(Entry(key, start + found, start + found + len(shown)))
            pos = found + len(shown)
    return entries
