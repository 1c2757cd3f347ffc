"""Compare on finance staff's batch inputs: the same files under the current rules and a reform.

Each batch of :mod:`kanoya_benefits.batch` is run twice per fiscal year; rows
are paired by group, center-month or person. Input rows in error are the same
under both rule sets and are listed once, with file and line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..batch import attendance, mutual_aid_year, points_year, salon_roster
from ..errors import InputError
from ..rules import RuleSet
from .compare import Comparison, ComparisonRow, build, compare_one
from .programmes import Working, of_calculation, of_schedule, of_tally

KINDS = ("salon", "mutual-aid", "activity-center", "points")


def _claim_working(claim: Any, version: str, fiscal_year: int) -> Working:
    return Working(claim.amount, claim.amount, claim.line_items, version, fiscal_year, (), claim.flags, claim.notes)


def _units(kind: str, batch: Any) -> dict[str, tuple[str, Working]]:
    """key → (programme, working) for every group, center-month or person of a batch result."""
    fy = batch.fiscal_year
    if kind == "salon":
        return {g.group_id: ("salon.enrollment_grant", of_calculation(g.grant)) for g in batch.groups}
    if kind == "mutual-aid":
        return {g.group_id: ("mutual_aid.annual_schedule", of_schedule(g.schedule)) for g in batch.groups}
    if kind == "activity-center":
        return {f"{c.center_id} {c.month:%Y-%m}": ("activity_center.monthly_claim",
                                                      _claim_working(c, batch.rules_version, fy))
                for c in batch.claims}
    return {p.person_id: ("points.total_stamps", of_tally(p.tally)) for p in batch.persons}


def _runner(kind: str, inputs: Sequence[str | Path], centers: Sequence[str | Path], catalogue: str | Path | None,
            encoding: str | None) -> Callable[[int, RuleSet], Any]:
    if kind == "salon":
        return lambda fy, rules: salon_roster.run(inputs, fiscal_year=fy, rules=rules, encoding=encoding)
    if kind == "mutual-aid":
        return lambda fy, rules: mutual_aid_year.run(inputs, fiscal_year=fy, rules=rules, encoding=encoding)
    if kind == "activity-center":
        if not centers:
            raise InputError("centers", "the center list (center id, type, effective from) for attendance", None)
        return lambda fy, rules: attendance.run(inputs, centers=centers, fiscal_year=fy, rules=rules,
                                                encoding=encoding)
    if kind == "points":
        return lambda fy, rules: points_year.run(inputs, fiscal_year=fy, rules=rules, catalogue=catalogue,
                                                 encoding=encoding)
    raise InputError("kind", f"one of {list(KINDS)}", kind)


def _lookup(key: str, old: dict[str, tuple[str, Working]], new: dict[str, tuple[str, Working]],
            base: RuleSet) -> Callable[[RuleSet], Working]:
    """A row's working under either rule set, from the two batch results already computed."""
    def compute(rules: RuleSet) -> Working:
        units = old if rules is base else new
        if key not in units:
            raise InputError("key", "a row present under both rule sets", key)
        return units[key][1]

    return compute


def compare_batch(kind: str, inputs: Sequence[str | Path], *, fiscal_years: Sequence[int], base: RuleSet,
                  reform: RuleSet, centers: Sequence[str | Path] = (), catalogue: str | Path | None = None,
                  encoding: str | None = None) -> tuple[Comparison, tuple[str, ...]]:
    """Run a batch under both rule sets for each fiscal year; also the input rows in error (file:line: …)."""
    run = _runner(kind, inputs, centers, catalogue, encoding)
    rows: list[ComparisonRow] = []
    problems: list[str] = []
    for fy in fiscal_years:
        old, new = run(fy, base), run(fy, reform)
        old_units, new_units = _units(kind, old), _units(kind, new)
        for err in old.errors:
            problems.append(f"{err.message}")
        for err in new.errors:
            if err not in old.errors:
                problems.append(f"reform only: {err.message}")
        for key in list(old_units) + [k for k in new_units if k not in old_units]:
            programme = (old_units.get(key) or new_units[key])[0]
            rows.append(compare_one(key, programme, _lookup(key, old_units, new_units, base), base, reform))
    return build(rows, base, reform), tuple(problems)
