"""Argument checks shared by the calculations: each raises InputError naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kanoya_benefits.errors import InputError


def count(field: str, value: Any, *, most: int | None = None) -> int:
    """A whole number ≥ 0 (never a bool), optionally at most ``most``."""
    if type(value) is not int:
        raise InputError(field, "a whole number of 0 or more", value)
    if value < 0 or (most is not None and value > most):
        expected = f"a whole number from 0 to {most}" if most is not None else "a whole number of 0 or more"
        raise InputError(field, expected, value)
    return value


def yen(field: str, value: Any) -> int:
    """Whole yen ≥ 0 as an int (never a float or bool)."""
    if type(value) is not int:
        raise InputError(field, "whole yen as an integer of 0 or more", value)
    if value < 0:
        raise InputError(field, "whole yen as an integer of 0 or more", value)
    return value


def day(field: str, value: Any) -> date:
    """A ``datetime.date`` (not a datetime, not a string)."""
    if type(value) is not date:
        if isinstance(value, datetime):
            raise InputError(field, "a date without a time (datetime.date)", value)
        raise InputError(field, "a date (datetime.date)", value)
    return value


def month(field: str, value: Any) -> date:
    """A month, given as a ``date`` on day 1."""
    day(field, value)
    if value.day != 1:
        raise InputError(field, "a month given as the first day of the month", value)
    return value


def fiscal_year(field: str, value: Any) -> int:
    """A fiscal year as an int such as 2024."""
    if type(value) is not int or not 1900 <= value <= 9998:
        raise InputError(field, "a fiscal year such as 2024", value)
    return value
