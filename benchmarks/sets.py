"""The body-extraction benchmark sets in ../shared/bench, with each page's site, for k-fold
splits that keep all pages of one site on the same side (they share a template).

    article-extraction  181 news and blog pages (Zyte, MIT)
    readability-pages   130 of Mozilla Readability's test pages (Apache-2.0)
    modern-web          609 pages of the 2025-26 web, seven page types (Apache-2.0)
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

M = TypeVar("M")  # a model
S = TypeVar("S")  # a page's score

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
SETS = ("article-extraction", "readability-pages", "modern-web")


@dataclass(frozen=True, slots=True)
class BenchPage:
    """One page of a set, with the text to extract from it."""

    set: str
    key: str
    html: str
    expected: str
    url: str | None
    site: str  # its registrable domain; its own key when it has no address
    page_type: str  # modern-web's label; "article" for the two article sets


def load(name: str) -> list[BenchPage]:
    """The pages of one set, in a stable order."""
    return {"article-extraction": _article_extraction, "readability-pages": _readability,
            "modern-web": _modern_web}[name]()


def load_all(names: Iterable[str] = SETS) -> list[BenchPage]:
    return [page for name in names for page in load(name)]


def _article_extraction() -> list[BenchPage]:
    root = BENCH / "article-extraction"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        url = truth[key].get("url")
        pages.append(BenchPage("article-extraction", key, html, truth[key]["articleBody"], url,
                               site_of(url, key), "article"))
    return pages


def _readability() -> list[BenchPage]:
    from selectolax.lexbor import LexborHTMLParser

    pages = []
    for folder in sorted((BENCH / "readability-pages" / "pages").iterdir()):
        html = (folder / "source.html").read_text(encoding="utf-8", errors="replace")
        expected = LexborHTMLParser((folder / "expected.html").read_text(encoding="utf-8"))
        body = expected.body
        text = body.text(separator="\n") if body is not None else ""
        url = _declared_url(LexborHTMLParser(html))
        # A page without an address is named for its site and a number ("webmd-2").
        pages.append(BenchPage("readability-pages", folder.name, html, text, url,
                               site_of(url, re.sub(r"-\d+$", "", folder.name)), "article"))
    return pages


def _declared_url(parsed: Any) -> str | None:
    for selector, attribute in (("link[rel=canonical]", "href"),
                                ('meta[property="og:url"]', "content")):
        node = parsed.css_first(selector)
        value = node.attributes.get(attribute) if node is not None else None
        if value and value.startswith(("http://", "https://")):
            return str(value)
    return None


def _modern_web() -> list[BenchPage]:
    root = BENCH / "modern-web"
    pages = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        html = gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes()).decode(
            "utf-8", errors="replace")
        url = truth.get("url")
        page_type = truth["_internal"]["page_type"]["primary"]
        pages.append(BenchPage("modern-web", path.stem, html,
                               truth["ground_truth"]["main_content"] or "", url,
                               site_of(url, path.stem), page_type))
    return pages


def modern_web_truth() -> dict[str, dict[str, Any]]:
    """modern-web's whole truth of each page (title, author, date, ...), by key."""
    root = BENCH / "modern-web" / "ground-truth"
    return {path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(root.glob("*.json"))}


def site_of(url: str | None, fallback: str) -> str:
    """The registrable domain of an address (bbc.co.uk for www.bbc.co.uk/news), by the
    public suffix list that tldextract ships (no download); `fallback` without one."""
    if not url:
        return fallback
    found = _extract()(url)
    return found.top_domain_under_public_suffix or found.domain or fallback


@lru_cache(maxsize=1)
def _extract() -> Any:
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_folds(pages: Sequence[BenchPage], folds: int, seed: int) -> list[int]:
    """The fold of each page, all pages of one site in the same fold: sites are dealt to
    folds at random (by `seed`), biggest first, each to the fold with fewest pages."""
    sites: dict[str, int] = {}
    for page in pages:
        sites[page.site] = sites.get(page.site, 0) + 1
    order = sorted(sites)
    random.Random(seed).shuffle(order)
    order.sort(key=lambda site: -sites[site])  # stable: ties stay shuffled
    sizes = [0] * folds
    fold_of: dict[str, int] = {}
    for site in order:
        fold = min(range(folds), key=lambda f: (sizes[f], f))
        fold_of[site] = fold
        sizes[fold] += sites[site]
    return [fold_of[page.site] for page in pages]


def grouped(pages: Sequence[BenchPage], scored: Mapping[int, S]) -> dict[str, list[S]]:
    """The scores of each set ("modern-web"), and of each page type of a set
    ("modern-web / forum"), in the order of `scored`; `scored` maps an index of `pages`."""
    groups: dict[str, list[S]] = {}
    for i, s in scored.items():
        page = pages[i]
        groups.setdefault(page.set, []).append(s)
        groups.setdefault(f"{page.set} / {page.page_type}", []).append(s)
    return groups


def held_out(pages: Sequence[BenchPage], train_on: Sequence[int], folds: int, seed: int,
             fit: Callable[[list[int]], M], score: Callable[[M, int], S]) -> dict[int, S]:
    """k-fold by site: each page's score (`score(model, index)`) by a model fit on the pages
    of `train_on` outside its fold (`fit(indexes)`)."""
    fold = site_folds(pages, folds, seed)
    scored: dict[int, S] = {}
    for k in range(folds):
        model = fit([i for i in train_on if fold[i] != k])
        scored.update((i, score(model, i)) for i in range(len(pages)) if fold[i] == k)
    return scored


def digest(pages: Sequence[BenchPage]) -> str:
    """A digest of the pages (keys, HTML and truth): what a quality floor was measured on."""
    h = hashlib.sha256()
    for page in pages:
        for part in (page.set, page.key, page.html, page.expected):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
    return h.hexdigest()[:16]
