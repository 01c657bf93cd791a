"""Side-by-side cleaning of flattened text: dechaff.clean against keep-everything and C4.

    python benchmarks/clean.py [--no-kfold] [--repeats 5] [--worst 10]

Every page of the three sets of ../shared/bench (benchmarks/sets.py: article-extraction,
readability-pages, modern-web) is flattened with `html_text.extract_text(html,
guess_layout=True)`, then cleaned by each contender; the output is scored with the
article-extraction benchmark's shingle metric (score.py) against the page's main text,
per set and, on modern-web, per page type. Speed is pages per CPU-second of cleaning alone
(the flattening is timed apart), in one process (pages/s per core): the contenders run
interleaved, page by page, so that all of them meet the same load on a shared machine, and
each page counts with the fastest of `--repeats` runs.

dechaff's shipped line model was trained on all three sets, so its rows here are in-sample.
The quality figures are the k-fold ones, by site (scripts/train_lines.py): the sites are
dealt to 5 folds, and each page is cleaned by models trained on the pages of the other
folds' sites, thresholds included, so no page is scored by a model that saw its site.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
from extract import by_type, run_all, versions  # noqa: E402
from score import Summary  # noqa: E402
from sets import SETS, BenchPage, load  # noqa: E402

Cleaner = Callable[[str], str]
SEED = ROOT / ".." / "shared" / "seed" / "crawled-page.txt"

# --- The C4 rules, as Raffel et al. (2020, section 2.2) describe them. Line rules: keep a
# line only if it ends in terminal punctuation (a period, exclamation mark, question mark or
# end quotation mark), has at least 3 words and mentions neither JavaScript nor a policy
# notice. Page rules: drop a page with "lorem ipsum", a curly bracket, or fewer than 5
# sentences left. (The list of bad words is not applied: it is not shipped here.)
C4_END_MARKS = (".", "!", "?", '"', "\u201d")
C4_ELLIPSIS = "..."
C4_MIN_WORDS = 3
C4_MIN_SENTENCES = 5
C4_MAX_WORD_CHARS = 1000
C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies",
             "use of cookies", "use cookies")
_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


def c4_line_kept(line: str) -> bool:
    line = line.strip()
    words = line.split()
    lower = line.lower()
    return (line.endswith(C4_END_MARKS) and not line.endswith(C4_ELLIPSIS)
            and len(words) >= C4_MIN_WORDS
            and all(len(w) <= C4_MAX_WORD_CHARS for w in words)
            and "javascript" not in lower and not any(p in lower for p in C4_POLICY))


def c4_lines(text: str) -> str:
    """The C4 line rules only."""
    return "\n".join(_CITATION.sub("", line.strip()) for line in text.splitlines()
                     if c4_line_kept(line))


def c4_page(text: str) -> str:
    """The C4 line rules, then its page rules (an empty page when they drop it)."""
    lower = text.lower()
    if "lorem ipsum" in lower or "{" in text:
        return ""
    kept = c4_lines(text)
    return kept if len(_SENTENCE_END.findall(kept)) >= C4_MIN_SENTENCES else ""


def dechaff_clean(text: str) -> str:
    from dechaff.document import Document
    from dechaff.lines import clean

    doc = clean(text)
    return doc.text if isinstance(doc, Document) else ""


CONTENDERS: dict[str, Cleaner] = {
    "dechaff": dechaff_clean,
    "keep-everything": lambda text: text,
    "c4-line-rules": c4_lines,
    "c4-line+page": c4_page,
}


def flatten(pages: list[BenchPage]) -> tuple[list[str], float]:
    import html_text

    start = time.process_time()
    flat = [html_text.extract_text(page.html, guess_layout=True) for page in pages]
    return flat, len(pages) / (time.process_time() - start)


def print_row(name: str, s: Summary, rate: float | None) -> None:
    speed = f"{rate:12.0f}" if rate is not None else f"{'-':>12}"
    print(f"{name:<34} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {speed}")


def k_fold_rows(pages: list[BenchPage], texts: list[str], folds: int) -> None:
    """dechaff k-fold by site on every set, per set and per page type, with the settings
    the shipped model was trained with (scripts/train_lines.py --choose chose them by nested
    k-fold by site)."""
    try:
        import train_lines
    except ImportError as error:  # numpy and scipy are needed for training only
        print(f"  (k-fold skipped: {error})")
        return
    data = [train_lines.PageData.of(page, text) for page, text in zip(pages, texts, strict=True)]
    settings = train_lines.shipped_settings()
    scored = train_lines.held_out(data, range(len(data)), folds, train_lines.SEED, settings)
    print(f"\ndechaff k-fold by site ({folds} folds, seed {train_lines.SEED}, {settings}):")
    for name, summary in train_lines.by_group(data, scored).items():
        print_row(name, summary, None)


def seed() -> None:
    from dechaff.document import Rejection
    from dechaff.lines import clean

    if not SEED.exists():
        return
    doc = clean(SEED.read_text(encoding="utf-8"))
    print("\nseed page (../shared/seed/crawled-page.txt):")
    if isinstance(doc, Rejection):
        print(f"  rejected: {doc.reason} {doc.detail}")
        return
    paragraphs = doc.text.split("\n\n")
    print(f"  date {doc.date}, author {doc.author}, {len(paragraphs)} paragraphs kept")
    for removal in doc.removed:
        print(f"  removed [{removal.reason}] {removal.text[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-kfold", action="store_true", help="skip retraining per fold")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--worst", type=int, default=0, help="list dechaff's N worst pages")
    parser.add_argument("--repeats", type=int, default=5, help="runs per page; the fastest counts")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, "
          + versions(("dechaff", "html-text", "lxml", "numpy", "scipy")))
    every: tuple[list[BenchPage], list[str]] = ([], [])
    for set_name in SETS:
        pages = load(set_name)
        flat, flatten_rate = flatten(pages)
        every[0].extend(pages)
        every[1].extend(flat)
        print(f"\n{set_name}, flattened: {len(flat)} pages "
              f"(html_text guess_layout=True: {flatten_rate:.0f} pages/s, not counted below)")
        print(f"{'cleaner':<34} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s/core':>12}")
        triples = [(page.key, text, page.expected) for page, text in zip(pages, flat, strict=True)]
        results = run_all(CONTENDERS, triples, args.repeats)
        for name, (summary, rate, _) in results.items():
            print_row(f"{name} (in-sample)" if name == "dechaff" else name, summary, rate)
        types = sorted({page.page_type for page in pages})
        if len(types) > 1:
            by_type(results, pages, types)
        if args.worst:
            worst = sorted(zip(results["dechaff"][2], pages, strict=True),
                           key=lambda x: x[0].precision + x[0].recall)
            for page_score, page in worst[: args.worst]:
                print(f"  worst: {page.key[:24]:<24} {page.page_type:<14} "
                      f"P={page_score.precision:.2f} R={page_score.recall:.2f}")
    if not args.no_kfold:
        k_fold_rows(*every, args.folds)
    print("\nThe quality figures are the k-fold ones: the shipped model was trained on these")
    print("pages. Speed is pages per CPU-second of this process (per core), interleaved page")
    print(f"by page, each page the fastest of {args.repeats} runs.")
    seed()

if __name__ == "__main__":
    main()
