"""WARC readers side by side: FastWARC and warcio on the benchmark WARC.

    python benchmarks/warc_readers.py [--repeats 5]

Reads every response record of the 511-page WARC (corpus.py), gzipped and not, and its
whole payload, as `dechaff run` does; prints records/second for each reader and the
ratio. The fastest time of the repeats counts.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus


def fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response,
                                      parse_http=False):
            count += bool(record.reader.read())
    return count


def warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                count += bool(record.raw_stream.read())
    return count


def best(reader: Callable[[Path], int], path: Path, repeats: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        count = reader(path)
        times.append(time.perf_counter() - started)
    return min(times), count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"FastWARC {version('fastwarc')}, warcio {version('warcio')}")
    with tempfile.TemporaryDirectory() as tmp:
        zipped = Path(tmp) / "bench.warc.gz"
        corpus.build(zipped)
        plain = Path(tmp) / "bench.warc"
        plain.write_bytes(gzip.decompress(zipped.read_bytes()))
        for path in (plain, zipped):
            fast, n = best(fastwarc, path, args.repeats)
            slow, m = best(warcio, path, args.repeats)
            assert n == m, (n, m)
            print(f"{path.name:<14} {n} records  FastWARC {n / fast:8.0f}/s  "
                  f"warcio {n / slow:8.0f}/s  {slow / fast:.1f}x")


if __name__ == "__main__":
    main()
