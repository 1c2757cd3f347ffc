"""Activity-center batch: the cp932 fixture, duplicates, two centers a day, type changes, out of scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kanoya_benefits.batch import attendance
from kanoya_benefits.batch.attendance import AttendanceBatch
from kanoya_benefits.tabular import ATTENDANCE, Records
from kanoya_benefits.tabular import CENTERS as CENTERS_SCHEMA

FIXTURES = Path(__file__).parent / "fixtures"
CENTERS = "センターID,類型,適用開始日\nK1,Ⅱ型,2024-04-01\nK2,Ⅰ型,2024-04-01\n"
HEADER = "利用日,センターID,利用者ID,入浴,送迎回数\n"


@pytest.fixture
def run(write_file: Callable[..., Path]) -> Callable[..., AttendanceBatch]:
    """Run the batch on attendance lines (and a center list), written in cp932 like Excel's."""

    def go(lines: str, centers: str = CENTERS) -> AttendanceBatch:
        c = write_file("centers.csv", centers, "cp932")
        a = write_file("attendance.csv", HEADER + lines, "cp932")
        return attendance.run([a], centers=[c], fiscal_year=2024)

    return go


def test_fixture_totals() -> None:
    """The hand-worked fixture: K1 May ¥5,200, K2 May ¥8,900, K1 April ¥1,800, total ¥15,900; 8 rows, 2 errors."""
    result = attendance.run([FIXTURES / "attendance_may2024.csv"], centers=[FIXTURES / "centers.csv"],
                            fiscal_year=2024)
    claims = {(c.center_id, c.month): c for c in result.claims}
    assert {k: c.amount for k, c in claims.items()} == {
        ("K1", date(2024, 4, 1)): 1_800, ("K1", date(2024, 5, 1)): 5_200, ("K2", date(2024, 5, 1)): 8_900}
    assert result.total == 15_900
    k2 = claims[("K2", date(2024, 5, 1))]
    assert (k2.user_days, k2.baths, k2.one_way_trips) == (3, 2, 3)
    assert sum(i.subtotal for i in k2.line_items) == k2.amount
    att = next(f for f in result.summary.files if f.file.endswith("attendance_may2024.csv"))
    assert (att.rows_in, att.used, att.out_of_scope, att.errors) == (8, 6, 0, 2)
    assert [(e.line, e.column, e.value) for e in result.errors] == [
        (7, "送迎回数 (one_way_trips)", "4"), (8, "センターID (center_id)", "K9")]
    assert result.inputs[1].encoding == "cp932"


def test_duplicate_is_an_error_row_first_used(run: Callable[..., AttendanceBatch]) -> None:
    """The same user, center and day twice: the first row is paid, the second is an error row."""
    result = run("2024-05-07,K1,V1,有,2\nR6.5.7,K1,V1,無,0\n")
    assert result.total == 1800 + 400 + 1200
    assert [(e.line, e.column) for e in result.errors] == [(3, "利用者ID (user_id)")]
    assert "first row is used" in result.errors[0].expected


def test_same_user_two_centers_both_paid_flagged(run: Callable[..., AttendanceBatch]) -> None:
    """The same user at two centers on one day: both paid, both claims flagged."""
    result = run("2024-05-07,K1,V1,0,0\n2024-05-07,K2,V1,0,0\n")
    assert result.total == 1800 + 2100
    assert all(c.flags and c.flags[0].code == "same_user_two_centers" for c in result.claims)


def test_center_type_change(run: Callable[..., AttendanceBatch]) -> None:
    """A center whose type changes mid-year is paid each day at the type in force that day."""
    centers = CENTERS + "K1,Ⅰ型,2024-05-10\n"
    result = run("2024-05-09,K1,V1,0,0\n2024-05-10,K1,V1,0,0\n", centers)
    claim = result.claims[0]
    assert claim.amount == 1800 + 2100 and claim.center_types == ("I", "II")
    assert sorted(i.unit_amount for i in claim.line_items) == [1800, 2100]


def test_before_center_type_is_an_error(run: Callable[..., AttendanceBatch]) -> None:
    """Attendance before a center's first type date is an error row."""
    result = run("2024-04-05,K3,V1,0,0\n", CENTERS + "K3,Ⅲ型,2024-06-01\n")
    assert result.errors[0].column == "利用日 (date)"


def test_outside_fiscal_year_out_of_scope(run: Callable[..., AttendanceBatch]) -> None:
    """Attendance outside the fiscal year is listed as out of scope, not paid, not lost."""
    result = run("2025-04-01,K1,V1,0,0\n2024-03-31,K1,V1,0,0\n2025-03-31,K1,V1,0,0\n")
    assert result.total == 1800
    assert result.summary.out_of_scope == 2


def test_bad_values_are_error_rows(run: Callable[..., AttendanceBatch]) -> None:
    """Unreadable cells give error rows with column and value; good rows are still paid."""
    result = run("2024-02-30,K1,V1,0,0\n2024-05-01,K1,V2,maybe,0\n2024-05-01,K1,V3,0,-1\n2024-05-01,K1,V4,○,２\n")
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "利用日 (date)"), (3, "入浴 (bath)"), (4, "送迎回数 (one_way_trips)")]
    assert result.total == 1800 + 400 + 1200


def test_bad_center_list_rows(run: Callable[..., AttendanceBatch]) -> None:
    """A center list row with an unknown type is an error row of the center file."""
    result = run("2024-05-01,K1,V1,0,0\n", CENTERS + "K7,Ⅳ型,2024-04-01\n")
    assert result.errors[0].file.endswith("centers.csv") and result.errors[0].column == "類型 (type)"
    assert result.summary.rows_in == 4


def _records(rows: list[dict[str, object]]) -> tuple[list[Records], list[Records]]:
    centers = Records("centers", CENTERS_SCHEMA, [{"center_id": "K1", "type": "II"}, {"center_id": "K2", "type": "I"}])
    return [Records("attendances", ATTENDANCE, rows)], [centers]


def test_records_without_fiscal_year() -> None:
    """Rows in memory (typed values) and no fiscal year: every day counts, errors name the row index."""
    rows, centers = _records([
        {"date": date(2024, 5, 7), "center_id": "K1", "user_id": "V1", "bath": True, "one_way_trips": 2},
        {"date": date(2025, 5, 7), "center_id": "K2", "user_id": "V1"},
        {"date": date(2024, 5, 7), "center_id": "K1", "user_id": "V1"},
    ])
    result = attendance.run(rows, centers=centers, fiscal_year=None)
    assert result.total == 1800 + 400 + 1200 + 2100
    assert result.fiscal_year is None and result.out_of_scope == ()
    assert [(e.file, e.line, e.column) for e in result.errors] == [("attendances", 2, "user_id")]
    assert result.errors[0].expected.startswith(attendance.DUPLICATE)


def test_day_before_the_rules_is_an_error_row() -> None:
    """Without a fiscal year, a day before the rules start is an error row naming the date (never another epoch)."""
    rows, centers = _records([{"date": date(2020, 5, 7), "center_id": "K1", "user_id": "V1"}])
    result = attendance.run(rows, centers=centers, fiscal_year=None)
    assert result.total == 0 and result.claims == ()
    assert [(e.line, e.column, e.value) for e in result.errors] == [(0, "date", "2020-05-07")]
    assert "2024-04-01" in result.errors[0].expected
