"""The quality gate: every pinned measure of dechaff on the shared benchmarks stays above its
floor, on exactly the pages it was pinned on.

Each entry of quality_floors.json pins a measure (an F1 or an accuracy) with the digest of
the pages it was measured on, the figure measured then, and a margin for noise: the gate
fails when the pages changed (re-measure and re-pin, saying why) and when the measure falls
below `measured - margin`. A pinned figure may only rise: each entry keeps its history. The
gate runs when ../shared/bench is present (CI has it).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
MEASURES = sorted(k for k in FLOORS if not k.startswith("_"))

pytestmark = pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
sys.path.insert(0, str(ROOT / "benchmarks"))

import sets  # noqa: E402
from score import score_page, summarise  # noqa: E402

Measure = Callable[[], tuple[float, str]]  # the figure, and the digest of its pages


@lru_cache(maxsize=2 * len(sets.SETS))
def extracted(name: str, typed: bool = False) -> tuple[Any, ...]:
    """What extract() gives for each page of one set, once (the extraction and metadata
    measures of modern-web share it); `typed`: with page types, and each page read by the
    block model for its type."""
    import dechaff

    read = dechaff.Extractor(page_type=typed)
    return tuple(read(dechaff.Page(page.html, page.url)) for page in sets.load(name))


def extraction(name: str, typed: bool = False) -> tuple[float, str]:
    """F1 of extract() on one body-extraction set."""
    import dechaff

    pages = sets.load(name)
    scores = [score_page(doc.text if isinstance(doc, dechaff.Document) else "", page.expected)
              for doc, page in zip(extracted(name, typed), pages, strict=True)]
    return summarise(scores).f1, sets.digest(pages)


def cleaning(name: str) -> tuple[float, str]:
    """F1 of clean() on one set flattened by html_text (as the pages of a WET file are)."""
    import html_text

    import dechaff

    pages = sets.load(name)
    scores = []
    for page in pages:
        doc = dechaff.clean(html_text.extract_text(page.html, guess_layout=True))
        scores.append(score_page(doc.text if isinstance(doc, dechaff.Document) else "",
                                 page.expected))
    return summarise(scores).f1, sets.digest(pages)


def dates_read_by(read: Callable[[bytes], str | None]) -> tuple[float, str]:
    """Share of htmldate's 200 evaluation pages whose publication day `read` gives from the
    page's bytes."""
    truth_bytes = (BENCH / "dates" / "dates.json").read_bytes()
    h = hashlib.sha256(truth_bytes)
    right = 0
    truth = json.loads(truth_bytes)
    for item in truth.values():
        data = (BENCH / "dates" / "pages" / item["file"]).read_bytes()
        h.update(data)
        right += read(data) == item["date"]
    return right / len(truth), h.hexdigest()[:16]


def dates() -> tuple[float, str]:
    """The date reader alone, on the parsed page, the dates set's crawl year as the latest."""
    from dechaff import dom
    from dechaff.decode import decode
    from dechaff.metadata import read_metadata

    return dates_read_by(lambda data: read_metadata(dom.parse(decode(data, None)),
                                                    today=date(2021, 12, 31)).date)


def dates_through_extract() -> tuple[float, str]:
    """extract() itself: a rejected page's date is its Rejection's."""
    import dechaff

    return dates_read_by(lambda data: dechaff.extract(data).date)


def modern_web_metadata(field: str) -> tuple[float, str]:
    """Share of modern-web's pages with a truth `field` (publish_date, title, author) whose
    value extract() gives, matched as benchmarks/metadata.py matches it."""
    import metadata as bench

    matches = {"publish_date": lambda a, b: a == b, "title": bench.title_key_matches,
               "author": bench.author_names_match}[field]
    slot = {"publish_date": "date", "title": "title", "author": "author"}[field]
    pages = sets.load("modern-web")
    truth = sets.modern_web_truth()
    h = hashlib.sha256(sets.digest(pages).encode())
    right = total = 0
    for page, found in zip(pages, extracted("modern-web"), strict=True):
        expected = truth[page.key]["ground_truth"].get(field)
        h.update(json.dumps(expected).encode())
        if expected:
            total += 1
            right += bool(matches(getattr(found, slot, None), expected))
    return right / total, h.hexdigest()[:16]


def page_types() -> tuple[float, str]:
    """Share of modern-web's pages whose page type extract() gives as labelled (its two blog
    posts as articles; a rejected page, or one extract() calls "other", counts as wrong).
    In-sample: the page-type model is trained on these pages (BENCHMARKS.md gives the
    figure k-fold by site)."""
    pages = sets.load("modern-web")
    h = hashlib.sha256(sets.digest(pages).encode())
    right = 0
    for page, found in zip(pages, extracted("modern-web", typed=True), strict=True):
        label = "article" if page.page_type == "blog" else page.page_type
        h.update(label.encode())
        right += getattr(found, "page_type", None) == label
    return right / len(pages), h.hexdigest()[:16]


def bylines(field: str) -> tuple[float, str]:
    """Share of readability-pages whose title (or author) dechaff reads as Readability's
    truth gives it."""
    import unicodedata

    from dechaff import dom
    from dechaff.metadata import read_metadata

    def norm(text: str | None) -> str:
        return " ".join(unicodedata.normalize("NFKC", text or "").split()).casefold()

    h = hashlib.sha256()
    right = total = 0
    for folder in sorted((BENCH / "readability-pages" / "pages").iterdir()):
        truth_bytes = (folder / "expected-metadata.json").read_bytes()
        html_bytes = (folder / "source.html").read_bytes()
        h.update(truth_bytes + html_bytes)
        expected = json.loads(truth_bytes).get("title" if field == "title" else "byline")
        if not expected:
            continue
        found = read_metadata(dom.parse(html_bytes.decode("utf-8", errors="replace")))
        a, b = norm(found.title if field == "title" else found.author), norm(expected)
        total += 1
        right += a == b if field == "title" else bool(a and b) and (a in b or b in a)
    return right / total, h.hexdigest()[:16]


GATE: dict[str, Measure] = {
    "extract/article-extraction": lambda: extraction("article-extraction"),
    "extract/article-extraction-typed": lambda: extraction("article-extraction", typed=True),
    "extract/readability-pages": lambda: extraction("readability-pages"),
    "extract/readability-pages-typed": lambda: extraction("readability-pages", typed=True),
    "extract/modern-web": lambda: extraction("modern-web"),
    "extract/modern-web-typed": lambda: extraction("modern-web", typed=True),
    "clean/readability-pages": lambda: cleaning("readability-pages"),
    "clean/modern-web": lambda: cleaning("modern-web"),
    "metadata/dates": dates,
    "metadata/titles": lambda: bylines("title"),
    "metadata/authors": lambda: bylines("author"),
    "metadata/dates-extract": dates_through_extract,
    "metadata/modern-web-dates": lambda: modern_web_metadata("publish_date"),
    "metadata/modern-web-titles": lambda: modern_web_metadata("title"),
    "metadata/modern-web-authors": lambda: modern_web_metadata("author"),
    "pagetype/modern-web": page_types,
}


def test_every_pinned_measure_has_a_way_to_be_measured() -> None:
    assert set(MEASURES) == set(GATE)


@pytest.mark.parametrize("name", MEASURES)
def test_each_measure_stays_above_its_floor_on_the_pages_it_was_pinned_on(name: str) -> None:
    entry = FLOORS[name]
    value, pages = GATE[name]()
    assert pages == entry["pages"], (
        f"{name}: the pages changed ({pages}, pinned on {entry['pages']}); re-measure and "
        "re-pin the figure, saying why")
    assert value >= entry["measured"] - entry["margin"], f"{name}: {value:.4f}"


@pytest.mark.parametrize("name", MEASURES)
def test_a_pinned_figure_is_never_lowered_silently(name: str) -> None:
    entry = FLOORS[name]
    assert entry["measured"] >= max(entry["history"]) and entry["margin"] <= 0.005
