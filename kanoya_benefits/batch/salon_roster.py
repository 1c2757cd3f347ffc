"""Salon roster → every group's enrollment grant for a fiscal year (RULES.md §1).

Each join dated in the fiscal year is classified first-time / additional / not
new; every reading the manual is silent on is flagged with its reason and the
yen it would change. The roster is held in memory (it is small: a row per
membership, ~10k for the city), because a person's classification needs all
their memberships.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import attrs

from .. import salon
from ..errors import InputError
from ..fiscal import fiscal_year_end, fiscal_year_start
from ..results import Calculation, Flag
from ..rules import RuleSet, resolve
from ..tabular import SALON_ROSTER, Source
from ..textforms import natural_key, parse_date, parse_id
from .common import InputFile, Ledger, OutOfScope, Progress, RowError, RunSummary

RETURNING = "salon.returning_member_rate"
ONCE = "salon.first_time_once_per_person"
#: What the error row of a membership that ends before it starts expects (the API gives it its own code).
LEFT_BEFORE_JOINED = "a date on or after joined_on"

FIRST_TIME = "first_time"
ADDITIONAL = "additional"
NOT_NEW = "not_new"
HISTORY = "history"
CLASS_LABELS = {
    FIRST_TIME: ("初回加入", "first-time"),
    ADDITIONAL: ("既加入者の加入", "additional"),
    NOT_NEW: ("新規に当たらない", "not new"),
    HISTORY: ("年度前からの所属", "membership before the fiscal year"),
}


@attrs.frozen
class Membership:
    """One roster row as read."""

    person_id: str
    group_id: str
    joined_on: date
    left_on: date | None
    file: str
    line: int


@attrs.frozen
class MemberJoin:
    """One member of a group as the batch sees it: the join, its classification, the rate and flags."""

    person_id: str
    joined_on: date
    left_on: date | None
    classification: str
    rate: int
    line: int
    flags: tuple[Flag, ...] = ()
    classification_ja: str = ""
    classification_en: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.classification_ja:  # the labels follow the code, so JSON readers get both languages
            ja, en = CLASS_LABELS[self.classification]
            object.__setattr__(self, "classification_ja", ja)
            object.__setattr__(self, "classification_en", en)


@attrs.frozen
class GroupGrant:
    """A group's grant for the fiscal year with its members and their classification."""

    group_id: str
    first_time: int
    additional: int
    members: tuple[MemberJoin, ...]
    grant: Calculation

    @property
    def amount(self) -> int:
        """The grant in whole yen."""
        return self.grant.amount


@attrs.frozen
class SalonBatch:
    """Every group's grant, the city total and what happened to each row."""

    fiscal_year: int
    groups: tuple[GroupGrant, ...]
    total: int
    summary: RunSummary
    errors: tuple[RowError, ...]
    out_of_scope: tuple[OutOfScope, ...]
    warnings: tuple[Flag, ...]
    rules_version: str
    inputs: tuple[InputFile, ...]


def read_roster(paths: Sequence[Source], fiscal_year: int, ledger: Ledger,
                encoding: str | None = None) -> list[Membership]:
    """Parse roster files: used rows come back; errors and joins after the fiscal year go to the ledger."""
    end = fiscal_year_end(fiscal_year)
    out: list[Membership] = []
    groups: dict[str, str] = {}
    dates: dict[str, date] = {}
    for path in paths:
        name = str(path)
        with ledger.table(path, SALON_ROSTER, encoding) as (cols, rows):
            i_person, i_group, i_joined = cols["person_id"], cols["group_id"], cols["joined_on"]
            i_left = cols.get("left_on")
            used = 0
            for line, cells in rows:
                try:
                    # Why the caches: group ids and dates repeat a lot; a text cell parsed once gives the
                    # same value every time (a bad one raises every time, so it is never cached).
                    person = parse_id(cells[i_person], "person_id")
                    raw = cells[i_group]
                    group = groups.get(raw) if type(raw) is str else None
                    if group is None:
                        group = parse_id(raw, "group_id")
                        if type(raw) is str and len(groups) < _CACHE:
                            groups[raw] = group
                    raw = cells[i_joined]
                    joined = dates.get(raw) if type(raw) is str else None
                    if joined is None:
                        joined = parse_date(raw, "joined_on")
                        if type(raw) is str and len(dates) < _CACHE:
                            dates[raw] = joined
                    raw_left = cells[i_left] if i_left is not None else ""
                    if type(raw_left) is str:
                        left = dates.get(raw_left)
                        if left is None and raw_left.strip():
                            left = parse_date(raw_left, "left_on")
                            if len(dates) < _CACHE:
                                dates[raw_left] = left
                    else:
                        left = parse_date(raw_left, "left_on") if str(raw_left).strip() else None
                except InputError as err:
                    ledger.input_error(name, line, err)
                    continue
                if left is not None and left < joined:
                    ledger.error(name, line, "left_on", left, f"{LEFT_BEFORE_JOINED} ({joined})")
                    continue
                if joined > end:
                    ledger.skip(name, line, f"加入日が{fiscal_year}年度より後",
                                f"joined after fiscal year {fiscal_year}", joined)
                    continue
                used += 1
                out.append(Membership(person, group, joined, left, name, line))
            ledger.use(name, used)
    return out


def classify(memberships: Sequence[Membership], fiscal_year: int, rules: RuleSet | None = None
             ) -> tuple[dict[str, list[MemberJoin]], tuple[Flag, ...]]:
    """Classify every join of the fiscal year by person; returns members per group and run warnings."""
    rules = resolve(rules)
    start, end = fiscal_year_start(fiscal_year), fiscal_year_end(fiscal_year)
    snap = rules.at(start, field="fiscal_year")
    first_rate, add_rate = snap[salon.FIRST], snap[salon.ADDITIONAL]
    returning_rate = first_rate if snap[RETURNING] == FIRST_TIME else add_rate
    once = bool(snap[ONCE])
    stake = first_rate - add_rate
    by_person: dict[str, list[Membership]] = defaultdict(list)
    for m in memberships:
        by_person[m.person_id].append(m)
    groups: dict[str, list[MemberJoin]] = defaultdict(list)
    any_history = False
    for person, rows in by_person.items():
        history = [m for m in rows if m.joined_on < start]
        joins = sorted((m for m in rows if start <= m.joined_on <= end),
                       key=lambda m: (m.joined_on, natural_key(m.group_id), m.line))
        any_history = any_history or bool(history)
        for m in history:
            groups[m.group_id].append(MemberJoin(person, m.joined_on, m.left_on, HISTORY, 0, m.line))
        held = {m.group_id for m in history if m.left_on is None or m.left_on >= start}
        earlier = {m.group_id for m in history}
        counted: set[str] = set()
        first_join: Membership | None = None
        for m in joins:
            flags: list[Flag] = []
            if m.group_id in held:
                kind, rate = NOT_NEW, 0
                flags.append(Flag("already_member_at_fy_start",
                                  f"{person}は年度当初から{m.group_id}に所属しており新規加入に当たらない（0円）",
                                  f"{person} already belonged to {m.group_id} at the fiscal year's start: "
                                  "not new (¥0)"))
            elif m.group_id in counted:
                kind, rate = NOT_NEW, 0
                flags.append(Flag("rejoin_same_group",
                                  f"{person}の{m.group_id}への同一年度内の再加入は1回として数える",
                                  f"{person} re-joined {m.group_id} in the same fiscal year: counted once"))
            elif held or (counted and once):
                kind, rate = ADDITIONAL, add_rate
                if first_join is not None:
                    same_day = first_join.joined_on == m.joined_on
                    flags.append(_first_time_once_flag(person, first_join, m, same_day, first_rate, stake))
            elif earlier:
                kind = FIRST_TIME if returning_rate == first_rate else ADDITIONAL
                rate = returning_rate
                literal = first_rate if earlier == {m.group_id} else add_rate
                before = ", ".join(sorted(earlier, key=natural_key))
                flags.append(Flag(
                    "returning_member",
                    f"{person}は以前の所属（{before}）が全て年度前に終了した再加入者："
                    f"{rate:,}円を適用。文言どおりなら{literal:,}円（以前の所属が当該グループのみなら初回扱い）",
                    f"{person} is a returning member (earlier memberships {before} "
                    f"all ended before the fiscal year): ¥{rate:,} applied; read word for word ¥{literal:,} "
                    "(first-time if the earlier group was this one)",
                    abs(literal - rate)))
            else:
                kind, rate = FIRST_TIME, first_rate
            if kind in (FIRST_TIME, ADDITIONAL):
                counted.add(m.group_id)
                if first_join is None and kind == FIRST_TIME and not earlier:
                    first_join = m  # the join that took the first-time rate, named by later joins' flags
            if m.left_on is not None and m.left_on <= end and kind != NOT_NEW:
                flags.append(Flag("joined_and_left",
                                  f"{person}は年度内に加入し{m.left_on}に脱退したが加入として数える",
                                  f"{person} joined and left ({m.left_on}) within the fiscal year: still counted",
                                  rate))
            groups[m.group_id].append(MemberJoin(person, m.joined_on, m.left_on, kind, rate, m.line, tuple(flags)))
    warnings: tuple[Flag, ...] = ()
    if memberships and not any_history:
        warnings = (Flag("no_history",
                         f"名簿に{fiscal_year}年度より前の所属が1件もない：全員が初回扱いになる。前年度以前の名簿を含めること",
                         f"the roster has no membership starting before fiscal year {fiscal_year}: everyone counts as "
                         "first-time. Include earlier memberships in the roster"),)
    return groups, warnings


def _first_time_once_flag(person: str, first: Membership, later: Membership, same_day: bool, first_rate: int,
                          stake: int) -> Flag:
    if same_day:
        return Flag(
            "same_day_double_join",
            f"{person}は{later.joined_on}に{first.group_id}と{later.group_id}へ同日加入：並び順で先の{first.group_id}を"
            f"初回、{later.group_id}を既加入者扱い。文言どおりならどちらも前年度までに他グループに属していないため"
            f"両方{first_rate:,}円（差額{stake:,}円）",
            f"{person} joined {first.group_id} and {later.group_id} on the same day {later.joined_on}: "
            f"{first.group_id} (sorting first) is first-time, {later.group_id} additional. Read word for word, "
            f"neither group is 'another group up to the previous year', so both would earn ¥{first_rate:,} "
            f"(¥{stake:,} more)",
            stake)
    return Flag(
        "first_time_once_per_person",
        f"{person}は{first.joined_on}に{first.group_id}へ初回加入済みのため{later.group_id}は既加入者扱い。"
        f"文言どおり（前年度までの所属のみで判定）なら{first_rate:,}円（差額{stake:,}円）",
        f"{person} already joined {first.group_id} first-time on {first.joined_on}, so {later.group_id} is additional. "
        f"Read word for word (only memberships up to the previous year count), ¥{first_rate:,} (¥{stake:,} more)",
        stake)


def grants(memberships: Sequence[Membership], fiscal_year: int, rules: RuleSet | None = None
           ) -> tuple[tuple[GroupGrant, ...], tuple[Flag, ...]]:
    """Every group's grant for the fiscal year from parsed memberships, in group order, and run warnings.

    Each group's grant carries its members' flags; members are listed joins first, then history.
    """
    rules = resolve(rules)
    members, warnings = classify(memberships, fiscal_year, rules)
    on = fiscal_year_start(fiscal_year)
    results = []
    for group_id in sorted(members, key=natural_key):
        joins = members[group_id]
        joins.sort(key=lambda j: (j.classification == HISTORY, j.joined_on, natural_key(j.person_id), j.line))
        n_first = sum(1 for j in joins if j.classification == FIRST_TIME)
        n_add = sum(1 for j in joins if j.classification == ADDITIONAL)
        calc = salon.enrollment_grant(first_time=n_first, additional=n_add, on=on, rules=rules)
        flags = tuple(f for j in joins for f in j.flags)
        if flags:
            calc = attrs.evolve(calc, flags=calc.flags + flags)
        results.append(GroupGrant(group_id, n_first, n_add, tuple(joins), calc))
    return tuple(results), warnings


def run(paths: Sequence[Source], *, fiscal_year: int, rules: RuleSet | None = None,
        encoding: str | None = None, progress: Progress = None) -> SalonBatch:
    """The salon batch: read roster files (or Records), classify the fiscal year's joins, each group's grant."""
    rules = resolve(rules)
    rules.at(fiscal_year_start(fiscal_year), field="fiscal_year")  # a year without rules fails before reading
    ledger = Ledger(progress)
    memberships = read_roster(paths, fiscal_year, ledger, encoding)
    results, warnings = grants(memberships, fiscal_year, rules)
    return SalonBatch(
        fiscal_year, results, sum(g.amount for g in results), ledger.summary(), tuple(ledger.errors),
        tuple(ledger.out_of_scope), warnings, rules.version, tuple(ledger.inputs),
    )


_CACHE = 100_000
