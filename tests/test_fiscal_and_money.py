"""Fiscal-year helpers, era labels and the rounding rule."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kanoya_benefits import (
    InputError,
    cut_yen,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_months,
    fiscal_year_of,
    fiscal_year_start,
    format_yen,
    parse_fiscal_year,
)


@pytest.mark.parametrize(("day", "fy"), [(date(2024, 4, 1), 2024), (date(2025, 3, 31), 2024),
                                         (date(2025, 4, 1), 2025), (date(2024, 3, 31), 2023)])
def test_fiscal_year_of_a_date_on_both_sides_of_1_april(day: date, fy: int) -> None:
    """31 March belongs to the year before, 1 April starts the next."""
    assert fiscal_year_of(day) == fy


def test_fiscal_year_bounds_and_months() -> None:
    """FY2024 runs 2024-04-01 … 2025-03-31, twelve months April to March."""
    assert (fiscal_year_start(2024), fiscal_year_end(2024)) == (date(2024, 4, 1), date(2025, 3, 31))
    months = fiscal_year_months(2024)
    assert len(months) == 12 and months[0] == date(2024, 4, 1) and months[-1] == date(2025, 3, 1)


@pytest.mark.parametrize(("fy", "label"), [(2024, "令和6年度"), (2019, "令和元年度"), (2018, "平成30年度"),
                                           (2020, "令和2年度")])
def test_fiscal_year_labels(fy: int, label: str) -> None:
    """2024 ⇄ 令和6年度, with 元年 for the first year of an era."""
    assert fiscal_year_label(fy) == label
    assert parse_fiscal_year(label) == fy


@pytest.mark.parametrize(("text", "fy"), [("R6", 2024), ("令和６年度", 2024), ("2024", 2024), ("2024年度", 2024),
                                          ("H30", 2018), (2024, 2024)])
def test_parse_fiscal_year_forms(text: str | int, fy: int) -> None:
    """Era abbreviations, full-width digits and plain years all parse."""
    assert parse_fiscal_year(text) == fy


@pytest.mark.parametrize("bad", ["令和", "X6", "", "20245", True, None])
def test_parse_fiscal_year_rejects_nonsense(bad: object) -> None:
    """Unparseable fiscal years raise InputError naming fiscal_year."""
    with pytest.raises(InputError, match="fiscal_year"):
        parse_fiscal_year(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=2019, max_value=2100))
def test_label_round_trip(fy: int) -> None:
    """Every fiscal year's label parses back to the year."""
    assert parse_fiscal_year(fiscal_year_label(fy)) == fy


def test_cut_yen_drops_the_fraction_and_refuses_negatives() -> None:
    """7,500.5 → 7,500; whole amounts unchanged; negatives are a programming error."""
    assert cut_yen(Fraction(15001, 2)) == 7500
    assert cut_yen(Fraction(7999, 1)) == 7999
    assert cut_yen(Fraction(1, 3)) == 0
    with pytest.raises(ValueError, match="non-negative"):
        cut_yen(Fraction(-1, 2))


def test_format_yen() -> None:
    """Yen are shown with the yen sign and thousands separators."""
    assert (format_yen(15001), format_yen(-1000), format_yen(0)) == ("¥15,001", "-¥1,000", "¥0")
