"""``kanoya-benefits calc RULE …``: one amount and its working, in Japanese and English.

The rules offered, their names and functions come from the registry; this
module only says how each one's arguments are typed on the command line.
Values are read like spreadsheet cells (令和6年6月1日, ¥15,001, ２).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from kanoya_benefits import (
    InputError,
    NoRuleInForceError,
    fiscal_year_label,
    format_yen,
    load_rules,
    parse_fiscal_year,
    to_dict,
)
from kanoya_benefits.fiscal import check_date_in_range
from kanoya_benefits.registry import CALCULATORS, Calculator
from kanoya_benefits.results import Calculation
from kanoya_benefits.textforms import parse_count, parse_date, parse_flag, parse_month, parse_yen

from . import exit_codes

# calculator id → (command-line options, how they become the function's keyword arguments)
Option = tuple[str, str, str]  # flag, metavar, help
_OPTIONS: dict[str, tuple[tuple[Option, ...], Callable[[argparse.Namespace], dict[str, Any]]]] = {
    "salon.enrollment_grant": (
        (("--first-time", "N", "初回加入者数 / first-time new members"),
         ("--additional", "N", "既加入者の新規加入数 / additional new members"),
         ("--date", "DATE", "対象日（年度を決める） / a date in the fiscal year, e.g. 2024-06-01 or 令和6年6月1日")),
        lambda a: {"first_time": parse_count(a.first_time or "0", "--first-time"),
                   "additional": parse_count(a.additional or "0", "--additional"),
                   "on": parse_date(_required(a.date, "--date"), "--date")},
    ),
    "mutual_aid.monthly_subsidy": (
        (("--first-month", "MONTH", "初回補助月 / first subsidized month, e.g. 2024-04"),
         ("--month", "MONTH", "対象月 / the month paid, e.g. 2024-05 or 令和6年5月"),
         ("--rent", "YEN", "賃借料（対象経費） / eligible rent that month"),
         ("--challenge", "YEN", "地域課題チャレンジ経費 / eligible challenge cost that month")),
        lambda a: {"first_subsidized_month": parse_month(_required(a.first_month, "--first-month"), "--first-month"),
                   "month": parse_month(_required(a.month, "--month"), "--month"),
                   "rent_cost": parse_yen(a.rent or "0", "--rent"),
                   "challenge_cost": parse_yen(a.challenge or "0", "--challenge")},
    ),
    "activity_center.daily_amount": (
        (("--type", "TYPE", "センター類型 / center type: I, II, III (Ⅰ型…)"),
         ("--date", "DATE", "利用日 / the day attended"),
         ("--bath", "YES/NO", "入浴 / bath: 1/0, 有/無, ○/×"),
         ("--trips", "N", "送迎回数（片道） / one-way trips: 0, 1 or 2")),
        lambda a: {"center_type": _required(a.type, "--type"),
                   "on": parse_date(_required(a.date, "--date"), "--date"),
                   "bath": parse_flag(a.bath or "0", "--bath"),
                   "one_way_trips": parse_count(a.trips or "0", "--trips")},
    ),
    "points.conversion": (
        (("--points", "N", "年度のポイント数 / the fiscal year's points"),
         ("--fiscal-year", "FY", "年度 / fiscal year, e.g. 2024 or 令和6年度")),
        lambda a: {"points": parse_count(_required(a.points, "--points"), "--points"),
                   "fiscal_year": parse_fiscal_year(_required(a.fiscal_year, "--fiscal-year"))},
    ),
}


# Options every use of a rule needs: argparse refuses a command without them (usage error, exit 2).
_REQUIRED = frozenset({"--date", "--first-month", "--month", "--type", "--points", "--fiscal-year"})

# The function's argument → the option it comes from, so an error names what the user typed.
_FLAG_OF: dict[str, str] = {
    "first_time": "--first-time", "additional": "--additional", "first_subsidized_month": "--first-month",
    "month": "--month", "rent_cost": "--rent", "challenge_cost": "--challenge", "center_type": "--type",
    "bath": "--bath", "one_way_trips": "--trips", "points": "--points", "fiscal_year": "--fiscal-year",
}


def _as_option(err: InputError, args: argparse.Namespace) -> InputError:
    """The library's error restated for the command line: the option's name and the value as typed."""
    flag = "--date" if err.field == "on" else _FLAG_OF.get(err.field)
    if flag is None:
        return err
    typed = getattr(args, flag.lstrip("-").replace("-", "_"), None)
    got = typed if typed is not None else err.got
    if isinstance(err, NoRuleInForceError):
        return NoRuleInForceError(flag, got, err.first, err.parameter)
    return InputError(flag, err.expected, got)


def _required(value: str | None, flag: str) -> str:
    if value is None:
        raise InputError(flag, f"a value for {flag}", None)
    return value


def register(subparsers: Any) -> None:
    """Add ``calc`` and one sub-command per registered calculator that has command-line options."""
    parser = subparsers.add_parser("calc", help="一件の金額と計算過程 / one amount and its working",
                                   description="一件の金額と計算過程を表示 / Compute one amount and show its working.")
    sub = parser.add_subparsers(dest="rule", metavar="RULE")
    for calc in CALCULATORS:
        spec = _OPTIONS.get(calc.id)
        if spec is None:
            continue  # a calculator registered elsewhere without command-line options yet
        p = sub.add_parser(calc.slug, help=f"{calc.name_ja} / {calc.name_en}",
                           description=f"{calc.name_ja} / {calc.name_en}")
        for flag, metavar, text in spec[0]:
            p.add_argument(flag, metavar=metavar, help=text, required=flag in _REQUIRED)
        p.add_argument("--rules", metavar="PATH", help="別のルール（ディレクトリ又は差分ファイル） / alternative rules "
                       "directory or overlay file")
        p.add_argument("--json", action="store_true", help="JSONで出力 / print the result as JSON")
        p.set_defaults(handler=_handler(calc))
    parser.set_defaults(handler=lambda a: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return exit_codes.USAGE


def _handler(calc: Calculator) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        kwargs = _OPTIONS[calc.id][1](args)
        for name, value in kwargs.items():
            if isinstance(value, date):
                flag = _FLAG_OF.get(name, "--date")
                check_date_in_range(value, flag, getattr(args, flag.lstrip("-").replace("-", "_"), value))
        rules = load_rules(args.rules)
        try:
            result = calc.function(rules=rules, **kwargs)
        except InputError as err:
            raise _as_option(err, args) from None
        text = json.dumps(to_dict(result), ensure_ascii=False, indent=1) if args.json else render(calc, result)
        try:
            print(text)
        except BrokenPipeError:  # `| head` closed the pipe: not an error of ours
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return exit_codes.OK

    return run


def render(calc: Calculator, result: Calculation) -> str:
    """A calculation as text: the amount, each line item with its citation, caps, flags and notes."""
    fy = f"  {result.fiscal_year}年度 ({fiscal_year_label(result.fiscal_year)}) / fiscal year {result.fiscal_year}" \
        if result.fiscal_year is not None else ""
    lines = [f"{calc.name_ja} / {calc.name_en}",
             f"  適用日 / rules as of {result.on}{fy}   ルール版 / rules version {result.rules_version}",
             "  計算過程 / working:"]
    for i in result.line_items:
        lines.append(f"    {i.label_ja} / {i.label_en}: {i.quantity} × {format_yen(i.unit_amount)} = "
                     f"{format_yen(i.subtotal)}")
        lines.append(f"      根拠 / source: {i.citation}")
    lines.append(f"  金額 / amount: {format_yen(result.amount)}")
    for c in result.caps:
        lines.append(f"  上限 / cap: {c.label_ja} / {c.label_en} {format_yen(c.cap)} "
                     f"(上限前 / uncapped {format_yen(c.uncapped)})")
    for f in result.flags:
        at_stake = f" [{format_yen(f.yen_at_stake)}]" if f.yen_at_stake is not None else ""
        lines.append(f"  要確認 / review{at_stake}: {f.reason_ja} / {f.reason_en}")
    for n in result.notes:
        lines.append(f"  注記 / note ({n.status}): {n.text_ja} / {n.text_en}")
    return "\n".join(lines)
