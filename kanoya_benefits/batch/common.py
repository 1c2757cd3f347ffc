"""What every batch shares: error rows, out-of-scope rows, the run summary and its invariant.

Every input row ends in exactly one of three places: used, out of scope (listed,
not counted) or an error row naming the file, line, column, value and what was
expected. :class:`RunSummary` refuses to exist if the counts do not add up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from ..errors import InputError
from ..tabular import BadRow, RecordsTable, Schema, Source, Table, open_table

#: Called with the number of rows read so far (for a progress display); None for quiet.
Progress = Callable[[int], None] | None
PROGRESS_EVERY = 5_000


@attrs.frozen
class RowError:
    """An input row that could not be used, and why."""

    file: str
    line: int
    column: str
    value: str
    expected: str
    expected_ja: str | None = None  # the same in Japanese, when the error has it

    @property
    def message(self) -> str:
        """One line for staff: where, what came, what was expected (a whole row: what is wrong with it)."""
        if self.column == ROW:
            return f"{self.file}:{self.line}: {self.expected}" + (f": {self.value!r}" if self.value else "")
        return f"{self.file}:{self.line}: {self.column}: expected {self.expected}, got {self.value!r}"

    @property
    def message_ja(self) -> str | None:
        """The message in Japanese, when the expected value has a Japanese wording."""
        if self.expected_ja is None:
            return None
        if self.column == ROW:
            return f"{self.file}:{self.line}行目: {self.expected_ja}"
        return f"{self.file}:{self.line}行目: {self.column}: {self.expected_ja}（入力値: {self.value!r}）"


#: The column of an error about a whole row (cut off, unreadable bytes) rather than one cell.
ROW = "(row)"

# The table reader's whole-row problems in Japanese, matched on its English wording (tabular.py).
_ROW_JA = tuple((re.compile(en), ja) for en, ja in (
    (r"^the row is cut off: (\d+) cells, the header has (\d+)", r"行が途中で切れている：\1列（見出しは\2列）"),
    (r"^the row has too many cells: (\d+) cells, the header has (\d+)", r"列が多すぎる：\1列（見出しは\2列）"),
    (r"^the line is longer than (\d+) KiB", r"\1KiBを超える長い行のため読み込まない"),
    (r"^the line has bytes not valid in (\S+) at byte (\d+)",
     r"文字コード \1 として読めないバイトがある（\2バイト目。--encoding で指定できる）"),
    (r"^the line has binary data", "バイナリデータ（NULバイト）を含む行"),
    (r"^the row cannot be read as CSV from here to line (\d+)",
     r"\1行目までCSVとして読めない（引用符 \" の閉じ忘れ？）"),
    (r"^cell (\w+): formula without a saved value",
     r"セル\1：数式の計算結果が保存されていない。Excelで開いて保存し直すこと"),
))


def row_problem_ja(problem: str) -> str | None:
    """A whole-row problem of the table reader in Japanese, None if it has no Japanese wording."""
    for pattern, ja in _ROW_JA:
        m = pattern.match(problem)
        if m is not None:
            return m.expand(ja)
    return None


@attrs.frozen
class OutOfScope:
    """An input row that is valid but does not count for this run (e.g. dated outside the fiscal year)."""

    file: str
    line: int
    reason_ja: str
    reason_en: str
    value: str = ""


@attrs.frozen
class FileCount:
    """Row counts of one input file: rows_in == used + out_of_scope + errors."""

    file: str
    rows_in: int
    used: int
    out_of_scope: int
    errors: int

    def __attrs_post_init__(self) -> None:
        _check_invariant(self.file, self.rows_in, self.used, self.out_of_scope, self.errors)


def _check_invariant(what: str, rows_in: int, used: int, out_of_scope: int, errors: int) -> None:
    if rows_in != used + out_of_scope + errors:
        raise AssertionError(f"row count invariant broken for {what}: {rows_in} in != {used} used + "
                             f"{out_of_scope} out of scope + {errors} errors")


@attrs.frozen
class RunSummary:
    """Row counts of a run, in total and per file: rows_in == used + out_of_scope + errors, always."""

    rows_in: int
    used: int
    out_of_scope: int
    errors: int
    blank_lines: int = 0
    files: tuple[FileCount, ...] = ()

    def __attrs_post_init__(self) -> None:
        _check_invariant("the run", self.rows_in, self.used, self.out_of_scope, self.errors)
        if self.files and sum(f.rows_in for f in self.files) != self.rows_in:
            raise AssertionError("row count invariant broken: the files' rows do not add up to the run's")


@attrs.frozen
class InputFile:
    """One input file as read: its name, kind and detected encoding."""

    path: str
    kind: str
    encoding: str


class Ledger:
    """Accumulates the fate of every row while a batch runs; :meth:`summary` checks the invariant."""

    def __init__(self, progress: Progress = None) -> None:
        self.rows_in = 0
        self.used = 0
        self._files: dict[str, list[int]] = {}  # file → [rows in, used, out of scope, errors]
        self._headers: dict[str, dict[str, str]] = {}  # file → canonical column → header as written
        self.errors: list[RowError] = []
        self.out_of_scope: list[OutOfScope] = []
        self.blank_lines = 0
        self.inputs: list[InputFile] = []
        self._progress = progress

    def _column(self, file: str, column: str) -> str:
        """A column as staff see it: their header, with our name when it differs: 送迎回数 (one_way_trips)."""
        header = self._headers.get(file, {}).get(column)
        return column if header is None or header == column else f"{header} ({column})"

    def error(self, file: str, line: int, column: str, value: Any, expected: str) -> None:
        """Record an error row."""
        self.errors.append(RowError(file, line, self._column(file, column), _text(value), expected))
        self._files[file][3] += 1

    def use(self, file: str, rows: int = 1) -> None:
        """Count a row (or ``rows`` rows, counted by a batch's loop) as used."""
        self.used += rows
        self._files[file][1] += rows

    def input_error(self, file: str, line: int, err: InputError) -> None:
        """Record an error row from a parser's InputError (its field is the column)."""
        self.errors.append(RowError(file, line, self._column(file, err.field), _text(err.got), err.expected,
                                    getattr(err, "expected_ja", None)))
        self._files[file][3] += 1

    def skip(self, file: str, line: int, reason_ja: str, reason_en: str, value: Any = "") -> None:
        """Record an out-of-scope row."""
        self.out_of_scope.append(OutOfScope(file, line, reason_ja, reason_en, _text(value)))
        self._files[file][2] += 1

    @contextmanager
    def table(self, path: Source, schema: Schema, encoding: str | None = None
              ) -> Iterator[tuple[dict[str, int], Iterator[tuple[int, list[Any]]]]]:
        """Open a table (a file, or :class:`~kanoya_benefits.tabular.Records` in memory): its column map
        and a stream of its readable rows.

        Each row is counted in; unreadable ones become error rows here. Rows are filed under the
        table's name (a file's path as given, a Records' name).
        """
        with open_table(path, schema, encoding=encoding) as table:
            self._files.setdefault(table.name, [0, 0, 0, 0])
            self._headers[table.name] = table.headers
            yield table.columns, self._rows(table)
            self.blank_lines += table.blank_lines
            # recorded once read: an ASCII start guessed as UTF-8 may have turned out to be cp932
            self.inputs.append(InputFile(table.name, schema.kind, table.encoding or ""))

    def _rows(self, table: Table | RecordsTable) -> Iterator[tuple[int, list[Any]]]:
        progress = self._progress
        counts = self._files[table.name]
        # Why counted in a local: this runs once per row of a million-row file; the totals are
        # written back however the loop ends (the batch may stop reading early).
        n = 0
        try:
            for row in table.rows():
                n += 1
                if progress is not None and (self.rows_in + n) % PROGRESS_EVERY == 0:
                    progress(self.rows_in + n)
                if type(row) is BadRow:
                    self.errors.append(RowError(table.name, row.line, ROW, row.text, row.problem,
                                                row_problem_ja(row.problem)))
                    counts[3] += 1
                    continue
                yield row  # type: ignore[misc]
        finally:
            self.rows_in += n
            counts[0] += n

    def summary(self) -> RunSummary:
        """The counts, checked: every row in is used, out of scope or an error."""
        if self._progress is not None:
            self._progress(self.rows_in)
        files = tuple(FileCount(f, *c) for f, c in self._files.items())
        return RunSummary(self.rows_in, self.used, len(self.out_of_scope), len(self.errors), self.blank_lines, files)


def _text(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def cell(cells: list[Any], columns: dict[str, int], name: str) -> Any:
    """The cell of an optional column, '' when the table has no such column."""
    i = columns.get(name)
    return "" if i is None else cells[i]
