"""Outputs of the command line: standard output, or one file per input written atomically."""

from __future__ import annotations

import os
import secrets
import sys
from contextlib import suppress
from pathlib import Path

from dechaff.errors import OutputError
from dechaff.sources import reason_of


class Sink:
    """Where documents go: standard output, or one file each in a directory."""

    def __init__(self, directory: Path | None, extension: str, separator: str) -> None:
        self.directory, self.extension, self.separator = directory, extension, separator
        self.count = 0
        if directory is not None:
            _prepare(directory)

    def write(self, stem: str, text: str) -> None:
        data = (text + "\n").encode("utf-8", errors="replace")
        if self.directory is not None:
            write_atomic(self.directory / (stem + self.extension), data)
        else:
            _to_stdout(self.separator.encode() + data if self.count else data)
        self.count += 1


def _to_stdout(data: bytes) -> None:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise  # the reader left (`| head`): click ends the run quietly
    except OSError as error:
        raise OutputError(f"standard output: cannot write: {reason_of(error)}") from error


def _prepare(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{directory}: cannot create directory: {reason_of(error)}") from error
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(f"{directory}: permission denied")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it: all or nothing."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as error:
        with suppress(OSError):
            temporary.unlink()
        raise OutputError(f"{path}: cannot write: {reason_of(error)}") from error
