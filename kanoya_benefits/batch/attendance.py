"""Activity-center attendance → each center's monthly claim (RULES.md §3).

Rows are not turned into a Calculation each: they are counted per (center,
month, type, rule epoch, bath, trips) and each distinct combination is priced
once with :func:`activity_center.daily_amount`, so the work and the memory of
the pricing grow with centers × months, not with rows.

The trade-off: finding duplicates (same user, center and day) and the same
user at two centers on one day needs every user-day seen, so that one map does
grow with the rows (one small entry per user-day).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

import attrs

from .. import activity_center
from ..errors import InputError
from ..fiscal import fiscal_year_end, fiscal_year_start
from ..results import Flag, LineItem, Note
from ..rules import RuleSet, resolve
from ..tabular import ATTENDANCE, CENTERS, Source
from ..textforms import natural_key, parse_count, parse_date, parse_flag, parse_id
from .common import InputFile, Ledger, OutOfScope, Progress, RowError, RunSummary, cell

PROGRAMME = "activity_center.monthly_claim"
#: What an error row expects, for callers that tell these errors apart (the API gives each its own code).
DUPLICATE = "one attendance per user, center and day"
UNKNOWN_CENTER = "a center id of the center list"
CENTER_TWICE = "one type per center and date"


@attrs.frozen
class CenterMonth:
    """One center's claim for one month: counts, line items that add up to the amount, flags."""

    center_id: str
    month: date
    center_types: tuple[str, ...]
    user_days: int
    baths: int
    one_way_trips: int
    amount: int
    line_items: tuple[LineItem, ...]
    flags: tuple[Flag, ...] = ()
    notes: tuple[Note, ...] = ()


@attrs.frozen
class AttendanceBatch:
    """Every center's monthly claims, the city total and what happened to each row."""

    fiscal_year: int | None
    claims: tuple[CenterMonth, ...]
    total: int
    summary: RunSummary
    errors: tuple[RowError, ...]
    out_of_scope: tuple[OutOfScope, ...]
    warnings: tuple[Flag, ...]
    rules_version: str
    inputs: tuple[InputFile, ...]


def read_centers(paths: Sequence[Source], ledger: Ledger, encoding: str | None = None
                 ) -> dict[str, list[tuple[date, str]]]:
    """Center id → [(effective from, type)] sorted; a center without a date counts from the rules' start."""
    centers: dict[str, list[tuple[date, str]]] = defaultdict(list)
    seen: set[tuple[str, date]] = set()
    for path in paths:
        name = str(path)
        with ledger.table(path, CENTERS, encoding) as (cols, rows):
            for line, cells in rows:
                try:
                    center = parse_id(cells[cols["center_id"]], "center_id")
                    kind = activity_center.center_type(cells[cols["type"]], "type")
                    raw = cell(cells, cols, "effective_from")
                    since = parse_date(raw, "effective_from") if str(raw).strip() else date.min
                except InputError as err:
                    ledger.input_error(name, line, err)
                    continue
                if (center, since) in seen:
                    ledger.error(name, line, "effective_from", since if since != date.min else "",
                                 f"{CENTER_TWICE} ({center} already has one from this date)")
                    continue
                seen.add((center, since))
                centers[center].append((since, kind))
                ledger.use(name)
    for spans in centers.values():
        spans.sort()
    return centers


def run(attendance: Sequence[Source], *, centers: Sequence[Source], fiscal_year: int | None,
        rules: RuleSet | None = None, encoding: str | None = None, progress: Progress = None) -> AttendanceBatch:
    """The activity-center batch: center list + attendance rows → claims per center and month.

    Files or :class:`~kanoya_benefits.tabular.Records`; ``fiscal_year=None`` takes every row's day as it
    comes (nothing is out of scope; a day before the rules start is an error row).
    """
    rules = resolve(rules)
    if fiscal_year is None:
        start, end = date.min, date.max
    else:
        start, end = fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year)
        rules.at(start, field="fiscal_year")
    ledger = Ledger(progress)
    center_spans = read_centers(centers, ledger, encoding)
    epochs = sorted(d for d in rules.change_dates() if d <= end)
    max_trips = {e: rules.at(e)[activity_center.MAX_TRIPS] for e in epochs if e >= rules.start}
    # user-day → center id of its first row (or a tuple of centers when at several): duplicates and doubles
    # Kept per day, with each user id stored once (interned through ``users``), so an entry costs a
    # dict slot, not a tuple and a fresh string per row.
    seen: dict[date, dict[str, str | tuple[str, ...]]] = defaultdict(dict)
    users: dict[str, str] = {}
    counts: Counter[tuple[str, date, str, date, bool, int]] = Counter()
    # A year has few distinct date cells and center-days: parse and place each once (bounded caches).
    dates: dict[str, date] = {}
    places: dict[tuple[str, date], tuple[date, str, date, int] | str] = {}
    # raw cell text → what the full checks made of it in a used row (the fast path's caches)
    day_centers: dict[tuple[str, str], tuple[str, tuple[str, date, str, date], _OnDay, int]] = {}
    user_ids: dict[str, str] = {}
    bath_trips: dict[tuple[str, str], tuple[bool, int]] = {}
    for path in attendance:
        name = str(path)
        with ledger.table(path, ATTENDANCE, encoding) as (cols, rows):
            i_date, i_center, i_user = cols["date"], cols["center_id"], cols["user_id"]
            i_bath, i_trips = cols.get("bath"), cols.get("one_way_trips")
            # Fast path: a row whose cells were all seen before in a row that was used is counted from
            # caches keyed on the raw cell text (dates, center-days, ids, flags and trips repeat a lot);
            # anything else (a new or bad value, a duplicate) goes through the full checks below, which
            # fill the caches. Only text cells are cached: typed cells (Records) take the full path.
            fast = i_bath is not None and i_trips is not None
            j_bath = i_bath if i_bath is not None else -1
            j_trips = i_trips if i_trips is not None else -1
            used = 0
            for line, cells in rows:
                if fast:
                    try:
                        hit = day_centers.get((cells[i_date], cells[i_center]))
                        user = user_ids.get(cells[i_user])
                        bt = bath_trips.get((cells[j_bath], cells[j_trips]))
                    except TypeError:  # an unhashable typed cell
                        hit = None
                    if hit is not None and user is not None and bt is not None and bt[1] <= hit[3]:
                        center, on_day = hit[0], hit[2]
                        had = on_day.get(user)
                        if had is None:
                            on_day[user] = center
                            counts[hit[1] + bt] += 1
                            used += 1
                            continue
                try:
                    raw_day = cells[i_date]
                    day = dates.get(raw_day) if type(raw_day) is str else None
                    if day is None:
                        day = parse_date(raw_day, "date")
                        if type(raw_day) is str and len(dates) < _CACHE:
                            dates[raw_day] = day
                    center = parse_id(cells[i_center], "center_id")
                    user = parse_id(cells[i_user], "user_id")
                    bath = parse_flag(cells[i_bath], "bath") if i_bath is not None else False
                    trips = parse_count(cells[i_trips] or "0", "one_way_trips") if i_trips is not None else 0
                except InputError as err:
                    ledger.input_error(name, line, err)
                    continue
                if not start <= day <= end:
                    ledger.skip(name, line, f"利用日が{fiscal_year}年度の外",
                                f"dated outside fiscal year {fiscal_year}", day)
                    continue
                place = places.get((center, day))
                if place is None:
                    place = _place(center_spans, center, day, epochs, max_trips)
                    if len(places) < _CACHE:
                        places[(center, day)] = place
                if isinstance(place, str):
                    column, expected = place.split("|", 1)
                    ledger.error(name, line, column, center if column == "center_id" else day, expected)
                    continue
                month, kind, epoch, most = place
                if trips > most:
                    ledger.error(name, line, "one_way_trips", cells[i_trips] if i_trips is not None else trips,
                                 f"a whole number from 0 to {most}")
                    continue
                on_day = seen[day]
                had = on_day.get(user)
                if had is not None:
                    centers_there = had if isinstance(had, tuple) else (had,)
                    if center in centers_there:
                        ledger.error(name, line, "user_id", user,
                                     f"{DUPLICATE} ({center} {day}: already counted; "
                                     "the first row is used)")
                        continue
                    on_day[user] = (*centers_there, center)
                else:
                    user = users.setdefault(user, user)
                    on_day[user] = center
                counts[(center, month, kind, epoch, bath, trips)] += 1
                used += 1
                if fast:  # this row's raw cells are now known good: remember them (bounded caches)
                    raw = (cells[i_date], cells[i_center], cells[i_user], cells[j_bath], cells[j_trips])
                    if all(type(c) is str for c in raw):
                        if len(day_centers) < _CACHE:
                            day_centers[(raw[0], raw[1])] = (center, (center, month, kind, epoch), on_day, most)
                        if len(user_ids) < _CACHE:
                            user_ids[raw[2]] = user
                        if len(bath_trips) < _CACHE:
                            bath_trips[(raw[3], raw[4])] = (bath, trips)
            ledger.use(name, used)
    doubles: dict[tuple[str, date], list[tuple[str, date]]] = defaultdict(list)
    for day, on_day in seen.items():
        for user, where in on_day.items():
            if isinstance(where, tuple):
                for c in where:
                    doubles[(c, day.replace(day=1))].append((user, day))
    del seen, users, day_centers, user_ids
    claims = _claims(counts, doubles, rules)
    return AttendanceBatch(fiscal_year, claims, sum(c.amount for c in claims), ledger.summary(),
                           tuple(ledger.errors), tuple(ledger.out_of_scope), (), rules.version, tuple(ledger.inputs))


_CACHE = 100_000
_OnDay = dict[str, str | tuple[str, ...]]  # user → center (or centers) of one day


def _place(center_spans: dict[str, list[tuple[date, str]]], center: str, day: date, epochs: list[date],
           max_trips: dict[date, int]) -> tuple[date, str, date, int] | str:
    """(month, center type, rule epoch, most trips) of a center-day, or 'column|expected' when it has none."""
    spans = center_spans.get(center)
    if spans is None:
        return f"center_id|{UNKNOWN_CENTER}"
    k = bisect.bisect_right(spans, (day, "~")) - 1
    if k < 0:
        return f"date|a date on or after {spans[0][0]} (center {center} has no type before then)"
    e = bisect.bisect_right(epochs, day) - 1
    if e < 0 or epochs[e] not in max_trips:  # before the rules start: no rate to pay it at
        return f"date|a date on or after {min(max_trips)} (no rules in force before then)"
    epoch = epochs[e]
    return day.replace(day=1), spans[k][1], epoch, max_trips[epoch]


def _claims(counts: Counter[tuple[str, date, str, date, bool, int]],
            doubles: dict[tuple[str, date], list[tuple[str, date]]], rules: RuleSet) -> tuple[CenterMonth, ...]:
    per_claim: dict[tuple[str, date], dict[tuple[str, str, str, int, str], list[int]]] = defaultdict(dict)
    tallies: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    types: dict[tuple[str, date], set[str]] = defaultdict(set)
    notes: dict[tuple[str, date], dict[str, Note]] = defaultdict(dict)
    for (center, month, kind, epoch, bath, trips), n in counts.items():
        calc = activity_center.daily_amount(center_type=kind, on=epoch, bath=bath, one_way_trips=trips, rules=rules)
        key = (center, month)
        t = tallies[key]
        t[0] += n
        t[1] += n if bath else 0
        t[2] += n * trips
        types[key].add(kind)
        for note in calc.notes:
            notes[key].setdefault(note.parameter, note)
        lines = per_claim[key]
        for item in calc.line_items:
            # one line per (label, unit amount): a rate change within the month gives a line per rate
            ident = (item.label_ja, item.label_en, item.citation, item.unit_amount, item.parameter or "")
            qty = item.quantity * n
            if ident in lines:
                lines[ident][0] += qty
            else:
                lines[ident] = [qty]
    out = []
    for key in sorted(tallies, key=lambda k: (natural_key(k[0]), k[1])):
        items = tuple(
            LineItem(ja, en, q[0], unit, q[0] * unit, cit, param or None)
            for (ja, en, cit, unit, param), q in per_claim[key].items()
        )
        flags: tuple[Flag, ...] = ()
        if key in doubles:
            pairs = sorted(doubles[key])
            shown = ", ".join(f"{u} {d}" for u, d in pairs[:10]) + (" …" if len(pairs) > 10 else "")
            flags = (Flag("same_user_two_centers",
                          f"同じ利用者が同じ日に複数のセンターを利用（両方に支給、要確認）：{len(pairs)}件 {shown}",
                          f"the same user attended more than one center on the same day (both paid, review): "
                          f"{len(pairs)} user-days: {shown}"),)
        t = tallies[key]
        out.append(CenterMonth(key[0], key[1], tuple(sorted(types[key], key=len)), t[0], t[1], t[2],
                               sum(i.subtotal for i in items), items, flags, tuple(notes[key].values())))
    return tuple(out)
