"""The shared benchmark pages, for the tests that check a fast path against a reference on
every one of them (they are skipped when ../shared/bench is not here)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def bench_pages() -> Iterator[tuple[str, str]]:
    """(name, html) of every article-extraction and readability-pages page."""
    for path in sorted((BENCH / "article-extraction" / "html").glob("*.html.gz")):
        yield path.name, gzip.decompress(path.read_bytes()).decode("utf-8")
    for path in sorted((BENCH / "readability-pages" / "pages").glob("*/source.html")):
        yield path.parent.name, path.read_text(encoding="utf-8", errors="replace")
