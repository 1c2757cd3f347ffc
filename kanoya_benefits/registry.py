"""The programme registry: every programme of the manual and its calculators.

Registration is explicit and lives here only; the API and CLI take programme
ids, names and calculators from this module instead of declaring them again.

The programmes, plans and targets are data (``registry_data/*.yaml``), validated
at load like the rules data: errors name the file and key. The calculators are
code, registered below with what a client needs to call them: their inputs
(names, types, descriptions, constraints, examples) and the rule parameters they
read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from . import activity_center, mutual_aid, points, salon
from ._registry_checks import Text
from .errors import InputError, RulesDataError
from .kpi import Indicator, KpiEvaluation, evaluate, parse_targets
from .plans import ManualCheck, Plans, check_products, parse_plans
from .programmes import Programme, SubProject, parse_programmes
from .rules import read_yaml

SHIPPED_DIR = Path(__file__).parent / "registry_data"
FILES = ("programmes.yaml", "plans.yaml", "targets.yaml")


# -- Calculators -------------------------------------------------------------------------------


@attrs.frozen
class InputField:
    """One argument of a calculator, described for a client (form, API, CLI).

    ``type`` is a JSON type (integer, string, boolean); ``format`` says more
    (date, month = a date on day 1, fiscal-year, yen, count, center-type).
    ``maximum_parameter`` names a rule parameter that bounds the value.
    """

    name: str
    type: str
    format: str
    description: Text
    example: Any
    required: bool = True
    default: Any = None
    minimum: int | None = None
    maximum_parameter: str | None = None
    choices: tuple[str, ...] | None = None


def _count(name: str, ja: str, en: str, example: int, **kw: Any) -> InputField:
    return InputField(name, "integer", "count", Text(ja, en), example, minimum=0, **kw)


def _yen(name: str, ja: str, en: str, example: int) -> InputField:
    return InputField(name, "integer", "yen", Text(ja, en), example, required=False, default=0, minimum=0)


def _day(name: str, ja: str, en: str, example: str, fmt: str = "date") -> InputField:
    return InputField(name, "string", fmt, Text(ja, en), example)


@attrs.frozen
class Calculator:
    """A money rule that can be computed, registered to its programme."""

    id: str
    programme_id: str
    slug: str
    name_ja: str
    name_en: str
    function: Callable[..., Any]
    rule_prefix: str
    inputs: tuple[InputField, ...] = attrs.field(default=(), kw_only=True)
    parameters: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    computes: Text = attrs.field(default=Text("", ""), kw_only=True)
    section: str = attrs.field(default="", kw_only=True)


CALCULATORS: tuple[Calculator, ...] = (
    Calculator("salon.enrollment_grant", "salon-enrollment-promotion", "salon",
               "高齢者サロン等加入促進事業 助成金", "Salon enrollment grant",
               salon.enrollment_grant, "salon.",
               computes=Text("1グループ・1年度の助成金額", "one group's grant for a fiscal year"),
               section="RULES.md §1",
               inputs=(
                   _count("first_time", "前年度までに他のグループに属していない新規加入者の数",
                          "new members who belonged to no other group up to the previous fiscal year", 7),
                   _count("additional", "既にグループに属する者で他のグループに新規加入した者の数",
                          "new members who already belonged to another group", 3),
                   _day("on", "対象年度内の日付（年度を特定する）", "a date in the fiscal year (names the year)",
                        "2024-06-01"),
               ),
               parameters=(salon.FIRST, salon.ADDITIONAL, salon.CAP)),
    Calculator("mutual_aid.monthly_subsidy", "mutual-aid-support", "mutual-aid",
               "住民主体による高齢者助け合い応援事業 補助金", "Mutual-aid monthly subsidy",
               mutual_aid.monthly_subsidy, "mutual_aid.",
               computes=Text("1団体・1か月の補助金額", "one group's subsidy for one month"),
               section="RULES.md §2",
               inputs=(
                   _day("first_subsidized_month", "最初に補助を受けた月（1日の日付）",
                        "the first subsidized month (a date on day 1)", "2024-04-01", "month"),
                   _day("month", "補助する月（1日の日付、2024-04以降）", "the month paid (a date on day 1, 2024-04 on)",
                        "2024-05-01", "month"),
                   _yen("rent_cost", "その月の賃借料（対象経費）", "that month's eligible rent", 15001),
                   _yen("challenge_cost", "その月の地域課題チャレンジの対象経費",
                        "that month's eligible challenge cost", 6000),
               ),
               parameters=(*mutual_aid.BASE.values(), mutual_aid.SHARE, mutual_aid.RENT_CAP,
                           mutual_aid.CHALLENGE_CAP, mutual_aid.COUNTING, mutual_aid.ROUNDING,
                           mutual_aid.WHOLE_MONTHS)),
    Calculator("activity_center.daily_amount", "community-activity-center", "activity-center",
               "地域活動支援センター事業 日額", "Activity-center daily amount",
               activity_center.daily_amount, "activity_center.",
               computes=Text("利用者1人・1日の金額", "one user's day at a center"),
               section="RULES.md §3",
               inputs=(
                   InputField("center_type", "string", "center-type", Text("センターの類型（Ⅰ・Ⅱ・Ⅲ型）",
                              "the center's type (I, II, III; also 1–3, Ⅰ–Ⅲ, Ⅰ型)"), "I",
                              choices=activity_center.CENTER_TYPES),
                   _day("on", "利用日", "the day attended", "2024-05-07"),
                   InputField("bath", "boolean", "flag", Text("入浴サービスの利用", "bath service used"), True,
                              required=False, default=False),
                   _count("one_way_trips", "送迎の片道回数", "one-way transport trips", 2, required=False, default=0,
                          maximum_parameter=activity_center.MAX_TRIPS),
               ),
               parameters=(*activity_center.RATE.values(), activity_center.BATH, activity_center.TRIP,
                           activity_center.MAX_TRIPS)),
    Calculator("points.conversion", "genki-up-points", "points",
               "高齢者元気度アップポイント事業 転換交付金", "Points conversion",
               points.convert, "points.",
               computes=Text("1人・1年度のポイントの転換交付金（仮定値）",
                             "one person's points of a fiscal year in yen (assumed figures)"),
               section="RULES.md §4",
               inputs=(
                   _count("points", "年度内のポイント数", "points earned in the fiscal year", 37),
                   InputField("fiscal_year", "integer", "fiscal-year", Text("年度（2024 = 令和6年度）",
                              "fiscal year (2024 = 令和6年度)"), 2024, minimum=2024),
               ),
               parameters=(points.RATE, points.YEARLY_CAP)),
)


class UnknownCalculatorError(InputError, KeyError):
    """A calculator was asked for by an id or slug that is not registered."""

    code = "unknown_calculator"

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownProgrammeError(InputError):
    """A programme (or sub-project) was asked for by an id the registry does not have."""

    code = "unknown_programme"


def calculator(calculator_id: str) -> Calculator:
    """One calculator by id, e.g. 'salon.enrollment_grant', or by slug ('salon')."""
    for c in CALCULATORS:
        if c.id == calculator_id or c.slug == calculator_id:
            return c
    raise UnknownCalculatorError("calculator", f"one of {[c.id for c in CALCULATORS]}", calculator_id)


# -- The registry data -------------------------------------------------------------------------


@attrs.frozen
class Registry:
    """Programmes, plans and targets loaded from one directory, with a content hash."""

    programmes: tuple[Programme, ...]
    plans: Plans
    indicators: tuple[Indicator, ...]
    source: str
    version: str

    def entry(self, entry_id: str) -> Programme | SubProject:
        """A programme or a sub-project by id."""
        for p in self.programmes:
            if p.id == entry_id:
                return p
            for s in p.sub_projects:
                if s.id == entry_id:
                    return s
        raise UnknownProgrammeError("programme_id", f"one of {list(self.ids())}", entry_id)

    def ids(self) -> tuple[str, ...]:
        """Every programme and sub-project id."""
        return tuple(i for p in self.programmes for i in (p.id, *(s.id for s in p.sub_projects)))


def load_registry(directory: str | Path | None = None) -> Registry:
    """Load and validate ``programmes.yaml``, ``plans.yaml`` and ``targets.yaml`` of a directory."""
    root = SHIPPED_DIR if directory is None else Path(directory)
    if not root.is_dir():
        raise RulesDataError(str(root), "(directory)", "not a directory of registry data")
    parsed: dict[str, Any] = {}
    digest = hashlib.sha256()
    for name in FILES:
        path = root / name
        if not path.is_file():
            raise RulesDataError(str(path), "(file)", "missing from the registry directory")
        raw = path.read_bytes()
        digest.update(name.encode() + b"\0" + raw + b"\0")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RulesDataError(str(path), "(file)", "expected UTF-8 text") from None
        parsed[name] = read_yaml(text, str(path))
    progs = parse_programmes(parsed["programmes.yaml"], str(root / "programmes.yaml"))
    plans = parse_plans(parsed["plans.yaml"], str(root / "plans.yaml"))
    indicators = parse_targets(parsed["targets.yaml"], str(root / "targets.yaml"))
    reg = Registry(progs, plans, indicators, str(root), digest.hexdigest()[:12])
    _check_references(reg, str(root / "plans.yaml"))
    return reg


def _check_references(reg: Registry, plans_file: str) -> None:
    known = set(reg.ids())
    groups: list[tuple[str, Any]] = [("products", reg.plans.products), ("figures", reg.plans.figures),
                                     ("expected_volumes", reg.plans.expected_volumes)]
    for section, entries in groups:
        for e in entries:
            if e.programme_id is not None and e.programme_id not in known:
                raise RulesDataError(plans_file, f"{section}.{e.id}.programme",
                                     f"no programme or sub-project {e.programme_id!r} in programmes.yaml")


_shipped: Registry | None = None


def shipped_registry() -> Registry:
    """The registry data shipped in the package, loaded once and cached."""
    global _shipped
    if _shipped is None:
        _shipped = load_registry()
    return _shipped


def resolve_registry(registry: Registry | str | Path | None) -> Registry:
    """The registry to use: the one passed, one loaded from a directory, else the shipped one."""
    if registry is None:
        return shipped_registry()
    if isinstance(registry, Registry):
        return registry
    return load_registry(registry)


RegistryArg = Registry | str | Path | None


def programmes(registry: RegistryArg = None) -> tuple[Programme, ...]:
    """The twelve programmes, in the order of 「事業の全体像」's sections."""
    return resolve_registry(registry).programmes


def programme(programme_id: str, registry: RegistryArg = None) -> Programme:
    """One of the twelve programmes by id; an unknown id raises UnknownProgrammeError."""
    reg = resolve_registry(registry)
    for p in reg.programmes:
        if p.id == programme_id:
            return p
    raise UnknownProgrammeError("programme_id", f"one of {[p.id for p in reg.programmes]}", programme_id)


def sub_project(sub_project_id: str, registry: RegistryArg = None) -> SubProject:
    """One sub-project (地域介護予防活動支援事業 １–６) by id."""
    entry = resolve_registry(registry).entry(sub_project_id)
    if not isinstance(entry, SubProject):
        raise UnknownProgrammeError("sub_project_id", "the id of a sub-project, not a programme", sub_project_id)
    return entry


def calculators_for(programme_id: str, registry: RegistryArg = None) -> tuple[Calculator, ...]:
    """The calculators of a programme (including its sub-projects') or of one sub-project."""
    entry = resolve_registry(registry).entry(programme_id)
    ids = {entry.id, *(s.id for s in entry.sub_projects)} if isinstance(entry, Programme) else {entry.id}
    return tuple(c for c in CALCULATORS if c.programme_id in ids)


def check_manual(registry_data: RegistryArg = None) -> ManualCheck:
    """Recompute every total the manual states from its factors; report confirmed or mismatch."""
    reg = resolve_registry(registry_data)
    return check_products(reg.plans, reg.source)


def evaluate_kpis(actuals: Mapping[str, int], registry_data: RegistryArg = None) -> KpiEvaluation:
    """Achievement ratios (exact Fractions) of the evaluation indicators for the actuals given."""
    return evaluate(resolve_registry(registry_data).indicators, actuals)


# -- Plain dicts for the CLI's --json and the API ----------------------------------------------


def _text(t: Text) -> dict[str, str]:
    return {"ja": t.ja, "en": t.en}


def programme_summary(p: Programme, registry: RegistryArg = None) -> dict[str, Any]:
    """One programme's line of the list: id, names, 区分, 分野, legal basis, 所管課, run by, computable."""
    calcs = calculators_for(p.id, registry)
    return {
        "id": p.id,
        "name": _text(p.name),
        "category": p.category,
        "category_label": _text(p.category_label),
        "field": p.field,
        "field_label": _text(p.field_label),
        "legal_basis": {"items": list(p.legal_basis.items), "sub_item": p.legal_basis.sub_item,
                        "ja": p.legal_basis.text_ja, "en": p.legal_basis.text_en},
        "department": _text(p.department),
        "sections": [_text(s) for s in p.sections],
        "operation": p.operation,
        "operation_label": _text(p.operation_label),
        "contractor": p.contractor,
        "computable": bool(calcs),
        "citation": p.citation,
    }


def calculator_dict(c: Calculator) -> dict[str, Any]:
    """A calculator as a client sees it: what it computes, its inputs and rule parameters."""
    return {
        "id": c.id,
        "programme_id": c.programme_id,
        "slug": c.slug,
        "name": {"ja": c.name_ja, "en": c.name_en},
        "computes": _text(c.computes),
        "section": c.section,
        "inputs": [
            {"name": f.name, "type": f.type, "format": f.format, "description": _text(f.description),
             "required": f.required, "default": f.default, "minimum": f.minimum,
             "maximum_parameter": f.maximum_parameter, "choices": list(f.choices) if f.choices else None,
             "example": f.example}
            for f in c.inputs
        ],
        "parameters": list(c.parameters),
    }


def programme_detail(programme_id: str, registry: RegistryArg = None) -> dict[str, Any]:
    """Everything the registry knows of a programme or sub-project, as plain dicts."""
    reg = resolve_registry(registry)
    entry = reg.entry(programme_id)
    # a programme shows its sub-projects' plans too
    ids = {entry.id, *(s.id for s in entry.sub_projects)} if isinstance(entry, Programme) else {entry.id}
    plans = [p for p in reg.plans.products if p.programme_id in ids]
    figures = [f for f in reg.plans.figures if f.programme_id in ids]
    volumes = [v for v in reg.plans.expected_volumes if v.programme_id in ids]
    if isinstance(entry, SubProject):
        out: dict[str, Any] = {
            "id": entry.id, "kind": "sub_project", "programme_id": entry.programme_id, "number": entry.number,
            "name": _text(entry.name), "purpose_ja": entry.purpose_ja, "citation": entry.citation,
        }
    else:
        out = {"kind": "programme", **programme_summary(entry, reg)}
        out.update({
            "national_name": _text(entry.national_name),
            "contracted": entry.contracted,
            "operation_diagram": entry.operation_diagram,
            "operation_diagram_label": _text(entry.operation_diagram_label),
            "summary_ja": entry.summary_ja,
            "bodies": [attrs.asdict(b) for b in entry.bodies],
            "facilities": [attrs.asdict(f) for f in entry.facilities],
            "sub_projects": [
                {"id": s.id, "number": s.number, "name": _text(s.name), "citation": s.citation,
                 "computable": bool(calculators_for(s.id, reg))}
                for s in entry.sub_projects
            ],
        })
    out["calculators"] = [calculator_dict(c) for c in calculators_for(entry.id, reg)]
    out["plans"] = [
        {"id": p.id, "label": _text(p.label), "factors": [f.value for f in p.factors],
         "stated_total": p.stated_total, "unit": _text(p.total_unit), "citation": p.citation} for p in plans
    ]
    out["figures"] = [
        {"id": f.id, "label": _text(f.label), "kind": f.kind, "value": f.value, "unit": _text(f.unit),
         "citation": f.citation} for f in figures
    ]
    out["expected_volumes"] = [
        {"id": v.id, "label": _text(v.label), "value": v.value, "unit": _text(v.unit), "citation": v.citation}
        for v in volumes
    ]
    return out


def manual_check_dict(check: ManualCheck) -> dict[str, Any]:
    """A manual check as plain dicts."""
    return {
        "source": check.source,
        "ok": check.ok,
        "items": [
            {"id": i.id, "label": _text(i.label), "working": i.working, "expected": i.expected,
             "recomputed": i.recomputed, "status": i.status, "citation": i.citation}
            for i in check.items
        ],
    }


def kpi_dict(evaluation: KpiEvaluation) -> dict[str, Any]:
    """A KPI evaluation as plain dicts; the exact ratio is given as 'n/d' text and its two integers."""
    return {
        "results": [
            {"indicator": r.indicator, "label": _text(r.label), "target": r.target, "actual": r.actual,
             "ratio": str(r.ratio), "ratio_numerator": r.ratio.numerator, "ratio_denominator": r.ratio.denominator,
             "percent": r.percent, "achieved": r.achieved, "citation": r.citation}
            for r in evaluation.results
        ],
        "not_given": list(evaluation.not_given),
    }
