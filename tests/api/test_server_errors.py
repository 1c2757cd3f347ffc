"""The server layer's own refusals (waitress, before the app) are problem documents too, and the app's
413 answers every body up to waitress's far larger limit."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from kanoya_benefits_api import create_app
from kanoya_benefits_api.server_errors import create_server
from kanoya_benefits_cli.serve import DEFAULT_MAX_BODY, server_body_limit
from waitress import wasyncore  # type: ignore[import-untyped]

APP_LIMIT = 1000
GRANT = b"POST /v1/salon/grant HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nConnection: close\r\n"


@pytest.fixture
def serve() -> Iterator[Callable[..., int]]:
    """``serve(**waitress_adjustments)`` → the port of a waitress server on the app (stopped after the test).

    The server's loop runs in small steps in its own thread, which closes the server itself when told to
    stop (closing sockets from another thread while it waits in select would break that wait).
    """
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def start(**adjustments: Any) -> int:
        app = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": APP_LIMIT})
        server = create_server(app, host="127.0.0.1", port=0, threads=2, **adjustments)

        def loop() -> None:
            while not stop.is_set():
                wasyncore.loop(timeout=0.05, map=server._map, count=1)
            server.task_dispatcher.shutdown()
            wasyncore.close_all(server._map)

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        threads.append(thread)
        return int(server.effective_port)

    yield start
    stop.set()
    for thread in threads:
        thread.join(timeout=10)


def _send(port: int, head: bytes, body: bytes = b"") -> tuple[int, str, dict[str, Any]]:
    """Send raw bytes; (status, content type, parsed JSON body) of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(head + b"\r\n" + body)
        raw = b""
        while chunk := conn.recv(65536):
            raw += chunk
    header, _, payload = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), fields["Content-Type"], json.loads(payload)


def _chunked(body: bytes) -> bytes:
    return b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"


def _check(answer: tuple[int, str, dict[str, Any]], status: int, code: str) -> dict[str, Any]:
    got_status, content_type, doc = answer
    assert (got_status, content_type, doc["status"], doc["code"]) == (status, "application/problem+json", status, code)
    assert set(doc) == {"type", "title", "title_ja", "status", "detail", "code", "errors"}
    return doc


@pytest.mark.parametrize(("head", "status", "code"), [
    (GRANT + b"Content-Length: -1\r\n", 400, "bad_request"),
    (GRANT + b"Content-Length: 12abc\r\n", 400, "bad_request"),
    (GRANT + b"Transfer-Encoding: gzip\r\n", 501, "not_implemented"),
])
def test_malformed_http_is_a_problem(serve, head, status, code):
    """waitress's refusals of malformed HTTP come as problem+json, not text/plain."""
    _check(_send(serve(), head), status, code)


def test_body_over_the_servers_own_limit_is_a_problem(serve):
    """A body over waitress's buffering limit (Content-Length or chunked) is a 413 problem from the server layer."""
    port = serve(max_request_body_size=5000)
    body = b" " * 6000
    doc = _check(_send(port, GRANT + b"Content-Length: %d\r\n" % len(body), body), 413, "payload_too_large")
    assert "5000" in doc["detail"]
    _check(_send(port, GRANT + b"Transfer-Encoding: chunked\r\n", _chunked(body)), 413, "payload_too_large")


def test_headers_over_the_limit_are_a_problem(serve):
    """Headers over waitress's limit are a 431 problem."""
    port = serve(max_request_header_size=2000)
    _check(_send(port, GRANT + b"X-Padding: " + b"p" * 3000 + b"\r\n"), 431, "headers_too_large")


def test_app_answers_bodies_up_to_the_servers_limit(serve):
    """With serve's limits, a body over the app's limit (sent with a length or chunked) gets the app's 413
    naming that limit: waitress's limit is far above it."""
    port = serve(max_request_body_size=server_body_limit(APP_LIMIT))
    body = b" " * (3 * APP_LIMIT)
    for head, data in ((GRANT + b"Content-Length: %d\r\n" % len(body), body),
                       (GRANT + b"Transfer-Encoding: chunked\r\n", _chunked(body))):
        doc = _check(_send(port, head, data), 413, "payload_too_large")
        assert f"limit of {APP_LIMIT} bytes" in doc["detail"]


def test_server_limit_is_well_above_the_apps():
    """waitress's limit is at least 64 MiB and 4 × --max-body: a 3 MB body gets the app's 413 by default."""
    assert server_body_limit(DEFAULT_MAX_BODY) >= 64 * 2**20
    assert server_body_limit(100 * 2**20) == 400 * 2**20


def test_every_listener_answers_problems():
    """With several addresses (e.g. a host name resolving to two), every listener gets the problem channel."""
    from kanoya_benefits_api.server_errors import ProblemChannel
    from waitress.server import BaseWSGIServer

    server = create_server(create_app({"TESTING": True}), listen="127.0.0.1:0 127.0.0.1:0")
    try:
        listeners = [s for s in server.map.values() if isinstance(s, BaseWSGIServer)]
        assert len(listeners) == 2 and all(s.channel_class is ProblemChannel for s in listeners)
    finally:
        server.close()
