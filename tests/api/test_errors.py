"""Every error class is one problem+json shape with a code and the field, never a 500."""

from __future__ import annotations

import logging

import pytest
from kanoya_benefits_api import create_app

GRANT = "/v1/salon/grant"
GOOD = {"first_time": 7, "additional": 3, "date": "2024-06-01"}


@pytest.mark.parametrize(("data", "content_type", "code"), [
    (b"", "application/json", "empty_body"),
    (b"   ", "application/json", "empty_body"),
    (b'{"first_time": 7,', "application/json", "malformed_json"),
    (b"\xff\xfe{}", "application/json", "malformed_json"),
    (b"[" * 200_000 + b"]" * 200_000, "application/json", "malformed_json"),
    (b'{"first_time": 1' + b"0" * 5000 + b', "additional": 1, "date": "2024-06-01"}', "application/json",
     "malformed_json"),
    (b'{"first_time": 1, "additional": 1, "date": "2024-06-01", "first_time": 9}', "application/json",
     "duplicate_key"),
    (b'{"first_time": 1, "additional": 1, "date": "2024-06-01", "\\ud800": 1}', "application/json",
     "malformed_json"),
    (b'{"centers": [{"center_id": "\\udc00x", "center_type": "I"}], "attendances": []}', "application/json",
     "malformed_json"),
    (b'{"first_time": 7}', "text/plain", "unsupported_content_type"),
    (b"first_time=7", "application/x-www-form-urlencoded", "unsupported_content_type"),
])
def test_bad_body_is_400(client, data, content_type, code, problem):
    """Malformed JSON, an empty body, a wrong content type and absurd nesting are 400 problems."""
    body = problem(client.post(GRANT, data=data, content_type=content_type), 400)
    assert body["code"] == code


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"first_time": -1}, "first_time", "out_of_range"),
    ({"first_time": True}, "first_time", "not_integer"),
    ({"additional": 1.5}, "additional", "not_integer"),
    ({"additional": 3.0}, "additional", "not_integer"),
    ({"additional": 10**30}, "additional", "out_of_range"),
    ({"first_time": "7"}, "first_time", "not_integer"),
    ({"first_time": None}, "first_time", "null"),
    ({"date": "2024-02-30"}, "date", "not_date"),
    ({"date": "2024-6-1"}, "date", "not_date"),
    ({"date": 20240601}, "date", "not_date"),
    ({"date": "2024-03-31"}, "date", "no_rule_in_force"),
    ({"extra": 1}, "extra", "unknown_field"),
])
def test_invalid_value_is_422(client, change, field, code, problem):
    """Each invalid value is a 422 naming its field with a code and both languages."""
    body = problem(client.post(GRANT, json={**GOOD, **change}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, code)]
    assert body["errors"][0]["message_ja"]


def test_bom_is_tolerated(client):
    """A UTF-8 BOM before the JSON (Windows tools add one) is accepted."""
    data = '\ufeff{"first_time": 7, "additional": 3, "date": "2024-06-01"}'.encode()
    assert client.post(GRANT, data=data, content_type="application/json").get_json()["amount"] == 34000


def test_missing_field_is_422(client, problem):
    """A missing required field is named."""
    body = problem(client.post(GRANT, json={"first_time": 7, "date": "2024-06-01"}), 422)
    assert body["errors"][0] == {"field": "additional", "code": "required",
                                 "message_en": "this field is required", "message_ja": "必須項目です"}


@pytest.mark.parametrize("raw", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_refused(client, raw, problem):
    """Python's json accepts NaN/Infinity; the API refuses them at the field."""
    data = b'{"first_time": ' + raw + b', "additional": 3, "date": "2024-06-01"}'
    body = problem(client.post(GRANT, data=data, content_type="application/json"), 422)
    assert body["errors"][0]["field"] == "first_time"


def test_body_not_an_object(client, problem):
    """A JSON array where an object is wanted is a 422."""
    body = problem(client.post(GRANT, json=[1, 2]), 422)
    assert body["errors"][0]["code"] == "not_object"


def test_three_one_way_trips(client, problem):
    """3 one-way trips exceed the rules' limit of 2: the library's InputError is a 422 naming the field."""
    body = problem(client.post("/v1/activity-center/daily", json={"center_type": "I", "date": "2024-05-07",
                                                                  "one_way_trips": 3}), 422)
    assert body["errors"][0]["field"] == "one_way_trips"
    assert "0 to 2" in body["errors"][0]["message_en"]


def test_bath_must_be_boolean(client, problem):
    """1 is not true: a flag takes only true or false."""
    body = problem(client.post("/v1/activity-center/daily", json={"center_type": "I", "date": "2024-05-07",
                                                                  "bath": 1}), 422)
    assert body["errors"][0]["code"] == "not_boolean"


def test_bad_center_type(client, problem):
    """An unknown center type is named by the library's message."""
    body = problem(client.post("/v1/activity-center/daily", json={"center_type": "IV", "date": "2024-05-07"}), 422)
    assert body["errors"][0]["field"] == "center_type"


@pytest.mark.parametrize(("body", "field"), [
    ({"first_subsidized_month": "2024-13", "month": "2024-05"}, "first_subsidized_month"),
    ({"first_subsidized_month": "2024-04-01", "month": "2024-05"}, "first_subsidized_month"),
    ({"first_subsidized_month": "2024-06", "month": "2024-05"}, "first_subsidized_month"),
    ({"first_subsidized_month": "2024-01", "month": "2024-03"}, "month"),
    ({"first_subsidized_month": "2024-04", "month": "2024-05", "rent_cost": -1}, "rent_cost"),
])
def test_mutual_aid_months(client, body, field, problem):
    """Impossible months, a first month after the paid one and months before the rules are 422s."""
    errors = problem(client.post("/v1/mutual-aid/monthly", json=body), 422)["errors"]
    assert errors[0]["field"] == field


def test_duplicate_attendance_is_not_paid_twice(client, problem):
    """The same user, center and day twice is a 422 naming the repeat and the first row."""
    row = {"user_id": "V1", "center_id": "K1", "date": "2024-05-07"}
    body = problem(client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "II"}], "attendances": [row, {**row, "bath": True}]}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("attendances[1].user_id", "duplicate_attendance")]
    assert "attendances[0]" in body["errors"][0]["message_en"]
    assert "attendances[0]" in body["errors"][0]["message_ja"]


def test_attendance_errors_carry_json_paths(client, problem):
    """Errors inside a list name the row: attendances[1].one_way_trips, and an unknown center."""
    body = problem(client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "II"}],
        "attendances": [{"user_id": "V1", "center_id": "K9", "date": "2024-05-07"},
                        {"user_id": "V2", "center_id": "K1", "date": "2024-05-07", "one_way_trips": -2}]}), 422)
    assert {e["field"] for e in body["errors"]} == {"attendances[1].one_way_trips"}
    body = problem(client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "II"}],
        "attendances": [{"user_id": "V1", "center_id": "K9", "date": "2024-05-07"}]}), 422)
    assert body["errors"][0]["field"] == "attendances[0].center_id"


def test_attendance_library_error_names_row(client, problem):
    """A library error on one attendance (3 trips) names that row's field."""
    body = problem(client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "II"}],
        "attendances": [{"user_id": "V1", "center_id": "K1", "date": "2024-05-07", "one_way_trips": 3}]}), 422)
    assert body["errors"][0]["field"] == "attendances[0].one_way_trips"


@pytest.mark.parametrize("body", [{"fiscal_year": 2024}, {"fiscal_year": 2024, "points": 1, "stamps": []}])
def test_points_or_stamps(client, body, problem):
    """Exactly one of points and stamps."""
    errors = problem(client.post("/v1/points/conversion", json=body), 422)["errors"]
    assert errors[0]["code"] == "points_or_stamps"


def test_unknown_activity_names_stamp(client, problem):
    """A stamp of an activity not in the catalogue names the stamp."""
    errors = problem(client.post("/v1/points/conversion", json={
        "fiscal_year": 2024, "stamps": [{"activity_id": "ZZ", "date": "2024-05-01"}]}), 422)["errors"]
    assert errors[0]["field"] == "stamps[0].activity_id"


def test_not_found_and_method_not_allowed(client, problem):
    """404 and 405 are problems too; 405 says which methods are allowed."""
    assert problem(client.get("/v1/nothing"), 404)["code"] == "not_found"
    r = client.get(GRANT)
    assert problem(r, 405)["code"] == "method_not_allowed"
    assert "POST" in r.headers["Allow"]


def test_body_over_limit_is_413(problem):
    """A body over MAX_CONTENT_LENGTH is a 413 problem."""
    client = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": 1000}).test_client()
    data = b'{"first_time": 7, "additional": 3, "date": "2024-06-01"}' + b" " * 2000
    assert problem(client.post(GRANT, data=data, content_type="application/json"), 413)["code"] == "payload_too_large"


def test_crash_is_a_plain_500_and_logged(app, caplog, monkeypatch, problem):
    """An unexpected error gives a problem 500 without internals, and is logged."""
    from kanoya_benefits import salon

    def boom(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(salon, "enrollment_grant", boom)
    with caplog.at_level(logging.ERROR, logger="kanoya_benefits_api"):
        r = app.test_client().post(GRANT, json=GOOD)
    body = problem(r, 500)
    assert "secret" not in r.get_data(as_text=True)
    assert body["code"] == "internal_error"
    assert "secret internals" in caplog.text


def test_annual_costs_by_month_checked(client, problem):
    """A month given twice, or outside the fiscal year, in rent_by_month is a 422 naming it."""
    base = {"first_subsidized_month": "2024-04", "fiscal_year": 2024}
    twice = [{"month": "2024-05", "amount": 1}, {"month": "2024-05", "amount": 2}]
    body = problem(client.post("/v1/mutual-aid/annual", json={**base, "rent_by_month": twice}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("rent_by_month[1].month", "duplicate_month")]
    body = problem(client.post("/v1/mutual-aid/annual", json={**base, "rent_by_month": [
        {"month": "2023-05", "amount": 1}]}), 422)
    assert body["errors"][0]["field"] == "rent_by_month"


def test_bad_center_type_in_monthly_names_center(client, problem):
    """An unknown center type in centers is a 422 naming centers[i].center_type."""
    body = problem(client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "IV"}], "attendances": []}), 422)
    assert body["errors"][0]["field"] == "centers[0].center_type"


def test_monthly_batch_errors_name_each_row(client, problem):
    """Every error row of the batch is one entry: a center given twice, a day before the rules, an unknown center."""
    body = problem(client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "II"}, {"center_id": "K1", "center_type": "II"}],
        "attendances": [{"user_id": "V1", "center_id": "K1", "date": "2020-05-07"},
                        {"user_id": "V1", "center_id": "K9", "date": "2024-05-07"}]}), 422)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("centers[1].center_id", "duplicate_center"), ("attendances[0].date", "invalid_input"),
        ("attendances[1].center_id", "unknown_center")]
    assert "2024-04-01" in body["errors"][1]["message_en"] and body["errors"][1]["message_ja"]
