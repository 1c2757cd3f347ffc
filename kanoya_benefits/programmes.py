"""The twelve programmes of the manual as data: what each is, who runs it, on what legal basis.

Read from ``registry_data/programmes.yaml`` (see :mod:`kanoya_benefits.registry` for
loading). The codes used there for 区分, 分野 and 運営方法 are the vocabularies below,
each with its Japanese and English label.

Two readings of the manual are kept side by side rather than merged: ``operation`` is
the 運営方法 of the programme's own page (直営 / 委託 / 直営及び委託) and
``operation_diagram`` is the label of the 「各事業の実施体制 ②」 diagram, which calls
the two 直営及び委託 programmes 一部委託. The diagram's labels lose their boxes in
the text file; they are matched to programmes by count (3 直営, 7 委託, 2 一部委託,
the same split as the pages).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._registry_checks import Reader, Text, check_id, text_pair
from .errors import RulesDataError

#: 区分 of 「事業の全体像」.
CATEGORIES: Mapping[str, Text] = {
    "comprehensive-consultation": Text("包括的相談支援事業", "Comprehensive consultation support"),
    "community-building": Text("地域づくり事業", "Community building"),
    "multi-agency": Text("多機関協働事業等", "Multi-agency collaboration, outreach and participation"),
}
#: 分野; the three 多機関協働事業等 programmes have none (分野を問わない).
FIELDS: Mapping[str, Text] = {
    "elderly": Text("高齢", "older people"),
    "disability": Text("障がい", "disability"),
    "children": Text("こども", "children"),
    "hardship": Text("困窮", "financial hardship"),
}
NO_FIELD = Text("分野を問わない", "any field")
#: 運営方法 (programme pages) and the labels of the 実施体制② diagram.
OPERATIONS: Mapping[str, Text] = {
    "direct": Text("直営", "run by the city"),
    "contracted": Text("委託", "contracted out"),
    "direct-and-contracted": Text("直営及び委託", "run by the city and contracted out"),
    "partly-contracted": Text("一部委託", "partly contracted out"),
}
LAW = Text("社会福祉法第106条の4第2項", "Social Welfare Act, Article 106-4, paragraph 2")
SUB_ITEMS = ("イ", "ロ", "ハ", "ニ")


@attrs.frozen
class LegalBasis:
    """社会福祉法第106条の4第2項 第N号 (or 第5・6号), with イ/ロ/ハ/ニ where the table gives one."""

    items: tuple[int, ...]
    sub_item: str | None

    @property
    def text_ja(self) -> str:
        """E.g. 社会福祉法第106条の4第2項第1号イ, 社会福祉法第106条の4第2項第5・6号."""
        return f"{LAW.ja}第{'・'.join(map(str, self.items))}号{self.sub_item or ''}"

    @property
    def text_en(self) -> str:
        """E.g. Social Welfare Act, Article 106-4, paragraph 2, item 1 (イ)."""
        word = "item" if len(self.items) == 1 else "items"
        sub = f" ({self.sub_item})" if self.sub_item else ""
        return f"{LAW.en}, {word} {' and '.join(map(str, self.items))}{sub}"


@attrs.frozen
class Body:
    """A consultation body (相談支援機関) as the programme's page lists it."""

    name: str
    address: str
    coverage: str
    setup: str | None = None
    operation: str | None = None
    remarks: str | None = None


@attrs.frozen
class Facility:
    """A facility of a programme (the 地域子育て支援拠点 list): who runs it and where."""

    number: int
    name: str
    operation: str
    operator: str
    address: str


@attrs.frozen
class SubProject:
    """One of the numbered projects under a programme (地域介護予防活動支援事業 １–６)."""

    id: str
    programme_id: str
    number: int
    name: Text
    purpose_ja: str
    citation: str


@attrs.frozen
class Programme:
    """One of the twelve programmes."""

    id: str
    name: Text
    national_name: Text
    category: str
    field: str | None
    legal_basis: LegalBasis
    department: Text
    sections: tuple[Text, ...]
    contracted: bool
    operation: str
    operation_diagram: str
    contractor: str | None
    summary_ja: str
    citation: str
    bodies: tuple[Body, ...] = ()
    facilities: tuple[Facility, ...] = ()
    sub_projects: tuple[SubProject, ...] = ()

    @property
    def category_label(self) -> Text:
        """区分 in Japanese and English."""
        return CATEGORIES[self.category]

    @property
    def field_label(self) -> Text:
        """分野 in Japanese and English (分野を問わない when none)."""
        return FIELDS[self.field] if self.field else NO_FIELD

    @property
    def operation_label(self) -> Text:
        """運営方法 of the programme's page."""
        return OPERATIONS[self.operation]

    @property
    def operation_diagram_label(self) -> Text:
        """The label of the 実施体制② diagram."""
        return OPERATIONS[self.operation_diagram]


_PROGRAMME_KEYS = {"name", "national_name", "category", "field", "legal_basis", "department", "sections",
                   "contracted", "operation", "operation_diagram", "summary_ja", "citation"}
_PROGRAMME_OPTIONAL = {"contractor", "bodies", "facilities", "sub_projects"}


def parse_programmes(data: Any, file: str) -> tuple[Programme, ...]:
    """Validate ``programmes.yaml`` (already parsed) into Programme objects."""
    top = Reader(data, file, "", required={"programmes"})
    out: list[Programme] = []
    seen: set[str] = set()
    for pid, raw in top.items("programmes"):
        key = f"programmes.{pid}"
        check_id(pid, file, key)
        prog = _programme(pid, Reader(raw, file, key, required=_PROGRAMME_KEYS, optional=_PROGRAMME_OPTIONAL))
        for sub in prog.sub_projects:
            if sub.id in seen or sub.id == pid:
                raise RulesDataError(file, f"{key}.sub_projects.{sub.id}", "id used twice in the registry")
            seen.add(sub.id)
        if pid in seen:
            raise RulesDataError(file, key, "id used twice in the registry")
        seen.add(pid)
        out.append(prog)
    return tuple(out)


def _programme(pid: str, r: Reader) -> Programme:
    category = r.choice("category", CATEGORIES)
    field = r.choice("field", FIELDS, nullable=True)
    operation = r.choice("operation", OPERATIONS)
    diagram = r.choice("operation_diagram", OPERATIONS)
    contracted = r.flag("contracted")
    contractor = r.optional_text("contractor")
    if contracted != (operation != "direct"):
        raise RulesDataError(r.file, r.where("contracted"),
                             f"委託 {'有' if contracted else '無'} does not agree with operation {operation!r}")
    if contracted != (contractor is not None):
        raise RulesDataError(r.file, r.where("contractor"),
                             "a contracted programme names its contractor; a programme run by the city has none")
    sections = tuple(text_pair(s, r.file, f"{r.key}.sections[{i}]") for i, s in enumerate(r.sequence("sections")))
    bodies = tuple(_body(b, r.file, f"{r.key}.bodies[{i}]") for i, b in enumerate(r.raw.get("bodies") or ()))
    facilities = tuple(
        _facility(f, r.file, f"{r.key}.facilities[{i}]") for i, f in enumerate(r.raw.get("facilities") or ())
    )
    subs = tuple(_sub_project(sid, raw, pid, r.file, f"{r.key}.sub_projects.{sid}")
                 for sid, raw in (r.items("sub_projects") if r.has("sub_projects") else ()))
    numbers = [s.number for s in subs]
    if numbers != sorted(set(numbers)):
        raise RulesDataError(r.file, r.where("sub_projects"), f"numbers must be distinct and in order, got {numbers}")
    return Programme(
        id=pid, name=r.pair("name"), national_name=r.pair("national_name"), category=str(category), field=field,
        legal_basis=_legal_basis(r.raw["legal_basis"], r.file, r.where("legal_basis")), department=r.pair("department"),
        sections=sections, contracted=contracted, operation=str(operation), operation_diagram=str(diagram),
        contractor=contractor, summary_ja=r.text("summary_ja"), citation=r.text("citation"),
        bodies=bodies, facilities=facilities, sub_projects=subs,
    )


def _legal_basis(raw: Any, file: str, key: str) -> LegalBasis:
    r = Reader(raw, file, key, required={"items", "sub_item"})
    items = r.sequence("items")
    for i, n in enumerate(items):
        if type(n) is not int or not 1 <= n <= 6:
            raise RulesDataError(file, f"{key}.items[{i}]", f"expected an item number (号) from 1 to 6, got {n!r}")
    sub = raw["sub_item"]
    if sub == "二":
        raise RulesDataError(file, f"{key}.sub_item",
                             "got the kanji 二 (two); the fourth of イロハニ is the katakana ニ")
    if sub is not None and sub not in SUB_ITEMS:
        raise RulesDataError(file, f"{key}.sub_item", f"expected one of {list(SUB_ITEMS)} or null, got {sub!r}")
    return LegalBasis(tuple(items), sub)


def _body(raw: Any, file: str, key: str) -> Body:
    r = Reader(raw, file, key, required={"name", "address", "coverage"}, optional={"setup", "operation", "remarks"})
    return Body(r.text("name"), r.text("address"), r.text("coverage"), r.optional_text("setup"),
                r.optional_text("operation"), r.optional_text("remarks"))


def _facility(raw: Any, file: str, key: str) -> Facility:
    r = Reader(raw, file, key, required={"number", "name", "operation", "operator", "address"})
    operation = r.text("operation")
    if operation not in ("直営", "委託"):
        raise RulesDataError(file, r.where("operation"), f"expected 直営 or 委託, got {operation!r}")
    return Facility(r.count("number", minimum=1), r.text("name"), operation, r.text("operator"), r.text("address"))


def _sub_project(sid: str, raw: Any, pid: str, file: str, key: str) -> SubProject:
    check_id(sid, file, key)
    r = Reader(raw, file, key, required={"number", "name", "purpose_ja", "citation"})
    return SubProject(sid, pid, r.count("number", minimum=1), r.pair("name"), r.text("purpose_ja"), r.text("citation"))
