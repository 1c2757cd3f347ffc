"""The response schemas describe library results exactly, now that the API sends ``to_dict`` without them.

api/parsing.py's Blueprint.response sends a calculation view's ``to_dict(result)`` as it is (issue 7:
dumping it again cost more than the rest of the request). The OpenAPI document still comes from
the schemas, so they must keep matching: dumping a result through its schema changes nothing.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from kanoya_benefits_api.schemas import responses

from kanoya_benefits import activity_center, mutual_aid, points, salon, to_dict
from tests import strategies as s


@settings(max_examples=100)
@given(first=s.counts, additional=s.counts, on=s.rule_days, rent=s.yen_costs, challenge=s.yen_costs,
       month=s.rule_months, kind=s.center_types, trips=s.trips, pts=s.points_totals)
def test_dumping_a_calculation_through_its_schema_changes_nothing(first: int, additional: int, on: date, rent: int,
                                                                 challenge: int, month: date, kind: object,
                                                                 trips: int, pts: int) -> None:
    """Every field of every kind of Calculation is in the schema, in the same form."""
    schema = responses.Calculation()
    for result in (salon.enrollment_grant(first_time=first, additional=additional, on=on),
                   mutual_aid.monthly_subsidy(first_subsidized_month=date(2023, 3, 1), month=month, rent_cost=rent,
                                              challenge_cost=challenge),
                   activity_center.daily_amount(center_type=kind, on=on, bath=True, one_way_trips=trips),
                   points.convert(points=pts, fiscal_year=2024)):
        data = to_dict(result)
        assert schema.dump(data) == data


def test_dumping_an_annual_schedule_through_its_schema_changes_nothing() -> None:
    """The annual schedule's months, lines and notes are all in its schema."""
    for rounding_rent in (0, 15001):
        data = to_dict(mutual_aid.annual_schedule(first_subsidized_month=date(2024, 7, 1), fiscal_year=2024,
                                                  rent_cost=rounding_rent, challenge_cost=6000))
        assert responses.AnnualSchedule().dump(data) == data
