"""The manual's plan arithmetic and the evaluation indicators."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given

from kanoya_benefits import InputError, KanoyaError, registry
from kanoya_benefits.kpi import UnknownIndicatorError, percent_text
from tests import strategies as s

SHIPPED = Path(registry.__file__).parent / "registry_data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped registry data that a test may edit."""
    target = tmp_path / "registry_data"
    shutil.copytree(SHIPPED, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_stated_total_is_confirmed() -> None:
    """The shipped plans recompute to the manual's totals: 160, 438, 20, 120, 204, 15 and 11 coordinators."""
    check = registry.check_manual()
    assert check.ok and not check.mismatches
    got = {i.id: (i.expected, i.recomputed) for i in check.items}
    assert got == {
        "exercise-salon.development-coaching": (160, 160),
        "exercise-salon.follow-up-coaching": (438, 438),
        "exercise-salon.trial-coaching": (20, 20),
        "care-prevention-classes.local-facilities": (120, 120),
        "care-prevention-classes.provider-facilities-12": (204, 204),
        "care-prevention-classes.provider-facilities-15": (15, 15),
        "life-support-coordinators.layer-2": (11, 11),
        "life-support-coordinators.layer-2.factors[1]": (11, 11),
    }
    assert all(i.status == "confirmed" for i in check.items)


def test_factors_are_kept_as_the_manual_writes_them() -> None:
    """Totals are stored as their factors (10 × 4 × 3), not only as results."""
    products = {p.id: p for p in registry.shipped_registry().plans.products}
    assert [f.value for f in products["care-prevention-classes.local-facilities"].factors] == [10, 4, 3]
    assert [f.value for f in products["exercise-salon.follow-up-coaching"].factors] == [146, 3]
    assert products["exercise-salon.development-coaching"].stated_total == 160


def test_broken_factor_in_a_copy_is_a_mismatch(data_copy: Path) -> None:
    """Changing 146 groups to 147 in a copy reports the follow-up total as a mismatch, expected vs recomputed."""
    _edit(data_copy / "plans.yaml", "{value: 146,", "{value: 147,")
    check = registry.check_manual(data_copy)
    assert not check.ok
    assert [(i.id, i.expected, i.recomputed, i.status) for i in check.mismatches] == [
        ("exercise-salon.follow-up-coaching", 438, 441, "mismatch")]
    assert registry.check_manual().ok  # the shipped data is untouched


def test_a_missing_district_is_a_mismatch(data_copy: Path) -> None:
    """Dropping a district from the list of 11 is caught even though 1 × 11 still gives 11."""
    _edit(data_copy / "plans.yaml", "花岡地区, ", "")
    check = registry.check_manual(data_copy)
    assert [(i.id, i.expected, i.recomputed) for i in check.mismatches] == [
        ("life-support-coordinators.layer-2.factors[1]", 11, 10)]


def test_the_eleven_districts() -> None:
    """Layer 2 has one coordinator in each of the eleven 民協区 districts."""
    districts = registry.shipped_registry().plans.named_list("life-support-districts").items
    assert len(districts) == 11
    assert set(districts) == {"中央地区", "北部地区", "高隈地区", "東部地区", "田崎地区", "大姶良地区", "西原地区",
                              "花岡地区", "吾平地区", "輝北地区", "串良地区"}


def test_stated_figures() -> None:
    """Advisors ≤280 with terms ≤3 years, 1 + 2 coordinators, meetings about twice a year and monthly."""
    figures = {f.id: (f.kind, f.value, f.unit.ja) for f in registry.shipped_registry().plans.figures}
    assert figures == {
        "life-support-coordinators.layer-1": ("exactly", 1, "名"),
        "multi-layer-coordinators": ("exactly", 2, "名"),
        "home-welfare-advisors.capacity": ("at_most", 280, "人"),
        "home-welfare-advisors.term": ("at_most", 3, "年"),
        "coordination-meeting.frequency": ("about", 2, "回/年"),
        "multi-agency-review-meeting.frequency": ("exactly", 1, "回/月"),
    }


def test_expected_volumes_with_citations() -> None:
    """355 groups and 4,500 registrants, each cited to its section."""
    plans = registry.shipped_registry().plans
    assert plans.volume("salon-groups").value == 355
    assert plans.volume("points-registrants").value == 4500
    assert "355団体" in plans.volume("salon-groups").citation
    assert "4,500人" in plans.volume("points-registrants").citation


def test_negative_or_float_factor_is_refused(data_copy: Path) -> None:
    """A factor must be a whole number of 1 or more; the error names file and key."""
    _edit(data_copy / "plans.yaml", "{value: 8,", "{value: 8.5,")
    with pytest.raises(KanoyaError) as err:
        registry.load_registry(data_copy)
    assert "products.exercise-salon.development-coaching.factors[1].value" in str(err.value)


def test_kpi_targets() -> None:
    """The four indicators: 60 consultations, 12 meetings, 11 and 4 districts a year."""
    targets = {i.id: i.target for i in registry.shipped_registry().indicators}
    assert targets == {"multi-agency-consultations": 60, "support-meetings": 12,
                       "needs-finding-districts": 11, "problem-solving-districts": 4}


def test_kpi_ratios_are_exact() -> None:
    """Ratios are Fractions; the display percentage is cut to one decimal and shown whole when exact."""
    ev = registry.evaluate_kpis({"multi-agency-consultations": 50, "support-meetings": 12,
                                 "needs-finding-districts": 0, "problem-solving-districts": 5})
    got = {r.indicator: (r.ratio, r.percent, r.achieved) for r in ev.results}
    assert got == {
        "multi-agency-consultations": (Fraction(5, 6), "83.3%", False),
        "support-meetings": (Fraction(1), "100%", True),
        "needs-finding-districts": (Fraction(0), "0%", False),
        "problem-solving-districts": (Fraction(5, 4), "125%", True),
    }
    assert ev.not_given == ()


def test_kpi_percent_is_cut_not_rounded() -> None:
    """2/3 shows as 66.6% (cut), 7 of 11 as 63.6%, 59 of 60 as 98.3%."""
    assert percent_text(Fraction(2, 3)) == "66.6%"
    assert percent_text(Fraction(7, 11)) == "63.6%"
    assert percent_text(Fraction(59, 60)) == "98.3%"
    assert percent_text(Fraction(1, 2)) == "50%"


def test_kpi_partial_actuals() -> None:
    """Indicators without actual figures are listed as not given, not scored as zero."""
    ev = registry.evaluate_kpis({"support-meetings": 6})
    assert [r.percent for r in ev.results] == ["50%"]
    assert ev.not_given == ("multi-agency-consultations", "needs-finding-districts", "problem-solving-districts")


def test_kpi_unknown_indicator() -> None:
    """An unknown indicator name is an UnknownIndicatorError naming the field and the known names."""
    with pytest.raises(UnknownIndicatorError) as err:
        registry.evaluate_kpis({"consultations": 60})
    assert err.value.field == "actuals.consultations"
    assert "multi-agency-consultations" in str(err.value)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "12", None])
def test_kpi_bad_actuals(bad: object) -> None:
    """Negative, fractional, boolean or text actuals are refused naming the indicator."""
    with pytest.raises(InputError) as err:
        registry.evaluate_kpis({"support-meetings": bad})  # type: ignore[dict-item]
    assert err.value.field == "actuals.support-meetings"


def test_kpi_dict_is_json_ready() -> None:
    """The dict form gives the exact ratio as text and as two integers."""
    d = registry.kpi_dict(registry.evaluate_kpis({"multi-agency-consultations": 45}))
    r = d["results"][0]
    assert (r["ratio"], r["ratio_numerator"], r["ratio_denominator"], r["percent"]) == ("3/4", 3, 4, "75%")


@given(s.kpi_actuals, s.kpi_targets)
def test_percent_text_bounds_the_ratio(actual: int, target: int) -> None:
    """The displayed percentage p satisfies p ≤ 100 × ratio < p + 0.1 (a cut to one decimal)."""
    ratio = Fraction(actual, target)
    shown = Fraction(percent_text(ratio).removesuffix("%"))
    assert shown <= ratio * 100 < shown + Fraction(1, 10)
