"""Mutual-aid batch: per-group monthly and annual totals, consistency of the first subsidized month."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kanoya_benefits.batch import mutual_aid_year
from kanoya_benefits.batch.mutual_aid_year import MutualAidBatch

HEADER = "グループID,補助開始月,対象月,賃借料,チャレンジ経費\n"


@pytest.fixture
def run(write_file: Callable[..., Path]) -> Callable[[str], MutualAidBatch]:
    """Run the batch on rows under a Japanese header."""

    def go(lines: str) -> MutualAidBatch:
        return mutual_aid_year.run([write_file("ma.csv", HEADER + lines)], fiscal_year=2024)

    return go


def test_worked_example(run: Callable[[str], MutualAidBatch]) -> None:
    """RULES.md §2: year 1, rent ¥15,001, challenge ¥6,000 → ¥23,500 for the month."""
    result = run('M1,2024-04,2024-04,"¥15,001",6000\n')
    assert result.total == 23_500
    assert result.groups[0].schedule.months[0].amount == 23_500


def test_year_of_months(run: Callable[[str], MutualAidBatch]) -> None:
    """Twelve rows of rent ¥15,001: 12 × (11,000 + 7,500) = ¥222,000 (monthly cut)."""
    lines = "".join(f"M1,R6.4,{m},15001,0\n" for m in
                    ["2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11",
                     "2024-12", "2025-01", "2025-02", "2025-03"])
    result = run(lines)
    assert result.total == 12 * 18_500
    assert result.summary.used == 12


def test_subsidy_year_from_first_month(run: Callable[[str], MutualAidBatch]) -> None:
    """A group first subsidized in March 2024 is in year 2 from April 2024 (¥8,000)."""
    assert run("M2,2024-03,2024-04,0,0\n").total == 8_000


def test_inconsistent_first_month_is_an_error(run: Callable[[str], MutualAidBatch]) -> None:
    """Rows of one group with different first subsidized months: the later ones are error rows."""
    result = run("M1,2024-04,2024-04,0,0\nM1,2024-05,2024-05,0,0\n")
    assert [(e.line, e.column, e.value) for e in result.errors] == [
        (3, "補助開始月 (first_subsidized_month)", "2024-05")]


def test_duplicate_month_and_month_before_first(run: Callable[[str], MutualAidBatch]) -> None:
    """A month given twice, and a month before the first subsidized month, are error rows."""
    result = run("M1,2024-05,2024-05,0,0\nM1,2024-05,2024-05,0,0\nM1,2024-05,2024-04,0,0\n")
    assert [e.line for e in result.errors] == [3, 4]
    assert result.total == 11_000


def test_outside_year_and_bad_yen(run: Callable[[str], MutualAidBatch]) -> None:
    """A month of another fiscal year is out of scope; 15001.5 yen is an error row."""
    result = run("M1,2024-04,2025-04,0,0\nM1,2024-04,2024-04,15001.5,0\n")
    assert result.summary.out_of_scope == 1
    assert result.errors[0].column == "賃借料 (rent_cost)"


def test_gap_month_flagged(run: Callable[[str], MutualAidBatch]) -> None:
    """A month without a row inside the paid span is not paid (0) and is flagged with what it would have paid."""
    result = run("M1,2024-04,2024-04,0,0\nM1,2024-04,2024-06,0,0\n")
    assert result.total == 22_000
    schedule = result.groups[0].schedule
    flag = schedule.flags[0]
    assert (flag.code, flag.yen_at_stake) == ("month_without_row", 11_000)
    assert "not paid" in flag.reason_en and "不支給" in flag.reason_ja
    assert [m.amount for m in schedule.months[:3]] == [11_000, 0, 11_000]
    assert sum(i.subtotal for i in schedule.line_items) == schedule.amount == 22_000


def test_only_row_in_may_does_not_pay_april(run: Callable[[str], MutualAidBatch]) -> None:
    """A group whose only row is May is paid May alone; April (no row) is 0 and flagged."""
    result = run("M1,2024-04,2024-05,0,0\n")
    assert result.total == 11_000
    assert result.groups[0].schedule.months[0].amount == 0
    assert result.groups[0].schedule.flags[0].code == "month_without_row"
