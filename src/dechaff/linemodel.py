"""Which lines of flattened text are the article: a learned model over each line's context.

A line is judged by its measures (`lineshape.py`) and by where it sits: its neighbours,
the block of lines it belongs to, the run of short lines around it, its position in the
page and its distance to the page's core (the stretch of lines with the most prose, found
as a maximum sum subarray). Two linear models run in turn: the first scores every line
from those features; the second rescores each line from the first one's scores around it,
so that a short line inside the article is kept and a lone sentence among menus is not.

Features are binary and numbered: each family of features (`w` for the length bin, `-1.e`
for the previous line's end, ...) owns a range of indices, and a line's score is the sum
of the weights at its indices. The weights are learned by scripts/train_lines.py and ship,
by feature name, in dechaff/data/lines_model.json. This module needs numpy and is imported
on the first call to `clean()`, not with `dechaff`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from dechaff import lexicon
from dechaff.lineshape import (
    BYLINE_BIT,
    DATE_BIT,
    ENDS,
    FLAGS,
    MAX_FEATURE_CHARS,
    SHORT_WORDS,
    TEXT_FLAGS,
    Line,
    unpunctuated,
)

# A line is prose when it ends a sentence with at least this many words, or has
# PROSE_ANY_WORDS words whatever its end; prose lines define the page's core.
PROSE_STOP_WORDS = 8
PROSE_ANY_WORDS = 25
# What a line that is not prose costs when looking for the core: a menu of four items
# breaks a run of prose no more than a one-sentence paragraph joins it.
CORE_GAP_COST = 6.0
# Each prose line gains its words, up to this many: one huge comment must not outweigh an
# article of many paragraphs.
CORE_MAX_GAIN = 60


def core(gains: Sequence[float]) -> tuple[int, int]:
    """The stretch [start, end) with the greatest sum of gains (Kadane's algorithm)."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, gain in enumerate(gains):
        if total <= 0:
            total, start = 0.0, i
        total += gain
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


# Bins: a value v falls in bin bisect_right(bounds, v), 0 .. len(bounds). The bounds are
# roughly logarithmic, so that each bin holds a fair share of the benchmark pages' lines;
# finer bins did not raise the k-fold F1 and cost weights.
# (Arrays, whose searchsorted method is twice as fast as np.searchsorted on a tuple.)
_WORD_BOUNDS = np.array((2, 3, 4, 5, 7, 9, 12, 16, 21, 30, 45, 70))
_COUNT_BOUNDS = np.array((2, 3, 4, 6, 9, 14, 20))
_DISTANCE_BOUNDS = np.array((2, 3, 4, 6, 9, 14, 22, 40))
_NUMBER_BOUNDS = np.array((0.01, 0.1, 0.3))
_SHARE_BINS = 10
_POSITION_BINS = 10
_RELATIVE_BINS = 10  # a line's words as a share of the page's longest line
_PROB_BINS = 10
# The page's profile, one code for all its lines: the words of prose in its core (how long
# an article it would be), by the share of the page's prose that the core holds. An article
# page has a long core with nearly all its prose; a listing, a product or a landing page
# has less prose, spread over many stretches, and keeps short lines an article page would
# not (medians on the benchmark pages: a share of 0.96-0.97 and 630-1,720 words on article
# pages, 0.64-0.80 and 325-716 words on collection, listing, product and service pages).
_CORE_WORDS_BOUNDS = np.array((150, 400, 1000))
_CORE_SHARE_BOUNDS = np.array((0.5, 0.8, 0.95))
_NPROFILE = (len(_CORE_WORDS_BOUNDS) + 1) * (len(_CORE_SHARE_BOUNDS) + 1)
# The share of a line's words (function words aside) that other lines of the core use too,
# in this many bins, and one code for a line without such words.
_SHARED_BINS = 5
# The share of the page's words that the first model keeps, in this many bins.
_ACCEPT_BINS = 5
_WINDOWS = (1, 3, 8)  # radii of the windows whose mean first-model score the second sees
_NEIGHBOURS = (-2, -1, 1, 2)
_NW = len(_WORD_BOUNDS) + 1
_NC = len(_COUNT_BOUNDS) + 1
_NPLACE = 1 + 2 * (len(_DISTANCE_BOUNDS) + 1)  # inside the core, or before/after by distance
_NO_KIND = len(lexicon.KINDS)
_KIND_CODE: Mapping[str | None, int] = MappingProxyType(
    {None: _NO_KIND, **{kind: i for i, kind in enumerate(lexicon.KINDS)}})
# Kinds of lines that close an article: what follows them is comments, teasers, footers.
_END_KIND_CODES = tuple(_KIND_CODE[k] for k in (lexicon.COMMENT_PROMPT,
                                                    lexicon.RELATED_LINKS, lexicon.LEGAL_FOOTER))
_MAX_END_CUES = 3  # "three or more closing cues above" is one code: deep in the footer
# A later line that is part of the first line (the page title, "Headline | Site") and has
# at least this many words is the headline said again, above the article.
_MIN_TITLE_WORDS = 3


def _space(families: Sequence[tuple[str, int]]) -> Mapping[str, int]:
    """Offsets of feature families laid end to end; "" maps to the total size."""
    offsets, total = {}, 0
    for name, size in families:
        offsets[name] = total
        total += size
    offsets[""] = total
    return MappingProxyType(offsets)


# Every family has a code for every line (a "none" code where the feature is absent), so
# the features of a page are columns of equal length, cheap to build and to sum.
FIRST = _space((("bias", 1), ("w", _NW), ("e", len(ENDS)), ("we", _NW * len(ENDS)),
                ("n", len(_NUMBER_BOUNDS) + 1), ("f", _SHARE_BINS + 1), ("u", 2 * _SHARE_BINS),
                ("k", _NO_KIND + 1), ("rel", _RELATIVE_BINS),
                *((f"flag.{name}", 2) for name in FLAGS),
                *((f"{t}.w", _NW + 1) for t in _NEIGHBOURS),
                *((f"{t}.e", len(ENDS) + 1) for t in _NEIGHBOURS),
                *((f"{t}.k", 2) for t in _NEIGHBOURS),
                ("wp", _NW * (_NW + 1)), ("wn", _NW * (_NW + 1)), ("ce", _NPLACE * len(ENDS)),
                ("endcues", _MAX_END_CUES + 1), ("startcue", 2), ("title", 4),
                ("run", _NC), ("blk", _NC), ("pos", _POSITION_BINS), ("c", _NPLACE),
                ("cw", _NPLACE * _NW), ("pg", _NPROFILE), ("pgw", _NPROFILE * _NW),
                ("pgc", _NPROFILE * _NPLACE), ("pge", _NPROFILE * len(ENDS)),
                ("sh", (_SHARED_BINS + 1) * _NPLACE), ("shw", (_SHARED_BINS + 1) * _NW)))
SECOND = _space((("bias", 1), ("s", _PROB_BINS), ("sw", _PROB_BINS * _NW),
                 *((f"b{r}", _PROB_BINS + 1) for r in _WINDOWS),
                 *((f"a{r}", _PROB_BINS + 1) for r in _WINDOWS),
                 ("c", _NPLACE), ("cs", _NPLACE * _PROB_BINS), ("k", _NO_KIND + 1),
                 ("pgs", _NPROFILE * _PROB_BINS), ("acc", _ACCEPT_BINS * _PROB_BINS)))


def names(space: Mapping[str, int]) -> list[str]:
    """The name of every feature of a space, by index: "w:3", "-1.e:0", ..."""
    families = sorted((offset, name) for name, offset in space.items() if name)
    ends = [offset for offset, _ in families[1:]] + [space[""]]
    return [f"{name}:{code}" for (offset, name), end in zip(families, ends, strict=True)
            for code in range(end - offset)]


class Measures(NamedTuple):
    """What both models read of a page's lines, as arrays: taken once per page."""

    texts: tuple[str, ...]
    words: np.ndarray  # Line.words
    ends: np.ndarray  # Line.end
    shares: np.ndarray  # rows: Line.function, Line.capitals, Line.numbers
    flags: np.ndarray  # Line.flags
    blank: np.ndarray  # Line.blank_before, as 0 or 1
    kinds: np.ndarray  # Line.kind as an index in lexicon.KINDS, _NO_KIND for none
    core: tuple[int, int]  # the page's core, [start, end)
    profile: int  # the page's profile (_profile)


def measures(lines: Sequence[Line]) -> Measures:
    # One transposition of the lines and one conversion per field, rather than a loop over
    # the lines per field.
    n, fields = len(lines), zip(*lines, strict=True)
    _, texts, words, ends, function, capitals, numbers, flags, blank, kinds = fields
    word_counts, end_codes = np.fromiter(words, np.int64, n), np.fromiter(ends, np.int64, n)
    prose = word_counts * ((word_counts >= PROSE_ANY_WORDS)
                           | ((word_counts >= PROSE_STOP_WORDS) & (end_codes == 0)))
    span = core(np.where(prose, np.minimum(prose, CORE_MAX_GAIN), -CORE_GAP_COST).tolist())
    return Measures(texts, word_counts, end_codes, np.array((function, capitals, numbers), float),
                    np.fromiter(flags, np.int64, n), np.fromiter(blank, np.int64, n),
                    np.fromiter(map(_KIND_CODE.__getitem__, kinds), np.int64, n),
                    span, _profile(prose, span))


def _profile(prose: np.ndarray, span: tuple[int, int]) -> int:
    """The page's profile from the words of its prose lines (0 for other lines): the words
    of prose in the core, by the share of the page's prose that the core holds, binned."""
    in_core = int(prose[span[0]: span[1]].sum())
    share = in_core / max(int(prose.sum()), 1)
    return int(_CORE_WORDS_BOUNDS.searchsorted(in_core, "right") * (len(_CORE_SHARE_BOUNDS) + 1)
               + _CORE_SHARE_BOUNDS.searchsorted(share, "right"))


def _places(n: int, span: tuple[int, int]) -> np.ndarray:
    """Each line's place relative to the core: 0 inside, then before and after by distance."""
    start, end = span
    index = np.arange(n)
    before = 1 + _DISTANCE_BOUNDS.searchsorted(start - index, "right")
    after = 2 + len(_DISTANCE_BOUNDS) + _DISTANCE_BOUNDS.searchsorted(index - end + 1, "right")
    return np.where(index < start, before, np.where(index < end, 0, after))


def _word_bins(words: np.ndarray) -> np.ndarray:
    bins: np.ndarray = _WORD_BOUNDS.searchsorted(words, "right")
    return bins


def _share_codes(shares: np.ndarray) -> np.ndarray:
    return np.minimum((shares * _SHARE_BINS).astype(np.int64), _SHARE_BINS - 1)


def _segment_sizes(starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """For each item of the segments [starts[k], stops[k]), its segment's size."""
    sizes = stops - starts
    return np.repeat(sizes, sizes)


def _short_runs(words: np.ndarray) -> np.ndarray:
    """For each line, the length of the run of short lines it is in (0 for a long line);
    lineshape.short_runs, vectorised."""
    short = words < SHORT_WORDS
    edges = np.flatnonzero(np.diff(np.concatenate(([0], short, [0])).astype(np.int8)))
    runs = np.zeros(len(words), np.int64)
    runs[short] = _segment_sizes(edges[::2], edges[1::2])
    return runs


def _block_sizes(blank: np.ndarray) -> np.ndarray:
    """For each line, how many lines its block (lines between blank lines) has."""
    starts = np.flatnonzero(blank)  # the first line always starts a block
    return _segment_sizes(starts, np.append(starts[1:], len(blank)))


def _neighbours(rows: np.ndarray, pads: Sequence[int]) -> dict[int, np.ndarray]:
    """rows[:, i + t] for every line i and every t in _NEIGHBOURS, `pads` beyond the ends."""
    n, reach = rows.shape[1], max(map(abs, _NEIGHBOURS))
    edge = np.repeat(np.array(pads, np.int64)[:, None], reach, axis=1)
    padded = np.concatenate((edge, rows, edge), axis=1)
    return {t: padded[:, reach + t: reach + t + n] for t in _NEIGHBOURS}


def line_matrix(lines: Sequence[Line]) -> np.ndarray:
    """The first model's features of a page: one row of feature indices per line."""
    return _line_matrix(measures(lines))


def _line_matrix(m: Measures) -> np.ndarray:
    n, ne, nw = len(m.texts), len(ENDS), _NW
    words, ends, kinds = m.words, m.ends, m.kinds
    w = _word_bins(words)
    short = words < SHORT_WORDS
    places = _places(n, m.core)
    profile = np.full(n, m.profile)
    counts = Counter(m.texts)
    repeated = np.array(list(map(counts.__getitem__, m.texts))) > 1
    near = _neighbours(np.stack((w, ends, kinds != _NO_KIND)), (nw, ne, 0))
    shares = _share_codes(m.shares)
    columns = [("bias", np.zeros(n, np.int64)), ("w", w), ("e", ends), ("we", w * ne + ends),
               ("n", _NUMBER_BOUNDS.searchsorted(m.shares[2], "right")),
               ("f", np.where(short, _SHARE_BINS, shares[0])),
               ("u", shares[1] + _SHARE_BINS * short), ("k", kinds),
               ("rel", np.minimum(words * _RELATIVE_BINS // max(int(words.max()), 1),
                                  _RELATIVE_BINS - 1))]
    columns += [(f"flag.{name}", (m.flags >> i) & 1) for i, name in enumerate(TEXT_FLAGS)]
    columns += [("flag.rep", repeated), ("flag.blank", m.blank)]
    for t in _NEIGHBOURS:
        columns += [(f"{t}.w", near[t][0]), (f"{t}.e", near[t][1]), (f"{t}.k", near[t][2])]
    columns += [("wp", w * (nw + 1) + near[-1][0]), ("wn", w * (nw + 1) + near[1][0]),
                ("ce", places * ne + ends)]
    columns += _cue_columns(m)
    columns += [("run", _COUNT_BOUNDS.searchsorted(_short_runs(words), "right")),
                ("blk", _COUNT_BOUNDS.searchsorted(_block_sizes(m.blank), "right")),
                ("pos", np.arange(n) * _POSITION_BINS // n), ("c", places),
                ("cw", places * nw + w), ("pg", profile), ("pgw", profile * nw + w),
                ("pgc", profile * _NPLACE + places), ("pge", profile * ne + ends)]
    shared = _shared_codes(m.texts, m.core)
    columns += [("sh", shared * _NPLACE + places), ("shw", shared * nw + w)]
    return _indices(FIRST, columns)


def _shared_codes(texts: Sequence[str], span: tuple[int, int]) -> np.ndarray:
    """For each line, the share of its distinct words (function words aside) that other
    lines of the core use too, binned; _SHARED_BINS for a line without such words. The
    article's headings and captions share its words; other stories' headlines do not.
    (Set operations in C: a loop over each line's words cost a fifth of clean().)"""
    heads = unpunctuated("\n".join(t[:MAX_FEATURE_CHARS] for t in texts).lower())
    words = [set(line.split()) - lexicon.FUNCTION_WORDS for line in heads.split("\n")]
    counts = Counter(chain.from_iterable(words[span[0]: span[1]]))
    in_core, twice = set(counts), {w for w, c in counts.items() if c > 1}
    start, end = span
    shared = [len(ws & (twice if start <= i < end else in_core)) for i, ws in enumerate(words)]
    sizes = np.fromiter(map(len, words), np.int64, len(words))
    codes = np.minimum(np.array(shared) * _SHARED_BINS // np.maximum(sizes, 1),
                       _SHARED_BINS - 1)
    return np.where(sizes > 0, codes, _SHARED_BINS)


def _indices(space: Mapping[str, int], columns: Sequence[tuple[str, np.ndarray]]
             ) -> np.ndarray:
    """Feature indices, a row per line, from each family's codes: offsets added at once.
    (np.array and a transposed copy: a third of the time of np.stack(axis=1), same array.)"""
    families, codes = zip(*columns, strict=True)
    offsets = np.fromiter(map(space.__getitem__, families), np.int64, len(families))
    indices: np.ndarray = np.ascontiguousarray((np.array(codes) + offsets[:, None]).T)
    return indices


def _cue_columns(m: Measures) -> list[tuple[str, np.ndarray]]:
    """What the lines above say about where a line is: how many end-of-article cues (a
    comment prompt, a related-links heading, a legal line) and whether a start-of-article
    cue (a date line, a byline, the page's title said again) came before it."""
    n = len(m.texts)
    # A later line that is part of the first (the page title) said again, above the article.
    title = np.fromiter(map(m.texts[0].__contains__, m.texts), bool, n)
    title[0] = False
    repeats = np.flatnonzero(title & (m.words >= _MIN_TITLE_WORDS))
    repeat = int(repeats[0]) if len(repeats) else None
    ending = np.isin(m.kinds, _END_KIND_CODES)
    starting = (m.flags & (DATE_BIT | BYLINE_BIT)) > 0
    if repeat is not None:
        starting[repeat] = True
    ends_above = np.concatenate(([0], np.cumsum(ending)[:-1]))
    started = np.concatenate(([0], np.maximum.accumulate(starting)[:-1])).astype(np.int64)
    title_place = np.zeros(n, np.int64)
    if repeat is not None:
        title_place[:repeat], title_place[repeat], title_place[repeat + 1:] = 1, 2, 3
    return [("endcues", np.minimum(ends_above, _MAX_END_CUES)), ("startcue", started),
            ("title", title_place)]


def context_matrix(lines: Sequence[Line], scores: np.ndarray) -> np.ndarray:
    """The second model's features: the first model's scores at and around each line."""
    return _context_matrix(measures(lines), scores)


def _context_matrix(m: Measures, scores: np.ndarray) -> np.ndarray:
    n, bins = len(m.texts), _PROB_BINS
    probs = 1.0 / (1.0 + np.exp(-np.clip(scores, -30.0, 30.0)))
    sums = np.concatenate(([0.0], np.cumsum(probs)))
    own = np.minimum((probs * bins).astype(np.int64), bins - 1)
    places = _places(n, core(
        ((probs - 0.5) * (np.minimum(m.words, CORE_MAX_GAIN) + 1)).tolist()))
    columns = [("bias", np.zeros(n, np.int64)), ("s", own),
               ("sw", own * _NW + _word_bins(m.words)), ("c", places),
               ("cs", places * bins + own), ("k", m.kinds),
               ("pgs", m.profile * bins + own),
               ("acc", _accepted(m.words, scores) * bins + own)]
    # Mean score of the r lines before and after each line, for every radius r at once; a
    # code of its own (bins) where there are none, at the ends of the page.
    index = np.arange(n)
    radii = np.array(_WINDOWS)[:, None]
    lo, hi = np.maximum(0, index - radii), np.minimum(n, index + 1 + radii)
    before = _mean_codes(sums[index] - sums[lo], index - lo)
    after = _mean_codes(sums[hi] - sums[index + 1], hi - index - 1)
    for k, r in enumerate(_WINDOWS):
        columns += [(f"b{r}", before[k]), (f"a{r}", after[k])]
    return _indices(SECOND, columns)


def _accepted(words: np.ndarray, scores: np.ndarray) -> int:
    """The share of the page's words that the first model keeps (a log-odds above 0),
    binned: a page it keeps most of is a page of content, one it keeps little of a page of
    chaff around a text."""
    share = float(words @ (scores > 0)) / max(int(words.sum()), 1)
    return min(int(share * _ACCEPT_BINS), _ACCEPT_BINS - 1)


def _mean_codes(totals: np.ndarray, counts: np.ndarray) -> np.ndarray:
    means = totals / np.maximum(counts, 1)
    return np.where(counts > 0, np.minimum((means * _PROB_BINS).astype(np.int64),
                                           _PROB_BINS - 1), _PROB_BINS)


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    """Two linear models over numbered binary features; a line is kept above `threshold`.

    Compared by identity: its weights are arrays."""

    first: np.ndarray  # weights of the first model, by index in FIRST
    second: np.ndarray  # weights of the second model, by index in SECOND
    threshold: float = 0.0  # on the second model's score (a log-odds)

    @classmethod
    def from_names(cls, first: Mapping[str, float], second: Mapping[str, float],
                   threshold: float = 0.0) -> Model:
        """A model from weights by feature name; names not in the spaces are ignored."""
        return cls(np.array([first.get(n, 0.0) for n in names(FIRST)]),
                   np.array([second.get(n, 0.0) for n in names(SECOND)]), threshold)

    def first_scores(self, lines: Sequence[Line]) -> np.ndarray:
        return self._first_scores(measures(lines))

    def _first_scores(self, m: Measures) -> np.ndarray:
        scores: np.ndarray = self.first[_line_matrix(m)].sum(axis=1)
        return scores

    def scores(self, lines: Sequence[Line]) -> list[float]:
        """The second model's score of every line: above `threshold` is the article."""
        m = measures(lines)
        second = self.second[_context_matrix(m, self._first_scores(m))]
        scores: list[float] = second.sum(axis=1).tolist()
        return scores


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model, read once per process on first use."""
    source = resources.files("dechaff").joinpath("data/lines_model.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    return Model.from_names(data["first"], data["second"], data.get("threshold", 0.0))
