"""地域活動支援センター事業: the activity-center daily amount (RULES.md §3).

Per user-day: base by center type + ¥400 bath + ¥600 per one-way trip (0–2),
all from the rules in force on that day.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from kanoya_benefits.errors import InputError
from kanoya_benefits.results import Calculation, LineItem
from kanoya_benefits.rules import RuleSet, resolve
from tests.reference_rules import _check

PROGRAMME = "activity_center.daily_amount"
BATH = "activity_center.bath_add_on"
TRIP = "activity_center.transport_add_on"
MAX_TRIPS = "activity_center.max_one_way_trips"
CENTER_TYPES = ("I", "II", "III")
RATE = {t: f"activity_center.daily_rate_type_{t.lower()}" for t in CENTER_TYPES}
_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "1": "I", "2": "II", "3": "III", "I": "I", "II": "II", "III": "III"}
_TYPE_LABEL = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ"}


def center_type(value: Any, field: str = "center_type") -> str:
    """Normalise a center type to 'I', 'II' or 'III'.

    Accepts 1/2/3, "I"/"II"/"III", "Ⅰ"/"Ⅱ"/"Ⅲ", full-width forms and a trailing 型 or "type".
    """
    if type(value) is int:
        key = str(value)
    elif isinstance(value, str):
        key = unicodedata.normalize("NFKC", value).strip().upper()
        key = key.removesuffix("型").removeprefix("TYPE").strip()
        key = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III"}.get(key, key)  # NFKC keeps these as letters
    else:
        key = ""
    if key not in _ROMAN:
        raise InputError(field, "a center type: I, II or III (also 1–3, Ⅰ–Ⅲ, Ⅰ型)", value)
    return _ROMAN[key]


def daily_amount(*, center_type: Any, on: date, bath: bool = False, one_way_trips: int = 0,
                 rules: RuleSet | None = None) -> Calculation:
    """One user's day at a center: base rate, bath and transport add-ons."""
    kind = _center_type(center_type)
    _check.day("on", on)
    if type(bath) is not bool:
        raise InputError("bath", "true or false", bath)
    rules = resolve(rules)
    snap = rules.at(on)
    most = snap[MAX_TRIPS]
    _check.count("one_way_trips", one_way_trips, most=most)
    rate_name = RATE[kind]
    base = snap[rate_name]
    label = _TYPE_LABEL[kind]
    items = [LineItem(f"基準単価（{label}型）", f"base rate, Type {label}", 1, base, base,
                      snap.citation(rate_name), rate_name)]
    used = [rate_name]
    if bath:
        add = snap[BATH]
        items.append(LineItem("入浴加算", "bath add-on", 1, add, add, snap.citation(BATH), BATH))
        used.append(BATH)
    if one_way_trips:
        per = snap[TRIP]
        items.append(LineItem("送迎加算（片道）", "transport add-on (one-way trips)", one_way_trips, per,
                              one_way_trips * per, snap.citation(TRIP), TRIP))
        used.append(MAX_TRIPS)
    return Calculation(
        programme=PROGRAMME, amount=sum(i.subtotal for i in items), on=on, line_items=tuple(items),
        rules_version=rules.version, notes=snap.notes(*used),
    )


_center_type = center_type
