"""GET /v1/programs, GET /v1/programs/<id> and POST /v1/kpi/evaluation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from kanoya_benefits_api.app import create_app

from kanoya_benefits import registry

OPENAPI = Path(__file__).resolve().parent.parent / "api" / "openapi.json"


@pytest.fixture
def client() -> FlaskClient:
    """A test client of the app on the shipped rules and registry."""
    return create_app({"TESTING": True}).test_client()


def test_list(client: FlaskClient) -> None:
    """The list has the twelve programmes with legal basis, 所管課, run method and computable."""
    r = client.get("/v1/programs")
    data = r.get_json()
    assert r.status_code == 200
    assert [p["id"] for p in data["programmes"]] == [p.id for p in registry.programmes()]
    assert data["registry_version"] == registry.shipped_registry().version
    activity = next(p for p in data["programmes"] if p["id"] == "community-activity-center")
    assert activity["legal_basis"]["ja"] == "社会福祉法第106条の4第2項第3号ハ"
    assert (activity["department"]["ja"], activity["operation"], activity["computable"]) == ("福祉政策課", "contracted",
                                                                                            True)


@pytest.mark.parametrize("pid", ["community-care-prevention", "community-childrearing-hub",
                                 "children-family-center", "salon-enrollment-promotion"])
def test_detail_is_the_library_dict(client: FlaskClient, pid: str) -> None:
    """The API's detail is exactly the library's programme_detail (the schema drops nothing)."""
    r = client.get(f"/v1/programs/{pid}")
    assert r.status_code == 200
    data = r.get_json()
    for calc in data["calculators"]:
        assert calc.pop("endpoints")  # the API adds where to call each calculator
    assert data == json.loads(json.dumps(registry.programme_detail(pid), ensure_ascii=False))


def test_detail_tells_a_client_what_can_be_computed(client: FlaskClient) -> None:
    """A programme's detail lists its calculators with inputs and rule parameters."""
    data = client.get("/v1/programs/community-activity-center").get_json()
    calc = data["calculators"][0]
    assert calc["id"] == "activity_center.daily_amount" and calc["slug"] == "activity-center"
    trips = next(i for i in calc["inputs"] if i["name"] == "one_way_trips")
    assert trips["maximum_parameter"] == "activity_center.max_one_way_trips"
    assert "activity_center.daily_rate_type_i" in calc["parameters"]
    assert calc["endpoints"] == [{"method": "POST", "path": "/v1/activity-center/daily"},
                                 {"method": "POST", "path": "/v1/activity-center/monthly"}]


def test_unknown_programme_is_a_404_problem(client: FlaskClient) -> None:
    """An unknown id is a 404 problem document naming the id."""
    r = client.get("/v1/programs/nope")
    assert r.status_code == 404
    assert r.mimetype == "application/problem+json"
    assert r.get_json()["code"] == "unknown_programme" and "nope" in r.get_json()["detail"]


def test_kpi_evaluation(client: FlaskClient) -> None:
    """Achievement ratios come exact ('5/6') with the percentage cut to one decimal."""
    r = client.post("/v1/kpi/evaluation", json={"actuals": {"multi-agency-consultations": 50,
                                                            "problem-solving-districts": 4}})
    data = r.get_json()
    assert r.status_code == 200
    got = {x["indicator"]: (x["ratio"], x["percent"], x["achieved"]) for x in data["results"]}
    assert got == {"multi-agency-consultations": ("5/6", "83.3%", False),
                   "problem-solving-districts": ("1", "100%", True)}
    assert data["not_given"] == ["support-meetings", "needs-finding-districts"]


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"actuals": {"consultations": 3}}, 422, "actuals.consultations"),
    ({"actuals": {"support-meetings": -1}}, 422, "actuals.support-meetings"),
    ({"actuals": {"support-meetings": 1.5}}, 422, "actuals.support-meetings"),
    ({"actuals": {"support-meetings": True}}, 422, "actuals.support-meetings"),
    ({"actuals": []}, 422, "actuals"),
    ({}, 422, "actuals"),
    ({"actuals": {}, "extra": 1}, 422, "extra"),
])
def test_kpi_bad_input(client: FlaskClient, body: dict[str, Any], status: int, field: str) -> None:
    """Unknown indicators, negative or non-integer actuals and bad bodies are 422 problems naming the field."""
    r = client.post("/v1/kpi/evaluation", json=body)
    assert r.status_code == status
    assert r.mimetype == "application/problem+json"
    fields = [e["field"] for e in r.get_json()["errors"]]
    assert field in fields
    assert all(e["message_ja"] and e["message_en"] for e in r.get_json()["errors"])


def test_openapi_document_is_committed_up_to_date() -> None:
    """The committed openapi.json documents the registry's endpoints as the app generates them."""
    from kanoya_benefits_api.openapi import render

    committed = OPENAPI.read_text(encoding="utf-8")
    assert committed == render()
    paths = json.loads(committed)["paths"]
    assert {"/v1/programs", "/v1/programs/{programme_id}", "/v1/kpi/evaluation"} <= set(paths)
