"""The classification catalogues and the catalog rules (a passing and a failing case each)."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from juesuan.core.model import ItemBudget, Row
from juesuan.domain import catalog
from juesuan.rules import run
from juesuan.rules.codes import norm_name


def findings(model, rule_id):
    report = run(model, families=("catalog",))
    return [f for f in report.findings if f.rule == rule_id], report


@pytest.mark.parametrize(("kind", "code", "name"), [
    ("functional", "208", "社会保障和就业支出"),
    ("functional", "2080505", "机关事业单位基本养老保险缴费支出"),
    ("functional", "20139", "社会工作事务"),
    ("economic", "30311", "代缴社会保险费"),
    ("economic", "307", "债务利息及费用支出"),
    ("economic", "31206", "其他资本性补助"),
    ("economic", "399", "其他支出"),
    ("economic", "39908", "对民间非营利组织和群众性自治组织补贴"),
    ("economic", "39999", "其他支出"),
])
def test_lookup_known_codes(kind, code, name):
    assert catalog.lookup(kind, code, 2024) == name


def test_lookup_unknown_and_other_years():
    assert catalog.lookup("functional", "2089901", 2024) is None
    assert catalog.lookup("functional", "208", 2019) == "社会保障和就业支出"  # earliest edition serves earlier years
    assert catalog.lookup("economic", "30101", 2030) == "基本工资"


def test_catalogue_files_are_well_formed():
    for kind in catalog.KINDS:
        path = catalog.HERE / f"{kind}-2024.csv"
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows and all(catalog.is_well_formed(kind, r["code"]) for r in rows)
        assert all(r["level"] == catalog.LEVELS[len(r["code"])] for r in rows)
        codes = [r["code"] for r in rows]
        assert len(codes) == len(set(codes))
        # every 款/项 has its parent listed before it
        for c in codes:
            for parent_len in (3, 5):
                if len(c) > parent_len:
                    assert codes.index(c[:parent_len]) < codes.index(c), c


def test_economic_catalogue_has_every_code_of_the_profile_t06():
    from juesuan.domain.profiles import load_profile

    blocks = load_profile("shaanxi-2024").table("T06").blocks
    missing = [c for b in blocks for c in b if catalog.lookup("economic", c, 2024) is None]
    assert missing == []


def test_norm_name_ignores_width_spaces_and_ordinals():
    assert norm_name("一、一般公共服务支出") == norm_name("一般公共服务支出")
    assert norm_name("因公出国(境)费用") == norm_name("因公出国（境）费用")
    assert norm_name("住房 公积金") == norm_name("住房公积金")
    assert norm_name("二十六、抗疫特别国债安排的支出") == "抗疫特别国债安排的支出"


def test_example_passes_all_catalog_rules(example):
    report = run(example, families=("catalog",))
    assert report.findings == []
    assert report.passed > 100


def test_bad_code_format_is_an_error(example):
    example.tables["T05"].rows.append(Row("20801x", "错误代码", {"total": Decimal("1.00")}))
    example.tables["T06"].rows.insert(0, Row("3010", "四位代码", {}))
    example.item_budgets.append(ItemBudget("20801", Decimal("1.00")))
    found, _ = findings(example, "CAT-001")
    assert {f.severity for f in found} == {"error"}
    assert {f.location.get("row") or f.location.get("code") for f in found} == {"20801x", "3010", "20801"}
    assert any("3、5、7 位数字" in f.message for f in found)


def test_unknown_code_is_info_once(example):
    for tid in ("T02", "T03", "T05"):
        example.tables[tid].rows.append(Row("2089901", "新科目", {"total": Decimal("1.00")}))
    found, report = findings(example, "CAT-002")
    assert len(found) == 1 and found[0].severity == "info"
    assert "公开02表、公开03表、公开05表" in found[0].message
    assert report.count("error") == 0 and report.count("warning") == 0


def test_known_code_with_another_name_is_a_warning(example):
    example.tables["T03"].row("2080101").label = "行政运行支出"
    example.tables["T06"].row("30212").label = "因公出国(境)费用"  # half-width brackets: same name
    found, _ = findings(example, "CAT-003")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning" and f.location["table"] == "T03" and f.location["row"] == "2080101"
    assert f.found == "行政运行支出" and f.expected == "行政运行"


def test_former_name_is_info(example):
    example.tables["T05"].row("210").label = "医疗卫生与计划生育支出"
    example.tables["T01"].row("210").label = "九、医疗卫生与计划生育支出"
    found, report = findings(example, "CAT-003")
    assert len(found) == 2 and {f.severity for f in found} == {"info"}
    assert "旧版名称" in found[0].message
    assert report.count("warning") == 0
