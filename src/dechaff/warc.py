"""WARC and WET archives: the records of a byte range, and where records start.

FastWARC reads the records (benchmarks/warc_readers.py: it read the benchmark WARC 2.5x
faster than warcio, gzipped 2.3x). It stops at the first broken record; here a broken
record (a bad header, a corrupt or truncated gzip member, a block shorter than its
Content-Length) becomes one `Broken` value and reading goes on from the next record start.
A byte range reads the records that start inside it, so that byte ranges of one big file
can be read by different workers and every record is read once, broken ones included.
What FastWARC skips without a word (a header line with no colon makes it pass over the
record) is not seen here either, and a record cut short in the middle of an uncompressed
file takes the next one into its block: neither is counted.
"""

from __future__ import annotations

import zlib
from collections.abc import Generator, Iterator
from typing import Any, BinaryIO

from dechaff.readers import Broken, Record

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
# How far to look for the next record start, a read at a time.
SEARCH_CHUNK = 1 << 20
# Bytes of a gzip member decompressed to check that it opens a WARC record.
PROBE_BYTES = 64
PROBE_STEP = 16
GZIP_HEADER_BYTES = 10
GZIP_RESERVED = 0xE0  # flag bits a gzip header never sets
# A response's block is read this far past `max_bytes`, for its HTTP headers.
HTTP_HEAD_BYTES = 1 << 16
END_OF_FILE = 1 << 62
# A gzipped WARC whose first member holds more than this is one gzip stream, not a member
# per record: it cannot be read from the middle (records are rarely above a few MB).
MAX_MEMBER_BYTES = 64 << 20


def is_gzipped(path: str) -> bool:
    with open(path, "rb") as stream:
        return stream.read(3) == GZIP_MAGIC


def splittable(path: str) -> bool:
    """Whether a WARC can be read from the middle: uncompressed, or a gzip member a record."""
    if not is_gzipped(path):
        return True
    inflate = zlib.decompressobj(31)
    size = 0
    with open(path, "rb") as stream:
        while not inflate.eof and size <= MAX_MEMBER_BYTES:
            chunk = stream.read(1 << 16)
            if not chunk:
                return False
            try:
                size += len(inflate.decompress(chunk))
            except zlib.error:
                return False
        return inflate.eof and bool(inflate.unused_data or stream.read(1))


def read_range(path: str, start: int, end: int, max_bytes: int) -> Iterator[Record | Broken]:
    """The records that start in `[start, end)` of a WARC or WET file, gzipped or not."""
    gzipped = is_gzipped(path)
    with open(path, "rb") as stream:
        position = next_start(stream, start, end, gzipped)
        if start == 0 and position != 0 and stream.seek(0, 2):
            yield Broken(0, "not a WARC record at the start of the file")
        while position is not None:
            last, error = yield from _read_from(stream, position, end, max_bytes)
            if error is None:
                return
            if last is None:  # the record at `position` is broken itself
                yield Broken(position, error)
                position = next_start(stream, position + 1, end, gzipped)
                continue
            # A record after `last` broke: the next record start we can find, when it cannot
            # be read either (the shard it starts in reports it), or else the bytes before
            # it, a header too broken to be found (reported here, after `last`).
            following = next_start(stream, last + 1, END_OF_FILE, gzipped)
            if following is None or not _fails_at(stream, following, max_bytes):
                yield Broken(last + 1, f"{error} (after the record at {last})")
            position = following if following is not None and following < end else None


def _fails_at(stream: BinaryIO, position: int, max_bytes: int) -> bool:
    """Whether the record that starts at `position` cannot be read."""
    last, error = yield_none(_read_from(stream, position, position + 1, max_bytes))
    return last is None and error is not None


def yield_none(records: Generator[Record, None, tuple[int | None, str | None]]
               ) -> tuple[int | None, str | None]:
    """Run a reader to its end, dropping its records; what it returns."""
    while True:
        try:
            next(records)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


def _read_from(stream: BinaryIO, position: int, end: int, max_bytes: int
               ) -> Generator[Record, None, tuple[int | None, str | None]]:
    """Records from `position` on; returns (offset of the last good one, error or None)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
    stream.seek(position)
    last: int | None = None
    try:
        for raw in ArchiveIterator(stream, record_types=wanted, parse_http=False):
            if raw.stream_pos >= end:
                break
            record = _record(raw, max_bytes)
            if isinstance(record, Broken):
                return last, record.detail
            last = raw.stream_pos
            yield record
    except OSError as error:
        return last, " ".join(str(error).split()) or "unreadable record"
    return last, None


def _record(raw: Any, max_bytes: int) -> Record | Broken:
    """A FastWARC record as a Record; Broken when its block is shorter than declared."""
    from fastwarc.warc import WarcRecordType

    headers = raw.headers
    declared = _int(headers.get("Content-Length"))
    if declared is None:  # where it ends is anyone's guess: what follows is read as broken
        return Broken(raw.stream_pos, "no valid Content-Length")
    block = raw.reader.read(max_bytes + HTTP_HEAD_BYTES)
    cut = len(block) > max_bytes
    if not cut and len(block) < declared:
        return Broken(raw.stream_pos, f"truncated: {len(block)} of {declared} bytes")
    kind = "text" if raw.record_type == WarcRecordType.conversion else "html"
    content_type, charset, payload = _payload(raw, block)
    return Record(offset=raw.stream_pos, kind=kind, content=payload[:max_bytes],
                  url=headers.get("WARC-Target-URI"), charset=charset,
                  record_id=headers.get("WARC-Record-ID"), content_type=content_type,
                  truncated=cut or len(payload) > max_bytes)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _payload(raw: Any, block: bytes) -> tuple[str, str | None, bytes]:
    """The media type, charset and payload of a block; HTTP headers are split off."""
    from fastwarc.warc import WarcRecordType

    content_type = raw.headers.get("Content-Type", "") or ""
    if raw.record_type == WarcRecordType.response and block.startswith(b"HTTP/"):
        head, _, block = block.partition(b"\r\n\r\n")
        content_type = _http_header(head, b"content-type")
    media, _, parameters = content_type.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media.strip().lower(), charset, block


def _http_header(head: bytes, name: bytes) -> str:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip().decode("latin-1")
    return ""


def next_start(stream: BinaryIO, position: int, end: int, gzipped: bool) -> int | None:
    """The offset of the first record start at or after `position` and before `end`."""
    magic = GZIP_MAGIC if gzipped else WARC_MAGIC
    while position < end:
        stream.seek(max(position - 1, 0))
        before = stream.read(1) if position else b"\n"
        chunk = before + stream.read(SEARCH_CHUNK + len(magic))
        if len(chunk) <= 1:
            return None
        found = _find(chunk, magic, gzipped, stream, position)
        if found is not None:
            return found if found < end else None
        position += SEARCH_CHUNK
    return None


def _find(chunk: bytes, magic: bytes, gzipped: bool, stream: BinaryIO, base: int) -> int | None:
    """The first true record start in `chunk`, which holds the byte before `base` first."""
    at = chunk.find(magic, 1)
    while at != -1 and at <= SEARCH_CHUNK:
        offset = base + at - 1
        if _starts_record(chunk, at, gzipped, stream, offset):
            return offset
        at = chunk.find(magic, at + 1)
    return None


def _starts_record(chunk: bytes, at: int, gzipped: bool, stream: BinaryIO, offset: int) -> bool:
    if not gzipped:
        return chunk[at - 1:at] == b"\n"  # a header opens a line
    stream.seek(offset)
    member = stream.read(PROBE_BYTES * 64)
    inflate, opened = zlib.decompressobj(31), b""
    # A little at a time, so that a member corrupt further on still shows its first bytes:
    # it is a broken record to count, not bytes to skip.
    # A member corrupt before its first bytes came out (a deflate block opens with its
    # code tables) counts when its gzip header is sound: past the start of a shard, the
    # search for a record start only runs after a broken record.
    for at in range(0, len(member), PROBE_STEP):
        try:
            opened += inflate.decompress(member[at:at + PROBE_STEP])
        except zlib.error:
            return not opened and at > GZIP_HEADER_BYTES and not member[3] & GZIP_RESERVED
        if len(opened) >= len(WARC_MAGIC):
            break
    return opened.startswith(WARC_MAGIC)
