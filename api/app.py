"""App factory for the HTTP API."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app; ``config`` overrides settings (tests pass their own)."""
    app = Flask(__name__)
    if config:
        app.config.update(config)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
