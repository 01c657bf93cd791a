"""The block model: the fast sums equal the named features the model was trained on."""

from __future__ import annotations

from pathlib import Path

import pytest

from dechaff import classify, dom
from dechaff.extractor import DEFAULT

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.glob("samples/*.html"), *ROOT.glob("tests/pages/*.html")])


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_page_scores_equal_the_model_applied_to_named_features(path: Path) -> None:
    model = classify.default_model()
    with dom.body_tree(dom.parse(path.read_text(encoding="utf-8")), dom.Deadline(5)) as order:
        ctx = DEFAULT.analyse(order, None)
        assert isinstance(ctx, classify.Context)
        named = [model.score(features) for features in classify.page_features(ctx)]
        fast = classify.page_scores(ctx, model)
    assert fast == pytest.approx(named, abs=1e-9)


def test_a_model_with_every_kind_of_feature_scores_the_same_both_ways() -> None:
    weights = {"b": 0.1, "kind=paragraph": 0.2, "len=5": 0.3, "lr=0": 0.4, "endp": 0.5,
               "tw:share": -1.0, "prev.kind=h2": 0.6, "next.len=3": 0.7, "prev.in=1": 0.8,
               "in=1": 0.9, "st:p": 1.0, "pp=4": 1.1, "cv=6": 1.2, "card=0": 1.3,
               "sec=root": 1.4, "rpos=2": 1.5, "pos=after0": 1.6, "t:article": 1.7,
               "k:content": 1.8, "k:content&in=1": 1.9, "w:entry": 2.0, "hw:garden": 2.1}
    model = classify.Model(weights)
    html = (ROOT / "samples" / "wordpress-notices.html").read_text(encoding="utf-8")
    with dom.body_tree(dom.parse(html), dom.Deadline(5)) as order:
        ctx = DEFAULT.analyse(order, None)
        assert isinstance(ctx, classify.Context)
        named = [model.score(features) for features in classify.page_features(ctx)]
        assert classify.page_scores(ctx, model) == pytest.approx(named, abs=1e-9)
