"""``kanoya-benefits serve``: run the HTTP API under waitress (Linux and Windows).

Never the Flask debug server. Options fall back to the environment:
KANOYA_HOST, KANOYA_PORT (8080), KANOYA_THREADS (4), KANOYA_RULES,
KANOYA_MAX_BODY (bytes), KANOYA_TRUSTED_PROXY, and KANOYA_API_KEYS / KANOYA_API_KEYS_FILE for
API-key authentication (off when neither is set; set but giving no key refuses to start).
A bad option value is a usage error (exit 2); a bad KANOYA_* value, an address that cannot be
listened on, unusable rules or unusable API keys stop before listening (exit 3).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import re
import socket
import sys
from collections.abc import Callable
from typing import Any

from . import exit_codes

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_THREADS = 4
DEFAULT_MAX_BODY = 1024 * 1024
#: waitress's own body limit is at least this, and at least 4 × the app's: bodies between the two get the
#: app's 413 problem; waitress buffers up to it (in a temporary file past 512 KiB) before refusing.
SERVER_BODY_FLOOR = 64 * 1024 * 1024


def server_body_limit(max_body: int) -> int:
    """waitress's ``max_request_body_size`` for the app's ``--max-body``: well above it."""
    return max(SERVER_BODY_FLOOR, 4 * max_body)

_HOST_LABEL = r"[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOSTNAME = re.compile(rf"{_HOST_LABEL}(\.{_HOST_LABEL})*\.?")


class SettingsError(ValueError):
    """A KANOYA_* setting from the environment that cannot be used (exit 3, not a usage error)."""


def host(text: str) -> str:
    """An address to listen on: an IPv4 or IPv6 address, or a host name."""
    if re.fullmatch(r"[0-9.]+", text) or ":" in text:
        try:
            return str(ipaddress.ip_address(text.strip("[]")))
        except ValueError:
            raise ValueError(f"expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1, got {text!r}") from None
    if len(text) > 253 or not _HOSTNAME.fullmatch(text):
        raise ValueError(f"expected an IP address or a host name, got {text!r}")
    return text


def _whole(low: int, high: int) -> Callable[[str], int]:
    def check(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError(f"expected a whole number from {low} to {high}, got {text!r}") from None
        if not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, got {value}")
        return value
    return check


port = _whole(1, 65535)
threads = _whole(1, 1000)
max_body = _whole(1, 2**31)


def _option(check: Callable[[str], Any]) -> Callable[[str], Any]:
    """An argparse ``type``: a bad value is argparse's usage error (exit 2) with our message."""
    def convert(text: str) -> Any:
        try:
            return check(text)
        except ValueError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
    return convert


def _env(name: str, check: Callable[[str], Any], default: Any) -> Any:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return check(raw)
    except ValueError as err:
        raise SettingsError(f"{name}: {err}") from None


def register(sub: Any) -> None:
    """Add the ``serve`` command."""
    p = sub.add_parser("serve", help="run the HTTP API under waitress (HTTP API / API サーバー起動)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", type=_option(host), default=None,
                   help=f"address to listen on (KANOYA_HOST, default {DEFAULT_HOST})")
    p.add_argument("--port", type=_option(port), default=None,
                   help=f"port 1-65535 (KANOYA_PORT, default {DEFAULT_PORT})")
    p.add_argument("--threads", type=_option(threads), default=None,
                   help=f"worker threads 1-1000 (KANOYA_THREADS, default {DEFAULT_THREADS})")
    p.add_argument("--rules", default=None, metavar="PATH",
                   help="serve another rule set: a rules directory or an overlay file (KANOYA_RULES)")
    p.add_argument("--max-body", type=_option(max_body), default=None, metavar="BYTES",
                   help=f"largest request body; larger gets 413 (KANOYA_MAX_BODY, default {DEFAULT_MAX_BODY})")
    p.add_argument("--trusted-proxy", default=None, metavar="ADDRESS",
                   help="the reverse proxy (IIS, nginx) whose X-Forwarded-For is believed, so the access log shows "
                        "the client's address (KANOYA_TRUSTED_PROXY; default: none)")
    p.set_defaults(handler=run)


def settings(args: argparse.Namespace) -> dict[str, Any]:
    """Host, port, threads, rules and body limit from the options (already checked by argparse), else the
    environment; a bad environment value raises :class:`SettingsError`."""
    def pick(option: Any, name: str, check: Callable[[str], Any], default: Any) -> Any:
        return option if option is not None else _env(name, check, default)

    return {
        "host": pick(args.host, "KANOYA_HOST", host, DEFAULT_HOST),
        "port": pick(args.port, "KANOYA_PORT", port, DEFAULT_PORT),
        "threads": pick(args.threads, "KANOYA_THREADS", threads, DEFAULT_THREADS),
        "rules": args.rules or os.environ.get("KANOYA_RULES") or None,
        "max_body": pick(args.max_body, "KANOYA_MAX_BODY", max_body, DEFAULT_MAX_BODY),
        "trusted_proxy": args.trusted_proxy or os.environ.get("KANOYA_TRUSTED_PROXY") or None,
    }


def run(args: argparse.Namespace) -> int:
    """Load the rules (errors exit before listening), then serve until stopped."""
    from kanoya_benefits_api import create_app
    from kanoya_benefits_api.auth import KeysConfigError, keys_from_env
    from kanoya_benefits_api.server_errors import create_server

    try:
        s = settings(args)
    except SettingsError as err:
        print(f"error: {err}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        keys = keys_from_env()
    except KeysConfigError as err:  # keys meant but none usable: never start without authentication
        print(f"error: {err}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    try:  # waitress would say only "Invalid host/port specified" (with a traceback) for a name that does not resolve
        socket.getaddrinfo(s["host"], s["port"], type=socket.SOCK_STREAM)
    except OSError as err:
        print(f"error: cannot listen on {s['host']}: {err.strerror or err}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    app = create_app({"KANOYA_RULES_PATH": s["rules"], "KANOYA_API_KEYS": keys, "MAX_CONTENT_LENGTH": s["max_body"]})
    # waitress buffers a whole body before the app sees it and answers a body over its own limit itself;
    # that limit is kept well above the app's, so the app's 413 problem (naming its limit) is what clients see.
    try:
        proxy: dict[str, Any] = {}
        if s["trusted_proxy"]:
            proxy = {"trusted_proxy": s["trusted_proxy"], "trusted_proxy_headers": {"x-forwarded-for"},
                     "clear_untrusted_proxy_headers": True}
        server = create_server(app, host=s["host"], port=s["port"], threads=s["threads"], ident="kanoya-benefits",
                               max_request_body_size=server_body_limit(s["max_body"]), **proxy)
    except (OSError, ValueError) as err:  # the port is taken, or the address is not this machine's
        print(f"error: cannot listen on {s['host']}:{s['port']}: {getattr(err, 'strerror', None) or err}",
              file=sys.stderr)
        return exit_codes.BAD_INPUT
    auth = f"API keys required ({len(keys)} configured)" if keys else "no authentication (set KANOYA_API_KEYS)"
    shown = f"[{s['host']}]" if ":" in s["host"] else s["host"]
    print(f"kanoya-benefits API on http://{shown}:{s['port']}/ (docs /docs, {s['threads']} threads, {auth})",
          file=sys.stderr, flush=True)
    server.run()
    return exit_codes.OK
