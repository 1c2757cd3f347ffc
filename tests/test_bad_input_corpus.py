"""Every entry of tests/corpus/library_bad_inputs.yaml gives exactly its pinned error (or amount)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

import kanoya_benefits
from kanoya_benefits import KanoyaError, fiscal

CORPUS = Path(__file__).parent / "corpus" / "library_bad_inputs.yaml"
ENTRIES: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
MODULES = {"salon": kanoya_benefits.salon, "mutual_aid": kanoya_benefits.mutual_aid,
           "activity_center": kanoya_benefits.activity_center, "points": kanoya_benefits.points, "fiscal": fiscal}


def _function(call: str) -> Any:
    module, name = call.split(".")
    return getattr(MODULES[module], name)


def _id(entry: dict[str, Any]) -> str:
    return f"{entry['call']}: {entry['why']}"


def test_the_corpus_covers_every_library_function() -> None:
    """Each public calculation has bad-input entries, and each entry names an error or an amount."""
    calls = {e["call"] for e in ENTRIES}
    assert {"salon.enrollment_grant", "mutual_aid.monthly_subsidy", "mutual_aid.annual_schedule",
            "activity_center.daily_amount", "points.convert", "points.total_stamps"} <= calls
    for e in ENTRIES:
        assert ("error" in e) != ("amount" in e), _id(e)
        assert "error" not in e or "field" in e, _id(e)
    assert any(isinstance(v, float) and math.isnan(v) for e in ENTRIES for v in e["kwargs"].values())


@pytest.mark.parametrize("entry", ENTRIES, ids=_id)
def test_bad_input_gives_its_pinned_error(entry: dict[str, Any]) -> None:
    """The call raises exactly the pinned KanoyaError naming the pinned field, or gives the pinned amount."""
    fn = _function(entry["call"])
    if "amount" in entry:
        assert fn(**entry["kwargs"]).amount == entry["amount"]
        return
    with pytest.raises(KanoyaError) as caught:
        fn(**entry["kwargs"])
    err = caught.value
    assert type(err).__name__ == entry["error"]
    assert err.field == entry["field"]  # type: ignore[attr-defined]
    assert str(err).startswith(entry["field"])  # the message leads with the field staff must fix
