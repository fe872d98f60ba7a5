"""Links as sources, against a local HTTP server (never the internet): redirects, errors, a slow
server, a huge body, a body that is not a page, a page with no article, and the page cache.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.errors import InputError
from checker.fetch import USER_AGENT, Fetcher, PageCache

PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="og:site_name" content="{site}"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{title}</h1>
<p>A fire at the Harlow depot killed {n} people on Monday, the county fire service said.</p>
<p>Crews from three stations fought the blaze for six hours before it was brought under control.</p>
</article><footer>Copyright 2025 {site}</footer></body></html>"""

# loopback only: everything else stays blocked for this file as for the rest of the suite
pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

ROUTES: dict[str, tuple[int, dict[str, str], bytes, float]] = {
    "/valley/depot-fire.html": (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        PAGE.format(title="Depot fire kills 12", site="Valley Post", n=12).encode(),
        0,
    ),
    "/coast/fire.html": (
        200,
        {"Content-Type": "text/html"},
        PAGE.format(title="Fire kills 19 at depot", site="Coast Herald", n=19).encode(),
        0,
    ),
    "/moved": (302, {"Location": "/coast/fire.html", "Set-Cookie": "session=abc; Path=/"}, b"", 0),
    "/missing": (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>", 0),
    "/broken": (500, {"Content-Type": "text/html"}, b"<h1>Server error</h1>", 0),
    "/slow": (
        200,
        {"Content-Type": "text/html"},
        PAGE.format(title="Slow", site="Slow", n=1).encode(),
        2.0,
    ),
    "/huge": (200, {"Content-Type": "text/html"}, b"<p>" + b"word " * 1_300_000 + b"</p>", 0),
    "/photo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, 0),
    "/menu.html": (
        200,
        {"Content-Type": "text/html"},
        b"<html><body><nav><a href='/a'>Home</a> <a href='/b'>Sport</a></nav></body></html>",
        0,
    ),
}


@pytest.fixture
def server():
    hits: Counter[str] = Counter()
    seen_headers: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits[self.path] += 1
            seen_headers.append(dict(self.headers))
            status, headers, body, delay = ROUTES.get(self.path, (404, {}, b"", 0))
            time.sleep(delay)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield base, hits, seen_headers
    httpd.shutdown()
    httpd.server_close()


def _diff(*args: str, cache) -> tuple[int, dict]:
    out = cache / "report.json"
    result = CliRunner().invoke(
        cli,
        ["diff", *args, "--format", "json", "-o", str(out), "--no-progress"],
        env={"CHECKER_CACHE_DIR": str(cache), "CHECKER_LLM_MODEL": ""},
        catch_exceptions=False,
    )
    return result.exit_code, (
        json.loads(out.read_text()) if out.exists() else {"output": result.output}
    )


def test_links_are_compared_and_a_second_run_reads_the_cache(server, tmp_path):
    base, hits, headers = server
    code, report = _diff(f"{base}/valley/depot-fire.html", f"{base}/moved", cache=tmp_path)
    assert code == 1  # 12 against 19: a high conflict
    sources = {s["id"]: s for s in report["sources"]}
    assert set(sources) == {"127-0-0-1-depot-fire", "127-0-0-1-moved"}
    assert sources["127-0-0-1-depot-fire"]["outlet"] == "Valley Post"
    assert sources["127-0-0-1-depot-fire"]["provenance"]["outlet"] == "page metadata"
    assert any(f["rule"] == "number/conflict" for f in report["findings"])
    assert hits["/moved"] == 1 and hits["/coast/fire.html"] == 1  # the redirect was followed
    assert all(h.get("User-Agent") == USER_AGENT for h in headers)
    assert not any(
        "Cookie" in h for h in headers
    )  # the cookie set on the redirect is not sent back
    before = sum(hits.values())
    code, _ = _diff(f"{base}/valley/depot-fire.html", f"{base}/moved", cache=tmp_path)
    assert code == 1 and sum(hits.values()) == before  # no request at all


def test_offline_reads_only_the_cache(server, tmp_path):
    base, hits, _ = server
    code, report = _diff(
        f"{base}/valley/depot-fire.html", f"{base}/coast/fire.html", "--offline", cache=tmp_path
    )
    assert code == 2 and "--offline forbids fetching" in report["output"]
    assert sum(hits.values()) == 0
    _diff(f"{base}/valley/depot-fire.html", f"{base}/coast/fire.html", cache=tmp_path)
    code, report = _diff(
        f"{base}/valley/depot-fire.html", f"{base}/coast/fire.html", "--offline", cache=tmp_path
    )
    assert code == 1 and [s["status"] for s in report["sources"]] == ["ok", "ok"]


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/missing", "HTTP 404"),
        ("/broken", "HTTP 500"),
        ("/huge", "over the"),
        ("/photo.png", "not a web page or text (image/png)"),
        ("/menu.html", "no story text"),
    ],
)
def test_a_link_that_cannot_be_read_is_a_failed_source(server, tmp_path, path, why):
    base, _, _ = server
    good = tmp_path / "local.txt"
    good.write_text(
        "A fire at the Harlow depot killed 12 people on Monday, the county fire service said.\n"
    )
    code, report = _diff(str(good), f"{base}/coast/fire.html", f"{base}{path}", cache=tmp_path)
    assert code == 3
    failed = [s for s in report["sources"] if s["status"] == "failed"]
    assert len(failed) == 1 and why in failed[0]["error"]
    assert any(f["rule"] == "number/conflict" for f in report["findings"])  # the other two compared


def test_a_slow_server_times_out(server, tmp_path):
    base, _, _ = server
    fetch = Fetcher(PageCache(tmp_path), max_bytes=5_000_000, timeout_s=0.3)
    with pytest.raises(InputError, match=r"no answer within 0\.3 s"):
        fetch(f"{base}/slow")
    assert PageCache(tmp_path).get(f"{base}/slow") is None  # nothing half-fetched is cached


def test_a_huge_body_is_cut_off_at_the_cap(server, tmp_path):
    base, _, _ = server
    fetch = Fetcher(None, max_bytes=10_000)
    with pytest.raises(InputError, match="10,000-byte limit"):
        fetch(f"{base}/huge")
