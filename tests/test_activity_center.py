"""The activity-center daily amount (RULES.md §3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kanoya_benefits import InputError, NoRuleInForceError, activity_center
from kanoya_benefits.activity_center import center_type
from tests import strategies as s

DAY = date(2024, 5, 7)


def amount(kind: object, bath: bool = False, trips: int = 0, on: date = DAY) -> int:
    return activity_center.daily_amount(center_type=kind, on=on, bath=bath, one_way_trips=trips).amount


def test_worked_case_type_i_bath_two_trips_is_3700() -> None:
    """Type Ⅰ, bath, 2 trips = 2,100 + 400 + 1,200 = ¥3,700 (RULES.md §3)."""
    result = activity_center.daily_amount(center_type="I", on=DAY, bath=True, one_way_trips=2)
    assert result.amount == 3700
    assert [(i.parameter, i.quantity, i.unit_amount, i.subtotal) for i in result.line_items] == [
        ("activity_center.daily_rate_type_i", 1, 2100, 2100),
        ("activity_center.bath_add_on", 1, 400, 400),
        ("activity_center.transport_add_on", 2, 600, 1200),
    ]


@pytest.mark.parametrize(("kind", "base"), [("I", 2100), ("II", 1800), ("III", 1500)])
@pytest.mark.parametrize(("bath", "trips", "extra"), [(False, 0, 0), (True, 0, 400), (False, 1, 600), (True, 2, 1600)])
def test_each_type_with_each_add_on(kind: str, base: int, bath: bool, trips: int, extra: int) -> None:
    """Base by type plus ¥400 bath plus ¥600 per one-way trip."""
    assert amount(kind, bath, trips) == base + extra


@pytest.mark.parametrize("spelling", ["I", "i", 1, "1", "Ⅰ", "Ⅰ型", "I型", "１", "type I", "ｉ"])
def test_type_one_is_accepted_in_every_spelling(spelling: object) -> None:
    """1, "I", "Ⅰ", "Ⅰ型", full-width and "type I" all mean Type Ⅰ."""
    assert center_type(spelling) == "I"


@pytest.mark.parametrize("spelling", ["III", 3, "Ⅲ", "Ⅲ型", "iii"])
def test_type_three_spellings(spelling: object) -> None:
    """Type Ⅲ spellings normalise to 'III'."""
    assert center_type(spelling) == "III"


@pytest.mark.parametrize("bad", ["IV", 4, 0, "", None, True, 2.0, "A"])
def test_unknown_center_types_are_refused(bad: object) -> None:
    """Types other than Ⅰ/Ⅱ/Ⅲ raise InputError naming center_type."""
    with pytest.raises(InputError) as info:
        amount(bad)
    assert info.value.field == "center_type"


@pytest.mark.parametrize("trips", [3, -1, True, 1.0])
def test_one_way_trips_must_be_0_1_or_2(trips: object) -> None:
    """3 one-way trips (or -1, True, 1.0) is refused with the allowed range."""
    with pytest.raises(InputError) as info:
        amount("I", False, trips)  # type: ignore[arg-type]
    assert info.value.field == "one_way_trips"


def test_bath_must_be_a_bool() -> None:
    """bath=1 is refused: a yes/no is wanted."""
    with pytest.raises(InputError, match="bath"):
        activity_center.daily_amount(center_type="I", on=DAY, bath=1)  # type: ignore[arg-type]


def test_the_day_before_the_rules_start_is_refused() -> None:
    """2024-03-31 has no rule; 2024-04-01 has."""
    with pytest.raises(NoRuleInForceError):
        amount("I", on=date(2024, 3, 31))
    assert amount("I", on=date(2024, 4, 1)) == 2100


def test_a_daily_rate_change_applies_from_that_very_day(rules_with) -> None:
    """A change effective 2025-04-15 leaves the 14th unchanged and raises the 15th."""
    rules = rules_with("activity_center/daily_rate_type_i", "  2025-04-15: 2300\n")
    on = lambda d: activity_center.daily_amount(center_type="I", on=d, rules=rules).amount  # noqa: E731
    assert (on(date(2025, 4, 14)), on(date(2025, 4, 15))) == (2100, 2300)


@given(kind=s.center_types, bath=st.booleans(), trips=s.trips, on=s.rule_days)
def test_add_ons_are_additive(kind: object, bath: bool, trips: int, on: date) -> None:
    """amount(bath, trips) = amount(no add-ons) + bath add-on + trips × 600; items add up."""
    result = activity_center.daily_amount(center_type=kind, on=on, bath=bath, one_way_trips=trips)
    plain = activity_center.daily_amount(center_type=kind, on=on).amount
    assert result.amount == plain + 400 * bath + 600 * trips
    assert sum(i.subtotal for i in result.line_items) == result.amount
