"""The only module that imports the HTML parser (selectolax's lexbor binding).

`parse()` turns HTML text into lexbor's tree, which the extractor's passes (native.py)
walk and metadata readers query with CSS; `find_named()` finds bylines and date lines.
The tag vocabularies here say what the passes read.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any, TypeAlias

from selectolax.lexbor import LexborHTMLParser, LexborNode

from dechaff import _walk

Parsed: TypeAlias = LexborHTMLParser

DomNode: TypeAlias = LexborNode

# Elements whose content is never article text. `noscript` duplicates what scripts render
# and holds "please enable JavaScript" notices; form controls hold labels, not prose.
SKIPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "option", "textarea", "input", "button", "head", "title", "link",
    "meta", "base", "dialog", "map", "area", "audio", "video", "source", "track", "-comment",
    "-doctype",
})
# Elements that start a new block of text; everything else flows inline.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "body", "html", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "tbody", "thead", "tfoot",
    "caption", "blockquote", "pre", "figure", "figcaption", "header", "footer", "nav", "aside",
    "form", "fieldset", "address", "hr", "center", "details", "summary", "hgroup", "picture",
    "legend", "frameset", "frame", "dir", "menu", "output", "search",
})
# Scripts up to this long keep their text through parse(): metadata reads short inline
# scripts that write a date in place (metadata.MAX_DATE_SCRIPT_CHARS is 160).
MAX_SCRIPT_CHARS = 256
# Nesting deeper than this is flattened before parsing (see prepare() in _walk.c): lexbor's
# tree builder is quadratic in depth; real pages stay under 100 levels.
MAX_NESTING = 1024
# A start tag keeps this many attributes; the rest are cut before parsing (prepare() in
# _walk.c), and the <html> and <body> tags of a page share this many, since the parser
# merges them into one element each. lexbor checks every new attribute of an element
# against all it has: one element of 20,000 attributes took 0.7 s to parse, of 80,000
# 92 s. The benchmark pages (1,120, modern-web included) have at most 71 on one element;
# 8 MB of tags of 128 attributes each parse in 0.7 s, as fast as 8 MB of ordinary tags.
MAX_ATTRIBUTES = 128
# Formatting elements (<b>, <font>, <em>, ...) left open past this many are cut before
# parsing, their text kept (prepare() in _walk.c): the parser rebuilds every open one in
# each paragraph that follows, so 1,000 left open turned a 29 KB fuzzed page into 420,000
# elements, which metadata's selectors then took 0.35 s to search. The 1,120 benchmark
# pages leave at most 5 open (as prepare() counts), so the cap changes none of them.
MAX_FORMATTING = 16
# With a deadline, the page is parsed in chunks of this many bytes and the clock is read
# after each (dom.parse, parse_within in _walk.c), so a parse overruns its deadline by one
# chunk's work at most. Markup that makes lexbor's tree builder slower than linear (1,000
# formatting elements reconstructed after each paragraph) costs up to 0.64 ms per 8 bytes:
# 0.65 s for a chunk of 8 KiB. Chunks gave the same trees on all 920 benchmark and
# modern-web pages, at the same speed as one call (BENCHMARKS.md, "Hostile input").
PARSE_CHUNK_BYTES = 8192
# The page parsed into at first: a standards-mode doctype, so that the real page's own
# doctype (or its lack) sets the mode, as in a document parsed in one call.
_STANDARD_DOCTYPE = "<!DOCTYPE html>"
# Deeper nesting is flattened into the element at this depth. Real pages stay under 100;
# the cap bounds the work on pathological input such as 100,000 nested <div>s.
MAX_DEPTH = 256
# A page with more elements than this is cut: the rest is not read. The benchmark pages
# have 600 elements on average and 9,000 at most; a page of 200,000 paragraphs took 5 s
# to extract with no cap.
MAX_ELEMENTS = 30_000


class Deadline:
    """A per-page time budget, checked cheaply in the loops that could run long."""

    __slots__ = ("at",)

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() > self.at

    def left(self) -> float:
        """Seconds until the deadline, 0 once it has passed."""
        return max(0.0, self.at - time.monotonic())


def parse(html: str, deadline: Deadline | None = None) -> Parsed:
    """Parse HTML text; lexbor recovers from any markup, so this does not fail on content.

    Long scripts, styles, SVG drawings and comments are cut out first, as the UTF-8 bytes
    lexbor reads are written (`prepare_utf8` in _walk.c): nothing reads them, and parsing
    them was a quarter of the parser's time on the benchmark pages. The cut also caps
    nesting, attributes and open formatting elements. Given a deadline, the parse stops
    reading the page when it passes (the tree holds what was read; the caller sees the
    deadline passed): some markup makes lexbor's tree builder slower than linear."""
    _ready()
    data = _walk.prepare_utf8(html, MAX_SCRIPT_CHARS, MAX_NESTING, MAX_ATTRIBUTES,
                              MAX_FORMATTING)
    if deadline is None:
        return LexborHTMLParser(data)
    parsed = LexborHTMLParser(_STANDARD_DOCTYPE)  # a document to parse into
    root = parsed.root
    assert root is not None  # lexbor makes <html>, <head> and <body> for any text
    _walk.parse_within(root.mem_id, data, PARSE_CHUNK_BYTES, deadline.left())
    return parsed


@lru_cache(maxsize=1)
def _ready() -> None:
    import selectolax.lexbor

    from dechaff import native

    native.check_parser()
    _walk.init(selectolax.lexbor.__file__)


# An element found by the words of its class or its rel (`find_named`): its class, id and
# rel, and a handle for its text (`named_text`): the node itself, or its lexbor address
# with the node the search started from, which keeps the parsed page (and so the address)
# alive as long as the handle.
Named: TypeAlias = tuple[str | None, str | None, str | None, Any]


def find_named(parsed: Parsed, words: tuple[str, ...], rel_word: str, limit: int,
               at: int = 0) -> list[Named]:
    """The elements from the page's root on (or from the element at address `at`), itself
    included, that the selector list `[class*=w i], ... , [rel~=rel_word]` finds, in its
    order (an element once per selector it matches), at most `limit`; `words` are lower
    case, `rel_word` "" for none."""
    root = parsed.root
    if root is None:
        return []
    _ready()
    return [(cls, id_, rel, (address, parsed))
            for cls, id_, rel, address in _walk.named(at or root.mem_id, words, rel_word, limit)]


def ancestor(parsed: Parsed, address: int, levels: int) -> int:
    """The address of the element `levels` above the one at `address` in `parsed` (which
    must be alive), or of the highest one below `<body>` or `<html>` on the way; 0 for 0."""
    _ready()
    return _walk.ancestor(address, levels) if address else 0


def visible_text(parsed: Parsed, address: int, max_chars: int, max_elements: int,
                 max_script_chars: int) -> list[tuple[str, bool]]:
    """The text nodes below the element at `address` in `parsed` (which must be alive) that
    people see (not in SKIPPED_TAGS), each stripped, in order, until they hold max_chars
    characters or max_elements elements were read, and no deeper than MAX_DEPTH; with the
    text of each `<script>` of at most max_script_chars characters, marked True."""
    if not address:
        return []
    _ready()
    return _walk.visible_text(address, max_chars, max_elements, MAX_DEPTH, SKIPPED_TAGS,
                              max_script_chars)


# An element that holds structured evidence (`evidence`): its tag, the attributes metadata
# reads, its address, and the address of the first element with itemprop=name from it on
# (0 for none).
Evidence: TypeAlias = tuple[str | None, dict[str, str], int, int]


def evidence(parsed: Parsed) -> list[Evidence]:
    """The page's html, meta, title, h1 and time elements, its scripts whose type mentions
    json and links whose rel mentions canonical (any case), and every element with an
    itemprop, in document order: one walk instead of a query for each."""
    root = parsed.root
    if root is None:
        return []
    _ready()
    return _walk.evidence(root.mem_id)


def text_at(parsed: Parsed, address: int, spaced: bool = True) -> str:
    """The text of the element at an address that `evidence` gave for `parsed` (which must
    be alive), its text nodes joined by spaces or by nothing."""
    return _walk.text_of(address, MAX_TEXT_CHARS, spaced) or ""


# The longest text text_at() reads (a microdata property on the body holds the whole page).
MAX_TEXT_CHARS = 50_000_000


def named_text(handle: Any, max_chars: int) -> str | None:
    """The text of an element that `find_named` gave, its text nodes joined by spaces, or
    None when it is longer than `max_chars`."""
    text: str | None = _walk.text_of(handle[0], max_chars)
    return text
