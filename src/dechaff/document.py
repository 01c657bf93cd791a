"""The records dechaff passes around: a Page goes in, a Document or a Rejection comes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Reason(str, Enum):
    """Why a page gave no document. The values are stable: they end up in users' data."""

    EMPTY = "empty"  # no bytes, or nothing but white space
    NOT_HTML = "not_html"  # binary content: an image, a PDF, compressed bytes
    NO_ARTICLE = "no_article"  # parsed, but no article text was found
    NO_TEXT = "no_text"  # flattened text with no content line left after cleaning
    NOT_TEXT = "not_text"  # given to clean(): binary content, or an HTML page (extract it)
    TIMEOUT = "timeout"  # the per-page time guard tripped
    UNREADABLE = "unreadable"  # the input could not be read: a file, network or HTTP error
    CRASHED = "crashed"  # a step raised on this page: a bug, recorded with its detail

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Page:
    """What came in: the raw content of one web page and what is known about it."""

    content: str | bytes
    url: str | None = None
    charset: str | None = None  # from the HTTP Content-Type header, when there was one


class Kind(str, Enum):
    """What a block of the article is; the renderers turn each kind into its own markup."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    ITEM = "item"  # one list item
    QUOTE = "quote"
    CODE = "code"
    TABLE = "table"
    IMAGE = "image"
    CAPTION = "caption"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink over `text[start:end]` of the block that holds it."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the article: a paragraph, a heading, a list item, a table, ..."""

    kind: Kind
    text: str
    level: int = 0  # heading level 1-6; nesting depth of a list item (0 = top level)
    number: int = 0  # position in an ordered list (1, 2, ...); 0 for a bullet
    links: tuple[Link, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # the cells of a table, header row first
    src: str | None = None  # an image's address; `text` holds its alt text


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of flattened text that cleaning set aside, and why."""

    text: str
    reason: str  # a stable snake_case name such as "cms_message" or "navigation"


@dataclass(frozen=True, slots=True)
class Document:
    """What goes out: the article's clean text, its structure and what is known about it."""

    text: str
    blocks: tuple[Block, ...] = ()
    url: str | None = None
    title: str | None = None
    date: str | None = None  # publication date, ISO YYYY-MM-DD
    date_modified: str | None = None
    author: str | None = None
    language: str | None = None  # ISO 639-1
    language_confidence: float | None = None
    site_name: str | None = None
    description: str | None = None
    removed: tuple[Removal, ...] = field(default=())
    # What readers wrote under the article, one block per paragraph, when asked for
    # (Extractor(comments=True), `dechaff extract --comments`).
    comments: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejection:
    """A page that gave no document, with the reason as a value the caller can count."""

    reason: Reason
    detail: str = ""
    url: str | None = None

    def __bool__(self) -> bool:
        return False
