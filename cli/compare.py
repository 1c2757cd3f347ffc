"""``kanoya-benefits compare --reform OVERLAY (CASES… | --batch KIND INPUT… --fiscal-year N)``.

Runs the same inputs under the current rules and the reform and reports, per
case, group, center-month or person, the old yen, the new yen and the
difference, with the budget impact per programme and fiscal year.
Exit codes: 0 compared, 1 some rows or input rows in error (output still
written), 2 usage (including an output that is an input or wrongly named), 3 unusable
input or rules, 5 output not writable.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from kanoya_benefits import RuleSet, converter, format_yen, load_rules
from kanoya_benefits.audit import Comparison, compare_cases, load_cases
from kanoya_benefits.audit.batch_compare import KINDS, compare_batch
from kanoya_benefits.audit.cases import case_files
from kanoya_benefits.audit.compare import CHANGED, ERRORED
from kanoya_benefits.audit.report import compare_html
from kanoya_benefits.fiscal import parse_fiscal_year
from kanoya_benefits.output import OutputError, atomic_write, escape_cell

from . import exit_codes
from .audit import add_rules_arguments, existing, rules_from, write_text
from .outputs import DATA, HTML, format_of, refuse_outputs


def register(subparsers: Any) -> None:
    """Add ``compare``."""
    p = subparsers.add_parser(
        "compare", help="改正案の影響比較 / what a reform would change, and its budget impact",
        description="改正案の影響比較 / Run the same cases or batch inputs under the current rules and a reform "
        "overlay; per row old yen, new yen and difference, and the budget impact per programme and fiscal year. "
        "The output's name decides what is written: -o OUT.csv (CSV for Excel) or OUT.json, --report OUT.html; any "
        "other name, or an output that is one of the inputs, is refused (exit 2).")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="case files or directories; with --batch, the batch input files")
    p.add_argument("--reform", required=True, metavar="OVERLAY",
                   help="改正案 / the reform: an overlay file applied on top of the current rules "
                   "(or a rules directory)")
    add_rules_arguments(p)
    p.add_argument("--batch", choices=KINDS, metavar="KIND", help=f"compare on batch input files: {', '.join(KINDS)}")
    p.add_argument("--fiscal-year", action="append", default=[], metavar="FY",
                   help="年度 / fiscal year of the batch, e.g. 2025 or 令和7年度 (repeat for several)")
    p.add_argument("--centers", action="append", default=[], metavar="FILE",
                   help="センター一覧 / center list for --batch activity-center")
    p.add_argument("--catalogue", metavar="FILE", help="活動一覧の差し替え / catalogue for --batch points")
    p.add_argument("--encoding", metavar="ENC", help="入力の文字コード / batch input encoding (default: detected)")
    p.add_argument("-o", "--output", metavar="OUT.csv|OUT.json", help="rows and totals as CSV (UTF-8 BOM) or JSON")
    p.add_argument("--report", metavar="OUT.html", help="one self-contained HTML report")
    p.set_defaults(handler=run)


def reform_of(base: RuleSet, path: str) -> RuleSet:
    """The reform: an overlay applied on ``base``, or a full rules directory."""
    return load_rules(path) if Path(path).is_dir() else base.with_overlay(existing(path, "--reform"))


def run(args: Any) -> int:
    """Compare, print the changed rows and totals, write the outputs asked for."""
    refused = refuse_outputs([("-o", args.output, DATA), ("--report", args.report, HTML)],
                             [*args.inputs, args.reform, *args.rules, *args.centers, args.catalogue])
    if refused is not None:
        return refused
    base = rules_from(args.rules)
    reform = reform_of(base, args.reform)
    problems: tuple[str, ...] = ()
    if args.batch:
        if not args.fiscal_year:
            print("error: --batch needs --fiscal-year", file=sys.stderr)
            return exit_codes.USAGE
        years = [parse_fiscal_year(y) for y in args.fiscal_year]
        comparison, problems = compare_batch(args.batch, args.inputs, fiscal_years=years, base=base, reform=reform,
                                             centers=args.centers, catalogue=args.catalogue, encoding=args.encoding)
    else:
        files, missing = case_files(args.inputs)
        for p in missing:
            print(f"error: {p.file}: {p.problem}", file=sys.stderr)
        if missing or not files:
            if not missing:
                print(f"error: no case files (.yaml, .yml, .csv) in {', '.join(args.inputs)}", file=sys.stderr)
            return exit_codes.BAD_INPUT
        book = load_cases(args.inputs)
        problems = tuple(f"{p.file}:{p.line or '?'}: {p.problem}" for p in book.problems)
        comparison = compare_cases(book, base, reform)
    _print(comparison, problems)
    try:
        if args.output:
            write_comparison(args.output, comparison, problems)
        if args.report:
            write_text(args.report, compare_html(comparison, problems))
    except OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return exit_codes.OUTPUT_ERROR
    return exit_codes.ROW_ERRORS if comparison.errored or problems else exit_codes.OK


def _signed(v: int) -> str:
    return ("+" if v > 0 else "") + format_yen(v)


def _print(c: Comparison, problems: Sequence[str]) -> None:
    for r in c.rows:
        if r.status == CHANGED and r.old is not None and r.new is not None and r.difference is not None:
            print(f"changed  {r.key}  [{r.programme}, FY{r.fiscal_year}]  {format_yen(r.old)} → {format_yen(r.new)}"
                  f"  ({_signed(r.difference)})")
        elif r.status == ERRORED:
            print(f"errored  {r.key}  [{r.programme}]  {r.error}")
    for p in problems:
        print(f"input error  {p}")
    for t in c.totals:
        print(f"total  {t.programme}  FY{t.fiscal_year or '—'}: {t.rows} rows, {t.changed} changed, "
              f"{format_yen(t.old)} → {format_yen(t.new)}  impact {_signed(t.difference)}")
    print(f"compare: {len(c.rows)} rows, {sum(r.status == CHANGED for r in c.rows)} changed, {c.errored} errored; "
          f"budget impact {_signed(c.total_difference)} (current {c.base_version} → reform {c.reform_version})")


ROW_HEADER = ["キー / key", "事業 / programme", "年度 / fiscal_year", "現行 / old_yen", "改正案 / new_yen",
              "差額 / difference_yen", "状態 / status", "エラー / error", "ファイル / file", "行 / line"]
TOTAL_HEADER = ["事業 / programme", "年度 / fiscal_year", "件数 / rows", "変動 / changed", "現行 / old_yen",
                "改正案 / new_yen", "差額 / difference_yen"]


def write_comparison(path: str, c: Comparison, problems: Sequence[str] = ()) -> None:
    """CSV (UTF-8 with BOM, for Excel) or JSON by the file's suffix, written atomically."""
    if format_of(path) == "json":
        data = {"comparison": converter.unstructure(c), "input_problems": list(problems)}
        atomic_write(path, lambda f: json.dump(data, f, ensure_ascii=False, indent=2))
        return

    def write(f: IO[str]) -> None:
        w = csv.writer(f)
        w.writerow(ROW_HEADER)
        for r in c.rows:
            w.writerow([escape_cell(v) for v in (r.key, r.programme, r.fiscal_year, r.old, r.new, r.difference,
                                                 r.status, r.error, r.file, r.line)])
        w.writerow([])
        w.writerow(TOTAL_HEADER)
        for t in c.totals:
            w.writerow([escape_cell(v) for v in (t.programme, t.fiscal_year, t.rows, t.changed, t.old, t.new,
                                                 t.difference)])
        w.writerow([escape_cell(v) for v in ("合計 / total", "", "", "", "", "", c.total_difference)])
        w.writerow([])
        w.writerow(["現行ルール / current rules", escape_cell(c.base_source), c.base_version])
        w.writerow(["改正案 / reform", escape_cell(c.reform_source), c.reform_version])
        for p in problems:
            w.writerow(["入力エラー / input error", escape_cell(p)])

    atomic_write(path, write, encoding="utf-8-sig", newline="")
