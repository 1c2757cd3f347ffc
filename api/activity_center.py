"""POST /v1/activity-center/daily and /monthly: 地域活動支援センター事業."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from marshmallow import fields as f

from kanoya_benefits import InputError, activity_center, to_dict
from kanoya_benefits.registry import calculator

from .calls import call, describe, rules
from .fields import BaseSchema
from .messages import encode
from .parsing import Blueprint
from .problems import Problem, field_error
from .schemas import requests, responses

SLUG = calculator(activity_center.PROGRAMME).slug  # /v1/activity-center
blp = Blueprint(SLUG, __name__, url_prefix=f"/v1/{SLUG}", description=describe(SLUG))


@blp.post("/daily")
@blp.arguments(requests.ActivityDay, example={"center_type": "I", "date": "2024-05-07", "bath": True,
                                              "one_way_trips": 2})
@blp.response(200, responses.Calculation)
def daily(body: dict[str, Any]) -> Any:
    """One user's day: base rate by center type + bath add-on + transport add-on per one-way trip."""
    return to_dict(call(activity_center.daily_amount, {"on": "date"}, center_type=body["center_type"],
                        on=body["date"], bath=body["bath"], one_way_trips=body["one_way_trips"]))


class CenterClaim(BaseSchema):
    """One center's claim for one month."""

    center_id = f.String(required=True)
    center_type = f.String(required=True, metadata={"enum": list(activity_center.CENTER_TYPES)})
    month = f.String(required=True, metadata={"example": "2024-05"})
    user_days = f.Integer(required=True)
    amount = f.Integer(required=True, metadata={"description": "whole yen"})


class AttendanceResult(BaseSchema):
    """One attendance row's day amount, in request order."""

    index = f.Integer(required=True)
    center_id = f.String(required=True)
    user_id = f.String(required=True)
    calculation = f.Nested(responses.Calculation, required=True)


class MonthlyClaims(BaseSchema):
    """Every center's monthly claim from a list of attendances."""

    claims = f.List(f.Nested(CenterClaim), required=True)
    amount = f.Integer(required=True, metadata={"description": "whole yen, all claims"})
    attendances = f.List(f.Nested(AttendanceResult), required=True)
    flags = f.List(f.Nested(responses.Flag), required=True)
    rules_version = f.String(required=True)


def _duplicates(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """One error per attendance repeating an earlier user+center+day (never paid twice)."""
    first: dict[tuple[str, str, date], int] = {}
    errors = []
    for i, row in enumerate(rows):
        key = (row["user_id"], row["center_id"], row["date"])
        if key in first:
            errors.append(field_error(f"attendances[{i}]", encode("duplicate_attendance",
                                                                  first=f"attendances[{first[key]}]")))
        else:
            first[key] = i
    return errors


@blp.post("/monthly")
@blp.arguments(requests.ActivityMonthly, example={
    "centers": [{"center_id": "K1", "center_type": "II"}],
    "attendances": [{"user_id": "V1", "center_id": "K1", "date": "2024-05-07", "bath": True, "one_way_trips": 2},
                    {"user_id": "V2", "center_id": "K1", "date": "2024-05-08"}]})
@blp.response(200, MonthlyClaims)
def monthly(body: dict[str, Any]) -> Any:
    """Each center's claim per month: the sum of its attendances' day amounts.

    One attendance per user, center and day: a repeat is a 422 naming both rows, never a double
    payment. The same user at two centers on one day is paid at both and flagged.
    """
    types: dict[str, str] = {}
    errors = []
    for i, c in enumerate(body["centers"]):
        if c["center_id"] in types:
            errors.append(field_error(f"centers[{i}].center_id", encode("duplicate_center")))
            continue
        try:
            types[c["center_id"]] = activity_center.center_type(c["center_type"])
        except InputError as err:  # the library names what it expected
            errors.append({"field": f"centers[{i}].center_type", "code": "invalid_input",
                           "message_en": str(err), "message_ja": "センター類型は Ⅰ・Ⅱ・Ⅲ のいずれかです"})
    rows = body["attendances"]
    errors += [field_error(f"attendances[{i}].center_id", encode("unknown_center"))
               for i, r in enumerate(rows) if r["center_id"] not in types]
    errors += _duplicates(rows)
    if errors:
        raise Problem(422, "invalid_input", "; ".join(f"{e['field']}: {e['message_en']}" for e in errors), errors)
    out: list[dict[str, Any]] = []
    totals: defaultdict[tuple[str, str], int] = defaultdict(int)
    days: defaultdict[tuple[str, str], int] = defaultdict(int)
    centers_of_day: dict[tuple[str, date], set[str]] = defaultdict(set)
    for i, r in enumerate(rows):
        calc = call(activity_center.daily_amount,
                    {"on": f"attendances[{i}].date", "one_way_trips": f"attendances[{i}].one_way_trips",
                     "bath": f"attendances[{i}].bath"},
                    center_type=types[r["center_id"]], on=r["date"], bath=r["bath"],
                    one_way_trips=r["one_way_trips"])
        key = (r["center_id"], f"{r['date']:%Y-%m}")
        totals[key] += calc.amount
        days[key] += 1
        centers_of_day[(r["user_id"], r["date"])].add(r["center_id"])
        out.append({"index": i, "center_id": r["center_id"], "user_id": r["user_id"], "calculation": to_dict(calc)})
    flags = [
        {"code": "same_user_two_centers",
         "reason_ja": f"利用者 {user} が {day} に複数のセンター（{'、'.join(sorted(cs))}）を利用：いずれも支給",
         "reason_en": f"user {user} attended {len(cs)} centers on {day} ({', '.join(sorted(cs))}): each is paid",
         "yen_at_stake": None}
        for (user, day), cs in sorted(centers_of_day.items()) if len(cs) > 1
    ]
    claims = [{"center_id": c, "center_type": types[c], "month": m, "user_days": days[(c, m)], "amount": amt}
              for (c, m), amt in sorted(totals.items())]
    return {"claims": claims, "amount": sum(totals.values()), "attendances": out, "flags": flags,
            "rules_version": rules().version}
