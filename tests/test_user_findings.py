"""The new user's findings on the CLI, batches, audit and output (FINDINGS.md), each pinned by number."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from kanoya_benefits_cli import exit_codes
from kanoya_benefits_cli.main import main

from kanoya_benefits import InputError, KanoyaError
from kanoya_benefits.audit import load_cases, run_cases
from kanoya_benefits.batch import mutual_aid_year
from kanoya_benefits.fiscal import parse_fiscal_year
from kanoya_benefits.tabular import UnusableInputError
from kanoya_benefits.textforms import parse_date, parse_month, parse_yen

BOOK = Path(__file__).resolve().parent.parent / "cases"
RULES_DIR = Path(__file__).resolve().parent.parent / "kanoya_benefits" / "rules_data"
REFORM = "kind: overlay\nparameters:\n  activity_center.daily_rate_type_i:\n    values:\n      2025-04-01: 2300\n"
MUTUAL_AID_HEADER = "group_id,first_subsidized_month,month,rent_cost,challenge_cost\r\n"


# -- #2: ¥ in a Shift_JIS file is the backslash byte ---------------------------------------------

def test_backslash_is_yen_in_parse_yen() -> None:
    """A leading backslash (cp932's ¥) reads as the yen sign; elsewhere it is still refused."""
    assert parse_yen("\\15,001", "rent_cost") == 15_001
    with pytest.raises(InputError):
        parse_yen("15\\001", "rent_cost")


def test_cp932_yen_amount_through_the_batch(tmp_path: Path) -> None:
    """A real cp932 file with ¥15,001 (byte 0x5C) is a used row, not an error row."""
    f = tmp_path / "ma.csv"
    row = 'M1,令和6年4月,令和6年4月,"¥15,001",6000\r\n'
    f.write_bytes((MUTUAL_AID_HEADER + row).encode("shift_jis"))  # as iconv -t cp932 writes ¥: byte 0x5C
    assert b"\\15,001" in f.read_bytes()
    result = mutual_aid_year.run([f], fiscal_year=2024)
    assert result.summary.errors == 0 and result.summary.used == 1


def test_cp932_yen_amount_in_an_audit_csv(tmp_path: Path) -> None:
    """A Shift_JIS case CSV with ¥ amounts reads them as yen."""
    f = tmp_path / "cases.csv"
    text = ("name,programme,first_subsidized_month,month,rent_cost,expect_amount\r\n"
            "家賃あり,mutual-aid,2024-04,2024-04,\"¥15,001\",\"¥18,500\"\r\n")
    f.write_bytes(text.encode("shift_jis"))  # as iconv -t cp932 writes ¥: byte 0x5C
    book = load_cases([f])
    assert book.problems == ()
    assert book.cases[0].inputs["rent_cost"] == 15_001 and book.cases[0].expect.amount == 18_500


# -- #5 and #18: fiscal years in a sane range, era years that exist --------------------------------

@pytest.mark.parametrize("text", ["9999", 9999, 1999, "2201", "H36", "平成36年度", "令和0年度", "S65", "R0"])
def test_parse_fiscal_year_refuses_impossible_years(text: str | int) -> None:
    """Years outside 2000–2200 and era years that never existed are InputErrors naming fiscal_year."""
    with pytest.raises(InputError) as err:
        parse_fiscal_year(text)
    assert err.value.field == "fiscal_year"


@pytest.mark.parametrize(("text", "year"), [("H31", 2019), ("R1", 2019), ("令和元年度", 2019), ("2000", 2000),
                                            (2200, 2200), ("H12", 2000)])
def test_parse_fiscal_year_edges_accepted(text: str | int, year: int) -> None:
    """The last year of an era and both ends of the range are accepted."""
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["H36.4.1", "令和0年5月1日", "S65.1.1"])
def test_textforms_refuse_era_years_that_do_not_exist(text: str) -> None:
    """Dates and months in era years that never existed are refused."""
    with pytest.raises(InputError):
        parse_date(text, "date")
    with pytest.raises(InputError):
        parse_month(text.rsplit(".", 1)[0] if "." in text else text, "month")


@pytest.mark.parametrize("kind", ["salon", "points", "mutual-aid"])
def test_batch_fiscal_year_9999_is_exit_3(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--fiscal-year 9999 is a clear error (exit 3), not a ValueError traceback."""
    f = tmp_path / "in.csv"
    f.write_text("x\n", encoding="utf-8")
    code = main(["batch", kind, str(f), "--fiscal-year", "9999", "-o", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert code == exit_codes.BAD_INPUT
    assert "fiscal_year" in err and "2000 to 2200" in err and "ValueError" not in err


def test_compare_batch_fiscal_year_9999_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """compare --batch with a year out of range exits 3."""
    reform = tmp_path / "r.yaml"
    reform.write_text(REFORM, encoding="utf-8")
    f = tmp_path / "in.csv"
    f.write_text("x\n", encoding="utf-8")
    code = main(["compare", "--reform", str(reform), "--batch", "salon", str(f), "--fiscal-year", "9999"])
    assert code == exit_codes.BAD_INPUT
    err = capsys.readouterr().err
    assert "ValueError" not in err and "2000 to 2200" in err


def test_case_with_fiscal_year_9999_is_malformed_not_value_error(tmp_path: Path) -> None:
    """A case with fiscal_year 9999 or a date in year 9999 errors as malformed_case naming the key."""
    f = tmp_path / "c.yaml"
    f.write_text("- name: far fy\n  programme: points\n  fiscal_year: 9999\n  inputs: {points: 1}\n"
                 "  expect: {amount: 0}\n"
                 "- name: far day\n  programme: salon\n  on: 9999-06-01\n  inputs: {first_time: 1}\n"
                 "  expect: {amount: 0}\n", encoding="utf-8")
    run = run_cases(load_cases([f]))
    assert [(r.name, r.error_code) for r in run.results] == [("far fy", "malformed_case"),
                                                              ("far day", "malformed_case")]
    assert "2000 to 2200" in (run.results[0].error or "")


@pytest.mark.parametrize("argv", [
    ["calc", "points", "--points", "1", "--fiscal-year", "9999"],
    ["calc", "points", "--points", "1", "--fiscal-year", "H36"],
    ["calc", "salon", "--first-time", "1", "--date", "9999-06-01"],
])
def test_calc_years_out_of_range_exit_3(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """calc refuses years out of range with exit 3 and no traceback."""
    assert main(argv) == exit_codes.BAD_INPUT
    assert capsys.readouterr().err.startswith("error: ")


# -- #17: calc messages -------------------------------------------------------------------------

def test_calc_missing_required_option_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """calc salon without --date is argparse's usage error, exit 2."""
    with pytest.raises(SystemExit) as stop:
        main(["calc", "salon", "--first-time", "1"])
    assert stop.value.code == exit_codes.USAGE
    assert "--date" in capsys.readouterr().err


def test_calc_error_names_the_option_and_the_typed_value(capsys: pytest.CaptureFixture[str]) -> None:
    """A library error is shown with the CLI option and the value as typed, not a Python repr."""
    assert main(["calc", "mutual-aid", "--first-month", "2024-06", "--month", "2024-05"]) == exit_codes.BAD_INPUT
    err = capsys.readouterr().err
    assert "--first-month" in err and "'2024-06'" in err
    assert "datetime" not in err and "first_subsidized_month:" not in err


# -- #6 and #20: missing paths are exit 3 ----------------------------------------------------------

def test_compare_missing_reform_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """compare --reform with a file that does not exist says so and exits 3."""
    code = main(["compare", "--reform", str(tmp_path / "nonexist.yaml"), str(BOOK)])
    err = capsys.readouterr().err
    assert code == exit_codes.BAD_INPUT
    assert "--reform" in err and "nonexist.yaml" in err and "Traceback" not in err


def test_audit_missing_overlay_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second --rules (an overlay) that does not exist is exit 3, not a traceback."""
    assert main(["audit", str(BOOK), "--rules", str(RULES_DIR), "--rules", str(tmp_path / "no.yaml")]) \
        == exit_codes.BAD_INPUT
    assert "--rules: no such file or directory" in capsys.readouterr().err


def test_audit_missing_path_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """audit on a path that does not exist exits 3 naming it."""
    assert main(["audit", str(tmp_path / "nonexistent_dir")]) == exit_codes.BAD_INPUT
    assert "nonexistent_dir" in capsys.readouterr().err


def test_audit_directory_without_case_files_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory with no case files exits 3."""
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["audit", str(tmp_path)]) == exit_codes.BAD_INPUT
    assert "no case files" in capsys.readouterr().err


def test_audit_help_lists_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """audit --help documents exit codes 0, 3, 4 and 5."""
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert all(f"{n} " in out for n in ("0", "3", "4", "5")) and "no case files" in out


# -- #22: case-file checks ------------------------------------------------------------------------

def _run_yaml(tmp_path: Path, text: str) -> tuple[Any, Any]:
    f = tmp_path / "c.yaml"
    f.write_text(text, encoding="utf-8")
    book = load_cases([f])
    return book, run_cases(book)


def test_unknown_line_item_is_malformed_case(tmp_path: Path) -> None:
    """An expected line item that is neither a line nor a rule parameter errors the case naming it."""
    _, run = _run_yaml(tmp_path, "- name: typo\n  programme: salon\n  on: 2024-06-01\n"
                       "  inputs: {first_time: 1, additional: 0}\n  expect: {line_items: {no.such.param: 0}}\n")
    r = run.results[0]
    assert (r.status, r.error_code) == ("errored", "malformed_case")
    assert "no.such.param" in (r.error or "")


def test_on_and_month_together_is_malformed(tmp_path: Path) -> None:
    """A case giving both on and month is refused."""
    book, _ = _run_yaml(tmp_path, "- name: both\n  programme: mutual-aid\n  on: 2024-06-01\n  month: 2024-06\n"
                        "  inputs: {first_subsidized_month: 2024-04}\n  expect: {amount: 11000}\n")
    assert book.cases == () and "not both" in book.problems[0].problem


def test_duplicate_case_names_second_is_malformed(tmp_path: Path) -> None:
    """The second case with a name already used is a problem; the first runs."""
    case = ("- name: same\n  programme: salon\n  on: 2024-06-01\n  inputs: {first_time: 1, additional: 0}\n"
            "  expect: {amount: 4000}\n")
    book, _ = _run_yaml(tmp_path, case + case)
    assert [c.line for c in book.cases] == [1]
    assert [(p.line, p.name) for p in book.problems] == [(6, "same")]
    assert "already the name" in book.problems[0].problem


def test_unknown_programme_lists_slugs(tmp_path: Path) -> None:
    """The unknown-programme message lists the slugs as well as the ids."""
    book, _ = _run_yaml(tmp_path, "- name: x\n  programme: nope\n  on: 2024-06-01\n  expect: {amount: 1}\n")
    problem = book.problems[0].problem
    assert "'salon'" in problem and "'salon.enrollment_grant'" in problem and "'mutual-aid'" in problem


# -- #23: budget --------------------------------------------------------------------------------

def test_budget_repeated_center_type_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--activity-center-user-days I=1,I=2 is a usage error, not last-wins."""
    with pytest.raises(SystemExit) as stop:
        main(["budget", "--fiscal-year", "2024", "--activity-center-user-days", "I=1,I=2"])
    assert stop.value.code == exit_codes.USAGE
    assert "twice" in capsys.readouterr().err


def test_budget_highest_type_note_only_without_breakdown() -> None:
    """The 'highest type is used' note appears for a bare number, not for a breakdown."""
    from kanoya_benefits.budget import budget_ceiling

    def text(days: Any) -> str:
        line = budget_ceiling(2024, activity_center_user_days=days).line("activity_center.daily_amount")
        return " ".join(f"{n.text_en} {n.text_ja}" for n in line.notes)

    assert "highest type is used" in text(10) and "最も高い類型で計算" in text(10)
    assert "highest type is used" not in text({"I": 10}) and "最も高い類型で計算" not in text({"I": 10})


# -- #8: output files' modes and what they may replace ---------------------------------------------

def _write(path: Path, text: str = "new") -> None:
    from kanoya_benefits.output import atomic_write

    atomic_write(path, lambda f: f.write(text))


def test_new_output_gets_the_umask_mode(tmp_path: Path) -> None:
    """A new output is 0o666 less the umask (0664 under umask 002), not mkstemp's 0600."""
    old = os.umask(0o002)
    try:
        _write(tmp_path / "out.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o664


def test_existing_output_keeps_its_mode(tmp_path: Path) -> None:
    """Replacing an existing output keeps that file's mode."""
    f = tmp_path / "out.csv"
    f.write_text("old", encoding="utf-8")
    f.chmod(0o640)
    _write(f)
    assert f.read_text(encoding="utf-8") == "new" and stat.S_IMODE(f.stat().st_mode) == 0o640


def test_read_only_output_is_refused(tmp_path: Path) -> None:
    """A read-only existing output is refused and left as it was."""
    from kanoya_benefits.output import OutputError

    f = tmp_path / "out.csv"
    f.write_text("old", encoding="utf-8")
    f.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        _write(f)
    assert f.read_text(encoding="utf-8") == "old" and stat.S_IMODE(f.stat().st_mode) == 0o444


def test_symlink_output_writes_through_the_link(tmp_path: Path) -> None:
    """A symlink output stays a link; the file it names gets the new content."""
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    _write(link)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize("kind", ["dir", "fifo"])
def test_non_regular_output_is_refused(kind: str, tmp_path: Path) -> None:
    """A directory or a special file (a FIFO here, /dev/full for the user) is refused, never replaced."""
    from kanoya_benefits.output import OutputError

    path = tmp_path / "target"
    if kind == "dir":
        path.mkdir()
    else:  # never a real device in a test: a regression would replace it with a regular file
        os.mkfifo(path)
    with pytest.raises(OutputError):
        _write(path)
    assert path.is_dir() if kind == "dir" else path.is_fifo()


def test_batch_to_a_special_file_is_exit_5(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """batch -o onto a special file exits 5 with a clear message and leaves it alone."""
    f = tmp_path / "ma.csv"
    f.write_text(MUTUAL_AID_HEADER + "M1,2024-04,2024-04,0,0\r\n", encoding="utf-8")
    target = tmp_path / "pipe"
    os.mkfifo(target)
    assert main(["batch", "mutual-aid", str(f), "--fiscal-year", "2024", "-o", str(target)]) \
        == exit_codes.OUTPUT_ERROR
    assert "not a regular file" in capsys.readouterr().err and target.is_fifo()


# -- #14, #15, #16, #17: reading input tables ------------------------------------------------------

SALON_CSV = "person_id,group_id,joined_on\r\nP1,G1,2024-05-01\r\nP2,G1,2024-06-01\r\n"


def _salon(path: Path, encoding: str | None = None) -> Any:
    from kanoya_benefits.batch import salon_roster

    return salon_roster.run([path], fiscal_year=2024, encoding=encoding)


@pytest.mark.parametrize(("codec", "given"), [("utf-16", None), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
                                              ("utf-16-be", "utf-16-be")])
def test_utf16_files_are_read(codec: str, given: str | None, tmp_path: Path) -> None:
    """UTF-16 with a BOM is detected; --encoding utf-16/-le/-be is honoured, not refused as binary."""
    f = tmp_path / "roster.csv"
    f.write_bytes(SALON_CSV.encode(codec))
    result = _salon(f, given)
    assert (result.summary.used, result.summary.errors) == (2, 0)
    assert result.inputs[0].encoding == (given or "utf-16")


def test_utf16_le_with_bom_given_as_le(tmp_path: Path) -> None:
    """A BOM'd UTF-16 file read with --encoding utf-16-le still matches its first header."""
    f = tmp_path / "roster.csv"
    f.write_bytes(codecs.BOM_UTF16_LE + SALON_CSV.encode("utf-16-le"))
    assert _salon(f, "utf-16-le").summary.used == 2


def test_utf16_without_bom_undeclared_is_refused_with_a_hint(tmp_path: Path) -> None:
    """UTF-16 without a BOM or --encoding is still refused, with the option to use."""
    f = tmp_path / "roster.csv"
    f.write_bytes(SALON_CSV.encode("utf-16-le"))
    with pytest.raises(UnusableInputError, match="--encoding utf-16-le"):
        _salon(f)


def test_cr_only_line_endings_are_read(tmp_path: Path) -> None:
    """An old-Mac file (lines ending in CR alone) is read line by line, in UTF-8 and cp932."""
    for codec in ("utf-8", "cp932"):
        f = tmp_path / f"roster_{codec}.csv"
        f.write_bytes("会員ID,グループID,加入日\rP1,G1,令和6年5月1日\rP2,G1,2024-06-01\r".encode(codec))
        result = _salon(f)
        assert (result.summary.used, result.summary.errors) == (2, 0)


def test_xlsx_formula_without_saved_value_is_an_error_row(tmp_path: Path) -> None:
    """A formula cell with no cached value is an error row naming the cell, not a silent blank."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["group_id", "first_subsidized_month", "month", "rent_cost", "challenge_cost"])
    sheet.append(["M1", "2024-04", "2024-04", "=10000+5001", 0])
    sheet.append(["M2", "2024-04", "2024-04", 15001, 0])
    f = tmp_path / "ma.xlsx"
    book.save(f)
    result = mutual_aid_year.run([f], fiscal_year=2024)
    assert result.summary.used == 1 and [g.group_id for g in result.groups] == ["M2"]
    (err,) = result.errors
    assert err.line == 2 and "cell D2" in err.message and "formula without a saved value" in err.message


@pytest.mark.parametrize(("header", "named"), [
    ("person_id,会員ID,group_id,joined_on", ("'person_id' (column 1)", "'会員ID' (column 2)")),
    ("会員ID,group_id,joined_on,会員ID", ("'会員ID' (column 1)", "'会員ID' (column 4)")),
])
def test_duplicate_columns_are_unusable_input(header: str, named: tuple[str, str], tmp_path: Path) -> None:
    """The same column twice (by alias or by name) is refused naming both headers."""
    f = tmp_path / "roster.csv"
    f.write_text(header + "\r\nP1,P1,G1,2024-05-01\r\n", encoding="utf-8")
    with pytest.raises(UnusableInputError) as err:
        _salon(f)
    assert "person_id" in str(err.value) and all(n in str(err.value) for n in named)


def test_cut_off_row_wording(tmp_path: Path) -> None:
    """A cut-off row reads "the row is cut off: …", without "expected" grammar."""
    f = tmp_path / "roster.csv"
    f.write_text("person_id,group_id,joined_on,left_on\r\nP1,G1,2024-05-01\r\n", encoding="utf-8")
    (err,) = _salon(f).errors
    assert "the row is cut off: 3 cells, the header has 4" in err.message
    assert "expected" not in err.message


def test_overlong_line_wording(tmp_path: Path) -> None:
    """A line over 64 KiB reads "the line is longer than 64 KiB", with no "expected … got ''"."""
    f = tmp_path / "roster.csv"
    f.write_text("person_id,group_id,joined_on\r\nP1,G1," + "x" * 70_000 + "\r\nP2,G1,2024-05-01\r\n",
                 encoding="utf-8")
    result = _salon(f)
    (err,) = result.errors
    assert err.message.endswith("the line is longer than 64 KiB: not read") and result.summary.used == 1


# -- #12: Japanese beside English in error rows and CLI errors ---------------------------------------

def _with_ja(err: InputError, ja: str) -> InputError:
    if getattr(err, "expected_ja", None) is None:
        err.__dict__["expected_ja"] = ja  # before the lead's InputError.expected_ja lands
    return err


def test_row_error_carries_expected_ja() -> None:
    """An InputError's expected_ja reaches the error row and its Japanese message."""
    from kanoya_benefits.batch.common import Ledger

    ledger = Ledger()
    ledger._files["f.csv"] = [1, 0, 0, 0]
    ledger.input_error("f.csv", 2, _with_ja(InputError("rent_cost", "whole yen", "x"), "0以上の円単位の整数"))
    (row,) = ledger.errors
    assert row.expected_ja == (getattr(InputError("rent_cost", "whole yen", "x"), "expected_ja", None)
                               or "0以上の円単位の整数")
    assert row.message_ja is not None and "2行目" in row.message_ja and row.expected_ja in row.message_ja


def test_cli_error_prints_japanese() -> None:
    """A KanoyaError with a Japanese wording is printed in both languages."""
    from kanoya_benefits_cli.main import japanese

    err = _with_ja(InputError("--points", "a whole number", "x"), "0以上の整数")
    assert japanese(err) is not None and "--points" in (japanese(err) or "")
    assert japanese(KanoyaError("no Japanese wording")) is None


def test_csv_error_table_has_a_japanese_column(tmp_path: Path) -> None:
    """The CSV report's error table has the Japanese expected/reason column."""
    f = tmp_path / "ma.csv"
    f.write_text(MUTUAL_AID_HEADER + "M1,2024-04,2024-04,abc,0\r\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["batch", "mutual-aid", str(f), "--fiscal-year", "2024", "-o", str(out)]) == exit_codes.ROW_ERRORS
    assert "期待される値・理由（日本語） / expected / reason (ja)" in out.read_text(encoding="utf-8-sig")


# -- #7: one malformed case does not cost the file's other cases --------------------------------------

def _salon_case(n: int, extra: str = "") -> str:
    return (f"  - name: case {n}\n    programme: salon\n    on: 2024-06-01\n{extra}"
            f"    inputs: {{first_time: {n}, additional: 0}}\n    expect: {{amount: {min(n * 4000, 50000)}}}\n")


def test_duplicate_key_errors_only_its_case(tmp_path: Path) -> None:
    """A key given twice in one case of 27 errors that case (file, line); the other 26 run."""
    cases = [_salon_case(n, "    on: 2024-06-02\n" if n == 5 else "") for n in range(1, 28)]
    f = tmp_path / "book.yaml"
    f.write_text("description: many\ncases:\n" + "".join(cases), encoding="utf-8")
    run = run_cases(load_cases([f]))
    assert (run.passed, run.failed, run.errored) == (26, 0, 1)
    bad = next(r for r in run.results if r.status == "errored")
    assert bad.name == "case 5" and bad.line == 2 + 4 * 5 + 4 and "given twice" in (bad.error or "")


def test_duplicate_key_nested_in_inputs_errors_only_its_case(tmp_path: Path) -> None:
    """A repeated key inside a case's inputs errors that case alone."""
    f = tmp_path / "book.yaml"
    f.write_text("- name: a\n  programme: salon\n  on: 2024-06-01\n  inputs:\n    first_time: 1\n    first_time: 2\n"
                 "    additional: 0\n  expect: {amount: 4000}\n" + _salon_case(2).replace("\n  ", "\n")[2:],
                 encoding="utf-8")
    run = run_cases(load_cases([f]))
    assert [(r.name, r.status) for r in run.results] == [("a", "errored"), ("case 2", "passed")]
    assert run.results[0].line == 6


def test_yaml_syntax_error_costs_only_its_case(tmp_path: Path) -> None:
    """A case YAML cannot parse is reported at its line; the cases around it are read one by one and run."""
    broken = "  - name: broken\n    programme: salon\n    inputs: {first_time: [1,\n"
    f = tmp_path / "book.yaml"
    f.write_text("cases:\n" + _salon_case(1) + broken + _salon_case(2) + "\n" + _salon_case(3), encoding="utf-8")
    run = run_cases(load_cases([f]))
    assert (run.passed, run.errored) == (3, 1)
    bad = next(r for r in run.results if r.status == "errored")
    assert "not valid YAML" in (bad.error or "") and "other 3 cases" in (bad.error or "")
    passed_lines = [r.line for r in run.results if r.status == "passed"]
    assert passed_lines == [2, 10, 16]  # the lines in the file, as if it had parsed whole


def test_whole_row_errors_have_japanese(tmp_path: Path) -> None:
    """A cut-off row's error carries its Japanese wording; every reader wording is translated."""
    from kanoya_benefits.batch.common import row_problem_ja

    f = tmp_path / "roster.csv"
    f.write_text("person_id,group_id,joined_on,left_on\r\nP1,G1,2024-05-01\r\n", encoding="utf-8")
    (err,) = _salon(f).errors
    assert err.expected_ja == "行が途中で切れている：3列（見出しは4列）"
    assert err.message_ja is not None and "2行目" in err.message_ja
    for problem in ("the row has too many cells: 5 cells, the header has 4", "the line is longer than 64 KiB: not read",
                    "the line has bytes not valid in utf-8 at byte 3 (wrong encoding? try --encoding)",
                    "the line has binary data (NUL bytes)", "the row cannot be read as CSV from here to line 9 (x)",
                    "cell D2: formula without a saved value: open and save the file in Excel"):
        assert row_problem_ja(problem), problem


def test_compare_missing_case_path_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """compare on a case path that does not exist exits 3, as audit does."""
    reform = tmp_path / "r.yaml"
    reform.write_text(REFORM, encoding="utf-8")
    assert main(["compare", "--reform", str(reform), str(tmp_path / "my_cases")]) == exit_codes.BAD_INPUT
    assert "my_cases" in capsys.readouterr().err
