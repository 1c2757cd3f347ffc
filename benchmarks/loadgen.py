"""A bounded HTTP load generator and a `kanoya-benefits serve` process, for loopback only.

Used by benchmarks/bench_api.py and the load tests (tests/test_api_load.py). Every run is bounded
in time (a fixed duration per run, timeouts on every socket) and talks to 127.0.0.1 only; the
server is a subprocess stopped on exit, whatever happens.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, never another machine


def free_port() -> int:
    """A TCP port free on the loopback interface just now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running `kanoya-benefits serve`: its port, process and log file."""

    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def rss_kib(self) -> int:
        """The server's resident memory now (VmRSS, KiB), from /proc."""
        return _status_kib(self.process.pid, "VmRSS")

    def hwm_kib(self) -> int:
        """The server's peak resident memory so far (VmHWM, KiB)."""
        return _status_kib(self.process.pid, "VmHWM")

    def stderr_text(self) -> str:
        """What the server wrote to stderr (its log) so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def _status_kib(pid: int, key: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{key} not in /proc/{pid}/status")


@contextmanager
def serve(threads: int = 4, extra_args: tuple[str, ...] = (), start_timeout: float = 30.0) -> Iterator[Server]:
    """Start `kanoya-benefits serve` on a free loopback port; stop it when the block ends."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KANOYA_")}
    with tempfile.TemporaryDirectory(prefix="kanoya-serve-") as tmp:
        log = Path(tmp) / "server.log"
        with open(log, "wb") as log_file:
            # The server logs every request to stderr: a file, not a pipe nobody reads (a full pipe
            # would stall the server and the measurement with it).
            proc = subprocess.Popen(
                [sys.executable, "-m", "kanoya_benefits_cli.main", "serve", "--host", HOST, "--port", str(port),
                 "--threads", str(threads), *extra_args],
                env=env, stdout=subprocess.DEVNULL, stderr=log_file)
        server = Server(port, proc, log)
        try:
            _wait_ready(server, start_timeout)
            yield server
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _wait_ready(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}: {server.stderr_text()}")
        try:
            conn = http.client.HTTPConnection(HOST, server.port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer /health within {timeout:.0f} s")
        time.sleep(0.1)


@dataclass(frozen=True)
class Request:
    """One request to send: method, path, body (JSON), content type."""

    method: str
    path: str
    body: bytes | None = None
    content_type: str = "application/json"

    @classmethod
    def post_json(cls, path: str, payload: object) -> Request:
        """A POST of a JSON document."""
        return cls("POST", path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


@dataclass
class LoadResult:
    """What a load run saw: requests, statuses, errors, latencies."""

    duration: float
    clients: int
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)  # connection errors and timeouts, by kind
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered request

    @property
    def requests(self) -> int:
        """Requests answered (any status)."""
        return sum(self.statuses.values())

    @property
    def per_second(self) -> float:
        """Answered requests per second."""
        return self.requests / self.duration

    @property
    def server_errors(self) -> int:
        """Answers with a 5xx status."""
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile_ms(self, p: float) -> float:
        """Latency at percentile ``p`` (0–100), in milliseconds."""
        if not self.latencies:
            return float("nan")
        cuts = statistics.quantiles(self.latencies, n=1000, method="inclusive")
        return cuts[min(int(p * 10) - 1, len(cuts) - 1)] * 1000


def merge(results: list[LoadResult]) -> LoadResult:
    """Several runs of the same requests as one (durations, statuses and latencies added up)."""
    total = LoadResult(sum(r.duration for r in results), results[0].clients)
    for r in results:
        total.statuses.update(r.statuses)
        total.failures.update(r.failures)
        total.latencies.extend(r.latencies)
    return total


def run_load(port: int, requests: list[Request], *, clients: int, duration: float,
             expect: int = 200) -> LoadResult:
    """``clients`` threads, each on its own keep-alive connection, send ``requests`` in turn for
    ``duration`` seconds; answers other than ``expect`` are counted by status."""
    result = LoadResult(duration, clients)
    lock = threading.Lock()
    stop_at = time.perf_counter() + duration

    def client(offset: int) -> None:
        statuses: Counter[int] = Counter()
        failures: Counter[str] = Counter()
        latencies: list[float] = []
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        i = offset
        while True:
            req = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            if started >= stop_at:
                break
            try:
                headers = {"Content-Type": req.content_type} if req.body is not None else {}
                conn.request(req.method, req.path, body=req.body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                latencies.append(time.perf_counter() - started)
                statuses[resp.status] += 1
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=10)
            except (OSError, http.client.HTTPException) as err:
                failures[type(err).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
        conn.close()
        with lock:
            result.statuses.update(statuses)
            result.failures.update(failures)
            result.latencies.extend(latencies)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 30)
    return result
