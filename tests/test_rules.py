"""The rules data: loading, validation at load time, look-up by date, overlays."""

from __future__ import annotations

import shutil
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from kanoya_benefits import NoRuleInForceError, RulesDataError, UnknownParameterError, load_rules, shipped_rules
from kanoya_benefits.rules import SHIPPED_DIR, STATUSES

CAP = "salon.group_cap"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped rules directory."""
    dest = tmp_path / "rules"
    shutil.copytree(SHIPPED_DIR, dest)
    return dest


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_every_shipped_parameter_has_descriptions_status_and_citation() -> None:
    """Each shipped parameter is documented in Japanese and English, with status and citation."""
    rules = shipped_rules()
    assert len(rules.parameters) >= 20
    for p in rules.parameters.values():
        assert p.description_ja and p.description_en
        assert p.entries[0].status in STATUSES
        assert p.entries[0].reference.strip()
        assert p.first == date(2024, 4, 1), p.name


def test_manual_figures_are_the_shipped_values() -> None:
    """The shipped values are the manual's figures (RULES.md §1–§4)."""
    v = shipped_rules().at(date(2024, 4, 1))
    assert (v["salon.first_time_per_member"], v["salon.additional_per_member"], v[CAP]) == (4000, 2000, 50000)
    assert (v["mutual_aid.base_year_1"], v["mutual_aid.base_year_2"], v["mutual_aid.base_year_3_and_after"]) == (
        11000, 8000, 7000)
    assert v["mutual_aid.rent_add_on_share"] == Fraction(1, 2)
    assert (v["mutual_aid.rent_add_on_cap"], v["mutual_aid.challenge_add_on_cap"]) == (10000, 5000)
    assert (v["activity_center.daily_rate_type_i"], v["activity_center.daily_rate_type_ii"],
            v["activity_center.daily_rate_type_iii"]) == (2100, 1800, 1500)
    assert (v["activity_center.bath_add_on"], v["activity_center.transport_add_on"]) == (400, 600)
    assert (v["points.yen_per_point"], v["points.yearly_cap"], v["points.daily_cap"]) == (100, 5000, None)


def test_assumed_points_figures_are_marked_assumed() -> None:
    """The points rate and cap are marked assumed, the manual's amounts stated."""
    rules = shipped_rules()
    assert rules.parameter("points.yen_per_point").entries[0].status == "assumed"
    assert rules.parameter("points.yearly_cap").entries[0].status == "assumed"
    assert rules.parameter("salon.first_time_per_member").entries[0].status == "stated"
    assert rules.parameter("mutual_aid.subsidy_year_counting").entries[0].status == "interpretation"


def test_the_day_before_the_rules_start_has_no_rule() -> None:
    """2024-03-31 raises NoRuleInForceError naming the first date; 2024-04-01 works."""
    with pytest.raises(NoRuleInForceError, match="2024-04-01") as info:
        shipped_rules().at(date(2024, 3, 31))
    assert info.value.field == "on"
    assert shipped_rules().at(date(2024, 4, 1))[CAP] == 50000


def test_a_date_long_after_the_last_change_uses_the_last_value() -> None:
    """A date far in the future uses the latest value, never a crash."""
    assert shipped_rules().value(CAP, date(2099, 12, 31)) == 50000


def test_unknown_parameter_is_a_clear_error() -> None:
    """Asking for a name the rule set lacks raises UnknownParameterError with the name."""
    with pytest.raises(UnknownParameterError, match=r"salon\.nope"):
        shipped_rules().at(date(2024, 4, 1))["salon.nope"]


def test_a_new_dated_value_applies_from_its_date_only(rules_copy: Path) -> None:
    """Adding a dated entry changes values on and after that date, not before."""
    f = rules_copy / "salon" / "group_cap.yaml"
    write(f, f.read_text(encoding="utf-8") + "  2025-04-01: 60000\n")
    rules = load_rules(rules_copy)
    assert rules.value(CAP, date(2025, 3, 31)) == 50000
    assert rules.value(CAP, date(2025, 4, 1)) == 60000
    assert rules.version != shipped_rules().version


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("  2024-31-04: 1\n", "values.2024-31-04", "real date"),
        ("  2024-04-01: 1\n", "2024-04-01", "given twice"),
        ("  2025-04-01: -5\n", "values.2025-04-01", "negative money"),
        ("  2025-04-01: 1.5\n", "values.2025-04-01", "whole number"),
        ("  2025-04-01: true\n", "values.2025-04-01", "whole number"),
        ("  2025-04-01T10:00:00: 1\n", "values.2025-04-01", "date"),
    ],
)
def test_bad_values_are_refused_naming_file_and_key(rules_copy: Path, text: str, key: str, problem: str) -> None:
    """An impossible date, a duplicate date, negative or non-integer money fail at load with file and key."""
    f = rules_copy / "salon" / "group_cap.yaml"
    write(f, f.read_text(encoding="utf-8") + text)
    with pytest.raises(RulesDataError) as info:
        load_rules(rules_copy)
    assert info.value.file.endswith("group_cap.yaml")
    assert key in info.value.key
    assert problem in info.value.problem


def test_catalogue_points_outside_one_to_five_are_refused(rules_copy: Path) -> None:
    """A catalogue activity worth 6 points (or 0) is refused at load, naming the activity."""
    f = rules_copy / "points" / "catalogue.yaml"
    text = f.read_text(encoding="utf-8")
    write(f, text.replace("V2: {kind: volunteer, points: 5", "V2: {kind: volunteer, points: 6"))
    with pytest.raises(RulesDataError, match=r"V2\.points.*1 to 5.*6"):
        load_rules(rules_copy)
    write(f, f.read_text(encoding="utf-8").replace("points: 6", "points: 0"))
    with pytest.raises(RulesDataError, match="got 0"):
        load_rules(rules_copy)


@pytest.mark.parametrize(
    ("replace", "by", "key"),
    [
        ("status: stated", "status: guessed", "status"),
        ("unit: yen", "unit: dollars", "unit"),
        ("reference:", "referenc:", "referenc"),
        ("description:", "descr:", "descr"),
    ],
)
def test_malformed_parameter_files_are_refused(rules_copy: Path, replace: str, by: str, key: str) -> None:
    """A bad status, unit or key name fails at load naming the file and the key."""
    f = rules_copy / "salon" / "group_cap.yaml"
    write(f, f.read_text(encoding="utf-8").replace(replace, by, 1))
    with pytest.raises(RulesDataError) as info:
        load_rules(rules_copy)
    assert info.value.key == key
    assert "group_cap.yaml" in str(info.value)


def test_invalid_yaml_names_file_and_line(rules_copy: Path) -> None:
    """Broken YAML syntax is reported with the file and the line."""
    f = rules_copy / "salon" / "group_cap.yaml"
    write(f, "values: [unclosed\n")
    with pytest.raises(RulesDataError, match=r"group_cap\.yaml: line"):
        load_rules(rules_copy)


def test_switch_values_must_be_one_of_the_choices(rules_copy: Path) -> None:
    """A switch set to a value outside its choices is refused."""
    f = rules_copy / "mutual_aid" / "subsidy_year_counting.yaml"
    write(f, f.read_text(encoding="utf-8") + "  2025-04-01: calendar_year\n")
    with pytest.raises(RulesDataError, match="fiscal_year"):
        load_rules(rules_copy)


def test_missing_rules_path_is_a_clear_error(tmp_path: Path) -> None:
    """A rules path that does not exist is refused, naming it."""
    with pytest.raises(RulesDataError, match="no such rules"):
        load_rules(tmp_path / "nope")


def test_overlay_adds_a_dated_value_on_top_of_the_shipped_rules(tmp_path: Path) -> None:
    """An overlay file holding one changed parameter changes it from its date on."""
    f = tmp_path / "reform.yaml"
    write(f, "kind: overlay\nparameters:\n  activity_center.daily_rate_type_i:\n    values:\n      2025-04-01: 2300\n")
    rules = load_rules(f)
    assert rules.value("activity_center.daily_rate_type_i", date(2025, 3, 31)) == 2100
    assert rules.value("activity_center.daily_rate_type_i", date(2025, 4, 1)) == 2300
    assert rules.value("activity_center.daily_rate_type_ii", date(2025, 4, 1)) == 1800
    assert rules.version != shipped_rules().version


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("  activity_center.daily_rate_type_i:\n    values:\n      2025-02-30: 2300\n", "2025-02-30"),
        ("  activity_center.daily_rate_type_i:\n    values:\n      2025-04-01: -1\n", "2025-04-01"),
        ("  activity_center.no_such:\n    values:\n      2025-04-01: 1\n", "activity_center.no_such"),
    ],
)
def test_bad_overlays_are_refused(tmp_path: Path, body: str, key: str) -> None:
    """An overlay with an impossible date, a negative amount or an unknown parameter is refused."""
    f = tmp_path / "reform.yaml"
    write(f, "kind: overlay\nparameters:\n" + body)
    with pytest.raises(RulesDataError) as info:
        load_rules(f)
    assert key in info.value.key
    assert info.value.file == str(f)


def test_rules_version_is_stable_for_the_same_content(rules_copy: Path) -> None:
    """The version is a content hash: a copy of the shipped rules has the same version."""
    assert load_rules(rules_copy).version == shipped_rules().version


def test_snapshot_notes_only_for_unstated_readings() -> None:
    """Plain stated figures carry no note; assumed and interpreted ones do, in ja and en."""
    snap = shipped_rules().at(date(2024, 4, 1))
    assert snap.note("salon.first_time_per_member") is None
    note = snap.note("points.yen_per_point")
    assert note is not None and note.status == "assumed" and "assumed" in note.text_en and note.text_ja


def test_a_number_with_thousands_of_digits_is_a_rules_error(rules_copy: Path) -> None:
    """A 5,000-digit value is refused as bad rules data, not a bare ValueError."""
    f = rules_copy / "salon" / "group_cap.yaml"
    write(f, f.read_text(encoding="utf-8") + "  2025-04-01: " + "9" * 5000 + "\n")
    with pytest.raises(RulesDataError, match="too long"):
        load_rules(rules_copy)


def test_a_full_rules_directory_missing_a_parameter_is_refused_at_load(rules_copy: Path) -> None:
    """A rules directory without bath_add_on.yaml is refused at load, naming the missing file."""
    (rules_copy / "activity_center" / "bath_add_on.yaml").unlink()
    with pytest.raises(RulesDataError, match="missing") as info:
        load_rules(rules_copy)
    assert info.value.key == "activity_center.bath_add_on"
    assert info.value.file.endswith("activity_center/bath_add_on.yaml")


def test_a_misnamed_parameter_file_is_refused_at_load(rules_copy: Path) -> None:
    """A file renamed by mistake is reported as unknown (and its proper name as missing)."""
    src = rules_copy / "salon" / "group_cap.yaml"
    src.rename(rules_copy / "salon" / "group_capp.yaml")
    with pytest.raises(RulesDataError, match="missing"):
        load_rules(rules_copy)


def test_yaml_aliases_are_refused_before_loading(tmp_path: Path) -> None:
    """An overlay using YAML aliases (a billion-laughs shape) is refused at once, naming the line."""
    f = tmp_path / "bomb.yaml"
    rows = ['kind: overlay', 'a0: &a0 ["x","x"]'] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]"
                                                      for i in range(1, 9)]
    write(f, "\n".join(rows) + "\n")
    with pytest.raises(RulesDataError, match="aliases") as info:
        load_rules(f)
    assert info.value.key == "line 3"
