"""The code keeps the shape the README's Layout describes: layers, Discord at the edge, no circle.

The contracts are import-linter's, in pyproject.toml; scripts/test.sh runs `lint-imports` before
the suite, and these tests run it too, so a developer running pytest alone sees a broken layer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` over the bot/ and cogs/ of `project`, with `project`'s contracts."""
    program = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    # Wide lines: the report names a contract and an import chain on one line each.
    env = {**os.environ, "PYTHONPATH": str(project), "COLUMNS": "500", "NO_COLOR": "1"}
    return subprocess.run(
        [program, "--no-cache", str(project / "pyproject.toml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_import_contract_holds() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# A module planted in a copy of the code, what it imports, and the line the report must show.
PLANTED = {
    "bot/store/planted_upward.py": ("import bot.render.payload", "bot.store.planted_upward -> bot.render.payload"),
    "bot/trivia/planted_sibling.py": ("import bot.reviews.model", "bot.trivia.planted_sibling -> bot.reviews.model"),
    "bot/catalog/planted_discord.py": ("import discord", "bot.catalog.planted_discord -> discord"),
    "bot/render/planted_store.py": ("import bot.store.members", "bot.render.planted_store -> bot.store.members"),
    "cogs/planted_cog.py": ("import cogs.help", "cogs.planted_cog -> cogs.help"),
    "bot/planted_circle/__init__.py": ("", "No cycles are allowed in bot.planted_circle."),
    "bot/planted_circle/a.py": ("import bot.planted_circle.b", "bot.planted_circle"),
    "bot/planted_circle/b.py": ("import bot.planted_circle.a", "bot.planted_circle"),
}


def test_the_contracts_refuse_upward_sibling_discord_store_and_circular_imports(tmp_path: Path) -> None:
    """Each contract has teeth: an import that breaks it, planted in a copy, is reported by name."""
    for folder in ("bot", "cogs"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for path, (line, _) in PLANTED.items():
        (tmp_path / path).parent.mkdir(exist_ok=True)
        (tmp_path / path).write_text(f'"""Planted by a test."""\n\n{line}\n')

    result = lint_imports(tmp_path)

    report = result.stdout + result.stderr
    assert result.returncode == 1, report
    for path, (_, reported) in PLANTED.items():
        assert reported in report, f"{path} was not reported:\n{report}"


def circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:  # recursion depth is bounded by the ~150 modules
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_round_a_circle_not_even_in_annotations() -> None:
    """lint-imports counts what runs; a circle through a TYPE_CHECKING import is still a circle
    a reader has to follow (as client.py <-> tree.py was), so here annotations count too."""
    graph = grimp.build_graph("bot", "cogs", exclude_type_checking_imports=False, cache_dir=None)
    found = circles(graph)
    chains = [graph.find_shortest_chain(group[0], group[1]) for group in found]
    assert not found, f"modules importing each other round a circle: {found}; e.g. {chains}"


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c", "pkg.d"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    graph.add_import(importer="pkg.d", imported="pkg.a")
    assert circles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]
