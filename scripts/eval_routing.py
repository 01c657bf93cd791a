"""A block model per kind of page, k-fold by site: what extract() with page types gives.

    python scripts/eval_routing.py [--splits 2]

Every page of the three sets is scored, in each deal of sites to 5 folds, by two block
models trained on the pages of the other folds: the article model (trained on
article-extraction and readability-pages, as data/blocks.json) and the general model
(trained on all three sets, as data/blocks_general.json). The page-type model of each fold
is trained on the modern-web pages of the other folds and types every page of its fold.
Printed per set and per modern-web page type: each model alone, the routing by the page's
true set (an oracle), and the routing extract() does (the general model when the type is
neither "article" nor "other").
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import train_blocks as tb  # noqa: E402
import train_pagetype as tp  # noqa: E402

from dechaff import pagetype  # noqa: E402
from score import PageScore, summarise  # noqa: E402
from sets import SETS, site_folds  # noqa: E402

FOLDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=2)
    args = parser.parse_args()
    pages = [tb.PageData(p) for name in SETS for p in tb.load(name)]
    rows = [tp.features_of(p.page) for p in pages]
    sites = [p.page.site for p in pages]
    typed = {i: tp.TYPES.index(tp.label_of(p.page)) for i, p in enumerate(pages)
             if p.page.set == "modern-web"}
    articles = [i for i, p in enumerate(pages) if p.page.set != "modern-web"]
    for split in range(args.splits):
        seed = tb.SEED + split
        fold = site_folds([p.page for p in pages], FOLDS, seed)
        article = tb.held_out(pages, articles, FOLDS, seed, tb.Settings())
        general = tb.held_out(pages, list(range(len(pages))), FOLDS, seed, tb.Settings())
        found: dict[int, tuple[str, float]] = {}
        for k in range(FOLDS):
            train_on = [i for i in typed if fold[i] != k]
            model = tp.train([rows[i] for i in train_on], [typed[i] for i in train_on],
                             [sites[i] for i in train_on])
            found.update((i, model.classify(rows[i])) for i in range(len(pages)) if fold[i] == k)

        # extract()'s rule, True for the general model: a type that is neither article nor
        # unsure ("other", below pagetype.MIN_CONFIDENCE)
        general_for = {i: kind != "article" and confidence >= pagetype.MIN_CONFIDENCE
                       for i, (kind, confidence) in found.items()}

        print(f"deal {split} (seed {seed}):")
        rules: dict[str, Callable[[int], bool]] = {
            "article model": lambda i: False, "general model": lambda i: True,
            "oracle: the general model for modern-web":
                lambda i: pages[i].page.set == "modern-web",
            "routed by page type, as extract()": general_for.__getitem__}
        for name, use_general in rules.items():
            groups: dict[str, list[PageScore]] = {}
            for i, page in enumerate(pages):
                s = general[i] if use_general(i) else article[i]
                groups.setdefault(page.page.set, []).append(s)
                if page.page.set == "modern-web":
                    groups.setdefault(f"mw/{page.page.page_type}", []).append(s)
            cells = ", ".join(f"{k} {summarise(v).f1:.4f}" for k, v in sorted(groups.items()))
            print(f"  {name}: {cells}")
        print(f"  article-set pages typed as articles or unsure: "
              f"{sum(not general_for[i] for i in articles)} of {len(articles)}")


if __name__ == "__main__":
    main()
