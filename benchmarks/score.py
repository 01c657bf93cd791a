"""The article-extraction benchmark's metric: 4-token shingles with counts, averaged per page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_TOKENS = 4  # the benchmark's definition (scrapinghub/article-extraction-benchmark)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Count the 4-token shingles of `text` (fewer tokens make one short shingle)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < SHINGLE_TOKENS:
        return Counter([tuple(tokens)]) if tokens else Counter()
    last = len(tokens) - SHINGLE_TOKENS + 1
    return Counter(tuple(tokens[i : i + SHINGLE_TOKENS]) for i in range(last))


@dataclass(frozen=True, slots=True)
class PageScore:
    """Shingle matches of one page: true/false positives and false negatives, summing to 1."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score_page(predicted: str, expected: str) -> PageScore:
    """Count shingle matches, normalised by their sum so that long pages weigh no more."""
    pred, true = shingles(predicted), shingles(expected)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True, slots=True)
class Summary:
    f1: float
    precision: float
    recall: float
    pages: int


def summarise(scores: Iterable[PageScore]) -> Summary:
    """Precision over pages that predicted something, recall over pages that expect something.

    Those are the benchmark's conventions: an empty prediction costs recall, not precision.
    """
    scores = list(scores)
    predicted = [s.precision for s in scores if s.tp + s.fp > 0]
    expected = [s.recall for s in scores if s.tp + s.fn > 0]
    p = sum(predicted) / len(predicted) if predicted else 0.0
    r = sum(expected) / len(expected) if expected else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Summary(f1, p, r, len(scores))
