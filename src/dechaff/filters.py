"""Quality steps of the corpus pipeline, each named for the condition it enforces.

A step takes a Document and gives it back (possibly with lines removed) or a Rejection
whose reason is the condition that failed. The conditions and their thresholds are those
of the rule sets that web corpora are built with, written here from their papers:

- Gopher (Rae et al. 2021, "Scaling Language Models", appendix A): quality rules on words
  and lines, and repetition rules on lines, paragraphs and n-grams;
- C4 (Raffel et al. 2020, section 2.2): lines that are notices, placeholder text, code;
- FineWeb (Penedo et al. 2024, section 3.3): lines without punctuation, short lines,
  repeated lines, list-like text.

Every threshold is a field, so a pipeline can set its own (`dechaff.toml`); the comment
beside it says where the value comes from. Steps that count words apply to languages
written with spaces between words; for the others (Chinese, Japanese, Thai, ...) they pass
the document on, as a word count means nothing there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from dechaff._minhash import ngram_shares, word_ids
from dechaff.document import Document, Reason, Rejection, Removal

# Languages written without spaces between words: word-based rules do not apply.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
# The stop words of Gopher's rule, English only (the paper's corpus was English).
ENGLISH_STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})
BULLETS = ("\u2022", "\u25cf", "\u25cb", "\u25aa", "\u25e6", "\u2023", "\u2043", "-", "*",
           "\u2013", "\u2014")
ELLIPSES = ("...", "\u2026")
TERMINAL_PUNCTUATION = (".", "!", "?", '"', "'", "\u201d", "\u2019", "\u3002", "\uff01", "\uff1f",
                        "\u2026", ":", ";")
_PUNCTUATION = ("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb()[]{}<>.,;:!?"
                "\u00a1\u00bf\u2026-\u2013\u2014/\\|*#@%&+=~`^_")
_SENTENCE_END = re.compile("[.!?\u3002\uff01\uff1f]+(?:\\s|$)")
_CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
# C4's policy phrases: lines holding them are notices about the site, not the article.
POLICY_PHRASES = ("terms of use", "privacy policy", "cookie policy", "uses cookies",
                  "use of cookies", "use cookies")
# The reasons a line can be removed for by C4Lines; stable snake_case, like lines.REASONS.
JAVASCRIPT_NOTICE = "javascript_notice"
POLICY_NOTICE = "policy_notice"
SHORT_LINE = "short_line"
LONG_WORD = "long_word"
LINE_REASONS = frozenset({JAVASCRIPT_NOTICE, POLICY_NOTICE, SHORT_LINE, LONG_WORD})


def reject(doc: Document, reason: Reason, detail: str) -> Rejection:
    return Rejection(reason, detail, doc.url)


def spaced(doc: Document) -> bool:
    """Whether word-counting rules apply: the language is written with spaces."""
    return doc.language not in UNSPACED_LANGUAGES


@lru_cache(maxsize=4)  # the steps of one document share one split of its text
def lines_of(text: str) -> tuple[str, ...]:
    return tuple(stripped for line in text.split("\n") if (stripped := line.strip()))


@lru_cache(maxsize=4)
def words_of(text: str) -> tuple[str, ...]:
    """Words without the punctuation around them; punctuation alone is no word."""
    return tuple(filter(None, [token.strip(_PUNCTUATION) for token in text.split()]))


@lru_cache(maxsize=4)
def paragraphs_of(text: str) -> tuple[str, ...]:
    return tuple(p for part in re.split(r"\n\s*\n", text) if (p := part.strip()))


def share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


# -- language -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LanguageIn:
    """Keep documents in one of `languages` (ISO 639-1), or in any language when none are
    named; set aside those whose language could not be told, as word rules need one."""

    languages: tuple[str, ...] = ()
    # The language model's confidence needed, 0-1. 0 keeps every language it names; FineWeb
    # asks 0.65 of fastText for English, a different model: measure before copying it.
    min_confidence: float = 0.0

    def __call__(self, doc: Document) -> Document | Rejection:
        language, confidence = doc.language, doc.language_confidence or 0.0
        if language is None:
            return reject(doc, Reason.WRONG_LANGUAGE, "language unknown")
        if self.languages and language not in self.languages:
            return reject(doc, Reason.WRONG_LANGUAGE, language)
        if confidence < self.min_confidence:
            return reject(doc, Reason.WRONG_LANGUAGE, f"{language} at {confidence:.2f}")
        return doc


# -- Gopher quality -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class WordCountInRange:
    """Set aside documents with too few words to be an article, or too many to be one."""

    min_words: int = 50  # Gopher: below 50 words, pages were mostly menus and stubs
    max_words: int = 100_000  # Gopher: above, mostly logs, dumps and generated lists

    def __call__(self, doc: Document) -> Document | Rejection:
        if not spaced(doc):
            return doc
        n = len(words_of(doc.text))
        if n < self.min_words:
            return reject(doc, Reason.TOO_SHORT, f"{n} words")
        if n > self.max_words:
            return reject(doc, Reason.TOO_LONG, f"{n} words")
        return doc


@dataclass(frozen=True, slots=True)
class MeanWordLengthInRange:
    """Set aside text whose mean word length is that of no natural language."""

    min_chars: float = 3.0  # Gopher: shorter means runs of symbols, numbers, initials
    max_chars: float = 10.0  # Gopher: longer means URLs, hashes, words glued together

    def __call__(self, doc: Document) -> Document | Rejection:
        words = words_of(doc.text)
        if not words or not spaced(doc):
            return doc
        mean = sum(map(len, words)) / len(words)
        if self.min_chars <= mean <= self.max_chars:
            return doc
        return reject(doc, Reason.ODD_WORD_LENGTH, f"mean word length {mean:.1f}")


@dataclass(frozen=True, slots=True)
class MaxSymbolRatio:
    """Set aside text with more hashes or ellipses than words allow (tag clouds, teasers)."""

    max_ratio: float = 0.1  # Gopher: symbols per word, for "#" and for "..." each

    def __call__(self, doc: Document) -> Document | Rejection:
        words = len(words_of(doc.text))
        if not words or not spaced(doc):
            return doc
        for symbol, count in (("#", doc.text.count("#")),
                              ("ellipsis", sum(map(doc.text.count, ELLIPSES)))):
            if count / words > self.max_ratio:
                return reject(doc, Reason.TOO_MANY_SYMBOLS, f"{count} {symbol} in {words} words")
        return doc


@dataclass(frozen=True, slots=True)
class MaxBulletLines:
    """Set aside text that is mostly bullet points: a list of links, not an article."""

    max_share: float = 0.9  # Gopher: share of lines that open with a bullet

    def __call__(self, doc: Document) -> Document | Rejection:
        lines = lines_of(doc.text)
        bullets = sum(line.startswith(BULLETS) for line in lines)
        if share(bullets, len(lines)) > self.max_share:
            return reject(doc, Reason.MOSTLY_BULLETS, f"{bullets} of {len(lines)} lines")
        return doc


@dataclass(frozen=True, slots=True)
class MaxCutLines:
    """Set aside text whose lines mostly end in an ellipsis: teasers cut short."""

    max_share: float = 0.3  # Gopher: share of lines that end in "..." or "…"

    def __call__(self, doc: Document) -> Document | Rejection:
        lines = lines_of(doc.text)
        cut = sum(line.endswith(ELLIPSES) for line in lines)
        if share(cut, len(lines)) > self.max_share:
            return reject(doc, Reason.MOSTLY_CUT_LINES, f"{cut} of {len(lines)} lines")
        return doc


@dataclass(frozen=True, slots=True)
class MinAlphabeticWords:
    """Set aside text whose words mostly hold no letter: tables of numbers, symbols."""

    min_share: float = 0.8  # Gopher: share of words with at least one letter

    def __call__(self, doc: Document) -> Document | Rejection:
        words = words_of(doc.text)
        if not words or not spaced(doc):
            return doc
        # Most words are letters only; the pattern looks at the others alone.
        others = [word for word in words if not word.isalpha()]
        alphabetic = len(words) - sum(1 for word in others if not _LETTER.search(word))
        if alphabetic / len(words) < self.min_share:
            return reject(doc, Reason.FEW_ALPHABETIC_WORDS,
                          f"{alphabetic} of {len(words)} words")
        return doc


@dataclass(frozen=True, slots=True)
class MinStopWords:
    """Set aside English text with too few stop words to be running prose."""

    # Gopher: at least 2 of "the, be, to, of, and, that, have, with"; English only, as
    # the paper's rule was (a German article has none of them).
    min_stop_words: int = 2
    stop_words: frozenset[str] = ENGLISH_STOP_WORDS
    languages: tuple[str, ...] = ("en",)

    def __call__(self, doc: Document) -> Document | Rejection:
        if doc.language not in self.languages:
            return doc
        found = 0
        for word in words_of(doc.text):  # in prose, the first two come within a line
            found += word.lower() in self.stop_words
            if found >= self.min_stop_words:
                return doc
        return reject(doc, Reason.FEW_STOP_WORDS, f"{found} stop words")


# -- Gopher repetition ----------------------------------------------------------------------
def _repeated(items: tuple[str, ...]) -> tuple[int, int]:
    """How many items repeat an earlier one, and the characters in them."""
    seen: set[str] = set()
    count = chars = 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item)
        else:
            seen.add(item)
    return count, chars


@dataclass(frozen=True, slots=True)
class MaxRepeatedLines:
    """Set aside text that repeats its own lines: a template, a feed, spam."""

    max_share: float = 0.3  # Gopher: share of lines that repeat an earlier line
    max_char_share: float = 0.2  # Gopher: share of characters in such lines

    def __call__(self, doc: Document) -> Document | Rejection:
        lines = lines_of(doc.text)
        count, chars = _repeated(lines)
        if (share(count, len(lines)) > self.max_share
                or share(chars, len(doc.text)) > self.max_char_share):
            return reject(doc, Reason.REPEATED_LINES, f"{count} of {len(lines)} lines repeat")
        return doc


@dataclass(frozen=True, slots=True)
class MaxRepeatedParagraphs:
    """Set aside text that repeats its own paragraphs."""

    max_share: float = 0.3  # Gopher: share of paragraphs that repeat an earlier one
    max_char_share: float = 0.2  # Gopher: share of characters in such paragraphs

    def __call__(self, doc: Document) -> Document | Rejection:
        paragraphs = paragraphs_of(doc.text)
        count, chars = _repeated(paragraphs)
        if (share(count, len(paragraphs)) > self.max_share
                or share(chars, len(doc.text)) > self.max_char_share):
            return reject(doc, Reason.REPEATED_PARAGRAPHS,
                          f"{count} of {len(paragraphs)} paragraphs repeat")
        return doc


@dataclass(frozen=True, slots=True)
class MaxRepeatedNgrams:
    """Set aside text whose phrases repeat: one n-gram everywhere, or many n-grams twice."""

    # Gopher: the most frequent 2-, 3- and 4-gram may cover at most these shares of the
    # words' characters ...
    max_top_share: tuple[tuple[int, float], ...] = ((2, 0.20), (3, 0.18), (4, 0.16))
    # ... and 5- to 10-grams that occur more than once at most these.
    max_repeated_share: tuple[tuple[int, float], ...] = (
        (5, 0.15), (6, 0.14), (7, 0.13), (8, 0.12), (9, 0.11), (10, 0.10))

    def __call__(self, doc: Document) -> Document | Rejection:
        words = [word.lower() for word in words_of(doc.text)]  # the split the others share
        if not words or not spaced(doc):
            return doc
        grams = Ngrams(words)
        for n, limit in self.max_top_share:
            found = grams.top_share(n)
            if found > limit:
                return reject(doc, Reason.REPEATED_NGRAMS, f"top {n}-gram {found:.2f}")
        # A repeated longer n-gram repeats every n-gram inside it, so the share covered
        # shrinks as n grows: when the shortest n's share is under every limit, all pass.
        lowest = min(limit for _, limit in self.max_repeated_share)
        for position, (n, limit) in enumerate(self.max_repeated_share):
            found = grams.repeated_share(n)
            if found > limit:
                return reject(doc, Reason.REPEATED_NGRAMS, f"repeated {n}-grams {found:.2f}")
            if position == 0 and found <= lowest:
                break
        return doc


class Ngrams:
    """The n-grams of a list of words, counted in C (`_minhash.c`) by 64-bit keys of the
    words' numbers: counting them so is about 10x faster than with numpy's unique (0.6 ms
    a document of the benchmark pages -> 0.05 ms), and that 100x faster than counting
    tuples of strings."""

    def __init__(self, words: Sequence[str]) -> None:
        self.ids, self.lengths, self.total = word_ids(list(words))

    def top_share(self, n: int) -> float:
        """Characters of the most frequent n-gram times its count, over all characters (of
        equally frequent ones, the first seen; 0.0 when none occurs twice)."""
        return ngram_shares(self.ids, self.lengths, self.total, n)[0]

    def repeated_share(self, n: int) -> float:
        """Characters of the words inside n-grams that occur more than once."""
        return ngram_shares(self.ids, self.lengths, self.total, n)[1]


# -- C4 -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class C4Lines:
    """Remove the lines C4 removes: JavaScript and policy notices, lines of fewer than
    `min_words` words, lines with a word too long to be one; and citation marks. Each
    removed line is kept in `Document.removed` with its reason."""

    min_words: int = 3  # C4: shorter lines were menus and labels
    max_word_chars: int = 1000  # C4 as datatrove runs it: longer "words" are encoded data

    def __call__(self, doc: Document) -> Document | Rejection:
        kept: list[str] = []
        removed: list[Removal] = []
        min_words = self.min_words if spaced(doc) else 0  # a Chinese line is one "word"
        for line in doc.text.split("\n"):
            reason = self.reason(line, min_words)
            if reason is None:
                kept.append(_CITATION.sub("", line))
            else:
                removed.append(Removal(line.strip(), reason))
        if not removed:
            return doc
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
        if not text:
            return reject(doc, Reason.NO_TEXT, f"all {len(removed)} lines removed")
        return replace(doc, text=text, removed=doc.removed + tuple(removed))

    def reason(self, line: str, min_words: int) -> str | None:
        """Why C4 removes the line, or None to keep it (blank lines are kept)."""
        words = line.split()
        lower = line.lower()
        if not words:
            return None
        if "javascript" in lower:
            return JAVASCRIPT_NOTICE
        if any(phrase in lower for phrase in POLICY_PHRASES):
            return POLICY_NOTICE
        if len(words) < min_words:
            return SHORT_LINE
        if max(map(len, words)) > self.max_word_chars:
            return LONG_WORD
        return None


@dataclass(frozen=True, slots=True)
class MinSentences:
    """Set aside text of too few sentences to be an article."""

    min_sentences: int = 5  # C4: fewer were mostly stubs, forms and error pages

    def __call__(self, doc: Document) -> Document | Rejection:
        if not spaced(doc):
            return doc
        found = len(_SENTENCE_END.findall(doc.text))
        if found < self.min_sentences:
            return reject(doc, Reason.FEW_SENTENCES, f"{found} sentences")
        return doc


@dataclass(frozen=True, slots=True)
class NoLoremIpsum:
    """Set aside placeholder text (C4: any page with "lorem ipsum")."""

    def __call__(self, doc: Document) -> Document | Rejection:
        if "lorem ipsum" in doc.text.lower():
            return reject(doc, Reason.LOREM_IPSUM, "lorem ipsum")
        return doc


@dataclass(frozen=True, slots=True)
class NoCurlyBraces:
    """Set aside text with curly braces (C4: code, templates; never in prose)."""

    def __call__(self, doc: Document) -> Document | Rejection:
        if "{" in doc.text:
            return reject(doc, Reason.CURLY_BRACES, "a {")
        return doc


# -- FineWeb --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MinPunctuatedLines:
    """Set aside text whose lines rarely end as sentences do: lists, menus, tables."""

    min_share: float = 0.12  # FineWeb: share of lines ending in terminal punctuation

    def __call__(self, doc: Document) -> Document | Rejection:
        lines = lines_of(doc.text)
        ended = sum(line.endswith(TERMINAL_PUNCTUATION) for line in lines)
        if lines and ended / len(lines) < self.min_share:
            return reject(doc, Reason.UNPUNCTUATED_LINES, f"{ended} of {len(lines)} lines")
        return doc


@dataclass(frozen=True, slots=True)
class MaxShortLines:
    """Set aside text made mostly of short lines."""

    max_share: float = 0.67  # FineWeb: share of lines of at most `short_chars`
    short_chars: int = 30  # FineWeb

    def __call__(self, doc: Document) -> Document | Rejection:
        lines = lines_of(doc.text)
        short = sum(len(line) <= self.short_chars for line in lines)
        if share(short, len(lines)) > self.max_share:
            return reject(doc, Reason.SHORT_LINES, f"{short} of {len(lines)} lines")
        return doc


@dataclass(frozen=True, slots=True)
class MaxRepeatedLineChars:
    """Set aside text with even a little of it in repeated lines."""

    max_char_share: float = 0.01  # FineWeb: share of characters in lines seen before

    def __call__(self, doc: Document) -> Document | Rejection:
        lines = lines_of(doc.text)
        _, chars = _repeated(lines)
        if share(chars, sum(map(len, lines))) > self.max_char_share:
            return reject(doc, Reason.REPEATED_LINES, f"{chars} characters in repeated lines")
        return doc


@dataclass(frozen=True, slots=True)
class MaxLineBreaksPerWord:
    """Set aside list-like text: a line break every few words."""

    max_ratio: float = 0.3  # FineWeb: line breaks per word

    def __call__(self, doc: Document) -> Document | Rejection:
        words = len(words_of(doc.text))
        # Breaks between non-empty lines: a blank line between paragraphs is one break.
        breaks = max(len(lines_of(doc.text)) - 1, 0)
        if words and spaced(doc) and breaks / words > self.max_ratio:
            return reject(doc, Reason.FEW_WORDS_PER_LINE, f"{breaks} line breaks, {words} words")
        return doc
