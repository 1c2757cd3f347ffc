"""Batch files end to end (CSV in → totals out) against the floor of merely reading them with ``csv``.

Run: ``python benchmarks/bench_batch.py`` (1,000,000 attendance rows, 100,000 roster rows,
1,000,000 stamps); ``--rows 100000`` for a quick run (roster rows scale with it: a tenth).

Inputs are generated with a fixed seed (benchmarks/gen_inputs.py) into a temporary directory and
removed afterwards. Each batch runs in its own subprocess, so its peak resident memory (VmHWM) is
its own; the floor is the same file read row by row with Python's ``csv`` module, also in a
subprocess. Every batch runs at its full size and at a tenth of it, to show how memory grows.
Goals (issue 7): batch time ≤ 2× the floor; memory growing with distinct keys (persons, centers ×
months), not with rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import gen_inputs
from bench_calc import machine

GOAL = 2.0


def _peak_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def child(kind: str, paths: list[str]) -> None:
    """Run one measurement in this (child) process and print it as JSON."""
    started = time.perf_counter()
    total: int | None = None
    rows = 0
    if kind == "floor":
        for path in paths:
            with open(path, encoding="utf-8", newline="") as f:
                for _row in csv.reader(f):
                    rows += 1
    elif kind == "idle":
        from kanoya_benefits import shipped_rules
        from kanoya_benefits.batch import attendance, points_year, salon_roster

        shipped_rules()
    else:
        from kanoya_benefits import shipped_rules
        from kanoya_benefits.batch import attendance, points_year, salon_roster

        rules = shipped_rules()
        started = time.perf_counter()
        if kind == "attendance":
            result = attendance.run([paths[0]], centers=[paths[1]], fiscal_year=2024, rules=rules)
        elif kind == "roster":
            result = salon_roster.run(paths, fiscal_year=2024, rules=rules)
        else:
            result = points_year.run(paths, fiscal_year=2024, rules=rules)
        total, rows = result.total, result.summary.rows_in
        errors = result.summary.errors
        if errors:
            print(f"warning: {errors} error rows", file=sys.stderr)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "total": total, "rows": rows, "peak_kib": _peak_kib()}))


def _measure(kind: str, paths: Sequence[Path]) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", kind, *map(str, paths)], capture_output=True,
                         text=True, check=True, timeout=3600)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="attendance rows and stamps (default 1,000,000)")
    parser.add_argument("rows_given", nargs="?", type=int, metavar="ROWS", help="same as --rows")
    parser.add_argument("--roster-rows", type=int, help="roster rows (default: a tenth of --rows)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1:])
        return 0
    if args.rows_given:
        args.rows = args.rows_given
    roster_rows = args.roster_rows or args.rows // 10

    print("kanoya_benefits: batch files end to end vs reading them with the csv module")
    print(machine())
    idle = _measure("idle", [])
    print(f"each figure from its own subprocess; peak RSS = VmHWM; an idle interpreter with the library and the "
          f"rules loaded peaks at {idle['peak_kib'] / 1024:.1f} MiB")
    print()
    head = (f"{'batch':12s} {'rows':>10s} {'floor s':>8s} {'batch s':>8s} {'× floor':>8s} {'goal ≤2×':>9s} "
            f"{'rows/s':>10s} {'floor MiB':>10s} {'batch MiB':>10s} {'total ¥':>15s}")
    with tempfile.TemporaryDirectory(prefix="kanoya-bench-") as tmp:
        d = Path(tmp)
        started = time.perf_counter()
        centers = gen_inputs.centers(d / "centers.csv")
        sizes = {
            "attendance": (args.rows, lambda p, n: gen_inputs.attendance(p, n)),
            "roster": (roster_rows, lambda p, n: gen_inputs.roster(p, n)),
            "stamps": (args.rows, lambda p, n: gen_inputs.stamps(p, n)),
            # the same number of rows over a fixed 20,000 distinct stamps: memory must stay flat
            "stamps-20k-keys": (args.rows, lambda p, n: gen_inputs.stamps(p, n, keys=20_000)),
        }
        files: dict[tuple[str, int], Path] = {}
        for kind, (n, make) in sizes.items():
            for size in (n // 10, n):
                files[(kind, size)] = make(d / f"{kind}_{size}.csv", size)
        print(f"inputs generated in {time.perf_counter() - started:.0f} s (fixed seed, benchmarks/gen_inputs.py)")
        print()
        print(head)
        print("-" * len(head))
        for kind, (n, _make) in sizes.items():
            for size in (n // 10, n):
                path = files[(kind, size)]
                floor = _measure("floor", [path])
                batch = _measure(kind.split("-")[0], [path, centers] if kind == "attendance" else [path])
                ratio = batch["seconds"] / floor["seconds"]
                goal = "met" if ratio <= GOAL else "MISSED"
                print(f"{kind:12s} {size:10,d} {floor['seconds']:8.2f} {batch['seconds']:8.2f} {ratio:7.1f}× "
                      f"{goal:>9s} {size / batch['seconds']:10,.0f} {floor['peak_kib'] / 1024:10.1f} "
                      f"{batch['peak_kib'] / 1024:10.1f} {batch['total']:15,d}")
    print()
    print("floor = the same file read row by row with csv.reader (UTF-8), nothing else; batch = the library's")
    print("batch function (kanoya_benefits.batch) from file to totals, rules loaded before the clock starts.")
    print("Distinct keys: attendance one user-day per row; roster one membership per row; stamps mostly one")
    print("(person, activity, day) per row; stamps-20k-keys 20,000 whatever the rows (the rest repeat them).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
