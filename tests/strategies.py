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


# -- issue 6: audit and compare -----------------------------------------------------------------

#: One activity-center user-day as case inputs: (center type, day, bath, one-way trips), around FY2024–FY2026.
audit_user_days = st.tuples(
    st.sampled_from(["I", "II", "III"]),
    st.dates(min_value=RULES_START, max_value=date(2027, 3, 31)),
    st.booleans(),
    trips,
)

#: A reform of one daily rate: (parameter, effective date, new yen).
audit_rate_reforms = st.tuples(
    st.sampled_from(["activity_center.daily_rate_type_i", "activity_center.daily_rate_type_ii",
                     "activity_center.bath_add_on", "activity_center.transport_add_on"]),
    st.dates(min_value=RULES_START, max_value=date(2027, 3, 31)),
    st.integers(min_value=0, max_value=10_000),
)

#: One to 25 such user-days (the cases of one comparison).
audit_user_day_lists = st.lists(audit_user_days, min_size=1, max_size=25)
# -- programme registry (issue 5) -------------------------------------------------------------

#: Actual figures of an evaluation indicator, far past any target.
kpi_actuals = st.integers(min_value=0, max_value=10**6)

#: Targets of an evaluation indicator (always 1 or more).
kpi_targets = st.integers(min_value=1, max_value=10**4)

#: Numbers of mutual-aid groups for a budget ceiling.
budget_groups = st.integers(min_value=0, max_value=5_000)

#: Activity-center user-days for a budget ceiling.
budget_user_days = st.integers(min_value=0, max_value=100_000)

# -- issue 3: batch input rows (row-count invariant) ----------------------------------------------

#: One attendance cell per column, mixing good values, Excel's other forms, junk and dates outside FY2024.
attendance_dates = st.one_of(
    st.dates(min_value=date(2024, 3, 1), max_value=date(2025, 4, 30)).map(lambda d: d.isoformat()),
    st.dates(min_value=date(2024, 4, 1), max_value=date(2025, 3, 31)).map(
        lambda d: f"R{d.year - 2018}.{d.month}.{d.day}"),
    st.sampled_from(["2024-02-30", "R1.4.30", "", "yesterday"]),
)
attendance_rows = st.tuples(
    attendance_dates,
    st.sampled_from(["K1", "K2", "K9", ""]),
    st.sampled_from(["V1", "V2", "V3", "007", " "]),
    st.sampled_from(["有", "無", "1", "0", "○", "×", "maybe"]),
    st.sampled_from(["0", "1", "2", "２", "3", "-1", "x"]),
)
#: Whole attendance files: lists of rows, sometimes with a cut-off or junk line.
attendance_files = st.lists(
    st.one_of(attendance_rows.map(",".join), st.sampled_from(["2024-05-01,K1", "\u0001junk", "a,b,c,d,e,f,g"])),
    max_size=40,
)

#: Salon roster rows (person, group, joined_on, left_on) around FY2024, with overlaps, re-joins and leavers.
roster_rows = st.lists(
    st.tuples(
        st.sampled_from([f"P{i}" for i in range(1, 9)]),
        st.sampled_from([f"G{i}" for i in (1, 2, 3, 10, 11)]),
        st.dates(min_value=date(2022, 1, 1), max_value=date(2025, 6, 30)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    ).map(lambda r: (r[0], r[1], r[2].isoformat(), "" if r[3] is None else (r[2] + timedelta(days=r[3])).isoformat())),
    max_size=30,
)
