"""POST /v1/points/conversion: 高齢者元気度アップポイント事業 (points → 転換交付金)."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from kanoya_benefits import points, to_dict
from kanoya_benefits.registry import calculator

from .calls import call, describe
from .parsing import Blueprint
from .schemas import requests, responses

SLUG = calculator(points.PROGRAMME).slug  # /v1/points
blp = Blueprint(SLUG, __name__, url_prefix=f"/v1/{SLUG}", description=describe(SLUG))


@blp.post("/conversion")
@blp.arguments(requests.PointsConversion, example={"points": 37, "fiscal_year": 2024})
@blp.response(200, {"oneOf": [{"$ref": "#/components/schemas/Calculation"},
                              {"$ref": "#/components/schemas/PointsTally"}]},
              description="points given: the Calculation; stamps given: the PointsTally (with its conversion)")
def conversion(body: dict[str, Any]) -> Any:
    """A fiscal year's points in yen (assumed figures until the city confirms: every result carries a flag).

    Give ``points`` (the year's total) or ``stamps`` ([{activity_id, date}]): stamps are totalled by
    the catalogue (same activity on the same day counts once; stamps outside the year are listed, not
    counted).
    """
    if "points" in body:
        result: Any = call(points.convert, points=body["points"], fiscal_year=body["fiscal_year"])
    else:
        stamps = [(s["activity_id"], s["date"]) for s in body["stamps"]]
        result = call(points.total_stamps, None, stamps, fiscal_year=body["fiscal_year"])
    return jsonify(to_dict(result))


# Both shapes are documented as components so the oneOf above resolves.
SCHEMAS = {"Calculation": responses.Calculation, "PointsTally": responses.PointsTally}
