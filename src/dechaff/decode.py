"""Bytes to text, never raising on content.

The chain, first match wins:
1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the charset of the HTTP Content-Type header, when the caller passes it;
3. a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first bytes;
4. valid UTF-8;
5. detection (charset-normalizer) on a bounded prefix;
6. windows-1252, which maps every byte, with anything undecodable replaced.

A declared single-byte Western charset loses to UTF-8 when the bytes are valid UTF-8 and
contain multi-byte sequences: servers that declare latin-1 for UTF-8 pages are common, the
reverse almost never happens by accident.
"""

from __future__ import annotations

import codecs
import re

# The HTML standard's prescan looks at the first 1024 bytes; real pages put long scripts and
# comments before their meta tag, so we look further, still bounded.
META_SCAN_BYTES = 8192
# Detection is quadratic-ish on some inputs; a 64 KiB prefix is enough to decide a charset.
DETECT_BYTES = 65536

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
# Labels the web uses for windows-1252 (the WHATWG Encoding standard maps them all there).
_WESTERN = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii", "cp1252",
                      "windows-1252", "l1"})


def decode(data: bytes, charset: str | None = None) -> str:
    """Decode `data` by the chain in the module docstring; never raises on content."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace")
    declared = _codec(charset) or _codec(_meta_charset(data))
    if declared is not None:
        if declared in _WESTERN_CODECS and _is_multibyte_utf8(data):
            return data.decode("utf-8")
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode(_detect(data) or "cp1252", errors="replace")


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data, 0, META_SCAN_BYTES)
    return match.group(1).decode("ascii", errors="replace") if match else None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown or unusable."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WESTERN:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page cannot really be in UTF-16 without a BOM we would have seen; the label is a lie.
    return None if name.startswith(("utf-16", "utf-32")) else name


_WESTERN_CODECS = frozenset({"cp1252", "latin-1", "iso8859-1", "ascii"})


def _is_multibyte_utf8(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported here: `import dechaff` stays light

    best = from_bytes(data[:DETECT_BYTES]).best()
    return _codec(best.encoding) if best is not None else None
