"""The new user's findings on the CLI, batches, audit and output (FINDINGS.md), each pinned by number."""

from __future__ import annotations

from pathlib import Path

import pytest
from kanoya_benefits_cli import exit_codes
from kanoya_benefits_cli.main import main

from kanoya_benefits import InputError
from kanoya_benefits.audit import load_cases, run_cases
from kanoya_benefits.batch import mutual_aid_year
from kanoya_benefits.fiscal import parse_fiscal_year
from kanoya_benefits.textforms import parse_date, parse_month, parse_yen

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
    reform.write_text("kind: overlay\nparameters: {}\n", encoding="utf-8")
    f = tmp_path / "in.csv"
    f.write_text("x\n", encoding="utf-8")
    code = main(["compare", "--reform", str(reform), "--batch", "salon", str(f), "--fiscal-year", "9999"])
    assert code == exit_codes.BAD_INPUT
    assert "ValueError" not in capsys.readouterr().err


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
