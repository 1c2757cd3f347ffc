"""Bad requests for every endpoint (tests/corpus/api_bad_requests.yaml) get their pinned answer, never a 5xx.

The corpus is built by tests/corpus/make_api_bad_requests.py: NaN/Infinity in JSON, unknown fields,
empty bodies, wrong content types, deeply nested JSON, huge numbers, 和暦 and full-width forms, for
every field of every endpoint. Each is pinned to its status, problem code and first error field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from flask.testing import FlaskClient
from kanoya_benefits_api import create_app

from tests.corpus.make_api_bad_requests import answer, pinned, requests

CORPUS = Path(__file__).parent / "corpus" / "api_bad_requests.yaml"
PINNED = {e["name"]: e for e in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))}
REQUESTS = requests()


@pytest.fixture(scope="module")
def client() -> FlaskClient:
    """One app on the shipped rules for the whole corpus."""
    return create_app({"TESTING": True}).test_client()


def test_the_pinned_corpus_matches_the_requests() -> None:
    """Every request has its pinned answer and names are unique (regenerate after an API change)."""
    names = [r["name"] for r in REQUESTS]
    assert len(names) == len(set(names))
    assert set(names) == set(PINNED)
    assert all(e["status"] < 500 for e in PINNED.values())


@pytest.mark.parametrize("req", REQUESTS, ids=[r["name"][:90] for r in REQUESTS])
def test_bad_request_gets_its_pinned_answer(client: FlaskClient, req: dict[str, Any]) -> None:
    """Status, problem code and field as pinned; a problem document for errors; no traceback, no 5xx."""
    response = answer(client, req)
    want = PINNED[req["name"]]
    assert pinned(response) == {k: want[k] for k in ("status", "code", "field")}
    assert response.status_code < 500
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and 'File "' not in text
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
        body = response.get_json(force=True)
        assert body["title"] and body["title_ja"]
