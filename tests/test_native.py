"""The C passes read lexbor's tree inside the selectolax release they were tested with, and
their prompt screen lets through every prompt the lexicon names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import selectolax
from hypothesis import given, settings
from hypothesis import strategies as st

from bench_pages import BENCH, bench_pages
from dechaff import dom, lexicon, native
from dechaff.extractor import DEFAULT

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.glob("samples/*.html"), *ROOT.glob("tests/pages/*.html")])


def judged_of(html: str) -> native.Judged | None:
    """The passes over a page as extract() reads it, with the shipped model."""
    body = dom.parse(html[: DEFAULT.max_chars]).body
    return native.judge(body, DEFAULT) if body is not None else None


def bench_judged() -> Iterator[tuple[str, native.Judged]]:
    """Each benchmark page with text, and the passes over it."""
    for name, html in bench_pages():
        judged = judged_of(html)
        if judged is not None:
            yield name, judged


def through_selectolax(body: dom.DomNode) -> list[tuple[str, str | None]]:
    """The body's elements and class attributes by selectolax's own API, in the order the
    passes walk them (an element's children are numbered together when it is reached, and
    the last child is reached first), leaving out what the passes skip."""
    out = [(body.tag, body.attributes.get("class"))]
    stack = [body]
    while stack:
        for child in stack.pop().iter():
            if child.tag not in dom.SKIPPED_TAGS:
                out.append((child.tag, child.attributes.get("class")))
                stack.append(child)
    return out


def walk_differences(html: str) -> list[str]:
    body = dom.parse(html).body
    assert body is not None
    ours = [(tag, cls) for tag, cls, _ in native.kinds(body)]
    theirs = through_selectolax(body)
    return [f"{i}: {a} != {b}" for i, (a, b) in enumerate(zip(ours, theirs, strict=False))
            if a != b] + ([f"{len(ours)} elements, not {len(theirs)}"]
                          if len(ours) != len(theirs) else [])


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_the_walk_reads_the_tree_selectolax_reads(path: Path) -> None:
    assert walk_differences(path.read_text(encoding="utf-8")) == []


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_walk_reads_the_tree_selectolax_reads_on_every_benchmark_page() -> None:
    wrong = {name: found[:3] for name, html in bench_pages()
             if (found := walk_differences(html[: DEFAULT.max_chars]))}
    assert wrong == {}


def test_attributes_and_names_beyond_ascii_are_read_as_written() -> None:
    html = ('<body><div class="caf\u00e9 \u4e2d\u6587" id=x><my-widget class="a&amp;b">'
            "<p class=''>x</p><p class>y</p></my-widget></div></body>")
    assert walk_differences(html) == []


def test_an_untested_selectolax_is_refused_with_the_release_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    native.check_parser()  # the installed one is tested
    monkeypatch.setattr(selectolax, "__version__", "9.9.9")
    with pytest.raises(native.UntestedParser, match=r"selectolax==1\.0\.2"):
        native.check_parser()


def missed_prompts(texts: list[str]) -> list[str]:
    """The texts that the lexicon names a prompt and the C screen does not let through."""
    screened = native.prompt_screen(texts)
    return [text for text, passed in zip(texts, screened, strict=True)
            if not passed and lexicon.prompt_kind(text) is not None]


@pytest.mark.parametrize("text", ["Sign up for our newsletter", "SHARE THIS ON WHATSAPP",
                                  "Abonnez-vous \u00e0 notre newsletter", "Advertisement",
                                  "\u5206\u4eab\u5230\u5fae\u4fe1", "Follow us on Twitter",
                                  "\u0130STANBUL ABONE OL", "Share\u00a0this"])
def test_the_screen_lets_through_every_prompt_the_lexicon_names(text: str) -> None:
    assert missed_prompts([text]) == []


def test_the_screen_stops_prose_and_long_texts() -> None:
    assert native.prompt_screen(["The council met on Tuesday.", ""]) == [False, False]
    # A prompt word counts only in a text short enough for a prompt that it may start.
    assert native.prompt_screen(["Share this story. " + "The council met. " * 10]) == [False]
    assert native.prompt_screen(["Share this story", "\u00a9 2026 Example"]) == [True, True]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), max_size=5))
def test_the_screen_misses_no_prompt_in_any_text(texts: list[str]) -> None:
    assert missed_prompts(texts) == []


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_screen_misses_no_prompt_among_the_benchmark_blocks() -> None:
    missed = []
    for _, judged in bench_judged():
        missed += missed_prompts([b.text for b in judged.blocks
                                  if len(b.text) <= lexicon.PROMPT_CHARS])
    assert missed == []


def test_every_prompt_word_is_made_of_letters() -> None:
    # The screen looks for the words as runs of letters; lexicon.prompt_kind looks for them
    # among \w+ words. A word of letters alone is found by both, so the screen misses none.
    assert all(word.isalpha() and word == word.lower() for word in lexicon.PROMPT_WORDS)


def scores_both_ways(html: str) -> list[tuple[object, object]]:
    """Each block's general-model score from a pass that scores both models, beside its
    score from a pass with the general model alone; and the article model's the same way."""
    from dechaff import classify

    body = dom.parse(html[: DEFAULT.max_chars]).body
    assert body is not None
    general = classify.general_model()
    both = native.judge(body, DEFAULT, None, False, general)
    alone = native.judge(body, DEFAULT, general)
    article = native.judge(body, DEFAULT)
    if both is None:
        assert alone is None and article is None
        return []
    assert alone is not None and article is not None and article.other_scores is None
    assert both.blocks == alone.blocks
    return [*zip(both.other_scores or [], alone.scores, strict=True),
            *zip(both.scores, article.scores, strict=True)]


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_one_pass_scores_both_models_as_a_pass_of_each_does(path: Path) -> None:
    pairs = scores_both_ways(path.read_text(encoding="utf-8"))
    assert pairs
    assert all(a == b for a, b in pairs)


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_one_pass_scores_both_models_on_every_benchmark_page() -> None:
    wrong = [name for name, html in bench_pages()
             if any(a != b for a, b in scores_both_ways(html))]
    assert wrong == []


def shape_by_definition(judged: native.Judged) -> dict[str, int | str]:
    """Judged.shape worked out in Python from the blocks, by pagetype's settings."""
    from dechaff import Kind, pagetype

    sizes = [len(block.text) for block in judged.blocks]
    kinds = [block.kind for block in judged.blocks]
    linked = [n >= pagetype.LINKED_SHARE * size for n, size in zip(judged.linked, sizes,
                                                                    strict=True)]
    paragraphs = sorted(size for size, kind in zip(sizes, kinds, strict=True)
                        if kind is Kind.PARAGRAPH)
    shape: dict[str, int | str] = {f"kind:{kind.value}": kinds.count(kind) for kind in Kind}
    texts = [block.text for block in judged.blocks]
    shape.update({
        "labels": "\n".join(t for t in texts if len(t) <= pagetype.MAX_LABEL_CHARS),
        "headings": "\n".join(t for t, kind in zip(texts, kinds, strict=True)
                              if kind is Kind.HEADING and len(t) <= pagetype.MAX_HEADING_CHARS),
        "dated": "\n".join(t for t in texts if len(t) <= pagetype.MAX_DATED_CHARS),
        "short": "\n".join(t for t in texts if len(t) <= pagetype.MAX_PRICED_CHARS)})
    shape.update({
        "blocks": len(sizes), "chars": sum(sizes), "linked": sum(linked),
        "linkchars": sum(judged.linked),
        "inside": sum(size for size, inside in zip(sizes, judged.inside, strict=True) if inside),
        "comments": sum(judged.in_comments), "main": sum(judged.in_main),
        "carded": sum(card >= pagetype.MIN_CARDS for card in judged.cards),
        "cardprose": sum(size for size, card in zip(sizes, judged.cards, strict=True)
                         if card >= pagetype.MIN_PROSE_CARDS
                         and size >= pagetype.MIN_CARD_PROSE),
        "leads": sum(1 for block in judged.blocks if block.links and block.links[0].start == 0),
        "heads": kinds.count(Kind.HEADING),
        "linkheads": sum(1 for kind, link in zip(kinds, linked, strict=True)
                         if link and kind is Kind.HEADING),
        "medpara": paragraphs[len(paragraphs) // 2] if paragraphs else 0,
        "longshare": sum(size for size in paragraphs if size >= pagetype.LONG_PARAGRAPH),
        "code": sum(size for size, kind in zip(sizes, kinds, strict=True) if kind is Kind.CODE),
        "table": sum(size for size, kind in zip(sizes, kinds, strict=True)
                     if kind is Kind.TABLE),
        "cut": sum(block.text.endswith(pagetype.CUT_SHORT) for block in judged.blocks)})
    return shape


def shape_differences(html: str) -> dict[str, tuple[int | str, int | str]]:
    judged = judged_of(html)
    if judged is None:
        return {}
    assert judged.shape is not None
    expected = shape_by_definition(judged)
    return {k: (judged.shape.get(k, -1), v) for k, v in expected.items()
            if judged.shape.get(k) != v} | {k: (v, -1) for k, v in judged.shape.items()
                                            if k not in expected}


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_the_shape_the_passes_count_is_the_shape_of_the_blocks(path: Path) -> None:
    assert shape_differences(path.read_text(encoding="utf-8")) == {}


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_shape_the_passes_count_is_the_shape_of_the_blocks_on_every_benchmark_page(
        ) -> None:
    wrong = {name: found for name, html in bench_pages() if (found := shape_differences(html))}
    assert wrong == {}


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_a_pass_not_asked_for_the_shape_gives_the_same_blocks_and_scores_without_it(
        path: Path) -> None:
    body = dom.parse(path.read_text(encoding="utf-8")[: DEFAULT.max_chars]).body
    assert body is not None
    with_shape = native.judge(body, DEFAULT)
    without = native.judge(body, DEFAULT, shape=False)
    assert with_shape is not None and without is not None
    assert with_shape.shape is not None and without.shape is None
    assert (without.blocks, without.scores) == (with_shape.blocks, with_shape.scores)


# -- the page-type model's counts of short lines, in C (native.short_lines) ----------------
# What native.short_lines counts, as pagetype.py's comments define it: a price, and a date
# in lower-case text.
PRICE = re.compile(r"[$€£¥]\s?\d|\d\s?(?:€|USD|EUR)\b")
_MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
DATED = re.compile(rf"\b(?:ago|yesterday|today|{_MONTH}[a-z]*\.? \d{{1,2}})\b"
                   rf"|\b\d{{1,2}}(?:[/.-]\d{{1,2}}[/.-]\d{{2,4}}\b| {_MONTH})"
                   r"|\b(?:19|20)\d\d-\d\d-\d\d\b")


def lines_found(pattern: re.Pattern[str], text: str) -> int:
    """How many lines of the text the pattern finds something in, searching on from the
    line after each match's end."""
    count = pos = 0
    while (match := pattern.search(text, pos)) is not None:
        count += 1
        pos = text.find("\n", match.end()) + 1
        if pos == 0:
            break
    return count


def lines_both_ways(text: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(pattern, C) counts of the lines with a price in `text`, and of those with a date in
    it lower-cased."""
    lower = text.lower()
    return ((lines_found(PRICE, text), native.short_lines(text, dated=False)),
            (lines_found(DATED, lower), native.short_lines(lower, dated=True)))


@pytest.mark.parametrize("text", [
    "$5\nFrom $ 129.99\n12 USD\n5EUR\n5 €\n5€x\n£3\n¥ 7", "$\n5\nx", "5\nUSD", "5 USDx",
    "3 days ago\nYesterday\ntoday's\nJan. 5\nsept 12, 2024\nmay 123\n5/1/2024\n5.1.24",
    "12 jan\n123 jan\n2024-01-05\n1999-12-31x\n2124-01-05\n05/01/20245\nagos\nmonday",
    # Arabic-Indic digits are digits to the patterns too
    "\u0663/\u0664/\u0662\u0660\u0662\u0664\n\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0665",
    "5\u00b2 jan\n_5 jan\n$\u0665", "", "\n\n", "a\n$1\n$2\n$3"])
def test_the_short_lines_in_c_count_what_the_patterns_count(text: str) -> None:
    (price, price_c), (dated, dated_c) = lines_both_ways(text)
    assert (price_c, dated_c) == (price, dated)


_LINE_PIECES = st.sampled_from(
    ["0", "1", "2", "5", "9", "12", "19", "20", "\u0663", "\u00b2", "$", "€", "£", "¥", " ",
     "\n", "\t", "\u00a0", "/", ".", "-", "_", "a", "x", "jan", "Sep", "may", "t", "ago", "today",
     "yesterday", "USD", "EUR", "usd", "2024-01-05"])


@given(st.lists(_LINE_PIECES, max_size=16).map("".join))
@settings(max_examples=3000)
def test_the_short_lines_in_c_count_what_the_patterns_count_in_any_text(text: str) -> None:
    (price, price_c), (dated, dated_c) = lines_both_ways(text)
    assert (price_c, dated_c) == (price, dated)


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_short_lines_in_c_count_what_the_patterns_count_on_every_benchmark_page() -> None:
    wrong = [(name, key) for name, judged in bench_judged() for key in ("labels", "short", "dated")
             if any(ours != pattern for pattern, ours
                    in lines_both_ways(str((judged.shape or {})[key])))]
    assert wrong == []


# -- Extractor.keep's first cut, in C (native.keep_base) ------------------------------------
def keep_base_by_definition(texts: list[str], scores: list[float], in_chaff: list[bool],
                            inside: list[bool]
                            ) -> tuple[list[bool], list[bool], list[int], list[int]]:
    """native.keep_base worked out in Python, with DEFAULT's settings."""
    from dechaff import extractor as ex

    spaces = [text.count(" ") for text in texts]
    best = current = 0
    start, (first, last) = 0, (0, -1)
    for i, (n, score) in enumerate(zip(spaces, scores, strict=True)):  # the main run: the
        if current <= 0:  # blocks whose words (capped) most favour keeping, by their scores
            current, start = 0, i
        words = min(n + 1, ex.MAX_RUN_WORDS) + 1
        current += words if score > 0 else -words
        if current > best:
            best, first, last = current, start, i
    never = [chaff and n < DEFAULT.max_label_words
             for n, chaff in zip(spaces, in_chaff, strict=True)]
    keep = [score > (DEFAULT.run_threshold if first <= i <= last
                     and not text.endswith(ex.CUT_SHORT) else DEFAULT.outside_threshold)
            and not never[i] for i, (score, text) in enumerate(zip(scores, texts, strict=True))]
    copies = [i for i, n in enumerate(spaces)
              if n >= DEFAULT.copy_min_words and len(texts[i]) <= ex.MAX_COPY_CHARS]
    repeated = [i for i, (s, n) in enumerate(zip(scores, spaces, strict=True))
                if s < -DEFAULT.outside_threshold and n >= DEFAULT.repeat_min_words - 1
                and not inside[i]]
    return keep, never, copies, repeated


def keep_base_in_c(texts: list[str], scores: list[float], in_chaff: list[bool],
                   inside: list[bool]) -> tuple[list[bool], list[bool], list[int], list[int]]:
    from dechaff import extractor as ex

    return native.keep_base(texts, scores, in_chaff, inside, ex.CUT_SHORT,
                            DEFAULT.run_threshold, DEFAULT.outside_threshold,
                            DEFAULT.max_label_words, ex.MAX_RUN_WORDS, DEFAULT.copy_min_words,
                            ex.MAX_COPY_CHARS, DEFAULT.repeat_min_words - 1)


@given(st.lists(st.tuples(st.sampled_from(["", "a", "a b", "one two three four five six",
                                           "a b c d e f g h i j...", "tout …", "x " * 400]),
                          st.floats(-5, 5), st.booleans(), st.booleans()), max_size=30))
@settings(max_examples=500)
def test_the_first_cut_in_c_is_the_one_extractor_defines(
        blocks: list[tuple[str, float, bool, bool]]) -> None:
    texts, scores, in_chaff, inside = ([b[k] for b in blocks] for k in range(4))
    assert (keep_base_in_c(texts, scores, in_chaff, inside)  # type: ignore[arg-type]
            == keep_base_by_definition(texts, scores, in_chaff, inside))  # type: ignore[arg-type]


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_first_cut_in_c_is_the_one_extractor_defines_on_every_benchmark_page() -> None:
    wrong = []
    for name, judged in bench_judged():
        args = ([block.text for block in judged.blocks], list(judged.scores),
                list(judged.in_chaff), list(judged.inside))
        if keep_base_in_c(*args) != keep_base_by_definition(*args):
            wrong.append(name)
    assert wrong == []


# -- the words of short blocks, in C (native.word_features) ---------------------------------
def words_differ(text: str) -> bool:
    """Whether the words C finds (with their order) are not those pagetype._WORD finds."""
    from dechaff import pagetype

    by_pattern = {f"sw:{word}": 1.0 for word in pagetype._WORD.findall(text)}
    return list(native.word_features(text, "sw:").items()) != list(by_pattern.items())


@given(st.text(alphabet=st.sampled_from(
    ["a", "b", "z", "A", "é", "ß", "\u0663", "\u00b2", "1", "_", " ", "\n", "-", "'", "\u4e2d",
     "\u0301", "\U0001d400", "\u2160"]), max_size=30))
@settings(max_examples=2000)
def test_the_words_in_c_are_the_words_the_pattern_finds(text: str) -> None:
    assert not words_differ(text)


@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench is not here")
def test_the_words_in_c_are_the_words_the_pattern_finds_on_every_benchmark_page() -> None:
    wrong = [(name, key) for name, judged in bench_judged() for key in ("labels", "headings")
             if words_differ(str((judged.shape or {})[key]).lower())]
    assert wrong == []
