"""Which blocks of a page are the article: features of each block and a learned linear model.

The extractor's first stage picks the element that holds most of the article's prose
(extractor.py); this second stage judges every block of the page, inside that element or
not, from what the block is (length, links, punctuation, kind), where it sits (inside or
around the chosen element, under which class names and tags) and what its neighbours are.
The weights are learned by scripts/train_blocks.py and ship in dechaff/data/blocks.json.

Two ways to the same numbers: `page_features` spells every feature out by name (for
training and for reading), `page_scores` adds up the same weights without building the
features, and is what extraction runs. Features of ancestors count each ancestor that has
them, so their weights add up along the path from the body, once per element.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from dechaff import chaff
from dechaff.document import Block, Kind, Link
from dechaff.dom import Node

# Semantic tags whose presence among a block's ancestors tells where it sits.
CONTEXT_TAGS = frozenset({"article", "main", "aside", "nav", "footer", "header", "section",
                          "form", "figure", "table", "li", "ul", "ol", "blockquote", "td", "dl"})
# Blocks of at most this many words contribute their words as features: the short labels
# ("Related articles", "Advertisement", "Share") that name chaff.
MAX_LABEL_WORDS = 6
_LETTERS = re.compile(r"[^\W\d_]+")
# A block that starts with a link this long starts with a headline.
MIN_LEAD_LINK_CHARS = 15
# A block this much link, of fewer words than this, is a linked headline.
HEADLINK_SHARE = 0.8
MAX_HEADLINE_WORDS = 16
# Photo credits and image captions, in the words newsrooms use for them (captions are not
# article text in the benchmark's truth); only short blocks are looked at.
MAX_CREDIT_CHARS = 300
_CREDIT_WORDS = ("photo", "photograph", "image", "picture", "credit", "getty", "reuters", "afp",
                 "ap photo", "shutterstock", "istock", "alamy", "epa", "foto", "bild", "crédit",
                 "imagen", "fotografía", "immagine", "zdjęcie", "фото")
_CREDIT = re.compile(r"\b(?:" + "|".join(_CREDIT_WORDS) + r")\b")
# Punctuation and digit densities are measured on this many first characters.
SAMPLE_CHARS = 300
# A text of this many cased letters, none of them lower case, is written in capitals: a
# subhead in some newsrooms' style, and in others a call to action or another story's
# linked headline ("GET THE APP BY CLICKING HERE"); with the link share, the model tells.
MIN_CAPS_LETTERS = 8
# A label of fewer characters than this, a colon, then one link to the end is another
# story's headline under a label ("Read more: ...", "Related: ...", "Also on ...: ...").
MAX_LINK_LABEL_CHARS = 30
LINK_SLACK = 2  # characters allowed between the colon and the link, and after the link


def _labelled_link(text: str, link: Link) -> bool:
    """Whether the text is a short label, a colon, and one link to its end."""
    colon = text.find(":", 0, MAX_LINK_LABEL_CHARS)
    return (colon > 0 and colon < link.start <= colon + LINK_SLACK
            and link.end >= len(text) - LINK_SLACK)


def _capitals(text: str) -> bool:
    """Whether a text has MIN_CAPS_LETTERS upper-case letters and no lower-case one."""
    upper = 0
    for char in text:
        if char.islower():
            return False
        upper += char.isupper()
    return upper >= MIN_CAPS_LETTERS


def _credits(lower: str) -> bool:
    """Whether a lower-case text names a photo credit; substring tests first (cheap), the
    word-boundary regex only to confirm."""
    return any(word in lower for word in _CREDIT_WORDS) and _CREDIT.search(lower) is not None
# Sentence ends, with the full-width marks of Chinese and Japanese (U+FF01, U+FF1F).
_END_PUNCT = frozenset('.!?\u3002\uff01\uff1f\u2026"\u201d\u00bb\')')


def _punctuation(text: str) -> int:
    """How many of . , ; : ! ? the text holds (str.count is the fastest way to ask)."""
    return (text.count(".") + text.count(",") + text.count(";") + text.count(":")
            + text.count("!") + text.count("?"))


def _names(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}={i}" for i in range(count))


# Bucket bounds for each measured feature, and the names of the buckets.
LEN_BOUNDS = (3, 4, 5, 6, 7, 8, 9, 10)  # log2 of the block's characters
LR_BOUNDS = (0.01, 0.2, 0.5, 0.8, 0.99)  # share of the block's characters inside links
NL_BOUNDS = (1, 2, 3, 6)  # links in the block
PD_BOUNDS = (0.5, 1, 2, 4, 8)  # punctuation marks per 100 characters
DG_BOUNDS = (0.01, 0.1, 0.3)  # share of digits
SHARE_BOUNDS = (0.2, 0.5, 0.8, 0.95)  # prose share of an element's text
PLR_BOUNDS = (0.1, 0.3, 0.6)  # link share of the parent element's text
REP_BOUNDS = (2, 3, 5, 10)  # siblings with the element's tag and class
SLR_BOUNDS = (0.05, 0.15, 0.3, 0.5, 0.7)  # link share of the section's text
RPOS_BOUNDS = (0.1, 0.3, 0.7, 0.9)  # place among the chosen element's blocks
# The best first-stage value of an element holding the block, over the chosen element's:
# a rival article container (a copy in a hidden dialog, a slideshow) comes close to 1.
CV_BOUNDS = (0.05, 0.2, 0.4, 0.6, 0.8, 0.95)
# How many look-alike siblings the nearest repeated ancestor (up to CARD_DEPTH above the
# block) has: teaser cards repeat, the article's paragraphs' wrappers do not.
CARD_DEPTH = 4
GAP_BOUNDS = (2, 4, 8, 16)  # blocks between a block and the chosen element
LEN, LR, NL, PD, DG = (_names(p, len(b) + 1) for p, b in (
    ("len", LEN_BOUNDS), ("lr", LR_BOUNDS), ("nl", NL_BOUNDS), ("pd", PD_BOUNDS),
    ("dg", DG_BOUNDS)))
PP, PLR, REP, SLR, SPS, RPOS, CV, CARD = (_names(p, len(b) + 1) for p, b in (
    ("pp", SHARE_BOUNDS), ("plr", PLR_BOUNDS), ("rep", REP_BOUNDS), ("slr", SLR_BOUNDS),
    ("sps", SHARE_BOUNDS), ("rpos", RPOS_BOUNDS), ("cv", CV_BOUNDS), ("card", REP_BOUNDS)))
BEFORE, AFTER = _names("pos=before", len(GAP_BOUNDS) + 1), _names("pos=after", len(GAP_BOUNDS) + 1)
# The shape features a neighbour passes on, as "prev.<name>" and "next.<name>".
NEIGHBOUR_PREFIXES = ("len=", "lr=", "kind=", "endp", "headlink", "lead")


@dataclass(frozen=True, slots=True)
class Model:
    """A linear model over named features: a block's score is the log-odds that it belongs
    to the article (extractor.Extractor.keep decides from the scores)."""

    weights: Mapping[str, float]
    # The weights of features a block gets from its neighbours, by the neighbour's feature
    # name: derived from `weights`, for page_scores.
    as_prev: Mapping[str, float] = field(init=False, repr=False, compare=False)
    as_next: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for prefix, name in (("prev.", "as_prev"), ("next.", "as_next")):
            derived = {k[len(prefix):]: v for k, v in self.weights.items() if k.startswith(prefix)}
            object.__setattr__(self, name, derived)

    def score(self, features: Mapping[str, float]) -> float:
        get = self.weights.get
        return sum(get(name, 0.0) * value for name, value in features.items())


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model, read once per process on first use."""
    text = resources.files("dechaff").joinpath("data/blocks.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return Model(data["weights"])


@dataclass(frozen=True, slots=True)
class Context:
    """What the features of one page's blocks are computed from."""

    blocks: Sequence[Block]
    sources: Sequence[Node]
    linked: Sequence[int]
    root: Node  # the element the first stage chose
    inside: Sequence[bool]  # for each block, whether it comes from inside `root`
    in_chaff: Sequence[bool]  # for each block, whether it sits in chaff.NEVER_ARTICLE
    in_comments: Sequence[bool]  # for each block, whether it sits in a comments section


def _bucket(value: float, bounds: Sequence[float]) -> int:
    """The index of the first bound above `value` (len(bounds) when none is)."""
    return bisect_right(bounds, value)


# -- features of one block, by name ---------------------------------------------------------
def shape_names(block: Block, linked: int) -> list[str]:
    """The names of the features of the block's own text (each worth 1)."""
    text = block.text
    n = len(text) or 1
    sample = text[:SAMPLE_CHARS]  # densities from the start: long texts cost no more
    m = len(sample) or 1
    kind = block.kind.value if block.kind is not Kind.HEADING else f"h{block.level}"
    names = ["b", f"kind={kind}", LEN[_bucket(math.log2(n + 1), LEN_BOUNDS)],
             LR[_bucket(linked / n, LR_BOUNDS)], NL[_bucket(len(block.links), NL_BOUNDS)],
             PD[_bucket(100 * _punctuation(sample) / m, PD_BOUNDS)],
             DG[_bucket(sum(map(sample.count, "0123456789")) / m, DG_BOUNDS)]]
    if text and text[-1] in _END_PUNCT:
        names.append("endp")
    if text and text[0].isupper():
        names.append("up0")
    links = block.links
    if links and links[0].start == 0 and links[0].end >= MIN_LEAD_LINK_CHARS:
        names.append("lead")  # a teaser: a linked headline, then its summary
    mostly_linked = linked >= HEADLINK_SHARE * n
    if mostly_linked and text.count(" ") < MAX_HEADLINE_WORDS:
        names.append("headlink")
    if _capitals(sample):
        names.append("caps&link" if mostly_linked else "caps")
    if links and _labelled_link(text, links[0]):
        names.append("labellink")  # "Read more: <a>Another story</a>"
    if text.count(" ") < MAX_LABEL_WORDS and len(text.split()) <= MAX_LABEL_WORDS:
        names.extend({f"tw:{word}" for word in _LETTERS.findall(text.lower())})
    if len(text) < MAX_CREDIT_CHARS and _credits(text.lower()):
        names.append("credit")
    return names


def heading_names(block: Block) -> list[str]:
    """The features a heading gives the blocks after it: its words, when it is short
    ("Related stories", "About Ascom", "Comments")."""
    text = block.text
    if block.kind is not Kind.HEADING or text.count(" ") >= MAX_LABEL_WORDS:
        return []
    return sorted({f"hw:{word}" for word in _LETTERS.findall(text.lower())})


Siblings = dict[int, dict[tuple[str, str | None], int]]


def place_names(node: Node, inside: bool, root: Node, card: int, siblings: Siblings,
                best: dict[int, float]) -> list[str]:
    """The names of the features of where the block sits, but for its ancestors.

    `card` is the look-alike count of the block's card (`_card`); `siblings` memoises, per
    parent element, how many children share a tag and class; `best`, per element, the
    best first-stage value from it up to the body."""
    names = [f"in={int(inside)}", f"st:{node.tag}"]
    parent = node.parent
    if parent is not None:
        names.append(PP[_bucket(_prose_share(parent), SHARE_BOUNDS)])
        names.append(PLR[_bucket(parent.links / parent.chars if parent.chars else 0, PLR_BOUNDS)])
        names.append(REP[_bucket(_repeats(node, parent, siblings), REP_BOUNDS)])
    names.append(CV[_bucket(_best_container(node, root, best), CV_BOUNDS)])
    names.append(CARD[_bucket(card, REP_BOUNDS)])
    if not inside:
        names.append("sec=out")
        return names
    section = node
    while section is not root and section.parent is not None and section.parent is not root:
        section = section.parent
    if section is root:
        names.append("sec=root")
    else:  # teaser lists, comment threads and share bars sit in sections of their own
        ratio = section.links / section.chars if section.chars else 0.0
        names.append(SLR[_bucket(ratio, SLR_BOUNDS)])
        names.append(SPS[_bucket(_prose_share(section), SHARE_BOUNDS)])
    return names


def element_names(node: Node, inside: bool) -> list[str]:
    """The features one element gives every block below it (and its own)."""
    names = [f"t:{node.tag}"] if node.tag in CONTEXT_TAGS else []
    if node.chaff is not None:
        names += [f"k:{node.chaff}", f"k:{node.chaff}&in={int(inside)}"]
    names += [f"w:{word}" for word in _words(node)]
    return names


def _words(node: Node) -> list[str]:
    """The distinct words of the element's class and id names, in a stable order."""
    attrs = node.attrs
    names = (attrs.get("class") or "").split()
    if attrs.get("id"):
        names.append(attrs["id"])  # type: ignore[arg-type]
    words: set[str] = set()
    for one in names:
        words.update(_useful_words(one.translate(_NO_DIGITS) if not one.isalpha() else one))
    return sorted(words)


_NO_DIGITS = str.maketrans("", "", "0123456789")


@lru_cache(maxsize=16384)
def _useful_words(name: str) -> tuple[str, ...]:
    return tuple(w for w in chaff.name_words(name) if len(w) > 1 and not w.isdigit())


def _best_container(node: Node, root: Node, best: dict[int, float]) -> float:
    """The best first-stage value among the block's ancestors, over the chosen element's."""
    return _best_above(node, best) / root.value if root.value > 0 else 0.0


def _best_above(node: Node, best: dict[int, float]) -> float:
    found = best.get(id(node))
    if found is None:
        found = node.value
        if node.parent is not None:
            found = max(found, _best_above(node.parent, best))
        best[id(node)] = found
    return found


def _card(node: Node, root: Node, siblings: Siblings) -> tuple[Node | None, int]:
    """The block's card, its nearest ancestor (at most CARD_DEPTH up, not above the chosen
    element) that has look-alike siblings, and their count; (None, 1) when there is none."""
    current = node
    for _ in range(CARD_DEPTH):
        parent = current.parent
        if parent is None or current is root:
            break
        count = _repeats(current, parent, siblings)
        if count > 1:
            return current, count
        current = parent
    return None, 1


Card = tuple[Node | None, int]


def cards_of(ctx: Context, siblings: Siblings) -> list[Card]:
    """Every block's card and look-alike count (`_card`)."""
    return [_card(node, ctx.root, siblings) for node in ctx.sources]


def card_names(ctx: Context, cards: Sequence[Card]) -> list[list[str]]:
    """The features of every block's card: the card's tag, how many blocks it holds (1, 2,
    3+) and whether the block starts with a link, each with the card's repeat bucket. A
    teaser card holds a picture, a linked headline and a summary, in a list of its kind;
    the article's paragraphs repeat too, one block each."""
    held: dict[int, int] = {}
    for card, _ in cards:
        if card is not None:
            held[id(card)] = held.get(id(card), 0) + 1
    out: list[list[str]] = []
    for (card, count), block in zip(cards, ctx.blocks, strict=True):
        if card is None:
            out.append([])
            continue
        rep, blocks = _bucket(count, REP_BOUNDS), min(held[id(card)], MAX_CARD_BLOCKS)
        names = [f"ct:{card.tag}&{rep}", f"cb:{blocks}&{rep}"]
        if block.links and block.links[0].start == 0:
            names.append(f"cl:{blocks}&{rep}")
        out.append(names)
    return out


MAX_CARD_BLOCKS = 3


def _prose_share(node: Node) -> float:
    total = node.prose + node.junk
    return node.prose / total if total else 0.0


def _repeats(node: Node, parent: Node, siblings: Siblings) -> int:
    """How many siblings share the element's tag and class: teaser lists repeat."""
    counts = siblings.get(id(parent))
    if counts is None:
        counts = {}
        for child in parent.children:
            if isinstance(child, Node):
                key = (child.tag, child.attrs.get("class"))
                counts[key] = counts.get(key, 0) + 1
        siblings[id(parent)] = counts
    return counts[(node.tag, node.attrs.get("class"))]


def position_name(i: int, inside: Sequence[bool], first: int, last: int) -> str:
    """Where the block stands relative to the blocks of the chosen element."""
    if inside[i]:
        return RPOS[_bucket((i - first) / (last - first) if last > first else 0.5, RPOS_BOUNDS)]
    if i < first:
        return BEFORE[_bucket(first - i, GAP_BOUNDS)]
    return AFTER[_bucket(i - last, GAP_BOUNDS)]


def _neighbour(names: list[str]) -> list[str]:
    return [n for n in names if n.startswith(NEIGHBOUR_PREFIXES)]


def _span(inside: Sequence[bool]) -> tuple[int, int]:
    at = [i for i, x in enumerate(inside) if x]
    return (at[0], at[-1]) if at else (len(inside), -1)


def page_features(ctx: Context) -> list[dict[str, float]]:
    """Every feature of every block of a page, by name: what the model is trained on."""
    shapes = [shape_names(b, n) for b, n in zip(ctx.blocks, ctx.linked, strict=True)]
    first, last = _span(ctx.inside)
    siblings: Siblings = {}
    best: dict[int, float] = {}
    cards = cards_of(ctx, siblings)
    card_features = card_names(ctx, cards)
    heading: list[str] = []
    out = []
    for i, node in enumerate(ctx.sources):
        inside = ctx.inside[i]
        f = dict.fromkeys(shapes[i], 1.0)
        f.update(dict.fromkeys(card_features[i], 1.0))
        f.update(dict.fromkeys(heading, 1.0))
        if ctx.blocks[i].kind is Kind.HEADING:
            heading = heading_names(ctx.blocks[i])
        f.update(dict.fromkeys(place_names(node, inside, ctx.root, cards[i][1], siblings,
                                           best), 1.0))
        f[position_name(i, ctx.inside, first, last)] = 1.0
        current: Node | None = node
        while current is not None:
            for name in element_names(current, inside):
                f[name] = f.get(name, 0.0) + 1.0
            current = current.parent
        for j, tag in ((i - 1, "prev"), (i + 1, "next")):
            if 0 <= j < len(shapes):
                f[f"{tag}.in={int(ctx.inside[j])}"] = 1.0
                f.update(dict.fromkeys((f"{tag}.{n}" for n in _neighbour(shapes[j])), 1.0))
        out.append(f)
    return out


# -- the same sums, fast --------------------------------------------------------------------
def page_scores(ctx: Context, model: Model) -> list[float]:
    """The model's score of every block: equal to `model.score` of `page_features`."""
    get = model.weights.get
    prev_get, next_get = model.as_prev.get, model.as_next.get
    shapes = [shape_names(b, n) for b, n in zip(ctx.blocks, ctx.linked, strict=True)]
    own = [sum(get(n, 0.0) for n in names) for names in shapes]
    as_prev = [sum(prev_get(n, 0.0) for n in names) for names in shapes]
    as_next = [sum(next_get(n, 0.0) for n in names) for names in shapes]
    first, last = _span(ctx.inside)
    inside_flags = ctx.inside
    memo: dict[int, tuple[float, float, float]] = {}
    siblings: Siblings = {}
    best: dict[int, float] = {}
    cards = cards_of(ctx, siblings)
    card_features = card_names(ctx, cards)
    scores = []
    count = len(shapes)
    heading = 0.0
    for i, node in enumerate(ctx.sources):
        inside = inside_flags[i]
        base, in1, in0 = _ancestry(node, get, memo)
        s = own[i] + base + (in1 if inside else in0) + heading
        s += sum(get(n, 0.0) for n in card_features[i])
        if ctx.blocks[i].kind is Kind.HEADING:
            heading = sum(get(n, 0.0) for n in heading_names(ctx.blocks[i]))
        s += get(position_name(i, inside_flags, first, last), 0.0)
        s += sum(get(n, 0.0) for n in place_names(node, inside, ctx.root, cards[i][1],
                                                  siblings, best))
        if i > 0:
            s += as_prev[i - 1] + prev_get("in=1" if inside_flags[i - 1] else "in=0", 0.0)
        if i + 1 < count:
            s += as_next[i + 1] + next_get("in=1" if inside_flags[i + 1] else "in=0", 0.0)
        scores.append(s)
    return scores


def _ancestry(node: Node, get: Callable[[str, float], float],
              memo: dict[int, tuple[float, float, float]]) -> tuple[float, float, float]:
    """Sums of the element features from the body down to `node`: those that hold either
    way, those that hold inside the chosen element, those that hold outside it."""
    found = memo.get(id(node))
    if found is not None:
        return found
    base = in1 = in0 = 0.0
    if node.tag in CONTEXT_TAGS:
        base += get("t:" + node.tag, 0.0)
    kind = node.chaff
    if kind is not None:
        base += get("k:" + kind, 0.0)
        in1 = get(f"k:{kind}&in=1", 0.0)
        in0 = get(f"k:{kind}&in=0", 0.0)
    for word in _words(node):
        base += get("w:" + word, 0.0)
    if node.parent is not None:
        up = _ancestry(node.parent, get, memo)
        base, in1, in0 = base + up[0], in1 + up[1], in0 + up[2]
    memo[id(node)] = found = (base, in1, in0)
    return found

