"""POST /v1/salon/roster: a roster → every group's enrollment grant, by the library's salon batch rules.

The request's members are run through ``kanoya_benefits.batch.salon_roster.run`` as
in-memory rows: each join of the fiscal year is classified (first-time / additional /
not new) and each group's grant computed exactly as for a roster file; readings the manual is silent on are
flagged with their reason and the yen at stake. ``line`` in the response is the
row's index in ``members``.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields as f

from kanoya_benefits import to_dict
from kanoya_benefits.batch import salon_roster
from kanoya_benefits.batch.common import RowError
from kanoya_benefits.tabular import SALON_ROSTER, Records

from .calls import call
from .fields import BaseSchema
from .messages import encode
from .parsing import Blueprint
from .problems import from_rows
from .schemas import requests, responses

blp = Blueprint("salon-roster", __name__, url_prefix="/v1/salon",
                description="高齢者サロン等加入促進事業 名簿による判定 / Salon enrollment grant from a roster")


class MemberJoin(BaseSchema):
    """One membership as classified for the fiscal year."""

    person_id = f.String(required=True)
    joined_on = f.String(required=True, metadata={"format": "date"})
    left_on = f.String(required=True, allow_none=True, metadata={"format": "date"})
    classification = f.String(required=True, metadata={"enum": list(salon_roster.CLASS_LABELS)})
    rate = f.Integer(required=True, metadata={"description": "whole yen for this join"})
    line = f.Integer(required=True, metadata={"description": "index of the row in members"})
    flags = f.List(f.Nested(responses.Flag), required=True)
    classification_ja = f.String(required=True)
    classification_en = f.String(required=True)


class GroupGrant(BaseSchema):
    """One group's grant and how each of its members was classified."""

    group_id = f.String(required=True)
    first_time = f.Integer(required=True)
    additional = f.Integer(required=True)
    members = f.List(f.Nested(MemberJoin), required=True)
    grant = f.Nested(responses.Calculation, required=True)


class OutOfScope(BaseSchema):
    """A row that does not count for the fiscal year (reported, not lost)."""

    line = f.Integer(required=True)
    person_id = f.String(required=True)
    group_id = f.String(required=True)
    reason_ja = f.String(required=True)
    reason_en = f.String(required=True)


class RosterResult(BaseSchema):
    """Every group's grant for the fiscal year, the total, and every row accounted for."""

    fiscal_year = f.Integer(required=True)
    groups = f.List(f.Nested(GroupGrant), required=True)
    total = f.Integer(required=True, metadata={"description": "whole yen, all groups"})
    out_of_scope = f.List(f.Nested(OutOfScope), required=True)
    warnings = f.List(f.Nested(responses.Flag), required=True)
    rules_version = f.String(required=True)


@blp.post("/roster")
@blp.arguments(requests.SalonRoster, example={"fiscal_year": 2024, "members": [
    {"person_id": "A02", "group_id": "S2", "joined_on": "2021-05-01"},
    {"person_id": "A01", "group_id": "S1", "joined_on": "2024-04-15"},
    {"person_id": "A02", "group_id": "S1", "joined_on": "2024-06-01"}]})
@blp.response(200, RosterResult)
def roster(body: dict[str, Any]) -> Any:
    """Classify every join of the fiscal year and compute each group's grant (RULES.md §1), as the batch does."""
    fy, members = body["fiscal_year"], body["members"]
    batch = call(salon_roster.run, None, [Records("members", SALON_ROSTER, members)], fiscal_year=fy)
    if batch.errors:
        raise from_rows(batch.errors, _known)
    out = [{"line": o.line, "person_id": members[o.line]["person_id"], "group_id": members[o.line]["group_id"],
            "reason_ja": o.reason_ja, "reason_en": o.reason_en} for o in batch.out_of_scope]
    return {"fiscal_year": fy, "groups": to_dict(batch.groups), "total": batch.total, "out_of_scope": out,
            "warnings": to_dict(batch.warnings), "rules_version": batch.rules_version}


def _known(e: RowError) -> tuple[str, str] | None:
    """A membership ending before it starts keeps its API code."""
    if e.expected.startswith(salon_roster.LEFT_BEFORE_JOINED):
        return e.column, encode("left_before_joined")
    return None
