"""Pages built to make an HTML extractor slow: one element of very many attributes, deep
nesting, huge text, endless links, unclosed tags. The hostile-page tests and the fuzz
benchmark (benchmarks/fuzz.py) run every one; each is made here, not taken from the web."""

from __future__ import annotations

from collections.abc import Callable

SENTENCE = "<p>The council met on Tuesday to discuss the budget, and it agreed to it.</p>"


def _page(body: str) -> str:
    return f"<html><head><title>A hostile page</title></head><body>{body}{SENTENCE}</body></html>"


def _attributes(n: int, value: str = "=x") -> str:
    return " ".join(f"a{i}{value}" for i in range(n))


QUOTED = '="a>b"'
# name -> page of about `n` units of its kind (units: attributes, elements, words, ...)
HOSTILE: dict[str, Callable[[int], str]] = {
    "attributes_on_one_element": lambda n: _page(f"<div {_attributes(n)}>x</div>"),
    "attributes_quoted_with_brackets": lambda n: _page(
        f"<div {_attributes(n, QUOTED)}>x</div>"),
    "attributes_on_every_element": lambda n: _page(
        f"<span {_attributes(200)}>w</span>" * (n // 200)),
    "attributes_merged_into_body": lambda n: _page(
        "".join(f"<body {_attributes(100, f'_{r}')}>" for r in range(n // 100))),
    "attributes_merged_into_html": lambda n: _page(
        "".join(f"<html {_attributes(100, f'_{r}')}>" for r in range(n // 100))),
    "attributes_on_a_script": lambda n: _page(f"<script {_attributes(n)}>var a;</script>"),
    "attributes_on_an_svg_child": lambda n: _page(f"<svg><g {_attributes(n)}></g></svg>"),
    "one_long_attribute": lambda n: _page(f'<div class="{"x" * n * 10}">x</div>'),
    "many_class_words": lambda n: _page(f'<div class="{" ".join(f"c{i}" for i in range(n))}">'
                                        "<p>Some words, a sentence.</p></div>"),
    "long_tag_name": lambda n: _page(f"<d{'x' * n * 10}>x</d>"),
    "unclosed_tags": lambda n: "<a " * n,
    "unclosed_tag_then_quotes": lambda n: '<a b="' + "<a " * n + '">">',
    "quote_then_deep_nesting": lambda n: "<a '" + "<div>" * n + SENTENCE,
    "deep_divs": lambda n: _page("<div>" * n + "x" + "</div>" * n),
    "deep_formatting_elements": lambda n: _page("".join(f"<b id={i}>" for i in range(n))
                                                + "<p>x</p>" * 200),
    "misnested_formatting": lambda n: _page("<b><p>x</b>y</p>" * n),
    "formatting_reconstructed_after_each_paragraph": lambda n: _page(
        "<div>" + "".join(f"<font id={i}>" for i in range(1000)) + "</div>" + "<p>x</p>" * n),
    "formatting_left_open_in_a_small_page": lambda n: _page(
        "<div>" + "".join(f"<i id={i}>" for i in range(1000)) + "</div>"
        + "<p>x</p>" * (n // 20)),
    "ordinary_formatting_reconstructed": lambda n: _page(
        "<div><b><i><u><s><em><strong><font><tt></div>" + "<p>x</p>" * n * 10),
    "stray_end_tags_under_a_deep_stack": lambda n: _page("<span>" * 1000 + "</b>" * n * 10),
    "paragraph_ends_under_a_deep_stack": lambda n: _page("<span>" * 1000 + "</p>" * n * 10),
    "forms_under_a_deep_stack": lambda n: _page("<span>" * 1000 + "<form>x</form>" * n * 10),
    "adoption_agency_repeated": lambda n: _page(("<a>" + "<div>" * 1000 + "</a>") * (n // 100)),
    "adoption_agency": lambda n: _page("<a>" + "<div>" * n + "</a>"),
    "nested_lists": lambda n: _page("<ul><li>" * n + "x"),
    "nested_tables": lambda n: _page("<table><tr><td>" * n + "x"),
    "formatting_in_a_table": lambda n: _page("<table>" + "<b>x" * n + "</table>"),
    "nested_selects_and_templates": lambda n: _page("<select><template>" * n + "x"),
    "huge_text_node": lambda n: _page("<p>" + "word " * n * 50 + "</p>"),
    "one_huge_word": lambda n: _page("<p>" + "w" * n * 200 + "</p>"),
    "many_links": lambda n: _page("".join(f"<a href='/l{i}'>link {i}</a> " for i in range(n))),
    "many_paragraphs": lambda n: _page("".join(f"<p>Paragraph {i}, with a comma.</p>"
                                               for i in range(n * 2))),
    "many_line_breaks": lambda n: _page("<p>" + "x<br>" * n * 5 + "</p>"),
    "many_list_items": lambda n: _page("<ul>" + "<li>item, one." * n * 2 + "</ul>"),
    "many_headings": lambda n: _page("<h2>Heading</h2><p>Text, ok.</p>" * n),
    "many_table_cells": lambda n: _page("<table>" + ("<tr>" + "<td>c, d.</td>" * 20 + "</tr>")
                                        * (n // 10) + "</table>"),
    "many_images": lambda n: _page("".join(f'<img src="/i{i}.png" alt="Picture {i}">'
                                           for i in range(n))),
    "many_hidden_elements": lambda n: _page("".join(
        f'<div style="display:none">Hidden text {i}, yes.</div>' for i in range(n))),
    "many_comments_sections": lambda n: _page(
        "<div id=comments>" + "<div class=comment><p>I agree with this, very much.</p></div>"
        * n + "</div>"),
    "many_prompts": lambda n: _page("<article>" + "<p>Sign up for our newsletter to get the"
                                    " news every morning.</p>" * n + "</article>"),
    "many_bylines_and_dates": lambda n: _page("".join(
        f'<div class="author byline date">By Ann {i}, 12 March 2020</div>' for i in range(n))),
    "many_times": lambda n: _page("".join(f'<time datetime="2020-01-{i % 28 + 1:02d}">x</time>'
                                          for i in range(n))),
    "many_metas": lambda n: _page("".join(f'<meta property="og:title" content="t{i}">'
                                          for i in range(n))),
    "date_words_everywhere": lambda n: _page("<p>" + "Published 12 March 2020, " * n + "</p>"),
    "deep_json_ld": lambda n: _page('<script type="application/ld+json">' + "[" * n + "]" * n
                                    + "</script>"),
    "big_json_ld": lambda n: _page('<script type="application/ld+json">[' + ",".join(
        '{"@type":"NewsArticle","datePublished":"2020-01-01","author":{"name":"A"}}'
        for _ in range(n // 10)) + "]</script>"),
    "many_comments_markup": lambda n: _page("<!-- c -->" * n),
    "unclosed_comment": lambda n: _page("<!--" + "x" * n * 10),
    "unclosed_script": lambda n: _page("<script>" + "x" * n * 10),
    "many_entities": lambda n: _page("<p>" + "&amp;&#x41;&nbsp;&#0;&#xD800;" * n + "</p>"),
    "brackets_only": lambda n: "<" * n * 10 + SENTENCE,
    "nul_characters": lambda n: _page("\x00" * n * 10),
    "lone_surrogates": lambda n: _page("<p>" + "\ud800 a" * n + "</p>"),
    "preformatted_code": lambda n: _page("<pre>" + "line, of code;\n" * n + "</pre>"),
    # Pages of every kind at their largest (issue 15): a thread of thousands of posts, a
    # product of thousands of variants, a docs page under a navigation tree of tens of
    # thousands of links, an endless listing.
    "forum_thread_of_thousands_of_posts": lambda n: _page("".join(
        f'<div class="post" id="p{i}"><div class="user-card">user{i}<span>Posts: {i}</span>'
        f'</div><div class="post-body"><p>Reply {i}: I tried this, and it works for me.</p>'
        '</div><a class="reply" href="#">Reply</a></div>' for i in range(n // 20))),
    "product_of_thousands_of_variants": lambda n: _page(
        '<h1>Trail shoe</h1><table class="variants">' + "".join(
            f"<tr><td>SKU-{i}</td><td>Size {i % 15}</td><td>${i % 90 + 10}.99</td>"
            "<td><button>Add to cart</button></td></tr>" for i in range(n // 16))
        + "</table>"),
    "docs_under_a_huge_navigation_tree": lambda n: _page(
        "<nav class=sidebar>" + "".join(
            "<ul>" + "".join(f'<li><a href="/docs/{g}/{i}">Page {g}.{i}</a></li>'
                             for i in range(20)) + "</ul>" for g in range(n // 80))
        + "</nav><main><h1>Install</h1><pre>pip install x</pre></main>"),
    "endless_listing": lambda n: _page("".join(
        f'<article class="card"><h3><a href="/s/{i}">Story {i}</a></h3>'
        f"<p>Summary of story {i}, in one sentence.</p></article>" for i in range(n // 8))),
}
