"""GET /v1/rules and /v1/rules/<name>: every parameter with its history, and values in force on a day."""

from __future__ import annotations

from kanoya_benefits_api import create_app

from kanoya_benefits import shipped_rules


def test_rules_lists_every_parameter(client):
    """Every parameter of the shipped rules is listed with description ja/en, unit, status, citation, history."""
    body = client.get("/v1/rules").get_json()
    assert body["rules_version"] == shipped_rules().version
    assert [p["name"] for p in body["parameters"]] == list(shipped_rules().parameters)
    cap = next(p for p in body["parameters"] if p["name"] == "salon.group_cap")
    assert cap["description"]["ja"] and cap["description"]["en"]
    assert cap["unit"] == "yen"
    assert cap["status"] == "stated"
    assert "高齢者サロン等加入促進事業" in cap["citation"]
    assert cap["history"][0] == {**cap["history"][0], "effective": "2024-04-01", "value": 50000}
    assert "in_force" not in cap


def test_rules_on_a_day(client):
    """?on=DATE adds the entry in force that day; ratios are text like '1/2'."""
    body = client.get("/v1/rules?on=2024-05-01").get_json()
    share = next(p for p in body["parameters"] if p["name"] == "mutual_aid.rent_add_on_share")
    assert share["in_force"]["value"] == "1/2"
    assert body["on"] == "2024-05-01"


def test_rules_before_start_is_422(client, problem):
    """A day before the rules start has no rule in force: 422 naming ``on``."""
    body = problem(client.get("/v1/rules?on=2024-03-31"), 422)
    assert body["errors"][0]["field"] == "on"


def test_one_rule_and_unknown_rule(client, problem):
    """/v1/rules/<name> gives one parameter; an unknown name is a 404 problem."""
    assert client.get("/v1/rules/points.yen_per_point").get_json()["status"] == "assumed"
    assert problem(client.get("/v1/rules/no.such"), 404)["code"] == "unknown_parameter"


def test_serving_another_rule_set(tmp_path, problem):
    """An overlay changes what the API computes and its rules version (``--rules PATH``)."""
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("kind: overlay\nparameters:\n  salon.group_cap:\n    values:\n      2025-04-01: 60000\n",
                       encoding="utf-8")
    client = create_app({"TESTING": True, "KANOYA_RULES_PATH": str(overlay)}).test_client()
    body = client.post("/v1/salon/grant", json={"first_time": 15, "additional": 0, "date": "2025-06-01"}).get_json()
    assert body["amount"] == 60000
    assert body["rules_version"] != shipped_rules().version
