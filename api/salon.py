"""POST /v1/salon/grant: 高齢者サロン等加入促進事業 (salon enrollment grant)."""

from __future__ import annotations

from typing import Any

from kanoya_benefits import salon, to_dict
from kanoya_benefits.registry import calculator

from .calls import call, describe
from .parsing import Blueprint
from .schemas import requests, responses

SLUG = calculator(salon.PROGRAMME).slug  # the registry names the URL: /v1/salon
blp = Blueprint(SLUG, __name__, url_prefix=f"/v1/{SLUG}", description=describe(SLUG))


@blp.post("/grant")
@blp.arguments(requests.SalonGrant, example={"first_time": 7, "additional": 3, "date": "2024-06-01"})
@blp.response(200, responses.Calculation)
def grant(body: dict[str, Any]) -> Any:
    """A group's enrollment grant for its new members: min(4,000 × first-time + 2,000 × additional, 50,000)."""
    result = call(salon.enrollment_grant, {"on": "date"}, first_time=body["first_time"],
                  additional=body["additional"], on=body["date"])
    return to_dict(result)
