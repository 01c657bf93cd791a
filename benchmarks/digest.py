"""Digests of what extract() gives on every benchmark page, to show that a change of design
gives the same documents (or to list the pages where it does not).

    python benchmarks/digest.py --save before.json        # record
    python benchmarks/digest.py --compare before.json     # the pages that changed
    (--page-type: with Extractor(page_type=True))

A page's digest covers its whole result: the Document as JSON (text, blocks, metadata) or
the Rejection's reason and detail.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / ".." / "shared" / "bench"


def pages() -> Iterator[tuple[str, str]]:
    """(set/name, html) of every page of the three body-extraction sets."""
    for path in sorted((BENCH / "article-extraction" / "html").glob("*.html.gz")):
        yield f"ae/{path.name}", gzip.decompress(path.read_bytes()).decode("utf-8")
    for path in sorted((BENCH / "readability-pages" / "pages").glob("*/source.html")):
        yield f"rp/{path.parent.name}", path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((BENCH / "modern-web" / "html").glob("*.html.gz")):
        yield f"mw/{path.name}", gzip.decompress(path.read_bytes()).decode("utf-8",
                                                                            errors="replace")


def digest(html: str, page_type: bool = False) -> str:
    import dechaff

    result = dechaff.Extractor(page_type=page_type)(dechaff.Page(html))
    if isinstance(result, dechaff.Document):
        text = dechaff.to_json(result)
    else:
        text = f"{result.reason}|{result.detail}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--page-type", action="store_true", help="extract with page types")
    args = parser.parse_args()
    found = {name: digest(html, args.page_type) for name, html in pages()}
    if args.save:
        args.save.write_text(json.dumps(found, indent=0, sort_keys=True), encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        changed = sorted(k for k in found.keys() | before.keys() if found.get(k) != before.get(k))
        for name in changed:
            print(name)
        for prefix in ("ae/", "rp/", "mw/"):
            n = sum(k.startswith(prefix) for k in found)
            c = sum(k.startswith(prefix) for k in changed)
            print(f"{prefix[:-1]}: {c} of {n} pages changed")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
