"""A Document as plain text, Markdown or JSON; a Rejection as JSON.

Every renderer returns a string without a final line break: the caller decides how
documents are separated. Markdown follows CommonMark with GitHub's tables; characters of
the article that Markdown would read as markup are escaped, and nothing else is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin

from dechaff.document import Block, Document, Kind, Link, Rejection
from dechaff.errors import ConfigError

# The output formats, each with the file extension it is written under.
FORMATS = MappingProxyType({"text": ".txt", "markdown": ".md", "json": ".json"})

# The fields of YAML front matter, in order, when the document knows them.
FRONT_MATTER_FIELDS = ("title", "author", "date", "date_modified", "language", "site_name",
                       "url", "description")
# The heading Markdown puts above a document's comments, and the line plain text puts
# there: without it, the comments read on as more of the article.
COMMENTS_HEADING = "## Comments"
COMMENTS_LINE = "Comments:"
# What separates the documents of several inputs in plain text on standard output: a
# blank line is what separates paragraphs, so a form feed (page break) on its own line.
TEXT_SEPARATOR = "\f\n"
# The shortest code fence CommonMark accepts.
MIN_FENCE = 3
# Markdown has six levels of heading; deeper ones are written as the sixth.
MAX_HEADING_LEVEL = 6

# Inline characters that start markup: code, emphasis, links, strikethrough, escapes; `_`
# only where it can open or close emphasis (not between two letters, as in snake_case);
# `<` only before what would be a tag or an autolink; `&` only before an entity.
_INLINE = re.compile(
    r"[\\`*\[\]~]|(?<![^\W_])_|_(?![^\W_])|<(?=[A-Za-z/!?])|&(?=#?[0-9A-Za-z]+;)"
)
# At the start of a line: headings, quotes, bullets, setext underlines and breaks.
_LINE_START = re.compile(r"[#>+=-]")
# At the start of a line: a number that would open an ordered list.
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
# Characters YAML wants escaped inside double quotes, or reads as line breaks.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_BACKTICKS = re.compile(r"`+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# -- plain text ---------------------------------------------------------------------------
def to_text(doc: Document) -> str:
    """Blocks separated by blank lines, list items one to a line, tables as rows of cells;
    the comments, when the document has them, after the article under COMMENTS_LINE."""
    text = _text_of(doc.blocks) if doc.blocks else doc.text
    return f"{text}\n\n{COMMENTS_LINE}\n\n{_text_of(doc.comments)}" if doc.comments else text


def _text_of(blocks: tuple[Block, ...]) -> str:
    return _join((block, block.text if not block.rows else _cells(block.rows))
                 for block in blocks if block.kind is not Kind.IMAGE)


def _cells(rows: tuple[tuple[str, ...], ...]) -> str:
    return "\n".join(" | ".join(row) for row in rows)


def _join(pieces: Iterable[tuple[Block, str]]) -> str:
    """Join rendered blocks: a line break between list items, a blank line elsewhere."""
    out: list[str] = []
    previous: Kind | None = None
    for block, text in pieces:
        if not text:
            continue
        if out:
            out.append("\n" if block.kind is Kind.ITEM and previous is Kind.ITEM else "\n\n")
        out.append(text)
        previous = block.kind
    return "".join(out)


# -- Markdown -----------------------------------------------------------------------------
def to_markdown(doc: Document, *, links: bool = False, images: bool = False,
                front_matter: bool = True) -> str:
    """Markdown of the article; links and images resolve against the document's URL. The
    comments, when the document has them, follow under a heading of their own."""
    head = _front_matter(doc) if front_matter else ""
    body = _markdown_body(doc, links, images)
    if doc.comments:
        comments = _markdown_blocks(doc.comments, links, images, doc.url)
        body = f"{body}\n\n{COMMENTS_HEADING}\n\n{comments}"
    return f"{head}\n\n{body}" if head and body else head or body


def _markdown_body(doc: Document, links: bool, images: bool) -> str:
    if not doc.blocks:  # a document built from text alone: its paragraphs
        return "\n\n".join(filter(None, (_lines(_escape(p)) for p in doc.text.split("\n\n"))))
    return _markdown_blocks(doc.blocks, links, images, doc.url)


def _markdown_blocks(blocks: tuple[Block, ...], links: bool, images: bool,
                     base: str | None) -> str:
    pieces: list[tuple[Block, str]] = []
    parents: list[tuple[int, int]] = []  # (level, indent of content) of enclosing list items
    for block in blocks:
        if block.kind is Kind.ITEM:
            if not pieces or pieces[-1][0].kind is not Kind.ITEM:
                parents = []
            text = _item(block, parents, _inline_of(block, links, base))
        elif block.kind is Kind.IMAGE:
            text = _image(block, base) if images else ""
        else:
            text = _markdown_block(block, _inline_of(block, links, base))
        if text:
            pieces.append((block, text))
    return _join(pieces)


def _markdown_block(block: Block, inline: str) -> str:
    kind = block.kind
    if kind is Kind.HEADING:
        return _heading(block.level, inline)
    if kind is Kind.CODE:
        return _code(block.text)
    if kind is Kind.TABLE:
        return _table(block.rows) if block.rows else _lines(inline)
    if kind is Kind.QUOTE:
        return "\n".join(f"> {line}" for line in _lines(inline).split("\n") if line)
    if kind is Kind.CAPTION:
        return "\\\n".join(f"*{line}*" for line in _line_list(inline))
    return _lines(inline)


def _heading(level: int, inline: str) -> str:
    text = " ".join(_line_list(inline))
    if text.endswith("#"):  # a closing run of `#` would be read as part of the markup
        text = text[:-1] + "\\#"
    return f"{'#' * min(max(level, 1), MAX_HEADING_LEVEL)} {text}" if text else ""


def _item(block: Block, parents: list[tuple[int, int]], inline: str) -> str:
    """One list item, indented under the items that enclose it; updates `parents`."""
    while parents and parents[-1][0] >= block.level:
        parents.pop()
    indent = parents[-1][1] if parents else 0
    marker = f"{block.number}." if block.number > 0 else "-"
    parents.append((block.level, indent + len(marker) + 1))
    body = _lines(inline).replace("\n", "\n" + " " * (indent + len(marker) + 1))
    return f"{' ' * indent}{marker} {body}".rstrip()


def _code(text: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(MIN_FENCE, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _table(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(row) for row in rows)
    lines = [_row(rows[0], width), "| " + " | ".join(["---"] * width) + " |"]
    lines.extend(_row(row, width) for row in rows[1:])
    return "\n".join(lines)


def _row(cells: tuple[str, ...], width: int) -> str:
    padded = [*cells, *[""] * (width - len(cells))]
    escaped = (_escape(" ".join(cell.split())).replace("|", "\\|") for cell in padded)
    return "| " + " | ".join(escaped) + " |"


def _image(block: Block, base: str | None) -> str:
    if not block.src:
        return ""
    alt = _escape(" ".join(block.text.split()))
    return f"![{alt}]({_destination(block.src, base)})"


def _lines(inline: str) -> str:
    """A block's lines as Markdown: line-start markup escaped, `<br>` as hard breaks."""
    return "\\\n".join(_line_list(inline))


def _line_list(inline: str) -> list[str]:
    return [_escape_line_start(line) for line in (s.strip() for s in inline.split("\n")) if line]


def _escape_line_start(line: str) -> str:
    if _LINE_START.match(line):
        return "\\" + line
    return _ORDERED.sub(r"\1\\\2", line, count=1) if line[0].isdigit() else line


def _escape(text: str) -> str:
    return _INLINE.sub(lambda m: "\\" + m.group(0), text)


def _inline_of(block: Block, links: bool, base: str | None) -> str:
    """The block's text with inline markup escaped and, when asked, its links written out."""
    if not links or not block.links:
        return _escape(block.text)
    out: list[str] = []
    done = 0
    for link in _usable(block.links, block.text):
        out.append(_escape(block.text[done : link.start]))
        label = _escape(block.text[link.start : link.end])
        out.append(f"[{label}]({_destination(link.href, base)})")
        done = link.end
    out.append(_escape(block.text[done:]))
    return "".join(out)


def _usable(links: tuple[Link, ...], text: str) -> list[Link]:
    """Links in order, trimmed of white space, inside the text and not overlapping."""
    kept: list[Link] = []
    for link in sorted(links, key=lambda k: (k.start, k.end)):
        if not (0 <= link.start < link.end <= len(text)) or not link.href.strip():
            continue
        label = text[link.start : link.end]
        start = link.start + len(label) - len(label.lstrip())
        end = link.end - len(label) + len(label.rstrip())
        if start < end and (not kept or start >= kept[-1].end):
            kept.append(Link(start, end, link.href))
    return kept


def _destination(href: str, base: str | None) -> str:
    """A link destination: absolute when the document has a URL, bracketed when it must be."""
    url = _CONTROL.sub("", href).strip()
    if base:
        with suppress(ValueError):  # an address urljoin cannot parse (a bad IPv6 host)
            url = urljoin(base, url)
    url = url.replace("\\", "\\\\")
    if any(c in url for c in " ()<>"):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def _front_matter(doc: Document) -> str:
    lines = [f"{name}: {_yaml_string(value)}" for name in FRONT_MATTER_FIELDS
             if (value := getattr(doc, name))]
    return "---\n" + "\n".join(lines) + "\n---" if lines else ""


def _yaml_string(value: object) -> str:
    """A double-quoted YAML scalar: JSON's string syntax, minus what YAML reads differently."""
    quoted = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


# -- JSON ---------------------------------------------------------------------------------
def to_dict(result: Document | Rejection) -> dict[str, Any]:
    """The document with its blocks, or the rejection, as plain data with stable keys."""
    if isinstance(result, Rejection):
        return {"url": result.url, "rejected": result.reason.value, "detail": result.detail}
    doc = result
    return {
        "url": doc.url, "title": doc.title, "author": doc.author, "date": doc.date,
        "date_modified": doc.date_modified, "language": doc.language,
        "language_confidence": doc.language_confidence, "site_name": doc.site_name,
        "description": doc.description, "page_type": doc.page_type,
        "page_type_confidence": doc.page_type_confidence, "text": doc.text,
        "blocks": [_block_dict(block) for block in doc.blocks],
        "removed": [{"text": r.text, "reason": r.reason} for r in doc.removed],
        "comments": [_block_dict(block) for block in doc.comments],
    }


def _block_dict(block: Block) -> dict[str, Any]:
    """A block's kind and text, and the fields that mean something for its kind."""
    out: dict[str, Any] = {"kind": block.kind.value, "text": block.text}
    for name, wanted in _BLOCK_FIELDS:
        if wanted(block):
            out[name] = getattr(block, name)
    if block.links:
        out["links"] = [{"start": k.start, "end": k.end, "href": k.href} for k in block.links]
    if block.rows:
        out["rows"] = [list(row) for row in block.rows]
    return out


_BLOCK_FIELDS: tuple[tuple[str, Callable[[Block], bool]], ...] = (
    ("level", lambda b: b.kind in (Kind.HEADING, Kind.ITEM)),
    ("number", lambda b: b.kind is Kind.ITEM),
    ("src", lambda b: b.src is not None),
)


def to_json(result: Document | Rejection, *, source: str | None = None,
            indent: int | None = None) -> str:
    """`to_dict` as JSON, non-ASCII kept; `source` (a path, a URL, "-") is recorded first."""
    data = to_dict(result)
    if source is not None:
        data = {"source": source, **data}
    return json.dumps(data, ensure_ascii=False, indent=indent)


@dataclass(frozen=True, slots=True)
class Renderer:
    """One output format with its options, as a picklable callable for workers."""

    format: str = "text"  # a key of FORMATS
    links: bool = False  # Markdown: write links as [text](href)
    images: bool = False  # Markdown: write images as ![alt](src)
    front_matter: bool = True  # Markdown: open with YAML front matter of the metadata
    indent: int | None = None  # JSON: None for one line per document

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ConfigError(f"unknown format {self.format!r}: use one of {', '.join(FORMATS)}")

    def __call__(self, doc: Document, source: str | None = None) -> str:
        if self.format == "markdown":
            return to_markdown(doc, links=self.links, images=self.images,
                               front_matter=self.front_matter)
        if self.format == "json":
            return to_json(doc, source=source, indent=self.indent)
        return to_text(doc)
