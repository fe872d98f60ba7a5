"""Connect the stages: sources → extract → ground → normalize/compare → report."""

from __future__ import annotations

import contextlib
import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from checker import __version__
from checker.align import no_collection_pauses
from checker.budget import Budget, Deadline
from checker.check import check_story
from checker.compare import compare_story, story_findings
from checker.context import RunContext
from checker.errors import CheckerError, ConfigError, InputError, SourceTimeoutError
from checker.extract import Backend
from checker.extract.sentences import Sentence, article_sentences
from checker.fetch import Page, is_url
from checker.ground import ground, recover
from checker.lexicon import Lexicon
from checker.matrix import build_matrix, draft_first
from checker.models import (
    SEVERITY_ORDER,
    Article,
    CheckReport,
    Fact,
    Finding,
    Matrix,
    Meta,
    Report,
    SourceReport,
    Usage,
)
from checker.settings import Settings
from checker.sources import (
    article_from_text,
    discover,
    load_article,
    looks_like_html,
    source_ids,
    suppressed_ids,
)
from checker.story import build_story
from checker.terms import find_terms

Progress = Callable[[str, int, int], None]


@dataclass
class Assist:
    """Narrow LLM jobs for a run (see :mod:`checker.assist`): which, and the client that asks."""

    jobs: tuple[str, ...]
    client: Any  # checker.extract.jobs.JobClient (imported only when a model is configured)


def llm_jobs(settings: Settings) -> tuple[str, ...]:
    """The jobs a configured model does: the configured set, else the measured default."""
    from checker.assist import DEFAULT_LLM_JOBS

    if settings.llm is None:
        return ()
    return settings.llm_jobs if settings.llm_jobs is not None else DEFAULT_LLM_JOBS


def select_assist(
    settings: Settings,
    use_cache: bool = True,
    recordings: Path | None = None,
    mode: str = "replay",
) -> Assist | None:
    """The narrow jobs to run beside extraction, or None (no model, or no job chosen)."""
    jobs = tuple(j for j in llm_jobs(settings) if j != "extract")
    if not jobs or settings.llm is None:
        return None
    from checker.extract.jobs import JobClient

    client = JobClient(
        settings.llm,
        cache_dir=settings.cache_dir,
        use_cache=use_cache,
        recordings=recordings,
        mode="record" if mode == "record" else "replay",
    )
    return Assist(jobs=jobs, client=client)


def select_backend(
    name: str, settings: Settings, use_cache: bool = True, max_tokens_total: int | None = None
) -> Backend:
    """The extraction backend for ``--backend``: auto, offline or llm.

    Raises:
        ConfigError: ``llm`` was asked for but no model is configured.
    """
    if name == "llm" or (name == "auto" and "extract" in llm_jobs(settings)):
        if settings.llm is None:
            raise ConfigError(
                "--backend llm needs a model: set CHECKER_LLM_MODEL (and CHECKER_LLM_BASE_URL "
                "for a local server); see `checker --help`"
            )
        from checker.extract.llm import LLMBackend

        return LLMBackend(
            settings.llm,
            cache_dir=settings.cache_dir,
            use_cache=use_cache,
            max_tokens_total=max_tokens_total,
        )
    if name not in ("auto", "offline"):
        raise ConfigError(f"unknown backend {name!r} (auto, offline or llm)")
    from checker.extract.offline import OfflineBackend

    return OfflineBackend()


def load_sources(
    paths: Sequence[str | Path],
    max_bytes: int,
    minimum: int = 2,
    unreadable: list[SourceReport] | None = None,
    fetch: Callable[[str], Page] | None = None,
    order: list[str] | None = None,
    budget: Budget | None = None,
    progress: Progress | None = None,
) -> list[Article]:
    """Load every source, in the order the paths give them (a folder's files by name); at least
    ``minimum`` must be readable (two to compare).

    With ``order`` given, every source's id is appended to it in that order, readable or not:
    the order a report lists sources in (see :func:`in_source_order`).

    ``budget`` gives each source its time (a source over it is unreadable, as below);
    ``progress`` hears "load: SOURCE" with how many sources are done.

    With ``unreadable`` given, a file that cannot be read as an article (empty, binary, not
    text, too large, no story text) is appended there as a failed source instead of stopping
    the run (the report names it and the run exits 3), and a second copy of one story text (a
    wire story republished) is set aside there with a warning.

    Raises:
        InputError: a path is missing, a folder holds no articles, a file cannot be read (when
            ``unreadable`` is None), or fewer than ``minimum`` readable sources remain.
        SourceTimeoutError: a source ran out of time (when ``unreadable`` is None).
    """
    links = [str(p) for p in paths if is_url(str(p))]
    files = discover([p for p in paths if not is_url(str(p))])
    if links and fetch is None:
        raise InputError(f"{links[0]}: links are read by the command line, not here")
    ids = source_ids(files)
    link_ids = _link_ids(links, set(ids))
    loaders: list[tuple[str, str, Callable[[Deadline | None], Article]]] = []
    for f, i in zip(files, ids, strict=True):
        loaders.append((str(f), i, functools.partial(load_article, f, i, max_bytes)))
    for u, i in zip(links, link_ids, strict=True):
        loaders.append((u, i, functools.partial(_load_link, u, i, fetch)))
    loaders.sort(key=_argument_position(paths))
    if order is not None:
        order.extend(i for _, i, _ in loaders)
    articles: list[Article] = []
    for k, (where, i, load) in enumerate(loaders):
        if progress:
            progress(f"load: {i}", k, len(loaders))
        deadline = budget.deadline(i) if budget is not None else None
        try:
            with deadline.stage("loading") if deadline else contextlib.nullcontext():
                articles.append(load(deadline))
        except (InputError, SourceTimeoutError) as e:
            if unreadable is None:
                raise
            unreadable.append(
                SourceReport(
                    id=i, path=where, status="failed", error=str(e), warning=None, usage=None
                )
            )
    seen: dict[str, Article] = {}
    distinct: list[Article] = []
    copies: list[tuple[Article, Article]] = []
    for a in articles:
        key = " ".join(a.body_text().split()).lower()
        if key in seen:
            copies.append((a, seen[key]))
        else:
            seen[key] = a
            distinct.append(a)
    if copies and (unreadable is None or len(distinct) < minimum):
        a, first = copies[0]
        raise InputError(f"{a.path} and {first.path} have the same story text: nothing to compare")
    for a, first in copies:
        assert unreadable is not None
        unreadable.append(
            SourceReport(
                id=a.id,
                path=a.path,
                title=a.title,
                outlet=a.outlet,
                published=a.published,
                status="ok",
                warning=f"same story text as {first.id}: left out of the comparison",
                usage=None,
            )
        )
    articles = distinct
    if len(articles) < minimum:
        failed = "; ".join(r.error or r.id for r in unreadable or [])
        if articles:
            why = f"need at least two readable sources to compare, got one ({articles[0].path})"
        else:
            why = "no readable source"
        raise InputError(why + (f"; unreadable: {failed}" if failed else ""))
    return articles


def _argument_position(
    paths: Sequence[str | Path],
) -> Callable[[tuple[str, str, Callable[[Deadline | None], Article]]], int]:
    """Sorts loaders by the position of the path or link they came from (stable within one)."""
    position: dict[str, int] = {}
    for k, raw in enumerate(paths):
        if is_url(str(raw)):
            position.setdefault(str(raw), k)
        else:
            for f in discover([raw]):
                position.setdefault(str(f.resolve()), k)

    def key(loader: tuple[str, str, Callable[[Deadline | None], Article]]) -> int:
        where = loader[0]
        return position.get(where if is_url(where) else str(Path(where).resolve()), len(paths))

    return key


def in_source_order(
    findings: list[Finding], matrix: Matrix | None, order: Sequence[str]
) -> tuple[list[Finding], Matrix | None]:
    """Every finding's values and ``missing_from``, and the matrix's columns, in the sources'
    order (the command line's), as the Sources table lists them. Ids do not change."""
    rank = {s: k for k, s in enumerate(order)}

    def at(source: str) -> int:
        return rank.get(source, len(rank))

    out = [
        f.model_copy(
            update={
                "values": sorted(f.values, key=lambda v: (at(v.source), v.start or 0)),
                "missing_from": sorted(f.missing_from, key=at),
            }
        )
        for f in findings
    ]
    if matrix is None:
        return out, None
    columns = sorted(matrix.columns, key=at)
    rows = [
        r.model_copy(update={"cells": sorted(r.cells, key=lambda c: at(c.source))})
        for r in matrix.rows
    ]
    profiles = {c: matrix.profiles[c] for c in columns if c in matrix.profiles}
    return out, matrix.model_copy(update={"columns": columns, "rows": rows, "profiles": profiles})


def _link_ids(links: list[str], taken: set[str]) -> list[str]:
    """Source ids for links: the host and the last part of the path ('valleypost-bridge-to-reopen')."""
    out = []
    for url in links:
        parts = urlsplit(url)
        host = re.sub(r"^www\.", "", parts.hostname or "link")
        host = host.rsplit(".", 1)[0] if host.count(".") >= 1 and not host[0].isdigit() else host
        last = next((seg for seg in reversed(parts.path.split("/")) if seg), "")
        base = re.sub(r"[^a-z0-9]+", "-", f"{host}-{last.rsplit('.', 1)[0]}".lower()).strip("-")[
            :60
        ]
        sid, n = base or "link", 2
        while sid in taken:
            sid, n = f"{base}-{n}", n + 1
        taken.add(sid)
        out.append(sid)
    return out


def _load_link(
    url: str, source_id: str, fetch: Callable[[str], Page] | None, deadline: Deadline | None
) -> Article:
    assert fetch is not None
    page = fetch(url)
    html = "html" in page.content_type or looks_like_html(urlsplit(page.final_url).path, page.text)
    host = urlsplit(page.final_url).hostname or urlsplit(url).hostname or url
    return article_from_text(
        page.text,
        url,
        source_id,
        html=html,
        outlet=re.sub(r"^www\.", "", host),
        stem=source_id,
        deadline=deadline,
    )


@dataclass
class _Extracted:
    """Grounded facts per article (or its error) and what it cost."""

    facts: dict[str, list[Fact] | CheckerError]
    dropped: Counter[str] = field(default_factory=Counter)
    usage: Usage = field(default_factory=Usage)
    per_source: dict[str, Usage] = field(default_factory=dict)
    recovered: int = 0
    timings: dict[str, float] = field(default_factory=lambda: {"extract": 0.0, "ground": 0.0})
    jobs: dict[str, str] = field(default_factory=dict)


def _deadline(budget: Budget | None, source_id: str) -> Deadline:
    """A source's deadline from the run's budget; without a budget, one that never runs out
    (it still carries the progress of long stages)."""
    return budget.deadline(source_id) if budget is not None else Deadline(source_id, None)


def _grounded_facts(
    ctx: RunContext,
    articles: list[Article],
    backend: Backend,
    progress: Progress | None,
    budget: Budget | None = None,
) -> _Extracted:
    """Extract, ground, fill gaps from the offline extractor and add lexicon terms, per article;
    an article over its time budget fails (its error in place of its facts)."""
    out = _Extracted(facts={})
    lex = ctx.lexicon
    extracted = _extract_all(ctx, articles, backend, progress, budget)
    fallback = _fallback_backend(backend)
    for article in articles:
        result = extracted[article.id]
        if isinstance(result, CheckerError):
            out.facts[article.id] = result
            continue
        extraction, seconds = result
        out.timings["extract"] += seconds
        out.per_source[article.id] = extraction.usage
        for k, v in extraction.usage.model_dump().items():
            setattr(out.usage, k, getattr(out.usage, k) + v)
        t = ctx.clock()
        deadline = _deadline(budget, article.id)
        try:
            with deadline.stage("grounding"):
                grounded = ground(article, extraction.facts)
                article_facts = grounded.facts
                if fallback is not None:
                    offline = fallback.extract(article, lex, deadline)
                    article_facts, n = recover(article_facts, ground(article, offline.facts).facts)
                    out.recovered += n
                out.facts[article.id] = article_facts + find_terms(lex, article)
        except SourceTimeoutError as e:
            out.facts[article.id] = e
            continue
        finally:
            out.timings["ground"] += ctx.clock() - t
        out.dropped.update(grounded.dropped)
    return out


def _source_results(
    articles: list[Article], ex: _Extracted
) -> tuple[list[SourceReport], list[Article], list[Fact]]:
    """Per-source reports, the articles that were processed, and all their facts."""
    reports: list[SourceReport] = []
    ok: list[Article] = []
    facts: list[Fact] = []
    for article in articles:
        result = ex.facts[article.id]
        if isinstance(result, CheckerError):
            reports.append(_source_report(article, error=str(result)))
            continue
        reports.append(_source_report(article, facts=result, usage=ex.per_source.get(article.id)))
        ok.append(article)
        facts.extend(result)
    return reports, ok, facts


def _cost(backend: Backend, usage: Usage) -> float | None:
    settings = getattr(backend, "settings", None)
    p_in = getattr(settings, "price_input", None)
    p_out = getattr(settings, "price_output", None)
    if p_in is None and p_out is None:
        return None
    return round(
        (usage.prompt_tokens * (p_in or 0) + usage.completion_tokens * (p_out or 0)) / 1e6, 6
    )


def _meta(backend: Backend, ex: _Extracted, command: str = "diff") -> Meta:
    return Meta(
        tool_version=__version__,
        command=command,  # type: ignore[arg-type]
        backend=backend.name,
        model=backend.model,
        prompt_hash=backend.prompt_hash,
        schema_hash=backend.schema_hash,
        dropped=dict(sorted(ex.dropped.items())),
        recovered=ex.recovered,
        usage=ex.usage,
        cost_usd=_cost(backend, ex.usage),
        timings={k: round(v, 4) for k, v in sorted(ex.timings.items())},
        llm_jobs=dict(sorted(ex.jobs.items())),
    )


def run_diff(
    ctx: RunContext,
    articles: list[Article],
    backend: Backend,
    progress: Progress | None = None,
    disabled_rules: Sequence[str] = (),
    unreadable: Sequence[SourceReport] = (),
    assist: Assist | None = None,
    order: Sequence[str] = (),
    budget: Budget | None = None,
) -> Report:
    """Extract, ground and compare ``articles``; sources that fail are reported, not fatal.

    Sources are listed, and every finding's values and the matrix's columns ordered, as
    ``order`` gives them (source ids, from :func:`load_sources`), else as ``articles`` come
    with the ``unreadable`` after them.

    ``ctx`` is the run's context: the lexicon every stage reads (extraction, normalization,
    alignment, the rules), its caches and its clock; ``unreadable`` are sources that could not be read, listed in the report as failed;
    ``assist`` the narrow LLM jobs to run (a job that fails is named in the report's meta and
    the run goes on without its answers); ``budget`` the time each source may take (one over
    it fails, the others are compared); ``progress`` hears each stage ("extract: SOURCE",
    "align", "compare: RULE") with how far it is."""
    report = _run_diff(ctx, articles, backend, progress, disabled_rules, assist, budget)
    listed = [*report.sources, *unreadable]
    sequence = [*order, *(r.id for r in listed if r.id not in order)]
    rank = {sid: k for k, sid in enumerate(sequence)}
    merged = sorted(listed, key=lambda r: rank[r.id])  # stable: a set-aside copy after its id
    findings, matrix = in_source_order(report.findings, report.matrix, sequence)
    return report.model_copy(update={"sources": merged, "findings": findings, "matrix": matrix})


def _run_diff(
    ctx: RunContext,
    articles: list[Article],
    backend: Backend,
    progress: Progress | None,
    disabled_rules: Sequence[str],
    assist: Assist | None = None,
    budget: Budget | None = None,
) -> Report:
    t0 = ctx.clock()
    ex = _grounded_facts(ctx, articles, backend, progress, budget)
    reports, ok, facts = _source_results(articles, ex)
    off_topic = off_topic_sources(ctx.lexicon, ok, facts)
    for i, r in enumerate(reports):
        if r.id in off_topic:
            reports[i] = r.model_copy(update={"warning": off_topic[r.id]})
    ok = [a for a in ok if a.id not in off_topic]
    facts = [f for f in facts if f.source not in off_topic]
    t = ctx.clock()
    matrix = None
    findings: list[Finding] = []
    warnings: list[str] = []
    if len(ok) >= 2:
        if assist is None:
            story, findings = compare_story(ctx, ok, facts, disabled_rules, progress=progress)
        else:
            story, findings = _assisted(ctx, ok, facts, disabled_rules, assist, ex, progress)
        apart = unrelated_sources(story, ok)
        if apart:
            findings = kept_low(findings, apart)
            warnings.append(apart.warning)
        matrix = build_matrix(story, findings)
    ex.timings["compare"] = ctx.clock() - t - ex.timings.get("llm_jobs", 0.0)
    ex.timings["total"] = ctx.clock() - t0
    return Report(
        sources=reports,
        findings=findings,
        warnings=warnings,
        meta=_meta(backend, ex),
        matrix=matrix,
    )


def _ask(
    assist: Assist, ex: _Extracted, job: str, items: list[Any], text: str | None = None
) -> Any:
    """One job's answer, or None when it failed (named in the report's meta); what the call
    cost, returned with its answer (or its error), is added to the run's usage."""
    try:
        asked = assist.client.ask(job, items, text)
    except CheckerError as e:
        _add_usage(ex.usage, getattr(e, "usage", None) or Usage())
        ex.jobs[job] = f"failed: {e}"
        return None
    _add_usage(ex.usage, asked.usage)
    ex.jobs.setdefault(job, _ok(job))
    return asked.answer


def _add_usage(total: Usage, more: Usage) -> None:
    for k, v in more.model_dump().items():
        setattr(total, k, getattr(total, k) + v)


def _ok(job: str) -> str:
    """A job's outcome line starts with the hash of its prompt (as extraction's is in meta)."""
    from checker.extract.jobs import job_hash

    return f"ok; prompt {job_hash(job)}"


def _with_about(
    ctx: RunContext,
    articles: list[Article],
    facts: list[Fact],
    assist: Assist,
    ex: _Extracted,
    progress: Progress | None = None,
) -> list[Fact]:
    """The ``about`` job, one call per article: its grounded answers become alignment signals."""
    from checker import assist as jobs

    changed = 0
    for k, a in enumerate(articles):
        mine = [f for f in facts if f.source == a.id]
        items = jobs.about_items(ctx.lexicon, a, mine)
        if progress and items:
            progress(f"llm about: {a.id}", k, len(articles))
        answer = _ask(assist, ex, "about", items, a.body_text()) if items else None
        if answer is not None:
            updated, n = jobs.apply_about(a, mine, items, answer)
            changed += n
            facts = [f for f in facts if f.source != a.id] + updated
    ex.jobs.setdefault("about", _ok("about"))
    ex.jobs["about"] += f"; {changed} signal(s) used"
    return facts


def _job_time(ctx: RunContext, ex: _Extracted, started: float) -> None:
    ex.timings["llm_jobs"] = ex.timings.get("llm_jobs", 0.0) + ctx.clock() - started


def _assisted(
    ctx: RunContext,
    articles: list[Article],
    facts: list[Fact],
    disabled_rules: Sequence[str],
    assist: Assist,
    ex: _Extracted,
    progress: Progress | None = None,
) -> tuple[Any, list[Finding]]:
    """Compare with the narrow jobs' answers: ``about`` before alignment, ``same_thing`` on the
    pairs alignment left undecided, ``quote_meaning`` and ``actor`` on the findings."""
    from checker import assist as jobs

    t = ctx.clock()
    if "about" in assist.jobs:
        facts = _with_about(ctx, articles, facts, assist, ex, progress)
    t_compare = ctx.clock()
    story, findings = compare_story(ctx, articles, facts, disabled_rules)
    compared = ctx.clock() - t_compare
    if "same_thing" in assist.jobs:
        items = jobs.undecided_pairs(story.undecided, {a.id: a.text for a in articles})
        if progress and items:
            progress(f"llm same_thing: {len(items)} pair(s)", 0, 1)
        answer = _ask(assist, ex, "same_thing", items) if items else None
        joins = jobs.apply_same(items, answer) if answer is not None else {}
        if joins:
            story, findings = compare_story(ctx, articles, facts, disabled_rules, joins=joins)
        ex.jobs.setdefault("same_thing", _ok("same_thing"))
        ex.jobs["same_thing"] += f"; {len(joins)} value(s) joined"
    for job, rules in (("quote_meaning", jobs.QUOTE_RULES), ("actor", jobs.ACTOR_RULES)):
        if job not in assist.jobs:
            continue
        items = jobs.finding_pairs(ctx.lexicon, findings, rules)
        if progress and items:
            progress(f"llm {job}: {len(items)} pair(s)", 0, 1)
        answer = _ask(assist, ex, job, items) if items else None
        lowered = 0
        if answer is not None:
            findings, lowered = jobs.apply_meaning(findings, items, answer)
        ex.jobs.setdefault(job, _ok(job))
        ex.jobs[job] += f"; {lowered} finding(s) lowered"
    _job_time(ctx, ex, t)
    ex.timings["llm_jobs"] -= compared
    return story, findings


OFF_TOPIC_SHARE = 0.1

# Two sources share an event when the aligned facts they have in common (one person, place,
# cited body or quotation's speaker; or figures or dates of one slot that can both hold) are at
# least one and SHARED_SHARE of the facts the smaller of them states, and they were not published
# more than DAYS_APART days apart. Measured on the corpus and both development sets: every source
# of a story shares at least 25% with one other source of its story (two one-line reports of one
# fire share 1 of 2); a source of another story shares at most 1 of 8 or more (12%), and this
# repository's README and CHANGELOG 5 of 67 (7%). A statement's date, a percentage and a date of
# no known event are too common to count.
SHARED_SHARE = 0.2
DAYS_APART = 90
# A source stating fewer facts than this is too short to judge (a one-line report): it is left
# out of the grouping and never named.
MIN_FACTS = 5
_TOO_COMMON = {("date", "statement"), ("date", "other"), ("quote", ""), ("quantity", "percent")}


@dataclass(frozen=True)
class Unrelated:
    """Sources that share no event with the main story: which, why, and the groups sources
    fall in (a disagreement across two groups is not one of fact)."""

    sources: tuple[str, ...]
    group: dict[str, int]
    warning: str

    def __bool__(self) -> bool:
        return bool(self.sources)


def unrelated_sources(story: Any, articles: list[Article]) -> Unrelated:
    """The sources that share no event with the others (see SHARED_SHARE and DAYS_APART).

    Sources are linked pairwise when they share an event, and fall into groups of linked
    sources (one too short to judge, see MIN_FACTS, is in none); the largest group (on a tie, the one with the source given first) is the story,
    and every source outside it is named. Two sources that share nothing are both named."""
    ids = [a.id for a in articles]
    published = {a.id: a.published for a in articles}
    own: dict[str, set[str]] = {sid: set() for sid in ids}
    common: Counter[tuple[str, str]] = Counter()
    for kind, slots in story.slots.items():
        for key, norms in slots.items():
            if (kind, key) in _TOO_COMMON or kind == "claim":
                continue
            per: dict[str, list[Any]] = {}
            for n in norms:
                per.setdefault(n.fact.source, []).append(n)
            for sid in per:
                if sid in own:
                    own[sid].add(f"{kind}:{key}")
            holders = sorted(per)
            for i, a in enumerate(holders):
                for b in holders[i + 1 :]:
                    if kind not in ("quantity", "date") or any(
                        _can_both_hold(x, y) for x in per[a] for y in per[b]
                    ):
                        common[(a, b)] += 1
    ids = [sid for sid in ids if len(own[sid]) >= MIN_FACTS]
    if len(ids) < 2:
        return Unrelated((), {}, "")
    parent = {sid: sid for sid in ids}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for (a, b), n in common.items():
        if a not in parent or b not in parent:
            continue  # too short to judge
        da, db = published.get(a), published.get(b)
        if da and db and abs((da - db).days) > DAYS_APART:
            continue
        if n >= SHARED_SHARE * max(1, min(len(own[a]), len(own[b]))):
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for sid in ids:
        groups.setdefault(root(sid), []).append(sid)
    if len(groups) == 1:
        return Unrelated((), {}, "")
    ranked = sorted(groups.values(), key=lambda g: (-len(g), ids.index(g[0])))
    number = {sid: k for k, g in enumerate(ranked) for sid in g}
    main = ranked[0] if len(ranked[0]) > 1 else []
    apart = tuple(sid for sid in ids if sid not in main)
    dated = sorted(d for sid, d in published.items() if d and sid in parent)
    why = "too few facts in common"
    if dated and (dated[-1] - dated[0]).days > DAYS_APART:
        why += f", or published far apart: {dated[0]} to {dated[-1]}"
    who = ", ".join(apart)
    if main:
        verb = "shares" if len(apart) == 1 else "share"
        line = f"{who} {verb} no event with the other sources ({why})"
    else:
        line = f"{who} share no event with one another ({why})"
    return Unrelated(
        apart,
        number,
        line + ": probably other stories; their disagreements are kept at low",
    )


def _can_both_hold(a: Any, b: Any) -> bool:
    try:
        return bool(a.value.overlaps(b.value))
    except (AttributeError, TypeError):
        return bool(a.value == b.value)


def _differ_within(f: Finding, group: int | None, apart: Unrelated) -> bool:
    """Whether two sources of one group give different values in a finding (a disagreement of
    fact inside one story, whatever an unrelated story beside it says)."""
    mine = [v for v in f.values if apart.group.get(v.source) == group]
    return len({v.source for v in mine}) > 1 and len({v.normalized or v.text for v in mine}) > 1


def kept_low(findings: list[Finding], apart: Unrelated) -> list[Finding]:
    """Findings whose values come from sources of different groups (see
    :func:`unrelated_sources`) at most low: two stories that disagree are not a contradiction.
    A disagreement between sources of one group keeps its severity."""
    out = []
    for f in findings:
        groups = {apart.group[v.source] for v in f.values if v.source in apart.group}
        if (
            len(groups) > 1
            and SEVERITY_ORDER[f.severity] > SEVERITY_ORDER["low"]
            and not any(_differ_within(f, g, apart) for g in groups)
        ):
            f = f.model_copy(
                update={
                    "severity": "low",
                    "message": f.message + " (sources that share no event: kept at low)",
                }
            )
        out.append(f)
    return sorted(out, key=lambda f: -SEVERITY_ORDER[f.severity])  # stable: rank order kept


def off_topic_sources(lex: Lexicon, articles: list[Article], facts: list[Fact]) -> dict[str, str]:
    """Sources that share almost no people, places or figures with the others.

    Such a source is about another story: comparing it would only flood the report with
    "only in one source". Returns source id -> the reason, for the report.
    """
    from checker.normalize.facts import normalize_facts

    if len(articles) < 3:
        return {}
    keys: dict[str, set[str]] = {a.id: set() for a in articles}
    for n in normalize_facts(lex, articles, facts):
        if n.fact.kind in ("person", "place", "quantity", "attribution"):
            keys[n.fact.source].add(f"{n.fact.kind}:{n.key}")
    out = {}
    for sid, mine in keys.items():
        others = set().union(*(k for s, k in keys.items() if s != sid))
        if len(mine) >= 4 and len(mine & others) / len(mine) < OFF_TOPIC_SHARE:
            out[sid] = (
                f"shares {len(mine & others)} of its {len(mine)} people, places and figures with "
                "the other sources: probably another story; left out of the comparison"
            )
    return out


def run_check(
    ctx: RunContext,
    draft: Article,
    sources: list[Article],
    backend: Backend,
    progress: Progress | None = None,
    disabled_rules: Sequence[str] = (),
    baseline: set[str] | None = None,
    unreadable: Sequence[SourceReport] = (),
    assist: Assist | None = None,
    order: Sequence[str] = (),
    budget: Budget | None = None,
) -> CheckReport:
    """Check ``draft`` against ``sources``; ids suppressed inline or by ``baseline`` are left out,
    and so are the findings of ``disabled_rules``. ``unreadable`` sources are listed as such;
    sources come in ``order`` (ids, the command line's), else as given; ``budget`` is the time
    each source (the draft too) may take.

    Raises:
        CheckerError: the draft itself could not be extracted (or ran out of time).
    """
    t0 = ctx.clock()
    ex = _grounded_facts(ctx, [draft, *sources], backend, progress, budget)
    draft_result = ex.facts[draft.id]
    if isinstance(draft_result, CheckerError):
        raise draft_result
    reports, ok, facts = _source_results(sources, ex)
    if assist is not None and "about" in assist.jobs:
        # the figures' signals for the draft and its sources (the other jobs judge a diff's
        # findings and do not apply to a check)
        t_jobs = ctx.clock()
        both = _with_about(ctx, [draft, *ok], draft_result + facts, assist, ex, progress)
        draft_result = [f for f in both if f.source == draft.id]
        facts = [f for f in both if f.source != draft.id]
        _job_time(ctx, ex, t_jobs)
    t = ctx.clock()
    sentences = _sentences(draft, ok)
    with no_collection_pauses():
        if progress:
            progress(f"align: {len(draft_result) + len(facts):,} facts", 0, 1)
        # one story, aligned once: the draft's claims are classified in it and the fact matrix
        # is drawn from it (the diff's rules mark how the sources stand to one another there)
        story = build_story(ctx, [draft, *ok], draft_result + facts)
        if progress:
            progress(f"compare: the draft's {len(draft_result):,} facts", 0, 1)
        findings = check_story(draft, story, disabled_rules, sentences)
        side_by_side = story_findings(story, (), progress)
    listed = [*reports, *unreadable]
    sequence = [*order, *(r.id for r in listed if r.id not in order)]
    _, grid = in_source_order([], build_matrix(story, side_by_side), [draft.id, *sequence])
    assert grid is not None
    matrix = draft_first(grid, draft.id, findings)
    ex.timings["compare"] = ctx.clock() - t
    skip = suppressed_ids(draft.text) | (baseline or set())
    kept = [f for f in findings if f.id not in skip]
    suppressed = sorted(f.id for f in findings if f.id in skip)
    ex.timings["total"] = ctx.clock() - t0
    return CheckReport(
        draft=_source_report(draft, facts=draft_result, usage=ex.per_source.get(draft.id)),
        sources=sorted(listed, key=lambda r: sequence.index(r.id)),
        findings=kept,
        suppressed=suppressed,
        meta=_meta(backend, ex, "check"),
        matrix=matrix,
    )


def _sentences(
    draft: Article, sources: list[Article]
) -> tuple[list[Sentence], list[Sentence]] | None:
    """The draft's and the sources' sentences parsed for the sentence check (spaCy's English
    pipeline; without it, the check runs on the extracted claims alone)."""
    from checker.errors import ModelNotInstalledError
    from checker.extract.offline import load_nlp

    try:
        nlp = load_nlp()
    except ModelNotInstalledError:
        return None
    theirs = [s for a in sources for s in article_sentences(a, nlp)]
    return article_sentences(draft, nlp), theirs


def _fallback_backend(backend: Backend) -> Backend | None:
    """For a model backend: the offline extractor, whose certain finds fill the model's gaps."""
    if backend.name == "offline":
        return None
    from checker.errors import ModelNotInstalledError
    from checker.extract.offline import OfflineBackend

    try:
        return OfflineBackend()
    except ModelNotInstalledError:
        return None


def _source_report(
    article: Article,
    facts: list[Fact] | None = None,
    error: str | None = None,
    usage: Usage | None = None,
) -> SourceReport:
    return SourceReport(
        id=article.id,
        path=article.path,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        provenance=article.provenance,
        status="failed" if error else "ok",
        warning=None,
        error=error,
        usage=usage if usage is not None and (usage.calls or usage.cache_hits) else None,
        facts=facts or [],
    )


def _extract_all(
    ctx: RunContext,
    articles: list[Article],
    backend: Backend,
    progress: Progress | None,
    budget: Budget | None = None,
) -> dict[str, Any]:
    """Run the backend over every article; a backend may offer a concurrent ``extract_many``.

    ``progress`` hears "extract: SOURCE (k/n)" with the paragraphs done of that source."""
    many = getattr(backend, "extract_many", None)
    if many is not None:
        return many(articles, progress)
    out: dict[str, Any] = {}
    for i, article in enumerate(articles):
        t = ctx.clock()
        deadline = _deadline(budget, article.id)
        label = f"extract: {article.id} ({i + 1}/{len(articles)})"
        if progress:
            progress(label, 0, len(article.body))
            deadline.report = functools.partial(progress, label)
        try:
            with deadline.stage("extracting"):
                out[article.id] = (
                    backend.extract(article, ctx.lexicon, deadline),
                    ctx.clock() - t,
                )
        except CheckerError as e:
            out[article.id] = e
        finally:
            deadline.report = None
    return out
