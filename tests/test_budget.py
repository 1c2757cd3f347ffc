"""Budget ceilings of a fiscal year from the registry's expected volumes and the rules in force."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given

from kanoya_benefits import InputError, NoRuleInForceError, shipped_rules, to_dict
from kanoya_benefits.budget import budget_ceiling
from tests import strategies as s


def test_fy2024_salon_and_points_ceilings() -> None:
    """FY2024: salon 355 × ¥50,000 = ¥17,750,000; points 4,500 × ¥5,000 = ¥22,500,000, flagged as assumed."""
    b = budget_ceiling(2024)
    salon, pts = b.line("salon.enrollment_grant"), b.line("points.conversion")
    assert salon.amount == 17_750_000
    assert (salon.line_items[0].quantity, salon.line_items[0].unit_amount) == (355, 50_000)
    assert pts.amount == 22_500_000
    assert (pts.line_items[0].quantity, pts.line_items[0].unit_amount) == (4500, 5000)
    assert [f.code for f in pts.flags] == ["assumed_figures"]
    assert any(n.status == "assumed" for n in pts.notes)
    assert salon.volume_source == pts.volume_source == "registry"


def test_volumes_not_stated_need_input() -> None:
    """Mutual aid and activity centers say they need their volume, and the total says it is incomplete."""
    b = budget_ceiling(2024)
    for calc, field in (("mutual_aid.monthly_subsidy", "mutual_aid_groups"),
                        ("activity_center.daily_amount", "activity_center_user_days")):
        line = b.line(calc)
        assert (line.amount, line.needs_input, line.volume_source) == (None, field, "missing")
        assert any(n.status == "input_needed" for n in line.notes)
    assert (b.total, b.complete) == (40_250_000, False)


def test_mutual_aid_ceiling() -> None:
    """A group can get at most 12 × (11,000 + 10,000 + 5,000) = ¥312,000 in FY2024; 10 groups ¥3,120,000."""
    line = budget_ceiling(2024, mutual_aid_groups=10).line("mutual_aid.monthly_subsidy")
    assert line.amount == 3_120_000
    assert [(i.quantity, i.unit_amount) for i in line.line_items] == [(120, 11_000), (120, 10_000), (120, 5_000)]
    assert budget_ceiling(2024, mutual_aid_groups=1).line("mutual_aid.monthly_subsidy").amount == 312_000
    assert budget_ceiling(2024, mutual_aid_groups=0).line("mutual_aid.monthly_subsidy").amount == 0


def test_mutual_aid_mid_year_change_blends() -> None:
    """A base raised from October takes each month's rules: 6 × 11,000 + 6 × 12,000 + 12 × 15,000."""
    rules = shipped_rules().with_values("mutual_aid.base_year_1", {date(2024, 10, 1): 12_000},
                                        label="test", content=b"test")
    line = budget_ceiling(2024, rules=rules, mutual_aid_groups=1).line("mutual_aid.monthly_subsidy")
    assert line.amount == 6 * 11_000 + 6 * 12_000 + 12 * 15_000
    assert len(line.line_items) == 6  # two runs of months, three parts each


def test_annual_ceilings_use_the_rules_of_1_april() -> None:
    """A salon cap changed from October does not move the FY2024 ceiling; it moves FY2025's."""
    rules = shipped_rules().with_values("salon.group_cap", {date(2024, 10, 1): 60_000},
                                        label="test", content=b"test")
    assert budget_ceiling(2024, rules=rules).line("salon.enrollment_grant").amount == 17_750_000
    assert budget_ceiling(2025, rules=rules).line("salon.enrollment_grant").amount == 355 * 60_000


def test_activity_center_ceiling_at_the_highest_type() -> None:
    """Without a breakdown each user-day is priced at Type Ⅰ + bath + 2 trips = ¥3,700."""
    line = budget_ceiling(2024, activity_center_user_days=1000).line("activity_center.daily_amount")
    assert line.amount == 3_700_000
    assert sum(i.subtotal for i in line.line_items) == line.amount


def test_activity_center_ceiling_by_type() -> None:
    """With a breakdown each type is priced at its own rate: Ⅱ 100 × 3,400 + Ⅲ 50 × 3,100."""
    line = budget_ceiling(2024, activity_center_user_days={"Ⅱ": 100, "3": 50}).line("activity_center.daily_amount")
    assert line.amount == 100 * 3_400 + 50 * 3_100
    assert line.volume == 150


def test_activity_center_ceiling_takes_the_highest_rules_of_the_year() -> None:
    """A rate raised mid-year makes the ceiling use the higher rate for every user-day."""
    rules = shipped_rules().with_values("activity_center.daily_rate_type_i", {date(2024, 10, 1): 2_500},
                                        label="test", content=b"test")
    line = budget_ceiling(2024, rules=rules, activity_center_user_days=10).line("activity_center.daily_amount")
    assert line.amount == 10 * (2_500 + 400 + 1_200)


def test_complete_total() -> None:
    """With both volumes the total adds every line and says it is complete."""
    b = budget_ceiling(2024, mutual_aid_groups=10, activity_center_user_days=1000)
    assert b.complete
    assert b.total == 17_750_000 + 22_500_000 + 3_120_000 + 3_700_000


def test_before_the_programme_started() -> None:
    """FY2023 has no rules in force: a clear error, never a zero."""
    with pytest.raises(NoRuleInForceError):
        budget_ceiling(2023)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"fiscal_year": "2024"}, "fiscal_year"),
    ({"fiscal_year": 2024, "mutual_aid_groups": -1}, "mutual_aid_groups"),
    ({"fiscal_year": 2024, "mutual_aid_groups": 2.0}, "mutual_aid_groups"),
    ({"fiscal_year": 2024, "activity_center_user_days": -5}, "activity_center_user_days"),
    ({"fiscal_year": 2024, "activity_center_user_days": {"IV": 5}}, "activity_center_user_days['IV']"),
    ({"fiscal_year": 2024, "activity_center_user_days": {"I": 5, "1": 3}}, "activity_center_user_days"),
])
def test_bad_arguments_name_the_field(kwargs: dict, field: str) -> None:
    """Bad volumes and years raise InputError naming the argument."""
    with pytest.raises(InputError) as err:
        budget_ceiling(**kwargs)
    assert err.value.field == field


def test_result_is_json_ready() -> None:
    """The result turns into plain JSON with its line items and notes."""
    data = to_dict(budget_ceiling(2024, mutual_aid_groups=3))
    text = json.dumps(data, ensure_ascii=False)
    assert data["lines"][0]["amount"] == 17_750_000
    assert "registry_version" in data and "355団体" in text


@given(s.budget_groups, s.budget_user_days)
def test_line_items_add_up(groups: int, user_days: int) -> None:
    """Every line's items add up to its amount, and the total to the lines."""
    b = budget_ceiling(2024, mutual_aid_groups=groups, activity_center_user_days=user_days)
    for line in b.lines:
        assert line.amount == sum(i.subtotal for i in line.line_items)
    assert b.total == sum(line.amount or 0 for line in b.lines)
