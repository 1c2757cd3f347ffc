"""The one home for hypothesis strategies used across the test suite."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

RULES_START = date(2024, 4, 1)

# -- core library -----------------------------------------------------------------------------

#: Member counts, from none to well past the salon cap.
counts = st.integers(min_value=0, max_value=200)

#: Whole yen costs, including the ranges around the add-on caps.
yen_costs = st.one_of(st.integers(min_value=0, max_value=40_000), st.integers(min_value=0, max_value=10**9))

#: Days on which the shipped rules are in force (FY2024 to FY2030).
rule_days = st.dates(min_value=RULES_START, max_value=date(2031, 3, 31))

#: Months (first days) on which the shipped rules are in force.
rule_months = st.builds(lambda d: d.replace(day=1), rule_days)

#: Months, including history before the rules started (first subsidized months).
any_months = st.builds(lambda d: d.replace(day=1), st.dates(min_value=date(2015, 1, 1), max_value=date(2031, 3, 31)))

#: Days before the rules start.
days_before_rules = st.dates(min_value=date(2000, 1, 1), max_value=RULES_START - timedelta(days=1))

center_types = st.sampled_from(["I", "II", "III", 1, 2, 3, "Ⅰ", "Ⅱ", "Ⅲ", "Ⅰ型", "III型", "ii"])
trips = st.integers(min_value=0, max_value=2)
fiscal_years = st.integers(min_value=2024, max_value=2030)
points_totals = st.integers(min_value=0, max_value=10_000)

#: Values that are not a whole number of 0 or more (bools included: True is an int in Python).
not_counts = st.one_of(
    st.integers(max_value=-1),
    st.booleans(),
    st.floats(allow_nan=True),
    st.text(max_size=5),
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False),
)
