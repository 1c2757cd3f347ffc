"""How long the shipped case book takes to read and run, and compare under a reform.

Run: ``python benchmarks/audit_casebook.py`` (prints cases and seconds; asserts nothing).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from kanoya_benefits import shipped_rules
from kanoya_benefits.audit import compare_cases, load_cases, run_cases

BOOK = Path(__file__).resolve().parent.parent / "cases"


def main() -> None:
    """Time reading, running and comparing the case book (best of 5)."""
    rules = shipped_rules()
    reform = rules.with_values("activity_center.daily_rate_type_i", {date(2025, 4, 1): 2300}, label="bench",
                               content=b"2300")
    best: dict[str, float] = {}
    for _ in range(5):
        t0 = time.perf_counter()
        book = load_cases([BOOK])
        t1 = time.perf_counter()
        run = run_cases(book, rules)
        t2 = time.perf_counter()
        compare_cases(book, rules, reform)
        t3 = time.perf_counter()
        for k, v in (("read", t1 - t0), ("run", t2 - t1), ("compare", t3 - t2)):
            best[k] = min(best.get(k, v), v)
    print(f"case book: {len(book.cases)} cases in {len(book.files)} files; {run.passed} passed")
    for k, v in best.items():
        print(f"  {k:8} {v * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
