"""The row-count invariant: every row in is used, out of scope or an error row, whatever the input."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings

from kanoya_benefits.batch import attendance
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
