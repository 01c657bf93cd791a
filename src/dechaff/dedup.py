"""Steps over the whole run: each needs every document before it can decide about one.

A corpus step works in three parts, so that no part holds the documents themselves:
`key(doc)` runs in the workers beside the document steps and gives a short fingerprint;
`decide(keys)` sees the (id, key) of every kept document in the order of the run and
names the documents to set aside, with the id of the one each duplicates; the run then
writes each shard's documents with those decisions applied.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from dechaff.document import Document, Reason


@dataclass(frozen=True, slots=True)
class Verdict:
    """A document a corpus step sets aside: why, and the document it gave way to."""

    reason: Reason
    detail: str
    survivor: str | None = None


class CorpusStep(Protocol):
    def key(self, doc: Document) -> str: ...

    def decide(self, keys: Iterable[tuple[str, str]]) -> dict[str, Verdict]: ...


def fingerprint(text: str) -> str:
    """A 128-bit hash of the text with its white space normalised."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class ExactDuplicates:
    """Keep the first of the documents with the same text (white space aside); set the
    others aside as `duplicate`, naming the one kept. The first is the first in the order
    of the run (inputs as given, records in file order), so every run keeps the same one.
    Memory: one 32-character key per distinct text, about 100 MB per million."""

    def key(self, doc: Document) -> str:
        return fingerprint(doc.text)

    def decide(self, keys: Iterable[tuple[str, str]]) -> dict[str, Verdict]:
        first: dict[str, str] = {}
        verdicts: dict[str, Verdict] = {}
        for doc_id, key in keys:
            survivor = first.setdefault(key, doc_id)
            if survivor != doc_id:
                verdicts[doc_id] = Verdict(Reason.DUPLICATE, f"same text as {survivor}", survivor)
        return verdicts
