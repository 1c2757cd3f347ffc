"""Auditors' case files: YAML (many cases, any programme) and CSV (one row per case).

A case names the reading it pins, the programme, the date or fiscal year, the
inputs and what is expected: the amount, and optionally the uncapped figure,
line-item subtotals (by rule parameter or label), flag codes, notes, or an
error code instead of an amount. A malformed file or case becomes a
:class:`CaseProblem` with file and line; the other cases are still read.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import yaml

from ..errors import InputError
from ..fiscal import check_date_in_range, fiscal_year_of, fiscal_year_start
from ..rules import _StrictLoader, alias_line
from . import fields as f
from .programmes import PROGRAMMES
from .programmes import programme as find_programme

CASE_SUFFIXES = (".yaml", ".yml", ".csv")
_CASE_KEYS = {"name", "programme", "on", "month", "fiscal_year", "inputs", "expect", "note", "rules_changes"}
_DATE_KEYS = ("on", "month", "fiscal_year")
_EXPECT_KEYS = {"amount", "uncapped", "line_items", "flags", "notes", "error", "error_field"}


@attrs.frozen
class Expected:
    """What a case expects; None means "not checked"."""

    amount: int | None = None
    uncapped: int | None = None
    line_items: tuple[tuple[str, int], ...] = ()  # (rule parameter or label, subtotal)
    flags: tuple[str, ...] | None = None  # exactly these flag codes
    notes: tuple[str, ...] | None = None  # at least these parameters noted as interpretation/assumed
    error: str | None = None  # an error code (e.g. no_rule_in_force) instead of an amount
    error_field: str | None = None


@attrs.frozen
class Case:
    """One auditor's case, ready to run."""

    name: str
    programme: str
    inputs: dict[str, Any]
    expect: Expected
    file: str
    line: int
    note: str | None = None
    #: Dated values applied on the rules for this case only, as an overlay's ``parameters``: to pin how
    #: a change is applied (mid-year, a flipped switch) without shipping the change.
    rules_changes: dict[str, Any] | None = None


def plain(value: Any) -> Any:
    """Case data as plain JSON-ready values: dates as ISO text (also as keys), mappings as dicts."""
    if isinstance(value, Mapping):
        return {plain(k) if isinstance(k, date) else k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@attrs.frozen
class CaseProblem:
    """A case file or case that could not be read, and where."""

    file: str
    line: int | None
    problem: str
    name: str | None = None


@attrs.frozen
class CaseBook:
    """The cases read from some files, and the problems met reading them."""

    cases: tuple[Case, ...]
    problems: tuple[CaseProblem, ...]
    files: tuple[str, ...]


class _Bad(Exception):
    def __init__(self, line: int | None, problem: str, name: str | None = None) -> None:
        self.line, self.problem, self.name = line, problem, name


# -- YAML with line numbers -----------------------------------------------------------------


class _Marked(dict[Any, Any]):
    """A mapping that remembers its line, the line of each key and any key given twice."""

    line: int = 0
    key_lines: dict[Any, int]
    #: (key, line, line of its first use) of each repeated key: an error of the case holding it only
    duplicates: tuple[tuple[str, int, int], ...] = ()


# libyaml's parser when PyYAML has it (about ten times faster on a case book), else the pure-Python one.
_Parser: type = getattr(yaml, "CSafeLoader", _StrictLoader)


class _CaseLoader(_Parser):
    """A safe loader refusing duplicate keys (as the rules' loader does), keeping line numbers.

    Only true/false are booleans: YAML 1.1 would read the key ``on:`` (and ``yes``,
    ``no``, ``off``) as a boolean, and ``on:`` is the date of a case.
    """


_BOOL = "tag:yaml.org,2002:bool"
_CaseLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CaseLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _marked_mapping(loader: _CaseLoader, node: yaml.MappingNode, deep: bool = False) -> _Marked:
    seen: dict[Any, int] = {}
    duplicates = []
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            duplicates.append((str(key), line, seen[key]))
        else:
            seen[key] = line
    out = _Marked(yaml.SafeLoader.construct_mapping(loader, node, deep=deep))
    out.line = node.start_mark.line + 1
    out.key_lines = seen
    out.duplicates = tuple(duplicates)
    return out


def _first_duplicate(value: Any) -> tuple[str, int, int] | None:
    """The first key given twice anywhere inside a case (its inputs, expect, line items…), else None."""
    if isinstance(value, _Marked) and value.duplicates:
        return value.duplicates[0]
    children = value.values() if isinstance(value, Mapping) else value if isinstance(value, list) else ()
    for child in children:
        found = _first_duplicate(child)
        if found is not None:
            return found
    return None


_CaseLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _marked_mapping)


def _timestamp(loader: _CaseLoader, node: yaml.ScalarNode) -> Any:
    """A date as YAML reads it; an impossible one (2024-02-30) stays text for the case's own error."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _line_of(raw: Any, key: str, default: int | None) -> int | None:
    return getattr(raw, "key_lines", {}).get(key, default)


def _read_yaml(text: str, file: str) -> Any:
    line = alias_line(text)
    if line is not None:
        raise _Bad(line, "YAML aliases (*name) are not allowed in case files")
    try:
        return yaml.load(text, Loader=_CaseLoader)  # noqa: S506 - a SafeLoader subclass
    except ValueError:  # PyYAML's int() of a number with thousands of digits
        raise _Bad(None, "a number too long to read (more than 4,300 digits)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise _Bad(line, f"not valid YAML: {getattr(exc, 'problem', None) or exc}") from None


# -- building a case -------------------------------------------------------------------------


def _expected(raw: Any, line: int | None) -> Expected:
    if not isinstance(raw, Mapping) or not raw:
        raise _Bad(line, "expect: expected a mapping with amount, uncapped, line_items, flags, notes or error")
    unknown = set(raw) - _EXPECT_KEYS
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise _Bad(_line_of(raw, key, line), f"expect.{key}: unknown key; allowed {sorted(_EXPECT_KEYS)}")

    def num(key: str) -> int | None:
        if raw.get(key) is None:
            return None
        try:
            return f.whole(raw[key], f"expect.{key}")
        except InputError as err:
            raise _Bad(_line_of(raw, key, line), str(err)) from None

    def codes(key: str) -> tuple[str, ...] | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [v for v in value.replace(";", " ").split() if v]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Bad(_line_of(raw, key, line), f"expect.{key}: expected a list of codes, got {value!r}")
        return tuple(sorted(value))

    items: list[tuple[str, int]] = []
    raw_items = raw.get("line_items")
    if raw_items is not None:
        if not isinstance(raw_items, Mapping):
            raise _Bad(_line_of(raw, "line_items", line),
                       "expect.line_items: expected a mapping of rule parameter (or label) to subtotal")
        for key, value in raw_items.items():
            try:
                items.append((str(key), f.whole(value, f"expect.line_items.{key}")))
            except InputError as err:
                raise _Bad(_line_of(raw_items, key, line), str(err)) from None
    error = raw.get("error")
    if error is not None and not isinstance(error, str):
        raise _Bad(_line_of(raw, "error", line), f"expect.error: expected an error code, got {error!r}")
    exp = Expected(num("amount"), num("uncapped"), tuple(items), codes("flags"), codes("notes"), error,
                   None if raw.get("error_field") is None else str(raw["error_field"]))
    if exp.error is not None and (exp.amount is not None or exp.uncapped is not None or exp.line_items):
        raise _Bad(line, "expect: an expected error excludes an expected amount")
    return exp


def _build(raw: Mapping[str, Any], inputs_raw: Mapping[str, Any], expect: Expected, file: str, line: int) -> Case:
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _Bad(line, "name: every case needs a sentence naming the reading it pins")
    name = name.strip()
    prog_name = raw.get("programme")
    if not isinstance(prog_name, str):
        raise _Bad(_line_of(raw, "programme", line), "programme: missing", name)
    prog = find_programme(prog_name.strip())
    if prog is None:
        raise _Bad(_line_of(raw, "programme", line),
                   f"programme: expected one of {sorted(PROGRAMMES)} (ids or slugs), got {prog_name!r}", name)
    inputs: dict[str, Any] = {}
    for key, value in inputs_raw.items():
        if key not in prog.fields:
            raise _Bad(_line_of(inputs_raw, key, line),
                       f"inputs.{key}: not an input of {prog.id}; expected one of {sorted(prog.fields)}", name)
        reader, _ = prog.fields[key]
        try:
            inputs[key] = reader(value, f"inputs.{key}")
            if isinstance(inputs[key], date):
                check_date_in_range(inputs[key], f"inputs.{key}", value)
        except InputError as err:
            raise _Bad(_line_of(inputs_raw, key, line), str(err), name) from None
    if raw.get("on") is not None and raw.get("month") is not None:
        raise _Bad(_line_of(raw, "month", line), "on, month: give one of them, not both", name)
    for key in _DATE_KEYS:  # the case's date goes where the calculation takes it
        if raw.get(key) is None:
            continue
        kline = _line_of(raw, key, line)
        try:
            read_date = {"fiscal_year": f.fiscal_year, "on": f.day, "month": f.month}[key]
            given = read_date(raw[key], key)
            if isinstance(given, date):
                check_date_in_range(given, key, raw[key])
        except InputError as err:
            raise _Bad(kline, str(err), name) from None
        target, converted = _place(key, given, prog.fields)
        if target is None:
            raise _Bad(kline, f"{key}: {prog.id} takes none of on, month or fiscal_year from it", name)
        if target in inputs and inputs[target] != converted:
            raise _Bad(kline, f"{key}: given as {target} in inputs too, with another value", name)
        inputs[target] = converted
    missing = [k for k, (_, required) in prog.fields.items() if required and k not in inputs]
    if missing:
        raise _Bad(line, f"inputs.{missing[0]}: missing (required by {prog.id})", name)
    note = raw.get("note")
    changes = raw.get("rules_changes")
    if changes is not None and (not isinstance(changes, Mapping) or not changes):
        raise _Bad(_line_of(raw, "rules_changes", line), "rules_changes: expected a mapping of rule parameter to "
                   "{values: {date: value}}, as in an overlay's parameters", name)
    return Case(name, prog.id, inputs, expect, file, line, None if note is None else str(note),
                None if changes is None else plain(changes))


def _place(key: str, value: Any, fields: Mapping[str, Any]) -> tuple[str | None, Any]:
    """Where a case-level on/month/fiscal_year goes for a calculation, converted."""
    if key in fields:
        return key, value
    if key in ("on", "month") and "fiscal_year" in fields:
        return "fiscal_year", fiscal_year_of(value)
    if key == "on" and "month" in fields:
        return "month", value
    if key == "month" and "on" in fields:
        return "on", value
    if key == "fiscal_year" and "on" in fields:
        return "on", fiscal_year_start(value)
    return None, None


# -- YAML files -------------------------------------------------------------------------------


def _yaml_cases(text: str, file: str) -> tuple[list[Case], list[CaseProblem]]:
    try:
        data = _read_yaml(text, file)
    except _Bad as bad:
        return _yaml_cases_one_by_one(text, file, bad)
    if isinstance(data, Mapping):
        unknown = set(data) - {"cases", "description"}
        if unknown or not isinstance(data.get("cases"), list):
            return [], [CaseProblem(file, getattr(data, "line", 1),
                                    "expected a list of cases, or a mapping with 'cases:' (and 'description:')")]
        dup = getattr(data, "duplicates", ())
        if dup:
            key, at, first = dup[0]
            return [], [CaseProblem(file, at, f"{key}: given twice (lines {first} and {at}); no case was read")]
        data = data["cases"]
    if not isinstance(data, list):
        return [], [CaseProblem(file, 1, "expected a list of cases, or a mapping with 'cases:'")]
    cases: list[Case] = []
    problems: list[CaseProblem] = []
    for i, raw in enumerate(data):
        try:
            cases.append(_yaml_case(i, raw, file))
        except _Bad as bad:
            problems.append(CaseProblem(file, bad.line, bad.problem, bad.name))
    return cases, problems


def _yaml_case(i: int, raw: Any, file: str) -> Case:
    line = getattr(raw, "line", None)
    if not isinstance(raw, Mapping):
        raise _Bad(line, f"case {i + 1}: expected a mapping with name, programme, inputs, expect")
    name = raw.get("name") if isinstance(raw.get("name"), str) else None
    dup = _first_duplicate(raw)
    if dup is not None:
        key, at, first = dup
        raise _Bad(at, f"{key}: given twice (lines {first} and {at}); which one is meant?", name)
    unknown = set(raw) - _CASE_KEYS
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise _Bad(_line_of(raw, key, line), f"{key}: unknown key; allowed {sorted(_CASE_KEYS)}", name)
    inputs = raw.get("inputs") or {}
    if not isinstance(inputs, Mapping):
        raise _Bad(_line_of(raw, "inputs", line), "inputs: expected a mapping of input to value", name)
    if "expect" not in raw:
        raise _Bad(line, "expect: missing (what does this case pin?)", name)
    try:
        expect = _expected(raw["expect"], _line_of(raw, "expect", line))
    except _Bad as bad:
        bad.name = name
        raise
    return _build(raw, inputs, expect, file, line or 0)


_ITEM = re.compile(r"^( *)-(?: |$)")


def _yaml_cases_one_by_one(text: str, file: str, error: _Bad) -> tuple[list[Case], list[CaseProblem]]:
    """A file YAML cannot parse whole: split it at its list of cases and read each case on its own.

    The error then costs only the case it is in (or, if no case holds it, the file is reported as it was).
    """
    lines = text.splitlines(keepends=True)
    starts = [(n, m.group(1)) for n, ln in enumerate(lines) if (m := _ITEM.match(ln))]
    if not starts:
        return [], [CaseProblem(file, error.line, error.problem)]
    indent = min(len(ind) for _, ind in starts)  # the list of cases is the outermost list
    firsts = [n for n, ind in starts if len(ind) == indent]
    cases: list[Case] = []
    problems: list[CaseProblem] = []
    for i, (start, end) in enumerate(zip(firsts, [*firsts[1:], len(lines)], strict=True)):
        chunk = "".join(ln[indent:] if ln[:indent] == " " * indent else ln for ln in lines[start:end])
        try:
            parsed = _read_yaml("\n" * start + chunk, file)  # blank lines first: marks keep the file's lines
            if not isinstance(parsed, list) or len(parsed) != 1:
                raise _Bad(start + 1, f"case {i + 1}: expected one case here")
            cases.append(_yaml_case(i, parsed[0], file))
        except _Bad as bad:
            problems.append(CaseProblem(file, bad.line, bad.problem, bad.name))
    if not any(p.problem.startswith("not valid YAML") for p in problems):
        problems.append(CaseProblem(file, error.line, f"{error.problem}; outside the cases, which were read one by "
                                    "one"))
    else:
        problems = [attrs.evolve(p, problem=f"{p.problem} (this case skipped; the file's other "
                                 f"{len(firsts) - 1} cases read one by one)") if p.problem.startswith(
                                     "not valid YAML") else p for p in problems]
    return cases, problems


# -- CSV files --------------------------------------------------------------------------------


def decode(raw: bytes, file: str) -> str:
    """Text of a file saved by Excel: UTF-8 (with or without BOM) or Shift_JIS (cp932)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp932")
        except UnicodeDecodeError:
            raise _Bad(None, "expected text in UTF-8 or Shift_JIS (cp932)") from None


def _csv_cases(text: str, file: str) -> tuple[list[Case], list[CaseProblem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [unicodedata.normalize("NFKC", h).strip() for h in next(reader)]
    except StopIteration:
        return [], [CaseProblem(file, 1, "empty file: expected a header row")]
    for needed in ("name", "programme"):
        if needed not in header:
            return [], [CaseProblem(file, 1, f"header: expected a column '{needed}', got {header}")]
    cases: list[Case] = []
    problems: list[CaseProblem] = []
    end = reader.line_num
    for cells in reader:
        line, end = end + 1, reader.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        try:
            if len(cells) > len(header):
                raise _Bad(line, f"{len(cells)} cells but the header has {len(header)} columns")
            row = {h: c.strip() for h, c in zip(header, cells, strict=False) if c.strip()}
            cases.append(_csv_case(row, file, line))
        except _Bad as bad:
            problems.append(CaseProblem(file, bad.line, bad.problem, bad.name))
    return cases, problems


def _csv_case(row: dict[str, str], file: str, line: int) -> Case:
    expect_raw: dict[str, Any] = {}
    items: dict[str, str] = {}
    inputs: dict[str, Any] = {}
    head: dict[str, Any] = {}
    for col, value in row.items():
        if col.startswith("expect_line:"):
            items[col.removeprefix("expect_line:").strip()] = value
        elif col.startswith("expect_"):
            expect_raw[col.removeprefix("expect_")] = value
        elif col in _CASE_KEYS:
            head[col] = value
        else:
            inputs[col] = value
    if items:
        expect_raw["line_items"] = items
    name = head.get("name")
    try:
        expect = _expected(expect_raw, line)
    except _Bad as bad:
        bad.name = name
        raise
    prog = find_programme(str(head.get("programme", "")))
    if prog is not None and not prog.single:
        raise _Bad(line, f"programme: {prog.id} takes a list input; write it in a YAML case file", name)
    return _build(head, inputs, expect, file, line)


# -- reading files ----------------------------------------------------------------------------


def parse_case_text(content: str | bytes, file: str, kind: str) -> tuple[list[Case], list[CaseProblem]]:
    """Cases from the text of a ``kind`` ('yaml' or 'csv') case file named ``file``."""
    try:
        text = decode(content, file) if isinstance(content, bytes) else content.removeprefix("\ufeff")
    except _Bad as bad:
        return [], [CaseProblem(file, bad.line, bad.problem)]
    if kind == "csv":
        return _csv_cases(text, file)
    if kind == "yaml":
        return _yaml_cases(text, file)
    raise InputError("kind", "'yaml' or 'csv'", kind)


def case_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[CaseProblem]]:
    """The case files named: files as given, directories searched for *.yaml, *.yml and *.csv."""
    files: list[Path] = []
    problems: list[CaseProblem] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(q for q in p.rglob("*") if q.suffix.lower() in CASE_SUFFIXES and q.is_file())
        elif p.is_file():
            if p.suffix.lower() not in CASE_SUFFIXES:
                problems.append(CaseProblem(str(p), None, "expected a .yaml, .yml or .csv case file"))
            else:
                files.append(p)
        else:
            problems.append(CaseProblem(str(p), None, "no such file or directory"))
    return files, problems


def load_cases(paths: Iterable[str | Path]) -> CaseBook:
    """Every case in the files and directories named, with every problem met."""
    files, problems = case_files(paths)
    cases: list[Case] = []
    first: dict[str, Case] = {}
    for p in files:
        kind = "csv" if p.suffix.lower() == ".csv" else "yaml"
        got, bad = parse_case_text(p.read_bytes(), str(p), kind)
        for case in got:  # a name identifies a case in reports and comparisons: the second use is refused
            seen = first.setdefault(case.name, case)
            if seen is case:
                cases.append(case)
            else:
                problems.append(CaseProblem(case.file, case.line, f"name: {case.name!r} is already the name of "
                                            f"the case at {seen.file}:{seen.line}; give each case its own name",
                                            case.name))
        problems += bad
    return CaseBook(tuple(cases), tuple(problems), tuple(str(p) for p in files))


