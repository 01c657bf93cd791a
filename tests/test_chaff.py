"""What the chaff rules make of an element: its kind, from tag, role, style and names."""

from __future__ import annotations

import html as html_lib

import pytest

from dechaff import chaff, dom, native
from dechaff.extractor import DEFAULT


def kind_of(tag: str, attrs: dict[str, str | None]) -> str | None:
    """The kind the rules give one element of a page (native.kinds)."""
    written = "".join(f" {name}" if value is None else f' {name}="{html_lib.escape(value)}"'
                      for name, value in attrs.items())
    body = dom.parse(f"<html><body><{tag}{written}>Some text.</{tag}></body></html>").body
    assert body is not None
    walked = native.kinds(body)
    assert walked[1][0] == tag
    return walked[1][2]


def words_of(name: str) -> set[str]:
    """The class-name words (w:<word>) a paragraph inside an element of that class gets."""
    html = (f'<body><div class="{name}"><p>The council met on Tuesday, and it agreed to the '
            "budget.</p></div></body>")
    body = dom.parse(html).body
    assert body is not None
    found = native.features(body, DEFAULT)
    assert found is not None
    return {n[2:] for n in found[1][0] if n.startswith("w:")}


@pytest.mark.parametrize(("name", "words"), [
    ("shareBar_top", {"share", "bar", "top"}),
    ("sr-only", {"sronly"}),
    ("site-footer", {"site", "footer"}),
    ("ADSLOT", {"adslot"}),
    ("comment-950162", {"comment"}),
])
def test_names_split_into_words_whatever_their_style(name: str, words: set[str]) -> None:
    assert words_of(name) == words


@pytest.mark.parametrize(("names", "kind"), [
    ("messages error", "cms_message"),
    ("buorg", "browser_notice"),
    ("jr_overlay", "hidden"),
    ("cookie-banner", "cookie_notice"),
    ("newsletter-signup", "subscribe_prompt"),
    ("comments-area", "comments"),
    ("social-share", "share"),
    ("entry-content", chaff.CONTENT),
    ("post type-post category-news tag-apple", chaff.CONTENT),  # WordPress's own article
    ("has-sidebar", None),  # a layout, not a sidebar
    ("comments-open", None),  # a state, not a thread
    ("comment-950162", "comments"),  # digits do not hide the word
    ("article-buckets-list", None),  # a list of articles is not the article
    ("postList news_grid", None),
    ("list-content", chaff.CONTENT),  # only the last word names a collection
])
def test_class_names_name_their_kind(names: str, kind: str | None) -> None:
    assert kind_of("div", {"class": names}) == kind


@pytest.mark.parametrize(("tag", "attrs", "kind"), [
    ("nav", {}, "navigation"),
    ("div", {"role": "navigation"}, "navigation"),
    ("div", {"style": "display: none"}, "invisible"),
    ("div", {"style": "COLOR: red; Visibility : hidden"}, "invisible"),  # any case, spacing
    ("div", {"style": "visibility: visible"}, None),
    ("div", {"hidden": None}, "invisible"),
    ("div", {"aria-hidden": "true"}, "hidden"),
    ("div", {"itemprop": "articleBody"}, chaff.CONTENT),
    ("article", {}, chaff.CONTENT),
    ("div", {"id": "comments", "class": "article-body"}, chaff.CONTENT),
    ("div", {"id": "cookieConsent"}, "cookie_notice"),
    ("section", {"class": "row"}, None),
])
def test_elements_get_their_kind_from_tag_role_style_and_names(
        tag: str, attrs: dict[str, str | None], kind: str | None) -> None:
    assert kind_of(tag, attrs) == kind


def test_the_kinds_the_rules_give_are_the_kinds_chaff_names() -> None:
    kinds = {*chaff.WORD_KIND.values(), *chaff.CHAFF_TAGS.values(), *chaff.CHAFF_ROLES.values()}
    assert kinds | {chaff.COMMENTS} >= chaff.STRONG_KINDS
    assert kinds >= chaff.NEVER_ARTICLE and kinds >= chaff.ENCLOSING_KINDS
