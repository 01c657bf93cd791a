"""What telling the page type costs extract(): the same pages, the same process, with
Extractor(page_type=True) and Extractor(page_type=False) in alternating rounds.

    python benchmarks/pagetype.py [--sets article-extraction,modern-web] [--rounds 3]

Prints each setting's pages/s (its fastest round), their ratio, and the time of
pagetype.page_type itself per page, measured apart on the walks extract() made. With
--trafilatura, trafilatura (defaults) runs in the same rounds, and each setting's speed is
given as a multiple of its.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sets
from dechaff import Page, dom, pagetype
from dechaff.extractor import Extractor, dom_title
from dechaff.metadata import read_metadata


def pages_per_second(step: Callable[[sets.BenchPage], object],
                     pages: list[sets.BenchPage]) -> float:
    start = time.perf_counter()
    for page in pages:
        step(page)
    return len(pages) / (time.perf_counter() - start)


def classify_seconds(pages: list[sets.BenchPage]) -> float:
    """The mean time of pagetype.page_type on a page whose walk and metadata are made."""
    extractor = Extractor()
    inputs = []
    for page in pages:
        parsed = dom.parse(page.html[: extractor.max_chars])
        meta = read_metadata(parsed, page.url)
        judged = extractor.judge(parsed) or extractor.judge(parsed, noscript=True)
        inputs.append((judged, meta, page.url, meta.title or dom_title(parsed)))
    start = time.perf_counter()
    for judged, meta, url, title in inputs:
        pagetype.page_type(judged, meta, url, title)
    return (time.perf_counter() - start) / len(inputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="article-extraction,modern-web")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--trafilatura", action="store_true")
    args = parser.parse_args()
    runs: dict[str, Callable[[sets.BenchPage], object]] = {
        "off": lambda page: Extractor(page_type=False)(Page(page.html, page.url)),
        "on": lambda page: Extractor(page_type=True)(Page(page.html, page.url))}
    if args.trafilatura:
        import trafilatura

        runs["trafilatura"] = lambda page: trafilatura.extract(page.html)
    for name in args.sets.split(","):
        pages = sets.load(name)
        best = dict.fromkeys(runs, 0.0)
        for _ in range(args.rounds):
            for run, step in runs.items():
                best[run] = max(best[run], pages_per_second(step, pages))
        each = classify_seconds(pages)
        print(f"{name} ({len(pages)} pages): page_type on {best['on']:.1f} pages/s, off "
              f"{best['off']:.1f} pages/s (on/off {best['on'] / best['off']:.3f}); "
              f"pagetype.page_type {each * 1e3:.2f} ms a page")
        if args.trafilatura:
            print(f"  trafilatura {best['trafilatura']:.1f} pages/s: on "
                  f"{best['on'] / best['trafilatura']:.1f}x, off "
                  f"{best['off'] / best['trafilatura']:.1f}x")


if __name__ == "__main__":
    main()
