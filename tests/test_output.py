"""Batch output: atomic writes, a clear error when the file is held open, formula escaping, provenance."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import IO

import pytest

from kanoya_benefits.batch import salon_roster
from kanoya_benefits.output import (
    InputHash,
    OutputError,
    Provenance,
    atomic_write,
    escape_cell,
    write_csv,
    write_json,
)

FIXTURES = Path(__file__).parent / "fixtures"
PROV = Provenance((InputHash("roster.csv", "salon_roster", "utf-8-sig", "ab" * 32),), "v123", "shipped", "0.1.0",
                  "kanoya-benefits batch salon roster.csv --fiscal-year 2024 -o out.csv", 2024)


class Crash(Exception):
    """Stands for a crash or Ctrl-C in the middle of writing."""


def _crash_midway(f: IO[str]) -> None:
    f.write("half of the new file")
    raise Crash


def test_interrupted_write_keeps_old_file(tmp_path: Path) -> None:
    """A crash mid-write leaves the old file whole and no temp file behind."""
    target = tmp_path / "out.csv"
    target.write_text("old complete file", encoding="utf-8")
    with pytest.raises(Crash):
        atomic_write(target, _crash_midway)
    assert target.read_text(encoding="utf-8") == "old complete file"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_interrupted_write_leaves_none(tmp_path: Path) -> None:
    """A crash mid-write with no old file leaves no file at all."""
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "out.csv", lambda f: (f.write("x"), (_ for _ in ()).throw(KeyboardInterrupt)))
    assert os.listdir(tmp_path) == []


def test_file_held_open_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Replacing a file held open by Excel (PermissionError on Windows) names the file and says why."""
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="open in Excel") as err:
        atomic_write(target, lambda f: f.write("new"))
    assert err.value.file == str(target)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_missing_directory(tmp_path: Path) -> None:
    """Writing into a directory that does not exist is an OutputError naming the file."""
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(tmp_path / "no" / "out.csv", lambda f: f.write("x"))


@pytest.mark.parametrize(("value", "expected"), [
    ("=SUM(A1)", "'=SUM(A1)"), ("+81", "'+81"), ("-1+1", "'-1+1"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("S1", "S1"), ("", ""), (-1000, -1000), (15001, 15001), (None, ""),
])
def test_formula_escaping(value: object, expected: object) -> None:
    """Text that would start a formula gets an apostrophe; numbers (even negative) stay numbers."""
    assert escape_cell(value) == expected


def test_csv_escapes_input_values(tmp_path: Path) -> None:
    """An id from the input that looks like a formula is written escaped in the CSV."""
    roster = tmp_path / "r.csv"
    roster.write_text("person_id,group_id,joined_on\n=HYPERLINK(1),G1,2024-05-01\nH,G1,2020-04-01\n",
                      encoding="utf-8")
    result = salon_roster.run([roster], fiscal_year=2024)
    out = tmp_path / "out.csv"
    write_csv(out, result, PROV)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text


def test_csv_bom_and_provenance(tmp_path: Path) -> None:
    """The CSV starts with a BOM for Excel and ends with the provenance: hashes, rules, tool, command, year."""
    result = salon_roster.run([FIXTURES / "salon_roster_fy2024.csv"], fiscal_year=2024)
    out = tmp_path / "out.csv"
    write_csv(out, result, PROV)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert ["S4", "11", "4", "52000", "50000", "0"] in rows
    assert ["66000"] in rows
    flat = "\n".join(",".join(r) for r in rows)
    for needed in ["ab" * 32, "v123", "0.1.0", "--fiscal-year 2024", "令和6年度", "グループID / group_id"]:
        assert needed in flat


def test_csv_cp932(tmp_path: Path) -> None:
    """cp932 output is readable as Shift_JIS with Japanese labels."""
    result = salon_roster.run([FIXTURES / "salon_roster_fy2024.csv"], fiscal_year=2024)
    out = tmp_path / "out.csv"
    write_csv(out, result, PROV, encoding="cp932")
    assert "助成額" in out.read_bytes().decode("cp932")


def test_json_round_trip(tmp_path: Path) -> None:
    """The JSON holds the provenance and the full result with every member's classification."""
    result = salon_roster.run([FIXTURES / "salon_roster_fy2024.csv"], fiscal_year=2024)
    out = tmp_path / "out.json"
    write_json(out, result, PROV)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["provenance"]["inputs"][0]["sha256"] == "ab" * 32
    assert data["result"]["total"] == 66_000
    assert data["result"]["summary"]["rows_in"] == 27
    s3 = next(g for g in data["result"]["groups"] if g["group_id"] == "S3")
    assert s3["members"][0]["classification"] == "additional"
    assert (s3["members"][0]["classification_ja"], s3["members"][0]["classification_en"]) == ("既加入者の加入",
                                                                                              "additional")
