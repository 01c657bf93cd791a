"""Dates in text and attributes -> ISO `YYYY-MM-DD`; nothing here raises on content.

`find_date_in_text()` reads the date of a short text such as a date line ("26 February
2020", "26.02.2020", "2020年2月26日", "26 de febrero de 2020"); `parse_date_value()` reads
a machine value (an ISO date-time, a Unix timestamp, `20200226`) and falls back to the
former. Month names come from `months.py`, the date-line vocabulary from `_MODIFIED` below.
Every date is checked against a window: not before 1995 (no news site is older) and not
after the reference day (the crawl date, today when unknown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from dechaff.months import month_number

# The web had next to no dated news pages before this year; an older date on a page is a
# founding year, a birth date or a copyright line, never the publication date.
MIN_YEAR = 1995
# Texts longer than this are cut: a date line is short, and the cap bounds regex work on a
# whole page passed by mistake.
MAX_TEXT_CHARS = 5_000
# Unix timestamps: 10 digits are seconds, 13 milliseconds (1995..2286 in both units).
_SECONDS_DIGITS = 10
_MILLIS_DIGITS = 13
# Buddhist-era years (Thai dates) are 543 ahead of the Gregorian calendar.
_BUDDHIST_OFFSET = 543
_FIRST_BUDDHIST_YEAR = MIN_YEAR + _BUDDHIST_OFFSET
# Two-digit years ("26.02.20") are read as 2000 + yy; yy above the reference year's is 19yy.
_CENTURY = 100
_SHORT_YEAR_DIGITS = 2
_COMPACT_DIGITS = 8  # 20200226
_MONTHS_IN_YEAR = 12
_MAX_DAY = 31

# A word: letters and the combining marks that Devanagari and Thai words need.
_WORD = (r"[^\W\d_][^\s\d.,;:!?/\\|()\[\]{}<>\"'"
         r"\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019\-\u2013\u2014]*")
_SEP = r"[\s\u00a0]*"
_ORDINAL = r"(?:st|nd|rd|th|er|e|º|°|ª)?\.?"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2020-02-26, 2020/2/26, 2020.02.26, 2020. 2. 26. (Korean, Hungarian)
    ("ymd", re.compile(r"(?<![\d.])(\d{4})([-/.])\s?(\d{1,2})\2\s?(\d{1,2})(?![\d/])")),
    # 2020年2月26日 (Chinese, Japanese), 2020년 2월 26일 (Korean)
    ("ymd", re.compile(r"(?<!\d)(\d{4})\s*([年년])\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")),
    # 26.02.2020, 26/02/2020, 26-02-2020, 26.02.20
    ("dmy", re.compile(r"(?<![\d.])(\d{1,2})([-/.])\s?(\d{1,2})\2\s?(\d{4}|\d{2})(?![\d/]|\.\d)")),
    # 26 February 2020, 26. Februar 2020, 26 de febrero de 2020, 26th of Feb., 2020,
    # 24 نيسان / أبريل 2020 (Levantine and standard Arabic month names side by side)
    ("dwy", re.compile(rf"(?<![\d.])(\d{{1,2}}){_ORDINAL}{_SEP}(?:de\s+|of\s+|tháng\s+)?"
                       rf"({_WORD})\.?(?:\s*/\s*{_WORD})?,?{_SEP}(?:de\s+|del\s+|of\s+|năm\s+)?"
                       rf"(\d{{4}})(?!\d)")),
    # February 26, 2020; Feb. 26th 2020
    ("wdy", re.compile(rf"({_WORD})\.?{_SEP}(\d{{1,2}}){_ORDINAL},?{_SEP}(\d{{4}})(?!\d)")),
    # 2020. február 26. (Hungarian), 2020 Feb 26
    ("ywd", re.compile(rf"(?<!\d)(\d{{4}})\.?{_SEP}(?:évi\s+)?({_WORD})\.?{_SEP}"
                       rf"(\d{{1,2}})(?!\d)")),
    # Vietnamese: 26 tháng 2 năm 2020, 26 tháng 02, 2020
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})\s+(tháng)\s+(\d{1,2})\s*(?:năm|,)?\s*(\d{4})(?!\d)",
                       re.IGNORECASE)),
)
# Japanese era years: 令和2年2月26日 (Reiwa began in 2019, Heisei in 1989).
_ERA = re.compile(r"(令和|平成)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ERA_START = {"令和": 2019, "平成": 1989}
# Words that mark the next date as a modification date, not the publication date.
_MODIFIED = re.compile(
    r"(?:updated?|modified|revised|edited|last change|aktualisiert|geändert|actualizad[oa]|"
    r"modificad[oa]|atualizad[oa]|mis à jour|mise à jour|modifié|aggiornat[oa]|bijgewerkt|"
    r"gewijzigd|zaktualizowano|aktualizacja|aktualizováno|güncellen\w*|обновлен\w*|"
    r"оновлен\w*|更新|修改|갱신|수정|uppdaterad|opdateret|oppdatert|päivitetty)\W{0,3}"
    r"(?:\w+\W{1,3}){0,2}$",
    re.IGNORECASE,
)
# A year-like number, around which dates are looked for: a Gregorian or Buddhist-era year,
# the two-digit year of 26.02.20, a Japanese era name.
_YEARISH = re.compile(r"(?:19|20|25)\d\d|\d\.\d\d?\.\d\d(?!\d)|令和|平成")
# The longest date forms put this much text before their year ("Wednesday, 26th of
# February, 2020": 30) and after it ("2020. február 26.": 15); a little more is read.
_BEFORE_YEAR_CHARS = 48
_AFTER_YEAR_CHARS = 24
# How far before a date to look for those words, in characters.
_CONTEXT_CHARS = 40
_DIGITS_ONLY = re.compile(r"\d+")
_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s]\d|[+-]\d\d:?\d\d$|Z$)")
# A time given in UTC: "Z", "+00:00", "GMT", "UTC" after the time of day.
_UTC = re.compile(r"\d(?:\.\d+)?\s*(?:Z|[+-]00:?00|\s?(?:GMT|UTC)(?:[+-]0+)?)\b|\d(?:\.\d+)?Z$")
_COMPACT = re.compile(r"\s*((?:19|20)\d{2})(\d{2})(\d{2})(?:$|T?\d{4,6})")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date read from a text: its ISO form, where it starts, and whether it is marked
    as a modification date ("updated on ...")."""

    iso: str
    start: int
    modified: bool


def find_date_in_text(text: str, *, latest: date | None = None) -> str | None:
    """The publication date of a short text such as a date line, as `YYYY-MM-DD`, or None.

    Reads the first date that is not marked as a modification ("Updated: ..."); gives None
    when the text holds no date, only modification dates, or only an ambiguous one such as
    03/04/2020. `latest` is the newest date accepted (the crawl date; default today).
    """
    for found in find_dates(text, latest=latest):
        if not found.modified:
            return found.iso
    return None


def find_dates(text: str, *, latest: date | None = None) -> list[DateMatch]:
    """Every valid, unambiguous date in `text`, in order of position."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_TEXT_CHARS]
    limit = latest or date.today()
    found: dict[int, DateMatch] = {}
    for start, end in _windows(text):
        window = text[start:end]
        taken: list[tuple[int, int]] = []
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(window):
                span = match.span()
                if any(s < span[1] and span[0] < e for s, e in taken):
                    continue
                iso = _from_match(kind, match, limit)
                if iso is not None:
                    taken.append(span)
                    found[start + span[0]] = _dated(text, start + span[0], iso)
        for match in _ERA.finditer(window):
            iso = _from_era(match, limit)
            if iso is not None and start + match.start() not in found:
                found[start + match.start()] = DateMatch(iso, start + match.start(), False)
    return [found[k] for k in sorted(found)]


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around each year-like number, merged where they overlap.

    Every date form we read holds a year (or a Japanese era name), so the full patterns run
    on these few short stretches instead of the whole text: a tenth of the time on a page.
    """
    windows: list[tuple[int, int]] = []
    for match in _YEARISH.finditer(text):
        start = max(0, match.start() - _BEFORE_YEAR_CHARS)
        while start > 0 and not text[start - 1].isspace():  # never start inside a word
            start -= 1
        end = min(len(text), match.end() + _AFTER_YEAR_CHARS)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _dated(text: str, start: int, iso: str) -> DateMatch:
    before = text[max(0, start - _CONTEXT_CHARS) : start]
    return DateMatch(iso, start, bool(_MODIFIED.search(before)))


def _from_match(kind: str, match: re.Match[str], limit: date) -> str | None:
    groups = match.groups()
    if kind == "ymd":
        return iso_date(int(groups[0]), int(groups[2]), int(groups[3]), limit)
    if kind == "dmy":
        return _from_dmy(groups, limit)
    if kind == "dwy":
        day, word, year = groups
    elif kind == "wdy":
        word, day, year = groups
    else:
        year, word, day = groups
    month = month_number(word)
    if month is None:
        return None
    y = int(year)
    if y >= _FIRST_BUDDHIST_YEAR and not word.isascii():
        y -= _BUDDHIST_OFFSET
    return iso_date(y, month, int(day), limit)


def _from_dmy(groups: tuple[str | None, ...], limit: date) -> str | None:
    first, sep, second, year_text = (g or "" for g in groups)
    year = int(year_text)
    if len(year_text) == _SHORT_YEAR_DIGITS:
        if sep != ".":  # 26/02/20 reads as well as a fraction or a score
            return None
        year += 2000 if year <= limit.year % _CENTURY else 1900
    day, month = int(first), int(second)
    if sep == "/" and day <= _MONTHS_IN_YEAR and month <= _MONTHS_IN_YEAR and day != month:
        return None  # 03/04/2020 is 3 April in Europe and 4 March in the US: unsure
    if sep == "/" and month > _MONTHS_IN_YEAR >= day:
        day, month = month, day  # 02/26/2020: month first, the US order
    return iso_date(year, month, day, limit)


def _from_era(match: re.Match[str], limit: date) -> str | None:
    era, year_text, month, day = match.groups()
    year = 1 if year_text == "元" else int(year_text)
    return iso_date(_ERA_START[era] + year - 1, int(month), int(day), limit)


def iso_date(year: int, month: int, day: int, latest: date | None = None) -> str | None:
    """`YYYY-MM-DD` when the day exists and lies between 1995 and `latest`, else None."""
    if not (year >= MIN_YEAR and 1 <= month <= _MONTHS_IN_YEAR and 1 <= day <= _MAX_DAY):
        return None
    try:
        value = date(year, month, day)
    except ValueError:  # 31 April, 29 February of a common year
        return None
    if value > (latest or date.today()):
        return None
    return value.isoformat()


@dataclass(frozen=True, slots=True)
class Stamp:
    """The day of a machine-readable date value, and whether it was given in UTC.

    A UTC time names the publisher's local day only up to one day either way: 02:18Z on
    18 February is still the 17th in the Americas.
    """

    iso: str
    utc: bool


def parse_date_value(value: str, *, latest: date | None = None) -> str | None:
    """The date of a machine-readable value: an ISO date-time, `20200226`, a Unix
    timestamp in seconds or milliseconds, else a date written for people."""
    stamp = read_stamp(value, latest=latest)
    return stamp.iso if stamp else None


def read_stamp(value: str, *, latest: date | None = None) -> Stamp | None:
    """Like `parse_date_value`, keeping whether the value was a UTC time."""
    if not isinstance(value, str):
        return None
    value = value.strip()[:MAX_TEXT_CHARS]
    if not value:
        return None
    limit = latest or date.today()
    match = _ISO.match(value)
    if match:
        iso = iso_date(int(match[1]), int(match[2]), int(match[3]), limit)
        return Stamp(iso, bool(_UTC.search(value, 10))) if iso else None
    if _DIGITS_ONLY.fullmatch(value):
        iso = _from_digits(value, limit)
        return Stamp(iso, len(value) != _COMPACT_DIGITS) if iso else None
    match = _COMPACT.match(value)
    iso = (iso_date(int(match[1]), int(match[2]), int(match[3]), limit) if match
           else find_date_in_text(value, latest=limit))
    return Stamp(iso, bool(_UTC.search(value))) if iso else None


def shift(iso: str, days: int) -> str:
    """The ISO day `days` after `iso`."""
    return date.fromordinal(date.fromisoformat(iso).toordinal() + days).isoformat()


def _from_digits(value: str, limit: date) -> str | None:
    if len(value) == _COMPACT_DIGITS:
        return iso_date(int(value[:4]), int(value[4:6]), int(value[6:]), limit)
    if len(value) == _SECONDS_DIGITS:
        seconds = int(value)
    elif len(value) == _MILLIS_DIGITS:
        seconds = int(value) // 1000
    else:
        return None
    day = datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    return iso_date(day.year, day.month, day.day, limit)
