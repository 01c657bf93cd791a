"""Page -> Document | Rejection: find the article in a page and leave the chaff behind.

How it works (the passes are in _article.c, see native.py; the settings are the fields of
`Extractor`, which the passes read by name):
1. score: every run of inline text (a paragraph, a list item, a cell) is prose when it has
   enough characters outside links and holds punctuation, junk otherwise (links, labels,
   fragments); each element sums the prose and junk below it, and what chaff rules name
   (navigation, share bars, cookie banners, CMS messages, ...) counts as junk above it;
2. choose: the article's element is the one with the most prose net of junk,
   `prose - junk_weight * junk`, favouring elements named as content and discounting those
   below chaff; because the score is additive, a parent wins over its child exactly when
   its other children add more prose than junk;
3. serialise the page around it into blocks, and score each with the block model;
4. keep (here): the blocks the model leans to keep, by the rules of `Extractor.keep`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dechaff import classify, dom, lexicon, native, pagetype
from dechaff.decode import binary, decode
from dechaff.document import Block, Document, Kind, Page, Reason, Rejection
from dechaff.language import document_language
from dechaff.metadata import Metadata, read_metadata

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
    # Tell what kind of page it is (Document.page_type, pagetype.py), from what the
    # extraction read, and keep of a page of another type than an article the blocks the
    # block model for such pages (classify.general_model) scores, in the same walk. On by
    # default since it costs 7% more instructions a page on article-extraction (11.56 M
    # against 10.77 M; 10.5x trafilatura's speed): k-fold by site, modern-web goes from
    # 0.75 to 0.79, readability-pages +0.002 and article-extraction -0.004, for a type that
    # is right for 0.82 of modern-web's pages on sites it never saw (BENCHMARKS.md, issue
    # 15). False leaves both out: Document.page_type is None, the article model reads all.
    page_type: bool = True

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
        if deadline.passed():
            return self.late(url)
        meta = read_metadata(parsed, url)  # first: a rejected page keeps it
        title = meta.title or dom_title(parsed)
        # With page types, the passes score every block with the model for other kinds of
        # page too (classify.general_model), in the same walk.
        walks = _Walks(self, parsed, deadline,
                       classify.general_model() if self.page_type else None)
        try:
            kind, confidence = (self._page_type(walks, meta, url or meta.url, title)
                                if self.page_type else (None, None))
            found = None
            if kind not in (None, "article", "other"):
                # the page is of another kind: the blocks as the model for such pages scored them
                found = self.article(walks.by_other(), title, meta)
            found = found or self.article(walks, title, meta)
        except _OverBudget:
            return self._rejection(Reason.TIMEOUT, f"over {self.timeout_s} s", url, meta, title)
        if found is None:
            return self._rejection(Reason.NO_ARTICLE, "no text of the page reads as content",
                                   url, meta, title)
        text = render_text(found.blocks)
        language = document_language(text, meta.html_lang)
        comments = (tuple(comment_blocks(found.judged, found.kept))
                    if self.comments and found.judged is not None else ())
        if deadline.passed():
            return self._rejection(Reason.TIMEOUT, f"over {self.timeout_s} s", url, meta, title)
        return Document(
            text=text, blocks=tuple(found.blocks), url=meta.url or url, title=title,
            date=meta.date, date_modified=meta.date_modified, author=meta.author,
            language=language[0] if language else None,
            language_confidence=language[1] if language else None, site_name=meta.site_name,
            description=meta.description, comments=comments, fallback=found.fallback,
            page_type=kind, page_type_confidence=confidence,
        )

    @staticmethod
    def _page_type(walks: _Walks, meta: Metadata, url: str | None, title: str | None
                   ) -> tuple[str, float]:
        """The page's type, told before any block is kept, so that a page of another kind
        than an article is kept once, by the model for such pages: from the walk of its
        body, or of its body with its <noscript> content when the body alone has no text."""
        walk = walks(False) or walks(True)
        return pagetype.page_type(walk[0] if walk is not None else None, meta, url, title)

    def late(self, url: str | None) -> Rejection:
        """The rejection of a page that ran past the time budget before its metadata."""
        return Rejection(Reason.TIMEOUT, f"over {self.timeout_s} s", url)

    @staticmethod
    def _rejection(reason: Reason, detail: str, url: str | None, meta: Metadata,
                   title: str | None) -> Rejection:
        return Rejection(reason, detail, meta.url or url, title=title, date=meta.date,
                         language=_declared(meta.html_lang))

    def article(self, walk: Walk, title: str | None, meta: Metadata) -> Article | None:
        """The article's blocks, and how they were found: those the block model keeps of
        the page; else of the page with its <noscript> content (a body that scripts fill
        in); else a fallback. None when the page has no text that could be the article."""
        first = walk(False)
        if first is not None:
            found = self._kept(*first, title, None)
            if _has_text(found.blocks):
                return found
        second = walk(True)
        if second is not None:
            found = self._kept(*second, title, "noscript")
            if _has_text(found.blocks):
                return found
        return self.fallback(first[0] if first is not None else None, title, meta)

    def _kept(self, judged: native.Judged, scores: Sequence[float], title: str | None,
              how: str | None) -> Article:
        kept = self.keep(judged, scores)
        blocks = [b for b, k in zip(judged.blocks, kept, strict=True) if k]
        return Article(judged, kept, _drop_title(blocks, title), how)

    def fallback(self, judged: native.Judged | None, title: str | None,
                 meta: Metadata) -> Article | None:
        """When the block model keeps nothing of a page that has text, the text of the
        element the first stage chose, else of the page's <main>, else its JSON-LD
        articleBody, else its meta description; each marked as such (Document.fallback).
        Chaff by name (short labels of ads, share bars, notices) and comments stay out."""
        if judged is not None:
            for how, within in (("element", judged.inside), ("main", judged.in_main)):
                kept = [inside and not talk and not chaff for inside, talk, chaff
                        in zip(within, judged.in_comments, judged.in_chaff, strict=True)]
                blocks = [b for b, k in zip(judged.blocks, kept, strict=True) if k]
                blocks = _drop_title(blocks, title)
                if _has_text(blocks):
                    return Article(judged, kept, blocks, how)
        for how, text in (("json_ld", meta.body), ("description", meta.description)):
            if text:
                blocks = [Block(Kind.PARAGRAPH, line) for line in text.splitlines() if line]
                return Article(None, [], blocks, how)
        return None

    def judge(self, parsed: dom.Parsed, noscript: bool = False,
              model: classify.Model | None = None, other: classify.Model | None = None,
              shape: bool = True) -> native.Judged | None:
        """The passes over the page's body: its blocks and the model's score of each (the
        shipped model unless `model`; and `other`'s, in Judged.other_scores), and with
        `shape` the counts the page-type model reads (Judged.shape); None when it has no
        text. With `noscript`, what <noscript> elements hold is read too."""
        body = parsed.body
        if body is None:
            return None
        return native.judge(body, self, model, noscript, other, shape)

    def keep(self, ctx: native.Judged, scores: Sequence[float]) -> list[bool]:
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
        texts = [block.text for block in ctx.blocks]
        # The first cut, in C: the main run, the thresholds inside and outside it, short chaff
        # never; and which blocks may be copies of others, and which repeat what is kept.
        keep, never, copies, repeated = native.keep_base(
            texts, scores, ctx.in_chaff, ctx.inside, CUT_SHORT, self.run_threshold,
            self.outside_threshold, self.max_label_words, MAX_RUN_WORDS, self.copy_min_words,
            MAX_COPY_CHARS, self.repeat_min_words - 1)
        for i in numbered_items(ctx.blocks, ctx.inside):
            keep[i] = not never[i]
        long = [i for i in copies if keep[i]]
        for i in sorted(long, key=lambda i: -len(texts[i]))[:MAX_COPIES]:
            _keep_parts(ctx.blocks, i, keep, self.copy_share)
        _drop_repeated(texts, repeated, keep)
        if True in ctx.in_comments:
            for i, (talk, within) in enumerate(zip(ctx.in_comments, ctx.inside, strict=True)):
                if talk and not within:
                    keep[i] = False
        _drop_prompts(ctx.blocks, keep)
        return keep


@dataclass(frozen=True, slots=True)
class Article:
    """The blocks chosen as a page's article, and what they were chosen from."""

    judged: native.Judged | None  # the page's blocks and flags (None: from its metadata)
    kept: Sequence[bool]  # for each of judged's blocks, whether it is the article's
    blocks: list[Block]
    fallback: str | None  # how they were found when the model kept nothing (Document)


# A page's blocks and a score for each, from the walk of its body (False) or of its body
# with its <noscript> content (True); None when that walk has no text.
Walk = Callable[[bool], tuple[native.Judged, Sequence[float]] | None]


class _OverBudget(Exception):
    """The page's time budget ran out between two walks."""


class _Walks:
    """The walks of a page, scored by the shipped model (and by `other`, if given), within
    its time budget; each is made once, however many times it is asked for (the page's
    type, then its article). by_other() gives the same walks with the other model's
    scores."""

    __slots__ = ("by", "deadline", "extractor", "made", "other", "parsed")

    def __init__(self, extractor: Extractor, parsed: dom.Parsed, deadline: dom.Deadline,
                 other: classify.Model | None = None) -> None:
        self.extractor, self.parsed, self.deadline = extractor, parsed, deadline
        self.other = other
        self.made: dict[bool, native.Judged | None] = {}  # by noscript
        self.by = "scores"

    def by_other(self) -> _Walks:
        """The same walks (those made and those to come), with the other model's scores."""
        twin = _Walks(self.extractor, self.parsed, self.deadline, self.other)
        twin.made, twin.by = self.made, "other_scores"
        return twin

    def __call__(self, noscript: bool) -> tuple[native.Judged, Sequence[float]] | None:
        if noscript and self.parsed.css_first("noscript") is None:
            return None
        if noscript not in self.made:
            judged = self.extractor.judge(self.parsed, noscript, None, self.other,
                                          self.extractor.page_type)
            if self.deadline.passed():
                raise _OverBudget
            self.made[noscript] = judged
        judged = self.made[noscript]
        if judged is None:
            return None
        scores = getattr(judged, self.by)
        return None if scores is None else (judged, scores)


def _has_text(blocks: Sequence[Block]) -> bool:
    return any(block.text and block.kind is not Kind.IMAGE for block in blocks)


def _declared(lang: str | None) -> str | None:
    """The language an <html lang> declares, as an ISO 639-1 code, or None."""
    code = (lang or "").split("-")[0]
    return code if len(code) == 2 and code.isalpha() else None  # noqa: PLR2004


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
    for i, (block, within) in enumerate(zip(blocks, inside, strict=True)):
        text = block.text
        # a first character that is no digit (str.isdecimal is the pattern's \d) has no match
        match = _NUMBERED.match(text) if within and text[:1].isdecimal() else None
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


def _drop_repeated(texts: Sequence[str], repeated: Sequence[int], keep: list[bool]) -> None:
    """Drop each kept block whose text a later block of `repeated` repeats word for word
    (blocks outside the chosen element, scored below -outside_threshold, with at least
    repeat_min_words words)."""
    last = {texts[j]: j for j in repeated}
    if last:
        for i, text in enumerate(texts):
            if keep[i] and last.get(text, -1) > i:
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
# A block longer than this is not searched for copies of others (the search is linear in its
# words, in Python: one paragraph of 8 M characters took 1.5 s). Of the 920 benchmark pages'
# long blocks, two are copies, of 9,333 characters at most.
MAX_COPY_CHARS = 200_000
# Text that ends like this was cut short: the summary of a teaser for another article
# ("The council met on Tuesday to ..."). Articles end their paragraphs less often so.
CUT_SHORT = ("...", "\u2026")
# What a comment is made of, and the shortest comment that need not end like a sentence.
COMMENT_KINDS = frozenset({Kind.PARAGRAPH, Kind.QUOTE, Kind.ITEM, Kind.CODE})
MIN_COMMENT_WORDS = 7
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


def extract(page: str | bytes | Page, url: str | None = None) -> Document | Rejection:
    """Extract the article of one page given as text, bytes or a Page."""
    if not isinstance(page, Page):
        page = Page(page, url)
    return DEFAULT(page)
