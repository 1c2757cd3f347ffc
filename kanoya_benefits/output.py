"""Batch output for people and scripts: CSV for Excel and JSON, written atomically, with provenance.

- Atomic: the file is written to a temporary file in the same directory, flushed
  to disk, then moved over the target with ``os.replace``; an interrupted run
  leaves the old file or none, never half a file. A new file gets the usual mode
  (0o666 less the umask), a replaced one keeps its mode; a symlink is written
  through; a directory, device or read-only file is refused, never replaced.
- CSV for Excel: UTF-8 with a BOM by default (Excel opens it as UTF-8), cp932 on
  request. Text cells that Excel would read as a formula (starting with = + - @,
  tab or CR) get a leading apostrophe. Numbers are written as numbers, never
  escaped: every number in our output is an int we computed (negative ones are
  cap reductions), not text from the input.
- Every output records what produced it: input files with SHA-256, the rules
  version and source, the tool version, the command line and the fiscal year.
  No timestamp, so re-running the same command gives the same bytes.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from .errors import KanoyaError
from .fiscal import fiscal_year_label
from .results import Flag, to_dict

FORMATS = ("csv", "json")


class OutputError(KanoyaError):
    """The output could not be written: names the file and why (e.g. held open by Excel)."""

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"cannot write {file}: {problem}")


@attrs.frozen
class InputHash:
    """One input file and the SHA-256 of its bytes."""

    path: str
    kind: str
    encoding: str
    sha256: str


@attrs.frozen
class Provenance:
    """What produced an output, so it can be re-run and checked."""

    inputs: tuple[InputHash, ...]
    rules_version: str
    rules_source: str
    tool_version: str
    command: str
    fiscal_year: int


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """A cell safe for Excel: text that would start a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


def atomic_write(path: str | Path, write: Callable[[IO[str]], object], *, encoding: str = "utf-8",
                 newline: str | None = None) -> None:
    """Write a text file atomically: temp file in the same directory, fsync, os.replace.

    An error or Ctrl-C while writing removes the temp file and leaves the old file (or none).
    """
    target = Path(path)
    if target.is_symlink():  # write through the link to the file it names; the link stays a link
        target = target.resolve()
    mode = _output_mode(target)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    except FileNotFoundError:
        raise OutputError(str(target), f"the directory {directory} does not exist") from None
    except PermissionError:
        raise OutputError(str(target), f"no permission to write in {directory}") from None
    except OSError as err:
        raise OutputError(str(target), err.strerror or str(err)) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as f:
            os.fchmod(f.fileno(), mode)  # mkstemp makes 0600: colleagues on a shared folder could not open it
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, PermissionError):
            raise OutputError(str(target), "permission denied: is the file open in Excel or another program? "
                              "Close it and run again") from None
        if isinstance(err, UnicodeEncodeError):
            bad = err.object[err.start:err.end]
            raise OutputError(str(target), f"a value cannot be written in {encoding} ({bad!r}); "
                              "use the default UTF-8 encoding") from None
        if isinstance(err, OSError) and not isinstance(err, FileNotFoundError):
            raise OutputError(str(target), err.strerror or str(err)) from None
        raise


def _output_mode(target: Path) -> int:
    """The mode the output gets: an existing file's own, else the usual 0o666 less the umask.

    Refuses a target that is not a regular file (a directory, /dev/full) or is read-only: replacing
    either would silently destroy something the user did not mean to give us.
    """
    try:
        st = target.stat()
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
    except OSError as err:
        raise OutputError(str(target), err.strerror or str(err)) from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(str(target), "it is a directory: give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(str(target), "it exists and is not a regular file (a device or a pipe?): give a file name")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputError(str(target), "the file is read-only: make it writable or write to another file")
    return stat.S_IMODE(st.st_mode)


# -- tables -------------------------------------------------------------------------------------

Header = tuple[tuple[str, str], ...]  # (ja, en) per column


@attrs.frozen
class Section:
    """A titled table of the CSV report."""

    title_ja: str
    title_en: str
    header: Header
    rows: Sequence[Sequence[Any]]


def _flags_text(flags: Iterable[Flag]) -> str:
    return " / ".join(f"[{f.code}] {f.reason_ja} ({f.reason_en})" for f in flags)


def _common_sections(batch: Any) -> list[Section]:
    s = batch.summary
    counts = [("入力行数", "rows in", s.rows_in), ("使用", "used", s.used), ("対象外", "out of scope", s.out_of_scope),
              ("エラー行", "error rows", s.errors), ("空行（読み飛ばし）", "blank lines skipped", s.blank_lines)]
    counts += [(f"ファイル {f.file}", f"file {f.file}",
                f"{f.rows_in} = {f.used} + {f.out_of_scope} + {f.errors}") for f in s.files]
    problems: list[list[Any]] = [["エラー error", e.file, e.line, e.column, e.value, e.expected,
                                  getattr(e, "expected_ja", None) or ""] for e in batch.errors]
    problems += [["対象外 out of scope", o.file, o.line, "", o.value, f"{o.reason_ja} ({o.reason_en})", o.reason_ja]
                 for o in batch.out_of_scope]
    return [
        Section("行数", "row counts", (("項目", "item"), ("item", ""), ("件数", "count")),
                [[ja, en, n] for ja, en, n in counts]),
        Section("エラー行・対象外の行", "error and out-of-scope rows",
                (("区分", "kind"), ("ファイル", "file"), ("行", "line"), ("列", "column"), ("値", "value"),
                 ("期待される値・理由", "expected / reason"),
                 ("期待される値・理由（日本語）", "expected / reason (ja)")),
                problems),
        Section("警告", "warnings", (("コード", "code"), ("内容", "reason (ja)"), ("reason", "reason (en)")),
                [[w.code, w.reason_ja, w.reason_en] for w in batch.warnings]),
    ]


def sections(batch: Any) -> list[Section]:
    """The CSV report of a batch result, as titled tables (results, details, total, counts, problems)."""
    from .batch import attendance, mutual_aid_year, points_year, salon_roster

    total = Section("合計", "city total", (("合計額（円）", "total (yen)"),), [[batch.total]])
    if isinstance(batch, salon_roster.SalonBatch):
        main = Section("グループ別助成額", "grant per group",
                       (("グループID", "group_id"), ("初回加入", "first_time"), ("既加入者", "additional"),
                        ("上限適用前", "uncapped"), ("助成額（円）", "grant (yen)"), ("要確認", "flags")),
                       [[g.group_id, g.first_time, g.additional, g.grant.uncapped_amount, g.amount, len(g.grant.flags)]
                        for g in batch.groups])
        labels = salon_roster.CLASS_LABELS
        detail = Section("グループ別加入者", "members per group",
                         (("グループID", "group_id"), ("会員ID", "person_id"), ("加入日", "joined_on"),
                          ("脱退日", "left_on"), ("区分", "classification"), ("単価", "rate"), ("行", "line"),
                          ("要確認の理由", "flags")),
                         [[g.group_id, m.person_id, m.joined_on.isoformat(),
                           m.left_on.isoformat() if m.left_on else "",
                           f"{labels[m.classification][0]} {labels[m.classification][1]}", m.rate, m.line,
                           _flags_text(m.flags)] for g in batch.groups for m in g.members])
    elif isinstance(batch, attendance.AttendanceBatch):
        main = Section("センター別月次請求額", "monthly claim per center",
                       (("センターID", "center_id"), ("月", "month"), ("類型", "type"), ("延べ利用日数", "user_days"),
                        ("入浴", "baths"), ("送迎（片道）", "one_way_trips"), ("請求額（円）", "claim (yen)"),
                        ("要確認", "flags")),
                       [[c.center_id, f"{c.month:%Y-%m}", "/".join(c.center_types), c.user_days, c.baths,
                         c.one_way_trips, c.amount, _flags_text(c.flags)] for c in batch.claims])
        detail = Section("内訳", "line items",
                         (("センターID", "center_id"), ("月", "month"), ("項目", "item"), ("item", ""),
                          ("数量", "quantity"), ("単価", "unit"), ("小計", "subtotal"), ("根拠", "citation")),
                         [[c.center_id, f"{c.month:%Y-%m}", i.label_ja, i.label_en, i.quantity, i.unit_amount,
                           i.subtotal, i.citation] for c in batch.claims for i in c.line_items])
    elif isinstance(batch, points_year.PointsBatch):
        main = Section("登録者別ポイント・転換額", "points and yen per registrant",
                       (("登録者ID", "person_id"), ("ポイント", "points"), ("重複除外", "repeats dropped"),
                        ("上限適用前", "uncapped"), ("転換額（円）", "yen")),
                       [[p.person_id, p.points, p.tally.repeats_dropped, p.tally.conversion.uncapped_amount, p.amount]
                        for p in batch.persons])
        detail = Section("活動別内訳", "activities per registrant",
                         (("登録者ID", "person_id"), ("活動ID", "activity_id"), ("種別", "kind"), ("回数", "times"),
                          ("ポイント", "points")),
                         [[p.person_id, a.activity_id, a.kind, a.times, a.points]
                          for p in batch.persons for a in p.tally.activities])
    elif isinstance(batch, mutual_aid_year.MutualAidBatch):
        month_cols = tuple((f"{m.on:%Y-%m}", f"{m.on:%Y-%m}") for m in batch.groups[0].schedule.months) \
            if batch.groups else ()
        main = Section("団体別補助額", "subsidy per group",
                       (("グループID", "group_id"), ("補助開始月", "first_subsidized_month"), *month_cols,
                        ("年額（円）", "annual (yen)"), ("要確認", "flags")),
                       [[g.group_id, f"{g.first_subsidized_month:%Y-%m}", *(m.amount for m in g.schedule.months),
                         g.amount, _flags_text(g.schedule.flags)] for g in batch.groups])
        detail = Section("月別内訳", "monthly line items",
                         (("グループID", "group_id"), ("月", "month"), ("項目", "item"), ("item", ""),
                          ("小計", "subtotal"), ("根拠", "citation")),
                         [[g.group_id, f"{m.on:%Y-%m}", i.label_ja, i.label_en, i.subtotal, i.citation]
                          for g in batch.groups for m in g.schedule.months for i in m.line_items])
    else:  # pragma: no cover - every batch kind is listed above
        raise TypeError(type(batch).__name__)
    return [main, detail, total, *_common_sections(batch)]


def _provenance_rows(p: Provenance) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["年度", "fiscal year", f"{p.fiscal_year} ({fiscal_year_label(p.fiscal_year)})"],
        ["ルール版", "rules version", p.rules_version],
        ["ルールの出所", "rules source", p.rules_source],
        ["ツール版", "tool version", p.tool_version],
        ["コマンド", "command", p.command],
    ]
    rows += [["入力ファイル", f"input ({i.kind}, {i.encoding})", f"{i.path} sha256:{i.sha256}"] for i in p.inputs]
    return rows


def write_csv(path: str | Path, batch: Any, provenance: Provenance, *, encoding: str = "utf-8-sig") -> None:
    """The report as a CSV for Excel: one titled table after another, provenance last."""
    parts = sections(batch)
    parts.append(Section("出力の由来", "provenance", (("項目", "item"), ("item", ""), ("値", "value")),
                         _provenance_rows(provenance)))

    # cp932 has no U+00A5 (its ¥ is the backslash byte): write the full-width ￥ it does have.
    yen = str.maketrans({"¥": "￥"}) if codecs.lookup(encoding).name == "cp932" else None

    def cell(value: Any) -> Any:
        value = escape_cell(value)
        return value.translate(yen) if yen is not None and isinstance(value, str) else value

    def write(f: IO[str]) -> None:
        w = csv.writer(f, lineterminator="\r\n")
        for n, sec in enumerate(parts):
            if n:
                w.writerow([])
            w.writerow([cell(f"■ {sec.title_ja} / {sec.title_en}")])
            w.writerow([cell(f"{ja} / {en}" if en else ja) for ja, en in sec.header])
            for row in sec.rows:
                w.writerow([cell(v) for v in row])

    atomic_write(path, write, encoding=encoding, newline="")


def to_json_data(batch: Any, provenance: Provenance) -> dict[str, Any]:
    """The batch result and its provenance as JSON-ready data."""
    return {"provenance": to_dict(provenance), "result": to_dict(batch)}


def write_json(path: str | Path, batch: Any, provenance: Provenance) -> None:
    """The full result (every line item, flag and note) as UTF-8 JSON."""
    data = to_json_data(batch, provenance)

    def write(f: IO[str]) -> None:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")

    atomic_write(path, write, encoding="utf-8")
