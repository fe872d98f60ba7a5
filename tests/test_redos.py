"""No regular expression of the package backtracks super-linearly on hostile text.

Every compiled pattern is collected — module and class attributes of every ``checker`` module,
the lexicon-built patterns of the lru-cached builders (called with the bundled lexicon), each
pattern of ``checker/data/*.yaml``, the literal patterns passed to ``re`` functions in the
source, and every pattern the package compiles while it runs a diff and a check of the seed
story — and each is fed adversarial strings of 10,000 characters with ``search``, ``match`` and
``finditer``. A call over 0.1 s fails (a linear scan of 10,000 characters takes microseconds to
milliseconds; a backtracking pattern takes seconds to hours). The time is the test thread's CPU
time, so a machine busy with other work does not fail a linear pattern; a backtracking one
spends its seconds on the CPU all the same."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import checker
from checker.context import run_context

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "checker"
LIMIT_S = 0.1
N = 10_000


def adversarial() -> dict[str, str]:
    """Strings of N characters that make a backtracking pattern explode: long runs of one class,
    each also with a character at its end that stops a match (so an anchored tail fails)."""
    runs = {
        "spaces": " " * N,
        "no-break spaces": "\u00a0" * N,
        "tabs and newlines": ("\t \n\r\n \t" * N)[:N],
        "blank lines": ("\n\n" * N)[:N],
        "one letter": "a" * N,
        "one capital": "A" * N,
        "mixed case": ("aBcDeFgH" * N)[:N],
        "capitalised words": ("Abc " * N)[:N],
        "dots": "." * N,
        "commas": "," * N,
        "hyphens": "-" * N,
        "apostrophes": "'" * N,
        "quotes": '"' * N,
        "ellipses": "…" * N,
        "brackets": "(" * N,
        "digits": "1" * N,
        "grouped digits": ("1,000," * N)[:N],
        "decimals": ("1.5 " * N)[:N],
        "a short word": ("the " * N)[:N],
        "words and spaces": ("said   " * N)[:N],
        "mojibake": ("Ã©" * N)[:N],
        "replacement chars": "\ufffd" * N,
        "zero-width": ("a\u200b" * N)[:N],
        "hash marks": "#" * N,
    }
    out = {}
    for name, s in runs.items():
        out[name] = s
        out[f"{name}, then a stop"] = s[: N - 1] + "\x01"
    return out


def _modules() -> list[object]:
    mods = []
    for info in pkgutil.walk_packages(checker.__path__, "checker."):
        mods.append(importlib.import_module(info.name))
    return [checker, *mods]


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _patterns_in(v, depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for v in value.values():
            yield from _patterns_in(v, depth + 1)


def _attribute_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for mod in _modules():
        name = getattr(mod, "__name__", "?")
        for attr, value in vars(mod).items():
            for p in _patterns_in(value):
                yield f"{name}.{attr}", p
            if inspect.isclass(value) and getattr(value, "__module__", None) == name:
                for cattr, cvalue in vars(value).items():
                    for p in _patterns_in(cvalue):
                        yield f"{name}.{attr}.{cattr}", p


def _builder_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Patterns the lru-cached builders make from the bundled lexicon."""
    from checker.lexicon import load_lexicon

    lex = load_lexicon()
    seen = 0
    for mod in _modules():
        for attr, fn in vars(mod).items():
            if not (callable(fn) and hasattr(fn, "cache_info") and hasattr(fn, "__wrapped__")):
                continue
            if getattr(fn, "__module__", None) != getattr(mod, "__name__", None):
                continue
            params = list(inspect.signature(fn.__wrapped__).parameters)
            if params == ["lex"]:
                result = fn(lex)
            else:
                continue
            for p in _patterns_in(result):
                seen += 1
                yield f"{mod.__name__}.{attr}()", p
    assert seen >= 8, "the lexicon pattern builders were not found"


def _yaml_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Every string of a regular-expression list in checker/data/*.yaml that compiles."""
    for path in sorted((PACKAGE / "data").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        stack: list[tuple[str, object]] = [(path.name, data)]
        while stack:
            where, value = stack.pop()
            if isinstance(value, dict):
                stack.extend((f"{where}:{k}", v) for k, v in value.items())
            elif isinstance(value, list):
                stack.extend((where, v) for v in value)
            elif isinstance(value, str):
                try:
                    yield where, re.compile(value, re.I)
                except re.error:
                    continue


_RE_FUNCS = {
    "compile",
    "search",
    "match",
    "fullmatch",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
}
_FLAG_AT = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2}
_FLAG_AT |= {"split": 3, "sub": 4, "subn": 4}


def _literal_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """Literal patterns passed to ``re`` functions anywhere in the source (inside functions
    too, where no module attribute holds them)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                continue
            flags_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
            at = _FLAG_AT[node.func.attr]
            if flags_node is None and len(node.args) > at:
                flags_node = node.args[at]
            flags = 0
            if flags_node is not None:
                try:
                    flags = eval(compile(ast.Expression(flags_node), "<flags>", "eval"), {"re": re})
                except NameError:
                    flags = 0
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            yield where, re.compile(node.args[0].value, flags)


@pytest.fixture(scope="module")
def runtime_patterns(seed_dir, offline_backend) -> list[tuple[str, re.Pattern[str]]]:
    """Every pattern the package compiles while it diffs and checks the seed story (f-string
    patterns inside functions included): ``re``'s compile step, watched for callers in checker."""
    from checker.pipeline import load_sources, run_check, run_diff
    from checker.sources import load_draft

    found: dict[tuple[str, int], str] = {}
    original = re._compile  # type: ignore[attr-defined]

    def watching(pattern, flags):  # type: ignore[no-untyped-def]
        compiled = original(pattern, flags)
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__") == "re":
            frame = frame.f_back
        caller = frame.f_globals.get("__name__", "") if frame is not None else ""
        if caller.startswith("checker") and isinstance(compiled.pattern, str):
            key = (compiled.pattern, compiled.flags)
            found.setdefault(key, f"{caller}:{frame.f_lineno} (at run time)")
        return compiled

    re.purge()
    re._compile = watching  # type: ignore[attr-defined]
    try:
        articles = load_sources([seed_dir], 5_000_000)
        run_diff(run_context(), articles, offline_backend)
        draft = sorted(seed_dir.glob("*.txt"))[0]
        run_check(run_context(), load_draft(draft), articles[1:], offline_backend)
    finally:
        re._compile = original  # type: ignore[attr-defined]
    return [(where, re.compile(p, f)) for (p, f), where in found.items()]


def all_patterns(runtime: list[tuple[str, re.Pattern[str]]]) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    for source in (
        _attribute_patterns(),
        _builder_patterns(),
        _yaml_patterns(),
        _literal_patterns(),
    ):
        for where, p in source:
            out.setdefault((p.pattern, p.flags), where)
    for where, p in runtime:
        out.setdefault((p.pattern, p.flags), where)
    return out


def _slowest(p: re.Pattern[str], s: str) -> tuple[float, str]:
    """The slowest of search, match and finditer on ``s``, trying a tenth and a third of it
    first: a pattern that is slow there is slow on the whole (and is named without waiting
    hours for it)."""
    for size in (N // 10, N // 3):
        took, op = _slowest_at(p, s[:size] if s[-1] != "\x01" else s[: size - 1] + "\x01")
        if took > LIMIT_S:
            return took, f"{op} ({size:,} characters)"
    return _slowest_at(p, s)


def _slowest_at(p: re.Pattern[str], s: str) -> tuple[float, str]:
    worst, op = 0.0, ""
    for name in ("search", "match", "finditer"):
        t = time.thread_time()
        if name == "finditer":
            for _ in p.finditer(s):
                pass
        else:
            getattr(p, name)(s)
        took = time.thread_time() - t
        if took > worst:
            worst, op = took, name
    return worst, op


def test_the_collection_finds_the_package_patterns(runtime_patterns):
    patterns = all_patterns(runtime_patterns)
    wheres = " ".join(patterns.values())
    assert "checker.sources.noise._TEASER_END" in wheres
    assert "checker.rules.registry._bodies_pattern()" in wheres
    assert "noise.yaml:boilerplate" in wheres
    assert "(at run time)" in wheres
    assert len(patterns) > 150


def test_no_pattern_backtracks_on_hostile_text(runtime_patterns):
    strings = adversarial()
    assert all(len(s) == N for s in strings.values())
    slow = []
    for (pattern, flags), where in sorted(
        all_patterns(runtime_patterns).items(), key=lambda kv: kv[1]
    ):
        p = re.compile(pattern, flags)
        for label, s in strings.items():
            took, op = _slowest(p, s)
            if took > LIMIT_S:
                took, op = _slowest(p, s)  # once more: a busy machine, not the pattern
            if took > LIMIT_S:
                slow.append(f"{where}: {op} on {label}: {took:.2f} s  /{pattern[:80]}/")
                break  # one string is enough to name the pattern
    assert not slow, "patterns that backtrack:\n" + "\n".join(slow)
