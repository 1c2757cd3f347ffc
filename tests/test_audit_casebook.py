"""The shipped case book `cases/`: every worked case, boundary and interpretation of RULES.md passes."""

from __future__ import annotations

from pathlib import Path

from kanoya_benefits.audit import load_cases, run_cases

BOOK = Path(__file__).resolve().parent.parent / "cases"


def test_the_shipped_case_book_passes_in_full() -> None:
    """Every case of cases/ passes on the shipped rules, and none is malformed."""
    book = load_cases([BOOK])
    assert book.problems == ()
    run = run_cases(book)
    failures = [(r.file, r.line, r.name, r.mismatches, r.error) for r in run.results if r.status != "passed"]
    assert failures == []
    assert run.passed == len(book.cases) >= 75


def test_the_case_book_covers_every_programme_and_a_csv_file() -> None:
    """The book has YAML and CSV files and cases for each calculation, including list inputs."""
    book = load_cases([BOOK])
    assert any(f.endswith(".csv") for f in book.files)
    programmes = {c.programme for c in book.cases}
    assert programmes >= {"salon.enrollment_grant", "salon.roster", "mutual_aid.monthly_subsidy",
                          "mutual_aid.annual_schedule", "activity_center.daily_amount",
                          "activity_center.attendance", "points.conversion", "points.total_stamps"}


def test_case_names_are_unique_sentences() -> None:
    """Each case is named for the reading it pins, and no two share a name."""
    names = [c.name for c in load_cases([BOOK]).cases]
    assert len(names) == len(set(names))
    assert all(len(n.split()) >= 4 for n in names)


def test_each_shipped_case_fails_when_its_amount_is_off_by_one() -> None:
    """Meta-test over the whole book: nudging any expected amount by ¥1 makes that case fail."""
    import attrs

    book = load_cases([BOOK])
    nudged = [attrs.evolve(c, expect=attrs.evolve(c.expect, amount=c.expect.amount + 1))
              for c in book.cases if c.expect.amount is not None]
    run = run_cases(nudged)
    assert nudged and run.failed == len(nudged)
