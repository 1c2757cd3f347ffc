"""Requests per second of `kanoya-benefits serve` (waitress) on loopback: /health vs POST /v1/salon/grant.

Starts the server on a free 127.0.0.1 port, sends a bounded number of requests from a few client
threads (keep-alive connections), prints the rates, and stops the server.

    python benchmarks/api_serve.py [--requests 2000] [--clients 4] [--threads 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

GRANT = json.dumps({"first_time": 7, "additional": 3, "date": "2024-06-01"}).encode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _client(port: int, method: str, path: str, n: int) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    ok = 0
    for _ in range(n):
        if method == "POST":
            conn.request("POST", path, body=GRANT, headers={"Content-Type": "application/json"})
        else:
            conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        ok += r.status == 200
    conn.close()
    return ok


def measure(port: int, method: str, path: str, total: int, clients: int) -> float:
    """Requests per second for ``total`` requests spread over ``clients`` connections."""
    each = total // clients
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        ok = sum(pool.map(lambda _: _client(port, method, path, each), range(clients)))
    elapsed = time.perf_counter() - start
    assert ok == each * clients, f"{ok} of {each * clients} answered 200"
    return ok / elapsed


def main() -> None:
    """Start the server, measure both endpoints, stop the server."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    port = _free_port()
    env = {**os.environ, "KANOYA_PORT": str(port)}
    proc = subprocess.Popen([sys.executable, "-m", "kanoya_benefits_cli.main", "serve", "--threads",
                             str(args.threads)], env=env, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                _client(port, "GET", "/health", 1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for method, path in (("GET", "/health"), ("POST", "/v1/salon/grant")):
            measure(port, method, path, min(200, args.requests), args.clients)  # warm-up
            rate = measure(port, method, path, args.requests, args.clients)
            print(f"{method} {path}: {rate:,.0f} requests/s ({args.requests} requests, {args.clients} clients, "
                  f"{args.threads} server threads)")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
