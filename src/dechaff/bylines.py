"""Bylines and date lines: the elements of a page that name its author and its day, and the
author's name read from them.

Pages name these elements (`byline`, `author`, `post-date`, `entry-meta`, ...) or, failing
that, open the byline with "By" near the headline. `Lines` finds them on first use, around
the headline first (its `<h1>` and that element's nearest ancestors), where they sit, for a
fraction of the cost of the whole page. A byline holds more than the name ("By Jane Doe |
Staff writer", "Jane Doe Nov 08, 2025 5 min read"): `byline_name` cuts it where the name
ends, and `clean_author` refuses what does not read as a name.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from dechaff import dom
from dechaff.dates import find_dates

# Authors are cut to this length: longer values are markup mistakes, and the cap bounds the
# work downstream.
MAX_AUTHOR_CHARS = 120
# An author value with more words than this is a sentence or a list of links, not a name.
MAX_AUTHOR_WORDS = 12
# A name found only by the "By" before it is this short ("Md Aynal Haque", "Ana de la Cruz
# Pérez"); longer, the "by" began a sentence.
MAX_NAME_WORDS = 6
# Byline and date-line elements read per page, in document order, and their longest text.
MAX_LINE_NODES = 60
MAX_LINE_CHARS = 200
# The visible text of the headline's block read for a "By ..." line: headline, standfirst
# and byline come first in it.
MAX_BYLINE_SCAN_CHARS = 2_000
# How far up from the <h1> the headline's block reaches: headline, byline and date line
# share a parent or grandparent in the CMS templates we looked at (WordPress, Drupal, Arc).
HEADLINE_ANCESTORS = 3
# Inline scripts this short that call a date function (`showDate("2020/04/17")`,
# `document.write(...)`) write the date line in place; longer ones are programs.
MAX_DATE_SCRIPT_CHARS = 160

# Bylines and date lines: elements whose class holds one of these words (any case), and
# links with rel=author; as dom.find_named takes them (the selector list
# `[class*=byline i], [class*=author i], [rel~=author]` for bylines).
Names: TypeAlias = tuple[tuple[str, ...], str]  # class words, rel word
BYLINES: Names = (("byline", "author"), "author")
DATE_LINES: Names = (("date", "time", "publish", "meta", "created"), "")
_LINES: Names = (BYLINES[0] + DATE_LINES[0], "author")
# A byline or date line so named is a comment's ("comment-author", "comment-meta"): the
# reader's name and day, not the article's.
COMMENT_NAME = "comment"

_DATE_CALL = re.compile(r"(?:date|time|write)\w*\s*\(", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:by|par|von|por|di|door|av|af|от|автор|written by|posted by|"
                 r"text|texto|fotos?|photos?)\s*[:\-]?\s+", re.IGNORECASE)
# A byline's by-word alone, in the languages of _BY ("By", "Posted by:", "von"), which
# a text that names the author opens with.
_BY_WORD = re.compile(r"^(?:by|par|von|por|door|av|af|от|автор|written by|posted by)"
                      r"(?:\s*:\s*|\s+|$)", re.IGNORECASE)
# Where a byline's name ends: a separator; after "By ...", a preposition.
_NAME_END = re.compile(r"\s*[|\u2022\u00b7/]\s*|\s+[-\u2013\u2014]\s+")
_AFTER_NAME = re.compile(r"\s+(?:on|at|in)\s+")
# The label before a byline's date ("Jane Doe Updated: ...", "Last Updated: ...").
_DATE_LABEL = re.compile(
    r"(?:(?:^|\s)(?:last|updated?|modified|published|posted|released|created|dated?|on|"
    r"aktualisiert|veröffentlicht|publié|mis à jour|publicado|actualizado|"
    r"pubblicato|aggiornato)\W*)+$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_AUTHOR_LABEL = re.compile(r"\b(?:authors?|autor(?:es|en|a)?|auteurs?|autore|autori|auteur)\b",
                           re.IGNORECASE)
# Sentence punctuation; the dot of an initial or a title ("A. J. Neal", "Dr.", "Ph.D.") is
# not.
_SENTENCE_MARK = re.compile(r"[!?;:]|(?<!\b\w)(?<!\b\w\w)(?<!\b\w\w\w)\.")
# Three digits that do not end a word (paulb203 is a name; a phone number or a year is not).
_NOT_A_NAME = re.compile(r"https?://|www\.|@|\{|\}|<|>|(?<![^\W\d_])\d{3}")


class Lines:
    """The byline and date-line elements of a page, found on first use."""

    def __init__(self, parsed: dom.Parsed, h1_address: int) -> None:
        self.parsed = parsed
        self.h1_address = h1_address
        self._near: list[Line] | None = None
        self._headline: int | None = None
        self._all: dict[Names, list[Line]] = {}

    def headline(self) -> int:
        """The address of the headline's block: its `<h1>` and that element's nearest
        ancestors (0 for none)."""
        if self._headline is None:
            self._headline = dom.ancestor(self.parsed, self.h1_address, HEADLINE_ANCESTORS)
        return self._headline

    def near(self) -> list[Line]:
        """The bylines and date lines in the headline's block."""
        if self._near is None:
            address = self.headline()
            self._near = _lines(self.parsed, _LINES, address) if address else []
        return self._near

    def texts_near(self) -> list[str]:
        """The text nodes of the headline's block that people see, in order."""
        return visible_text(self.parsed, self.headline(), MAX_BYLINE_SCAN_CHARS, MAX_LINE_NODES)

    def everywhere(self, names: Names) -> list[Line]:
        """The elements so named in the whole page (bylines or date lines)."""
        if names not in self._all:
            self._all[names] = _lines(self.parsed, names)
        return self._all[names]


class Line:
    """A byline or date-line element; its names and its text are read when first asked for,
    and most lines are passed over on their names alone."""

    __slots__ = ("_names", "_text", "found")

    def __init__(self, found: dom.Named) -> None:
        self.found = found
        self._names: str | None = None
        self._text: str | None = None

    def names(self) -> str:
        """Its class, id and rel, in lower case."""
        if self._names is None:
            cls, id_, rel, _ = self.found
            self._names = f"{cls or ''} {id_ or ''} {rel or ''}".lower()
        return self._names

    def text(self) -> str:
        """Its text with white space squashed, or '' when it has none or is too long for
        a line (a whole article or a list)."""
        if self._text is None:
            text = dom.named_text(self.found[3], MAX_LINE_CHARS * 4)
            self._text = " ".join(text.split())[:MAX_LINE_CHARS] if text else ""
        return self._text


def _lines(parsed: dom.Parsed, names: Names, at: int = 0) -> list[Line]:
    """The elements named like bylines and date lines, in page order: in the whole page, or
    from the element at address `at` on."""
    words, rel = names
    return [Line(found) for found in dom.find_named(parsed, words, rel, MAX_LINE_NODES, at)]


def visible_text(parsed: dom.Parsed, address: int, max_chars: int, max_elements: int
                 ) -> list[str]:
    """The text nodes below the element at `address` that people see, in order, until
    they hold `max_chars` characters or `max_elements` elements were read; and a short
    inline script that calls a date function (`showDate("2020/04/17")` writes the date
    line in place)."""
    return [text for text, script
            in dom.visible_text(parsed, address, max_chars, max_elements, MAX_DATE_SCRIPT_CHARS)
            if not script or _DATE_CALL.search(text)]


def author_from_lines(lines: list[Line]) -> str | None:
    """The name in the first byline that gives one (not a comment's)."""
    for line in lines:
        names = line.names()
        if ("author" in names or "byline" in names) and COMMENT_NAME not in names:
            text = line.text()
            name = clean_author(byline_name(text)) if text else None
            if name:
                return name
    return None


def author_after_by(texts: list[str]) -> str | None:
    """The name in a short text that opens with "By" ("By Jane Doe", "Posted by" and a
    link), near the headline where a byline has no name of its own to find it by."""
    for i, text in enumerate(texts):
        if len(text) > MAX_AUTHOR_CHARS or not _BY_WORD.match(text):
            continue
        rest = _BY_WORD.sub("", text) or (texts[i + 1] if i + 1 < len(texts) else "")
        name = clean_author(byline_name(rest))
        if name and _reads_as_name(name):
            return name
    return None


def _reads_as_name(text: str) -> bool:
    """Whether a text after "by" is a name ("A. J. Neal", "Md Aynal Haque", "김철수"), not
    the rest of a sentence ("by using the commands below", "by company stage"): a few
    words before any comma (a role may follow: "Ann Lee, Candidate Representative"), the
    first not in lower case, no sentence punctuation but initials' dots."""
    words = text.split(",")[0].split()
    return (0 < len(words) <= MAX_NAME_WORDS and not words[0][0].islower()
            and not _SENTENCE_MARK.search(text))


def byline_name(text: str) -> str:
    """A byline cut where its name ends: at its date ("Jane Doe Nov 08, 2025"), at a
    separator ("Jane Doe | Staff"), or after "By ..." at a preposition ("By BeauHD on
    Friday", "By Jane Doe in Woodworking"; "Human in the Loop" alone is a name)."""
    name = _BY.sub("", text)
    dates = find_dates(name) if _DIGIT.search(name) else None
    if dates:
        name = _DATE_LABEL.sub("", name[: dates[0].start])
    name = _NAME_END.split(name, maxsplit=1)[0]
    return _AFTER_NAME.split(name, maxsplit=1)[0] if _BY.match(text) else name


def clean_author(value: str) -> str | None:
    """A person's or desk's name from a byline, or None when it does not read as one."""
    text = " ".join(value.split())
    text = _BY.sub("", text).strip(" ,;:|-\u2013\u2014")
    if not text or len(text) > MAX_AUTHOR_CHARS or _NOT_A_NAME.search(text):
        return None
    if _AUTHOR_LABEL.search(text):  # "Follow the author", "About the author": a label
        return None
    if len(text.split()) > MAX_AUTHOR_WORDS or not any(ch.isalpha() for ch in text):
        return None
    return text
