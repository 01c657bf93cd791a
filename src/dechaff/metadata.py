"""A parsed page -> its title, dates, author, site, canonical URL, description and `<html lang>`.

Structured sources come first because the page states them for machines: JSON-LD, then
OpenGraph and `article:` meta, then Dublin Core, `citation_*` and the meta names of the big
CMSs, then `itemprop` and `<time datetime>`. Only what those leave open is looked for in the
page as people see it: bylines and date lines (elements named `byline`, `author`, `date`,
..., and a "By ..." near the headline), the URL path (`/2020/02/26/`), and last the
`<title>` and the headline's `<h1>`. The title is the headline without the site's name that
pages add to it. One walk of the tree (`dom.evidence`) collects the structured evidence; the
byline query runs only when it is still needed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from dechaff import dom, jsonld
from dechaff.bylines import (
    BYLINES,
    COMMENT_NAME,
    DATE_LINES,
    MAX_AUTHOR_CHARS,
    MAX_LINE_CHARS,
    Line,
    Lines,
    author_after_by,
    author_from_lines,
    clean_author,
    visible_text,
)
from dechaff.dates import (
    Stamp,
    find_dates,
    iso_date,
    local_day,
    parse_date_value,
    read_stamp,
    shift,
    utc_offsets,
)
from dechaff.titles import Owner, choose_h1, compare_key, holds_h1

# Titles, authors, site names and descriptions are cut to these lengths: longer values are
# markup mistakes (a whole paragraph in og:title), and the caps bound the work downstream.
MAX_TITLE_CHARS = 300
MAX_DESCRIPTION_CHARS = 1_000
# Meta tags read per page: a page with thousands is broken or hostile.
MAX_META_TAGS = 500
# The <h1> elements read for the headline: a page has one or two (a logo's and the
# headline); more are section titles.
MAX_H1S = 8
# Dates read from date lines and the URL to confirm a stated date: the first few are the
# article's own; further down they belong to lists of other articles.
MAX_LOCAL_DATES = 4
# The visible text read for a date when nothing else gave one: the date line sits near the
# headline, in the first screens of text.
MAX_TEXT_SCAN_CHARS = 3_000
# A text node this short that holds a date is a date line, not a sentence that names a day.
MAX_DATE_LINE_CHARS = 80

# Meta names that state the publication date, best first (measured on benchmarks/metadata.py).
PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "article:published", "article.published", "publishdate", "publish-date",
    "publish_date", "published_time", "published-date", "pubdate", "pub_date",
    "date_published", "publication_date", "citation_publication_date", "citation_date",
    "citation_online_date", "dc.date.issued", "dcterms.issued", "dc.date.created",
    "dcterms.created", "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date",
    "originalpublicationdate", "article_date_original", "cxenseparse:recs:publishtime",
    "datecreated", "published", "date", "release_date", "created",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
                 "dc.date.modified", "last-modified", "lastmod", "article:modified",
                 "modified_time", "revised")
AUTHOR_META = ("dc.creator", "dcterms.creator", "author", "article:author", "citation_author",
               "parsely-author", "sailthru.author", "byl", "article:author_name", "creator")
TITLE_META = ("dc.title", "dcterms.title", "og:title", "twitter:title", "title",
              "parsely-title", "sailthru.title", "headline")
SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")
DESCRIPTION_META = ("dc.description", "dcterms.description", "og:description", "description",
                    "twitter:description")

# Where a page says its publisher is, best first: the country-code domain of its URLs, then
# the region of its declared locale (og:locale "en_US", a language tag "fr-CA").
LOCALE_META = ("og:locale", "content-language", "dc.language", "dcterms.language", "language")
# Country-code domains that sites anywhere register for their sound (Google's list of generic
# ccTLDs, plus .ai, .gg, .ly, .sh and .to): they say nothing about where the publisher is.
GENERIC_CCTLDS = frozenset({"ad", "ai", "as", "bz", "cc", "cd", "co", "dj", "fm", "gg", "io",
                            "la", "ly", "me", "ms", "nu", "sc", "sh", "sr", "su", "tk", "to",
                            "tv", "ws"})
_CCTLD_COUNTRY = {"uk": "GB"}  # the one ccTLD that is not its country's ISO 3166 code
_REGION_SUBTAG_CHARS = 2  # BCP 47: a region is two letters (CA in fr-CA) or three digits

_NODE_BREAK = "\n|\n"
_DATE_LINE_NAMES = ("date", "time", "publish", "posted", "meta", "byline", "created")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])"
                       r"(?=[/_.+-]|$)")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a page says about itself; every field is None when the evidence is weak."""

    title: str | None = None
    date: str | None = None  # publication date, ISO YYYY-MM-DD; the update day when alone
    date_modified: str | None = None
    author: str | None = None
    site_name: str | None = None
    url: str | None = None  # canonical URL
    description: str | None = None
    html_lang: str | None = None  # as declared by <html lang>, lower case
    # What JSON-LD says of the page: its main node's articleBody (for pages whose own
    # markup gives no article), and every schema.org type on it (Product, QAPage, ...).
    body: str | None = None
    types: tuple[str, ...] = ()
    og_type: str | None = None  # og:type, lower case


@dataclass(slots=True)
class _Evidence:
    """What the structured query found, gathered in one pass over its results."""

    meta: dict[str, str] = field(default_factory=dict)
    ld_blocks: list[str] = field(default_factory=list)
    title: str | None = None
    h1: str | None = None  # the headline's h1 (`titles.choose_h1`)
    h1_address: int = 0  # its address (0 for none)
    h1s: list[tuple[str | None, int]] = field(default_factory=list)  # (text, address)
    canonical: str | None = None
    html_lang: str | None = None
    published_props: list[str] = field(default_factory=list)  # itemprop=datePublished values
    author_props: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)  # <time datetime> values, in page order


def read_metadata(parsed: dom.Parsed, url: str | None = None, *,
                  today: date | None = None) -> Metadata:
    """Read a page's metadata; `today` is the crawl date, after which no date is accepted."""
    latest = today or date.today()
    seen = _gather(parsed)
    facts = jsonld.read_blocks(seen.ld_blocks)
    site = _site_name(seen, facts)
    lines = Lines(parsed, seen.h1_address)
    published = _publication_date(seen, facts, lines, url, latest)
    modified = _modified(seen, facts, latest, published)
    author = _author(seen, facts, lines, site)
    return Metadata(
        title=_title(seen, facts, site),
        date=published or modified,
        date_modified=modified,
        author=author,
        site_name=site,
        url=_canonical(seen, facts, url),
        description=_clip(_first_meta(seen, DESCRIPTION_META) or facts.description,
                          MAX_DESCRIPTION_CHARS),
        html_lang=seen.html_lang,
        body=facts.body,
        types=facts.types,
        og_type=(seen.meta.get("og:type") or "").strip().lower() or None,
    )


# -- evidence ------------------------------------------------------------------------------
def _gather(parsed: dom.Parsed) -> _Evidence:
    """The structured evidence, each kind in page order (the first of each kind counts)."""
    seen = _Evidence()
    metas = 0
    for i, (tag, attrs, address, name) in enumerate(dom.evidence(parsed)):
        if tag == "meta":
            metas += 1
            if metas <= MAX_META_TAGS:
                _add_meta(seen, attrs)
            continue
        if tag == "html" and i == 0:  # the page's own, not one nested in its body
            _add_lang(seen, attrs.get("lang") or attrs.get("xml:lang"))
        elif tag == "title" and seen.title is None:
            seen.title = _squash(dom.text_at(parsed, address, spaced=False), MAX_TITLE_CHARS)
        elif tag == "link" and not seen.canonical:
            if "canonical" in (attrs.get("rel") or "").lower().split():
                seen.canonical = (attrs.get("href") or "").strip() or None
        elif tag == "script" and (attrs.get("type") or "").lower() == "application/ld+json":
            seen.ld_blocks.append(dom.text_at(parsed, address, spaced=False))
        elif tag == "h1" and len(seen.h1s) < MAX_H1S:
            seen.h1s.append((_squash(dom.text_at(parsed, address), MAX_TITLE_CHARS), address))
        elif tag == "time" and not seen.times and attrs.get("datetime"):
            seen.times.append(attrs["datetime"])
        if "itemprop" in attrs:
            _add_itemprop(seen, parsed, attrs, address, name)
    seen.h1, seen.h1_address = choose_h1(seen.h1s, (seen.title,
                                                    _first_meta(seen, TITLE_META)))
    return seen


def _add_lang(seen: _Evidence, lang: str | None) -> None:
    seen.html_lang = lang.strip().lower().replace("_", "-") if lang else None


def _add_meta(seen: _Evidence, attrs: Mapping[str, str | None]) -> None:
    content = attrs.get("content")
    if content is None:
        return
    names = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
             or attrs.get("http-equiv"))
    if not names:
        return
    names = names.lower()
    for key in names.split() if " " in names else (names,):
        if key.startswith(("dc:", "dcterms:", "dcterm:")):  # dc:title is DC.title
            key = key.replace("dcterm:", "dcterms.").replace(":", ".", 1)
        seen.meta.setdefault(key, content)


def _add_itemprop(seen: _Evidence, parsed: dom.Parsed, attrs: dict[str, str], address: int,
                  name: int) -> None:
    props = (attrs.get("itemprop") or "").lower().split()
    if "datepublished" in props or "datecreated" in props:
        value = (attrs.get("datetime") or attrs.get("content")
                 or dom.text_at(parsed, address, spaced=False))
        seen.published_props.append(value[:MAX_LINE_CHARS])
    if "author" in props or "creator" in props:
        value = attrs.get("content") or dom.text_at(parsed, name or address)
        seen.author_props.append(value[:MAX_LINE_CHARS])


def _first_meta(seen: _Evidence, keys: Iterable[str]) -> str | None:
    for key in keys:
        value = seen.meta.get(key)
        if value and value.strip():
            return value.strip()
    return None


# -- dates ---------------------------------------------------------------------------------
def _stamps(seen: _Evidence, facts: jsonld.Facts, latest: date
            ) -> tuple[list[Stamp], list[Stamp]]:
    """The publication dates that the page states for machines, best source first: in its
    head (meta, JSON-LD), and in its body (itemprop=datePublished; the first `<time>` only
    when nothing else states a date, since a `<time>` may be any day: a comment's, an
    update's)."""
    values = [seen.meta.get(key) for key in PUBLISHED_META]
    values += [facts.date_published]
    head = _read_stamps(values, latest)
    body = _read_stamps(seen.published_props, latest)
    return head, body or ([] if head else _read_stamps(seen.times[:1], latest))


def _read_stamps(values: Iterable[str | None], latest: date) -> list[Stamp]:
    stamps = []
    for value in values:
        stamp = read_stamp(value, latest=latest) if value else None
        if stamp:
            stamps.append(stamp)
    return stamps


def _modified(seen: _Evidence, facts: jsonld.Facts, latest: date,
              published: str | None) -> str | None:
    """The stated modification date; never before the publication date."""
    values = [facts.date_modified] + [seen.meta.get(key) for key in MODIFIED_META]
    for value in values:
        found = parse_date_value(value, latest=latest) if value else None
        if found and (published is None or found >= published):
            return found
    return None


def _publication_date(seen: _Evidence, facts: jsonld.Facts, lines: Lines, url: str | None,
                      latest: date) -> str | None:
    """The stated date that what readers see confirms, else the best stated one.

    The page's URLs and visible date lines give the publisher's local day. They decide
    between machine sources that disagree, and shift a UTC time by a day when they say so;
    failing them, the publisher's country does, where all its clocks agree on the day.
    Sources that agree are taken at once unless one is a UTC time, whose day may not be the
    publisher's. Each source is read only when the ones before leave the date open.
    """
    head, body = _stamps(seen, facts, latest)
    stamps = head + body
    if stamps and not any(s.utc for s in stamps) and all(s.iso == stamps[0].iso for s in stamps):
        return stamps[0].iso
    urls = (seen.canonical, seen.meta.get("og:url"), url)
    local = [d for d in (_date_from_url(u, latest) for u in urls) if d]
    found = next((s.iso for s in stamps if s.iso in local), None)
    read: dict[str, list[str]] = {}
    if found is None:
        local += _line_dates(lines.near(), latest, read)
        found = next((s.iso for s in stamps if s.iso in local), None)
    if found is None:
        # A date line anywhere on the page confirms only what the head states: the body's
        # stamps are date lines themselves (a related post's "Created: Dec 19, 2025").
        local += _line_dates(lines.everywhere(DATE_LINES), latest, read)
        found = _confirmed(head or body, local, _clocks(stamps), _country(seen, urls))
    return found or (local[0] if local else None) or _date_from_text(lines.parsed, latest)


def _clocks(stamps: list[Stamp]) -> tuple[int, int] | None:
    """The least and greatest offset from UTC that the stamps state, in minutes."""
    stated = [s.offset for s in stamps if s.offset is not None]
    return (min(stated), max(stated)) if stated else None


def _confirmed(stamps: list[Stamp], local: list[str], clocks: tuple[int, int] | None,
               country: str | None) -> str | None:
    """The first stated date that a local date repeats, else the best stated date, moved to
    the publisher's day when it is a UTC time (`_publisher_day`)."""
    for stamp in stamps:
        if stamp.iso in local:
            return stamp.iso
    if not stamps:
        return None
    best = stamps[0]
    utc = best if best.utc else next((s for s in stamps if s.utc), None)
    if utc is None or (best.zoned and not best.utc) or best.iso != utc.iso:
        return best.iso
    not_utc = [s.iso for s in stamps if not s.utc]
    return _publisher_day(utc, local + not_utc, clocks, country)


def _publisher_day(utc: Stamp, local: list[str], clocks: tuple[int, int] | None,
                   country: str | None) -> str:
    """The day of a UTC time where its publisher is: the day that the offsets the page's
    other times state give it, else the day before or after when a local date says so, else
    the one day that every clock of the publisher's country shows, else the UTC day.

    A forum thread's JSON-LD gives its first post in UTC and each post's `<time>` in the
    forum's own offset (-05:00): that offset puts 02:10Z on the day before. Local dates are
    the date lines and URLs, and the stamps that are not UTC times: one with its own offset
    gives the publisher's day, and one with no zone on the day before or after can only be
    a local time. The country's clocks must all agree: 02:54Z is the day before everywhere
    in the United States, while 07:00Z is not. A stamp with no zone on the UTC day
    (`2020-08-25|00h23` beside `2020-08-25T00:23Z`) does not count against them: were it
    the local time, it would show the other day.
    """
    day = local_day(utc, clocks) if clocks else None
    if day:
        return day
    for near in (shift(utc.iso, -1), shift(utc.iso, 1)):
        if near in local:
            return near
    offsets = utc_offsets(country) if country else None
    return (local_day(utc, offsets) if offsets else None) or utc.iso


def _country(seen: _Evidence, urls: Iterable[str | None]) -> str | None:
    """The ISO 3166 code of the publisher's country, from its domain or its locale."""
    for url in urls:
        split = _split(url)
        host = (split.hostname or "") if split else ""
        tld = host.rpartition(".")[2] if "." in host else ""
        if tld.isalpha() and tld not in GENERIC_CCTLDS:
            country = _CCTLD_COUNTRY.get(tld, tld.upper())
            if utc_offsets(country):
                return country
    for tag in [seen.meta.get(key) for key in LOCALE_META] + [seen.html_lang]:
        subtags = (tag or "").replace("_", "-").split("-")[1:]
        region = next((p for p in subtags if len(p) == _REGION_SUBTAG_CHARS and p.isalpha()),
                      None)
        if region and utc_offsets(region):
            return region.upper()
    return None


def _split(url: str | None) -> SplitResult | None:
    try:
        return urlsplit(url) if url else None
    except ValueError:  # "http://[broken": an IPv6 host that does not parse
        return None


def _line_dates(lines: list[Line], latest: date, read: dict[str, list[str]]) -> list[str]:
    """Dates in the first date lines: the publisher's own day, in page order. `read` holds
    the dates of each text already read on the page (the lines near the headline are among
    the page's, and a date line's element often nests another with the same text)."""
    found: list[str] = []
    for line in lines:
        names = line.names()
        if any(word in names for word in _DATE_LINE_NAMES) and COMMENT_NAME not in names:
            text = line.text()
            if text:
                if text not in read:
                    read[text] = [d.iso for d in find_dates(text, latest=latest) if d.published]
                found += read[text]
                if len(found) >= MAX_LOCAL_DATES:
                    break
    return found


def _date_from_text(parsed: dom.Parsed, latest: date) -> str | None:
    """The date of the first short date line in the visible text, else its first date;
    failing any, the day it says it was updated on ("Last updated: November 13, 2025"),
    the date of the text as it is.

    A date line stands alone ("January 18, 2020"); a date inside a longer text is often
    another day's: a photo caption's, an event's.
    """
    body = parsed.body
    if body is None:
        return None
    texts = visible_text(parsed, body.mem_id, MAX_TEXT_SCAN_CHARS, dom.MAX_ELEMENTS)
    joined = _NODE_BREAK.join(texts)  # one regex pass; "|" stops a date from spanning nodes
    found = [d for d in find_dates(joined, latest=latest) if not d.other]
    found = [d for d in found if not d.modified] or found
    if not found:
        return None
    ends, end = [], 0
    for text in texts:
        end += len(text) + len(_NODE_BREAK)
        ends.append(end)
    for match in found:
        node = bisect_right(ends, match.start)
        if node < len(texts) and len(texts[node]) <= MAX_DATE_LINE_CHARS:
            return match.iso
    return found[0].iso


def _date_from_url(url: str | None, latest: date) -> str | None:
    """The day in a URL path such as /2020/02/26/ or /20200226/, or None."""
    parts = _split(unquote(url) if url else None)  # og:url "%2Farticles%2F2025-12-15%2B..."
    match = _URL_DATE.search(parts.path) if parts else None
    if match is None:
        return None
    return iso_date(int(match[1]), int(match[2]), int(match[3]), latest)


# -- people and names ----------------------------------------------------------------------
def _author(seen: _Evidence, facts: jsonld.Facts, lines: Lines, site: str | None
            ) -> str | None:
    """The stated author, else the byline's; the byline's first when the stated author is
    the site itself (a CMS that credits every page to its publisher)."""
    stated = _stated_author(seen, facts)
    if stated and not Owner.of((site, facts.publisher), None).named_by(stated):
        return stated
    return (author_from_lines(lines.near()) or author_after_by(lines.texts_near())
            or author_from_lines(lines.everywhere(BYLINES)) or stated)


def _stated_author(seen: _Evidence, facts: jsonld.Facts) -> str | None:
    if facts.authors:
        names = [n for n in (clean_author(a) for a in facts.authors) if n]
        if names:
            return _clip(", ".join(names), MAX_AUTHOR_CHARS)
    for value in [seen.meta.get(key) for key in AUTHOR_META] + seen.author_props:
        name = clean_author(value) if value else None
        if name:
            return name
    return None


def _site_name(seen: _Evidence, facts: jsonld.Facts) -> str | None:
    return _clip(_first_meta(seen, SITE_META) or facts.publisher, MAX_TITLE_CHARS)


def _title(seen: _Evidence, facts: jsonld.Facts, site: str | None) -> str | None:
    """The headline: the first stated title that `<title>` or `<h1>` repeats, else the first
    stated title, else the `<h1>` that `<title>` wraps, else `<title>` as it is (with the
    site's name, as readers of both benchmarks label it).

    A JSON-LD headline that nothing else repeats is often stale (an earlier version of the
    article) or a description (Wikipedia's); OpenGraph and Dublin Core titles are kept even
    when unrepeated, because `<title>` often adds the site's name to them.
    """
    article = facts.kind == "article"
    stated = [facts.headline if article else None]
    stated += [seen.meta.get(key) for key in TITLE_META]
    stated += [facts.name if article else None]
    candidates = [t for t in (_clip(v, MAX_TITLE_CHARS) for v in stated) if t]
    shown = [compare_key(t) for t in (seen.title, seen.h1) if t]
    site_key = compare_key(site or "")
    keys = [(t, compare_key(t)) for t in candidates]
    found = next((t for t, key in keys if key and key != site_key and any(key in s for s in shown)),
                 None)
    trusted = [t for t in candidates[1:-1] if t] if article else candidates
    found = found or (trusted[0] if trusted else None)
    if found is None and seen.title and seen.h1 and holds_h1(seen.title, seen.h1):
        return seen.h1  # "Amazon.com: <h1> : Electronics"
    return found or seen.title or seen.h1 or (candidates[0] if candidates else None)


def _join(base: str | None, url: str) -> str:
    try:
        return urljoin(base, url) if base else url
    except ValueError:  # a base or a URL with a broken IPv6 host
        return url


def _canonical(seen: _Evidence, facts: jsonld.Facts, url: str | None) -> str | None:
    for value in (seen.canonical, seen.meta.get("og:url"), facts.url):
        if value and not value.startswith(("javascript:", "data:")):
            full = _join(url, value)
            if full.startswith(("http://", "https://")):
                return full[:2048]
    return url


# -- text ----------------------------------------------------------------------------------
def _squash(text: str, limit: int) -> str | None:
    text = " ".join(text[: limit * 4].split())
    return text[:limit] or None


def _clip(text: str | None, limit: int) -> str | None:
    if not text:
        return None
    return _squash(text, limit)
