"""What a case can compute: each programme's input fields and how its result becomes a Working.

The single-case calculations come from :data:`kanoya_benefits.registry.CALCULATORS`
(by id or slug); the list-input calculations (a year of mutual aid, a person's
stamps, a list of attendances) are added here because the registry holds one
function per programme.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from .. import activity_center, mutual_aid, points, registry
from ..batch import attendance, salon_roster
from ..batch.attendance import CenterMonth
from ..errors import InputError
from ..fiscal import fiscal_year_of
from ..results import AnnualSchedule, Calculation, CapApplied, Flag, LineItem, Note, PointsTally
from ..rules import RuleSet
from ..tabular import ATTENDANCE, CENTERS, SALON_ROSTER, Records
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


def summed(calcs: Sequence[Calculation] | Sequence[CenterMonth], version: str, fiscal_year: int | None,
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


#: The batch's canonical columns as a case's attendance rows name them.
_CASE_COLUMN = {"user_id": "user", "center_id": "center", "one_way_trips": "trips"}


def _attendance(inputs: dict[str, Any], rules: RuleSet) -> Working:
    """A list of attendances through the activity-center batch: one payment per user, center and day.

    Each row gives its center's type; the center list is taken from the rows (a row without a
    center is at an unnamed center of its type). A repeated user, center and day is flagged, not
    paid; any other error row is the case's error, naming ``attendance[i].<field>``.
    """
    fy = inputs.get("fiscal_year")
    rows = inputs["attendance"]
    types: dict[str, tuple[str, int]] = {}  # center → (type, first row giving it)
    records = []
    for i, row in enumerate(rows):
        kind = activity_center.center_type(row["center_type"], f"attendance[{i}].center_type")
        center = str(row.get("center", f"({kind})"))
        had = types.setdefault(center, (kind, i))
        if had[0] != kind:
            raise InputError(f"attendance[{i}].center_type",
                             f"type {had[0]} as attendance[{had[1]}] gives center {center}", row["center_type"])
        records.append({"date": row["date"], "user_id": row["user"], "center_id": center,
                        "bath": row.get("bath", False), "one_way_trips": row.get("trips", 0)})
    centers = Records("centers", CENTERS, [{"center_id": c, "type": t} for c, (t, _) in types.items()])
    batch = attendance.run([Records("attendance", ATTENDANCE, records)], centers=[centers], fiscal_year=fy,
                           rules=rules)
    flags = [Flag("out_of_scope", f"{o.line + 1}行目：年度外（対象外）", f"row {o.line + 1}: outside the fiscal year")
             for o in batch.out_of_scope]
    for e in batch.errors:
        field = f"attendance[{e.line}].{_CASE_COLUMN.get(e.column, e.column)}"
        r = records[e.line]
        if not e.expected.startswith(attendance.DUPLICATE):
            rules.at(r["date"], field=field)  # a day before the rules: NoRuleInForceError, as for one day
            raise InputError(field, e.expected, e.value)
        unpaid = activity_center.daily_amount(center_type=types[r["center_id"]][0], on=r["date"], bath=r["bath"],
                                              one_way_trips=r["one_way_trips"], rules=rules)
        flags.append(Flag("duplicate_attendance",
                          f"{e.line + 1}行目：同一利用者・同一センター・同日の重複（支払わない）",
                          f"row {e.line + 1}: same user, center and day again (not paid)", unpaid.amount))
    flags += [fl for c in batch.claims for fl in c.flags]
    return summed(batch.claims, rules.version, fy, tuple(flags))


def _roster(inputs: dict[str, Any], rules: RuleSet) -> Working:
    """A salon roster's grants for a fiscal year through the salon batch: one group's, or every group's summed."""
    fy = inputs["fiscal_year"]
    rows = [{"person_id": r["person"], "group_id": r["group"], "joined_on": r["joined"], "left_on": r.get("left")}
            for r in inputs["roster"]]
    batch = salon_roster.run([Records("roster", SALON_ROSTER, rows)], fiscal_year=fy, rules=rules)
    if batch.errors:  # the first error row is the case's error
        e = batch.errors[0]
        raise InputError(f"roster[{e.line}].{_ROSTER_COLUMN.get(e.column, e.column)}", e.expected, e.value)
    wanted = inputs.get("group")
    grants = [g.grant for g in batch.groups if wanted is None or g.group_id == str(wanted)]
    if wanted is not None and not grants:
        raise InputError("group", "a group id of the roster", wanted)
    if len(grants) == 1:
        w = of_calculation(grants[0])
        return attrs.evolve(w, flags=w.flags + batch.warnings)
    summed_w = summed(grants, rules.version, fy, tuple(fl for g in grants for fl in g.flags) + batch.warnings)
    uncapped = sum(g.uncapped_amount for g in grants)
    return attrs.evolve(summed_w, uncapped=uncapped, caps=tuple(c for g in grants for c in g.caps))


_ROSTER_COLUMN = {"person_id": "person", "group_id": "group", "joined_on": "joined", "left_on": "left"}


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
