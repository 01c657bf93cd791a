"""The extractor's passes, in C (dechaff._article), and what they are given.

The passes exist once, in `_article.c`: the walk of lexbor's tree, the chaff rules, the
prose and junk sums, the choice of the article's element, the serialisation into blocks,
and every block feature of the model. Scoring and training read the same features: in
names mode (`judge(..., names=True)`) the passes give each block's features by name, as
the model is trained on them (scripts/train_blocks.py).

Python keeps what is data: the vocabularies (chaff.py, dom.py, classify.py, lexicon.py),
the model's weights (data/blocks.json) and the Extractor's settings, which the C reads by
name. The C reaches lexbor inside selectolax's module (see _lexbor.h), so the selectolax
version is pinned (pyproject.toml) and checked here before the module is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import selectolax
import selectolax.lexbor

from dechaff import _article, chaff, classify, dom, lexicon
from dechaff.document import Block, Kind, Link

if TYPE_CHECKING:
    from dechaff.extractor import Extractor

# The selectolax releases whose lexbor the C was built against and tested with
# (tests/test_native.py reads lexbor's tree through it and through selectolax's own API).
TESTED_SELECTOLAX = ("1.0.2",)


@dataclass(frozen=True, slots=True)
class Judged:
    """A page's blocks with the model's score of each, and what the scores came from."""

    blocks: Sequence[Block]
    linked: Sequence[int]  # for each block, how many of its characters are links
    sources: Sequence[int]  # for each block, its element's number in the walk's order
    inside: Sequence[bool]  # for each block, whether it comes from the chosen element
    in_chaff: Sequence[bool]  # for each block, whether it sits in chaff.NEVER_ARTICLE
    in_comments: Sequence[bool]  # for each block, whether it sits in a comments section
    in_main: Sequence[bool]  # for each block, whether it sits in the page's <main> element
    # for each block, how many look-alike siblings its card has (1: not in a card): teaser
    # cards and product tiles repeat
    cards: Sequence[int]
    scores: Sequence[float]
    # for each block, the second model's score when the passes were given one (judge's
    # `other`): the same features, so no second walk
    other_scores: Sequence[float] | None = None
    # what the page-type model reads of the blocks' shape: counts, and the short blocks'
    # texts (pagetype._shape, pagetype.SHORT_TEXTS); None when judge() was not asked for it
    shape: Mapping[str, int | str] | None = None


class UntestedParser(ImportError):
    """The installed selectolax is not one whose lexbor the C passes were tested with."""


def check_parser() -> None:
    """Raise UntestedParser unless selectolax is a tested release."""
    found = getattr(selectolax, "__version__", "unknown")
    if found not in TESTED_SELECTOLAX:
        raise UntestedParser(f"dechaff reads lexbor inside selectolax {TESTED_SELECTOLAX[0]}; "
                             f"found selectolax {found}: install selectolax=="
                             f"{TESTED_SELECTOLAX[0]}")


@lru_cache(maxsize=1)
def _ready() -> bool:
    check_parser()
    _article.init(selectolax.lexbor.__file__)
    return True


def tables(model: classify.Model | None = None, noscript: bool = False,
           other: classify.Model | None = None) -> Any:
    """What the C passes read, for a model (the shipped one by default) and, if given, an
    `other` model that scores the same blocks too; with `noscript`, the walk reads what
    <noscript> elements hold, as a browser without scripts shows it."""
    return _tables(classify.default_model() if model is None else model, noscript, other)


@lru_cache(maxsize=2)
def _names_tables(noscript: bool) -> Any:
    return _tables(classify.Model({}), noscript)


@lru_cache(maxsize=8)  # models compare by identity: the shipped ones, with and without noscript
def _tables(model: classify.Model, noscript: bool, other: classify.Model | None = None) -> Any:
    _ready()
    return _article.tables(spec(model, noscript, other))


def judge(body: dom.DomNode, extractor: Extractor, model: classify.Model | None = None,
          noscript: bool = False, other: classify.Model | None = None, shape: bool = True
          ) -> Judged | None:
    """The blocks of the body and the model's score of each (and the `other` model's, in
    Judged.other_scores), and with `shape` the page's shape (Judged.shape, which only the
    page-type model reads); None when it has no text."""
    found = _article.judge(body.mem_id, tables(model, noscript, other), extractor, False,
                           shape)
    return None if found is None else Judged(*found)


def features(body: dom.DomNode, extractor: Extractor, noscript: bool = False
             ) -> tuple[Judged, list[Mapping[str, float]]] | None:
    """The blocks of the body, and every feature of each by name with its count (what the
    model is trained on); the scores in the Judged are 0. None when it has no text."""
    found = _article.judge(body.mem_id, _names_tables(noscript), extractor, True)
    if found is None:
        return None
    judged, names = found
    return Judged(*judged), names


def kinds(body: dom.DomNode) -> list[tuple[str, str | None, str | None]]:
    """Each element of the body as the passes walk it: its tag, its class attribute (None
    without one) and the chaff kind its rules give it (None for none)."""
    return _article.kinds(body.mem_id, tables())


def prompt_screen(texts: list[str]) -> list[bool]:
    """Which texts may be a prompt of the lexicon (lexicon.PROMPT_WORDS): those that hold
    a character of lexicon.WIDE_RANGES, or a run of letters that is a prompt word that
    may start a text of their length."""
    return _article.screen(tables(), texts)


def keep_base(texts: list[str], scores: Sequence[float], in_chaff: Sequence[bool],
              inside: Sequence[bool], cut_short: tuple[str, ...], run_threshold: float,
              outside_threshold: float, max_label_words: int, max_run_words: int,
              copy_min_words: int, max_copy_chars: int, repeat_min_words: int
              ) -> tuple[list[bool], list[bool], list[int], list[int]]:
    """Extractor.keep's first cut of a page's blocks, in C: which the thresholds keep
    around the main run (the run of blocks whose words, capped at max_run_words, most favour
    keeping by the sign of their scores), which are short chaff never kept, which may be
    copies of other blocks (by words and characters), and which outside the chosen element
    repeat what is kept (below -outside_threshold, repeat_min_words or more)."""
    return _article.keep_base(texts, _list(scores), _list(in_chaff), _list(inside), cut_short,
                              run_threshold, outside_threshold, max_label_words,
                              max_run_words, copy_min_words, max_copy_chars, repeat_min_words)


def short_lines(text: str, dated: bool) -> int:
    """How many lines of the text hold a price, or with `dated` a date (the text in lower
    case), as the patterns in pagetype.py's comments find them, searching on from the line
    after each one's end; in C, a tenth of what the regex engine cost."""
    return _article.short_lines(text, 1 if dated else 0)


def word_features(text: str, prefix: str) -> dict[str, float]:
    """{prefix + word: 1.0} for each word of the text that pagetype._WORD finds (a run of
    two or more letters), in the order found, in C."""
    return _article.word_features(text, prefix)


def _list(values: Sequence[Any]) -> list[Any]:
    return values if isinstance(values, list) else list(values)


def spec(model: classify.Model, noscript: bool = False, other: classify.Model | None = None
         ) -> dict[str, object]:
    """Everything the C passes read, from the modules that define it."""
    kinds = sorted({*chaff.WORD_KIND.values(), *chaff.CHAFF_TAGS.values(),
                    *chaff.CHAFF_ROLES.values(), *chaff.STRONG_KINDS, *chaff.NEVER_ARTICLE,
                    *chaff.ENCLOSING_KINDS, chaff.HIDDEN, chaff.INVISIBLE, chaff.CONTENT})
    return {
        "skipped": dom.SKIPPED_TAGS - {"noscript"} if noscript else dom.SKIPPED_TAGS,
        "block_tags": dom.BLOCK_TAGS,
        "max_depth": dom.MAX_DEPTH, "max_elements": dom.MAX_ELEMENTS,
        "kinds": tuple(kinds), "content": chaff.CONTENT, "hidden": chaff.HIDDEN,
        "invisible": chaff.INVISIBLE, "comments": chaff.COMMENTS, "form": chaff.FORM,
        "strong": chaff.STRONG_KINDS, "never_article": chaff.NEVER_ARTICLE,
        "enclosing": chaff.ENCLOSING_KINDS,
        "word_kind": chaff.WORD_KIND, "joined": chaff.JOINED,
        "whole_name_only": chaff.WHOLE_NAME_ONLY, "modifiers": chaff.MODIFIERS,
        "part_words": chaff.PART_WORDS, "component_words": chaff.COMPONENT_WORDS,
        "short_kinds": chaff.SHORT_KINDS, "max_notice_chars": chaff.MAX_NOTICE_CHARS,
        "states": chaff.STATES, "content_words": chaff.CONTENT_WORDS,
        "collection_words": chaff.COLLECTION_WORDS,
        "chaff_tags": chaff.CHAFF_TAGS, "chaff_roles": chaff.CHAFF_ROLES,
        "content_tags": chaff.CONTENT_TAGS,
        "block": Block, "link": Link, "kind_members": {kind.value: kind for kind in Kind},
        "weights": dict(model.weights),
        "other_weights": None if other is None else dict(other.weights),
        "context_tags": classify.CONTEXT_TAGS,
        "credit_words": classify.CREDIT_WORDS, "end_punct": classify.END_PUNCT,
        "prompt_words": lexicon.PROMPT_WORDS, "wide_ranges": lexicon.WIDE_RANGES,
        "shape": _pagetype_shape(),
    }


def _pagetype_shape() -> Mapping[str, object]:
    from dechaff import pagetype  # which imports this module

    return pagetype.SHAPE
