"""Class and id names to kinds of chaff."""

from __future__ import annotations

import pytest

from dechaff import chaff
from dechaff.dom import Node


@pytest.mark.parametrize(("name", "words"), [
    ("shareBar_top", ("share", "bar", "top")),
    ("sr-only", ("sronly",)),
    ("site-footer", ("site", "footer")),
    ("ADSLOT", ("adslot",)),
])
def test_names_split_into_words_whatever_their_style(name: str, words: tuple[str, ...]) -> None:
    assert chaff.name_words(name) == words


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
    assert chaff.name_kind(names) == kind


@pytest.mark.parametrize(("tag", "attrs", "kind"), [
    ("nav", {}, "navigation"),
    ("div", {"role": "navigation"}, "navigation"),
    ("div", {"style": "display: none"}, "invisible"),
    ("div", {"hidden": None}, "invisible"),
    ("div", {"aria-hidden": "true"}, "hidden"),
    ("div", {"itemprop": "articleBody"}, chaff.CONTENT),
    ("article", {}, chaff.CONTENT),
    ("div", {"id": "comments", "class": "article-body"}, chaff.CONTENT),
    ("div", {"class": "row"}, None),
])
def test_elements_get_their_kind_from_tag_role_style_and_names(
        tag: str, attrs: dict[str, str | None], kind: str | None) -> None:
    assert chaff.node_kind(Node(tag, attrs, None)) == kind
