# ruff: noqa: RUF001  (dates in Cyrillic, Greek and Turkish look like Latin letters)
from datetime import date

import pytest

from dechaff.dates import find_date_in_text, find_dates, iso_date, parse_date_value
from dechaff.months import month_number

CRAWLED = date(2021, 6, 1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("26 February 2020", "2020-02-26"),
        ("Posted on Feb 26, 2020 at 10:00", "2020-02-26"),
        ("February 26th, 2020", "2020-02-26"),
        ("26.02.2020", "2020-02-26"),
        ("2020-02-26", "2020-02-26"),
        ("2020/2/26 10:00", "2020-02-26"),
        ("26. Februar 2020", "2020-02-26"),
        ("26 février 2020", "2020-02-26"),
        ("26 de febrero de 2020", "2020-02-26"),
        ("26 de fevereiro de 2020", "2020-02-26"),
        ("26 febbraio 2020", "2020-02-26"),
        ("26 februari 2020", "2020-02-26"),
        ("26 lutego 2020", "2020-02-26"),
        ("26. února 2020", "2020-02-26"),
        ("26 февраля 2020 г.", "2020-02-26"),
        ("26 лютого 2020", "2020-02-26"),
        ("26 Şubat 2020", "2020-02-26"),
        ("2020. február 26.", "2020-02-26"),
        ("26. helmikuuta 2020", "2020-02-26"),
        ("26 Φεβρουαρίου 2020", "2020-02-26"),
        ("2020年2月26日", "2020-02-26"),
        ("2020년 2월 26일", "2020-02-26"),
        ("令和2年2月26日", "2020-02-26"),
        ("26 tháng 2 năm 2020", "2020-02-26"),
        ("26 फ़रवरी 2020", "2020-02-26"),
        ("26 กุมภาพันธ์ 2563", "2020-02-26"),
        ("26 فبراير 2020", "2020-02-26"),
    ],
)
def test_a_date_line_in_any_major_language_gives_its_iso_date(line: str, expected: str) -> None:
    assert find_date_in_text(line, latest=CRAWLED) == expected


def test_a_month_first_date_is_read_when_the_day_is_above_twelve() -> None:
    assert find_date_in_text("02/26/2020") == "2020-02-26"


def test_an_ambiguous_slashed_date_gives_none() -> None:
    assert find_date_in_text("03/04/2020") is None


def test_the_publication_date_wins_over_an_update_in_the_same_line() -> None:
    line = "Published 26 Feb 2020, updated 27 Feb 2020"
    assert find_date_in_text(line) == "2020-02-26"


def test_a_line_with_only_an_update_date_gives_no_publication_date() -> None:
    assert find_date_in_text("Zuletzt aktualisiert: 27.02.2020") is None
    assert [d.modified for d in find_dates("Updated 27 Feb 2020")] == [True]


@pytest.mark.parametrize(
    "text",
    ["0000-00-00", "2999-01-01", "31.02.2020", "1 of 2020", "12.1994", "30.11.1990", "", "   ",
     "Call 26 02 2020 now"],
)
def test_impossible_old_future_or_partial_dates_give_none(text: str) -> None:
    assert find_date_in_text(text) is None


def test_a_date_after_the_reference_day_is_refused() -> None:
    assert find_date_in_text("12 March 2022", latest=CRAWLED) is None
    assert find_date_in_text("12 March 2021", latest=CRAWLED) == "2021-03-12"


def test_find_date_in_text_never_raises_on_odd_input() -> None:
    for value in (None, 42, "\x00" * 100, "9" * 10_000, "26." * 5000, "février " * 3000):
        assert find_date_in_text(value) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-26T10:00:00+01:00", "2020-02-26"),
        ("2020-02-26", "2020-02-26"),
        ("20200226", "2020-02-26"),
        ("1582704000", "2020-02-26"),  # seconds
        ("1582704000000", "2020-02-26"),  # milliseconds
        ("Wed, 26 Feb 2020 10:00:00 GMT", "2020-02-26"),
        ("0000-00-00", None),
        ("2999-01-01T00:00:00Z", None),
        ("158270400", None),  # nine digits: no known unit
        ("99999999999999", None),
        ("", None),
    ],
)
def test_machine_date_values_are_read_in_their_own_unit(value: str, expected: str | None) -> None:
    assert parse_date_value(value, latest=CRAWLED) == expected


def test_iso_date_checks_that_the_day_exists() -> None:
    assert iso_date(2020, 2, 29) == "2020-02-29"
    assert iso_date(2021, 2, 29) is None
    assert iso_date(1994, 12, 31) is None


def test_month_names_ignore_case_accents_and_a_trailing_dot() -> None:
    assert month_number("FÉVR.") == 2
    assert month_number("fevrier") == 2
    assert month_number("Sept.") == 9
    assert month_number("Tuesday") is None
