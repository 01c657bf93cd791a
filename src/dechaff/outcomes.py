"""The corpus steps' view of a run, and what they decide, shard by shard.

A corpus step (dedup.py, boilerplate.py) decides over every document of the run. Its
`key(doc)` runs in the workers beside the document steps and is journalled with the
document; its `decide(corpus, executor)` reads those keys shard by shard inside the
executor's shuffles, and writes an outcome per shard (`DIR/.work/corpus/<step>/NNNNN`):

    set_aside   {document id: (reason, detail, survivor id or None)}
    lines       {site: {line hash, ...}}   lines to remove from that site's documents

Nothing passes through the process that runs the run but file names and counts. A
document is named within the run by its ref, `shard index << 32 | its rank among the
shard's documents`, so refs sort in the order of the run.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dechaff import staging
from dechaff.document import Reason
from dechaff.shards import Shard
from dechaff.sinks import write_atomic

SET_ASIDE, LINES = "set_aside", "lines"
# Documents whose rows one partition of a shuffle holds: the reduce of near-duplicates'
# buckets peaked at about 2 KB a document (200,000 documents in one partition: +355-397
# MB, benchmarks/corpus_memory.py), so ~1 GB for a partition.
DOCUMENTS_PER_PARTITION = 500_000
# Partitions at most: a billion documents in 2,000 partitions of 500,000.
MAX_PARTITIONS = 2048
# Splits of a shuffle at most, each over a group of shards: a split gives a part per
# partition, and Ray keeps track of every part (a 1,024 x 2,048 shuffle: two million).
MAX_SPLITS = 1024


@dataclass(frozen=True, slots=True)
class Verdict:
    """A document a corpus step sets aside: why, and the document it gave way to."""

    reason: Reason
    detail: str
    survivor: str | None = None


def ref(shard: int, rank: int) -> int:
    return shard << 32 | rank


def shard_of(refs: Any) -> Any:
    return refs >> 32


@dataclass(frozen=True, slots=True)
class Corpus:
    """The documents of a run as one corpus step sees them; picklable and small, as every
    task of a shuffle gets a copy (the shards are the splits' items, not in here)."""

    work: Path
    documents: int  # documents in the run, to size the shuffles
    step: str  # the step deciding
    earlier: tuple[str, ...] = ()  # steps decided before it: what they set aside is gone

    def keys(self, shard: Shard) -> Iterator[tuple[int, str, str | None]]:
        """(ref, id, this step's key) of every document of the shard, the key None for
        those an earlier step set aside."""
        gone: set[str] = set()
        for step in self.earlier:
            gone.update(outcome(self.work, step, shard.index).get(SET_ASIDE, {}))
        for rank, (doc_id, keys) in enumerate(staging.keys(self.work / f"{shard.name}.journal")):
            yield ref(shard.index, rank), doc_id, None if doc_id in gone else keys[self.step]

    def folder(self, *names: str) -> Path:
        path = self.work / "corpus" / self.step / Path(*names)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def partitions(self, workers: int) -> int:
        return max(workers, min(MAX_PARTITIONS, -(-self.documents // DOCUMENTS_PER_PARTITION)))


def groups(shards: Sequence[Shard]) -> list[tuple[Shard, ...]]:
    """The shards in at most MAX_SPLITS groups of neighbours, the items of a split."""
    count = min(len(shards), MAX_SPLITS)
    return [tuple(shards[len(shards) * n // count: len(shards) * (n + 1) // count])
            for n in range(count)]


def outcome(work: Path, step: str, shard: int) -> dict[str, Any]:
    """What a corpus step decided about one shard's documents ({} for nothing)."""
    path = work / "corpus" / step / f"{shard:05d}"
    if not path.exists():
        return {}
    with open(path, "rb") as stream:
        return dict(pickle.load(stream))


def save(path: Path, data: Any) -> Path:
    write_atomic(path, pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
    return path


def load(path: Path) -> Any:
    with open(path, "rb") as stream:
        return pickle.load(stream)


# -- the last shuffle of every corpus step: its decisions to the shards they are about ----
Entry = tuple[int, str, Any, Any]  # (shard index, SET_ASIDE or LINES, key, value)


@dataclass(frozen=True, slots=True)
class ToShards:
    """Split files of entries by shard; reduce: write each shard's outcome."""

    work: Path
    step: str

    def split(self, path: Path, partitions: int) -> list[list[Entry]]:
        parts: list[list[Entry]] = [[] for _ in range(partitions)]
        for entry in load(path):
            parts[entry[0] % partitions].append(entry)
        return parts

    def reduce(self, partition: int, parts: Sequence[list[Entry]]) -> int:
        shards: dict[int, dict[str, dict[Any, Any]]] = {}
        for part in parts:
            for shard, kind, key, value in part:
                found = shards.setdefault(shard, {}).setdefault(kind, {})
                if kind == LINES:
                    found.setdefault(key, set()).add(value)
                else:
                    found[key] = value
        for shard, decided in shards.items():
            save(self.work / "corpus" / self.step / f"{shard:05d}", decided)
        return len(shards)
