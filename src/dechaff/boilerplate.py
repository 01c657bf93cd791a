"""Site-wide chaff: lines that many pages of one site repeat, removed from all of them.

No single page shows that its banner is a banner: "Missing or incomplete installation of
the jReject library!" reads like a sentence. Across a site's pages it stands out, as the
same line on page after page. `SiteBoilerplate` counts, for every site (the host of the
page's URL, without "www."), on how many of its pages each line stands, and removes from
every page of the site the lines that stand on at least `min_pages` pages and at least
`min_share` of the site's pages. The lines cleaning removed from a page count as on it:
a footer that clean() caught on most of a site's pages goes from the few where it stayed.
A line a site repeats once (a quote on two pages) stays.
Each removed line goes to the document's `removed` lines with the reason
`site_boilerplate`; a document left with no line is set aside with that reason.

It counts the documents that the steps before it kept: after near-duplicate removal, the
copies of one article do not make its lines look like a template. It matters most for
flattened text (WET, JSONL), where no HTML structure told the extractor what a banner is.

Memory: the workers journal a 16-character hash per distinct line (at most `max_lines`
a document); the first shuffle moves 24 bytes per line of a document, by (site, line):
720 MB per million documents of 30 lines, in partitions of at most 500,000 documents,
whatever the sizes of the sites. The second moves only lines on `min_pages` pages or
more, by site. On 200,000
generated documents of 9 lines on 2,000 sites the step added nothing measurable to the
run's peak memory (benchmarks/corpus_memory.py).
"""

from __future__ import annotations

import hashlib
import itertools
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dechaff.document import Document, Reason
from dechaff.outcomes import LINES, Corpus, Entry, ToShards, Verdict, groups, load, save
from dechaff.shards import Shard

__all__ = ["SiteBoilerplate", "line_key", "line_keys", "site_key", "strip_lines"]


def site_key(url: str | None) -> int | None:
    """A 64-bit hash of the URL's host without "www."; None without a host."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    if not host:
        return None
    return _hash(host.removeprefix("www."))


def line_keys(text: str) -> array[int]:
    """A 64-bit hash of each line of the text (a newline ends a line), ASCII case and runs of
    white space aside; 0 for a blank line. One pass in C (`_minhash.c`): a Python call
    per line made the step's keys cost 180 us a page."""
    from dechaff._minhash import line_hashes

    hashes = array("Q")
    hashes.frombytes(line_hashes(text.encode("utf-8", "surrogatepass")))
    return hashes


def line_key(line: str) -> int:
    """The hash of one line, as line_keys gives it."""
    return line_keys(line.replace("\n", " "))[0]


def _hash(text: str) -> int:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@dataclass(frozen=True, slots=True)
class SiteBoilerplate:
    """Remove from every page of a site the lines repeated on many of its pages."""

    min_pages: int = 3  # a line on two pages (one repeat) is the site's text, not chaff
    # ... and on this share of the site's pages: a template prints its banner and footer
    # on every page; a related-links block shows each headline on a few pages in ten.
    min_share: float = 0.2
    max_lines: int = 2000  # distinct lines counted per document: bounds the keys

    def warm(self) -> None:
        from dechaff.dedup import warm_numpy

        warm_numpy()

    def key(self, doc: Document) -> str:
        """The site and the page's lines, those cleaning removed too: a footer that
        clean() caught on most of a site's pages still counts on them, and goes from the
        pages where it was kept."""
        site = site_key(doc.url)
        if site is None:
            return ""
        removed = "\n".join(r.text.replace("\n", " ") for r in doc.removed)
        lines: dict[int, None] = {}
        for key in itertools.chain(line_keys(doc.text), line_keys(removed)):
            if key:  # not a blank line
                lines[key] = None
                if len(lines) == self.max_lines:
                    break
        hashes = ",".join(f"{h:x}" for h in lines)
        return f"{site:x}\t{hashes}"

    def decide(self, corpus: Corpus, shards: Sequence[Shard], executor: Any) -> None:
        """Three shuffles: lines by (site, line), counted, those on `min_pages` pages kept;
        those by site, with the site's page count, the share checked; the lines found to
        the shards that hold them. No partition holds a whole big site's lines: only the
        first is by line, and its reduce passes on repeated lines alone."""
        partitions = corpus.partitions(executor.workers)
        count = _Count(corpus, self.min_pages)
        repeated = executor.shuffle(count.split, groups(shards), count.reduce, partitions)
        share = _Share(corpus, self.min_share)
        found = executor.shuffle(share.split, repeated, share.reduce, partitions)
        scatter = ToShards(corpus.work, corpus.step)
        executor.shuffle(scatter.split, found, scatter.reduce, partitions)


def strip_lines(row: dict[str, Any], lines: dict[int, set[int]]) -> dict[str, Any] | Verdict:
    """A document's row without its site's boilerplate lines, each added to `removed`;
    a Verdict when no line is left."""
    site = site_key(row["url"])
    chaff = lines.get(site) if site is not None else None
    if not chaff:
        return row
    kept: list[str] = []
    removed: list[dict[str, str]] = []
    for line, key in zip(row["text"].split("\n"), line_keys(row["text"]), strict=True):
        if key in chaff:
            removed.append({"text": line.strip(), "reason": Reason.SITE_BOILERPLATE.value})
        else:
            kept.append(line)
    if not removed:
        return row
    text = "\n".join(kept).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    if not text:
        return Verdict(Reason.SITE_BOILERPLATE, f"all {len(removed)} lines are repeated "
                       "across the site's pages")
    return {**row, "text": text, "removed": [*row["removed"], *removed]}


@dataclass(frozen=True, slots=True)
class _Count:
    """Split: the pages' sites, and a (site, line, shard) row per line of a page, by
    (site, line). Reduce: the pages of each site, and the lines on `min_pages` pages or
    more, with their counts and the shards they stand in."""

    corpus: Corpus
    min_pages: int

    def split(self, shards: Sequence[Shard], partitions: int) -> list[Any]:
        import numpy as np

        pages: list[int] = []
        rows: list[tuple[int, int, int]] = []
        for shard in shards:
            for _, _, key in self.corpus.keys(shard):
                if not key:
                    continue
                site_hex, _, hashes = key.partition("\t")
                site = int(site_hex, 16)
                pages.append(site)
                rows.extend((site, int(h, 16), shard.index) for h in hashes.split(",") if h)
        page = np.array(pages, np.uint64)
        table = np.array(rows, np.uint64).reshape(-1, 3)
        where = _pair_keys(table) % np.uint64(partitions)
        return [(page[page % np.uint64(partitions) == j], table[where == j])
                for j in range(partitions)]

    def reduce(self, partition: int, parts: Sequence[Any]) -> Path:
        import numpy as np

        sites, pages = np.unique(np.concatenate([np.empty(0, np.uint64),
                                                 *(p[0] for p in parts)]), return_counts=True)
        rows = np.concatenate([np.empty((0, 3), np.uint64), *(p[1] for p in parts)])
        pairs, counts = np.unique(rows[:, :2], axis=0, return_counts=True)  # once a page
        repeated = counts >= self.min_pages
        keys = _pair_keys(pairs[repeated])
        found = {"pages": np.stack([sites, pages.astype(np.uint64)], axis=1),
                 "lines": np.column_stack([pairs[repeated], counts[repeated].astype(np.uint64)]),
                 "shards": np.unique(rows[np.isin(_pair_keys(rows), keys)], axis=0)}
        return save(self.corpus.folder("repeated") / f"{partition:05d}", found)


@dataclass(frozen=True, slots=True)
class _Share:
    """Split: the counts by site. Reduce: the repeated lines on `min_share` of their site's
    pages, as entries for the shards that hold them."""

    corpus: Corpus
    min_share: float

    def split(self, path: Path, partitions: int) -> list[Any]:
        import numpy as np

        found = load(path)
        where = {name: table[:, 0] % np.uint64(partitions) for name, table in found.items()}
        return [{name: table[where[name] == j] for name, table in found.items()}
                for j in range(partitions)]

    def reduce(self, partition: int, parts: Sequence[Any]) -> Path:
        import numpy as np

        def joined(name: str, width: int) -> Any:
            return np.concatenate([np.empty((0, width), np.uint64), *(p[name] for p in parts)])

        pages, lines, shards = joined("pages", 2), joined("lines", 3), joined("shards", 3)
        order = np.argsort(pages[:, 0])
        sites = pages[order, 0]
        share = lines[:, 2] / pages[order, 1][np.searchsorted(sites, lines[:, 0])]
        chaff = _pair_keys(lines[share >= self.min_share])
        entries: list[Entry] = [(shard, LINES, site, line) for site, line, shard in
                                shards[np.isin(_pair_keys(shards), chaff)].tolist()]
        return save(self.corpus.folder("found") / f"{partition:05d}", entries)


def _pair_keys(rows: Any) -> Any:
    """One 64-bit key per (site, line) row."""
    import numpy as np

    from dechaff.minhash import mix

    return mix(rows[:, 0] * np.uint64(0x9E3779B97F4A7C15) ^ rows[:, 1])
