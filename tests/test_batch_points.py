"""Points batch: the fixture with its catalogue, the override catalogue as rules data, out of scope."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kanoya_benefits import RulesDataError, shipped_rules
from kanoya_benefits.batch import points_year
from kanoya_benefits.points import ASSUMED_WARNING
from kanoya_benefits.tabular import UnusableInputError

FIXTURES = Path(__file__).parent / "fixtures"


def test_fixture_totals() -> None:
    """Q1 ¥800, Q2 ¥5,000 (capped), Q3 ¥300; total ¥6,100; one repeat, one stamp of FY2025 out of scope."""
    result = points_year.run([FIXTURES / "points_stamps_fy2024.csv"], fiscal_year=2024,
                             catalogue=FIXTURES / "points_catalogue.csv")
    assert {p.person_id: (p.points, p.amount) for p in result.persons} == {
        "Q1": (8, 800), "Q2": (60, 5000), "Q3": (3, 300)}
    assert result.total == 6100
    s = result.summary
    assert (s.rows_in, s.used, s.out_of_scope, s.errors) == (18, 17, 1, 0)
    assert sum(p.tally.repeats_dropped for p in result.persons) == 1  # 16 counted + 1 repeat = 17 used
    assert result.warnings == (ASSUMED_WARNING,)
    q2 = next(p for p in result.persons if p.person_id == "Q2")
    assert q2.tally.conversion.caps[0].uncapped == 6000


def test_catalogue_enters_rules_version() -> None:
    """An override catalogue changes the rules version."""
    result = points_year.run([FIXTURES / "points_stamps_fy2024.csv"], fiscal_year=2024,
                             catalogue=FIXTURES / "points_catalogue.csv")
    assert result.rules_version != shipped_rules().version


@pytest.mark.parametrize(("line", "problem"), [
    ("L9,participation,6", "1 to 5"),
    ("L9,participation,0", "1 to 5"),
    ("L9,lecture,2", "participation"),
    ("L1,participation,2", "twice"),
    ("L9,participation,x", "whole number"),
])
def test_catalogue_validated_like_rules(write_file: Callable[..., Path], line: str, problem: str) -> None:
    """A bad override catalogue is refused as rules data, naming the file and the line."""
    cat = write_file("cat.csv", "activity_id,kind,points\nL1,participation,1\n" + line + "\n")
    stamps = write_file("s.csv", "person_id,activity_id,stamped_on\nQ1,L1,2024-05-01\n")
    with pytest.raises(RulesDataError, match=problem) as err:
        points_year.run([stamps], fiscal_year=2024, catalogue=cat)
    assert err.value.file.endswith("cat.csv")


def test_empty_catalogue_refused(write_file: Callable[..., Path]) -> None:
    """A catalogue with no activity is unusable."""
    cat = write_file("cat.csv", "activity_id,kind,points\n")
    stamps = write_file("s.csv", "person_id,activity_id,stamped_on\nQ1,L1,2024-05-01\n")
    with pytest.raises(UnusableInputError):
        points_year.run([stamps], fiscal_year=2024, catalogue=cat)


def test_unknown_activity_is_an_error_row(write_file: Callable[..., Path]) -> None:
    """A stamp for an activity not in the catalogue is an error row; other stamps count."""
    stamps = write_file("s.csv", "登録者ID,活動ID,活動日\n007,L1,R6.5.1\n007,ZZ,2024-05-02\n")
    result = points_year.run([stamps], fiscal_year=2024)
    assert [(e.line, e.column, e.value) for e in result.errors] == [(3, "活動ID (activity_id)", "ZZ")]
    assert result.persons[0].person_id == "007" and result.total == 100
