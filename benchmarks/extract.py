"""Side-by-side body extraction: dechaff and its peers, same pages, same process.

    python benchmarks/extract.py [--only dechaff,trafilatura] [--worst 10]

Reads ../shared/bench/article-extraction and ../shared/bench/readability-pages, scores each
extractor with the article-extraction benchmark's shingle metric (see score.py) and prints
F1, precision, recall, pages/second, and each speed as a ratio to trafilatura's (defaults).
trafilatura also runs without comments (`include_comments=False`), dechaff's own default.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sets
from score import PageScore, Summary, score_page, summarise

Extractor = Callable[[str], str]


def article_extraction() -> list[tuple[str, str, str]]:
    """(id, html, expected text) for the 181 pages of the article-extraction benchmark."""
    return [(p.key, p.html, p.expected) for p in sets.load("article-extraction")]


def readability_pages() -> list[tuple[str, str, str]]:
    """(name, html, expected text) for Mozilla Readability's test pages."""
    return [(p.key, p.html, p.expected) for p in sets.load("readability-pages")]


def extractors() -> dict[str, Extractor]:
    """dechaff and every peer that imports here."""
    import dechaff

    def ours(html: str) -> str:
        doc = dechaff.extract(html)
        return doc.text if isinstance(doc, dechaff.Document) else ""

    plain = dechaff.Extractor(page_type=False)

    def ours_plain(html: str) -> str:
        doc = plain(dechaff.Page(html))
        return doc.text if isinstance(doc, dechaff.Document) else ""

    # dechaff: its defaults, page types among them (a page of another kind than an
    # article is read by the block model for such pages); dechaff-plain: without page
    # types, the article model alone (Extractor(page_type=False)).
    found: dict[str, Extractor] = {"dechaff": ours, "dechaff-plain": ours_plain}
    try:
        import trafilatura

        found["trafilatura"] = lambda html: trafilatura.extract(html) or ""
        # The same task as dechaff's default: comments are not the article. trafilatura
        # keeps them by default; this is the setting behind the 0.960 of ../shared/bench.
        found["trafilatura-nocomm"] = lambda html: trafilatura.extract(
            html, include_comments=False) or ""
    except ImportError:
        pass
    try:
        import html_text
        from readability import Document as Readability

        found["readability-lxml"] = lambda html: html_text.extract_text(
            Readability(html).summary(html_partial=True))
    except ImportError:
        pass
    try:
        from resiliparse.extract.html2text import extract_plain_text

        found["resiliparse"] = lambda html: extract_plain_text(html, main_content=True)
    except ImportError:
        pass
    return found


def run_all(found: dict[str, Extractor], pages: list[tuple[str, str, str]], repeats: int
            ) -> dict[str, tuple[Summary, float, list[PageScore]]]:
    """Run every extractor on every page, interleaved page by page so that all of them
    meet the same machine load, and time each call in CPU time of this process. Each one
    first runs once untimed (models load, patterns compile). A page's time is its fastest
    of `repeats` runs; pages/second is pages over the summed times."""
    for fn in found.values():
        fn(pages[0][1])
    outputs: dict[str, list[str]] = {name: [] for name in found}
    seconds: dict[str, float] = dict.fromkeys(found, 0.0)
    for _, html, _ in pages:
        for name, fn in found.items():
            best = float("inf")
            for _ in range(repeats):
                start = time.process_time()
                out = fn(html)
                best = min(best, time.process_time() - start)
            outputs[name].append(out)
            seconds[name] += best
    results = {}
    for name in found:
        scores = [score_page(out, expected)
                  for out, (_, _, expected) in zip(outputs[name], pages, strict=True)]
        results[name] = (summarise(scores), len(pages) / max(seconds[name], 1e-9), scores)
    return results


def versions(names: tuple[str, ...] = ("dechaff", "trafilatura", "readability-lxml",
                                        "resiliparse", "selectolax")) -> str:
    """The installed version of each package of `names` that is installed."""
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for name in names:
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    return ", ".join(parts)


def by_type(results: dict[str, tuple[Summary, float, list[PageScore]]],
            pages: list[sets.BenchPage], types: list[str]) -> None:
    """F1 of each extractor on each page type."""
    print(f"{'F1 by page type':<18} " + " ".join(f"{t[:11]:>11}" for t in types))
    for name, (_, _, scores) in results.items():
        cells = []
        for page_type in types:
            chosen = [s for s, p in zip(scores, pages, strict=True) if p.page_type == page_type]
            cells.append(f"{summarise(chosen).f1:11.3f}")
        print(f"{name:<18} " + " ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated extractor names")
    parser.add_argument("--worst", type=int, default=0, help="list dechaff's N worst pages")
    parser.add_argument("--sets", default="article-extraction,readability-pages",
                        help="any of article-extraction, readability-pages, modern-web")
    parser.add_argument("--repeats", type=int, default=3, help="runs per page; the fastest counts")
    args = parser.parse_args()
    found = extractors()
    if args.only:
        found = {k: v for k, v in found.items() if k in args.only.split(",")}
    print(versions())
    for set_name in args.sets.split(","):
        loaded = sets.load(set_name)
        pages = [(p.key, p.html, p.expected) for p in loaded]
        print(f"\n{set_name}: {len(pages)} pages")
        print(f"{'extractor':<18} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>8} {'speed':>7}")
        results = run_all(found, pages, args.repeats)
        base = results.get("trafilatura", (None, 0.0, None))[1]
        for name, (summary, rate, _) in results.items():
            ratio = f"{rate / base:6.1f}x" if base else "      -"
            print(f"{name:<18} {summary.f1:6.3f} {summary.precision:6.3f} {summary.recall:6.3f} "
                  f"{rate:8.1f} {ratio}")
        types = sorted({p.page_type for p in loaded})
        if len(types) > 1:
            by_type(results, loaded, types)
        if args.worst and "dechaff" in results:
            scored = sorted(zip(results["dechaff"][2], pages, strict=True),
                            key=lambda x: x[0].precision + x[0].recall)
            for page_score, (key, _, _) in scored[: args.worst]:
                print(f"  worst: {key[:24]:<24} P={page_score.precision:.2f} "
                      f"R={page_score.recall:.2f}")


if __name__ == "__main__":
    main()
