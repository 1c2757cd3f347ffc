"""``kanoya-benefits audit CASES…``: run auditors' case files and check every expected field.

Exit codes (cli/exit_codes.py): 0 every case passed, 2 usage (including a report
that is an input or wrongly named), 4 any case failed or errored
(a malformed case file counts as errored), 3 unusable rules, a missing case path
or no case files, 5 a report could not be written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kanoya_benefits import InputError, RuleSet, format_yen, load_rules
from kanoya_benefits.audit import load_cases, run_cases
from kanoya_benefits.audit.cases import case_files
from kanoya_benefits.audit.junit import audit_junit
from kanoya_benefits.audit.programmes import Working
from kanoya_benefits.audit.report import audit_html
from kanoya_benefits.audit.runner import PASSED, CaseResult
from kanoya_benefits.output import OutputError, atomic_write

from . import exit_codes
from .outputs import HTML, XML, refuse_outputs


def register(subparsers: Any) -> None:
    """Add ``audit``."""
    p = subparsers.add_parser(
        "audit", help="監査ケースの実行 / run auditors' case files",
        description="監査ケースの実行 / Run auditors' case files (YAML or CSV, or directories of them) and check "
        "every expected field. Exit codes: 0 all passed; 3 unusable input: rules that cannot be used, a case path "
        "that does not exist or no case files found; 4 any case failed or errored (a malformed case counts as "
        "errored); 5 a report could not be written; 2 a report named other than --junit OUT.xml or --report OUT.html, "
        "or that is one of the inputs.")
    p.add_argument("cases", nargs="+", metavar="CASES", help="case files (.yaml, .yml, .csv) or directories")
    add_rules_arguments(p)
    p.add_argument("--junit", metavar="OUT.xml", help="JUnit XML for CI")
    p.add_argument("--report", metavar="OUT.html", help="one self-contained HTML report")
    p.add_argument("--quiet", action="store_true", help="only the summary line")
    p.set_defaults(handler=run)


def add_rules_arguments(p: Any) -> None:
    """``--rules PATH`` (a rules directory or an overlay on the shipped rules), repeatable."""
    p.add_argument("--rules", metavar="DIR|OVERLAY", action="append", default=[],
                   help="ルール / rules to use: a full rules directory, or an overlay file on the shipped rules; "
                   "give it again to add overlays on top (--rules DIR --rules OVERLAY)")


def rules_from(paths: Sequence[str]) -> RuleSet:
    """The rule set named on the command line: the first path (or the shipped rules), overlays on top in order."""
    rules = load_rules(paths[0] if paths else None)
    for overlay in paths[1:]:
        rules = rules.with_overlay(existing(overlay, "--rules"))
    return rules


def existing(path: str, option: str) -> str:
    """``path`` if it exists, else an InputError naming the option (exit 3, not a traceback)."""
    if not Path(path).exists():
        raise InputError(option, "an existing rules directory or overlay file", path,
                         message=f"{option}: no such file or directory: {path}")
    return path


def write_text(path: str, text: str) -> None:
    """Write an output file atomically (UTF-8)."""
    atomic_write(Path(path), lambda f: f.write(text))


def working_lines(w: Working, indent: str = "      ") -> list[str]:
    """The line items of a working as text, one per line."""
    out = [f"{indent}{it.label_en} / {it.label_ja}: {it.quantity:,} × {format_yen(it.unit_amount)} = "
           f"{format_yen(it.subtotal)}" + (f"  [{it.parameter}]" if it.parameter else "") for it in w.line_items]
    out += [f"{indent}flag {fl.code}: {fl.reason_en}" for fl in w.flags]
    return out


def _show(value: Any) -> str:
    return format_yen(value) if isinstance(value, int) and not isinstance(value, bool) else repr(value)


def describe(r: CaseResult) -> list[str]:
    """A failed or errored case as text: where, what differs, the working."""
    lines = [f"{r.status.upper()} {r.file}:{r.line or '?'}: {r.name}"]
    lines += [f"    {m.field}: expected {_show(m.expected)}, got {_show(m.got)}" for m in r.mismatches]
    if r.error:
        lines.append(f"    {r.error_code}: {r.error}")
    if r.working is not None:
        lines.append(f"    working ({r.programme}, amount {format_yen(r.working.amount)}):")
        lines += working_lines(r.working)
    return lines


def run(args: Any) -> int:
    """Run the cases; print failures and the summary; write JUnit and HTML if asked."""
    refused = refuse_outputs([("--junit", args.junit, XML), ("--report", args.report, HTML)],
                             [*args.cases, *args.rules])
    if refused is not None:
        return refused
    rules = rules_from(args.rules)
    files, missing = case_files(args.cases)
    for p in missing:
        print(f"error: {p.file}: {p.problem}", file=sys.stderr)
    if missing:
        return exit_codes.BAD_INPUT
    if not files:
        print(f"error: no case files (.yaml, .yml, .csv) in {', '.join(args.cases)}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    book = load_cases(args.cases)
    result = run_cases(book, rules)
    if not result.results:  # a header-only CSV or `cases: []`: nothing was checked, which is no pass
        print(f"error: no cases in {', '.join(args.cases)}", file=sys.stderr)
        print("エラー: ケースが1件もありません", file=sys.stderr)
        return exit_codes.BAD_INPUT
    if not args.quiet:
        for r in result.results:
            if r.status != PASSED:
                print("\n".join(describe(r)))
    print(f"audit: {len(result.results)} cases: {result.passed} passed, {result.failed} failed, "
          f"{result.errored} errored (rules {result.rules_source}, version {result.rules_version})")
    try:
        if args.junit:
            write_text(args.junit, audit_junit(result))
        if args.report:
            write_text(args.report, audit_html(result))
    except OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return exit_codes.OUTPUT_ERROR
    return exit_codes.OK if result.ok else exit_codes.CHECK_FAILED
