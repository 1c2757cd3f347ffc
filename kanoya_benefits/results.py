"""Results that show their working.

Every calculation returns frozen attrs objects: the amount in whole yen, the
line items that add up to it, the caps applied (with the uncapped figure), flags
for review, notes for every interpretation or assumed figure used, and the
rules version. :data:`converter` turns them into plain dicts/JSON and back.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import cattrs
from cattrs.preconf.json import make_converter


@attrs.frozen
class LineItem:
    """One line of working: quantity × unit amount = subtotal, with its citation.

    A cap shows as its own line with a negative subtotal, so the line items of a
    result always add up to its amount.
    """

    label_ja: str
    label_en: str
    quantity: int
    unit_amount: int
    subtotal: int
    citation: str
    parameter: str | None = None


@attrs.frozen
class CapApplied:
    """A cap that lowered an amount: the cap, the figure before it, and after."""

    parameter: str
    label_ja: str
    label_en: str
    cap: int
    uncapped: int
    capped: int


@attrs.frozen
class Flag:
    """Something staff should review, with the reason and any yen at stake."""

    code: str
    reason_ja: str
    reason_en: str
    yen_at_stake: int | None = None


@attrs.frozen
class Note:
    """A figure or reading that is not stated by the manual, and what it says."""

    parameter: str
    status: str
    text_ja: str
    text_en: str


@attrs.frozen
class Calculation:
    """One computed amount and its working."""

    programme: str
    amount: int
    on: date
    line_items: tuple[LineItem, ...]
    rules_version: str
    caps: tuple[CapApplied, ...] = ()
    flags: tuple[Flag, ...] = ()
    notes: tuple[Note, ...] = ()
    fiscal_year: int | None = None

    @property
    def uncapped_amount(self) -> int:
        """The amount before every cap."""
        return self.amount + sum(c.uncapped - c.capped for c in self.caps)


@attrs.frozen
class AnnualSchedule:
    """Twelve monthly calculations of a fiscal year and their total.

    ``line_items`` holds the year-level lines (the sum of the months, and any
    adjustment made once on the year); they add up to ``amount``.
    """

    programme: str
    fiscal_year: int
    amount: int
    months: tuple[Calculation, ...]
    line_items: tuple[LineItem, ...]
    rules_version: str
    flags: tuple[Flag, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def subsidized_months(self) -> int:
        """How many months of the year were paid at all."""
        return sum(1 for m in self.months if m.line_items)


@attrs.frozen
class ActivityCount:
    """How often one catalogue activity counted for a person, and its points."""

    activity_id: str
    kind: str
    points_each: int
    times: int
    points: int


@attrs.frozen
class PointsTally:
    """A person's stamped activities for a fiscal year, totalled and converted."""

    fiscal_year: int
    points: int
    activities: tuple[ActivityCount, ...]
    repeats_dropped: int
    points_cut_by_daily_cap: int
    out_of_scope: tuple[tuple[str, date], ...]
    conversion: Calculation

    @property
    def amount(self) -> int:
        """The yen the points convert to."""
        return self.conversion.amount


def _make_converter() -> cattrs.Converter:
    conv = make_converter()  # dates as ISO strings, tuples as lists
    return conv


#: Turns results into JSON-ready dicts and back: ``converter.unstructure(result)``,
#: ``converter.structure(data, Calculation)``.
converter = _make_converter()


def to_dict(result: Any) -> Any:
    """A result as plain dicts, lists, ints and ISO date strings."""
    return converter.unstructure(result)
