"""``kanoya-benefits serve``: run the HTTP API under waitress (Linux and Windows).

Never the Flask debug server. Options fall back to the environment:
KANOYA_HOST, KANOYA_PORT (8080), KANOYA_THREADS (4), KANOYA_RULES,
KANOYA_MAX_BODY (bytes), KANOYA_TRUSTED_PROXY, and KANOYA_API_KEYS / KANOYA_API_KEYS_FILE for
API-key authentication (off when neither is set).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from . import exit_codes

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_THREADS = 4
DEFAULT_MAX_BODY = 1024 * 1024


class UsageError(SystemExit):
    """A bad setting: says why on stderr and exits with USAGE (2), not SystemExit(text)'s 1, which the
    exit-code table reserves for batches with error rows."""

    def __init__(self, message: str) -> None:
        super().__init__(exit_codes.USAGE)
        self.message = message
        print(message, file=sys.stderr)

    def __str__(self) -> str:
        return self.message


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise UsageError(f"error: {name} must be a whole number, got {raw!r}") from None


def register(sub: Any) -> None:
    """Add the ``serve`` command."""
    p = sub.add_parser("serve", help="run the HTTP API under waitress (HTTP API / API サーバー起動)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default=None, help=f"address to listen on (KANOYA_HOST, default {DEFAULT_HOST})")
    p.add_argument("--port", type=int, default=None, help=f"port (KANOYA_PORT, default {DEFAULT_PORT})")
    p.add_argument("--threads", type=int, default=None, help=f"worker threads (KANOYA_THREADS, default "
                                                             f"{DEFAULT_THREADS})")
    p.add_argument("--rules", default=None, metavar="PATH",
                   help="serve another rule set: a rules directory or an overlay file (KANOYA_RULES)")
    p.add_argument("--max-body", type=int, default=None, metavar="BYTES",
                   help=f"largest request body; larger gets 413 (KANOYA_MAX_BODY, default {DEFAULT_MAX_BODY})")
    p.add_argument("--trusted-proxy", default=None, metavar="ADDRESS",
                   help="the reverse proxy (IIS, nginx) whose X-Forwarded-For is believed, so the access log shows "
                        "the client's address (KANOYA_TRUSTED_PROXY; default: none)")
    p.set_defaults(handler=run)


def settings(args: argparse.Namespace) -> dict[str, Any]:
    """Host, port, threads, rules and body limit from the options, else the environment."""
    s = _settings(args)
    for name, low, high in (("port", 1, 65535), ("threads", 1, 1000), ("max_body", 1, 2**31)):
        if not low <= s[name] <= high:
            raise UsageError(f"error: {name} must be from {low} to {high}, got {s[name]}")
    return s


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "host": args.host or os.environ.get("KANOYA_HOST") or DEFAULT_HOST,
        "port": args.port if args.port is not None else _env_int("KANOYA_PORT", DEFAULT_PORT),
        "threads": args.threads if args.threads is not None else _env_int("KANOYA_THREADS", DEFAULT_THREADS),
        "rules": args.rules or os.environ.get("KANOYA_RULES") or None,
        "max_body": args.max_body if args.max_body is not None else _env_int("KANOYA_MAX_BODY", DEFAULT_MAX_BODY),
        "trusted_proxy": args.trusted_proxy or os.environ.get("KANOYA_TRUSTED_PROXY") or None,
    }


def run(args: argparse.Namespace) -> int:
    """Load the rules (errors exit before listening), then serve until stopped."""
    import waitress  # type: ignore[import-untyped]
    from kanoya_benefits_api import create_app
    from kanoya_benefits_api.auth import keys_from_env

    s = settings(args)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        keys = keys_from_env()
    except OSError as err:
        print(f"error: cannot read KANOYA_API_KEYS_FILE: {err}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    app = create_app({"KANOYA_RULES_PATH": s["rules"], "KANOYA_API_KEYS": keys, "MAX_CONTENT_LENGTH": s["max_body"]})
    auth = f"API keys required ({len(keys)} configured)" if keys else "no authentication (set KANOYA_API_KEYS)"
    print(f"kanoya-benefits API on http://{s['host']}:{s['port']}/ (docs /docs, {s['threads']} threads, {auth})",
          file=sys.stderr, flush=True)
    # The app answers an over-long Content-Length with a 413 problem; waitress's own limit is only the
    # backstop for chunked bodies without a length (it buffers a body before the app sees it).
    try:
        proxy: dict[str, Any] = {}
        if s["trusted_proxy"]:
            proxy = {"trusted_proxy": s["trusted_proxy"], "trusted_proxy_headers": {"x-forwarded-for"},
                     "clear_untrusted_proxy_headers": True}
        waitress.serve(app, host=s["host"], port=s["port"], threads=s["threads"], ident="kanoya-benefits",
                       max_request_body_size=2 * s["max_body"] + 65536, **proxy)
    except OSError as err:  # the port is taken, or the address is not this machine's
        print(f"error: cannot listen on {s['host']}:{s['port']}: {err.strerror or err}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    return exit_codes.OK
