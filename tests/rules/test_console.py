"""The readable report (console.print_report): grouping, locations, 尾差 condensed, summary."""

from __future__ import annotations

import io

from rich.console import Console

from juesuan.app.check import run_checks
from juesuan.findings.console import print_report
from juesuan.findings.wording import where


def render(report, width=160):
    buf = io.StringIO()
    print_report(report, "示例.yaml", Console(file=buf, width=width, highlight=False, color_system=None))
    return buf.getvalue()


def test_where_names_table_line_and_column():
    loc = {"table": "T01", "table_number": "公开01表", "table_title": "收入支出决算总表", "row": "income_total",
           "row_label": "本年收入合计", "line": 27, "column": "amount", "column_label": "决算数", "column_no": 1}
    assert where(loc) == "公开01表 收入支出决算总表 · 行次 27 本年收入合计 · 栏次 1 决算数"
    loc = {"table": "T06", "table_number": "公开06表", "table_title": "一般公共预算财政拨款基本支出决算明细表",
           "row": "30109", "row_label": "职业年金缴费", "column": "amount", "column_label": "决算数"}
    assert where(loc) == "公开06表 一般公共预算财政拨款基本支出决算明细表 · 30109 职业年金缴费 · 决算数"
    assert where({"section": "情况说明", "field": "reasons.x", "row_label": "原因"}) == "情况说明 · 原因"
    assert where({}) == "—"


def test_report_of_the_example(example):
    out = render(run_checks(example))
    assert out.index("错误（6 项）") < out.index("警告（3 项）") < out.index("尾差（22 处")
    # 尾差 are one line per table, not one row each
    assert "公开06表 一般公共预算财政拨款基本支出决算明细表：2处，最大0.01万元（301/决算数、302/决算数）" in out
    assert out.count("尾差范围内") == 0
    assert "7.25" in out and "4.39" in out and "2.86" in out
    assert "未检查（1 项）" in out and "上年培训费决算数未填列" in out
    assert out.rstrip().endswith("项未检查。") and "（其中尾差 22 处）" in out


def test_clean_report(example):
    report = run_checks(example)
    report.findings = []
    out = render(report)
    assert "未发现错误或警告" in out and "错误（" not in out and "尾差（" not in out


def test_likely_wrong_cell_is_named():
    """One wrong leaf figure breaks its row identity and its section's roll-up: the report names the
    cell common to both."""
    from decimal import Decimal as D

    from .util import bump, first_code, rich_unit

    m = rich_unit()
    code = first_code(m, "T02", 7)
    bump(m, ("T02", code, "appropriation"), D("1.00"))
    out = render(run_checks(m))
    assert f"最可能出错的单元格（同时出现在多条不成立的等式中）：公开02表 {code}/栏次2（2 条）" in out


def test_where_for_audit_locations():
    loc = {"page": 7, "section": "五、一般公共预算财政拨款支出决算情况说明", "sentence": "年初预算150.56万元，支出决算691.29万元，"
           "完成年初预算的459.15%。占本年支出合计的100%。", "claim": "459.15%"}
    text = where(loc)
    assert text.startswith("五、一般公共预算财政拨款支出决算情况说明 · 第 7 页")
    assert "“年初预算150.56万元" in text and text.endswith("…”")
