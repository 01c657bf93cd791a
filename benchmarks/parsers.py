"""Which HTML parser to build on: parse time, and parse plus a walk over every node.

    python benchmarks/parsers.py

Reads the article-extraction pages and times, in CPU time of this process, the fastest of
three passes of each parser over all pages. The choice is recorded in pyproject.toml.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable
from pathlib import Path

PAGES = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench" / "article-extraction"


def best_of(fn: Callable[[str], object], pages: list[str], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for html in pages:
            fn(html)
        best = min(best, time.process_time() - start)
    return len(pages) / best


def main() -> None:
    pages = [gzip.decompress(p.read_bytes()).decode("utf-8")
             for p in sorted((PAGES / "html").glob("*.html.gz"))]
    parsers: dict[str, Callable[[str], object]] = {}
    try:
        from selectolax.lexbor import LexborHTMLParser

        parsers["selectolax (lexbor)"] = LexborHTMLParser
        parsers["selectolax + walk"] = lambda h: sum(1 for _ in LexborHTMLParser(h).root.traverse(
            include_text=True))
    except ImportError:
        pass
    try:
        from resiliparse.parse.html import HTMLTree

        parsers["resiliparse (lexbor)"] = HTMLTree.parse
    except ImportError:
        pass
    try:
        import lxml.html

        parsers["lxml"] = lambda h: lxml.html.fromstring(h.encode())
        parsers["lxml + walk"] = lambda h: sum(1 for _ in lxml.html.fromstring(h.encode()).iter())
    except ImportError:
        pass
    print(f"{len(pages)} pages")
    for name, fn in parsers.items():
        print(f"{name:<24} {best_of(fn, pages):8.0f} pages/s")


if __name__ == "__main__":
    main()
