"""高齢者サロン等加入促進事業: the salon enrollment grant (RULES.md §1).

Grant = min(4,000 × first-time + 2,000 × additional, 50,000) per group and
fiscal year; the figures come from the rules data.
"""

from __future__ import annotations

from datetime import date

from . import _check
from ._shared import KEEP, Cap, Lines
from .fiscal import fiscal_year_of, fiscal_year_start
from .results import Calculation, CapApplied, LineItem
from .rules import RuleSet, shipped_rules

PROGRAMME = "salon.enrollment_grant"
FIRST = "salon.first_time_per_member"
ADDITIONAL = "salon.additional_per_member"
CAP = "salon.group_cap"
YEARS = "salon.enrollment_grant/years"  # table of derived pieces per fiscal year


def enrollment_grant(*, first_time: int, additional: int, on: date, rules: RuleSet | None = None) -> Calculation:
    """A group's grant for its first-time and additional new members.

    ``on`` names the fiscal year; as an annual amount the grant uses the rules
    in force on 1 April of that fiscal year.
    """
    # Why inline tests before each check: valid input then costs no call (a third of the time of a
    # calculation); the _check function still makes every error, so its wording has one home.
    if type(first_time) is not int or first_time < 0:
        _check.count("first_time", first_time)
    if type(additional) is not int or additional < 0:
        _check.count("additional", additional)
    if type(on) is not date:
        _check.day("on", on)
    if rules is None:
        rules = shipped_rules()
    year = rules.derived[PROGRAMME].get(on) or _year(rules, on)
    items, caps, amount = year.by_counts.get((first_time, additional)) or year.working(first_time, additional)
    # positional: a frozen attrs __init__ called with keywords costs about twice as much
    return Calculation(PROGRAMME, amount, year.day, items, rules.version, caps, (), year.notes, year.fiscal_year)


#: The working of one grant: line items, caps applied, amount.
_Working = tuple[tuple[LineItem, ...], tuple[CapApplied, ...], int]


class _Year:
    """What the grant takes from the rules of 1 April of a fiscal year, made once per rule set and
    year: the figures with their line items, cap and notes, and the working of each pair of member
    counts met so far (see kanoya_benefits._shared)."""

    __slots__ = ("additional", "by_counts", "cap", "day", "first", "fiscal_year", "notes")

    def __init__(self, rules: RuleSet, fiscal_year: int) -> None:
        self.fiscal_year = fiscal_year
        snap = rules.at(fiscal_year_start(fiscal_year))
        self.day = snap.day
        self.first = Lines("新規加入者（初回）", "first-time new members", snap[FIRST], snap.citation(FIRST), FIRST)
        self.additional = Lines("新規加入者（既加入者）", "additional new members", snap[ADDITIONAL],
                                snap.citation(ADDITIONAL), ADDITIONAL)
        self.cap = Cap(CAP, snap[CAP], snap.citation(CAP), "1グループ当たり上限", "cap per group",
                       "上限による減額", "reduction to the cap per group")
        self.notes = snap.notes(CAP)
        self.by_counts: dict[tuple[int, int], _Working] = {}

    def working(self, first_time: int, additional: int) -> _Working:
        """Line items, caps and amount for these counts: min(first × rate + additional × rate, cap)."""
        items: tuple[LineItem, ...] = ()
        if first_time:
            items += (self.first.times(first_time),)
        if additional:
            items += (self.additional.times(additional),)
        uncapped = first_time * self.first.unit + additional * self.additional.unit
        caps: tuple[CapApplied, ...] = ()
        amount = uncapped
        if uncapped > self.cap.cap:
            amount = self.cap.cap
            record, line = self.cap.applied(uncapped)
            caps, items = (record,), (*items, line)
        working = (items, caps, amount)
        if len(self.by_counts) < KEEP:
            self.by_counts[(first_time, additional)] = working
        return working


def _year(rules: RuleSet, on: date) -> _Year:
    """The fiscal year's pieces for ``on``, shared by every day of that year."""
    rules.at(on)  # a date before the rules start is an error even if 1 April would be too
    fiscal_year = fiscal_year_of(on)
    year = rules.derived[YEARS].get(fiscal_year) or rules.remember(YEARS, fiscal_year, _Year(rules, fiscal_year))
    return rules.remember(PROGRAMME, on, year)
