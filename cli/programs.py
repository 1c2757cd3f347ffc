"""``kanoya-benefits programs``, ``check-manual`` and ``budget``: the programme registry on the command line.

- ``programs`` lists the twelve programmes (id, names, 区分, 分野, legal basis, 所管課,
  run by, computable); ``programs show ID`` shows one with its bodies, sub-projects,
  calculators and their inputs, plans and expected volumes.
- ``check-manual`` recomputes every total the manual states; exit 0 when all are
  confirmed, 4 (CHECK_FAILED) when any is a mismatch.
- ``budget --fiscal-year 2024`` prints the ceilings of a fiscal year.

Each takes ``--json`` for stable machine output.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from typing import Any

from kanoya_benefits import registry, to_dict
from kanoya_benefits.budget import BudgetCeiling, budget_ceiling
from kanoya_benefits.fiscal import fiscal_year_label, parse_fiscal_year
from kanoya_benefits.money import format_yen
from kanoya_benefits.rules import load_rules

from . import exit_codes


def register(sub: Any) -> None:
    """Add the ``programs``, ``check-manual`` and ``budget`` commands."""
    p = sub.add_parser("programs", help="list the programmes of the manual (事業一覧); 'programs show ID' for one")
    _common(p)
    p.set_defaults(handler=_list)
    actions = p.add_subparsers(dest="programs_action", metavar="ACTION")
    lst = actions.add_parser("list", help="list the programmes (the default)")
    _common(lst)
    lst.set_defaults(handler=_list)
    show = actions.add_parser("show", help="everything about one programme or sub-project")
    show.add_argument("programme_id", metavar="ID",
                      help="a programme or sub-project id, e.g. community-activity-center")
    _common(show)
    show.set_defaults(handler=_show)

    c = sub.add_parser("check-manual", help="recompute every total the manual states (exit 4 on a mismatch)")
    _common(c)
    c.set_defaults(handler=_check_manual)

    b = sub.add_parser("budget", help="the most each calculator can pay in a fiscal year")
    b.add_argument("--fiscal-year", required=True, help="2024, 令和6年度 or R6")
    b.add_argument("--mutual-aid-groups", type=_whole, metavar="N",
                   help="number of mutual-aid groups (the manual states none)")
    b.add_argument("--activity-center-user-days", type=_user_days, metavar="N|TYPE=N,…",
                   help="user-days at activity centers: a number (priced at the highest type) or I=N,II=N,III=N")
    b.add_argument("--rules", metavar="PATH", help="a rules directory or overlay file (default: the shipped rules)")
    b.add_argument("--json", action="store_true", help="print JSON")
    b.set_defaults(handler=_budget)


def _common(p: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a parent's value when the sub-action does not repeat the option
    p.add_argument("--registry", metavar="DIR", default=argparse.SUPPRESS,
                   help="a registry data directory (default: the shipped data)")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")


def _whole(text: str) -> int:
    s = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789")).replace(",", "")
    if not s.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of 0 or more, got {text!r}")
    return int(s)


def _user_days(text: str) -> int | dict[str, int]:
    if "=" not in text:
        return _whole(text)
    out: dict[str, int] = {}
    for part in text.split(","):
        kind, sep, n = part.partition("=")
        if not sep or not kind.strip():
            raise argparse.ArgumentTypeError(f"expected TYPE=N pairs such as I=100,II=50, got {text!r}")
        if kind.strip() in out:
            raise argparse.ArgumentTypeError(f"center type {kind.strip()!r} given twice in {text!r}: give each once")
        out[kind.strip()] = _whole(n)
    return out


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def _table(rows: list[list[str]]) -> None:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip())


def _list(args: argparse.Namespace) -> int:
    reg = registry.load_registry(getattr(args, "registry", None))
    summaries = [registry.programme_summary(p, reg) for p in reg.programmes]
    if getattr(args, "json", False):
        _print_json({"registry_version": reg.version, "programmes": summaries})
        return exit_codes.OK
    rows = [["ID", "事業名 / name", "区分", "分野", "根拠 (社会福祉法第106条の4第2項)", "所管課", "運営", "計算"]]
    for s in summaries:
        basis = s["legal_basis"]["ja"].removeprefix("社会福祉法第106条の4第2項")
        rows.append([s["id"], s["name"]["ja"], s["category_label"]["ja"], s["field_label"]["ja"], basis,
                     s["department"]["ja"], s["operation_label"]["ja"], "yes" if s["computable"] else "no"])
    _table(rows)
    print()
    for s in summaries:
        print(f"{s['id']}: {s['name']['en']}")
    return exit_codes.OK


def _show(args: argparse.Namespace) -> int:
    d = registry.programme_detail(args.programme_id, getattr(args, "registry", None))
    if getattr(args, "json", False):
        _print_json(d)
        return exit_codes.OK
    print(f"{d['id']}  {d['name']['ja']} / {d['name']['en']}")
    if d["kind"] == "sub_project":
        print(f"  under: {d['programme_id']} (no. {d['number']})")
        print(f"  目的: {d['purpose_ja']}")
    else:
        print(f"  ［国］{d['national_name']['ja']} / {d['national_name']['en']}")
        print(f"  区分: {d['category_label']['ja']} / {d['category_label']['en']}")
        print(f"  分野: {d['field_label']['ja']} / {d['field_label']['en']}")
        print(f"  根拠: {d['legal_basis']['ja']} / {d['legal_basis']['en']}")
        sections = "/".join(s["ja"] for s in d["sections"])
        print(f"  所管: {d['department']['ja']} {sections} / {d['department']['en']}")
        contractor = f"（委託先：{d['contractor']}）" if d["contractor"] else ""
        contracted = "有" if d["contracted"] else "無"
        print(f"  運営方法: {d['operation_label']['ja']}{contractor} / {d['operation_label']['en']}"
              f"  [実施体制②: {d['operation_diagram_label']['ja']}; 実施体制① 委託: {contracted}]")
        print(f"  概要: {d['summary_ja']}")
        for b in d["bodies"]:
            extra = "  ".join(x for x in (b["setup"], b["operation"], b["remarks"]) if x)
            print(f"  相談支援機関: {b['name']}  {b['address']}  対象圏域 {b['coverage']}  {extra}")
        for f in d["facilities"]:
            print(f"  拠点 {f['number']}: {f['name']}  {f['operation']}（{f['operator']}）  {f['address']}")
        for s in d["sub_projects"]:
            mark = "  [computable]" if s["computable"] else ""
            print(f"  事業 {s['number']}: {s['id']}  {s['name']['ja']} / {s['name']['en']}{mark}")
    print(f"  出典: {d['citation']}")
    for c in d["calculators"]:
        print(f"  calculator {c['id']} ({c['programme_id']}): {c['computes']['ja']} / {c['computes']['en']}")
        for f in c["inputs"]:
            req = "required" if f["required"] else f"default {f['default']!r}"
            bound = f", at most {f['maximum_parameter']}" if f["maximum_parameter"] else ""
            print(f"    - {f['name']} ({f['type']}/{f['format']}, {req}{bound}; e.g. {f['example']!r}): "
                  f"{f['description']['ja']} / {f['description']['en']}")
        print(f"    rules: {', '.join(c['parameters'])}")
    for p in d["plans"]:
        print(f"  plan {p['id']}: {' × '.join(map(str, p['factors']))} = {p['stated_total']}{p['unit']['ja']}")
    for f in d["figures"]:
        print(f"  figure {f['id']}: {f['label']['ja']} {f['value']}{f['unit']['ja']} ({f['kind']})")
    for v in d["expected_volumes"]:
        print(f"  expected {v['id']}: {v['label']['ja']} {v['value']:,}{v['unit']['ja']}")
    return exit_codes.OK


def _check_manual(args: argparse.Namespace) -> int:
    check = registry.check_manual(getattr(args, "registry", None))
    if getattr(args, "json", False):
        _print_json(registry.manual_check_dict(check))
    else:
        for i in check.items:
            verdict = "confirmed" if i.confirmed else f"MISMATCH: manual states {i.expected}, recomputed {i.recomputed}"
            print(f"{verdict:<10}  {i.id}: {i.working}")
        n_bad = len(check.mismatches)
        print(f"{len(check.items) - n_bad} confirmed, {n_bad} mismatch(es) ({check.source})")
    return exit_codes.OK if check.ok else exit_codes.CHECK_FAILED


def _budget(args: argparse.Namespace) -> int:
    fy = parse_fiscal_year(args.fiscal_year)
    rules = load_rules(args.rules) if args.rules else None
    result = budget_ceiling(fy, rules=rules, mutual_aid_groups=args.mutual_aid_groups,
                            activity_center_user_days=args.activity_center_user_days)
    if args.json:
        _print_json(to_dict(result))
    else:
        _print_budget(result)
    return exit_codes.OK


def _print_budget(result: BudgetCeiling) -> None:
    print(f"{fiscal_year_label(result.fiscal_year)} (FY{result.fiscal_year}) budget ceilings / 上限見込"
          f"  rules {result.rules_version}, registry {result.registry_version}")
    for ln in result.lines:
        if ln.amount is not None:
            amount = format_yen(ln.amount)
        else:
            amount = f"needs input: --{(ln.needs_input or '').replace('_', '-')}"
        print(f"{ln.label_ja} / {ln.label_en}: {amount}")
        for item in ln.line_items:
            working = f"{item.quantity:,} × {format_yen(item.unit_amount)} = {format_yen(item.subtotal)}"
            print(f"    {item.label_ja}: {working}")
        if ln.volume_citation:
            print(f"    volume: {ln.volume:,} ({ln.volume_citation})")
        for flag in ln.flags:
            print(f"    ! {flag.reason_ja} / {flag.reason_en}")
        for note in ln.notes:
            print(f"    note ({note.status}): {note.text_en}")
    total = format_yen(result.total)
    print(f"total / 合計: {total}" + ("" if result.complete else " (incomplete: some lines need input)"))

