"""Auditors' case files: reading YAML and CSV, checking every expected field, reporting malformed cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kanoya_benefits.audit import load_cases, parse_case_text, run_cases
from kanoya_benefits.audit.runner import ERRORED, FAILED, PASSED

GOOD = """\
cases:
  - name: 7 first-time and 3 additional members earn 34,000
    programme: salon
    on: 2024-06-01
    inputs: {first_time: 7, additional: 3}
    expect: {amount: 34000, uncapped: 34000}
"""


def run_text(text: str, kind: str = "yaml", file: str = "book.yaml") -> tuple:
    cases, problems = parse_case_text(text, file, kind)
    from kanoya_benefits.audit import CaseBook

    return cases, problems, run_cases(CaseBook(tuple(cases), tuple(problems), (file,)))


def test_a_good_case_passes_and_keeps_its_file_and_line() -> None:
    """A well-formed case passes and remembers where it was written."""
    cases, problems, run = run_text(GOOD)
    assert problems == []
    assert [c.line for c in cases] == [2]
    assert cases[0].inputs["on"] == date(2024, 6, 1)  # `on:` is a date key, not YAML 1.1's boolean True
    assert run.results[0].status == PASSED and run.ok


def test_a_wrong_second_expected_value_fails() -> None:
    """Meta-test: the amount is right, the uncapped figure (the second expected field) is wrong → failed."""
    text = GOOD.replace("uncapped: 34000", "uncapped: 34001")
    _, _, run = run_text(text)
    r = run.results[0]
    assert r.status == FAILED
    assert [(m.field, m.expected, m.got) for m in r.mismatches] == [("uncapped", 34001, 34000)]
    assert not run.ok and run.failed == 1


def test_every_expected_field_is_checked_and_every_mismatch_listed() -> None:
    """Amount, uncapped, a line item, flags and notes are all checked; each wrong one is reported."""
    text = """\
- name: capped case with everything wrong but the amount
  programme: salon.enrollment_grant
  on: 2024-06-01
  inputs: {first_time: 12, additional: 3}
  expect:
    amount: 50000
    uncapped: 1
    line_items: {salon.first_time_per_member: 48000, salon.additional_per_member: 7}
    flags: [invented_flag]
    notes: [salon.first_time_per_member]
"""
    _, _, run = run_text(text)
    fields = [m.field for m in run.results[0].mismatches]
    assert fields == ["uncapped", "line_items[salon.additional_per_member]", "flags", "notes"]
    assert run.results[0].working is not None and run.results[0].working.amount == 50000


def test_line_items_by_label_and_a_cap_not_reached_is_zero() -> None:
    """Subtotals may be named by English or Japanese label; a rule parameter with no line is 0."""
    text = """\
- name: labels and zero cap
  programme: salon
  on: 2024-06-01
  inputs: {first_time: 12, additional: 1}
  expect:
    amount: 50000
    line_items: {first-time new members: 48000, 新規加入者（既加入者）: 2000, salon.group_cap: 0}
"""
    _, _, run = run_text(text)
    assert run.results[0].status == PASSED


def test_expected_error_passes_and_an_unexpected_error_is_errored() -> None:
    """`expect: {error: code}` passes on that error; an error nobody expected makes the case errored."""
    text = """\
- name: before the rules start
  programme: points
  fiscal_year: 2023
  inputs: {points: 10}
  expect: {error: no_rule_in_force, error_field: fiscal_year}
- name: wrong error code expected
  programme: points
  fiscal_year: 2023
  inputs: {points: 10}
  expect: {error: invalid_input}
- name: an amount expected but the date has no rule
  programme: points
  fiscal_year: 2023
  inputs: {points: 10}
  expect: {amount: 1000}
- name: an error expected but the case computes
  programme: points
  fiscal_year: 2024
  inputs: {points: 10}
  expect: {error: no_rule_in_force}
"""
    _, _, run = run_text(text)
    assert [r.status for r in run.results] == [PASSED, FAILED, ERRORED, FAILED]
    assert run.results[1].mismatches[0].got == "no_rule_in_force"
    assert "2023-04-01" in (run.results[2].error or "")


def test_malformed_cases_are_reported_with_file_and_line_and_the_others_still_run() -> None:
    """Each malformed case names its file and line; the good cases around it still pass."""
    text = """\
cases:
  - name: good one
    programme: salon
    on: 2024-06-01
    inputs: {first_time: 1, additional: 0}
    expect: {amount: 4000}
  - name: unknown programme
    programme: bingo
    inputs: {}
    expect: {amount: 1}
  - name: bad input value
    programme: salon
    on: 2024-06-01
    inputs:
      first_time: lots
      additional: 0
    expect: {amount: 1}
  - name: impossible date
    programme: salon
    on: 2024-02-30
    inputs: {first_time: 1, additional: 0}
    expect: {amount: 4000}
  - name: no expectation
    programme: salon
    on: 2024-06-01
    inputs: {first_time: 1, additional: 0}
  - name: good two
    programme: points
    fiscal_year: 2024
    inputs: {points: 37}
    expect: {amount: 3700}
"""
    cases, problems, run = run_text(text, file="auditor.yaml")
    assert [c.name for c in cases] == ["good one", "good two"]
    where = [(p.file, p.line, p.name) for p in problems]
    assert where == [("auditor.yaml", 8, "unknown programme"), ("auditor.yaml", 15, "bad input value"),
                     ("auditor.yaml", 20, "impossible date"), ("auditor.yaml", 23, "no expectation")]
    assert "bingo" in problems[0].problem and "first_time" in problems[1].problem
    assert (run.passed, run.failed, run.errored) == (2, 0, 4)


def test_a_broken_yaml_file_is_one_errored_entry_with_its_line(tmp_path: Path) -> None:
    """A file that is not YAML, or repeats a key, is reported with its line; other files still run."""
    (tmp_path / "a_good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b_broken.yaml").write_text("cases:\n  - name: x\n    inputs: {first_time: [1,\n", encoding="utf-8")
    twice = GOOD.replace("    on: 2024-06-01\n", "    on: 2024-06-01\n    on: 2024-06-02\n")
    (tmp_path / "c_dup.yaml").write_text(twice, encoding="utf-8")
    run = run_cases(load_cases([tmp_path]))
    assert [r.status for r in run.results] == [PASSED, ERRORED, ERRORED]
    broken, dup = run.results[1], run.results[2]
    assert broken.file.endswith("b_broken.yaml") and broken.line == 4
    assert dup.file.endswith("c_dup.yaml") and dup.line == 5 and "given twice" in (dup.error or "")


def test_csv_cases_in_utf8_bom_and_cp932_with_excel_forms(tmp_path: Path) -> None:
    """CSV rows from Excel: BOM or Shift_JIS, full-width digits, 2024/6/1, 有/無, line-item columns."""
    text = (
        "name,programme,on,fiscal_year,first_time,additional,center_type,bath,one_way_trips,points,"
        "expect_amount,expect_uncapped,expect_flags,expect_line:salon.group_cap\n"
        "上限超過の例,salon,2024/6/1,,１２,3,,,,,50000,54000,,-4000\n"
        "Ⅰ型 入浴 送迎2回,activity-center,2024-05-07,,,,Ⅰ,有,２,,3700,,,\n"
        "# a comment row is skipped\n"
        "ポイント,points,,令和6年度,,,,,,37,3700,,assumed_figures,\n"
        "wrong on purpose,points,,2024,,,,,,37,3700,3701,,\n"
    )
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "sjis.csv").write_bytes(text.encode("cp932"))
    for name in ("bom.csv", "sjis.csv"):  # one run each: a case name may appear once per run
        run = run_cases(load_cases([tmp_path / name]))
        assert [r.status for r in run.results] == [PASSED, PASSED, PASSED, FAILED]
        assert [r.line for r in run.results[:4]] == [2, 3, 5, 6]
    assert run.results[0].name == "上限超過の例"


def test_csv_row_problems_name_the_line_and_spare_the_other_rows(tmp_path: Path) -> None:
    """A bad cell or a list-input programme in CSV is reported at its line; other rows run."""
    text = ("name,programme,on,first_time,additional,expect_amount\n"
            "good,salon,2024-06-01,7,3,34000\n"
            "bad count,salon,2024-06-01,seven,3,34000\n"
            "list programme,attendance,2024-06-01,,,1\n"
            "unknown column used,salon,2024-06-01,7,3,34000,extra\n")
    f = tmp_path / "c.csv"
    f.write_text(text, encoding="utf-8")
    book = load_cases([f])
    assert [c.name for c in book.cases] == ["good"]
    assert [(p.line, p.name) for p in book.problems] == [(3, "bad count"), (4, "list programme"), (5, None)]


def test_missing_file_and_wrong_suffix_are_problems(tmp_path: Path) -> None:
    """A path that does not exist or is not a case file is reported, not raised."""
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    book = load_cases([tmp_path / "nope.yaml", other])
    assert len(book.problems) == 2 and not book.cases


def test_results_serialise_with_the_converter() -> None:
    """An audit run round-trips through kanoya_benefits.converter (what the API returns)."""
    from kanoya_benefits import converter
    from kanoya_benefits.audit import AuditRun

    _, _, run = run_text(GOOD)
    data = converter.unstructure(run)
    assert data["results"][0]["inputs"]["on"] == "2024-06-01"
    assert data["results"][0]["working"]["line_items"][0]["parameter"] == "salon.first_time_per_member"
    back = converter.structure(data, AuditRun)
    assert back.passed == 1 and back.results[0].working == run.results[0].working


def test_rules_changes_apply_to_one_case_only_and_bad_ones_are_errored() -> None:
    """A case's own rules_changes change its rules alone; an unknown parameter there errors that case by key."""
    text = """\
- name: with a raised rate
  programme: activity-center
  on: 2024-10-15
  inputs: {center_type: I}
  rules_changes: {activity_center.daily_rate_type_i: {values: {2024-10-15: 2300}}}
  expect: {amount: 2300}
- name: without it
  programme: activity-center
  on: 2024-10-15
  inputs: {center_type: I}
  expect: {amount: 2100}
- name: a misspelt parameter
  programme: activity-center
  on: 2024-10-15
  inputs: {center_type: I}
  rules_changes: {activity_center.daily_rate_type_one: {values: {2024-10-15: 2300}}}
  expect: {amount: 2300}
"""
    _, _, run = run_text(text)
    assert [r.status for r in run.results] == [PASSED, PASSED, ERRORED]
    assert "parameters.activity_center.daily_rate_type_one" in (run.results[2].error or "")
    assert run.results[2].line == 12


def test_inputs_with_month_keys_serialise_as_json() -> None:
    """Monthly costs given as {month: yen} come back in the result as JSON-ready text keys."""
    import json

    from kanoya_benefits import converter

    text = """\
- name: rent in two months only
  programme: mutual-aid-year
  fiscal_year: 2024
  inputs: {first_subsidized_month: 2024-04, rent_cost: {2024-05: 15001, 2024-06: 20002}}
  expect: {amount: 149500}
"""
    _, _, run = run_text(text)
    assert run.results[0].status == PASSED
    data = json.loads(json.dumps(converter.unstructure(run)))
    assert data["results"][0]["inputs"]["rent_cost"] == {"2024-05-01": 15001, "2024-06-01": 20002}


ATTENDANCE_CASES = """\
cases:
  - name: the repeat of a user-day is flagged with the yen not paid; rows without a center are at one of their type
    programme: attendance
    inputs:
      attendance:
        - {date: 2024-05-07, user: V1, center_type: II, bath: true}
        - {date: 2024-05-07, user: V1, center_type: Ⅱ型}
        - {date: 2024-05-07, user: V1, center_type: I}
    expect: {amount: 4300, flags: [duplicate_attendance, same_user_two_centers]}
  - name: one center given two types is the case's error naming the row
    programme: attendance
    inputs:
      attendance:
        - {date: 2024-05-07, user: V1, center: K1, center_type: II}
        - {date: 2024-05-08, user: V1, center: K1, center_type: I}
    expect: {error: invalid_input, error_field: "attendance[1].center_type"}
  - name: an error row of the batch is the case's error naming the row and the case's column
    programme: attendance
    inputs:
      attendance:
        - {date: 2024-05-07, user: V1, center: K1, center_type: II, trips: 3}
    expect: {error: invalid_input, error_field: "attendance[0].trips"}
  - name: a day before the rules start has no rule in force
    programme: attendance
    inputs:
      attendance:
        - {date: 2020-05-07, user: V1, center: K1, center_type: II}
    expect: {error: no_rule_in_force, error_field: "attendance[0].date"}
  - name: outside the fiscal year is flagged and not paid
    programme: attendance
    fiscal_year: 2024
    inputs:
      fiscal_year: 2024
      attendance:
        - {date: 2025-05-07, user: V1, center: K1, center_type: II}
    expect: {amount: 0, flags: [out_of_scope]}
  - name: a roster row that ends before it starts is the case's error naming the row
    programme: salon-roster
    fiscal_year: 2024
    inputs:
      roster:
        - {person: P1, group: G1, joined: 2024-05-01, left: 2024-04-01}
    expect: {error: invalid_input, error_field: "roster[0].left"}
"""


def test_list_programmes_run_the_batches() -> None:
    """Attendance and roster cases go through the batches: repeats flagged, error rows named by row and field."""
    _, problems, run = run_text(ATTENDANCE_CASES)
    assert problems == []
    assert [(r.status, r.error) for r in run.results] == [(PASSED, r.error) for r in run.results]
    repeat = next(f for f in run.results[0].working.flags if f.code == "duplicate_attendance")
    assert repeat.yen_at_stake == 1800
