"""``kanoya-benefits serve`` really runs waitress on a port and answers /health (bounded time)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from kanoya_benefits_cli.main import build_parser
from kanoya_benefits_cli.serve import SettingsError, settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_health_and_the_readme_example():
    """Start the server as a subprocess on a free loopback port, poll /health, post a grant, stop it."""
    port = _free_port()
    env = {**os.environ, "KANOYA_PORT": str(port), "KANOYA_HOST": "127.0.0.1"}
    env.pop("KANOYA_API_KEYS", None)
    env.pop("KANOYA_API_KEYS_FILE", None)
    proc = subprocess.Popen([sys.executable, "-m", "kanoya_benefits_cli.main", "serve", "--threads", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        health = None
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    health = json.load(r)
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                time.sleep(0.2)
        assert health is not None and health["status"] == "ok"
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/salon/grant", method="POST", headers={"Content-Type": "application/json"},
            data=b'{"first_time": 7, "additional": 3, "date": "2024-06-01"}')
        with urllib.request.urlopen(req, timeout=5) as r:
            assert r.headers["Server"] == "kanoya-benefits"  # waitress's ident: not the Flask debug server
            assert json.load(r)["amount"] == 34000
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    log = [json.loads(line) for line in err.decode().splitlines() if line.startswith("{")]
    assert [entry["path"] for entry in log] == ["/health", "/v1/salon/grant"]


def test_serve_options_and_environment(monkeypatch):
    """Options win over KANOYA_* variables, which win over the defaults."""
    monkeypatch.setenv("KANOYA_PORT", "9000")
    monkeypatch.setenv("KANOYA_THREADS", "8")
    monkeypatch.delenv("KANOYA_HOST", raising=False)
    args = build_parser().parse_args(["serve", "--port", "9100"])
    s = settings(args)
    assert (s["host"], s["port"], s["threads"]) == ("127.0.0.1", 9100, 8)


def test_serve_bad_environment_is_a_clear_error(monkeypatch):
    """A non-numeric KANOYA_PORT stops with a message, not a traceback."""
    monkeypatch.setenv("KANOYA_PORT", "eighty")
    with pytest.raises(SettingsError, match="KANOYA_PORT"):
        settings(build_parser().parse_args(["serve"]))


def test_serve_bad_rules_exit_code(tmp_path, capsys):
    """A broken --rules file exits with BAD_INPUT before listening."""
    from kanoya_benefits_cli import exit_codes
    from kanoya_benefits_cli.main import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: nope\n", encoding="utf-8")
    assert main(["serve", "--rules", str(bad), "--port", str(_free_port())]) == exit_codes.BAD_INPUT
    assert "overlay" in capsys.readouterr().err


def test_serve_port_in_use_is_a_clear_error(capsys):
    """A port already taken exits with BAD_INPUT and a message, not a traceback."""
    from kanoya_benefits_cli import exit_codes
    from kanoya_benefits_cli.main import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == exit_codes.BAD_INPUT
    assert "cannot listen" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["serve", "--port", "0"], ["serve", "--threads", "0"], ["serve", "--port", "70000"]])
def test_serve_out_of_range_options(argv, capsys):
    """Port and threads out of range are usage errors (exit 2) naming the option."""
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(argv)
    assert stop.value.code == 2
    assert argv[1] in capsys.readouterr().err


def test_serve_missing_keys_file_is_a_clear_error(tmp_path, monkeypatch, capsys):
    """A KANOYA_API_KEYS_FILE that cannot be read stops with BAD_INPUT before listening."""
    from kanoya_benefits_cli import exit_codes
    from kanoya_benefits_cli.main import main

    monkeypatch.setenv("KANOYA_API_KEYS_FILE", str(tmp_path / "missing.txt"))
    assert main(["serve", "--port", str(_free_port())]) == exit_codes.BAD_INPUT
    assert "KANOYA_API_KEYS_FILE" in capsys.readouterr().err
