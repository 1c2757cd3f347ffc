"""Salon roster batch: every classification case of RULES.md §1 and the hand-worked fixture."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings

from kanoya_benefits import RuleSet, load_rules
from kanoya_benefits.batch import salon_roster
from kanoya_benefits.batch.salon_roster import ADDITIONAL, FIRST_TIME, HISTORY, NOT_NEW, SalonBatch
from tests.strategies import roster_rows

FIXTURES = Path(__file__).parent / "fixtures"

HEADER = "person_id,group_id,joined_on,left_on\n"


@pytest.fixture
def roster(write_file: Callable[..., Path]) -> Callable[..., SalonBatch]:
    """Run the salon batch on roster lines (history line H0 added unless asked not to)."""

    def run(lines: str, *, rules: RuleSet | None = None, history: bool = True) -> SalonBatch:
        extra = "H0,G0,2020-04-01,\n" if history else ""
        path = write_file("roster.csv", HEADER + extra + lines)
        return salon_roster.run([path], fiscal_year=2024, rules=rules)

    return run


def _joins(result: SalonBatch, person: str) -> dict[str, tuple[str, int, tuple[str, ...]]]:
    return {g.group_id: (m.classification, m.rate, tuple(f.code for f in m.flags))
            for g in result.groups for m in g.members if m.person_id == person}


def test_fixture_totals() -> None:
    """The hand-worked fixture: S1 10,000 / S2 4,000 / S3 2,000 / S4 50,000, total 66,000."""
    result = salon_roster.run([FIXTURES / "salon_roster_fy2024.csv"], fiscal_year=2024)
    assert {g.group_id: g.amount for g in result.groups} == {"S1": 10_000, "S2": 4_000, "S3": 2_000, "S4": 50_000}
    assert result.total == 66_000
    s = result.summary
    assert (s.rows_in, s.used, s.out_of_scope, s.errors) == (27, 26, 1, 0)
    assert sum(1 for g in result.groups for m in g.members if m.classification == HISTORY) == 6
    assert result.out_of_scope[0].line == 9 and result.out_of_scope[0].value == "2025-04-01"
    s4 = next(g for g in result.groups if g.group_id == "S4")
    assert (s4.first_time, s4.additional, s4.grant.uncapped_amount) == (11, 4, 52_000)
    assert result.warnings == ()


def test_first_time_once_per_person(roster: Callable[..., SalonBatch]) -> None:
    """A newcomer joining two groups: the earliest is first-time, the later additional and flagged."""
    result = roster("P1,G5,2024-05-01,\nP1,G3,2024-08-01,\n")
    joins = _joins(result, "P1")
    assert joins["G5"] == (FIRST_TIME, 4000, ())
    assert joins["G3"][:2] == (ADDITIONAL, 2000)
    assert joins["G3"][2] == ("first_time_once_per_person",)


def test_same_day_double_join_natural_order(roster: Callable[..., SalonBatch]) -> None:
    """Two joins on one day: G2 sorts before G10, so G2 is first-time; the flag gives the literal reading."""
    result = roster("P1,G10,2024-05-01,\nP1,G2,2024-05-01,\n")
    joins = _joins(result, "P1")
    assert joins["G2"] == (FIRST_TIME, 4000, ())
    assert joins["G10"][:2] == (ADDITIONAL, 2000)
    flag = next(f for g in result.groups for m in g.members for f in m.flags if f.code == "same_day_double_join")
    assert flag.yen_at_stake == 2000
    assert "4,000" in flag.reason_en and "word for word" in flag.reason_en


def test_returning_member_additional_and_flagged(roster: Callable[..., SalonBatch]) -> None:
    """A returning member: additional, flagged with ¥2,000 at stake when the earlier group was this one."""
    result = roster("P1,G1,2019-04-01,2023-03-31\nP1,G1,2024-06-01,\nP2,G7,2019-04-01,2023-03-31\nP2,G1,2024-06-01,\n")
    members = [m for g in result.groups for m in g.members if m.classification != HISTORY]
    p1_join = next(m for m in members if m.person_id == "P1")
    p2_join = next(m for m in members if m.person_id == "P2")
    assert (p1_join.classification, p1_join.rate) == (ADDITIONAL, 2000)
    assert p1_join.flags[0].code == "returning_member" and p1_join.flags[0].yen_at_stake == 2000
    assert (p2_join.classification, p2_join.rate) == (ADDITIONAL, 2000)
    assert p2_join.flags[0].yen_at_stake == 0  # the earlier group was another one: the literal reading agrees


def _switch(write_file: Callable[..., Path], name: str, value: str) -> RuleSet:
    """The shipped rules with one switch set from 2024-04-01 by an overlay file."""
    text = f"kind: overlay\nparameters:\n  {name}:\n    values:\n      2024-04-01: {value}\n"
    path = write_file("overlay.yaml", text)
    return load_rules(path)


def test_returning_member_switch(roster: Callable[..., SalonBatch], write_file: Callable[..., Path]) -> None:
    """salon.returning_member_rate = first_time pays a returning member ¥4,000."""
    lines = "P1,G1,2019-04-01,2023-03-31\nP1,G1,2024-06-01,\n"
    assert roster(lines).total == 2000
    result = roster(lines, rules=_switch(write_file, "salon.returning_member_rate", "first_time"))
    join = next(m for g in result.groups for m in g.members if m.classification != HISTORY)
    assert (join.classification, join.rate) == (FIRST_TIME, 4000)
    assert result.total == 4000


def test_first_time_once_switch_off(roster: Callable[..., SalonBatch], write_file: Callable[..., Path]) -> None:
    """salon.first_time_once_per_person = false (the literal reading): both joins are first-time."""
    literal = _switch(write_file, "salon.first_time_once_per_person", "false")
    result = roster("P1,G1,2024-05-01,\nP1,G2,2024-05-01,\n", rules=literal)
    assert {g: j[:2] for g, j in _joins(result, "P1").items() if g != "G0"} == {
        "G1": (FIRST_TIME, 4000), "G2": (FIRST_TIME, 4000)}
    assert result.total == 8000


def test_rejoin_same_group_counts_once(roster: Callable[..., SalonBatch]) -> None:
    """Joining, leaving and re-joining one group in the year counts once."""
    result = roster("P1,G1,2024-05-01,2024-06-30\nP1,G1,2024-09-01,\n")
    g1 = next(g for g in result.groups if g.group_id == "G1")
    assert [(m.classification, m.rate) for m in g1.members] == [(FIRST_TIME, 4000), (NOT_NEW, 0)]
    assert g1.members[1].flags[0].code == "rejoin_same_group"
    assert g1.amount == 4000


def test_join_to_group_held_at_start_is_not_new(roster: Callable[..., SalonBatch]) -> None:
    """A join to a group the person already belonged to on 1 April is not new (0), flagged."""
    result = roster("P1,G1,2022-04-01,\nP1,G1,2024-07-01,\n")
    join = next(m for g in result.groups for m in g.members if m.classification != HISTORY)
    assert (join.classification, join.rate) == (NOT_NEW, 0)
    assert join.flags[0].code == "already_member_at_fy_start"


def test_member_elsewhere_is_additional(roster: Callable[..., SalonBatch]) -> None:
    """A person in another group at the year's start joining a new one is additional, unflagged."""
    result = roster("P1,G1,2022-04-01,\nP1,G2,2024-07-01,\n")
    assert _joins(result, "P1")["G2"] == (ADDITIONAL, 2000, ())


def test_join_and_leave_counts_flagged(roster: Callable[..., SalonBatch]) -> None:
    """A person who joins and leaves within the year still counts, flagged."""
    result = roster("P1,G1,2024-05-01,2024-08-31\n")
    assert _joins(result, "P1")["G1"] == (FIRST_TIME, 4000, ("joined_and_left",))


@pytest.mark.parametrize(("joined", "counted"), [("2024-03-31", False), ("2024-04-01", True), ("2025-03-31", True),
                                                 ("2025-04-01", False)])
def test_fiscal_year_boundaries(roster: Callable[..., SalonBatch], joined: str, counted: bool) -> None:
    """Joins on 1 April and 31 March count; the day before and after do not."""
    result = roster(f"P1,G1,{joined},\n")
    assert (result.total == 4000) is counted


def test_joins_after_the_year_are_out_of_scope(roster: Callable[..., SalonBatch]) -> None:
    """A join after the fiscal year is listed as out of scope, not lost."""
    result = roster("P1,G1,2025-04-01,\n")
    assert result.summary.out_of_scope == 1 and result.out_of_scope[0].line == 3


def test_warns_without_history(roster: Callable[..., SalonBatch]) -> None:
    """A roster with no membership before the year warns that everyone is first-time."""
    result = roster("P1,G1,2024-05-01,\n", history=False)
    assert [w.code for w in result.warnings] == ["no_history"]
    assert roster("P1,G1,2024-05-01,\n").warnings == ()


def test_error_rows_name_file_line_column(roster: Callable[..., SalonBatch]) -> None:
    """Bad rows are reported with file, line, column, value and what was expected; the rest is computed."""
    result = roster("P1,G1,R1.4.30,\nP2,G1,2024-05-01,2024-04-01\n,G1,2024-05-01,\nP3,G1,令和6年5月1日,\n")
    assert [(e.line, e.column, e.value) for e in result.errors] == [
        (3, "joined_on", "R1.4.30"), (4, "left_on", "2024-04-01"), (5, "person_id", "")]
    assert result.errors[0].file.endswith("roster.csv")
    assert result.total == 4000
    assert result.summary.rows_in == 5 and result.summary.errors == 3


def test_groups_in_natural_order_with_members(roster: Callable[..., SalonBatch]) -> None:
    """Groups come in natural order and list every member, history last."""
    result = roster("P1,G10,2024-05-01,\nP2,G2,2024-05-01,\n")
    assert [g.group_id for g in result.groups] == ["G0", "G2", "G10"]


@settings(max_examples=60, deadline=None)
@given(roster_rows)
def test_roster_properties(rows: list[tuple[str, str, str, str]]) -> None:
    """For any roster: every row accounted for, first-time at most once a person, grants capped and summed."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d, "r.csv")
        path.write_text(HEADER + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
        result = salon_roster.run([path], fiscal_year=2024)
    s = result.summary
    assert s.rows_in == len(rows) == s.used + s.out_of_scope + s.errors
    listed = sorted(m.line for g in result.groups for m in g.members)
    assert len(listed) == s.used and len(set(listed)) == s.used  # every used row listed once, in one group
    firsts = Counter(m.person_id for g in result.groups for m in g.members if m.classification == FIRST_TIME)
    assert all(n == 1 for n in firsts.values())
    for g in result.groups:
        assert g.amount == min(4000 * g.first_time + 2000 * g.additional, 50_000)
    assert result.total == sum(g.amount for g in result.groups)


def test_grants_from_parsed_memberships_match_the_batch() -> None:
    """salon_roster.grants on parsed memberships gives the batch's per-group grants and warnings."""
    from datetime import date

    from kanoya_benefits.batch import salon_roster
    from kanoya_benefits.tabular import SALON_ROSTER, Records

    rows = [("H1", "G1", date(2023, 6, 1)), ("P1", "G1", date(2024, 5, 1)), ("P1", "G3", date(2024, 7, 1))]
    parsed = [salon_roster.Membership(p, g, d, None, "roster", i) for i, (p, g, d) in enumerate(rows)]
    groups, warnings = salon_roster.grants(parsed, 2024)
    batch = salon_roster.run([Records("roster", SALON_ROSTER, [
        {"person_id": p, "group_id": g, "joined_on": d} for p, g, d in rows])], fiscal_year=2024)
    assert groups == batch.groups and warnings == batch.warnings
    assert [(g.group_id, g.amount) for g in groups] == [("G1", 4000), ("G3", 2000)]
