"""The public surface: a sorted __all__ that resolves, and a cheap `import dechaff`."""

from __future__ import annotations

import subprocess
import sys

import dechaff


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert dechaff.__all__ == sorted(dechaff.__all__)
    for name in dechaff.__all__:
        assert getattr(dechaff, name) is not None


def test_import_dechaff_loads_no_heavy_module() -> None:
    heavy = ["numpy", "httpx", "click", "tqdm", "charset_normalizer", "selectolax",
             "dechaff.extractor", "dechaff.lines", "dechaff.metadata", "ray"]
    code = f"import sys, dechaff; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_extract_is_the_function_even_after_its_module_is_imported() -> None:
    import dechaff.extractor

    assert callable(dechaff.extract) and callable(dechaff.clean)


def test_run_is_the_function_even_after_the_pipeline_modules_are_imported() -> None:
    import dechaff.corpus
    import dechaff.pipeline

    assert callable(dechaff.run) and dechaff.run is dechaff.corpus.run


def test_only_the_ray_executor_imports_ray() -> None:
    import re
    from pathlib import Path

    source = Path(dechaff.__file__).parent
    importers = {path.relative_to(source).as_posix() for path in source.rglob("*.py")
                 if re.search(r"^\s*(import ray\b|from ray\b)", path.read_text(), re.M)}
    assert importers == {"executors/ray.py"}
