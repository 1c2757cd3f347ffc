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

# -- speed work (issue 7): valid and invalid inputs mixed, to compare the optimised rules with the
#    reference copy in tests/reference_rules (same result or the same error, for every input) -------

from datetime import datetime  # noqa: E402

#: Days around the rules' start and past every change of the variant rules, some before the start.
speed_days = st.one_of(rule_days, rule_days, days_before_rules)

#: Mostly dates on day 1; also mid-month dates, datetimes and text, which must be refused alike.
speed_months = st.one_of(
    any_months, any_months, any_months, rule_days,
    st.datetimes(min_value=datetime(2024, 4, 1), max_value=datetime(2030, 1, 1)),
    st.just("2024-05-01"),
)

#: Mostly whole numbers of 0 or more; sometimes a value that must be refused.
speed_counts = st.one_of(counts, counts, counts, not_counts)

#: Mostly whole yen; sometimes a value that must be refused.
speed_yen = st.one_of(yen_costs, yen_costs, yen_costs, not_counts)

#: Fiscal years in force, before the rules, out of range, and not years at all.
speed_fiscal_years = st.one_of(fiscal_years, fiscal_years, st.integers(min_value=1890, max_value=2023),
                               st.sampled_from([10**30, True, 2024.0, "2024", None]))

#: Center types in every accepted spelling, and some that must be refused.
speed_center_types = st.one_of(center_types, st.sampled_from(["IV", "", 0, 4, None, 1.0, "Ⅳ", "ＩＩ", "type ii", True]))

#: One-way trips around the limit (2 shipped, 4 in the variant rules).
speed_trips = st.one_of(st.integers(min_value=-1, max_value=5), st.sampled_from([True, 1.0, "2", None]))

#: Points stamps: catalogue ids of both rule sets and unknown ones, days inside and outside the year.
speed_stamps = st.lists(
    st.tuples(st.sampled_from(["L1", "L2", "L3", "L4", "V1", "V2", "V3", "V4", "V9"]),
              st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 30))),
    max_size=40,
)

#: Monthly costs for an annual schedule: one amount, twelve, or a month map.
speed_costs = st.one_of(
    yen_costs,
    st.lists(st.integers(min_value=0, max_value=40_000), min_size=12, max_size=12),
    st.lists(st.integers(min_value=0, max_value=40_000), min_size=11, max_size=11),
    st.dictionaries(any_months, st.integers(min_value=0, max_value=40_000), max_size=3),
)
