"""高齢者元気度アップポイント事業: points and their conversion (RULES.md §4).

Order: drop same-activity-same-day repeats → the daily cap (if any) → sum the
fiscal year → yen at the rate → the yearly yen cap. The rate, caps and the
catalogue are *assumed* figures until the city confirms; results say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from kanoya_benefits.errors import InputError
from kanoya_benefits.fiscal import fiscal_year_end, fiscal_year_start
from kanoya_benefits.results import ActivityCount, Calculation, CapApplied, Flag, LineItem, PointsTally
from kanoya_benefits.rules import Activity, RuleSet, Snapshot, resolve
from tests.reference_rules import _check

PROGRAMME = "points.conversion"
RATE = "points.yen_per_point"
YEARLY_CAP = "points.yearly_cap"
DAILY_CAP = "points.daily_cap"
CATALOGUE = "points.catalogue"
ONCE_A_DAY = "points.same_day_repeat_counts_once"

ASSUMED_WARNING = Flag(
    "assumed_figures",
    "ポイント単価・年間上限・活動一覧は仮定値です（市の確認待ち）。支給前に確認してください。",
    "The yen per point, the yearly cap and the activity catalogue are assumed figures until the city "
    "confirms them; check before paying.",
)


def convert(*, points: int, fiscal_year: int, rules: RuleSet | None = None) -> Calculation:
    """A fiscal year's points in yen: points × rate, capped per person per year.

    Uses the rules in force on 1 April of the fiscal year (an annual amount).
    """
    _check.count("points", points)
    _check.fiscal_year("fiscal_year", fiscal_year)
    rules = resolve(rules)
    snap = rules.at(fiscal_year_start(fiscal_year), field="fiscal_year")
    return _convert(snap, rules.version, points, fiscal_year)


def _convert(snap: Snapshot, version: str, points: int, fiscal_year: int) -> Calculation:
    rate, cap = snap[RATE], snap[YEARLY_CAP]
    uncapped = points * rate
    items = [LineItem("ポイント転換", "points converted", points, rate, uncapped, snap.citation(RATE), RATE)]
    caps: tuple[CapApplied, ...] = ()
    if uncapped > cap:
        caps = (CapApplied(YEARLY_CAP, "1人1年度当たり上限", "cap per person per fiscal year", cap, uncapped, cap),)
        items.append(LineItem("上限による減額", "reduction to the yearly cap", 1, cap - uncapped, cap - uncapped,
                              snap.citation(YEARLY_CAP), YEARLY_CAP))
    return Calculation(
        programme=PROGRAMME, amount=min(uncapped, cap), on=snap.day, line_items=tuple(items),
        rules_version=version, caps=caps, flags=(ASSUMED_WARNING,), notes=snap.notes(RATE, YEARLY_CAP),
        fiscal_year=fiscal_year,
    )


def catalogue(on: date, rules: RuleSet | None = None) -> dict[str, Activity]:
    """The activity catalogue in force on a day."""
    return dict(resolve(rules).at(on)[CATALOGUE])


def total_stamps(stamps: Iterable[tuple[str, date]], *, fiscal_year: int,
                 rules: RuleSet | None = None) -> PointsTally:
    """Total one person's stamped activities ``(activity_id, date)`` for a fiscal year.

    Stamps outside the fiscal year are listed as out of scope, not counted. Each
    stamp's points come from the catalogue in force on its day.
    """
    _check.fiscal_year("fiscal_year", fiscal_year)
    rules = resolve(rules)
    start, end = fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year)
    year_snap = rules.at(start, field="fiscal_year")
    seen: set[tuple[str, date]] = set()
    per_day: dict[date, int] = defaultdict(int)
    times: dict[str, int] = defaultdict(int)
    kinds: dict[str, Activity] = {}
    out_of_scope: list[tuple[str, date]] = []
    repeats = 0
    for i, stamp in enumerate(stamps):
        activity_id, day = _stamp(i, stamp)
        if not start <= day <= end:
            out_of_scope.append((activity_id, day))
            continue
        snap = rules.at(day, field=f"stamps[{i}]")
        if snap[ONCE_A_DAY] and (activity_id, day) in seen:
            repeats += 1
            continue
        seen.add((activity_id, day))
        act = snap[CATALOGUE].get(activity_id)
        if act is None:
            raise InputError(f"stamps[{i}].activity_id", "an activity id of the points catalogue", activity_id)
        times[activity_id] += 1
        kinds[activity_id] = act
        per_day[day] += act.points
    raw_points = sum(per_day.values())
    total = 0
    for day, pts in per_day.items():
        day_cap = rules.at(day)[DAILY_CAP]
        total += pts if day_cap is None else min(pts, day_cap)
    activities = tuple(
        ActivityCount(aid, kinds[aid].kind, kinds[aid].points, n, kinds[aid].points * n)
        for aid, n in sorted(times.items())
    )
    conversion = _convert(year_snap, rules.version, total, fiscal_year)
    extra = year_snap.notes(CATALOGUE, ONCE_A_DAY, DAILY_CAP)
    conversion = _with_notes(conversion, extra)
    return PointsTally(fiscal_year, total, activities, repeats, raw_points - total, tuple(out_of_scope), conversion)


def _with_notes(calc: Calculation, extra: tuple[Any, ...]) -> Calculation:
    have = {n.parameter for n in calc.notes}
    return attrs.evolve(calc, notes=calc.notes + tuple(n for n in extra if n.parameter not in have))


def _stamp(i: int, stamp: Any) -> tuple[str, date]:
    try:
        activity_id, day = stamp
    except (TypeError, ValueError):
        raise InputError(f"stamps[{i}]", "a pair (activity_id, date)", stamp) from None
    if not isinstance(activity_id, str) or not activity_id:
        raise InputError(f"stamps[{i}].activity_id", "an activity id as text", activity_id)
    _check.day(f"stamps[{i}].date", day)
    return activity_id, day


