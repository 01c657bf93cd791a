"""The only module that imports the HTML parser (selectolax's lexbor binding).

`parse()` turns HTML text into lexbor's tree, which metadata readers query with CSS;
`body_tree()` copies the body into a light tree of `Node`s that the extractor scores and
serialises in pure Python, skipping what never holds article text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import import_module
from itertools import islice
from typing import Any, TypeAlias

from selectolax.lexbor import LexborHTMLParser, LexborNode

Parsed: TypeAlias = LexborHTMLParser

# Sentence punctuation in the scripts we meet most: Latin, CJK, Arabic, Devanagari. The C
# walker (_walk.c, is_punct) knows the same characters.
PUNCTUATION = re.compile(r"[.,;:!?\u3002\uff0c\u3001\uff01\uff1f\u060c\u061f\u0964]")
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


NODE_FIELDS = ("anchors", "attrs", "block", "chaff", "chars", "children", "dropped", "junk",
               "kids", "links", "own", "own_links", "parent", "prose", "punct", "tag",
               "text_chars", "text_punct", "value")


class Node:
    """An element of the light tree: tag, attributes, children (Nodes and text strings)."""

    __slots__ = NODE_FIELDS

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []  # elements and text, in document order
        self.kids: list[Node] = []  # the elements among them
        self.parent = parent
        # Custom elements (<bsp-story-page>, <ps-header>) lay out like <div>s.
        self.block = tag in BLOCK_TAGS or "-" in tag
        self.text_chars = 0  # characters of the direct text children, white space trimmed
        self.text_punct = 0  # direct text children that hold sentence punctuation
        self.chaff: str | None = None  # the kind of chaff this element is, if it is
        self.dropped = False  # below an element that chaff rules name
        # Filled in by the extractor's scoring pass (extractor.Extractor.score):
        self.chars = 0  # characters of text below, white space trimmed
        self.links = 0  # of which inside links
        self.prose = 0.0  # characters of text that reads like article prose
        self.junk = 0.0  # characters that read like chrome: links, labels, fragments
        self.own = 0  # inline text not yet claimed by a block (for inline elements)
        self.own_links = 0
        self.punct = 0
        self.anchors = 0  # links in the inline text not yet claimed by a block
        self.value = 0.0  # how well the element holds the article (extract.find_article)

    def __repr__(self) -> str:
        return f"<Node {self.tag} {self.attrs.get('class') or ''}>"

    def get(self, name: str) -> str:
        """The attribute's value, or '' when it is absent or empty."""
        return self.attrs.get(name) or ""


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

    With the C speed-ups built, long scripts, styles, SVG drawings and comments are cut
    out first (the tags stay): nothing reads them, and parsing them was a quarter of the
    parser's time on the benchmark pages. Given a deadline, the parse stops reading the
    page when it passes (the tree holds what was read; the caller sees the deadline
    passed): some markup makes lexbor's tree builder slower than linear."""
    native = _native_module()
    if native is not None:  # the UTF-8 bytes lexbor reads, encoded as the cut is made
        data = native.prepare_utf8(html, MAX_SCRIPT_CHARS, MAX_NESTING, MAX_ATTRIBUTES,
                                   MAX_FORMATTING)
        if deadline is None:
            return LexborHTMLParser(data)
        parsed = LexborHTMLParser(_STANDARD_DOCTYPE)  # a document to parse into
        root = parsed.root
        assert root is not None  # lexbor makes <html>, <head> and <body> for any text
        native.parse_within(root.mem_id, data, PARSE_CHUNK_BYTES, deadline.left())
        return parsed
    if html.count("<") > MAX_NESTING:
        html = flatten_nesting(html, MAX_NESTING)
    return LexborHTMLParser(cap_attributes(html, MAX_ATTRIBUTES))


# (No part of a tag's pattern runs past a '<': a page of unclosed tags costs linear time.)
_TAG_OR_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>", re.S)
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "param", "source", "track", "wbr"})


def flatten_nesting(html: str, max_depth: int) -> str:
    """Cut start tags nested deeper than `max_depth`, and as many end tags after them (what
    the C prepare() does, for when it is not built): lexbor's tree builder takes time
    quadratic in nesting depth."""
    depth = skipped = 0
    parts: list[str] = []
    last = 0
    for match in _TAG_OR_COMMENT.finditer(html):
        closing, name = match.group(1), match.group(2)
        if name is None:
            continue
        if closing:
            if skipped:
                skipped -= 1
                parts.append(html[last : match.start()])
                last = match.end()
            elif depth:
                depth -= 1
        elif name.lower() not in VOID_TAGS and not match.group(3):
            if depth < max_depth:
                depth += 1
            else:
                skipped += 1
                parts.append(html[last : match.start()])
                last = match.end()
    return "".join(parts) + html[last:] if parts else html


_START_TAG = re.compile(r"""<([a-zA-Z][^\s/<>]*)((?:"[^"<]*"|'[^'<]*'|[^'"<>])*)>""")
_ATTRIBUTE = re.compile(r"""[^\s/][^\s/=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|\S*))?""")
_MERGED = frozenset({"html", "body"})


def cap_attributes(html: str, max_attributes: int) -> str:
    """Cut the attributes of each start tag past `max_attributes`, and those of the <html>
    and <body> tags past `max_attributes` for them all (what the C prepare() does, for when
    it is not built): lexbor's cost is quadratic in an element's attributes."""
    merged_left = max_attributes

    def cap(tag: re.Match[str]) -> str:
        nonlocal merged_left
        name, attributes = tag.group(1), tag.group(2)
        merged = name.lower() in _MERGED
        if not merged and len(attributes) <= 2 * max_attributes:
            return tag.group(0)
        limit = min(max_attributes, merged_left) if merged else max_attributes
        found = list(islice(_ATTRIBUTE.finditer(attributes), limit + 1))
        if merged:
            merged_left -= min(len(found), limit)
        if len(found) <= limit:
            return tag.group(0)
        end = "/>" if attributes.endswith("/") else ">"
        return f"<{name}{attributes[: found[limit].start()]}{end}"

    return _START_TAG.sub(cap, html)


@contextmanager
def body_tree(parsed: Parsed, deadline: Deadline) -> Iterator[list[Node]]:
    """Copy the body into a light tree, leaving out SKIPPED_TAGS and comments.

    Yields the tree's elements with the body first and every element before its
    descendants, so a reversed loop sees children before their parents. The tree is taken
    apart on exit: use it inside the `with`. Uses the C walker when it is built and agrees
    with the Python one; it is several times faster.
    """
    body = parsed.body
    native = _native_walker()
    if body is None:
        order = [Node("body", {}, None)]
    elif native is not None:
        order = native.walk(body.mem_id, SKIPPED_TAGS, MAX_DEPTH, MAX_ELEMENTS)
    else:
        order = _python_body_tree(body, deadline)
    try:
        yield order
    finally:
        if native is not None:
            native.release(order)
        else:
            for node in order:
                node.parent = None


@lru_cache(maxsize=1)
def _native_module() -> Any:
    """The C speed-ups module, set up, or None when it is not built."""
    try:
        import selectolax.lexbor

        walk = import_module("dechaff._walk")  # by name: it has no stub, and may not exist
        walk.init(selectolax.lexbor.__file__, Node, BLOCK_TAGS)
    except (ImportError, AttributeError, OSError):
        return None
    return walk


@lru_cache(maxsize=1)
def _native_walker() -> Any:
    """The C walker module, or None when it is not built or does not agree with Python."""
    native = _native_module()
    if native is None:
        return None
    body = LexborHTMLParser(_PROBE).body
    if body is None:
        return None
    walked = native.walk(body.mem_id, SKIPPED_TAGS, MAX_DEPTH, MAX_ELEMENTS)
    python = _python_body_tree(body, Deadline(1.0))
    agree = _shape(walked) == _shape(python)
    native.release(walked)
    return native if agree else None


# An element found by the words of its class or its rel (`find_named`): its class, id and
# rel, and a handle for its text (`named_text`): the node itself, or its lexbor address
# with the node the search started from, which keeps the parsed page (and so the address)
# alive as long as the handle.
Named: TypeAlias = tuple[str | None, str | None, str | None, Any]


def find_named(root: Parsed | DomNode, words: tuple[str, ...], rel_word: str,
               limit: int) -> list[Named]:
    """The elements from `root` on (itself included) that the selector list
    `[class*=w i], ... , [rel~=rel_word]` finds, in its order (an element once per selector
    it matches), at most `limit`; `words` are lower case, `rel_word` "" for none."""
    node = root.root if isinstance(root, LexborHTMLParser) else root
    if node is None:
        return []
    native = _native_named()
    if native is not None:
        return [(cls, id_, rel, (address, node))
                for cls, id_, rel, address in native.named(node.mem_id, words, rel_word, limit)]
    selectors = [f"[class*={word} i]" for word in words] + ([f"[rel~={rel_word}]"]
                                                             if rel_word else [])
    return [(n.attributes.get("class"), n.attributes.get("id"), n.attributes.get("rel"), n)
            for n in node.css(", ".join(selectors))[:limit]]


def named_text(handle: Any, max_chars: int) -> str | None:
    """The text of an element that `find_named` gave, its text nodes joined by spaces, or
    None when it is longer than `max_chars`."""
    if isinstance(handle, tuple):
        native = _native_module()
        text: str | None = native.text_of(handle[0], max_chars) if native is not None else None
        return text
    text = handle.text(deep=True, separator=" ")
    return None if text is None or len(text) > max_chars else text


@lru_cache(maxsize=1)
def _native_named() -> Any:
    """The C module when its `named` agrees with lexbor's selectors on a probe, else None."""
    native = _native_module()
    if native is None:
        return None
    probe = LexborHTMLParser(_NAMED_PROBE)
    root = probe.root
    if root is None:
        return None
    css = root.css("[class*=date i], [class*=author i], [rel~=author]")
    python = [(n.attributes.get("class"), n.attributes.get("id"), n.attributes.get("rel"),
               n.text(deep=True, separator=" ")) for n in css]
    # (addresses are read while `root`, and with it the parsed probe, is still in use)
    found = [(cls, id_, rel, native.text_of(address, 10_000))
             for cls, id_, rel, address in native.named(root.mem_id, ("date", "author"),
                                                        "author", 100)]
    agree = found == python and root.tag == "html"
    return native if agree else None


_NAMED_PROBE = (
    '<html><body><div class="PostDate updated" id=d>26 <b>Feb</b> 2020</div>'
    '<span class="author-date">By <a rel="author nofollow" href=x>Ann É</a></span>'
    '<p class>empty</p><time class="DATE">x<!-- c --><script>s()</script></time>'
    '<a rel=author>Bo</a><div class="byline"><div class=dateline>deep</div></div></body></html>'
)


# A page that exercises what the walker copies: attributes with and without values,
# entities, skipped elements, comments, nesting and text between elements.
_PROBE = (
    '<html><body class="a b" id=x><div data-x hidden>one &amp; two<!-- c -->'
    '<p>three <a href="/x?a=1&amp;b=2">f\u00f6ur</a> five</p><script>no()</script>'
    "<my-el role=main>six<br>seven</my-el></div>eight</body></html>"
)


# The attributes the extractor reads; the C walker copies only these (see _walk.c).
KEPT_ATTRIBUTES = frozenset({"class", "id", "role", "style", "hidden", "aria-hidden", "itemprop",
                             "href", "src", "data-src", "alt", "lang", "datetime", "content",
                             "name", "property", "rel"})


def _shape(order: list[Node]) -> list[tuple[object, ...]]:
    """Every slot of every node, with nodes named by tag and attributes by what C copies."""
    def value(node: Node, name: str) -> object:
        v = getattr(node, name)
        if name == "attrs":
            return {k: x for k, x in v.items() if k in KEPT_ATTRIBUTES}
        if name in ("children", "kids"):
            return [c if isinstance(c, str) else c.tag for c in v]
        if name == "parent":
            return None if v is None else v.tag
        return (type(v), v)

    return [tuple(value(n, name) for name in NODE_FIELDS) for n in order]


def _python_body_tree(body: DomNode, deadline: Deadline) -> list[Node]:
    root = Node("body", body.attributes, None)
    order = [root]
    stack: list[tuple[Any, Node, int]] = [(body, root, 0)]
    elements = 0
    visits = 0
    while stack:
        dom_node, node, depth = stack.pop()
        visits += 1
        children = node.children
        for child in dom_node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                text = child.text_content or ""
                children.append(text)
                stripped = text.strip()
                if stripped:
                    node.text_chars += len(stripped)
                    node.text_punct += PUNCTUATION.search(stripped) is not None
            elif tag is not None and tag not in SKIPPED_TAGS:
                elements += 1
                if depth >= MAX_DEPTH:  # keep the text, drop the nesting
                    stack.append((child, node, depth))
                    continue
                new = Node(tag, child.attributes, node)
                children.append(new)
                node.kids.append(new)
                order.append(new)
                stack.append((child, new, depth + 1))
        if elements > MAX_ELEMENTS or (visits & 255 == 0 and deadline.passed()):
            break
    return order
