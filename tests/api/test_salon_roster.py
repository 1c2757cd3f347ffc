"""POST /v1/salon/roster: the shared fixture's roster gives the hand-worked grants through the API."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "salon_roster_fy2024.csv"
if not FIXTURE.exists():  # CI lays shared/ beside the clone; a worktree finds it under /work/shared
    FIXTURE = Path("/work/shared/fixtures/salon_roster_fy2024.csv")


def _members() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{"person_id": r["person_id"], "group_id": r["group_id"], "joined_on": r["joined_on"],
             **({"left_on": r["left_on"]} if r["left_on"] else {})} for r in rows]


@pytest.mark.skipif(not FIXTURE.exists(), reason="shared fixtures not laid out")
def test_roster_fixture_totals(client):
    """S1 ¥10,000, S2 ¥4,000, S3 ¥2,000, S4 ¥50,000 (capped): ¥66,000; A06's 2025-04-01 join is out of scope."""
    body = client.post("/v1/salon/roster", json={"fiscal_year": 2024, "members": _members()}).get_json()
    assert {g["group_id"]: g["grant"]["amount"] for g in body["groups"]} == {
        "S1": 10000, "S2": 4000, "S3": 2000, "S4": 50000}
    assert body["total"] == 66000
    assert [(o["person_id"], o["group_id"]) for o in body["out_of_scope"]] == [("A06", "S2")]


def test_roster_person_in_two_groups_is_flagged(client):
    """A person with no earlier membership joining two groups: first-time once, then additional, flagged."""
    body = client.post("/v1/salon/roster", json={"fiscal_year": 2024, "members": [
        {"person_id": "P0", "group_id": "G0", "joined_on": "2023-05-01"},
        {"person_id": "P1", "group_id": "G1", "joined_on": "2024-05-01"},
        {"person_id": "P1", "group_id": "G2", "joined_on": "2024-07-01"}]}).get_json()
    grants = {g["group_id"]: g for g in body["groups"]}
    assert grants["G1"]["grant"]["amount"] == 4000
    assert grants["G2"]["grant"]["amount"] == 2000
    assert grants["G2"]["grant"]["flags"][0]["code"] == "first_time_once_per_person"
    assert body["warnings"] == []


def test_roster_without_history_warns(client):
    """A roster with nothing before the fiscal year makes everyone first-time, and says so."""
    body = client.post("/v1/salon/roster", json={"fiscal_year": 2024, "members": [
        {"person_id": "P1", "group_id": "G1", "joined_on": "2024-05-01"}]}).get_json()
    assert [w["code"] for w in body["warnings"]] == ["no_history"]


def test_roster_left_before_joined_is_422(client, problem):
    """A membership that ends before it starts is a 422 naming the row."""
    body = problem(client.post("/v1/salon/roster", json={"fiscal_year": 2024, "members": [
        {"person_id": "P1", "group_id": "G1", "joined_on": "2024-05-01", "left_on": "2024-04-01"}]}), 422)
    assert body["errors"][0]["field"] == "members[0].left_on"


def test_roster_year_before_rules_is_422(client, problem):
    """A fiscal year before the rules start is a 422 naming fiscal_year."""
    body = problem(client.post("/v1/salon/roster", json={"fiscal_year": 2023, "members": []}), 422)
    assert body["errors"][0]["field"] == "fiscal_year"


def test_roster_members_are_the_library_classification(client):
    """Each group's members in the response are exactly ``to_dict`` of the library's classification."""
    from datetime import date

    from kanoya_benefits import to_dict
    from kanoya_benefits.batch import salon_roster

    rows = [("P0", "G1", date(2023, 5, 1)), ("P1", "G1", date(2024, 5, 1)), ("P1", "G2", date(2024, 5, 1)),
            ("P0", "G2", date(2024, 6, 1))]
    body = client.post("/v1/salon/roster", json={"fiscal_year": 2024, "members": [
        {"person_id": p, "group_id": g, "joined_on": d.isoformat()} for p, g, d in rows]}).get_json()
    members, _ = salon_roster.classify(
        [salon_roster.Membership(p, g, d, None, "request", i) for i, (p, g, d) in enumerate(rows)], 2024)
    expected = {g: sorted((to_dict(j) for j in js), key=lambda m: m["line"]) for g, js in members.items()}
    got = {grp["group_id"]: sorted(grp["members"], key=lambda m: m["line"]) for grp in body["groups"]}
    assert got == expected
