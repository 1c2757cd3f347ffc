"""Case-file values into the Python values the calculations take.

YAML gives ints, dates and booleans already; a CSV saved from Excel gives text
(full-width digits, ``15,001``, ``2024/6/1``, ``有``). Each kind of input field
has one reader here that accepts both and raises InputError naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from ..errors import InputError
from ..fiscal import parse_fiscal_year

_TRUE = {"true", "yes", "y", "1", "有", "あり", "○", "〇", "はい"}
_FALSE = {"false", "no", "n", "0", "無", "なし", "×", "いいえ", ""}
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def whole(value: Any, field: str) -> int:
    """A whole number: 7, '7', '７', '15,001', '¥15,001' (never a float or bool)."""
    if type(value) is int:
        return value
    if isinstance(value, str):
        # a leading backslash is ¥ in a Shift_JIS file (byte 0x5C, which cp932 decodes as a backslash)
        s = _text(value).replace(",", "").removeprefix("¥").removeprefix("\\").removesuffix("円").strip()
        if re.fullmatch(r"-?\d+", s):
            return int(s)
    raise InputError(field, "a whole number such as 7 or 15,001", value)


def day(value: Any, field: str) -> date:
    """A date: a YAML date, '2024-06-01' or '2024/6/1'."""
    if isinstance(value, datetime):
        raise InputError(field, "a date without a time, YYYY-MM-DD", value)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _DATE.match(_text(value))
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                pass
    raise InputError(field, "a real date YYYY-MM-DD", value)


def month(value: Any, field: str) -> date:
    """A month: '2024-05', '2024/5' or a date (kept as given, so day ≠ 1 is the rule's error)."""
    if isinstance(value, str):
        m = _MONTH.match(_text(value))
        if m and 1 <= int(m[2]) <= 12:
            return date(int(m[1]), int(m[2]), 1)
    try:
        return day(value, field)
    except InputError:
        raise InputError(field, "a month YYYY-MM", value) from None


def fiscal_year(value: Any, field: str) -> int:
    """A fiscal year: 2024, '2024', '令和6年度', 'R6'."""
    if isinstance(value, bool):
        raise InputError(field, "a fiscal year such as 2024 or 令和6年度", value)
    try:
        return parse_fiscal_year(value if type(value) is int else _text(value))
    except InputError as err:  # keep its reason (the accepted range, an era year that never existed)
        raise InputError(field, err.expected, value) from None


def flag(value: Any, field: str) -> bool:
    """Yes or no: true/false, yes/no, 1/0, 有/無, ○/×; an empty CSV cell is no."""
    if isinstance(value, bool):
        return value
    if type(value) is int and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        s = _text(value).lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
    raise InputError(field, "yes or no (true/false, 1/0, 有/無)", value)


def text(value: Any, field: str) -> Any:
    """Text kept as given (the calculation normalises it, e.g. a center type)."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value.strip() if isinstance(value, str) else value
    raise InputError(field, "text", value)


def costs(value: Any, field: str) -> Any:
    """Monthly costs: one amount for every month, 12 amounts (April first) or {month: yen}."""
    if isinstance(value, list):
        return [whole(v, f"{field}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        return {month(k, f"{field}.{k}"): whole(v, f"{field}.{k}") for k, v in value.items()}
    return whole(value, field)


def records(*columns: tuple[str, Callable[[Any, str], Any], bool]) -> Callable[[Any, str], list[dict[str, Any]]]:
    """A reader for a list of rows (attendance, stamps): each row a mapping of named columns.

    ``columns`` are (name, reader, required).
    """
    names = {c[0] for c in columns}

    def read(value: Any, field: str) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            raise InputError(field, f"a list of rows with {sorted(names)}", value)
        out = []
        for i, row in enumerate(value):
            where = f"{field}[{i}]"
            if not isinstance(row, Mapping):
                raise InputError(where, f"a mapping with {sorted(names)}", row)
            unknown = set(row) - names
            if unknown:
                raise InputError(f"{where}.{sorted(unknown)[0]}", f"one of {sorted(names)}", sorted(unknown)[0])
            item = {}
            for name, reader, required in columns:
                if name in row:
                    item[name] = reader(row[name], f"{where}.{name}")
                elif required:
                    raise InputError(f"{where}.{name}", "a value (required)", None)
            out.append(item)
        return out

    return read
