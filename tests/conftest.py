"""Shared fixtures."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kanoya_benefits import RuleSet, load_rules
from kanoya_benefits.rules import SHIPPED_DIR


@pytest.fixture
def rules_with(tmp_path: Path) -> Callable[[str, str], RuleSet]:
    """Build a rule set from the shipped rules plus extra dated lines for one parameter.

    ``rules_with("salon/group_cap", "  2024-10-15: 60000\\n")`` appends to that file's values.
    """

    def make(parameter_path: str, extra_values: str) -> RuleSet:
        dest = tmp_path / f"rules{len(list(tmp_path.iterdir()))}"
        shutil.copytree(SHIPPED_DIR, dest)
        f = dest / f"{parameter_path}.yaml"
        f.write_text(f.read_text(encoding="utf-8") + extra_values, encoding="utf-8")
        return load_rules(dest)

    return make


# -- issue 3: batch inputs ------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write a test input file: ``write_file("a.csv", "text", encoding="cp932")`` → its path."""

    def make(name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return make
