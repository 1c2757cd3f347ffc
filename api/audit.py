"""POST /v1/audit and POST /v1/compare: auditors' case files and reform overlays, sent as text.

A thin layer over :mod:`kanoya_benefits.audit`: the body carries the case file's
text (YAML or CSV) and, for compare, the reform overlay's text; the response is
the library's result through ``kanoya_benefits.converter``. Malformed cases are
errored results with their line (the other cases still run); a malformed overlay
is a 422 naming the field.
"""

from __future__ import annotations

import logging
from typing import Any

import marshmallow as ma
from flask import jsonify

from kanoya_benefits import RulesDataError, RuleSet, converter
from kanoya_benefits.audit import CaseBook, compare_cases, parse_case_text, run_cases
from kanoya_benefits.rules import apply_overlay, read_yaml

from .calls import rules
from .fields import BaseSchema, Text
from .messages import encode
from .parsing import Blueprint
from .problems import Problem

blp = Blueprint("audit", __name__, url_prefix="/v1",
                description="監査ケースと改正案の比較 / Auditors' cases and reform comparisons")

log = logging.getLogger("kanoya_benefits_api")

TOO_LONG = "the text holds a number too long to read (over 4,300 digits)"
_TEXT_ERRORS: dict[str, Any] = {"required": encode("required"), "null": encode("null"), "invalid": encode("not_string")}
_EXAMPLE = ("- name: 7 first-time and 3 additional members earn 34,000\n  programme: salon\n  on: 2024-06-01\n"
            "  inputs: {first_time: 7, additional: 3}\n  expect: {amount: 34000}\n")
_OVERLAY = ("kind: overlay\nparameters:\n  activity_center.daily_rate_type_i:\n    values:\n"
            "      2025-04-01: 2300\n")


class AuditRequest(BaseSchema):
    """Case-file text to run on the server's rules (optionally with an overlay on top)."""

    cases = ma.fields.String(required=True, error_messages=_TEXT_ERRORS,
                             metadata={"description": "the case file's text (YAML, or CSV with format: csv)"})
    format = ma.fields.String(load_default="yaml", validate=ma.validate.OneOf(["yaml", "csv"], error=encode("invalid")),
                              error_messages=_TEXT_ERRORS, metadata={"description": "yaml (default) or csv"})
    file = Text(load_default="request", metadata={"description": "a name for the file in messages"})
    overlay = ma.fields.String(error_messages=_TEXT_ERRORS,
                               metadata={"description": "an overlay's text (kind: overlay) applied on the rules"})


class CompareRequest(AuditRequest):
    """Case-file text run under the server's rules and under a reform overlay."""

    reform = ma.fields.String(required=True, error_messages=_TEXT_ERRORS,
                              metadata={"description": "the reform overlay's text (kind: overlay)"})


def _with_overlay(base: RuleSet, text: str, field: str) -> RuleSet:
    """The rules with an overlay's text applied; any problem is a 422 naming the field."""
    try:
        return apply_overlay(base, read_yaml(text, field), field, text.encode("utf-8"))
    except Exception as err:  # a client's overlay must never become a 500, nor show Python's own words
        if isinstance(err, RulesDataError):
            said = f"{err.key}: {err.problem}"
        elif isinstance(err, ValueError):  # PyYAML turning a number of over 4,300 digits into an int
            said = TOO_LONG
        else:
            log.warning("overlay not readable: %r", err)
            said = "the text could not be read as an overlay"
        where = f"（該当箇所: {err.key}）" if isinstance(err, RulesDataError) else ""
        entry = {"field": field, "code": "invalid_overlay", "message_en": said,
                 "message_ja": f"差分ファイル（overlay）が正しくありません{where}"}
        raise Problem(422, "invalid_overlay", f"{field}: {said}", [entry]) from None


def _book(body: dict[str, Any]) -> CaseBook:
    try:
        cases, problems = parse_case_text(body["cases"], body["file"], body["format"])
    except ValueError:  # PyYAML turning a number of over 4,300 digits into an int (the library lets it through)
        entry = {"field": "cases", "code": "malformed_cases", "message_en": TOO_LONG,
                 "message_ja": "ケースファイルに長すぎて読めない数値があります（4,300 桁超）"}
        raise Problem(422, "malformed_cases", f"cases: {TOO_LONG}", [entry]) from None
    return CaseBook(tuple(cases), tuple(problems), (body["file"],))


@blp.post("/audit")
@blp.arguments(AuditRequest, example={"cases": _EXAMPLE})
@blp.response(200, {"type": "object"}, description="the audit run: every case's status, mismatches and working")
def audit(body: dict[str, Any]) -> Any:
    """Run auditors' cases and check every expected field (passed / failed / errored, with the working)."""
    base = rules()
    if "overlay" in body:
        base = _with_overlay(base, body["overlay"], "overlay")
    return jsonify(converter.unstructure(run_cases(_book(body), base)))


@blp.post("/compare")
@blp.arguments(CompareRequest, example={"cases": _EXAMPLE, "reform": _OVERLAY})
@blp.response(200, {"type": "object"},
              description="per case old yen, new yen and difference; budget impact per programme and fiscal year")
def compare(body: dict[str, Any]) -> Any:
    """Run the same cases under the current rules and a reform; the differences and the budget impact."""
    base = rules()
    if "overlay" in body:
        base = _with_overlay(base, body["overlay"], "overlay")
    reform = _with_overlay(base, body["reform"], "reform")
    book = _book(body)
    return jsonify({"comparison": converter.unstructure(compare_cases(book, base, reform)),
                    "input_problems": converter.unstructure(book.problems)})
