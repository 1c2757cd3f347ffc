"""Every calculation endpoint gives the right yen, and exactly the library's result."""

from __future__ import annotations

from datetime import date

from kanoya_benefits import activity_center, mutual_aid, points, salon, to_dict


def test_salon_grant_worked_example(client):
    """7 first-time + 3 additional members → ¥34,000 (RULES.md §1)."""
    r = client.post("/v1/salon/grant", json={"first_time": 7, "additional": 3, "date": "2024-06-01"})
    assert r.status_code == 200
    assert r.get_json()["amount"] == 34000


def test_salon_grant_capped(client):
    """12 + 3 → ¥54,000 uncapped, ¥50,000 paid, and the cap is shown."""
    body = client.post("/v1/salon/grant", json={"first_time": 12, "additional": 3, "date": "2024-06-01"}).get_json()
    assert body["amount"] == 50000
    assert body["caps"][0]["uncapped"] == 54000


def test_mutual_aid_monthly_worked_example(client):
    """Year 1, rent ¥15,001, challenge ¥6,000 → ¥23,500 (RULES.md §2)."""
    r = client.post("/v1/mutual-aid/monthly", json={"first_subsidized_month": "2024-04", "month": "2024-05",
                                                   "rent_cost": 15001, "challenge_cost": 6000})
    assert r.status_code == 200
    assert r.get_json()["amount"] == 23500


def test_mutual_aid_annual(client):
    """A year-1 group with ¥15,001 rent every month: 12 × (11,000 + 7,500) = ¥222,000."""
    body = client.post("/v1/mutual-aid/annual", json={"first_subsidized_month": "2024-04", "fiscal_year": 2024,
                                                      "rent_cost": 15001}).get_json()
    assert body["amount"] == 12 * (11000 + 7500)
    assert len(body["months"]) == 12


def test_mutual_aid_annual_by_month(client):
    """Rent given for one month only counts in that month."""
    body = client.post("/v1/mutual-aid/annual", json={
        "first_subsidized_month": "2024-04", "fiscal_year": 2024,
        "rent_by_month": [{"month": "2024-05", "amount": 15001}]}).get_json()
    assert body["amount"] == 12 * 11000 + 7500


def test_activity_center_daily_worked_example(client):
    """Type Ⅰ, bath, 2 one-way trips → ¥3,700 (RULES.md §3)."""
    r = client.post("/v1/activity-center/daily", json={"center_type": "I", "date": "2024-05-07", "bath": True,
                                                      "one_way_trips": 2})
    assert r.status_code == 200
    assert r.get_json()["amount"] == 3700


def test_activity_center_monthly_fixture(client):
    """The shared fixture's valid rows: K1 May ¥5,200, K2 May ¥8,900, K1 April ¥1,800."""
    r = client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "Ⅱ型"}, {"center_id": "K2", "center_type": "Ⅰ型"}],
        "attendances": [
            {"user_id": "V1", "center_id": "K1", "date": "2024-05-07", "bath": True, "one_way_trips": 2},
            {"user_id": "V2", "center_id": "K1", "date": "2024-05-08"},
            {"user_id": "V3", "center_id": "K2", "date": "2024-05-08", "bath": True, "one_way_trips": 1},
            {"user_id": "V3", "center_id": "K2", "date": "2024-05-09", "one_way_trips": 2},
            {"user_id": "V4", "center_id": "K2", "date": "2024-05-10", "bath": True},
            {"user_id": "V1", "center_id": "K1", "date": "2024-04-30"},
        ]})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    claims = {(c["center_id"], c["month"]): c["amount"] for c in body["claims"]}
    assert claims == {("K1", "2024-05-01"): 5200, ("K2", "2024-05-01"): 8900, ("K1", "2024-04-01"): 1800}
    assert body["total"] == 15900
    assert [f for c in body["claims"] for f in c["flags"]] == []
    k2 = next(c for c in body["claims"] if c["center_id"] == "K2")
    assert (k2["user_days"], k2["baths"], k2["one_way_trips"]) == (3, 2, 3)
    assert sum(i["subtotal"] for i in k2["line_items"]) == k2["amount"]


def test_activity_center_monthly_two_centers_flagged(client):
    """The same user at two centers on one day is paid at both and flagged."""
    body = client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "II"}, {"center_id": "K2", "center_type": "I"}],
        "attendances": [{"user_id": "V1", "center_id": "K1", "date": "2024-05-07"},
                        {"user_id": "V1", "center_id": "K2", "date": "2024-05-07"}]}).get_json()
    assert body["total"] == 1800 + 2100
    assert {c["center_id"]: [f["code"] for f in c["flags"]] for c in body["claims"]} == {
        "K1": ["same_user_two_centers"], "K2": ["same_user_two_centers"]}


def test_points_conversion_by_points(client):
    """37 points → ¥3,700, with the assumed-figures flag."""
    body = client.post("/v1/points/conversion", json={"points": 37, "fiscal_year": 2024}).get_json()
    assert body["amount"] == 3700
    assert body["flags"][0]["code"] == "assumed_figures"


def test_points_conversion_by_stamps(client):
    """Stamps are totalled by the catalogue: a same-day repeat counts once, next year's stamp is out of scope."""
    body = client.post("/v1/points/conversion", json={"fiscal_year": 2024, "stamps": [
        {"activity_id": "L1", "date": "2024-05-01"}, {"activity_id": "L1", "date": "2024-05-01"},
        {"activity_id": "L2", "date": "2024-05-01"}, {"activity_id": "V2", "date": "2024-06-01"},
        {"activity_id": "V1", "date": "2025-04-01"}]}).get_json()
    assert body["points"] == 8
    assert body["conversion"]["amount"] == 800
    assert body["repeats_dropped"] == 1
    assert body["out_of_scope"] == [["V1", "2025-04-01"]]


def test_library_and_api_identical(client):
    """For the same inputs the API's body is exactly ``to_dict`` of the library's result."""
    cases = [
        ("/v1/salon/grant", {"first_time": 12, "additional": 3, "date": "2024-06-01"},
         salon.enrollment_grant(first_time=12, additional=3, on=date(2024, 6, 1))),
        ("/v1/mutual-aid/monthly", {"first_subsidized_month": "2023-03", "month": "2024-05", "rent_cost": 30001,
                                    "challenge_cost": 6000},
         mutual_aid.monthly_subsidy(first_subsidized_month=date(2023, 3, 1), month=date(2024, 5, 1),
                                    rent_cost=30001, challenge_cost=6000)),
        ("/v1/mutual-aid/annual", {"first_subsidized_month": "2024-07", "fiscal_year": 2024, "rent_cost": 15001},
         mutual_aid.annual_schedule(first_subsidized_month=date(2024, 7, 1), fiscal_year=2024, rent_cost=15001)),
        ("/v1/activity-center/daily", {"center_type": "III", "date": "2024-05-07", "bath": True, "one_way_trips": 1},
         activity_center.daily_amount(center_type="III", on=date(2024, 5, 7), bath=True, one_way_trips=1)),
        ("/v1/points/conversion", {"points": 60, "fiscal_year": 2024},
         points.convert(points=60, fiscal_year=2024)),
        ("/v1/points/conversion", {"fiscal_year": 2024, "stamps": [{"activity_id": "V2", "date": "2024-06-01"}]},
         points.total_stamps([("V2", date(2024, 6, 1))], fiscal_year=2024)),
    ]
    for path, body, result in cases:
        r = client.post(path, json=body)
        assert r.status_code == 200, (path, r.get_json())
        assert r.get_json() == to_dict(result), path


def test_activity_center_monthly_is_the_batch(client):
    """The monthly claims are exactly ``to_dict`` of the library's attendance batch on the same rows."""
    from kanoya_benefits.batch import attendance
    from kanoya_benefits.tabular import ATTENDANCE, CENTERS, Records

    rows = [{"user_id": "V1", "center_id": "K1", "date": "2024-05-07", "bath": True, "one_way_trips": 2},
            {"user_id": "V1", "center_id": "K2", "date": "2024-05-07"},
            {"user_id": "V2", "center_id": "K1", "date": "2025-04-01", "one_way_trips": 1}]
    body = client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K1", "center_type": "II"}, {"center_id": "K2", "center_type": "I"}],
        "attendances": rows}).get_json()
    batch = attendance.run([Records("attendances", ATTENDANCE, rows)], fiscal_year=None, centers=[
        Records("centers", CENTERS, [{"center_id": "K1", "type": "II"}, {"center_id": "K2", "type": "I"}])])
    assert body == {"claims": to_dict(batch.claims), "total": batch.total, "rules_version": batch.rules_version}


def test_health(client):
    """/health answers ok with the versions, without authentication."""
    body = client.get("/health").get_json()
    assert body["status"] == "ok"
    assert body["rules_version"]


def test_activity_center_monthly_a_center_changing_type_mid_year(client):
    """A center listed twice with effective_from dates is paid Type Ⅲ before and Type Ⅱ from its change."""
    r = client.post("/v1/activity-center/monthly", json={
        "centers": [{"center_id": "K6", "center_type": "III"},
                    {"center_id": "K6", "center_type": "II", "effective_from": "2024-10-01"}],
        "attendances": [{"user_id": "U1", "center_id": "K6", "date": "2024-09-30"},
                        {"user_id": "U1", "center_id": "K6", "date": "2024-10-01"}]})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert [(c["month"], c["amount"]) for c in body["claims"]] == [("2024-09-01", 1500), ("2024-10-01", 1800)]
    assert body["total"] == 3300
