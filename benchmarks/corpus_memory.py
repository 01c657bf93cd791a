"""Memory of the corpus steps: the peak resident memory of a run with near-duplicates,
site boilerplate or both against the same run without them, each in a process of its own.

The documents are generated (tests/corpora.py: 150-word articles on 2,000 sites, 10% of
them near copies) and go to the corpus steps as they are (no extraction, no quality step),
so that the corpus steps are all that differs between the two runs.

    python benchmarks/corpus_memory.py [--documents 200000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import corpora


def make(path: Path, documents: int) -> None:
    rng = random.Random(5)
    with open(path, "w", encoding="utf-8") as stream:
        previous: list[str] = []
        for n in range(documents):
            if previous and rng.random() < 0.1:
                paragraphs = corpora.near_copy(rng, previous, 0.03)
            else:
                paragraphs = corpora.article(rng, paragraphs=3, sentences=3)
            previous = paragraphs
            site = rng.randrange(2000)
            stream.write(json.dumps({"url": f"https://site{site}.example/{n}",
                                     "text": "\n".join(paragraphs)}) + "\n")


def measure(source: str, output: str, corpus: str) -> None:
    """In a process of its own: run, then print the peak resident memory and the time."""
    import dechaff
    from dechaff.boilerplate import SiteBoilerplate
    from dechaff.dedup import NearDuplicates
    from dechaff.pipeline import Pipeline, named
    from near_duplicates import AsGiven

    chosen = {"near": NearDuplicates(), "site": SiteBoilerplate()}
    steps = named([chosen[name] for name in corpus.split(",") if name in chosen])
    started = time.perf_counter()
    summary = dechaff.run([source], output, workers=1,
                          pipeline=Pipeline(prepare=AsGiven(), corpus=steps))
    stats = json.loads((Path(output) / "stats.json").read_text())
    print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "seconds": time.perf_counter() - started, "documents": summary.documents,
                      "reasons": summary.reasons,
                      "corpus_seconds": stats["timings"]["corpus_seconds_by_step"]}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "docs.jsonl"
        make(source, args.documents)
        print(f"{args.documents:,} documents, {source.stat().st_size:,} bytes")
        for n, corpus in enumerate(("none", "near", "site", "near,site")):
            out = subprocess.run([sys.executable, __file__, "--measure", str(source),
                                  str(Path(folder) / str(n)), corpus],
                                 capture_output=True, text=True, check=True)
            print(f"corpus steps {corpus}: {out.stdout.strip()}")


if __name__ == "__main__":
    main()
