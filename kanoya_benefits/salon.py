"""高齢者サロン等加入促進事業: the salon enrollment grant (RULES.md §1).

Grant = min(4,000 × first-time + 2,000 × additional, 50,000) per group and
fiscal year; the figures come from the rules data.
"""

from __future__ import annotations

from datetime import date

from . import _check
from ._shared import Cap, Lines
from .fiscal import fiscal_year_of, fiscal_year_start
from .results import Calculation, CapApplied, LineItem
from .rules import RuleSet, shipped_rules

PROGRAMME = "salon.enrollment_grant"
FIRST = "salon.first_time_per_member"
ADDITIONAL = "salon.additional_per_member"
CAP = "salon.group_cap"


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
    uncapped = first_time * year.first.unit + additional * year.additional.unit
    items: tuple[LineItem, ...] = ()
    if first_time:
        items += (year.first.times(first_time),)
    if additional:
        items += (year.additional.times(additional),)
    caps: tuple[CapApplied, ...] = ()
    amount = uncapped
    if uncapped > year.cap.cap:
        amount = year.cap.cap
        record, line = year.cap.applied(uncapped)
        caps, items = (record,), (*items, line)
    # positional: a frozen attrs __init__ called with keywords costs about twice as much
    return Calculation(PROGRAMME, amount, year.day, items, rules.version, caps, (), year.notes, year.fiscal_year)


class _Year:
    """What the grant takes from the rules for one ``on`` date: the figures of 1 April of its
    fiscal year, with their line items, cap and notes made once (see kanoya_benefits._shared)."""

    __slots__ = ("additional", "cap", "day", "first", "fiscal_year", "notes")

    def __init__(self, rules: RuleSet, on: date) -> None:
        self.fiscal_year = fiscal_year_of(on)
        rules.at(on)  # a date before the rules start is an error even if 1 April would be too
        snap = rules.at(fiscal_year_start(self.fiscal_year))
        self.day = snap.day
        self.first = Lines("新規加入者（初回）", "first-time new members", snap[FIRST], snap.citation(FIRST), FIRST)
        self.additional = Lines("新規加入者（既加入者）", "additional new members", snap[ADDITIONAL],
                                snap.citation(ADDITIONAL), ADDITIONAL)
        self.cap = Cap(CAP, snap[CAP], snap.citation(CAP), "1グループ当たり上限", "cap per group",
                       "上限による減額", "reduction to the cap per group")
        self.notes = snap.notes(CAP)


def _year(rules: RuleSet, on: date) -> _Year:
    return rules.remember(PROGRAMME, on, _Year(rules, on))
