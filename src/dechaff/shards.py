"""The inputs of a run, found and cut into shards: the units of work and of resume.

A shard is a file, a byte range of a big file (WARC, WET and JSONL can be read from the
middle), or several small files together. Shards are planned from names and sizes alone,
before any work: the same inputs give the same shards, so a rerun finds its own.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dechaff.errors import ConfigError, InputError
from dechaff.readers import SPLITTABLE, WARC, compressed, format_of, require

# A shard is at least this big, so that the cost of starting one (opening files, finding
# the first record, writing its marker: about a millisecond) stays small beside its work...
MIN_SHARD_BYTES = 256 << 10
# ... and at most this big, so that a crash costs little and the progress bar moves.
MAX_SHARD_BYTES = 64 << 20
# A shard takes 1/(workers * SHARD_SHARE) of the input not yet cut (within the bounds
# above): the first are big, and the last, the ones the workers finish on, small.
SHARD_SHARE = 2


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
    """Cut the files into shards of about `shard_bytes`; by default, of sizes that fall as
    the input left falls (see _Sizes), so that the first shards are big and the last
    small: every worker stays busy to the end, and the one that finishes first waits on a
    small shard only."""
    sizes = [file_size(f) for f in files]
    shards = _Shards(_Sizes(sum(sizes), workers, shard_bytes))
    for path, size in zip(files, sizes, strict=True):
        for piece, piece_size in _cut(path, size, shards.sizes):
            shards.add(piece, piece_size)
    return shards.done()


@dataclass(slots=True)
class _Sizes:
    """The size of the next shard: `fixed`, or 1/(workers * SHARD_SHARE) of the input not
    yet in a shard, within MIN_SHARD_BYTES and MAX_SHARD_BYTES."""

    left: int
    workers: int
    fixed: int | None

    def target(self) -> int:
        return self.fixed or max(MIN_SHARD_BYTES, min(MAX_SHARD_BYTES,
                                                      self.left // (self.workers * SHARD_SHARE)))


@dataclass(slots=True)
class _Shards:
    """Shards as the pieces come: whole small files together up to the target; ranges of
    big files alone."""

    sizes: _Sizes
    shards: list[Shard] = field(default_factory=list)
    group: list[Piece] = field(default_factory=list)
    grouped: int = 0

    def add(self, piece: Piece, size: int) -> None:
        alone = piece.start > 0 or piece.end is not None
        if self.group and (alone or self.grouped + size > self.sizes.target()):
            self._close()
        self.group.append(piece)
        self.grouped += size
        if alone:
            self._close()

    def done(self) -> list[Shard]:
        if self.group:
            self._close()
        return self.shards

    def _close(self) -> None:
        self.shards.append(Shard(len(self.shards), tuple(self.group), self.grouped))
        self.sizes.left -= self.grouped
        self.group, self.grouped = [], 0


def file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # read as one piece; its reader reports why it cannot be read


def _cut(path: str, size: int, sizes: _Sizes) -> Iterator[tuple[Piece, int]]:
    """The file whole, or in ranges of the target size when each is cut."""
    fmt = format_of(path)
    if size <= sizes.target() or fmt not in SPLITTABLE or not _can_split(path, fmt):
        yield Piece(path), size
        return
    start = 0
    while start < size:
        step = sizes.target()
        if size - (start + step) < step // 2:  # what would be left: too little for a shard
            step = size - start
        end = start + step if start + step < size else None
        yield Piece(path, start, end), (end or size) - start
        start += step


def _can_split(path: str, fmt: str | None) -> bool:
    if fmt == WARC:
        from dechaff.warc import splittable

        try:
            return splittable(path)
        except OSError:
            return False
    return not compressed(path)


