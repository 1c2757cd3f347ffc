"""What a case can compute: each programme's input fields and how its result becomes a Working.

The single-case calculations come from :data:`kanoya_benefits.registry.CALCULATORS`
(by id or slug); the list-input calculations (a year of mutual aid, a person's
stamps, a list of attendances) are added here because the registry holds one
function per programme.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import attrs

from .. import activity_center, mutual_aid, points, registry, salon
from ..batch import salon_roster
from ..errors import InputError
from ..fiscal import fiscal_year_end, fiscal_year_of, fiscal_year_start
from ..results import AnnualSchedule, Calculation, CapApplied, Flag, LineItem, Note, PointsTally
from ..rules import RuleSet
from . import fields as f

Reader = Callable[[Any, str], Any]


@attrs.frozen
class Working:
    """A calculation's result as an auditor reads it: the amount and how it came about."""

    amount: int
    uncapped: int
    line_items: tuple[LineItem, ...]
    rules_version: str
    fiscal_year: int | None = None
    caps: tuple[CapApplied, ...] = ()
    flags: tuple[Flag, ...] = ()
    notes: tuple[Note, ...] = ()


@attrs.frozen
class Programme:
    """A calculation a case can name: its id, other names, input fields and runner."""

    id: str
    names: tuple[str, ...]
    fields: Mapping[str, tuple[Reader, bool]]  # field → (reader, required)
    run: Callable[[dict[str, Any], RuleSet], Working]
    single: bool  # one row of plain values: usable in a CSV case file


def of_calculation(calc: Calculation) -> Working:
    """The working of one Calculation."""
    fy = calc.fiscal_year if calc.fiscal_year is not None else fiscal_year_of(calc.on)
    return Working(calc.amount, calc.uncapped_amount, calc.line_items, calc.rules_version, fy,
                   calc.caps, calc.flags, calc.notes)


def of_schedule(sched: AnnualSchedule) -> Working:
    """The working of a year of months: every month's lines (labelled with the month) and year adjustments."""
    items: list[LineItem] = []
    caps: list[CapApplied] = []
    for m in sched.months:
        caps += m.caps
        for it in m.line_items:
            month = f"{m.on:%Y-%m}"
            items.append(attrs.evolve(it, label_ja=f"{month} {it.label_ja}", label_en=f"{month} {it.label_en}"))
    items += [it for it in sched.line_items if it.parameter is not None]  # the year's own adjustments
    uncapped = sched.amount + sum(c.uncapped - c.capped for c in caps)
    return Working(sched.amount, uncapped, tuple(items), sched.rules_version, sched.fiscal_year,
                   tuple(caps), sched.flags, sched.notes)


def of_tally(tally: PointsTally) -> Working:
    """The working of a points tally: the conversion, plus flags for dropped stamps."""
    w = of_calculation(tally.conversion)
    extra = []
    if tally.repeats_dropped:
        extra.append(Flag("repeat_stamps_dropped", f"同日同一活動の重複 {tally.repeats_dropped} 件を除外",
                          f"{tally.repeats_dropped} same-activity same-day repeat(s) not counted"))
    if tally.out_of_scope:
        extra.append(Flag("out_of_scope", f"年度外のスタンプ {len(tally.out_of_scope)} 件（対象外）",
                          f"{len(tally.out_of_scope)} stamp(s) outside the fiscal year (out of scope)"))
    return attrs.evolve(w, flags=w.flags + tuple(extra))


def summed(calcs: list[Calculation], version: str, fiscal_year: int | None,
           flags: tuple[Flag, ...] = ()) -> Working:
    """Many calculations as one: equal line items (same rule, same unit amount) are added up."""
    lines: dict[tuple[Any, ...], list[int]] = {}
    notes: dict[str, Note] = {}
    for c in calcs:
        for it in c.line_items:
            key = (it.parameter, it.label_ja, it.label_en, it.unit_amount, it.citation)
            acc = lines.setdefault(key, [0, 0])
            acc[0] += it.quantity
            acc[1] += it.subtotal
        for n in c.notes:
            notes.setdefault(n.parameter, n)
    items = tuple(LineItem(k[1], k[2], q, k[3], s, k[4], k[0]) for k, (q, s) in lines.items())
    amount = sum(c.amount for c in calcs)
    return Working(amount, amount, items, version, fiscal_year, (), flags, tuple(notes.values()))


def _registered(calc_id: str, **fields: tuple[Reader, bool]) -> Programme:
    calc = registry.calculator(calc_id)
    function = calc.function

    def run(inputs: dict[str, Any], rules: RuleSet) -> Working:
        return of_calculation(function(**inputs, rules=rules))

    return Programme(calc.id, (calc.id, calc.slug), fields, run, True)


def _annual(inputs: dict[str, Any], rules: RuleSet) -> Working:
    return of_schedule(mutual_aid.annual_schedule(**inputs, rules=rules))


def _stamps(inputs: dict[str, Any], rules: RuleSet) -> Working:
    stamps = [(r["activity"], r["date"]) for r in inputs["stamps"]]
    return of_tally(points.total_stamps(stamps, fiscal_year=inputs["fiscal_year"], rules=rules))


def _attendance(inputs: dict[str, Any], rules: RuleSet) -> Working:
    """A list of attendances: one payment per user, center and day (later rows flagged, not paid)."""
    fy = inputs.get("fiscal_year")
    calcs: list[Calculation] = []
    seen: set[tuple[str, str, date]] = set()
    centers_of: Counter[tuple[str, date]] = Counter()
    flags: list[Flag] = []
    for i, row in enumerate(inputs["attendance"]):
        user, center, on = str(row["user"]), str(row.get("center", "")), row["date"]
        if fy is not None and not fiscal_year_start(fy) <= on <= fiscal_year_end(fy):
            flags.append(Flag("out_of_scope", f"{i + 1}行目：年度外（対象外）",
                              f"row {i + 1}: outside the fiscal year"))
            continue
        calc = activity_center.daily_amount(center_type=row["center_type"], on=on, bath=row.get("bath", False),
                                            one_way_trips=row.get("trips", 0), rules=rules)
        if (user, center, on) in seen:
            flags.append(Flag("duplicate_attendance",
                              f"{i + 1}行目：同一利用者・同一センター・同日の重複（支払わない）",
                              f"row {i + 1}: same user, center and day again (not paid)", calc.amount))
            continue
        seen.add((user, center, on))
        centers_of[(user, on)] += 1
        calcs.append(calc)
    for (user, on), n in centers_of.items():
        if n > 1:
            flags.append(Flag("same_user_two_centers", f"{user} は {on} に {n} か所のセンターを利用（両方支払い）",
                              f"{user} attended {n} centers on {on} (both paid)"))
    return summed(calcs, rules.version, fy, tuple(flags))


def _roster(inputs: dict[str, Any], rules: RuleSet) -> Working:
    """A salon roster's grants for a fiscal year: one group's, or every group's summed."""
    fy = inputs["fiscal_year"]
    rows = [salon_roster.Membership(str(r["person"]), str(r["group"]), r["joined"], r.get("left"), "roster", i + 1)
            for i, r in enumerate(inputs["roster"]) if r["joined"] <= fiscal_year_end(fy)]
    members, warnings = salon_roster.classify(rows, fy, rules)
    wanted = inputs.get("group")
    grants: list[Calculation] = []
    for group_id, joins in members.items():
        if wanted is not None and group_id != str(wanted):
            continue
        first = sum(1 for j in joins if j.classification == salon_roster.FIRST_TIME)
        additional = sum(1 for j in joins if j.classification == salon_roster.ADDITIONAL)
        calc = salon.enrollment_grant(first_time=first, additional=additional, on=fiscal_year_start(fy), rules=rules)
        grants.append(attrs.evolve(calc, flags=calc.flags + tuple(fl for j in joins for fl in j.flags)))
    if wanted is not None and not grants:
        raise InputError("group", "a group id of the roster", wanted)
    if len(grants) == 1:
        w = of_calculation(grants[0])
        return attrs.evolve(w, flags=w.flags + warnings)
    summed_w = summed(grants, rules.version, fy, tuple(fl for g in grants for fl in g.flags) + warnings)
    uncapped = sum(g.uncapped_amount for g in grants)
    return attrs.evolve(summed_w, uncapped=uncapped, caps=tuple(c for g in grants for c in g.caps))


_ROSTER_ROW = f.records(("person", f.text, True), ("group", f.text, True), ("joined", f.day, True),
                        ("left", f.day, False))
_STAMP_ROW = f.records(("activity", f.text, True), ("date", f.day, True))
_ATTENDANCE_ROW = f.records(("date", f.day, True), ("user", f.text, True), ("center", f.text, False),
                            ("center_type", f.text, True), ("bath", f.flag, False), ("trips", f.whole, False))


def _build() -> dict[str, Programme]:
    progs = [
        _registered("salon.enrollment_grant", first_time=(f.whole, True), additional=(f.whole, True),
                    on=(f.day, True)),
        _registered("mutual_aid.monthly_subsidy", first_subsidized_month=(f.month, True), month=(f.month, True),
                    rent_cost=(f.whole, False), challenge_cost=(f.whole, False)),
        _registered("activity_center.daily_amount", center_type=(f.text, True), on=(f.day, True),
                    bath=(f.flag, False), one_way_trips=(f.whole, False)),
        _registered("points.conversion", points=(f.whole, True), fiscal_year=(f.fiscal_year, True)),
        Programme("mutual_aid.annual_schedule", ("mutual_aid.annual_schedule", "mutual-aid-year"),
                  {"first_subsidized_month": (f.month, True), "fiscal_year": (f.fiscal_year, True),
                   "rent_cost": (f.costs, False), "challenge_cost": (f.costs, False),
                   "last_subsidized_month": (f.month, False)}, _annual, False),
        Programme("points.total_stamps", ("points.total_stamps", "points-stamps"),
                  {"stamps": (_STAMP_ROW, True), "fiscal_year": (f.fiscal_year, True)}, _stamps, False),
        Programme("salon.roster", ("salon.roster", "salon-roster"),
                  {"roster": (_ROSTER_ROW, True), "fiscal_year": (f.fiscal_year, True), "group": (f.text, False)},
                  _roster, False),
        Programme("activity_center.attendance", ("activity_center.attendance", "attendance"),
                  {"attendance": (_ATTENDANCE_ROW, True), "fiscal_year": (f.fiscal_year, False)}, _attendance, False),
    ]
    return {name: p for p in progs for name in p.names}


PROGRAMMES: dict[str, Programme] = _build()


def programme(name: str) -> Programme | None:
    """A programme by any of its names (registry id or slug, or a list-input id), else None."""
    return PROGRAMMES.get(name)


def names() -> list[str]:
    """Every programme name a case may use, for error messages."""
    return sorted({p.id for p in PROGRAMMES.values()})
