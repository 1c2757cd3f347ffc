"""Input tables as finance staff send them: CSV (UTF-8, UTF-8 with BOM, cp932) or .xlsx.

A table is read as a stream of rows, each with its line number, so a batch's
memory does not grow with the file. Headers may be English or Japanese: each
input kind has an alias table. A file that cannot be used at all (missing,
binary, required columns absent) raises :class:`UnusableInputError`; a row
that cannot be read (bytes not in the encoding, cut off, enormous) comes out
as a :class:`BadRow` so the batch reports it and goes on.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from .errors import KanoyaError

#: Longest CSV line read (bytes). Longer lines are error rows; this stays under csv's
#: own field size limit, so we never have to raise that process-wide setting.
MAX_LINE = 64 * 1024
_SNIFF = 64 * 1024
_BLOCK = 256 * 1024  # bytes handed to the csv reader at once when they read cleanly
# Encodings in which a block decodes to the same text as its lines one by one (stateless, and a
# newline byte is always a newline): the block reader's; any other goes line by line.
_BLOCKWISE = frozenset({"utf-8", "utf-8-sig", "cp932", "shift_jis", "euc_jp", "ascii", "iso8859-1"})


class UnusableInputError(KanoyaError):
    """An input file cannot be used at all: names the file, what was expected and what was found."""

    def __init__(self, file: str, problem: str, *, expected: tuple[str, ...] = (),
                 found: tuple[str, ...] = ()) -> None:
        self.file = file
        self.problem = problem
        self.expected = expected
        self.found = found
        text = f"unusable input {file}: {problem}"
        if expected:
            text += f"; expected columns {', '.join(expected)}"
        if found:
            text += f"; found {', '.join(found)}"
        super().__init__(text)


@attrs.frozen
class Schema:
    """The columns of one input kind: canonical names, which are required, and their header aliases."""

    kind: str
    label_ja: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    aliases: Mapping[str, tuple[str, ...]]

    def describe(self) -> tuple[str, ...]:
        """Each required column with its Japanese alias, for error messages."""
        return tuple(f"{c} ({self.aliases[c][0]})" for c in self.required)


def _norm(header: Any) -> str:
    text = unicodedata.normalize("NFKC", str(header if header is not None else "")).strip().lower()
    return "".join(ch for ch in text if ch not in " _-・　()（）")


_COMMON = {
    "person_id": ("会員ID", "利用者ID", "個人ID", "登録者ID", "氏名ID", "person", "member_id"),
    "group_id": ("グループID", "団体ID", "サロンID", "group"),
}

SALON_ROSTER = Schema(
    "salon_roster", "サロン等名簿", ("person_id", "group_id", "joined_on"), ("left_on",),
    {
        "person_id": _COMMON["person_id"],
        "group_id": _COMMON["group_id"],
        "joined_on": ("加入日", "入会日", "join_date", "joined"),
        "left_on": ("脱退日", "退会日", "left", "leave_date"),
    },
)
MUTUAL_AID = Schema(
    "mutual_aid", "助け合い応援事業 月別実績", ("group_id", "first_subsidized_month", "month"),
    ("rent_cost", "challenge_cost"),
    {
        "group_id": _COMMON["group_id"],
        "first_subsidized_month": ("補助開始月", "初回補助月", "first_month"),
        "month": ("対象月", "月", "年月"),
        "rent_cost": ("賃借料", "家賃", "rent"),
        "challenge_cost": ("チャレンジ経費", "地域課題チャレンジ経費", "challenge"),
    },
)
CENTERS = Schema(
    "centers", "センター一覧", ("center_id", "type"), ("effective_from",),
    {
        "center_id": ("センターID", "事業所ID", "center"),
        "type": ("類型", "型", "center_type"),
        "effective_from": ("適用開始日", "開始日", "from"),
    },
)
ATTENDANCE = Schema(
    "attendance", "利用実績", ("date", "center_id", "user_id"), ("bath", "one_way_trips"),
    {
        "date": ("利用日", "日付", "day", "attended_on"),
        "center_id": ("センターID", "事業所ID", "center"),
        "user_id": ("利用者ID", "user", "person_id"),
        "bath": ("入浴", "入浴有無", "入浴加算"),
        "one_way_trips": ("送迎回数", "送迎", "片道送迎回数", "trips"),
    },
)
STAMPS = Schema(
    "stamps", "ポイント押印記録", ("person_id", "activity_id", "stamped_on"), (),
    {
        "person_id": ("登録者ID", "会員ID", "利用者ID", "person", "registrant_id"),
        "activity_id": ("活動ID", "activity"),
        "stamped_on": ("活動日", "押印日", "日付", "date"),
    },
)
CATALOGUE = Schema(
    "catalogue", "活動一覧", ("activity_id", "kind", "points"), ("name_ja", "name_en"),
    {
        "activity_id": ("活動ID", "activity"),
        "kind": ("種別", "区分", "型"),
        "points": ("ポイント", "付与ポイント", "pts"),
        "name_ja": ("活動名", "名称"),
        "name_en": ("name",),
    },
)


@attrs.frozen
class BadRow:
    """A line that could not be read as a row: wrong bytes, cut off, too long, unreadable quoting."""

    line: int
    problem: str
    text: str = ""


def _excerpt(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def detect_encoding(head: bytes) -> str:
    """BOM → utf-8-sig; strict UTF-8 on the first chunk → utf-8; otherwise cp932 (Shift_JIS from Excel)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(head, final=False)
    except UnicodeDecodeError:
        return "cp932"
    return "utf-8"


class _Transcoded:
    """A UTF-16/32 file read as UTF-8 lines, so the line reader below works on any encoding."""

    def __init__(self, raw: IO[bytes], encoding: str) -> None:
        self._text = io.TextIOWrapper(raw, encoding=encoding, newline="")

    def readline(self, limit: int) -> bytes:
        text = self._text.readline(limit).removeprefix("\ufeff")  # a BOM also under utf-16-le/-be
        data = text.encode("utf-8")
        if len(text) == limit and not text.endswith("\n"):  # keep the reader's "line too long" signal
            return data[:limit].ljust(limit, b" ")
        return data

    def close(self) -> None:
        self._text.close()


class _CROnly:
    """A file whose lines end in a lone CR (old Mac): each CR read as a line end."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._buf = b""

    def readline(self, limit: int) -> bytes:
        while b"\r" not in self._buf and len(self._buf) < limit:
            chunk = self._raw.read(_SNIFF)
            if not chunk:
                break
            self._buf += chunk
        end = self._buf.find(b"\r")
        if 0 <= end < limit:
            line, self._buf = self._buf[:end] + b"\n", self._buf[end + 1:]
            return line
        line, self._buf = self._buf[:limit], self._buf[limit:]
        return line

    def close(self) -> None:
        self._raw.close()


class Table:
    """An open input table: its columns, then its rows as a stream. Use as a context manager."""

    def __init__(self, path: str | Path, schema: Schema, *, encoding: str | None = None) -> None:
        self.path = Path(path)
        self.name = str(path)
        self.schema = schema
        self.encoding = encoding
        self.ignored_columns: tuple[str, ...] = ()
        self.headers: dict[str, str] = {}  # canonical column → its header as written in the file
        self.blank_lines = 0
        self._file: IO[bytes] | _Transcoded | _CROnly | None = None
        self._xlsx: Any = None
        self._bad: dict[int, str] = {}
        self._line = 0
        self._guessed = False  # utf-8 was guessed from a first chunk with no proof either way
        self._decode_as: str | None = None  # the lines' encoding when it is not the file's (UTF-16 re-encoded)
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    # -- opening -------------------------------------------------------------------------------
    def _open(self) -> None:
        if not self.path.is_file():
            raise UnusableInputError(self.name, "no such file")
        try:
            f = self.path.open("rb")
        except OSError as err:
            raise UnusableInputError(self.name, f"cannot be read ({err.strerror})") from None
        self._file = f
        head = f.read(_SNIFF)
        f.seek(0)
        if head.startswith(b"PK\x03\x04"):
            if self.path.suffix.lower() not in (".xlsx", ".xlsm"):
                raise UnusableInputError(self.name, "looks like an Excel workbook: name it .xlsx or save it as CSV")
            self._open_xlsx()
            return
        if self.encoding is None and head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.encoding = "utf-16"  # Excel's "Unicode text"
        if self.encoding is not None:
            try:
                codec = codecs.lookup(self.encoding).name
            except LookupError:
                raise UnusableInputError(self.name, f"unknown encoding {self.encoding!r}") from None
            if codec.startswith(("utf-16", "utf-32")):  # NUL bytes are normal there: read it as text, re-encoded
                self._file = _Transcoded(f, self.encoding)
                self._decode_as = "utf-8"
        if b"\x00" in head and self._decode_as is None:
            raise UnusableInputError(self.name, "binary data, not a CSV text file (is it UTF-16 or a workbook? "
                                     "UTF-16 without a BOM: give --encoding utf-16-le)")
        if self.encoding is None:
            self.encoding = detect_encoding(head)
            self._guessed = self.encoding == "utf-8"
        if self._decode_as is None and b"\r" in head and b"\n" not in head:
            self._file = _CROnly(f)  # old Mac line endings: every CR ends a line
        self._reader = csv.reader(self._lines())
        header = self._first_row()
        self._columns = self._match(header)

    def _open_xlsx(self) -> None:
        try:
            import openpyxl  # only needed for workbooks
        except ImportError:  # pragma: no cover - a dependency, but keep a clear message
            raise UnusableInputError(self.name, "reading .xlsx needs the openpyxl package") from None
        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises many kinds on a broken zip
            raise UnusableInputError(self.name, f"not a readable .xlsx workbook ({type(err).__name__})") from None
        self._xlsx = book
        self.encoding = "xlsx"
        sheet = book.worksheets[0]
        self._xrows = sheet.iter_rows(values_only=True)
        # The same sheet's formulas, read alongside: a formula cell never saved by Excel (a file written by a
        # script) has no value, and must be an error row rather than a silent blank.
        self._xformulas = openpyxl.load_workbook(self.path, read_only=True, data_only=False)
        self._xftext = self._xformulas.worksheets[0].iter_rows(values_only=True)
        header: list[Any] = []
        for values in self._xrows:
            self._line += 1
            next(self._xftext, None)
            if any(v not in (None, "") for v in values):
                header = list(values)
                break
        self._columns = self._match(header)

    def _first_row(self) -> list[str]:
        while True:
            try:
                row = next(self._reader)
            except StopIteration:
                raise UnusableInputError(self.name, "empty file: no header row",
                                         expected=self.schema.describe()) from None
            except csv.Error as err:
                raise UnusableInputError(self.name, f"header row cannot be read ({err})") from None
            if self._bad:
                raise UnusableInputError(self.name, f"header row: {next(iter(self._bad.values()))}")
            if any(cell.strip() for cell in row):
                return row

    def _match(self, header: list[Any]) -> dict[str, int]:
        wanted: dict[str, str] = {}
        for canonical, aliases in self.schema.aliases.items():
            for alias in (canonical, *aliases):
                wanted.setdefault(_norm(alias), canonical)
        columns: dict[str, int] = {}
        ignored = []
        for i, cell in enumerate(header):
            found = wanted.get(_norm(cell))
            if found is not None and found in columns:  # which of the two holds the data? not ours to guess
                raise UnusableInputError(
                    self.name, f"two columns are both {found}: {self.headers[found]!r} (column {columns[found] + 1}) "
                    f"and {str(cell).strip()!r} (column {i + 1}); keep one of them")
            if found is not None:
                columns[found] = i
                self.headers[found] = str(cell).strip()
            elif str(cell or "").strip():
                ignored.append(str(cell))
        self.ignored_columns = tuple(ignored)
        missing = [c for c in self.schema.required if c not in columns]
        if missing:
            raise UnusableInputError(
                self.name, f"not a {self.schema.kind} table ({self.schema.label_ja}): missing columns "
                + ", ".join(f"{c} ({self.schema.aliases[c][0]})" for c in missing),
                expected=self.schema.describe(), found=tuple(str(c) for c in header if c not in (None, "")),
            )
        self.width = len(header)
        return columns

    # -- reading -------------------------------------------------------------------------------
    @property
    def columns(self) -> dict[str, int]:
        """Canonical column name → position in each row (only the columns present)."""
        return self._columns

    def _lines(self) -> Iterator[str]:
        """Decoded lines for the csv reader; an unreadable line becomes '\\n' and is noted in ``_bad``.

        A plain file is read in large blocks: a block that decodes cleanly, has no NUL byte and no
        enormous line is handed to the csv reader whole (lines split in C, as when ``csv`` reads a text
        file), which is most of the batch's reading time; only a block with a problem goes line by line.
        """
        assert self._file is not None
        if isinstance(self._file, io.BufferedReader) and codecs.lookup(self.encoding or "utf-8").name in _BLOCKWISE:
            return itertools.chain.from_iterable(self._blocks(self._file))
        return self._careful(self._file, first=True)

    def _blocks(self, f: io.BufferedReader) -> Iterator[Iterable[str]]:
        """Runs of lines: a clean block as one text stream, a block with a problem through :meth:`_careful`."""
        first = True
        rest = b""
        while True:
            at = f.tell() - len(rest)
            data = f.read(_BLOCK)
            block = rest + data
            if not block:
                return
            cut = block.rfind(b"\n") + 1
            if data and cut == 0:  # no line end in a whole block: an enormous line; the careful reader skips it
                f.seek(at)
                yield self._careful(f, first=first)
                return
            if data:
                block, rest = block[:cut], block[cut:]
            else:
                rest = b""
            text = self._clean(block, first)
            if text is None:
                yield self._careful(io.BytesIO(block), first=first)
            else:
                self._line += block.count(b"\n") + (not block.endswith(b"\n"))
                yield io.StringIO(text, newline="\n")
            first = False

    def _clean(self, block: bytes, first: bool) -> str | None:
        """The block's text when every line in it reads cleanly (as :meth:`_careful` would), else None."""
        if b"\x00" in block:
            return None
        encoding = codecs.lookup(self.encoding or "utf-8").name
        if encoding == "utf-8-sig":
            if b"\n\xef\xbb\xbf" in block or (not first and block.startswith(codecs.BOM_UTF8)):
                return None  # a BOM at a line start: the line reader drops each one
            if first:
                block = block.removeprefix(codecs.BOM_UTF8)
            encoding = "utf-8"
        if len(block) >= MAX_LINE:
            # Every half-limit window holding a line end proves no line reaches the limit; else measure.
            half = MAX_LINE // 2
            find = block.find
            if any(find(b"\n", k, k + half) < 0 for k in range(0, len(block) - half, half)) \
                    and max(map(len, block.split(b"\n"))) >= MAX_LINE:
                return None
        try:
            text = block.decode(encoding)
        except UnicodeDecodeError:
            return None  # the line reader finds the line, and may switch a guessed UTF-8 to cp932
        if self._guessed and not block.isascii():
            self._guessed = False  # real UTF-8 text seen: the guess is confirmed
        return text

    def _careful(self, f: IO[bytes] | _Transcoded | _CROnly, *, first: bool) -> Iterator[str]:
        """Line by line: each line's bytes, length and NULs checked; a bad line becomes '\\n' noted in ``_bad``."""
        encoding = self._decode_as or self.encoding or "utf-8"
        decode = codecs.getdecoder(encoding)
        while True:
            raw = f.readline(MAX_LINE)
            if not raw:
                return
            self._line += 1
            if len(raw) == MAX_LINE and not raw.endswith(b"\n"):
                while True:  # skip the rest of the enormous line without holding it
                    more = f.readline(MAX_LINE)
                    if not more or more.endswith(b"\n"):
                        break
                self._bad[self._line] = f"the line is longer than {MAX_LINE // 1024} KiB: not read"
                yield "\n"
                continue
            if first and self.encoding == "utf-8-sig":
                raw = raw.removeprefix(codecs.BOM_UTF8)
            first = False
            try:
                text = decode(raw, "strict")[0]
                if self._guessed and not raw.isascii():
                    self._guessed = False  # real UTF-8 text seen: the guess is confirmed
            except UnicodeDecodeError as err:
                if self._guessed:
                    # Every line so far was plain ASCII, which reads the same in cp932: an English
                    # header over Shift_JIS data. Switch rather than reject the rest of the file.
                    self._guessed = False
                    try:
                        text = codecs.decode(raw, "cp932")
                    except UnicodeDecodeError:
                        pass
                    else:
                        self.encoding = encoding = "cp932"
                        decode = codecs.getdecoder(encoding)
                        yield text
                        continue
                self._bad[self._line] = (f"the line has bytes not valid in {encoding} at byte {err.start} "
                                         "(wrong encoding? try --encoding)")
                yield "\n"
                continue
            if "\x00" in text:
                self._bad[self._line] = "the line has binary data (NUL bytes)"
                yield "\n"
                continue
            yield text

    def rows(self) -> Iterator[tuple[int, list[Any]] | BadRow]:
        """Each data row as ``(line, cells)``, or a :class:`BadRow`. Blank lines are skipped and counted."""
        if self._xlsx is not None:
            yield from self._xlsx_rows()
            return
        reader = self._reader
        width = self.width
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield BadRow(start, f"the row cannot be read as CSV from here to line {reader.line_num} ({err})")
                continue
            if self._bad:
                bad = [n for n in self._bad if n >= start]
                if bad:
                    for n in bad:
                        yield BadRow(n, self._bad.pop(n))
                    continue
            if len(cells) == width and cells[0]:
                yield start, cells  # the common case, checked first
                continue
            if not any(c.strip() for c in cells):
                self.blank_lines += 1
                continue
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]  # Excel's trailing empty cells
            elif len(cells) != width:
                what = "the row is cut off" if len(cells) < width else "the row has too many cells"
                problem = f"{what}: {len(cells)} cells, the header has {width}"
                if reader.line_num > start:  # say so when a stray quote swallowed the lines after it
                    problem += f"; lines {start}-{reader.line_num} were read as one row (an unclosed \" quote?)"
                yield BadRow(start, problem, _excerpt(",".join(cells)))
                continue
            yield start, cells

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]] | BadRow]:
        from openpyxl.utils import get_column_letter

        width = self.width
        for values in self._xrows:
            self._line += 1
            formulas = next(self._xftext, None) or ()
            unsaved = [i for i, (v, f) in enumerate(zip(values, formulas, strict=False))
                       if v is None and isinstance(f, str) and f.startswith("=")]
            if unsaved:
                cell_name = f"{get_column_letter(unsaved[0] + 1)}{self._line}"
                yield BadRow(self._line, f"cell {cell_name}: formula without a saved value: open and save the file "
                             "in Excel", str(formulas[unsaved[0]]))
                continue
            cells = ["" if v is None else v for v in values]
            if not any(c != "" for c in cells):
                self.blank_lines += 1
                continue
            cells = (cells + [""] * width)[:width]
            yield self._line, cells

    def close(self) -> None:
        """Close the underlying file."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._xlsx is not None:
            self._xlsx.close()
            self._xlsx = None
        if getattr(self, "_xformulas", None) is not None:
            self._xformulas.close()
            self._xformulas = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@attrs.frozen
class Records:
    """A table already in memory (a JSON request's list, a case's rows), read by the batches like a file.

    Each row maps canonical column names to values, which may be text as in a file or
    already typed (date, bool, int: the textforms parsers take those as they are); a
    missing key or None is an empty cell. A row's line is its 0-based index, so an
    error row names ``attendances[i]``. ``str()`` of it is its name, as ``str()`` of a
    path is the file's, so a batch names both the same way.
    """

    name: str
    schema: Schema
    rows: Sequence[Mapping[str, Any]]

    def __str__(self) -> str:
        return self.name


#: What a batch reads: a file's path or rows in memory.
Source = str | Path | Records


class RecordsTable:
    """An open :class:`Records`: the same columns, headers and rows interface as :class:`Table`."""

    encoding = "records"
    blank_lines = 0

    def __init__(self, records: Records) -> None:
        self.name = records.name
        self.schema = records.schema
        self._records = records
        names = (*records.schema.required, *records.schema.optional)
        self.headers = {c: c for c in names}
        self._names = names
        self._columns = {c: i for i, c in enumerate(names)}
        known = set(names)
        self.ignored_columns = tuple(sorted({str(k) for row in records.rows for k in row if k not in known}))

    @property
    def columns(self) -> dict[str, int]:
        """Canonical column name → position in each row: every column of the schema."""
        return self._columns

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Each record as ``(index, cells)`` in the schema's column order; every record comes out."""
        names = self._names
        for i, row in enumerate(self._records.rows):
            yield i, ["" if (v := row.get(c)) is None else v for c in names]

    def close(self) -> None:
        """Nothing to close: the rows are in memory."""

    def __enter__(self) -> RecordsTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_table(path: Source, schema: Schema, *, encoding: str | None = None) -> Table | RecordsTable:
    """Open an input table of a kind; raises UnusableInputError if it cannot be used at all."""
    if isinstance(path, Records):
        if path.schema.kind != schema.kind:
            raise UnusableInputError(path.name, f"not a {schema.kind} table ({schema.label_ja}): "
                                                f"the rows are {path.schema.kind}")
        return RecordsTable(path)
    return Table(path, schema, encoding=encoding)

