"""A page's headline among its `<h1>` elements, and who a site is, as titles name it.

Many pages put their logo in an `<h1>` of its own: the headline's `<h1>` is the one that
repeats most of the stated titles. The site's own name (`Owner`) tells a stated author that
is only the site from a person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

# A part of a title that holds the host's name is the site's when it is this short ("MIT
# Sloan", "Google Cloud"); longer, it is a headline that names the company.
MAX_SITE_WORDS = 3
# Second-level labels under which sites register (bbc.co.uk, abc.net.au): not the name.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"})
_NOT_ALNUM = re.compile(r"[\W_]+")

H1 = tuple[str | None, int]  # an <h1>'s text and its address


def compare_key(text: str) -> str:
    """Letters and digits only, case-folded: how titles are compared."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def choose_h1(h1s: Sequence[H1], titles: Sequence[str | None]) -> H1:
    """The headline's `<h1>`: the one that repeats most of a stated title or `<title>` (a
    site's logo is often an `<h1>` too, and its name is in `<title>`), else the first with
    text, else the last."""
    with_text = [(text, address) for text, address in h1s if text]
    if len(with_text) <= 1:
        return with_text[0] if with_text else h1s[-1] if h1s else (None, 0)
    keys = [compare_key(t) for t in titles if t]
    best, overlap = None, 0
    for text, address in with_text:
        key = compare_key(text or "")
        shared = max((min(len(key), len(t)) for t in keys if t and (key in t or t in key)),
                     default=0)
        if shared > overlap:
            best, overlap = (text, address), shared
    return best or with_text[0]


def holds_h1(title: str, h1: str) -> bool:
    """Whether `title` holds the `<h1>` as most of its text ("Shop.com: <h1> : Electronics"),
    and not at its end, where a site's name goes (a logo's `<h1>`)."""
    h1_key, title_key = compare_key(h1), compare_key(title)
    return (bool(h1_key) and h1_key in title_key and not title_key.endswith(h1_key)
            and 2 * len(h1_key) >= len(title_key))


@dataclass(frozen=True, slots=True)
class Owner:
    """Who the site is, as titles name it: its stated names' keys, its host's main label."""

    keys: frozenset[str]
    label: str

    @classmethod
    def of(cls, names: Sequence[str | None], url: str | None) -> Owner:
        return cls(frozenset(compare_key(n) for n in names if n) - {""}, host_label(url))

    def named_by(self, part: str) -> bool:
        """Whether a part of a title is the site's name."""
        key = compare_key(part)
        if not key:
            return False
        if key in self.keys:
            return True
        return bool(self.label) and self.label in key and len(part.split()) <= MAX_SITE_WORDS


def host_label(url: str | None) -> str:
    """The main label of a URL's host: "google" for cloud.google.com, "bbc" for
    www.bbc.co.uk (the label before the suffix, a second-level one such as co.uk skipped)."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:  # "http://[broken": an IPv6 host that does not parse
        host = ""
    labels = host.split(".")[:-1]
    while labels and (labels[-1] in _SECOND_LEVEL or len(labels[-1]) <= 1):
        labels.pop()
    return compare_key(labels[-1]) if labels and labels[-1] != "www" else ""
