"""What kind of page a page is: article, forum, product, documentation, service, listing,
collection or other (document.PAGE_TYPES), by a learned multinomial logistic model.

The evidence is what the page says of itself (its JSON-LD types, og:type, the words of its
address and of its title) and the shape of its blocks as the passes serialised them (how
many are headings, list items, code, tables; how much is links; how much of the text the
chosen element holds; how much sits in comments or main). The weights are learned by
scripts/train_pagetype.py from modern-web's labelled pages (with the article sets' pages as
articles) and ship in dechaff/data/pagetype.json.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from dechaff import native
from dechaff.document import Kind

# A block this much link counts as a link block (a menu entry, a card's headline).
LINKED_SHARE = 0.5
# Words of an address or title that count: letters only, two or more.
_WORD = re.compile(r"[^\W\d_]{2,}")
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
PRICE = re.compile(r"[$€£¥]\s?\d|\d\s?(?:€|USD|EUR)\b")
PRICE_BOUNDS = (1, 3, 10)
SLUG_BOUNDS = (2, 4, 7)  # words of the path's last segment
# A block in a card of this many look-alikes or more is one of a list of teasers or tiles.
MIN_CARDS = 5
_DATE_PATH = re.compile(r"(?:^|/)(?:19|20)\d\d/(?:[01]?\d)(?:/|$)")
TAG_BOUNDS = (2, 4, 11, 31)  # elements of a tag: 1, 2-3, 4-10, 11-30, more


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of named features for each page type (a softmax over the types)."""

    types: tuple[str, ...]
    weights: Mapping[str, Sequence[float]]  # feature -> a weight per type
    bias: Sequence[float]

    def probabilities(self, features: Mapping[str, float]) -> list[float]:
        z = list(self.bias)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    z[k] += w * value
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


def _bucket(value: float, bounds: Sequence[float]) -> int:
    return sum(value >= bound for bound in bounds)


def page_features(judged: native.Judged | None, types: Sequence[str], og_type: str | None,
                  url: str | None, title: str | None) -> dict[str, float]:
    """The features of one page: what it says of itself, and the shape of its blocks."""
    f: dict[str, float] = {"bias": 1.0}
    for t in types:
        f[f"ld:{t}"] = 1.0
    if og_type:
        f[f"og:{og_type}"] = 1.0
    if url:
        f.update(_address(url))
    for word in _WORD.findall((title or "").lower())[:MAX_WORDS]:
        f[f"ti:{word}"] = 1.0
    if judged is not None and judged.blocks:
        f.update(_shape(judged))
        for tag, count in judged.tags.items():
            if count:
                f[f"tag:{tag}={_bucket(count, TAG_BOUNDS)}"] = 1.0
        for word in judged.words:
            f[f"cw:{word}"] = 1.0
    else:
        f["empty"] = 1.0
    return f


def _address(url: str) -> dict[str, float]:
    """What a page's address says: the words of its path, one-letter segments (Discourse's
    /t/, a shop's /p/), a date in the path (news), a number for a segment (a thread's, a
    product's id), how many words its last segment has (an article's slug is long), its
    depth, and whether it has a query."""
    parts = urlsplit(url)
    path = parts.path.lower().strip("/")
    segments = [segment for segment in path.split("/") if segment]
    f: dict[str, float] = {}
    for word in _WORD.findall(path)[:MAX_WORDS]:
        f[f"u:{word}"] = 1.0
    for segment in segments[:MAX_WORDS]:
        if len(segment) == 1 and segment.isalpha():
            f[f"u:{segment}"] = 1.0
        elif segment.isdigit():
            f["u:#"] = 1.0
    if _DATE_PATH.search(path):
        f["u:date"] = 1.0
    slug = len(_WORD.findall(segments[-1])) if segments else 0
    f[f"slug={_bucket(slug, SLUG_BOUNDS)}"] = 1.0
    f[f"depth={min(len(segments), MAX_DEPTH)}"] = 1.0
    if parts.query:
        f["query"] = 1.0
    return f


def _shape(judged: native.Judged) -> dict[str, float]:
    """How a page's blocks are made: kinds, links, the chosen element's share of the text,
    comments, <main>, prices, and the words of its short blocks (labels and buttons: "Add
    to cart", "Reply", "Sort by", "Edit this page")."""
    f: dict[str, float] = {}
    blocks = judged.blocks
    n = len(blocks)
    counts = dict.fromkeys(Kind, 0)
    linked = talk = main = prices = 0
    chars = inside_chars = linked_chars = 0
    labels: set[str] = set()
    carded = leads = 0
    for block, links, inside, in_comments, in_main, card in zip(
            blocks, judged.linked, judged.inside, judged.in_comments, judged.in_main,
            judged.cards, strict=True):
        size = len(block.text)
        carded += card >= MIN_CARDS
        leads += bool(block.links) and block.links[0].start == 0
        counts[block.kind] += 1
        linked += links >= LINKED_SHARE * size
        chars += size
        linked_chars += links
        inside_chars += size if inside else 0
        talk += in_comments
        main += in_main
        if size <= MAX_LABEL_CHARS:
            labels.update(_WORD.findall(block.text.lower()))
            prices += PRICE.search(block.text) is not None
    chars = chars or 1
    for kind, count in counts.items():
        f[f"kind:{kind.value}={_bucket(count / n, SHARE_BOUNDS)}"] = 1.0
    f[f"blocks={_bucket(n, COUNT_BOUNDS)}"] = 1.0
    f[f"linked={_bucket(linked / n, SHARE_BOUNDS)}"] = 1.0
    f[f"linkchars={_bucket(linked_chars / chars, SHARE_BOUNDS)}"] = 1.0
    f[f"inside={_bucket(inside_chars / chars, SHARE_BOUNDS)}"] = 1.0
    f[f"comments={_bucket(talk / n, SHARE_BOUNDS)}"] = 1.0
    f[f"main={_bucket(main / n, SHARE_BOUNDS)}"] = 1.0
    f[f"prices={_bucket(prices, PRICE_BOUNDS)}"] = 1.0
    f[f"carded={_bucket(carded / n, SHARE_BOUNDS)}"] = 1.0
    f[f"leads={_bucket(leads / n, SHARE_BOUNDS)}"] = 1.0
    for word in labels:
        f[f"sw:{word}"] = 1.0
    return f
