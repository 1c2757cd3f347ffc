"""The optimised rules give exactly what the plain reference code gave (tests/reference_rules).

Every speed-up in kanoya_benefits must leave results and errors unchanged: for each input (valid or
not) and on both the shipped rules and a variant rule set that changes every parameter mid-year,
the optimised function and the reference return equal ``to_dict`` output, or raise the same error
class with the same field and message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
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
from kanoya_benefits._shared import KEEP, Lines
from kanoya_benefits.money import cut_share, cut_yen
from kanoya_benefits.rules import _DERIVED_LIMIT
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
@given(stamps=s.speed_stamps, fy=st.sampled_from([2024, 2025, 2026, 2023]), rules=rule_sets, as_lists=st.booleans())
def test_points_tally_is_unchanged(stamps: list[tuple[str, date]], fy: int, rules: str, as_lists: bool) -> None:
    """points.total_stamps: same tally, conversion and notes, or the same error (stamps as tuples or lists)."""
    given_stamps: list[Any] = [list(p) for p in stamps] if as_lists else stamps
    same(points.total_stamps, ref_points.total_stamps, given_stamps, fiscal_year=fy, rules=RULE_SETS[rules])


@pytest.mark.parametrize("kind", ["I", "II", "III", 1, 2, 3, "Ⅰ", "Ⅱ型", "ｉｉｉ", " type III ", "IV", "", None, True])
def test_center_type_spellings_are_unchanged(kind: Any) -> None:
    """activity_center.center_type normalises (or refuses) every spelling as before."""
    same(activity_center.center_type, ref_activity_center.center_type, kind)



@given(amount=st.integers(min_value=0, max_value=10**12),
       share=st.fractions(min_value=0, max_value=1, max_denominator=1000))
def test_cut_share_is_cut_yen_of_the_exact_product(amount: int, share: Fraction) -> None:
    """money.cut_share (integers) equals money.cut_yen(share × amount) (Fractions) for every amount and share."""
    assert cut_share(amount, share) == cut_yen(share * amount)


def test_cut_share_refuses_a_negative_amount() -> None:
    """A negative amount is refused like cut_yen refuses it."""
    with pytest.raises(ValueError, match="non-negative"):
        cut_share(-1, Fraction(1, 2))


def test_derived_tables_stay_bounded() -> None:
    """RuleSet.remember clears a table that reaches its limit instead of growing without bound."""
    rules = load_rules(VARIANT)
    for i in range(_DERIVED_LIMIT + 5):
        rules.remember("test", i, i)
    assert len(rules.derived["test"]) <= _DERIVED_LIMIT
    assert rules.derived["test"][_DERIVED_LIMIT + 4] == _DERIVED_LIMIT + 4


def test_shared_line_items_stay_bounded() -> None:
    """Past KEEP distinct quantities, line items are built fresh (equal, not kept)."""
    lines = Lines("ja", "en", 3, "cite", "p")
    made = [lines.times(q) for q in range(KEEP + 10)]
    assert lines.times(KEEP + 5) == made[KEEP + 5]
    assert lines.times(KEEP + 5) is not made[KEEP + 5]
    assert lines.times(7) is made[7]
    assert len(lines._made) == KEEP


def test_results_on_different_rule_sets_do_not_mix() -> None:
    """Shared pieces belong to one rule set: the same call on two rule sets gives each its own figures."""
    june = date(2025, 6, 2)
    shipped = activity_center.daily_amount(center_type="I", on=june, bath=True, one_way_trips=2)
    variant = activity_center.daily_amount(center_type="I", on=june, bath=True, one_way_trips=2,
                                           rules=RULE_SETS["variant"])
    again = activity_center.daily_amount(center_type="I", on=june, bath=True, one_way_trips=2)
    assert (shipped.amount, variant.amount, again.amount) == (3700, 3950, 3700)
    assert shipped.rules_version != variant.rules_version
