"""Reading request bodies: JSON only, strictly, with a problem for every way it can fail."""

from __future__ import annotations

import functools
import json
from typing import Any

import flask
import marshmallow as ma
from flask_smorest import Blueprint as _Blueprint  # type: ignore[import-untyped]
from webargs.flaskparser import FlaskParser

from .problems import Problem, flatten
from .schemas.responses import AnnualSchedule, Calculation

#: Response schemas of library results: views send ``to_dict(result)`` as it is (see Blueprint.response).
_LIBRARY_RESULTS = (Calculation, AnnualSchedule)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class StrictParser(FlaskParser):
    """JSON bodies only: a wrong content type, an empty body, malformed or too deeply
    nested JSON are 400 problems, never a crash."""

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not req.mimetype or not (req.mimetype == "application/json" or req.mimetype.endswith("+json")):
            raise Problem(400, "unsupported_content_type",
                          f"send the body as JSON with Content-Type: application/json, got {req.mimetype or 'none'!r}")
        data = req.get_data(cache=True)
        if not data.strip():
            raise Problem(400, "empty_body", "the request body is empty: send a JSON object")
        try:
            # NaN/Infinity load as floats, which no strict field accepts: a 422 naming the field.
            # A BOM (Windows tools add one) is tolerated; a key given twice is refused, not "last wins".
            body = json.loads(data.decode("utf-8-sig"), object_pairs_hook=_no_duplicate_keys)
            # A lone surrogate escape ("\\ud800") is valid JSON text but no UTF-8 can carry it back out.
            json.dumps(body, ensure_ascii=False).encode("utf-8")
            return body
        except UnicodeEncodeError:
            raise Problem(400, "malformed_json", "the body holds a lone surrogate escape (\\ud800-\\udfff)") from None
        except UnicodeDecodeError:
            raise Problem(400, "malformed_json", "the body is not UTF-8 text") from None
        except _DuplicateKey as dup:
            raise Problem(400, "duplicate_key", f"the key {dup.key!r} is given twice in one object") from None
        except json.JSONDecodeError as err:
            raise Problem(400, "malformed_json",
                          f"the body is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
        except ValueError:  # e.g. an integer of more than 4,300 digits (Python's int conversion limit)
            raise Problem(400, "malformed_json", "the body holds a number too long to read") from None
        except RecursionError:
            raise Problem(400, "malformed_json", "the body's JSON is nested too deeply") from None

    def handle_error(self, error: ma.ValidationError, req: flask.Request, schema: ma.Schema, *,
                     error_status_code: int | None, error_headers: Any) -> Any:
        messages = error.messages
        if isinstance(messages, dict) and set(messages) <= {"json", "query", "view_args"}:
            messages = {k: v for loc in messages.values() for k, v in _entries(loc)}
        errors = list(flatten(messages))
        detail = "; ".join(f"{e['field'] or '(body)'}: {e['message_en']}" for e in errors)
        raise Problem(422, "invalid_input", detail, errors)


class Blueprint(_Blueprint):
    """flask-smorest's blueprint with the strict JSON parser."""

    ARGUMENTS_PARSER = StrictParser()

    def arguments(self, schema: Any, *args: Any, **kwargs: Any) -> Any:
        """As flask-smorest's, with one schema instance per endpoint.

        Why: given a schema class, webargs builds a new instance on every request (a deep copy of
        every field), half the time of a calculation request (issue 7, benchmarks/RESULTS.md).
        Loading does not change a schema instance, so one is shared by all requests and threads.
        """
        if isinstance(schema, type) and issubclass(schema, ma.Schema):
            schema = schema()
        return super().arguments(schema, *args, **kwargs)

    def response(self, status_code: int, schema: Any = None, **kwargs: Any) -> Any:
        """As flask-smorest's; a library result (``to_dict``) is sent as it is, not dumped again.

        Why: a calculation view returns ``kanoya_benefits.to_dict(result)``, already JSON-ready and
        exactly the documented shape (README: every calculation response is exactly to_dict(result)).
        Dumping it through the marshmallow schema again took ~0.35 ms, more than all the rest of a
        calculation request (issue 7, benchmarks/RESULTS.md). The schema still documents the response.
        """
        document = super().response(status_code, schema, **kwargs)
        if not (isinstance(schema, type) and issubclass(schema, _LIBRARY_RESULTS)):
            return document

        def decorator(view: Any) -> Any:
            @functools.wraps(view)
            def send(*args: Any, **kw: Any) -> Any:
                result = view(*args, **kw)
                if isinstance(result, dict):
                    sent = flask.jsonify(result)
                    sent.status_code = status_code
                    return sent
                return result

            return document(send)

        return decorator


def _entries(loc: Any) -> list[tuple[Any, Any]]:
    """One webargs location's messages as (field, messages); body-level errors under '_schema'."""
    return list(loc.items()) if isinstance(loc, dict) else [("_schema", loc)]
