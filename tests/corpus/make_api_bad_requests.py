"""Build tests/corpus/api_bad_requests.yaml: bad requests for every endpoint, with the answers they get.

    python tests/corpus/make_api_bad_requests.py

Each valid request body below is mutated field by field (NaN, Infinity, negative, fractional,
10**30, booleans, text and full-width digits for numbers; impossible dates, 和暦, full-width and
datetimes for dates; empty, huge and control characters for text; unknown fields, nulls, lists,
objects) and as a whole (empty body, malformed or deeply nested JSON, wrong content types, a body
over the size limit). The app answers each; this script pins status, problem code and first field
in the YAML, and tests/test_api_bad_input_corpus.py replays them. Run it again only after a
deliberate API change, and review the diff: no entry may ever be a 5xx.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
OUT = HERE / "api_bad_requests.yaml"

NAN, INF, NINF = object(), object(), object()  # JSON tokens Python's json writes but JSON forbids
_RAW = {id(NAN): "NaN", id(INF): "Infinity", id(NINF): "-Infinity"}

NUMBER_BAD = [NAN, INF, NINF, -1, 1.5, 3.0, 10**30, -(10**30), True, "7", "７", "", None, [], {}]
DAY_BAD = ["2024-02-30", "2024-13-01", "令和6年6月1日", "R6.6.1", "２０２４-０６-０１", "2024-06-01T10:00:00",
           "2024/06/01", 20240601, "", None, True, [], "2024-03-31"]
MONTH_BAD = ["2024-05-15", "2024-13", "令和6年5月", "２０２４-０５", "2024-05-01T00:00:00", 202405, "", None,
             "2024-03"]
TEXT_BAD = ["", "x" * 1000, 1, None, True, [], {}, "\u0000\u0001"]
FLAG_BAD = [1, 0, "true", "有", None, [], NAN]

ENDPOINTS: list[tuple[str, dict[str, Any], dict[str, list[Any]]]] = [
    ("/v1/salon/grant", {"first_time": 7, "additional": 3, "date": "2024-06-01"},
     {"first_time": NUMBER_BAD, "additional": NUMBER_BAD, "date": DAY_BAD}),
    ("/v1/mutual-aid/monthly",
     {"first_subsidized_month": "2024-04", "month": "2024-05", "rent_cost": 15001, "challenge_cost": 6000},
     {"first_subsidized_month": MONTH_BAD, "month": MONTH_BAD, "rent_cost": NUMBER_BAD,
      "challenge_cost": NUMBER_BAD}),
    ("/v1/mutual-aid/annual", {"first_subsidized_month": "2024-04", "fiscal_year": 2024, "rent_cost": 15001},
     {"fiscal_year": [*NUMBER_BAD, "令和6年度", "R6", 2023, 1899, 9999], "first_subsidized_month": MONTH_BAD,
      "last_subsidized_month": ["2024-03", *MONTH_BAD[:4]], "rent_cost": NUMBER_BAD,
      "rent_by_month": [[{"month": "2024-04", "amount": 1}, {"month": "2024-04", "amount": 2}],
                        [{"month": "2025-04", "amount": 1}], [{"month": "2024-04"}], "x", [1]]}),
    ("/v1/activity-center/daily", {"center_type": "I", "date": "2024-05-07", "bath": True, "one_way_trips": 2},
     {"center_type": ["IV", "Ⅳ", "0", 4, "", None, True, "type IV", "x" * 1000], "date": DAY_BAD,
      "bath": FLAG_BAD, "one_way_trips": [3, *NUMBER_BAD, "２"]}),
    ("/v1/activity-center/monthly",
     {"centers": [{"center_id": "K1", "center_type": "I"}],
      "attendances": [{"user_id": "U1", "center_id": "K1", "date": "2024-05-07", "bath": True, "one_way_trips": 1}]},
     {"centers": [[], None, {}, "K1", [{"center_id": "K1"}], [{"center_id": "K1", "center_type": "IV"}]],
      "attendances": [None, {}, [{"user_id": "U1"}], [1],
                      [{"user_id": "U1", "center_id": "K9", "date": "2024-05-07"}],
                      [{"user_id": "U1", "center_id": "K1", "date": "2024-05-07", "one_way_trips": 3}],
                      [{"user_id": "U1", "center_id": "K1", "date": "令和6年5月7日"}]]}),
    ("/v1/points/conversion", {"fiscal_year": 2024, "points": 37},
     {"fiscal_year": [*NUMBER_BAD, "令和6年度", 2023], "points": NUMBER_BAD,
      "stamps": [[{"activity_id": "L1", "date": "2024-06-01"}], [{"activity_id": "ZZ", "date": "2024-06-01"}]]}),
    ("/v1/salon/roster",
     {"fiscal_year": 2024, "members": [{"person_id": "A01", "group_id": "S1", "joined_on": "2024-04-15"}]},
     {"fiscal_year": NUMBER_BAD[:8], "members": [None, {}, "A01", [1], [{"person_id": "A01"}],
                                                 [{"person_id": "A01", "group_id": "S1", "joined_on": "R6.4.15"}],
                                                 [{"person_id": "", "group_id": "S1", "joined_on": "2024-04-15"}],
                                                 [{"person_id": "A01", "group_id": "S1", "joined_on": "2024-04-15",
                                                   "left_on": "2024-04-01"}]]}),
    ("/v1/audit", {"cases": "cases: []\n"}, {"cases": [None, 1, [], "{{{", "\u0000"], "format": ["xml", 1]}),
    ("/v1/compare", {"cases": "cases: []\n", "reform": "kind: overlay\n"}, {"reform": [None, 1, "kind: nope\n", "{"]}),
    ("/v1/kpi/evaluation", {}, {}),
]

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 5_000 + "1" + "}" * 5_000


def _dump(value: Any) -> str:
    """JSON text of a value, with NaN/Infinity written as the raw tokens a careless client sends."""
    text = json.dumps(value, ensure_ascii=False, default=lambda o: f"@@{id(o)}@@")
    for key, raw in _RAW.items():
        text = text.replace(f'"@@{key}@@"', raw)
    return text


def _show(value: Any) -> str:
    if id(value) in _RAW:
        return _RAW[id(value)]
    text = _dump(value)
    return text if len(text) <= 40 else text[:37] + "..."


def requests() -> list[dict[str, Any]]:
    """Every bad request: name, method, path, content type and body text."""
    out: list[dict[str, Any]] = []
    for path, good, fields in ENDPOINTS:
        def add(name: str, body: str, content_type: str = "application/json", method: str = "POST",
                path: str = path) -> None:
            full = f"{path} {name}"
            while any(r["name"] == full for r in out):  # shortened values can collide: number them
                full += "'"
            out.append({"name": full, "method": method, "path": path, "content_type": content_type, "body": body})

        for field, bads in fields.items():
            for bad in bads:
                add(f"{field}={_show(bad)}", _dump({**good, field: bad}))
            if field in good:
                add(f"{field} missing", _dump({k: v for k, v in good.items() if k != field}))
        add("unknown field", _dump({**good, "unexpected": 1}))
        add("unknown field with a Japanese name", _dump({**good, "金額": 1}))
        add("duplicate key", "{" + ", ".join([*(f"{json.dumps(k)}: {_dump(v)}" for k, v in good.items()),
                                              '"first_time": -5']) + "}")
        add("empty body", "")
        add("whitespace body", "   ")
        add("null body", "null")
        add("array body", "[]")
        add("text body", '"hello"')
        add("truncated JSON", _dump(good)[:-3])
        add("deeply nested array", DEEP)
        add("deeply nested object", DEEP_OBJECT)
        add("top-level NaN", "NaN")
        add("binary junk", "\ufffd\u0000\u0001")
        add("text/plain", _dump(good), "text/plain")
        add("form encoded", "first_time=7", "application/x-www-form-urlencoded")
        add("no content type", _dump(good), "")
        add("JSON in Shift_JIS", _dump(good), "application/json; charset=shift_jis")
        add("body over the size limit", _dump({**good, "padding": "x" * (2 * 1024 * 1024)}))
        add("GET instead of POST", "", "", "GET")
    for path in ["/v1/rules?on=2024-02-30", "/v1/rules?on=令和6年6月1日", "/v1/rules?on=2023-04-01",
                 "/v1/rules?on=", "/v1/rules?colour=red", "/v1/rules/salon.no_such_parameter",
                 "/v1/rules/salon.group_cap?on=2024-13-01", "/v1/programs/no-such-programme", "/v1/nothing-here",
                 "/v1/salon/grant/../../etc/passwd", "/v1/rules?on=" + "9" * 5000]:
        out.append({"name": f"GET {path[:60]}", "method": "GET", "path": path, "content_type": "", "body": ""})
    return out


def answer(client: Any, req: dict[str, Any]) -> Any:
    """The test client's response to one corpus request."""
    headers = {"Content-Type": req["content_type"]} if req["content_type"] else {}
    return client.open(req["path"], method=req["method"], data=req["body"].encode("utf-8"), headers=headers)


def pinned(response: Any) -> dict[str, Any]:
    """Status, problem code and first field of an answer (what the corpus pins)."""
    body = response.get_json(force=True, silent=True) or {}
    errors = body.get("errors") or [{}]
    return {"status": response.status_code, "code": body.get("code"), "field": errors[0].get("field")}


def main() -> int:
    from kanoya_benefits_api import create_app

    client = create_app({"TESTING": True}).test_client()
    entries = []
    for req in requests():
        entries.append({**req, **pinned(answer(client, req))})
    bad = [e for e in entries if e["status"] >= 500]
    # long bodies are rebuilt by the test from their names, not stored
    for e in entries:
        if len(e["body"]) > 2000:
            e["body"] = None
    header = ("# Generated by tests/corpus/make_api_bad_requests.py and reviewed: bad requests for every endpoint,\n"
              "# each pinned to the status, problem code and first error field the API answers with.\n"
              "# Bodies over 2,000 characters are stored as null and rebuilt by name in the test.\n")
    OUT.write_text(header + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    print(f"{len(entries)} requests written to {OUT}; {len(bad)} answered with 5xx")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
