"""A shard's journal: what became of each of its records, written as it goes, for resume.

One line per record, in the order the shard reads them, appended and flushed as soon as
the record is done (a `kill -9` loses nothing the operating system has):

    <n>\\tbegin                               record n is being worked on
    <n>\\tdoc\\t<id>\\t<keys json>\\t<row json>  record n gave a document
    <n>\\trej\\t<id>\\t{}\\t<row json>          record n was set aside

A rerun reads the journal, drops a torn last line, and goes on after the last record
done. A record that was begun `MAX_ATTEMPTS` times without an outcome killed its worker
each time (a segfault, the OOM killer): it is recorded as crashed and skipped. A shard
is done when its marker exists. The journal is locked while a worker writes it, so a
worker orphaned by a killed run finishes before a rerun touches the same shard.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

BEGIN, DOC, REJ = "begin", "doc", "rej"
# Times a record is begun before it is taken to kill its worker (a rerun after a kill -9
# begins it a second time; the executor and the run retry a dead worker's shard).
MAX_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a journal."""

    n: int
    status: str
    doc_id: str
    keys: dict[str, str]
    row: bytes  # the row's JSON, as written


@dataclass(slots=True)
class State:
    """Where a shard's journal stands: the next record to do, and how often it was begun."""

    next_n: int = 0
    attempts: int = 0


class Journal:
    """The open journal of one shard, locked; `state` says where to go on from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stream: IO[bytes] = open(path, "a+b")  # noqa: SIM115 -- closed by close()
        fcntl.flock(self.stream, fcntl.LOCK_EX)
        self.state = _recover(self.stream)

    def begin(self, n: int) -> None:
        self._write(f"{n}\t{BEGIN}\n".encode())

    def done(self, n: int, status: str, keys: dict[str, str], row: dict[str, Any]) -> None:
        self._write(f"{n}\t{status}\t{row['id']}\t{json.dumps(keys)}\t".encode()
                    + json.dumps(row, ensure_ascii=False).encode("utf-8", "surrogatepass")
                    + b"\n")

    def _write(self, line: bytes) -> None:
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        self.stream.close()  # releases the lock


@contextmanager
def journal(path: Path) -> Iterator[Journal]:
    opened = Journal(path)
    try:
        yield opened
    finally:
        opened.close()


def _recover(stream: IO[bytes]) -> State:
    """Cut a torn last line; count the records done and the attempts at the next one."""
    stream.seek(0)
    data = stream.read()
    whole = data[: data.rfind(b"\n") + 1]
    if len(whole) != len(data):
        stream.truncate(len(whole))
    state = State()
    for line in whole.splitlines():
        n_text, _, rest = line.partition(b"\t")
        n = int(n_text)
        if rest == BEGIN.encode():
            state.attempts = state.attempts + 1 if n == state.next_n else 1
            state.next_n = n
        else:
            state.next_n, state.attempts = n + 1, 0
    stream.seek(0, os.SEEK_END)
    return state


def entries(path: Path) -> Iterator[Entry]:
    """The outcomes of a finished journal, in order (begin lines skipped)."""
    with open(path, "rb") as stream:
        for line in stream:
            parts = line.rstrip(b"\n").split(b"\t", 4)
            if len(parts) == len(Entry.__slots__):  # begin lines have two
                n, status, doc_id, keys, row = parts
                yield Entry(int(n), status.decode(), doc_id.decode(), json.loads(keys), row)


def keys(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """(id, keys) of the documents of a finished journal, without reading their rows' text."""
    for entry in entries(path):
        if entry.status == DOC:
            yield entry.doc_id, entry.keys
