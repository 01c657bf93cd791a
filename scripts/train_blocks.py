"""Train the block model (dechaff/data/blocks.json) and report its k-fold quality.

    python scripts/train_blocks.py [--folds 5] [--out src/dechaff/data/blocks.json]

Data: the pages of ../shared/bench/article-extraction (MIT) and readability-pages
(Apache-2.0), with their known article text. Every block the extractor's first stage
serialises is labelled by whether its words belong to the page's article. The figure this
prints as quality is k-fold by page: each page is scored by a model trained on folds that
do not contain it. The shipped model is then trained on every page.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from dechaff import classify, dom  # noqa: E402
from dechaff.document import Block, Kind, Rejection  # noqa: E402
from dechaff.extractor import DEFAULT, Extractor, _drop_title, dom_title, render_text  # noqa: E402
from extract import article_extraction, readability_pages  # noqa: E402
from score import score_page, summarise  # noqa: E402

_TOKEN = re.compile(r"\w+")
# Class-name and label words seen on fewer pages than this are left out: they would name
# one site, not a kind of page.
MIN_WORD_PAGES = 4
# A block is article text when at least this share of its shingles occur in the truth.
MIN_HIT_SHARE = 0.5
# Weights smaller than this are left out of the shipped model.
MIN_WEIGHT = 1e-4
L2 = 1e-4  # weight decay; chosen by k-fold F1 on these pages
WORD_L2_SCALE = 10.0
# A block weighs by the share of its page's words it holds, to this power: 1 would follow
# the metric exactly, but lets headings and labels count for nearly nothing.
WEIGHT_POWER = 0.5
EPOCHS = 300
LEARNING_RATE = 0.05
SEED = 20261129


class PageData:
    """One page's blocks, their features and labels, and what scoring the page needs."""

    def __init__(self, key: str, dataset: str, html: str, expected: str,
                 extractor: Extractor = DEFAULT) -> None:
        self.key, self.dataset, self.expected = key, dataset, expected
        parsed = dom.parse(html)
        self.title = dom_title(parsed)
        with dom.body_tree(parsed, dom.Deadline(extractor.timeout_s)) as order:
            ctx = extractor.analyse(order, None)
            self.ctx = None if isinstance(ctx, Rejection) else ctx
            self.features = classify.page_features(self.ctx) if self.ctx else []
        self.labels = label_blocks(self.ctx.blocks, expected) if self.ctx else []

    def predict_text(self, scores: list[float], extractor: Extractor = DEFAULT) -> str:
        if self.ctx is None:
            return ""
        keep = extractor.keep(self.ctx, scores)
        blocks = [b for b, k in zip(self.ctx.blocks, keep, strict=True) if k]
        return render_text(_drop_title(blocks, self.title))


def label_blocks(blocks: Sequence[Block], expected: str) -> list[tuple[int, float]]:
    """(label, weight) per block: 1 when most of its words run in the article's text.

    Images weigh nothing: plain text leaves them out, so no metric sees them."""
    truth = _TOKEN.findall(expected.lower())
    grams: Counter[tuple[str, ...]] = Counter()
    for n in (1, 2, 3):
        grams.update(tuple(truth[i : i + n]) for i in range(len(truth) - n + 1))
    out = []
    for block in blocks:
        tokens = _TOKEN.findall(block.text.lower())
        if not tokens or block.kind is Kind.IMAGE:
            out.append((0, 0.0))
            continue
        n = min(3, len(tokens))
        shingles = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        hit = sum(1 for s in shingles if grams[s]) / len(shingles)
        out.append((int(hit >= MIN_HIT_SHARE), float(len(tokens))))
    return out


def block_errors(page: PageData, scores: list[float], model: classify.Model) -> list[str]:
    """One line per block the model got wrong, for reading: page, error, words, text."""
    keep = DEFAULT.keep(page.ctx, scores) if page.ctx else []
    out = []
    for block, k, (label, weight), f in zip(page.ctx.blocks if page.ctx else [], keep,
                                            page.labels, page.features, strict=True):
        if k != bool(label) and weight >= 1:
            kind = "FP" if k else "FN"
            top = sorted(f, key=lambda n: -abs(model.weights.get(n, 0) * f[n]))[:6]
            why = " ".join(f"{n}:{model.weights.get(n, 0):+.1f}" for n in top)
            out.append(f"{page.key[:12]} {kind} {int(weight):4d} {block.text[:90]!r} || {why}")
    return out


def vocabulary(pages: list[PageData]) -> dict[str, int]:
    """Feature names to columns, leaving out rare class-name and label words."""
    seen: Counter[str] = Counter()
    for page in pages:
        names = {name for f in page.features for name in f}
        seen.update(names)
    keep = [n for n, c in seen.items() if not n.startswith(("w:", "tw:")) or c >= MIN_WORD_PAGES]
    return {name: i for i, name in enumerate(sorted(keep))}


def matrix(pages: list[PageData], vocab: dict[str, int]):
    rows, cols, vals, y, w = [], [], [], [], []
    r = 0
    for page in pages:
        total = sum(weight for _, weight in page.labels) or 1.0
        for f, (label, weight) in zip(page.features, page.labels, strict=True):
            for name, value in f.items():
                col = vocab.get(name)
                if col is not None:
                    rows.append(r)
                    cols.append(col)
                    vals.append(value)
            y.append(label)
            # Each page weighs the same, as in the benchmark's metric; within a page a
            # block weighs by its words.
            w.append((weight / total) ** WEIGHT_POWER)
            r += 1
    return (np.array(rows), np.array(cols), np.array(vals, dtype=float), np.array(y, dtype=float),
            np.array(w, dtype=float), r)


def fit(pages: list[PageData], vocab: dict[str, int], l2: float = L2) -> np.ndarray:
    """Logistic regression by full-batch Adam on the sparse design matrix."""
    rows, cols, vals, y, w, n = matrix(pages, vocab)
    theta = np.zeros(len(vocab))
    # Words of class names and labels are many and each is seen on few pages: they take
    # WORD_L2_SCALE times the weight decay of the features every page has.
    scale = np.ones(len(vocab))
    for name, col in vocab.items():
        if name.startswith(("w:", "tw:")):
            scale[col] = WORD_L2_SCALE
    m = np.zeros_like(theta)
    v = np.zeros_like(theta)
    w = w / w.sum()
    for step in range(1, EPOCHS + 1):
        z = np.bincount(rows, weights=vals * theta[cols], minlength=n)
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        err = (p - y) * w
        grad = np.bincount(cols, weights=vals * err[rows], minlength=len(theta))
        grad += l2 * scale * theta
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        theta -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return theta


def evaluate(pages: list[PageData], model: classify.Model) -> dict[str, object]:
    scores: dict[str, list] = {}
    for page in pages:
        predicted = page.predict_text([model.score(f) for f in page.features])
        scores.setdefault(page.dataset, []).append(score_page(predicted, page.expected))
    return {name: summarise(s) for name, s in scores.items()}


def to_model(theta: np.ndarray, vocab: dict[str, int]) -> classify.Model:
    weights = {name: round(float(theta[i]), 4) for name, i in vocab.items()
               if abs(theta[i]) >= MIN_WEIGHT}
    return classify.Model(weights)


def load_pages(extractor: Extractor) -> list[PageData]:
    pages = [PageData(k, "article-extraction", h, e, extractor) for k, h, e in article_extraction()]
    pages += [PageData(k, "readability-pages", h, e, extractor) for k, h, e in readability_pages()]
    return pages


def cross_validate(pages: list[PageData], args: argparse.Namespace,
                   seed: int) -> dict[str, list]:
    """Score every page with a model trained on the folds that do not hold it."""
    order = list(range(len(pages)))
    random.Random(seed).shuffle(order)
    worst: list = []
    errors: list[str] = []
    predictions: dict[str, list] = {}
    for fold in range(args.folds):
        test_ids = set(order[fold :: args.folds])
        train = [pages[i] for i in order if i not in test_ids]
        vocab = vocabulary(train)
        model = to_model(fit(train, vocab, args.l2), vocab)
        for page in (pages[i] for i in sorted(test_ids)):
            scores = [model.score(f) for f in page.features]
            if args.errors:
                errors.extend(block_errors(page, scores, model))
            scored = score_page(page.predict_text(scores), page.expected)
            predictions.setdefault(page.dataset, []).append(scored)
            worst.append((scored.precision + scored.recall, page.key, scored))
    if args.errors:
        args.errors.write_text("\n".join(errors))
    for _, key, scored in sorted(worst)[: args.worst]:
        print(f"    {key[:28]:<28} P {scored.precision:.2f} R {scored.recall:.2f}")
    return predictions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "src/dechaff/data/blocks.json")
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--seed", type=int, default=SEED, help="how pages are dealt to folds")
    parser.add_argument("--splits", type=int, default=1,
                        help="repeat the k-fold with this many seeds (seed, seed+1, ...)")
    parser.add_argument("--no-save", action="store_true", help="only report the k-fold figures")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst held-out pages")
    parser.add_argument("--errors", type=Path, help="write held-out block errors to this file")
    parser.add_argument("--stage1", default="{}", help="Extractor settings to try, as JSON")
    args = parser.parse_args()
    pages = load_pages(Extractor(**json.loads(args.stage1)))
    means: dict[str, list[float]] = {}
    for split in range(args.splits):
        seed = args.seed + split
        found = cross_validate(pages, args, seed)
        print(f"k-fold by page ({args.folds} folds, seed {seed}), each page scored by a model "
              "not trained on it:")
        for name, scores in sorted(found.items()):
            s = summarise(scores)
            means.setdefault(name, []).append(s.f1)
            print(f"  {name:<20} F1 {s.f1:.4f}  precision {s.precision:.4f}  "
                  f"recall {s.recall:.4f}  ({s.pages} pages)")
    if args.splits > 1:
        for name, values in sorted(means.items()):
            print(f"  mean of {args.splits} splits: {name:<20} F1 {sum(values) / len(values):.4f}")
    if args.no_save:
        return
    vocab = vocabulary(pages)
    model = to_model(fit(pages, vocab, args.l2), vocab)
    args.out.write_text(json.dumps({"weights": dict(sorted(model.weights.items()))},
                                   indent=0) + "\n")
    print(f"trained on all {len(pages)} pages: {len(model.weights)} weights -> {args.out}")
    for name, s in sorted(evaluate(pages, model).items()):
        print(f"  in-sample {name:<20} F1 {s.f1:.4f}")


if __name__ == "__main__":
    main()
