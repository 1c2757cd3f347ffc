"""Rules data edited into an invalid state is refused at load, naming the file and the key.

Each case copies the shipped rules to a temporary directory, breaks one file the way a hurried
edit would (an impossible or duplicate date, negative yen, 6 points, a typo in a switch, bad YAML,
the wrong encoding, binary junk, an empty file…) and checks that loading raises RulesDataError whose
file is the broken file and whose key points at the broken entry. Nothing half-loaded survives: the
shipped rules in memory are unaffected.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kanoya_benefits import RulesDataError, load_rules, salon, shipped_rules
from kanoya_benefits.rules import SHIPPED_DIR

Edit = Callable[[bytes], bytes]


def append(text: str) -> Edit:
    """Add lines at the end of the file (under its ``values:``)."""
    return lambda raw: raw + text.encode("utf-8")


def replace(old: str, new: str) -> Edit:
    """Replace the first occurrence of ``old``; the case fails if ``old`` is not there."""

    def edit(raw: bytes) -> bytes:
        text = raw.decode("utf-8")
        assert old in text, f"fixture out of date: {old!r} not in the file"
        return text.replace(old, new, 1).encode("utf-8")

    return edit


def whole(content: bytes) -> Edit:
    """Replace the whole file."""
    return lambda raw: content


# (file, edit, expected key fragment, expected problem fragment)
CASES: list[tuple[str, Edit, str, str]] = [
    ("salon/group_cap.yaml", append("  2025-02-30: 60000\n"), "values.2025-02-30", "real date"),
    ("salon/group_cap.yaml", append("  2025-13-01: 60000\n"), "values.2025-13-01", "real date"),
    ("salon/group_cap.yaml", append("  R7-04-01: 60000\n"), "values.R7-04-01", "real date"),
    ("activity_center/bath_add_on.yaml", append("  2024-04-01: 500\n"), "2024-04-01", "given twice"),
    ("activity_center/bath_add_on.yaml", append("  2025-04-01T00:00:00: 500\n"), "values.2025-04-01", "date"),
    ("mutual_aid/base_year_1.yaml", append("  2025-04-01: -11000\n"), "values.2025-04-01", "negative money"),
    ("mutual_aid/base_year_1.yaml", append("  2025-04-01: 11000.5\n"), "values.2025-04-01", "whole number"),
    ("mutual_aid/base_year_1.yaml", append("  2025-04-01: '１１０００'\n"), "values.2025-04-01", "whole number"),
    ("mutual_aid/base_year_1.yaml", append("  2025-04-01: .nan\n"), "values.2025-04-01", "whole number"),
    ("mutual_aid/base_year_1.yaml", append("  2025-04-01: null\n"), "values.2025-04-01", "whole number"),
    ("points/catalogue.yaml", replace("V1: {kind: volunteer, points: 3", "V1: {kind: volunteer, points: 6"),
     "V1.points", "1 to 5"),
    ("points/catalogue.yaml", replace("L1: {kind: participation, points: 1", "L1: {kind: participation, points: 0"),
     "L1.points", "1 to 5"),
    ("points/catalogue.yaml", replace("kind: volunteer, points: 5", "kind: paid, points: 5"), "V2.kind", "one of"),
    ("points/catalogue.yaml",
     replace("L2: {kind: participation, points: 2", "L2: {kind: participation, points: 2, x: 1"), "L2", "unknown keys"),
    ("points/daily_cap.yaml", replace("2024-04-01: null", "2024-04-01: 0"), "values.2024-04-01", "below 1"),
    ("points/points_per_activity.yaml", replace("{min: 1, max: 5}", "{min: 5, max: 1}"), "values.2024-04-01",
     "above max"),
    ("points/same_day_repeat_counts_once.yaml", replace("2024-04-01: true", "2024-04-01: 'yes'"),
     "values.2024-04-01", "true or false"),
    ("mutual_aid/rent_add_on_share.yaml", replace('"1/2"', '"3/2"'), "values.2024-04-01", "ratio"),
    ("mutual_aid/rent_add_on_share.yaml", replace('"1/2"', '"1/0"'), "values.2024-04-01", "ratio"),
    ("mutual_aid/rent_add_on_share.yaml", replace('"1/2"', "0.5"), "values.2024-04-01", "ratio"),
    ("mutual_aid/add_on_rounding.yaml", append("  2025-04-01: quarterly\n"), "values.2025-04-01", "one of"),
    ("activity_center/max_one_way_trips.yaml", append("  2025-04-01: -1\n"), "values.2025-04-01", "below 0"),
    ("activity_center/bath_add_on.yaml", append("  2025-04-01: {value: 450, colour: red}\n"), "values.2025-04-01",
     "unknown keys"),
    ("activity_center/bath_add_on.yaml", append("  2025-04-01: {value: 450, status: guessed}\n"),
     "values.2025-04-01.status", "one of"),
    ("salon/group_cap.yaml", replace("values:\n  2024-04-01: 50000\n", ""), "values", "missing"),
    ("salon/group_cap.yaml", replace("values:\n  2024-04-01: 50000\n", "values: {}\n"), "values", "mapping"),
    ("salon/group_cap.yaml", replace("  en: Cap on the grant per group\n", ""), "description", "'ja' and 'en'"),
    ("salon/group_cap.yaml", replace("unit: yen", "unit: dollars"), "unit", "one of"),
    ("salon/group_cap.yaml", replace("status: stated", "status: guessed"), "status", "one of"),
    ("salon/group_cap.yaml", append("values:\n  2025-04-01: 1\n"), "values", "given twice"),
    ("salon/group_cap.yaml", append("  2025-04-01: [60000\n"), "line", "not valid YAML"),
    ("salon/group_cap.yaml", append("\t2025-04-01: 60000\n"), "line", "not valid YAML"),
    ("salon/group_cap.yaml", whole(b""), "(document)", "mapping"),
    ("salon/group_cap.yaml", whole(b"- just\n- a list\n"), "(document)", "mapping"),
    ("salon/group_cap.yaml", whole("values:\n  2024-04-01: 50000\n# 上限\n".encode("cp932")), "(file)", "UTF-8"),
    ("salon/group_cap.yaml", whole(bytes(range(256)) * 4), "(file)", "UTF-8"),
    ("salon/group_cap.yaml", whole(b"\x00\x01\x02 binary: junk \xff"), "(file)", "UTF-8"),
    ("salon/group_cap.yaml", lambda raw: raw[: len(raw) // 2], "", ""),  # cut mid-file: any named refusal
]


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped rules directory."""
    dest = tmp_path / "rules"
    shutil.copytree(SHIPPED_DIR, dest)
    return dest


@pytest.mark.parametrize(("file", "edit", "key", "problem"), CASES,
                         ids=[f"{c[0]}:{c[2] or 'truncated'}:{c[3]}" for c in CASES])
def test_broken_rules_file_is_refused_naming_file_and_key(rules_copy: Path, file: str, edit: Edit, key: str,
                                                         problem: str) -> None:
    """Loading refuses the broken file with RulesDataError naming that file and the broken key."""
    target = rules_copy / file
    target.write_bytes(edit(target.read_bytes()))
    with pytest.raises(RulesDataError) as info:
        load_rules(rules_copy)
    err = info.value
    assert Path(err.file) == target
    assert key in err.key
    assert problem in err.problem
    assert str(err).startswith(f"{target}: {err.key}: ")


def test_a_refused_load_leaves_the_rules_in_use_untouched(rules_copy: Path) -> None:
    """After a refused load the shipped rules still compute (nothing half-loaded is used)."""
    before = shipped_rules().version
    (rules_copy / "salon" / "group_cap.yaml").write_text("values: [\n", encoding="utf-8")
    with pytest.raises(RulesDataError):
        load_rules(rules_copy)
    assert shipped_rules().version == before
    assert salon.enrollment_grant(first_time=12, additional=3, on=shipped_rules().start).amount == 50000


def test_a_directory_without_rules_files_is_refused(tmp_path: Path) -> None:
    """An empty directory, or a path that does not exist, is refused naming the path."""
    with pytest.raises(RulesDataError, match=r"no \*\.yaml"):
        load_rules(tmp_path)
    with pytest.raises(RulesDataError, match="no such rules"):
        load_rules(tmp_path / "missing")


def test_a_truncated_overlay_is_refused_naming_the_overlay(tmp_path: Path) -> None:
    """An overlay cut mid-entry, or naming an unknown parameter, is refused naming the overlay file."""
    overlay = tmp_path / "proposal.yaml"
    overlay.write_text("kind: overlay\nparameters:\n  salon.group_cap:\n    values: {2025-04-01: 6", encoding="utf-8")
    with pytest.raises(RulesDataError) as info:
        load_rules(overlay)
    assert info.value.file == str(overlay)
    overlay.write_text("kind: overlay\nparameters:\n  salon.group_capp:\n    values: {2025-04-01: 1}\n",
                       encoding="utf-8")
    with pytest.raises(RulesDataError) as info:
        load_rules(overlay)
    assert info.value.key == "parameters.salon.group_capp"


@pytest.mark.parametrize("command", [
    ["serve", "--port", "{port}"],
    ["calc", "salon", "--first-time", "7", "--additional", "3", "--date", "2024-06-01"],
    ["batch", "salon", "{roster}", "--fiscal-year", "2024", "-o", "{out}"],
], ids=["serve", "calc", "batch"])
def test_broken_rules_are_refused_at_start_up_naming_file_and_key(rules_copy: Path, tmp_path: Path,
                                                                  command: list[str],
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """serve, calc and batch given broken rules exit 3 before doing anything, naming the file and key."""
    from kanoya_benefits_cli import exit_codes
    from kanoya_benefits_cli.main import main

    from benchmarks.loadgen import free_port

    broken = rules_copy / "mutual_aid" / "base_year_1.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "  2025-04-01: -11000\n", encoding="utf-8")
    roster = Path(__file__).parent / "fixtures" / "salon_roster_fy2024.csv"
    out = tmp_path / "out.csv"
    argv = [a.format(port=free_port(), roster=roster, out=out) for a in command] + ["--rules", str(rules_copy)]
    assert main(argv) == exit_codes.BAD_INPUT
    err = capsys.readouterr().err
    assert str(broken) in err and "values.2025-04-01" in err and "negative money" in err
    assert "Traceback" not in err
    assert not out.exists()
