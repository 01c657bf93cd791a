"""Bytes to text by BOM, HTTP charset, meta charset, UTF-8, detection; never raising."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

import httpx
import pytest
import webencodings
from hypothesis import given
from hypothesis import strategies as st

import dechaff
from dechaff import Document, Page, Rejection
from dechaff.decode import decode, web_encoding
from dechaff.fetch import Fetched, Fetcher
from local_http import Route, serving

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


# -- charset labels: only the WHATWG Encoding standard's select a decoder -----------------
ARTICLE = ("<article><p>The council met on Tuesday to discuss the budget, and it agreed. "
           "The caf\xe9 on the square will stay open.</p></article>")
BODY = ARTICLE.encode("latin-1")  # one byte that is not UTF-8, which each decoder reads its way


def python_labels() -> list[str]:
    """Every codec label Python knows: its aliases, their codecs and the codec modules."""
    import encodings
    import pkgutil
    from encodings.aliases import aliases

    modules = {m.name for m in pkgutil.iter_modules(encodings.__path__)} - {"aliases"}
    return sorted(set(aliases) | set(aliases.values()) | modules)


LABELS = python_labels() + sorted(set(webencodings.LABELS) - set(python_labels()))


def expected(label: str) -> str:
    """The article as a browser reads BODY under `label`: by the standard's decoder when the
    label is one of the standard's, else as if there were no label."""
    encoding = web_encoding(label)
    if encoding is None:
        return decode(BODY)
    return webencodings.lookup(encoding).codec_info.decode(BODY, "replace")[0]


def article_of(result: Document | Rejection) -> str:
    assert isinstance(result, Document), result
    return result.text


def test_python_knows_over_four_hundred_labels_and_some_are_not_text_encodings() -> None:
    assert len(python_labels()) > 400
    assert {"rot13", "base64", "zlib", "idna", "punycode", "undefined"} <= set(python_labels())


@pytest.mark.parametrize("label", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri",
                                   "zip", "idna", "undefined", "punycode", "a\x00", "utf\u00e9",
                                   "\udc80", " ", "mbcs", "cp775", "mac-iceland"])
def test_a_label_outside_the_standard_is_ignored(label: str) -> None:
    assert decode(BODY, label) == decode(BODY)
    assert decode(f'<meta charset="{label}">'.encode("latin-1", "replace") + BODY).endswith(
        decode(BODY))


@pytest.mark.parametrize("label", LABELS)
def test_every_codec_label_in_a_meta_charset_gives_what_a_browser_reads(label: str) -> None:
    meta = f'<meta charset="{label}">'.encode("ascii")
    result = dechaff.extract(meta + BODY)
    assert article_of(result) in " ".join(expected(label).split()).replace("\n", " ")


@pytest.mark.parametrize("label", LABELS)
def test_every_codec_label_as_the_page_charset_gives_what_a_browser_reads(label: str) -> None:
    result = dechaff.extract(Page(BODY, charset=label))
    assert article_of(result) in expected(label)


@pytest.mark.parametrize("label", LABELS)
def test_every_codec_label_in_an_http_content_type_gives_what_a_browser_reads(label: str) -> None:
    response = httpx.Response(200, headers={"Content-Type": f"text/html; charset={label}"})
    page = Page(BODY, charset=response.charset_encoding)  # as the fetcher makes it
    assert article_of(dechaff.extract(page)) in expected(label)


@pytest.fixture(scope="module")
def labelled() -> Iterator[str]:
    routes = {f"/{label}": Route(body=BODY, content_type=f"text/html; charset={label}")
              for label in FETCHED_LABELS}
    with serving(routes) as base:
        yield base


# Python's labels that are no text encoding, and some of the standard's (a fetch costs 40 ms).
FETCHED_LABELS = ["rot13", "base64", "zlib", "idna", "punycode", "undefined", "utf-16",
                  "koi8-r", "latin1", "x-user-defined", "iso-2022-kr"]


def test_a_fetched_page_is_decoded_by_the_standard_s_labels_only(labelled: str) -> None:
    fetcher = Fetcher()
    for label in FETCHED_LABELS:
        fetched = fetcher(f"{labelled}/{label}")
        assert isinstance(fetched, Fetched), (label, fetched)
        assert article_of(dechaff.extract(fetched.page)) in expected(label), label


# -- nearly UTF-8 -------------------------------------------------------------------------
UTF8_PAGE = ("<p>The council \u2014 all nine of its members \u2014 met on Tuesday in the "
             "Rath\u00e4us to discuss the budget; \u201cit agreed\u201d, said the mayor.</p>")


@pytest.mark.parametrize("stray", [b"\x80", b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80"])
def test_one_bad_byte_in_a_utf8_page_leaves_the_rest_utf8(stray: bytes) -> None:
    data = UTF8_PAGE.encode()
    data = data[:40] + stray + data[40:]
    text = decode(data)
    assert "\u2014 met on Tuesday in the Rath\u00e4us" in text
    assert "\u201cit agreed\u201d" in text
    assert "\ufffd" in text


def test_one_bad_byte_does_not_make_a_utf8_page_declared_latin1_mojibake() -> None:
    data = b'<meta charset="iso-8859-1">' + UTF8_PAGE.encode() + b"\xa0"
    assert "\u201cit agreed\u201d" in decode(data)


@pytest.mark.parametrize("encoding", ["cp1252", "cp1251", "koi8-r", "iso-8859-2", "gbk",
                                      "shift_jis", "euc-kr", "big5"])
def test_a_legacy_page_is_not_taken_for_utf8_with_bad_bytes(encoding: str) -> None:
    text = {"cp1252": "Cr\u00e8me br\u00fbl\u00e9e, na\u00efve caf\u00e9 \u00e0 la carte. ",
            "cp1251": "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! ",
            "koi8-r": "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440! ",
            "iso-8859-2": "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. ",
            "gbk": "\u4eca\u5929\u5929\u6c14\u5f88\u597d\uff0c\u6211\u4eec\u53bb\u516c\u56ed\u3002",
            "shift_jis": "\u4eca\u65e5\u306f\u3044\u3044\u5929\u6c17\u3067\u3059\u306d\u3002",
            "euc-kr": "\uc624\ub298\uc740 \ub0a0\uc528\uac00 \uc88b\uc2b5\ub2c8\ub2e4. ",
            "big5": "\u4eca\u5929\u5929\u6c23\u5f88\u597d\uff0c\u6211\u5011\u53bb\u516c\u5712\u3002"
            }[encoding] * 30
    data = f"<p>{text}</p>".encode(encoding)
    assert data.decode("utf-8", "replace").count("\ufffd") > 30
    assert "\ufffd" not in decode(data)
