"""Dates in text and attributes -> ISO `YYYY-MM-DD`; nothing here raises on content.

`find_date_in_text()` reads the date of a short text such as a date line ("26 February
2020", "26.02.2020", "2020年2月26日", "26 de febrero de 2020", "7 اسفند 1398"); digits of
other scripts are read as ASCII ones, and Solar Hijri (Iranian) dates are converted to the
Gregorian calendar. `read_stamp()` reads a machine value (an ISO date-time, a Unix timestamp,
`20200226`) with what it says about its time zone, and falls back to the former. Month names
come from `months.py`, the date-line vocabulary from `_MODIFIED` and `_OTHER_EVENT` below.
Every date is checked against a window: not before 1995 (no news site is older) and not
after the reference day (the crawl date, today when unknown). `local_day()` turns a UTC
time into the publisher's day where the publisher's country allows only one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from types import MappingProxyType

from dechaff.months import SOLAR_HIJRI, calendar_month

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
_MINUTES_IN_DAY = 24 * 60
_NOON = 12
# Decimal digits that pages write dates in besides ASCII, by the code point of their zero:
# Arabic-Indic, Persian (Extended Arabic-Indic), Devanagari, Bengali, Gurmukhi, Gujarati,
# Oriya, Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian and
# fullwidth (Chinese and Japanese). Each is read as its ASCII digit, one character for one,
# so positions in the text do not move.
_DIGIT_ZEROS = (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66,
                0x0CE6, 0x0D66, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10)
_TO_ASCII_DIGITS = {zero + n: str(n) for zero in _DIGIT_ZEROS for n in range(10)}
_OTHER_DIGIT = re.compile("[" + "".join(f"{chr(z)}-{chr(z + 9)}" for z in _DIGIT_ZEROS) + "]")
# Solar Hijri (Jalali) years: 1374 began on 21 March 1995. A four-digit year in this range
# on a date cannot be Gregorian (older than the web); as a Lunar Hijri year it would name a
# day between 1954 and 2008, while Arabic sites write 1441 for 2020: so it is read as Solar
# Hijri. Nowruz (1 Farvardin) of 1399 fell on 20 March 2020; the other years are counted
# from it with the 33-year cycle of leap years, which matches the astronomical calendar that
# Iran uses for every year of this range.
_FIRST_SOLAR_YEAR = 1374
_LAST_SOLAR_YEAR = 1429
_SOLAR_ANCHOR_YEAR = 1399
_SOLAR_ANCHOR_NOWRUZ = date(2020, 3, 20)
_SOLAR_LEAP_CYCLE = 33
_SOLAR_LEAP_REMAINDERS = frozenset({1, 5, 9, 13, 17, 22, 26, 30})
_SOLAR_LONG_MONTHS = 6  # Farvardin to Shahrivar have 31 days, Mehr to Bahman 30
_SOLAR_LAST_MONTH_DAYS = 29  # Esfand: 29 days, 30 in a leap year
_COMMON_YEAR_DAYS = 365

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
    # 24 نيسان / أبريل 2020 (Levantine and standard Arabic month names side by side),
    # 7 اسفند ماه 1398 (Persian, "month" between the month's name and the year)
    ("dwy", re.compile(rf"(?<![\d.])(\d{{1,2}}){_ORDINAL}{_SEP}(?:de\s+|of\s+|tháng\s+)?"
                       rf"({_WORD})\.?(?:\s*/\s*{_WORD})?,?{_SEP}"
                       rf"(?:de\s+|del\s+|of\s+|năm\s+|ماه\s+)?(\d{{4}})(?!\d)")),
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
# Words that mark the next date as the day of something else than the page: a forum
# member's joining or registration, a founding, a birth, the forum's clock ("It is
# currently ..."), a last visit. A member card beside each post carries one.
_OTHER_EVENT = re.compile(
    r"(?:joined|member since|registered|registration|founded|established|born|"
    r"it is currently|current time|last visit|last seen|last active|"
    r"mitglied seit|dabei seit|registriert|gegründet|geboren|inscrit|inscription|"
    r"membre depuis|fondée?|née?|registrad[oa]|miembro desde|se unió|fundad[oa]|nacid[oa]|"
    r"iscritt[oa]|registrat[oa]|membro dal|membro desde|cadastrad[oa]|lid sinds|"
    r"geregistreerd|dołączył[a]?|rejestracja|зарегистрирован\w*|регистрация|"
    r"kat\u0131l\u0131m|kay\u0131t tarihi|登録日|注册时间|加入时间|가입일)"
    r"\W{0,3}(?:\w+\W{1,3}){0,2}$",
    re.IGNORECASE,
)
# A year-like number, around which dates are looked for: a Gregorian, Buddhist-era or Solar
# Hijri year, the two-digit year of 26.02.20, a Japanese era name.
_YEARISH = re.compile(r"(?:19|20|25)\d\d|13[7-9]\d|14[0-2]\d|\d\.\d\d?\.\d\d(?!\d)|令和|平成")
# The longest date forms put this much text before their year ("Wednesday, 26th of
# February, 2020": 30) and after it ("2020. február 26.": 15); a little more is read.
_BEFORE_YEAR_CHARS = 48
_AFTER_YEAR_CHARS = 24
# How far before a date to look for those words, in characters.
_CONTEXT_CHARS = 40
_DIGITS_ONLY = re.compile(r"\d+")
_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s]\d|[+-]\d\d:?\d\d$|Z$)")
# A time of day and the zone written after it: "02:54:29.000Z", "00:23:33 GMT+0000",
# "10:00 UTC", "19:02:47+05:30", "11:25 PM GMT", and "23:15:0Z" with its seconds cut short.
# GMT+0200 is not UTC; GMT and GMT+0000 are.
_CLOCK = re.compile(
    r"(?<![\d:])([01]?\d|2[0-3])[:h]([0-5]\d)(?::[0-5]?\d(?:[.,]\d+)?)?\s*"
    r"(?:([AaPp])\.?[Mm]\.?(?![A-Za-z]))?\s*"
    r"(Z(?![A-Za-z])|(?:GMT|UTC)?\s?[+-]\d\d:?\d\d(?!\d)|(?:GMT|UTC)(?![+:-]?\d))?")
_UTC_ZONES = ("Z", "GMT", "UTC")
_ZERO_OFFSET = re.compile(r"[+-]00:?00$")
_OFFSET = re.compile(r"([+-])(\d\d):?(\d\d)$")
_NONZERO_DIGIT = re.compile(r"[1-9]")
_COMPACT = re.compile(r"\s*((?:19|20)\d{2})(\d{2})(\d{2})(?:$|T?\d{4,6})")


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date read from a text: its ISO form, where it starts, and whether it is marked
    as a modification date ("updated on ...") or as another event's ("joined ...")."""

    iso: str
    start: int
    modified: bool
    other: bool = False

    @property
    def published(self) -> bool:
        """Whether it may be the publication date: marked neither as an update nor as
        another event's day."""
        return not (self.modified or self.other)


def find_date_in_text(text: object, *, latest: date | None = None) -> str | None:
    """The publication date of a short text such as a date line, as `YYYY-MM-DD`, or None.

    Reads the first date that is not marked as a modification ("Updated: ...") or as
    another event's ("Joined: ..."); gives None when the text holds no date, only such
    dates, or only an ambiguous one such as 03/04/2020. `latest` is the newest date
    accepted (the crawl date; default today). Anything but a string gives None.
    """
    for found in find_dates(text, latest=latest):
        if found.published:
            return found.iso
    return None


def find_dates(text: object, *, latest: date | None = None) -> list[DateMatch]:
    """Every valid, unambiguous date in `text`, in order of position."""
    if not isinstance(text, str) or not text:
        return []
    text = ascii_digits(text[:MAX_TEXT_CHARS])
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


def ascii_digits(text: str) -> str:
    """`text` with the digits of other scripts (Persian, Bengali, Thai, fullwidth...) as ASCII."""
    if text.isascii() or _OTHER_DIGIT.search(text) is None:
        return text
    return text.translate(_TO_ASCII_DIGITS)


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
    return DateMatch(iso, start, bool(_MODIFIED.search(before)),
                     bool(_OTHER_EVENT.search(before)))


def _from_match(kind: str, match: re.Match[str], limit: date) -> str | None:
    groups = match.groups()
    if kind == "ymd":
        return _ymd(int(groups[0]), int(groups[2]), int(groups[3]), limit)
    if kind == "dmy":
        return _from_dmy(groups, limit)
    if kind == "dwy":
        day, word, year = groups
    elif kind == "wdy":
        word, day, year = groups
    else:
        year, word, day = groups
    found = calendar_month(word)
    if found is None:
        return None
    month, calendar = found
    y = int(year)
    if calendar == SOLAR_HIJRI:
        return solar_hijri_date(y, month, int(day), limit)
    if y >= _FIRST_BUDDHIST_YEAR and not word.isascii():
        y -= _BUDDHIST_OFFSET
    return iso_date(y, month, int(day), limit)


def _ymd(year: int, month: int, day: int, limit: date) -> str | None:
    """A day written year first, in the Solar Hijri calendar when the year is one of its
    (1399/04/02, as Iranian sites write it), else in the Gregorian."""
    if _FIRST_SOLAR_YEAR <= year <= _LAST_SOLAR_YEAR:
        return solar_hijri_date(year, month, day, limit)
    return iso_date(year, month, day, limit)


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


def solar_hijri_date(year: int, month: int, day: int, latest: date | None = None) -> str | None:
    """The Gregorian `YYYY-MM-DD` of a Solar Hijri (Jalali) day, under `iso_date`'s checks:
    1 Tir 1399 -> 2020-06-21."""
    if not (_FIRST_SOLAR_YEAR <= year <= _LAST_SOLAR_YEAR and 1 <= month <= _MONTHS_IN_YEAR):
        return None
    if month <= _SOLAR_LONG_MONTHS:
        days_in_month, before = _MAX_DAY, (month - 1) * _MAX_DAY
    else:
        days_in_month = _MAX_DAY - 1
        before = _SOLAR_LONG_MONTHS * _MAX_DAY + (month - 1 - _SOLAR_LONG_MONTHS) * (_MAX_DAY - 1)
    if month == _MONTHS_IN_YEAR:
        days_in_month = _SOLAR_LAST_MONTH_DAYS + _solar_leap(year)
    if not 1 <= day <= days_in_month:
        return None
    value = date.fromordinal(_nowruz(year).toordinal() + before + day - 1)
    return iso_date(value.year, value.month, value.day, latest)


def _solar_leap(year: int) -> bool:
    return year % _SOLAR_LEAP_CYCLE in _SOLAR_LEAP_REMAINDERS


def _nowruz(year: int) -> date:
    """1 Farvardin of a Solar Hijri year, counted in whole years from the anchor year's."""
    days = 0
    for y in range(min(year, _SOLAR_ANCHOR_YEAR), max(year, _SOLAR_ANCHOR_YEAR)):
        days += _COMMON_YEAR_DAYS + _solar_leap(y)
    sign = 1 if year >= _SOLAR_ANCHOR_YEAR else -1
    return date.fromordinal(_SOLAR_ANCHOR_NOWRUZ.toordinal() + sign * days)


@dataclass(frozen=True, slots=True)
class Stamp:
    """The day of a machine-readable date value, and what the value says about its zone.

    A UTC time names the publisher's local day only up to one day either way: 02:18Z on
    18 February is still the 17th in the Americas. `minute` keeps a UTC time's minute of the
    day, which decides that day where the publisher's country is known (`local_day`). A value
    with an offset of its own ("+05:30") gives the publisher's day as written, and its
    `offset` tells where the publisher's clocks are; a value with no zone at all (`zoned`
    false) may be either.
    """

    iso: str
    utc: bool
    minute: int | None = None  # a UTC time's minute of its day, when the value gives the time
    zoned: bool = False  # the value states its offset from UTC (UTC included)
    offset: int | None = None  # minutes east of UTC, of a value that states another offset


def parse_date_value(value: str, *, latest: date | None = None) -> str | None:
    """The date of a machine-readable value: an ISO date-time, `20200226`, a Unix
    timestamp in seconds or milliseconds, else a date written for people."""
    stamp = read_stamp(value, latest=latest)
    return stamp.iso if stamp else None


def read_stamp(value: str, *, latest: date | None = None) -> Stamp | None:
    """Like `parse_date_value`, keeping what the value says about its time zone."""
    if not isinstance(value, str):
        return None
    value = ascii_digits(value.strip()[:MAX_TEXT_CHARS])
    if not value:
        return None
    limit = latest or date.today()
    if _DIGITS_ONLY.fullmatch(value):
        return _from_digits(value, limit)
    match = _ISO.match(value)
    if match:
        return _zoned(_ymd(int(match[1]), int(match[2]), int(match[3]), limit), value,
                      match.end(3))
    match = _COMPACT.match(value)
    if match:
        return _zoned(iso_date(int(match[1]), int(match[2]), int(match[3]), limit), value, 0)
    return _zoned(find_date_in_text(value, latest=limit), value, 0)


def _zoned(iso: str | None, value: str, start: int) -> Stamp | None:
    """A stamp for `iso`, with the zone and the time of day that `value` writes after `start`."""
    if iso is None:
        return None
    clock = next((m for m in _CLOCK.finditer(value, start) if m[4]), None)
    if clock is None:
        return Stamp(iso, False)
    zone = clock[4]
    if not (zone in _UTC_ZONES or _ZERO_OFFSET.search(zone)):
        return Stamp(iso, False, zoned=True, offset=_offset_minutes(zone))
    hour = int(clock[1]) % _NOON if clock[3] else int(clock[1])
    if clock[3] in ("P", "p"):
        hour += _NOON
    if not _NONZERO_DIGIT.search(value, clock.start(), clock.start(4)):
        # 00:00:00Z: a day that a CMS stores as a time (its midnight), not a moment; 1 in
        # 86,400 real times, and the UTC day of AAA's and Nucamp's article dates.
        return Stamp(iso, False)
    return Stamp(iso, True, hour * 60 + int(clock[2]), zoned=True)


def _offset_minutes(zone: str) -> int | None:
    """Minutes east of UTC of a zone written "+05:30", "-0500" or "GMT+0200"."""
    match = _OFFSET.search(zone)
    if match is None:
        return None
    minutes = int(match[2]) * 60 + int(match[3])
    return -minutes if match[1] == "-" else minutes


def shift(iso: str, days: int) -> str:
    """The ISO day `days` after `iso`."""
    return date.fromordinal(date.fromisoformat(iso).toordinal() + days).isoformat()


def _from_digits(value: str, limit: date) -> Stamp | None:
    if len(value) == _COMPACT_DIGITS:
        iso = iso_date(int(value[:4]), int(value[4:6]), int(value[6:]), limit)
        return Stamp(iso, False) if iso else None
    if len(value) == _SECONDS_DIGITS:
        seconds = int(value)
    elif len(value) == _MILLIS_DIGITS:
        seconds = int(value) // 1000
    else:
        return None
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    iso = iso_date(moment.year, moment.month, moment.day, limit)
    return Stamp(iso, True, moment.hour * 60 + moment.minute, zoned=True) if iso else None


# Each country's offsets from UTC, standard and summer time of all its zones, from the tz
# database (zone.tab) over 2016-2025, in hours: a UTC time gives one local day in a country
# only when both ends of its range do. Countries with one range share a line.
_COUNTRY_OFFSETS = """
-11 -11 AS NU|-10 -10 CK|-10 -9 PF|-10 -4 US|-8 -8 PN|-8 -5 MX|-8 -2:30 CA|-6 -6 BZ CR GT HN NI SV
-6 -5 EC|-6 -3 CL|-5 -5 CO JM KY PA PE|-5 -4 BS CU HT TC|-5 -2 BR|-4:30 -4 VE
-4 -4 AG AI AW BB BL BO BQ CW DM DO GD GP GY KN LC MF MQ MS PR SX TT VC VG VI|-4 -3 BM PY
-4 +0 GL|-3 -3 AR FK GF SR UY|-3 -2 PM|-2 -2 GS|-1 -1 CV|-1 +1 PT
+0 +0 BF CI GH GM GN GW IS LR ML MR SH SL SN TG|+0 +1 EH FO GB GG IE IM JE MA ST|+0 +2 ES
+1 +1 AO BJ CF CG CM DZ GA GQ NE NG TD TN
+1 +2 AD AL AT BA BE CD CH CZ DE DK FR GI HR HU IT LI LU MC ME MK MT NA NL NO PL RS SE SI SJ
+1 +2 SK SM VA|+2 +2 BI BW LS LY MW MZ RW SZ ZA ZM ZW
+2 +3 AX BG CY EE EG FI GR IL JO LB LT LV MD PS RO SD SS SY TR UA|+2 +12 RU
+3 +3 BH BY DJ ER ET IQ KE KM KW MG QA SA SO TZ UG YE YT|+3:30 +4:30 IR
+4 +4 AE AM AZ GE MU OM RE SC|+4:30 +4:30 AF|+5 +5 MV PK TF TJ TM UZ|+5 +6 KZ
+5:30 +5:30 IN LK|+5:45 +5:45 NP|+6 +6 BD BT IO KG|+6 +8 CN|+6:30 +6:30 CC MM
+7 +7 CX KH LA TH VN|+7 +9 ID MN|+8 +8 BN HK MO MY PH SG TW|+8 +11 AU|+8:30 +9 KP
+9 +9 JP KR PW TL|+10 +10 GU MP|+10 +11 FM PG|+11 +11 NC SB VU|+11 +12 NF|+12 +12 MH NR TV WF
+12 +13 FJ|+12 +13:45 NZ|+12 +14 KI|+13 +13 TK|+13 +14 TO WS
"""


@cache
def _offset_table() -> MappingProxyType[str, tuple[int, int]]:
    table: dict[str, tuple[int, int]] = {}
    for group in _COUNTRY_OFFSETS.replace("\n", "|").split("|"):
        if group.strip():
            low, high, *countries = group.split()
            for country in countries:
                table[country] = (_minutes(low), _minutes(high))
    return MappingProxyType(table)


def _minutes(offset: str) -> int:
    hours, _, minutes = offset.partition(":")
    sign = -1 if hours.startswith("-") else 1
    return int(hours) * 60 + sign * int(minutes or 0)


def utc_offsets(country: str) -> tuple[int, int] | None:
    """The least and greatest offset from UTC, in minutes, of an ISO 3166 country's clocks."""
    return _offset_table().get(country.upper())


def local_day(stamp: Stamp, offsets: tuple[int, int]) -> str | None:
    """The day a UTC time falls on in a place whose clocks run `offsets` minutes from UTC,
    when all of them agree on it: 02:54Z on 2 May is 1 May everywhere in the United States
    (UTC-10 to UTC-4), while 07:00Z is the 2nd in New York and still the 1st in Honolulu."""
    if not stamp.utc or stamp.minute is None:
        return None
    first, last = ((stamp.minute + offset) // _MINUTES_IN_DAY for offset in offsets)
    return shift(stamp.iso, first) if first == last else None
