"""The programme registry pinned against the manual's tables (事業の全体像, 各事業の実施体制 ①②, 各事業の提供体制)."""

from __future__ import annotations

import inspect
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from kanoya_benefits import KanoyaError, RulesDataError, registry, shipped_rules
from kanoya_benefits.programmes import Programme
from kanoya_benefits.registry import UnknownCalculatorError, UnknownProgrammeError

# id, 事業名, 区分, 分野, 号, イロハニ, 所管課, 係, 運営方法 (page), 実施体制② label, 委託先
TABLE = [
    ("community-based-integrated-care-center", "地域包括支援センター事業", "comprehensive-consultation", "elderly",
     (1,), "イ", "高齢福祉課", ("地域包括ケア推進係",), "contracted", "contracted", "公益社団法人鹿屋市医師会"),
    ("disability-core-consultation-center", "障がい者基幹相談支援センター事業", "comprehensive-consultation",
     "disability", (1,), "ロ", "福祉政策課", ("障がい者福祉政策係",), "contracted", "contracted",
     "社会福祉法人鹿屋市社会福祉協議会"),
    ("children-family-center", "こども家庭センター事業", "comprehensive-consultation", "children", (1,), "ハ",
     "こども家庭課", ("母子支援係", "家庭相談係"), "direct", "direct", None),
    ("needy-self-reliance-support", "生活困窮者自立支援事業", "comprehensive-consultation", "hardship", (1,), "ニ",
     "福祉政策課", ("保護第1係", "保護第2係"), "direct", "direct", None),
    ("community-care-prevention", "地域介護予防活動支援事業", "community-building", "elderly", (3,), "イ",
     "高齢福祉課", ("地域包括ケア推進係",), "direct-and-contracted", "partly-contracted", "医療法人など"),
    ("livelihood-support-system", "生活支援体制整備事業", "community-building", "elderly", (3,), "ロ",
     "高齢福祉課", ("地域包括ケア推進係",), "contracted", "contracted", "社会福祉法人鹿屋市社会福祉協議会"),
    ("community-activity-center", "地域活動支援センター事業", "community-building", "disability", (3,), "ハ",
     "福祉政策課", ("障がい者福祉政策係",), "contracted", "contracted", "医療法人など"),
    ("community-childrearing-hub", "地域子育て支援拠点事業", "community-building", "children", (3,), "ニ",
     "子育て支援課", ("管理係",), "direct-and-contracted", "partly-contracted", "社会福祉法人など"),
    ("community-building-for-hardship", "生活困窮者支援等のための地域づくり事業", "community-building", "hardship",
     (3,), None, "福祉政策課", ("管理係",), "contracted", "contracted", "社会福祉法人鹿屋市社会福祉協議会"),
    ("multi-agency-collaboration", "多機関協働事業", "multi-agency", None, (5, 6), None, "福祉政策課", ("管理係",),
     "direct", "direct", None),
    ("outreach-continuous-support", "アウトリーチ等を通じた継続的支援事業", "multi-agency", None, (4,), None,
     "福祉政策課", ("管理係",), "contracted", "contracted", "社会福祉法人鹿屋市社会福祉協議会"),
    ("participation-support", "参加支援事業", "multi-agency", None, (2,), None, "福祉政策課", ("管理係",),
     "contracted", "contracted", "社会福祉法人鹿屋市社会福祉協議会"),
]

SHIPPED = Path(registry.__file__).parent / "registry_data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped registry data that a test may edit."""
    target = tmp_path / "registry_data"
    shutil.copytree(SHIPPED, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_twelve_programmes_in_the_order_of_the_table() -> None:
    """The registry holds the twelve programmes of 「事業の全体像」 in the table's order of sections."""
    assert [p.id for p in registry.programmes()] == [row[0] for row in TABLE]


def test_counts_per_category() -> None:
    """4 包括的相談支援事業, 5 地域づくり事業, 3 多機関協働事業等."""
    counts = Counter(p.category_label.ja for p in registry.programmes())
    assert counts == {"包括的相談支援事業": 4, "地域づくり事業": 5, "多機関協働事業等": 3}


def test_counts_per_field() -> None:
    """分野: 高齢 3, 障がい 2, こども 2, 困窮 2, and three that do not ask (分野を問わない)."""
    counts = Counter(p.field_label.ja for p in registry.programmes())
    assert counts == {"高齢": 3, "障がい": 2, "こども": 2, "困窮": 2, "分野を問わない": 3}
    assert all(p.field is None for p in registry.programmes() if p.category == "multi-agency")


@pytest.mark.parametrize("row", TABLE, ids=[r[0] for r in TABLE])
def test_programme_matches_the_tables(row: tuple) -> None:
    """Each programme's name, 区分, 分野, legal basis, 所管課・係, run method and contractor match the manual."""
    pid, name, category, field, items, sub_item, dept, sections, operation, diagram, contractor = row
    p = registry.programme(pid)
    assert (p.name.ja, p.category, p.field) == (name, category, field)
    assert (p.legal_basis.items, p.legal_basis.sub_item) == (items, sub_item)
    assert p.department.ja == dept
    assert tuple(s.ja for s in p.sections) == sections
    assert (p.operation, p.operation_diagram, p.contractor) == (operation, diagram, contractor)
    assert p.contracted == (operation != "direct")
    assert p.citation.startswith("実施マニュアル「各事業の提供体制」")


def test_legal_basis_text() -> None:
    """The legal basis reads as the table writes it, with the katakana ニ, and 第5・6号 for 多機関協働事業."""
    assert registry.programme("needy-self-reliance-support").legal_basis.text_ja == "社会福祉法第106条の4第2項第1号ニ"
    assert registry.programme("multi-agency-collaboration").legal_basis.text_ja == "社会福祉法第106条の4第2項第5・6号"
    assert registry.programme("participation-support").legal_basis.text_ja == "社会福祉法第106条の4第2項第2号"
    assert all("二" not in p.legal_basis.text_ja for p in registry.programmes())


def test_run_methods_split_like_the_diagram() -> None:
    """実施体制② shows 3 直営, 7 委託 and 2 一部委託; the pages say 直営及び委託 for those two."""
    assert Counter(p.operation_diagram_label.ja for p in registry.programmes()) == {"直営": 3, "委託": 7, "一部委託": 2}
    assert Counter(p.operation_label.ja for p in registry.programmes()) == {"直営": 3, "委託": 7, "直営及び委託": 2}


def test_national_names() -> None:
    """The ［国］ names of the consultation programmes differ from the city's names."""
    assert registry.programme("community-based-integrated-care-center").national_name.ja == "地域包括支援センターの運営"
    assert registry.programme("disability-core-consultation-center").national_name.ja == "相談支援事業"
    assert registry.programme("children-family-center").national_name.ja == "利用者支援事業"
    assert registry.programme("needy-self-reliance-support").national_name.ja == "自立相談支援事業"


def test_the_six_sub_projects() -> None:
    """地域介護予防活動支援事業 has its six numbered sub-projects with their own ids."""
    subs = registry.programme("community-care-prevention").sub_projects
    assert [(s.number, s.id, s.name.ja) for s in subs] == [
        (1, "home-welfare-advisor", "在宅福祉アドバイザーの設置"),
        (2, "genki-up-points", "高齢者元気度アップポイント事業"),
        (3, "salon-enrollment-promotion", "高齢者サロン等加入促進事業"),
        (4, "exercise-salon-development", "高齢者運動サロン育成事業"),
        (5, "care-prevention-classes", "介護予防活動支援教室事業"),
        (6, "mutual-aid-support", "住民主体による高齢者助け合い応援事業"),
    ]
    assert registry.sub_project("mutual-aid-support").programme_id == "community-care-prevention"
    assert "地域介護予防活動支援事業② ６" in registry.sub_project("mutual-aid-support").citation


def test_consultation_bodies() -> None:
    """The four consultation bodies with address, coverage, 設置形態 and 運営形態 as the pages list them."""
    bodies = {p.id: p.bodies for p in registry.programmes() if p.bodies}
    assert set(bodies) == {row[0] for row in TABLE[:4]}
    center = bodies["community-based-integrated-care-center"][0]
    assert (center.name, center.address, center.coverage, center.setup, center.operation) == (
        "鹿屋市地域包括支援センター", "鹿屋市吾平町麓56-4（吾平町鉄道資料館跡）", "市内全域", "基本型", "委託")
    assert bodies["disability-core-consultation-center"][0].coverage == "市内全域（2市4町）"
    assert bodies["children-family-center"][0].remarks == "（形態）こども家庭センター型"
    assert bodies["needy-self-reliance-support"][0].address == "鹿屋市共栄町20番1号（市福祉政策課・20番窓口）"


def test_childrearing_hub_facilities() -> None:
    """The nine 地域子育て支援拠点: five run by the city and four contracted, numbered 1–9."""
    facilities = registry.programme("community-childrearing-hub").facilities
    assert [f.number for f in facilities] == list(range(1, 10))
    assert Counter(f.operation for f in facilities) == {"直営": 5, "委託": 4}
    assert facilities[0].name == "子育て交流プラザ あそVIVA！かのや"
    assert facilities[8].operator == "社会福祉法人敬心会"
    assert all(f.operator == "鹿屋市" for f in facilities if f.operation == "直営")


def test_unknown_programme_is_a_clear_error() -> None:
    """An unknown id raises UnknownProgrammeError (a KanoyaError) naming the field and the id."""
    with pytest.raises(UnknownProgrammeError) as err:
        registry.programme("no-such-programme")
    assert isinstance(err.value, KanoyaError)
    assert err.value.field == "programme_id"
    assert "no-such-programme" in str(err.value)
    with pytest.raises(UnknownProgrammeError):
        registry.programme("salon-enrollment-promotion")  # a sub-project, not one of the twelve
    with pytest.raises(UnknownProgrammeError):
        registry.calculators_for("nope")


def test_calculators_for_programmes_and_sub_projects() -> None:
    """A programme's calculators include its sub-projects'; a sub-project has only its own."""
    parent = {c.id for c in registry.calculators_for("community-care-prevention")}
    assert parent == {"salon.enrollment_grant", "mutual_aid.monthly_subsidy", "points.conversion"}
    assert [c.id for c in registry.calculators_for("salon-enrollment-promotion")] == ["salon.enrollment_grant"]
    assert [c.id for c in registry.calculators_for("community-activity-center")] == ["activity_center.daily_amount"]
    assert registry.calculators_for("participation-support") == ()


def test_calculator_lookup() -> None:
    """Calculators are found by id or slug; an unknown one raises a KanoyaError that is also a KeyError."""
    assert registry.calculator("salon").id == "salon.enrollment_grant"
    with pytest.raises(UnknownCalculatorError) as err:
        registry.calculator("nope")
    assert isinstance(err.value, KeyError) and isinstance(err.value, KanoyaError)


@pytest.mark.parametrize("calc", registry.CALCULATORS, ids=[c.id for c in registry.CALCULATORS])
def test_calculator_description_matches_its_function(calc: registry.Calculator) -> None:
    """Every registered input is a keyword of the function, every required keyword is described,
    and every rule parameter named exists in the shipped rules."""
    params = inspect.signature(calc.function).parameters
    described = {f.name for f in calc.inputs}
    assert described <= set(params)
    required = {n for n, p in params.items() if p.default is inspect.Parameter.empty}
    assert required <= described
    for name in calc.parameters:
        assert name.startswith(calc.rule_prefix)
        shipped_rules().parameter(name)
    for f in calc.inputs:
        assert f.maximum_parameter is None or f.maximum_parameter in calc.parameters
    assert calc.programme_id in registry.shipped_registry().ids()


def _call_with_examples(calc: registry.Calculator) -> int:
    kwargs = {}
    for f in calc.inputs:
        kwargs[f.name] = date.fromisoformat(f.example) if f.format in ("date", "month") else f.example
    return int(calc.function(**kwargs).amount)


def test_examples_reproduce_the_worked_amounts() -> None:
    """Calling each calculator with its documented examples gives RULES.md's worked amounts."""
    amounts = {c.id: _call_with_examples(c) for c in registry.CALCULATORS}
    assert amounts == {"salon.enrollment_grant": 34000, "mutual_aid.monthly_subsidy": 23500,
                       "activity_center.daily_amount": 3700, "points.conversion": 3700}


def test_detail_lists_bodies_calculators_and_plans() -> None:
    """programme_detail gives a client everything: calculators with inputs, sub-projects, plans, volumes."""
    d = registry.programme_detail("community-care-prevention")
    assert d["legal_basis"]["ja"] == "社会福祉法第106条の4第2項第3号イ"
    assert [s["computable"] for s in d["sub_projects"]] == [False, True, True, False, False, True]
    assert {p["stated_total"] for p in d["plans"]} == {160, 438, 20, 120, 204, 15}
    assert {v["value"] for v in d["expected_volumes"]} == {355, 4500}
    salon = next(c for c in d["calculators"] if c["id"] == "salon.enrollment_grant")
    assert [i["name"] for i in salon["inputs"]] == ["first_time", "additional", "on"]
    sub = registry.programme_detail("salon-enrollment-promotion")
    assert sub["kind"] == "sub_project" and sub["programme_id"] == "community-care-prevention"


def test_summary_marks_computable_programmes() -> None:
    """Only 地域介護予防活動支援事業 and 地域活動支援センター事業 can be computed."""
    computable = [p.id for p in registry.programmes() if registry.programme_summary(p)["computable"]]
    assert computable == ["community-care-prevention", "community-activity-center"]


def test_loading_a_copy_gives_the_same_programmes(data_copy: Path) -> None:
    """A copy of the data loads to the same programmes and version as the shipped data."""
    reg = registry.load_registry(data_copy)
    assert reg.programmes == registry.programmes()
    assert reg.version == registry.shipped_registry().version


def test_kanji_ni_is_refused(data_copy: Path) -> None:
    """The kanji 二 in place of the katakana ニ is refused, naming file and key."""
    _edit(data_copy / "programmes.yaml", "sub_item: ニ}", "sub_item: 二}")
    with pytest.raises(RulesDataError) as err:
        registry.load_registry(data_copy)
    assert err.value.file.endswith("programmes.yaml")
    assert err.value.key == "programmes.needy-self-reliance-support.legal_basis.sub_item"
    assert "ニ" in err.value.problem


def test_duplicate_key_is_refused(data_copy: Path) -> None:
    """A key given twice (PyYAML would keep the last silently) is refused."""
    _edit(data_copy / "programmes.yaml", "    category: multi-agency\n",
          "    category: multi-agency\n    category: community-building\n")
    with pytest.raises(RulesDataError, match="given twice"):
        registry.load_registry(data_copy)


@pytest.mark.parametrize(("old", "new", "key"), [
    ("    operation: direct\n", "    operation: outsourced\n", "programmes.children-family-center.operation"),
    ("    contracted: false\n", "    contracted: true\n", "programmes.children-family-center.contracted"),
    ("    field: elderly\n", "    field: seniors\n", "programmes.community-based-integrated-care-center.field"),
    ("{items: [1], sub_item: イ}", "{items: [7], sub_item: イ}",
     "programmes.community-based-integrated-care-center.legal_basis.items[0]"),
    ("    summary_ja: 鹿屋市地域包括", "    colour: red\n    summary_ja: 鹿屋市地域包括",
     "programmes.community-based-integrated-care-center.colour"),
])
def test_bad_programme_data_names_file_and_key(data_copy: Path, old: str, new: str, key: str) -> None:
    """Bad values, disagreeing 委託 flags and unknown keys are refused with the file and key."""
    _edit(data_copy / "programmes.yaml", old, new)
    with pytest.raises(RulesDataError) as err:
        registry.load_registry(data_copy)
    assert err.value.key == key


def test_plans_must_refer_to_known_programmes(data_copy: Path) -> None:
    """A plan naming a programme the registry lacks is refused."""
    _edit(data_copy / "plans.yaml", "programme: exercise-salon-development", "programme: exercise-salons")
    with pytest.raises(RulesDataError) as err:
        registry.load_registry(data_copy)
    assert err.value.key == "products.exercise-salon.development-coaching.programme"


def test_missing_registry_directory(tmp_path: Path) -> None:
    """A directory without the three files is a clear error, not a crash."""
    with pytest.raises(RulesDataError, match="missing"):
        registry.load_registry(tmp_path)
    with pytest.raises(RulesDataError, match="not a directory"):
        registry.load_registry(tmp_path / "nope")


def test_programmes_are_frozen() -> None:
    """Programmes cannot be changed after load."""
    p: Programme = registry.programme("participation-support")
    with pytest.raises(AttributeError):
        p.operation = "direct"  # type: ignore[misc]


def test_bad_section_label_names_its_index(data_copy: Path) -> None:
    """A 係 without its English label is refused naming programme and index."""
    _edit(data_copy / "programmes.yaml", "      - {ja: 家庭相談係, en: Family Consultation Section}",
          "      - {ja: 家庭相談係}")
    with pytest.raises(RulesDataError) as err:
        registry.load_registry(data_copy)
    assert err.value.key == "programmes.children-family-center.sections[1]"


def test_operation_labels_in_both_languages() -> None:
    """Every programme's 区分, 分野 and 運営方法 carry Japanese and English labels."""
    for p in registry.programmes():
        for label in (p.category_label, p.field_label, p.operation_label, p.operation_diagram_label, p.department):
            assert label.ja and label.en
