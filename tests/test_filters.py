"""The quality steps: each sets aside text that breaks its condition, with that reason,
and passes an ordinary article."""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dechaff import Document, Reason, Rejection
from dechaff import filters as f
from dechaff.pipeline import DEFAULT_STEPS

ARTICLE = (
    "The council approved the plan for the new river port on Tuesday, after a debate that "
    "lasted most of the afternoon. The port will take barges of up to three thousand tonnes.\n\n"
    "Work on the channel began four years ago. The dredging cost more than planned, and the "
    "opening was put off twice, the mayor said in a statement to the press.\n\n"
    "Traders in the old town welcomed the decision. They expect more visitors once the first "
    "weekly service to the coast starts in March, and some of them have already hired staff.\n\n"
    "The opposition voted against the plan. Its leader said that the money would have been "
    "better spent on schools, and that the traffic on the bridge would grow with the port."
)


def doc(text: str, language: str = "en") -> Document:
    return Document(text=text, language=language, language_confidence=1.0)


@pytest.mark.parametrize("step", DEFAULT_STEPS, ids=lambda s: type(s).__name__)
def test_an_ordinary_article_passes_every_default_step(step: object) -> None:
    assert step(doc(ARTICLE)) == doc(ARTICLE)  # type: ignore[operator]


@pytest.mark.parametrize("step, text, reason", [
    (f.LanguageIn(("de",)), ARTICLE, Reason.WRONG_LANGUAGE),
    (f.WordCountInRange(), "Too short to be an article at all.", Reason.TOO_SHORT),
    (f.WordCountInRange(max_words=20), ARTICLE, Reason.TOO_LONG),
    (f.MeanWordLengthInRange(), " ".join(["a b c d"] * 30), Reason.ODD_WORD_LENGTH),
    (f.MaxSymbolRatio(), ARTICLE + " #tag" * 40, Reason.TOO_MANY_SYMBOLS),
    (f.MaxBulletLines(), "\n".join(f"- item number {i} of the list" for i in range(20)),
     Reason.MOSTLY_BULLETS),
    (f.MaxCutLines(), "\n".join(f"Read the story of day {i} ..." for i in range(20)),
     Reason.MOSTLY_CUT_LINES),
    (f.MinAlphabeticWords(), " ".join(str(n) for n in range(200)) + " words here",
     Reason.FEW_ALPHABETIC_WORDS),
    (f.MinStopWords(), "Port opens. Barges arrive. Traders cheer. Mayor speaks. " * 10,
     Reason.FEW_STOP_WORDS),
    (f.MaxRepeatedLines(), "\n".join(["Subscribe now for more news"] * 10 + [ARTICLE]),
     Reason.REPEATED_LINES),
    (f.MaxRepeatedParagraphs(), "\n\n".join([ARTICLE.split("\n\n")[0]] * 4),
     Reason.REPEATED_PARAGRAPHS),
    (f.MaxRepeatedNgrams(), ARTICLE + " buy cheap pills now" * 60, Reason.REPEATED_NGRAMS),
    (f.MinSentences(), "One sentence only, and it goes on without an end",
     Reason.FEW_SENTENCES),
    (f.NoLoremIpsum(), ARTICLE + " Lorem ipsum dolor sit amet.", Reason.LOREM_IPSUM),
    (f.NoCurlyBraces(), ARTICLE + " function() { return 1; }", Reason.CURLY_BRACES),
    (f.MinPunctuatedLines(), "\n".join(f"Menu entry number {i}" for i in range(20)),
     Reason.UNPUNCTUATED_LINES),
    (f.MaxShortLines(), "\n".join(["Home", "News", "Sport", ARTICLE.split("\n\n")[0]]),
     Reason.SHORT_LINES),
    (f.MaxRepeatedLineChars(), ARTICLE + "\nShare this article on your feed.\n"
     "Share this article on your feed.", Reason.REPEATED_LINES),
    (f.MaxLineBreaksPerWord(), "\n".join(f"word{i} and" for i in range(40)),
     Reason.FEW_WORDS_PER_LINE),
])
def test_each_step_sets_aside_what_breaks_its_condition(step: object, text: str,
                                                        reason: Reason) -> None:
    result = step(doc(text))  # type: ignore[operator]
    assert isinstance(result, Rejection)
    assert result.reason is reason and result.detail


def test_word_rules_pass_languages_written_without_spaces() -> None:
    chinese = doc("港口于星期二开放。" * 3, language="zh")
    for step in (f.WordCountInRange(), f.MeanWordLengthInRange(), f.MinSentences(),
                 f.MaxLineBreaksPerWord(), f.C4Lines()):
        assert step(chinese) == chinese


def test_c4_lines_removes_notices_and_short_lines_and_keeps_them_with_reasons() -> None:
    text = ARTICLE + "\nPlease enable JavaScript to see the map.\nHome\nRead our privacy policy."
    result = f.C4Lines()(doc(text))
    assert isinstance(result, Document)
    assert result.text == ARTICLE
    assert [(r.text, r.reason) for r in result.removed] == [
        ("Please enable JavaScript to see the map.", f.JAVASCRIPT_NOTICE),
        ("Home", f.SHORT_LINE), ("Read our privacy policy.", f.POLICY_NOTICE)]


def test_the_repeated_ngram_share_counts_each_repeated_word_once() -> None:
    words = ["a", "b", "c", "d", "e", "a", "b", "c", "d", "e", "x"]
    grams = f.Ngrams(words)
    assert grams.repeated_share(5) == 10 / 11
    assert grams.top_share(2) == 2 * 2 / 11  # "a b" twice, the first of the most frequent


def test_steps_survive_pickling_and_compare_by_their_fields() -> None:
    for step in DEFAULT_STEPS:
        assert pickle.loads(pickle.dumps(step)) == step
    assert replace(f.WordCountInRange(), min_words=10) != f.WordCountInRange()


def _shares_in_python(words: list[str], n: int) -> tuple[float, float]:
    """The two shares by their definitions, counting tuples of words: the reference."""
    total = sum(map(len, words))
    grams = [tuple(words[s: s + n]) for s in range(len(words) - n + 1)]
    if not grams or not total:
        return 0.0, 0.0
    counts = Counter(grams)
    most = max(counts.values())
    top = 0.0
    if most >= 2:
        first = min(s for s, g in enumerate(grams) if counts[g] == most)
        top = sum(map(len, grams[first])) * most / total
    covered = {s + i for s, g in enumerate(grams) if counts[g] > 1 for i in range(n)}
    return top, sum(len(words[i]) for i in covered) / total


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "ccc", "a", "dé", "\u4e00"]), max_size=40),
       st.integers(min_value=1, max_value=10))
def test_the_ngram_shares_are_what_their_definitions_say(words: list[str], n: int) -> None:
    grams = f.Ngrams(words)
    assert (grams.top_share(n), grams.repeated_share(n)) == _shares_in_python(words, n)


def test_the_ngram_counting_refuses_bad_arguments_with_a_python_error() -> None:
    from dechaff import _minhash

    ids, lengths, total = _minhash.word_ids(["a", "b", "a", "b"])
    assert _minhash.ngram_shares(ids, lengths, total, 2) == (1.0, 1.0)
    assert _minhash.ngram_shares(ids, lengths, total, 5) == (0.0, 0.0)  # no 5-gram
    assert _minhash.ngram_shares(b"", b"", 0, 1) == (0.0, 0.0)
    with pytest.raises(ValueError, match="n < 1"):
        _minhash.ngram_shares(ids, lengths, total, 0)
    with pytest.raises(ValueError, match="differ"):
        _minhash.ngram_shares(ids, lengths[:8], total, 1)
    with pytest.raises(TypeError):
        _minhash.word_ids(["a", 1])
