"""The pipeline's layering, read from the source: stages after extract never import the model
clients, nothing imports the CLI, and the stages import one way (no cycles).

An import-linter contract would say the same; this test needs nothing but the standard library.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "checker"
# stages after the network boundary: pure functions of their inputs
AFTER_EXTRACT = [
    "ground",
    "terms",
    "normalize",
    "align",
    "compare",
    "rules",
    "check",
    "render",
    "expectations",
    "models",
    "schemas",
    "assist",
]
CLIENTS = ("instructor", "openai")
RUNNERS = ("checker.compare", "checker.check", "checker.pipeline")


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


def _is(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def test_stages_after_extract_never_import_the_model_clients():
    imports = _imports()
    for mod, names in imports.items():
        stage = mod.removeprefix("checker.").split(".")[0]
        if stage in AFTER_EXTRACT:
            bad = [n for n in names if any(_is(n, c) for c in CLIENTS)]
            assert not bad, f"{mod} imports {bad}"


def test_nothing_imports_the_cli():
    for mod, names in _imports().items():
        if mod not in ("checker.cli", "checker.__main__"):
            assert not [n for n in names if _is(n, "checker.cli")], mod


def test_rules_never_import_their_runners_and_the_registry_imports_no_rule():
    imports = _imports()
    for mod, names in imports.items():
        if _is(mod, "checker.rules"):
            bad = [n for n in names if any(_is(n, r) for r in RUNNERS)]
            assert not bad, f"{mod} imports {bad}"
    registry = imports["checker.rules.registry"]
    assert not [n for n in registry if _is(n, "checker.rules")], sorted(registry)


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
