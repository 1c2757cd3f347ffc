"""POST /v1/salon/roster: a roster → every group's enrollment grant, by the library's salon batch rules.

Each join of the fiscal year is classified (first-time / additional / not new) by
``kanoya_benefits.batch.salon_roster.classify``; readings the manual is silent on are
flagged with their reason and the yen at stake. ``line`` in the response is the
row's index in ``members``.
"""

from __future__ import annotations

from typing import Any

import attrs
from marshmallow import fields as f

from kanoya_benefits import salon, to_dict
from kanoya_benefits.batch import salon_roster
from kanoya_benefits.fiscal import fiscal_year_end, fiscal_year_start
from kanoya_benefits.textforms import natural_key

from .calls import call, rules
from .fields import BaseSchema
from .messages import encode
from .parsing import Blueprint
from .problems import Problem, field_error
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
    """Classify every join of the fiscal year and compute each group's grant (RULES.md §1)."""
    fy = body["fiscal_year"]
    call(lambda *, rules: rules.at(fiscal_year_start(fy), field="fiscal_year"))  # a year without rules: 422
    end = fiscal_year_end(fy)
    errors = [
        field_error(f"members[{i}].left_on", encode("left_before_joined"))
        for i, m in enumerate(body["members"]) if m["left_on"] is not None and m["left_on"] < m["joined_on"]
    ]
    if errors:
        raise Problem(422, "invalid_input", "; ".join(f"{e['field']}: {e['message_en']}" for e in errors), errors)
    used, out = [], []
    for i, m in enumerate(body["members"]):
        if m["joined_on"] > end:
            out.append({"line": i, "person_id": m["person_id"], "group_id": m["group_id"],
                        "reason_ja": f"加入日が{fy}年度より後", "reason_en": f"joined after fiscal year {fy}"})
            continue
        used.append(salon_roster.Membership(m["person_id"], m["group_id"], m["joined_on"], m["left_on"],
                                            "request", i))
    members, warnings = call(salon_roster.classify, None, used, fy)
    on = fiscal_year_start(fy)
    groups = []
    # Per group as the batch does it (salon_roster.run reads files; this is the same loop on a request).
    for group_id in sorted(members, key=natural_key):
        joins = sorted(members[group_id], key=lambda j: (j.classification == salon_roster.HISTORY, j.joined_on,
                                                          natural_key(j.person_id), j.line))
        n_first = sum(1 for j in joins if j.classification == salon_roster.FIRST_TIME)
        n_add = sum(1 for j in joins if j.classification == salon_roster.ADDITIONAL)
        calc = call(salon.enrollment_grant, None, first_time=n_first, additional=n_add, on=on)
        flags = tuple(flag for j in joins for flag in j.flags)
        if flags:
            calc = attrs.evolve(calc, flags=calc.flags + flags)
        groups.append({"group_id": group_id, "first_time": n_first, "additional": n_add,
                       "members": [to_dict(j) for j in joins], "grant": to_dict(calc)})
    return {"fiscal_year": fy, "groups": groups, "total": sum(g["grant"]["amount"] for g in groups),
            "out_of_scope": out, "warnings": to_dict(warnings), "rules_version": rules().version}
