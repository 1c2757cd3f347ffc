"""``kanoya-benefits calc``: amounts with their working, JSON, exit codes."""

from __future__ import annotations

import json

import pytest
from kanoya_benefits_cli import exit_codes
from kanoya_benefits_cli.main import main


def test_salon(capsys: pytest.CaptureFixture[str]) -> None:
    """RULES.md §1 worked example: 7 + 3 → ¥34,000 with line items in both languages and citations."""
    assert main(["calc", "salon", "--first-time", "7", "--additional", "3", "--date", "2024-06-01"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "¥34,000" in out and "first-time new members: 7 × ¥4,000 = ¥28,000" in out
    assert "新規加入者（初回）" in out and "実施マニュアル" in out


def test_salon_capped(capsys: pytest.CaptureFixture[str]) -> None:
    """12 + 3 shows the cap: ¥50,000 paid, ¥54,000 uncapped."""
    main(["calc", "salon", "--first-time", "12", "--additional", "3", "--date", "令和6年6月1日"])
    out = capsys.readouterr().out
    assert "金額 / amount: ¥50,000" in out and "uncapped ¥54,000" in out


def test_mutual_aid_excel_forms(capsys: pytest.CaptureFixture[str]) -> None:
    """Values typed like spreadsheet cells: 令和 months, ¥ with commas → ¥23,500."""
    assert main(["calc", "mutual-aid", "--first-month", "R6.4", "--month", "令和6年5月", "--rent", "¥15,001",
                 "--challenge", "6000"]) == exit_codes.OK
    assert "amount: ¥23,500" in capsys.readouterr().out


def test_activity_center_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the full calculation: Type I, bath, 2 trips → 3,700."""
    main(["calc", "activity-center", "--type", "Ⅰ型", "--date", "2024-05-07", "--bath", "有", "--trips", "２",
          "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["amount"] == 3700 and len(data["line_items"]) == 3


def test_points_flags_assumed(capsys: pytest.CaptureFixture[str]) -> None:
    """Points conversion shows the cap and the assumed-figures warning."""
    main(["calc", "points", "--points", "60", "--fiscal-year", "令和6年度"])
    out = capsys.readouterr().out
    assert "amount: ¥5,000" in out and "assumed" in out


@pytest.mark.parametrize("argv", [
    ["calc", "salon", "--first-time", "-1", "--date", "2024-06-01"],
    ["calc", "salon", "--first-time", "1", "--date", "2023-06-01"],
    ["calc", "activity-center", "--type", "IV", "--date", "2024-05-07"],
    ["calc", "mutual-aid", "--first-month", "2024-04", "--month", "2024-05", "--rent", "15001.5"],
])
def test_bad_input_exit_3(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Bad values exit 3 with a message naming the field, never a traceback."""
    assert main(argv) == exit_codes.BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    """--help works on calc and each rule."""
    for argv in (["calc", "--help"], ["calc", "salon", "--help"], ["batch", "--help"], ["batch", "points", "--help"]):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 0
    assert "--catalogue" in capsys.readouterr().out
