"""One error shape for everything: RFC 7807 problem details (application/problem+json).

``{"type", "title", "status", "detail", "code", "errors": [{"field", "code",
"message_en", "message_ja"}]}`` — ``field`` is a JSON path into the request body
(``attendances[2].bath``; empty for the body as a whole). Nothing internal (no
traceback, no exception text of a crash) ever reaches the client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from flask import Flask, Response, current_app, json
from werkzeug.exceptions import HTTPException

from kanoya_benefits import InputError, KanoyaError, NoRuleInForceError
from kanoya_benefits.batch.common import RowError

from .messages import explain, invalid_ja

log = logging.getLogger("kanoya_benefits_api")

PROBLEM_JSON = "application/problem+json"

#: status → (code, title_en, title_ja) for problems raised without a more specific code.
_BY_STATUS: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "Bad request", "リクエストが正しくありません"),
    401: ("unauthorized", "API key missing or not accepted", "API キーがないか、認められていません"),
    404: ("not_found", "Not found", "見つかりません"),
    405: ("method_not_allowed", "Method not allowed", "このメソッドは使えません"),
    413: ("payload_too_large", "Request body too large", "リクエスト本文が大きすぎます"),
    415: ("unsupported_media_type", "Unsupported media type", "対応していない形式です"),
    422: ("invalid_input", "Invalid input", "入力値が正しくありません"),
    431: ("headers_too_large", "Request headers too large", "リクエストヘッダーが大きすぎます"),
    500: ("internal_error", "Internal server error", "サーバー内部エラー"),
    501: ("not_implemented", "Not implemented", "このサーバーでは対応していません"),
}


class Problem(Exception):
    """An error the API reports as a problem document."""

    def __init__(self, status: int, code: str, detail: str, errors: list[dict[str, str]] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail
        self.errors = errors or []
        self.headers = dict(headers or {})


def field_error(field: str, message: str) -> dict[str, str]:
    """One entry of ``errors`` from a field path and an encoded message."""
    code, en, ja = explain(message)
    return {"field": field, "code": code, "message_en": en, "message_ja": ja}


def _join(path: str, key: Any) -> str:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return f"{path}[{key}]"
    if key == "_schema":
        return path
    return f"{path}.{key}" if path else str(key)


def flatten(messages: Any, path: str = "") -> Iterator[dict[str, str]]:
    """Marshmallow's nested messages as a flat list of field errors."""
    if isinstance(messages, Mapping):
        for key, sub in messages.items():
            yield from flatten(sub, _join(path, key))
    elif isinstance(messages, list | tuple):
        for sub in messages:
            yield from flatten(sub, path)
    else:
        yield field_error(path, str(messages))


def document(problem: Problem) -> bytes:
    """The problem document as UTF-8 JSON bytes (also used outside a request: waitress's own errors)."""
    _, title_en, title_ja = _BY_STATUS.get(problem.status, _BY_STATUS[400 if problem.status < 500 else 500])
    body = {
        "type": f"urn:kanoya-benefits:problem:{problem.code}",
        "title": title_en,
        "title_ja": title_ja,
        "status": problem.status,
        "detail": problem.detail,
        "code": problem.code,
        "errors": problem.errors,
    }
    try:
        return json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # never let the error document itself fail: escape what UTF-8 cannot carry
        return json.dumps(body, ensure_ascii=True).encode("ascii")


def response(problem: Problem) -> Response:
    """The problem as an ``application/problem+json`` response."""
    resp = Response(document(problem), status=problem.status, mimetype=PROBLEM_JSON)
    for key, value in problem.headers.items():
        resp.headers[key] = value
    return resp


def from_http(err: HTTPException) -> Problem:
    """A werkzeug HTTP exception (404, 405, 413, or a webargs abort) as a problem."""
    status = err.code or 500
    data = getattr(err, "data", None) or {}
    code = data.get("code") or _BY_STATUS.get(status, ("http_error",))[0]
    headers = {}
    if status == 405 and err.get_response().headers.get("Allow"):
        headers["Allow"] = err.get_response().headers["Allow"]
    detail = data.get("detail") or err.description or ""
    if status == 413 and current_app.config.get("MAX_CONTENT_LENGTH"):
        detail = (f"the request body is over this server's limit of {current_app.config['MAX_CONTENT_LENGTH']} bytes "
                  "(kanoya-benefits serve --max-body)")
    return Problem(status, code, detail, data.get("errors"), headers)


def from_library(err: InputError, field_map: Mapping[str, str] | None = None) -> Problem:
    """A library InputError (field, expected, got) as a 422 naming the JSON field."""
    field = _json_field(err.field, field_map or {})
    if isinstance(err, NoRuleInForceError):
        ja = f"この日付に適用される規則がありません（{err.first} 以降の日付を指定してください）"
    else:
        ja = invalid_ja(err.expected, err)
    en = f"expected {err.expected}, got {_show(err.got)}"
    entry = {"field": field, "code": err.code, "message_en": en, "message_ja": ja}
    return Problem(422, err.code, f"{field}: {en}", [entry])


def from_rows(errors: Sequence[RowError], known: Callable[[RowError], tuple[str, str] | None] = lambda e: None,
              columns: Mapping[str, str] | None = None) -> Problem:
    """A batch's error rows on request lists (Records named after the JSON list) as one 422.

    Each row's field is ``<list>[<index>].<column>``; ``known`` gives an error the batch names
    its own (column, encoded message) so it keeps its API code, the rest say what was expected.
    ``columns`` renames the batch's canonical columns to the request's keys.
    """
    renames = columns or {}
    entries = []
    for e in errors:
        column, message = known(e) or (e.column, "")
        field = f"{e.file}[{e.line}].{renames.get(column, column)}"
        if message:
            entries.append(field_error(field, message))
        else:
            entries.append({"field": field, "code": InputError.code,
                            "message_en": f"expected {e.expected}, got {e.value!r}",
                            "message_ja": invalid_ja(e.expected, e)})
    return Problem(422, "invalid_input", "; ".join(f"{e['field']}: {e['message_en']}" for e in entries), entries)


def _show(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _json_field(field: str, field_map: Mapping[str, str]) -> str:
    """The library's argument name as the request's JSON path (``on`` → ``date``)."""
    head, sep, rest = field.partition("[")
    head, dot, tail = head.partition(".") if not sep else (head, "", "")
    mapped = field_map.get(head, head)
    return mapped + (sep + rest if sep else (dot + tail))


def install(app: Flask) -> None:
    """Register the handlers that make every error a problem document."""

    @app.errorhandler(Problem)
    def _problem(err: Problem) -> Response:
        return response(err)

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException) -> Response:
        return response(from_http(err))

    @app.errorhandler(InputError)
    def _input(err: InputError) -> Response:
        return response(from_library(err))

    @app.errorhandler(KanoyaError)
    def _kanoya(err: KanoyaError) -> Response:
        # Rules data problems are the server's configuration, not the client's input.
        log.error("rules or library error: %s", err)
        return response(Problem(500, "rules_error", "the server's rules data could not be used; see the server log"))

    @app.errorhandler(Exception)
    def _crash(err: Exception) -> Response:
        log.exception("unhandled error")
        return response(Problem(500, "internal_error", "an internal error occurred; it has been logged"))
