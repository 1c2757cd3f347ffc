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


#: The fiscal years accepted from people and files: a typo such as 9999 is refused here with a clear
#: message, rather than failing deep inside date arithmetic (date(10000, 3, 31) does not exist).
FISCAL_YEAR_RANGE = (2000, 2200)
_FY_EXPECTED = f"a fiscal year from {FISCAL_YEAR_RANGE[0]} to {FISCAL_YEAR_RANGE[1]}, such as 2024 or 令和6年度"


def _in_range(year: int, raw: object) -> int:
    if not FISCAL_YEAR_RANGE[0] <= year <= FISCAL_YEAR_RANGE[1]:
        raise InputError("fiscal_year", _FY_EXPECTED, raw)
    return year


def check_date_in_range(day: date, field: str, raw: object = None) -> date:
    """``day`` if its fiscal year is in :data:`FISCAL_YEAR_RANGE`, else an InputError naming ``field``."""
    if not FISCAL_YEAR_RANGE[0] <= fiscal_year_of(day) <= FISCAL_YEAR_RANGE[1]:
        raise InputError(field, f"a date in fiscal years {FISCAL_YEAR_RANGE[0]} to {FISCAL_YEAR_RANGE[1]}",
                         day if raw is None else raw)
    return day


def parse_fiscal_year(text: str | int) -> int:
    """'令和6年度', 'R6', '2024', 2024 → 2024 (from 2000 to 2200; an era year must exist: H36 does not)."""
    if isinstance(text, int) and not isinstance(text, bool):
        return _in_range(text, text)
    if not isinstance(text, str):
        raise InputError("fiscal_year", _FY_EXPECTED, text)
    s = text.strip().translate(_FULL_WIDTH_DIGITS)
    if s.rstrip("年度").isdigit() and len(s.rstrip("年度")) == 4:
        return _in_range(int(s.rstrip("年度")), text)
    m = _FY_LABEL.match(s)
    if not m:
        raise InputError("fiscal_year", _FY_EXPECTED, text)
    era_text, n_text = m.groups()
    n = 1 if n_text == "元" else int(n_text)
    nxt: date | None = None
    for name, abbr, first in ERAS:  # newest first: each era ends in the year the one before it starts
        if era_text in (name, abbr, abbr.lower()):
            year = first.year + n - 1
            if n < 1 or (nxt is not None and year > nxt.year):
                last = f"{nxt.year - first.year + 1}年" if nxt is not None else "now"
                raise InputError("fiscal_year", f"a year of the era {name} that exists (元年 to {last})", text)
            return _in_range(year, text)
        nxt = first
    raise InputError("fiscal_year", "an era of 令和, 平成 or 昭和", text)  # pragma: no cover


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
