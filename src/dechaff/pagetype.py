"""What kind of page a page is: article, forum, product, documentation, service, listing,
collection or other (document.PAGE_TYPES), by a learned multinomial logistic model.

The evidence is what extraction has already read, so telling the type costs no second
walk of the page: what the page says of itself (its JSON-LD types, og:type, whether it
names a date, an author, a description), the words of its address and of its title, and
the shape of its blocks as the passes serialised them (how many are headings, code,
tables, links, prices, dates, cards of look-alikes; how long its paragraphs are; the
words of its short labels and headings). Words count twice: each as itself (learned
only when seen on several sites, scripts/train_pagetype.py) and by the family a small
vocabulary puts it in ("threads", "topic" and "viewtopic" are all forum words), so that a
site's own spelling of a common idea still counts. The weights are learned by
scripts/train_pagetype.py from modern-web's labelled pages and ship in
dechaff/data/pagetype.json.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import cast
from urllib.parse import urlsplit

from dechaff import native
from dechaff.document import Kind
from dechaff.metadata import Metadata

# A block this much link counts as a link block (a menu entry, a card's headline).
LINKED_SHARE = 0.5
# Words of an address or title that count: letters only, two or more.
_WORD = re.compile(r"[^\W\d_]{2,}")
_ASCII_WORD = re.compile(r"[a-z]{2,}")  # the same words in ASCII lower case, twice as fast
# Only so many words of a title or address are read.
MAX_WORDS = 12
# Shares of the blocks and of the text are put in buckets at these bounds.
SHARE_BOUNDS = (0.05, 0.15, 0.3, 0.5, 0.7)
COUNT_BOUNDS = (5, 20, 60, 150, 400)  # blocks of the page
# A path deeper than this counts as this deep.
MAX_DEPTH = 5
# Blocks up to this long are labels and buttons: their words are features ("sw:<word>"),
# and a price in one counts (product and collection pages show many).
MAX_LABEL_CHARS = 30
# A price is what the pattern [$€£¥]\s?\d|\d\s?(?:€|USD|EUR)\b finds ("$5", "$ 5", "5 USD";
# native.short_lines counts the lines that hold one, and the tests hold it to the pattern).
PRICE_BOUNDS = (1, 3, 10)
# A price in a block up to this long counts among the page's prices (a tile's "From
# $129.99 or $10.83/mo."), and so many make a shop's grid: collection pages show dozens.
MAX_PRICED_CHARS = 80
PRICED_BOUNDS = (1, 3, 8, 20, 50)
SLUG_BOUNDS = (2, 4, 7)  # words of the path's last segment
# A block in a card of this many look-alikes or more is one of a list of teasers or tiles.
MIN_CARDS = 5
CUT_SHORT = ("...", "\u2026")  # a teaser's summary ends so
_DATE_PATH = re.compile(r"(?:^|/)(?:19|20)\d\d/(?:[01]?\d)(?:/|$)")
# Headings and linked headings of a page (listings link each item's headline).
HEADING_BOUNDS = (1, 4, 10, 25)
# The median paragraph's characters: articles write long ones, landing pages short.
PARAGRAPH_BOUNDS = (40, 80, 150, 300)
LONG_PARAGRAPH = 300  # characters; the share of the text in such paragraphs counts
CODE_BOUNDS = (0.001, 0.02, 0.1, 0.3)  # share of the text in code blocks (documentation)
TABLE_BOUNDS = (0.001, 0.05, 0.2, 0.5)  # share of the text in tables (specifications)
CUT_BOUNDS = (1, 3, 8, 20)  # blocks cut short with an ellipsis (teasers of a listing)
# Short blocks that read as a date or a time ("3 days ago", "Jan 5, 2024", "05/01/2024"):
# a forum shows one per post.
MAX_DATED_CHARS = 40
DATED_BOUNDS = (1, 3, 8, 20)
# A date is what this pattern finds in lower-case text, where <month> is jan, feb, ... dec:
# \b(?:ago|yesterday|today|<month>[a-z]*\.? \d{1,2})\b|\b\d{1,2}(?:[/.-]\d{1,2}[/.-]\d{2,4}\b|
# <month>)|\b(?:19|20)\d\d-\d\d-\d\d\b (native.short_lines counts the lines that hold one,
# and the tests hold it to the pattern).
# Cards whose blocks are this long hold prose: the posts of a thread, a listing's summaries.
MIN_CARD_PROSE = 150
MIN_PROSE_CARDS = 3
# Headings up to this long are section names ("Specifications", "Why choose us"): their
# words are features ("hw:<word>").
MAX_HEADING_CHARS = 60
# The settings above that the C passes count the shape of a page's blocks by (Judged.shape).
SHAPE = {"linked_share": LINKED_SHARE, "min_cards": MIN_CARDS,
         "min_prose_cards": MIN_PROSE_CARDS, "min_card_prose": MIN_CARD_PROSE,
         "long_paragraph": LONG_PARAGRAPH, "cut_short": CUT_SHORT,
         "max_label_chars": MAX_LABEL_CHARS, "max_heading_chars": MAX_HEADING_CHARS,
         "max_dated_chars": MAX_DATED_CHARS, "max_priced_chars": MAX_PRICED_CHARS}

# What a page's JSON-LD types say, by family: the family counts beside the type itself
# (scripts/train_pagetype.py: with the families, modern-web k-fold by site 0.788 -> 0.796).
LD_FAMILIES = {
    "article": ("article", "newsarticle", "blogposting", "reportagenewsarticle",
                "analysisnewsarticle", "opinionnewsarticle", "posting", "scholarlyarticle"),
    "forum": ("qapage", "question", "answer", "discussionforumposting", "comment",
              "socialmediaposting"),
    "product": ("product", "offer", "aggregateoffer", "aggregaterating", "review",
                "productgroup", "brand", "individualproduct"),
    "list": ("collectionpage", "itemlist", "searchresultspage", "offercatalog"),
    "docs": ("techarticle", "apireference", "howto", "course", "learningresource",
             "softwaresourcecode"),
    "business": ("service", "localbusiness", "professionalservice", "faqpage", "organization",
                 "corporation", "educationalorganization", "collegeoruniversity"),
}
# schema.org's many kinds of business end so (HVACBusiness, BikeStore, FinancialService).
BUSINESS_ENDINGS = ("business", "store", "service")
# The words of addresses and titles that say a kind of page, by family (each word in one).
# Words of the path's segments, of the host's first label (forums.example.org,
# docs.example.com) and of the title count.
WORD_FAMILIES = {
    "forum": ("t", "thread", "threads", "topic", "topics", "forum", "forums", "questions",
              "question", "viewtopic", "showthread", "comments", "discussion", "discussions",
              "community"),
    "product": ("product", "products", "p", "dp", "pdp", "item"),
    "collection": ("collections", "collection", "c", "cat", "category", "categories",
                   "browse", "shop", "b", "department", "subcategory", "catalog"),
    "docs": ("docs", "doc", "documentation", "guide", "guides", "api", "reference", "manual",
             "learn", "tutorial", "tutorials", "start", "wiki"),
    "listing": ("news", "blog", "list", "lists", "tag", "tags", "archive", "trending",
                "latest"),
    "service": ("services", "service", "solutions", "solution", "features", "feature",
                "programs", "program", "pricing"),
}
_LD_FAMILY = {t: family for family, types in LD_FAMILIES.items() for t in types}
_WORD_FAMILY = {word: family for family, words in WORD_FAMILIES.items() for word in words}
_SEGMENT_WORDS = re.compile(r"[/._-]+")


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of named features for each page type (a softmax over the types)."""

    types: tuple[str, ...]
    weights: Mapping[str, Sequence[float]]  # feature -> a weight per type
    bias: Sequence[float]

    def probabilities(self, features: Mapping[str, float]) -> list[float]:
        """Each type's probability given the features (each present, 1.0, or absent)."""
        weights = self.weights
        rows = list(filter(None, map(weights.get, features)))  # features the model knows
        z = [sum(column) for column in zip(self.bias, *rows, strict=True)]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        return [e / total for e in exp]

    def classify(self, features: Mapping[str, float]) -> tuple[str, float]:
        p = self.probabilities(features)
        best = max(range(len(p)), key=p.__getitem__)
        return self.types[best], round(p[best], 3)


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model, read once per process on first use."""
    text = resources.files("dechaff").joinpath("data/pagetype.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return Model(tuple(data["types"]), data["weights"], data["bias"])


# Below this probability for its best type, a page is "other": none fits it well. On
# modern-web, k-fold by site (two deals), 22 and 16 of the 609 pages fell below it, and
# their best type was right for 10 and 5 of them (2 in 5 at most, against 4 in 5 over all
# pages).
MIN_CONFIDENCE = 0.3


def page_type(judged: native.Judged | None, meta: Metadata, url: str | None,
              title: str | None) -> tuple[str, float]:
    """The page's type and the model's probability for it; "other" with that probability
    when it is below MIN_CONFIDENCE."""
    found, confidence = default_model().classify(page_features(judged, meta, url, title))
    return (found if confidence >= MIN_CONFIDENCE else "other"), confidence


def _bucket(value: float, bounds: Sequence[float]) -> int:
    """How many of the (rising) bounds the value reaches."""
    return bisect_right(bounds, value)


def page_features(judged: native.Judged | None, meta: Metadata, url: str | None,
                  title: str | None) -> dict[str, float]:
    """The features of one page: what it says of itself, and the shape of its blocks."""
    f: dict[str, float] = {"bias": 1.0}
    f.update(_declared(meta))
    if url:
        f.update(_address(url))
    title_words = _words((title or "").lower())[:MAX_WORDS]
    for word in title_words:
        f[f"ti:{word}"] = 1.0
    f.update(_families("tf", title_words))
    if "?" in (title or ""):
        f["ti:?"] = 1.0  # a thread's title is often a question
    if judged is not None and judged.blocks:
        f.update(_shape(judged))
    else:
        f["empty"] = 1.0
    return f


def _declared(meta: Metadata) -> dict[str, float]:
    """What the page says of itself: its JSON-LD types and their families, its og:type and
    that type's stem (product.group: product), whether it names a date, an author, a
    description."""
    f: dict[str, float] = {}
    for t in meta.types:
        f[f"ld:{t}"] = 1.0
        family = _LD_FAMILY.get(t) or ("business" if t.endswith(BUSINESS_ENDINGS) else None)
        if family:
            f[f"ldf:{family}"] = 1.0
    if meta.og_type:
        f[f"og:{meta.og_type}"] = 1.0
        f[f"ogf:{meta.og_type.split('.')[0].split(':')[0]}"] = 1.0
    for name, value in (("date", meta.date), ("author", meta.author),
                        ("description", meta.description)):
        if value is not None:
            f[f"has:{name}"] = 1.0
    return f


def _words(lower: str) -> list[str]:
    """The words (_WORD) of a text in lower case."""
    return (_ASCII_WORD if lower.isascii() else _WORD).findall(lower)


def _families(prefix: str, words: Sequence[str]) -> dict[str, float]:
    """The families (WORD_FAMILIES) of the words, each as `prefix:family`."""
    return {f"{prefix}:{_WORD_FAMILY[w]}": 1.0 for w in words if w in _WORD_FAMILY}


def _address(url: str) -> dict[str, float]:
    """What a page's address says: the words of its path and their families (with the
    host's first label: forum.example.org), one-letter segments (Discourse's /t/, a shop's
    /p/), a date in the path (news), a number for a segment (a thread's, a product's id),
    how many words its last segment has (an article's slug is long), its depth, and
    whether it has a query. Nothing for an address urllib cannot split ("http://[::1")."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname or ""
    except ValueError:
        return {}
    path = parts.path.lower().strip("/")
    segments = [segment for segment in path.split("/") if segment]
    f: dict[str, float] = {}
    for word in _words(path)[:MAX_WORDS]:
        f[f"u:{word}"] = 1.0
    for segment in segments[:MAX_WORDS]:
        if len(segment) == 1 and segment.isalpha():
            f[f"u:{segment}"] = 1.0
        elif segment.isdigit():
            f["u:#"] = 1.0
    labels = hostname.split(".")
    host = labels[:1] if len(labels) > 2 else []  # noqa: PLR2004 (a subdomain's name)
    f.update(_families("uf", _SEGMENT_WORDS.split(path) + host))
    if _DATE_PATH.search(path):
        f["u:date"] = 1.0
    slug = len(_words(segments[-1])) if segments else 0
    f[f"slug={_bucket(slug, SLUG_BOUNDS)}"] = 1.0
    f[f"depth={min(len(segments), MAX_DEPTH)}"] = 1.0
    if parts.query:
        f["query"] = 1.0
    return f


# The texts of short blocks the C passes join (Judged.shape): labels up to MAX_LABEL_CHARS,
# headings up to MAX_HEADING_CHARS, blocks up to MAX_DATED_CHARS and MAX_PRICED_CHARS.
SHORT_TEXTS = ("labels", "headings", "dated", "short")
_KIND_KEYS = tuple(f"kind:{kind.value}" for kind in Kind)  # Judged.shape's counts by kind


def _shape(judged: native.Judged) -> dict[str, float]:
    """How a page's blocks are made, from the counts the C passes made of them
    (Judged.shape): kinds, links (linked headings: a listing's items), the chosen element's
    share of the text, comments, <main>, cards of look-alikes and the prose in them (posts,
    summaries), blocks led by a link, the median paragraph and the share of long ones, code
    and tables, teasers cut short; and what short blocks say (_short_blocks)."""
    assert judged.shape is not None  # judge() gives it unless told (extract() without types)
    shape = cast("Mapping[str, int]", judged.shape)  # the counts; SHORT_TEXTS are str
    n, chars = shape["blocks"], shape["chars"] or 1
    per = (n, chars, 1)
    return {names[bisect_right(bounds, shape[key] / per[by])]: 1.0
            for key, by, bounds, names in _SHAPE_BUCKETS} | _short_blocks(judged.shape)


# Each count of Judged.shape that _shape reads: by what it is divided (0: the blocks, 1: the
# characters, 2: nothing), the bounds of its buckets, and its features' names by bucket
# ("linked=0", "linked=1", ...: made once, not for each page).
_SHAPE_BUCKETS = tuple(
    (key, by, bounds, tuple(f"{key}={i}" for i in range(len(bounds) + 1)))
    for key, by, bounds in (
        *((key, 0, SHARE_BOUNDS) for key in _KIND_KEYS),
        ("blocks", 2, COUNT_BOUNDS), ("linked", 0, SHARE_BOUNDS),
        ("linkchars", 1, SHARE_BOUNDS), ("inside", 1, SHARE_BOUNDS),
        ("comments", 0, SHARE_BOUNDS), ("main", 0, SHARE_BOUNDS),
        ("carded", 0, SHARE_BOUNDS), ("cardprose", 1, SHARE_BOUNDS),
        ("leads", 0, SHARE_BOUNDS), ("heads", 2, HEADING_BOUNDS),
        ("linkheads", 2, HEADING_BOUNDS), ("medpara", 2, PARAGRAPH_BOUNDS),
        ("longshare", 1, SHARE_BOUNDS), ("code", 1, CODE_BOUNDS),
        ("table", 1, TABLE_BOUNDS), ("cut", 2, CUT_BOUNDS)))


def _short_blocks(shape: Mapping[str, int | str]) -> dict[str, float]:
    """What short blocks say: the words of labels and buttons ("Add to cart", "Reply",
    "Sort by", "Edit this page") and of headings ("Specifications", "Why choose us"), and
    how many hold a price or a date (one a post). The C passes join each kind of short
    block into one text, a line a block (Judged.shape's "labels", "headings", "dated" and
    "short"), and C reads their words and counts their lines with a price or a date."""
    labels, headings, dated, short = (str(shape[name]) for name in SHORT_TEXTS)
    f = native.word_features(labels.lower(), "sw:")  # each word as _WORD finds them
    f.update(native.word_features(headings.lower(), "hw:"))
    for name, count, bounds in (
            ("prices", native.short_lines(labels, dated=False), PRICE_BOUNDS),
            ("allprices", native.short_lines(short, dated=False), PRICED_BOUNDS),
            ("dated", native.short_lines(dated.lower(), dated=True), DATED_BOUNDS)):
        f[f"{name}={_bucket(count, bounds)}"] = 1.0
    return f
