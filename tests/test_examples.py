"""The shipped examples give the totals the README shows (pinned so a change to either is noticed)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from kanoya_benefits.batch import attendance, mutual_aid_year, points_year, salon_roster

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_salon_example() -> None:
    """355 groups: ¥6,888,000; 7,263 rows = 7,251 used + 12 out of scope; 26 groups capped."""
    result = salon_roster.run([EXAMPLES / "salon_roster.csv"], fiscal_year=2024)
    assert result.total == 6_888_000
    assert len(result.groups) == 355
    s = result.summary
    assert (s.rows_in, s.used, s.out_of_scope, s.errors) == (7263, 7251, 12, 0)
    assert [(g.group_id, g.amount) for g in result.groups[:3]] == [("G1", 22_000), ("G2", 16_000), ("G3", 16_000)]
    assert sum(1 for g in result.groups if g.grant.caps) == 26
    kinds = Counter(m.classification for g in result.groups for m in g.members)
    assert (kinds["first_time"], kinds["additional"], kinds["not_new"]) == (1302, 1001, 35)


def test_activity_center_example() -> None:
    """Six centers for FY2024: ¥40,246,900 over 15,715 user-days (15,722 rows used incl. the 7 center rows)."""
    result = attendance.run([EXAMPLES / "attendance_fy2024.csv"], centers=[EXAMPLES / "centers.csv"],
                            fiscal_year=2024)
    assert result.total == 40_246_900
    assert result.summary.used == 15_722 and result.summary.errors == 0
    assert sum(c.user_days for c in result.claims) == 15_715  # the README's figure
    per_center: Counter[str] = Counter()
    for c in result.claims:
        per_center[c.center_id] += c.amount
    assert per_center["K1"] == 7_354_500 and per_center["K6"] == 6_261_000
    k1_april = next(c for c in result.claims if (c.center_id, c.month) == ("K1", date(2024, 4, 1)))
    assert (k1_april.amount, k1_april.user_days) == (636_800, 230)
    k6 = {c.month: c.center_types for c in result.claims if c.center_id == "K6"}
    assert k6[date(2024, 9, 1)] == ("III",) and k6[date(2024, 10, 1)] == ("II",)


def test_points_example() -> None:
    """4,500 registrants (4,103 with stamps in FY2024): ¥8,419,900; 372 reach the yearly cap."""
    result = points_year.run([EXAMPLES / "points_stamps_fy2024.csv"], fiscal_year=2024)
    assert result.total == 8_419_900
    s = result.summary
    assert (s.rows_in, s.used, s.out_of_scope, s.errors) == (34_660, 34_553, 107, 0)
    assert len(result.persons) == 4103
    assert sum(1 for p in result.persons if p.tally.conversion.caps) == 372


def test_mutual_aid_example() -> None:
    """Twenty groups: ¥3,618,500 for FY2024."""
    result = mutual_aid_year.run([EXAMPLES / "mutual_aid_fy2024.csv"], fiscal_year=2024)
    assert result.total == 3_618_500
    assert len(result.groups) == 20 and result.summary.rows_in == 219
