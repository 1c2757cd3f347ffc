"""``kanoya-benefits rules show|diff``: the values in force, and what differs between rule sets or dates."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from kanoya_benefits import converter, load_rules
from kanoya_benefits.audit import diff_dates, diff_rule_sets, values_in_force
from kanoya_benefits.audit.fields import day

from . import exit_codes
from .audit import add_rules_arguments, rules_from


def register(subparsers: Any) -> None:
    """Add ``rules show`` and ``rules diff``."""
    parser = subparsers.add_parser("rules", help="ルールの表示・比較 / show or compare rule values",
                                   description="ルールの表示・比較 / Show the values in force, or the differences "
                                   "between two rule sets or two dates.")
    sub = parser.add_subparsers(dest="rules_command", metavar="show|diff")
    show = sub.add_parser("show", help="適用中の値 / every value in force on a date, with status and citation")
    show.add_argument("--on", metavar="DATE", help="基準日 / the date (YYYY-MM-DD; default today)")
    add_rules_arguments(show)
    show.add_argument("--json", action="store_true", help="JSON instead of text")
    show.set_defaults(handler=_show)
    diff = sub.add_parser("diff", help="差分 / parameter changes between two rule sets, or between two dates",
                          description="rules diff A B (two rules directories or overlays), or "
                          "rules diff --on DATE1 --on DATE2 [--rules PATH]")
    diff.add_argument("sets", nargs="*", metavar="A B", help="two rule sets: directories or overlay files")
    diff.add_argument("--on", action="append", default=[], metavar="DATE", help="two dates to compare (give twice)")
    add_rules_arguments(diff)
    diff.add_argument("--json", action="store_true", help="JSON instead of text")
    diff.set_defaults(handler=_diff)
    parser.set_defaults(handler=lambda a: _usage(parser))


def _usage(parser: Any) -> int:
    parser.print_help(sys.stderr)
    return exit_codes.USAGE


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _show(args: Any) -> int:
    on = day(args.on, "--on") if args.on else date.today()
    rules = rules_from(args.rules)
    values = values_in_force(rules, on)
    if args.json:
        print(json.dumps({"on": on.isoformat(), "rules_source": rules.source, "rules_version": rules.version,
                          "values": converter.unstructure(values)}, ensure_ascii=False, indent=2))
        return exit_codes.OK
    print(f"rules in force on {on} ({rules.source}, version {rules.version}):")
    for v in values:
        print(f"{v.parameter} = {_text(v.value)}  [{v.status}, from {v.effective}]")
        print(f"    {v.description_ja} / {v.description_en}")
        print(f"    {v.citation}")
    return exit_codes.OK


def _diff(args: Any) -> int:
    if args.on:
        if len(args.on) != 2 or args.sets:
            print("error: give two dates (--on DATE1 --on DATE2) or two rule sets (A B), not both", file=sys.stderr)
            return exit_codes.USAGE
        first, second = (day(d, "--on") for d in args.on)
        rules = rules_from(args.rules)
        changes = diff_dates(rules, first, second)
        label = f"{first} → {second} ({rules.source})"
    else:
        if len(args.sets) != 2:
            print("error: give two rule sets (A B) or two dates (--on DATE1 --on DATE2)", file=sys.stderr)
            return exit_codes.USAGE
        a, b = (load_rules(p) for p in args.sets)
        changes = diff_rule_sets(a, b)
        label = f"{a.source} → {b.source}"
    if args.json:
        print(json.dumps({"between": label, "changes": converter.unstructure(changes)}, ensure_ascii=False, indent=2))
        return exit_codes.OK
    print(f"rules diff {label}: {len(changes)} change(s)")
    for c in changes:
        status = f" ({c.old_status} → {c.new_status})" if None not in (c.old_status, c.new_status) \
            and c.old_status != c.new_status else ""
        print(f"{c.change:8} {c.parameter} {c.effective}: {_text(c.old) if c.old is not None else '—'} → "
              f"{_text(c.new) if c.new is not None else '—'}{status}")
    return exit_codes.OK
