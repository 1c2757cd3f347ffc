"""The auditors' commands: audit, compare, rules show/diff — exit codes, outputs, reports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from kanoya_benefits_cli import exit_codes
from kanoya_benefits_cli.main import main

BOOK = Path(__file__).resolve().parent.parent / "cases"
REFORM = """\
kind: overlay
description: Type I rate 2,300 from FY2025
parameters:
  activity_center.daily_rate_type_i:
    values:
      2025-04-01: 2300
"""
WRONG_SECOND = """\
- name: right amount, wrong uncapped figure
  programme: salon
  on: 2024-06-01
  inputs: {first_time: 12, additional: 3}
  expect: {amount: 50000, uncapped: 50000}
"""


@pytest.fixture
def reform(tmp_path: Path) -> Path:
    path = tmp_path / "reform.yaml"
    path.write_text(REFORM, encoding="utf-8")
    return path


class _Page(HTMLParser):
    """Collects section ids, every src/href, and whether any script is present."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if tag == "section" and name == "id" and value:
                self.sections.append(value)
            if name in ("src", "href") and value:
                self.links.append(value)


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_audit_of_the_case_book_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """Every shipped case passes: exit 0 and a summary line."""
    assert main(["audit", str(BOOK)]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "0 failed, 0 errored" in out


def test_audit_with_a_failure_exits_4_and_prints_expected_got_and_line_items(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong second expected value: exit 4 (CHECK_FAILED), the mismatch and the working are printed."""
    f = tmp_path / "mine.yaml"
    f.write_text(WRONG_SECOND, encoding="utf-8")
    assert main(["audit", str(f)]) == exit_codes.CHECK_FAILED
    out = capsys.readouterr().out
    assert f"FAILED {f}:1: right amount, wrong uncapped figure" in out
    assert "uncapped: expected ¥50,000, got ¥54,000" in out
    assert "reduction to the cap per group" in out and "[salon.group_cap]" in out
    assert "1 cases: 0 passed, 1 failed, 0 errored" in out


def test_audit_with_a_malformed_file_exits_4_and_still_runs_the_rest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A broken YAML file is errored with file and line; the book's cases still all pass."""
    bad = tmp_path / "broken.yaml"
    bad.write_text("- name: x\n  programme: salon\n  inputs: {first_time: [1,\n", encoding="utf-8")
    assert main(["audit", str(BOOK), str(bad)]) == exit_codes.CHECK_FAILED
    out = capsys.readouterr().out
    assert f"ERRORED {bad}:4" in out
    assert "passed, 0 failed, 1 errored" in out


def test_audit_with_unusable_rules_or_no_cases_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad overlay names file and key (exit 3); an empty directory has no cases (exit 3)."""
    overlay = tmp_path / "neg.yaml"
    overlay.write_text(REFORM.replace("2300", "-1"), encoding="utf-8")
    assert main(["audit", str(BOOK), "--rules", str(overlay)]) == exit_codes.BAD_INPUT
    err = capsys.readouterr().err
    assert str(overlay) in err and "parameters.activity_center.daily_rate_type_i.values.2025-04-01" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["audit", str(empty)]) == exit_codes.BAD_INPUT


def test_audit_under_a_reform_shows_which_book_cases_change(reform: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Running the book under the Type Ⅰ reform fails exactly the FY2025-and-later Type Ⅰ cases."""
    assert main(["audit", str(BOOK), "--rules", str(reform)]) == exit_codes.CHECK_FAILED
    out = capsys.readouterr().out
    assert out.count("amount: expected ¥2,500, got ¥2,700") == 1
    assert out.count("amount: expected ¥2,100, got ¥2,300") == 1
    assert ", 2 failed, 0 errored" in out


def test_audit_writes_valid_junit_and_a_self_contained_report(tmp_path: Path) -> None:
    """--junit is valid XML with one testcase per case; --report has every section and no external URL."""
    f = tmp_path / "mine.yaml"
    f.write_text(WRONG_SECOND, encoding="utf-8")
    junit, report = tmp_path / "out.xml", tmp_path / "out.html"
    code = main(["audit", str(BOOK / "salon.yaml"), str(f), "--junit", str(junit), "--report", str(report)])
    assert code == exit_codes.CHECK_FAILED
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites" and root.get("failures") == "1"
    cases = root.findall(".//testcase")
    assert len(cases) == 12
    failure = root.find(".//testcase/failure")
    assert failure is not None and "uncapped" in (failure.get("message") or "")
    page = parse_page(report)
    assert page.sections == ["summary", "failures", "cases"]
    assert not [u for u in page.links if u.startswith(("http://", "https://", "//"))]
    assert "script" not in page.tags and "style" in page.tags
    text = report.read_text(encoding="utf-8")
    assert "right amount, wrong uncapped figure" in text and "@media print" in text


def test_compare_on_cases_writes_csv_with_bom_and_json(tmp_path: Path, reform: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """compare on the case book: the two FY2025+ Type Ⅰ cases change by ¥200; CSV (BOM) and JSON agree."""
    out_csv, out_json = tmp_path / "c.csv", tmp_path / "c.json"
    assert main(["compare", "--reform", str(reform), str(BOOK), "-o", str(out_csv)]) == exit_codes.OK
    assert main(["compare", "--reform", str(reform), str(BOOK), "-o", str(out_json)]) == exit_codes.OK
    assert "budget impact +¥400" in capsys.readouterr().out
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    changed = [r for r in rows if len(r) > 6 and r[6] == "changed"]
    assert [int(r[5]) for r in changed] == [200, 200]
    assert ["合計 / total", "", "", "", "", "", "400"] in rows
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["comparison"]["total_difference"] == 400
    assert sum(t["difference"] for t in data["comparison"]["totals"]) == 400


def test_compare_on_an_attendance_batch_with_report(tmp_path: Path, reform: Path) -> None:
    """compare --batch activity-center: per center-month rows, an HTML report with the impact chart."""
    centers = tmp_path / "centers.csv"
    centers.write_text("center_id,type\nK1,I\nK2,II\n", encoding="utf-8")
    att = tmp_path / "att.csv"
    att.write_text("date,center_id,user_id,bath,one_way_trips\n2025-03-31,K1,U1,1,2\n2025-04-01,K1,U1,1,2\n"
                   "2025-04-02,K1,U2,0,0\n2025-04-01,K2,U3,0,1\n", encoding="utf-8")
    out, report = tmp_path / "b.json", tmp_path / "b.html"
    code = main(["compare", "--reform", str(reform), "--batch", "activity-center", str(att), "--centers",
                 str(centers), "--fiscal-year", "2024", "--fiscal-year", "令和7年度", "-o", str(out),
                 "--report", str(report)])
    assert code == exit_codes.OK
    rows = {r["key"]: r["difference"] for r in json.loads(out.read_text(encoding="utf-8"))["comparison"]["rows"]}
    assert rows == {"K1 2025-03": 0, "K1 2025-04": 400, "K2 2025-04": 0}
    page = parse_page(report)
    assert page.sections == ["summary", "impact", "totals", "changes"]
    assert "svg" in page.tags and "rect" in page.tags
    assert not [u for u in page.links if "://" in u]


def test_compare_batch_without_fiscal_year_is_a_usage_error(tmp_path: Path, reform: Path) -> None:
    """--batch needs --fiscal-year (exit 2)."""
    assert main(["compare", "--reform", str(reform), "--batch", "points", str(tmp_path / "x.csv")]) == exit_codes.USAGE


def test_rules_show_and_diff(reform: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """rules show prints values with status and citation; rules diff lists the reform's change both ways."""
    assert main(["rules", "show", "--on", "2025-04-01", "--rules", str(reform)]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "activity_center.daily_rate_type_i = 2300  [stated, from 2025-04-01]" in out
    assert "実施マニュアル" in out
    assert main(["rules", "show", "--on", "2024-04-01", "--json"]) == exit_codes.OK
    data = json.loads(capsys.readouterr().out)
    assert {v["parameter"] for v in data["values"]} >= {"salon.group_cap", "points.catalogue"}
    assert main(["rules", "diff", "--on", "2025-03-31", "--on", "2025-04-01", "--rules", str(reform)]) == 0
    assert "activity_center.daily_rate_type_i 2025-04-01: 2100 → 2300" in capsys.readouterr().out
    shipped = Path(__file__).resolve().parent.parent / "kanoya_benefits" / "rules_data"
    assert main(["rules", "diff", str(shipped), str(reform)]) == exit_codes.OK
    assert "1 change(s)" in capsys.readouterr().out
    assert main(["rules", "show", "--on", "2024-03-31"]) == exit_codes.BAD_INPUT


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium to render the report")
def test_the_compare_report_renders_headless_to_an_image(tmp_path: Path, reform: Path) -> None:
    """Where chromium is installed, the report renders offline to a non-empty PNG."""
    report, png = tmp_path / "r.html", tmp_path / "r.png"
    assert main(["compare", "--reform", str(reform), str(BOOK), "--report", str(report)]) == exit_codes.OK
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", f"--screenshot={png}", "--window-size=1200,1600",
                    report.as_uri()], check=True, timeout=120, capture_output=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_console_script_runs_audit() -> None:
    """The installed `kanoya-benefits` runs audit with exit 0 on the book (no traceback)."""
    exe = shutil.which("kanoya-benefits") or str(Path(__file__).resolve().parent.parent / ".venv/bin/kanoya-benefits")
    if not Path(exe).exists():
        pytest.skip("console script not installed")
    done = subprocess.run([exe, "audit", str(BOOK), "--quiet"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "failed" in done.stdout and "Traceback" not in done.stderr


def test_rules_can_stack_an_overlay_on_another_rules_directory(tmp_path: Path, reform: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """--rules DIR --rules OVERLAY: the overlay lands on that directory (rules show sees both changes)."""
    from kanoya_benefits.rules import SHIPPED_DIR

    base = tmp_path / "proposed"
    shutil.copytree(SHIPPED_DIR, base)
    bath = base / "activity_center" / "bath_add_on.yaml"
    bath.write_text(bath.read_text(encoding="utf-8") + "  2025-04-01: 500\n", encoding="utf-8")
    assert main(["rules", "show", "--on", "2025-04-01", "--rules", str(base), "--rules", str(reform)]) == 0
    out = capsys.readouterr().out
    assert "activity_center.bath_add_on = 500" in out and "activity_center.daily_rate_type_i = 2300" in out
    assert main(["compare", "--rules", str(base), "--reform", str(reform), str(BOOK / "activity_center.yaml")]) == 0
    assert "budget impact +¥400" in capsys.readouterr().out


def test_junit_marks_a_malformed_file_as_an_error_with_file_and_line(tmp_path: Path) -> None:
    """A malformed case is an <error> in the JUnit XML naming its file and line."""
    bad = tmp_path / "broken.yaml"
    bad.write_text("- name: x\n  programme: salon\n  inputs: {first_time: [1,\n", encoding="utf-8")
    junit = tmp_path / "j.xml"
    assert main(["audit", str(bad), "--junit", str(junit), "--quiet"]) == exit_codes.CHECK_FAILED
    error = ET.parse(junit).getroot().find(".//testcase/error")
    assert error is not None and (error.get("message") or "").startswith(f"{bad}:4:")


def test_compare_report_lists_batch_input_rows_in_error(tmp_path: Path, reform: Path) -> None:
    """A batch with an error row: compare exits 1, and the report has a problems section naming file and line."""
    centers = tmp_path / "centers.csv"
    centers.write_text("center_id,type\nK1,I\n", encoding="utf-8")
    att = tmp_path / "att.csv"
    att.write_text("date,center_id,user_id\n2025-04-01,K1,U1\n2025-04-01,K9,U2\n", encoding="utf-8")
    report = tmp_path / "r.html"
    code = main(["compare", "--reform", str(reform), "--batch", "activity-center", str(att), "--centers",
                 str(centers), "--fiscal-year", "2025", "--report", str(report)])
    assert code == exit_codes.ROW_ERRORS
    page = parse_page(report)
    assert page.sections == ["summary", "impact", "totals", "changes", "problems"]
    assert f"{att}:3" in report.read_text(encoding="utf-8")


def test_a_case_with_a_number_of_thousands_of_digits_is_reported_not_a_traceback(tmp_path) -> None:
    """A 5,000-digit input in a case file is a malformed case (exit 4), never a traceback."""
    from kanoya_benefits_cli.main import main

    f = tmp_path / "big.yaml"
    f.write_text("- name: big\n  programme: salon\n  on: 2024-06-01\n"
                 f"  inputs: {{first_time: {'9' * 5000}, additional: 0}}\n  expect: {{amount: 0}}\n", encoding="utf-8")
    assert main(["audit", str(f)]) == 4


def test_an_unexpected_defect_is_one_line_and_exit_70(monkeypatch, capsys) -> None:
    """A bug inside a command is reported in one line with exit 70, not a traceback."""
    from kanoya_benefits_cli import main as cli_main

    def boom(args):
        raise RuntimeError("boom")

    parser = cli_main.build_parser()
    args = parser.parse_args(["rules", "show"])
    monkeypatch.setattr(cli_main.argparse.ArgumentParser, "parse_args", lambda self, argv=None: args)
    monkeypatch.setattr(args, "handler", boom, raising=False)
    assert cli_main.main([]) == 70
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err


def test_a_run_with_no_case_at_all_is_unusable_input_not_a_pass(tmp_path) -> None:
    """A header-only CSV case file checks nothing: exit 3, never 0 or 4."""
    from kanoya_benefits_cli.main import main

    f = tmp_path / "empty.csv"
    f.write_text("name,programme,on\n", encoding="utf-8")
    assert main(["audit", str(f)]) == 3


def test_a_case_file_with_yaml_aliases_is_refused_quickly(tmp_path) -> None:
    """A billion-laughs case file is a malformed case, answered at once (exit 4)."""
    from kanoya_benefits_cli.main import main

    rows = ["- name: bomb", "  programme: salon", "  on: 2024-06-01", "  inputs: {first_time: 1, additional: 0}",
            "  expect: {amount: 4000}", "  extra:", '    a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    rows += [f"    a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    f = tmp_path / "bomb.yaml"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["audit", str(f)]) == 4
