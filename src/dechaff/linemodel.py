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
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

import numpy as np

from dechaff import lexicon
from dechaff.lineshape import (
    BYLINE_BIT,
    DATE_BIT,
    ENDS,
    FLAGS,
    SHORT_WORDS,
    TEXT_FLAGS,
    Line,
    short_runs,
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


def _block_sizes(lines: Sequence[Line]) -> list[int]:
    """For each line, how many lines its block (lines between blank lines) has."""
    sizes = [0] * len(lines)
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or lines[i].blank_before:
            sizes[start:i] = [i - start] * (i - start)
            start = i
    return sizes


# Bins: a value v falls in bin bisect_right(bounds, v), 0 .. len(bounds). The bounds are
# roughly logarithmic, so that each bin holds a fair share of the benchmark pages' lines;
# finer bins did not raise the k-fold F1 and cost weights.
_WORD_BOUNDS = (2, 3, 4, 5, 7, 9, 12, 16, 21, 30, 45, 70)
_COUNT_BOUNDS = (2, 3, 4, 6, 9, 14, 20)
_DISTANCE_BOUNDS = (2, 3, 4, 6, 9, 14, 22, 40)
_NUMBER_BOUNDS = (0.01, 0.1, 0.3)
_SHARE_BINS = 10
_POSITION_BINS = 10
_RELATIVE_BINS = 10  # a line's words as a share of the page's longest line
_PROB_BINS = 10
_WINDOWS = (1, 3, 8)  # radii of the windows whose mean first-model score the second sees
_NEIGHBOURS = (-2, -1, 1, 2)
_NW = len(_WORD_BOUNDS) + 1
_NC = len(_COUNT_BOUNDS) + 1
_NPLACE = 1 + 2 * (len(_DISTANCE_BOUNDS) + 1)  # inside the core, or before/after by distance
_NO_KIND = len(lexicon.KINDS)
_KIND_CODE = MappingProxyType({kind: i for i, kind in enumerate(lexicon.KINDS)})
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
                ("cw", _NPLACE * _NW)))
SECOND = _space((("bias", 1), ("s", _PROB_BINS), ("sw", _PROB_BINS * _NW),
                 *((f"b{r}", _PROB_BINS + 1) for r in _WINDOWS),
                 *((f"a{r}", _PROB_BINS + 1) for r in _WINDOWS),
                 ("c", _NPLACE), ("cs", _NPLACE * _PROB_BINS), ("k", _NO_KIND + 1)))


def names(space: Mapping[str, int]) -> list[str]:
    """The name of every feature of a space, by index: "w:3", "-1.e:0", ..."""
    families = sorted((offset, name) for name, offset in space.items() if name)
    ends = [offset for offset, _ in families[1:]] + [space[""]]
    return [f"{name}:{code}" for (offset, name), end in zip(families, ends, strict=True)
            for code in range(end - offset)]


def _places(n: int, span: tuple[int, int]) -> list[int]:
    """Each line's place relative to the core: 0 inside, then before and after by distance."""
    start, end = span
    before = [1 + bisect_right(_DISTANCE_BOUNDS, start - i) for i in range(start)]
    after = [2 + len(_DISTANCE_BOUNDS) + bisect_right(_DISTANCE_BOUNDS, i - end + 1)
             for i in range(end, n)]
    return before + [0] * (end - start) + after


def _is_prose(line: Line) -> bool:
    return line.words >= PROSE_ANY_WORDS or (line.words >= PROSE_STOP_WORDS and line.end == 0)


def _word_bins(words: np.ndarray) -> np.ndarray:
    return np.searchsorted(_WORD_BOUNDS, words, side="right")


def _share_codes(shares: np.ndarray) -> np.ndarray:
    return np.minimum((shares * _SHARE_BINS).astype(np.int64), _SHARE_BINS - 1)


def _shifted(values: np.ndarray, by: int, pad: int) -> np.ndarray:
    """values[i + by] for every i, `pad` beyond the ends."""
    n = len(values)
    out = np.full(n, pad, dtype=np.int64)
    if abs(by) < n:
        if by > 0:
            out[: n - by] = values[by:]
        else:
            out[-by:] = values[: n + by]
    return out


def _numbers(lines: Sequence[Line]) -> np.ndarray:
    """The numeric fields of the lines as one array, a row per line: words, end, function,
    capitals, numbers, flags, blank_before (as in Line); one conversion is cheaper than one
    per field."""
    return np.array([line[2:9] for line in lines], dtype=float).reshape(len(lines), 7)




def line_matrix(lines: Sequence[Line]) -> np.ndarray:
    """The first model's features of a page: one row of feature indices per line."""
    f, n, ne, nw = FIRST, len(lines), len(ENDS), _NW
    numeric = _numbers(lines)
    words, ends = numeric[:, 0].astype(np.int64), numeric[:, 1].astype(np.int64)
    kinds = np.fromiter((_KIND_CODE[x.kind] if x.kind else _NO_KIND for x in lines),
                        np.int64, n)
    marks = numeric[:, 5].astype(np.int64)
    w = _word_bins(words)
    short = words < SHORT_WORDS
    prose = (words >= PROSE_ANY_WORDS) | ((words >= PROSE_STOP_WORDS) & (ends == 0))
    places = np.asarray(_places(n, core(
        np.where(prose, np.minimum(words, CORE_MAX_GAIN), -CORE_GAP_COST).tolist())))
    counts = Counter(line.text for line in lines)
    repeated = np.fromiter((counts[x.text] > 1 for x in lines), np.int64, n)
    chaff = (kinds != _NO_KIND).astype(np.int64)
    columns = [np.zeros(n, np.int64), f["w"] + w, f["e"] + ends, f["we"] + w * ne + ends,
               f["n"] + np.searchsorted(_NUMBER_BOUNDS, numeric[:, 4], side="right"),
               f["f"] + np.where(short, _SHARE_BINS, _share_codes(numeric[:, 2])),
               f["u"] + _share_codes(numeric[:, 3]) + _SHARE_BINS * short,
               f["k"] + kinds,
               f["rel"] + np.minimum(words * _RELATIVE_BINS // max(int(words.max()), 1),
                                     _RELATIVE_BINS - 1)]
    columns += [f[f"flag.{name}"] + ((marks >> i) & 1) for i, name in enumerate(TEXT_FLAGS)]
    columns += [f["flag.rep"] + repeated, f["flag.blank"] + numeric[:, 6].astype(np.int64)]
    for t in _NEIGHBOURS:
        columns += [f[f"{t}.w"] + _shifted(w, t, nw), f[f"{t}.e"] + _shifted(ends, t, ne),
                    f[f"{t}.k"] + _shifted(chaff, t, 0)]
    columns += [f["wp"] + w * (nw + 1) + _shifted(w, -1, nw),
                f["wn"] + w * (nw + 1) + _shifted(w, 1, nw), f["ce"] + places * ne + ends]
    columns += _cue_columns(lines, kinds, marks)
    columns += [f["run"] + np.searchsorted(_COUNT_BOUNDS, short_runs(lines), side="right"),
                f["blk"] + np.searchsorted(_COUNT_BOUNDS, _block_sizes(lines), side="right"),
                f["pos"] + np.arange(n) * _POSITION_BINS // n,
                f["c"] + places, f["cw"] + places * nw + w]
    return np.stack(columns, axis=1)


def _cue_columns(lines: Sequence[Line], kinds: np.ndarray, marks: np.ndarray
                 ) -> list[np.ndarray]:
    """What the lines above say about where a line is: how many end-of-article cues (a
    comment prompt, a related-links heading, a legal line) and whether a start-of-article
    cue (a date line, a byline, the page's title said again) came before it."""
    f, n = FIRST, len(lines)
    title = lines[0].text
    repeat = next((i for i in range(1, n) if _repeats_title(lines[i], title)), None)
    ending = np.isin(kinds, _END_KIND_CODES)
    starting = (marks & (DATE_BIT | BYLINE_BIT)) > 0
    if repeat is not None:
        starting[repeat] = True
    ends_above = np.concatenate(([0], np.cumsum(ending)[:-1]))
    started = np.concatenate(([0], np.maximum.accumulate(starting)[:-1])).astype(np.int64)
    title_place = np.zeros(n, np.int64)
    if repeat is not None:
        title_place[:repeat], title_place[repeat], title_place[repeat + 1:] = 1, 2, 3
    return [f["endcues"] + np.minimum(ends_above, _MAX_END_CUES), f["startcue"] + started,
            f["title"] + title_place]


def _repeats_title(line: Line, title: str) -> bool:
    return line.words >= _MIN_TITLE_WORDS and line.text in title


def context_matrix(lines: Sequence[Line], scores: np.ndarray) -> np.ndarray:
    """The second model's features: the first model's scores at and around each line."""
    s, n, bins = SECOND, len(lines), _PROB_BINS
    probs = 1.0 / (1.0 + np.exp(-np.clip(scores, -30.0, 30.0)))
    sums = np.concatenate(([0.0], np.cumsum(probs)))
    own = np.minimum((probs * bins).astype(np.int64), bins - 1)
    words = np.fromiter((line.words for line in lines), np.int64, n)
    places = np.asarray(_places(n, core(
        ((probs - 0.5) * (np.minimum(words, CORE_MAX_GAIN) + 1)).tolist())))
    kinds = np.fromiter((_KIND_CODE[x.kind] if x.kind else _NO_KIND for x in lines),
                        np.int64, n)
    columns = [np.zeros(n, np.int64), s["s"] + own, s["sw"] + own * _NW + _word_bins(words),
               s["c"] + places, s["cs"] + places * bins + own, s["k"] + kinds]
    index = np.arange(n)
    for r in _WINDOWS:
        # Mean score of the r lines before and after each line; a code of its own (bins)
        # where there are none, at the ends of the page.
        lo, hi = np.maximum(0, index - r), np.minimum(n, index + 1 + r)
        columns.append(s[f"b{r}"] + _mean_codes(sums[index] - sums[lo], index - lo))
        columns.append(s[f"a{r}"] + _mean_codes(sums[hi] - sums[index + 1], hi - index - 1))
    return np.stack(columns, axis=1)


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
        scores: np.ndarray = self.first[line_matrix(lines)].sum(axis=1)
        return scores

    def scores(self, lines: Sequence[Line]) -> list[float]:
        """The second model's score of every line: above `threshold` is the article."""
        second = self.second[context_matrix(lines, self.first_scores(lines))]
        scores: list[float] = second.sum(axis=1).tolist()
        return scores


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model, read once per process on first use."""
    source = resources.files("dechaff").joinpath("data/lines_model.json")
    data = json.loads(source.read_text(encoding="utf-8"))
    return Model.from_names(data["first"], data["second"], data.get("threshold", 0.0))
