"""Bytes to text, never raising on content.

The chain, first match wins:
1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the charset of the HTTP Content-Type header, when the caller passes it;
3. a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first bytes;
4. UTF-8, when the bytes are valid UTF-8 or nearly so (a few bad bytes are replaced);
5. detection (charset-normalizer) on a bounded prefix, among the web's encodings;
6. windows-1252, which maps every byte, with anything undecodable replaced.

Only labels of the WHATWG Encoding standard, the ones browsers accept, select a decoder
(`webencodings` holds the standard's table); any other label (`rot13`, `base64`, `idna`,
a typo) is ignored, as a browser ignores it. A declared single-byte Western charset loses
to UTF-8 when the bytes are (nearly) valid UTF-8 with multi-byte sequences: servers that
declare latin-1 for UTF-8 pages are common, the reverse almost never happens by accident.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from codecs import CodecInfo

# The HTML standard's prescan looks at the first 1024 bytes; real pages put long scripts and
# comments before their meta tag, so we look further, still bounded.
META_SCAN_BYTES = 8192
# Detection is quadratic-ish on some inputs; a 64 KiB prefix is enough to decide a charset.
DETECT_BYTES = 65536
# Bytes that are valid UTF-8 but for a few bad sequences are UTF-8 with the bad bytes
# replaced, as browsers and trafilatura read them: one stray byte sent UTF-8 pages to
# detection, which chose cp775 or mac-iceland and garbled 9 of 16 benchmark pages (issue
# 14). A page is UTF-8 when it has MIN_VALID_PER_INVALID valid multi-byte characters per
# bad sequence, or, with at most FEW_INVALID bad sequences, one per bad sequence. Text in a
# legacy encoding read as UTF-8 is mostly bad sequences: the 311 benchmark pages encoded in
# 15 legacy charsets (3,902 pages with a non-ASCII byte) had at most 0.65 valid ones per
# bad one (GBK), and none passed either test; UTF-8 pages with one bad byte inserted all
# pass (BENCHMARKS.md, "Hostile input").
MIN_VALID_PER_INVALID = 4
FEW_INVALID = 5

# Magic numbers of formats that reach text tools by mistake.
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"PK\x03\x04",
                 b"BZh", b"\xfd7zXZ", b"(\xb5/\xfd", b"RIFF", b"\x00\x00\x01\x00", b"OggS",
                 b"ID3", b"fLaC", b"\x7fELF", b"MZ", b"wOFF", b"wOF2", b"\x00asm")
# Text has no control bytes but tab and line breaks; in this many first bytes, more than a
# tenth of them (not UTF-16, whose ASCII has a NUL in every other byte) is binary.
CONTROL_SCAN_BYTES = 4096
_CONTROLS = [bytes([c]) for c in (*range(9), *range(14, 29))]

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings of the standard whose label we do not follow: a page cannot really be in
# UTF-16 without a BOM we would have seen (the HTML standard reads such a meta as UTF-8),
# and "replacement" (ISO-2022-KR, HZ) would turn the whole page into one U+FFFD.
_IGNORED = frozenset({"utf-16be", "utf-16le", "replacement"})
# What the web means by latin-1 and ASCII: windows-1252, the standard says.
_WESTERN = "windows-1252"

Decoder: TypeAlias = Callable[[bytes, str], tuple[str, int]]


def decode(data: bytes, charset: str | None = None) -> str:
    """Decode `data` by the chain in the module docstring; never raises on content."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    declared = web_encoding(charset) or web_encoding(_meta_charset(data))
    if declared is not None and declared != _WESTERN:
        return _decoder(declared)(data, "replace")[0]
    text = data.decode("utf-8", errors="replace")
    if _mostly_utf8(data, text):
        return text
    return _decoder(declared or _detect(data) or _WESTERN)(data, "replace")[0]


def binary(data: bytes) -> str | None:
    """What says `data` is no text (a magic number, control bytes), or None."""
    if data.startswith(_BINARY_MAGIC):
        return "binary content (magic number)"
    head = data[:CONTROL_SCAN_BYTES]
    controls = sum(head.count(c) for c in _CONTROLS)
    if controls > len(head) // 10 and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary content (control bytes)"
    return None


def web_encoding(label: str | None) -> str | None:
    """The WHATWG name of the encoding a charset label selects, or None when the label is
    not one of the standard's (or one we do not follow)."""
    if not isinstance(label, str) or not label.isascii():
        return None
    from webencodings import LABELS  # imported here: `import dechaff` stays light

    name = LABELS.get(label.strip("\t\n\f\r ").lower())
    return None if name is None or name in _IGNORED else name


def _decoder(name: str) -> Decoder:
    """The decoding function of a WHATWG encoding name."""
    return _codec_info(name).decode


@lru_cache(maxsize=64)
def _codec_info(name: str) -> CodecInfo:
    from webencodings import lookup

    encoding = lookup(name)
    assert encoding is not None, name  # every name comes from the standard's table
    return encoding.codec_info  # type: ignore[no-any-return]


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data, 0, META_SCAN_BYTES)
    return match.group(1).decode("ascii", errors="replace") if match else None


def _mostly_utf8(data: bytes, text: str) -> bool:
    """Whether `text`, `data` decoded as UTF-8 with replacement, is UTF-8 but for a few bad
    bytes (MIN_VALID_PER_INVALID, FEW_INVALID)."""
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # less the real U+FFFDs
    if bad <= 0:
        return True
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return multibyte >= bad * (1 if bad <= FEW_INVALID else MIN_VALID_PER_INVALID)


def _detect(data: bytes) -> str | None:
    """The most likely of the standard's encodings among those charset-normalizer finds."""
    from charset_normalizer import from_bytes  # imported here: `import dechaff` stays light

    # (not preemptive: a declared label that is not the standard's stays ignored)
    for match in from_bytes(data[:DETECT_BYTES], preemptive_behaviour=False):
        for name in (match.encoding, *match.could_be_from_charset):
            found = _by_codec().get(codecs.lookup(name).name) or web_encoding(
                name.replace("_", "-"))
            if found is not None and found != "utf-8":
                return found
    return None


@lru_cache(maxsize=1)
def _by_codec() -> dict[str, str]:
    """The standard's encodings by the name of the Python codec that decodes each."""
    from webencodings import LABELS

    names = set(LABELS.values()) - _IGNORED - {"x-user-defined"}
    return {_codec_info(name).name: name for name in sorted(names, reverse=True)}
