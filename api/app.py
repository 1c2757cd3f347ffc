"""App factory for the HTTP API: a thin Flask layer over kanoya_benefits (load → call → dump)."""

from __future__ import annotations

import http
import importlib
import os
from typing import Any

import swagger_ui_bundle  # type: ignore[import-untyped]
from flask import Flask, Response, abort, request, send_from_directory
from flask_smorest import Api  # type: ignore[import-untyped]

from kanoya_benefits import __version__, load_rules

from . import access_log, auth, problems
from .calls import RULES_KEY, public

#: Blueprint modules, registered explicitly in this order: each has ``blp``. Adding an
#: endpoint group is one module plus one line here.
BLUEPRINT_MODULES: list[str] = [
    "salon",
    "mutual_aid",
    "activity_center",
    "points",
    "rules",
    "programs",  # issue 5: /v1/programs, /v1/kpi/evaluation
    "salon_roster",  # /v1/salon/roster on the batch layer of issue 3
    "audit",  # issue 6: /v1/audit, /v1/compare
]

DOCS_ASSETS = "/docs/assets/"

#: Defaults; ``create_app(config)`` overrides them (tests, ``kanoya-benefits serve``).
DEFAULTS: dict[str, Any] = {
    "API_TITLE": "kanoya-benefits",
    "API_VERSION": __version__,
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "/docs",
    # Swagger UI from the swagger-ui-bundle package, served by this app: the city network has no internet.
    "OPENAPI_SWAGGER_UI_URL": DOCS_ASSETS,
    # Swagger UI's default validator badge fetches https://validator.swagger.io: never contact the internet.
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
    "API_SPEC_OPTIONS": {
        "info": {"description": "鹿屋市重層的支援体制整備事業の金額計算 — exact whole-yen amounts with their "
                                "working. Every error is application/problem+json (RFC 7807) with a code and "
                                "messages in English and Japanese."},
    },
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # bytes; larger bodies get a 413 problem
    "KANOYA_RULES_PATH": None,  # None: the shipped rules; a directory or an overlay file
    "KANOYA_API_KEYS": (),  # empty: no authentication (local use)
    "PROPAGATE_EXCEPTIONS": False,  # never a traceback to the client, even under a test client
    "TRAP_HTTP_EXCEPTIONS": False,
}


class _Api(Api):
    """flask-smorest's Api with our problem documents instead of its own error shape."""

    def _register_error_handlers(self) -> None:
        problems.install(self._app)

    def _register_responses(self) -> None:
        """Every error response component is a problem document (application/problem+json)."""
        from flask_smorest.utils import prepare_response  # type: ignore[import-untyped]

        from .schemas.responses import ProblemSchema

        self.spec.components.schema("Problem", schema=ProblemSchema)
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 400:
                response["schema"] = "Problem"
            prepare_response(response, self.spec, problems.PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=status not in _PROBLEM_STATUSES)
        default = {"description": "An error: a problem document", "schema": "Problem"}
        prepare_response(default, self.spec, problems.PROBLEM_JSON)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app; ``config`` overrides :data:`DEFAULTS` (tests pass their own)."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # staff read the Japanese labels as they are
    app.extensions[RULES_KEY] = public(load_rules(app.config["KANOYA_RULES_PATH"]))  # no install paths shown
    api = _Api(app)
    for name in BLUEPRINT_MODULES:
        module = importlib.import_module(f"kanoya_benefits_api.{name}")
        api.register_blueprint(module.blp)
        for comp, schema in getattr(module, "SCHEMAS", {}).items():
            if comp not in api.spec.components.schemas:
                api.spec.components.schema(comp, schema=schema)
    _document_problems(api)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__, "rules_version": app.extensions[RULES_KEY].version}

    assets = swagger_ui_bundle.swagger_ui_path

    @app.get(f"{DOCS_ASSETS}<path:filename>")
    def docs_assets(filename: str) -> Any:
        if filename not in DOCS_FILES:  # the bundle's own index.html would load the internet's petstore demo
            abort(404)
        return send_from_directory(assets, filename)

    # /docs/ (as typed or bookmarked) is the same page as /docs: its links are absolute.
    app.add_url_rule("/docs/", endpoint="docs_slash", view_func=app.view_functions["api-docs.openapi_swagger_ui"])
    app.after_request(_options_without_html)

    auth.install(app)
    access_log.install(app)
    return app


#: The Swagger UI files the docs page loads; nothing else of the bundle is served.
DOCS_FILES = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
                        "favicon-16x16.png", "favicon-32x32.png"})


def _options_without_html(response: Response) -> Response:
    """Flask's automatic OPTIONS answer is an empty text/html 200: make it a 204 with only ``Allow``."""
    if request.method == "OPTIONS" and response.status_code == 200 and not response.get_data():
        response.status_code = 204
        del response.headers["Content-Type"]
        del response.headers["Content-Length"]
    return response


def _document_problems(api: Api) -> None:
    """Every operation may answer with a problem document; say so in the OpenAPI document."""
    for path in api.spec._paths.values():
        for method, op in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = op.setdefault("responses", {})
            for status in _PROBLEM_STATUSES:
                responses.setdefault(str(status.value), {"$ref": f"#/components/responses/{status.name}"})


_PROBLEM_STATUSES = (http.HTTPStatus.BAD_REQUEST, http.HTTPStatus.UNAUTHORIZED, http.HTTPStatus.NOT_FOUND,
                     http.HTTPStatus.REQUEST_ENTITY_TOO_LARGE, http.HTTPStatus.UNPROCESSABLE_ENTITY,
                     http.HTTPStatus.INTERNAL_SERVER_ERROR)


def rules_path_from_env() -> str | None:
    """The rules path a deployment sets in KANOYA_RULES (optional)."""
    return os.environ.get("KANOYA_RULES") or None
