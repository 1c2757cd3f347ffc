"""The row-count invariant: every row in is used, out of scope or an error row, whatever the input."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings

from kanoya_benefits.batch import attendance
from kanoya_benefits.batch.common import RunSummary
from tests.strategies import attendance_files

CENTERS = "センターID,類型,適用開始日\nK1,Ⅱ型,2024-04-01\nK2,Ⅰ型,2024-04-01\n"


@settings(max_examples=60, deadline=None)
@given(attendance_files)
def test_rows_in_equals_used_out_of_scope_errors(lines: list[str]) -> None:
    """For any mix of good, odd and broken rows, rows in = used + out of scope + errors, and no row is lost."""
    with tempfile.TemporaryDirectory() as d:
        c = Path(d, "c.csv")
        c.write_text(CENTERS, encoding="cp932")
        a = Path(d, "a.csv")
        a.write_text("利用日,センターID,利用者ID,入浴,送迎回数\n" + "".join(f"{x}\n" for x in lines), encoding="utf-8")
        result = attendance.run([a], centers=[c], fiscal_year=2024)
    s = result.summary
    assert s.rows_in == s.used + s.out_of_scope + s.errors
    att = next(f for f in s.files if f.file == str(a))
    assert att.rows_in == len(lines)
    assert sum(claim.user_days for claim in result.claims) == att.used
    assert sum(claim.amount for claim in result.claims) == result.total


def test_progress_reported(tmp_path: Path) -> None:
    """A long batch reports its progress every few thousand rows, and once at the end."""
    c = tmp_path / "c.csv"
    c.write_text(CENTERS, encoding="utf-8")
    a = tmp_path / "a.csv"
    a.write_text("date,center_id,user_id\n" + "".join(f"2024-05-01,K1,U{i}\n" for i in range(12_000)),
                 encoding="utf-8")
    seen: list[int] = []
    result = attendance.run([a], centers=[c], fiscal_year=2024, progress=seen.append)
    assert seen == [5_000, 10_000, 12_002]
    assert result.total == 12_000 * 1_800


def test_summary_refuses_broken_counts() -> None:
    """A summary whose counts do not add up cannot be made."""
    with pytest.raises(AssertionError, match="invariant"):
        RunSummary(rows_in=3, used=1, out_of_scope=1, errors=0)
