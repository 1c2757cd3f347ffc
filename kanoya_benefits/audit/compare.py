"""What a reform would change: the same inputs under the current rules and the reform.

Each row (a case, group, center-month or person) has the old yen, the new yen
and the difference; the totals per programme and fiscal year are the budget
impact. Totals are sums of the rows, so they always agree with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from ..errors import KanoyaError
from ..rules import RuleSet
from .cases import Case, CaseBook
from .programmes import Working
from .runner import error_code, execute

CHANGED, UNCHANGED, ERRORED = "changed", "unchanged", "errored"


@attrs.frozen
class ComparisonRow:
    """One case, group, center-month or person under both rule sets."""

    key: str
    programme: str
    fiscal_year: int | None
    old: int | None
    new: int | None
    difference: int | None
    status: str  # changed | unchanged | errored
    error: str | None = None
    file: str | None = None
    line: int | None = None
    old_working: Working | None = None
    new_working: Working | None = None


@attrs.frozen
class ImpactTotal:
    """The budget impact of a reform on one programme in one fiscal year."""

    programme: str
    fiscal_year: int | None
    rows: int
    changed: int
    old: int
    new: int
    difference: int


@attrs.frozen
class Comparison:
    """Every row under both rule sets, and the impact per programme and fiscal year."""

    base_source: str
    base_version: str
    reform_source: str
    reform_version: str
    rows: tuple[ComparisonRow, ...]
    totals: tuple[ImpactTotal, ...]
    total_difference: int
    errored: int


def _message(err: Exception) -> str:
    return str(err) if isinstance(err, KanoyaError) else f"{type(err).__name__}: {err}"


def compare_one(key: str, programme: str, compute: Callable[[RuleSet], Working], base: RuleSet,
                reform: RuleSet, *, file: str | None = None, line: int | None = None) -> ComparisonRow:
    """One row: ``compute`` run under both rule sets (an error on either side is reported, not raised)."""
    outcomes: list[Working | Exception] = []
    for rules in (base, reform):
        try:
            outcomes.append(compute(rules))
        except Exception as exc:  # one row's error must not stop the comparison
            outcomes.append(exc)
    old, new = outcomes
    if isinstance(old, Working) and isinstance(new, Working):
        diff = new.amount - old.amount
        return ComparisonRow(key, programme, old.fiscal_year, old.amount, new.amount, diff,
                             CHANGED if diff else UNCHANGED, None, file, line, old, new)
    if isinstance(old, Exception) and isinstance(new, Exception) and error_code(old) == error_code(new):
        return ComparisonRow(key, programme, None, None, None, None, UNCHANGED,
                             f"both rule sets: {_message(old)}", file, line)
    side = "current rules" if isinstance(old, Exception) else "reform"
    failure = old if isinstance(old, Exception) else new
    assert isinstance(failure, Exception)
    return ComparisonRow(key, programme, None, old.amount if isinstance(old, Working) else None,
                         new.amount if isinstance(new, Working) else None, None, ERRORED,
                         f"{side}: {_message(failure)}", file, line,
                         old if isinstance(old, Working) else None, new if isinstance(new, Working) else None)


def build(rows: Iterable[ComparisonRow], base: RuleSet, reform: RuleSet) -> Comparison:
    """A comparison from its rows: totals per programme and fiscal year are the rows' sums."""
    rows = tuple(rows)
    acc: dict[tuple[str, int | None], list[int]] = {}
    for r in rows:
        if r.old is None or r.new is None or r.difference is None:
            continue
        t = acc.setdefault((r.programme, r.fiscal_year), [0, 0, 0, 0, 0])
        t[0] += 1
        t[1] += r.status == CHANGED
        t[2] += r.old
        t[3] += r.new
        t[4] += r.difference
    order = sorted(acc.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
    totals = tuple(ImpactTotal(p, fy, *v) for (p, fy), v in order)
    return Comparison(base.source, base.version, reform.source, reform.version, rows, totals,
                      sum(t.difference for t in totals), sum(1 for r in rows if r.status == ERRORED))


def compare_cases(book: CaseBook | Iterable[Case], base: RuleSet, reform: RuleSet) -> Comparison:
    """Run every case under both rule sets (expected values are not checked here)."""
    cases = book.cases if isinstance(book, CaseBook) else tuple(book)

    def computer(case: Case) -> Callable[[RuleSet], Working]:
        return lambda rules: execute(case, rules)

    rows = [compare_one(c.name, c.programme, computer(c), base, reform, file=c.file, line=c.line) for c in cases]
    return build(rows, base, reform)


def by_programme(comparison: Comparison) -> dict[str, int]:
    """The budget impact per programme over all fiscal years (for the chart)."""
    out: dict[str, int] = {}
    for t in comparison.totals:
        out[t.programme] = out.get(t.programme, 0) + t.difference
    return out
