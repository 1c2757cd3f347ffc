"""POST /v1/audit and POST /v1/compare: the auditors' tools over HTTP, a thin layer over the library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

BOOK = Path(__file__).resolve().parents[2] / "cases"
REFORM = ("kind: overlay\nparameters:\n  activity_center.daily_rate_type_i:\n    values:\n"
          "      2025-04-01: 2300\n")
CASES = """\
- name: right amount, wrong uncapped figure
  programme: salon
  on: 2024-06-01
  inputs: {first_time: 12, additional: 3}
  expect: {amount: 50000, uncapped: 50000}
- name: a malformed case naming an unknown programme
  programme: bingo
  expect: {amount: 1}
- name: a Type I day in FY2025 under the reform
  programme: activity-center
  on: 2025-06-02
  inputs: {center_type: I}
  expect: {amount: 2100}
"""


def test_audit_reports_every_case_with_status_mismatches_and_line(client: FlaskClient) -> None:
    """A wrong second expected value fails, a malformed case is errored with its line, the rest pass."""
    body = client.post("/v1/audit", json={"cases": CASES, "file": "mine.yaml"}).get_json()
    assert (body["passed"], body["failed"], body["errored"]) == (1, 1, 1)
    failed = next(r for r in body["results"] if r["status"] == "failed")
    assert failed["mismatches"] == [{"field": "uncapped", "expected": 50000, "got": 54000}]
    assert failed["working"]["line_items"][-1]["parameter"] == "salon.group_cap"
    errored = next(r for r in body["results"] if r["status"] == "errored")
    assert (errored["file"], errored["line"]) == ("mine.yaml", 7)


def test_audit_runs_the_shipped_csv_book_and_an_overlay(client: FlaskClient) -> None:
    """CSV text is accepted; with the Type Ⅰ overlay the FY2025 case fails by ¥200."""
    csv_text = (BOOK / "single_cases.csv").read_text(encoding="utf-8-sig")
    body = client.post("/v1/audit", json={"cases": csv_text, "format": "csv"}).get_json()
    assert body["failed"] == body["errored"] == 0 and body["passed"] >= 10
    body = client.post("/v1/audit", json={"cases": CASES, "overlay": REFORM}).get_json()
    third = body["results"][-1]
    assert third["mismatches"] == [{"field": "amount", "expected": 2100, "got": 2300}]


def test_compare_gives_differences_and_the_budget_impact(client: FlaskClient) -> None:
    """Compare: the FY2025 Type Ⅰ case rises ¥200; totals per programme and fiscal year add up."""
    body = client.post("/v1/compare", json={"cases": CASES, "reform": REFORM}).get_json()
    comparison = body["comparison"]
    assert comparison["total_difference"] == 200
    assert [p["line"] for p in body["input_problems"]] == [7]
    changed = [r for r in comparison["rows"] if r["status"] == "changed"]
    assert [(r["old"], r["new"], r["difference"], r["fiscal_year"]) for r in changed] == [(2100, 2300, 200, 2025)]


def test_a_bad_overlay_is_a_422_naming_the_field_and_key(client: FlaskClient, problem: Any) -> None:
    """Negative money or an impossible date in the reform: 422 problem naming `reform` and the key."""
    bad = client.post("/v1/compare", json={"cases": CASES, "reform": REFORM.replace("2300", "-1")})
    doc = problem(bad, 422)
    assert doc["errors"][0]["field"] == "reform"
    assert "parameters.activity_center.daily_rate_type_i.values.2025-04-01" in doc["detail"]
    bad = client.post("/v1/audit", json={"cases": CASES, "overlay": "kind: overlay\nparameters: [1,"})
    assert problem(bad, 422)["errors"][0]["field"] == "overlay"


def test_request_shape_errors_are_problems(client: FlaskClient, problem: Any) -> None:
    """Missing cases, non-text cases, an unknown format or field: 422 naming the field."""
    assert problem(client.post("/v1/audit", json={}), 422)["errors"][0]["field"] == "cases"
    assert problem(client.post("/v1/audit", json={"cases": 5}), 422)["errors"][0]["field"] == "cases"
    assert problem(client.post("/v1/audit", json={"cases": "", "format": "xls"}), 422)["errors"][0][
        "field"] == "format"
    assert problem(client.post("/v1/compare", json={"cases": ""}), 422)["errors"][0]["field"] == "reform"
