"""Running cases against a rule set and checking every expected field.

A case passes when every field it expects matches, fails when any differs (all
differences are listed, not only the first), and is errored when it could not
be read or its calculation raised an error it did not expect.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import attrs

from ..errors import KanoyaError
from ..rules import RuleSet, apply_overlay, resolve
from .cases import Case, CaseBook, CaseProblem, plain
from .programmes import PROGRAMMES, Working

PASSED, FAILED, ERRORED = "passed", "failed", "errored"


@attrs.frozen
class Mismatch:
    """One expected field that came out otherwise."""

    field: str
    expected: Any
    got: Any


@attrs.frozen
class CaseResult:
    """One case's outcome, with the working behind it."""

    name: str
    programme: str | None
    file: str
    line: int | None
    status: str  # passed | failed | errored
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = None  # why the case errored, or the error the calculation raised
    error_code: str | None = None
    inputs: dict[str, Any] = attrs.field(factory=dict)
    working: Working | None = None


@attrs.frozen
class AuditRun:
    """Every case's result on one rule set, with the counts."""

    results: tuple[CaseResult, ...]
    rules_source: str
    rules_version: str
    passed: int
    failed: int
    errored: int

    @property
    def ok(self) -> bool:
        """True when every case passed (and there was at least one)."""
        return bool(self.results) and self.passed == len(self.results)


def error_code(err: Exception) -> str:
    """A stable code for an error: the KanoyaError's ``code``, else its class name."""
    code = getattr(err, "code", None)
    if isinstance(code, str):
        return code
    return "rules_data_error" if type(err).__name__ == "RulesDataError" else type(err).__name__


def rules_for(case: Case, rules: RuleSet) -> RuleSet:
    """The rule set a case runs on: ``rules``, with the case's own ``rules_changes`` on top if any."""
    if not case.rules_changes:
        return rules
    data = {"kind": "overlay", "parameters": case.rules_changes}
    label = f"{case.file}:{case.line} rules_changes"
    return apply_overlay(rules, data, label, repr(sorted(case.rules_changes.items())).encode())


def execute(case: Case, rules: RuleSet) -> Working:
    """Compute a case on a rule set (raises what the calculation raises)."""
    return PROGRAMMES[case.programme].run(dict(case.inputs), rules_for(case, rules))


def subtotal(working: Working, key: str, parameters: Collection[str] = ()) -> int | None:
    """The sum of the line items whose rule parameter or label (ja or en) is ``key``.

    A rule parameter with no line (a cap not reached) is 0; any other key with no line is None.
    """
    hits = [it.subtotal for it in working.line_items if key in (it.parameter, it.label_en, it.label_ja)]
    if hits:
        return sum(hits)
    return 0 if key in parameters else None


def check(case: Case, working: Working, parameters: Collection[str] = ()) -> tuple[Mismatch, ...]:
    """Every expected field of a case that the working does not match."""
    exp = case.expect
    out: list[Mismatch] = []
    if exp.error is not None:
        out.append(Mismatch("error", exp.error, f"no error: amount {working.amount}"))
    if exp.amount is not None and exp.amount != working.amount:
        out.append(Mismatch("amount", exp.amount, working.amount))
    if exp.uncapped is not None and exp.uncapped != working.uncapped:
        out.append(Mismatch("uncapped", exp.uncapped, working.uncapped))
    for key, want in exp.line_items:
        got = subtotal(working, key, parameters)
        if got != want:
            out.append(Mismatch(f"line_items[{key}]", want, got))
    if exp.flags is not None:
        got_flags = sorted({fl.code for fl in working.flags})
        if list(exp.flags) != got_flags:
            out.append(Mismatch("flags", list(exp.flags), got_flags))
    if exp.notes is not None:
        noted = sorted({n.parameter for n in working.notes})
        if not set(exp.notes) <= set(noted):
            out.append(Mismatch("notes", list(exp.notes), noted))
    return tuple(out)


def run_case(case: Case, rules: RuleSet) -> CaseResult:
    """Run one case and check it; never raises for the case's own errors."""
    base: dict[str, Any] = {"name": case.name, "programme": case.programme, "file": case.file,
                            "line": case.line, "inputs": plain(case.inputs)}
    try:
        working = execute(case, rules)
    except Exception as err:  # a case's calculation must not stop the others
        code = error_code(err)
        message = str(err) if isinstance(err, KanoyaError) else f"{type(err).__name__}: {err}"
        exp = case.expect
        if exp.error is None:
            return CaseResult(**base, status=ERRORED, error=message, error_code=code)
        misses: list[Mismatch] = []
        if exp.error != code:
            misses.append(Mismatch("error", exp.error, code))
        field = getattr(err, "field", None)
        if exp.error_field is not None and exp.error_field != field:
            misses.append(Mismatch("error_field", exp.error_field, field))
        return CaseResult(**base, status=FAILED if misses else PASSED, mismatches=tuple(misses),
                          error=message, error_code=code)
    unknown = [key for key, _ in case.expect.line_items if subtotal(working, key, rules.parameters) is None]
    if unknown:  # a typo in the case, not a wrong amount: say so rather than "expected ¥0, got None"
        shown = sorted({it.parameter or it.label_en for it in working.line_items})
        return CaseResult(**base, status=ERRORED, error_code="malformed_case",
                          error=f"expect.line_items.{unknown[0]}: no line item and no rule parameter of that name; "
                          f"this result's line items are {shown}", working=working)
    found = check(case, working, rules.parameters)
    return CaseResult(**base, status=FAILED if found else PASSED, mismatches=found, working=working)


def problem_result(problem: CaseProblem) -> CaseResult:
    """A case file or case that could not be read, as an errored result."""
    return CaseResult(problem.name or "(case file)", None, problem.file, problem.line, ERRORED,
                      error=problem.problem, error_code="malformed_case")


def run_cases(book: CaseBook | Iterable[Case], rules: RuleSet | None = None) -> AuditRun:
    """Run every case of a case book (problems count as errored) on a rule set."""
    rules = resolve(rules)
    cases = book.cases if isinstance(book, CaseBook) else tuple(book)
    problems = book.problems if isinstance(book, CaseBook) else ()
    results = [run_case(c, rules) for c in cases] + [problem_result(p) for p in problems]
    results.sort(key=lambda r: (r.file, r.line or 0))
    count = {s: sum(1 for r in results if r.status == s) for s in (PASSED, FAILED, ERRORED)}
    return AuditRun(tuple(results), rules.source, rules.version, count[PASSED], count[FAILED], count[ERRORED])
