"""Train the line model (dechaff/data/lines_model.json) and report its quality k-fold by site.

    python scripts/train_lines.py                 # k-fold figures, then train and save
    python scripts/train_lines.py --no-save       # the k-fold figures only
    python scripts/train_lines.py --choose        # nested k-fold over SETTINGS, then save

Data: the pages of ../shared/bench (benchmarks/sets.py) named by --train, each flattened
with `html_text.extract_text(html, guess_layout=True)`, as WET files and text dumps are
made. Every non-blank line is labelled by aligning the page's words with its known main
text (difflib on word sequences): a line is the article's when most of its words fall in
the alignment.

Quality is k-fold by site: all pages of one site (registrable domain) fall in the same
fold, as they share a template, and each page is cleaned by models trained on the other
folds, the decision threshold included; figures per set and per page type. Sets named by
--eval but not by --train are cleaned by models that never saw any of their pages. The
settings were chosen by --choose: in each outer fold an inner k-fold by site over that
fold's training pages alone picks them, so the figure it prints comes from pages the choice
never saw. The shipped model is trained on every page of --train, with the settings the
outer folds chose most often (--choose) or those given (--settings).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import compress
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from dechaff import linemodel, lineshape  # noqa: E402
from dechaff.dates import find_date_in_text  # noqa: E402
from dechaff.document import Document  # noqa: E402
from dechaff.lines import Cleaner  # noqa: E402
from score import SHINGLE_TOKENS, PageScore, Summary, score_page, summarise  # noqa: E402
from sets import SETS, BenchPage, digest, grouped, load, site_folds  # noqa: E402
from sets import held_out as sets_held_out  # noqa: E402

_TOKEN = re.compile(r"\w+")
SEED = 20261129
THRESHOLDS = tuple(x / 4 for x in range(-8, 9))  # log-odds tried when choosing a threshold
OUT = ROOT / "src/dechaff/data/lines_model.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """How the models are fitted."""

    l2: float = 3e-3  # weight decay, on the mean loss of a page's lines
    # Short lines weigh as if they had this many more words: the metric counts words, but a
    # menu line left in costs a shingle or two at every join.
    floor_words: int = 3
    # Each page weighs 1 / (pages of its set) to this power: 0 weighs every page the same,
    # 1 every set the same (the threshold is chosen for the mean F1 of the sets).
    set_balance: float = 0.0


SETTINGS = [Settings(l2=l2) for l2 in (1e-3, 3e-3, 1e-2)]  # what --choose tries


def flatten(html: str) -> str:
    import html_text

    return str(html_text.extract_text(html, guess_layout=True))


@dataclass
class PageData:
    """One flattened page: its lines, their labels and features, and the expected text."""

    page: BenchPage
    text: str
    lines: list[lineshape.Line]
    labels: np.ndarray
    words: np.ndarray  # each line's words, for its weight
    features: np.ndarray  # the first model's feature indices, a row per line
    shingles: Shingles = field(init=False)

    def __post_init__(self) -> None:
        self.shingles = Shingles([line.text for line in self.lines], self.page.expected)

    @classmethod
    def of(cls, page: BenchPage, text: str | None = None) -> PageData:
        """The page flattened (or as `text`, already flattened), its lines labelled."""
        text = flatten(page.html) if text is None else text
        lines = lineshape.analyse(text.replace("\r", ""), find_date_in_text)
        texts = [line.text for line in lines]
        return cls(page, text, lines, np.array(label_lines(texts, page.expected), np.int64),
                   np.array([len(_TOKEN.findall(t)) for t in texts], np.int64),
                   linemodel.line_matrix(lines) if lines else np.zeros((0, 0), np.int64))

    def weights(self, settings: Settings) -> np.ndarray:
        """Each line by its words (and the floor); each page weighs the same, as in the
        metric."""
        sizes = (self.words + settings.floor_words).astype(float)
        return sizes / max(sizes.sum(), 1.0)


class Shingles:
    """One page's shingles as numbers, so that a choice of its lines is scored as
    score.score_page scores their text, at a small part of the cost (choosing the threshold
    scores every training page at every threshold)."""

    def __init__(self, texts: Sequence[str], expected: str) -> None:
        ids: dict[str, int] = {}
        self.texts, self.expected = texts, expected
        self.tokens = [np.array([ids.setdefault(t, len(ids)) for t in _TOKEN.findall(text)],
                                np.int64) for text in texts]
        truth = np.array([ids.setdefault(t, len(ids)) for t in _TOKEN.findall(expected)],
                         np.int64)
        self.base = len(ids)
        # A text of fewer tokens than a shingle is one short shingle; numbers must fit.
        self.exact = len(truth) < SHINGLE_TOKENS or self.base**SHINGLE_TOKENS >= 2**63
        self.truth, self.truth_counts = np.unique(self._codes(truth), return_counts=True)

    def _codes(self, tokens: np.ndarray) -> np.ndarray:
        """A number for each shingle: its tokens' ids as digits in base `base`."""
        n = max(len(tokens) - SHINGLE_TOKENS + 1, 0)
        codes = np.zeros(n, np.int64)
        for k in range(SHINGLE_TOKENS):
            codes = codes * self.base + tokens[k: k + n]
        return codes

    def score(self, keep: Sequence[bool]) -> PageScore:
        chosen = [t for t, k in zip(self.tokens, keep, strict=True) if k]
        kept = np.concatenate(chosen) if chosen else np.zeros(0, np.int64)
        if self.exact or len(kept) < SHINGLE_TOKENS:
            return score_page(" ".join(compress(self.texts, keep)), self.expected)
        codes, counts = np.unique(self._codes(kept), return_counts=True)
        at = np.minimum(np.searchsorted(self.truth, codes), len(self.truth) - 1)
        found = np.where(self.truth[at] == codes, self.truth_counts[at], 0)
        tp = int(np.minimum(counts, found).sum())
        fp, fn = int(counts.sum()) - tp, int(self.truth_counts.sum()) - tp
        total = tp + fp + fn
        return PageScore(tp / total, fp / total, fn / total)


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


def fit(rows: Sequence[np.ndarray], size: int, y: np.ndarray, w: np.ndarray,
        l2: float) -> np.ndarray:
    """Logistic regression over binary features (a row of feature indices per line), its
    weighted loss plus l2/2 of the squared weights (the bias aside), minimised by L-BFGS."""
    from scipy import optimize, sparse

    indices = np.concatenate([r for r in rows if r.size])
    width = indices.shape[1]
    x = sparse.csr_matrix((np.ones(indices.size), indices.ravel(),
                           np.arange(0, indices.size + 1, width)), shape=(len(indices), size))
    xt = x.T.tocsr()
    w = w / w.sum()
    decay = np.full(size, l2)
    decay[0] = 0.0  # the bias is not decayed

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ theta
        # log(1 + e^z) - y z, written to stay finite for large |z|
        value = float(w @ (np.logaddexp(0.0, z) - y * z)) + 0.5 * float(decay @ theta**2)
        grad = xt @ ((0.5 * (1.0 + np.tanh(0.5 * z)) - y) * w) + decay * theta
        return value, grad

    found = optimize.minimize(loss, np.zeros(size), jac=True, method="L-BFGS-B",
                              options={"maxiter": 1000, "gtol": 1e-7})
    return np.round(found.x, 4)


def train(pages: Sequence[PageData], settings: Settings) -> linemodel.Model:
    """Both models and the threshold, from `pages` only."""
    pages = [p for p in pages if p.lines]
    y = np.concatenate([p.labels for p in pages]).astype(float)
    per_set = Counter(p.page.set for p in pages)
    w = np.concatenate([p.weights(settings) * (per_set[p.page.set] ** -settings.set_balance)
                        for p in pages])
    first = fit([p.features for p in pages], linemodel.FIRST[""], y, w, settings.l2)
    model = linemodel.Model(first, np.zeros(0), 0.0)
    rows = [linemodel.context_matrix(p.lines, model.first_scores(p.lines)) for p in pages]
    second = fit(rows, linemodel.SECOND[""], y, w, settings.l2)
    scored = [(p, linemodel.Model(first, second).scores(p.lines)) for p in pages]

    def quality(threshold: float) -> float:
        """What clean() would score at `threshold`, without cleaning every page again."""
        return mean_f1((p, p.shingles.score(Cleaner().choose(p.lines, s, threshold)))
                       for p, s in scored)

    return linemodel.Model(first, second, max(THRESHOLDS, key=quality))


def clean_text(text: str, model: linemodel.Model) -> str:
    doc = Cleaner(model=model)(text)
    return doc.text if isinstance(doc, Document) else ""


def held_out(pages: Sequence[PageData], train_on: Sequence[int], folds: int, seed: int,
             settings: Settings) -> dict[int, PageScore]:
    """Each page's score by models trained on the pages of `train_on` outside its fold."""
    return sets_held_out([p.page for p in pages], train_on, folds, seed,
                         lambda chosen: train([pages[i] for i in chosen], settings),
                         lambda model, i: _scores(pages, [i], model)[i])


def _scores(pages: Sequence[PageData], chosen: Iterable[int], model: linemodel.Model
            ) -> dict[int, PageScore]:
    return {i: score_page(clean_text(pages[i].text, model), pages[i].page.expected)
            for i in chosen}


def by_group(pages: Sequence[PageData], scored: Mapping[int, PageScore]
             ) -> dict[str, Summary]:
    """The summary of each set, and of each page type of a set with several."""
    groups = grouped([p.page for p in pages], scored)
    out = {}
    for name, scores in sorted(groups.items()):
        set_name, _, page_type = name.partition(" / ")
        if not page_type or sum(n.startswith(f"{set_name} / ") for n in groups) > 1:
            out[name] = summarise(scores)
    return out


def show(title: str, summaries: Mapping[str, Summary]) -> None:
    print(title)
    for name, s in summaries.items():
        print(f"  {name:<40} F1 {s.f1:.4f}  precision {s.precision:.4f}  "
              f"recall {s.recall:.4f}  ({s.pages} pages)")


def mean_f1(scored: Iterable[tuple[PageData, PageScore]]) -> float:
    """The mean over the sets of each set's F1: every set counts the same."""
    by_set: dict[str, list[PageScore]] = {}
    for page, s in scored:
        by_set.setdefault(page.page.set, []).append(s)
    return float(np.mean([summarise(scores).f1 for scores in by_set.values()]))


def choose(pages: Sequence[PageData], train_on: Sequence[int], folds: int, seed: int
           ) -> Settings:
    """The setting of SETTINGS with the best mean F1 over the sets, k-fold by site on the
    pages of `train_on` alone."""
    sub = [pages[i] for i in train_on]
    every = range(len(sub))

    def quality(settings: Settings) -> float:
        return mean_f1((sub[i], s) for i, s in held_out(sub, every, folds, seed,
                                                         settings).items())

    return max(SETTINGS, key=quality)


def nested(pages: Sequence[PageData], train_on: Sequence[int], folds: int, inner: int,
           seed: int) -> tuple[dict[int, PageScore], Settings]:
    """Each page scored by models whose settings an inner k-fold by site (`inner` folds)
    chose without its fold; and the setting chosen most often (the first of SETTINGS on a
    tie), for the shipped model."""
    fold = site_folds([p.page for p in pages], folds, seed)
    scored: dict[int, PageScore] = {}
    chosen: list[Settings] = []
    for k in range(folds):
        training = [i for i in train_on if fold[i] != k]
        chosen.append(choose(pages, training, inner, seed + 1))
        print(f"  fold {k}: chose {chosen[-1]}", flush=True)
        model = train([pages[i] for i in training], chosen[-1])
        scored.update(_scores(pages, [i for i in range(len(pages)) if fold[i] == k], model))
    return scored, max(SETTINGS, key=chosen.count)


def load_pages(names: Iterable[str]) -> list[PageData]:
    return [PageData.of(page) for name in names for page in load(name)]


def save(model: linemodel.Model, settings: Settings, train_sets: Sequence[str],
         out: Path) -> None:
    data: dict[str, Any] = {
        "settings": {name: getattr(settings, name) for name in Settings.__dataclass_fields__},
        "trained_on": {name: digest(load(name)) for name in train_sets},
        "threshold": model.threshold,
        "first": _named(model.first, linemodel.FIRST),
        "second": _named(model.second, linemodel.SECOND)}
    out.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"trained on {', '.join(train_sets)}: threshold {model.threshold}, "
          f"{len(data['first']) + len(data['second'])} weights -> {out}")


def shipped_settings(path: Path = OUT) -> Settings:
    """The settings the shipped model was trained with (the defaults for an older file)."""
    return Settings(**json.loads(path.read_text(encoding="utf-8")).get("settings", {}))


def _named(weights: np.ndarray, space: Mapping[str, int]) -> dict[str, float]:
    return {n: float(w) for n, w in zip(linemodel.names(space), weights, strict=True) if w}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default=",".join(SETS))
    parser.add_argument("--eval", default=",".join(SETS))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=SEED, help="how sites are dealt to folds")
    parser.add_argument("--choose", action="store_true",
                        help="nested k-fold: choose the settings in each fold")
    parser.add_argument("--inner", type=int, default=3, help="inner folds of --choose")
    parser.add_argument("--settings", default="{}", help="Settings to train with, as JSON")
    parser.add_argument("--no-save", action="store_true", help="only report the k-fold figures")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    settings = replace(Settings(), **json.loads(args.settings))
    train_sets = args.train.split(",")
    pages = load_pages(dict.fromkeys(train_sets + args.eval.split(",")))
    train_on = [i for i, p in enumerate(pages) if p.page.set in train_sets]
    if args.choose:
        scored, settings = nested(pages, train_on, args.folds, args.inner, args.seed)
        title = (f"nested k-fold by site ({args.folds} folds, {args.inner} inner, seed "
                 f"{args.seed}); chosen most often: {settings}")
    else:
        scored = held_out(pages, train_on, args.folds, args.seed, settings)
        title = f"k-fold by site ({args.folds} folds, seed {args.seed}), {settings}:"
    show(title, by_group(pages, scored))
    if not args.no_save:
        save(train([pages[i] for i in train_on], settings), settings, train_sets, args.out)


if __name__ == "__main__":
    main()
