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
    # The corpus pipeline's steps (`dechaff run`, filters.py, dedup.py): each names the
    # condition that failed.
    WRONG_LANGUAGE = "wrong_language"  # not one of the languages asked for, or unknown
    TOO_SHORT = "too_short"  # fewer words than the step asks for
    TOO_LONG = "too_long"  # more words than the step allows
    ODD_WORD_LENGTH = "odd_word_length"  # mean word length of no natural language
    TOO_MANY_SYMBOLS = "too_many_symbols"  # hashes and ellipses instead of words
    MOSTLY_BULLETS = "mostly_bullets"  # lines that open with a bullet point
    MOSTLY_CUT_LINES = "mostly_cut_lines"  # lines that end in an ellipsis
    FEW_ALPHABETIC_WORDS = "few_alphabetic_words"  # words with no letter in them
    FEW_STOP_WORDS = "few_stop_words"  # not running text of the language
    REPEATED_LINES = "repeated_lines"  # the same lines over and over
    REPEATED_PARAGRAPHS = "repeated_paragraphs"
    REPEATED_NGRAMS = "repeated_ngrams"  # the same phrases over and over
    FEW_SENTENCES = "few_sentences"
    LOREM_IPSUM = "lorem_ipsum"  # placeholder text
    CURLY_BRACES = "curly_braces"  # code, not prose
    UNPUNCTUATED_LINES = "unpunctuated_lines"  # lines that end without punctuation
    SHORT_LINES = "short_lines"  # mostly very short lines: a list, a menu
    FEW_WORDS_PER_LINE = "few_words_per_line"  # one line break every few words
    DUPLICATE = "duplicate"  # the same text as a document kept in the run
    NEAR_DUPLICATE = "near_duplicate"  # nearly the same text as a document kept in the run
    SITE_BOILERPLATE = "site_boilerplate"  # lines (or all of them) repeated across a site

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


# The kinds of page dechaff tells apart (Document.page_type).
PAGE_TYPES = ("article", "forum", "product", "documentation", "service", "listing",
              "collection", "other")


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
    # What kind of page it is (one of PAGE_TYPES), and how sure the classifier is; None
    # from Extractor(page_type=False) and from clean(), which reads no HTML.
    page_type: str | None = None
    page_type_confidence: float | None = None
    # How the text was found when the block model kept nothing: "noscript" (the page's
    # <noscript> content, read by the model), "element" (the element the first stage
    # chose), "main" (the page's <main>), "json_ld" (its JSON-LD articleBody) or
    # "description" (its meta description); None when the model chose the blocks.
    fallback: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A page that gave no document, with the reason as a value the caller can count."""

    reason: Reason
    detail: str = ""
    url: str | None = None
    # What was read of the page before it was set aside: a rejected page keeps its title,
    # publication date and declared language.
    title: str | None = None
    date: str | None = None
    language: str | None = None

    def __bool__(self) -> bool:
        return False
