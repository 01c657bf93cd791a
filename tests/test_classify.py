"""The block model and its features: scores are the weights of the named features."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from bench_pages import BENCH, bench_pages
from dechaff import classify, dom, native
from dechaff.extractor import DEFAULT

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.glob("samples/*.html"), *ROOT.glob("tests/pages/*.html")])


def named_and_scored(html: str, model: classify.Model) -> tuple[list[float], list[float]]:
    """The model applied to each block's named features, and the scores the passes give."""
    body = dom.parse(html[: DEFAULT.max_chars]).body
    assert body is not None
    judged, found = native.judge(body, DEFAULT, model), native.features(body, DEFAULT)
    if judged is None or found is None:
        assert judged is None and found is None
        return [], []
    assert list(found[0].blocks) == list(judged.blocks)
    return [model.score(features) for features in found[1]], list(judged.scores)


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_scores_are_the_model_applied_to_the_named_features(path: Path) -> None:
    named, scored = named_and_scored(path.read_text(encoding="utf-8"), classify.default_model())
    assert named and scored == pytest.approx(named, abs=1e-9)


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_scores_are_the_named_features_on_every_benchmark_page() -> None:
    model = classify.default_model()
    wrong = []
    for name, html in bench_pages():
        named, scored = named_and_scored(html, model)
        if scored != pytest.approx(named, abs=1e-9):
            wrong.append(name)
    assert wrong == []


def test_a_model_with_every_kind_of_feature_scores_the_same_both_ways() -> None:
    weights = {"b": 0.1, "kind=paragraph": 0.2, "len=5": 0.3, "lr=0": 0.4, "endp": 0.5,
               "tw:share": -1.0, "prev.kind=h2": 0.6, "next.len=3": 0.7, "prev.in=1": 0.8,
               "in=1": 0.9, "st:p": 1.0, "pp=4": 1.1, "cv=6": 1.2, "card=0": 1.3,
               "sec=root": 1.4, "rpos=2": 1.5, "pos=after=0": 1.6, "t:article": 1.7,
               "k:content": 1.8, "k:content&in=1": 1.9, "w:entry": 2.0, "hw:garden": 2.1,
               "ct:li&1": 2.2, "cb:1&1": 2.3, "cl:1&1": 2.4, "ct:p&4": 2.5,
               "prev.tw:share": 9.0}  # a feature no block passes on: never counted
    html = (ROOT / "samples" / "wordpress-notices.html").read_text(encoding="utf-8")
    named, scored = named_and_scored(html, classify.Model(weights))
    assert named and scored == pytest.approx(named, abs=1e-9)
    assert len(set(scored)) > 5  # the weights reached the blocks


def features_of(html: str) -> tuple[list[str], list[Mapping[str, float]]]:
    body = dom.parse(html).body
    assert body is not None
    found = native.features(body, DEFAULT)
    assert found is not None
    return [block.text for block in found[0].blocks], found[1]


def test_a_teaser_card_is_told_from_a_paragraph_by_what_it_holds() -> None:
    paragraph = ("<p>The council approved the new budget on Tuesday after a long debate, and "
                 "the mayor said the money would be spent this year.</p>")
    card = ('<li class="teaser"><img src="x.jpg" alt=""><h3><a href="/a">A headline of '
            "another story entirely</a></h3><p>The summary of that story, in one sentence "
            "that reads like prose.</p></li>")
    texts, features = features_of(f"<body><article>{paragraph * 4}<ul>{card * 4}</ul>"
                                  "</article></body>")
    cards = [{n for n in f if n.startswith(("ct:", "cb:", "cl:"))} for f in features]
    summary = next(i for i, t in enumerate(texts) if t.startswith("The summary"))
    headline = next(i for i, t in enumerate(texts) if t.startswith("A headline"))
    assert cards[0] == {"ct:p&2", "cb:1&2"}  # four look-alike paragraphs
    assert {"ct:li&2", "cb:3&2"} <= cards[summary]
    assert "cl:3&2" in cards[headline] and "cl:3&2" not in cards[summary]


PROSE = ("<p>The council approved the new budget on Tuesday after a long debate, and the mayor "
         "said the money would be spent this year.</p>")


def shape(*paragraphs: str) -> list[set[str]]:
    """The features of each paragraph, set between paragraphs of prose."""
    html = PROSE + "".join(paragraph + PROSE for paragraph in paragraphs)
    _, features = features_of(f"<body><article>{html}</article></body>")
    assert len(features) == 2 * len(paragraphs) + 1
    return [set(f) for f in features[1::2]]


def test_a_text_in_capitals_is_told_apart_and_so_is_a_linked_one() -> None:
    names = shape('<p><a href="/story">THE MAYOR LEAVES THE CITY HALL</a></p>',
                  "<p>\u00c9T\u00c9 \u00c0 PARIS, 2026</p>", "<p>NASA and the ESA said so.</p>",
                  "<p>2026: 1,500 (AP)</p>")
    assert "caps&link" in names[0] and "caps" not in names[0]
    assert "caps" in names[1] and "caps&link" not in names[1]  # letters beyond ASCII count
    assert not {"caps", "caps&link"} & {*names[2], *names[3]}  # one lower-case letter; too few


def test_a_link_under_a_short_label_is_told_from_a_link_in_a_sentence() -> None:
    names = shape('<p>Read more: <a href="/a">Another story that the site wants read</a></p>',
                  '<p>Also on the site: <a href="/b">A second story</a>.</p>',
                  '<p>Note: <a href="/c">the report</a> says more than this.</p>',
                  '<p>The minister said in a long speech on Tuesday: <a href="/d">the report'
                  "</a></p>")
    assert "labellink" in names[0] and "labellink" in names[1]
    assert "labellink" not in names[2]  # the link does not run to the end
    assert "labellink" not in names[3]  # the colon comes after more than a label


def test_neighbours_pass_on_their_shape_and_a_heading_its_words_to_what_follows() -> None:
    _, features = features_of(
        "<body><article><h2>Related stories</h2><p>The council approved the budget on "
        "Tuesday, after a long debate.</p><p>Short line</p></article></body>")
    heading, paragraph, short = features
    assert {"hw:related", "hw:stories"} <= set(paragraph) and "hw:related" in short
    assert not any(n.startswith("hw:") for n in heading)
    assert "prev.kind=h2" in paragraph and "next.kind=paragraph" in paragraph
    assert not any(n.startswith(("prev.tw:", "next.w:", "prev.st:")) for n in paragraph)


def test_an_element_feature_counts_once_for_each_element_that_has_it() -> None:
    _, features = features_of('<body><div class="story"><div class="story"><p>The council met '
                              "on Tuesday, and it agreed.</p></div></div></body>")
    assert features[0]["w:story"] == 2.0
