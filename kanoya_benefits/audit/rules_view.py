"""Rule sets as auditors read them: every value in force on a day, and what differs between two.

Values are shown in plain JSON-ready form (a ratio as '1/2', the catalogue as a
mapping) so the CLI, the API and the report print the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from ..rules import Activity, Entry, RuleSet


@attrs.frozen
class ValueInForce:
    """One parameter's value on a day, with its status and citation."""

    parameter: str
    value: Any
    unit: str
    status: str
    effective: date
    citation: str
    description_ja: str
    description_en: str


@attrs.frozen
class ParameterChange:
    """One difference between two rule sets (or two dates) for a parameter."""

    parameter: str
    change: str  # added | removed | changed
    effective: date | None
    old: Any
    new: Any
    old_status: str | None
    new_status: str | None
    citation: str


def display(value: Any) -> Any:
    """A rule value in JSON-ready form."""
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, tuple) and len(value) == 2:
        return {"min": value[0], "max": value[1]}
    if isinstance(value, Mapping):
        return {k: display(v) for k, v in value.items()}
    if isinstance(value, Activity):
        return {"kind": value.kind, "points": value.points, "name_ja": value.name_ja, "name_en": value.name_en}
    return value


def values_in_force(rules: RuleSet, day: date) -> tuple[ValueInForce, ...]:
    """Every parameter's value in force on ``day`` (before the rules start: NoRuleInForceError)."""
    snap = rules.at(day)
    out = []
    for name, param in rules.parameters.items():
        entry = param.entry_on(day)
        if entry is None:
            continue
        snap[name]
        out.append(ValueInForce(name, display(entry.value), param.unit, entry.status, entry.effective,
                                entry.reference, param.description_ja, param.description_en))
    return tuple(out)


def _change(name: str, kind: str, old: Entry | None, new: Entry | None) -> ParameterChange:
    ref = (new or old).reference if (new or old) is not None else ""  # type: ignore[union-attr]
    eff = new.effective if new is not None else old.effective if old is not None else None
    return ParameterChange(name, kind, eff, None if old is None else display(old.value),
                           None if new is None else display(new.value), None if old is None else old.status,
                           None if new is None else new.status, ref)


def diff_rule_sets(a: RuleSet, b: RuleSet) -> tuple[ParameterChange, ...]:
    """Every dated entry added, removed or changed going from rule set ``a`` to ``b``."""
    out: list[ParameterChange] = []
    for name in sorted(set(a.parameters) | set(b.parameters)):
        old = {e.effective: e for e in a.parameters[name].entries} if name in a.parameters else {}
        new = {e.effective: e for e in b.parameters[name].entries} if name in b.parameters else {}
        for day in sorted(set(old) | set(new)):
            o, n = old.get(day), new.get(day)
            if o is None:  # show what was in force on that date before, for reading the change
                before = a.parameters[name].entry_on(day) if name in a.parameters else None
                out.append(attrs.evolve(_change(name, "added", before, n), effective=day))
            elif n is None:
                out.append(_change(name, "removed", o, None))
            elif (o.value, o.status) != (n.value, n.status):
                out.append(_change(name, "changed", o, n))
    return tuple(out)


def diff_dates(rules: RuleSet, first: date, second: date) -> tuple[ParameterChange, ...]:
    """Every parameter whose value in force differs between two dates."""
    out: list[ParameterChange] = []
    for name, param in rules.parameters.items():
        o, n = param.entry_on(first), param.entry_on(second)
        if o is None and n is None:
            continue
        if o is None or n is None:
            out.append(_change(name, "added" if o is None else "removed", o, n))
        elif (o.value, o.status) != (n.value, n.status):
            out.append(_change(name, "changed", o, n))
    return tuple(out)
