"""``kanoya-benefits serve`` refuses unusable settings before listening: one line, an exit code, no traceback."""

from __future__ import annotations

import socket

import pytest
from kanoya_benefits_api.auth import KeysConfigError, keys_from_env
from kanoya_benefits_cli import exit_codes
from kanoya_benefits_cli.main import main


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def clean_env(monkeypatch):
    """No KANOYA_* serve settings from the developer's shell."""
    for name in ("KANOYA_API_KEYS", "KANOYA_API_KEYS_FILE", "KANOYA_HOST", "KANOYA_PORT", "KANOYA_THREADS",
                 "KANOYA_MAX_BODY", "KANOYA_RULES", "KANOYA_TRUSTED_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _keys_file(tmp_path, text: str) -> str:
    path = tmp_path / "keys.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("listed", [" , ", ",", " ", ",,,"])
def test_blank_key_list_is_refused(listed):
    """KANOYA_API_KEYS set to only blanks and commas is a configuration error, not 'no authentication'."""
    with pytest.raises(KeysConfigError, match="KANOYA_API_KEYS is set but holds no key"):
        keys_from_env({"KANOYA_API_KEYS": listed})


@pytest.mark.parametrize("text", ["", "\n\n", "# only comments\n\n", "   # a\n#b\n"])
def test_keys_file_without_keys_is_refused(tmp_path, text):
    """A keys file of blank lines and comments is refused: the admin meant authentication to be on."""
    with pytest.raises(KeysConfigError, match="holds no key"):
        keys_from_env({"KANOYA_API_KEYS_FILE": _keys_file(tmp_path, text)})


def test_unreadable_keys_file_is_refused(tmp_path):
    """A missing file, a directory or non-UTF-8 bytes are refused with the file named."""
    binary = tmp_path / "keys.bin"
    binary.write_bytes(b"\xff\xfe\x00k")
    for path, reason in ((tmp_path / "missing.txt", "No such file"), (tmp_path, "directory"),
                         (binary, "not UTF-8")):
        with pytest.raises(KeysConfigError, match=reason):
            keys_from_env({"KANOYA_API_KEYS_FILE": str(path)})


def test_empty_variables_mean_no_authentication():
    """Variables set to the empty string are as if unset: no keys, authentication off."""
    assert keys_from_env({"KANOYA_API_KEYS": "", "KANOYA_API_KEYS_FILE": ""}) == ()


@pytest.mark.parametrize(("variable", "value"), [
    ("KANOYA_API_KEYS", " , "),
    ("KANOYA_API_KEYS_FILE", "COMMENTS"),
    ("KANOYA_API_KEYS_FILE", "/nonexistent/keys.txt"),
])
def test_serve_refuses_to_start_without_usable_keys(clean_env, tmp_path, capsys, variable, value):
    """serve exits 3 with one line naming the variable, before listening, when keys give no usable key."""
    if value == "COMMENTS":
        value = _keys_file(tmp_path, "# only comments\n\n")
    clean_env.setenv(variable, value)
    assert main(["serve", "--port", str(_free_port())]) == exit_codes.BAD_INPUT
    err = capsys.readouterr().err
    assert variable in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [
    ["--host", "256.1.1.1"], ["--host", "1.2.3"], ["--host", "bad host!"], ["--host", ""], ["--host", "::g"],
    ["--port", "99999"], ["--port", "0"], ["--port", "eighty"], ["--threads", "0"], ["--threads", "1001"],
    ["--max-body", "-5"], ["--max-body", "0"], ["--max-body", "1.5"],
])
def test_bad_options_are_usage_errors(clean_env, capsys, argv):
    """A bad --host/--port/--threads/--max-body is argparse's usage error: exit 2, the option named, no traceback."""
    with pytest.raises(SystemExit) as stop:
        main(["serve", *argv])
    assert stop.value.code == exit_codes.USAGE
    err = capsys.readouterr().err
    assert f"argument {argv[0]}: expected" in err and "Traceback" not in err


@pytest.mark.parametrize(("variable", "value"), [
    ("KANOYA_PORT", "abc"), ("KANOYA_PORT", "99999"), ("KANOYA_THREADS", "0"), ("KANOYA_MAX_BODY", "-5"),
    ("KANOYA_HOST", "256.1.1.1"), ("KANOYA_HOST", "bad host!"),
])
def test_bad_environment_is_unusable_settings(clean_env, capsys, variable, value):
    """A bad KANOYA_* value exits 3 with one line naming the variable, before listening."""
    clean_env.setenv(variable, value)
    assert main(["serve"]) == exit_codes.BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith(f"error: {variable}: expected") and len(err.strip().splitlines()) == 1


def test_unresolvable_host_is_unusable_settings(clean_env, capsys):
    """A host name that does not resolve exits 3 with a message, not waitress's traceback."""
    assert main(["serve", "--host", "no-such-host.invalid", "--port", str(_free_port())]) == exit_codes.BAD_INPUT
    err = capsys.readouterr().err
    assert "cannot listen on no-such-host.invalid" in err and "Traceback" not in err


@pytest.mark.parametrize(("text", "shown"), [
    ("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "0.0.0.0"), ("::1", "::1"), ("[::1]", "::1"), ("localhost", "localhost"),
    ("kanoya-api.city.local", "kanoya-api.city.local"), ("WIN_SRV01", "WIN_SRV01"),
])
def test_good_hosts_are_accepted(text, shown):
    """Addresses and host names (Windows names with underscores too) pass the --host check."""
    from kanoya_benefits_cli.serve import host

    assert host(text) == shown
