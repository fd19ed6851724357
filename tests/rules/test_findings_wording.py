"""Findings are worded in one place (findings/wording.yaml): one severity vocabulary, one location
wording, and a typed Location that reads like the contract's object."""

from __future__ import annotations

import re

from conftest import REPO
from juesuan.findings.wording import severity_names, where
from juesuan.rules.location import Location

SEVERITY_MAP = re.compile(r"""["']error["']\s*:\s*["'][\u4e00-\u9fff]+["']\s*,\s*["']warning["']""")


def test_one_severity_vocabulary():
    """No module keeps its own error/warning/info names; the portal shows the same words."""
    from juesuan.web.pages import SEVERITY_NAMES

    assert severity_names() == {"error": "错误", "warning": "警告", "info": "提示", "off": "关闭"}
    assert {k: SEVERITY_NAMES[k] for k in severity_names()} == severity_names()  # 关闭 too (the rule page)
    own = [str(p.relative_to(REPO)) for p in (REPO / "src" / "juesuan").rglob("*.py")
           if SEVERITY_MAP.search(p.read_text(encoding="utf-8"))]
    assert own == []
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "严重错误" not in readme


def test_location_is_typed_and_reads_like_the_contract():
    loc = Location.of({"table": "T01", "row": "income_total", "line": 27, "anchor": "s2.total"})
    assert loc.table == "T01" and loc.line == 27 and loc["anchor"] == "s2.total"
    assert loc.get("column") is None and "column" not in loc
    loc["page"] = 3
    assert loc.to_dict() == {"table": "T01", "row": "income_total", "line": 27, "page": 3, "anchor": "s2.total"}
    assert Location.of(loc) is loc and loc == loc.to_dict()


def test_one_location_wording_for_a_cell_a_page_and_a_field():
    cell = Location(table="T03", table_number="公开03表", table_title="支出决算表", row="2080101",
                    row_label="行政运行", column="basic", column_label="基本支出", column_no=1, page=12)
    assert where(cell) == "第 12 页 · 公开03表 支出决算表 · 2080101 行政运行 · 栏次 1 基本支出"
    assert where({"section": "情况说明", "row_label": "主要原因", "source_line": 40}) == "情况说明 · 主要原因 · 原文第 40 行"
