"""The API under sustained concurrent load: no 5xx, no dropped connection, memory flat (loopback, bounded).

Starts ``kanoya-benefits serve`` (waitress) on a free 127.0.0.1 port and runs 8 keep-alive clients
for a fixed few seconds on a mix of valid calculations, invalid requests (422) and /health. Speed is
not asserted here (benchmarks/bench_api.py measures it); what must hold is that every request gets
an answer below 500 and that resident memory after the run stays within 10% of that after warm-up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.loadgen import Request, run_load, serve

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the server's memory from /proc")

MIX = [
    Request("GET", "/health"),
    Request.post_json("/v1/salon/grant", {"first_time": 7, "additional": 3, "date": "2024-06-01"}),
    Request.post_json("/v1/salon/grant", {"first_time": 12, "additional": 3, "date": "2025-01-10"}),
    Request.post_json("/v1/mutual-aid/monthly", {"first_subsidized_month": "2024-04", "month": "2024-05",
                                                 "rent_cost": 15001, "challenge_cost": 6000}),
    Request.post_json("/v1/activity-center/daily", {"center_type": "I", "date": "2024-05-07", "bath": True,
                                                    "one_way_trips": 2}),
    Request.post_json("/v1/points/conversion", {"fiscal_year": 2024, "points": 37}),
    Request.post_json("/v1/salon/grant", {"first_time": -1, "additional": 3, "date": "2024-06-01"}),  # 422
    Request("POST", "/v1/salon/grant", b'{"first_time": NaN, "additional": 1, "date": "2024-06-01"}'),  # 422
    Request("POST", "/v1/salon/grant", b'{"first_time": 7,'),  # 400
]


def test_sustained_concurrent_load_gives_no_5xx_and_flat_memory() -> None:
    """8 clients for 6 s: every request answered below 500, no connection error, RSS within 10%."""
    with serve(threads=4) as server:
        warm = run_load(server.port, MIX, clients=8, duration=2.0)
        assert warm.server_errors == 0
        rss_warm = server.rss_kib()
        load = run_load(server.port, MIX, clients=8, duration=6.0)
        rss_after = server.rss_kib()
        still = run_load(server.port, MIX[:1], clients=1, duration=0.3)
        log = server.stderr_text()
    assert load.requests > 100, "the server answered too few requests to call this load"
    assert load.server_errors == 0, load.statuses
    assert sum(load.failures.values()) == 0, load.failures
    assert set(load.statuses) <= {200, 400, 422}, load.statuses
    assert still.statuses[200] > 0
    assert abs(rss_after - rss_warm) <= 0.10 * rss_warm, (rss_warm, rss_after)
    assert "Traceback" not in log
