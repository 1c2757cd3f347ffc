"""Planned volumes, staffing and expected volumes the manual states, and the check of its arithmetic.

``registry_data/plans.yaml`` keeps each planned total as its factors beside the total
the manual states (運動サロン育成 20 × 8 = 160 …). :func:`check_products` recomputes
every total, and every factor that counts a list (11 districts), and reports each as
confirmed or a mismatch, so an auditor who edits the data sees at once what no
longer adds up. ``kanoya_benefits.registry.check_manual`` runs it on a registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import prod
from typing import Any

import attrs

from ._registry_checks import Reader, Text, check_id
from .errors import RulesDataError

#: How a single stated figure binds: exactly (2 coordinators), at most (≤280 people), about (年２回程度).
FIGURE_KINDS: Mapping[str, Text] = {
    "exactly": Text("", "exactly"),
    "at_most": Text("以内", "at most"),
    "about": Text("程度", "about"),
}


@attrs.frozen
class Factor:
    """One factor of a planned total; ``count_of`` names a list whose length it must equal."""

    value: int
    unit: Text
    count_of: str | None = None


@attrs.frozen
class Product:
    """A planned total the manual states with its factors: 20 groups × 8 sessions = 160."""

    id: str
    programme_id: str | None
    label: Text
    factors: tuple[Factor, ...]
    stated_total: int
    total_unit: Text
    citation: str

    @property
    def recomputed(self) -> int:
        """The product of the factors."""
        return prod(f.value for f in self.factors)


@attrs.frozen
class NamedList:
    """A list the manual gives (the 11 districts of layer 2)."""

    id: str
    label: Text
    items: tuple[str, ...]
    citation: str


@attrs.frozen
class Figure:
    """A single stated figure: a staffing level, a limit or a frequency."""

    id: str
    programme_id: str | None
    label: Text
    kind: str
    value: int
    unit: Text
    citation: str


@attrs.frozen
class ExpectedVolume:
    """A volume the manual expects (355 groups, 4,500 registrants); budget ceilings multiply it."""

    id: str
    programme_id: str
    label: Text
    value: int
    unit: Text
    citation: str


@attrs.frozen
class Plans:
    """Everything of ``plans.yaml``."""

    products: tuple[Product, ...]
    lists: tuple[NamedList, ...]
    figures: tuple[Figure, ...]
    expected_volumes: tuple[ExpectedVolume, ...]

    def volume(self, volume_id: str) -> ExpectedVolume:
        """One expected volume by id (the registry data must hold it)."""
        for v in self.expected_volumes:
            if v.id == volume_id:
                return v
        raise KeyError(volume_id)

    def named_list(self, list_id: str) -> NamedList:
        """One list by id."""
        for nl in self.lists:
            if nl.id == list_id:
                return nl
        raise KeyError(list_id)


@attrs.frozen
class CheckItem:
    """One recomputed figure: what the manual states, what the factors give, and the verdict."""

    id: str
    label: Text
    working: str
    expected: int
    recomputed: int
    citation: str

    @property
    def confirmed(self) -> bool:
        """True when the recomputed figure equals the stated one."""
        return self.expected == self.recomputed

    @property
    def status(self) -> str:
        """'confirmed' or 'mismatch'."""
        return "confirmed" if self.confirmed else "mismatch"


@attrs.frozen
class ManualCheck:
    """The result of checking every stated total of the plans data."""

    source: str
    items: tuple[CheckItem, ...]

    @property
    def ok(self) -> bool:
        """True when every stated total is confirmed."""
        return all(i.confirmed for i in self.items)

    @property
    def mismatches(self) -> tuple[CheckItem, ...]:
        """The items whose recomputed figure differs from the stated one."""
        return tuple(i for i in self.items if not i.confirmed)


def check_products(plans: Plans, source: str) -> ManualCheck:
    """Recompute every stated total, and every factor that counts a list."""
    items: list[CheckItem] = []
    for p in plans.products:
        working = " × ".join(f"{f.value}{f.unit.ja}" for f in p.factors) + f" = {p.recomputed}{p.total_unit.ja}"
        items.append(CheckItem(p.id, p.label, working, p.stated_total, p.recomputed, p.citation))
        for i, f in enumerate(p.factors):
            if f.count_of is None:
                continue
            listed = plans.named_list(f.count_of)
            label = Text(f"{p.label.ja}（{listed.label.ja}の数）", f"{p.label.en} (count of {listed.label.en})")
            working = f"{len(listed.items)}{f.unit.ja}: {'、'.join(listed.items)}"
            items.append(CheckItem(f"{p.id}.factors[{i}]", label, working, f.value, len(listed.items),
                                   listed.citation))
    return ManualCheck(source, tuple(items))


# -- Parsing --------------------------------------------------------------------------------


def parse_plans(data: Any, file: str) -> Plans:
    """Validate ``plans.yaml`` (already parsed)."""
    top = Reader(data, file, "", required={"products", "lists", "figures", "expected_volumes"})
    lists = tuple(_list(lid, raw, file) for lid, raw in top.items("lists"))
    list_ids = {nl.id for nl in lists}
    products = tuple(_product(pid, raw, file, list_ids) for pid, raw in top.items("products"))
    figures = tuple(_figure(fid, raw, file) for fid, raw in top.items("figures"))
    volumes = tuple(_volume(vid, raw, file) for vid, raw in top.items("expected_volumes"))
    return Plans(products, lists, figures, volumes)


def _product(pid: str, raw: Any, file: str, list_ids: set[str]) -> Product:
    key = f"products.{pid}"
    check_id(pid, file, key)
    r = Reader(raw, file, key, required={"programme", "label", "factors", "stated_total", "total_unit", "citation"})
    factors = []
    for i, f in enumerate(r.sequence("factors")):
        fr = Reader(f, file, f"{key}.factors[{i}]", required={"value", "unit"}, optional={"count_of"})
        count_of = fr.optional_text("count_of")
        if count_of is not None and count_of not in list_ids:
            raise RulesDataError(file, fr.where("count_of"), f"no list named {count_of!r} under 'lists'")
        factors.append(Factor(fr.count("value", minimum=1), fr.pair("unit"), count_of))
    return Product(pid, r.optional_text("programme"), r.pair("label"), tuple(factors),
                   r.count("stated_total"), r.pair("total_unit"), r.text("citation"))


def _list(lid: str, raw: Any, file: str) -> NamedList:
    key = f"lists.{lid}"
    check_id(lid, file, key)
    r = Reader(raw, file, key, required={"label", "items", "citation"})
    items = r.sequence("items")
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise RulesDataError(file, f"{key}.items[{i}]", f"expected non-empty text, got {item!r}")
    if len(set(items)) != len(items):
        raise RulesDataError(file, r.where("items"), "an entry is listed twice")
    return NamedList(lid, r.pair("label"), tuple(items), r.text("citation"))


def _figure(fid: str, raw: Any, file: str) -> Figure:
    key = f"figures.{fid}"
    check_id(fid, file, key)
    r = Reader(raw, file, key, required={"programme", "label", "kind", "value", "unit", "citation"})
    return Figure(fid, r.optional_text("programme"), r.pair("label"), str(r.choice("kind", FIGURE_KINDS)),
                  r.count("value", minimum=1), r.pair("unit"), r.text("citation"))


def _volume(vid: str, raw: Any, file: str) -> ExpectedVolume:
    key = f"expected_volumes.{vid}"
    check_id(vid, file, key)
    r = Reader(raw, file, key, required={"programme", "label", "value", "unit", "citation"})
    return ExpectedVolume(vid, r.text("programme"), r.pair("label"), r.count("value"), r.pair("unit"),
                          r.text("citation"))
