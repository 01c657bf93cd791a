"""Month names in the major European and Asian languages -> month numbers and calendars.

The names live in `data/months.txt`: one language a line, its twelve months in order, each as
the forms met in dates (nominative, genitive or partitive, common abbreviations) separated by
`|`. Lookups ignore case, accents and a trailing dot, and read the Arabic letters ي and ك as the
Persian ی and ک (Iranian sites type either). Where two languages give one word two months
(Croatian `listopad` is October, Czech and Polish `listopad` November), the first line wins, so
the more widely written language comes first. A line whose code carries a BCP 47 calendar key
(`fa-u-ca-persian`) names the months of that calendar; the others are Gregorian. The file is
read on first use.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from types import MappingProxyType

GREGORIAN = "gregory"  # the BCP 47 names of the calendars (Unicode LDML, key "ca")
SOLAR_HIJRI = "persian"
_CALENDAR_KEY = "-u-ca-"
_MONTHS_IN_YEAR = 12
# Arabic yeh, alef maksura and kaf as the Persian letters; tatweel (a stretching stroke) and
# the zero-width non-joiner dropped: one Persian word, however it was typed.
_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                                  "\u0640": None, "\u200c": None})


def _fold(word: str) -> str:
    """Lower case, no accents, no trailing dot: how both the table and lookups are keyed."""
    decomposed = unicodedata.normalize("NFD", word.casefold().rstrip("."))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return folded if folded.isascii() else folded.translate(_PERSIAN_LETTERS)


@cache
def _names() -> MappingProxyType[str, tuple[int, str]]:
    from importlib.resources import files

    text = files("dechaff").joinpath("data", "months.txt").read_text(encoding="utf-8")
    table: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, *months = line.split()
        if len(months) != _MONTHS_IN_YEAR:
            raise ValueError(f"months.txt: {line[:20]!r} has {len(months)} months, not 12")
        calendar = code.partition(_CALENDAR_KEY)[2] or GREGORIAN
        for number, forms in enumerate(months, start=1):
            for form in forms.split("|"):
                table.setdefault(_fold(form.replace("-", " ")), (number, calendar))
    return MappingProxyType(table)


def month_number(word: str) -> int | None:
    """The Gregorian month (1-12) that `word` names in any language of the table, or None."""
    found = _names().get(_fold(word))
    return found[0] if found and found[1] == GREGORIAN else None


def calendar_month(word: str) -> tuple[int, str] | None:
    """The month (1-12) that `word` names and its calendar (`GREGORIAN`, `SOLAR_HIJRI`)."""
    return _names().get(_fold(word))
