"""Effective-dated rules data: loading, validation, and look-up by date.

The shipped rules live in ``rules_data/<programme>/<parameter>.yaml``, one
parameter per file (OpenFisca style, without float money): a description in
Japanese and English, a unit, a citation to the manual, a status
(stated / interpretation / assumed) and values keyed by the date they take
effect. A value applies from its date until the next one.

A proposed regulation is either a full directory of the same shape or a small
*overlay* file holding only the changed parameters; :func:`load_rules` takes
both. Everything is validated at load time and errors name the file and key.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

import attrs
import yaml

from .errors import NoRuleInForceError, RulesDataError, UnknownParameterError
from .results import Note

SHIPPED_DIR = Path(__file__).parent / "rules_data"
STATUSES = ("stated", "interpretation", "assumed")
UNITS = ("yen", "count", "ratio", "switch", "flag", "points_or_off", "catalogue", "range")
_FILE_KEYS = {"description", "unit", "status", "reference", "interpretation", "choices", "values"}
_ENTRY_KEYS = {"value", "status", "reference", "note"}
_DERIVED_LIMIT = 16384
_T = TypeVar("_T")


# -- YAML that refuses duplicate keys ---------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice (PyYAML keeps the last silently)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise _DuplicateKey(str(key), line, seen[key])
        seen[key] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        self.key, self.line, self.first_line = key, line, first_line


def _construct_timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    """A date-like scalar that is no real date (2024-02-30) stays text, so the
    validator can name the key instead of PyYAML failing without one."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


_EVENT_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def alias_line(text: str | bytes) -> int | None:
    """The line of the first YAML alias (``*name``) in a document, or None.

    Our YAML (rules, overlays, case files) never needs aliases, and a few nested ones expand
    into billions of nodes (a "billion laughs" document): they are refused before loading.
    """
    try:
        for event in yaml.parse(text, Loader=_EVENT_LOADER):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return int(mark.line) + 1 if mark is not None else 1
    except yaml.YAMLError:
        return None  # the load itself reports the syntax error with its line
    return None


def read_yaml(text: str | bytes, file: str) -> Any:
    """Parse YAML, naming the file (and line) in any error; refuses duplicate keys and aliases."""
    line = alias_line(text)
    if line is not None:
        raise RulesDataError(file, f"line {line}", "YAML aliases (*name) are not allowed")
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except _DuplicateKey as dup:
        raise RulesDataError(
            file, dup.key, f"given twice (lines {dup.first_line} and {dup.line}); a date may appear once"
        ) from None
    except ValueError:  # PyYAML's int() of a number with thousands of digits
        raise RulesDataError(file, "(document)", "a number too long to read (more than 4,300 digits)") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(document)"
        raise RulesDataError(file, where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None


# -- Parameters ------------------------------------------------------------------------------


@attrs.frozen
class Entry:
    """One dated value of a parameter."""

    effective: date
    value: Any
    status: str
    reference: str
    note_ja: str | None = None
    note_en: str | None = None


@attrs.frozen
class Parameter:
    """One rule parameter and its dated history."""

    name: str
    file: str
    description_ja: str
    description_en: str
    unit: str
    entries: tuple[Entry, ...]
    interpretation_ja: str | None = None
    interpretation_en: str | None = None
    choices: tuple[str, ...] | None = None

    @property
    def first(self) -> date:
        """The date the parameter first takes effect."""
        return self.entries[0].effective

    def entry_on(self, day: date) -> Entry | None:
        """The latest entry on or before ``day``, or None before the first."""
        i = bisect_right([e.effective for e in self.entries], day)
        return self.entries[i - 1] if i else None


def _date_key(raw: Any, file: str, key: str) -> date:
    if isinstance(raw, datetime):
        raise RulesDataError(file, key, f"expected a date YYYY-MM-DD, got a date and time {raw}")
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise RulesDataError(file, key, f"expected a real date YYYY-MM-DD, got {raw!r}")


def _int(raw: Any, file: str, key: str, what: str, minimum: int | None = 0) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise RulesDataError(file, key, f"expected {what} as a whole number, got {raw!r}")
    if minimum is not None and raw < minimum:
        label = "negative money" if what == "yen" else f"{what} below {minimum}"
        raise RulesDataError(file, key, f"{label} is not allowed, got {raw}")
    return raw


def _text_pair(raw: Any, file: str, key: str) -> tuple[str, str]:
    if not isinstance(raw, Mapping) or set(raw) != {"ja", "en"}:
        raise RulesDataError(file, key, f"expected a mapping with 'ja' and 'en', got {raw!r}")
    for lang in ("ja", "en"):
        if not isinstance(raw[lang], str) or not raw[lang].strip():
            raise RulesDataError(file, f"{key}.{lang}", "expected non-empty text")
    return raw["ja"], raw["en"]


def _check_value(unit: str, raw: Any, file: str, key: str, choices: tuple[str, ...] | None) -> Any:
    """Validate one value for its unit and return it in its Python form."""
    if unit == "yen":
        return _int(raw, file, key, "yen")
    if unit == "count":
        return _int(raw, file, key, "a count")
    if unit == "points_or_off":
        return None if raw is None else _int(raw, file, key, "points", minimum=1)
    if unit == "flag":
        if not isinstance(raw, bool):
            raise RulesDataError(file, key, f"expected true or false, got {raw!r}")
        return raw
    if unit == "switch":
        if raw not in (choices or ()):
            raise RulesDataError(file, key, f"expected one of {list(choices or ())}, got {raw!r}")
        return raw
    if unit == "ratio":
        try:
            value = Fraction(str(raw)) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
        except (ValueError, ZeroDivisionError):
            value = None
        if value is None or not 0 <= value <= 1:
            raise RulesDataError(file, key, f"expected a ratio between 0 and 1 such as '1/2', got {raw!r}")
        return value
    if unit == "range":
        if not isinstance(raw, Mapping) or set(raw) != {"min", "max"}:
            raise RulesDataError(file, key, f"expected {{min: N, max: N}}, got {raw!r}")
        lo = _int(raw["min"], file, f"{key}.min", "points")
        hi = _int(raw["max"], file, f"{key}.max", "points")
        if lo > hi:
            raise RulesDataError(file, key, f"min {lo} is above max {hi}")
        return (lo, hi)
    if unit == "catalogue":
        return _check_catalogue(raw, file, key)
    raise RulesDataError(file, "unit", f"expected one of {list(UNITS)}, got {unit!r}")  # pragma: no cover


@attrs.frozen
class Activity:
    """One activity of the points catalogue."""

    activity_id: str
    kind: str
    points: int
    name_ja: str = ""
    name_en: str = ""


ACTIVITY_KINDS = ("participation", "volunteer")


def _check_catalogue(raw: Any, file: str, key: str) -> Mapping[str, Activity]:
    if not isinstance(raw, Mapping) or not raw:
        raise RulesDataError(file, key, "expected a mapping of activity id to {kind, points}")
    out: dict[str, Activity] = {}
    for aid, spec in raw.items():
        where = f"{key}.{aid}"
        if not isinstance(spec, Mapping) or not {"kind", "points"} <= set(spec):
            raise RulesDataError(file, where, f"expected {{kind, points}}, got {spec!r}")
        unknown = set(spec) - {"kind", "points", "name_ja", "name_en"}
        if unknown:
            raise RulesDataError(file, where, f"unknown keys {sorted(unknown)}")
        if spec["kind"] not in ACTIVITY_KINDS:
            raise RulesDataError(file, f"{where}.kind", f"expected one of {list(ACTIVITY_KINDS)}, got {spec['kind']!r}")
        pts = _int(spec["points"], file, f"{where}.points", "points", minimum=None)
        names = str(spec.get("name_ja", "")), str(spec.get("name_en", ""))
        out[str(aid)] = Activity(str(aid), spec["kind"], pts, *names)
    return out


def _entries(raw_values: Any, unit: str, status: str, reference: str, file: str,
             choices: tuple[str, ...] | None) -> list[Entry]:
    if not isinstance(raw_values, Mapping) or not raw_values:
        raise RulesDataError(file, "values", "expected a mapping of effective date to value")
    entries: dict[date, Entry] = {}
    for raw_key, raw in raw_values.items():
        key = f"values.{raw_key}"
        day = _date_key(raw_key, file, key)
        if day in entries:
            raise RulesDataError(file, key, "the same effective date is given twice")
        e_status, e_ref = status, reference
        note: tuple[str | None, str | None] = (None, None)
        if isinstance(raw, Mapping) and "value" in raw:
            unknown = set(raw) - _ENTRY_KEYS
            if unknown:
                raise RulesDataError(file, key, f"unknown keys {sorted(unknown)}; allowed {sorted(_ENTRY_KEYS)}")
            e_status = raw.get("status", status)
            if e_status not in STATUSES:
                raise RulesDataError(file, f"{key}.status", f"expected one of {list(STATUSES)}, got {e_status!r}")
            e_ref = str(raw.get("reference", reference))
            if "note" in raw:
                note = _text_pair(raw["note"], file, f"{key}.note")
            raw = raw["value"]
        value = _check_value(unit, raw, file, key, choices)
        entries[day] = Entry(day, value, e_status, e_ref, note[0], note[1])
    return [entries[d] for d in sorted(entries)]


def _parameter(name: str, data: Any, file: str) -> Parameter:
    if not isinstance(data, Mapping):
        raise RulesDataError(file, "(document)", "expected a mapping of description, unit, status, reference, values")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise RulesDataError(file, sorted(unknown)[0], f"unknown key; allowed {sorted(_FILE_KEYS)}")
    for required in ("description", "unit", "status", "reference", "values"):
        if required not in data:
            raise RulesDataError(file, required, "missing")
    ja, en = _text_pair(data["description"], file, "description")
    unit = data["unit"]
    if unit not in UNITS:
        raise RulesDataError(file, "unit", f"expected one of {list(UNITS)}, got {unit!r}")
    status = data["status"]
    if status not in STATUSES:
        raise RulesDataError(file, "status", f"expected one of {list(STATUSES)}, got {status!r}")
    reference = data["reference"]
    if not isinstance(reference, str) or not reference.strip():
        raise RulesDataError(file, "reference", "expected the manual section (non-empty text)")
    choices = None
    if unit == "switch":
        raw_choices = data.get("choices")
        if not isinstance(raw_choices, list) or not raw_choices or not all(isinstance(c, str) for c in raw_choices):
            raise RulesDataError(file, "choices", "a switch needs a list of its choices")
        choices = tuple(raw_choices)
    interp = _text_pair(data["interpretation"], file, "interpretation") if "interpretation" in data else (None, None)
    entries = _entries(data["values"], unit, status, reference, file, choices)
    return Parameter(name, file, ja, en, unit, tuple(entries), interp[0], interp[1], choices)


# -- Rule sets and snapshots -----------------------------------------------------------------


class Snapshot:
    """The values in force on one day: ``snap['salon.group_cap']``."""

    __slots__ = ("_entries", "_rules", "_values", "day", "rules_version")

    def __init__(self, rules: RuleSet, day: date) -> None:
        self.day = day
        self.rules_version = rules.version
        self._rules = rules
        self._entries: dict[str, Entry] = {}
        for name, param in rules.parameters.items():
            entry = param.entry_on(day)
            if entry is not None:
                self._entries[name] = entry
        self._values = {n: e.value for n, e in self._entries.items()}

    def __getitem__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            param = self._rules.parameter(name)  # raises UnknownParameterError
            raise NoRuleInForceError("on", self.day, param.first, name) from None

    def entry(self, name: str) -> Entry:
        """The dated entry in force (value, status, reference)."""
        self[name]
        return self._entries[name]

    def citation(self, name: str) -> str:
        """The manual section a value comes from."""
        return self.entry(name).reference

    def note(self, name: str) -> Note | None:
        """A note if the value is not plainly stated, else None."""
        return self._rules._note(name, self.entry(name))

    def notes(self, *names: str) -> tuple[Note, ...]:
        """Notes for every named value that is an interpretation or assumed."""
        out = []
        for n in names:
            note = self.note(n)
            if note is not None:
                out.append(note)
        return tuple(out)

    def values(self) -> dict[str, Any]:
        """Every value in force on the day, by parameter name."""
        return dict(self._values)


class RuleSet:
    """A complete, validated set of parameters, with a version hash."""

    def __init__(self, parameters: Mapping[str, Parameter], version: str, source: str) -> None:
        self.parameters: dict[str, Parameter] = dict(sorted(parameters.items()))
        self.version = version
        self.source = source
        self.start = min(p.first for p in self.parameters.values())
        self._snapshots: dict[date, Snapshot] = {}
        self._notes: dict[tuple[str, date], Note | None] = {}
        #: Values the rule modules derive from this rule set for one day or year (rates, citations,
        #: notes, shared line items): one table per programme, keyed by day or year. Why: re-deriving
        #: them on every call cost more than the arithmetic; a RuleSet never changes once built, so
        #: they never go stale. Bounded by :meth:`remember`.
        self.derived: defaultdict[str, dict[Hashable, Any]] = defaultdict(dict)
        _check_cross(self)

    def __repr__(self) -> str:
        return f"<RuleSet {self.source} version={self.version} parameters={len(self.parameters)}>"

    def parameter(self, name: str) -> Parameter:
        """One parameter by its dotted name."""
        try:
            return self.parameters[name]
        except KeyError:
            raise UnknownParameterError(name) from None

    def at(self, day: date, *, field: str = "on") -> Snapshot:
        """The values in force on ``day``; before the rules start: NoRuleInForceError."""
        snap = self._snapshots.get(day)
        if snap is None:
            if day < self.start:
                raise NoRuleInForceError(field, day, self.start)
            snap = Snapshot(self, day)
            if len(self._snapshots) > 4096:  # a long batch must not grow this without bound
                self._snapshots.clear()
            self._snapshots[day] = snap
        return snap

    def remember(self, table: str, key: Hashable, value: _T) -> _T:
        """Keep a value derived from this rule set in ``derived[table][key]`` and return it."""
        entries = self.derived[table]
        if len(entries) >= _DERIVED_LIMIT:  # a long batch over many days must not grow it without bound
            entries.clear()
        entries[key] = value
        return value

    def value(self, name: str, day: date) -> Any:
        """The value of one parameter in force on ``day``."""
        return self.at(day)[name]

    def _note(self, name: str, entry: Entry) -> Note | None:
        key = (name, entry.effective)
        if key not in self._notes:
            self._notes[key] = _make_note(self.parameters[name], entry)
        return self._notes[key]

    def change_dates(self) -> tuple[date, ...]:
        """Every date on which some value changes."""
        return tuple(sorted({e.effective for p in self.parameters.values() for e in p.entries}))

    def with_overlay(self, path: str | Path) -> RuleSet:
        """This rule set with an overlay file's dated values added on top."""
        path = Path(path)
        raw = path.read_bytes()
        return apply_overlay(self, read_yaml(raw, str(path)), str(path), raw)

    def with_values(self, name: str, values: Mapping[date, Any], *, label: str, content: bytes,
                    status: str | None = None, reference: str | None = None) -> RuleSet:
        """This rule set with one parameter's values replaced from their dates on.

        ``content`` (the bytes the values came from) enters the version hash.
        """
        param = self.parameter(name)
        kept = [e for e in param.entries if e.effective not in values]
        added = [
            Entry(d, v, status or param.entries[0].status, reference or label)
            for d, v in values.items()
        ]
        new = attrs.evolve(param, entries=tuple(sorted(kept + added, key=lambda e: e.effective)))
        params = dict(self.parameters)
        params[name] = new
        version = _hash([self.version.encode(), label.encode(), content])
        return RuleSet(params, version, f"{self.source} + {label}")


def _make_note(param: Parameter, entry: Entry) -> Note | None:
    if entry.status == "stated" and not param.interpretation_ja and not entry.note_ja:
        return None
    parts_ja = [param.description_ja]
    parts_en = [param.description_en]
    if entry.status == "assumed":
        parts_ja.append("マニュアルに記載がないため仮定値を使用（市の確認待ち）")
        parts_en.append("the manual gives no figure: an assumed value is used until the city confirms")
    if param.interpretation_ja and param.interpretation_en:
        parts_ja.append(param.interpretation_ja)
        parts_en.append(param.interpretation_en)
    if entry.note_ja and entry.note_en:
        parts_ja.append(entry.note_ja)
        parts_en.append(entry.note_en)
    status = entry.status if entry.status != "stated" else "interpretation"
    return Note(param.name, status, "：".join(parts_ja), ": ".join(parts_en))


def _check_cross(rules: RuleSet) -> None:
    """Checks across parameters: catalogue points within the stated range."""
    cat = rules.parameters.get("points.catalogue")
    rng = rules.parameters.get("points.points_per_activity")
    if cat is None or rng is None:
        return
    for entry in cat.entries:
        bounds = rng.entry_on(entry.effective) or rng.entries[0]
        lo, hi = bounds.value
        for aid, act in entry.value.items():
            if not lo <= act.points <= hi:
                raise RulesDataError(
                    cat.file, f"values.{entry.effective}.{aid}.points",
                    f"expected {lo} to {hi} points per activity, got {act.points}",
                )


def _hash(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "big"))
        h.update(p)
    return h.hexdigest()[:12]


def load_directory(directory: str | Path, *, source: str | None = None) -> RuleSet:
    """Load every ``*.yaml`` under a rules directory; names come from the paths."""
    root = Path(directory)
    if not root.is_dir():
        raise RulesDataError(str(root), "(directory)", "not a directory of rules data")
    files = sorted(root.rglob("*.yaml"))
    if not files:
        raise RulesDataError(str(root), "(directory)", "holds no *.yaml rules files")
    params: dict[str, Parameter] = {}
    parts: list[bytes] = []
    for f in files:
        rel = f.relative_to(root)
        name = ".".join(rel.with_suffix("").parts)
        raw = f.read_bytes()
        parts += [rel.as_posix().encode(), raw]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RulesDataError(str(f), "(file)", "expected UTF-8 text") from None
        params[name] = _parameter(name, read_yaml(text, str(f)), str(f))
    return RuleSet(params, _hash(parts), source or str(root))


def apply_overlay(base: RuleSet, data: Any, file: str, content: bytes) -> RuleSet:
    """Apply a parsed overlay (``kind: overlay``, ``parameters: {name: {values: …}}``)."""
    if not isinstance(data, Mapping) or data.get("kind") != "overlay":
        raise RulesDataError(file, "kind", "an overlay file must say 'kind: overlay'")
    unknown = set(data) - {"kind", "description", "parameters"}
    if unknown:
        raise RulesDataError(file, sorted(unknown)[0], "unknown key; allowed kind, description, parameters")
    changes = data.get("parameters")
    if not isinstance(changes, Mapping) or not changes:
        raise RulesDataError(file, "parameters", "expected a mapping of parameter name to its new values")
    params = dict(base.parameters)
    for name, change in changes.items():
        key = f"parameters.{name}"
        if name not in params:
            raise RulesDataError(file, key, "no such parameter in the base rules")
        if not isinstance(change, Mapping) or "values" not in change:
            raise RulesDataError(file, key, "expected a mapping with 'values'")
        extra = set(change) - {"values", "status", "reference"}
        if extra:
            raise RulesDataError(file, f"{key}.{sorted(extra)[0]}", "unknown key; allowed values, status, reference")
        param = params[name]
        status = change.get("status", param.entries[-1].status)
        if status not in STATUSES:
            raise RulesDataError(file, f"{key}.status", f"expected one of {list(STATUSES)}, got {status!r}")
        reference = str(change.get("reference", f"overlay {Path(file).name}"))
        try:
            new = _entries(change["values"], param.unit, status, reference, file, param.choices)
        except RulesDataError as err:
            raise RulesDataError(file, f"{key}.{err.key}", err.problem) from None
        dates = {e.effective for e in new}
        merged = [e for e in param.entries if e.effective not in dates] + new
        params[name] = attrs.evolve(param, entries=tuple(sorted(merged, key=lambda e: e.effective)))
    version = _hash([base.version.encode(), content])
    try:
        return RuleSet(params, version, f"{base.source} + {file}")
    except RulesDataError as err:
        raise RulesDataError(file, err.key, err.problem) from None


_shipped: RuleSet | None = None


def shipped_rules() -> RuleSet:
    """The rules shipped in the package, loaded once and cached."""
    global _shipped
    if _shipped is None:
        _shipped = load_directory(SHIPPED_DIR, source="shipped")  # never show the install path
    return _shipped


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load a rule set: None → the shipped rules; a directory → a full rule set;
    a file → an overlay applied on top of the shipped rules."""
    if path is None:
        return shipped_rules()
    p = Path(path)
    if p.is_dir():
        return _complete(load_directory(p), p)
    if p.is_file():
        return shipped_rules().with_overlay(p)
    raise RulesDataError(str(p), "(path)", "no such rules directory or overlay file")


def _complete(rules: RuleSet, directory: Path) -> RuleSet:
    """A full rules directory must hold every parameter the rules use, and no unknown one:
    a missing or misnamed file would otherwise surface only later, as a failed calculation."""
    wanted, have = set(shipped_rules().parameters), set(rules.parameters)
    for name in sorted(wanted - have):
        rel = name.replace(".", "/") + ".yaml"
        raise RulesDataError(str(directory / rel), name, "missing: every parameter of the rules needs its file")
    for name in sorted(have - wanted):
        raise RulesDataError(rules.parameters[name].file, name, "unknown parameter: no rule uses it (misnamed file?)")
    return rules


def resolve(rules: RuleSet | None) -> RuleSet:
    """The rule set a calculation uses: the one passed, else the shipped rules."""
    return shipped_rules() if rules is None else rules
