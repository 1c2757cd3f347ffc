"""高齢者元気度アップポイント事業: points and their conversion (RULES.md §4).

Order: drop same-activity-same-day repeats → the daily cap (if any) → sum the
fiscal year → yen at the rate → the yearly yen cap. The rate, caps and the
catalogue are *assumed* figures until the city confirms; results say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from . import _check
from ._shared import KEEP, Cap, Lines
from .errors import InputError
from .fiscal import fiscal_year_end, fiscal_year_start
from .results import ActivityCount, Calculation, CapApplied, Flag, LineItem, Note, PointsTally
from .rules import Activity, RuleSet, Snapshot, resolve, shipped_rules

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
    # Why inline tests before each check: valid input then costs no call (a third of the time of a
    # calculation); the _check function still makes every error, so its wording has one home.
    if type(points) is not int or points < 0:
        _check.count("points", points)
    if type(fiscal_year) is not int or not 1900 <= fiscal_year <= 9998:
        _check.fiscal_year("fiscal_year", fiscal_year)
    if rules is None:
        rules = shipped_rules()
    year = rules.derived[PROGRAMME].get(fiscal_year) or _year(rules, fiscal_year)
    return _convert(year, rules.version, points, fiscal_year, year.notes)


#: The working of one conversion: line items, caps applied, amount.
_Working = tuple[tuple[LineItem, ...], tuple[CapApplied, ...], int]


class _Year:
    """What the conversion takes from the rules of 1 April of a fiscal year: rate, cap, their line
    items and notes, and the working of each points total met so far, made once per rule set and
    year (see kanoya_benefits._shared)."""

    __slots__ = ("by_points", "cap", "notes", "rate", "snap")

    def __init__(self, rules: RuleSet, fiscal_year: int) -> None:
        self.snap = snap = rules.at(fiscal_year_start(fiscal_year), field="fiscal_year")
        self.rate = Lines("ポイント転換", "points converted", snap[RATE], snap.citation(RATE), RATE)
        self.cap = Cap(YEARLY_CAP, snap[YEARLY_CAP], snap.citation(YEARLY_CAP), "1人1年度当たり上限",
                       "cap per person per fiscal year", "上限による減額", "reduction to the yearly cap")
        self.notes = snap.notes(RATE, YEARLY_CAP)
        self.by_points: dict[int, _Working] = {}

    def working(self, points: int) -> _Working:
        """Line items, caps and amount for a points total: min(points × rate, cap)."""
        items: tuple[LineItem, ...] = (self.rate.times(points),)
        uncapped = items[0].subtotal
        caps: tuple[CapApplied, ...] = ()
        if uncapped > self.cap.cap:
            record, line = self.cap.applied(uncapped)
            caps, items = (record,), (*items, line)
        working = (items, caps, min(uncapped, self.cap.cap))
        if len(self.by_points) < KEEP:
            self.by_points[points] = working
        return working


def _year(rules: RuleSet, fiscal_year: int) -> _Year:
    return rules.remember(PROGRAMME, fiscal_year, _Year(rules, fiscal_year))


def _convert(year: _Year, version: str, points: int, fiscal_year: int, notes: tuple[Note, ...]) -> Calculation:
    items, caps, amount = year.by_points.get(points) or year.working(points)
    # positional: a frozen attrs __init__ called with keywords costs about twice as much
    return Calculation(PROGRAMME, amount, year.snap.day, items, version, caps, _FLAGS, notes, fiscal_year)


_FLAGS = (ASSUMED_WARNING,)


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
    rules.at(start, field="fiscal_year")  # a year before the rules is refused before any stamp is read
    seen: set[tuple[str, date]] = set()
    per_day: dict[date, int] = defaultdict(int)
    times: dict[str, int] = defaultdict(int)
    kinds: dict[str, Activity] = {}
    out_of_scope: list[tuple[str, date]] = []
    repeats = 0
    snaps: dict[date, Snapshot] = {}
    # Why per day: a person stamps on few distinct days, so the repeat switch and the catalogue of a
    # day are looked up once (the first stamp of a day is never a repeat, so the catalogue is read
    # on it just as a stamp-by-stamp reading would).
    day_rules: dict[date, tuple[bool, Mapping[str, Activity]]] = {}
    try:
        stamp_list = iter(stamps)
    except TypeError:  # None or a number: an InputError naming the argument, not a bare TypeError
        raise InputError("stamps", "a list of (activity_id, date) pairs", stamps) from None
    for i, stamp in enumerate(stamp_list):
        # Why the inline test: a well-formed (id, date) tuple costs no call; anything else goes
        # through _stamp, which accepts other pairs and makes every error.
        if type(stamp) is tuple and len(stamp) == 2 and type(stamp[0]) is str and stamp[0] \
                and type(stamp[1]) is date:
            activity_id, day = stamp
        else:
            activity_id, day = _stamp(i, stamp)
        if not start <= day <= end:
            out_of_scope.append((activity_id, day))
            continue
        got = day_rules.get(day)
        if got is None:
            snap = snaps[day] = rules.at(day, field=f"stamps[{i}]")
            got = day_rules[day] = (snap[ONCE_A_DAY], snap[CATALOGUE])
        once, cat = got
        key = (activity_id, day)
        if once and key in seen:
            repeats += 1
            continue
        seen.add(key)
        act = cat.get(activity_id)
        if act is None:
            raise InputError(f"stamps[{i}].activity_id", "an activity id of the points catalogue", activity_id)
        times[activity_id] += 1
        kinds[activity_id] = act
        per_day[day] += act.points
    raw_points = sum(per_day.values())
    total = 0
    for day, pts in per_day.items():
        day_cap = snaps[day][DAILY_CAP]
        total += pts if day_cap is None else min(pts, day_cap)
    activities = tuple(
        ActivityCount(aid, kinds[aid].kind, kinds[aid].points, n, kinds[aid].points * n)
        for aid, n in sorted(times.items())
    )
    year = rules.derived[PROGRAMME].get(fiscal_year) or _year(rules, fiscal_year)
    conversion = _convert(year, rules.version, total, fiscal_year, _tally_notes(year))
    return PointsTally(fiscal_year, total, activities, repeats, raw_points - total, tuple(out_of_scope), conversion)


def _tally_notes(year: _Year) -> tuple[Note, ...]:
    """The conversion's notes, then those of the catalogue, the repeat rule and the daily cap."""
    have = {n.parameter for n in year.notes}
    extra = year.snap.notes(CATALOGUE, ONCE_A_DAY, DAILY_CAP)
    return year.notes + tuple(n for n in extra if n.parameter not in have)


def _stamp(i: int, stamp: Any) -> tuple[str, date]:
    try:
        activity_id, day = stamp
    except (TypeError, ValueError):
        raise InputError(f"stamps[{i}]", "a pair (activity_id, date)", stamp) from None
    if not isinstance(activity_id, str) or not activity_id:
        raise InputError(f"stamps[{i}].activity_id", "an activity id as text", activity_id)
    _check.day(f"stamps[{i}].date", day)
    return activity_id, day


