"""Fiscal years (年度) and the Japanese era names used to label them.

A fiscal year runs 1 April – 31 March and is named by the calendar year it
starts in (地方自治法 第208条): FY2024 = 令和6年度 = 2024-04-01 … 2025-03-31.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import InputError

#: (era name, one-letter abbreviation, first day). Newest first.
ERAS: tuple[tuple[str, str, date], ...] = (
    ("令和", "R", date(2019, 5, 1)),
    ("平成", "H", date(1989, 1, 8)),
    ("昭和", "S", date(1926, 12, 25)),
)


def fiscal_year_of(day: date) -> int:
    """The fiscal year a date belongs to: 2025-03-31 → 2024, 2025-04-01 → 2025."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_start(fiscal_year: int) -> date:
    """1 April of the fiscal year."""
    return date(fiscal_year, 4, 1)


def fiscal_year_end(fiscal_year: int) -> date:
    """31 March after the fiscal year's start."""
    return date(fiscal_year + 1, 3, 31)


def fiscal_year_months(fiscal_year: int) -> tuple[date, ...]:
    """The twelve months of a fiscal year, each as the first day: April … March."""
    return tuple(
        date(fiscal_year + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
    )


def era_year(year: int, *, on: date | None = None) -> tuple[str, int]:
    """The era and year of the era for a Gregorian year, e.g. 2024 → ('令和', 6).

    ``on`` picks the era in a year where it changed (2019-04-30 is 平成31年);
    without it the era in force at the year's end is used (2019 → 令和元年).
    """
    probe = on if on is not None else date(year, 12, 31)
    for name, _abbr, first in ERAS:
        if probe >= first:
            return name, year - first.year + 1
    raise InputError("year", f"a year from {ERAS[-1][2].year} on", year)


def _era_number(n: int) -> str:
    return "元" if n == 1 else str(n)


def fiscal_year_label(fiscal_year: int) -> str:
    """2024 → '令和6年度'; 2019 → '令和元年度' (the fiscal year took the new era's name)."""
    era, n = era_year(fiscal_year)
    return f"{era}{_era_number(n)}年度"


_FY_LABEL = re.compile(r"^\s*(令和|平成|昭和|[RHSrhs])\s*(元|[0-9０-９]{1,2})\s*年?度?\s*$")


def parse_fiscal_year(text: str | int) -> int:
    """'令和6年度', 'R6', '2024', 2024 → 2024."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if not isinstance(text, str):
        raise InputError("fiscal_year", "a year such as 2024 or 令和6年度", text)
    s = text.strip().translate(_FULL_WIDTH_DIGITS)
    if s.rstrip("年度").isdigit() and len(s.rstrip("年度")) == 4:
        return int(s.rstrip("年度"))
    m = _FY_LABEL.match(s)
    if not m:
        raise InputError("fiscal_year", "a year such as 2024 or 令和6年度", text)
    era_text, n_text = m.groups()
    n = 1 if n_text == "元" else int(n_text)
    for name, abbr, first in ERAS:
        if era_text in (name, abbr, abbr.lower()):
            return first.year + n - 1
    raise InputError("fiscal_year", "an era of 令和, 平成 or 昭和", text)  # pragma: no cover


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
