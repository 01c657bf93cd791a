"""`dechaff run --engine ray` on a two-node Ray cluster of the test's own hosts (two
network namespaces, tests/ray_cluster.py): the same documents as the local executor, and
tasks run on both nodes."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ray")  # the `ray` extra; `make test` installs it

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora
import ray_cluster

BANNER = "The Kestrel Bay Gazette is published every weekday by the Harbour Trust for the valley."
FOOTER = "Letters to the editor can be sent to the Gazette's office on Quay Street, Kestrel Bay."


def rows(directory: Path) -> list[dict[str, Any]]:
    return sorted(corpora.rows(directory), key=lambda row: row["id"])


def corpus(path: Path) -> Path:
    """Two sites' pages with their banners and footers, and near and exact copies."""
    rng = random.Random(17)
    records = corpora.site_pages(rng, "gazette.example", 12, BANNER, FOOTER)
    records += corpora.site_pages(rng, "ministry.example", 8, FOOTER, BANNER)
    for n, original in enumerate(records[:10]):
        paragraphs = original["text"].split("\n\n")[1:-1]
        copy = corpora.near_copy(rng, paragraphs, 0.03, f"Reprinted from page {n}.", n % 2 == 0)
        records.append({"url": f"https://mirror.example/{n}", "text": corpora.text(copy)})
        records.append({"url": f"https://copy.example/{n}", "text": original["text"]})
    return corpora.write_jsonl(path, records)


@pytest.mark.skipif(ray_cluster.available() is not None, reason=str(ray_cluster.available()))
def test_a_run_on_a_two_node_ray_cluster_gives_the_local_documents(tmp_path: Path) -> None:
    source = corpus(tmp_path / "in.jsonl")
    options = ["--shard-bytes", "8000", "--no-progress"]
    command = [sys.executable, "-m", "dechaff", "run", str(source), *options]
    with ray_cluster.two_nodes() as cluster:
        on_ray = cluster.run([*command, "-o", str(tmp_path / "ray"), "--engine", "ray",
                              "--ray-address", cluster.address], timeout=600)
    assert on_ray.returncode == 0, on_ray.stderr[-3000:]
    import dechaff

    dechaff.run([str(source)], tmp_path / "local", workers=1, shard_bytes=8000)
    for folder in ("documents", "rejected"):
        assert rows(tmp_path / "ray" / folder) == rows(tmp_path / "local" / folder)
    documents = rows(tmp_path / "ray" / "documents")
    reasons = {row["reason"] for row in rows(tmp_path / "ray" / "rejected")}
    assert {"near_duplicate", "duplicate"} <= reasons
    assert documents and not any(BANNER in d["text"] for d in documents)
    stats = json.loads((tmp_path / "ray" / "stats.json").read_text())
    nodes = stats["timings"]["tasks_by_node"]
    assert set(nodes) == {ray_cluster.HEAD_IP, ray_cluster.WORKER_IP}, nodes
    assert min(nodes.values()) > 0
