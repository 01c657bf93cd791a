"""What chaff looks like in a DOM: elements that never hold the article, named by kind.

Rules go by structure (tags, ARIA roles, hidden elements) and by the vocabulary web
developers use for class and id names, split into words (`shareBar`, `share-bar` and
`share_bar` all give `share`, `bar`). A rule names a kind of chaff, so the extractor can
report what it removed and tests can ask for it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dechaff.dom import Node

# Tags that hold site chrome, never the article (HTML5 sectioning semantics).
CHAFF_TAGS: dict[str, str] = {
    "nav": "navigation",
    "aside": "sidebar",
    "footer": "footer",
    "header": "header",
    "menu": "navigation",
    "form": "form",
}
FORM = CHAFF_TAGS["form"]
CHAFF_ROLES: dict[str, str] = {
    "navigation": "navigation",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "sidebar",
    "search": "navigation",
    "menu": "navigation",
    "menubar": "navigation",
    "toolbar": "share",
    "dialog": "overlay",
    "alertdialog": "overlay",
    "tablist": "navigation",
}

# Words of class and id names, by the kind of chaff they name. Single words only: the
# splitter turns "social-share-buttons" into three words, and any one of them is enough.
_VOCABULARY: dict[str, tuple[str, ...]] = {
    "navigation": ("nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "pagination",
                   "pager", "skip", "skiplink", "sitemap", "topbar", "masthead", "megamenu",
                   "submenu", "dropdown", "hamburger", "jump", "toc"),
    "share": ("share", "sharing", "sharebar", "social", "socials", "addthis", "sharethis",
              "shariff", "sociallinks", "follow", "whatsapp", "twitter", "facebook", "pinterest",
              "linkedin", "reddit", "email", "print", "tools", "toolbar", "actions", "reactions"),
    "related": ("related", "recommended", "recommendations", "recommend", "trending", "popular",
                "mostread", "mostpopular", "outbrain", "taboola", "zergnet", "readmore", "more",
                "teaser", "teasers", "also", "upnext", "morestories",
                "headlines", "feed", "carousel", "slider", "promo", "promos", "promoted", "partner",
                "partners"),
    "sidebar": ("sidebar", "widget", "widgets", "rail", "aside", "complementary"),
    "comments": ("comment", "comments", "disqus", "respond", "replies", "reply", "discussion",
                 "discuss", "livefyre", "commentlist"),
    "advertising": ("ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising",
                    "adsense", "adslot", "adunit", "dfp", "gpt", "sponsor", "sponsored", "sponsors",
                    "banner", "commercial", "affiliate", "marketing", "doubleclick", "googleads"),
    "cookie_notice": ("cookie", "cookies", "consent", "gdpr", "ccpa", "cmp", "onetrust",
                      "cookiebot", "cookielaw", "didomi", "quantcast", "privacy"),
    "subscribe_prompt": ("newsletter", "newsletters", "subscribe", "subscription", "signup",
                         "paywall", "regwall", "meter", "metered", "piano", "login", "signin",
                         "register", "registration", "membership", "donate", "donation", "optin"),
    "cms_message": ("messages", "message", "alert", "alerts", "notice", "notices", "notification",
                    "notifications", "announcement", "errormsg", "sysmsg"),
    "browser_notice": ("jreject", "jr", "buorg", "browserupdate", "browserupgrade", "browsehappy",
                       "outdated", "outdatedbrowser", "oldbrowser", "unsupported", "chromeframe",
                       "upgradebrowser", "iewarning", "noscript", "nojs", "jsdisabled"),
    "hidden": ("hidden", "hide", "invisible", "sronly", "visuallyhidden", "screenreader",
               "offscreen", "dnone", "collapsed", "modal", "popup", "overlay", "lightbox",
               "tooltip", "offcanvas"),
    "footer": ("footer", "foot", "copyright", "colophon", "legal", "disclaimer", "imprint"),
    "header": ("header", "head", "topnav", "logo", "branding"),
    "byline": ("byline", "author", "authors", "dateline", "timestamp", "date", "time", "meta",
               "posted", "published", "updated", "tags", "tag", "tagged", "categories", "category",
               "label", "labels", "kicker", "eyebrow", "bio", "avatar", "credit", "credits",
               "source", "rating", "stars", "subscribe"),
}
WORD_KIND: dict[str, str] = {w: kind for kind, words in _VOCABULARY.items() for w in words}

# Pairs written as one word and as two: "sr-only" splits to "sr", "only" and is joined back.
_JOINED = frozenset({
    ("sr", "only"), ("screen", "reader"), ("visually", "hidden"), ("d", "none"), ("read", "more"),
    ("more", "stories"), ("most", "read"), ("most", "popular"), ("up", "next"),
    ("browser", "update"), ("browser", "upgrade"), ("old", "browser"), ("ie", "warning"),
    ("no", "js"), ("js", "disabled"), ("error", "msg"), ("sys", "msg"), ("social", "links"),
    ("comment", "list"), ("ad", "slot"), ("ad", "unit"), ("google", "ads"), ("sign", "up"),
    ("sign", "in"), ("opt", "in"), ("cookie", "law"), ("top", "nav"), ("skip", "link"),
    ("mega", "menu"), ("sub", "menu"),
})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# A few words are chaff only as a whole class name, not as part of one: "meta" names a
# byline box, but "meta-content" is how some themes name the article body.
WHOLE_NAME_ONLY = frozenset({"more", "also", "head", "foot", "time", "date",
                             "source", "label", "tools", "actions", "feed", "message",
                             "email", "print", "reply", "jump", "skip", "credit",
                             "gpt", "jr", "collapsed", "hide", "rail", "partner", "toc"})


# Words before a chaff word that make the name describe a state or layout, not chaff.
MODIFIERS = frozenset({"has", "with", "w", "no", "without", "and", "enable", "enabled", "show",
                       "is", "allow", "allows", "open", "closed", "disable", "disabled"})
STATES = frozenset({"open", "closed", "enabled", "disabled", "on", "off", "allowed", "active"})
# Names with these words (and no chaff word) mark the article's container: WordPress's
# `post`, `hentry`, `entry-content`, Drupal's `field-name-body`, `story-body`, `article`.
CONTENT_WORDS = frozenset({"article", "articles", "content", "entry", "post", "story", "body",
                           "text", "main", "hentry", "blog", "prose", "articlebody", "storybody",
                           "postbody", "maincontent", "richtext", "news"})
# A content name that ends in one of these names a collection of articles ("post-list",
# "article-buckets-list", "news-grid"), not the article's container.
COLLECTION_WORDS = frozenset({"list", "lists", "listing", "items", "grid", "feed", "cards",
                              "tiles", "buckets", "stream", "river", "carousel", "slider",
                              "rail", "collection", "archive", "index", "loop"})
CONTENT = "content"  # the kind name_kind gives to names of article containers
CONTENT_TAGS = frozenset({"article", "main"})
# The kind of elements a browser does not show: the `hidden` attribute, an inline style of
# `display: none` or `visibility: hidden`. The extractor does not read them (unless the
# article itself sits in one); `aria-hidden` and class names like "hide" only hide from
# screen readers or may be toggled, so they are the softer kind "hidden".
INVISIBLE = "invisible"
COMMENTS = "comments"
# Kinds whose short texts are never article text, whatever the block model says.
NEVER_ARTICLE = frozenset({"advertising", "cookie_notice", "browser_notice", "cms_message",
                           "share", "subscribe_prompt"})
# Kinds of section that hold other people's text (comments) or a notice, and never wrap the
# page: a content name below one names a comment's body ("comment-content"), not the article.
ENCLOSING_KINDS = frozenset({COMMENTS, "cookie_notice", "browser_notice", "cms_message",
                             "subscribe_prompt"})
# Kinds so specific that no content name on the same element overrules them.
STRONG_KINDS = frozenset({COMMENTS, "cookie_notice", "browser_notice", "cms_message",
                          "subscribe_prompt", "share", "advertising", "hidden", "navigation",
                          "related"})


@lru_cache(maxsize=16384)
def name_kind(name: str) -> str | None:
    """The kind an attribute of class names names: a chaff kind, CONTENT, or None.

    A content name among the classes outweighs chaff names (WordPress puts
    `category-news tag-apple` on the article's own element); among chaff names, the
    strong kinds come first."""
    kinds = {_single_name_kind(one) for one in name.split()}
    return _strongest(kinds)


def _strongest(kinds: set[str | None]) -> str | None:
    kinds.discard(None)
    if not kinds:
        return None
    if CONTENT in kinds:
        return CONTENT
    strong = kinds & STRONG_KINDS
    return min(strong or kinds)  # type: ignore[type-var]


def _single_name_kind(name: str) -> str | None:
    # Digits never make a name chaff or content; without them "comment-950162" and
    # "comment-950163" share one cache entry, so unique ids stop missing the cache.
    return _name_kind(name.translate(_NO_DIGITS) if not name.isalpha() else name)


_NO_DIGITS = str.maketrans("", "", "0123456789")


@lru_cache(maxsize=16384)
def _name_kind(name: str) -> str | None:
    words = name_words(name)
    for i, word in enumerate(words):
        kind = WORD_KIND.get(word)
        if kind is None or (word in WHOLE_NAME_ONLY and len(words) > 1):
            continue
        if i and words[i - 1] in MODIFIERS:  # "has-sidebar" describes a layout, it is not one
            continue
        if i + 1 < len(words) and words[i + 1] in STATES:  # "comments-open" is a state
            continue
        return kind
    if any(word in CONTENT_WORDS for word in words) and words[-1] not in COLLECTION_WORDS:
        return CONTENT
    return None


@lru_cache(maxsize=16384)
def name_words(name: str) -> tuple[str, ...]:
    """Split one class or id name into lower-case words: `shareBar_top` -> share, bar, top."""
    if name.islower() and name.replace("-", "").replace("_", "").isalpha():
        words = [w for w in name.replace("_", "-").split("-") if w]  # the common case, fast
    else:
        words = [w.lower() for w in _WORD.findall(name)]
    joined: list[str] = []
    for word in words:
        if joined and (joined[-1], word) in _JOINED:
            joined[-1] += word
        else:
            joined.append(word)
    return tuple(joined)


def node_kind(node: Node) -> str | None:
    """The chaff kind of an element by its tag, role, visibility and names, or None."""
    attrs = node.attrs
    if not attrs:
        return CHAFF_TAGS.get(node.tag) or (CONTENT if node.tag in CONTENT_TAGS else None)
    if "hidden" in attrs or _hidden_style(attrs.get("style")):
        return INVISIBLE
    if attrs.get("aria-hidden") == "true":
        return "hidden"
    role = attrs.get("role")
    if role and role in CHAFF_ROLES:
        return CHAFF_ROLES[role]
    if attrs.get("itemprop") == "articleBody" or role == "main":
        return CONTENT
    kind = CHAFF_TAGS.get(node.tag)
    if kind is not None:
        return kind
    ident, names = attrs.get("id"), attrs.get("class")
    kind = name_kind(names) if names else None
    if ident:
        kind = _strongest({kind, _single_name_kind(ident)}) if kind != CONTENT else kind
    if kind is None and node.tag in CONTENT_TAGS:
        return CONTENT
    return kind


def _hidden_style(style: str | None) -> bool:
    if not style or ("none" not in style and "hidden" not in style):
        return False
    compact = style.replace(" ", "").lower()
    return "display:none" in compact or "visibility:hidden" in compact
