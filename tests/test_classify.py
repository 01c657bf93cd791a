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
               "k:content": 1.8, "k:content&in=1": 1.9, "w:entry": 2.0, "hw:garden": 2.1,
               "ct:li&1": 2.2, "cb:1&1": 2.3, "cl:1&1": 2.4, "ct:p&4": 2.5}
    model = classify.Model(weights)
    html = (ROOT / "samples" / "wordpress-notices.html").read_text(encoding="utf-8")
    with dom.body_tree(dom.parse(html), dom.Deadline(5)) as order:
        ctx = DEFAULT.analyse(order, None)
        assert isinstance(ctx, classify.Context)
        named = [model.score(features) for features in classify.page_features(ctx)]
        assert classify.page_scores(ctx, model) == pytest.approx(named, abs=1e-9)


def test_a_teaser_card_is_told_from_a_paragraph_by_what_it_holds() -> None:
    paragraph = ("<p>The council approved the new budget on Tuesday after a long debate, and "
                 "the mayor said the money would be spent this year.</p>")
    card = ('<li class="teaser"><img src="x.jpg" alt=""><h3><a href="/a">A headline of '
            "another story entirely</a></h3><p>The summary of that story, in one sentence "
            "that reads like prose.</p></li>")
    html = f"<body><article>{paragraph * 4}<ul>{card * 4}</ul></article></body>"
    with dom.body_tree(dom.parse(html), dom.Deadline(5)) as order:
        ctx = DEFAULT.analyse(order, None)
        assert isinstance(ctx, classify.Context)
        names = classify.card_names(ctx, classify.cards_of(ctx, {}))
        texts = [block.text for block in ctx.blocks]
    first_paragraph = texts.index(texts[0])
    summary = next(i for i, t in enumerate(texts) if t.startswith("The summary"))
    headline = next(i for i, t in enumerate(texts) if t.startswith("A headline"))
    assert names[first_paragraph] == ["ct:p&2", "cb:1&2"]  # four look-alike paragraphs
    assert "ct:li&2" in names[summary] and "cb:3&2" in names[summary]
    assert "cl:3&2" in names[headline] and "cl:3&2" not in names[summary]


PROSE = ("<p>The council approved the new budget on Tuesday after a long debate, and the mayor "
         "said the money would be spent this year.</p>")


def shape(*paragraphs: str) -> list[list[str]]:
    """The shape names of each paragraph, set between paragraphs of prose."""
    html = PROSE + "".join(paragraph + PROSE for paragraph in paragraphs)
    with dom.body_tree(dom.parse(f"<body><article>{html}</article></body>"),
                       dom.Deadline(5)) as order:
        ctx = DEFAULT.analyse(order, None)
        assert isinstance(ctx, classify.Context)
        names = [classify.shape_names(block, linked)
                 for block, linked in zip(ctx.blocks, ctx.linked, strict=True)]
    assert len(names) == 2 * len(paragraphs) + 1
    return names[1::2]


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
