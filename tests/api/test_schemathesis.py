"""Schemathesis against the app's own OpenAPI document, in-process (WSGI): no input gives a 5xx.

Bounded and deterministic: a fixed number of derandomized examples per operation,
positive and negative, well under two minutes in all.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from kanoya_benefits_api import create_app
from schemathesis.checks import not_a_server_error, response_schema_conformance

schema = schemathesis.openapi.from_wsgi("/openapi.json", create_app({"TESTING": True}))
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error(case):
    """Every generated request, valid or not, is answered without a 5xx and in the documented shape."""
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
