"""What chaff looks like in a DOM: elements that never hold the article, named by kind.

The rules (applied by `node_kind` in _article.c, in this order):
1. an element a browser does not show (the `hidden` attribute, an inline `display: none`
   or `visibility: hidden`) is INVISIBLE; `aria-hidden="true"` is the softer HIDDEN;
2. an ARIA role of CHAFF_ROLES gives its kind; `role=main` and `itemprop=articleBody`
   give CONTENT; a tag of CHAFF_TAGS gives its kind;
3. class and id names are split into words (`shareBar`, `share-bar` and `share_bar` all
   give `share`, `bar`; pairs of JOINED are joined back; digits never count, and a name
   with digits between its letters is a generated hash, which names nothing), and the
   first word of WORD_KIND names the kind, unless it is WHOLE_NAME_ONLY in a longer name,
   follows one of MODIFIERS ("has-sidebar"), comes before one of STATES
   ("comments-open"), or is one of PART_WORDS after one of COMPONENT_WORDS
   ("card-header"); a name without chaff words but with CONTENT_WORDS names CONTENT,
   unless its last word is one of COLLECTION_WORDS ("post-list");
4. among an element's names a content name wins, then STRONG_KINDS, then the first kind
   in alphabetical order; CONTENT_TAGS give CONTENT when nothing else names the element;
5. a notice is short: SHORT_KINDS on an element of more than MAX_NOTICE_CHARS characters
   of text name nothing.
A rule names a kind of chaff, so the extractor can report what it removed and tests can ask
for it (native.kinds).
"""

from __future__ import annotations

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
JOINED = frozenset({
    ("sr", "only"), ("screen", "reader"), ("visually", "hidden"), ("d", "none"), ("read", "more"),
    ("more", "stories"), ("most", "read"), ("most", "popular"), ("up", "next"),
    ("browser", "update"), ("browser", "upgrade"), ("old", "browser"), ("ie", "warning"),
    ("no", "js"), ("js", "disabled"), ("error", "msg"), ("sys", "msg"), ("social", "links"),
    ("comment", "list"), ("ad", "slot"), ("ad", "unit"), ("google", "ads"), ("sign", "up"),
    ("sign", "in"), ("opt", "in"), ("cookie", "law"), ("top", "nav"), ("skip", "link"),
    ("mega", "menu"), ("sub", "menu"),
})
# A few words are chaff only as a whole class name, not as part of one: "meta" names a
# byline box, but "meta-content" is how some themes name the article body.
WHOLE_NAME_ONLY = frozenset({"more", "also", "head", "foot", "time", "date",
                             "source", "label", "tools", "actions", "feed", "message",
                             "email", "print", "reply", "jump", "skip", "credit",
                             "gpt", "jr", "collapsed", "hide", "rail", "partner", "toc",
                             # framework names: Adobe AEM's components are cmp-*, Elementor's
                             # elementor-widget-*, a JavaScript hook js-...Tooltip
                             "cmp", "widget", "tooltip"})


# Words before a chaff word that make the name describe a state or layout, not chaff
# ("overflow-hidden" is Tailwind's clipping, not a hidden element).
MODIFIERS = frozenset({"has", "with", "w", "no", "without", "and", "enable", "enabled", "show",
                       "is", "allow", "allows", "open", "closed", "disable", "disabled",
                       "overflow"})
# "header" and "footer" name the page's own header and footer, but after the name of a
# component ("card-header", "entry-footer", "section-header", "panel-heading") a part of it.
PART_WORDS = frozenset({"header", "footer", "head", "foot"})
COMPONENT_WORDS = frozenset({"card", "section", "panel", "entry", "post", "article", "table",
                             "modal", "accordion", "tab", "block", "content", "widget", "item",
                             "product", "comment", "column", "box", "tile", "hero"})
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
CONTENT = "content"  # the kind given to names of article containers
CONTENT_TAGS = frozenset({"article", "main"})
# The kind of elements a browser does not show: the `hidden` attribute, an inline style of
# `display: none` or `visibility: hidden`. The extractor does not read them (unless the
# article itself sits in one); `aria-hidden` and class names like "hide" only hide from
# screen readers or may be toggled, so they are the softer kind "hidden".
INVISIBLE = "invisible"
HIDDEN = "hidden"
COMMENTS = "comments"
# Kinds whose short texts are never article text, whatever the block model says.
NEVER_ARTICLE = frozenset({"advertising", "cookie_notice", "browser_notice", "cms_message",
                           "share", "subscribe_prompt"})
# Kinds of section that hold other people's text (comments) or a notice, and never wrap the
# page: a content name below one names a comment's body ("comment-content"), not the article.
ENCLOSING_KINDS = frozenset({COMMENTS, "cookie_notice", "browser_notice", "cms_message",
                             "subscribe_prompt"})
# A CMS message is short: an element named as one that holds more than MAX_NOTICE_CHARS
# characters of text is not one (XenForo's "block--messages" holds a forum thread), and the
# name is not read as chaff. Of the elements so named in the three benchmark sets, those over
# 2,000 characters were mostly article text (9) or mixed (9), never mostly chaff; elements
# named as browser notices, cookie notices or subscription prompts that long were mostly
# chaff (49 of 67), so the rule stops at messages.
SHORT_KINDS = frozenset({"cms_message"})
MAX_NOTICE_CHARS = 2000
# Kinds so specific that no content name on the same element overrules them.
STRONG_KINDS = frozenset({COMMENTS, "cookie_notice", "browser_notice", "cms_message",
                          "subscribe_prompt", "share", "advertising", HIDDEN, "navigation",
                          "related"})
