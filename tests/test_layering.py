"""The pipeline's layering: the import-linter contracts of ``pyproject.toml`` are kept, and no two
modules import each other, directly or through others.

The contracts (``lint-imports``, run by ``make lint``) state the order of the stages, that nothing
imports the CLI, that rules never import their runners and the registry no rule, and that only
extract imports the model clients; they are run here too, so ``pytest`` alone catches a break.
Cycles are checked here, module by module: the layer contracts do not look inside a package
(``normalize``, ``extract``) nor between the rule modules, which may import one another.
"""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

from tests.conftest import ROOT

PACKAGE = ROOT / "checker"


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names |= {f"{node.module}.{a.name}" for a in node.names}
        out[_module(path)] = names
    return out


def test_the_import_contracts_are_kept():
    assert lint_imports(str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_no_import_cycles():
    imports = _imports()
    modules = set(imports)
    graph = {
        m: {
            t
            for t in modules
            if t != m
            and any(n == t or n.startswith(t + ".") for n in names)
            and not (t == "checker" or (t.count(".") < m.count(".") and m.startswith(t + ".")))
        }
        for m, names in imports.items()
    }
    cycles = set()
    for a in graph:
        for b in graph[a]:
            if a in _reach(graph, b):
                cycles.add(frozenset({a, b}))
    assert not cycles, sorted(map(sorted, cycles))


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen
