"""Output paths are checked before a command runs: never an input, and named for what is written (exit 2)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from kanoya_benefits_cli import exit_codes
from kanoya_benefits_cli.main import main
from kanoya_benefits_cli.outputs import DATA, HTML, refuse_outputs

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MUTUAL_AID = "group_id,first_subsidized_month,month,rent_cost,challenge_cost\r\nM1,2024-04,2024-04,15001,0\r\n"
REFORM = """\
kind: overlay
parameters:
  activity_center.daily_rate_type_i:
    values:
      2025-04-01: 2300
"""


@pytest.fixture
def ma(tmp_path: Path) -> Path:
    """A one-row mutual-aid input in tmp_path."""
    f = tmp_path / "ma.csv"
    f.write_bytes(MUTUAL_AID.encode())
    return f


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A copy of two shipped case files (one YAML, one CSV) in tmp_path/cases."""
    d = tmp_path / "cases"
    d.mkdir()
    shutil.copy(ROOT / "cases" / "salon.yaml", d / "x.yaml")
    shutil.copy(ROOT / "cases" / "single_cases.csv", d / "single.csv")
    return d


@pytest.fixture
def reform(tmp_path: Path) -> Path:
    """A reform overlay in tmp_path."""
    f = tmp_path / "r.yaml"
    f.write_text(REFORM, encoding="utf-8")
    return f


def _refused(capsys: pytest.CaptureFixture[str], *fragments: str) -> str:
    """The one stderr line of a refusal, checked for English, Japanese and the fragments given."""
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: ") and " / エラー: " in lines[0]
    assert "Traceback" not in captured.err and captured.out == ""
    for f in fragments:
        assert f in lines[0]
    return lines[0]


# -- batch ---------------------------------------------------------------------------------------

def test_batch_output_onto_its_input_is_refused(ma: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """batch -o ma.csv with input ma.csv: exit 2 naming both paths, the input byte for byte unchanged."""
    before = ma.read_bytes()
    assert main(["batch", "mutual-aid", str(ma), "--fiscal-year", "2024", "-o", str(ma)]) == exit_codes.USAGE
    _refused(capsys, f"-o {ma} would overwrite the input {ma}", "上書き")
    assert ma.read_bytes() == before


def test_batch_output_onto_its_input_by_another_name(ma: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A hard link, a symlink and a ../ spelling of the input are the same file (os.path.samefile)."""
    os.link(ma, tmp_path / "hard.csv")
    (tmp_path / "soft.csv").symlink_to(ma)
    (tmp_path / "sub").mkdir()
    for out in (tmp_path / "hard.csv", tmp_path / "soft.csv", tmp_path / "sub" / ".." / "ma.csv"):
        assert main(["batch", "mutual-aid", str(ma), "--fiscal-year", "2024", "-o", str(out)]) == exit_codes.USAGE
        _refused(capsys, str(out), str(ma))
    assert ma.read_bytes() == MUTUAL_AID.encode()


def test_batch_output_onto_centers_catalogue_or_rules(tmp_path: Path, reform: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """--centers, --catalogue and --rules files are inputs too; the rules overlay is named, not its extension."""
    for name in ("attendance_may2024.csv", "centers.csv", "points_stamps_fy2024.csv", "points_catalogue.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    centers, catalogue = tmp_path / "centers.csv", tmp_path / "points_catalogue.csv"
    argvs = [
        ["activity-center", str(tmp_path / "attendance_may2024.csv"), "--centers", str(centers), "-o", str(centers)],
        ["points", str(tmp_path / "points_stamps_fy2024.csv"), "--catalogue", str(catalogue), "-o", str(catalogue)],
        ["points", str(tmp_path / "points_stamps_fy2024.csv"), "--rules", str(reform), "-o", str(reform)],
    ]
    for argv, target in zip(argvs, (centers, catalogue, reform), strict=True):
        before = target.read_bytes()
        assert main(["batch", *argv, "--fiscal-year", "2024"]) == exit_codes.USAGE
        _refused(capsys, "would overwrite the input", str(target))
        assert target.read_bytes() == before


def test_batch_output_matching_a_missing_input_by_resolved_path(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Neither exists: the resolved paths are compared, and the usage error comes before the missing input (3)."""
    (tmp_path / "sub").mkdir()
    missing = tmp_path / "none.csv"
    out = tmp_path / "sub" / ".." / "none.csv"
    assert main(["batch", "mutual-aid", str(missing), "--fiscal-year", "2024", "-o", str(out)]) == exit_codes.USAGE
    _refused(capsys, "would overwrite the input")
    assert not missing.exists()


@pytest.mark.parametrize("name", ["out.xlsx", "out.txt", "out", "out.csv.bak"])
def test_batch_output_name_must_be_csv_or_json(ma: Path, tmp_path: Path, name: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """-o out.xlsx (we write CSV or JSON only) is refused naming .csv and .json; nothing is written."""
    out = tmp_path / name
    assert main(["batch", "mutual-aid", str(ma), "--fiscal-year", "2024", "-o", str(out)]) == exit_codes.USAGE
    _refused(capsys, str(out), ".csv or .json", ".csv または .json")
    assert not out.exists()


def test_batch_json_output_refuses_an_output_encoding(ma: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """--output-encoding cp932 with out.json is refused (JSON is always UTF-8), not silently ignored."""
    out = tmp_path / "out.json"
    for enc in ("cp932", "utf-8-sig"):
        assert main(["batch", "mutual-aid", str(ma), "--fiscal-year", "2024", "-o", str(out),
                     "--output-encoding", enc]) == exit_codes.USAGE
        _refused(capsys, f"--output-encoding {enc}", "always UTF-8")
    assert not out.exists()
    assert main(["batch", "mutual-aid", str(ma), "--fiscal-year", "2024", "-o", str(out),
                 "--output-encoding", "utf-8"]) == exit_codes.OK
    assert json.loads(out.read_text(encoding="utf-8"))["result"]["total"] == 18500


def test_batch_format_must_agree_with_the_name(ma: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json -o out.csv is refused; agreeing --format and upper-case names are fine."""
    out = tmp_path / "out.csv"
    assert main(["batch", "mutual-aid", str(ma), "--fiscal-year", "2024", "-o", str(out),
                 "--format", "json"]) == exit_codes.USAGE
    _refused(capsys, "--format json", str(out))
    assert not out.exists()
    upper = tmp_path / "OUT.JSON"
    assert main(["batch", "mutual-aid", str(ma), "--fiscal-year", "2024", "-o", str(upper),
                 "--format", "json"]) == exit_codes.OK
    assert json.loads(upper.read_text(encoding="utf-8"))["result"]["total"] == 18500
    csv_out = tmp_path / "cp.CSV"
    assert main(["batch", "mutual-aid", str(ma), "--fiscal-year", "2024", "-o", str(csv_out),
                 "--output-encoding", "cp932"]) == exit_codes.OK
    assert "18500" in csv_out.read_text(encoding="cp932")


def test_batch_help_states_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """batch KIND --help says the name decides the format and what is refused."""
    with pytest.raises(SystemExit):
        main(["batch", "salon", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "OUT.csv is CSV, OUT.json is JSON" in out and "one of the inputs, is refused (exit 2)" in out


# -- compare -------------------------------------------------------------------------------------

def test_compare_output_onto_a_case_file_in_a_case_directory(book: Path, reform: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """compare --reform r.yaml cases/ -o cases/x.yaml (or the CSV case file) refuses, the case kept."""
    for case in (book / "x.yaml", book / "single.csv"):
        before = case.read_bytes()
        assert main(["compare", "--reform", str(reform), str(book), "-o", str(case)]) == exit_codes.USAGE
        _refused(capsys, f"-o {case} would overwrite the input {case}")
        assert case.read_bytes() == before


def test_compare_outputs_onto_the_reform_rules_or_batch_inputs(tmp_path: Path, book: Path, reform: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """--report onto the reform, -o onto a --rules overlay, a --centers file or a batch input: refused."""
    shutil.copy(FIXTURES / "centers.csv", tmp_path / "centers.csv")
    shutil.copy(FIXTURES / "attendance_may2024.csv", tmp_path / "att.csv")
    centers, att = tmp_path / "centers.csv", tmp_path / "att.csv"
    batch = ["--batch", "activity-center", str(att), "--centers", str(centers), "--fiscal-year", "2024"]
    cases = [(["--report", str(reform)], reform),
             ([str(book), "--rules", str(book / "x.yaml"), "-o", str(book / "x.yaml")], book / "x.yaml"),
             ([*batch, "-o", str(centers)], centers),
             ([*batch, "-o", str(att)], att)]
    for argv, target in cases:
        before = target.read_bytes()
        assert main(["compare", "--reform", str(reform), *([str(book)] if argv[0] == "--report" else []),
                     *argv]) == exit_codes.USAGE
        _refused(capsys, "would overwrite the input", str(target))
        assert target.read_bytes() == before


def test_compare_output_names(tmp_path: Path, book: Path, reform: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o must be .csv or .json and --report .html; a wrong name is refused and nothing is written."""
    for option, name, allowed in (("-o", "impact.xlsx", ".csv or .json"), ("--report", "impact.pdf", ".html"),
                                  ("--report", "impact.csv", ".html")):
        out = tmp_path / name
        assert main(["compare", "--reform", str(reform), str(book), option, str(out)]) == exit_codes.USAGE
        _refused(capsys, f"{option} {out}", allowed)
        assert not out.exists()


# -- audit ---------------------------------------------------------------------------------------

def test_audit_reports_onto_inputs_are_refused(book: Path, reform: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--junit onto a case file (given or in a directory) and --report onto a --rules overlay: refused."""
    for argv, target in ((["--junit", str(book / "single.csv")], book / "single.csv"),
                         ([str(book / "x.yaml"), "--report", str(book / "x.yaml")], book / "x.yaml"),
                         (["--rules", str(reform), "--report", str(reform)], reform)):
        before = target.read_bytes()
        cases = [] if argv[0].startswith(str(book)) else [str(book)]
        assert main(["audit", *cases, *argv]) == exit_codes.USAGE
        _refused(capsys, "would overwrite the input", str(target))
        assert target.read_bytes() == before


def test_audit_report_names(tmp_path: Path, book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--junit must be .xml and --report .html; right names run the audit and write both."""
    for option, name, allowed in (("--junit", "audit.txt", ".xml"), ("--report", "audit.htm", ".html"),
                                  ("--junit", "audit.html", ".xml")):
        out = tmp_path / name
        assert main(["audit", str(book), option, str(out), "--quiet"]) == exit_codes.USAGE
        _refused(capsys, f"{option} {out}", allowed)
        assert not out.exists()
    junit, report = tmp_path / "audit.xml", tmp_path / "audit.HTML"
    assert main(["audit", str(book), "--junit", str(junit), "--report", str(report), "--quiet"]) == exit_codes.OK
    assert junit.read_text(encoding="utf-8").startswith("<?xml") and "<html" in report.read_text(encoding="utf-8")


# -- the helper ----------------------------------------------------------------------------------

def test_helper_passes_good_outputs_and_leaves_directories_to_the_writer(tmp_path: Path, book: Path) -> None:
    """Fine outputs and an existing directory (exit 5 later, from the writer) are not refused here."""
    assert refuse_outputs([("-o", str(tmp_path / "a.csv"), DATA), ("--report", None, HTML)], [str(book)]) is None
    assert refuse_outputs([("-o", str(tmp_path), DATA)], [str(book), None]) is None
