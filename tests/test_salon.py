"""The salon enrollment grant (RULES.md §1)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from kanoya_benefits import InputError, NoRuleInForceError, salon
from tests import strategies as s

JUNE = date(2024, 6, 1)


def grant(first: int, additional: int, on: date = JUNE) -> int:
    return salon.enrollment_grant(first_time=first, additional=additional, on=on).amount


def test_worked_case_seven_first_time_and_three_additional_is_34000() -> None:
    """7 first-time + 3 additional = 28,000 + 6,000 = ¥34,000 (RULES.md §1)."""
    result = salon.enrollment_grant(first_time=7, additional=3, on=JUNE)
    assert result.amount == 34000
    assert [(i.quantity, i.unit_amount, i.subtotal) for i in result.line_items] == [(7, 4000, 28000), (3, 2000, 6000)]
    assert result.caps == ()
    assert result.fiscal_year == 2024
    assert all("高齢者サロン等加入促進事業" in i.citation for i in result.line_items)


def test_worked_case_twelve_and_three_is_capped_at_50000() -> None:
    """12 + 3 → ¥54,000 uncapped, ¥50,000 paid, the cap shown with the uncapped figure."""
    result = salon.enrollment_grant(first_time=12, additional=3, on=JUNE)
    assert result.amount == 50000
    assert result.uncapped_amount == 54000
    (cap,) = result.caps
    assert (cap.parameter, cap.cap, cap.uncapped, cap.capped) == ("salon.group_cap", 50000, 54000, 50000)
    assert sum(i.subtotal for i in result.line_items) == 50000


@pytest.mark.parametrize(
    ("first", "additional", "amount", "capped"),
    [(12, 1, 50000, False), (12, 2, 50000, True), (13, 0, 50000, True), (0, 25, 50000, False), (0, 26, 50000, True),
     (11, 2, 48000, False), (0, 0, 0, False)],
)
def test_exactly_at_the_cap_and_one_member_over(first: int, additional: int, amount: int, capped: bool) -> None:
    """Exactly ¥50,000 is not capped; one more member is capped back to ¥50,000."""
    result = salon.enrollment_grant(first_time=first, additional=additional, on=JUNE)
    assert result.amount == amount
    assert bool(result.caps) is capped


def test_the_cap_note_says_per_fiscal_year_is_our_reading() -> None:
    """The result notes that the cap is read as per fiscal year (interpretation)."""
    notes = salon.enrollment_grant(first_time=1, additional=0, on=JUNE).notes
    assert [n.parameter for n in notes] == ["salon.group_cap"]
    assert notes[0].status == "interpretation"


def test_first_and_last_day_of_the_fiscal_year_and_the_day_before_the_rules() -> None:
    """2024-04-01 and 2025-03-31 are FY2024; 2024-03-31 has no rule."""
    assert salon.enrollment_grant(first_time=1, additional=0, on=date(2024, 4, 1)).fiscal_year == 2024
    assert salon.enrollment_grant(first_time=1, additional=0, on=date(2025, 3, 31)).fiscal_year == 2024
    assert salon.enrollment_grant(first_time=1, additional=0, on=date(2025, 4, 1)).fiscal_year == 2025
    with pytest.raises(NoRuleInForceError):
        salon.enrollment_grant(first_time=1, additional=0, on=date(2024, 3, 31))


def test_the_grant_uses_the_rule_of_1_april_of_its_fiscal_year(rules_with) -> None:
    """A cap raised mid-year does not change that year's grant; it applies from the next year."""
    rules = rules_with("salon/group_cap", "  2024-10-01: 60000\n  2025-04-01: 70000\n")
    late = salon.enrollment_grant(first_time=20, additional=0, on=date(2025, 1, 15), rules=rules)
    assert late.amount == 50000 and late.on == date(2024, 4, 1)
    assert salon.enrollment_grant(first_time=20, additional=0, on=date(2025, 4, 1), rules=rules).amount == 70000


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"first_time": -1, "additional": 0, "on": JUNE}, "first_time"),
        ({"first_time": True, "additional": 0, "on": JUNE}, "first_time"),
        ({"first_time": 1.5, "additional": 0, "on": JUNE}, "first_time"),
        ({"first_time": 1, "additional": "3", "on": JUNE}, "additional"),
        ({"first_time": 1, "additional": 0, "on": "2024-06-01"}, "on"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict, field: str) -> None:
    """Negative counts, bools, fractions, strings and text dates raise InputError naming the argument."""
    with pytest.raises(InputError) as info:
        salon.enrollment_grant(**kwargs)
    assert info.value.field == field
    assert "expected" in str(info.value) and "got" in str(info.value)


@given(first=s.counts, additional=s.counts, on=s.rule_days)
def test_grant_is_never_negative_never_above_the_cap_and_adds_up(first: int, additional: int, on: date) -> None:
    """0 ≤ grant ≤ 50,000, and the line items add up to the amount."""
    result = salon.enrollment_grant(first_time=first, additional=additional, on=on)
    assert 0 <= result.amount <= 50000
    assert sum(i.subtotal for i in result.line_items) == result.amount
    assert all(i.quantity * i.unit_amount == i.subtotal for i in result.line_items)


@given(first=s.counts, additional=s.counts)
def test_grant_is_linear_below_the_cap_and_monotone(first: int, additional: int) -> None:
    """Below the cap the grant is 4,000 × first + 2,000 × additional; one more member never lowers it."""
    linear = 4000 * first + 2000 * additional
    assert grant(first, additional) == min(linear, 50000)
    assert grant(first + 1, additional) >= grant(first, additional)
    assert grant(first, additional + 1) >= grant(first, additional)
