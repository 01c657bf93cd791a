"""Connected components through shuffles (components.py) against a plain union-find."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest

from dechaff.components import stars
from dechaff.executors import LocalExecutor
from dechaff.outcomes import load, save


def reference(edges: list[tuple[int, int]]) -> dict[int, int]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


@pytest.mark.parametrize("seed", range(12))
def test_every_node_is_linked_to_the_least_node_of_its_component(tmp_path: Path,
                                                                 seed: int) -> None:
    rng = random.Random(seed)
    nodes = rng.randint(2, 400)
    if seed % 3 == 0:  # one long chain in random order: the most rounds
        order = rng.sample(range(nodes), nodes)
        edges = list(itertools.pairwise(order))
    else:
        edges = [(rng.randrange(nodes), rng.randrange(nodes)) for _ in range(nodes)]
        edges = [(a, b) for a, b in edges if a != b]
    files = [save(tmp_path / f"in{n}", np.array(edges[n::3], np.uint64).reshape(-1, 2))
             for n in range(3)]
    partitions = rng.randint(1, 5)
    out = stars(LocalExecutor(1, scratch=str(tmp_path / "s")), files, tmp_path, partitions)
    linked: dict[int, int] = {}
    for path in out:
        for node, least in load(path).tolist():
            assert linked.setdefault(node, least) == least
    want = reference(edges)
    assert {**{n: n for n in want if want[n] == n}, **linked} == want
