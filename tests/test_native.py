"""The C passes (dechaff._article) give exactly what the Python passes give, on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench_pages import BENCH, bench_pages
from dechaff import dom, extractor, lexicon, native
from dechaff.extractor import DEFAULT

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.glob("samples/*.html"), *ROOT.glob("tests/pages/*.html")])
fast = native.module()
needs_c = pytest.mark.skipif(fast is None, reason="the C speed-ups are not built")


def differences(html: str) -> list[str]:
    """What differs between the two ways of judging one page, field by field."""
    parsed = dom.parse(html[: DEFAULT.max_chars])
    python = DEFAULT.judge(parsed, dom.Deadline(60.0), None, use_c=False)
    c = DEFAULT.judge(parsed, dom.Deadline(60.0), None)
    if native.same(python, c):
        return []
    if not isinstance(python, native.Judged) or not isinstance(c, native.Judged):
        return [f"python gave {python!r}, C gave {c!r}"]
    found = []
    for name in ("blocks", "linked", "sources", "inside", "in_chaff", "in_comments", "scores"):
        a, b = list(getattr(python, name)), list(getattr(c, name))
        if len(a) != len(b):
            found.append(f"{name}: {len(a)} in Python, {len(b)} in C")
            continue
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            wrong = abs(x - y) > native.SCORE_TOLERANCE if name == "scores" else x != y
            if wrong:
                found.append(f"{name}[{i}]: {x!r} in Python, {y!r} in C")
    return found


@needs_c
def test_the_c_passes_pass_their_start_up_check() -> None:
    assert extractor._native_agrees()


@needs_c
@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_the_c_passes_give_the_python_blocks_flags_and_scores(path: Path) -> None:
    assert differences(path.read_text(encoding="utf-8")) == []


@needs_c
@pytest.mark.parametrize("html", [
    "", "<p>", "<html><body></body></html>", "<body><script>x()</script></body>",
    "<body>" + "<div>" * 1000 + "deep text, in a sentence." + "</div>" * 1000 + "</body>",
    "<body><table>" + "<tr><td><table>" * 300 + "cell" + "</table></td></tr>" * 300,
    '<body><p class="\u0130stanbul caf\u00e9-menu \u4e2d\u6587 ABCdef a1b2 ---">x.</p></body>',
    "<body><a href=x><div>block in a link, with words enough to count.</div></a>tail</body>",
    "<body><ol><li><ul><li>a</li></ul></li><li>b</li></ol><br><br>text<br></body>",
    "<body>\x00\ufffd\udc80 text \u2028 more\u00a0text. <img src='x' alt='\u3000'></body>",
    ('<body><div style="display:none"><nav><a href="/">Home</a></nav><article hidden><p>An '
     "article hidden until scripts run, in a sentence.</p><p hidden>A hidden paragraph, with "
     "words.</p></article></div><p style=visibility:hidden>Hidden outside, a sentence.</p>"
     "</body>"),
])
def test_the_c_passes_agree_on_odd_pages(html: str) -> None:
    assert differences(html) == []


@needs_c
@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_c_passes_agree_on_every_benchmark_page() -> None:
    wrong = {name: found[:3] for name, html in bench_pages() if (found := differences(html))}
    assert wrong == {}


def screen_differences(texts: list[str]) -> list[str]:
    """The texts on which the C prompt screen and lexicon.may_be_prompt disagree."""
    c = native.prompt_screen(texts)
    return [text for text, flag in zip(texts, c, strict=True)
            if flag != lexicon.may_be_prompt(text)]


@needs_c
def test_the_c_prompt_screen_agrees_on_odd_texts() -> None:
    texts = ["", "Sign up for our NEWSLETTER!", "the_newsletter", "newsletter2", "2newsletter",
             "Abonnez-vous \u00e0 la lettre", "\u0130STANBUL ABONE OL", "\u5206\u4eab",
             "Share\u00a0this", "SHARE", "shares", "\x00share\udc80", "caf\u00e9 share"]
    assert screen_differences(texts) == []
    assert native.prompt_screen(["Share this story", "The council met.", "\u00a9 2026"]) == [
        True, False, True]
    # A prompt word counts only in a text short enough for a prompt that it may start.
    assert native.prompt_screen(["Share this story. " + "The council met. " * 10]) == [False]


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), max_size=5))
def test_the_c_prompt_screen_agrees_on_any_text(texts: list[str]) -> None:
    assert screen_differences(texts) == []


@needs_c
@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_c_prompt_screen_agrees_on_every_benchmark_block() -> None:
    wrong = []
    for _, html in bench_pages():
        judged = DEFAULT.judge(dom.parse(html[: DEFAULT.max_chars]), dom.Deadline(60.0), None)
        if isinstance(judged, native.Judged):
            wrong += screen_differences([block.text for block in judged.blocks])
    assert wrong == []


def test_every_prompt_word_is_made_of_letters() -> None:
    # The screen looks for the words as runs of letters; lexicon.prompt_kind looks for them
    # among \w+ words. A word of letters alone is found by both, so the screen misses none.
    assert all(word.isalpha() and word == word.lower() for word in lexicon.PROMPT_WORDS)


@pytest.mark.parametrize("text", ["Sign up for our newsletter", "SHARE THIS ON WHATSAPP",
                                  "Abonnez-vous \u00e0 notre newsletter", "Advertisement",
                                  "\u5206\u4eab\u5230\u5fae\u4fe1", "Follow us on Twitter"])
def test_the_screen_passes_every_prompt_the_lexicon_names(text: str) -> None:
    assert lexicon.kind_of(text, lexicon.words(text)) in lexicon.PROMPT_KINDS
    assert lexicon.prompt_kind(text) == lexicon.kind_of(text, lexicon.words(text))
    assert lexicon.may_be_prompt(text) and native.prompt_screen([text]) == [True]
