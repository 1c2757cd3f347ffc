"""The new user's API findings: each behaviour pinned by a test that failed before its fix."""

from __future__ import annotations

import shutil

import pytest
from kanoya_benefits_api import create_app

from kanoya_benefits.rules import SHIPPED_DIR

MONTHLY = "/v1/mutual-aid/monthly"
GRANT = "/v1/salon/grant"
MONTHLY_OK = {"first_subsidized_month": "2024-04", "month": "2024-05", "rent_cost": 15001, "challenge_cost": 6000}
GRANT_OK = {"first_time": 7, "additional": 3, "date": "2024-06-01"}


# --- finding 19: months and dates take the same digits: ASCII only -------------------------------------------

@pytest.mark.parametrize("month", ["٢٠٢٤-٠٥", "２０２４-０５", "2024-０5", "२०२४-०५"])
def test_month_with_non_ascii_digits_is_refused(client, problem, month):
    """A month in Arabic-Indic, full-width or Devanagari digits is a 422 saying ASCII digits, like a date."""
    body = problem(client.post(MONTHLY, json={**MONTHLY_OK, "month": month}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("month", "not_month")]
    assert "ASCII digits" in body["errors"][0]["message_en"] and "半角数字" in body["errors"][0]["message_ja"]


@pytest.mark.parametrize("day", ["٢٠٢٤-٠٦-٠١", "２０２４-０６-０１"])
def test_date_with_non_ascii_digits_is_refused(client, problem, day):
    """A date in non-ASCII digits is a 422 whose message says ASCII digits."""
    body = problem(client.post(GRANT, json={**GRANT_OK, "date": day}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("date", "not_date")]
    assert "ASCII digits" in body["errors"][0]["message_en"]


def test_month_pattern_in_the_spec_is_ascii(client):
    """The OpenAPI month pattern names ASCII digits explicitly (what JavaScript clients check)."""
    spec = client.get("/openapi.json").get_json()
    assert spec["components"]["schemas"]["MutualAidMonthly"]["properties"]["month"]["pattern"] == \
        "^[0-9]{4}-(0[1-9]|1[0-2])$"


# --- finding 24: field paths are the request's; no confusing extra entries ---------------------------------

@pytest.mark.parametrize(("actual", "code"), [(-1, "out_of_range"), (1.5, "not_integer"), (True, "not_integer"),
                                              ("3", "not_integer"), (None, "null")])
def test_kpi_error_names_the_indicator_key(client, problem, actual, code):
    """A bad KPI actual names ``actuals.<indicator>`` (the request's path), not marshmallow's ``.value``."""
    body = problem(client.post("/v1/kpi/evaluation", json={"actuals": {"support-meetings": actual}}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("actuals.support-meetings", code)]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_unsupported_content_type_has_no_field_entry(client, problem, content_type):
    """A wrong Content-Type is one 400 with the detail only: no ``not_object`` entry for the field ''."""
    body = problem(client.post(GRANT, data=b'{"first_time": 7}', content_type=content_type), 400)
    assert (body["code"], body["errors"]) == ("unsupported_content_type", [])
    assert content_type in body["detail"]


# --- finding 28: a flat cost and costs by month are not both given ------------------------------------------

ANNUAL = "/v1/mutual-aid/annual"
ANNUAL_OK = {"first_subsidized_month": "2024-04", "fiscal_year": 2024}
BY_MONTH = [{"month": "2024-05", "amount": 15001}]


@pytest.mark.parametrize(("flat", "by_month"), [("rent_cost", "rent_by_month"),
                                                ("challenge_cost", "challenge_by_month")])
@pytest.mark.parametrize("amount", [0, 15001])
def test_annual_refuses_flat_cost_with_costs_by_month(client, problem, flat, by_month, amount):
    """rent_cost with rent_by_month (or challenge_cost with challenge_by_month) is a 422, as points with stamps."""
    body = problem(client.post(ANNUAL, json={**ANNUAL_OK, flat: amount, by_month: BY_MONTH}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(flat, "cost_or_by_month")]
    assert by_month in body["errors"][0]["message_en"] and by_month in body["errors"][0]["message_ja"]


@pytest.mark.parametrize("extra", [{"rent_cost": 15001}, {"rent_by_month": BY_MONTH},
                                   {"rent_cost": 15001, "rent_by_month": None},
                                   {"rent_cost": 15001, "challenge_by_month": BY_MONTH}])
def test_annual_takes_either_form_alone(client, extra):
    """Either form alone (or the other cost's other form) is accepted."""
    assert client.post(ANNUAL, json={**ANNUAL_OK, **extra}).status_code == 200


# --- finding 26: the docs page works with a trailing slash, never contacts the internet; OPTIONS is not HTML --

@pytest.mark.parametrize("path", ["/docs", "/docs/"])
def test_docs_page_with_and_without_slash(client, path):
    """/docs and /docs/ both serve the Swagger UI page, which loads only this server's assets and spec."""
    r = client.get(path)
    assert (r.status_code, r.mimetype) == (200, "text/html")
    page = r.get_data(as_text=True)
    assert '"validatorUrl": null' in page  # Swagger UI's default badge calls https://validator.swagger.io
    assert "https://" not in page and "http://" not in page


def test_docs_assets_are_only_the_pages_files(client, problem):
    """The bundle's demo index.html (which loads the internet's petstore) is not served; the page's files are."""
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    problem(client.get("/docs/assets/index.html"), 404)
    problem(client.get("/docs/assets/swagger-initializer.js"), 404)


@pytest.mark.parametrize("path", [GRANT, "/health", "/v1/rules"])
def test_options_answers_without_html(client, path):
    """OPTIONS is a 204 listing the methods in Allow, with no text/html body."""
    r = client.options(path)
    assert (r.status_code, r.get_data(), r.headers.get("Content-Type")) == (204, b"", None)
    assert "OPTIONS" in r.headers["Allow"]


# --- finding 25: the server's install path is never shown ---------------------------------------------------

CASES = ("- name: 7 and 3 earn 34,000\n  programme: salon\n  on: 2024-06-01\n"
         "  inputs: {first_time: 7, additional: 3}\n  expect: {amount: 34000}\n")
REFORM = "kind: overlay\nparameters:\n  activity_center.daily_rate_type_i:\n    values:\n      2025-04-01: 2300\n"


def _no_paths(app_client, rules_dir: str) -> list[str]:
    """The rule sources the API shows, after checking no response names the install path."""
    answers = [app_client.post("/v1/audit", json={"cases": CASES}),
               app_client.post("/v1/audit", json={"cases": CASES, "overlay": REFORM}),
               app_client.post("/v1/compare", json={"cases": CASES, "reform": REFORM}),
               app_client.get("/health"), app_client.get("/v1/rules"), app_client.get("/v1/rules/salon.group_cap")]
    for r in answers:
        assert r.status_code == 200
        text = r.get_data(as_text=True)
        assert str(SHIPPED_DIR) not in text and rules_dir not in text and "site-packages" not in text
    audit, overlaid, compare = (r.get_json() for r in answers[:3])
    return [audit["rules_source"], overlaid["rules_source"], compare["comparison"]["base_source"],
            compare["comparison"]["reform_source"]]


def test_shipped_rules_show_as_shipped(client):
    """/v1/audit and /v1/compare show the shipped rules as 'shipped', never the install path."""
    assert _no_paths(client, "/nonexistent") == ["shipped", "shipped + overlay", "shipped", "shipped + reform"]


def test_served_overlay_shows_its_file_name(tmp_path):
    """A server on an overlay file shows 'shipped + <file name>', without its directory."""
    overlay = tmp_path / "reform-2025.yaml"
    overlay.write_text(REFORM, encoding="utf-8")
    app_client = create_app({"TESTING": True, "KANOYA_RULES_PATH": str(overlay)}).test_client()
    assert _no_paths(app_client, str(tmp_path))[0] == "shipped + reform-2025.yaml"


def test_served_rules_directory_shows_its_name(tmp_path):
    """A server on another rules directory shows the directory's name only."""
    proposed = tmp_path / "proposed"
    shutil.copytree(SHIPPED_DIR, proposed)
    app_client = create_app({"TESTING": True, "KANOYA_RULES_PATH": str(proposed)}).test_client()
    assert _no_paths(app_client, str(tmp_path))[0] == "proposed"


# --- finding 12 (API): message_ja is Japanese throughout ----------------------------------------------------

#: Words allowed in a Japanese message: the request's own field names, formats and JSON literals.
_IDENTIFIERS = {"centers", "first_subsidized_month", "joined_on", "YYYY", "MM", "DD", "ID", "JSON", "true",
                "false", "null", "R"}

LIBRARY_ERRORS = [
    ("/v1/salon/grant", {**GRANT_OK, "date": "2024-03-31"}),  # no rule in force
    ("/v1/activity-center/daily", {"center_type": "IV", "date": "2024-05-07"}),  # center type
    ("/v1/activity-center/daily", {"center_type": "I", "date": "2024-05-07", "one_way_trips": 3}),  # range 0..2
    ("/v1/mutual-aid/monthly", {"first_subsidized_month": "2024-06", "month": "2024-05"}),  # months
    ("/v1/mutual-aid/annual", {**ANNUAL_OK, "first_subsidized_month": "2024-06", "last_subsidized_month": "2024-05"}),
    ("/v1/mutual-aid/annual", {**ANNUAL_OK, "rent_by_month": [{"month": "2023-05", "amount": 1}]}),
    ("/v1/mutual-aid/annual", {**ANNUAL_OK, "fiscal_year": 2019}),  # a fiscal year before the rules
    ("/v1/points/conversion", {"fiscal_year": 2024, "stamps": [{"activity_id": "ZZ", "date": "2024-05-01"}]}),
    ("/v1/kpi/evaluation", {"actuals": {"no-such-indicator": 1}}),  # an unknown key
    ("/v1/activity-center/monthly", {"centers": [{"center_id": "K1", "center_type": "IV"}], "attendances": []}),
    ("/v1/activity-center/monthly", {"centers": [{"center_id": "K1", "center_type": "I"}], "attendances": [
        {"user_id": "u", "center_id": "K1", "date": "2020-05-01"},
        {"user_id": "u", "center_id": "K1", "date": "2024-05-01", "one_way_trips": 3}]}),  # batch error rows
    ("/v1/salon/roster", {"fiscal_year": 2019, "members": [{"person_id": "A", "group_id": "S",
                                                           "joined_on": "2019-05-01"}]}),
]


def _english_words(ja: str) -> list[str]:
    """Latin-letter words of a Japanese message other than quoted ids and the request's identifiers."""
    import re

    return [w for w in re.findall(r"[A-Za-z_]{2,}", re.sub(r"'[^']*'", "", ja)) if w not in _IDENTIFIERS]


@pytest.mark.parametrize(("path", "body"), LIBRARY_ERRORS)
def test_message_ja_has_no_english(client, problem, path, body):
    """Library and batch errors (counts, ranges, center types, months, fiscal years, unknown keys, no rule in
    force) say what is expected in Japanese: no English phrase leaks into message_ja."""
    errors = problem(client.post(path, json=body), 422)["errors"]
    assert errors
    for e in errors:
        assert _english_words(e["message_ja"]) == [], e


class _Err:
    """A stand-in for a library error (or batch row error) with only ``expected``."""

    def __init__(self, expected: str, expected_ja: str | None = None) -> None:
        self.expected = expected
        if expected_ja is not None:
            self.expected_ja = expected_ja


@pytest.mark.parametrize(("expected", "own", "ja"), [
    ("a whole number from 0 to 2", "ゼロから二", "ゼロから二"),  # the library's own Japanese wins
    ("a whole number from 0 to 2", None, "0から2までの整数"),  # none from the library: the API's table
    ("a whole number from 0 to 2", "a whole number from 0 to 2", "0から2までの整数"),  # the library's fallback
    ("whole yen as an integer of 0 or more", None, "0以上の円単位の整数（例：15001、15,001、¥15,001）"),
    ("a center id of the center list", None, "センター一覧にあるセンターID"),
    ("a date on or after 2024-04-01 (no rules in force before then)", None,
     "2024-04-01以降の日付（それ以前に適用される規則はありません）"),
])
def test_expected_ja_prefers_the_librarys_own(expected, own, ja):
    """``expected_ja`` uses the library's Japanese when it is Japanese, else the API's table."""
    from kanoya_benefits_api.messages import expected_ja

    assert expected_ja(expected, _Err(expected, own)) == ja


def test_unknown_phrase_is_said_generically_in_japanese():
    """A phrase neither the library nor the API knows is never shown in English in message_ja."""
    from kanoya_benefits_api.messages import invalid_ja

    said = invalid_ja("a frobnicated widget", _Err("a frobnicated widget", "a frobnicated widget"))
    assert "frobnicated" not in said and said.startswith("入力値が正しくありません")


def test_overlay_error_message_ja_names_the_key_not_english(client, problem):
    """A malformed overlay's message_ja names the overlay key, without the English explanation."""
    bad = "kind: overlay\nparameters:\n  no.such_param:\n    values:\n      2025-04-01: 1\n"
    entry = problem(client.post("/v1/audit", json={"cases": CASES, "overlay": bad}), 422)["errors"][0]
    assert entry["field"] == "overlay" and "parameters.no.such_param" in entry["message_ja"]
    assert "no such parameter" in entry["message_en"] and "no such" not in entry["message_ja"]


# --- findings 3 and 9: over-long numbers and repeated keys are 4xx, never 500 ------------------------------

HUGE = "1" + "0" * 5000


@pytest.mark.parametrize("body", [
    b'{"first_time": 7, "additional": 3, "date": "2024-06-01", "x": [' + HUGE.encode() + b"]}",
    b'{"actuals": {"support-meetings": -' + HUGE.encode() + b"}}",
])
def test_over_long_json_number_anywhere_is_400(client, problem, body):
    """A JSON number past Python's 4,300-digit limit, at any depth, is a 400 problem (finding 3)."""
    path = "/v1/kpi/evaluation" if b"actuals" in body else GRANT
    assert problem(client.post(path, data=body, content_type="application/json"), 400)["code"] == "malformed_json"


@pytest.mark.parametrize(("path", "body"), [
    ("/v1/kpi/evaluation", b'{"actuals": {"support-meetings": 1, "support-meetings": 2}}'),
    ("/v1/activity-center/monthly",
     b'{"centers": [{"center_id": "K1", "center_type": "I", "center_id": "K2"}], "attendances": []}'),
])
def test_repeated_key_at_any_depth_is_400(client, problem, path, body):
    """A key given twice in a nested object is a 400 ``duplicate_key``, not last-wins (finding 9)."""
    assert problem(client.post(path, data=body, content_type="application/json"), 400)["code"] == "duplicate_key"


def test_over_long_number_in_case_text_is_an_errored_case(client):
    """A case file whose YAML holds a number of over 4,300 digits is reported as a malformed case, not a 500."""
    cases = CASES.replace("first_time: 7", f"first_time: {HUGE}")
    response = client.post("/v1/audit", json={"cases": cases})
    assert response.status_code == 200
    body = response.get_json()
    assert body["passed"] == 0 and body["errored"] >= 1
    assert {r["error_code"] for r in body["results"]} == {"malformed_case"}
    assert all("4,300 digits" in r["error"] for r in body["results"])


def test_over_long_number_in_overlay_is_422_without_python_words(client, problem):
    """An overlay with an over-long number is a 422 naming the field, without Python's own advice."""
    reform = REFORM.replace("2300", HUGE)
    body = problem(client.post("/v1/compare", json={"cases": CASES, "reform": reform}), 422)
    assert body["errors"][0]["field"] == "reform" and "4,300 digits" in body["detail"]
    assert "sys." not in body["detail"]


@pytest.mark.parametrize(("year", "status"), [(1999, 422), (2000, 422), (2024, 200), (2200, 200), (2201, 422)])
def test_api_fiscal_years_match_the_cli_range(client, year, status):
    """The API takes the same fiscal years as the CLI and files (2000–2200); 2000 is in range but has no rule."""
    r = client.post("/v1/points/conversion", json={"points": 37, "fiscal_year": year})
    assert r.status_code == status, r.get_json()
