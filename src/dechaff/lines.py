"""Flattened text -> content lines vs chaff lines, and `clean()`.

Text that reaches us already flattened (WET records, text dumps, the output of an HTML
to text converter) still holds the page's chaff, one line per menu item, banner or
notice. `clean()` keeps the lines that are the article and sets the others aside, each
with the reason it was removed, and turns the metadata lines it removes into fields: a
date line becomes `Document.date`, a byline `Document.author`.

Lines are judged by the two linear models of `linemodel.py` (what a line is and where it
sits); lines that the lexicon names as CMS messages, browser notices, cookie notices or
legal footers go whatever the models say, because no article paragraph reads like them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING

from dechaff import lexicon, lineshape
from dechaff.dates import find_date_in_text
from dechaff.document import Block, Document, Kind, Reason, Rejection, Removal
from dechaff.language import detect_language
from dechaff.lineshape import Line

if TYPE_CHECKING:
    from dechaff.linemodel import Model

BYLINE = "byline"
DATE_LINE = "date_line"
LABEL = "label"  # a short line outside the article: a heading of a box, a fragment
BOILERPLATE = "boilerplate"  # a longer line outside the article: a teaser, a comment
# Every reason a removed line can carry. The values are stable: they end up in users' data.
REASONS = frozenset((*lexicon.KINDS, BYLINE, DATE_LINE, LABEL, BOILERPLATE))

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]+")
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")  # 2x faster
_LINE_BREAKS = ("\r", "\u2028", "\u2029", "\x85")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


@dataclass(frozen=True, slots=True)
class Cleaner:
    """Clean flattened text; configurable, picklable, and the same for every text."""

    # Texts beyond this many characters are cut: it bounds time and memory on hostile
    # input (the largest flattened page of article-extraction has 57 k characters; a
    # 10 MB line takes about 0.3 s).
    max_chars: int = 10_000_000
    # Shift of the models' decision threshold (log-odds): above 0 keeps fewer lines.
    threshold_shift: float = 0.0
    # A short line in a run of at least this many short lines is reported as navigation
    # rather than as a label: menus are runs; a lone short line is a heading or a credit.
    min_menu_lines: int = 3
    # Date lines of at most this many words are metadata, never the article: on the
    # benchmark pages, 400 such lines were chaff and 4 were article text.
    max_date_line_words: int = 8
    # Bylines of at most this many words likewise (112 chaff, none in an article).
    max_byline_words: int = 12
    # When no line passes, lines of at least this many words scoring within
    # `fallback_margin` of the best of them are kept rather than rejecting the page: where
    # the models keep nothing, the article was a short one among many menu lines (one
    # 79-word paragraph among 515 lines in article-extraction; Readability's small test
    # pages). 8 rather than 25 words: same k-fold F1, held-out F1 0.865 -> 0.877.
    min_fallback_words: int = 8
    fallback_margin: float = 1.0
    # The line models; None for the shipped one (read on first use).
    model: Model | None = None

    def __call__(self, text: str, url: str | None = None) -> Document | Rejection:
        if not isinstance(text, str):  # a bug in the caller, not a bad page
            raise TypeError(f"clean() takes str, not {type(text).__name__}: decode first")
        lines = lineshape.analyse(_normalise(text[: self.max_chars]), find_date_in_text)
        if not lines:
            return Rejection(Reason.NO_TEXT, "no line with text", url)
        keep = self.decide(lines)
        if not any(keep):
            return Rejection(Reason.NO_TEXT, f"all {len(lines)} lines are chaff", url)
        return _document(lines, keep, self._reasons(lines, keep), url)

    def decide(self, lines: Sequence[Line]) -> list[bool]:
        """Whether each line is the article's."""
        from dechaff import linemodel  # numpy: imported on first use, not with dechaff

        model = self.model or linemodel.default_model()
        return self.choose(lines, model.scores(lines), model.threshold + self.threshold_shift)

    def choose(self, lines: Sequence[Line], scores: Sequence[float],
               threshold: float) -> list[bool]:
        """Whether each line is the article's, given the models' scores."""
        keep = [s > threshold and not self._always_chaff(line)
                for s, line in zip(scores, lines, strict=True)]
        return keep if any(keep) else self._fallback(lines, scores)

    def _always_chaff(self, line: Line) -> bool:
        """Notices the lexicon is sure of, and metadata lines: a date alone, a byline."""
        if line.kind in lexicon.STRONG_KINDS:
            return True
        if lineshape.is_byline(line):
            return line.words <= self.max_byline_words
        return (lineshape.is_dated(line) and line.words <= self.max_date_line_words
                and "@" not in line.text)  # "— Name (@handle) May 3, 2020" ends a quoted tweet

    def _fallback(self, lines: Sequence[Line], scores: Sequence[float]) -> list[bool]:
        """When no line passes, the best prose lines: a short article among hundreds of
        menu lines scores low on every line, yet it is what the page is for."""
        prose = [i for i, line in enumerate(lines)
                 if line.words >= self.min_fallback_words and line.kind is None]
        if not prose:
            return [False] * len(lines)
        floor = max(scores[i] for i in prose) - self.fallback_margin
        chosen = {i for i in prose if scores[i] >= floor}
        return [i in chosen for i in range(len(lines))]

    def _reasons(self, lines: Sequence[Line], keep: Sequence[bool]) -> list[str | None]:
        runs = lineshape.short_runs(lines)
        return [None if k else _reason(line, run >= self.min_menu_lines)
                for line, k, run in zip(lines, keep, runs, strict=True)]


DEFAULT = Cleaner()


def clean(text: str, url: str | None = None) -> Document | Rejection:
    """The article lines of flattened text, with the removed lines and the metadata found."""
    return DEFAULT(text, url)


def _normalise(text: str) -> str:
    """Line ends as "\\n", control characters as spaces; the searches first, as most texts
    need neither substitution."""
    if any(map(text.__contains__, _LINE_BREAKS)):
        text = _NEWLINES.sub("\n", text)
    return _CONTROL.sub(" ", text) if _CONTROL_CHAR.search(text) else text


def _reason(line: Line, in_menu: bool) -> str:
    if line.kind:
        return line.kind
    if lineshape.is_byline(line):
        return BYLINE
    if lineshape.is_dated(line):
        return DATE_LINE
    if line.words < lineshape.SHORT_WORDS:
        return lexicon.NAVIGATION if in_menu else LABEL
    return BOILERPLATE


def _document(lines: Sequence[Line], keep: Sequence[bool], reasons: Sequence[str | None],
              url: str | None) -> Document:
    paragraphs = _paragraphs(lines, keep)
    removed = tuple(Removal(line.text, reason)
                    for line, reason in zip(lines, reasons, strict=True) if reason is not None)
    first = keep.index(True)
    text = "\n\n".join(paragraphs)
    language = detect_language(text)
    return Document(
        text=text,
        blocks=tuple(Block(Kind.PARAGRAPH, p) for p in paragraphs),
        url=url,
        date=_nearest(lines, reasons, first, {DATE_LINE, BYLINE}, _date_of),
        author=_nearest(lines, reasons, first, {BYLINE}, _author_of),
        language=language[0] if language else None,
        language_confidence=language[1] if language else None,
        removed=removed,
    )


def _paragraphs(lines: Sequence[Line], keep: Sequence[bool]) -> list[str]:
    """Kept lines, those that followed each other in the input joined as one paragraph."""
    paragraphs: list[list[str]] = []
    last = -2
    for position, text, *_ in compress(lines, keep):
        if position == last + 1:
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        last = position
    return ["\n".join(p) for p in paragraphs]


def _date_of(line: Line) -> str | None:
    return find_date_in_text(line.text)


def _author_of(line: Line) -> str | None:
    return lexicon.byline_name(line.text)


def _nearest(lines: Sequence[Line], reasons: Sequence[str | None], first: int,
             wanted: set[str], read: Callable[[Line], str | None]) -> str | None:
    """What `read` finds in the removed line of a `wanted` reason closest above the
    article's first line, or failing that the first one below it: date lines and bylines
    head articles, and those further down belong to teasers and comments more often."""
    found = [i for i, reason in enumerate(reasons) if reason in wanted]
    split = bisect_left(found, first)
    for i in (*reversed(found[:split]), *found[split:]):
        value = read(lines[i])
        if value:
            return value
    return None
