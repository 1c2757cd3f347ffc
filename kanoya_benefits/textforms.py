"""Values as they come out of Excel: dates (西暦 and 和暦), yen, yes/no, counts, ids.

Each parser takes the cell text and the field name and returns a plain Python
value, or raises :class:`InputError` naming the field, what would be accepted
and what came. Batches call these a million times, so each checks the common
plain form (ISO date, ASCII digits) before normalising anything.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from .errors import InputError
from .fiscal import ERAS

DATE_EXPECTED = "a date such as 2024-04-01, 2024/4/1, 令和6年4月1日 or R6.4.1"
MONTH_EXPECTED = "a month such as 2024-04, 2024/4, 令和6年4月 or a date in that month"
YEN_EXPECTED = "whole yen of 0 or more, such as 15001, 15,001 or ¥15,001"
COUNT_EXPECTED = "a whole number of 0 or more"
FLAG_EXPECTED = "yes or no: 1/0, true/false, yes/no, 有/無, あり/なし, ○/×"
ID_EXPECTED = "an id (not blank)"

_SEP = r"\s*[-/.年月]\s*"
_WESTERN = re.compile(r"^(\d{4})" + _SEP + r"(\d{1,2})" + _SEP + r"(\d{1,2})\s*日?$")
_ERA = re.compile(r"^(令和|平成|昭和|[RHSrhs])\s*(元|\d{1,2})" + _SEP + r"(\d{1,2})" + _SEP + r"(\d{1,2})\s*日?$")
_WESTERN_MONTH = re.compile(r"^(\d{4})" + _SEP + r"(\d{1,2})\s*月?$")
_ERA_MONTH = re.compile(r"^(令和|平成|昭和|[RHSrhs])\s*(元|\d{1,2})" + _SEP + r"(\d{1,2})\s*月?$")
# Excel writes a date cell to CSV as "2024-04-01 00:00:00" when the column is a datetime.
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]0{1,2}:00(:00(\.0+)?)?$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+$")


def _nfkc(text: str) -> str:
    """Full-width digits and letters to ASCII (１２ → 12, ￥ → ¥), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def _era_of(text: str) -> tuple[str, date, date | None]:
    """The era named by a kanji name or its letter: (name, first day, first day of the next era)."""
    nxt: date | None = None
    for name, abbr, first in ERAS:  # newest first: the era before sets the bound of the one after
        if text in (name, abbr, abbr.lower()):
            return name, first, nxt
        nxt = first
    raise AssertionError(text)  # pragma: no cover - the regex only lets known eras through


def _era_year(era_text: str, n_text: str) -> tuple[str, date, date | None, int]:
    name, first, nxt = _era_of(era_text)
    n = 1 if n_text == "元" else int(n_text)
    return name, first, nxt, first.year + n - 1


def parse_date(value: Any, field: str) -> date:
    """A date cell: ISO, 2024/4/1, 2024年4月1日, 令和6年4月1日, R6.4.1, 令和元年5月1日, H31.4.30.

    A 和暦 date must lie inside its era (平成31年5月1日 and R1.4.30 do not exist).
    """
    if type(value) is date:
        return value
    if isinstance(value, datetime):  # an .xlsx date cell
        if value.time() != datetime.min.time():
            raise InputError(field, DATE_EXPECTED + " (without a time of day)", value)
        return value.date()
    if not isinstance(value, str):
        raise InputError(field, DATE_EXPECTED, value)
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # falls through to the general forms and their message
    s = _nfkc(value)
    m = _WESTERN.match(s)
    if m is not None:
        return _make_date(field, value, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MIDNIGHT.match(s)
    if m is not None:
        y, mo, d = (int(p) for p in m.group(1).split("-"))
        return _make_date(field, value, y, mo, d)
    m = _ERA.match(s)
    if m is not None:
        name, first, nxt, year = _era_year(m.group(1), m.group(2))
        found = _make_date(field, value, year, int(m.group(3)), int(m.group(4)))
        _check_in_era(field, value, name, first, nxt, found)
        return found
    raise InputError(field, DATE_EXPECTED, value)


def _make_date(field: str, raw: Any, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(field, DATE_EXPECTED + " (a day that exists)", raw) from None


def _check_in_era(field: str, raw: Any, name: str, first: date, nxt: date | None, day: date) -> None:
    if day < first or (nxt is not None and day >= nxt):
        last = date.fromordinal(nxt.toordinal() - 1).isoformat() if nxt is not None else "now"
        raise InputError(field, f"a date inside the era {name} ({first} to {last})", raw)


def parse_month(value: Any, field: str) -> date:
    """A month cell, returned as day 1: 2024-04, 2024/4, 2024年4月, 令和6年4月, R6.4, or any date in it."""
    if isinstance(value, (date, datetime)):
        d = parse_date(value, field)
        return d.replace(day=1)
    if not isinstance(value, str):
        raise InputError(field, MONTH_EXPECTED, value)
    if len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        return _make_month(field, value, int(value[:4]), int(value[5:]))
    s = _nfkc(value)
    m = _WESTERN_MONTH.match(s)
    if m is not None:
        return _make_month(field, value, int(m.group(1)), int(m.group(2)))
    m = _ERA_MONTH.match(s)
    if m is not None:
        name, first, nxt, year = _era_year(m.group(1), m.group(2))
        month = _make_month(field, value, year, int(m.group(3)))
        # A month is inside an era if any of its days is (令和元年4月 does not exist, 令和元年5月 does).
        last_day = date(year + month.month // 12, month.month % 12 + 1, 1).toordinal() - 1
        if date.fromordinal(last_day) < first or (nxt is not None and month >= nxt):
            raise InputError(field, f"a month inside the era {name}", value)
        return month
    try:
        return parse_date(value, field).replace(day=1)
    except InputError:
        raise InputError(field, MONTH_EXPECTED, value) from None


def _make_month(field: str, raw: Any, year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise InputError(field, MONTH_EXPECTED + " (a month from 1 to 12)", raw)
    return date(year, month, 1)


def _whole(value: Any, field: str, expected: str, *, money: bool) -> int:
    if type(value) is int:
        if value < 0:
            raise InputError(field, expected, value)
        return value
    if isinstance(value, float):  # an .xlsx number cell
        if value < 0 or not value.is_integer():
            raise InputError(field, expected, value)
        return int(value)
    if not isinstance(value, str):
        raise InputError(field, expected, value)
    if len(value) > _MAX_CELL:  # no amount or count has that many characters; int() of thousands fails
        raise InputError(field, f"{expected} (at most {_MAX_DIGITS} digits)", value)
    if value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS:
        return int(value)
    s = _nfkc(value)
    if money:
        # Shift_JIS stores ¥ as byte 0x5C, which cp932 decodes as a backslash: both mean yen here.
        s = s.removeprefix("¥").removeprefix("\\").removesuffix("円").strip()
        if _GROUPED.match(s):
            s = s.replace(",", "")
    whole, dot, fraction = s.partition(".")
    if dot and fraction and set(fraction) == {"0"}:
        s = whole  # Excel's 15001.0 is whole yen; 15001.5 is not
    if not (s.isascii() and s.isdigit()):
        raise InputError(field, expected, value)
    if len(s) > _MAX_DIGITS:
        raise InputError(field, f"{expected} (at most {_MAX_DIGITS} digits)", value)
    return int(s)


_MAX_DIGITS = 15  # ¥999兆: far above any amount or count of the programme, far below int()'s limits
_MAX_CELL = 64


def parse_yen(value: Any, field: str) -> int:
    """Whole yen: 15001, 15,001, ¥15,001, ￥１５,００１, 15001円, 15001.0 (15001.5 and -1 are errors)."""
    return _whole(value, field, YEN_EXPECTED, money=True)


def parse_count(value: Any, field: str) -> int:
    """A count of 0 or more: 2, ２, 2.0."""
    return _whole(value, field, COUNT_EXPECTED, money=False)


_YES = frozenset({"1", "true", "yes", "y", "有", "あり", "有り", "○", "〇", "◯", "はい"})
_NO = frozenset({"0", "false", "no", "n", "無", "なし", "無し", "×", "✕", "いいえ", ""})


def parse_flag(value: Any, field: str) -> bool:
    """Yes/no: 1/0, true/false, yes/no, 有/無, あり/なし, ○/〇/×. A blank cell is no."""
    if type(value) is bool:
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    if not isinstance(value, str):
        raise InputError(field, FLAG_EXPECTED, value)
    s = value if value in _YES or value in _NO else _nfkc(value).lower()
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise InputError(field, FLAG_EXPECTED, value)


def parse_id(value: Any, field: str) -> str:
    """An id kept as text: '007' stays '007'; whitespace trimmed, full-width letters and digits to ASCII."""
    if isinstance(value, str):
        s = value.strip() if value.isascii() else _nfkc(value)
    elif type(value) is int:  # an .xlsx number cell: leading zeros are already gone, keep what is there
        s = str(value)
    else:
        raise InputError(field, ID_EXPECTED, value)
    if not s:
        raise InputError(field, ID_EXPECTED, value)
    return s


_NATURAL = re.compile(r"(\d+)")


@functools.lru_cache(maxsize=65_536)  # batches sort the same few hundred group ids again and again
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders digits by value: 'G2' before 'G10'."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _NATURAL.split(text) if p)
