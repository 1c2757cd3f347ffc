"""Results: frozen, JSON round-trip through cattrs, no float anywhere."""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest
from hypothesis import given

from kanoya_benefits import (
    AnnualSchedule,
    Calculation,
    PointsTally,
    activity_center,
    converter,
    mutual_aid,
    points,
    salon,
    to_dict,
)
from tests import strategies as s


def _no_floats(value: object) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(_no_floats(v) for v in value.values())
    if isinstance(value, list):
        return all(_no_floats(v) for v in value)
    return True


def test_results_are_frozen() -> None:
    """A result cannot be changed after it is made."""
    result = salon.enrollment_grant(first_time=1, additional=0, on=date(2024, 6, 1))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        result.amount = 0  # type: ignore[misc]


@given(first=s.counts, additional=s.counts, on=s.rule_days)
def test_calculation_round_trips_through_json(first: int, additional: int, on: date) -> None:
    """unstructure → JSON → structure gives back an equal Calculation, with no float in it."""
    result = salon.enrollment_grant(first_time=first, additional=additional, on=on)
    data = json.loads(json.dumps(to_dict(result)))
    assert _no_floats(data)
    assert converter.structure(data, Calculation) == result


def test_every_result_kind_round_trips() -> None:
    """Annual schedules, points tallies and daily amounts round-trip too."""
    samples = [
        (mutual_aid.annual_schedule(first_subsidized_month=date(2024, 4, 1), fiscal_year=2024, rent_cost=15001),
         AnnualSchedule),
        (points.total_stamps([("L1", date(2024, 5, 1)), ("V1", date(2025, 4, 1))], fiscal_year=2024), PointsTally),
        (activity_center.daily_amount(center_type="II", on=date(2024, 5, 1), bath=True, one_way_trips=1),
         Calculation),
    ]
    for result, cls in samples:
        data = json.loads(json.dumps(to_dict(result), ensure_ascii=False))
        assert _no_floats(data)
        assert converter.structure(data, cls) == result


def test_results_record_the_rules_version_and_labels_in_both_languages() -> None:
    """Every result says which rules it used; every line has Japanese and English labels."""
    result = mutual_aid.monthly_subsidy(first_subsidized_month=date(2024, 4, 1), month=date(2024, 4, 1),
                                        rent_cost=30000, challenge_cost=1)
    assert len(result.rules_version) == 12
    for item in result.line_items:
        assert item.label_ja and item.label_en and item.citation
