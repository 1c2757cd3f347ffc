"""Errors: one base class, field/expected/got, and Japanese for staff."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from kanoya_benefits import InputError, KanoyaError, NoRuleInForceError, activity_center, mutual_aid, points, salon
from kanoya_benefits.expected_ja import expected_ja

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
D = date(2024, 5, 1)

BAD_CALLS = [
    lambda: salon.enrollment_grant(first_time=-1, additional=0, on=D),
    lambda: salon.enrollment_grant(first_time=1, additional=0, on="2024-05-01"),
    lambda: salon.enrollment_grant(first_time=1, additional=0, on=datetime(2024, 5, 1, 9)),
    lambda: activity_center.daily_amount(center_type="IV", on=D),
    lambda: activity_center.daily_amount(center_type="I", on=D, one_way_trips=3),
    lambda: activity_center.daily_amount(center_type="I", on=D, bath="yes"),
    lambda: mutual_aid.monthly_subsidy(first_subsidized_month=D, month=date(2024, 5, 2)),
    lambda: mutual_aid.monthly_subsidy(first_subsidized_month=date(2024, 6, 1), month=D),
    lambda: mutual_aid.monthly_subsidy(first_subsidized_month=D, month=D, rent_cost=1.5),
    lambda: points.convert(points=1, fiscal_year="2024"),
    lambda: points.total_stamps([("ZZ", D)], fiscal_year=2024),
    lambda: salon.enrollment_grant(first_time=1, additional=0, on=date(2024, 3, 31)),
]


@pytest.mark.parametrize("call", BAD_CALLS)
def test_every_common_input_error_reads_in_japanese_too(call) -> None:
    """Each common bad input has a Japanese 'expected' and message, not English leaking through."""
    with pytest.raises(InputError) as info:
        call()
    err = info.value
    assert isinstance(err, KanoyaError) and isinstance(err, ValueError)
    assert JAPANESE.search(err.expected_ja), err.expected
    assert JAPANESE.search(err.message_ja) and err.field in err.message_ja


def test_no_rule_in_force_names_the_rules_start_not_an_unrelated_parameter() -> None:
    """A date before the rules says when the rules start, without naming some other programme's parameter."""
    with pytest.raises(NoRuleInForceError) as info:
        salon.enrollment_grant(first_time=1, additional=0, on=date(2024, 3, 31))
    assert str(info.value) == "on: no rule in force on 2024-03-31: the rules start on 2024-04-01"
    assert "activity_center" not in str(info.value)


def test_unknown_phrases_fall_back_to_the_english() -> None:
    """A phrase with no Japanese yet is shown as it is, never as an empty message."""
    assert expected_ja("something new") == "something new"
    assert expected_ja("a whole number from 0 to 2") == "0から2までの整数"


@pytest.mark.parametrize("text", ["H36", "1999", "令和0年度"])
def test_fiscal_year_errors_read_in_japanese(text: str) -> None:
    """Out-of-range and non-existent era years explain themselves in Japanese."""
    from kanoya_benefits import parse_fiscal_year

    with pytest.raises(InputError) as info:
        parse_fiscal_year(text)
    assert JAPANESE.search(info.value.expected_ja) and "year" not in info.value.expected_ja


def test_a_number_of_thousands_of_digits_is_shown_not_raised() -> None:
    """An absurdly long int in an argument gives an InputError that describes it, not a ValueError."""
    with pytest.raises(InputError, match="about 5001 digits"):
        points.convert(points=1, fiscal_year=10**5000)
