"""JSON-LD (schema.org) blocks -> the facts metadata needs; never raises on content.

Pages embed `<script type="application/ld+json">` with one object, a list, or an `@graph`
of nodes that point at each other by `@id` (Yoast's author is such a pointer). Real blocks
are often broken: trailing commas, raw line breaks in strings, HTML comments, two objects
pasted together. `read_blocks()` repairs what it can and, for a block that stays broken,
falls back on pulling the few keys we use out of the text with a regular expression.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

# Blocks longer than this are cut before parsing: real ones stay under 100 kB, and the cap
# bounds work on a page that inlines a whole product catalogue as JSON-LD.
MAX_BLOCK_CHARS = 500_000
# Nesting deeper than this is not walked: schema.org data is a few levels deep.
MAX_DEPTH = 12
# Nodes beyond this many are not read (a large catalogue or comment thread).
MAX_NODES = 2_000

# schema.org types of an article, a post or a page written at one time, most specific first.
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "scholarlyarticle", "techarticle", "socialmediaposting", "liveblogposting",
    "discussionforumposting", "report", "review", "satiricalarticle", "advertisertcontentarticle",
    "medicalscholarlyarticle", "posting", "creativework", "videoobject", "podcastepisode",
})
PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "profilepage", "qapage", "faqpage",
                        "collectionpage", "medicalwebpage", "searchresultspage"})
SITE_TYPES = frozenset({"organization", "newsmediaorganization", "website", "corporation"})

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_COMMENT = re.compile(r"<!--|-->|/\*.*?\*/|^\s*//[^\n]*$", re.DOTALL | re.MULTILINE)
_CDATA = re.compile(r"<!\[CDATA\[|\]\]>")
_PASTED = re.compile(r"}\s*{")
_KEY_VALUE = re.compile(
    r'"(headline|name|datePublished|dateCreated|dateModified|uploadDate|description)"'
    r'\s*:\s*"((?:[^"\\]|\\.){1,2000})"'
)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the JSON-LD of a page says about its main article, each field None if silent."""

    headline: str | None = None
    name: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    url: str | None = None
    description: str | None = None
    kind: str | None = None  # "article", "page" or "other": how sure we are it is the article
    body: str | None = None  # the main node's articleBody (or text), its line breaks kept
    types: tuple[str, ...] = ()  # every schema.org type on the page, lower case, sorted


def read_blocks(texts: Iterable[str]) -> Facts:
    """The facts of the page's main article from the text of its JSON-LD blocks."""
    nodes: list[dict[str, Any]] = []
    loose: dict[str, str] = {}
    for text in texts:
        data = _load(text[:MAX_BLOCK_CHARS])
        if data is None:
            for key, value in _KEY_VALUE.findall(text[:MAX_BLOCK_CHARS]):
                loose.setdefault(key, _unescape(value))
        else:
            nodes.extend(_walk(data, 0))
        if len(nodes) > MAX_NODES:
            break
    return _facts(nodes[:MAX_NODES], loose)


def _load(text: str) -> Any:
    """The parsed JSON, after the repairs real pages need, or None."""
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        pass
    repaired = _repair(text)  # only for the few blocks that need it: the regexes are slow
    try:
        return json.loads(repaired, strict=False)
    except (ValueError, RecursionError):
        pass
    try:  # two objects pasted together: read them as a list
        return json.loads("[" + _PASTED.sub("},{", repaired) + "]", strict=False)
    except (ValueError, RecursionError):
        return None


def _repair(text: str) -> str:
    text = _CDATA.sub("", _COMMENT.sub("", text)).strip().rstrip(";")
    return _TRAILING_COMMA.sub(r"\1", text)


def _unescape(value: str) -> str:
    try:
        return str(json.loads(f'"{value}"', strict=False))
    except ValueError:
        return value


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every object node below `data` that carries an `@type` or an `@id`."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data[:MAX_NODES]:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data or "@id" in data:
            yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            if isinstance(data.get(key), list | dict):
                yield from _walk(data[key], depth + 1)


def types_of(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def _facts(nodes: list[dict[str, Any]], loose: dict[str, str]) -> Facts:
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and "@type" in n}
    main, kind = _main_node(nodes)
    if main is None:
        return replace(_loose_facts(loose), types=_all_types(nodes))
    page = next((n for n in nodes if types_of(n) & PAGE_TYPES), None)
    site = next((n for n in nodes if types_of(n) & SITE_TYPES), None)
    published = _text(main.get("datePublished")) or _text(main.get("dateCreated")) or _text(
        main.get("uploadDate"))
    if published is None and page is not None and page is not main:
        published = _text(page.get("datePublished"))
    return Facts(
        headline=_text(main.get("headline")) or loose.get("headline"),
        name=_text(main.get("name")),
        date_published=published or loose.get("datePublished"),
        date_modified=_text(main.get("dateModified")) or loose.get("dateModified"),
        authors=_names(main.get("author") or main.get("creator"), by_id),
        publisher=_first(_names(main.get("publisher"), by_id)) or _site_name(site),
        url=_url(main.get("url")) or _url(main.get("mainEntityOfPage")),
        description=_text(main.get("description")),
        kind=kind,
        body=_body(main.get("articleBody") or main.get("text")),
        types=_all_types(nodes),
    )


def _main_node(nodes: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, str | None]:
    """The article node, else the page node, else the first node with a date."""
    for family, kind in ((ARTICLE_TYPES, "article"), (PAGE_TYPES, "page")):
        for node in nodes:
            if types_of(node) & family:
                return node, kind
    for node in nodes:
        if "datePublished" in node or "headline" in node:
            return node, "other"
    return None, None


def _all_types(nodes: list[dict[str, Any]]) -> tuple[str, ...]:
    found: set[str] = set()
    for node in nodes:
        found |= types_of(node)
    return tuple(sorted(found))


def _body(value: Any) -> str | None:
    """A text field with its paragraphs: white space squashed within lines, blank lines
    dropped."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    lines = (" ".join(line.split()) for line in value.splitlines())
    return "\n".join(line for line in lines if line) or None


def _loose_facts(loose: dict[str, str]) -> Facts:
    if not loose:
        return Facts()
    return Facts(
        headline=loose.get("headline"),
        date_published=loose.get("datePublished") or loose.get("dateCreated"),
        date_modified=loose.get("dateModified"),
        description=loose.get("description"),
        kind="other",
    )


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _names(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    """The names of the people or organisations in an `author` or `publisher` value."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values[:20]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return tuple(names)


def _first(names: tuple[str, ...]) -> str | None:
    return names[0] if names else None


def _site_name(site: dict[str, Any] | None) -> str | None:
    return None if site is None else _text(site.get("name"))


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    text = _text(value)
    return text if text and text.startswith(("http://", "https://")) else None
