"""Explanation objects made once and shared: the speed-up behind every rule (issue 7).

A result's pieces (line items, caps applied, notes) are frozen attrs objects. Building one costs
more than all of a rule's arithmetic: a frozen attrs ``__init__`` sets each field through
``object.__setattr__`` (about 0.25 µs a field). Yet the pieces repeat: the same rate, citation and
label on the same rule-set day, and a handful of quantities (1–2 trips, a few members, one rent).
Frozen objects are values and can be shared safely, so each distinct piece is built the first time
it is needed and reused after. Nothing is dropped: every result still carries all its pieces, equal
field for field to the ones built fresh (tests/test_speed_equivalence.py).

The tables are bounded (``KEEP`` entries each): past that, pieces are built fresh, never evicted
nor grown without limit, so a pathological input costs time, not memory.
"""

from __future__ import annotations

from .results import CapApplied, LineItem

#: Most pieces kept per table; beyond, new quantities are built on each call.
KEEP = 512


class Lines:
    """Line items of one kind (labels, citation, parameter) by quantity and unit amount."""

    __slots__ = ("_made", "citation", "label_en", "label_ja", "parameter", "unit")

    def __init__(self, label_ja: str, label_en: str, unit: int, citation: str, parameter: str | None) -> None:
        self.label_ja, self.label_en, self.unit = label_ja, label_en, unit
        self.citation, self.parameter = citation, parameter
        self._made: dict[int, LineItem] = {}

    def times(self, quantity: int) -> LineItem:
        """``quantity × unit`` (the unit fixed by the rules)."""
        item = self._made.get(quantity)
        if item is None:
            # positional: a frozen attrs __init__ called with keywords costs about twice as much
            item = LineItem(self.label_ja, self.label_en, quantity, self.unit, quantity * self.unit,
                            self.citation, self.parameter)
            if len(self._made) < KEEP:
                self._made[quantity] = item
        return item

    def once(self, amount: int) -> LineItem:
        """``1 × amount`` (a line whose amount varies: an add-on, a reduction to a cap)."""
        item = self._made.get(amount)
        if item is None:
            item = LineItem(self.label_ja, self.label_en, 1, amount, amount, self.citation, self.parameter)
            if len(self._made) < KEEP:
                self._made[amount] = item
        return item


class Cap:
    """A cap: for a figure above it, the CapApplied record and the reduction line, made once."""

    __slots__ = ("_line", "_made", "_record", "cap")

    def __init__(self, parameter: str, cap: int, citation: str, record_ja: str, record_en: str,
                 line_ja: str, line_en: str) -> None:
        self.cap = cap
        self._record = (parameter, record_ja, record_en)
        self._line = Lines(line_ja, line_en, 0, citation, parameter)
        self._made: dict[int, tuple[CapApplied, LineItem]] = {}

    def applied(self, uncapped: int) -> tuple[CapApplied, LineItem]:
        """The cap record and the (negative) reduction line for an uncapped figure above the cap."""
        pair = self._made.get(uncapped)
        if pair is None:
            parameter, ja, en = self._record
            pair = (CapApplied(parameter, ja, en, self.cap, uncapped, self.cap),
                    self._line.once(self.cap - uncapped))
            if len(self._made) < KEEP:
                self._made[uncapped] = pair
        return pair
