"""Reading input tables: encodings, header aliases, unusable files and unreadable rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kanoya_benefits.tabular import ATTENDANCE, SALON_ROSTER, BadRow, Records, UnusableInputError, open_table

ROSTER_JA = "会員ID,グループID,加入日,脱退日\nA01,S1,令和6年4月15日,\n"
ROSTER_EN = "person_id,group_id,joined_on,left_on\nA01,S1,2024-04-15,\n"


@pytest.mark.parametrize(("encoding", "detected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                    ("cp932", "cp932"), ("shift_jis", "cp932")])
def test_encodings_detected(write_file: Callable[..., Path], encoding: str, detected: str) -> None:
    """UTF-8, UTF-8 with BOM and Shift_JIS files with Japanese headers are read alike."""
    path = write_file("roster.csv", ROSTER_JA, encoding)
    with open_table(path, SALON_ROSTER) as table:
        assert table.encoding == detected
        assert table.columns == {"person_id": 0, "group_id": 1, "joined_on": 2, "left_on": 3}
        assert list(table.rows()) == [(2, ["A01", "S1", "令和6年4月15日", ""])]


def test_encoding_override(write_file: Callable[..., Path]) -> None:
    """--encoding wins over detection."""
    path = write_file("roster.csv", ROSTER_EN)
    with open_table(path, SALON_ROSTER, encoding="cp932") as table:
        assert table.encoding == "cp932"


def test_english_headers_any_case(write_file: Callable[..., Path]) -> None:
    """English headers match whatever their case and spacing."""
    path = write_file("roster.csv", "Person ID,GROUP_ID,Joined On\nA01,S1,2024-04-15\n")
    with open_table(path, SALON_ROSTER) as table:
        assert set(table.columns) == {"person_id", "group_id", "joined_on"}


def test_missing_columns_name_file_and_columns(write_file: Callable[..., Path]) -> None:
    """A table without its required columns is unusable: the error names the file, expected and found."""
    path = write_file("wrong.csv", "利用日,利用者ID\n2024-05-01,V1\n")
    with pytest.raises(UnusableInputError) as err:
        open_table(path, ATTENDANCE)
    text = str(err.value)
    assert "wrong.csv" in text and "center_id (センターID)" in text and "利用日" in text
    assert err.value.found == ("利用日", "利用者ID")


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is unusable input, not a traceback."""
    with pytest.raises(UnusableInputError, match="no such file"):
        open_table(tmp_path / "nope.csv", SALON_ROSTER)


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary\xff" * 10, "会員ID,グループID\n".encode("utf-16")])
def test_binary_refused(write_file: Callable[..., Path], content: bytes) -> None:
    """Binary junk (or UTF-16) is refused cleanly."""
    path = write_file("junk.csv", content)
    with pytest.raises(UnusableInputError):
        open_table(path, SALON_ROSTER)


def test_workbook_named_csv_refused(write_file: Callable[..., Path]) -> None:
    """A workbook saved under a .csv name is refused with advice."""
    path = write_file("book.csv", b"PK\x03\x04rest-of-zip")
    with pytest.raises(UnusableInputError, match="xlsx"):
        open_table(path, SALON_ROSTER)


def test_empty_file(write_file: Callable[..., Path]) -> None:
    """An empty file is unusable: no header row."""
    with pytest.raises(UnusableInputError, match="no header"):
        open_table(write_file("empty.csv", ""), SALON_ROSTER)


def test_wrong_bytes_are_an_error_row(write_file: Callable[..., Path]) -> None:
    """A line whose bytes are not in the file's encoding becomes an error row; the rest is read."""
    content = ROSTER_EN.encode() + "A02,S1,2024-05-01,\n".encode("cp932") + b"A03,\xff\xfe,2024-05-01,\n" + \
        b"A04,S1,2024-06-01,\n"
    with open_table(write_file("mixed.csv", content), SALON_ROSTER, encoding="utf-8") as table:
        rows = list(table.rows())
    assert rows[0] == (2, ["A01", "S1", "2024-04-15", ""])
    assert isinstance(rows[2], BadRow) and rows[2].line == 4 and "utf-8" in rows[2].problem
    assert rows[3] == (5, ["A04", "S1", "2024-06-01", ""])


def test_ascii_start_then_shift_jis(write_file: Callable[..., Path]) -> None:
    """An English header and ASCII rows over Shift_JIS data further on: read as cp932, nothing lost."""
    good = "A01,S1,2024-04-15,\n" * 5000
    content = ROSTER_EN.encode() + good.encode() + "A02,Ｓ１,令和6年5月1日,\n".encode("cp932")
    with open_table(write_file("late.csv", content), SALON_ROSTER) as table:
        rows = list(table.rows())
        assert table.encoding == "cp932"
    assert rows[-1] == (5003, ["A02", "Ｓ１", "令和6年5月1日", ""])


def test_bad_bytes_after_the_sniffed_chunk(write_file: Callable[..., Path]) -> None:
    """In a file proven UTF-8 by its first chunk, cp932 bytes further on are error rows, not a crash."""
    good = "A01,S1,2024-04-15,\n" * 5000
    content = "会員ID,グループID,加入日\n".encode() + good.encode() + "A02,Ｓ１,2024-05-01\n".encode("cp932")
    with open_table(write_file("late.csv", content), SALON_ROSTER) as table:
        assert table.encoding == "utf-8"
        rows = list(table.rows())
    assert isinstance(rows[-1], BadRow) and rows[-1].line == 5002 and "--encoding" in rows[-1].problem


def test_cut_off_last_row(write_file: Callable[..., Path]) -> None:
    """A last row cut off mid-way is an error row naming its line."""
    with open_table(write_file("cut.csv", ROSTER_EN + "A02,S1"), SALON_ROSTER) as table:
        rows = list(table.rows())
    assert isinstance(rows[1], BadRow) and rows[1].line == 3 and "cut off" in rows[1].problem


def test_enormous_line(write_file: Callable[..., Path]) -> None:
    """A line longer than the limit is an error row and reading goes on after it."""
    content = ROSTER_EN + "A02,S1," + "9" * 200_000 + ",\nA03,S1,2024-05-01,\n"
    with open_table(write_file("big.csv", content), SALON_ROSTER) as table:
        rows = list(table.rows())
    assert isinstance(rows[1], BadRow) and "longer" in rows[1].problem
    assert rows[2] == (4, ["A03", "S1", "2024-05-01", ""])


def test_blank_lines_skipped_and_counted(write_file: Callable[..., Path]) -> None:
    """Blank lines and Excel's all-empty rows are not rows; they are counted."""
    content = ROSTER_EN + "\n,,,\nA02,S1,2024-05-01,\n"
    with open_table(write_file("blank.csv", content), SALON_ROSTER) as table:
        rows = list(table.rows())
        assert table.blank_lines == 2
    assert [r[0] for r in rows if isinstance(r, tuple)] == [2, 5]


def test_quoted_multiline_cell_line_numbers(write_file: Callable[..., Path]) -> None:
    """A quoted cell spanning lines keeps the next row's line number right."""
    content = 'person_id,group_id,joined_on,left_on\n"A\n01",S1,2024-04-15,\nA02,S1,2024-05-01,\n'
    with open_table(write_file("q.csv", content), SALON_ROSTER) as table:
        rows = list(table.rows())
    assert [r[0] for r in rows if isinstance(r, tuple)] == [2, 4]


def test_xlsx(tmp_path: Path) -> None:
    """An .xlsx workbook is read from its first sheet with row numbers as lines."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["会員ID", "グループID", "加入日", "脱退日"])
    sheet.append(["007", "S1", "2024-04-15", None])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    with open_table(path, SALON_ROSTER) as table:
        assert table.encoding == "xlsx"
        assert list(table.rows()) == [(2, ["007", "S1", "2024-04-15", ""])]


def test_unclosed_quote_names_the_lines_it_swallowed(write_file: Callable[..., Path]) -> None:
    """A stray quote joining the following lines into one row is an error row naming the lines."""
    content = ROSTER_EN + 'A02,"S1,2024-05-01,\nA03,S1,2024-05-01,\nA04,S1,2024-05-01,\n'
    with open_table(write_file("quote.csv", content), SALON_ROSTER) as table:
        rows = list(table.rows())
    assert isinstance(rows[1], BadRow) and rows[1].line == 3 and "lines 3-5" in rows[1].problem


def test_records_read_like_a_file() -> None:
    """Rows in memory open like a file: every schema column, missing or None cells empty, index as line."""
    rows = [{"person_id": "A1", "group_id": "G1", "joined_on": "2024-05-01", "left_on": None, "note": "x"},
            {"person_id": "A2", "group_id": "G1"}]
    with open_table(Records("members", SALON_ROSTER, rows), SALON_ROSTER) as table:
        assert table.name == "members" and table.ignored_columns == ("note",)
        cols = table.columns
        got = [(line, cells[cols["person_id"]], cells[cols["joined_on"]], cells[cols["left_on"]])
               for line, cells in table.rows()]
    assert got == [(0, "A1", "2024-05-01", ""), (1, "A2", "", "")]


def test_records_of_another_kind_refused() -> None:
    """Records of one kind opened as another are unusable, naming them."""
    with pytest.raises(UnusableInputError, match="members"):
        open_table(Records("members", SALON_ROSTER, []), ATTENDANCE)


# -- the block reader (a file read in blocks handed to csv whole; a block with a problem line by line) --

def _big_attendance(tmp_path: Path, extra: dict[int, bytes], encoding: str = "utf-8", bom: bytes = b"") -> Path:
    """An attendance file of 40,000 rows (several blocks) with some rows replaced by ``extra`` bytes."""
    lines = [b"date,center_id,user_id"]
    for i in range(2, 40_002):
        lines.append(extra.get(i, f"2024-04-01,K1,U{i:06d}".encode(encoding)))
    path = tmp_path / "big.csv"
    path.write_bytes(bom + b"\r\n".join(lines) + b"\r\n")
    return path


def test_block_reader_finds_each_bad_line_in_any_block(tmp_path: Path) -> None:
    """Bad bytes, NULs, an enormous line and a stray BOM deep in a big file are error rows on their own lines."""
    extra = {5_000: b"2024-04-01,K1,U\x81 1", 20_000: b"2024-04-01,K1,U\x002", 30_000: b"x" * 70_000,
             35_000: b"\xef\xbb\xbf2024-04-01,K1,U3"}
    with open_table(_big_attendance(tmp_path, extra), ATTENDANCE) as table:
        rows = list(table.rows())
    bad = {r.line: r.problem for r in rows if isinstance(r, BadRow)}
    assert sorted(bad) == [5_000, 20_000, 30_000]
    assert "not valid in utf-8" in bad[5_000] and "NUL" in bad[20_000] and "longer than" in bad[30_000]
    good = [r for r in rows if not isinstance(r, BadRow)]
    assert len(good) == 40_000 - 3
    assert good[-1] == (40_001, ["2024-04-01", "K1", "U040001"])
    assert (35_000, ["\ufeff2024-04-01", "K1", "U3"]) in good  # utf-8 (no BOM at the start) keeps it, as before


def test_block_reader_switches_a_late_shift_jis_file(tmp_path: Path) -> None:
    """A file plain ASCII for several blocks, then Shift_JIS, is read as cp932 from there on."""
    path = _big_attendance(tmp_path, {30_000: "2024-04-01,K1,利用者1".encode("cp932")})
    with open_table(path, ATTENDANCE) as table:
        rows = list(table.rows())
        assert table.encoding == "cp932"
    assert (30_000, ["2024-04-01", "K1", "利用者1"]) in rows
    assert not any(isinstance(r, BadRow) for r in rows)


def test_block_reader_bom_file_line_numbers(tmp_path: Path) -> None:
    """A UTF-8 file with a BOM over several blocks: every row on its own line, the BOM not in the header."""
    with open_table(_big_attendance(tmp_path, {}, bom=b"\xef\xbb\xbf"), ATTENDANCE) as table:
        assert table.encoding == "utf-8-sig"
        rows = list(table.rows())
    assert len(rows) == 40_000
    assert rows[0] == (2, ["2024-04-01", "K1", "U000002"]) and rows[-1][0] == 40_001
