"""Parsing: prepare() cuts safely, nesting is capped, and find_named() finds what lexbor's
own selectors find."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dechaff
from bench_pages import BENCH, bench_pages
from dechaff import _walk as native
from dechaff import dom
from dechaff import native as passes


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>a</p><script>var x = 1;" + "x" * 300 + "</script><p>b</p>",
     "<p>a</p><script></script><p>b</p>"),
    ("<script>showDate('2020/04/17')</script>", "<script>showDate('2020/04/17')</script>"),
    ('<style>p { color: red }</style><!-- note --><svg viewBox="0 0 1 1"><path d="M0"/></svg>x',
     '<style></style><svg viewBox="0 0 1 1"></svg>x'),
    ("<SCRIPT>" + "y" * 300 + "</Script >z", "<SCRIPT></Script >z"),
    ("<scripts>kept</scripts>", "<scripts>kept</scripts>"),
    ("<!-- never closed <p>gone</p>", ""),
    ("plain text", "plain text"),
])
def test_prepare_cuts_script_style_svg_bodies_and_comments(html: str, expected: str) -> None:
    assert native.prepare(html, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING) == expected


@pytest.mark.parametrize("tail", ["caf\u00e9", "it\u2019s", "smile \U0001f600"],
                         ids=["one-byte", "two-byte", "four-byte"])
def test_prepare_ends_a_start_tag_at_the_first_unquoted_bracket(tail: str) -> None:
    start = """<script data-a="1>2" data-b='3>4'>"""
    html = start + "x" * 300 + "</script>" + tail
    assert native.prepare(html, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING) == start + "</script>" + tail
    unclosed = '<script data-a="never closed>' + "x" * 300 + tail
    assert native.prepare(unclosed, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING) == unclosed


@pytest.mark.parametrize("html", [
    "", "plain ascii <p>text</p>", "caf\u00e9 <script>" + "x" * 300 + "</script>",
    "it\u2019s <!-- gone --> \u20ac", "smile \U0001f600 <svg><path/></svg>",
    "lone \ud800 surrogate \udfff<p>\u00ff</p>", "<b>" * 600 + "deep",
], ids=["empty", "ascii", "latin-1", "two-byte", "four-byte", "surrogates", "nested"])
def test_prepare_utf8_gives_the_utf8_of_what_prepare_keeps(html: str) -> None:
    kept = native.prepare(html, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING)
    utf8 = native.prepare_utf8(html, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING)
    assert utf8 == kept.encode("utf-8", "ignore")


# Markup pieces and characters of every width, so that cuts, tags and quotes meet
# non-ASCII text and lone surrogates in any order.
_PIECES = st.sampled_from(["<script>", "</script>", "<svg a='>'>", "</svg>", "<!--", "-->",
                           "<p class=\"x>y\">", "</p>", "<br/>", "\"", "'", ">", "<",
                           "caf\u00e9", "\u2019", "\U0001f600", "\ud800", "x" * 40])


@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_prepare_utf8_agrees_with_prepare_on_any_text(html: str) -> None:
    kept = native.prepare(html, 30, 8)
    assert native.prepare_utf8(html, 30, 8) == kept.encode("utf-8", "ignore")


def test_prepare_keeps_json_ld_of_any_length() -> None:
    json_ld = '<script type="application/ld+json">{"headline": "' + "h" * 500 + '"}</script>'
    assert native.prepare(json_ld, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING) == json_ld


def test_the_walk_puts_every_element_after_its_parent() -> None:
    body = dom.parse("<body><div><p>one <b>two</b></p><ul><li>three</li></ul></div></body>").body
    assert body is not None
    assert [tag for tag, _, _ in passes.kinds(body)] == ["body", "div", "p", "ul", "li", "b"]


def test_deep_nesting_is_flattened_below_the_depth_cap() -> None:
    html = ("<body>" + "<div>" * (dom.MAX_DEPTH + 50) + "deep text, in a sentence."
            + "</div>" * 300 + "</body>")
    body = dom.parse(html).body
    assert body is not None
    assert len(passes.kinds(body)) <= dom.MAX_DEPTH + 1
    doc = dechaff.extract(html)
    assert isinstance(doc, dechaff.Document) and doc.text == "deep text, in a sentence."


NESTED = ("<body>" + "<div><span>" * 30 + "<p>deep<br>text</p><img src=x>"
          + "</span></div>" * 30 + "x</body>")


def test_prepare_flattens_nesting_past_the_cap() -> None:
    cut = native.prepare(NESTED, dom.MAX_SCRIPT_CHARS, 10)
    opened = sum(cut.count(f"<{tag}>") for tag in ("body", "div", "span", "p"))
    closed = sum(cut.count(f"</{tag}>") for tag in ("body", "div", "span", "p"))
    assert opened == closed == 10
    assert "deep<br>text" in cut and "<img src=x>" in cut and cut.endswith("x</body>")


def test_prepare_keeps_shallow_pages_as_they_are() -> None:
    html = "<body><div><p>one</p><br/><img src=a></div></body>"
    assert native.prepare(html, dom.MAX_SCRIPT_CHARS, 10) == html


def test_a_hundred_thousand_nested_divs_parse_in_bounded_time() -> None:
    html = "<body>" + "<div>" * 100_000 + "<p>deep text</p>" + "</div>" * 100_000 + "</body>"
    parsed = dom.parse(html)  # 43 s without the cap; the cap makes it linear
    assert "deep text" in parsed.body.text()


# -- find_named: bylines and date lines by the words of their class ------------------------
NAMED = (("byline", "author", "date", "time", "publish", "meta", "created"), "author")


def named_by_selectors(html: str) -> list[tuple[object, ...]]:
    """What lexbor's own selector list finds, with each element's text."""
    words, rel = NAMED
    root = dom.parse(html).root
    assert root is not None
    selector = ", ".join([f"[class*={w} i]" for w in words] + [f"[rel~={rel}]"])
    return [(n.attributes.get("class"), n.attributes.get("id"), n.attributes.get("rel"),
             n.text(deep=True, separator=" ")) for n in root.css(selector)[:60]]


def named_by_c(html: str) -> list[tuple[object, ...]]:
    parsed = dom.parse(html)
    found = dom.find_named(parsed, *NAMED, 60)
    return [(c, i, r, dom.named_text(handle, 10**9)) for c, i, r, handle in found]


@pytest.mark.parametrize("html", [
    "", "<p class=date>x</p>", '<div class="PUBLISHED-At">a<b>b</b>c</div><p class>no</p>',
    '<a rel="nofollow author">Ann</a><a rel="authority">no</a><span class="author">A</span>',
    '<div class="post-meta date"><time class=time>26 Feb</time></div>',  # listed per match
    "<div class=date>" + "<div>" * 600 + "deep" + "</div>" * 600 + "</div>",
    '<p class="\u0130date \u00e9author">\u00fcnicode \x00 text</p>',
])
def test_find_named_gives_what_the_selector_list_gives(html: str) -> None:
    assert named_by_c(html) == named_by_selectors(html)


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_find_named_agrees_with_the_selectors_on_every_benchmark_page() -> None:
    wrong = [name for name, html in bench_pages() if named_by_c(html) != named_by_selectors(html)]
    assert wrong == []


def test_named_text_is_none_past_its_limit() -> None:
    parsed = dom.parse("<div class=date>" + "x" * 50 + "</div>")
    (found,) = dom.find_named(parsed, ("date",), "", 10)
    assert dom.named_text(found[3], 50) == "x" * 50
    assert dom.named_text(found[3], 49) is None


# -- evidence: what metadata reads, in one walk --------------------------------------------
EVIDENCE_QUERY = "html, meta, title, link, script, h1, time, [itemprop]"


def read_by_metadata(node: dom.DomNode) -> bool:
    attrs = node.attributes
    if "itemprop" in attrs:
        return True
    if node.tag == "script":
        return "json" in ascii_lower(attrs.get("type"))
    if node.tag == "link":
        return "canonical" in ascii_lower(attrs.get("rel"))
    return True


def ascii_lower(value: str | None) -> str:
    return "".join(c.lower() if c.isascii() else c for c in value or "")


def evidence_differences(html: str) -> list[str]:
    """Where the evidence walk and lexbor's own query for the same elements differ."""
    parsed = dom.parse(html)
    root = parsed.root
    assert root is not None
    # (a query lists an element once for each selector of the list that it matches; the
    # walk leaves out scripts that are not JSON and links that are not canonical)
    by_query = list(dict.fromkeys((n.tag, n.mem_id) for n in root.css(EVIDENCE_QUERY)
                                  if read_by_metadata(n)))
    if root.tag == "html" and (not by_query or by_query[0][1] != root.mem_id):
        by_query.insert(0, ("html", root.mem_id))  # a query does not find its own root
    walked = [(tag, address) for tag, _, address, _ in dom.evidence(parsed)]
    return [] if walked == by_query else [f"{walked[:5]} != {by_query[:5]}"]


@pytest.mark.parametrize("html", [
    "", "<p>text</p>",
    ('<html lang=de><head><meta name=a content=b><title>T</title></head>'
     '<body><div itemprop="author name">Ann</div><svg><title>x</title></svg><h1>H</h1>'
     '<time datetime="2020-01-02">2 Jan</time><script type="application/ld+json">{}</script>'),
    ('<head><script src=a.js></script><script type="Application/LD+JSON">{}</script>'
     '<link rel=stylesheet href=a.css><link rel="Canonical" href=/a><script itemprop=x>'
     '</script><link rel=icon itemprop=logo href=l.png></head>'),
])
def test_the_evidence_walk_finds_what_a_query_for_the_same_elements_finds(html: str) -> None:
    assert evidence_differences(html) == []


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_evidence_walk_finds_what_the_query_finds_on_every_benchmark_page() -> None:
    wrong = {name: found for name, html in bench_pages() if (found := evidence_differences(html))}
    assert wrong == {}


def test_evidence_gives_the_attributes_metadata_reads_and_the_microdata_name() -> None:
    parsed = dom.parse('<body><span itemprop=author><b itemprop=name>Ann Lee</b> (AP)</span>'
                       '<meta property="og:title" content="A title" data-x=1></body>')
    html, (tag, attrs, address, name), bold, (meta, meta_attrs, _, _) = dom.evidence(parsed)
    assert html[0] == "html" and bold[0] == "b" and bold[2] == name
    assert tag == "span" and attrs == {"itemprop": "author"}
    assert dom.text_at(parsed, name) == "Ann Lee"
    assert dom.text_at(parsed, address) == "Ann Lee  (AP)"  # text nodes joined by a space
    assert meta == "meta" and meta_attrs == {"property": "og:title", "content": "A title"}


# -- bounds on what the parser is given (issue 14) ----------------------------------------
MANY = " ".join(f"a{i}" for i in range(300))


@pytest.mark.parametrize(("html", "expected"), [
    (f"<div {MANY}>x</div>", "<div a0 a1 a2 >x</div>"),
    (f'<img {MANY.replace(" ", "=x ")}/>y', "<img a0=x a1=x a2=x />y"),
    ("<html a b><body c d>" + "<body e f>" * 3, "<html a b><body c ><body ><body ><body >"),
    (f"<script {MANY}>var x;</script>z", "<script a0 a1 a2 >var x;</script>z"),
])
def test_attributes_past_the_cap_are_cut_before_parsing(html: str, expected: str) -> None:
    assert native.prepare(html, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING, 3) == expected


def test_the_benchmark_pages_have_fewer_attributes_on_an_element_than_the_cap() -> None:
    for name, html in bench_pages():
        for node in dom.parse(html).root.traverse():  # type: ignore[union-attr]
            assert len(node.attributes) < dom.MAX_ATTRIBUTES, name


def test_attributes_are_counted_as_the_html_tokenizer_reads_them() -> None:
    html = """<p a="1 > 2" b='c d' e=f"g h=i j>k"""  # a quote inside a value is text
    assert native.prepare(html, 30, 8, 3) == """<p a="1 > 2" b='c d' e=f"g >k"""


def test_a_bracket_inside_a_tag_starts_no_tag() -> None:
    html = "<img src=\"data:image/svg+xml,<svg><path d='M0'/></svg>\" alt='<!-- x -->'><p>y"
    assert native.prepare(html, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING) == html


@pytest.mark.parametrize("html", ["<a " * 1000, '<a b="' + "<a " * 1000, "<p>x<div"])
def test_a_tag_the_page_ends_in_ends_the_cut(html: str) -> None:
    assert native.prepare(html, 3, 3) == html


@given(st.lists(st.one_of(_PIECES, st.sampled_from([" a", " b=c", "<body x>", "<html y>"])),
                max_size=40).map("".join))
def test_prepare_utf8_agrees_with_prepare_when_attributes_are_capped(html: str) -> None:
    kept = native.prepare(html, 30, 8, 2)
    assert native.prepare_utf8(html, 30, 8, 2) == kept.encode("utf-8", "ignore")


def test_a_page_parsed_in_chunks_gives_the_same_tree_as_one_parse() -> None:
    for name, html in bench_pages():
        whole, chunked = dom.parse(html), dom.parse(html, dom.Deadline(60))
        assert whole.html == chunked.html, name


def test_a_parse_stops_reading_at_its_deadline() -> None:
    html = "<p>" + "word " * 2_000_000 + "</p><p>the end</p>"
    parsed = dom.parse(html, dom.Deadline(0))
    assert "the end" not in (parsed.body.text() if parsed.body else "")


def test_formatting_elements_left_open_past_the_cap_are_cut_and_their_text_kept() -> None:
    html = "<div>" + "".join(f"<font id={i}>" for i in range(40)) + "</div><p>x</p>"
    kept = native.prepare(html, dom.MAX_SCRIPT_CHARS, dom.MAX_NESTING, dom.MAX_ATTRIBUTES, 16)
    assert kept.count("<font") == 16
    assert kept.endswith("</div><p>x</p>")
    closed = "<b>a</b>" * 40 + "<i><i>b</i></i>"
    assert native.prepare(closed, 30, 8, 10, 2) == closed


# -- visible_text: what people see below an element, as selectolax's own API reads it -------
def visible_by_selectolax(node: dom.DomNode, out: list[tuple[str, bool]], budget: list[int],
                          depth: int, max_script: int) -> None:
    """The reference: the same walk written with selectolax's nodes (budget: [chars,
    elements])."""
    for child in node.iter(include_text=True):
        if budget[0] <= 0 or budget[1] <= 0 or depth > dom.MAX_DEPTH:
            break
        tag = child.tag
        if tag == "-text":
            text = (child.text_content or "").strip()
            if text:
                out.append((text, False))
                budget[0] -= len(text)
        elif tag == "script":
            text = child.text(deep=True)
            if len(text) <= max_script:
                out.append((text, True))
        elif tag not in dom.SKIPPED_TAGS:
            budget[1] -= 1
            visible_by_selectolax(child, out, budget, depth + 1, max_script)


def visible_both(html: str, chars: int = 3000, elements: int = 500, script: int = 40
                 ) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    parsed = dom.parse(html)
    body = parsed.body
    assert body is not None
    expected: list[tuple[str, bool]] = []
    visible_by_selectolax(body, expected, [chars, elements], 0, script)
    return dom.visible_text(parsed, body.mem_id, chars, elements, script), expected


@pytest.mark.parametrize("html", [
    "", "<p> a </p>\n<p>\u00a0b\u2003</p>", "<p>x<!-- c --><script>showDate(1)</script>y</p>",
    "<script>" + "z" * 41 + "</script><p>after</p>",
    "<div hidden>h<select><option>o</select></div>",
    "<template><p>t</p></template><svg><text>s</text></svg><math>m</math><p>kept</p>",
    "<div>" * 300 + "deep" + "</div>" * 300,
    "<p>" + "word " * 900 + "</p><p>past the budget</p>",
    "<ul>" + "<li>i</li>" * 600 + "</ul>", "<p>\udcff bad \x00 bytes \ufffd</p>",
])
def test_visible_text_is_what_selectolax_reads(html: str) -> None:
    got, expected = visible_both(html)
    assert got == expected


@given(st.text(alphabet="<>/ab pdivscrt!-=\"' \n", max_size=120))
def test_visible_text_agrees_with_selectolax_on_any_markup(html: str) -> None:
    got, expected = visible_both(html, chars=30, elements=8, script=5)
    assert got == expected


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_visible_text_agrees_with_selectolax_on_every_benchmark_page() -> None:
    wrong = [name for name, html in bench_pages() if (lambda b: b[0] != b[1])(visible_both(html))]
    assert wrong == []


def test_the_headline_block_is_a_few_levels_up_and_stops_below_body() -> None:
    parsed = dom.parse("<body><main><article><header><div><h1>T</h1></div></header>"
                       "</article></main></body>")
    (h1,) = parsed.tags("h1")
    assert dom.ancestor(parsed, h1.mem_id, 2) == parsed.css_first("header").mem_id
    assert dom.ancestor(parsed, h1.mem_id, 9) == parsed.css_first("main").mem_id
    assert dom.ancestor(parsed, 0, 3) == 0
