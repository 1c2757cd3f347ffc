"""The programme registry: every programme of the manual and its calculators.

Registration is explicit and lives here only; the API and CLI take programme
ids, names and calculators from this module instead of declaring them again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from . import activity_center, mutual_aid, points, salon


@attrs.frozen
class Calculator:
    """A money rule that can be computed, registered to its programme."""

    id: str
    programme_id: str
    slug: str
    name_ja: str
    name_en: str
    function: Callable[..., Any]
    rule_prefix: str


CALCULATORS: tuple[Calculator, ...] = (
    Calculator("salon.enrollment_grant", "salon-enrollment-promotion", "salon",
               "高齢者サロン等加入促進事業 助成金", "Salon enrollment grant",
               salon.enrollment_grant, "salon."),
    Calculator("mutual_aid.monthly_subsidy", "mutual-aid-support", "mutual-aid",
               "住民主体による高齢者助け合い応援事業 補助金", "Mutual-aid monthly subsidy",
               mutual_aid.monthly_subsidy, "mutual_aid."),
    Calculator("activity_center.daily_amount", "community-activity-center", "activity-center",
               "地域活動支援センター事業 日額", "Activity-center daily amount",
               activity_center.daily_amount, "activity_center."),
    Calculator("points.conversion", "genki-up-points", "points",
               "高齢者元気度アップポイント事業 転換交付金", "Points conversion",
               points.convert, "points."),
)


def calculator(calculator_id: str) -> Calculator:
    """One calculator by id, e.g. 'salon.enrollment_grant'."""
    for c in CALCULATORS:
        if c.id == calculator_id or c.slug == calculator_id:
            return c
    raise KeyError(calculator_id)
