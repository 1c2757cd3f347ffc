"""POST /v1/activity-center/daily and /monthly: 地域活動支援センター事業."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from marshmallow import fields as f

from kanoya_benefits import activity_center, to_dict
from kanoya_benefits.batch import attendance
from kanoya_benefits.batch.common import RowError
from kanoya_benefits.registry import calculator
from kanoya_benefits.tabular import ATTENDANCE, CENTERS, Records
from kanoya_benefits.textforms import parse_id

from .calls import call, describe
from .fields import BaseSchema
from .messages import encode
from .parsing import Blueprint
from .problems import from_rows
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


class CenterMonth(BaseSchema):
    """One center's claim for one month (the library's CenterMonth): counts, line items adding up to the amount."""

    center_id = f.String(required=True)
    month = f.String(required=True, metadata={"format": "date", "description": "the month's first day",
                                              "example": "2024-05-01"})
    center_types = f.List(f.String(metadata={"enum": list(activity_center.CENTER_TYPES)}), required=True,
                          metadata={"description": "the center's types that month (more than one if it changed)"})
    user_days = f.Integer(required=True)
    baths = f.Integer(required=True)
    one_way_trips = f.Integer(required=True)
    amount = f.Integer(required=True, metadata={"description": "whole yen"})
    line_items = f.List(f.Nested(responses.LineItem), required=True)
    flags = f.List(f.Nested(responses.Flag), required=True,
                   metadata={"description": "same_user_two_centers: a user at two centers on one day (both paid)"})
    notes = f.List(f.Nested(responses.Note), required=True)


class MonthlyClaims(BaseSchema):
    """Every center's monthly claim from a list of attendances (the library's activity-center batch)."""

    claims = f.List(f.Nested(CenterMonth), required=True)
    total = f.Integer(required=True, metadata={"description": "whole yen, all claims"})
    rules_version = f.String(required=True)


@blp.post("/monthly")
@blp.arguments(requests.ActivityMonthly, example={
    "centers": [{"center_id": "K1", "center_type": "II"}],
    "attendances": [{"user_id": "V1", "center_id": "K1", "date": "2024-05-07", "bath": True, "one_way_trips": 2},
                    {"user_id": "V2", "center_id": "K1", "date": "2024-05-08"}]})
@blp.response(200, MonthlyClaims)
def monthly(body: dict[str, Any]) -> Any:
    """Each center's claim per month, by the same rules as the attendance batch (RULES.md §3).

    One attendance per user, center and day: a repeat is a 422 naming it and the first row, never a
    double payment. The same user at two centers on one day is paid at both and flagged.
    """
    centers = Records("centers", CENTERS, [{"center_id": c["center_id"], "type": c["center_type"],
                                            "effective_from": c["effective_from"]} for c in body["centers"]])
    rows = body["attendances"]
    batch = call(attendance.run, None, [Records("attendances", ATTENDANCE, rows)], centers=[centers],
                 fiscal_year=None)
    if batch.errors:
        raise from_rows(batch.errors, _known(rows, batch.errors), {"type": "center_type"})
    return {"claims": to_dict(batch.claims), "total": batch.total, "rules_version": batch.rules_version}


def _known(rows: list[dict[str, Any]], errors: tuple[RowError, ...]) -> Callable[[RowError], tuple[str, str] | None]:
    """The batch's errors that have their own API code; a repeat names the row that was counted."""
    first: dict[tuple[str, str, date], int] = {}
    failed = {e.line for e in errors if e.file == "attendances"}
    if any(e.expected.startswith(attendance.DUPLICATE) for e in errors):
        for i, r in enumerate(rows):
            if i not in failed:
                first.setdefault((parse_id(r["user_id"], "user_id"), parse_id(r["center_id"], "center_id"),
                                  r["date"]), i)

    def known(e: RowError) -> tuple[str, str] | None:
        if e.expected.startswith(attendance.DUPLICATE):
            r = rows[e.line]
            was = first.get((parse_id(r["user_id"], "user_id"), parse_id(r["center_id"], "center_id"), r["date"]))
            return e.column, encode("duplicate_attendance", first=f"attendances[{was}]")
        if e.expected == attendance.UNKNOWN_CENTER:
            return e.column, encode("unknown_center")
        if e.expected.startswith(attendance.CENTER_TWICE):
            return "center_id", encode("duplicate_center")
        return None

    return known
