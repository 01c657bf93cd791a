"""Bytes to text by BOM, HTTP charset, meta charset, UTF-8, detection; never raising."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from dechaff.decode import decode

TEXT = "<p>Crème brûlée, naïve café</p>"


def test_a_byte_order_mark_wins() -> None:
    assert decode(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "iso-8859-1") == TEXT
    assert decode(codecs.BOM_UTF8 + TEXT.encode()) == TEXT


def test_the_http_charset_comes_before_the_meta_tag() -> None:
    data = ('<meta charset="utf-8">' + TEXT).encode("cp1252")
    assert decode(data, "windows-1252").endswith(TEXT)


def test_a_meta_charset_is_read() -> None:
    data = ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
            "<p>Привет</p>").encode("koi8-r")
    assert "Привет" in decode(data)


def test_utf8_declared_as_latin1_is_read_as_utf8() -> None:
    assert decode(('<meta charset="iso-8859-1">' + TEXT).encode()).endswith(TEXT)


def test_undeclared_non_utf8_is_detected() -> None:
    text = "<p>" + "Ce texte français est écrit en Latin-1, sans déclaration. " * 20 + "</p>"
    assert "français" in decode(text.encode("latin-1"))


@given(st.binary(max_size=2000), st.one_of(st.none(), st.sampled_from(
    ["utf-8", "bogus", "utf-16", "latin1", "", "shift_jis"])))
def test_decoding_never_raises(data: bytes, charset: str | None) -> None:
    assert isinstance(decode(data, charset), str)
