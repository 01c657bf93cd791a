"""The extractor's passes in C (dechaff._article), fed from the Python definitions.

The Python passes (extractor.Extractor.score and find_article, blocks.Writer,
classify.page_scores) are the reference, and what runs without a C compiler; the C module
does the same work over lexbor's tree without building Nodes, several times faster. It
takes every vocabulary, tag set, threshold and weight from here, so chaff.py, dom.py,
blocks.py and classify.py stay the one place that defines them; extractor.py checks on
`PROBES` that both give the same blocks and scores before it uses C.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING, Any

from dechaff import blocks, chaff, classify, dom, lexicon
from dechaff.document import Block, Kind, Link

if TYPE_CHECKING:
    from dechaff.extractor import Extractor

# Scores of the two ways may differ in the last bits: the model's sums run over sets.
SCORE_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Judged:
    """A page's blocks with the model's score of each, and what the scores came from."""

    blocks: Sequence[Block]
    linked: Sequence[int]  # for each block, how many of its characters are links
    sources: Sequence[int]  # for each block, its element's place in dom.body_tree's order
    inside: Sequence[bool]  # for each block, whether it comes from the chosen element
    in_chaff: Sequence[bool]  # for each block, whether it sits in chaff.NEVER_ARTICLE
    in_comments: Sequence[bool]  # for each block, whether it sits in a comments section
    scores: Sequence[float]


@lru_cache(maxsize=1)
def module() -> tuple[Any, Any] | None:
    """The C module and its tables for the shipped model, or None when it is not built."""
    try:
        import selectolax.lexbor

        article = import_module("dechaff._article")  # by name: it has no stub, may not exist
        article.init(selectolax.lexbor.__file__)
        tables = article.tables(spec(classify.default_model()))
    except (ImportError, AttributeError, OSError):
        return None
    return article, tables


def judge(native: tuple[Any, Any], body: dom.DomNode, extractor: Extractor) -> Judged | None:
    """The C passes over the body: its blocks and their scores, or None without text."""
    article, tables = native
    e = extractor
    found = article.judge(body.mem_id, tables, dom.MAX_DEPTH, dom.MAX_ELEMENTS,
                          e.min_prose_chars, e.max_unit_link_ratio, e.short_junk_weight,
                          e.link_junk_chars, e.junk_weight, e.under_chaff_factor,
                          e.content_boost)
    return None if found is None else Judged(*found)


def prompt_screen(texts: list[str]) -> list[bool]:
    """lexicon.may_be_prompt of each text, in C when the module is built."""
    found = module()
    if found is None:
        return [lexicon.may_be_prompt(text) for text in texts]
    article, tables = found
    return article.screen(tables, texts)  # type: ignore[no-any-return]


def same(a: Judged | object, b: Judged | object) -> bool:
    """Whether two judgements agree: the same blocks and flags, scores to SCORE_TOLERANCE."""
    if not isinstance(a, Judged) or not isinstance(b, Judged):
        return a == b
    return (list(a.blocks) == list(b.blocks) and list(a.linked) == list(b.linked)
            and list(a.sources) == list(b.sources) and list(a.inside) == list(b.inside)
            and list(a.in_chaff) == list(b.in_chaff)
            and list(a.in_comments) == list(b.in_comments) and len(a.scores) == len(b.scores)
            and all(abs(x - y) <= SCORE_TOLERANCE for x, y in zip(a.scores, b.scores, strict=True)))


def spec(model: classify.Model) -> dict[str, object]:
    """Everything the C passes read, from the modules that define it."""
    kinds = sorted({*chaff.WORD_KIND.values(), *chaff.CHAFF_TAGS.values(),
                    *chaff.CHAFF_ROLES.values(), *chaff.STRONG_KINDS, *chaff.NEVER_ARTICLE,
                    *chaff.ENCLOSING_KINDS,
                    "hidden", chaff.INVISIBLE, chaff.CONTENT})  # what chaff.node_kind names
    c = classify
    return {
        "skipped": dom.SKIPPED_TAGS, "block_tags": dom.BLOCK_TAGS,
        "kinds": tuple(kinds), "content": chaff.CONTENT, "hidden": "hidden",
        "invisible": chaff.INVISIBLE, "comments": chaff.COMMENTS,
        "form": chaff.FORM,
        "strong": chaff.STRONG_KINDS, "never_article": chaff.NEVER_ARTICLE,
        "enclosing": chaff.ENCLOSING_KINDS,
        "word_kind": chaff.WORD_KIND, "joined": chaff._JOINED,
        "whole_name_only": chaff.WHOLE_NAME_ONLY, "modifiers": chaff.MODIFIERS,
        "states": chaff.STATES, "content_words": chaff.CONTENT_WORDS,
        "collection_words": chaff.COLLECTION_WORDS,
        "chaff_tags": chaff.CHAFF_TAGS, "chaff_roles": chaff.CHAFF_ROLES,
        "content_tags": chaff.CONTENT_TAGS,
        "headings": blocks.HEADINGS, "lists": blocks.LISTS,
        "max_data_cell_chars": blocks.MAX_DATA_CELL_CHARS,
        "block": Block, "link": Link, "kind_members": {kind.value: kind for kind in Kind},
        "weights": dict(model.weights), "context_tags": c.CONTEXT_TAGS,
        "families": {
            "len": (c.LEN_BOUNDS, c.LEN), "lr": (c.LR_BOUNDS, c.LR), "nl": (c.NL_BOUNDS, c.NL),
            "pd": (c.PD_BOUNDS, c.PD), "dg": (c.DG_BOUNDS, c.DG), "pp": (c.SHARE_BOUNDS, c.PP),
            "plr": (c.PLR_BOUNDS, c.PLR), "rep": (c.REP_BOUNDS, c.REP),
            "slr": (c.SLR_BOUNDS, c.SLR), "sps": (c.SHARE_BOUNDS, c.SPS),
            "rpos": (c.RPOS_BOUNDS, c.RPOS), "cv": (c.CV_BOUNDS, c.CV),
            "card": (c.REP_BOUNDS, c.CARD), "before": (c.GAP_BOUNDS, c.BEFORE),
            "after": (c.GAP_BOUNDS, c.AFTER),
        },
        "credit_words": c._CREDIT_WORDS, "end_punct": "".join(sorted(c._END_PUNCT)),
        "max_label_words": c.MAX_LABEL_WORDS, "min_lead_link_chars": c.MIN_LEAD_LINK_CHARS,
        "headlink_share": c.HEADLINK_SHARE, "max_headline_words": c.MAX_HEADLINE_WORDS,
        "max_credit_chars": c.MAX_CREDIT_CHARS, "sample_chars": c.SAMPLE_CHARS,
        "min_caps_letters": c.MIN_CAPS_LETTERS, "max_link_label_chars": c.MAX_LINK_LABEL_CHARS,
        "link_slack": c.LINK_SLACK, "card_depth": c.CARD_DEPTH,
        "prompt_words": lexicon.PROMPT_WORDS, "wide_ranges": lexicon.WIDE_RANGES,
        "max_card_blocks": c.MAX_CARD_BLOCKS,
    }


# Pages that exercise every pass: chaff by tag, role, hidden, style and class or id names
# (camelCase, digits, joined pairs, modifiers, states), lists, tables, code, quotes,
# captions, images, links inside and outside sentences, and entities.
PROBES = (
    ('<html><body class="page has-sidebar"><header id="masthead"><nav class="mainMenu">'
    '<a href="/">Home</a> <a href="/news">News</a></nav></header>'
    '<div class="layout"><article class="post-1234 entry-content" id="post1234">'
    "<h1>A probe headline</h1><p>First paragraph of the article, with a "
    '<a href="/x?a=1&amp;b=2">link inside</a> a sentence; and more words to read.</p>'
    "<h2>Related stories</h2><p>Second paragraph &amp; more: it goes on, line\n after"
    " line<br>and a break, then\u00a0a non-breaking space.</p>"
    '<div class="sr-only">Skip to content</div><div hidden>Hidden text here.</div>'
    '<div style="DISPLAY: none">Styled away.</div><div aria-hidden="true">Aria.</div>'
    "<ul><li>One item of a list, long enough.</li><li>Two <b>bold</b> items</li>"
    '<li><ol><li>Nested ordered</li><li>and second</li></ol></li></ul>'
    "<blockquote><p>A quotation from someone, said well.</p></blockquote>"
    "<pre>  code line one\n    code line two\n</pre>"
    "<table><tr><th>Year</th><th>Value</th></tr><tr><td>2020</td><td> 1 </td></tr></table>"
    '<figure><img src="/a.jpg" alt=" A photo "><figcaption>Photo: Getty Images'
    "</figcaption></figure><img src=\"data:x\"><img data-src=\"/b.png\">"
    '<div class="shareBar social-links"><a href="https://t.example/share">Share</a>'
    ' <a href="javascript:void(0)">Print</a> <a href="#top">Top</a></div>'
    '<div class="comments-open"><p>A layout named for comments, with a sentence.</p></div>'
    '<p><a href="/app">GET THE APP BY CLICKING HERE</a></p><p>A SUBHEAD IN CAPITALS</p>'
    '<p>Read more: <a href="/other">Another story, under a label</a></p>'
    '<div class="meta-content"><p>Meta content that holds a sentence, still article.</p>'
    "</div><my-widget role=main>Custom element text, with a comma.</my-widget>"
    '</article><aside class="sidebar widget"><h3>Most read</h3><ul class="list">'
    '<li class="card"><a href="/1">Teaser headline number one is long</a></li>'
    '<li class="card"><a href="/2">Teaser headline number two is long</a></li>'
    '<li class="card"><a href="/3">Teaser headline number three</a></li></ul></aside>'
    '</div><div id="comments"><div class="comment"><p>A reader wrote this, with a point.</p>'
    '</div><form class="comment-form"><p class="comment-notes">Leave a reply here.</p></form>'
    '</div><div id="cookieConsent" role="dialog"><p>We use cookies. Accept all?</p></div>'
    '<footer><p class="copyright">\u00a9 2024 Example. Impressum.</p></footer>'
    "<p>Trailing text outside, of the page.</p>Loose text at the end.</body></html>"),
    ("<html><body><div class=\"messages error\"><h2>Error message</h2>Library missing."
    "</div><main><p>\u0420\u0443\u0441\u0441\u043a\u0438\u0439 \u0442\u0435\u043a\u0441\u0442"
    " \u0441\u0442\u0430\u0442\u044c\u0438, \u0434\u043b\u0438\u043d\u043d\u044b\u0439"
    " \u0438 \u043f\u043e\u043b\u043d\u044b\u0439.</p><p>\u0424\u043e\u0442\u043e: AFP"
    "</p><h3>\u0130stanbul \u00c9T\u00c9</h3><p>\u00c9T\u00c9 \u00c0 PARIS ET \u00c0 LYON</p>"
    "<table><tr><td><table><tr><td>x</td></tr>"
    "</table></td></tr></table></main></body></html>"),
)
