"""URL -> Page: one GET with bounded time, bounded size and bounded redirects.

The only module that imports httpx. A page that cannot be fetched (no connection, a
timeout, an HTTP error status, too many redirects) is a value, a Rejection with
`Reason.UNREADABLE` and the cause as its detail; httpx's exceptions end here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dechaff import __version__
from dechaff.document import Page, Reason, Rejection

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"dechaff/{__version__} (web page to clean document)"
# Media types that are certainly not a web page: rejected from the headers, before their
# body is downloaded. `application/octet-stream` is not among them: servers send HTML so.
NOT_PAGES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip")
# Bodies are cut past 20 MB (and the page marked truncated): the largest article page of
# the benchmarks is 1.5 MB; beyond this is a feed, an archive or an attack.
MAX_BYTES = 20 * 1024 * 1024
# Status codes from this one up are errors: the body is an error page, not the article.
FIRST_ERROR_STATUS = 400


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page, and whether its body was cut at the size cap."""

    page: Page
    status: int
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Fetcher:
    """Fetch one URL; configurable, picklable, and the same for every URL."""

    # A server that has not accepted the connection in 10 s is down or filtered; waiting
    # longer rarely helps a batch of pages.
    connect_timeout_s: float = 10.0
    # The longest silence between two pieces of the response: slow news sites answer
    # in a few seconds; 30 s leaves room for a loaded server without hanging a batch.
    read_timeout_s: float = 30.0
    # The whole download, however the server trickles it: a bound on one page's time.
    max_seconds: float = 120.0
    max_bytes: int = MAX_BYTES
    # Browsers give up after 20 redirects; chains longer than 10 are loops in practice.
    max_redirects: int = 10
    user_agent: str = USER_AGENT
    # Whether httpx may read proxy and certificate settings from the environment; the
    # library does not read the environment, the command line opts in.
    trust_env: bool = False

    def __call__(self, url: str) -> Fetched | Rejection:
        import httpx  # imported here: `import dechaff` stays light

        timeout = httpx.Timeout(self.read_timeout_s, connect=self.connect_timeout_s)
        headers = {"User-Agent": self.user_agent, "Accept": "text/html,*/*;q=0.8"}
        try:
            with httpx.Client(timeout=timeout, headers=headers, follow_redirects=True,
                              max_redirects=self.max_redirects, trust_env=self.trust_env
                              ) as client, client.stream("GET", url) as response:
                return self._read(response, url)
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            return Rejection(Reason.UNREADABLE, _describe(error), url)

    def _read(self, response: httpx.Response, url: str) -> Fetched | Rejection:
        final = str(response.url)
        if response.status_code >= FIRST_ERROR_STATUS:
            detail = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
            return Rejection(Reason.UNREADABLE, detail, final)
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media.startswith(NOT_PAGES):
            return Rejection(Reason.NOT_HTML, f"content type {media}", final)
        body, truncated = self._body(response)
        page = Page(body, final, response.charset_encoding)
        return Fetched(page, response.status_code, truncated)

    def _body(self, response: httpx.Response) -> tuple[bytes, bool]:
        """The body, up to `max_bytes`; raises ReadTimeout past `max_seconds`."""
        import httpx

        deadline = time.monotonic() + self.max_seconds
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                return b"".join(chunks)[: self.max_bytes], True
            if time.monotonic() > deadline:
                raise httpx.ReadTimeout(f"download took over {self.max_seconds:g} s")
        return b"".join(chunks), False


def _describe(error: Exception) -> str:
    """One line saying what went wrong, for the person who asked for the URL."""
    import httpx

    kinds: tuple[tuple[type[Exception], str], ...] = (
        (httpx.ConnectTimeout, "connection timed out"),
        (httpx.TimeoutException, "timed out"),
        (httpx.ConnectError, "cannot connect"),
        (httpx.TooManyRedirects, "too many redirects"),
        (httpx.UnsupportedProtocol, "unsupported address"),
        (httpx.InvalidURL, "invalid address"),
    )
    kind = next((name for cls, name in kinds if isinstance(error, cls)), "fetch failed")
    message = " ".join(str(error).split())
    return f"{kind}: {message}" if message and message != kind else kind


DEFAULT = Fetcher()


def fetch(url: str) -> Fetched | Rejection:
    """Fetch one URL with the default timeouts, size cap and redirect bound."""
    return DEFAULT(url)
