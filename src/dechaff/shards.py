"""The inputs of a run, found and cut into shards: the units of work and of resume.

A shard is a file, a byte range of a big file (WARC, WET and JSONL can be read from the
middle), or several small files together. Shards are planned from names and sizes alone,
before any work: the same inputs give the same shards, so a rerun finds its own.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dechaff.errors import ConfigError, InputError
from dechaff.readers import SPLITTABLE, WARC, compressed, format_of, require

# A shard is at least this big, so that the cost of starting one (opening files, finding
# the first record, writing its marker: about a millisecond) stays small beside its work...
MIN_SHARD_BYTES = 256 << 10
# ... and at most this big, so that a crash costs little and the progress bar moves.
MAX_SHARD_BYTES = 64 << 20
# Shards per worker when the inputs allow it: with 8, the last shard to finish keeps one
# worker busy for at most about 1/8 of the run's time.
SHARDS_PER_WORKER = 8


@dataclass(frozen=True, slots=True)
class Piece:
    """A file, or the records of a file that start in `[start, end)`."""

    path: str
    start: int = 0
    end: int | None = None  # None: to the end of the file


@dataclass(frozen=True, slots=True)
class Shard:
    index: int
    pieces: tuple[Piece, ...]
    size: int  # bytes of input, for the progress bar

    @property
    def name(self) -> str:
        return f"{self.index:05d}"


def find_inputs(inputs: Sequence[str]) -> list[str]:
    """Every input file: files as given, directories walked, globs expanded; raises
    InputError when an input names nothing and ConfigError for an unknown format."""
    if not inputs:
        raise ConfigError("no input given")
    found: list[str] = []
    for name in inputs:
        found.extend(_expand(name))
    for path in found:
        _check_reader(path)
    return found


# Formats read through an optional library: the module, and the extra that installs it.
OPTIONAL_READERS = ((".parquet", "pyarrow", "parquet"), (".zst", "zstandard", "zstd"))


def _check_reader(path: str) -> None:
    for suffix, module, extra in OPTIONAL_READERS:
        if path.lower().endswith(suffix):
            require(module, extra, f"{path}: reading it")


def _expand(name: str) -> list[str]:
    path = Path(name)
    if path.is_dir():
        files = _walk(path)
        if not files:
            raise InputError(f"{name}: no input files in directory")
        return files
    if path.exists():
        if format_of(name) is None:
            raise ConfigError(f"{name}: unknown input format (expected {_known()})")
        if not os.access(path, os.R_OK):
            raise InputError(f"{name}: permission denied")
        return [name]
    if glob.has_magic(name):
        matches = sorted(m for m in glob.glob(name, recursive=True)
                         if Path(m).is_file() and format_of(m))
        if not matches:
            raise InputError(f"{name}: no input files match")
        return matches
    raise InputError(f"{name}: no such file or directory")


def _walk(root: Path) -> list[str]:
    """Input files under `root` in a stable order, skipping hidden files and folders."""
    files: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(str(Path(folder, n)) for n in sorted(names)
                     if not n.startswith(".") and format_of(n) is not None)
    return files


def _known() -> str:
    return ".warc, .wet, .jsonl, .parquet, .html, .htm, .txt, each also .gz"


def plan(files: Sequence[str], workers: int, shard_bytes: int | None = None) -> list[Shard]:
    """Cut the files into shards of about `shard_bytes` (by default, enough shards to keep
    every worker busy to the end)."""
    sizes = [file_size(f) for f in files]
    target = shard_bytes or _target(sum(sizes), workers)
    pieces: list[tuple[Piece, int]] = []
    for path, size in zip(files, sizes, strict=True):
        pieces.extend(_cut(path, size, target))
    return _group(pieces, target)


def file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # read as one piece; its reader reports why it cannot be read


def _target(total: int, workers: int) -> int:
    return max(MIN_SHARD_BYTES, min(MAX_SHARD_BYTES, total // (workers * SHARDS_PER_WORKER)))


def _cut(path: str, size: int, target: int) -> list[tuple[Piece, int]]:
    fmt = format_of(path)
    if size <= target or fmt not in SPLITTABLE or not _can_split(path, fmt):
        return [(Piece(path), size)]
    starts = range(0, size, target)
    return [(Piece(path, start, min(start + target, size) if start + target < size else None),
             min(target, size - start)) for start in starts]


def _can_split(path: str, fmt: str | None) -> bool:
    if fmt == WARC:
        from dechaff.warc import splittable

        try:
            return splittable(path)
        except OSError:
            return False
    return not compressed(path)


def _group(pieces: list[tuple[Piece, int]], target: int) -> list[Shard]:
    """Whole small files together up to `target` bytes; ranges of big files alone."""
    shards: list[Shard] = []
    group: list[Piece] = []
    size = 0
    for piece, piece_size in pieces:
        if group and (size + piece_size > target or piece.start or piece.end is not None):
            shards.append(Shard(len(shards), tuple(group), size))
            group, size = [], 0
        group.append(piece)
        size += piece_size
    if group:
        shards.append(Shard(len(shards), tuple(group), size))
    return shards
