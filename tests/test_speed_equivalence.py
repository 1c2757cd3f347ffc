"""The optimised rules give exactly what the plain reference code gave (tests/reference_rules).

Every speed-up in kanoya_benefits must leave results and errors unchanged: for each input (valid or
not) and on both the shipped rules and a variant rule set that changes every parameter mid-year,
the optimised function and the reference return equal ``to_dict`` output, or raise the same error
class with the same field and message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kanoya_benefits import (
    KanoyaError,
    RuleSet,
    activity_center,
    load_rules,
    mutual_aid,
    points,
    salon,
    to_dict,
)
from tests import strategies as s
from tests.reference_rules import activity_center as ref_activity_center
from tests.reference_rules import mutual_aid as ref_mutual_aid
from tests.reference_rules import points as ref_points
from tests.reference_rules import salon as ref_salon

VARIANT = Path(__file__).parent / "corpus" / "rules_variant_overlay.yaml"
RULE_SETS: dict[str, RuleSet | None] = {"shipped": None, "variant": load_rules(VARIANT)}
rule_sets = st.sampled_from(sorted(RULE_SETS))


def outcome(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """What a call gives: its result as plain data, or its error's class, field and message."""
    try:
        return ("result", to_dict(fn(*args, **kwargs)))
    except KanoyaError as err:
        return ("error", type(err).__name__, getattr(err, "field", None), str(err))


def same(new: Callable[..., Any], ref: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """The optimised and reference functions agree on this input, and twice in a row (warm caches)."""
    want = outcome(ref, *args, **kwargs)
    assert outcome(new, *args, **kwargs) == want
    assert outcome(new, *args, **kwargs) == want


@settings(max_examples=400)
@given(first=s.speed_counts, additional=s.speed_counts, on=st.one_of(s.speed_days, s.speed_months), rules=rule_sets)
def test_salon_grant_is_unchanged(first: Any, additional: Any, on: Any, rules: str) -> None:
    """salon.enrollment_grant: same result or same error as the reference."""
    same(salon.enrollment_grant, ref_salon.enrollment_grant, first_time=first, additional=additional, on=on,
         rules=RULE_SETS[rules])


@settings(max_examples=400)
@given(first=s.speed_months, month=s.speed_months, rent=s.speed_yen, challenge=s.speed_yen, rules=rule_sets)
def test_mutual_aid_month_is_unchanged(first: Any, month: Any, rent: Any, challenge: Any, rules: str) -> None:
    """mutual_aid.monthly_subsidy: same result or same error as the reference."""
    same(mutual_aid.monthly_subsidy, ref_mutual_aid.monthly_subsidy, first_subsidized_month=first, month=month,
         rent_cost=rent, challenge_cost=challenge, rules=RULE_SETS[rules])


@settings(max_examples=200)
@given(first=s.speed_months, fy=s.speed_fiscal_years, rent=s.speed_costs, challenge=s.speed_costs,
       last=st.one_of(st.none(), s.speed_months), rules=rule_sets)
def test_mutual_aid_annual_schedule_is_unchanged(first: Any, fy: Any, rent: Any, challenge: Any, last: Any,
                                                 rules: str) -> None:
    """mutual_aid.annual_schedule: same twelve months, total and notes, or the same error."""
    same(mutual_aid.annual_schedule, ref_mutual_aid.annual_schedule, first_subsidized_month=first, fiscal_year=fy,
         rent_cost=rent, challenge_cost=challenge, last_subsidized_month=last, rules=RULE_SETS[rules])


@settings(max_examples=400)
@given(kind=s.speed_center_types, on=s.speed_days, bath=st.one_of(st.booleans(), st.sampled_from([0, 1, None, "yes"])),
       trips=s.speed_trips, rules=rule_sets)
def test_activity_center_day_is_unchanged(kind: Any, on: Any, bath: Any, trips: Any, rules: str) -> None:
    """activity_center.daily_amount: same result or same error as the reference."""
    same(activity_center.daily_amount, ref_activity_center.daily_amount, center_type=kind, on=on, bath=bath,
         one_way_trips=trips, rules=RULE_SETS[rules])


@settings(max_examples=400)
@given(pts=st.one_of(s.points_totals, s.speed_counts), fy=s.speed_fiscal_years, rules=rule_sets)
def test_points_conversion_is_unchanged(pts: Any, fy: Any, rules: str) -> None:
    """points.convert: same result or same error as the reference."""
    same(points.convert, ref_points.convert, points=pts, fiscal_year=fy, rules=RULE_SETS[rules])


@settings(max_examples=200)
@given(stamps=s.speed_stamps, fy=st.sampled_from([2024, 2025, 2026, 2023]), rules=rule_sets)
def test_points_tally_is_unchanged(stamps: list[tuple[str, date]], fy: int, rules: str) -> None:
    """points.total_stamps: same tally, conversion and notes, or the same error."""
    same(points.total_stamps, ref_points.total_stamps, stamps, fiscal_year=fy, rules=RULE_SETS[rules])


@pytest.mark.parametrize("kind", ["I", "II", "III", 1, 2, 3, "Ⅰ", "Ⅱ型", "ｉｉｉ", " type III ", "IV", "", None, True])
def test_center_type_spellings_are_unchanged(kind: Any) -> None:
    """activity_center.center_type normalises (or refuses) every spelling as before."""
    same(activity_center.center_type, ref_activity_center.center_type, kind)

