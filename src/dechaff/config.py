"""A run's configuration: a TOML file (`--config dechaff.toml`) and the options given
beside it, which win. Every error is a ConfigError, raised before any work."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dechaff.errors import ConfigError, InputError
from dechaff.outputs import FORMATS
from dechaff.pipeline import Pipeline, check, default_pipeline, from_config, without
from dechaff.readers import require

if TYPE_CHECKING:
    from dechaff.corpus import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def load(path: str | Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as stream:
            return dict(tomllib.load(stream))
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such configuration file") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error


def resolve(config: str | Path | None, *, pipeline: Pipeline | None, workers: int | None,
            fmt: str | None, text_field: str | None, html_field: str | None,
            removed_lines: str | None, shard_bytes: int | None, progress: bool | None,
            executor: Any, corpus_steps: dict[str, bool] | None = None,
            engine: str | None = None, ray_address: str | None = None
            ) -> tuple[Pipeline, Settings]:
    """The pipeline and the settings of a run, from the file and the options."""
    from dechaff.corpus import Settings

    table = load(config) if config is not None else {}
    resolved = from_config(table, pipeline or default_pipeline()) if table else (
        pipeline or default_pipeline())
    resolved = without(resolved, **(corpus_steps or {}))
    fields = dataclasses.replace(resolved.fields, **{k: v for k, v in
                                 (("text", text_field), ("html", html_field)) if v})
    resolved = check(dataclasses.replace(
        resolved, fields=fields, removed_lines=removed_lines or resolved.removed_lines))
    run_table, output_table = table.get("run", {}), table.get("output", {})
    chosen_format = fmt or output_table.get("format", "jsonl")
    if chosen_format not in FORMATS:
        raise ConfigError(f"format must be one of {', '.join(FORMATS)}, not {chosen_format!r}")
    if chosen_format == "parquet":
        require("pyarrow", "parquet", "--format parquet")
    count = workers or run_table.get("workers")  # None: chosen by the size of the inputs
    if count is not None and (not isinstance(count, int) or count < 1):
        raise ConfigError(f"workers must be a whole number of at least 1, not {count!r}")
    if executor is None:
        executor = engine_executor(engine or run_table.get("engine", "local"),
                                   ray_address or run_table.get("ray_address"))
    return resolved, Settings(workers=count, fmt=chosen_format,
                              shard_bytes=shard_bytes or run_table.get("shard_bytes"),
                              progress=progress, executor=executor)


ENGINES = ("local", "ray")


def engine_executor(engine: str, address: str | None) -> Any:
    """None for the local engine (the run makes its pool); a RayExecutor for Ray."""
    if engine not in ENGINES:
        raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "local":
        if address is not None:
            raise ConfigError("a Ray address is for --engine ray")
        return None
    try:
        from dechaff.executors.ray import RayExecutor
    except ImportError as error:
        raise ConfigError("--engine ray needs Ray: pip install 'dechaff[ray]'") from error
    return RayExecutor(address or "auto")
