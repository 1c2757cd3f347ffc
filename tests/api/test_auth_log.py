"""Optional API-key auth and the structured access log (never request bodies)."""

from __future__ import annotations

import json
import logging

import pytest
from kanoya_benefits_api import create_app
from kanoya_benefits_api.auth import keys_from_env

GRANT = "/v1/salon/grant"
BODY = {"first_time": 7, "additional": 3, "date": "2024-06-01"}


@pytest.fixture
def secured():
    """A client of an app that requires one of two keys."""
    return create_app({"TESTING": True, "KANOYA_API_KEYS": ("k-one", "k-two")}).test_client()


def test_auth_off_by_default(client):
    """Without configured keys every endpoint is open."""
    assert client.post(GRANT, json=BODY).status_code == 200


def test_key_required_when_configured(secured, problem):
    """With keys configured, a missing or wrong key is a 401 problem."""
    assert problem(secured.post(GRANT, json=BODY), 401)["code"] == "unauthorized"
    assert problem(secured.post(GRANT, json=BODY, headers={"X-API-Key": "nope"}), 401)["code"] == "unauthorized"


def test_key_accepted_in_either_header(secured):
    """X-API-Key and Authorization: Bearer both carry the key."""
    assert secured.post(GRANT, json=BODY, headers={"X-API-Key": "k-two"}).status_code == 200
    assert secured.post(GRANT, json=BODY, headers={"Authorization": "Bearer k-one"}).status_code == 200


def test_health_and_docs_stay_open(secured):
    """/health, /openapi.json and the docs need no key."""
    for path in ("/health", "/openapi.json", "/docs"):
        assert secured.get(path).status_code == 200, path


def test_keys_from_env_and_file(tmp_path):
    """Keys come from KANOYA_API_KEYS and from a file with comments; none means auth off."""
    keys = tmp_path / "keys.txt"
    keys.write_text("# city case system\nfile-key  # comment\n\n", encoding="utf-8")
    assert keys_from_env({"KANOYA_API_KEYS": "a, b,", "KANOYA_API_KEYS_FILE": str(keys)}) == ("a", "b", "file-key")
    assert keys_from_env({}) == ()


def test_access_log_is_json_without_body(client, caplog):
    """One JSON line per request with time, method, path, status, duration and address; no body values."""
    with caplog.at_level(logging.INFO, logger="kanoya_benefits_api.access"):
        client.post(GRANT, json={**BODY, "note": "山田太郎"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "kanoya_benefits_api.access"]
    assert len(lines) == 1
    assert set(lines[0]) == {"time", "method", "path", "status", "duration_ms", "remote_addr"}
    assert lines[0]["method"] == "POST"
    assert lines[0]["path"] == GRANT
    assert lines[0]["status"] == 422
    assert "山田太郎" not in caplog.text
