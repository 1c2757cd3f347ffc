"""地域活動支援センター事業: the activity-center daily amount (RULES.md §3).

Per user-day: base by center type + ¥400 bath + ¥600 per one-way trip (0–2),
all from the rules in force on that day.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from . import _check
from .errors import InputError
from .results import Calculation, LineItem, Note
from .rules import RuleSet, shipped_rules

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
    if type(value) is str:
        plain = _ROMAN.get(value)  # why: the common spellings skip Unicode normalisation (same answer)
        if plain is not None:
            return plain
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
    # Why inline tests before each check: valid input then costs no call (a third of the time of a
    # calculation); the _check function still makes every error, so its wording has one home.
    if type(on) is not date:
        _check.day("on", on)
    if type(bath) is not bool:
        raise InputError("bath", "true or false", bath)
    if rules is None:
        rules = shipped_rules()
    today = rules.derived[PROGRAMME].get(on) or _day(rules, on)
    if type(one_way_trips) is not int or not 0 <= one_way_trips <= today.most_trips:
        _check.count("one_way_trips", one_way_trips, most=today.most_trips)
    items, notes, amount = today.made.get((kind, bath, one_way_trips)) or today.lines(kind, bath, one_way_trips)
    # positional: a frozen attrs __init__ called with keywords costs about twice as much
    return Calculation(PROGRAMME, amount, on, items, rules.version, (), (), notes)


#: The line items, notes and amount of one (type, bath, trips) combination on one day.
_Lines = tuple[tuple[LineItem, ...], tuple[Note, ...], int]


class _Day:
    """What a day's amount takes from the rules in force that day, made once per rule set and day.

    Every combination of (type, bath, trips) has one tuple of line items, one of notes and an amount;
    they are built the first time they are needed and shared after (see kanoya_benefits._shared).
    """

    __slots__ = ("_snap", "made", "most_trips")

    def __init__(self, rules: RuleSet, on: date) -> None:
        self._snap = rules.at(on)
        self.most_trips: int = self._snap[MAX_TRIPS]
        self.made: dict[tuple[str, bool, int], _Lines] = {}

    def lines(self, kind: str, bath: bool, trips: int) -> _Lines:
        """The line items and notes of one combination."""
        key = (kind, bath, trips)
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = self._build(kind, bath, trips)  # at most 3 × 2 × (most + 1) entries
        return made

    def _build(self, kind: str, bath: bool, trips: int) -> _Lines:
        snap = self._snap
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
        if trips:
            per = snap[TRIP]
            items.append(LineItem("送迎加算（片道）", "transport add-on (one-way trips)", trips, per,
                                  trips * per, snap.citation(TRIP), TRIP))
            used.append(MAX_TRIPS)
        return tuple(items), snap.notes(*used), sum(i.subtotal for i in items)


def _day(rules: RuleSet, on: date) -> _Day:
    return rules.remember(PROGRAMME, on, _Day(rules, on))


_center_type = center_type
