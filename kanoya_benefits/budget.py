"""Budget exposure: the most each calculator can pay out in a fiscal year.

So finance sees the ceiling before claims arrive. The volumes come from the
registry where the manual states them (355 groups, 4,500 registrants); mutual aid
and activity centers have no stated volume, so their ceilings need one as input
and, without it, say so instead of guessing.

Readings (each result carries them as notes):
- salon: every expected group receives the cap per group (rules of 1 April).
- points: every expected registrant reaches the yearly cap (rules of 1 April);
  the cap is an assumed figure, and the result is flagged so.
- mutual aid: a group can receive at most, each month, the highest monthly base
  (subsidy year 1 under the shipped rules) + the rent add-on cap + the challenge
  add-on cap, each from the rules in force on the first of that month; the year is
  the sum of its twelve months.
- activity center: each user-day at the highest possible daily amount: the base of
  the center type (the highest type when no breakdown is given) + bath + the most
  one-way trips, from whichever rules in force during the fiscal year give the most.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from . import _check, activity_center, mutual_aid, points, salon
from .errors import InputError
from .fiscal import fiscal_year_end, fiscal_year_months, fiscal_year_start
from .registry import Registry, RegistryArg, resolve_registry
from .results import Flag, LineItem, Note
from .rules import RuleSet, Snapshot, resolve

SALON_GROUPS = "salon-groups"
POINTS_REGISTRANTS = "points-registrants"


@attrs.frozen
class BudgetLine:
    """One calculator's ceiling: the amount (None when its volume is missing) and its working."""

    calculator: str
    programme_id: str
    label_ja: str
    label_en: str
    amount: int | None
    volume: int | None
    volume_source: str
    volume_citation: str | None
    line_items: tuple[LineItem, ...] = ()
    flags: tuple[Flag, ...] = ()
    notes: tuple[Note, ...] = ()
    needs_input: str | None = None


@attrs.frozen
class BudgetCeiling:
    """The ceilings of a fiscal year; ``total`` adds the lines that could be computed."""

    fiscal_year: int
    lines: tuple[BudgetLine, ...]
    total: int
    complete: bool
    rules_version: str
    registry_version: str

    def line(self, calculator: str) -> BudgetLine:
        """One line by calculator id."""
        for ln in self.lines:
            if ln.calculator == calculator:
                return ln
        raise KeyError(calculator)


def budget_ceiling(fiscal_year: int, *, rules: RuleSet | None = None, mutual_aid_groups: int | None = None,
                   activity_center_user_days: int | Mapping[Any, int] | None = None,
                   registry: RegistryArg = None) -> BudgetCeiling:
    """The most each calculator can pay in ``fiscal_year``.

    ``activity_center_user_days`` is a number of user-days (priced at the highest
    type) or a mapping of center type to user-days.
    """
    _check.fiscal_year("fiscal_year", fiscal_year)
    if mutual_aid_groups is not None:
        _check.count("mutual_aid_groups", mutual_aid_groups)
    days = _user_days(activity_center_user_days)
    rules = resolve(rules)
    reg = resolve_registry(registry)
    year_snap = rules.at(fiscal_year_start(fiscal_year), field="fiscal_year")
    lines = (
        _salon(year_snap, reg),
        _points(year_snap, reg),
        _mutual_aid(rules, fiscal_year, mutual_aid_groups),
        _activity_center(rules, fiscal_year, days),
    )
    return BudgetCeiling(
        fiscal_year=fiscal_year, lines=lines, total=sum(ln.amount or 0 for ln in lines),
        complete=all(ln.amount is not None for ln in lines), rules_version=rules.version,
        registry_version=reg.version,
    )


def _reading(name: str, ja: str, en: str, status: str = "interpretation") -> Note:
    return Note(f"budget.{name}", status, ja, en)


def _salon(snap: Snapshot, reg: Registry) -> BudgetLine:
    vol = reg.plans.volume(SALON_GROUPS)
    cap = snap[salon.CAP]
    item = LineItem("対象団体見込数 × 1グループ当たり上限", "expected groups × cap per group", vol.value, cap,
                    vol.value * cap, snap.citation(salon.CAP), salon.CAP)
    reading = _reading("salon", "見込団体のすべてが上限額を受給すると仮定した最大額",
                       "the most: every expected group receives the cap per group")
    return BudgetLine(salon.PROGRAMME, vol.programme_id, "高齢者サロン等加入促進事業 助成金の上限見込",
                      "Salon enrollment grant, ceiling", item.subtotal, vol.value, "registry", vol.citation,
                      (item,), notes=(*snap.notes(salon.CAP), reading))


def _points(snap: Snapshot, reg: Registry) -> BudgetLine:
    vol = reg.plans.volume(POINTS_REGISTRANTS)
    cap = snap[points.YEARLY_CAP]
    item = LineItem("登録見込者数 × 1人1年度当たり上限", "expected registrants × yearly cap per person", vol.value,
                    cap, vol.value * cap, snap.citation(points.YEARLY_CAP), points.YEARLY_CAP)
    reading = _reading("points", "登録見込者のすべてが年間上限額に達すると仮定した最大額",
                       "the most: every expected registrant reaches the yearly cap")
    return BudgetLine("points.conversion", vol.programme_id, "高齢者元気度アップポイント事業 転換交付金の上限見込",
                      "Points conversion, ceiling", item.subtotal, vol.value, "registry", vol.citation, (item,),
                      flags=(points.ASSUMED_WARNING,), notes=(*snap.notes(points.YEARLY_CAP), reading))


_MUTUAL_AID_PARTS = (
    ("補助月額（最も高い年目）", "monthly base (the highest subsidy year)"),
    ("賃借料加算の月額上限", "monthly cap on the rent add-on"),
    ("地域課題チャレンジ加算の月額上限", "monthly cap on the community-challenge add-on"),
)


def _mutual_aid_month(snap: Snapshot) -> tuple[tuple[int, str], ...]:
    """(yen, parameter) of each part of the most one group can receive in a month."""
    base_name = max(mutual_aid.BASE.values(), key=lambda n: snap[n])
    rent = snap[mutual_aid.RENT_CAP] if snap[mutual_aid.SHARE] > 0 else 0
    return ((snap[base_name], base_name), (rent, mutual_aid.RENT_CAP),
            (snap[mutual_aid.CHALLENGE_CAP], mutual_aid.CHALLENGE_CAP))


def _mutual_aid(rules: RuleSet, fiscal_year: int, groups: int | None) -> BudgetLine:
    calc, prog = "mutual_aid.monthly_subsidy", "mutual-aid-support"
    ja, en = "住民主体による高齢者助け合い応援事業 補助金の上限見込", "Mutual-aid subsidy, ceiling"
    reading = _reading(
        "mutual_aid",
        "1団体の年間最大額＝各月（その月の1日に有効な規則）の最も高い補助月額＋賃借料加算上限＋チャレンジ加算上限の12か月分",
        "a group's most in a year = for each month (rules in force on its first day) the highest monthly base "
        "+ the rent add-on cap + the challenge add-on cap, summed over the twelve months",
    )
    if groups is None:
        missing = _reading("mutual_aid_volume", "マニュアルに団体数の記載がないため、団体数の入力が必要です",
                           "the manual states no number of groups: give mutual_aid_groups (--mutual-aid-groups)",
                           "input_needed")
        return BudgetLine(calc, prog, ja, en, None, None, "missing", None, notes=(missing, reading),
                          needs_input="mutual_aid_groups")
    # consecutive months with the same figures make one line each, so a mid-year change shows
    runs: list[tuple[date, date, tuple[tuple[int, str], ...], Snapshot]] = []
    for month in fiscal_year_months(fiscal_year):
        snap = rules.at(month)
        parts = _mutual_aid_month(snap)
        if runs and runs[-1][2] == parts:
            runs[-1] = (runs[-1][0], month, parts, runs[-1][3])
        else:
            runs.append((month, month, parts, snap))
    items: list[LineItem] = []
    for first, last, parts, snap in runs:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        span = f"{first:%Y-%m}〜{last:%Y-%m}"
        for (part_ja, part_en), (yen, name) in zip(_MUTUAL_AID_PARTS, parts, strict=True):
            items.append(LineItem(f"{part_ja} {span}（{months}か月 × {groups}団体）",
                                  f"{part_en}, {span} ({months} months × {groups} groups)",
                                  months * groups, yen, months * groups * yen, snap.citation(name), name))
    notes = {n.parameter: n for _, _, _, s in runs for n in s.notes(mutual_aid.RENT_CAP, mutual_aid.CHALLENGE_CAP)}
    return BudgetLine(calc, prog, ja, en, sum(i.subtotal for i in items), groups, "input", None, tuple(items),
                      notes=(*notes.values(), reading))


def _user_days(raw: Any) -> dict[str, int] | int | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        return _check.count("activity_center_user_days", raw)
    out: dict[str, int] = {}
    for key, value in raw.items():
        kind = activity_center.center_type(key, field=f"activity_center_user_days[{key!r}]")
        if kind in out:
            raise InputError("activity_center_user_days", "each center type once", key)
        out[kind] = _check.count(f"activity_center_user_days[{key!r}]", value)
    return out


def _highest_day_snapshot(rules: RuleSet, fiscal_year: int, kinds: tuple[str, ...]) -> Snapshot:
    """The rules in force during the fiscal year that give the highest daily amount."""
    start, end = fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year)
    days = [start, *(d for d in rules.change_dates() if start < d <= end)]

    def best(s: Snapshot) -> int:
        top = max(s[activity_center.RATE[k]] for k in kinds)
        return top + s[activity_center.BATH] + s[activity_center.MAX_TRIPS] * s[activity_center.TRIP]

    return max((rules.at(d) for d in days), key=best)


def _activity_center(rules: RuleSet, fiscal_year: int, days: dict[str, int] | int | None) -> BudgetLine:
    calc, prog = "activity_center.daily_amount", "community-activity-center"
    ja, en = "地域活動支援センター事業 日額の上限見込", "Activity-center daily amounts, ceiling"
    reading = _reading(
        "activity_center",
        "利用者1人1日当たりの最大額（基準単価＋入浴加算＋送迎加算の最大回数）× 延べ利用日数"
        + ("。類型の内訳がなければ最も高い類型で計算" if not isinstance(days, Mapping) else ""),
        "each user-day at the highest possible daily amount (base rate + bath + the most one-way trips) × user-days"
        + ("; without a breakdown by center type, the highest type is used" if not isinstance(days, Mapping) else ""),
    )
    if days is None:
        missing = _reading("activity_center_volume", "マニュアルに延べ利用日数の記載がないため、入力が必要です",
                           "the manual states no number of user-days: give activity_center_user_days "
                           "(--activity-center-user-days)", "input_needed")
        return BudgetLine(calc, prog, ja, en, None, None, "missing", None, notes=(missing, reading),
                          needs_input="activity_center_user_days")
    if isinstance(days, int):
        snap = _highest_day_snapshot(rules, fiscal_year, activity_center.CENTER_TYPES)
        top = max(activity_center.CENTER_TYPES, key=lambda k: snap[activity_center.RATE[k]])
        breakdown, total_days, label = {top: days}, days, "（最も高い類型）"
    else:
        snap = _highest_day_snapshot(rules, fiscal_year, tuple(days) or activity_center.CENTER_TYPES)
        breakdown, total_days, label = days, sum(days.values()), ""
    bath, trip, most = snap[activity_center.BATH], snap[activity_center.TRIP], snap[activity_center.MAX_TRIPS]
    items: list[LineItem] = []
    for kind, n in breakdown.items():
        rate_name = activity_center.RATE[kind]
        mark = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ"}[kind]
        items += [
            LineItem(f"基準単価（{mark}型）{label} × 延べ利用日数", f"base rate, Type {mark} × user-days", n,
                     snap[rate_name], n * snap[rate_name], snap.citation(rate_name), rate_name),
            LineItem(f"入浴加算（{mark}型の利用日）", f"bath add-on (Type {mark} user-days)", n, bath, n * bath,
                     snap.citation(activity_center.BATH), activity_center.BATH),
            LineItem(f"送迎加算 {most}回（{mark}型の利用日）",
                     f"transport add-on, {most} trips (Type {mark} user-days)", n * most, trip, n * most * trip,
                     snap.citation(activity_center.TRIP), activity_center.TRIP),
        ]
    return BudgetLine(calc, prog, ja, en, sum(i.subtotal for i in items), total_days, "input", None, tuple(items),
                      notes=(*snap.notes(activity_center.MAX_TRIPS), reading))
