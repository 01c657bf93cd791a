"""Instructions per page of dechaff.extract() and trafilatura.extract(), counted by valgrind:
a measure of speed that the machine's load does not move (timings on the shared 2-core
machine vary by a factor of two).

    python benchmarks/instructions.py [--pages 40] [--only dechaff,dechaff-plain]

Each tool runs in a process of its own under `valgrind --tool=callgrind`, twice: once
reading the first N article-extraction pages after a warm-up over the same pages (models
load, tables fill, patterns compile on first use), once with the warm-up alone. The
difference over N is the tool's cost per page once warm. Needs valgrind (Debian package
`valgrind`); takes a few minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import sets  # noqa: E402

# What each tool is asked to do with a page: dechaff with its defaults (text, metadata and
# language); trafilatura with its defaults (the baseline of benchmarks/extract.py).
CALLS = {
    "dechaff": "import dechaff\nrun = dechaff.extract\n",
    "dechaff-plain": ("import dechaff\nex = dechaff.Extractor(page_type=False)\n"
                      "def run(html): return ex(dechaff.Page(html))\n"),
    "trafilatura": "import trafilatura\nrun = trafilatura.extract\n",
}

CHILD = """
import gzip, sys
from pathlib import Path
{setup}
paths = sorted(Path({folder!r}).glob("*.html.gz"))[:{pages}]
pages = [gzip.decompress(p.read_bytes()).decode("utf-8") for p in paths]
for html in pages:
    run(html)
if sys.argv[1] == "measure":
    for html in pages:
        run(html)
"""


def instructions(tool: str, pages: int, measure: bool) -> int:
    """Instructions that the whole child process ran under callgrind."""
    folder = str(sets.BENCH / "article-extraction" / "html")
    code = CHILD.format(setup=CALLS[tool], folder=folder, pages=pages)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             "-c", code, "measure" if measure else "warm"],
            capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{tool}: {done.stderr.strip().splitlines()[-1:]}")
        found = re.search(r"^summary: (\d+)", Path(out).read_text(), re.MULTILINE)
        if found is None:
            raise SystemExit(f"{tool}: no summary in callgrind's output")
        return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--only", help="comma-separated tools: " + ", ".join(CALLS))
    args = parser.parse_args()
    tools = args.only.split(",") if args.only else list(CALLS)
    per_page = {}
    for tool in tools:
        spent = instructions(tool, args.pages, True) - instructions(tool, args.pages, False)
        per_page[tool] = spent / args.pages
        print(f"{tool:<14} {per_page[tool] / 1e6:8.2f} M instructions a page "
              f"({args.pages} article-extraction pages, warm)")
    for ours in ("dechaff", "dechaff-plain"):
        if ours in per_page and "trafilatura" in per_page:
            print(f"trafilatura / {ours}: {per_page['trafilatura'] / per_page[ours]:.1f}x")


if __name__ == "__main__":
    main()
