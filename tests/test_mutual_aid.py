"""The mutual-aid monthly subsidy and its annual schedule (RULES.md §2)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given

from kanoya_benefits import InputError, NoRuleInForceError, load_rules, mutual_aid
from kanoya_benefits.mutual_aid import subsidy_year
from tests import strategies as s

APR = date(2024, 4, 1)


def month_amount(first: date, month: date, rent: int = 0, challenge: int = 0, **kw) -> int:
    return mutual_aid.monthly_subsidy(first_subsidized_month=first, month=month, rent_cost=rent,
                                      challenge_cost=challenge, **kw).amount


def test_worked_case_year_one_rent_15001_challenge_6000_is_23500() -> None:
    """Year 1, rent ¥15,001, challenge ¥6,000 → 11,000 + 7,500 + 5,000 = ¥23,500."""
    result = mutual_aid.monthly_subsidy(first_subsidized_month=APR, month=date(2024, 5, 1), rent_cost=15001,
                                        challenge_cost=6000)
    assert result.amount == 23500
    assert [i.subtotal for i in result.line_items] == [11000, 7500, 6000, -1000]
    caps = [(c.parameter, c.uncapped, c.capped) for c in result.caps]
    assert caps == [("mutual_aid.challenge_add_on_cap", 6000, 5000)]
    assert result.uncapped_amount == 24500


@pytest.mark.parametrize(
    ("first", "month", "base"),
    [
        (date(2024, 4, 1), date(2025, 3, 1), 11000),   # same fiscal year: year 1
        (date(2024, 4, 1), date(2025, 4, 1), 8000),    # next fiscal year: year 2
        (date(2024, 4, 1), date(2026, 3, 1), 8000),    # last month of year 2
        (date(2024, 4, 1), date(2026, 4, 1), 7000),    # year 2 → 3 at the fiscal-year boundary
        (date(2024, 4, 1), date(2030, 4, 1), 7000),    # year 7: still the year-3 rate
        (date(2025, 3, 1), date(2025, 4, 1), 8000),    # first subsidized in March: year 2 from April
        (date(2022, 7, 1), date(2024, 4, 1), 7000),    # subsidized before the manual took effect: year 3
    ],
)
def test_subsidy_year_is_counted_in_fiscal_years(first: date, month: date, base: int) -> None:
    """Base by subsidy year, years counted in fiscal years (interpretation, the default switch)."""
    assert month_amount(first, month) == base


def test_anniversary_counting_switch_counts_twelve_month_years(rules_with) -> None:
    """With subsidy_year_counting = anniversary, a March start stays in year 1 until the next March."""
    rules = rules_with("mutual_aid/subsidy_year_counting", "  2024-04-02: anniversary\n")
    assert month_amount(date(2025, 3, 1), date(2025, 4, 1), rules=rules) == 11000
    assert month_amount(date(2025, 3, 1), date(2026, 2, 1), rules=rules) == 11000
    assert month_amount(date(2025, 3, 1), date(2026, 3, 1), rules=rules) == 8000
    assert subsidy_year(date(2025, 3, 1), date(2027, 3, 1), "anniversary") == 3


@pytest.mark.parametrize(
    ("rent", "add_on"),
    [(0, 0), (1, 0), (3, 1), (15001, 7500), (19999, 9999), (20000, 10000), (20001, 10000), (20002, 10000),
     (1_000_000, 10000)],
)
def test_rent_add_on_is_half_cut_to_the_yen_and_capped_at_10000(rent: int, add_on: int) -> None:
    """½ of the rent, fraction cut, at most ¥10,000: exactly at the cap and one yen over."""
    assert month_amount(APR, APR, rent=rent) == 11000 + add_on


@pytest.mark.parametrize(("cost", "add_on"), [(0, 0), (4999, 4999), (5000, 5000), (5001, 5000), (10**9, 5000)])
def test_challenge_add_on_pays_actual_cost_up_to_5000(cost: int, add_on: int) -> None:
    """The challenge add-on pays the month's cost up to ¥5,000 (at the cap and one yen over)."""
    assert month_amount(APR, APR, challenge=cost) == 11000 + add_on


def test_add_ons_note_the_readings_they_rest_on() -> None:
    """Notes name the counting, rounding and challenge readings used."""
    notes = mutual_aid.monthly_subsidy(first_subsidized_month=APR, month=APR, rent_cost=1, challenge_cost=1).notes
    assert {n.parameter for n in notes} >= {"mutual_aid.subsidy_year_counting", "mutual_aid.add_on_rounding",
                                             "mutual_aid.challenge_add_on_cap", "mutual_aid.whole_months_only"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"first_subsidized_month": APR, "month": date(2024, 5, 2)}, "month"),
        ({"first_subsidized_month": date(2024, 4, 15), "month": APR}, "first_subsidized_month"),
        ({"first_subsidized_month": date(2024, 6, 1), "month": date(2024, 5, 1)}, "first_subsidized_month"),
        ({"first_subsidized_month": APR, "month": APR, "rent_cost": 15001.5}, "rent_cost"),
        ({"first_subsidized_month": APR, "month": APR, "rent_cost": 15001.0}, "rent_cost"),
        ({"first_subsidized_month": APR, "month": APR, "challenge_cost": -1}, "challenge_cost"),
        ({"first_subsidized_month": APR, "month": APR, "rent_cost": True}, "rent_cost"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict, field: str) -> None:
    """Months not on day 1, a first month after the month paid, costs not whole yen: InputError."""
    with pytest.raises(InputError) as info:
        mutual_aid.monthly_subsidy(**kwargs)
    assert info.value.field == field


def test_the_month_paid_may_not_lie_before_the_rules() -> None:
    """A month before 2024-04 has no rule, even though the first subsidized month may."""
    with pytest.raises(NoRuleInForceError) as info:
        month_amount(date(2023, 4, 1), date(2024, 3, 1))
    assert info.value.field == "month"


def test_annual_schedule_of_a_full_first_year() -> None:
    """Twelve months of year 1 with rent ¥15,001: 12 × (11,000 + 7,500) = ¥222,000."""
    year = mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024, rent_cost=15001)
    assert year.amount == 222000
    assert len(year.months) == 12 and year.subsidized_months == 12
    assert [m.on for m in year.months][:2] == [date(2024, 4, 1), date(2024, 5, 1)]


def test_months_before_the_first_subsidized_month_give_zero() -> None:
    """A group starting in October is paid for six months of FY2024."""
    year = mutual_aid.annual_schedule(first_subsidized_month=date(2024, 10, 1), fiscal_year=2024)
    assert [m.amount for m in year.months] == [0] * 6 + [11000] * 6
    assert year.amount == 66000 and year.subsidized_months == 6


def test_months_after_the_last_subsidized_month_give_zero() -> None:
    """A group that stops after June is paid April to June only."""
    year = mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024,
                                      last_subsidized_month=date(2024, 6, 1))
    assert year.amount == 33000


def test_a_mid_year_rule_change_gives_a_blended_total(rules_with) -> None:
    """A base raised from 2024-10-01 pays six months at the old and six at the new rate."""
    rules = rules_with("mutual_aid/base_year_1", "  2024-10-01: 12000\n")
    year = mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024, rules=rules)
    assert year.amount == 6 * 11000 + 6 * 12000


def test_a_change_in_the_middle_of_a_month_applies_from_the_next_month(rules_with) -> None:
    """Monthly amounts use the rule of the month's first day: a change on the 15th waits a month."""
    rules = rules_with("mutual_aid/base_year_1", "  2024-10-15: 12000\n")
    assert month_amount(APR, date(2024, 10, 1), rules=rules) == 11000
    assert month_amount(APR, date(2024, 11, 1), rules=rules) == 12000


def test_rounding_switch_monthly_vs_annual_on_rent_15001(tmp_path) -> None:
    """Rent ¥15,001 × 12: ¥90,000 cut monthly, ¥90,006 cut once on the year (RULES.md §2)."""
    monthly = mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024, rent_cost=15001)
    assert monthly.amount - 12 * 11000 == 90000
    overlay = tmp_path / "annual.yaml"
    overlay.write_text("kind: overlay\nparameters:\n  mutual_aid.add_on_rounding:\n    values:\n"
                       "      2024-04-01: annual\n", encoding="utf-8")
    rules = load_rules(overlay)
    annual = mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024, rent_cost=15001, rules=rules)
    assert annual.amount - 12 * 11000 == 90006
    assert annual.line_items[-1].subtotal == 6
    assert sum(i.subtotal for i in annual.line_items) == annual.amount


def test_costs_per_month_as_twelve_values_or_a_mapping() -> None:
    """rent_cost may be 12 values (April first) or a month → yen mapping."""
    twelve = [20000] + [0] * 11
    a = mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024, rent_cost=twelve)
    b = mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024, rent_cost={APR: 20000})
    assert a.amount == b.amount == 12 * 11000 + 10000
    with pytest.raises(InputError, match="12 values"):
        mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024, rent_cost=[1, 2])
    with pytest.raises(InputError):
        mutual_aid.annual_schedule(first_subsidized_month=APR, fiscal_year=2024, rent_cost={date(2023, 4, 1): 1})


def test_an_annual_schedule_before_the_rules_is_refused() -> None:
    """FY2023 has no rules: NoRuleInForceError naming fiscal_year."""
    with pytest.raises(NoRuleInForceError) as info:
        mutual_aid.annual_schedule(first_subsidized_month=date(2023, 4, 1), fiscal_year=2023)
    assert info.value.field == "fiscal_year"


@given(first=s.any_months, month=s.rule_months, rent=s.yen_costs, challenge=s.yen_costs)
def test_monthly_invariants(first: date, month: date, rent: int, challenge: int) -> None:
    """Rent add-on ≤ 10,000 and ≤ half the rent; challenge ≤ 5,000; items add up to the amount."""
    assume(first <= month)
    result = mutual_aid.monthly_subsidy(first_subsidized_month=first, month=month, rent_cost=rent,
                                        challenge_cost=challenge)
    base = result.line_items[0].subtotal
    rent_part = sum(i.subtotal for i in result.line_items if i.parameter in (
        "mutual_aid.rent_add_on_share", "mutual_aid.rent_add_on_cap"))
    chall_part = sum(i.subtotal for i in result.line_items if i.parameter == "mutual_aid.challenge_add_on_cap")
    assert 0 <= rent_part <= 10000 and 2 * rent_part <= rent
    assert 0 <= chall_part <= min(5000, challenge)
    assert result.amount == base + rent_part + chall_part
    assert base in (11000, 8000, 7000)


@given(first=s.any_months, fy=s.fiscal_years, rent=s.yen_costs)
def test_annual_total_is_the_sum_of_its_months(first: date, fy: int, rent: int) -> None:
    """With monthly rounding, the year's amount is the sum of its twelve months."""
    year = mutual_aid.annual_schedule(first_subsidized_month=first, fiscal_year=fy, rent_cost=rent)
    assert year.amount == sum(m.amount for m in year.months)
    assert year.amount <= 12 * (11000 + 10000)
