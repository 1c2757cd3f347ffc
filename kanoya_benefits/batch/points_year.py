"""Points stamp rows → each registrant's points and yen for a fiscal year (RULES.md §4).

Stamps are counted per (person, activity, day) as they stream in, so memory
grows with distinct stamps, not with repeated rows; each person is then totalled
once with :func:`points.total_stamps` (repeats, daily cap, yearly cap, rate).
An override catalogue (CSV ``activity_id,kind,points``) is validated like rules
data and folded into the rules, so its hash enters the rules version.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import attrs

from .. import points
from ..errors import InputError, RulesDataError
from ..fiscal import fiscal_year_end, fiscal_year_start
from ..results import Flag, PointsTally
from ..rules import ACTIVITY_KINDS, Activity, RuleSet, resolve
from ..tabular import CATALOGUE, STAMPS, UnusableInputError, open_table
from ..textforms import natural_key, parse_count, parse_date, parse_id
from .common import InputFile, Ledger, OutOfScope, Progress, RowError, RunSummary


@attrs.frozen
class PersonPoints:
    """One registrant's fiscal year: the tally with its conversion to yen."""

    person_id: str
    tally: PointsTally

    @property
    def points(self) -> int:
        """Points counted for the year."""
        return self.tally.points

    @property
    def amount(self) -> int:
        """Yen after the yearly cap."""
        return self.tally.amount


@attrs.frozen
class PointsBatch:
    """Every registrant's points and yen, the city total and what happened to each row."""

    fiscal_year: int
    persons: tuple[PersonPoints, ...]
    total: int
    summary: RunSummary
    errors: tuple[RowError, ...]
    out_of_scope: tuple[OutOfScope, ...]
    warnings: tuple[Flag, ...]
    rules_version: str
    inputs: tuple[InputFile, ...]


def with_catalogue(rules: RuleSet, path: str | Path, encoding: str | None = None) -> RuleSet:
    """The rules with the points catalogue replaced by a CSV file's (validated like rules data).

    Every row must be valid: a catalogue is rules data, so one bad row refuses the file.
    """
    name = str(path)
    param = rules.parameter(points.CATALOGUE)
    rng = rules.parameter("points.points_per_activity")
    catalogue: dict[str, Activity] = {}
    with open_table(path, CATALOGUE, encoding=encoding) as table:
        cols = table.columns
        for row in table.rows():
            if not isinstance(row, tuple):
                raise RulesDataError(name, f"line {row.line}", row.problem)
            line, cells = row
            try:
                aid = parse_id(cells[cols["activity_id"]], "activity_id")
                kind = str(cells[cols["kind"]]).strip().lower()
                pts = parse_count(cells[cols["points"]], "points")
            except InputError as err:
                raise RulesDataError(name, f"line {line}.{err.field}", f"expected {err.expected}, got {err.got!r}") \
                    from None
            kind = {"参加型": "participation", "ボランティア型": "volunteer"}.get(kind, kind)
            if kind not in ACTIVITY_KINDS:
                raise RulesDataError(name, f"line {line}.kind", f"expected one of {list(ACTIVITY_KINDS)}, got {kind!r}")
            if aid in catalogue:
                raise RulesDataError(name, f"line {line}.activity_id", f"{aid} is listed twice")
            names = {k: str(cells[cols[k]]).strip() for k in ("name_ja", "name_en") if k in cols}
            catalogue[aid] = Activity(aid, kind, pts, **names)
    if not catalogue:
        raise UnusableInputError(name, "the catalogue lists no activity")
    for entry in rng.entries:  # the stated range of points per activity, on each of its dates
        lo, hi = entry.value
        for aid, act in catalogue.items():
            if not lo <= act.points <= hi:
                raise RulesDataError(name, f"{aid}.points", f"expected {lo} to {hi} points per activity, "
                                     f"got {act.points}")
    content = Path(path).read_bytes()
    values = {e.effective: catalogue for e in param.entries}  # replaces the catalogue on every date it had one
    return rules.with_values(points.CATALOGUE, values, label=f"catalogue {Path(path).name}", content=content,
                             reference=f"override catalogue {Path(path).name}")


def run(paths: Sequence[str | Path], *, fiscal_year: int, rules: RuleSet | None = None,
        catalogue: str | Path | None = None, encoding: str | None = None, progress: Progress = None) -> PointsBatch:
    """The points batch: stamp rows → each person's points and yen for the fiscal year."""
    rules = resolve(rules)
    if catalogue is not None:
        rules = with_catalogue(rules, catalogue, encoding)
    start, end = fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year)
    rules.at(start, field="fiscal_year")
    ledger = Ledger(progress)
    stamps: dict[str, Counter[tuple[str, date]]] = defaultdict(Counter)
    known: dict[date, dict[str, Activity]] = {}
    people: dict[str, str] = {}  # raw cell text → what the full checks made of it in a used row
    pairs: dict[tuple[str, str], tuple[str, date]] = {}
    ids: dict[str, str] = {}  # each person id stored once
    for path in paths:
        name = str(path)
        with ledger.table(path, STAMPS, encoding) as (cols, rows):
            i_person, i_act, i_day = cols["person_id"], cols["activity_id"], cols["stamped_on"]
            # Fast path: raw person ids and (activity, day) cells seen before in a used row are taken from
            # caches keyed on the cell text (ids and dates repeat a lot); a new or bad value goes through
            # the full checks below, which fill the caches. Typed cells (Records) always take that path.
            used = 0
            for line, cells in rows:
                try:
                    person = people.get(cells[i_person])
                    stamp = pairs.get((cells[i_act], cells[i_day]))
                except TypeError:  # an unhashable typed cell
                    person = None
                if person is not None and stamp is not None:
                    stamps[person][stamp] += 1
                    used += 1
                    continue
                try:
                    person = parse_id(cells[i_person], "person_id")
                    activity = parse_id(cells[i_act], "activity_id")
                    day = parse_date(cells[i_day], "stamped_on")
                except InputError as err:
                    ledger.input_error(name, line, err)
                    continue
                if not start <= day <= end:
                    ledger.skip(name, line, f"活動日が{fiscal_year}年度の外",
                                f"stamped outside fiscal year {fiscal_year}", day)
                    continue
                cat = known.get(day)
                if cat is None:
                    cat = known[day] = rules.at(day)[points.CATALOGUE]
                if activity not in cat:
                    ledger.error(name, line, "activity_id", activity, "an activity id of the points catalogue")
                    continue
                person = ids.setdefault(person, person)
                stamps[person][(activity, day)] += 1
                used += 1
                raw = (cells[i_person], cells[i_act], cells[i_day])
                if all(type(c) is str for c in raw):  # known good now: remember them (bounded caches)
                    if len(people) < _CACHE:
                        people[raw[0]] = person
                    if len(pairs) < _CACHE:
                        pairs[(raw[1], raw[2])] = (activity, day)
            ledger.use(name, used)
    del people, pairs, ids
    persons = []
    for person in sorted(stamps, key=natural_key):
        expanded = [stamp for stamp, n in stamps[person].items() for _ in range(n)]
        persons.append(PersonPoints(person, points.total_stamps(expanded, fiscal_year=fiscal_year, rules=rules)))
    return PointsBatch(fiscal_year, tuple(persons), sum(p.amount for p in persons), ledger.summary(),
                       tuple(ledger.errors), tuple(ledger.out_of_scope), (points.ASSUMED_WARNING,), rules.version,
                       tuple(ledger.inputs))


_CACHE = 100_000
