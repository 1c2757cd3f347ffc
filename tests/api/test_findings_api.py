"""The new user's API findings: each behaviour pinned by a test that failed before its fix."""

from __future__ import annotations

import pytest

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
