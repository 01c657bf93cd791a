"""The block model: which blocks of a page are the article, by a learned linear model.

The extractor's first stage picks the element that holds most of the article's prose;
this second stage judges every block of the page, inside that element or not, from what
the block is (length, links, punctuation, kind), where it sits (inside or around the chosen
element, under which class names and tags) and what its neighbours are. The features are
worked out in `_article.c` (each named once, where it is computed), which adds up the
weights of this model; scripts/train_blocks.py learns them from the same features
(native.features) and ships them in dechaff/data/blocks.json. This module holds the model
and the vocabulary the features read.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Semantic tags whose presence among a block's ancestors tells where it sits (t:<tag>).
CONTEXT_TAGS = frozenset({"article", "main", "aside", "nav", "footer", "header", "section",
                          "form", "figure", "table", "li", "ul", "ol", "blockquote", "td", "dl"})
# Photo credits and image captions, in the words newsrooms use for them (captions are not
# article text in the benchmark's truth): a short block that holds one, as a word, gets the
# feature "credit".
CREDIT_WORDS = ("photo", "photograph", "image", "picture", "credit", "getty", "reuters", "afp",
                "ap photo", "shutterstock", "istock", "alamy", "epa", "foto", "bild", "crédit",
                "imagen", "fotografía", "immagine", "zdjęcie", "фото")
# Sentence ends, with the full-width marks of Chinese and Japanese: a block ending in one
# gets the feature "endp".
END_PUNCT = '.!?\u3002\uff01\uff1f\u2026"\u201d\u00bb\')'


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    """A linear model over named features: a block's score is the log-odds that it belongs
    to the article (extractor.Extractor.keep decides from the scores). Models compare and
    hash by identity, so that the C tables built for one are cached (native.tables)."""

    weights: Mapping[str, float]

    def score(self, features: Mapping[str, float]) -> float:
        get = self.weights.get
        return sum(get(name, 0.0) * value for name, value in features.items())


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped model, read once per process on first use: trained on the article sets
    (article-extraction, readability-pages)."""
    return _read("data/blocks.json")


@lru_cache(maxsize=1)
def general_model() -> Model:
    """The model for pages that are not articles (forums, products, documentation, service
    pages, listings), trained on modern-web's pages of every type beside the article sets:
    extract() scores with it when the page is of another type (Extractor.page_type, on by
    default; BENCHMARKS.md, issue 15)."""
    return _read("data/blocks_general.json")


def _read(name: str) -> Model:
    text = resources.files("dechaff").joinpath(name).read_text(encoding="utf-8")
    return Model(json.loads(text)["weights"])
