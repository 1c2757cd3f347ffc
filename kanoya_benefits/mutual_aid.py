"""住民主体による高齢者助け合い応援事業: the mutual-aid monthly subsidy (RULES.md §2).

A month's subsidy = base by subsidy year + rent add-on (½ of the rent, cut to
the yen, capped) + challenge add-on (actual cost, capped). Each month uses the
rules in force on its first day, so a change within a fiscal year blends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction

from . import _check
from ._shared import KEEP, Cap, Lines
from .errors import InputError
from .fiscal import fiscal_year_months, fiscal_year_of, fiscal_year_start
from .money import cut_share, cut_yen
from .results import AnnualSchedule, Calculation, CapApplied, LineItem, Note
from .rules import RuleSet, Snapshot, resolve, shipped_rules

PROGRAMME = "mutual_aid.monthly_subsidy"
ANNUAL = "mutual_aid.annual_schedule"
COUNTING = "mutual_aid.subsidy_year_counting"
ROUNDING = "mutual_aid.add_on_rounding"
WHOLE_MONTHS = "mutual_aid.whole_months_only"
SHARE = "mutual_aid.rent_add_on_share"
RENT_CAP = "mutual_aid.rent_add_on_cap"
CHALLENGE_CAP = "mutual_aid.challenge_add_on_cap"
BASE = {1: "mutual_aid.base_year_1", 2: "mutual_aid.base_year_2", 3: "mutual_aid.base_year_3_and_after"}
_YEAR_LABEL = {1: ("補助月額（補助１年目）", "monthly base, subsidy year 1"),
               2: ("補助月額（補助２年目）", "monthly base, subsidy year 2"),
               3: ("補助月額（補助３年目以降）", "monthly base, subsidy year 3 and after")}


def subsidy_year(first_subsidized_month: date, month: date, counting: str) -> int:
    """The subsidy year of ``month`` (1, 2, 3, …) under a counting switch."""
    if counting == "anniversary":
        elapsed = (month.year - first_subsidized_month.year) * 12 + month.month - first_subsidized_month.month
        return elapsed // 12 + 1
    return fiscal_year_of(month) - fiscal_year_of(first_subsidized_month) + 1


def _rent_exact(snap: Snapshot, rent_cost: int) -> Fraction:
    share: Fraction = snap[SHARE]
    return share * rent_cost


def monthly_subsidy(*, first_subsidized_month: date, month: date, rent_cost: int = 0,
                    challenge_cost: int = 0, rules: RuleSet | None = None) -> Calculation:
    """One month's subsidy for a group, with its working."""
    # Why inline tests before each check: valid input then costs no call (a third of the time of a
    # calculation); the _check function still makes every error, so its wording has one home.
    if type(first_subsidized_month) is not date or first_subsidized_month.day != 1:
        _check.month("first_subsidized_month", first_subsidized_month)
    if type(month) is not date or month.day != 1:
        _check.month("month", month)
    if type(rent_cost) is not int or rent_cost < 0:
        _check.yen("rent_cost", rent_cost)
    if type(challenge_cost) is not int or challenge_cost < 0:
        _check.yen("challenge_cost", challenge_cost)
    if first_subsidized_month > month:
        raise InputError("first_subsidized_month", f"a month on or before the month paid ({month:%Y-%m})",
                         first_subsidized_month)
    if rules is None:
        rules = shipped_rules()
    this = rules.derived[PROGRAMME].get(month) or _month_rules(rules, month, "month")
    return _month(this, rules.version, first_subsidized_month, month, rent_cost, challenge_cost)


#: Part of a month's working: the line items and caps an add-on contributes, and its yen.
_Part = tuple[tuple[LineItem, ...], tuple[CapApplied, ...], int]


class _Month:
    """What a month's subsidy takes from the rules in force on its first day, made once per rule set
    and month (see kanoya_benefits._shared): the base line by first subsidized month, the rent and
    challenge add-ons (with any cap) by cost, the notes by which add-ons were used.

    Each piece is looked up the first time a month needs it, in the order the calculation uses it,
    so a rule set missing a value on that day fails exactly where the plain calculation would.
    """

    __slots__ = ("_bases", "_challenge", "_rent", "by_challenge", "by_first", "by_rent", "fiscal_year", "notes",
                 "snap")

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.fiscal_year = fiscal_year_of(snap.day)
        snap[COUNTING]  # the plain calculation reads the counting switch first: fail as it would
        self.by_first: dict[date, LineItem] = {}
        self.by_rent: dict[int, _Part] = {}
        self.by_challenge: dict[int, _Part] = {}
        #: notes by (rent used) * 2 + (challenge used); None until first needed
        self.notes: list[tuple[Note, ...] | None] = [None, None, None, None]
        self._bases: dict[int, LineItem] = {}
        self._rent: tuple[Fraction, str, str, Cap] | None = None
        self._challenge: tuple[Lines, Cap] | None = None

    def base(self, first: date) -> LineItem:
        """The monthly base line for a group first subsidized in ``first``."""
        year = min(subsidy_year(first, self.snap.day, self.snap[COUNTING]), 3)
        item = self._bases.get(year)
        if item is None:
            name = BASE[year]
            amount = self.snap[name]
            ja, en = _YEAR_LABEL[year]
            item = self._bases[year] = LineItem(ja, en, 1, amount, amount, self.snap.citation(name), name)
        if len(self.by_first) < KEEP:
            self.by_first[first] = item
        return item

    def rent(self, rent_cost: int) -> _Part:
        """The rent add-on: the share of the rent, fraction of a yen cut, then the monthly cap."""
        if self._rent is None:
            cap = Cap(RENT_CAP, self.snap[RENT_CAP], self.snap.citation(RENT_CAP), "賃借料加算の月額上限",
                      "monthly cap on the rent add-on", "賃借料加算の上限による減額",
                      "reduction to the rent add-on cap")
            share: Fraction = self.snap[SHARE]
            self._rent = (share, self.snap.citation(SHARE), str(share), cap)
        share, citation, text, cap = self._rent
        half = cut_share(rent_cost, share)
        line = LineItem(f"賃借料加算（対象経費 {rent_cost:,}円 × {text}）",
                        f"rent add-on ({text} of eligible rent ¥{rent_cost:,}, fraction of a yen cut)",
                        1, half, half, citation, SHARE)
        part: _Part = ((line,), (), half)
        if half > cap.cap:
            record, reduction = cap.applied(half)
            part = ((line, reduction), (record,), cap.cap)
        if len(self.by_rent) < KEEP:  # a group pays the same rent most months
            self.by_rent[rent_cost] = part
        return part

    def challenge(self, cost: int) -> _Part:
        """The community-challenge add-on: the cost, then the monthly cap."""
        if self._challenge is None:
            cap, citation = self.snap[CHALLENGE_CAP], self.snap.citation(CHALLENGE_CAP)
            self._challenge = (
                Lines("地域課題チャレンジ加算（対象経費）", "community-challenge add-on (eligible cost)", 0, citation,
                      CHALLENGE_CAP),
                Cap(CHALLENGE_CAP, cap, citation, "地域課題チャレンジ加算の月額上限",
                    "monthly cap on the community-challenge add-on", "地域課題チャレンジ加算の上限による減額",
                    "reduction to the challenge add-on cap"),
            )
        lines, cap = self._challenge
        part: _Part = ((lines.once(cost),), (), cost)
        if cost > cap.cap:
            record, reduction = cap.applied(cost)
            part = ((part[0][0], reduction), (record,), cap.cap)
        if len(self.by_challenge) < KEEP:
            self.by_challenge[cost] = part
        return part

    def make_notes(self, which: int) -> tuple[Note, ...]:
        """The notes of the values a month used: counting and whole months, rounding, challenge cap."""
        used = [COUNTING, WHOLE_MONTHS] + [ROUNDING] * (which >> 1) + [CHALLENGE_CAP] * (which & 1)
        notes = self.notes[which] = self.snap.notes(*used)
        return notes


def _month_rules(rules: RuleSet, month: date, field: str = "on") -> _Month:
    return rules.remember(PROGRAMME, month, _Month(rules.at(month, field=field)))


def _month(this: _Month, version: str, first: date, month: date, rent_cost: int, challenge_cost: int) -> Calculation:
    # Why this shape: each piece is one dict look-up on the month's shared pieces (see _Month); a
    # call only adds up yen and joins tuples.
    base = this.by_first.get(first) or this.base(first)
    items: tuple[LineItem, ...] = (base,)
    caps: tuple[CapApplied, ...] = ()
    amount = base.subtotal
    if rent_cost:
        part = this.by_rent.get(rent_cost) or this.rent(rent_cost)
        items += part[0]
        caps += part[1]
        amount += part[2]
    if challenge_cost:
        part = this.by_challenge.get(challenge_cost) or this.challenge(challenge_cost)
        items += part[0]
        caps += part[1]
        amount += part[2]
    which = (rent_cost > 0) * 2 + (challenge_cost > 0)
    notes = this.notes[which]
    if notes is None:
        notes = this.make_notes(which)
    # positional: a frozen attrs __init__ called with keywords costs about twice as much
    return Calculation(PROGRAMME, amount, month, items, version, caps, (), notes, this.fiscal_year)


Costs = int | Sequence[int] | Mapping[date, int]


def _cost_for(field: str, costs: Costs, months: tuple[date, ...]) -> list[int]:
    """One cost per month from an int (every month), 12 values (April first) or a month map."""
    if type(costs) is int:
        return [_check.yen(field, costs)] * 12
    if isinstance(costs, Mapping):
        unknown = [m for m in costs if m not in months]
        if unknown:
            raise InputError(field, "months of the fiscal year as dates on day 1", unknown[0])
        return [_check.yen(f"{field}[{m:%Y-%m}]", costs.get(m, 0)) for m in months]
    if isinstance(costs, Sequence) and not isinstance(costs, (str, bytes)):
        if len(costs) != 12:
            raise InputError(field, "one cost per month: 12 values, April to March", f"{len(costs)} values")
        return [_check.yen(f"{field}[{i}]", c) for i, c in enumerate(costs)]
    raise InputError(field, "whole yen, 12 monthly values, or a mapping of month to yen", costs)


def annual_schedule(*, first_subsidized_month: date, fiscal_year: int, rent_cost: Costs = 0,
                    challenge_cost: Costs = 0, last_subsidized_month: date | None = None,
                    rules: RuleSet | None = None) -> AnnualSchedule:
    """The twelve months of a fiscal year; months not subsidized give 0.

    ``rent_cost`` and ``challenge_cost`` are whole yen for every month, twelve
    values (April to March) or a mapping of month to yen.
    """
    _check.month("first_subsidized_month", first_subsidized_month)
    _check.fiscal_year("fiscal_year", fiscal_year)
    if last_subsidized_month is not None:
        _check.month("last_subsidized_month", last_subsidized_month)
        if last_subsidized_month < first_subsidized_month:
            raise InputError("last_subsidized_month", "a month on or after first_subsidized_month",
                             last_subsidized_month)
    rules = resolve(rules)
    months = fiscal_year_months(fiscal_year)
    year_snap = rules.at(fiscal_year_start(fiscal_year), field="fiscal_year")
    rents = _cost_for("rent_cost", rent_cost, months)
    challenges = _cost_for("challenge_cost", challenge_cost, months)
    out: list[Calculation] = []
    rent_months: list[tuple[Snapshot, int]] = []  # for the annual rounding switch, worked out after
    for month, rent, challenge in zip(months, rents, challenges, strict=True):
        paid = first_subsidized_month <= month and (last_subsidized_month is None or month <= last_subsidized_month)
        if not paid:
            out.append(rules.derived[ANNUAL].get(month) or _unpaid(rules, month, fiscal_year))
            continue
        this = rules.derived[PROGRAMME].get(month) or _month_rules(rules, month)
        out.append(_month(this, rules.version, first_subsidized_month, month, rent, challenge))
        if rent:
            rent_months.append((this.snap, rent))
    monthly_total = sum(c.amount for c in out)
    items = [LineItem("月額の合計", "sum of the monthly amounts", 1, monthly_total, monthly_total,
                      "RULES.md §2", None)]
    notes: dict[str, Note] = {n.parameter: n for c in out for n in c.notes}
    # Why lazily: the exact (Fraction) sums are only needed when the rounding switch says 'annual'.
    exact_rent = Fraction(0)
    cut_rent = 0
    if year_snap[ROUNDING] == "annual":
        for snap, rent in rent_months:
            exact_rent += min(_rent_exact(snap, rent), Fraction(snap[RENT_CAP]))
            cut_rent += min(cut_yen(_rent_exact(snap, rent)), snap[RENT_CAP])
    if exact_rent:
        adjustment = cut_yen(exact_rent) - cut_rent
        if adjustment:
            items.append(LineItem("賃借料加算の端数調整（年額で切り捨て）",
                                  "rent add-on rounding adjustment (fraction cut once on the year)",
                                  1, adjustment, adjustment, year_snap.citation(ROUNDING), ROUNDING))
        note = year_snap.note(ROUNDING)
        if note is not None:
            notes[ROUNDING] = note
    return AnnualSchedule(
        programme=ANNUAL, fiscal_year=fiscal_year, amount=sum(i.subtotal for i in items), months=tuple(out),
        line_items=tuple(items), rules_version=rules.version, notes=tuple(notes.values()),
    )


def _unpaid(rules: RuleSet, month: date, fiscal_year: int) -> Calculation:
    """A month not subsidized: no working, amount 0 (the same object for every group)."""
    return rules.remember(ANNUAL, month, Calculation(PROGRAMME, 0, month, (), rules.version, fiscal_year=fiscal_year))
