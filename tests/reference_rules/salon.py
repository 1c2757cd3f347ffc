"""高齢者サロン等加入促進事業: the salon enrollment grant (RULES.md §1).

Grant = min(4,000 × first-time + 2,000 × additional, 50,000) per group and
fiscal year; the figures come from the rules data.
"""

from __future__ import annotations

from datetime import date

from kanoya_benefits.fiscal import fiscal_year_of, fiscal_year_start
from kanoya_benefits.results import Calculation, CapApplied, LineItem
from kanoya_benefits.rules import RuleSet, resolve
from tests.reference_rules import _check

PROGRAMME = "salon.enrollment_grant"
FIRST = "salon.first_time_per_member"
ADDITIONAL = "salon.additional_per_member"
CAP = "salon.group_cap"


def enrollment_grant(*, first_time: int, additional: int, on: date, rules: RuleSet | None = None) -> Calculation:
    """A group's grant for its first-time and additional new members.

    ``on`` names the fiscal year; as an annual amount the grant uses the rules
    in force on 1 April of that fiscal year.
    """
    _check.count("first_time", first_time)
    _check.count("additional", additional)
    _check.day("on", on)
    rules = resolve(rules)
    fy = fiscal_year_of(on)
    rules.at(on)  # a date before the rules start is an error even if 1 April would be too
    snap = rules.at(fiscal_year_start(fy))
    first_rate, add_rate, cap = snap[FIRST], snap[ADDITIONAL], snap[CAP]
    items = []
    if first_time:
        items.append(LineItem("新規加入者（初回）", "first-time new members", first_time, first_rate,
                              first_time * first_rate, snap.citation(FIRST), FIRST))
    if additional:
        items.append(LineItem("新規加入者（既加入者）", "additional new members", additional, add_rate,
                              additional * add_rate, snap.citation(ADDITIONAL), ADDITIONAL))
    uncapped = first_time * first_rate + additional * add_rate
    caps: tuple[CapApplied, ...] = ()
    amount = uncapped
    if uncapped > cap:
        amount = cap
        caps = (CapApplied(CAP, "1グループ当たり上限", "cap per group", cap, uncapped, cap),)
        items.append(LineItem("上限による減額", "reduction to the cap per group", 1, cap - uncapped,
                              cap - uncapped, snap.citation(CAP), CAP))
    return Calculation(
        programme=PROGRAMME, amount=amount, on=snap.day, line_items=tuple(items),
        rules_version=rules.version, caps=caps, notes=snap.notes(CAP), fiscal_year=fy,
    )
