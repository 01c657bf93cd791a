"""Golden pages the project wrote: each page's article must come out, its chaff must not.

A page `name.html` under samples/ or tests/pages/ is checked against `name.expect.json`:
strings the text must contain and must not, the number of paragraphs, Markdown fragments,
and metadata fields.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dechaff
from dechaff import Document, Kind
from dechaff.render import to_markdown

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.glob("samples/*.html"), *ROOT.glob("tests/pages/*.html")])


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_golden_page_gives_its_article_and_nothing_else(path: Path) -> None:
    expect = json.loads(path.with_suffix(".expect.json").read_text(encoding="utf-8"))
    doc = dechaff.extract(path.read_bytes())
    assert isinstance(doc, Document), doc
    for fragment in expect.get("contains", []):
        assert fragment in doc.text, fragment
    for fragment in expect.get("absent", []):
        assert fragment not in doc.text, fragment
    if "paragraphs" in expect:
        paragraphs = [b for b in doc.blocks if b.kind is Kind.PARAGRAPH]
        assert len(paragraphs) == expect["paragraphs"]
    markdown = to_markdown(doc, front_matter=False)
    for fragment in expect.get("markdown", []):
        assert fragment in markdown, fragment
    for field in ("title", "date", "author", "language"):
        if field in expect:
            assert getattr(doc, field) == expect[field], field


def test_every_golden_page_has_expectations() -> None:
    assert len(PAGES) >= 5
    assert all(p.with_suffix(".expect.json").exists() for p in PAGES)
