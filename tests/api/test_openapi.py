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


def test_no_cdn_anywhere_in_the_api():
    """No file of the API names a CDN: every asset is local."""
    api_dir = COMMITTED.parent
    for path in [*api_dir.rglob("*.py"), COMMITTED]:
        text = path.read_text(encoding="utf-8").lower()
        for host in ("cdn", "unpkg", "jsdelivr", "cloudflare", "googleapis"):
            assert host not in text, (path, host)


def test_flask_cli_prints_the_same_document(runner, client):
    """flask-smorest's ``flask openapi print`` (via the CLI runner) gives the document /openapi.json serves."""
    result = runner.invoke(args=["openapi", "print"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == client.get("/openapi.json").get_json()


def test_app_is_never_in_debug_mode(app):
    """The factory's app has Flask's debugger off, so no traceback page can be served."""
    assert app.debug is False
    assert app.config["PROPAGATE_EXCEPTIONS"] is False
