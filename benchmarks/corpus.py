"""The benchmark crawl: the 511 pages of ../shared/bench (article-extraction, Readability's
test pages, htmldate's dated pages) as one WARC, each page a response record after its
request record, in a gzip member of its own, as crawlers write them."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import warcs

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench"


def pages() -> Iterator[tuple[str, bytes]]:
    """(url, html bytes) of every page, in a stable order."""
    root = BENCH / "article-extraction"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        url = truth[key].get("url") or f"https://article-extraction.example/{key}"
        yield url, gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
    for path in sorted((BENCH / "readability-pages" / "pages").glob("*/source.html")):
        yield f"http://fakehost/{path.parent.name}/", path.read_bytes()
    dates = json.loads((BENCH / "dates" / "dates.json").read_text(encoding="utf-8"))
    for url, entry in sorted(dates.items()):
        yield url, (BENCH / "dates" / "pages" / entry["file"]).read_bytes()


def build(path: Path) -> int:
    """Write the WARC; the number of response records."""
    count = 0

    def records() -> Iterator[bytes]:
        nonlocal count
        for seq, (url, body) in enumerate(pages()):
            count += 1
            yield warcs.request(url, seq)
            yield warcs.response(url, body, seq)

    warcs.write(path, records())
    return count


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bench.warc.gz")
    print(f"{build(target)} pages -> {target} ({target.stat().st_size:,} bytes)")
