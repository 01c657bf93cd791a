# ruff: noqa: RUF001  (curly quotes and CJK punctuation are meant)
"""What each line of flattened text looks like: the measures the line model reads.

A line is measured by what it is (length, end punctuation, casing, share of function
words, numbers, lexical cues from `lexicon.py`, whether it is a date line or a byline)
and by a few facts of the page around it (repeated lines, blank lines, runs of short
lines). Pure Python and cheap to import; the model that reads these is `linemodel.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate, chain, compress, count, groupby, pairwise, repeat
from operator import attrgetter, itemgetter, not_
from typing import NamedTuple

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

_TERMINAL = ".!?…。！？؟।"
_CLOSING = "\"'”’»)]」』】 "
_BULLETS = frozenset("•·-–—*▪►▸‣◦●■□>»|")
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Menus and breadcrumbs ("a | b", "a » b"), and addresses (URLs, e-mail).
_SEPARATOR = re.compile(r" [|•·»›/] ")
_ADDRESS = re.compile(r"@|://|www\.|\.(?:com|org|net)")
# A year, a numeric date or a CJK day or month: what every date line has. Written to start
# with a digit, which the regex engine scans for quickly; searched for in the whole page, so
# its white space is any but a line break.
_DATE_DIGITS = re.compile(r"\d(?:\d{3}|\d?(?:[./-]\d{1,2}[./-]\d{2}|[^\S\n]*[月日]))")
# Punctuation that is not part of a word, replaced by spaces before splitting words: one
# str.replace per character over the page is four times faster than str.translate.
_PUNCTUATION = ".,;:!?\"'()[]{}<>«»“”‘’„|/\\–—…·•*#&+=~^`"
ENDS = ("stop", "colon", "comma", "digit", "none")
# The last character of a line (closing quotes and brackets aside) -> index in ENDS; a digit
# is 3 and anything else 4.
_END_CODES = {c: code for code, chars in enumerate((_TERMINAL, ":：", ",;，；、")) for c in chars}
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

    Each measure is taken for all lines at once, by string methods over the whole page, by
    `map` over the lines and by running totals over the page's words: a Python call per
    line or per word is what made this the slowest step of `clean()`."""
    stripped = list(map(str.strip, text.split("\n")))
    texts = list(filter(None, stripped))
    if not texts:
        return []
    positions = list(compress(range(len(stripped)), stripped))
    heads = list(map(itemgetter(slice(MAX_FEATURE_CHARS)), texts))
    tokens = list(map(str.split, heads))
    counts = list(map(len, tokens))
    words = list(map(str.split, unpunctuated("\n".join(heads).lower()).split("\n")))
    columns = zip(
        positions, texts, _word_counts(texts, heads, counts), _ends(texts),
        _function_shares(words), *_initial_shares(tokens, counts), _flags(texts, find_date),
        [True] + [b - a > 1 for a, b in pairwise(positions)],  # after a blank line
        lexicon.kinds_of(texts, words), strict=True)
    # tuple.__new__ makes a Line without the Python-level __new__ of a named tuple: half the
    # time of map(Line, ...), which was a twentieth of analyse().
    return list(map(tuple.__new__, repeat(Line), columns))


def unpunctuated(text: str) -> str:
    for mark in _PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " ")
    return text


def _function_shares(words: list[list[str]]) -> list[float]:
    """For each line, the share of its words that are function words: one running count
    over the page's words instead of a sum per line."""
    total = list(accumulate(map(lexicon.FUNCTION_WORDS.__contains__, chain.from_iterable(words)),
                            initial=0))
    sizes = list(map(len, words))
    return [(total[end] - total[end - n]) / (n or 1)
            for end, n in zip(accumulate(sizes), sizes, strict=True)]


def _initial_shares(tokens: list[list[str]], counts: list[int]
                    ) -> tuple[list[float], list[float]]:
    """For each line, the share of its words that start with a capital, and with a digit:
    the first characters of the page's words as classes, counted line by line."""
    initials = _classes("".join(map(itemgetter(0), chain.from_iterable(tokens))),
                        _INITIALS, _initial)
    spans = list(zip(accumulate(counts), counts, strict=True))
    return ([initials.count("C", end - n, end) / (n or 1) for end, n in spans],
            [initials.count("D", end - n, end) / (n or 1) for end, n in spans])


def _initial(char: str) -> str:
    return "C" if char.isupper() else "D" if char.isdigit() else " "


def _end(char: str) -> str:
    """The index in ENDS of a line ending in `char`, as a character (chr(index))."""
    return chr(3 if char.isdigit() else _END_CODES.get(char, 4))


def _classes(chars: str, ascii_table: Mapping[int, str], classify: Callable[[str], str]) -> str:
    """`chars` with each character replaced by its class: str.translate, which is fast with a
    table of ASCII characters, and the few other characters on the page added to it."""
    table = ascii_table if chars.isascii() else {
        **ascii_table, **{ord(c): classify(c) for c in set(chars) if not c.isascii()}}
    return chars.translate(table)


_INITIALS = {i: _initial(chr(i)) for i in range(128)}
_ENDINGS = {i: _end(chr(i)) for i in range(128)}


def _word_counts(texts: list[str], heads: list[str], tokens: list[int]) -> list[int]:
    """Words in each whole line, from those of its head; a CJK character is half a word."""
    wide: dict[int, int] = {}
    if not all(map(str.isascii, heads)):
        for i in compress(count(), map(not_, map(str.isascii, heads))):
            if n := len(_WIDE.findall(heads[i])):
                wide[i] = n
    counts = tokens.copy()
    longer = compress(count(), map(MAX_FEATURE_CHARS.__lt__, map(len, texts)))
    for i in sorted({*longer, *wide}):
        # The head's words, scaled up by the line's length for a line longer than its head.
        words = tokens[i] + wide.get(i, 0) / 2
        counts[i] = round(words * len(texts[i]) / len(heads[i]))
    return counts


def _ends(texts: list[str]) -> list[int]:
    """How each line ends, as an index in ENDS: its last character, closing quotes and
    brackets aside."""
    lasts = "".join([(t.rstrip(_CLOSING) or t)[-1] for t in texts])
    return list(_classes(lasts, _ENDINGS, _end).encode())


def _flags(texts: list[str], find_date: DateFinder) -> list[int]:
    """The text flags that are on for each line, as bits: 1 date, 2 byline, 4 separators,
    8 address, 16 bullet (the order of TEXT_FLAGS). Each is searched for in the lines short
    enough to have it, joined, and checked further only in the lines where found."""
    flags = [16 if t[0] in _BULLETS else 0 for t in texts]
    labels = [i for i, t in enumerate(texts) if len(t) <= MAX_LABEL_CHARS]
    joined = "\n".join([texts[i] for i in labels])
    for bit, pattern in ((4, _SEPARATOR), (8, _ADDRESS)):
        for k in _lines_where(pattern, joined):
            flags[labels[k]] |= bit
    short = [i for i in labels if len(texts[i]) <= MAX_DATE_LINE_CHARS]
    joined = "\n".join([texts[i] for i in short])
    dates: dict[str, str | None] = {}  # menus and teasers repeat their date lines
    for k in _lines_where(_DATE_DIGITS, joined):
        text = texts[short[k]]
        if text not in dates:
            dates[text] = find_date(text)
        if dates[text] is not None:
            flags[short[k]] |= DATE_BIT
    for k in _lines_where(lexicon.BYLINE_STARTS, "\n" + joined.lower()):
        if lexicon.byline_name(texts[short[k]]) is not None:
            flags[short[k]] |= BYLINE_BIT
    return flags


def _lines_where(pattern: re.Pattern[str], text: str) -> list[int]:
    """The lines of `text` ("\\n"-separated) where `pattern` is found: a search per such
    line, not per match, counting line breaks on the way."""
    found: list[int] = []
    line = at = 0
    match = pattern.search(text)
    while match is not None:
        line += text.count("\n", at, match.start())
        found.append(line)
        at = match.start()
        end = text.find("\n", at + 1)  # on to the next line: this one is found
        match = pattern.search(text, end) if end > 0 else None
    return found


DATE_BIT, BYLINE_BIT = 1, 2


def is_dated(line: Line) -> bool:
    return bool(line.flags & DATE_BIT)


def is_byline(line: Line) -> bool:
    return bool(line.flags & BYLINE_BIT)


def short_runs(lines: Sequence[Line]) -> list[int]:
    """For each line, the length of the run of short lines it is in (0 for a long line)."""
    runs: list[int] = []
    for short, run in groupby(map(SHORT_WORDS.__gt__, map(attrgetter("words"), lines))):
        n = len(list(run))
        runs += [n if short else 0] * n
    return runs
