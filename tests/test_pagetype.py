"""Page types: what kind of page extract() says a page is (Document.page_type)."""

from __future__ import annotations

import pytest

import dechaff
from dechaff import Document, Extractor, Page, pagetype
from dechaff.document import PAGE_TYPES
from dechaff.metadata import Metadata

TYPED = Extractor(page_type=True)  # the default, said outright


def page(title: str, body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{head}</head>"
            f"<body>{body}</body></html>")


NAV = ("<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/about'>About</a></li>"
       "<li><a href='/contact'>Contact</a></li></ul></nav></header>")
FOOTER = "<footer><p>&copy; 2026 Example Ltd. All rights reserved.</p></footer>"


def forum_thread() -> str:
    replies = [
        ("marta_k", ("Have you tried clearing the cache of the build tool first? That fixed the "
                    "same error for me last month when the lock file was out of date.")),
        ("dev_ollie", ("I had this exact problem. The plugin you use pins an old version of the "
                      "compiler, so upgrading it to the latest release made the error go away.")),
        ("sam-r", ("Thanks both, upgrading the plugin worked. Marking this as solved so that "
                  "others can find the answer when they search for the message.")),
        ("marta_k", ("Glad it worked! It might be worth opening an issue so that the plugin's "
                    "maintainers update the pinned version for everyone else as well.")),
    ]
    posts = "".join(
        f"<article class='post'><div class='post-author'><a href='/u/{name}'>{name}</a>\n"
        f"<span class='post-date'>Mar {3 + i}, 2026</span></div>"
        f"<div class='post-body'><p>{text}</p></div>"
        f"<div class='post-actions'><button>Reply</button><button>Like</button>"
        f"<button>Quote</button></div></article>"
        for i, (name, text) in enumerate(replies))
    first = ("<article class='post'><div class='post-author'><a href='/u/sam-r'>sam-r</a>\n"
             "<span class='post-date'>Mar 2, 2026</span></div><div class='post-body'>"
             "<p>Since this morning every build fails with a compiler error about an unknown "
             "option. Nothing changed in my code. Does anyone know why this happens?</p></div>"
             "<div class='post-actions'><button>Reply</button><button>Like</button>"
             "<button>Quote</button></div></article>")
    return page("Build fails with unknown option error after update?",
                f"{NAV}<main><h1>Build fails with unknown option error after update?</h1>"
                f"{first}{posts}</main>{FOOTER}")


def product_page() -> str:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", '
          '"@type": "Product", "name": "Trail Runner 3", "offers": {"@type": "Offer", '
          '"price": "129.00", "priceCurrency": "USD"}}</script>'
          '<meta property="og:type" content="product">')
    specs = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in (
        ("Weight", "280 g"), ("Drop", "8 mm"), ("Upper", "Recycled mesh"),
        ("Outsole", "Rubber, 4 mm lugs")))
    body = (f"{NAV}<main><h1>Trail Runner 3</h1><div class='price'>$129.00</div>"
            "<form><label>Size</label><select><option>9</option><option>10</option></select>"
            "<button>Add to cart</button></form>"
            "<h2>Description</h2><p>A light trail shoe with a grippy outsole and a "
            "cushioned midsole, made for long runs on rough ground and wet rock.</p>"
            f"<h2>Specifications</h2><table>{specs}</table>"
            "<h2>Reviews</h2><p>4.6 out of 5 stars from 212 reviews</p>"
            "<h2>You may also like</h2><ul>"
            "<li><a href='/products/road-runner'>Road Runner</a> $99.00</li>"
            "<li><a href='/products/trail-sock'>Trail Sock</a> $14.00</li></ul>"
            f"</main>{FOOTER}")
    return page("Trail Runner 3 | Example Running Shop", body, ld)


def docs_page() -> str:
    sidebar = "".join(f"<li><a href='/docs/{s}'>{s.title()}</a></li>" for s in (
        "install", "configure", "deploy", "cli", "api", "faq"))
    body = (f"{NAV}<aside><ul>{sidebar}</ul></aside><main><h1>Configuration</h1>"
            "<p>The tool reads its settings from a file named <code>tool.toml</code> in the "
            "project's root folder, or from the file given with <code>--config</code>.</p>"
            "<h2>Options</h2><table><tr><th>Option</th><th>Default</th><th>Meaning</th></tr>"
            "<tr><td>workers</td><td>4</td><td>Processes to run at once.</td></tr>"
            "<tr><td>timeout</td><td>30</td><td>Seconds before a task is stopped.</td></tr>"
            "</table><h2>Example</h2><pre><code>[run]\nworkers = 8\ntimeout = 60\n"
            "</code></pre><p>Options given on the command line override the file.</p>"
            "<h2>Environment variables</h2><p>Each option can also be set as an environment "
            "variable in upper case with the prefix <code>TOOL_</code>.</p>"
            "<pre><code>export TOOL_WORKERS=8</code></pre>"
            f"<p><a href='/edit/docs/configure.md'>Edit this page</a></p></main>{FOOTER}")
    return page("Configuration - Tool documentation", body)


def news_article() -> str:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", '
          '"@type": "NewsArticle", "headline": "Council approves the bridge budget", '
          '"datePublished": "2026-03-04", "author": {"@type": "Person", '
          '"name": "Ana Silva"}}</script><meta property="og:type" content="article">')
    paragraphs = "".join(f"<p>{text}</p>" for text in (
        ("The city council approved the budget for the new bridge on Tuesday evening after a "
        "debate that lasted more than four hours, with eleven votes for and four against."),
        ("The mayor said that work would start in the spring and that the bridge should open "
        "to traffic within two years, if the weather and the suppliers allow it."),
        ("Opposition members argued that the repairs to the old school should have come "
        "first, and asked for an independent review of the costs before any contract."),
        ("Residents who spoke at the meeting were divided: shop owners welcomed the project, "
        "while people living near the river worried about the noise of the works."),
    ))
    body = (f"{NAV}<main><article><h1>Council approves the bridge budget</h1>"
            f"<p class='byline'>By Ana Silva, March 4, 2026</p>{paragraphs}</article></main>"
            f"{FOOTER}")
    return page("Council approves the bridge budget", body, ld)


@pytest.mark.parametrize(("html", "url", "expected"), [
    (forum_thread(), "https://forum.example.org/t/build-fails-after-update/4821", "forum"),
    (product_page(), "https://shop.example.com/products/trail-runner-3", "product"),
    (docs_page(), "https://example.dev/docs/configure", "documentation"),
    (news_article(), "https://news.example.com/2026/03/04/council-approves-bridge-budget",
     "article"),
])
def test_page_types_of_pages_we_wrote_come_out_right(html: str, url: str,
                                                     expected: str) -> None:
    doc = TYPED(Page(html, url))
    assert isinstance(doc, Document), doc
    assert doc.page_type == expected, (doc.page_type, doc.page_type_confidence)
    assert doc.page_type_confidence is not None
    assert pagetype.MIN_CONFIDENCE <= doc.page_type_confidence <= 1.0


def test_every_document_has_a_page_type_from_the_closed_set() -> None:
    for html in (page("Hi", "<p>Just one short line of text here, nothing else at all.</p>"),
                 page("", "<div><span>x</span></div>" * 3 + "<p>" + "word " * 80 + "</p>")):
        doc = TYPED(Page(html))
        assert isinstance(doc, Document), doc
        assert doc.page_type in PAGE_TYPES
        assert doc.page_type_confidence is not None and 0 < doc.page_type_confidence <= 1


@pytest.mark.parametrize("url", ["http://[::1", "http://[zz]/x", "\x00\udcff", "//" * 5000])
def test_a_page_with_an_address_urllib_cannot_split_still_gets_a_type(url: str) -> None:
    doc = TYPED(Page(news_article(), url))
    assert isinstance(doc, Document), doc
    assert doc.page_type in PAGE_TYPES


def test_page_types_are_told_unless_turned_off() -> None:
    doc = dechaff.extract(forum_thread(), "https://forum.example.org/t/x/1")
    assert isinstance(doc, Document) and doc.page_type == "forum"
    plain = Extractor(page_type=False)(Page(forum_thread(), "https://forum.example.org/t/x/1"))
    assert isinstance(plain, Document)
    assert plain.page_type is None and plain.page_type_confidence is None


def test_a_page_no_type_fits_well_is_other() -> None:
    model = pagetype.Model(("article", "forum"), {}, [0.0, 0.0])
    assert model.classify({"bias": 1.0}) == ("article", 0.5)
    unsure = pagetype.Model(tuple(PAGE_TYPES[:7]), {}, [0.0] * 7)
    original = pagetype.default_model
    try:
        pagetype.default_model = lambda: unsure  # type: ignore[assignment]
        found = pagetype.page_type(None, Metadata(), None, None)
    finally:
        pagetype.default_model = original  # type: ignore[assignment]
    assert found == ("other", round(1 / 7, 3))


def test_each_address_and_title_word_names_one_kind_of_page() -> None:
    words = [w for family in pagetype.WORD_FAMILIES.values() for w in family]
    assert len(words) == len(set(words))
    types = [t for family in pagetype.LD_FAMILIES.values() for t in family]
    assert len(types) == len(set(types))


def test_the_address_family_reads_the_hosts_first_label() -> None:
    f = pagetype.page_features(None, Metadata(), "https://docs.example.com/intro", None)
    assert f["uf:docs"] == 1.0
    assert "uf:docs" not in pagetype.page_features(None, Metadata(),
                                                   "https://example.com/intro", None)


def _scores_kept_by(monkeypatch: pytest.MonkeyPatch, kind: str | None,
                    extractor: Extractor) -> tuple[int, list[str]]:
    """How many walks extract() made of a page, and which model's scores each keep of
    blocks read ("article" or "general"), when the page-type model says `kind` (None:
    page types are not asked for)."""
    from dechaff import native

    walks: list[native.Judged | None] = []
    kept: list[str] = []
    judge, keep = native.judge, Extractor.keep

    def spy_judge(*args, **options):  # type: ignore[no-untyped-def]
        walks.append(judge(*args, **options))
        return walks[-1]

    def spy_keep(self, judged, scores):  # type: ignore[no-untyped-def]
        kept.append("article" if scores is judged.scores else
                    "general" if scores is judged.other_scores else "neither")
        return keep(self, judged, scores)

    monkeypatch.setattr(native, "judge", spy_judge)
    monkeypatch.setattr(Extractor, "keep", spy_keep)
    if kind is not None:
        monkeypatch.setattr(pagetype, "page_type", lambda *args: (kind, 0.9))
    doc = extractor(Page(news_article(), "https://news.example.com/2026/03/04/bridge"))
    assert isinstance(doc, Document)
    return len(walks), kept


def test_a_page_of_another_type_keeps_what_the_model_for_such_pages_scored_in_one_walk(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # its type is told from the walk before any block is kept: one keep, by that model
    assert _scores_kept_by(monkeypatch, "product", TYPED) == (1, ["general"])


@pytest.mark.parametrize("kind", ["article", "other"])
def test_an_article_or_an_unsure_type_keeps_the_article_model(
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    assert _scores_kept_by(monkeypatch, kind, TYPED) == (1, ["article"])


def test_without_page_types_only_the_article_model_reads_a_page(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert _scores_kept_by(monkeypatch, None, Extractor(page_type=False)) == (1, ["article"])
