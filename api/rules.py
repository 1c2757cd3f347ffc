"""GET /v1/rules and /v1/rules/<name>: every rule parameter, its history, status and citation."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import attrs
from marshmallow import fields as f

from kanoya_benefits import UnknownParameterError
from kanoya_benefits.rules import Activity, Entry, Parameter

from .calls import call, rules
from .fields import BaseSchema
from .parsing import Blueprint
from .problems import Problem
from .schemas import requests

blp = Blueprint("rules", __name__, url_prefix="/v1/rules",
                description="規則データ（効力発生日付き） / Rules data with effective dates")


def jsonable(value: Any) -> Any:
    """A rule value as JSON: ratios as text '1/2', catalogue entries as objects, ranges as [min, max]."""
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, Activity):
        return attrs.asdict(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    return value


def _entry(e: Entry) -> dict[str, Any]:
    note = {"ja": e.note_ja, "en": e.note_en} if e.note_ja else None
    return {"effective": e.effective.isoformat(), "value": jsonable(e.value), "status": e.status,
            "citation": e.reference, "note": note}


def _parameter(p: Parameter, on: date | None) -> dict[str, Any]:
    out = {
        "name": p.name,
        "description": {"ja": p.description_ja, "en": p.description_en},
        "unit": p.unit,
        "status": p.entries[-1].status,
        "citation": p.entries[-1].reference,
        "interpretation": {"ja": p.interpretation_ja, "en": p.interpretation_en} if p.interpretation_ja else None,
        "choices": list(p.choices) if p.choices else None,
        "history": [_entry(e) for e in p.entries],
    }
    if on is not None:
        entry = p.entry_on(on)
        out["in_force"] = _entry(entry) if entry else None
    return out


class Text2(BaseSchema):
    """Text in Japanese and English."""

    ja = f.String(required=True)
    en = f.String(required=True)


class EntrySchema(BaseSchema):
    """One dated value."""

    effective = f.String(required=True, metadata={"format": "date"})
    value = f.Raw(required=True, allow_none=True, metadata={"description": "yen/count as integers, ratios as "
                                                                             "'1/2', switches as text"})
    status = f.String(required=True, metadata={"enum": ["stated", "interpretation", "assumed"]})
    citation = f.String(required=True)
    note = f.Nested(Text2, allow_none=True, required=True)


class ParameterSchema(BaseSchema):
    """One rule parameter with its history (and the value in force on ``on`` if asked)."""

    name = f.String(required=True)
    description = f.Nested(Text2, required=True)
    unit = f.String(required=True)
    status = f.String(required=True)
    citation = f.String(required=True)
    interpretation = f.Nested(Text2, allow_none=True, required=True)
    choices = f.List(f.String(), allow_none=True, required=True)
    history = f.List(f.Nested(EntrySchema), required=True)
    in_force = f.Nested(EntrySchema, allow_none=True)


class RulesListing(BaseSchema):
    """Every parameter of the rule set the server uses."""

    rules_version = f.String(required=True)
    start = f.String(required=True, metadata={"format": "date", "description": "the first day any rule is in force"})
    on = f.String(allow_none=True, required=True, metadata={"format": "date"})
    parameters = f.List(f.Nested(ParameterSchema), required=True)


def _check_on(on: date | None) -> None:
    if on is not None:
        call(lambda *, rules: rules.at(on), {"on": "on"})  # before the rules start: 422


@blp.get("")
@blp.arguments(requests.RulesQuery, location="query")
@blp.response(200, RulesListing)
def listing(query: dict[str, Any]) -> Any:
    """Every parameter: description (ja/en), unit, status, citation and history; ``?on=DATE`` adds the
    entry in force that day."""
    on = query.get("on")
    _check_on(on)
    rs = rules()
    return {"rules_version": rs.version, "start": rs.start.isoformat(), "on": on.isoformat() if on else None,
            "parameters": [_parameter(p, on) for p in rs.parameters.values()]}


@blp.get("/<string:name>")
@blp.arguments(requests.RulesQuery, location="query")
@blp.response(200, ParameterSchema)
def one(query: dict[str, Any], name: str) -> Any:
    """One parameter by its dotted name, e.g. ``salon.group_cap``."""
    on = query.get("on")
    _check_on(on)
    try:
        p = rules().parameter(name)
    except UnknownParameterError:
        raise Problem(404, "unknown_parameter", f"no rule parameter named {name!r}; GET /v1/rules lists them") from None
    return _parameter(p, on)
