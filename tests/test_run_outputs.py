"""The run's outputs as other tools read them: pandas, polars, DuckDB, Hugging Face
`datasets`, and the report in a headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import dechaff

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_run import banner_word, sample_warc, wet_with_seed

CHARTS = ("reasons", "languages", "lengths", "line-reasons", "throughput", "step-time")


@pytest.fixture(scope="module", params=["jsonl", "parquet"])
def dataset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Path, str, int, int]:
    root = tmp_path_factory.mktemp(request.param)
    inputs = [str(sample_warc(root / "c.warc.gz", copies=2)), str(wet_with_seed(root / "w.wet"))]
    summary = dechaff.run(inputs, root / "out", workers=1, fmt=request.param, shard_bytes=2_000)
    assert len(list((root / "out" / "documents").iterdir())) > 1  # several files to join
    return root / "out", request.param, summary.documents, summary.rejected


def pattern(out: Path, kind: str, fmt: str) -> str:
    return str(out / kind / ("*.jsonl.gz" if fmt == "jsonl" else "*.parquet"))


def test_the_outputs_load_in_pandas(dataset: tuple[Path, str, int, int]) -> None:
    import pandas as pd

    out, fmt, documents, rejected = dataset
    for kind, count in (("documents", documents), ("rejected", rejected)):
        files = sorted((out / kind).iterdir())
        frames = [pd.read_json(f, lines=True) if fmt == "jsonl" else pd.read_parquet(f)
                  for f in files]
        frame = pd.concat(frames)
        assert len(frame) == count
    assert list(frame.columns)[:3] == ["id", "url", "reason"]


def test_the_outputs_load_in_polars(dataset: tuple[Path, str, int, int]) -> None:
    import polars as pl

    out, fmt, documents, _ = dataset
    glob = pattern(out, "documents", fmt)
    frame = pl.read_ndjson(glob) if fmt == "jsonl" else pl.read_parquet(glob)
    assert frame.height == documents
    assert frame["source"].struct.field("offset").min() >= 0


def test_the_outputs_load_in_duckdb(dataset: tuple[Path, str, int, int]) -> None:
    import duckdb

    out, fmt, documents, rejected = dataset
    reader = "read_json_auto" if fmt == "jsonl" else "read_parquet"
    (count,) = duckdb.sql(f"select count(*), count(distinct id) from "
                          f"{reader}('{pattern(out, 'documents', fmt)}')").fetchall()
    assert count == (documents, documents)
    reasons = duckdb.sql(f"select reason, count(*) from {reader}('"
                         f"{pattern(out, 'rejected', fmt)}') group by reason").fetchall()
    assert sum(n for _, n in reasons) == rejected


def test_the_outputs_load_in_hugging_face_datasets(dataset: tuple[Path, str, int, int],
                                                   tmp_path: Path) -> None:
    import datasets

    out, fmt, documents, rejected = dataset
    builder = "json" if fmt == "jsonl" else "parquet"
    for kind, count in (("documents", documents), ("rejected", rejected)):
        loaded = datasets.load_dataset(builder, data_files=pattern(out, kind, fmt),
                                       split="train", cache_dir=str(tmp_path / kind))
        assert loaded.num_rows == count


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_the_report_renders_its_charts_in_headless_chromium(
        dataset: tuple[Path, str, int, int]) -> None:
    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make test` installs it")
        pytest.skip("chromium is not installed (make test installs it)")
    out, *_ = dataset
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--virtual-time-budget=5000",
             "--dump-dom", (out / "report.html").as_uri()],
            capture_output=True, text=True, timeout=120, check=True).stdout
    assert f'data-charts="{len(CHARTS)}"' in dom
    for chart in CHARTS:
        start = dom.index(f'id="{chart}"')
        figure = dom[start: dom.index("</figure>", start)]
        assert 'data-rendered="true"' in figure and "<svg" in figure, chart
        assert "<rect" in figure or "<path" in figure, chart
    assert banner_word() in dom  # the banner, among the lines removed most often
