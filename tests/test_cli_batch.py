"""``kanoya-benefits batch``: fixtures end to end, exit codes 0/1/3/5, output formats."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from kanoya_benefits_cli import exit_codes
from kanoya_benefits_cli.main import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_salon_fixture_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The salon fixture gives ¥66,000, exit 0, JSON with input hashes and the command."""
    out = tmp_path / "salon.json"
    code = main(["batch", "salon", str(FIXTURES / "salon_roster_fy2024.csv"), "--fiscal-year", "2024", "-o", str(out)])
    assert code == exit_codes.OK
    assert "¥66,000" in capsys.readouterr().out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["result"]["total"] == 66_000
    prov = data["provenance"]
    assert len(prov["inputs"][0]["sha256"]) == 64 and prov["fiscal_year"] == 2024
    assert prov["command"].startswith("kanoya-benefits batch salon ") and prov["tool_version"]


def test_activity_center_fixture_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The cp932 fixture with two bad rows: output written, ¥15,900, exit 1, the error rows on stderr."""
    out = tmp_path / "ac.csv"
    code = main(["batch", "activity-center", str(FIXTURES / "attendance_may2024.csv"),
                 "--centers", str(FIXTURES / "centers.csv"), "--fiscal-year", "令和6年度", "-o", str(out)])
    assert code == exit_codes.ROW_ERRORS
    captured = capsys.readouterr()
    assert "¥15,900" in captured.out
    assert "attendance_may2024.csv:7: 送迎回数 (one_way_trips)" in captured.err
    text = out.read_text(encoding="utf-8-sig")
    assert "K2,2024-05,I,3,2,3,8900" in text


def test_points_fixture_csv_cp932(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Points with the fixture catalogue: ¥6,100, a cp932 CSV listing the catalogue's hash."""
    out = tmp_path / "points.csv"
    code = main(["batch", "points", str(FIXTURES / "points_stamps_fy2024.csv"), "--catalogue",
                 str(FIXTURES / "points_catalogue.csv"), "--fiscal-year", "2024", "-o", str(out),
                 "--output-encoding", "cp932"])
    assert code == exit_codes.OK
    assert "¥6,100" in capsys.readouterr().out
    text = out.read_bytes().decode("cp932")
    assert "Q2,60,0,6000,5000" in text and "points_catalogue.csv sha256:" in text


def test_unusable_input_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file or a table of the wrong kind exits 3 and writes nothing."""
    out = tmp_path / "o.csv"
    assert main(["batch", "salon", str(tmp_path / "none.csv"), "--fiscal-year", "2024", "-o", str(out)]) == 3
    assert main(["batch", "salon", str(FIXTURES / "points_stamps_fy2024.csv"), "--fiscal-year", "2024",
                 "-o", str(out)]) == 3
    assert "group_id (グループID)" in capsys.readouterr().err
    assert not out.exists()


def test_bad_catalogue_exit_3(write_file: Callable[..., Path], tmp_path: Path) -> None:
    """An override catalogue with points outside 1–5 is refused as rules data: exit 3."""
    cat = write_file("cat.csv", "activity_id,kind,points\nL1,participation,9\n")
    assert main(["batch", "points", str(FIXTURES / "points_stamps_fy2024.csv"), "--catalogue", str(cat),
                 "--fiscal-year", "2024", "-o", str(tmp_path / "o.csv")]) == exit_codes.BAD_INPUT


def test_output_not_writable_exit_5(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output that cannot be written exits 5 naming the file."""
    out = tmp_path / "missing-dir" / "o.csv"
    assert main(["batch", "salon", str(FIXTURES / "salon_roster_fy2024.csv"), "--fiscal-year", "2024",
                 "-o", str(out)]) == exit_codes.OUTPUT_ERROR
    assert str(out) in capsys.readouterr().err


def test_rules_overlay(tmp_path: Path, write_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--rules with an overlay changes the result and the rules version."""
    overlay = write_file("o.yaml",
                         "kind: overlay\nparameters:\n  salon.group_cap:\n    values:\n      2024-04-01: 60000\n")
    out = tmp_path / "s.json"
    main(["batch", "salon", str(FIXTURES / "salon_roster_fy2024.csv"), "--fiscal-year", "2024", "-o", str(out),
          "--rules", str(overlay)])
    assert json.loads(out.read_text(encoding="utf-8"))["result"]["total"] == 68_000


def test_mutual_aid_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A mutual-aid workbook (.xlsx) with Japanese headers is computed like a CSV."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["グループID", "補助開始月", "対象月", "賃借料", "チャレンジ経費"])
    sheet.append(["M1", "2024-04", "2024-04", 15001, 6000])
    path = tmp_path / "ma.xlsx"
    book.save(path)
    out = tmp_path / "ma.csv"
    assert main(["batch", "mutual-aid", str(path), "--fiscal-year", "2024", "-o", str(out)]) == exit_codes.OK
    assert "¥23,500" in capsys.readouterr().out


def test_same_file_twice_counts_rows_twice(tmp_path: Path) -> None:
    """Two inputs are read in turn; identical salon rows do not double the grant."""
    copy = tmp_path / "copy.csv"
    shutil.copy(FIXTURES / "salon_roster_fy2024.csv", copy)
    out = tmp_path / "s.json"
    main(["batch", "salon", str(FIXTURES / "salon_roster_fy2024.csv"), str(copy), "--fiscal-year", "2024",
          "-o", str(out)])
    result = json.loads(out.read_text(encoding="utf-8"))["result"]
    assert result["total"] == 66_000 and result["summary"]["rows_in"] == 54


def test_output_held_open_exit_5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """An output file held open by Excel (PermissionError on replace) exits 5 and keeps the old file."""
    import os

    out = tmp_path / "o.csv"
    out.write_text("old", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    code = main(["batch", "salon", str(FIXTURES / "salon_roster_fy2024.csv"), "--fiscal-year", "2024", "-o", str(out)])
    assert code == exit_codes.OUTPUT_ERROR
    assert "open in Excel" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "old"


def test_encoding_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--encoding names the input encoding; a wrong one turns rows into error rows (exit 1), not a crash."""
    out = tmp_path / "o.json"
    args = ["batch", "activity-center", str(FIXTURES / "attendance_may2024.csv"), "--centers",
            str(FIXTURES / "centers.csv"), "--fiscal-year", "2024", "-o", str(out)]
    assert main([*args, "--encoding", "cp932"]) == exit_codes.ROW_ERRORS
    assert json.loads(out.read_text(encoding="utf-8"))["result"]["total"] == 15_900
    assert main([*args, "--encoding", "utf-8"]) == exit_codes.BAD_INPUT  # the Japanese header itself is unreadable
    assert "header row" in capsys.readouterr().err
    assert main([*args, "--encoding", "no-such-codec"]) == exit_codes.BAD_INPUT
