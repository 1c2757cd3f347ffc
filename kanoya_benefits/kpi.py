"""The evaluation indicators (事業の評価指標) and achievement ratios against their targets.

Ratios are exact fractions (actual / target); the display percentage is cut (never
rounded up) to one decimal, and shown whole when the tenths are zero: 50 of 60 →
83.3%, 12 of 12 → 100%. No float is involved.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import floor
from typing import Any

import attrs

from ._registry_checks import Reader, Text, check_id
from .errors import InputError

GROUPS: Mapping[str, Text] = {
    "consultation-support": Text("相談支援", "consultation support"),
    "community-building-support": Text("地域づくり支援", "support for community building"),
}


class UnknownIndicatorError(InputError):
    """Actual figures were given for an indicator the targets data does not have."""

    code = "unknown_indicator"


@attrs.frozen
class Indicator:
    """One evaluation indicator and its yearly target."""

    id: str
    group: str
    label: Text
    target: int
    unit: Text
    citation: str


@attrs.frozen
class KpiResult:
    """One indicator's achievement: actual / target as an exact Fraction."""

    indicator: str
    label: Text
    target: int
    actual: int
    ratio: Fraction
    percent: str
    achieved: bool
    citation: str


@attrs.frozen
class KpiEvaluation:
    """The achievement of every indicator given; ``not_given`` lists those without actuals."""

    results: tuple[KpiResult, ...]
    not_given: tuple[str, ...]


def percent_text(ratio: Fraction) -> str:
    """A ratio as a percentage cut to one decimal: 5/6 → '83.3%', 1 → '100%'."""
    tenths = floor(ratio * 1000)
    whole, tenth = divmod(tenths, 10)
    return f"{whole}%" if tenth == 0 else f"{whole}.{tenth}%"


def evaluate(indicators: tuple[Indicator, ...], actuals: Any) -> KpiEvaluation:
    """Achievement ratios for the actual figures given, by indicator id."""
    if not isinstance(actuals, Mapping):
        raise InputError("actuals", "a mapping of indicator id to a whole number", actuals)
    known = {i.id: i for i in indicators}
    for name, value in actuals.items():
        if name not in known:
            raise UnknownIndicatorError(f"actuals.{name}", f"one of {sorted(known)}", name)
        if type(value) is not int or value < 0:
            raise InputError(f"actuals.{name}", "a whole number of 0 or more", value)
    results = []
    for ind in indicators:
        if ind.id not in actuals:
            continue
        actual = actuals[ind.id]
        ratio = Fraction(actual, ind.target)
        results.append(KpiResult(ind.id, ind.label, ind.target, actual, ratio, percent_text(ratio),
                                 actual >= ind.target, ind.citation))
    return KpiEvaluation(tuple(results), tuple(i.id for i in indicators if i.id not in actuals))


def parse_targets(data: Any, file: str) -> tuple[Indicator, ...]:
    """Validate ``targets.yaml`` (already parsed)."""
    top = Reader(data, file, "", required={"indicators"})
    out = []
    for iid, raw in top.items("indicators"):
        key = f"indicators.{iid}"
        check_id(iid, file, key)
        r = Reader(raw, file, key, required={"group", "label", "target", "unit", "citation"})
        out.append(Indicator(iid, str(r.choice("group", GROUPS)), r.pair("label"), r.count("target", minimum=1),
                             r.pair("unit"), r.text("citation")))
    return tuple(out)
