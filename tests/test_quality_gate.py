"""The extraction quality gate: F1 on the shared benchmarks must stay above pinned floors.

Runs when ../shared/bench is present (CI has it) and is skipped otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")


def f1_on(name: str) -> float:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import extract as bench
        from score import score_page, summarise
    finally:
        sys.path.pop(0)
    import dechaff
    from dechaff import Document

    pages = {"article-extraction": bench.article_extraction,
             "readability-pages": bench.readability_pages}[name]()
    scores = []
    for _, html, expected in pages:
        doc = dechaff.extract(html)
        scores.append(score_page(doc.text if isinstance(doc, Document) else "", expected))
    return summarise(scores).f1


@pytest.mark.parametrize("name", ["article-extraction", "readability-pages"])
def test_f1_stays_above_its_pinned_floor(name: str) -> None:
    assert f1_on(name) >= FLOORS[name]["floor"]


@pytest.mark.parametrize("name", ["article-extraction", "readability-pages"])
def test_a_floor_is_never_lowered_silently(name: str) -> None:
    entry = FLOORS[name]
    assert entry["floor"] >= max(entry["history"])
