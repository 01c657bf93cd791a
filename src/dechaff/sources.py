"""Inputs of the command line: files, directories of pages, URLs and standard input."""

from __future__ import annotations

import errno
import gzip
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dechaff.errors import ConfigError, InputError
from dechaff.fetch import MAX_BYTES

# Files and standard input are read up to the size cap of fetched pages, for the same reason.
MAX_INPUT_BYTES = MAX_BYTES
# File names taken as web pages when a directory is walked; each may also end in .gz.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
# Output names made from URLs are cut to this many characters, well under file systems'
# 255-byte limit once the extension and a "-2" are added.
MAX_NAME_CHARS = 120
URL = re.compile(r"^https?://", re.IGNORECASE)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Source:
    """One input: a path, a URL, or "-" with the bytes read from standard input."""

    name: str
    data: bytes | None = None
    url: str | None = None  # the address the page came from, when the user gives it


def read(path: str, max_bytes: int) -> bytes:
    """Up to `max_bytes + 1` bytes of a regular file, decompressed when its name ends in
    .gz. Anything else (a FIFO, a socket, a device) raises OSError: opening a FIFO that no
    one writes to waits forever."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(errno.EINVAL, "not a regular file", path)
    compressed = path.lower().endswith(".gz")
    with gzip.open(path, "rb") if compressed else open(path, "rb") as stream:
        return stream.read(max_bytes + 1)


def reason_of(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split()) or type(error).__name__


def resolve(inputs: Sequence[str], url: str | None) -> list[tuple[Source, str]]:
    """Each input as a Source with the stem of its output file; raises InputError."""
    if url is not None and (len(inputs) != 1 or URL.match(inputs[0])):
        raise ConfigError("--url applies to one input, a file or -")
    if list(inputs).count("-") > 1:
        raise ConfigError("- (standard input) can be given only once")
    found: list[tuple[Source, str]] = []
    for name in inputs:
        found.extend(_expand(name, url))
    return list(zip((s for s, _ in found), _unique([n for _, n in found]), strict=True))


def _expand(name: str, url: str | None) -> list[tuple[Source, str]]:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        return [(Source("-", data, url), "stdin")]
    if URL.match(name):
        return [(Source(name), _url_stem(_checked_url(name)))]
    path = Path(name)
    if path.is_dir():
        pages = walk(path)
        if not pages:
            raise InputError(f"{name}: no {', '.join(PAGE_SUFFIXES)} or .gz pages in directory")
        return [(Source(str(p)), _stem(p.relative_to(path))) for p in pages]
    if not path.exists():
        raise InputError(f"{name}: no such file or directory")
    if not os.access(path, os.R_OK):
        raise InputError(f"{name}: permission denied")
    if not path.is_file():  # a pipe the user named (`<(curl ...)`): read it now, as "-"
        return [(Source(name, _read_stream(name), url), _stem(Path(path.name)))]
    return [(Source(name, url=url), _stem(Path(path.name)))]


def _read_stream(name: str) -> bytes:
    try:
        with open(name, "rb") as stream:
            return stream.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InputError(f"{name}: cannot read: {reason_of(error)}") from error


def _checked_url(url: str) -> str:
    """The URL, or a ConfigError saying what is wrong with it."""
    try:
        host = urlsplit(url).hostname
    except ValueError as error:  # an unclosed IPv6 bracket, a bad port
        raise ConfigError(f"{url}: invalid address: {reason_of(error)}") from error
    if not host:
        raise ConfigError(f"{url}: invalid address: no host name")
    return url


def walk(root: Path) -> list[Path]:
    """The web pages under `root`, in a stable order, skipping hidden files and folders."""
    pages: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        pages.extend(Path(folder, f) for f in sorted(files) if _is_page(f))
    return pages


def _is_page(name: str) -> bool:
    lower = name.lower().removesuffix(".gz")
    return not name.startswith(".") and lower.endswith(PAGE_SUFFIXES)


def _stem(relative: Path) -> str:
    """The output name of a file, without its extension: `news/a.html.gz` -> `news/a`."""
    name = relative.name.removesuffix(".gz").removesuffix(".GZ")
    return str(relative.with_name(Path(name).stem or name))


def _url_stem(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"\.(html?|xhtml)$", "", parts.path.strip("/"), flags=re.IGNORECASE)
    raw = "_".join(p for p in (parts.hostname or "", path, parts.query) if p)
    return _UNSAFE_NAME.sub("_", raw).strip("._")[:MAX_NAME_CHARS] or "page"


def _unique(stems: list[str]) -> list[str]:
    """Stems made unique with -2, -3, ...; compared without case, as some file systems do."""
    seen: set[str] = set()
    out: list[str] = []
    for stem in stems:
        candidate, n = stem, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate.lower())
        out.append(candidate)
    return out
