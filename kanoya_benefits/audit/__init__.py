"""Auditors' tools: case files, running them against a rule set, comparing rule sets.

``load_cases`` reads YAML and CSV case files (a malformed case is reported with
its file and line, never stopping the others), ``run_cases`` checks every
expected field, ``compare_cases`` runs the same inputs under two rule sets.
Every result is a frozen attrs object that ``kanoya_benefits.converter`` turns
into JSON-ready dicts.
"""

from .cases import Case, CaseBook, CaseProblem, Expected, load_cases, parse_case_text
from .compare import Comparison, ComparisonRow, ImpactTotal, compare_cases
from .programmes import Working
from .rules_view import ParameterChange, ValueInForce, diff_dates, diff_rule_sets, values_in_force
from .runner import AuditRun, CaseResult, Mismatch, run_cases

__all__ = [
    "AuditRun",
    "Case",
    "CaseBook",
    "CaseProblem",
    "CaseResult",
    "Comparison",
    "ComparisonRow",
    "Expected",
    "ImpactTotal",
    "Mismatch",
    "ParameterChange",
    "ValueInForce",
    "Working",
    "compare_cases",
    "diff_dates",
    "diff_rule_sets",
    "load_cases",
    "parse_case_text",
    "run_cases",
    "values_in_force",
]
