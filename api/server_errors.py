"""The HTTP server's own errors as problem documents: waitress answers some requests before the app.

waitress reads and buffers a request before the app sees it, and refuses some on its own: a body over
its buffering limit (413), an invalid ``Content-Length`` (e.g. ``-1``) or broken chunked encoding (400),
a ``Transfer-Encoding`` other than chunked (501), headers over its limit (431). Its replies are
text/plain; :func:`create_server` builds the waitress server with an error task that answers the same
``application/problem+json`` shape as every other error (the hook is waitress's
``HTTPChannel.error_task_class``, set on this server's channels only — nothing global is patched).
"""

from __future__ import annotations

from typing import Any

from waitress.channel import HTTPChannel  # type: ignore[import-untyped]
from waitress.server import BaseWSGIServer  # type: ignore[import-untyped]
from waitress.server import create_server as _waitress_server
from waitress.task import ErrorTask  # type: ignore[import-untyped]

from .problems import _BY_STATUS, PROBLEM_JSON, Problem, document

#: What each of waitress's errors means for a client, in place of its terse text.
_DETAIL = {
    400: "the HTTP request is malformed (e.g. an invalid Content-Length or broken chunked encoding)",
    413: "the request body is larger than the server accepts",
    431: "the request headers are larger than the server accepts",
    501: "this Transfer-Encoding is not supported: send the body as is or chunked",
    500: "an internal error occurred",
}


def problem_for(status: int, said: str) -> Problem:
    """A waitress error (its status and text) as a problem."""
    code = _BY_STATUS.get(status, ("http_error",))[0]
    detail = _DETAIL.get(status, "the HTTP request could not be served")
    if status != 500 and said:  # waitress's words help (which limit, which header); a 500's never reach clients
        detail = f"{detail} ({said})"
    return Problem(status, code, detail)


class ProblemErrorTask(ErrorTask):
    """waitress's error task answering a problem document instead of text/plain."""

    def execute(self) -> None:
        err = self.request.error
        body = document(problem_for(err.code, str(getattr(err, "body", "") or "")))
        self.status = f"{err.code} {err.reason}"
        self.response_headers.append(("Content-Type", PROBLEM_JSON))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class ProblemChannel(HTTPChannel):
    """A connection whose server-level errors are problem documents."""

    error_task_class = ProblemErrorTask


def create_server(app: Any, **adjustments: Any) -> Any:
    """``waitress.create_server`` whose own error responses are problem documents (call ``.run()``)."""
    sockets: dict[Any, Any] = {}
    server = _waitress_server(app, map=sockets, **adjustments)
    for listener in {id(s): s for s in [server, *sockets.values()]}.values():
        if isinstance(listener, BaseWSGIServer):  # one per address listened on
            listener.channel_class = ProblemChannel
    return server
