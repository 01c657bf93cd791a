"""The only module that imports the HTML parser (selectolax's lexbor binding).

`parse()` turns HTML text into lexbor's tree, which metadata readers query with CSS;
`body_tree()` copies the body into a light tree of `Node`s that the extractor scores and
serialises in pure Python, skipping what never holds article text.
"""

from __future__ import annotations

import time
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

Parsed = LexborHTMLParser
DomNode = LexborNode

# Elements whose content is never article text. `noscript` duplicates what scripts render
# and holds "please enable JavaScript" notices; form controls hold labels, not prose.
SKIPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "option", "textarea", "input", "button", "head", "title", "link",
    "meta", "base", "dialog", "map", "area", "audio", "video", "source", "track", "-comment",
    "-doctype",
})
# Deeper nesting is flattened into the element at this depth. Real pages stay under 100;
# the cap bounds the work on pathological input such as 100,000 nested <div>s.
MAX_DEPTH = 256
# A page with more elements than this is cut: the rest is not read. The benchmark pages
# have 600 elements on average and 9,000 at most.
MAX_ELEMENTS = 100_000


class Node:
    """An element of the light tree: tag, attributes, children (Nodes and text strings)."""

    # The figures after `tag` are filled in by the extractor's scoring passes.
    __slots__ = ("attrs", "chaff", "chars", "children", "dropped", "junk", "links", "own",
                 "own_links", "parent", "prose", "punct", "tag")

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []
        self.parent = parent
        self.chaff: str | None = None  # the kind of chaff this element is, if it is
        self.chars = 0  # characters of text below, white space trimmed
        self.links = 0  # of which inside links
        self.prose = 0.0  # characters of text that reads like article prose
        self.junk = 0.0  # characters that read like chrome: links, labels, fragments
        self.own = 0  # inline text not yet claimed by a block (for inline elements)
        self.own_links = 0
        self.punct = 0
        self.dropped = False  # left out of the article

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


def parse(html: str) -> Parsed:
    """Parse HTML text; lexbor recovers from any markup, so this does not fail on content."""
    return LexborHTMLParser(html)


def body_tree(parsed: Parsed, deadline: Deadline) -> list[Node]:
    """Copy the body into a light tree, leaving out SKIPPED_TAGS and comments.

    Returns the tree's elements with the body first and every element before its
    descendants, so a reversed loop sees children before their parents.
    """
    body = parsed.body
    root = Node("body", body.attributes if body is not None else {}, None)
    order = [root]
    if body is None:
        return order
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
                children.append(child.text_content)
            elif tag is not None and tag not in SKIPPED_TAGS:
                elements += 1
                if depth >= MAX_DEPTH:  # keep the text, drop the nesting
                    stack.append((child, node, depth))
                    continue
                new = Node(tag, child.attributes, node)
                children.append(new)
                order.append(new)
                stack.append((child, new, depth + 1))
        if elements > MAX_ELEMENTS or (visits & 255 == 0 and deadline.passed()):
            break
    return order
