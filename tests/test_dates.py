# ruff: noqa: RUF001  (dates in Cyrillic, Greek and Turkish look like Latin letters)
from datetime import date

import pytest

from dechaff.dates import (
    Stamp,
    find_date_in_text,
    find_dates,
    iso_date,
    local_day,
    parse_date_value,
    read_stamp,
    solar_hijri_date,
    utc_offsets,
)
from dechaff.months import SOLAR_HIJRI, calendar_month, month_number

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


@pytest.mark.parametrize("line", ["Joined: Dec 11, 2020", "Member since 3 March 2020",
                                  "Registriert: 03.03.2020", "Inscrit le 3 mars 2020"])
def test_a_day_marked_as_another_event_s_is_not_a_publication_date(line: str) -> None:
    assert find_date_in_text(line, latest=CRAWLED) is None
    assert [d.other for d in find_dates(line, latest=CRAWLED)] == [True]


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


# -- other digits and the Solar Hijri calendar -------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("۲ تیر ۱۳۹۹", "2020-06-22"),
        ("دوشنبه 2 تير 1399 - 12:09", "2020-06-22"),  # a weekday, the Arabic yeh, ASCII digits
        ("۷ اسفند ماه ۱۳۹۸", "2020-02-26"),  # "month" between the month's name and the year
        ("۱۳۹۹/۰۴/۰۲", "2020-06-22"),
        ("1399-12-30", "2021-03-20"),  # the leap day that ends 1399
        ("15 حمل 1400", "2021-04-04"),  # Dari: 15 Hamal 1400
    ],
)
def test_solar_hijri_dates_are_read_as_gregorian_days(line: str, expected: str) -> None:
    assert find_date_in_text(line, latest=CRAWLED) == expected


def test_a_solar_hijri_machine_value_is_read_as_well() -> None:
    assert parse_date_value("1399-04-02T12:09:08+04:30", latest=CRAWLED) == "2020-06-22"


def test_solar_hijri_days_that_do_not_exist_give_none() -> None:
    assert solar_hijri_date(1400, 12, 30) is None  # 1400 is a common year
    assert solar_hijri_date(1399, 7, 31) is None  # Mehr has 30 days
    assert solar_hijri_date(1399, 1, 1) == "2020-03-20"  # Nowruz


def test_a_lunar_hijri_year_is_not_taken_for_a_solar_one_in_range() -> None:
    # 1441 AH is 2020 CE; read as Solar Hijri it would be 2062, after any crawl: no date.
    assert find_date_in_text("1441/11/12", latest=CRAWLED) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("১৬ ফেব্রুয়ারি ২০২০", "2020-02-16"),  # Bengali
        ("२६ फ़रवरी २०२०", "2020-02-26"),  # Devanagari
        ("٢٦ فبراير ٢٠٢٠", "2020-02-26"),  # Arabic-Indic
        ("๒๖ กุมภาพันธ์ ๒๕๖๓", "2020-02-26"),  # Thai digits, Buddhist era 2563
        ("２０２０年２月２６日", "2020-02-26"),  # fullwidth
    ],
)
def test_digits_of_other_scripts_are_read(line: str, expected: str) -> None:
    assert find_date_in_text(line, latest=CRAWLED) == expected


def test_solar_hijri_months_are_not_gregorian_months() -> None:
    assert month_number("تیر") is None
    assert calendar_month("تیر") == (4, SOLAR_HIJRI)
    assert calendar_month("تير") == (4, SOLAR_HIJRI)  # typed with the Arabic yeh


# -- time zones ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-05-02T02:54:29.000Z", Stamp("2020-05-02", True, 174, zoned=True)),
        ("2020-05-02T02:54:29+00:00", Stamp("2020-05-02", True, 174, zoned=True)),
        ("Sat May 02 2020 02:54:29 GMT+0000 (Coordinated Universal Time)",
         Stamp("2020-05-02", True, 174, zoned=True)),
        ("Fri, 01 May 2020 11:54 PM GMT", Stamp("2020-05-01", True, 1434, zoned=True)),
        ("1588388069", Stamp("2020-05-02", True, 174, zoned=True)),  # Unix seconds
        ("2020-05-01T22:54:29-04:00", Stamp("2020-05-01", False, zoned=True, offset=-240)),
        ("Sat May 02 2020 04:54:29 GMT+0200", Stamp("2020-05-02", False, zoned=True, offset=120)),
        ("2020-05-01T05:30:00+0530", Stamp("2020-05-01", False, zoned=True, offset=330)),
        ("2020-12-05T23:15:0Z", Stamp("2020-12-05", True, 1395, zoned=True)),  # seconds cut
        # A day that a CMS stores as its midnight in UTC is a day, not a moment.
        ("2020-02-27T00:00:00.000Z", Stamp("2020-02-27", False)),
        ("2020-02-27T00:00:01Z", Stamp("2020-02-27", True, 0, zoned=True)),
        ("2020-05-02T02:54:29", Stamp("2020-05-02", False)),
        ("2020-05-02", Stamp("2020-05-02", False)),
    ],
)
def test_a_stamp_keeps_what_its_value_says_about_the_zone(value: str, expected: Stamp) -> None:
    assert read_stamp(value, latest=CRAWLED) == expected


def test_a_utc_time_has_a_local_day_only_where_all_the_country_clocks_agree() -> None:
    us, australia, india = utc_offsets("us"), utc_offsets("AU"), utc_offsets("IN")
    assert us == (-600, -240)
    assert us is not None and australia is not None and india is not None
    early = Stamp("2020-05-02", True, 2 * 60 + 54, zoned=True)
    assert local_day(early, us) == "2020-05-01"  # evening of the 1st from Hawaii to New York
    morning = Stamp("2020-05-02", True, 7 * 60, zoned=True)
    assert local_day(morning, us) is None  # the 2nd in New York, still the 1st in Honolulu
    late = Stamp("2020-04-24", True, 21 * 60 + 25, zoned=True)
    assert local_day(late, australia) == "2020-04-25"
    assert local_day(late, india) == "2020-04-25"  # 02:55 in India
    assert local_day(Stamp("2020-04-24", False), india) is None  # no zone: nothing to move
    assert utc_offsets("XX") is None
