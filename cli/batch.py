"""``kanoya-benefits batch KIND INPUT… --fiscal-year 2024 -o OUT``: a whole file of cases.

Exit codes (cli/exit_codes.py): 0 every row fine, 1 some error rows (output
still written), 2 usage (including an output that is an input or not named .csv/.json),
3 unusable input, 5 output not writable.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable
from typing import Any

from kanoya_benefits import __version__, format_yen, load_rules, parse_fiscal_year
from kanoya_benefits.batch import attendance, mutual_aid_year, points_year, salon_roster
from kanoya_benefits.output import FORMATS, InputHash, OutputError, Provenance, file_sha256, write_csv, write_json
from kanoya_benefits.registry import calculator

from . import exit_codes
from .outputs import DATA, format_of, refuse_outputs

OUTPUT_ENCODINGS = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8-sig", "cp932": "cp932", "shift_jis": "cp932",
                    "sjis": "cp932"}

OUTPUT_RULE = ("The output's name decides what is written: OUT.csv is CSV, OUT.json is JSON; any other name, "
               "or an output that is one of the inputs, is refused (exit 2).")

# calculator id in the registry → the input its batch reads (the command name is the registry's slug)
INPUTS: dict[str, str] = {
    "salon.enrollment_grant": "名簿 / roster CSV: person_id, group_id, joined_on[, left_on]",
    "mutual_aid.monthly_subsidy": "月別実績 / rows per group and month: group_id, first_subsidized_month, month, "
                                  "rent_cost, challenge_cost",
    "activity_center.daily_amount": "利用実績 / attendance: date, center_id, user_id, bath, one_way_trips "
                                    "(with --centers)",
    "points.conversion": "押印記録 / stamps: person_id, activity_id, stamped_on",
}


def register(subparsers: Any) -> None:
    """Add ``batch`` and its four kinds."""
    parser = subparsers.add_parser("batch", help="ファイル一括計算 / compute a whole input file",
                                   description="ファイル一括計算 / Compute every case of input files. Exit codes: "
                                   "0 all rows fine, 1 some error rows (output written), 2 usage, 3 unusable input, "
                                   "5 output not writable. " + OUTPUT_RULE)
    sub = parser.add_subparsers(dest="kind", metavar="KIND")
    for calc_id, input_help in INPUTS.items():
        calc = calculator(calc_id)
        kind = calc.slug
        p = sub.add_parser(kind, help=f"{calc.name_ja} / {calc.name_en}",
                           description=f"{calc.name_ja} / {calc.name_en}: {input_help}. {OUTPUT_RULE}")
        p.add_argument("inputs", nargs="+", metavar="INPUT", help=f"{input_help} (.csv in UTF-8/BOM/cp932, or .xlsx)")
        p.add_argument("--fiscal-year", required=True, metavar="FY", help="年度 / fiscal year, e.g. 2024 or 令和6年度")
        p.add_argument("-o", "--output", required=True, metavar="OUT",
                       help="出力ファイル / output file: OUT.csv (CSV for Excel) or OUT.json (JSON); the name decides")
        p.add_argument("--format", choices=FORMATS, help="csv or json: optional, must agree with the OUT name")
        p.add_argument("--encoding", metavar="ENC", help="入力の文字コード / input encoding (default: detected: "
                       "BOM → utf-8-sig, valid UTF-8 → utf-8, else cp932)")
        p.add_argument("--output-encoding", choices=sorted(OUTPUT_ENCODINGS),
                       help="CSV出力の文字コード / CSV output encoding (default utf-8-sig: UTF-8 with BOM for Excel); "
                       "not for .json outputs, which are always UTF-8")
        p.add_argument("--rules", metavar="PATH", help="別のルール / alternative rules directory or overlay file")
        p.add_argument("--quiet", action="store_true", help="進捗を表示しない / no progress on stderr")
        if calc_id == "activity_center.daily_amount":
            p.add_argument("--centers", required=True, action="append", metavar="FILE",
                           help="センター一覧 / center list: center_id, type, effective_from")
        if calc_id == "points.conversion":
            p.add_argument("--catalogue", metavar="FILE",
                           help="活動一覧の差し替え / override catalogue CSV: activity_id, kind, points")
        p.set_defaults(handler=_handler(calc_id, kind))
    parser.set_defaults(handler=lambda a: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return exit_codes.USAGE


def _progress(quiet: bool) -> Callable[[int], None] | None:
    if quiet or not sys.stderr.isatty():
        return None

    def show(rows: int) -> None:
        print(f"\r  {rows:,} 行 / rows read…", end="", file=sys.stderr, flush=True)

    return show


def _handler(calc_id: str, kind: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return _run(calc_id, kind, args)
        except BrokenPipeError:  # `| head` closed the pipe after the output file was written
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return exit_codes.OK
        except OutputError as err:
            print(f"error: {err}", file=sys.stderr)
            return exit_codes.OUTPUT_ERROR
        except (OSError, UnicodeError) as err:
            print(f"error: unusable input: {err}", file=sys.stderr)
            return exit_codes.BAD_INPUT

    return run


def _run(calc_id: str, kind: str, args: argparse.Namespace) -> int:
    centers, catalogue = getattr(args, "centers", None) or [], getattr(args, "catalogue", None)
    encoding = args.output_encoding if args.output_encoding != "utf-8" else None
    refused = refuse_outputs([("-o", args.output, DATA)], [*args.inputs, *centers, catalogue, args.rules],
                             fmt=args.format, encoding=encoding)
    if refused is not None:
        return refused
    fiscal_year = parse_fiscal_year(args.fiscal_year)
    rules = load_rules(args.rules)
    progress = _progress(args.quiet)
    common = {"fiscal_year": fiscal_year, "rules": rules, "encoding": args.encoding, "progress": progress}
    result: Any
    if calc_id == "salon.enrollment_grant":
        result = salon_roster.run(args.inputs, **common)
    elif calc_id == "mutual_aid.monthly_subsidy":
        result = mutual_aid_year.run(args.inputs, **common)
    elif calc_id == "activity_center.daily_amount":
        result = attendance.run(args.inputs, centers=args.centers, **common)
    else:
        result = points_year.run(args.inputs, catalogue=args.catalogue, **common)
    if progress is not None:
        print(file=sys.stderr)
    hashes = tuple(InputHash(i.path, i.kind, i.encoding, file_sha256(i.path)) for i in result.inputs)
    if getattr(args, "catalogue", None):
        hashes += (InputHash(args.catalogue, "catalogue", "", file_sha256(args.catalogue)),)
    command = shlex.join(["kanoya-benefits", "batch", kind, *_argv(args)])
    prov = Provenance(hashes, result.rules_version, rules.source, __version__, command, fiscal_year)
    if (args.format or format_of(args.output)) == "json":
        write_json(args.output, result, prov)
    else:
        write_csv(args.output, result, prov, encoding=OUTPUT_ENCODINGS[args.output_encoding or "utf-8-sig"])
    _report(result, args.output)
    return exit_codes.ROW_ERRORS if result.summary.errors else exit_codes.OK


def _argv(args: argparse.Namespace) -> list[str]:
    """The command's arguments as parsed, for the provenance (the same whether run from a shell or Python)."""
    out = [*args.inputs, "--fiscal-year", str(args.fiscal_year), "-o", str(args.output)]
    for name in ("format", "encoding", "rules", "catalogue"):
        value = getattr(args, name, None)
        if value:
            out += [f"--{name}", str(value)]
    for c in getattr(args, "centers", None) or ():
        out += ["--centers", c]
    return out


def _report(result: Any, output: str) -> None:
    s = result.summary
    print(f"合計 / total: {format_yen(result.total)}")
    print(f"行数 / rows: {s.rows_in} in = {s.used} used + {s.out_of_scope} out of scope + {s.errors} errors")
    for w in result.warnings:
        print(f"警告 / warning: {w.reason_ja} / {w.reason_en}", file=sys.stderr)
    for e in result.errors[:20]:
        print(f"エラー行 / error row: {e.message}", file=sys.stderr)
        ja = getattr(e, "message_ja", None)
        if ja:
            print(f"    {ja}", file=sys.stderr)
    if len(result.errors) > 20:
        print(f"… {len(result.errors) - 20} more error rows in {output}", file=sys.stderr)
    print(f"出力 / written: {output}")
