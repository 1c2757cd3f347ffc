"""Bad command lines (tests/corpus/cli_bad_args.yaml) give their pinned exit code, never a traceback.

Each entry runs in-process through ``kanoya_benefits_cli.main.main``: an exception escaping it would
be a traceback for the user, so any exception other than argparse's SystemExit fails the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from kanoya_benefits_cli.main import main

HERE = Path(__file__).parent
CORPUS: list[dict[str, Any]] = yaml.safe_load((HERE / "corpus" / "cli_bad_args.yaml").read_text(encoding="utf-8"))


def _files(tmp: Path) -> dict[str, str]:
    """The placeholder files: junk, empty, a cut roster, a 20 MB line, cp932 text, a broken overlay."""
    inputs = tmp / "inputs"
    inputs.mkdir()
    (inputs / "junk.csv").write_bytes(bytes(range(256)) * 64)
    (inputs / "empty.csv").write_bytes(b"")
    (inputs / "cut.csv").write_text("person_id,group_id,joined_on,left_on\nA01,S1,2024-04-15,\nA02,S2,2024-0",
                                    encoding="utf-8")
    (inputs / "huge_line.csv").write_text("person_id,group_id,joined_on,left_on\nA01,S1,2024-04-15,\n"
                                          + "A02," + "S" * 20_000_000 + ",2024-05-01,\n", encoding="utf-8")
    (inputs / "cp932.csv").write_bytes((HERE / "fixtures" / "attendance_may2024.csv").read_bytes())
    (inputs / "bad_rules.yaml").write_text("kind: nope\n", encoding="utf-8")
    out = tmp / "out"
    out.mkdir()
    return {"tmp": str(out), "missing": str(tmp / "missing"), "junk": str(inputs / "junk.csv"),
            "empty": str(inputs / "empty.csv"), "cut": str(inputs / "cut.csv"),
            "huge_line": str(inputs / "huge_line.csv"), "cp932": str(inputs / "cp932.csv"),
            "bad_rules": str(inputs / "bad_rules.yaml"), "fixtures": str(HERE / "fixtures")}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Placeholder paths, made once for the module."""
    tmp = tmp_path_factory.mktemp("cli-corpus")
    yield _files(tmp)
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.mark.parametrize("entry", CORPUS, ids=[" ".join(e["argv"])[:80] for e in CORPUS])
def test_bad_command_line_gives_its_exit_code(entry: dict[str, Any], files: dict[str, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The command exits with the pinned code and says what is wrong, without a traceback."""
    argv = [a.format(**files) for a in entry["argv"]]
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's usage errors, and settings checks that exit
        code = exit_.code if isinstance(exit_.code, int) else 1
    err = capsys.readouterr().err
    assert code == entry["exit"], err
    assert "Traceback" not in err
    if "says" in entry:
        assert entry["says"] in err
