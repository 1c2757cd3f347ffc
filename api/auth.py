"""Optional API-key authentication: off unless keys are configured.

Keys come from ``KANOYA_API_KEYS`` (comma-separated) or a file named by
``KANOYA_API_KEYS_FILE`` (one key a line, ``#`` comments), read by
:func:`keys_from_env`. A request sends ``X-API-Key: KEY`` or
``Authorization: Bearer KEY``. /health and the docs stay open.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, request

from .problems import Problem

OPEN_PATHS = ("/health", "/openapi.json", "/docs")


class KeysConfigError(ValueError):
    """The API keys were configured but give no usable key: the server must not start open."""


def keys_from_env(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """API keys from the environment (a list or a file); empty means no authentication.

    A variable that is set but yields no key (only commas or blanks, a file of comments, a file that
    cannot be read) raises :class:`KeysConfigError`: the admin meant authentication to be on.
    """
    env = os.environ if env is None else env
    listed = env.get("KANOYA_API_KEYS", "")
    keys = [k.strip() for k in listed.split(",")]
    if listed and not any(keys):
        raise KeysConfigError(f"KANOYA_API_KEYS is set but holds no key (got {listed!r}): give comma-separated "
                              "keys, or unset it to run without authentication")
    file = env.get("KANOYA_API_KEYS_FILE")
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except OSError as err:  # missing, a directory, no permission
            raise KeysConfigError(f"KANOYA_API_KEYS_FILE {file!r} cannot be read: {err.strerror or err}") from None
        except UnicodeDecodeError:
            raise KeysConfigError(f"KANOYA_API_KEYS_FILE {file!r} is not UTF-8 text") from None
        from_file = [line.split("#", 1)[0].strip() for line in text.splitlines()]
        if not any(from_file):
            raise KeysConfigError(f"KANOYA_API_KEYS_FILE {file!r} holds no key (only blank lines or # comments): "
                                  "put one key a line, or unset it to run without authentication")
        keys += from_file
    return tuple(k for k in keys if k)


def _presented() -> str | None:
    key = request.headers.get("X-API-Key")
    if key:
        return key.strip()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def install(app: Flask) -> None:
    """Check the key on every request except the open paths, when keys are configured."""

    @app.before_request
    def _check_key() -> None:
        keys = app.config.get("KANOYA_API_KEYS") or ()
        if not keys or request.path.startswith(OPEN_PATHS):
            return
        given = _presented()
        # compare_digest on every key: no early exit that would time which key nearly matched
        if given is None or not any(hmac.compare_digest(given.encode(), k.encode()) for k in keys):
            raise Problem(401, "unauthorized", "send a valid API key in X-API-Key or Authorization: Bearer",
                          headers={"WWW-Authenticate": 'Bearer realm="kanoya-benefits"'})
