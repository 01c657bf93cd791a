"""The corpus pipeline side by side: `dechaff run` and datatrove's FineWeb-style pipeline.

    python benchmarks/run.py [--repeats 2] [--copies 4] [--skip-datatrove]

Builds a WARC of the 511 pages of ../shared/bench in a temporary directory (corpus.py),
then runs, in this one run, with 1 worker each:
- dechaff: `dechaff.run()` with its default pipeline (extract, language, Gopher
  repetition and quality, C4, FineWeb rules, exact duplicates, gzipped JSON Lines);
- datatrove: WarcReader -> Trafilatura -> GopherRepetitionFilter -> GopherQualityFilter ->
  C4QualityFilter(filter_no_terminal_punct=False) -> FineWebQualityFilter -> JsonlWriter,
  FineWeb's recipe without its language model (which would have to be downloaded);
and prints documents (WARC response records) per second of wall time for both, then
dechaff's speed-up from 1 to 2 workers: on that WARC and on one holding `--copies` copies
of each record (a longer run), called in this process (warm after the first repeat, as
datatrove is), and on that WARC as the command `dechaff run` in a fresh process, which
pays for its imports and models each time. datatrove runs after dechaff: it leaves threads
in the process, where dechaff would then start its workers fresh rather than fork them.
The speed-ups are of the best of the repeats; each repeat's own speed-up on the WARC is
printed too, beside what the machine gave a pure CPU loop right after it (on a shared
machine, other jobs take their part of the CPUs, and no speed-up beats that one).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
from dechaff.executors.local import start_method


def cpu() -> float:
    """CPU seconds of this process and of its children that ended (the worker pools)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run_dechaff(warc: Path, out: Path, workers: int) -> tuple[float, float, dict[str, int]]:
    import dechaff

    shutil.rmtree(out, ignore_errors=True)
    started, used = time.perf_counter(), cpu()
    summary = dechaff.run([str(warc)], out, workers=workers)
    seconds = time.perf_counter() - started
    return seconds, cpu() - used, {"records": summary.records, "documents": summary.documents}


def run_command(warc: Path, out: Path, workers: int) -> tuple[float, float, dict[str, int]]:
    """`dechaff run` as a user types it: a fresh process, which imports and loads its models."""
    import subprocess

    shutil.rmtree(out, ignore_errors=True)
    started, used = time.perf_counter(), cpu()
    subprocess.run([sys.executable, "-m", "dechaff", "run", str(warc), "--output", str(out),
                    "--workers", str(workers)], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    stats = json.loads((out / "stats.json").read_text())
    return seconds, cpu() - used, {"records": stats["records"], "documents": stats["documents"]}


def run_datatrove(warc: Path, out: Path, workers: int) -> tuple[float, float, dict[str, int]]:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.extractors import Trafilatura
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers.jsonl import JsonlWriter

    shutil.rmtree(out, ignore_errors=True)
    pipeline = [
        WarcReader(str(warc.parent), glob_pattern=warc.name),
        Trafilatura(favour_precision=True),
        GopherRepetitionFilter(),
        GopherQualityFilter(),
        C4QualityFilter(filter_no_terminal_punct=False),
        FineWebQualityFilter(),
        JsonlWriter(str(out / "output")),
    ]
    executor = LocalPipelineExecutor(pipeline=pipeline, tasks=workers, workers=workers,
                                     logging_dir=str(out / "logs"))
    started, used = time.perf_counter(), cpu()
    executor.run()
    seconds = time.perf_counter() - started
    kept = sum(gzip.decompress(f.read_bytes()).count(b"\n")
               for f in (out / "output").glob("*.jsonl.gz"))
    return seconds, cpu() - used, {"documents": kept}


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def ceiling(n: int = 20_000_000) -> float:
    """What this machine gives 2 processes over 1 right now, on a pure CPU loop: on a
    shared machine other jobs take their part of the CPUs, and no speed-up beats this."""
    from multiprocessing import get_context

    started = time.perf_counter()
    spin(n)
    one = time.perf_counter() - started
    with get_context("spawn").Pool(2) as pool:
        pool.map(spin, [1000, 1000])  # started before the clock
        started = time.perf_counter()
        pool.map(spin, [n, n])
        two = time.perf_counter() - started
    return 2 * one / two


def copies(warc: Path, target: Path, n: int) -> Path:
    """A WARC holding each record of `warc` n times (the record ids differ by copy)."""
    data = gzip.decompress(warc.read_bytes())
    records = [b"WARC/1.0" + part for part in data.split(b"WARC/1.0")[1:]]
    with open(target, "wb") as stream:
        for copy in range(n):
            for record in records:
                marked = record.replace(b"WARC-Record-ID: <urn:uuid:",
                                        f"WARC-Record-ID: <urn:uuid:{copy:x}".encode(), 1)
                stream.write(gzip.compress(marked, 6, mtime=0))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--skip-datatrove", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dechaff-bench-") as tmp:
        root = Path(tmp)
        (root / "warc").mkdir()
        warc = root / "warc" / "bench.warc.gz"
        pages = corpus.build(warc)
        print(f"WARC: {pages} pages, {warc.stat().st_size:,} bytes; dechaff "
              f"{version('dechaff')}, datatrove {version('datatrove')}, trafilatura "
              f"{version('trafilatura')}, FastWARC {version('fastwarc')}")
        best: dict[str, float] = {}
        runs: dict[str, list[float]] = {}  # every run's seconds, by name, in order
        machine: list[float] = []  # the machine's own speed-up, beside each pair on the WARC

        def measure(name: str, result: tuple[float, float, dict[str, int]],
                    records: int) -> None:
            seconds, used, counts = result
            runs.setdefault(name, []).append(seconds)
            best[name] = min(best.get(name, seconds), seconds)
            best[f"{name}, CPU"] = min(best.get(f"{name}, CPU", used), used)
            print(f"{name:<26} {seconds:7.2f} s {records / seconds:7.1f} docs/s  CPU {used:7.2f} s"
                  f" {records / used:7.1f} docs/CPU-s  load {os.getloadavg()[0]:.1f}  {counts}",
                  flush=True)

        for _ in range(args.repeats):
            for workers in (1, 2):
                measure(f"dechaff, {workers} worker(s)",
                        run_dechaff(warc, root / "dechaff", workers), pages)
            machine.append(ceiling(5_000_000))
        for _ in range(args.repeats):
            for workers in (1, 2):
                measure(f"dechaff run, {workers} worker(s)",
                        run_command(warc, root / "dechaff", workers), pages)
        big = copies(warc, root / "warc" / "copies.warc.gz", args.copies)
        for _ in range(args.repeats):
            for workers in (1, 2):
                measure(f"dechaff x{args.copies}, {workers} worker(s)",
                        run_dechaff(big, root / "dechaff", workers), pages * args.copies)
        # datatrove last: it leaves threads behind (fsspec's, tqdm's), and in a process with
        # threads dechaff starts its workers fresh instead of forking them (start_method).
        print(f"dechaff's workers start by {start_method()}")
        for _ in range(args.repeats if not args.skip_datatrove else 0):
            measure("datatrove, 1 worker", run_datatrove(warc, root / "datatrove", 1), pages)
        print(json.dumps({k: round(v, 3) for k, v in best.items()}))
        one = best["dechaff, 1 worker(s)"]
        if "datatrove, 1 worker" in best:
            by_cpu = best["datatrove, 1 worker, CPU"] / best["dechaff, 1 worker(s), CPU"]
            print(f"dechaff / datatrove, 1 worker each: {best['datatrove, 1 worker'] / one:.1f}x"
                  f" (wall), {by_cpu:.1f}x (CPU)")
        many = f"dechaff x{args.copies}"
        print(f"this machine's own 1 -> 2 speed-up on a pure CPU loop, now: {ceiling():.2f}x")
        print(f"dechaff 1 -> 2 workers: {one / best['dechaff, 2 worker(s)']:.2f}x on the WARC, "
              f"{best[f'{many}, 1 worker(s)'] / best[f'{many}, 2 worker(s)']:.2f}x"
              f" on {args.copies} copies of it")
        fresh = best["dechaff run, 1 worker(s)"] / best["dechaff run, 2 worker(s)"]
        print(f"`dechaff run` in a fresh process, 1 -> 2 workers: {fresh:.2f}x on the WARC")
        paired = [a / b for a, b in zip(runs["dechaff, 1 worker(s)"],
                                        runs["dechaff, 2 worker(s)"], strict=True)]
        print(f"each repeat on the WARC, 1 -> 2 workers: {spread(paired)}; the machine's own "
              f"loop right after each: {spread(machine)}")


def spread(values: list[float]) -> str:
    """The median of the values, then each of them, as speed-ups."""
    return (f"median {statistics.median(values):.2f}x "
            f"({', '.join(f'{v:.2f}' for v in values)})")


if __name__ == "__main__":
    main()
