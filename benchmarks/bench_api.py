"""The HTTP API under waitress with concurrent clients: a calculation endpoint vs GET /health.

Run: ``python benchmarks/bench_api.py`` (``--duration 10 --clients 8 --threads 4``).

Starts ``kanoya-benefits serve`` on a free 127.0.0.1 port, warms it up, then for each endpoint
runs ``--clients`` threads, each on its own keep-alive connection, for ``--duration`` seconds, and
prints requests/s, p50/p99 latency and errors. The calculation endpoints cycle through a fixed mix
of valid requests. Goal (issue 7): each calculation ≥ 0.7× the health endpoint's throughput on the
same server, zero errors. Loopback only, bounded in time; the server is stopped on exit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_calc import machine
from loadgen import LoadResult, Request, merge, run_load, serve

GOAL_RATIO = 0.7

HEALTH = [Request("GET", "/health")]
GRANT = [Request.post_json("/v1/salon/grant", {"first_time": f, "additional": a, "date": d})
         for f, a, d in [(7, 3, "2024-06-01"), (12, 3, "2024-09-30"), (0, 5, "2025-01-15"), (3, 0, "2025-04-01")]]
DAILY = [Request.post_json("/v1/activity-center/daily",
                           {"center_type": t, "date": "2024-06-03", "bath": b, "one_way_trips": n})
         for t, b, n in [("I", True, 2), ("II", False, 0), ("III", True, 1)]]


def _line(name: str, r: LoadResult, health: LoadResult | None) -> str:
    errors = r.requests - r.statuses.get(200, 0) + sum(r.failures.values())
    ratio = f"{r.per_second / health.per_second:5.2f}×" if health else "  1.00×"
    goal = "" if health is None else ("met" if r.per_second >= GOAL_RATIO * health.per_second and not errors
                                      else "MISSED")
    return (f"{name:32s} {r.per_second:9.0f} {r.percentile_ms(50):8.2f} {r.percentile_ms(99):8.2f} "
            f"{r.requests:9d} {errors:7d} {ratio:>8s} {goal:>7s}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint (default 10)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent keep-alive clients (default 8)")
    parser.add_argument("--threads", type=int, default=4, help="waitress worker threads (default 4)")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per endpoint")
    parser.add_argument("--rounds", type=int, default=5, help="endpoints taken in turn, this many slices each")
    args = parser.parse_args(argv)

    print("kanoya_benefits: HTTP API under waitress, a calculation endpoint vs GET /health")
    print(machine())
    print(f"{args.clients} clients (keep-alive, one thread each), {args.threads} server threads, "
          f"{args.duration:g} s per endpoint in {args.rounds} interleaved slices after {args.warmup:g} s warm-up; "
          "client and server share the machine")
    print()
    head = (f"{'endpoint':32s} {'req/s':>9s} {'p50 ms':>8s} {'p99 ms':>8s} {'requests':>9s} {'errors':>7s} "
            f"{'vs health':>8s} {'goal':>7s}")
    print(head)
    print("-" * len(head))
    endpoints = {"GET /health": HEALTH, "POST /v1/salon/grant": GRANT, "POST /v1/activity-center/daily": DAILY}
    runs: dict[str, list[LoadResult]] = {name: [] for name in endpoints}
    with serve(threads=args.threads) as server:
        for reqs in endpoints.values():
            run_load(server.port, reqs, clients=args.clients, duration=args.warmup)
        rss_warm = server.rss_kib()
        # Why rounds: the machine's load drifts over a run; taking the endpoints in turn, a slice
        # at a time, exposes each to the same drift, so their ratio is fair.
        for _ in range(args.rounds):
            for name, reqs in endpoints.items():
                runs[name].append(run_load(server.port, reqs, clients=args.clients,
                                           duration=args.duration / args.rounds))
        rss_after = server.rss_kib()
    health = merge(runs["GET /health"])
    print(_line("GET /health", health, None))
    for name in list(endpoints)[1:]:
        print(_line(name, merge(runs[name]), health))
    print()
    print(f"server RSS after warm-up {rss_warm / 1024:.1f} MiB, after the runs {rss_after / 1024:.1f} MiB "
          f"({(rss_after - rss_warm) / rss_warm:+.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
