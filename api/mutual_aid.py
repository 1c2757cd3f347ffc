"""POST /v1/mutual-aid/monthly and /annual: 住民主体による高齢者助け合い応援事業."""

from __future__ import annotations

from typing import Any

from kanoya_benefits import mutual_aid, to_dict
from kanoya_benefits.registry import calculator

from .calls import call, describe
from .parsing import Blueprint
from .schemas import requests, responses

SLUG = calculator(mutual_aid.PROGRAMME).slug  # /v1/mutual-aid
blp = Blueprint(SLUG, __name__, url_prefix=f"/v1/{SLUG}", description=describe(SLUG))


@blp.post("/monthly")
@blp.arguments(requests.MutualAidMonthly, example={"first_subsidized_month": "2024-04", "month": "2024-05",
                                                   "rent_cost": 15001, "challenge_cost": 6000})
@blp.response(200, responses.Calculation)
def monthly(body: dict[str, Any]) -> Any:
    """One month's subsidy: base by subsidy year + rent add-on (½, capped) + challenge add-on (capped)."""
    return to_dict(call(mutual_aid.monthly_subsidy, **body))


def _by_month(entries: list[dict[str, Any]] | None, flat: int) -> Any:
    if entries is None:
        return flat
    return {e["month"]: e["amount"] for e in entries}


@blp.post("/annual")
@blp.arguments(requests.MutualAidAnnual, example={"first_subsidized_month": "2024-04", "fiscal_year": 2024,
                                                  "rent_cost": 15001})
@blp.response(200, responses.AnnualSchedule)
def annual(body: dict[str, Any]) -> Any:
    """The twelve months of a fiscal year (April to March) and their total."""
    result = call(
        mutual_aid.annual_schedule,
        {"rent_cost": "rent_by_month" if body["rent_by_month"] is not None else "rent_cost",
         "challenge_cost": "challenge_by_month" if body["challenge_by_month"] is not None else "challenge_cost"},
        first_subsidized_month=body["first_subsidized_month"], fiscal_year=body["fiscal_year"],
        last_subsidized_month=body["last_subsidized_month"],
        rent_cost=_by_month(body["rent_by_month"], body["rent_cost"]),
        challenge_cost=_by_month(body["challenge_by_month"], body["challenge_cost"]),
    )
    return to_dict(result)
