"""住民主体による高齢者助け合い応援事業: the mutual-aid monthly subsidy (RULES.md §2).

A month's subsidy = base by subsidy year + rent add-on (½ of the rent, cut to
the yen, capped) + challenge add-on (actual cost, capped). Each month uses the
rules in force on its first day, so a change within a fiscal year blends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction

from kanoya_benefits.errors import InputError
from kanoya_benefits.fiscal import fiscal_year_months, fiscal_year_of, fiscal_year_start
from kanoya_benefits.results import AnnualSchedule, Calculation, CapApplied, LineItem, Note
from kanoya_benefits.rules import RuleSet, Snapshot, resolve
from tests.reference_rules import _check
from tests.reference_rules.money import cut_yen

PROGRAMME = "mutual_aid.monthly_subsidy"
ANNUAL = "mutual_aid.annual_schedule"
COUNTING = "mutual_aid.subsidy_year_counting"
ROUNDING = "mutual_aid.add_on_rounding"
WHOLE_MONTHS = "mutual_aid.whole_months_only"
SHARE = "mutual_aid.rent_add_on_share"
RENT_CAP = "mutual_aid.rent_add_on_cap"
CHALLENGE_CAP = "mutual_aid.challenge_add_on_cap"
BASE = {1: "mutual_aid.base_year_1", 2: "mutual_aid.base_year_2", 3: "mutual_aid.base_year_3_and_after"}
_YEAR_LABEL = {1: ("補助月額（補助１年目）", "monthly base, subsidy year 1"),
               2: ("補助月額（補助２年目）", "monthly base, subsidy year 2"),
               3: ("補助月額（補助３年目以降）", "monthly base, subsidy year 3 and after")}


def subsidy_year(first_subsidized_month: date, month: date, counting: str) -> int:
    """The subsidy year of ``month`` (1, 2, 3, …) under a counting switch."""
    if counting == "anniversary":
        elapsed = (month.year - first_subsidized_month.year) * 12 + month.month - first_subsidized_month.month
        return elapsed // 12 + 1
    return fiscal_year_of(month) - fiscal_year_of(first_subsidized_month) + 1


def _rent_exact(snap: Snapshot, rent_cost: int) -> Fraction:
    share: Fraction = snap[SHARE]
    return share * rent_cost


def monthly_subsidy(*, first_subsidized_month: date, month: date, rent_cost: int = 0,
                    challenge_cost: int = 0, rules: RuleSet | None = None) -> Calculation:
    """One month's subsidy for a group, with its working."""
    _check.month("first_subsidized_month", first_subsidized_month)
    _check.month("month", month)
    _check.yen("rent_cost", rent_cost)
    _check.yen("challenge_cost", challenge_cost)
    if first_subsidized_month > month:
        raise InputError("first_subsidized_month", f"a month on or before the month paid ({month:%Y-%m})",
                         first_subsidized_month)
    rules = resolve(rules)
    snap = rules.at(month, field="month")
    return _month(snap, rules.version, first_subsidized_month, month, rent_cost, challenge_cost)


def _month(snap: Snapshot, version: str, first: date, month: date, rent_cost: int,
           challenge_cost: int) -> Calculation:
    year = subsidy_year(first, month, snap[COUNTING])
    base_name = BASE[min(year, 3)]
    base = snap[base_name]
    ja, en = _YEAR_LABEL[min(year, 3)]
    items = [LineItem(ja, en, 1, base, base, snap.citation(base_name), base_name)]
    caps = []
    used = [COUNTING, WHOLE_MONTHS]
    if rent_cost:
        cap = snap[RENT_CAP]
        share: Fraction = snap[SHARE]
        half = cut_yen(_rent_exact(snap, rent_cost))
        items.append(LineItem(f"賃借料加算（対象経費 {rent_cost:,}円 × {share}）",
                              f"rent add-on ({share} of eligible rent ¥{rent_cost:,}, fraction of a yen cut)",
                              1, half, half, snap.citation(SHARE), SHARE))
        if half > cap:
            caps.append(CapApplied(RENT_CAP, "賃借料加算の月額上限", "monthly cap on the rent add-on", cap, half, cap))
            items.append(LineItem("賃借料加算の上限による減額", "reduction to the rent add-on cap", 1, cap - half,
                                  cap - half, snap.citation(RENT_CAP), RENT_CAP))
        used += [ROUNDING]
    if challenge_cost:
        cap = snap[CHALLENGE_CAP]
        items.append(LineItem("地域課題チャレンジ加算（対象経費）", "community-challenge add-on (eligible cost)",
                              1, challenge_cost, challenge_cost, snap.citation(CHALLENGE_CAP), CHALLENGE_CAP))
        if challenge_cost > cap:
            caps.append(CapApplied(CHALLENGE_CAP, "地域課題チャレンジ加算の月額上限",
                                   "monthly cap on the community-challenge add-on", cap, challenge_cost, cap))
            items.append(LineItem("地域課題チャレンジ加算の上限による減額", "reduction to the challenge add-on cap",
                                  1, cap - challenge_cost, cap - challenge_cost, snap.citation(CHALLENGE_CAP),
                                  CHALLENGE_CAP))
        used.append(CHALLENGE_CAP)
    return Calculation(
        programme=PROGRAMME, amount=sum(i.subtotal for i in items), on=month, line_items=tuple(items),
        rules_version=version, caps=tuple(caps), notes=snap.notes(*used), fiscal_year=fiscal_year_of(month),
    )


Costs = int | Sequence[int] | Mapping[date, int]


def _cost_for(field: str, costs: Costs, months: tuple[date, ...]) -> list[int]:
    """One cost per month from an int (every month), 12 values (April first) or a month map."""
    if type(costs) is int:
        return [_check.yen(field, costs)] * 12
    if isinstance(costs, Mapping):
        unknown = [m for m in costs if m not in months]
        if unknown:
            raise InputError(field, "months of the fiscal year as dates on day 1", unknown[0])
        return [_check.yen(f"{field}[{m:%Y-%m}]", costs.get(m, 0)) for m in months]
    if isinstance(costs, Sequence) and not isinstance(costs, (str, bytes)):
        if len(costs) != 12:
            raise InputError(field, "one cost per month: 12 values, April to March", f"{len(costs)} values")
        return [_check.yen(f"{field}[{i}]", c) for i, c in enumerate(costs)]
    raise InputError(field, "whole yen, 12 monthly values, or a mapping of month to yen", costs)


def annual_schedule(*, first_subsidized_month: date, fiscal_year: int, rent_cost: Costs = 0,
                    challenge_cost: Costs = 0, last_subsidized_month: date | None = None,
                    rules: RuleSet | None = None) -> AnnualSchedule:
    """The twelve months of a fiscal year; months not subsidized give 0.

    ``rent_cost`` and ``challenge_cost`` are whole yen for every month, twelve
    values (April to March) or a mapping of month to yen.
    """
    _check.month("first_subsidized_month", first_subsidized_month)
    _check.fiscal_year("fiscal_year", fiscal_year)
    if last_subsidized_month is not None:
        _check.month("last_subsidized_month", last_subsidized_month)
        if last_subsidized_month < first_subsidized_month:
            raise InputError("last_subsidized_month", "a month on or after first_subsidized_month",
                             last_subsidized_month)
    rules = resolve(rules)
    months = fiscal_year_months(fiscal_year)
    year_snap = rules.at(fiscal_year_start(fiscal_year), field="fiscal_year")
    rents = _cost_for("rent_cost", rent_cost, months)
    challenges = _cost_for("challenge_cost", challenge_cost, months)
    out: list[Calculation] = []
    exact_rent = Fraction(0)
    cut_rent = 0
    for month, rent, challenge in zip(months, rents, challenges, strict=True):
        paid = first_subsidized_month <= month and (last_subsidized_month is None or month <= last_subsidized_month)
        if not paid:
            out.append(Calculation(PROGRAMME, 0, month, (), rules.version, fiscal_year=fiscal_year))
            continue
        snap = rules.at(month)
        calc = _month(snap, rules.version, first_subsidized_month, month, rent, challenge)
        out.append(calc)
        if rent:
            exact_rent += min(_rent_exact(snap, rent), Fraction(snap[RENT_CAP]))
            cut_rent += min(cut_yen(_rent_exact(snap, rent)), snap[RENT_CAP])
    monthly_total = sum(c.amount for c in out)
    items = [LineItem("月額の合計", "sum of the monthly amounts", 1, monthly_total, monthly_total,
                      "RULES.md §2", None)]
    notes: dict[str, Note] = {n.parameter: n for c in out for n in c.notes}
    if year_snap[ROUNDING] == "annual" and exact_rent:
        adjustment = cut_yen(exact_rent) - cut_rent
        if adjustment:
            items.append(LineItem("賃借料加算の端数調整（年額で切り捨て）",
                                  "rent add-on rounding adjustment (fraction cut once on the year)",
                                  1, adjustment, adjustment, year_snap.citation(ROUNDING), ROUNDING))
        note = year_snap.note(ROUNDING)
        if note is not None:
            notes[ROUNDING] = note
    return AnnualSchedule(
        programme=ANNUAL, fiscal_year=fiscal_year, amount=sum(i.subtotal for i in items), months=tuple(out),
        line_items=tuple(items), rules_version=rules.version, notes=tuple(notes.values()),
    )
