"""Where the time of each hostile page goes: decoding, parsing, and the rest of `extract()`
(the passes, metadata, language), with a budget long enough that nothing is cut short.

    python benchmarks/hostile.py [--units 80000] [--budget 60] [--rows 15]

The pages are tests/hostile_pages.py's; BENCHMARKS.md ("Hostile input") has a run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from dechaff import Extractor, Page, dom
from dechaff.decode import decode
from hostile_pages import HOSTILE


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--units", type=int, default=80_000)
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--rows", type=int, default=15)
    options = parser.parse_args()
    extract = Extractor(timeout_s=options.budget)
    extract(Page("<p>The first page loads the models, once.</p>"))
    rows = []
    for name in sorted(HOSTILE):
        data = HOSTILE[name](options.units).encode("utf-8", "surrogatepass")
        start = time.perf_counter()
        text = decode(data)[: extract.max_chars]
        decoded = time.perf_counter()
        dom.parse(text, dom.Deadline(options.budget))
        parsed = time.perf_counter()
        result = extract(Page(data))
        whole = time.perf_counter() - parsed
        rows.append((whole, name, len(data), decoded - start, parsed - decoded,
                     type(result).__name__))
    print("| page | MB | decode s | parse s | extract s | rest s | result |")
    print("|---|---|---|---|---|---|---|")
    for whole, name, size, dec, parse, kind in sorted(rows, reverse=True)[: options.rows]:
        print(f"| {name} | {size / 1e6:.2f} | {dec:.3f} | {parse:.3f} | {whole:.3f} "
              f"| {max(0.0, whole - dec - parse):.3f} | {kind} |")


if __name__ == "__main__":
    main()
