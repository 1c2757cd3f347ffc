"""A structured access log: one JSON line per request, never the body (cases hold personal data)."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime

from flask import Flask, Response, g, request

log = logging.getLogger("kanoya_benefits_api.access")


def install(app: Flask) -> None:
    """Time every request and log time, method, path, status, duration and remote address."""

    @app.before_request
    def _start() -> None:
        g.kanoya_started = time.perf_counter()

    @app.after_request
    def _log(response: Response) -> Response:
        started = g.get("kanoya_started")
        duration = (time.perf_counter() - started) * 1000 if started is not None else None
        log.info(json.dumps({
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "method": request.method,
            "path": request.path,  # the path only: a query string could carry personal data
            "status": response.status_code,
            "duration_ms": round(duration, 2) if duration is not None else None,
            "remote_addr": request.remote_addr,
        }, ensure_ascii=False))
        return response
