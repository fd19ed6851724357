"""Readers on the seed: all nine tables cell-exact against the example unit, the performance
tables, the claims with their sections, and text broken by page breaks and stray blank lines."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import EXAMPLE_XLSX, SEED
from juesuan.core.model import TABLE_IDS
from juesuan.formats.published.read import assemble, read_published
from juesuan.formats.published.text import parse_text

from .helpers import cells


def _assert_tables_equal(read, expected) -> None:
    for tid in TABLE_IDS:
        got, want = read.tables.get(tid), expected.tables.get(tid)
        assert got is not None, f"{tid} not read"
        assert cells(read, tid) == cells(expected, tid), tid
        assert {r.key for r in got.rows} == {r.key for r in want.rows}, tid
        assert {r.key: r.line for r in got.rows if r.line} == {r.key: r.line for r in want.rows if r.line}, tid
        assert (got.empty_reason or None) == (want.empty_reason or None), tid


def test_seed_nine_tables_cell_exact(seed_published, example):
    _assert_tables_equal(seed_published.model, example)
    assert seed_published.model.profile == "shaanxi-2024"
    assert seed_published.model.year == 2024
    assert seed_published.model.unit.name == "榆林市人事信息中心"


@pytest.mark.skipif(not EXAMPLE_XLSX.exists(), reason="examples/yulin-2024.xlsx not built yet")
def test_seed_tables_match_example_workbook(seed_published):
    from juesuan.formats import read_input

    _assert_tables_equal(seed_published.model, read_input(EXAMPLE_XLSX))


def test_seed_performance_tables(seed_published, example):
    got, want = seed_published.model.performance, example.performance
    for g, w in [(got.overall, want.overall), *zip(got.projects, want.projects, strict=True)]:
        assert g is not None and w is not None
        assert [(i.name, i.target, i.achieved, i.weight, i.score) for i in g.indicators] == \
               [(i.name, i.target, i.achieved, i.weight, i.score) for i in w.indicators]
        assert g.level1_points == w.level1_points
        assert (g.total_weight, g.total_score) == (w.total_weight, w.total_score)
        assert (g.budget_full_year, g.budget_actual, g.budget_rate, g.budget_score, g.budget_weight) == \
               (w.budget_full_year, w.budget_actual, w.budget_rate, w.budget_score, w.budget_weight)
        assert [(t.name, t.budget_total, t.actual_total, t.rate) for t in g.tasks] == \
               [(t.name, t.budget_total, t.actual_total, t.rate) for t in w.tasks]
        assert [(f.label, f.initial, f.full_year, f.actual, f.rate) for f in g.funds] == \
               [(f.label, f.initial, f.full_year, f.actual, f.rate) for f in w.funds]


def test_reading_does_not_bind_the_prose():
    """read_published stops at the tables: the facts only the prose states are not in its model."""
    m = read_published(SEED).model
    assert m.general_budget_initial is None and not m.item_budgets and m.agency_running_costs.actual is None
    assert m.procurement.total is None and not m.reasons and m.prior.income_grand_total is None


def test_seed_stated_facts_are_values(seed_published):
    from juesuan.prose.binding import read_prose

    prose = read_prose(seed_published.blocks, read_published(SEED).model, seed_published.furniture)
    assert prose.facts.general_budget_initial == Decimal("150.56")
    assert prose.facts.agency_running_costs["actual"] == Decimal("8.80")
    assert prose.facts.procurement["services"] == Decimal("44.25")
    assert prose.facts.staffing["authorized_total"] == 7


def test_seed_facts_from_prose(seed_published, seed_prose, example):
    m = seed_published.model
    assert m.general_budget_initial == Decimal("150.56")
    assert {b.code: b.initial for b in m.item_budgets} == {b.code: b.initial for b in example.item_budgets}
    assert {b.code: b.reason for b in m.item_budgets} == {b.code: b.reason for b in example.item_budgets}
    assert m.prior.income_grand_total == Decimal("318.39")
    assert m.unit.departments == example.unit.departments
    assert (m.unit.staffing.authorized_total, m.unit.staffing.actual_total) == (7, 6)
    assert m.procurement.total == Decimal("88.81") and m.procurement.services == Decimal("44.25")
    assert m.agency_running_costs.actual == Decimal("8.80")
    assert m.unit.confidentiality_review == "已审查" and m.unit.head_signoff == "已审签"
    assert [g.term for g in m.glossary][:2] == ["基本支出", "项目支出"]


def test_seed_claims_found_with_sections(seed_prose):
    claims = seed_prose.claims
    by_text = {}
    for c in claims:
        by_text.setdefault(c.text, []).append(c)
    first = by_text["372.90万元"][0]
    assert first.kind == "change" and first.direction == "增加"
    assert first.sentence.section[-1] == "一、收入支出决算总体情况说明"
    assert first.sentence.location["source_line"] == 93
    rate = by_text["117.12%"][0]
    assert rate.kind == "rate" and rate.direction == "增长"
    assert by_text["459.15%"][0].kind == "completion"
    assert by_text["15.63%"][0].kind == "share"
    assert by_text["6个"][0].kind == "count" and by_text["6个"][0].unit == "个"
    assert by_text["5台（套）"][0].sentence.section[-1].startswith("(一)部门基本情况")
    # years, dates, ordinals, thresholds, phone numbers and 5×8小时 are not claims
    texts = {c.text for c in claims}
    assert not any(t.startswith(("2024", "2023", "12333", "0912")) for t in texts)
    assert "20万元" not in texts and "8小时" not in texts
    assert len(claims) == 150


BROKEN = """# 某单位
## 2024年度部门决算
保密审查情况：已审查
# 第二部分 2024年度部门决算情况说明
## 三、支出决算情况说明
2024年度本年支出合计691.29万元，其中：基本支出108.04万元，占15.63%；项目支出583.26万元，占84.37%。
## 五、一般公共预算财政拨款支出决算情况说明
1. 教育支出（类）进修及培训（款）培训支出（项）。年初预算0.30万元，支出决算0.28万元，完成年初预算的93.33%，决算数小于年初预算数的主要原因是：年初预算数大于实际



支付数。
# 第三部分 2024年度部门决算表
支出决算表

公开03表
项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出
科目代码\t科目名称\t\t\t\t\t\t
\t栏次\t1\t2\t3\t4\t5\t6

\t合计\t691.29\t108.04\t583.26\t\t\t
205\t教育支出\t0.28\t0.28\t\t\t\t
\f
— 12 —
项目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出
20508\t进修及培训\t0.28\t0.28\t\t\t\t

2050803\t培训支出\t0.28\t0.28\t\t\t\t
"""


def test_broken_table_and_paragraph_are_joined():
    blocks = parse_text(BROKEN)
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    assert [r[0] for r in tables[0].rows if r[0]][-3:] == ["205", "20508", "2050803"]
    paras = [b.text for b in blocks if b.kind == "para"]
    assert any(p.endswith("年初预算数大于实际支付数。") and p.startswith("1.教育支出") for p in paras)
    from juesuan.formats.published.blocks import RawDocument

    rep = assemble(RawDocument("broken.txt", blocks))
    t3 = rep.model.tables["T03"]
    assert t3.value("2050803", "total") == Decimal("0.28")
    assert t3.value("total", "project") == Decimal("583.26")
    assert rep.table_locs["T03"]["2050803"].page == 2  # after the form feed


def test_seed_read_twice_is_stable():
    from juesuan.app.audit import read_prose

    a = read_prose(read_published(SEED))
    b = read_prose(read_published(SEED))
    assert [c.to_dict() for c in a.claims] == [c.to_dict() for c in b.claims]
    assert a.facts == b.facts


SPLIT = """2024年度部门决算
支出决算表
公开03表
单位：万元
项目\t\t\t\t本年支出合计\t基本支出\t项目支出
类\t款\t项\t科目名称\t\t\t
\t\t\t合计\t1,691.29\t1,108.04\t583.25
208\t\t\t社会保障和就业支出\t1,679.30\t1,096.04\t583.26
\t01\t\t人力资源和社会保障管理事务\t1,662.43\t1,082.13\t580.30
\t\t01\t行政运行\t1,082.13\t1,082.13\t
\t\t08\t信息化建设\t416.78\t\t416.78
\t05\t\t行政事业单位养老支出\t13.91\t13.91\t
\t\t05\t机关事业单位基本养老保险缴费支出\t9.52\t9.52\t
210 11 01\t\t\t行政单位医疗\t4.17\t4.17\t
"""


def test_codes_split_over_columns_and_thousands_separators():
    from juesuan.formats.published.blocks import RawDocument

    rep = assemble(RawDocument("split.txt", parse_text(SPLIT)))
    t3 = rep.model.tables["T03"]
    assert [r.key for r in t3.rows] == ["total", "208", "20801", "2080101", "2080108", "20805", "2080505", "2101101"]
    assert t3.value("total", "total") == Decimal("1691.29")
    assert t3.value("2080101", "basic") == Decimal("1082.13")
    assert t3.row("2080505").label == "机关事业单位基本养老保险缴费支出"
