"""A small report Document built by hand for the writer tests (no narrative needed)."""

from __future__ import annotations

import json

from juesuan.core.document import (
    Cell,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    TableBlock,
    Toc,
    TocEntry,
)

TRICKY = '原因：<script>alert("x")</script> & #set $x$ *粗* _下_ ]] ]]> @ref \\n 【】“引号”…'

HEADINGS = ["第一部分 单位概况", "一、单位主要职责及内设机构", "（一）主要职责", "第二部分 2024年度部门决算情况说明",
            "一、收入支出决算总体情况说明", "第三部分 2024年度部门决算表"]


def merged_header() -> list[list[Cell]]:
    """A three-level header: 项目 | 预算数 (4) | 决算数 (4)."""
    h = lambda text, cs=1, rs=1: Cell(text, colspan=cs, rowspan=rs, header=True)  # noqa: E731
    return [
        [h("项目", rs=3), h("预算数", cs=4), h("决算数", cs=4)],
        [h("合计", rs=2), h("公务用车购置及运行维护费", cs=2), h("公务接待费", rs=2),
         h("合计", rs=2), h("公务用车购置及运行维护费", cs=2), h("公务接待费", rs=2)],
        [h("小计"), h("公务用车购置费"), h("小计"), h("公务用车购置费")],
    ]


def body_rows(n: int = 40) -> list[list[Cell]]:
    rows = []
    for i in range(n):
        vals = [f"{(i + 1) * 1234.5 + k:,.2f}" if (i + k) % 3 else "" for k in range(8)]
        rows.append([Cell(f"{2080100 + i} 科目名称第{i + 1}行")] + [Cell(v, numeric=True) for v in vals])
    rows.append([Cell("合计", align="center")] + [Cell("691.29", numeric=True) for _ in range(8)])
    return rows


CHART = Chart(id="totals", title="收入、支出决算总计对比图（单位：万元）", kind="grouped_bar",
              labels=["2023年度", "2024年度"], series=[("收入总计", ["318.39", "691.29"]), ("支出总计", ["318.39", "691.29"])])

TOC_ENTRIES = [TocEntry(1, HEADINGS[0], "part.overview"), TocEntry(2, HEADINGS[1], "s1.duties"),
               TocEntry(1, HEADINGS[3]), TocEntry(1, HEADINGS[5], "part.tables"),
               TocEntry(2, "九、财政拨款“三公”经费支出决算表", "T09"), TocEntry(2, "不存在的条目", "nowhere"),
               TocEntry(2, "十、宽表", "T06")]


def sample_document(draft: bool = False, chart: bool = False, toc_entries: bool = False,
                    model_json: bool = True) -> Document:
    model = {"format": "juesuan/final-accounts", "year": 2024, "reason": TRICKY, "unit": {"name": "测试单位"}}
    blocks = [
        Paragraph("保密审查情况：已审查", style="cover-line"),
        PageBreak(),
        Toc(entries=list(TOC_ENTRIES) if toc_entries else []),
        PageBreak(),
        Heading(1, HEADINGS[0], anchor="part.overview"),
        Heading(2, HEADINGS[1], anchor="s1.duties"),
        Heading(3, HEADINGS[2]),
        Paragraph("单位主要职能是：参与拟定全市人社系统信息化建设（金保工程）的总体规划，承担市本级人社信息化建设、"
                  "维护、管理工作；负责全市社会保障卡管理工作。2024年度收入总计691.29万元，增长117.12%。"),
        Paragraph(TRICKY),
        Paragraph("第二行\n换行后的文字", bold=True),
        Heading(4, "1. 不入目录的小标题", in_toc=False),
        Paragraph("注：本表反映单位本年度的总收支情况。", style="note"),
        PageBreak(),
        Heading(1, HEADINGS[3]),
        Heading(2, HEADINGS[4]),
        Paragraph("2024年度收入总计、支出总计均为691.29万元，与上年相比增加372.90万元，增长117.12%。"),
        *([CHART] if chart else []),
        PageBreak(),
        Heading(1, HEADINGS[5], anchor="part.tables"),
        TableBlock(id="T09", title="财政拨款“三公”经费支出决算表", number="公开09表", unit_name="编制单位：测试单位 <&>",
                   header=merged_header(), body=body_rows(40), note="注：本表金额转换为万元时，因四舍五入可能存在尾差。"),
        TableBlock(id="T06", title="宽表（横向）", number="公开06表", unit_name="编制单位：测试单位", landscape=True,
                   header=[[Cell(f"列{i}", header=True) for i in range(12)]],
                   body=[[Cell(f"{r}-{i}", numeric=i > 0) for i in range(12)] for r in range(5)]),
        Paragraph("表后的说明文字。", style="body"),
    ]
    return Document(title="测试单位", subtitle="2024年度部门决算", blocks=blocks, draft=draft,
                    model_json=json.dumps(model, ensure_ascii=False, indent=1) if model_json else "",
                    profile="shaanxi-2024")
