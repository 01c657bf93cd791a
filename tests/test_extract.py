"""Behaviour of extract(): what is kept, what goes, and what any input gives."""

from __future__ import annotations

import gzip
import pickle
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dechaff
from dechaff import Document, Extractor, Kind, Page, Reason, Rejection, dom, native
from dechaff.document import Block
from dechaff.extractor import DEFAULT, MAX_PROMPT_LOOKS, comment_blocks, numbered_items
from dechaff.render import to_markdown

PROSE = (
    "<p>The council approved the new budget on Tuesday after a long debate, and the mayor "
    "said that the money for the bridge would be spent this year.</p>"
    "<p>Opposition members argued that the repairs to the school should have come first, "
    "but the vote passed by eleven to four.</p>"
)


def page(body: str, head: str = "<title>Budget approved</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def judgement(blocks: list[Block], inside: list[bool]) -> SimpleNamespace:
    """What `Extractor.keep` reads of a judged page: blocks out of any chaff or comments."""
    return SimpleNamespace(blocks=blocks, inside=inside, in_chaff=[False] * len(blocks),
                           in_comments=[False] * len(blocks))


def text_of(html: str | bytes) -> str:
    doc = dechaff.extract(html)
    assert isinstance(doc, Document), doc
    return doc.text


def test_drupal_error_banner_is_dropped() -> None:
    html = page('<div class="messages error"><h2>Error message</h2>Missing or incomplete '
                "installation of the jReject library! Please follow the instructions.</div>"
                f'<div class="node">{PROSE}</div>')
    text = text_of(html)
    assert "bridge would be spent" in text
    assert "jReject" not in text and "Error message" not in text


def test_browser_update_bar_and_javascript_notice_are_dropped() -> None:
    html = page('<div id="buorg" class="buorg">Your web browser (IE 11) is out of date. '
                "Update your browser for more security.</div>"
                "<noscript>JavaScript is disabled in your browser.</noscript>"
                f"<article>{PROSE}</article>")
    text = text_of(html)
    assert "out of date" not in text and "JavaScript" not in text
    assert "eleven to four" in text


def test_cookie_banner_navigation_and_footer_are_dropped() -> None:
    html = page('<nav><a href="/">Home</a> <a href="/news">News</a> '
                '<a href="/sport">Sport</a></nav>'
                '<div class="cookie-consent"><p>We use cookies to improve your experience. By '
                "continuing you accept our use of cookies.</p><button>Accept</button></div>"
                f"<main>{PROSE}</main>"
                '<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>')
    text = text_of(html)
    assert "cookies" not in text and "Copyright" not in text and "Sport" not in text
    assert text.startswith("The council approved")


def test_share_bar_and_ad_label_inside_the_article_are_dropped() -> None:
    html = page(f'<article>{PROSE}<div class="ad-slot"><span>Advertisement</span></div>'
                '<div class="social-share"><a href="#">Share on Facebook</a> '
                '<a href="#">Share on X</a></div></article>')
    text = text_of(html)
    assert "Advertisement" not in text and "Share on" not in text


def test_comments_are_dropped() -> None:
    comment = ("<p>I completely disagree with the council, the school roof has been leaking "
               "for years and nobody has done anything about it at all.</p>")
    html = page(f"<article>{PROSE}</article>"
                f'<div id="comments" class="comments-area"><ol class="comment-list">'
                f'<li class="comment">{comment}</li><li class="comment">{comment}</li>'
                "</ol></div>")
    assert "leaking" not in text_of(html)


def test_a_content_name_inside_the_comments_does_not_make_a_comment_the_article() -> None:
    # Comment systems name each comment's body "content" too; a long comment below a short
    # article must not win the article's element for itself.
    reply = ("<p>I have followed this story for years, and I think the council keeps making "
             "the same mistake: it promises repairs, then spends the money elsewhere, and the "
             "people who live near the bridge are left waiting for another decade.</p>")
    html = page(f'<div class="story">{PROSE}</div>'
                '<div id="comments"><div class="comment"><div class="comment-meta">'
                '<a href="/u/1">reader</a></div>'
                f'<div class="content">{reply * 4}</div></div></div>')
    judged = DEFAULT.judge(dom.parse(html))
    assert isinstance(judged, native.Judged)
    inside = {b.text[:20] for b, inside in zip(judged.blocks, judged.inside, strict=True)
              if inside}
    assert inside == {"The council approved", "Opposition members a"}
    text = text_of(html)
    assert "eleven to four" in text
    assert "same mistake" not in text


COMMENTS = ('<div id="comments" class="comments-area"><h2>2 thoughts on "Budget approved"</h2>'
            '<ol class="comment-list"><li class="comment"><div class="comment-author">'
            '<a href="/u/ann">Ann</a> says:</div><div class="comment-meta">November 29, 2026 at '
            '9:14 am</div><div class="comment-content"><p>About time. The bridge has been '
            "closed to lorries for two winters now.</p><p>Well done!</p></div>"
            '<a class="reply" href="#r">Reply</a></li><li class="comment"><div '
            'class="comment-content"><p>And the school roof still leaks, as it has done since '
            'the storm.</p></div></li></ol><div id="respond"><h3>Leave a Reply</h3>'
            '<form class="comment-form"><p class="comment-notes">Fill in the fields below, and '
            'note that your address stays private.</p><p class="comment-form-cookies-consent">'
            "<label>Save my name and address in this browser for the next time I comment."
            "</label></p></form></div></div>")
READERS = ["About time. The bridge has been closed to lorries for two winters now.",
           "Well done!", "And the school roof still leaks, as it has done since the storm."]


def test_comments_are_given_apart_from_the_article_when_asked_for() -> None:
    html = page(f"<article>{PROSE}</article>{COMMENTS}<footer>Copyright 2026</footer>")
    default = dechaff.extract(html)
    assert isinstance(default, Document) and default.comments == ()
    extractor = Extractor(comments=True)
    parsed = dom.parse(html)
    judged = extractor.judge(parsed)
    assert isinstance(judged, native.Judged)
    assert [b.text for b in comment_blocks(judged, extractor.keep(judged, judged.scores))] \
        == READERS  # no name, date, "Reply", heading or anything of the form
    doc = extractor(Page(html))
    assert isinstance(doc, Document)
    assert [b.text for b in doc.comments] == READERS
    assert doc.text == default.text  # the article is the same either way
    assert doc.author is None  # the comment's author is not the article's


def test_a_comment_outside_the_article_s_element_is_never_part_of_the_article() -> None:
    story = [f"Paragraph {i}: the council met on Tuesday and voted to repair the old bridge."
             for i in range(4)]
    blocks = [Block(Kind.PARAGRAPH, text) for text in (*story, READERS[2], READERS[0])]
    judged = judgement(blocks, [True] * 5 + [False])
    scores = [4.0, 5.0, 5.0, 4.0, 5.0, 6.0]  # the model takes both comments for prose
    assert DEFAULT.keep(judged, scores) == [True] * 6  # type: ignore[arg-type]
    judged.in_comments = [False] * 4 + [True, True]
    # The one inside the chosen element stays: that element was chosen as the article's.
    assert DEFAULT.keep(judged, scores) == [True] * 5 + [False]  # type: ignore[arg-type]


def test_what_the_browser_does_not_show_is_not_read() -> None:
    hidden = ("The committee also discussed a proposal to sell the old depot, which "
              "was withdrawn before the vote and will come back next spring.")
    html = page(f"<article>{PROSE}<p hidden>{hidden}</p>"
                f'<div style="Display : none;"><p>{hidden}</p></div>'
                f'<div style="visibility:hidden"><p>{hidden}</p></div>{PROSE}</article>')
    text = text_of(html)
    assert "old depot" not in text
    assert "eleven to four" in text


def test_an_article_inside_an_element_hidden_until_scripts_run_is_still_read() -> None:
    html = page('<div id="page" style="display:none"><nav><a href="/">Home</a></nav>'
                f"<article>{PROSE}</article></div>")
    assert "bridge would be spent" in text_of(html)


def test_links_inside_a_sentence_outside_the_chosen_element_keep_their_text() -> None:
    lede = ('<div class="intro"><p>The <a href="/council">city council</a> met on Tuesday to '
            'vote on the <a href="/budget-2027">budget for next year</a>.</p></div>')
    html = page(f"{lede}<article>{PROSE}{PROSE}</article>")
    judged = DEFAULT.judge(dom.parse(html))
    assert isinstance(judged, native.Judged)
    outside = [b.text for b, inside in zip(judged.blocks, judged.inside, strict=True)
               if not inside]
    assert "The city council met on Tuesday to vote on the budget for next year." in outside


def test_a_flat_copy_of_the_article_gives_way_to_the_blocks_it_repeats() -> None:
    paragraphs = [f"Paragraph {i} of the report says that the council will spend {i} million "
                  "on roads, schools and the old bridge over the next five years, and that "
                  "the money comes from the reserve fund." for i in range(12)]
    copy = " ".join(paragraphs)
    blocks = [Block(Kind.HEADING, "The budget", level=2),
              *(Block(Kind.PARAGRAPH, text) for text in paragraphs),
              Block(Kind.PARAGRAPH, copy)]
    judged = judgement(blocks, [True] * len(blocks))
    scores = [1.0] * (len(blocks) - 1) + [5.0]
    scores[3] = -1.0  # one paragraph the model would drop: the copy vouches for it
    keep = DEFAULT.keep(judged, scores)  # type: ignore[arg-type]
    assert keep == [True] * (len(blocks) - 1) + [False]
    short = Extractor(copy_min_words=10_000)
    assert short.keep(judged, scores)[-1] and not short.keep(judged, scores)[3]  # type: ignore[arg-type]


def test_a_long_paragraph_that_quotes_a_short_one_is_not_a_copy() -> None:
    quote = "The mayor said that the bridge would be finished before the winter."
    long = " ".join(["The council met for six hours and heard from forty residents."] * 40)
    blocks = [Block(Kind.PARAGRAPH, quote), Block(Kind.PARAGRAPH, f"{long} {quote}")]
    judged = judgement(blocks, [True, True])
    assert DEFAULT.keep(judged, [1.0, 1.0]) == [True, True]  # type: ignore[arg-type]


def test_a_prompt_is_not_kept_however_sure_the_model_is() -> None:
    story = [f"Paragraph {i} of the story: the council met on Tuesday and voted to spend the "
             "reserve on the old bridge." for i in range(3)]
    prompts = ["Sign up for our newsletter and get the best stories in your inbox.",
               "Share this on WhatsApp", "Abonnez-vous \u00e0 notre newsletter"]
    quote = "Jane Doe wrote:"  # the lexicon's comment prompt, but it opens quotations too
    texts = [story[0], prompts[0], story[1], prompts[1], story[2], prompts[2], quote]
    blocks = [Block(Kind.PARAGRAPH, text) for text in texts]
    keep = DEFAULT.keep(judgement(blocks, [True] * len(blocks)), [5.0] * len(blocks))  # type: ignore[arg-type]
    assert [text for text, k in zip(texts, keep, strict=True) if k] == [*story, quote]


def test_a_page_of_prompts_has_only_so_many_looked_up() -> None:
    texts = [f"Share this story with friend number {i}" for i in range(3 * MAX_PROMPT_LOOKS)]
    blocks = [Block(Kind.PARAGRAPH, text) for text in [*texts, texts[0]]]
    keep = DEFAULT.keep(judgement(blocks, [True] * len(blocks)), [5.0] * len(blocks))  # type: ignore[arg-type]
    assert keep == [False] * MAX_PROMPT_LOOKS + [True] * (2 * MAX_PROMPT_LOOKS) + [False]


TICKER = ["Flood warnings issued for three river valleys as the rain goes on",
          "Rail strike called off after talks with the union last night",
          "Museum reopens its east wing after two years of repairs"]


def test_a_kept_list_that_a_rejected_list_further_down_repeats_goes_with_it() -> None:
    story = [f"Paragraph {i} of the story: the council met on Tuesday and voted to spend the "
             "reserve on the old bridge." for i in range(4)]
    texts = [*TICKER, *story, "Latest news", *TICKER]
    blocks = [Block(Kind.ITEM, text) for text in texts]
    inside = [True] * 7 + [False] * 4  # the ticker sits in the chosen element, its copy not
    scores = [1.0, 1.5, 0.5, 4.0, 5.0, 5.0, 4.0, -3.0, -4.0, -4.5, -1.0]
    judged = judgement(blocks, inside)
    keep = DEFAULT.keep(judged, scores)  # type: ignore[arg-type]
    # The last copy is rejected, but not surely enough (-1 > -2): its first item stays.
    assert keep == [False, False, True] + [True] * 4 + [False] * 4
    # A repeat inside the chosen element is no evidence: the article may repeat itself.
    judged.inside = [True] * len(blocks)
    assert DEFAULT.keep(judged, scores)[:3] == [True, True, True]  # type: ignore[arg-type]


def test_a_news_ticker_above_the_article_that_the_footer_repeats_is_dropped() -> None:
    headlines = [*TICKER, "Council approves plan for four hundred new homes at the edge of town"]
    # Teasers like these read as prose: without the repeat, the model keeps some of them.
    items = "".join(f"<li><a href='/news/{i}'>{h}</a> LONDON: {h.lower()} said officials on "
                    "Monday.</li>" for i, h in enumerate(headlines))
    story = "".join(f"<p>Paragraph {i} of the story: the council met on Tuesday evening and "
                    "voted, after a long debate, to spend the reserve on repairing the old "
                    "bridge, closed since the spring floods.</p>" for i in range(6))
    html = page(f"<div class='main-content'><div class='ticker'><span>Breaking News</span>"
                f"<ul>{items}</ul></div><h1>Bridge repairs approved</h1>{story}</div>"
                f"<footer><h3>Breaking News</h3><ul>{items}</ul><p>Copyright 2026</p></footer>",
                head="<title>Bridge repairs approved</title>")
    # the rule is keep()'s, whatever the model; this page is held to the article model's
    # scores (without page types, its few blocks read as documentation at 0.30)
    doc = Extractor(page_type=False)(dechaff.Page(html))
    assert isinstance(doc, Document)
    assert "Paragraph 5 of the story" in doc.text
    assert not any(h.lower() in doc.text.lower() for h in headlines)


def test_a_standfirst_that_the_first_paragraph_repeats_does_not_take_it_away() -> None:
    standfirst = "The council voted on Tuesday to spend its reserve on repairing the old bridge."
    rest = [f"Paragraph {i}: the work starts in spring and the bridge stays open to buses "
            "while it goes on." for i in range(3)]
    blocks = [Block(Kind.PARAGRAPH, text) for text in (standfirst, standfirst, *rest)]
    judged = judgement(blocks, [False, True, True, True, True])
    keep = DEFAULT.keep(judged, [-3.0, 4.0, 5.0, 5.0, 4.0])  # type: ignore[arg-type]
    assert keep == [False, True, True, True, True]


@pytest.mark.parametrize("ending", ["...", "\u2026"])
def test_text_cut_short_with_an_ellipsis_is_kept_only_when_the_model_is_sure(ending: str) -> None:
    story = [f"Paragraph {i}: the council met on Tuesday and voted to repair the old bridge."
             for i in range(4)]
    teaser = "Rail strike called off after late talks between the union and the operator"
    blocks = [Block(Kind.PARAGRAPH, text) for text in (*story, teaser + ending, teaser + ".")]
    judged = judgement(blocks, [True] * 6)
    # Both teasers are in the main run, which keeps what scores above 0; the one cut
    # short has to clear the threshold of blocks outside the run (2) as well.
    keep = DEFAULT.keep(judged, [4.0, 5.0, 5.0, 4.0, 1.0, 1.0])  # type: ignore[arg-type]
    assert keep == [True] * 4 + [False, True]
    keep = DEFAULT.keep(judged, [4.0, 5.0, 5.0, 4.0, 3.0, 1.0])  # type: ignore[arg-type]
    assert keep == [True] * 6


def test_items_the_article_numbers_in_sequence_stay_whatever_the_model_says() -> None:
    texts = ["The ten gifts we would buy this year, with where to find them.",
             "1) A kit to build the old bridge in bricks http://shop.example/a",
             "", "2) The box set of the first three films http://shop.example/b",
             "http://shop.example/c",  # a link on its own line does not break the run
             "3) A print of the harbour at night http://shop.example/d",
             "5) The board game from 1985 http://shop.example/e",
             "6) A rain jacket for the dog http://shop.example/f",
             "1) Eggs", "2) Flour", "3) Milk"]
    blocks = [Block(Kind.IMAGE if not t else Kind.PARAGRAPH, t) for t in texts]
    inside = [True] * 8 + [False] * 3  # the last list is outside the chosen element
    judged = judgement(blocks, inside)
    scores = [3.0, -3.0, -2.0, -4.0, -4.0, -3.5, -4.0, -4.0, -5.0, -5.0, -5.0]
    keep = DEFAULT.keep(judged, scores)  # type: ignore[arg-type]
    # 1) to 3) make a run; 5) and 6) are two items only (4 is missing); a link alone stays out.
    assert keep == [True, True, False, True, False, True] + [False] * 5
    # Inside the chosen element the short list counts too, unless it sits in a share bar
    # or an ad slot, whose short texts are never kept.
    judged.inside = [True] * 11
    assert DEFAULT.keep(judged, scores)[8:] == [True] * 3  # type: ignore[arg-type]
    judged.in_chaff = [False] * 8 + [True] * 3
    assert DEFAULT.keep(judged, scores)[8:] == [False] * 3  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["1.5 million people live there", "2026. A year of storms",
                                  "12 angry men", "(1) the first"])
def test_numbers_that_do_not_open_an_item_are_not_items(text: str) -> None:
    blocks = [Block(Kind.PARAGRAPH, text) for _ in range(3)]
    assert numbered_items(blocks, [True] * 3) == []


def test_short_repeats_are_left_alone() -> None:
    blocks = [Block(Kind.PARAGRAPH, "Read the full story"), *(Block(Kind.PARAGRAPH, p) for p in
              TICKER), Block(Kind.PARAGRAPH, "Read the full story")]
    judged = judgement(blocks, [True, True, True, True, False])
    keep = DEFAULT.keep(judged, [3.0, 4.0, 4.0, 4.0, -5.0])  # type: ignore[arg-type]
    assert keep == [True] * 4 + [False]


def test_headings_lists_tables_quotes_and_code_are_kept_with_their_structure() -> None:
    html = page(
        "<article><h1>Budget approved</h1>" + PROSE +
        "<h2>What the money pays for</h2><ul><li>The bridge repairs</li><li>Two new buses</li></ul>"
        "<table><tr><th>Item</th><th>Cost</th></tr><tr><td>Bridge</td><td>1.2m</td></tr></table>"
        "<blockquote><p>We kept every promise we made, the mayor said.</p></blockquote>"
        "<pre><code>total = bridge + buses\n</code></pre>" + PROSE + "</article>")
    doc = dechaff.extract(html)
    assert isinstance(doc, Document)
    kinds = {block.kind for block in doc.blocks}
    assert {Kind.HEADING, Kind.ITEM, Kind.TABLE, Kind.QUOTE, Kind.CODE} <= kinds
    markdown = to_markdown(doc, front_matter=False)
    assert "## What the money pays for" in markdown
    assert "- The bridge repairs" in markdown
    assert "| Bridge | 1.2m |" in markdown
    assert "> We kept every promise" in markdown
    assert "```\ntotal = bridge + buses\n```" in markdown


def test_the_headline_that_repeats_the_title_is_not_part_of_the_text() -> None:
    html = page(f"<article><h1>Budget approved</h1>{PROSE}</article>")
    doc = dechaff.extract(html)
    assert isinstance(doc, Document)
    assert doc.title == "Budget approved"
    assert not doc.text.startswith("Budget approved")


def test_bytes_are_decoded_by_their_declared_charset() -> None:
    html = page("<article><p>Caf\xe9 owners in the old town said that the new parking rules, "
                "which came into force on Monday, had cut their trade by half.</p></article>",
                '<meta charset="windows-1252"><title>Caf\xe9s</title>')
    assert "Café owners" in text_of(html.encode("cp1252"))


def test_a_page_can_carry_its_url_and_http_charset() -> None:
    body = page(f"<article>{PROSE}</article>").replace("council", "cönseil")
    doc = dechaff.extract(Page(body.encode("latin-1"), url="https://example.org/a",
                               charset="iso-8859-1"))
    assert isinstance(doc, Document)
    assert doc.url == "https://example.org/a" and "cönseil" in doc.text


@pytest.mark.parametrize(("content", "reason"), [
    (b"", Reason.EMPTY),
    ("   \n\t ", Reason.EMPTY),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, Reason.NOT_HTML),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", Reason.NOT_HTML),
    (gzip.compress(b"<html><body><p>zipped</p></body></html>"), Reason.NOT_HTML),
    ("Just a line of plain text without any markup at all.", Reason.NOT_HTML),
    ("<html><body><script>var a = 1;</script></body></html>", Reason.NO_ARTICLE),
    ("<html><body><div><span></span></div></body></html>", Reason.NO_ARTICLE),
])
def test_unusable_input_gives_a_rejection_with_its_reason(content: str | bytes,
                                                         reason: Reason) -> None:
    result = dechaff.extract(content)
    assert isinstance(result, Rejection)
    assert result.reason is reason
    assert not result  # a rejection is falsy, so `if doc := extract(...)` reads well


def test_a_hundred_thousand_nested_divs_give_an_answer() -> None:
    html = "<html><body>" + "<div>" * 100_000 + PROSE + "</div>" * 100_000 + "</body></html>"
    result = dechaff.extract(html)
    assert isinstance(result, (Document, Rejection))
    if isinstance(result, Document):
        assert "bridge" in result.text


def test_a_fifty_megabyte_page_is_cut_to_the_size_cap() -> None:
    filler = "<p>" + "lorem ipsum dolor sit amet, " * 40 + "</p>\n"
    html = page(f"<article>{PROSE}</article>" + filler * (50_000_000 // len(filler)))
    result = Extractor(max_chars=2_000_000)(Page(html))
    assert isinstance(result, (Document, Rejection))


def test_nul_bytes_and_broken_utf8_do_not_break_extraction() -> None:
    raw = page(f"<article>{PROSE}</article>").encode() + b"\x00\xff\xfe\xc3"
    raw = raw.replace(b"budget", b"bud\x00get\xc3\x28")
    assert "bridge" in text_of(raw)


def test_the_time_guard_gives_a_timeout_rejection() -> None:
    result = Extractor(timeout_s=0.0)(Page(page(f"<article>{PROSE}</article>")))
    assert isinstance(result, Rejection) and result.reason is Reason.TIMEOUT


def test_records_and_the_extractor_survive_pickling() -> None:
    doc = dechaff.extract(page(f"<article>{PROSE}</article>"))
    rejection = dechaff.extract(b"")
    for value in (doc, rejection, Extractor(), Page(b"<p>x</p>", url="https://a.example")):
        assert pickle.loads(pickle.dumps(value)) == value


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4000))
def test_any_bytes_give_a_document_or_a_rejection(data: bytes) -> None:
    assert isinstance(dechaff.extract(data), (Document, Rejection))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=3000), st.sampled_from(["", "<p>", "<div class='x'>", "<table><tr><td>"]))
def test_any_text_gives_a_document_or_a_rejection(text: str, prefix: str) -> None:
    assert isinstance(dechaff.extract(prefix + text), (Document, Rejection))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000), st.sampled_from(
    ["<div id='comments'>", "<ol class='comment-list'><li class='comment'><form><p>"]))
def test_any_text_in_a_comments_section_gives_a_document_or_a_rejection(text: str,
                                                                        prefix: str) -> None:
    result = Extractor(comments=True)(Page(f"<article><p>{text}</p></article>{prefix}{text}"))
    assert isinstance(result, (Document, Rejection))
