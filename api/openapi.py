"""Print the OpenAPI document: ``python -m kanoya_benefits_api.openapi > api/openapi.json``."""

from __future__ import annotations

import json
import sys
from typing import Any

from .app import create_app


def document() -> dict[str, Any]:
    """The OpenAPI 3 document of the app, generated from its schemas."""
    app = create_app()
    with app.test_client() as client:
        spec: dict[str, Any] = client.get("/openapi.json").get_json()
    return spec


def render() -> str:
    """The document as the committed file's text (stable key order, UTF-8, trailing newline)."""
    return json.dumps(document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
