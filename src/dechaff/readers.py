"""The records of one piece of input: a whole file, or a byte range of a big one.

Formats, told by the file's name (`.gz` and `.zst` are read through):

    .warc .warc.gz .arc.warc ...  WARC response and resource records (HTML); WET
    .wet .wet.gz                  conversion records (flattened text)
    .jsonl .ndjson (.gz .zst)     one JSON object a line, text or HTML in a named field
    .parquet                      a text or HTML column
    .html .htm .xhtml (.gz)       one page a file
    .txt (.gz)                    one flattened text a file

A record that cannot be read (a corrupt WARC record, a truncated gzip member, a line that is
not UTF-8 or not JSON, a file that cannot be opened) is a `Broken` value: the caller counts
it and reading goes on.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from dechaff.document import Reason
from dechaff.errors import ConfigError

WARC, JSONL, PARQUET, HTML, TEXT = "warc", "jsonl", "parquet", "html", "text"
SUFFIXES = {
    WARC: (".warc", ".wet", ".arc.warc"),
    JSONL: (".jsonl", ".ndjson"),
    PARQUET: (".parquet",),
    HTML: (".html", ".htm", ".xhtml"),
    TEXT: (".txt",),
}
COMPRESSIONS = (".gz", ".zst")
# Formats whose uncompressed files can be read in byte ranges (a record per line or per
# WARC record; gzipped WARC per member, see shards.py).
SPLITTABLE = frozenset({WARC, JSONL})


@dataclass(frozen=True, slots=True)
class Record:
    """One record that may hold a page: its content and what its container says of it."""

    offset: int  # where it starts in the file: a byte offset, or a row number in Parquet
    kind: str  # "html" for pages to extract, "text" for flattened text to clean
    content: bytes | str
    url: str | None = None
    charset: str | None = None  # from the HTTP Content-Type header
    record_id: str | None = None  # the container's own id (WARC-Record-ID)
    content_type: str = ""  # the payload's media type when the container says it
    truncated: bool = False  # cut at `max_bytes`


@dataclass(frozen=True, slots=True)
class Broken:
    """A record that could not be read, and why."""

    offset: int
    detail: str
    reason: Reason = Reason.UNREADABLE


@dataclass(frozen=True, slots=True)
class Fields:
    """Where JSONL and Parquet records keep their text or HTML and their URL."""

    text: str = "text"
    html: str | None = None  # when set, records hold HTML in this field and are extracted
    url: str = "url"


def require(module: str, extra: str, what: str) -> None:
    """Before any work: a ConfigError when an optional library is not installed."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"{what} needs {module}: pip install 'dechaff[{extra}]'")


def format_of(path: str) -> str | None:
    """The format a file's name says, or None."""
    name = path.lower()
    for compression in COMPRESSIONS:
        name = name.removesuffix(compression)
    for fmt, suffixes in SUFFIXES.items():
        if name.endswith(suffixes):
            return fmt
    return None


def kinds_of(paths: Sequence[str], fields: Fields, peek: int = 16) -> frozenset[str]:
    """The kinds of record ("html", "text") the files hold, as far as their names, the
    fields and the first record of the first `peek` WARC files tell; both when unsure."""
    kinds: set[str] = set()
    warcs = 0
    for path in paths:
        fmt = format_of(path)
        if fmt == HTML:
            kinds.add(HTML)
        elif fmt in (JSONL, PARQUET):
            kinds.add(HTML if fields.html else TEXT)
        elif fmt != WARC:
            kinds.add(TEXT)
        elif warcs == peek:
            return frozenset({HTML, TEXT})
        else:  # a WARC of responses (HTML), or a WET of conversions (text)
            warcs += 1
            first = next(read_piece(path, 0, None, fields, 1 << 16), None)
            kinds.update([first.kind] if isinstance(first, Record) else [HTML, TEXT])
    return frozenset(kinds)


def compressed(path: str) -> bool:
    return path.lower().endswith(COMPRESSIONS)


def read_piece(path: str, start: int, end: int | None, fields: Fields,
               max_bytes: int) -> Iterator[Record | Broken]:
    """The records of `path` that start in `[start, end)` (the whole file when end is None)."""
    fmt = format_of(path)
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block the read
            yield Broken(start, "not a regular file")
        elif start == 0 and fmt in (WARC, JSONL, PARQUET) and status.st_size == 0:
            yield Broken(0, "empty file", Reason.EMPTY)  # no record, but the user should know
        elif fmt == WARC:
            from dechaff.warc import read_range

            yield from read_range(path, start, end if end is not None else 1 << 62, max_bytes)
        elif fmt == JSONL:
            yield from _jsonl(path, start, end, fields, max_bytes)
        elif fmt == PARQUET:
            yield from _parquet(path, fields, max_bytes)
        else:
            yield _whole(path, HTML if fmt == HTML else "text", max_bytes)
    except (OSError, EOFError, zlib.error, ValueError) as error:
        # The file cannot be opened, or its compression broke off: the rest is one record.
        yield Broken(start, _reason(error))


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split()) or type(error).__name__


def open_binary(path: str) -> IO[bytes]:
    """A file, decompressed when its name ends in .gz or .zst."""
    lower = path.lower()
    if lower.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if lower.endswith(".zst"):
        import zstandard

        # zstandard's reader reads, but has no readline: buffered, it reads lines.
        return io.BufferedReader(zstandard.open(path, "rb"))
    return open(path, "rb")


def _whole(path: str, kind: str, max_bytes: int) -> Record | Broken:
    with open_binary(path) as stream:
        data = stream.read(max_bytes + 1)
    return Record(0, kind, data[:max_bytes], truncated=len(data) > max_bytes)


def _lines(path: str, start: int, end: int | None) -> Iterator[tuple[int, bytes]]:
    """(offset, line) for the lines that start in `[start, end)`; offsets in the
    decompressed stream for compressed files, which are read whole."""
    with open_binary(path) as stream:
        if start and not compressed(path):
            stream.seek(start - 1)
            if stream.read(1) != b"\n":
                stream.readline()  # the line that started before `start` is not ours
        position = stream.tell() if not compressed(path) else 0
        for line in stream:
            if end is not None and position >= end:
                return
            yield position, line
            position += len(line)


def _jsonl(path: str, start: int, end: int | None, fields: Fields,
           max_bytes: int) -> Iterator[Record | Broken]:
    for offset, line in _lines(path, start, end):
        if line.strip():
            yield _json_record(offset, line, fields, max_bytes)


def _json_record(offset: int, line: bytes, fields: Fields, max_bytes: int) -> Record | Broken:
    try:
        row = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        return Broken(offset, f"not UTF-8 (byte {error.start})")
    except ValueError as error:
        return Broken(offset, f"not JSON: {error}")
    if not isinstance(row, dict):
        return Broken(offset, f"not a JSON object but {type(row).__name__}")
    return _row_record(offset, row, fields, max_bytes)


def _row_record(offset: int, row: dict[str, Any], fields: Fields,
                max_bytes: int) -> Record | Broken:
    name = fields.html or fields.text
    content = row.get(name)
    if not isinstance(content, str):
        return Broken(offset, f"no string field {name!r}")
    url = row.get(fields.url)
    cut = len(content) > max_bytes
    return Record(offset, HTML if fields.html else "text", content[:max_bytes],
                  url=url if isinstance(url, str) else None, truncated=cut)


def _parquet(path: str, fields: Fields, max_bytes: int) -> Iterator[Record | Broken]:
    import pyarrow.parquet as pq

    name = fields.html or fields.text
    table = pq.ParquetFile(path)
    if name not in table.schema_arrow.names:
        yield Broken(0, f"no column {name!r}")
        return
    columns = [c for c in (name, fields.url) if c in table.schema_arrow.names]
    row = 0
    for batch in table.iter_batches(columns=columns):
        for values in batch.to_pylist():
            yield _row_record(row, values, fields, max_bytes)
            row += 1
