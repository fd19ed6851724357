"""The Shanghai 2024 and national wording and layouts (official Shanghai template, 附件2)."""

from __future__ import annotations

from juesuan.core.document import Heading, Paragraph, TableBlock, Toc
from juesuan.render.html import render_html
from juesuan.report import assemble, missing_inputs

SHANGHAI_SECTIONS = [
    "一、收入支出决算总体情况说明", "二、收入决算情况说明", "三、支出决算情况说明", "四、财政拨款收入支出决算总体情况说明",
    "五、一般公共预算财政拨款支出决算情况说明", "六、一般公共预算财政拨款基本支出决算情况说明",
    "七、财政拨款“三公”经费支出决算情况说明", "八、政府性基金预算财政拨款收入支出决算情况说明",
    "九、国有资本经营预算财政拨款收入支出决算情况说明", "十、预算绩效管理情况", "十一、其他重要事项的情况说明",
]


def test_shanghai_parts_sections_and_table_order(example):
    doc = assemble(example, "shanghai-2024")
    toc = next(b for b in doc.blocks if isinstance(b, Toc))
    parts = [e.text for e in toc.entries if e.level == 1]
    assert parts == ["第一部分 榆林市人事信息中心概况", "第二部分 榆林市人事信息中心2024年度部门决算表",
                     "第三部分 榆林市人事信息中心2024年度部门决算情况说明", "第四部分 名词解释"]
    sections = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 2 and b.anchor
                and b.anchor.startswith("s2.")]
    assert sections == SHANGHAI_SECTIONS
    tables = [b.id for b in doc.blocks if isinstance(b, TableBlock)]
    assert tables == ["T01", "T02", "T03", "T04", "T05", "T06", "T09", "T07", "T08"]  # 三公 7th, no 是否空表 list
    assert not any(isinstance(b, Paragraph) and b.style == "cover-line" for b in doc.blocks)  # no 保密审查 lines


def test_shanghai_tables_have_no_line_numbers_and_t05_total_last(example):
    doc = assemble(example, "shanghai-2024")
    blocks = {b.id: b for b in doc.blocks if isinstance(b, TableBlock)}
    t1 = blocks["T01"]
    assert [c.text for c in t1.header[1]] == ["项目", "决算数", "项目", "决算数"]
    assert all(c.text != "栏次" for row in t1.header for c in row)
    assert blocks["T05"].body[-1][1].text == "合计"
    assert "说明：榆林市人事信息中心本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。" in blocks["T07"].note
    t9 = blocks["T09"]
    assert len(t9.header) == 4 and len(t9.body) == 1 and len(t9.body[0]) == 12  # 预算数/决算数 column pairs
    assert [c.text for c in t9.body[0]][-2:] == ["", ""]


def test_shanghai_wording(example):
    doc = assemble(example, "shanghai-2024")
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert ("榆林市人事信息中心2024年度收入支出总计691.29万元。与2023年度相比，收入支出总计增加372.90万元，增长117.12%。"
            "主要原因：上年项目支出不及时导致资金结转至今年支付。") in texts
    assert "榆林市人事信息中心2024年度无“三公”经费财政拨款支出。" in texts
    assert "机关运行经费支出8.80万元，比2023年度减少0.30万元，下降3.30%。主要原因是由于人员发生变动，导致经费减少。" in texts
    assert any(t.startswith("一、财政拨款收入：") for t in texts) and any(t.startswith("十一、机关运行经费：") for t in texts)
    # Shanghai asks for the reason of the total's budget variance, which the example does not give
    assert [g.field for g in missing_inputs(example, "shanghai-2024")] == ["reasons.general_budget_variance"]
    assert "决算数大于预算数的主要原因：【请填写原因】。" in "".join(texts)


def test_shanghai_items_against_the_full_year_budget(example):
    """A 项 with a 全年预算数 is held against it in the Shanghai wording; Shaanxi keeps 年初预算."""
    from decimal import Decimal as D

    from juesuan.app.check import run_checks

    b = example.item_budget("2080505")  # 年初预算 9.99 in the seed, 决算 9.52
    b.full_year, b.reason = D("9.52"), None

    def item(pid: str) -> str:
        doc = assemble(example, pid)
        return next(x.text for x in doc.blocks
                    if isinstance(x, Paragraph) and "机关事业单位基本养老保险缴费支出（项）" in x.text)

    assert item("shanghai-2024").endswith(
        "年初预算为9.99万元，全年预算为9.52万元，支出决算为9.52万元。决算数与全年预算数持平。")
    assert "item_budgets[2080505].reason" not in {g.field for g in missing_inputs(example, "shanghai-2024")}
    assert "完成年初预算的95.30%，决算数小于年初预算数的主要原因是：【请填写原因】" in item("shaanxi-2024")
    b.full_year = D("10.00")
    assert item("shanghai-2024").endswith(
        "年初预算为9.99万元，全年预算为10.00万元，支出决算为9.52万元，完成全年预算数的95.20%。"
        "决算数小于全年预算数的主要原因：【请填写原因】。")
    b.full_year = D("0")
    assert "全年预算为0.00万元，支出决算为9.52万元，为新增支出，主要原因：【请填写原因】。" in item("shanghai-2024")
    example.profile = "shanghai-2024"
    assert "item_budgets[2080505].reason" in {f.location.get("field") for f in run_checks(example).findings
                                              if f.rule == "NAR-REASON-MISSING"}


def test_national_has_no_header_lines_nor_meeting_training(example):
    doc = assemble(example, "national")
    heads = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "九、财政拨款“三公”经费支出决算情况说明" in heads
    assert "（二）培训费支出情况说明" not in heads
    assert not any(isinstance(b, Paragraph) and b.style == "cover-line" for b in doc.blocks)
    t9 = next(b for b in doc.blocks if isinstance(b, TableBlock) and b.id == "T09")
    assert [c.text for c in t9.header[-1]] == ["栏次", "1", "2", "3", "4", "5", "6"]


def test_every_profile_renders_to_html(example):
    for pid in ("shaanxi-2024", "shanghai-2024", "national"):
        example.profile = pid
        text = render_html(example)
        assert text.count("<table") == sum(1 for b in assemble(example).blocks if isinstance(b, TableBlock))


def test_shanghai_three_public_table_without_printed_figures_is_an_empty_table(example):
    # the example's T09 holds only 培训费, which the Shanghai table does not print
    doc = assemble(example, "shanghai-2024")
    t9 = next(b for b in doc.blocks if isinstance(b, TableBlock) and b.id == "T09")
    assert "说明：榆林市人事信息中心本年度没有“三公”经费财政拨款支出，故本表无数据。" in t9.note
    shaanxi = next(b for b in assemble(example).blocks if isinstance(b, TableBlock) and b.id == "toc.tables")
    assert [c.text for c in shaanxi.body[8]][2] == "否"  # Shaanxi prints 培训费: not empty
