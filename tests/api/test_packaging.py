"""A fresh (non-editable) install carries every package: each folder with an __init__.py is listed."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_installed():
    """pyproject's packages list names every package folder under the mapped directories."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(tool["packages"])
    for name, folder in tool["package-dir"].items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            dotted = ".".join([name, *rel.parts])
            assert dotted in listed, f"{dotted} ({init.parent}) is missing from [tool.setuptools] packages"
