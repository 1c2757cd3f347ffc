"""The registry's commands: programs, programs show, check-manual, budget (output and exit codes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from kanoya_benefits_cli import exit_codes
from kanoya_benefits_cli.main import main

from kanoya_benefits import registry

SHIPPED = Path(registry.__file__).parent / "registry_data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line and return (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_programs_lists_all_twelve(capsys: pytest.CaptureFixture[str]) -> None:
    """`programs` prints the twelve programmes with legal basis, 所管課 and computable yes/no."""
    code, out, _ = run(capsys, "programs")
    assert code == exit_codes.OK
    for p in registry.programmes():
        assert p.id in out
    assert "第5・6号" in out and "第1号ニ" in out and "直営及び委託" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("community-activity-center "))
    assert "福祉政策課" in line and line.rstrip().endswith("yes")


def test_programs_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`programs --json` gives the list with 区分, 分野, legal basis, 運営方法 and computable."""
    code, out, _ = run(capsys, "programs", "--json")
    data = json.loads(out)
    assert code == exit_codes.OK
    assert len(data["programmes"]) == 12
    first = data["programmes"][0]
    assert first["legal_basis"]["ja"] == "社会福祉法第106条の4第2項第1号イ"
    assert first["department"]["ja"] == "高齢福祉課"
    assert [p["computable"] for p in data["programmes"]].count(True) == 2


def test_programs_show(capsys: pytest.CaptureFixture[str]) -> None:
    """`programs show ID` prints the programme, its bodies or facilities, calculators and inputs."""
    code, out, _ = run(capsys, "programs", "show", "community-activity-center")
    assert code == exit_codes.OK
    assert "社会福祉法第106条の4第2項第3号ハ" in out
    assert "医療法人など" in out
    assert "activity_center.daily_amount" in out and "one_way_trips" in out
    code, out, _ = run(capsys, "programs", "show", "community-childrearing-hub")
    assert "つどいの広場 太陽の丘" in out and "一部委託" in out


def test_programs_show_json_for_a_sub_project(capsys: pytest.CaptureFixture[str]) -> None:
    """`programs show` takes a sub-project id too, and --json after the id."""
    code, out, _ = run(capsys, "programs", "show", "mutual-aid-support", "--json")
    data = json.loads(out)
    assert code == exit_codes.OK
    assert data["kind"] == "sub_project"
    assert data["calculators"][0]["id"] == "mutual_aid.monthly_subsidy"


def test_programs_show_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown id exits 3 with a message naming it, no traceback."""
    code, out, err = run(capsys, "programs", "show", "nope")
    assert code == exit_codes.BAD_INPUT
    assert "nope" in err and "Traceback" not in err
    assert out == ""


def test_check_manual_confirms(capsys: pytest.CaptureFixture[str]) -> None:
    """`check-manual` prints each total as confirmed and exits 0."""
    code, out, _ = run(capsys, "check-manual")
    assert code == exit_codes.OK
    assert out.count("confirmed ") == 8
    assert "146団体 × 3回 = 438回" in out


def test_check_manual_reports_a_mismatch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A broken factor in a copy exits 4 (CHECK_FAILED) and prints expected vs recomputed."""
    copy = tmp_path / "reg"
    shutil.copytree(SHIPPED, copy)
    plans = copy / "plans.yaml"
    plans.write_text(plans.read_text(encoding="utf-8").replace("{value: 17,", "{value: 16,"), encoding="utf-8")
    code, out, _ = run(capsys, "check-manual", "--registry", str(copy))
    assert code == exit_codes.CHECK_FAILED == 4
    assert "MISMATCH: manual states 204, recomputed 192" in out
    code, out, _ = run(capsys, "check-manual", "--registry", str(copy), "--json")
    data = json.loads(out)
    assert code == 4 and data["ok"] is False
    bad = [i for i in data["items"] if i["status"] == "mismatch"]
    assert [(i["expected"], i["recomputed"]) for i in bad] == [(204, 192)]


def test_check_manual_bad_registry(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A registry directory that does not exist exits 3 with the path in the message."""
    code, _, err = run(capsys, "check-manual", "--registry", str(tmp_path / "missing"))
    assert code == exit_codes.BAD_INPUT
    assert "missing" in err


def test_budget(capsys: pytest.CaptureFixture[str]) -> None:
    """`budget --fiscal-year 2024` prints the two stated ceilings and asks for the other volumes."""
    code, out, _ = run(capsys, "budget", "--fiscal-year", "2024")
    assert code == exit_codes.OK
    assert "¥17,750,000" in out and "¥22,500,000" in out
    assert "--mutual-aid-groups" in out and "--activity-center-user-days" in out


def test_budget_json_with_volumes(capsys: pytest.CaptureFixture[str]) -> None:
    """With both volumes (and a 和暦 year) every line has an amount."""
    code, out, _ = run(capsys, "budget", "--fiscal-year", "令和6年度", "--mutual-aid-groups", "10",
                       "--activity-center-user-days", "I=100,Ⅱ型=20", "--json")
    data = json.loads(out)
    assert code == exit_codes.OK
    assert [ln["amount"] for ln in data["lines"]] == [17_750_000, 22_500_000, 3_120_000, 438_000]
    assert data["complete"] is True


@pytest.mark.parametrize(("argv", "expected"), [
    (["budget", "--fiscal-year", "2023"], exit_codes.BAD_INPUT),
    (["budget", "--fiscal-year", "2024", "--activity-center-user-days", "IV=3"], exit_codes.BAD_INPUT),
    (["budget", "--fiscal-year", "twenty"], exit_codes.BAD_INPUT),
])
def test_budget_bad_input(capsys: pytest.CaptureFixture[str], argv: list[str], expected: int) -> None:
    """Unusable input exits 3 with a message, never a traceback."""
    code, _, err = run(capsys, *argv)
    assert code == expected
    assert err.startswith("error:")


def test_budget_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """A negative volume or a missing year is a usage error (argparse's exit 2)."""
    with pytest.raises(SystemExit) as ex:
        main(["budget", "--fiscal-year", "2024", "--mutual-aid-groups", "-3"])
    assert ex.value.code == exit_codes.USAGE
    with pytest.raises(SystemExit) as ex:
        main(["budget"])
    assert ex.value.code == exit_codes.USAGE


def test_programs_list_with_a_registry_copy(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`programs list --json --registry DIR` reads the given copy (same content, same version)."""
    copy = tmp_path / "reg"
    shutil.copytree(SHIPPED, copy)
    code, out, _ = run(capsys, "programs", "list", "--json", "--registry", str(copy))
    assert code == exit_codes.OK
    assert json.loads(out)["registry_version"] == registry.shipped_registry().version


def test_programs_show_sub_project_text(capsys: pytest.CaptureFixture[str]) -> None:
    """`programs show` on a sub-project names the programme it belongs to and its calculator."""
    code, out, _ = run(capsys, "programs", "show", "genki-up-points")
    assert code == exit_codes.OK
    assert "under: community-care-prevention (no. 2)" in out
    assert "points.conversion" in out and "登録見込者数 4,500人" in out
