"""Near-duplicates: dechaff's MinHash + LSH against datasketch's MinHashLSH, same run.

The corpus is generated from real articles: the article text of ../shared/bench
(article-extraction's and modern-web's truths, 100 words or more), with any two articles
that share 20% or more of their 3-word shingles kept once. Each article then gets 0 to 3
copies: an exact copy, or a near copy with 2-5% of its words changed, another first line
and, half the time, its paragraphs in another order (a paragraph: a line, or a run of
short lines of 50 words or more, as a list is one paragraph). Known clusters: an article and its
copies.

Both tools get the same texts and the same parameters (3-word shingles, 20 bands of 4
rows, candidate pairs kept when their signatures agree on half their values or more), and
are timed on the same work: the signatures of all texts, then the LSH (datasketch:
MinHashLSH.insert then query; dechaff: band keys, buckets sorted, pairs verified). Each
is then scored on the clusters: recall (copies set aside / copies) and distinct articles
kept (clusters with a document left / clusters). dechaff's own decisions come from a
full `dechaff.run` over the texts with NearDuplicates as the only step.

    python benchmarks/near_duplicates.py [--copies-per-article 3] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np

import dechaff
from dechaff.dedup import NearDuplicates, candidates
from dechaff.document import Document
from dechaff.pipeline import Pipeline, Prepare, named

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import corpora

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench"
STEP = NearDuplicates()
WORD = re.compile(r"[a-z0-9\x80-\U0010ffff]+")


def articles() -> list[str]:
    truth = json.loads((BENCH / "article-extraction" / "ground-truth.json").read_text())
    texts = [truth[key]["articleBody"] for key in sorted(truth)]
    for path in sorted((BENCH / "modern-web" / "ground-truth").glob("*.json")):
        texts.append(json.loads(path.read_text())["ground_truth"]["main_content"] or "")
    return [t for t in texts if len(t.split()) >= 100]


def shingles(text: str) -> list[bytes]:
    """3-word shingles, words as dechaff reads them (letters and digits, lower-cased)."""
    words = WORD.findall(text.lower())
    k = min(STEP.shingle_words, len(words))
    return [" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)] if k else []


def distinct(texts: list[str]) -> list[str]:
    """The articles, each kept once: none shares 20% of its shingles with one kept before."""
    kept: list[str] = []
    sets: list[np.ndarray] = []
    for text in texts:
        mine = np.unique(np.array([zlib.crc32(s) for s in shingles(text)], np.int64))
        if all(len(np.intersect1d(mine, other, assume_unique=True))
               < 0.2 * min(len(mine), len(other)) for other in sets):
            kept.append(text)
            sets.append(mine)
    return kept


def corpus(originals: list[str], copies: int, seed: int, changed: float = 0.05
           ) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    records = []
    for n, text in enumerate(originals):
        paragraphs = blocks(text)
        records.append({"url": f"https://origin.example/{n}", "text": text, "cluster": n})
        for c in range(rng.randint(0, copies)):
            if rng.random() < 0.25:
                copy = text
            else:
                copy = corpora.text(corpora.near_copy(
                    rng, paragraphs, rng.uniform(0.02, changed),
                    f"Republished by partner site {c} with permission.", rng.random() < 0.5))
            records.append({"url": f"https://copy{c}.example/{n}", "text": copy, "cluster": n})
    rng.shuffle(records)
    return records


def blocks(text: str, min_words: int = 50) -> list[str]:
    """The text's paragraphs: its lines, a run of short ones (a list, a table) joined into
    one of `min_words` words or more, so that a reordering moves paragraphs, not items."""
    out: list[str] = []
    run: list[str] = []
    for line in (line for line in text.split("\n") if line.strip()):
        run.append(line)
        if sum(len(part.split()) for part in run) >= min_words:
            out.append("\n".join(run))
            run = []
    if run:
        out.append("\n".join(run))
    return out


def score(records: list[dict[str, Any]], removed: set[int]) -> dict[str, float]:
    clusters: dict[int, list[int]] = {}
    for i, record in enumerate(records):
        clusters.setdefault(record["cluster"], []).append(i)
    copies = sum(len(members) - 1 for members in clusters.values())
    found = sum(min(len(members) - 1, sum(i in removed for i in members))
                for members in clusters.values())
    kept = sum(any(i not in removed for i in members) for members in clusters.values())
    return {"recall": found / copies, "distinct_kept": kept / len(clusters),
            "removed": len(removed), "copies": copies}


# -- datasketch -------------------------------------------------------------------------
def datasketch_run(texts: list[str]) -> tuple[float, float, set[int]]:
    from datasketch import MinHash, MinHashLSH

    perms = STEP.bands * STEP.rows
    started = time.perf_counter()
    signatures = []
    for text in texts:
        signature = MinHash(num_perm=perms)
        signature.update_batch(shingles(text))
        signatures.append(signature)
    signed = time.perf_counter()
    lsh = MinHashLSH(num_perm=perms, params=(STEP.bands, STEP.rows))
    for i, signature in enumerate(signatures):
        lsh.insert(i, signature)
    pairs = {(i, j) for i, signature in enumerate(signatures) for j in lsh.query(signature)
             if j < i and signature.jaccard(signatures[j]) >= STEP.min_similarity}
    finished = time.perf_counter()
    return signed - started, finished - signed, _clusters(texts, pairs)


def _clusters(texts: list[str], pairs: set[tuple[int, int]]) -> set[int]:
    """The same survivor rule as dechaff's: the longest text, then the first."""
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        parent[find(i)] = find(j)
    best: dict[int, int] = {}
    for i in range(len(texts)):
        root = find(i)
        if root not in best or (-len(texts[i]), i) < (-len(texts[best[root]]), best[root]):
            best[root] = i
    return {i for i in range(len(texts)) if best[find(i)] != i}


# -- dechaff ----------------------------------------------------------------------------
def dechaff_timing(texts: list[str]) -> tuple[float, float, int]:
    """The signatures (as the workers make them) and the LSH (as the buckets stage does
    it: band keys, sorted, the candidate pairs of dedup.candidates, verified)."""
    hasher = STEP._hasher
    started = time.perf_counter()
    signatures = np.stack([hasher.signature(text) for text in texts])
    signed = time.perf_counter()
    keys = hasher.band_keys(signatures).ravel()
    refs = np.repeat(np.arange(len(texts), dtype=np.uint64), STEP.bands)
    order = np.lexsort((refs, keys))
    keys, refs = keys[order], refs[order]
    one, other = candidates(keys, refs)
    a, b = refs[one].astype(np.int64), refs[other].astype(np.int64)
    agree = (signatures[a] == signatures[b]).mean(axis=1) >= STEP.min_similarity
    edges = np.unique(np.stack([a[agree], b[agree]], axis=1), axis=0)
    return signed - started, time.perf_counter() - signed, len(edges)


class AsGiven(Prepare):
    """The record's text as the document's: both tools see the same texts."""

    def __call__(self, record: Any) -> Document:  # type: ignore[override]
        content = record.content
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        return Document(text, url=record.url)


def dechaff_decisions(records: list[dict[str, Any]]) -> set[int]:
    with tempfile.TemporaryDirectory() as folder:
        source = corpora.write_jsonl(Path(folder) / "in.jsonl", records)
        pipeline = Pipeline(prepare=AsGiven(), corpus=named([STEP]))
        dechaff.run([str(source)], Path(folder) / "out", pipeline=pipeline, workers=1)
        index = {record["url"]: i for i, record in enumerate(records)}
        removed = set()
        for path in (Path(folder) / "out" / "rejected").glob("*.jsonl.gz"):
            for line in gzip.decompress(path.read_bytes()).splitlines():
                removed.add(index[json.loads(line)["url"]])
        return removed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies-per-article", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--changed", type=float, default=0.05,
                        help="a near copy has 2%% to this share of its words changed")
    args = parser.parse_args()
    import datasketch

    originals = distinct(articles())
    records = corpus(originals, args.copies_per_article, args.seed, args.changed)
    texts = [record["text"] for record in records]
    words = sum(len(t.split()) for t in texts)
    print(f"dechaff {dechaff.__version__}, datasketch {datasketch.__version__}; "
          f"{len(originals)} distinct articles, {len(texts)} texts, {words / len(texts):.0f} "
          f"words a text; {STEP.shingle_words}-word shingles, {STEP.bands} x {STEP.rows}; "
          f"near copies with 2-{args.changed:.0%} of their words changed")
    best: dict[str, list[float]] = {"dechaff": [9e9, 9e9], "datasketch": [9e9, 9e9]}
    for _ in range(args.repeats):  # alternated, so both meet the same load
        sig, lsh, _ = dechaff_timing(texts)
        best["dechaff"] = [min(sig, best["dechaff"][0]), min(lsh, best["dechaff"][1])]
        sig, lsh, theirs = datasketch_run(texts)
        best["datasketch"] = [min(sig, best["datasketch"][0]), min(lsh, best["datasketch"][1])]
    rates = {}
    for tool, (sig, lsh) in best.items():
        rates[tool] = len(texts) / (sig + lsh)
        print(f"{tool:10s} signatures {sig:6.2f} s, LSH {lsh:5.2f} s: "
              f"{rates[tool]:8.0f} docs/s (signatures alone {len(texts) / sig:8.0f})")
    print(f"dechaff / datasketch: {rates['dechaff'] / rates['datasketch']:.1f}x docs/s")
    for tool, removed in (("dechaff", dechaff_decisions(records)), ("datasketch", theirs)):
        s = score(records, removed)
        print(f"{tool:10s} recall {s['recall']:.3f} ({s['removed']} set aside of "
              f"{s['copies']} copies), distinct articles kept {s['distinct_kept']:.4f}")


if __name__ == "__main__":
    main()
