"""Reading a pack's YAML safely, keeping each node's line for error messages.

PyYAML's BaseLoader: no object construction at all (safer than safe_load) and no
implicit typing, so `1994` stays "1994" and `No` stays "No". Anchors, aliases,
custom tags, duplicate keys, deep nesting and anything over `MAX_PACK_BYTES` are
refused before the data is built.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from bot.trivia.packs.model import MAX_DEPTH, MAX_ERRORS, MAX_PACK_BYTES, PackError, PackProblem

_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_CORE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "int", "float", "bool", "null"))


def line_of(node: yaml.Node | yaml.Event | None) -> int | None:
    """The 1-based line a node or event starts on (None when the parser gave no position)."""
    mark = None if node is None else node.start_mark
    return None if mark is None else mark.line + 1


def _stream_problems(file: str, text: str) -> list[PackProblem]:
    """Refused before anything is built: anchors and aliases (an alias can make a small
    file expand enormously) and nesting deeper than any pack needs (which would
    exhaust the recursion of the steps after this one)."""
    problems = []
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(PackProblem(file, line_of(event), "anchors and aliases (&, *) are not allowed"))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(
                    PackProblem(file, line_of(event), f"lists and mappings nest more than {MAX_DEPTH} deep")
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
                yield key, f"{key.value!r} appears twice (first on line {line_of(keys[key.value])})"
            keys[key.value] = key
            yield from _walk(key, seen)
            yield from _walk(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, seen)


class Nodes:
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
        return line_of(self.at(path))


def where(path: Sequence[str | int]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def parse_yaml(file: str, text: str) -> tuple[Any, yaml.Node]:
    """The pack's data (plain dicts, lists and strings) and its root node; raises PackError."""
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
        problems = [PackProblem(file, line_of(n), message) for n, message in _walk(root, set())]
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
