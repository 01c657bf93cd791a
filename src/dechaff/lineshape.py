# ruff: noqa: RUF001  (curly quotes and CJK punctuation are meant)
"""What each line of flattened text looks like: the measures the line model reads.

A line is measured by what it is (length, end punctuation, casing, share of function
words, numbers, lexical cues from `lexicon.py`, whether it is a date line or a byline)
and by a few facts of the page around it (repeated lines, blank lines, runs of short
lines). Pure Python and cheap to import; the model that reads these is `linemodel.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, NamedTuple

from dechaff import lexicon

# Features are read from the first this many characters of a line: enough to see a
# sentence's shape (about 20 words), and it bounds the work on a 10 MB line.
MAX_FEATURE_CHARS = 120
# A line of fewer words is short: a label, a menu item, a date, a byline.
SHORT_WORDS = 5
# Date lines and bylines are short; longer lines with dates are sentences about them.
MAX_DATE_LINE_CHARS = 100
# Menus, breadcrumbs and addresses are looked for in lines up to this long only.
MAX_LABEL_CHARS = 200

# Reads a date from a short text, as `dates.find_date_in_text` does.
DateFinder = Callable[[str], "str | None"]

_TERMINAL = frozenset(".!?…。！？؟।")
_CLOSING = "\"'”’»)]」』】 "
_BULLETS = frozenset("•·-–—*▪►▸‣◦●■□>»|")
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Menus and breadcrumbs ("a | b", "a » b"), and addresses (URLs, e-mail): substring tests,
# five times faster than a pattern on the benchmark's lines.
_SEPARATORS = (" | ", " • ", " · ", " » ", " › ", " / ")
_ADDRESSES = ("@", "://", "www.", ".com", ".org", ".net")
# A year, a numeric date or a CJK day or month: what every date line has. Written to start
# with a digit, which the regex engine scans for quickly.
_DATE_DIGITS = re.compile(r"\d(?:\d{3}|\d?(?:[./-]\d{1,2}[./-]\d{2}|\s*[月日]))")
# Punctuation that is not part of a word, replaced by spaces before splitting words: one
# str.replace per character over the page is four times faster than str.translate.
_PUNCTUATION = ".,;:!?\"'()[]{}<>«»“”‘’„|/\\–—…·•*#&+=~^`"
ENDS = ("stop", "colon", "comma", "digit", "none")
TEXT_FLAGS = ("date", "byline", "sep", "url", "bullet")  # read from a line's text, as bits
FLAGS = (*TEXT_FLAGS, "rep", "blank")  # and two from the page: repeated, after a blank


class Line(NamedTuple):
    """One non-blank line of the input and what its features are computed from.

    A named tuple, not a frozen dataclass like the other records: one is made for every
    line of every page, and a named tuple is made five times faster (0.3 against 1.6 us).
    """

    position: int  # index among the input's lines, blank ones included
    text: str  # without surrounding white space
    words: int  # words, CJK characters counting as half a word each
    end: int  # index in ENDS
    function: float  # share of words that are function words
    capitals: float  # share of words that start with a capital letter
    numbers: float  # share of words that are numbers
    flags: int  # bits of the text flags that are on (see _flags)
    blank_before: bool  # the first line of a block of lines
    kind: str | None  # a chaff kind from the lexicon (last: the fields before are numbers)


def analyse(text: str, find_date: DateFinder) -> list[Line]:
    """The non-blank lines of `text` ("\\n"-separated), with what the features need.

    Each measure is taken for all lines at once, with string methods over the whole page
    where they can be: twice as fast as a function call per line."""
    raw = text.split("\n")
    positions = [i for i, line in enumerate(raw) if line and not line.isspace()]
    if not positions:
        return []
    texts = [raw[i].strip() for i in positions]
    heads = [t[:MAX_FEATURE_CHARS] for t in texts]
    tokens = [h.split() for h in heads]
    words = [w.split() for w in _unpunctuated("\n".join(heads).lower()).split("\n")]
    function = lexicon.FUNCTION_WORDS.__contains__
    return list(map(
        Line, positions, texts,
        [_word_count(t, h, len(k)) for t, h, k in zip(texts, heads, tokens, strict=True)],
        [_end(t) for t in texts],
        [sum(map(function, w)) / (len(w) or 1) for w in words],
        [sum(map(str.isupper, [x[0] for x in k])) / (len(k) or 1) for k in tokens],
        [sum(map(str.isdigit, [x[0] for x in k])) / (len(k) or 1) for k in tokens],
        _per_text(texts, texts, lambda t, _: [_flags(x, find_date) for x in t]),
        [True] + [b - a > 1 for a, b in pairwise(positions)],
        _per_text(texts, words, lexicon.kinds_of)))


def _per_text(texts: list[str], words: list[Any], measure: Callable[[list[str], list[Any]],
              list[Any]]) -> list[Any]:
    """`measure` of each distinct text once: menus repeat their lines (a fifth of the lines
    of the benchmark pages are repeats)."""
    unique = dict(zip(texts, words, strict=True))
    found = dict(zip(unique, measure(list(unique), list(unique.values())), strict=True))
    return [found[t] for t in texts]


def _unpunctuated(text: str) -> str:
    for mark in _PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " ")
    return text


def _word_count(text: str, head: str, tokens: int) -> int:
    """Words in the whole line, from those of its head; a CJK character is half a word."""
    wide = len(_WIDE.findall(head)) if not head.isascii() else 0
    if len(text) == len(head):
        return round(tokens + wide / 2)
    return round((tokens + wide / 2) * len(text) / len(head))


def _flags(text: str, find_date: DateFinder) -> int:
    """The text flags that are on, as bits: 1 date, 2 byline, 4 separators, 8 address,
    16 bullet (the order of TEXT_FLAGS)."""
    on = 0
    if len(text) <= MAX_DATE_LINE_CHARS:
        if _DATE_DIGITS.search(text) and find_date(text) is not None:
            on |= DATE_BIT
        if lexicon.byline_name(text) is not None:
            on |= BYLINE_BIT
    if len(text) <= MAX_LABEL_CHARS:
        if any(map(text.__contains__, _SEPARATORS)):
            on |= 4
        if any(map(text.__contains__, _ADDRESSES)):
            on |= 8
    if text[0] in _BULLETS:
        on |= 16
    return on


DATE_BIT, BYLINE_BIT = 1, 2


def is_dated(line: Line) -> bool:
    return bool(line.flags & DATE_BIT)


def is_byline(line: Line) -> bool:
    return bool(line.flags & BYLINE_BIT)


def _end(text: str) -> int:
    last = text.rstrip(_CLOSING)[-1:] or text[-1]
    if last in _TERMINAL:
        return 0
    if last in ":：":
        return 1
    if last in ",;，；、":
        return 2
    return 3 if last.isdigit() else 4


def short_runs(lines: Sequence[Line]) -> list[int]:
    """For each line, the length of the run of short lines it is in (0 for a long line)."""
    runs = [0] * len(lines)
    start = 0
    for i in range(len(lines) + 1):
        if i == len(lines) or lines[i].words >= SHORT_WORDS:
            runs[start:i] = [i - start] * (i - start)
            start = i + 1
    return runs
