"""Train the line model (dechaff/data/lines_model.json) and report its k-fold quality.

    python scripts/train_lines.py [--folds 5] [--no-save]

Data: the pages of ../shared/bench/article-extraction (MIT), each flattened with
`html_text.extract_text(html, guess_layout=True)`. Every non-blank line is labelled by
aligning the page's words with its known article text (difflib on word sequences): a line
is the article's when most of its words fall in the alignment. Readability-pages are never
trained on; they are scored as a held-out check.

The quality figure is k-fold by page: each page is cleaned by models trained on the other
folds, thresholds included. The shipped model is then trained on every page.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from dechaff import linemodel, lineshape  # noqa: E402
from dechaff.dates import find_date_in_text  # noqa: E402
from dechaff.document import Document  # noqa: E402
from dechaff.lines import Cleaner  # noqa: E402
from extract import article_extraction, readability_pages  # noqa: E402
from score import Summary, score_page, summarise  # noqa: E402

_TOKEN = re.compile(r"\w+")
L2 = 2e-3  # weight decay; chosen by k-fold F1 among 3e-4, 1e-3, 2e-3, 4e-3
EPOCHS = 400
LEARNING_RATE = 0.05
SEED = 20261129
# Short lines weigh as if they had this many more words: the metric counts words, but a
# menu line left in costs a shingle or two at every join.
WEIGHT_FLOOR_WORDS = 3
THRESHOLDS = tuple(x / 4 for x in range(-8, 9))  # log-odds tried when choosing a threshold
OUT = ROOT / "src/dechaff/data/lines_model.json"


def flatten(html: str) -> str:
    import html_text

    return str(html_text.extract_text(html, guess_layout=True))


@dataclass
class PageData:
    """One flattened page: its lines, their labels and weights, and the expected text."""

    key: str
    text: str
    expected: str
    lines: list[lineshape.Line]
    labels: list[int]
    weights: list[float]
    features: list[list[int]]


def load(key: str, html: str, expected: str) -> PageData:
    text = flatten(html)
    lines = lineshape.analyse(text.replace("\r", ""), find_date_in_text)
    labels = label_lines([line.text for line in lines], expected)
    sizes = [len(_TOKEN.findall(line.text)) + WEIGHT_FLOOR_WORDS for line in lines]
    total = sum(sizes) or 1
    weights = [s / total for s in sizes]  # each page weighs the same, as in the metric
    features = linemodel.line_matrix(lines).tolist()
    return PageData(key, text, expected, lines, labels, weights, features)


def label_lines(texts: Sequence[str], expected: str) -> list[int]:
    """1 for a line most of whose words the alignment with the article text covers."""
    tokens: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        found = _TOKEN.findall(text.lower())
        tokens += found
        owner += [i] * len(found)
    matcher = difflib.SequenceMatcher(None, tokens, _TOKEN.findall(expected.lower()),
                                      autojunk=False)
    covered = [0] * len(texts)
    for start, _, size in matcher.get_matching_blocks():
        for j in range(start, start + size):
            covered[owner[j]] += 1
    totals = [len(_TOKEN.findall(t)) for t in texts]
    return [int(n > 0 and 2 * c > n) for c, n in zip(covered, totals, strict=True)]


def fit(rows: list[list[int]], size: int, y: list[int], w: list[float],
        l2: float) -> np.ndarray:
    """Logistic regression over binary features by full-batch Adam; returns the weights."""
    r_idx = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    c_idx = np.array([c for r in rows for c in r])
    target, weight = np.array(y, dtype=float), np.array(w, dtype=float)
    weight /= weight.sum()
    decay = np.full(size, l2)
    decay[0] = 0.0  # the bias is not decayed
    theta = np.zeros(size)
    m, v = np.zeros_like(theta), np.zeros_like(theta)
    for step in range(1, EPOCHS + 1):
        z = np.bincount(r_idx, weights=theta[c_idx], minlength=len(rows))
        err = (1 / (1 + np.exp(-np.clip(z, -30, 30))) - target) * weight
        grad = np.bincount(c_idx, weights=err[r_idx], minlength=size) + decay * theta
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        theta -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return np.round(theta, 4)


def train(pages: Sequence[PageData], l2: float) -> linemodel.Model:
    """Both models and the threshold, from `pages` only."""
    y = [label for p in pages for label in p.labels]
    w = [weight for p in pages for weight in p.weights]
    rows = [f for p in pages for f in p.features]
    first = fit(rows, linemodel.FIRST[""], y, w, l2)
    model = linemodel.Model(first, np.zeros(0), 0.0)
    rows = [f for p in pages
            for f in linemodel.context_matrix(p.lines, model.first_scores(p.lines)).tolist()]
    second = fit(rows, linemodel.SECOND[""], y, w, l2)
    scored = [(p, linemodel.Model(first, second).scores(p.lines)) for p in pages]
    best = max(THRESHOLDS, key=lambda t: summarise(
        score_page(_kept_text(p, s, t), p.expected) for p, s in scored).f1)
    return linemodel.Model(first, second, best)


def _kept_text(page: PageData, scores: Sequence[float], threshold: float) -> str:
    """What clean() keeps at `threshold`, for choosing it without cleaning every time."""
    keep = Cleaner().choose(page.lines, scores, threshold)
    return "\n".join(line.text for line, k in zip(page.lines, keep, strict=True) if k)


def clean_text(text: str, model: linemodel.Model) -> str:
    doc = Cleaner(model=model)(text)
    return doc.text if isinstance(doc, Document) else ""


def evaluate(pages: Sequence[PageData], model: linemodel.Model) -> Summary:
    return summarise(score_page(clean_text(p.text, model), p.expected) for p in pages)


def _named(weights: np.ndarray, space: Mapping[str, int]) -> dict[str, float]:
    return {n: float(w) for n, w in zip(linemodel.names(space), weights, strict=True) if w}


def folds(n: int, k: int) -> list[list[int]]:
    order = list(range(n))
    random.Random(SEED).shuffle(order)
    return [sorted(order[f::k]) for f in range(k)]


def k_fold(pages: Sequence[PageData], k: int, l2: float) -> dict[str, str]:
    """Clean every page with models trained on the folds without it; text by page key."""
    out: dict[str, str] = {}
    for held in folds(len(pages), k):
        held_set = set(held)
        model = train([p for i, p in enumerate(pages) if i not in held_set], l2)
        for i in held:
            out[pages[i].key] = clean_text(pages[i].text, model)
    return out


def load_all() -> list[PageData]:
    return [load(k, h, e) for k, h, e in article_extraction()]


def report(name: str, summary: Summary) -> None:
    print(f"  {name:<44} F1 {summary.f1:.4f}  precision {summary.precision:.4f}  "
          f"recall {summary.recall:.4f}  ({summary.pages} pages)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--no-save", action="store_true", help="only report the k-fold figure")
    args = parser.parse_args()
    pages = load_all()
    texts = k_fold(pages, args.folds, args.l2)
    print(f"k-fold by page ({args.folds} folds): each page cleaned by models trained without it")
    report("article-extraction, flattened (k-fold)",
           summarise(score_page(texts[p.key], p.expected) for p in pages))
    model = train(pages, args.l2)
    report("article-extraction, flattened (in-sample)", evaluate(pages, model))
    held = [load(k, h, e) for k, h, e in readability_pages()]
    report("readability-pages, flattened (held out)", evaluate(held, model))
    if args.no_save:
        return
    data = {"first": _named(model.first, linemodel.FIRST),
            "second": _named(model.second, linemodel.SECOND), "threshold": model.threshold}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"trained on all {len(pages)} pages: threshold {model.threshold}, "
          f"{len(data['first']) + len(data['second'])} weights -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
