"""The library's layout holds: each floor imports only from the floors below it, with no cycle.

Floors, bottom to top (see lib/sinorussia/__init__.py):
    0 base: errors, paths, fsio, parameters   1 raw/   2 processed/   3 analysis/   4 claims/
    5 notebook/   6 report/   7 the public surface (the package __init__) and the command line (__main__)

The graph is read from the source with `ast`, so these tests need no data and run in a second.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

import sinorussia
from sinorussia import paths

LIB = paths.PACKAGE_DIR
FLOORS = {"raw": 1, "processed": 2, "analysis": 3, "claims": 4, "notebook": 5, "report": 6}
BASE = {"errors", "paths", "fsio", "parameters"}
MAX_LINES = 400


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported module (a submodule where `from pkg import sub` names one)
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(LIB.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(LIB.rglob("*.py"))}


def floor(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return 7
    if parts[1] in BASE:
        return 0
    return FLOORS[parts[1]]


def _resolve(source: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = source if MODULES[source].name == "__init__.py" else source.rsplit(".", 1)[0]
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> list[Import]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom):
                target = _resolve(module, child)
                if target.split(".")[0] == "sinorussia":
                    for alias in child.names:
                        sub = f"{target}.{alias.name}"
                        found.append(Import(module, sub if sub in MODULES else target, child.lineno, in_function))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "sinorussia":
                        found.append(Import(module, alias.name, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


EDGES = [imp for m in MODULES for imp in imports_of(m)]


def test_every_module_is_on_a_known_floor():
    for m in MODULES:
        floor(m)  # raises KeyError for a folder that is on no floor


def test_no_module_imports_from_a_floor_above_it():
    upward = [
        f"{i.source} (floor {floor(i.source)}) imports {i.target} (floor {floor(i.target)}), line {i.line}"
        for i in EDGES
        if floor(i.target) > floor(i.source)
    ]
    assert not upward, "imports that go up a floor:\n" + "\n".join(upward)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), i.e. import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strongconnect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges.get(v, ()):
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strongconnect(v)
    return found


def test_no_import_cycle():
    graph: dict[str, set[str]] = {}
    for i in EDGES:
        graph.setdefault(i.source, set()).add(i.target)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_library_imports_sit_at_the_top_of_modules():
    """A function-level import of the library's own modules was how the old layout dodged cycles."""
    hidden = [f"{i.source}:{i.line} imports {i.target} inside a function" for i in EDGES if i.in_function]
    assert not hidden, "\n".join(hidden)


def test_modules_are_small_enough_to_read_in_one_sitting():
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert not {m: n for m, n in sizes.items() if n > MAX_LINES}


def test_public_surface_lists_exactly_what_notebook_exports():
    from sinorussia import notebook

    assert sorted(sinorussia.HELPERS) == sorted(notebook.__all__)
    for name in sinorussia.__all__:
        assert getattr(sinorussia, name) is not None, name
    for target in sinorussia.SUBJECTS.values():
        assert f"sinorussia.{target}" in MODULES and floor(f"sinorussia.{target}") <= 5, target


def _notebook_imports(path: Path) -> list[tuple[str, list[str]]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    found: list[tuple[str, list[str]]] = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sinorussia"):
                found.append((node.module or "", [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                found += [(a.name, []) for a in node.names if a.name.startswith("sinorussia")]
    return found


@pytest.mark.parametrize("path", sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_chapters_import_only_the_public_surface(path):
    for module, names in _notebook_imports(path):
        assert module == "sinorussia", f"{path.name} imports the private module {module}; use `sinorussia`"
        bad = [n for n in names if n not in sinorussia.__all__]
        assert not bad, f"{path.name} imports {bad}, which sinorussia does not export"
