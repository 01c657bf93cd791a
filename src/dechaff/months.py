"""Month names in the major European and Asian languages -> month numbers.

The names live in `data/months.txt`: one language a line, its twelve months in order, each as
the forms met in dates (nominative, genitive or partitive, common abbreviations) separated by
`|`. Lookups ignore case, accents and a trailing dot. Where two languages give one word two
months (Croatian `listopad` is October, Czech and Polish `listopad` November), the first line
wins, so the more widely written language comes first. The file is read on first use.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from types import MappingProxyType

_MONTHS_IN_YEAR = 12


def _fold(word: str) -> str:
    """Lower case, no accents, no trailing dot: how both the table and lookups are keyed."""
    decomposed = unicodedata.normalize("NFD", word.casefold().rstrip("."))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _names() -> MappingProxyType[str, int]:
    from importlib.resources import files

    text = files("dechaff").joinpath("data", "months.txt").read_text(encoding="utf-8")
    table: dict[str, int] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _, *months = line.split()
        if len(months) != _MONTHS_IN_YEAR:
            raise ValueError(f"months.txt: {line[:20]!r} has {len(months)} months, not 12")
        for number, forms in enumerate(months, start=1):
            for form in forms.split("|"):
                table.setdefault(_fold(form.replace("-", " ")), number)
    return MappingProxyType(table)


def month_number(word: str) -> int | None:
    """The month (1-12) that `word` names in any language of the table, or None."""
    return _names().get(_fold(word))
