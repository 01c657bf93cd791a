"""Duplicates across the whole run: exact copies, and near ones by MinHash and LSH.

Both steps work in the same stages, each a shuffle of the executor, so that no process
holds more than a shard's keys or a partition's rows:

    1. buckets     each document's keys (journalled by the workers) to buckets: its exact
                   fingerprint, and for near-duplicates each band of its MinHash signature;
                   in each bucket, every document is paired with the bucket's first and
                   with the one before it (`candidates`), a pair kept as an edge if their
                   signatures agree on `min_similarity` of their values (a pair of one
                   fingerprint is an edge as it is)
    2. components  the edges to clusters (components.py: union-find within partitions,
                   star rounds across them)
    3. survivors   in each cluster the survivor is the first by the step's rule; the
                   others are set aside as `duplicate` (another member has their very
                   text) or `near_duplicate`, naming it
    4. to shards   those decisions to the shards they are about, for the writers

Memory, per million documents: the journals hold the keys (~500 bytes a document);
stage 1 writes a table per shard (signature, rank, fingerprint, id: 357 bytes a document,
357 MB) and shuffles 21 buckets of 17 bytes a document (357 MB). Its reduce peaked at
about 2 KB a document of its partition (sorting; 200,000 documents in one partition
added 355-397 MB, benchmarks/corpus_memory.py), and a partition holds at most 500,000
documents (outcomes.py): ~1 GB. Stages 2-4 hold edges and verdicts, ~16 bytes per copy.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dechaff.document import Document, Reason
from dechaff.minhash import EMPTY, MinHasher, mix
from dechaff.outcomes import (
    SET_ASIDE,
    Corpus,
    Entry,
    ToShards,
    Verdict,
    groups,
    load,
    save,
    shard_of,
)
from dechaff.shards import Shard

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["CorpusStep", "ExactDuplicates", "NearDuplicates", "Verdict", "fingerprint"]

_EXACT_BAND = 0x5851F42D4C957F2D  # set apart the fingerprint's bucket from the bands'
_GOLDEN = 0x9E3779B97F4A7C15
_LAST = 0xFFFFFFFF


class CorpusStep(Protocol):
    """A step over the whole corpus: a key of each document, worked out where the document
    is made, then a decision over all the keys. It may also have a `warm()`: what its
    decision loads on first use, loaded before a run's workers are forked (see
    ShardJob.warm), so that no worker loads it again."""

    def key(self, doc: Document) -> str: ...

    def decide(self, corpus: Corpus, shards: Sequence[Shard], executor: Any) -> None: ...


def warm_numpy() -> None:
    """What the duplicate and boilerplate steps' numpy calls load on first use: numpy's
    masked arrays, which `np.unique` imports the first time (15 ms), and the connected
    components' module."""
    import numpy as np

    import dechaff.components  # noqa: F401 -- loaded, not used here

    np.unique(np.zeros(1, np.uint64))


_SPACES = re.compile(r"\s+")  # str.isspace(), as str.split() reads it
# Texts longer than this are normalised by a regular expression, which makes one copy of
# the text, not a list of its words (15 times its size for 10 MB of one repeated word).
# Shorter ones by split and join, 3 times faster (0.06 against 0.19 ms a page).
_SPLIT_CHARS = 1 << 20


def fingerprint(text: str) -> str:
    """A 128-bit hash of the text with its white space normalised."""
    normal = (" ".join(text.split()) if len(text) < _SPLIT_CHARS else
              _SPACES.sub(" ", text).strip())
    return hashlib.blake2b(normal.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def rank(doc: Document) -> int:
    """The survivor rule as one number, least first: the longest text, then the earliest
    date (a document without one after every dated one); refs break ties (the run's order)."""
    length = min(len(doc.text), _LAST)
    return (_LAST - length) << 32 | _day(doc.date)


def _day(date: str | None) -> int:
    try:
        return datetime.date.fromisoformat(date or "").toordinal()
    except ValueError:
        return _LAST


@dataclass(frozen=True, slots=True)
class ExactDuplicates:
    """Keep the first of the documents with the same text (white space aside); set the
    others aside as `duplicate`, naming the one kept. The first is the first in the order
    of the run (inputs as given, records in file order), so every run keeps the same one.
    (NearDuplicates does this too, keeping the longest and earliest of near copies.)"""

    def key(self, doc: Document) -> str:
        return fingerprint(doc.text)

    def warm(self) -> None:
        warm_numpy()

    def decide(self, corpus: Corpus, shards: Sequence[Shard], executor: Any) -> None:
        _decide(corpus, shards, executor, _Keys(None, 0.0))


@dataclass(frozen=True, slots=True)
class NearDuplicates:
    """Set aside documents whose text is a near copy of another's, keeping one of each
    cluster: the longest text, then the earliest date, then the first in the run.

    Shingles of `shingle_words` words; `bands` x `rows` MinHash values, so that a pair of
    Jaccard similarity J becomes a candidate with probability 1 - (1 - J**rows)**bands:
    0.73 at J = 0.5, 0.94 at 0.6, 0.998 at 0.7 with 20 x 4. A candidate pair is an edge
    if its signatures agree on `min_similarity` of their values. Copies of the
    article-extraction benchmark's 172 articles of 100 words or more, with 2-5% of the
    words changed, another first line and half with their paragraphs reordered, measured
    J = 0.43-0.97 in 3-word shingles (5% below 0.65), and 0.31-0.93 in 5-word shingles
    (5% below 0.46); two distinct articles at most 0.027 and 0.001. On 516 such copies
    these settings found 0.988 (5-word shingles, 20 x 5: 0.79); see BENCHMARKS.md."""

    shingle_words: int = 3
    bands: int = 20
    rows: int = 4
    min_similarity: float = 0.5  # distinct articles agree on 0.03 at most (above)
    seed: int = 20261207
    _hasher: MinHasher = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hasher", MinHasher(self.shingle_words, self.bands,
                                                      self.rows, self.seed))
        if not 0.0 < self.min_similarity <= 1.0:
            raise ValueError(f"min_similarity must be in (0, 1], not {self.min_similarity}")

    def warm(self) -> None:
        warm_numpy()

    def key(self, doc: Document) -> str:
        signature = self._hasher.encode(self._hasher.signature(doc.text))
        return f"{fingerprint(doc.text)}:{rank(doc):x}:{signature}"

    def decide(self, corpus: Corpus, shards: Sequence[Shard], executor: Any) -> None:
        _decide(corpus, shards, executor, _Keys(self._hasher, self.min_similarity))


def _decide(corpus: Corpus, shards: Sequence[Shard], executor: Any, keys: _Keys) -> None:
    from dechaff.components import stars

    partitions = corpus.partitions(executor.workers)
    buckets = _Buckets(corpus, keys)
    edges = executor.shuffle(buckets.split, groups(shards), buckets.reduce, partitions)
    edges = [path for path in edges if path is not None]
    if not edges:
        return
    clusters = stars(executor, edges, corpus.folder("components"), partitions)
    survivors = _Survivors(corpus)
    decided = executor.shuffle(survivors.split, clusters, survivors.reduce, partitions)
    scatter = ToShards(corpus.work, corpus.step)
    executor.shuffle(scatter.split, decided, scatter.reduce, partitions)


@dataclass(frozen=True, slots=True)
class _Keys:
    """How the step's keys read: with a MinHasher for near-duplicates, without for exact."""

    hasher: MinHasher | None
    min_similarity: float

    def table(self, rows: Sequence[tuple[int, str, str | None]]) -> dict[str, Any]:
        """A shard's keys as arrays: ids, fingerprints, ranks, signatures, live."""
        import numpy as np

        n = len(rows)
        table: dict[str, Any] = {
            "ids": np.array([doc_id for _, doc_id, _ in rows], "S20"),
            "live": np.array([key is not None for _, _, key in rows], bool),
            "fingerprint": np.zeros(n, np.uint64), "rank": np.zeros(n, np.uint64),
            "signature": None}
        if self.hasher is not None:
            table["signature"] = np.full((n, self.hasher.size), EMPTY, np.uint32)
        for i, (_, _, key) in enumerate(rows):
            if key is None:
                continue
            fp, _, rest = key.partition(":")
            table["fingerprint"][i] = int(fp[:16], 16)
            if self.hasher is not None:
                rank_hex, _, signature = rest.partition(":")
                table["rank"][i] = int(rank_hex, 16)
                table["signature"][i] = self.hasher.decode(signature)
        return table

    def buckets(self, table: dict[str, Any], first: int) -> tuple[Any, Any, Any]:
        """(bucket, ref, whether to verify) rows of the live documents of a table."""
        import numpy as np

        live = np.flatnonzero(table["live"])
        refs = live.astype(np.uint64) + np.uint64(first)
        buckets = [mix(table["fingerprint"][live] ^ np.uint64(_EXACT_BAND))]
        verify = [np.zeros(len(live), bool)]
        out_refs = [refs]
        if self.hasher is not None:
            signatures = table["signature"][live]
            worded = signatures[:, 0] != EMPTY  # a text of no word has no bands
            bands = self.hasher.band_keys(signatures[worded])
            buckets.append(bands.ravel())
            out_refs.append(np.repeat(refs[worded], self.hasher.bands))
            verify.append(np.ones(bands.size, bool))
        return np.concatenate(buckets), np.concatenate(out_refs), np.concatenate(verify)


def candidates(bucket: NDArray[np.uint64], refs: NDArray[np.uint64]) -> tuple[Any, Any]:
    """The pairs of rows to verify, of rows sorted by bucket and ref, as two arrays of row
    numbers: each member of a bucket with the bucket's first and with the member before
    it (a copy too far from the first may be close to another copy). Fewer pairs than
    every pair of a bucket: a bucket of a thousand copies gives two thousand, not half a
    million."""
    import numpy as np

    opens = np.concatenate([[True], bucket[1:] != bucket[:-1]])
    index = np.arange(len(bucket))
    first = np.maximum.accumulate(np.where(opens, index, 0))
    before = np.maximum(index - 1, 0)
    with_first = ~opens & (refs != refs[first])
    with_before = ~opens & (before != first) & (refs != refs[before])
    return (np.concatenate([index[with_first], index[with_before]]),
            np.concatenate([first[with_first], before[with_before]]))


@dataclass(frozen=True, slots=True)
class _Buckets:
    """Stage 1: documents to buckets; in each, pairs with its first, verified."""

    corpus: Corpus
    keys: _Keys

    def split(self, shards: Sequence[Shard], partitions: int) -> list[Any]:
        import numpy as np

        rows = []
        for shard in shards:
            table = self.keys.table(list(self.corpus.keys(shard)))
            _save_table(self.corpus.folder("tables"), shard.index, table)
            rows.append(self.keys.buckets(table, shard.index << 32))
        bucket, refs, verify = (np.concatenate(column) for column in zip(*rows, strict=True))
        where = bucket % np.uint64(partitions)
        return [(bucket[where == j], refs[where == j], verify[where == j])
                for j in range(partitions)]

    def reduce(self, partition: int, parts: Sequence[Any]) -> Path | None:
        import numpy as np

        bucket = np.concatenate([np.empty(0, np.uint64), *(p[0] for p in parts)])
        refs = np.concatenate([np.empty(0, np.uint64), *(p[1] for p in parts)])
        verify = np.concatenate([np.empty(0, bool), *(p[2] for p in parts)])
        order = np.lexsort((refs, bucket))
        bucket, refs, verify = bucket[order], refs[order], verify[order]
        one, other = candidates(bucket, refs)
        a, b, checked = refs[one], refs[other], verify[one]
        agree = self._agree(a[checked], b[checked])
        keep = ~checked
        keep[np.flatnonzero(checked)[agree]] = True
        edges = np.unique(np.stack([a[keep], b[keep]], axis=1), axis=0)
        if not len(edges):
            return None
        return save(self.corpus.folder("edges") / f"{partition:05d}", edges)

    def _agree(self, a: NDArray[np.uint64], b: NDArray[np.uint64]) -> NDArray[np.bool_]:
        """Whether each pair's signatures agree on `min_similarity` of their values."""
        import numpy as np

        if not len(a):
            return np.zeros(0, bool)
        tables = _Tables(self.corpus)
        agree = (tables.column("signature", a) == tables.column("signature", b)).mean(axis=1)
        return agree >= self.keys.min_similarity  # type: ignore[no-any-return]


TABLE_COLUMNS = ("ids", "live", "fingerprint", "rank", "signature")


def _save_table(folder: Path, shard: int, table: dict[str, Any]) -> None:
    """The columns one after the other in one file (a file's creation costs as much as
    writing a hundred kilobytes on some disks), each as .npy, so that a reduce maps them
    and reads only the rows it asks for."""
    import numpy as np

    with open(folder / f"{shard:05d}.npy", "wb") as stream:
        for name in TABLE_COLUMNS:
            column = table[name]
            np.save(stream, column if column is not None else np.zeros(0, np.uint32))


def _load_table(path: Path) -> dict[str, Any]:
    """The columns of a shard's table file, each mapped, not read."""
    import numpy as np
    from numpy.lib import format as npy

    columns = {}
    with open(path, "rb") as stream:
        for name in TABLE_COLUMNS:
            version = npy.read_magic(stream)
            read = npy.read_array_header_1_0 if version == (1, 0) else npy.read_array_header_2_0
            shape, fortran, dtype = read(stream)
            start = stream.tell()
            size = int(np.prod(shape)) * dtype.itemsize
            columns[name] = (np.memmap(path, dtype, "r", start, shape, "F" if fortran else "C")
                             if size else np.zeros(shape, dtype))
            stream.seek(start + size)
    return columns


class _Tables:
    """The shard tables of stage 1, read as documents' refs ask for them: each column
    mapped, the last OPEN_TABLES shards' open at once."""

    OPEN_TABLES = 64

    def __init__(self, corpus: Corpus) -> None:
        self.folder = corpus.folder("tables")
        self.open: OrderedDict[int, dict[str, Any]] = OrderedDict()

    def column(self, name: str, refs: NDArray[np.uint64]) -> Any:
        import numpy as np

        shards = shard_of(refs)
        ranks = (refs & np.uint64(_LAST)).astype(np.int64)
        out = None
        for shard in np.unique(shards).tolist():
            here = shards == shard
            values = self._column(shard, name)[ranks[here]]
            if out is None:
                out = np.empty((len(refs), *values.shape[1:]), values.dtype)
            out[here] = values
        return out if out is not None else np.empty(0, np.uint64)

    def _column(self, shard: int, name: str) -> Any:
        if shard not in self.open:
            self.open[shard] = _load_table(self.folder / f"{shard:05d}.npy")
            if len(self.open) > self.OPEN_TABLES:
                self.open.popitem(last=False)
        self.open.move_to_end(shard)
        return self.open[shard][name]


@dataclass(frozen=True, slots=True)
class _Survivors:
    """Stage 3: each cluster's survivor by rank, then ref; the others set aside."""

    corpus: Corpus

    def split(self, path: Path, partitions: int) -> list[Any]:
        import numpy as np

        from dechaff.components import by_key

        edges = load(path)  # (node, least node of its cluster)
        rows = np.concatenate([edges[:, ::-1], np.stack([edges[:, 1], edges[:, 1]], axis=1)])
        return by_key(rows, partitions)

    def reduce(self, partition: int, parts: Sequence[Any]) -> Path:
        import numpy as np

        rows = np.unique(np.concatenate([np.empty((0, 2), np.uint64), *parts]), axis=0)
        path = self.corpus.folder("decided") / f"{partition:05d}"
        if not len(rows):
            return save(path, [])
        tables = _Tables(self.corpus)
        order = np.lexsort((rows[:, 1], tables.column("rank", rows[:, 1]), rows[:, 0]))
        cluster, refs = rows[order, 0], rows[order, 1]  # each cluster's best member first
        best = np.concatenate([[True], cluster[1:] != cluster[:-1]])
        index = np.arange(len(refs))
        survivor = refs[np.maximum.accumulate(np.where(best, index, 0))]
        texts = tables.column("fingerprint", refs)
        # The first of each member's copies of the same text, in the cluster.
        _, first, same, copies = np.unique(mix(cluster * np.uint64(_GOLDEN) ^ texts),
                                           return_index=True, return_inverse=True,
                                           return_counts=True)
        original = refs[first[same]]
        exact = copies[same] > 1
        gone = ~best
        entries = list(_entries(refs[gone], survivor[gone], original[gone], exact[gone],
                                tables))
        return save(path, entries)


def _entries(copies: Any, survivors: Any, originals: Any, exact: Any,
             tables: _Tables) -> Iterable[Entry]:
    """A copy's verdict: `duplicate` when another member of its cluster has its very text,
    else `near_duplicate`; each names the survivor, the one document of the cluster kept."""
    ids = [tables.column("ids", refs).tolist() for refs in (copies, survivors, originals)]
    for ref, doc_id, kept, first, same in zip(copies.tolist(), *ids, exact.tolist(),
                                              strict=True):
        kept, first = kept.decode(), first.decode()
        if not same:
            verdict = Verdict(Reason.NEAR_DUPLICATE, f"near copy of {kept}", kept)
        elif first == kept:
            verdict = Verdict(Reason.DUPLICATE, f"same text as {kept}", kept)
        else:
            verdict = Verdict(Reason.DUPLICATE, f"same text as {first}, a near copy of {kept}",
                              kept)
        yield ref >> 32, SET_ASIDE, doc_id.decode(), verdict
