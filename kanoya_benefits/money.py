"""Whole yen, and the one rounding rule.

国等の債権債務等の金額の端数計算に関する法律: fractions of a yen are cut off.
Every division in a rule goes through :func:`cut_yen`, at the step the rule names.
"""

from __future__ import annotations

from fractions import Fraction

Yen = int


def cut_yen(amount: Fraction | int) -> Yen:
    """Cut the fraction of a yen off a non-negative amount (切り捨て)."""
    if amount < 0:
        raise ValueError(f"cut_yen: expected a non-negative amount, got {amount}")
    return int(amount)  # int() truncates toward zero: for amounts >= 0 that is the cut


def cut_share(amount: int, share: Fraction) -> Yen:
    """``cut_yen(share × amount)`` for a whole-yen amount, worked in integers.

    Why: the same cut without building a Fraction (Fraction arithmetic costs more than the rest
    of a month's subsidy). For ``share × amount ≥ 0`` the floor division is exactly the truncation.
    """
    product = amount * share.numerator  # a Fraction's denominator is always positive
    if product < 0:
        raise ValueError(f"cut_share: expected a non-negative amount, got {share} × {amount}")
    return product // share.denominator


def format_yen(amount: Yen) -> str:
    """``15001`` → ``'¥15,001'``."""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,}"
