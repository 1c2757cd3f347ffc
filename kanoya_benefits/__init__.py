"""kanoya_benefits: the money rules of Kanoya City's multi-layered support programme.

鹿屋市重層的支援体制整備事業 — exact whole-yen calculations that show their working,
on effective-dated rules data that auditors can change without code.
"""

from . import activity_center, mutual_aid, points, salon
from .errors import InputError, KanoyaError, NoRuleInForceError, RulesDataError, UnknownParameterError
from .fiscal import (
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_months,
    fiscal_year_of,
    fiscal_year_start,
    parse_fiscal_year,
)
from .money import cut_yen, format_yen
from .results import (
    ActivityCount,
    AnnualSchedule,
    Calculation,
    CapApplied,
    Flag,
    LineItem,
    Note,
    PointsTally,
    converter,
    to_dict,
)
from .rules import RuleSet, Snapshot, load_rules, shipped_rules

__version__ = "0.1.0"

__all__ = [
    "ActivityCount",
    "AnnualSchedule",
    "Calculation",
    "CapApplied",
    "Flag",
    "InputError",
    "KanoyaError",
    "LineItem",
    "NoRuleInForceError",
    "Note",
    "PointsTally",
    "RuleSet",
    "RulesDataError",
    "Snapshot",
    "UnknownParameterError",
    "__version__",
    "activity_center",
    "converter",
    "cut_yen",
    "fiscal_year_end",
    "fiscal_year_label",
    "fiscal_year_months",
    "fiscal_year_of",
    "fiscal_year_start",
    "format_yen",
    "load_rules",
    "mutual_aid",
    "parse_fiscal_year",
    "points",
    "salon",
    "shipped_rules",
    "to_dict",
]
