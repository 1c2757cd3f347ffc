"""Response schemas: the shape of ``kanoya_benefits.to_dict(result)``, for the OpenAPI document.

Views return ``to_dict(result)`` and these schemas dump it unchanged (dates are
already ISO text there), so the API's content is the library's result: a test
asserts they are identical, which also fails if a field is missing here.
"""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f

DATE = {"format": "date"}
YEN = {"description": "whole yen"}


class LineItem(ma.Schema):
    """One line of working: quantity × unit amount = subtotal, with its citation."""

    label_ja = f.String(required=True)
    label_en = f.String(required=True)
    quantity = f.Integer(required=True)
    unit_amount = f.Integer(required=True, metadata=YEN)
    subtotal = f.Integer(required=True, metadata=YEN)
    citation = f.String(required=True, metadata={"description": "the manual's section (実施マニュアル)"})
    parameter = f.String(allow_none=True, required=True, metadata={"description": "the rule parameter used"})


class CapApplied(ma.Schema):
    """A cap that lowered an amount."""

    parameter = f.String(required=True)
    label_ja = f.String(required=True)
    label_en = f.String(required=True)
    cap = f.Integer(required=True, metadata=YEN)
    uncapped = f.Integer(required=True, metadata=YEN)
    capped = f.Integer(required=True, metadata=YEN)


class Flag(ma.Schema):
    """Something staff should review, with the reason and any yen at stake."""

    code = f.String(required=True)
    reason_ja = f.String(required=True)
    reason_en = f.String(required=True)
    yen_at_stake = f.Integer(allow_none=True, required=True)


class Note(ma.Schema):
    """A figure or reading that is an interpretation or assumed, and what it says."""

    parameter = f.String(required=True)
    status = f.String(required=True, metadata={"enum": ["interpretation", "assumed"]})
    text_ja = f.String(required=True)
    text_en = f.String(required=True)


class Calculation(ma.Schema):
    """One computed amount in whole yen and its working."""

    programme = f.String(required=True)
    amount = f.Integer(required=True, metadata=YEN)
    on = f.String(required=True, metadata={**DATE, "description": "the day whose rules were used"})
    line_items = f.List(f.Nested(LineItem), required=True)
    rules_version = f.String(required=True)
    caps = f.List(f.Nested(CapApplied), required=True)
    flags = f.List(f.Nested(Flag), required=True)
    notes = f.List(f.Nested(Note), required=True)
    fiscal_year = f.Integer(allow_none=True, required=True)


class AnnualSchedule(ma.Schema):
    """Twelve monthly calculations of a fiscal year and their total."""

    programme = f.String(required=True)
    fiscal_year = f.Integer(required=True)
    amount = f.Integer(required=True, metadata=YEN)
    months = f.List(f.Nested(Calculation), required=True)
    line_items = f.List(f.Nested(LineItem), required=True)
    rules_version = f.String(required=True)
    flags = f.List(f.Nested(Flag), required=True)
    notes = f.List(f.Nested(Note), required=True)


class ActivityCount(ma.Schema):
    """How often one catalogue activity counted, and its points."""

    activity_id = f.String(required=True)
    kind = f.String(required=True)
    points_each = f.Integer(required=True)
    times = f.Integer(required=True)
    points = f.Integer(required=True)


class PointsTally(ma.Schema):
    """A person's stamps for a fiscal year, totalled and converted."""

    fiscal_year = f.Integer(required=True)
    points = f.Integer(required=True)
    activities = f.List(f.Nested(ActivityCount), required=True)
    repeats_dropped = f.Integer(required=True)
    points_cut_by_daily_cap = f.Integer(required=True)
    out_of_scope = f.List(f.Tuple((f.String(), f.String(metadata=DATE))), required=True,
                          metadata={"description": "stamps [activity_id, date] outside the fiscal year: not counted"})
    conversion = f.Nested(Calculation, required=True)


class FieldError(ma.Schema):
    """One invalid field of a request."""

    field = f.String(required=True,
                     metadata={"description": "JSON path into the request body, e.g. attendances[2].bath"})
    code = f.String(required=True)
    message_en = f.String(required=True)
    message_ja = f.String(required=True)


class ProblemSchema(ma.Schema):
    """RFC 7807 problem details (application/problem+json): every error of the API."""

    type = f.String(required=True)
    title = f.String(required=True)
    title_ja = f.String(required=True)
    status = f.Integer(required=True)
    detail = f.String(required=True)
    code = f.String(required=True, metadata={"description": "machine-readable error code"})
    errors = f.List(f.Nested(FieldError), required=True)
