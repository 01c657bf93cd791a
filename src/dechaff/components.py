"""Connected components of a graph too big for one process, through an executor's shuffles.

The graph is a set of edges between documents' refs (uint64), kept in files. The result
is the same graph turned into stars: every document of a component linked to the
component's least ref, and nothing else. Two kinds of round alternate, each one shuffle
keyed by a node (Kiveris et al. 2014, "Connected Components in MapReduce and Beyond"):

    large star  each node links its larger neighbours to the least of its neighbourhood;
    small star  each partition runs a union-find over its edges, each keyed by its larger
                end, and gives its components back as stars on their least node.

Neither changes which nodes are connected; together they reach the stars in O(log n)
rounds or so (O(log^2 n) proven for the plain small star, which the union-find does at
least as much as). The rounds stop when the edges going into a large star are those that
went into the one before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from dechaff.errors import DechaffError
from dechaff.minhash import mix
from dechaff.outcomes import load, save

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Edges = NDArray[np.uint64]  # (n, 2)

MAX_ROUNDS = 64  # a component of 2**64 documents converges in fewer


class Round(NamedTuple):
    """What one reduce wrote: its edges, and a count and sum of the distinct edges it read."""

    path: Path
    edges: int
    checksum: int


def stars(executor: Any, files: Sequence[Path], folder: Path, partitions: int) -> list[Path]:
    """The components of the edges in `files`, as files of (node, least node) edges."""
    current = list(files)
    seen: tuple[int, int] | None = None
    for n in range(MAX_ROUNDS):
        large = Star(folder, f"large-{n}", small=False)
        rounds = executor.shuffle(large.split, current, large.reduce, partitions)
        state = (sum(r.edges for r in rounds), sum(r.checksum for r in rounds) % (1 << 64))
        if state == seen:
            return current
        seen = state
        small = Star(folder, f"small-{n}", small=True)
        current = [r.path for r in executor.shuffle(small.split, [r.path for r in rounds],
                                                     small.reduce, partitions)]
    raise DechaffError(f"connected components did not converge in {MAX_ROUNDS} rounds")


@dataclass(frozen=True, slots=True)
class Star:
    """One round; the split and the reduce of its shuffle."""

    folder: Path
    name: str
    small: bool

    def split(self, path: Path, partitions: int) -> list[Any]:
        import numpy as np

        edges: Edges = load(path)
        if self.small:  # keyed by the larger end
            keyed = np.stack([edges.max(axis=1), edges.min(axis=1)], axis=1)
        else:  # keyed by both ends
            keyed = np.concatenate([edges, edges[:, ::-1]])
        return by_key(keyed, partitions)

    def reduce(self, partition: int, parts: Sequence[Any]) -> Round:
        import numpy as np

        keyed = np.unique(np.concatenate([np.empty((0, 2), np.uint64), *parts]), axis=0)
        once = keyed[keyed[:, 0] < keyed[:, 1]]  # each edge of a large star, counted once
        checksum = int(mix(once[:, 0] * np.uint64(0x9E3779B97F4A7C15) ^ once[:, 1])
                       .sum(dtype=np.uint64)) if len(once) else 0
        out = union_find(keyed) if self.small else large_star(keyed)
        path = save(self.folder / f"{self.name}-{partition:05d}", out)
        return Round(path, len(once), checksum)


def by_key(rows: Any, partitions: int) -> list[Any]:
    """Rows split by their first column's hash, one part per partition."""
    import numpy as np

    where = mix(rows[:, 0].astype(np.uint64)) % np.uint64(partitions)
    return [rows[where == j] for j in range(partitions)]


def large_star(keyed: Edges) -> Edges:
    """(node, neighbour) rows sorted by node: each larger neighbour to the least of the
    node and its neighbours."""
    import numpy as np

    if not len(keyed):
        return keyed
    node, other = keyed[:, 0], keyed[:, 1]
    first = np.concatenate([[True], node[1:] != node[:-1]])
    group = np.cumsum(first) - 1
    least = np.minimum(node[first], other[first])[group]  # sorted: first other is least
    larger = other > node
    return np.stack([other[larger], least[larger]], axis=1)


def union_find(edges: Edges) -> Edges:
    """Every node of the edges linked to the least node of its component, as (node,
    least) rows; the union-find links the larger root under the smaller."""
    import numpy as np

    if not len(edges):
        return edges
    nodes, index = np.unique(edges, return_inverse=True)
    parent = list(range(len(nodes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    for a, b in index.reshape(-1, 2).tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([find(x) for x in range(len(nodes))])
    linked = roots != np.arange(len(nodes))
    return np.stack([nodes[linked], nodes[roots[linked]]], axis=1)
