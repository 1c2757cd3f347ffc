"""Mutual-aid rows per group and month → each group's monthly and annual subsidy (RULES.md §2).

Each group is computed with :func:`mutual_aid.annual_schedule`, so the switches
(subsidy-year counting, add-on rounding) act exactly as in the library. The
months paid run from the group's first subsidized month (or April) to the last
month listed; a month in that span with no row is paid the base with no costs
and flagged, since a month is subsidized whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import attrs

from .. import mutual_aid
from ..errors import InputError
from ..fiscal import fiscal_year_months, fiscal_year_of
from ..results import AnnualSchedule, Flag
from ..rules import RuleSet, resolve
from ..tabular import MUTUAL_AID
from ..textforms import natural_key, parse_id, parse_month, parse_yen
from .common import InputFile, Ledger, OutOfScope, Progress, RowError, RunSummary, cell


@attrs.frozen
class GroupYear:
    """One group's fiscal year: its first subsidized month and the twelve-month schedule."""

    group_id: str
    first_subsidized_month: date
    schedule: AnnualSchedule

    @property
    def amount(self) -> int:
        """The year's subsidy in whole yen."""
        return self.schedule.amount


@attrs.frozen
class MutualAidBatch:
    """Every group's year, the city total and what happened to each row."""

    fiscal_year: int
    groups: tuple[GroupYear, ...]
    total: int
    summary: RunSummary
    errors: tuple[RowError, ...]
    out_of_scope: tuple[OutOfScope, ...]
    warnings: tuple[Flag, ...]
    rules_version: str
    inputs: tuple[InputFile, ...]


@attrs.define
class _Group:
    first: date
    rent: dict[date, int] = attrs.field(factory=dict)
    challenge: dict[date, int] = attrs.field(factory=dict)


def _unpaid(group_id: str, schedule: AnnualSchedule, missing: list[date]) -> AnnualSchedule:
    """The schedule with the months that have no row paid 0 and flagged: a month is paid only on evidence.

    Such a month has no costs, so the year's rounding adjustment does not depend on it; only the sum of
    the months (the first year line) changes. The flag's yen at stake is what the month would have paid.
    """
    not_paid = sum(c.amount for c in schedule.months if c.on in missing)
    months = tuple(attrs.evolve(c, amount=0, line_items=(), caps=(), flags=(), notes=()) if c.on in missing else c
                   for c in schedule.months)
    first, *rest = schedule.line_items
    items = (attrs.evolve(first, quantity=1, unit_amount=first.subtotal - not_paid,
                          subtotal=first.subtotal - not_paid), *rest)
    shown = ", ".join(f"{m:%Y-%m}" for m in missing)
    flag = Flag("month_without_row", f"{group_id}：{shown}は行がない月のため不支給（要確認）",
                f"{group_id}: no row for this month ({shown}): not paid (review)", not_paid)
    return attrs.evolve(schedule, amount=schedule.amount - not_paid, months=months, line_items=items,
                        flags=(*schedule.flags, flag))


def run(paths: Sequence[str | Path], *, fiscal_year: int, rules: RuleSet | None = None,
        encoding: str | None = None, progress: Progress = None) -> MutualAidBatch:
    """The mutual-aid batch: rows per group and month → per-group monthly and annual totals."""
    rules = resolve(rules)
    months = fiscal_year_months(fiscal_year)
    rules.at(months[0], field="fiscal_year")
    ledger = Ledger(progress)
    groups: dict[str, _Group] = {}
    for path in paths:
        name = str(path)
        with ledger.table(path, MUTUAL_AID, encoding) as (cols, rows):
            for line, cells in rows:
                try:
                    group = parse_id(cells[cols["group_id"]], "group_id")
                    first = parse_month(cells[cols["first_subsidized_month"]], "first_subsidized_month")
                    month = parse_month(cells[cols["month"]], "month")
                    rent = parse_yen(cell(cells, cols, "rent_cost") or "0", "rent_cost")
                    challenge = parse_yen(cell(cells, cols, "challenge_cost") or "0", "challenge_cost")
                except InputError as err:
                    ledger.input_error(name, line, err)
                    continue
                if fiscal_year_of(month) != fiscal_year:
                    ledger.skip(name, line, f"対象月が{fiscal_year}年度の外",
                                f"month outside fiscal year {fiscal_year}", f"{month:%Y-%m}")
                    continue
                g = groups.get(group)
                if g is not None and g.first != first:
                    ledger.error(name, line, "first_subsidized_month", f"{first:%Y-%m}",
                                 f"the same first subsidized month on every row of group {group} "
                                 f"({g.first:%Y-%m} on its first row)")
                    continue
                if first > month:
                    ledger.error(name, line, "month", f"{month:%Y-%m}",
                                 f"a month on or after the first subsidized month ({first:%Y-%m})")
                    continue
                if g is None:
                    g = groups[group] = _Group(first)
                if month in g.rent:
                    ledger.error(name, line, "month", f"{month:%Y-%m}",
                                 f"one row per group and month ({group} {month:%Y-%m} already given; first row used)")
                    continue
                g.rent[month] = rent
                g.challenge[month] = challenge
                ledger.use(name)
    results = []
    for group_id in sorted(groups, key=natural_key):
        g = groups[group_id]
        last = max(g.rent)
        schedule = mutual_aid.annual_schedule(first_subsidized_month=g.first, fiscal_year=fiscal_year,
                                              rent_cost=g.rent, challenge_cost=g.challenge,
                                              last_subsidized_month=last, rules=rules)
        missing = [m for m in months if max(g.first, months[0]) <= m <= last and m not in g.rent]
        if missing:
            schedule = _unpaid(group_id, schedule, missing)
        results.append(GroupYear(group_id, g.first, schedule))
    return MutualAidBatch(fiscal_year, tuple(results), sum(g.amount for g in results), ledger.summary(),
                          tuple(ledger.errors), tuple(ledger.out_of_scope), (), rules.version, tuple(ledger.inputs))
