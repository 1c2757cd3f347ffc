"""Reforms as overlays, and compare: per-row differences and the budget impact they add up to."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings

from kanoya_benefits import RulesDataError, load_rules, shipped_rules
from kanoya_benefits.audit import Case, Expected, compare_cases, diff_dates, diff_rule_sets, values_in_force
from kanoya_benefits.audit.batch_compare import compare_batch
from kanoya_benefits.audit.compare import CHANGED, UNCHANGED
from tests.strategies import audit_rate_reforms, audit_user_day_lists

TYPE_I = "activity_center.daily_rate_type_i"
REFORM = f"""\
kind: overlay
description: Type I rate 2,300 from FY2025
parameters:
  {TYPE_I}:
    values:
      2025-04-01: 2300
"""


@pytest.fixture
def reform(tmp_path: Path):
    path = tmp_path / "type_i_2300.yaml"
    path.write_text(REFORM, encoding="utf-8")
    return load_rules(path)


def _attendance_year(tmp_path: Path) -> tuple[Path, Path, Counter[str]]:
    """A year of attendance at three centers (Ⅰ, Ⅱ, Ⅲ), 2024-10 to 2025-09, and Type Ⅰ user-days per month."""
    centers = tmp_path / "centers.csv"
    centers.write_text("center_id,type,effective_from\nK1,I,\nK2,II,\nK3,III,\n", encoding="utf-8")
    lines = ["date,center_id,user_id,bath,one_way_trips"]
    type_i: Counter[str] = Counter()
    day = date(2024, 10, 1)
    n = 0
    while day <= date(2025, 9, 30):
        if day.weekday() < 5:
            for center in ("K1", "K2", "K3"):
                for user in range(1 + n % 3):
                    lines.append(f"{day},{center},U{user}{center},{(n + user) % 2},{(n + user) % 3}")
                    if center == "K1":
                        type_i[f"{day:%Y-%m}"] += 1
        n += 1
        day += timedelta(days=1)
    lines.append(f"{date(2025, 4, 1)},K1,U0K1,1,2")  # a duplicate: an error row, never paid twice
    att = tmp_path / "attendance.csv"
    att.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return att, centers, type_i


def test_type_i_2300_from_april_2025_raises_exactly_the_type_i_user_days_after_it(tmp_path: Path, reform) -> None:
    """Done-when: each Type Ⅰ user-day from 2025-04-01 is ¥200 more, earlier ones unchanged, impact = ¥200 × days."""
    att, centers, type_i = _attendance_year(tmp_path)
    comparison, problems = compare_batch("activity-center", [att], fiscal_years=[2024, 2025], base=shipped_rules(),
                                         reform=reform, centers=[centers])
    assert len(problems) == 1 and "one attendance per user, center and day" in problems[0]
    after = {m: n for m, n in type_i.items() if m >= "2025-04"}
    for row in comparison.rows:
        center, month = row.key.split()
        expected = 200 * after.get(month, 0) if center == "K1" else 0
        assert row.difference == expected, row.key
        assert row.status == (CHANGED if expected else UNCHANGED)
    assert comparison.total_difference == 200 * sum(after.values())
    by_year = {t.fiscal_year: t.difference for t in comparison.totals}
    assert by_year == {2024: 0, 2025: 200 * sum(after.values())}
    assert {r.fiscal_year for r in comparison.rows} == {2024, 2025}


@settings(max_examples=60, deadline=None)
@given(days=audit_user_day_lists)
def test_each_user_day_case_changes_by_200_exactly_when_type_i_on_or_after_the_date(days) -> None:
    """Per user-day: +¥200 for Type Ⅰ on or after 2025-04-01, ¥0 otherwise; the total is ¥200 × those days."""
    reform = shipped_rules().with_values(TYPE_I, {date(2025, 4, 1): 2300}, label="type I 2300", content=b"2300")
    cases = [Case(f"day {i}", "activity_center.daily_amount",
                  {"center_type": t, "on": d, "bath": b, "one_way_trips": n}, Expected(amount=0), "mem", i)
             for i, (t, d, b, n) in enumerate(days)]
    comparison = compare_cases(cases, shipped_rules(), reform)
    hits = [t == "I" and d >= date(2025, 4, 1) for t, d, _, _ in days]
    assert [r.difference for r in comparison.rows] == [200 if h else 0 for h in hits]
    assert comparison.total_difference == 200 * sum(hits)


@settings(max_examples=60, deadline=None)
@given(days=audit_user_day_lists, change=audit_rate_reforms)
def test_compare_totals_equal_the_sum_of_the_per_case_differences(days, change) -> None:
    """Per programme and fiscal year, and overall, the totals are the sums of the rows' old, new and difference."""
    name, effective, value = change
    base = shipped_rules()
    reformed = base.with_values(name, {effective: value}, label="hypothesis", content=repr(change).encode())
    cases = [Case(f"day {i}", "activity_center.daily_amount",
                  {"center_type": t, "on": d, "bath": b, "one_way_trips": n}, Expected(amount=0), "mem", i)
             for i, (t, d, b, n) in enumerate(days)]
    comparison = compare_cases(cases, base, reformed)
    assert comparison.total_difference == sum(r.difference for r in comparison.rows if r.difference is not None)
    for t in comparison.totals:
        rows = [r for r in comparison.rows if (r.programme, r.fiscal_year) == (t.programme, t.fiscal_year)]
        assert (t.rows, t.old, t.new, t.difference) == (
            len(rows), sum(r.old for r in rows), sum(r.new for r in rows), sum(r.difference for r in rows))
        assert t.difference == t.new - t.old


def test_compare_on_batches_of_every_kind_matches_the_fixtures(tmp_path: Path) -> None:
    """Under identical rules every kind compares to zero and its old totals are the fixtures' hand-worked totals."""
    fixtures = Path("/work/shared/fixtures")
    if not fixtures.is_dir():
        pytest.skip("shared fixtures not present")
    base = shipped_rules()
    same = base.with_values("salon.group_cap", {}, label="same", content=b"")
    runs = {
        "salon": (compare_batch("salon", [fixtures / "salon_roster_fy2024.csv"], fiscal_years=[2024], base=base,
                                reform=same), 66_000),
        "activity-center": (compare_batch("activity-center", [fixtures / "attendance_may2024.csv"],
                                          fiscal_years=[2024], base=base, reform=same,
                                          centers=[fixtures / "centers.csv"]), 15_900),
        "points": (compare_batch("points", [fixtures / "points_stamps_fy2024.csv"], fiscal_years=[2024], base=base,
                                 reform=same), 6_100),
    }
    for kind, ((comparison, _), total) in runs.items():
        assert sum(t.old for t in comparison.totals) == total, kind
        assert comparison.total_difference == 0, kind


def test_an_overlay_with_a_bad_date_is_rejected_naming_file_and_key(tmp_path: Path) -> None:
    """An impossible effective date in a reform overlay is refused with the file and the key."""
    path = tmp_path / "bad_date.yaml"
    path.write_text(REFORM.replace("2025-04-01", "2025-02-30"), encoding="utf-8")
    with pytest.raises(RulesDataError) as err:
        load_rules(path)
    assert err.value.file == str(path)
    assert err.value.key == f"parameters.{TYPE_I}.values.2025-02-30"


def test_an_overlay_with_a_negative_amount_is_rejected_naming_file_and_key(tmp_path: Path) -> None:
    """Negative money in a reform overlay is refused with the file and the key."""
    path = tmp_path / "negative.yaml"
    path.write_text(REFORM.replace("2300", "-2300"), encoding="utf-8")
    with pytest.raises(RulesDataError) as err:
        load_rules(path)
    assert err.value.file == str(path)
    assert err.value.key == f"parameters.{TYPE_I}.values.2025-04-01"
    assert "negative" in err.value.problem


def test_an_overlay_applies_on_top_of_another_rules_directory(tmp_path: Path, reform) -> None:
    """--rules DIR --reform FILE: the overlay lands on whatever base is given, not only the shipped rules."""
    import shutil

    from kanoya_benefits.rules import SHIPPED_DIR

    base_dir = tmp_path / "proposed"
    shutil.copytree(SHIPPED_DIR, base_dir)
    bath = base_dir / "activity_center" / "bath_add_on.yaml"
    bath.write_text(bath.read_text(encoding="utf-8") + "  2025-10-01: 500\n", encoding="utf-8")
    base = load_rules(base_dir)
    both = base.with_overlay(tmp_path / "type_i_2300.yaml")
    snap = both.at(date(2025, 10, 1))
    assert (snap[TYPE_I], snap["activity_center.bath_add_on"]) == (2300, 500)


def test_rules_diff_between_sets_and_between_dates(reform) -> None:
    """rules diff lists the one added entry (with the value it replaces), and the change between two dates."""
    changes = diff_rule_sets(shipped_rules(), reform)
    assert [(c.parameter, c.change, c.effective, c.old, c.new) for c in changes] == [
        (TYPE_I, "added", date(2025, 4, 1), 2100, 2300)]
    by_date = diff_dates(reform, date(2025, 3, 31), date(2025, 4, 1))
    assert [(c.parameter, c.old, c.new) for c in by_date] == [(TYPE_I, 2100, 2300)]
    assert diff_dates(reform, date(2024, 4, 1), date(2025, 3, 31)) == ()


def test_values_in_force_show_every_parameter_with_status_and_citation() -> None:
    """rules show: every shipped parameter on a day, with its status and a citation; a ratio as text."""
    values = values_in_force(shipped_rules(), date(2024, 4, 1))
    assert len(values) == len(shipped_rules().parameters)
    by_name = {v.parameter: v for v in values}
    assert by_name["mutual_aid.rent_add_on_share"].value == "1/2"
    assert by_name["points.yen_per_point"].status == "assumed"
    assert all(v.citation for v in values)


EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "reforms"


def test_the_shipped_reform_example_raises_the_year_by_200_per_type_i_user_day_from_april_2025() -> None:
    """examples/reforms: 262 Type Ⅰ user-days from 2025-04-01 → +¥52,400 in FY2025, FY2024 unchanged (README)."""
    import csv

    from examples.reforms.make_attendance import rows

    att = EXAMPLES / "attendance_2024-10_2025-09.csv"
    assert att.read_text(encoding="utf-8").splitlines()[1:] == rows()  # the generator makes the shipped file
    reform = load_rules(EXAMPLES / "type_i_2300.yaml")
    comparison, problems = compare_batch("activity-center", [att], fiscal_years=[2024, 2025], base=shipped_rules(),
                                         reform=reform, centers=[EXAMPLES / "centers.csv"])
    with att.open(encoding="utf-8") as f:
        after = sum(1 for r in csv.DictReader(f) if r["center_id"] == "K1" and r["date"] >= "2025-04-01")
    assert problems == () and after == 262
    assert {t.fiscal_year: t.difference for t in comparison.totals} == {2024: 0, 2025: 52_400}
    assert comparison.total_difference == 200 * after
