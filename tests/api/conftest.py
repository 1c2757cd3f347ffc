"""Fixtures for the HTTP API tests: the app, its test client and CLI runner (as in Flask's tutorial)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from kanoya_benefits_api import create_app


@pytest.fixture
def app() -> Flask:
    """The app on the shipped rules, in testing mode."""
    return create_app({"TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner of the app (flask's own commands, e.g. ``openapi print``)."""
    return app.test_cli_runner()


def check_problem(response: Any, status: int) -> dict[str, Any]:
    """The response's problem document, after checking its status, media type and shape."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json(force=True)
    assert set(body) == {"type", "title", "title_ja", "status", "detail", "code", "errors"}
    assert body["status"] == status
    for error in body["errors"]:
        assert set(error) == {"field", "code", "message_en", "message_ja"}
    return body


@pytest.fixture
def problem() -> Any:
    """``problem(response, status)`` → the checked problem document."""
    return check_problem
