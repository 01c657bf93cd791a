"""WARC and WET files written for the tests and the benchmark (one gzip member a record)."""

from __future__ import annotations

import gzip
import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path


def record(kind: str, url: str, block: bytes, content_type: str, seq: int) -> bytes:
    """One WARC/1.0 record; the record id is made from the URL and `seq`, so it is stable."""
    uid = str(uuid.UUID(hashlib.md5(f"{url}#{seq}".encode()).hexdigest()))
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uid}>\r\n"
            f"WARC-Date: 2020-03-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def response(url: str, body: bytes, seq: int, media: str = "text/html; charset=utf-8") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {media}\r\nContent-Length: {len(body)}\r\n\r\n"
    return record("response", url, http.encode() + body, "application/http; msgtype=response",
                  seq)


def request(url: str, seq: int) -> bytes:
    http = f"GET / HTTP/1.1\r\nHost: {url.split('/')[2]}\r\n\r\n".encode()
    return record("request", url, http, "application/http; msgtype=request", seq)


def conversion(url: str, text: str, seq: int) -> bytes:
    return record("conversion", url, text.encode("utf-8"), "text/plain", seq)


def write(path: Path, records: Iterable[bytes], gzipped: bool | None = None) -> Path:
    """The records as a file, each in its own gzip member when the name ends in .gz."""
    zipped = path.name.endswith(".gz") if gzipped is None else gzipped
    with open(path, "wb") as stream:
        for data in records:
            stream.write(gzip.compress(data, 6, mtime=0) if zipped else data)
    return path
