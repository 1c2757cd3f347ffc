"""Request schemas: strict JSON, unknown fields refused, each field named as the client sends it."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from ..fields import BaseSchema, Count, Day, FiscalYear, Flag, Items, Month, Object, Text, Yen
from ..messages import encode


class SalonGrant(BaseSchema):
    """A group's new members in a fiscal year (高齢者サロン等加入促進事業)."""

    first_time = Count(required=True, metadata={"description": "new members in no other group up to the "
                                                               "previous fiscal year (新規加入者・初回)",
                                                "example": 7})
    additional = Count(required=True, metadata={"description": "new members already in another group "
                                                               "(既に他グループに加入している者)", "example": 3})
    date = Day(required=True, metadata={"description": "a day of the fiscal year claimed", "example": "2024-06-01"})


class MutualAidMonthly(BaseSchema):
    """One month of a group's mutual-aid subsidy (住民主体による高齢者助け合い応援事業)."""

    first_subsidized_month = Month(required=True, metadata={"description": "the group's first subsidized month"})
    month = Month(required=True, metadata={"description": "the month paid", "example": "2024-05"})
    rent_cost = Yen(load_default=0, metadata={"description": "that month's eligible rent (賃借料)", "example": 15001})
    challenge_cost = Yen(load_default=0, metadata={"description": "that month's eligible community-challenge "
                                                                  "cost (地域課題チャレンジ)", "example": 6000})


class MonthlyCost(BaseSchema):
    """A cost of one month of the fiscal year."""

    month = Month(required=True)
    amount = Yen(required=True)


class MutualAidAnnual(BaseSchema):
    """The twelve months of a fiscal year for one group."""

    first_subsidized_month = Month(required=True)
    fiscal_year = FiscalYear(required=True, metadata={"example": 2024})
    last_subsidized_month = Month(load_default=None, allow_none=True)
    rent_cost = Yen(load_default=0, metadata={"description": "eligible rent of every month"})
    challenge_cost = Yen(load_default=0, metadata={"description": "eligible challenge cost of every month"})
    rent_by_month = Items(Object(MonthlyCost), load_default=None, allow_none=True,
                          metadata={"description": "rent per month, instead of rent_cost (not both)"})
    challenge_by_month = Items(Object(MonthlyCost), load_default=None, allow_none=True,
                               metadata={"description": "challenge cost per month, instead of challenge_cost "
                                                        "(not both)"})

    @ma.validates_schema(pass_original=True)
    def _months_once(self, data: dict[str, Any], original: Any, **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        for flat, by_month in (("rent_cost", "rent_by_month"), ("challenge_cost", "challenge_by_month")):
            # as points and stamps: one way of giving a cost, never one silently overriding the other
            if isinstance(original, dict) and original.get(flat) is not None and original.get(by_month) is not None:
                errors[flat] = [encode("cost_or_by_month", flat=flat, by_month=by_month)]
        for name in ("rent_by_month", "challenge_by_month"):
            seen: set[Any] = set()
            for i, entry in enumerate(data.get(name) or []):
                if entry["month"] in seen:
                    errors.setdefault(name, {})[i] = {"month": [encode("duplicate_month")]}
                seen.add(entry["month"])
        if errors:
            raise ma.ValidationError(errors)


class ActivityDay(BaseSchema):
    """One user's day at an activity center (地域活動支援センター事業)."""

    center_type = Text(required=True, metadata={"description": "I, II or III (also Ⅰ, Ⅰ型, 1)", "example": "I"})
    date = Day(required=True, metadata={"example": "2024-05-07"})
    bath = Flag(load_default=False, metadata={"description": "bathed that day (入浴加算)"})
    one_way_trips = Count(load_default=0, metadata={"description": "one-way trips by the center (送迎加算), "
                                                                   "at most the rules' limit (2)", "example": 2})


class Center(BaseSchema):
    """A center and its type from a date on (a center that changes type is listed once per type)."""

    center_id = Text(required=True)
    center_type = Text(required=True, metadata={"example": "II"})
    effective_from = Day(load_default=None, metadata={"description": "the type applies from this date "
                                                                     "(omitted: from the rules' start)"})


class Attendance(BaseSchema):
    """One user's attendance at a center on a day."""

    user_id = Text(required=True)
    center_id = Text(required=True)
    date = Day(required=True)
    bath = Flag(load_default=False)
    one_way_trips = Count(load_default=0)


class ActivityMonthly(BaseSchema):
    """Attendances to claim, grouped by center and month."""

    centers = Items(Object(Center), required=True, min_items=1)
    attendances = Items(Object(Attendance), required=True)


class Stamp(BaseSchema):
    """One stamped activity."""

    activity_id = Text(required=True, metadata={"example": "L1"})
    date = Day(required=True)


class PointsConversion(BaseSchema):
    """A fiscal year's points, given as a total or as stamps (高齢者元気度アップポイント事業)."""

    fiscal_year = FiscalYear(required=True, metadata={"example": 2024})
    points = Count(metadata={"description": "the year's points; or give stamps", "example": 37})
    stamps = Items(Object(Stamp), metadata={"description": "the year's stamps; or give points"})

    @ma.validates_schema
    def _one_of(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("points" in data) == ("stamps" in data):
            raise ma.ValidationError(encode("points_or_stamps"), field_name="points")


class RulesQuery(BaseSchema):
    """Query of the rules listing."""

    on = Day(metadata={"description": "give the values in force on this day"})


class RosterRow(BaseSchema):
    """One membership of a person in a group (サロン等の名簿の1行)."""

    person_id = Text(required=True, metadata={"example": "A01"})
    group_id = Text(required=True, metadata={"example": "S1"})
    joined_on = Day(required=True, metadata={"example": "2024-04-15"})
    left_on = Day(load_default=None, allow_none=True)


class SalonRoster(BaseSchema):
    """A membership roster, reaching back before the fiscal year (memberships already held)."""

    fiscal_year = FiscalYear(required=True, metadata={"example": 2024})
    members = Items(Object(RosterRow), required=True)
