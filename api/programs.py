"""GET /v1/programs, GET /v1/programs/<id>, POST /v1/kpi/evaluation: the programme registry.

Everything comes from ``kanoya_benefits.registry`` (the shipped registry data): the
twelve programmes with their legal basis, 所管課 and run method, the calculators
registered to them with their inputs and rule parameters, the plans the manual
states, and the achievement of the evaluation indicators.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import current_app
from marshmallow import fields as f

from kanoya_benefits import InputError, registry
from kanoya_benefits.programmes import CATEGORIES, FIELDS, OPERATIONS

from .fields import BaseSchema, ByKey, Count
from .messages import encode
from .parsing import Blueprint
from .problems import Problem, from_library

blp = Blueprint("programs", __name__, url_prefix="/v1",
                description="事業レジストリ（12事業・計算・計画・評価指標） / The programme registry")


class RegistryText(ma.Schema):
    """Text in Japanese and English."""

    ja = f.String(required=True)
    en = f.String(required=True)


class LegalBasis(ma.Schema):
    """社会福祉法第106条の4第2項 第N号 (イ/ロ/ハ/ニ where the table gives one)."""

    items = f.List(f.Integer(), required=True, metadata={"description": "号: [1], or [5, 6] for 第5・6号"})
    sub_item = f.String(allow_none=True, required=True, metadata={"enum": ["イ", "ロ", "ハ", "ニ", None]})
    ja = f.String(required=True, metadata={"example": "社会福祉法第106条の4第2項第3号ハ"})
    en = f.String(required=True)


class ProgrammeSummary(ma.Schema):
    """One programme as listed: names, 区分, 分野, legal basis, 所管課・係, run method, computable."""

    id = f.String(required=True, metadata={"example": "community-activity-center"})
    name = f.Nested(RegistryText, required=True)
    category = f.String(required=True, metadata={"enum": list(CATEGORIES)})
    category_label = f.Nested(RegistryText, required=True, metadata={"description": "区分"})
    field = f.String(allow_none=True, required=True,
                     metadata={"enum": [*FIELDS, None],
                               "description": "分野; null for the three 多機関協働事業等 (分野を問わない)"})
    field_label = f.Nested(RegistryText, required=True)
    legal_basis = f.Nested(LegalBasis, required=True)
    department = f.Nested(RegistryText, required=True, metadata={"description": "所管課"})
    sections = f.List(f.Nested(RegistryText), required=True, metadata={"description": "係"})
    operation = f.String(required=True, metadata={"enum": list(OPERATIONS),
                                                  "description": "運営方法 of the programme's page"})
    operation_label = f.Nested(RegistryText, required=True)
    contractor = f.String(allow_none=True, required=True, metadata={"description": "委託先 as the manual names it"})
    computable = f.Boolean(required=True, metadata={"description": "a calculator is registered to it"})
    citation = f.String(required=True)


class ProgrammeListing(ma.Schema):
    """The twelve programmes of the manual."""

    registry_version = f.String(required=True)
    programmes = f.List(f.Nested(ProgrammeSummary), required=True)


class InputFieldSchema(ma.Schema):
    """One argument of a calculator (the library's keyword)."""

    name = f.String(required=True)
    type = f.String(required=True, metadata={"enum": ["integer", "string", "boolean"]})
    format = f.String(required=True, metadata={"description": "date, month, fiscal-year, yen, count, center-type, "
                                                              "flag"})
    description = f.Nested(RegistryText, required=True)
    required = f.Boolean(required=True)
    default = f.Raw(allow_none=True, required=True)
    minimum = f.Integer(allow_none=True, required=True)
    maximum_parameter = f.String(allow_none=True, required=True,
                                 metadata={"description": "the rule parameter that bounds the value"})
    choices = f.List(f.String(), allow_none=True, required=True)
    example = f.Raw(required=True)


class Endpoint(ma.Schema):
    """An HTTP endpoint of a calculator."""

    method = f.String(required=True, metadata={"example": "POST"})
    path = f.String(required=True, metadata={"example": "/v1/salon/grant"})


class CalculatorSchema(ma.Schema):
    """A calculator registered to a programme: what it computes, its inputs and the rules it reads."""

    id = f.String(required=True, metadata={"example": "activity_center.daily_amount"})
    programme_id = f.String(required=True)
    slug = f.String(required=True, metadata={"description": "the URL segment of its endpoints: /v1/<slug>/…"})
    name = f.Nested(RegistryText, required=True)
    computes = f.Nested(RegistryText, required=True)
    section = f.String(required=True)
    inputs = f.List(f.Nested(InputFieldSchema), required=True)
    parameters = f.List(f.String(), required=True, metadata={"description": "rule parameters: GET /v1/rules/<name>"})
    endpoints = f.List(f.Nested(Endpoint), required=True,
                       metadata={"description": "this API's endpoints for the calculator (their request bodies are "
                                                "in this document); ``inputs`` are the library's arguments"})


class ConsultationBody(ma.Schema):
    """A consultation body (相談支援機関)."""

    name = f.String(required=True)
    address = f.String(required=True)
    coverage = f.String(required=True, metadata={"description": "対象圏域"})
    setup = f.String(allow_none=True, required=True, metadata={"description": "設置形態"})
    operation = f.String(allow_none=True, required=True, metadata={"description": "運営形態"})
    remarks = f.String(allow_none=True, required=True, metadata={"description": "備考"})


class ProgrammeFacility(ma.Schema):
    """A facility (地域子育て支援拠点)."""

    number = f.Integer(required=True)
    name = f.String(required=True)
    operation = f.String(required=True, metadata={"enum": ["直営", "委託"]})
    operator = f.String(required=True)
    address = f.String(required=True)


class SubProjectRef(ma.Schema):
    """A sub-project listed under its programme."""

    id = f.String(required=True)
    number = f.Integer(required=True)
    name = f.Nested(RegistryText, required=True)
    citation = f.String(required=True)
    computable = f.Boolean(required=True)


class PlannedTotal(ma.Schema):
    """A planned total the manual states with its factors."""

    id = f.String(required=True)
    label = f.Nested(RegistryText, required=True)
    factors = f.List(f.Integer(), required=True)
    stated_total = f.Integer(required=True)
    unit = f.Nested(RegistryText, required=True)
    citation = f.String(required=True)


class PlanFigure(ma.Schema):
    """A single stated figure (staffing, limit, frequency)."""

    id = f.String(required=True)
    label = f.Nested(RegistryText, required=True)
    kind = f.String(required=True, metadata={"enum": ["exactly", "at_most", "about"]})
    value = f.Integer(required=True)
    unit = f.Nested(RegistryText, required=True)
    citation = f.String(required=True)


class ExpectedVolume(ma.Schema):
    """An expected volume (355 groups, 4,500 registrants)."""

    id = f.String(required=True)
    label = f.Nested(RegistryText, required=True)
    value = f.Integer(required=True)
    unit = f.Nested(RegistryText, required=True)
    citation = f.String(required=True)


class ProgrammeDetail(ProgrammeSummary):
    """Everything about a programme, or (kind = sub_project) one of its sub-projects."""

    kind = f.String(required=True, metadata={"enum": ["programme", "sub_project"]})
    # a sub-project has only id, kind, programme_id, number, name, purpose_ja, citation and the lists below
    category = f.String()
    category_label = f.Nested(RegistryText)
    field = f.String(allow_none=True)
    field_label = f.Nested(RegistryText)
    legal_basis = f.Nested(LegalBasis)
    department = f.Nested(RegistryText)
    sections = f.List(f.Nested(RegistryText))
    operation = f.String()
    operation_label = f.Nested(RegistryText)
    contractor = f.String(allow_none=True)
    computable = f.Boolean()
    national_name = f.Nested(RegistryText, metadata={"description": "［国］ the national programme's name"})
    contracted = f.Boolean(metadata={"description": "委託 有/無 of 「各事業の実施体制 ①」"})
    operation_diagram = f.String(metadata={"enum": list(OPERATIONS)})
    operation_diagram_label = f.Nested(RegistryText, metadata={"description": "the label of 「各事業の実施体制 ②」"})
    summary_ja = f.String()
    bodies = f.List(f.Nested(ConsultationBody))
    facilities = f.List(f.Nested(ProgrammeFacility))
    sub_projects = f.List(f.Nested(SubProjectRef))
    programme_id = f.String(metadata={"description": "sub-project: the programme it belongs to"})
    number = f.Integer()
    purpose_ja = f.String()
    calculators = f.List(f.Nested(CalculatorSchema), required=True)
    plans = f.List(f.Nested(PlannedTotal), required=True)
    figures = f.List(f.Nested(PlanFigure), required=True)
    expected_volumes = f.List(f.Nested(ExpectedVolume), required=True)


_INDICATORS = [i.id for i in registry.shipped_registry().indicators]


class KpiRequest(BaseSchema):
    """Actual figures of a year, by indicator id."""

    actuals = ByKey(keys=f.String(), values=Count(), required=True,
                     error_messages={"required": encode("required"), "null": encode("null"),
                                     "invalid": encode("not_object")},
                     metadata={"description": f"indicator id → actual whole number; ids: {', '.join(_INDICATORS)}",
                               "example": {"multi-agency-consultations": 50, "support-meetings": 12}})


class KpiResult(ma.Schema):
    """One indicator's achievement."""

    indicator = f.String(required=True)
    label = f.Nested(RegistryText, required=True)
    target = f.Integer(required=True)
    actual = f.Integer(required=True)
    ratio = f.String(required=True, metadata={"description": "exact ratio actual/target as text, e.g. '5/6'"})
    ratio_numerator = f.Integer(required=True)
    ratio_denominator = f.Integer(required=True)
    percent = f.String(required=True, metadata={"description": "cut (not rounded) to one decimal", "example": "83.3%"})
    achieved = f.Boolean(required=True)
    citation = f.String(required=True)


class KpiEvaluation(ma.Schema):
    """Achievement of the indicators given; the others are listed as not given."""

    results = f.List(f.Nested(KpiResult), required=True)
    not_given = f.List(f.String(), required=True)


@blp.get("/programs")
@blp.response(200, ProgrammeListing)
def listing() -> Any:
    """The twelve programmes: names (ja/en), 区分, 分野, legal basis, 所管課・係, run method, computable."""
    reg = registry.shipped_registry()
    return {"registry_version": reg.version,
            "programmes": [registry.programme_summary(p, reg) for p in reg.programmes]}


@blp.get("/programs/<string:programme_id>")
@blp.response(200, ProgrammeDetail)
def one(programme_id: str) -> Any:
    """One programme (or sub-project, e.g. ``salon-enrollment-promotion``): consultation bodies, facilities,
    sub-projects, the calculators registered with their inputs and rule parameters, plans and volumes."""
    try:
        detail = registry.programme_detail(programme_id)
    except registry.UnknownProgrammeError:
        raise Problem(404, "unknown_programme",
                      f"no programme or sub-project {programme_id!r}; GET /v1/programs lists them") from None
    for calc in detail["calculators"]:
        calc["endpoints"] = _endpoints(calc["slug"])
    return detail


def _endpoints(slug: str) -> list[dict[str, str]]:
    """The routes of the blueprint named by a calculator's slug (the calculator blueprints use it as their name)."""
    out = []
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.partition(".")[0] == slug:
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                out.append({"method": method, "path": rule.rule})
    return out


@blp.post("/kpi/evaluation")
@blp.arguments(KpiRequest, example={"actuals": {"multi-agency-consultations": 50, "support-meetings": 12}})
@blp.response(200, KpiEvaluation)
def kpi_evaluation(body: dict[str, Any]) -> Any:
    """Achievement ratios (actual / target, exact) of the evaluation indicators (事業の評価指標)."""
    try:
        return registry.kpi_dict(registry.evaluate_kpis(body["actuals"]))
    except InputError as err:
        raise from_library(err) from None
