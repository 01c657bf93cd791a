"""Serialise the chosen part of the light tree into Blocks: paragraphs, headings, lists, ..."""

from __future__ import annotations

from collections.abc import Callable

from dechaff.document import Block, Kind, Link
from dechaff.dom import Node

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
LISTS = frozenset({"ul", "ol"})
# A table whose cells hold this much text, or that nests tables, lays out the page: its
# cells are read as containers, not as data.
MAX_DATA_CELL_CHARS = 400

Keep = Callable[[Node], bool]


class Writer:
    """Collects inline text into the current block and closes blocks as elements end."""

    def __init__(self, keep: Keep, root: Node) -> None:
        self.keep = keep
        self.blocks: list[Block] = []
        self.owners: list[Node] = [root]  # the block element whose text is being collected
        self.sources: list[Node] = []  # for each block, the element it came from
        self.linked: list[int] = []  # for each block, how many of its characters are links
        self.parts: list[str] = []
        self.length = 0
        self.space = False  # white space is pending before the next word
        self.links: list[Link] = []
        self.list_depth = -1
        self.numbers: list[int] = []
        self.quote = 0

    # -- inline text --------------------------------------------------------------------
    def add_text(self, raw: str) -> None:
        words = raw.split()
        if not words:
            if raw:
                self.space = True
            return
        text = " ".join(words)
        if self.length and (self.space or raw[0].isspace()):
            text = " " + text
        self.parts.append(text)
        self.length += len(text)
        self.space = raw[-1].isspace()

    def add_break(self) -> None:
        if self.length:
            self.parts.append("\n")
            self.length += 1
            self.space = False

    def close(self, kind: Kind, level: int = 0, number: int = 0) -> None:
        """End the current block, if it has text."""
        if not self.parts:
            return
        raw = "".join(self.parts)
        text = raw.strip()
        if text:
            if self.quote and kind is Kind.PARAGRAPH:
                kind = Kind.QUOTE
            lead = len(raw) - len(raw.lstrip())
            links = tuple(
                Link(link.start - lead, link.end - lead, link.href)
                for link in self.links
                if link.end - lead <= len(text) and not link.href.startswith(("javascript:", "#"))
            )
            self.add(Block(kind, text.replace(" \n", "\n").replace("\n ", "\n"), level, number,
                           links), sum(link.end - link.start for link in self.links))
        self.parts, self.length, self.space, self.links = [], 0, False, []

    def add(self, block: Block, linked: int = 0) -> None:
        self.blocks.append(block)
        self.sources.append(self.owners[-1])
        self.linked.append(linked)

    # -- elements -----------------------------------------------------------------------
    def walk(self, node: Node) -> None:
        for child in node.children:
            if type(child) is str:
                self.add_text(child)
            elif self.keep(child):  # type: ignore[arg-type]
                self.element(child)  # type: ignore[arg-type]

    def element(self, node: Node) -> None:
        tag = node.tag
        if not node.block:
            self.inline(node)
            return
        self.owners.append(node)
        self.block(node, tag)
        self.owners.pop()

    def block(self, node: Node, tag: str) -> None:
        if tag in HEADINGS:
            self.close(Kind.PARAGRAPH)
            self.walk(node)
            self.close(Kind.HEADING, HEADINGS[tag])
        elif tag in LISTS:
            self.list(node)
        elif tag == "li":
            self.item(node)
        elif tag == "pre":
            self.pre(node)
        elif tag == "table" and is_data_table(node):
            self.table(node)
        elif tag == "blockquote":
            self.close(Kind.PARAGRAPH)
            self.quote += 1
            self.walk(node)
            self.close(Kind.PARAGRAPH)
            self.quote -= 1
        elif tag == "figcaption":
            self.close(Kind.PARAGRAPH)
            self.walk(node)
            self.close(Kind.CAPTION)
        else:
            self.close(Kind.PARAGRAPH)
            self.walk(node)
            self.close(Kind.PARAGRAPH)

    def inline(self, node: Node) -> None:
        tag = node.tag
        if tag == "br":
            self.add_break()
        elif tag == "img":
            self.image(node)
        elif tag == "a" and node.get("href"):
            start = self.length + (1 if self.length and self.space else 0)
            self.walk(node)
            href = node.get("href")
            if self.length > start:
                self.links.append(Link(start, self.length, href))
        else:
            self.walk(node)

    def image(self, node: Node) -> None:
        src = node.get("src") or node.get("data-src")
        if src and not src.startswith("data:"):
            self.close(Kind.PARAGRAPH)
            self.add(Block(Kind.IMAGE, node.get("alt").strip(), src=src))

    def list(self, node: Node) -> None:
        self.close(Kind.PARAGRAPH)
        self.list_depth += 1
        self.numbers.append(1 if node.tag == "ol" else 0)
        self.walk(node)
        self.close(Kind.ITEM, max(self.list_depth, 0))
        self.numbers.pop()
        self.list_depth -= 1

    def item(self, node: Node) -> None:
        level = max(self.list_depth, 0)
        number = self.numbers[-1] if self.numbers else 0
        self.close(Kind.ITEM, level, number)
        self.walk(node)
        self.close(Kind.ITEM, level, number)
        if self.numbers and number:
            self.numbers[-1] += 1

    def pre(self, node: Node) -> None:
        self.close(Kind.PARAGRAPH)
        text = raw_text(node).strip("\n")
        if text.strip():
            self.add(Block(Kind.CODE, text))

    def table(self, node: Node) -> None:
        self.close(Kind.PARAGRAPH)
        rows = []
        for row in iter_tags(node, "tr"):
            cells = tuple(" ".join(raw_text(cell).split()) for cell in row.children
                          if isinstance(cell, Node) and cell.tag in ("td", "th"))
            if any(cells):
                rows.append(cells)
        if rows:
            text = "\n".join(" | ".join(row) for row in rows)
            self.add(Block(Kind.TABLE, text, rows=tuple(rows)))


def is_data_table(node: Node) -> bool:
    """A table of data, not of page layout: no nested table, no cell holding a whole text."""
    for cell in iter_tags(node, "td", "th", "table"):
        if cell.tag == "table" or len(raw_text(cell)) > MAX_DATA_CELL_CHARS:
            return False
    return True


def iter_tags(node: Node, *tags: str) -> list[Node]:
    """Descendants of `node` with one of `tags`, in document order, not looking inside them."""
    found: list[Node] = []
    stack = [c for c in reversed(node.children) if type(c) is not str]
    while stack:
        child: Node = stack.pop()  # type: ignore[assignment]
        if child.tag in tags:
            found.append(child)
        else:
            stack.extend(c for c in reversed(child.children) if type(c) is not str)
    return found


def raw_text(node: Node) -> str:
    """All text below `node`, as written (white space kept), with <br> as a line break."""
    out: list[str] = []
    stack: list[Node | str] = [node]
    while stack:
        item = stack.pop()
        if type(item) is str:
            out.append(item)
        elif item.tag == "br":  # type: ignore[union-attr]
            out.append("\n")
        else:
            stack.extend(reversed(item.children))  # type: ignore[union-attr]
    return "".join(out)


def serialise(root: Node, keep: Keep) -> Writer:
    """The blocks of `root`'s subtree, skipping elements for which `keep` is false; the
    writer's `blocks`, `sources` and `linked` are parallel lists."""
    writer = Writer(keep, root)
    writer.walk(root)
    writer.close(Kind.PARAGRAPH)
    return writer
