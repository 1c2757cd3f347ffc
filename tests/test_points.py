"""Points and their conversion (RULES.md §4; assumed figures)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from kanoya_benefits import InputError, NoRuleInForceError, load_rules, points
from tests import strategies as s


@pytest.mark.parametrize(("pts", "yen", "capped"), [(37, 3700, False), (49, 4900, False), (50, 5000, False),
                                                     (51, 5000, True), (60, 5000, True), (0, 0, False)])
def test_worked_cases_and_the_yearly_cap(pts: int, yen: int, capped: bool) -> None:
    """37 → ¥3,700; 50 → ¥5,000; 51 and 60 → ¥5,000 capped (assumed ¥100/point, ¥5,000 a year)."""
    result = points.convert(points=pts, fiscal_year=2024)
    assert result.amount == yen
    assert bool(result.caps) is capped
    assert sum(i.subtotal for i in result.line_items) == yen


def test_conversion_warns_that_the_figures_are_assumed() -> None:
    """Every conversion carries the assumed-figures flag and assumed notes."""
    result = points.convert(points=10, fiscal_year=2024)
    assert [f.code for f in result.flags] == ["assumed_figures"]
    assert {n.status for n in result.notes} == {"assumed"}


def test_fiscal_year_before_the_rules_is_refused() -> None:
    """FY2023 has no rule in force."""
    with pytest.raises(NoRuleInForceError):
        points.convert(points=1, fiscal_year=2023)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"points": -1, "fiscal_year": 2024}, "points"),
    ({"points": True, "fiscal_year": 2024}, "points"),
    ({"points": 1, "fiscal_year": "2024"}, "fiscal_year"),
])
def test_bad_arguments_name_the_field(kwargs: dict, field: str) -> None:
    """Negative or boolean points and a text fiscal year raise InputError naming the field."""
    with pytest.raises(InputError) as info:
        points.convert(**kwargs)
    assert info.value.field == field


def test_stamps_drop_same_day_repeats_and_out_of_year_stamps() -> None:
    """The fixture's Q1: L1 twice on one day counts once; L1 1 + L2 2 + V2 5 = 8 points → ¥800."""
    stamps = [("L1", date(2024, 5, 1)), ("L1", date(2024, 5, 1)), ("L2", date(2024, 5, 1)), ("V2", date(2024, 6, 1)),
              ("V1", date(2025, 4, 1))]
    tally = points.total_stamps(stamps, fiscal_year=2024)
    assert (tally.points, tally.amount, tally.repeats_dropped) == (8, 800, 1)
    assert tally.out_of_scope == (("V1", date(2025, 4, 1)),)
    assert [(a.activity_id, a.times, a.points) for a in tally.activities] == [("L1", 1, 1), ("L2", 1, 2), ("V2", 1, 5)]


def test_twelve_volunteer_days_are_capped() -> None:
    """The fixture's Q2: 12 × V2 (5 points) = 60 points → ¥6,000 uncapped, ¥5,000 paid."""
    stamps = [("V2", date(2024 + (m < 4), m, 10)) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    tally = points.total_stamps(stamps, fiscal_year=2024)
    assert (tally.points, tally.amount, tally.conversion.uncapped_amount) == (60, 5000, 6000)


def test_unknown_activity_is_refused_naming_the_stamp() -> None:
    """A stamp for an activity not in the catalogue raises InputError naming its index."""
    with pytest.raises(InputError) as info:
        points.total_stamps([("L1", date(2024, 5, 1)), ("ZZ", date(2024, 5, 1))], fiscal_year=2024)
    assert info.value.field == "stamps[1].activity_id"


def test_the_optional_daily_cap_applies_before_the_yearly_sum(tmp_path) -> None:
    """With a daily cap of 2 points, V2 (5) + L1 (1) on one day count 2."""
    overlay = tmp_path / "cap.yaml"
    overlay.write_text("kind: overlay\nparameters:\n  points.daily_cap:\n    values:\n      2024-04-01: 2\n",
                       encoding="utf-8")
    rules = load_rules(overlay)
    tally = points.total_stamps([("V2", date(2024, 5, 1)), ("L1", date(2024, 5, 1)), ("L1", date(2024, 5, 2))],
                                fiscal_year=2024, rules=rules)
    assert (tally.points, tally.points_cut_by_daily_cap, tally.amount) == (3, 4, 300)


@given(pts=s.points_totals, fy=s.fiscal_years)
def test_conversion_is_never_negative_never_above_the_cap_and_monotone(pts: int, fy: int) -> None:
    """0 ≤ yen ≤ 5,000 and one more point never pays less."""
    a = points.convert(points=pts, fiscal_year=fy).amount
    b = points.convert(points=pts + 1, fiscal_year=fy).amount
    assert 0 <= a <= b <= 5000
