"""Write a synthetic year of activity-center attendance spanning the FY2024/FY2025 boundary.

``python examples/reforms/make_attendance.py`` writes ``centers.csv`` and
``attendance_2024-10_2025-09.csv`` beside this file: three centers (Type Ⅰ, Ⅱ, Ⅲ),
weekdays from 2024-10-01 to 2025-09-30, one to three users a day each, no real
personal data. Deterministic: the same files every time.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent


def rows() -> list[str]:
    """The attendance rows (CSV lines without the header)."""
    out = []
    day, n = date(2024, 10, 1), 0
    while day <= date(2025, 9, 30):
        if day.weekday() < 5:
            for center in ("K1", "K2", "K3"):
                for user in range(1 + n % 3):
                    out.append(f"{day},{center},U{user}{center},{(n + user) % 2},{(n + user) % 3}")
        n += 1
        day += timedelta(days=1)
    return out


def main() -> None:
    """Write the two files."""
    (HERE / "centers.csv").write_text("center_id,type,effective_from\nK1,I,\nK2,II,\nK3,III,\n", encoding="utf-8")
    text = "date,center_id,user_id,bath,one_way_trips\n" + "\n".join(rows()) + "\n"
    (HERE / "attendance_2024-10_2025-09.csv").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
