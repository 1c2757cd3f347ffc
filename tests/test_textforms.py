"""Cell values as they come from Excel: dates, months, yen, yes/no, counts, ids."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kanoya_benefits import InputError
from kanoya_benefits.textforms import (
    natural_key,
    parse_count,
    parse_date,
    parse_flag,
    parse_id,
    parse_month,
    parse_yen,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-04-01", date(2024, 4, 1)),
    ("2024/4/1", date(2024, 4, 1)),
    ("2024-4-1", date(2024, 4, 1)),
    ("2024.4.1", date(2024, 4, 1)),
    ("2024年4月1日", date(2024, 4, 1)),
    ("令和6年4月1日", date(2024, 4, 1)),
    ("R6.4.1", date(2024, 4, 1)),
    ("r6.4.1", date(2024, 4, 1)),
    ("R6/4/1", date(2024, 4, 1)),
    ("令和元年5月1日", date(2019, 5, 1)),
    ("R1.5.1", date(2019, 5, 1)),
    ("H31.4.30", date(2019, 4, 30)),
    ("平成31年4月30日", date(2019, 4, 30)),
    ("S64.1.7", date(1989, 1, 7)),
    ("２０２４／４／１", date(2024, 4, 1)),
    ("令和６年４月１日", date(2024, 4, 1)),
    (" 2024-04-01 ", date(2024, 4, 1)),
    ("2024-04-01 00:00:00", date(2024, 4, 1)),
    (date(2024, 4, 1), date(2024, 4, 1)),
    (datetime(2024, 4, 1), date(2024, 4, 1)),
])
def test_date_forms(text: object, expected: date) -> None:
    """Every date form staff type or Excel writes gives the same date."""
    assert parse_date(text, "d") == expected


@pytest.mark.parametrize("text", [
    "平成31年5月1日",  # 平成 ended on 2019-04-30
    "R1.4.30",  # 令和 began on 2019-05-01
    "H1.1.7",  # 平成 began on 1989-01-08
    "2024-02-30",
    "2023-02-29",
    "R6.13.1",
    "2024-04",
    "",
    "tomorrow",
    "2024-04-01 09:30",
    None,
    20240401,
    datetime(2024, 4, 1, 9, 30),
])
def test_dates_refused(text: object) -> None:
    """Dates outside their era, impossible dates and junk are errors naming the field."""
    with pytest.raises(InputError) as err:
        parse_date(text, "joined_on")
    assert err.value.field == "joined_on"
    assert err.value.got == text


def test_leap_day_accepted() -> None:
    """29 February exists in a leap year, in 西暦 and 和暦."""
    assert parse_date("R6.2.29", "d") == date(2024, 2, 29)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-04", date(2024, 4, 1)), ("2024/4", date(2024, 4, 1)), ("2024年4月", date(2024, 4, 1)),
    ("令和6年4月", date(2024, 4, 1)), ("R6.4", date(2024, 4, 1)), ("2024-04-15", date(2024, 4, 1)),
    ("令和元年5月", date(2019, 5, 1)), ("H31.4", date(2019, 4, 1)),
])
def test_month_forms(text: str, expected: date) -> None:
    """Months in every form come back as the first day of the month."""
    assert parse_month(text, "m") == expected


@pytest.mark.parametrize("text", ["令和元年4月", "平成31年5月", "2024-13", "x"])
def test_months_refused(text: str) -> None:
    """A month outside its era or that does not exist is an error."""
    with pytest.raises(InputError):
        parse_month(text, "month")


@pytest.mark.parametrize("text", ["15001", "15,001", "¥15,001", "￥１５,００１", "15001.0", "１５００１", "15001円",
                                  " 15001 ", 15001, 15001.0])
def test_yen_forms(text: object) -> None:
    """Yen as typed or exported by Excel is read as whole yen."""
    assert parse_yen(text, "rent_cost") == 15001


@pytest.mark.parametrize("text", ["15001.5", "-1", "-15,001", "1,50,01", "", "abc", 15001.5, -3, "¥"])
def test_yen_refused(text: object) -> None:
    """Fractions of a yen, negative yen and junk are errors saying what is expected."""
    with pytest.raises(InputError) as err:
        parse_yen(text, "rent_cost")
    assert "whole yen" in err.value.expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1", True), ("0", False), ("true", True), ("False", False), ("yes", True), ("NO", False),
    ("有", True), ("無", False), ("あり", True), ("なし", False), ("○", True), ("〇", True), ("×", False),
    ("", False), ("１", True), (True, True), (0, False),
])
def test_flags(text: object, expected: bool) -> None:
    """Yes/no in every form staff use; a blank cell is no."""
    assert parse_flag(text, "bath") is expected


@pytest.mark.parametrize("text", ["2", "maybe", "△", None])
def test_flags_refused(text: object) -> None:
    """Anything else is an error for the field."""
    with pytest.raises(InputError) as err:
        parse_flag(text, "bath")
    assert err.value.field == "bath"


@pytest.mark.parametrize(("text", "expected"), [("2", 2), ("２", 2), ("2.0", 2), ("0", 0), (3, 3)])
def test_counts(text: object, expected: int) -> None:
    """Counts accept full-width digits and Excel's trailing .0."""
    assert parse_count(text, "one_way_trips") == expected


@pytest.mark.parametrize("text", ["-1", "1.5", "two", "¥2", "1,000"])
def test_counts_refused(text: str) -> None:
    """Negative, fractional and money-looking counts are errors."""
    with pytest.raises(InputError):
        parse_count(text, "one_way_trips")


def test_ids_kept_as_text() -> None:
    """Ids keep their leading zeros; whitespace is trimmed and full-width turned to ASCII."""
    assert parse_id("007", "person_id") == "007"
    assert parse_id(" 007\t", "person_id") == "007"
    assert parse_id("Ｇ０１", "group_id") == "G01"
    with pytest.raises(InputError):
        parse_id("  ", "person_id")


def test_natural_order() -> None:
    """Group ids sort by number: G2 before G10."""
    assert sorted(["G10", "G2", "G1", "G20", "S3"], key=natural_key) == ["G1", "G2", "G10", "G20", "S3"]


def test_money_and_counts_of_thousands_of_digits_are_error_rows_not_crashes() -> None:
    """A 5,000-digit cell is an InputError naming the limit, never Python's int() ValueError."""
    from kanoya_benefits import InputError
    from kanoya_benefits.textforms import parse_count, parse_yen

    for parse in (parse_yen, parse_count):
        with pytest.raises(InputError, match="at most 15 digits"):
            parse("9" * 5000, "rent_cost")
    assert parse_yen("999999999999999", "rent_cost") == 999999999999999
