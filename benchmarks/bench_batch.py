"""Rows per second of the four batches on the shipped examples, and of attendance scaled up.

    python benchmarks/bench_batch.py [ATTENDANCE_ROWS]

Prints one line per run: kind, rows, seconds, rows/s, peak traced memory. The scaled
attendance file (default 200,000 rows, cp932, mixed date forms) is written to a temporary
directory and removed afterwards.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kanoya_benefits import shipped_rules
from kanoya_benefits.batch import attendance, mutual_aid_year, points_year, salon_roster

EXAMPLES = Path(__file__).parent.parent / "examples"


def measure(kind: str, run: Callable[[], Any]) -> None:
    """Time one batch run (memory traced in a second run so tracing does not slow the timing)."""
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows = result.summary.rows_in
    print(f"{kind:16} {rows:>9,} rows {seconds:7.2f} s {rows / seconds:>10,.0f} rows/s  peak {peak / 2**20:6.1f} MiB"
          f"  total ¥{result.total:,}")


def scaled_attendance(path: Path, rows: int) -> None:
    """An attendance file of ``rows`` rows over FY2024 at the example centers."""
    rng = random.Random(7)
    forms = [lambda d: d.isoformat(), lambda d: f"{d.year}/{d.month}/{d.day}",
             lambda d: f"R{d.year - 2018}.{d.month}.{d.day}"]
    with open(path, "w", encoding="cp932", newline="") as f:
        f.write("利用日,センターID,利用者ID,入浴,送迎回数\r\n")
        for i in range(rows):
            d = date(2024, 4, 1) + timedelta(days=i * 365 // rows)
            center = f"K{i % 6 + 1}"
            f.write(f"{rng.choice(forms)(d)},{center},U{i % 2000:04d}{center},{rng.choice('有無')},{i % 3}\r\n")


def main() -> None:
    """Run every benchmark and print the numbers."""
    shipped_rules()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    measure("salon", lambda: salon_roster.run([EXAMPLES / "salon_roster.csv"], fiscal_year=2024))
    measure("mutual-aid", lambda: mutual_aid_year.run([EXAMPLES / "mutual_aid_fy2024.csv"], fiscal_year=2024))
    measure("points", lambda: points_year.run([EXAMPLES / "points_stamps_fy2024.csv"], fiscal_year=2024))
    centers = [EXAMPLES / "centers.csv"]
    measure("activity-center", lambda: attendance.run([EXAMPLES / "attendance_fy2024.csv"], centers=centers,
                                                      fiscal_year=2024))
    with tempfile.TemporaryDirectory() as d:
        big = Path(d) / "attendance.csv"
        scaled_attendance(big, n)
        measure("attendance ×N", lambda: attendance.run([big], centers=centers, fiscal_year=2024))


if __name__ == "__main__":
    main()
