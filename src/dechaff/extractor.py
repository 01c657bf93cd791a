"""Page -> Document | Rejection: find the article in a page and leave the chaff behind.

How it works, in three passes over a light copy of the body:
1. score: every run of inline text (a paragraph, a list item, a cell) is prose when it has
   enough words outside links and reads as sentences, junk otherwise (links, labels,
   fragments); each element sums the prose and junk below it;
2. prune: elements that chaff rules name (navigation, share bars, cookie banners, CMS
   messages, browser notices, ...) are dropped, unless they hold much of the page's prose,
   which means the rule misfired (a `has-sidebar` class on the article's wrapper);
3. choose: after rescoring, the article is the element with the most prose net of junk,
   `prose - junk_weight * junk`; because the score is additive, a parent wins over its
   child exactly when its other children add more prose than junk.
The chosen element is serialised into blocks, dropping what is mostly links.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache

from dechaff import chaff, classify, dom, lexicon, native
from dechaff.blocks import serialise
from dechaff.decode import binary, decode
from dechaff.document import Block, Document, Kind, Page, Reason, Rejection
from dechaff.dom import Node
from dechaff.language import document_language
from dechaff.metadata import read_metadata

_TAG = re.compile(r"<[a-zA-Z!/?]")


@dataclass(frozen=True, slots=True)
class Extractor:
    """Extract the article of a page; configurable, picklable, and the same for every page."""

    # Pages beyond this many characters are cut before parsing: the benchmark's largest is
    # 1.5 M; the cap bounds parse time and memory on hostile input (50 MB in tests).
    max_chars: int = 8_000_000
    # Per-page time budget. The median benchmark page takes 3 ms; this only stops
    # pathological pages, which then give Reason.TIMEOUT.
    timeout_s: float = 5.0
    # A run of text is prose from this many characters outside links (a short sentence).
    min_prose_chars: int = 25
    # A run of text more than this share links is junk (menus, tag lists, "read more"). A
    # linked headline with a sentence after it ("<a>Google buys CloudSimple</a>. The
    # startup ...") stays prose. Chosen by k-fold F1 (BENCHMARKS.md): 0.7 and 0.8 gave
    # +0.0005 to +0.0010 on article-extraction over 0.5.
    max_unit_link_ratio: float = 0.7
    # Short runs that do not read as sentences count as this much junk per character.
    short_junk_weight: float = 0.5
    # Each link outside sentences counts as this many characters of junk on top of its
    # text: lists of teasers (a linked headline, a line of summary) cost what they add.
    link_junk_chars: float = 50.0
    # How much a character of junk costs against a character of prose when choosing the
    # article's element.
    junk_weight: float = 0.5
    # Elements inside what a chaff rule names score this much of their value when
    # choosing the article's element: rules misfire on wrappers ("meter_global", a
    # "modal" around a whole article), so they lower a candidate rather than exclude it.
    under_chaff_factor: float = 0.3
    # Blocks the model scores above this are kept inside the main run of the page's
    # article-like blocks, and above `outside_threshold` elsewhere. Chosen by k-fold F1
    # on the benchmark pages (BENCHMARKS.md): 0.0 and 2.0 gave +0.001 and +0.004 over a
    # single threshold of 0.5.
    run_threshold: float = 0.0
    outside_threshold: float = 2.0
    # Blocks of fewer words than this ("Publicité", "Share this", "Accept all") inside an
    # element named as an ad, a share bar, a consent banner or a notice are never kept.
    max_label_words: int = 8
    # Elements named or tagged as the article's container (`<article>`, `entry-content`,
    # itemprop=articleBody) score this much higher when choosing the article's element.
    content_boost: float = 1.25
    # A kept block of at least this many words that holds other blocks of the page word for
    # word, for at least `copy_share` of its text, is a flat copy of them (a hidden
    # schema.org articleBody, a print version): the metric, and any reader, would see the
    # article twice. The copy is dropped and the blocks it repeats are kept instead.
    copy_min_words: int = 300
    copy_share: float = 0.5
    # A kept block of at least this many words whose text comes again further down the
    # page, outside the chosen element, in a block scored below -`outside_threshold` (as
    # sure a no as the yes that keeps a block out there), is one item of a list the page
    # repeats: a news ticker above the article that the footer lists again. It is dropped.
    # The copy has to come later: a standfirst above the article that its first paragraph
    # repeats is the other way round, and that paragraph is the article's.
    repeat_min_words: int = 6
    # Also read what readers wrote in the page's comments sections (Document.comments);
    # comments are never article text either way.
    comments: bool = False

    def __reduce__(self) -> tuple[type[Extractor], tuple[object, ...]]:
        # Pickle through the constructor: a frozen dataclass compiled by mypyc cannot be
        # rebuilt field by field, and process pools pickle the extractor.
        return (Extractor, tuple(getattr(self, f.name) for f in fields(self)))

    def __call__(self, page: Page) -> Document | Rejection:
        deadline = dom.Deadline(self.timeout_s)  # from the start: decoding and parsing count
        text = page.content
        if isinstance(text, bytes):
            rejection = _sniff(text)
            if rejection is not None:
                return Rejection(rejection[0], rejection[1], page.url)
            text = decode(text, page.charset)
        if not text.strip():
            return Rejection(Reason.EMPTY, "no content", page.url)
        if not _TAG.search(text, 0, 65536):
            return Rejection(Reason.NOT_HTML, "no markup: flattened text goes to clean()", page.url)
        return self._extract(text[: self.max_chars], page.url, deadline)

    def _extract(self, html: str, url: str | None, deadline: dom.Deadline
                 ) -> Document | Rejection:
        parsed = dom.parse(html, deadline)  # stops reading the page at the deadline
        judged = self.late(url) if deadline.passed() else self.judge(parsed, deadline, url)
        if isinstance(judged, Rejection):
            return judged
        kept = self.keep(judged, judged.scores)
        if deadline.passed():
            return self.late(url)
        blocks = [b for b, k in zip(judged.blocks, kept, strict=True) if k]
        meta = read_metadata(parsed, url)
        title = meta.title or dom_title(parsed)
        blocks = _drop_title(blocks, title)
        text = render_text(blocks)
        if not text:
            return Rejection(Reason.NO_ARTICLE, "no block of the page reads as the article", url)
        language = document_language(text, meta.html_lang)
        comments = tuple(comment_blocks(judged, kept)) if self.comments else ()
        if deadline.passed():
            return self.late(url)
        return Document(
            text=text, blocks=tuple(blocks), url=meta.url or url, title=title, date=meta.date,
            date_modified=meta.date_modified, author=meta.author,
            language=language[0] if language else None,
            language_confidence=language[1] if language else None, site_name=meta.site_name,
            description=meta.description, comments=comments,
        )

    def late(self, url: str | None) -> Rejection:
        """The rejection of a page that ran past the time budget."""
        return Rejection(Reason.TIMEOUT, f"over {self.timeout_s} s", url)

    def judge(self, parsed: dom.Parsed, deadline: dom.Deadline, url: str | None,
              use_c: bool = True) -> native.Judged | Rejection:
        """Stages one and two: the page's blocks and the model's score of each. In C when
        the C passes are built and agree with these Python ones (native.py), unless
        `use_c` is false."""
        fast = native.module() if use_c else None
        body = parsed.body
        if fast is not None and body is not None and _native_agrees():
            judged = native.judge(fast, body, self)
            if deadline.passed():
                return self.late(url)
            if judged is None:
                return Rejection(Reason.NO_ARTICLE, "the page has no text", url)
            return judged
        with dom.body_tree(parsed, deadline) as order:
            if deadline.passed():
                return self.late(url)
            ctx = self.analyse(order, url)
            if isinstance(ctx, Rejection):
                return ctx
            scores = classify.page_scores(ctx, classify.default_model())
            place = {id(node): i for i, node in enumerate(order)}
            return native.Judged(ctx.blocks, ctx.linked, [place[id(n)] for n in ctx.sources],
                                 ctx.inside, ctx.in_chaff, ctx.in_comments, scores)

    def analyse(self, order: list[Node], url: str | None) -> classify.Context | Rejection:
        """Stage one: find the article's element, then serialise the page around it."""
        root = self.find_article(order)
        if root is None:
            return Rejection(Reason.NO_ARTICLE, "the page has no text", url)
        inside = _subtree(order, root)
        path = _path(root)

        def worth_reading(node: Node) -> bool:
            # What the browser does not show is not read, unless the article is in it.
            if node.chaff == chaff.INVISIBLE and id(node) not in path:
                return False
            # Outside the chosen element, a block that holds no prose and is mostly links
            # cannot be article text: menus, link lists and footers are skipped unread. An
            # inline link is read: it is part of its block's sentence.
            return (not node.block or node.prose > 0 or 2 * node.links < node.chars
                    or id(node) in inside or id(node) in path)

        writer = serialise(order[0], worth_reading)
        memo: dict[int, bool] = {}
        talk: dict[int, str] = {}
        return classify.Context(
            writer.blocks, writer.sources, writer.linked, root,
            [id(node) in inside for node in writer.sources],
            [_under(node, chaff.NEVER_ARTICLE, memo) for node in writer.sources],
            [_in_comments(node, talk) for node in writer.sources])

    def keep(self, ctx: classify.Context | native.Judged, scores: Sequence[float]) -> list[bool]:
        """Which blocks make the article: inside the page's main run of article-like
        blocks, those the model leans to keep; outside it, and for text cut short with an
        ellipsis (a teaser's summary), only those it is sure of. A short block inside an
        ad slot, a share bar, a consent banner or a notice never. A long kept block that
        repeats other blocks word for word gives way to them. A kept block that a
        rejected list further down repeats goes with that list. Items the article's
        element numbers in sequence ("1) ...", "2) ...", "3) ...") stay: the author's
        own list, however much of it links to shops. Nothing of a comments section
        outside the article's element: what readers wrote is never the article (with
        `comments`, it is given apart). Nor a prompt ("Sign up for our newsletter",
        "Share this on WhatsApp"), wherever it sits."""
        start, end = main_run(ctx.blocks, scores)
        inside, outside = self.run_threshold, self.outside_threshold
        never = [in_chaff and block.text.count(" ") < self.max_label_words
                 for block, in_chaff in zip(ctx.blocks, ctx.in_chaff, strict=True)]
        keep = [s > (inside if start <= i <= end and not block.text.endswith(CUT_SHORT)
                     else outside) and not never[i]
                for i, (s, block) in enumerate(zip(scores, ctx.blocks, strict=True))]
        for i in numbered_items(ctx.blocks, ctx.inside):
            keep[i] = not never[i]
        long = [i for i, block in enumerate(ctx.blocks)
                if keep[i] and block.text.count(" ") >= self.copy_min_words]
        for i in sorted(long, key=lambda i: -len(ctx.blocks[i].text))[:MAX_COPIES]:
            _keep_parts(ctx.blocks, i, keep, self.copy_share)
        _drop_repeated(ctx.blocks, scores, ctx.inside, keep, -outside, self.repeat_min_words)
        for i, (talk, within) in enumerate(zip(ctx.in_comments, ctx.inside, strict=True)):
            if talk and not within:
                keep[i] = False
        _drop_prompts(ctx.blocks, keep)
        return keep

    # -- scoring ------------------------------------------------------------------------
    def find_article(self, order: list[Node]) -> Node | None:
        """The element that holds the article, or None when the page has no text."""
        self.score(order)
        order[0].chaff = None  # the body is never chaff, whatever its classes say
        if order[0].chars == 0:
            return None
        best, best_score = order[0], 0.0
        junk_weight, boost, under = self.junk_weight, self.content_boost, self.under_chaff_factor
        enclosed: set[int] = set()  # below comments or a notice (chaff.ENCLOSING_KINDS)
        for node in order[1:]:  # parents first: a node's flags come from its parent's
            parent: Node = node.parent  # type: ignore[assignment]
            node.dropped = parent.dropped or (parent.chaff is not None
                                              and parent.chaff != chaff.CONTENT)
            if id(parent) in enclosed or parent.chaff in chaff.ENCLOSING_KINDS:
                enclosed.add(id(node))
            if not node.block:
                continue
            value = node.prose - junk_weight * node.junk
            if node.chaff == chaff.CONTENT and id(node) not in enclosed:
                value *= boost
            elif node.chaff is not None or node.dropped:
                value *= under
            node.value = value
            if value > best_score:
                best, best_score = node, value
        return best

    def score(self, order: list[Node]) -> None:
        """Judge each block element by the chaff rules and sum prose, junk and characters
        bottom up; what chaff rules name counts as junk in the sums above it."""
        min_prose = self.min_prose_chars
        max_links = self.max_unit_link_ratio
        short = self.short_junk_weight
        per_link = self.link_junk_chars
        content = chaff.CONTENT
        for node in reversed(order):
            own = chars = node.text_chars
            punct = node.text_punct
            own_links = anchors = links = 0
            prose = junk = 0.0
            for child in node.kids:
                chars += child.chars
                links += child.links
                own += child.own
                own_links += child.own_links
                punct += child.punct
                anchors += child.anchors
                kind = child.chaff
                if kind is None or kind == content:
                    prose += child.prose
                    junk += child.junk
                else:
                    junk += child.prose + child.junk
            if node.block and chars:  # an element without text needs no judging
                node.chaff = chaff.node_kind(node)
            if node.tag == "a":
                own_links, links = own, chars
                anchors = 1 if own else 0
            if node.block and own:
                plain = own - own_links
                if own_links > max_links * own:
                    junk += own + per_link * anchors
                elif plain >= min_prose and punct:
                    prose += plain  # links inside sentences cost only their text
                    junk += own_links
                else:
                    junk += short * own + per_link * anchors
                own = own_links = punct = anchors = 0
            node.own, node.own_links, node.punct, node.anchors = own, own_links, punct, anchors
            node.chars, node.links, node.prose, node.junk = chars, links, prose, junk


def main_run(blocks: Sequence[Block], scores: Sequence[float]) -> tuple[int, int]:
    """The first and last index of the run of blocks whose words most favour keeping:
    each block counts its words (capped) for or against by the sign of its score."""
    best = current = 0
    start, found = 0, (0, -1)
    for i, (block, score) in enumerate(zip(blocks, scores, strict=True)):
        if current <= 0:
            current, start = 0, i
        words = min(block.text.count(" ") + 1, MAX_RUN_WORDS) + 1
        current += words if score > 0 else -words
        if current > best:
            best, found = current, (start, i)
    return found


def comment_blocks(judged: native.Judged, kept: Sequence[bool]) -> list[Block]:
    """The blocks of the page's comments sections that read as what a reader wrote: not
    kept as the article, not headings or pictures, not mostly links, and either
    MIN_COMMENT_WORDS long or a sentence ("Thanks, well put!"), so that names, dates and
    "Reply" stay out; nor a comment form's prompts ("Your email address will not be
    published"), which the lexicon of flattened-text cues names."""
    out = []
    for block, linked, talk, k in zip(judged.blocks, judged.linked, judged.in_comments, kept,
                                      strict=True):
        text = block.text
        if not talk or k or block.kind not in COMMENT_KINDS or 2 * linked > len(text):
            continue
        words = text.count(" ") + 1
        if words < MIN_COMMENT_WORDS and not (words > 1 and text.endswith(SENTENCE_ENDS)):
            continue
        if len(text) > lexicon.MAX_CUE_CHARS or lexicon.kind_of(text, lexicon.words(text)) is None:
            out.append(block)
    return out


def _drop_prompts(blocks: Sequence[Block], keep: list[bool]) -> None:
    """Drop the kept blocks that the lexicon (clean()'s cue phrases) names a prompt
    (lexicon.PROMPT_KINDS). Only kept blocks that may be one (lexicon.may_be_prompt, in
    C) go to the lexicon's patterns: about one block a page, a text once, and at most
    MAX_PROMPT_LOOKS texts, so that a page made of prompts costs no more."""
    kept = [i for i, k in enumerate(keep) if k and len(blocks[i].text) <= lexicon.PROMPT_CHARS]
    screened = native.prompt_screen([blocks[i].text for i in kept])
    named: dict[str, bool] = {}
    for i, maybe in zip(kept, screened, strict=True):
        text = blocks[i].text
        if maybe and text not in named and len(named) < MAX_PROMPT_LOOKS:
            named[text] = lexicon.prompt_kind(text) is not None
        if named.get(text, False):
            keep[i] = False


def numbered_items(blocks: Sequence[Block], inside: Sequence[bool]) -> list[int]:
    """The blocks of the chosen element that open with a number continuing the one before
    ("1) ...", "2) ...", "3) ..."), in runs of at least MIN_NUMBERED. Unnumbered blocks
    between items (a picture, a link on its own line) do not break a run."""
    found: list[int] = []
    run: list[int] = []
    last = -1
    for i, block in enumerate(blocks):
        match = _NUMBERED.match(block.text) if inside[i] else None
        if match is None:
            continue
        number = int(match.group(1))
        if number != last + 1:
            if len(run) >= MIN_NUMBERED:
                found.extend(run)
            run = []
        run.append(i)
        last = number
    if len(run) >= MIN_NUMBERED:
        found.extend(run)
    return found


def _drop_repeated(blocks: Sequence[Block], scores: Sequence[float], inside: Sequence[bool],
                   keep: list[bool], below: float, min_words: int) -> None:
    """Drop each kept block whose text a later block repeats word for word, when that
    block is outside the chosen element, scores below `below` and has at least `min_words`
    words."""
    last: dict[str, int] = {}
    for j, block in enumerate(blocks):
        if scores[j] < below and not inside[j] and block.text.count(" ") + 1 >= min_words:
            last[block.text] = j
    if last:
        for i, block in enumerate(blocks):
            if keep[i] and last.get(block.text, -1) > i:
                keep[i] = False


def _keep_parts(blocks: Sequence[Block], i: int, keep: list[bool], share: float) -> None:
    """When block `i` is mostly other blocks' text, keep those blocks and drop it.

    A block is a part when the copy holds its text from the start of one of the copy's
    words: the first MIN_PART_CHARS characters there index the copy, so the work is linear
    in the text of the page, however many blocks it has."""
    copy = blocks[i].text
    starts: dict[str, int] = {}
    for word in _WORD.finditer(copy):
        starts.setdefault(copy[word.start():word.start() + MIN_PART_CHARS], word.start())
    most = MAX_PART_SHARE * len(copy)
    parts = []
    for j, block in enumerate(blocks):
        text = block.text
        if j != i and MIN_PART_CHARS <= len(text) < most:
            at = starts.get(text[:MIN_PART_CHARS])
            if at is not None and copy.startswith(text, at):
                parts.append(j)
    if sum(len(blocks[j].text) for j in parts) >= share * len(copy):
        keep[i] = False
        for j in parts:
            keep[j] = True


# A block counts as a part of a longer one's text from this many characters (shorter
# runs, "Photo: Reuters", repeat anywhere), and up to this share of the longer one. Only
# the longest MAX_COPIES blocks are checked for being copies.
MIN_PART_CHARS = 20
MAX_PART_SHARE = 0.8
MAX_COPIES = 2
# Text that ends like this was cut short: the summary of a teaser for another article
# ("The council met on Tuesday to ..."). Articles end their paragraphs less often so.
CUT_SHORT = ("...", "\u2026")
# What a comment is made of, and the shortest comment that need not end like a sentence.
COMMENT_KINDS = frozenset({Kind.PARAGRAPH, Kind.QUOTE, Kind.ITEM, Kind.CODE})
MIN_COMMENT_WORDS = 7
TALK_NO, TALK_YES, TALK_FORM = "no", "yes", "form"  # where a node stands (_talk)
SENTENCE_ENDS = (".", "!", "?", "\u2026", "\u3002", "\uff01", "\uff1f")
_WORD = re.compile(r"(?<!\S)\S")
# An item the author numbered: "1) Lego Star Wars ...", "12. Preheat the oven".
_NUMBERED = re.compile(r"(\d{1,3})[.)]\s+\S")
MIN_NUMBERED = 3
# The most texts of one page that go to the lexicon's prompt patterns (_drop_prompts).
MAX_PROMPT_LOOKS = 100
# A block counts at most this many words towards the main run: one long caption or comment
# must not outweigh a run of article paragraphs.
MAX_RUN_WORDS = 200


def _under(node: Node, kinds: frozenset[str], memo: dict[int, bool]) -> bool:
    """Whether `node` or an element above it is chaff of one of `kinds`."""
    found = memo.get(id(node))
    if found is None:
        found = node.chaff in kinds or (node.parent is not None and _under(node.parent, kinds,
                                                                           memo))
        memo[id(node)] = found
    return found


def _in_comments(node: Node, memo: dict[int, str]) -> bool:
    """Whether `node` is in a comments section, and not in a `<form>` (where a comment
    form's prompts are: "Leave a reply", "Save my name in this browser"), whatever the
    form and its parts are named."""
    return _talk(node, memo) == TALK_YES


def _talk(node: Node, memo: dict[int, str]) -> str:
    found = memo.get(id(node))
    if found is None:
        above = _talk(node.parent, memo) if node.parent is not None else TALK_NO
        if chaff.CHAFF_TAGS.get(node.tag) == chaff.FORM:
            found = TALK_FORM
        elif above != TALK_NO:
            found = above
        else:
            found = TALK_YES if node.chaff == chaff.COMMENTS else TALK_NO
        memo[id(node)] = found
    return found


def _path(node: Node) -> set[int]:
    """The ids of `node` and the elements above it."""
    found = set()
    current: Node | None = node
    while current is not None:
        found.add(id(current))
        current = current.parent
    return found


def _subtree(order: list[Node], root: Node) -> set[int]:
    """The ids of `root` and its descendants."""
    inside = {id(root)}
    for node in order:
        if node.parent is not None and id(node.parent) in inside:
            inside.add(id(node))
    return inside


def _sniff(data: bytes) -> tuple[Reason, str] | None:
    """Reject bytes that are empty or plainly not text."""
    if not data.strip():
        return Reason.EMPTY, "no content"
    kind = binary(data)
    return (Reason.NOT_HTML, kind) if kind is not None else None


def dom_title(parsed: dom.Parsed) -> str | None:
    node = parsed.css_first("title")
    if node is None:
        return None
    title = " ".join(node.text().split())
    return title or None


def _drop_title(blocks: list[Block], title: str | None) -> list[Block]:
    """Leave out a heading that repeats the page title: it is the headline, not the body."""
    if not title:
        return blocks
    key = _squash(title)
    for i, block in enumerate(blocks[:3]):
        if block.kind is Kind.HEADING and _squash(block.text) and _squash(block.text) in key:
            return blocks[:i] + blocks[i + 1 :]
    return blocks


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def render_text(blocks: list[Block]) -> str:
    """Plain text: blocks separated by blank lines, list items by single line breaks."""
    out: list[str] = []
    previous: Kind | None = None
    for block in blocks:
        if block.kind is Kind.IMAGE:
            continue
        if out:
            out.append("\n" if block.kind is Kind.ITEM and previous is Kind.ITEM else "\n\n")
        out.append(block.text)
        previous = block.kind
    return "".join(out)


DEFAULT = Extractor()


@lru_cache(maxsize=1)
def _native_agrees() -> bool:
    """Whether the C passes give what the Python passes give on native.PROBES; when they
    do not (a lexbor or CPython they were not built for), extraction stays in Python."""
    fast = native.module()
    if fast is None:
        return False
    for html in native.PROBES:
        parsed = dom.parse(html)
        body = parsed.body
        python = DEFAULT.judge(parsed, dom.Deadline(60.0), None, use_c=False)
        if body is None or not native.same(native.judge(fast, body, DEFAULT), python):
            return False
    return True


def extract(page: str | bytes | Page, url: str | None = None) -> Document | Rejection:
    """Extract the article of one page given as text, bytes or a Page."""
    if not isinstance(page, Page):
        page = Page(page, url)
    return DEFAULT(page)
