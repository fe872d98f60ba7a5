"""Links as sources: a page is fetched once, kept in the cache, and read from there afterwards.

One timeout, a size cap, a User-Agent that says what is asking, redirects followed, no cookies
kept or sent. A page that cannot be fetched is an :class:`InputError` naming the link and why;
the command turns it into a failed source, not a stopped run. ``offline=True`` forbids the
network: only cached pages are read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

from checker import __version__
from checker.errors import InputError
from checker.sources import decode

USER_AGENT = f"checker/{__version__} (news source comparison; fetches the pages it is given)"
TIMEOUT_S = 20.0
MAX_REDIRECTS = 5
# what a source page may be; anything else (images, PDFs, archives) is not an article
_TEXTUAL = re.compile(r"^(?:text/[\w.+-]+|application/(?:xhtml\+xml|xml))$")


def is_url(value: str) -> bool:
    """True for an http(s) link given where a file could be."""
    return bool(re.match(r"^https?://[^/\s]", value, re.I))


@dataclass(frozen=True)
class Page:
    url: str  # as given
    final_url: str  # after redirects
    content_type: str
    text: str  # decoded
    fetched_at: str  # ISO time, UTC


class PageCache:
    """Fetched pages, one JSON file per link under ``<cache dir>/pages``."""

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / "pages"

    def _file(self, url: str) -> Path:
        return self.path / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()}.json"

    def get(self, url: str) -> Page | None:
        try:
            data = json.loads(self._file(url).read_text(encoding="utf-8"))
            return Page(**data)
        except (OSError, ValueError, TypeError):
            return None

    def put(self, page: Page) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self._file(page.url).with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(page)), encoding="utf-8")
        tmp.replace(self._file(page.url))


class Fetcher:
    """Fetches links for one run (or reads them from the cache)."""

    def __init__(
        self,
        cache: PageCache | None,
        max_bytes: int,
        offline: bool = False,
        timeout_s: float = TIMEOUT_S,
    ) -> None:
        self.cache = cache
        self.max_bytes = max_bytes
        self.offline = offline
        self.timeout_s = timeout_s

    def __call__(self, url: str) -> Page:
        cached = self.cache.get(url) if self.cache else None
        if cached is not None:
            return cached
        if self.offline:
            raise InputError(f"{url}: not in the page cache, and --offline forbids fetching it")
        page = self._fetch(url)
        if self.cache is not None:
            self.cache.put(page)
        return page

    def _fetch(self, url: str) -> Page:
        import httpx

        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        try:
            with (
                httpx.Client(
                    follow_redirects=True,
                    max_redirects=MAX_REDIRECTS,
                    timeout=self.timeout_s,
                    headers={
                        "User-Agent": USER_AGENT,
                        "Accept": "text/html, text/plain;q=0.9, */*;q=0.1",
                    },
                    cookies=no_cookies,
                ) as client,
                client.stream("GET", url) as response,
            ):
                if response.status_code >= 400:
                    raise InputError(f"{url}: the server answered HTTP {response.status_code}")
                ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype and not _TEXTUAL.match(ctype):
                    raise InputError(f"{url}: not a web page or text ({ctype})")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise InputError(self._too_big(url, int(declared)))
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise InputError(self._too_big(url, len(body), at_least=True))
                final = str(response.url)
                charset = response.charset_encoding
        except httpx.TimeoutException:
            raise InputError(f"{url}: no answer within {self.timeout_s:g} s") from None
        except httpx.TooManyRedirects:
            raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
        except httpx.HTTPError as e:
            raise InputError(f"{url}: cannot fetch ({type(e).__name__}: {e})") from None
        if not body.strip():
            raise InputError(f"{url}: the page is empty")
        text = _decode(bytes(body), charset, url)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return Page(
            url=url, final_url=final, content_type=ctype or "text/html", text=text, fetched_at=now
        )

    def _too_big(self, url: str, size: int, at_least: bool = False) -> str:
        return (
            f"{url}: {'more than ' if at_least else ''}{size:,} bytes is over the "
            f"{self.max_bytes:,}-byte limit (set CHECKER_MAX_BYTES to raise it)"
        )


def _decode(data: bytes, charset: str | None, name: str) -> str:
    """The charset the server declares, else the same detection as for files."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)
