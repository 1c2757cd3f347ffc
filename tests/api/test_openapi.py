"""The OpenAPI document: valid OpenAPI 3, describing every endpoint, committed and current; docs offline."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kanoya_benefits_api.openapi import render
from openapi_spec_validator import validate

COMMITTED = Path(__file__).resolve().parents[2] / "api" / "openapi.json"


def test_openapi_is_valid(client):
    """/openapi.json validates as OpenAPI 3."""
    validate(client.get("/openapi.json").get_json())


def test_openapi_describes_every_endpoint(client, app):
    """Every /v1 route of the app is in the document with its methods."""
    paths = client.get("/openapi.json").get_json()["paths"]
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/v1"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert method.lower() in paths[path], (path, method)


def test_committed_openapi_is_current():
    """api/openapi.json equals the generated document (regenerate: python -m kanoya_benefits_api.openapi)."""
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json.loads(render()), (
        "api/openapi.json is stale: run  python -m kanoya_benefits_api.openapi > api/openapi.json")


def test_docs_use_local_assets_only(client):
    """The Swagger UI page and its assets come from this server: no CDN (the city network has no internet)."""
    page = client.get("/docs").get_data(as_text=True)
    assert "SwaggerUIBundle" in page
    assert not re.search(r"(src|href)=\"https?://", page)
    for asset in re.findall(r"(?:src|href)=\"(/docs/assets/[^\"]+)\"", page):
        assert client.get(asset).status_code == 200, asset
