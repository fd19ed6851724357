"""A table continued on the next page is joined to its first part column by column: by the x of
the column rules when the reader has them (PDF), so a page printed without the merged cells on the
left still puts each cell under its own header."""

from __future__ import annotations

from juesuan.formats.published.blocks import Block
from juesuan.formats.published.tables import _aligned_by_x

FIRST = Block("table", rows=[["一级指标", "二级指标", "指标内容", None, "年度指标值", "实际完成值", "分值", "得分"]],
              columns=[0, 40, 80, 140, 170, 220, 270, 300, 330])


def test_cells_go_to_the_column_at_their_x():
    cont = Block("table", rows=[["", "成本指标", "预算控制数", "300万元", "111.11万元", "5", "5"]],
                 columns=[0.5, 40.3, 80, 170, 220, 270, 300, 330])  # no rule at 140: 指标内容 spans two
    assert _aligned_by_x(FIRST, cont) == [["", "成本指标", "预算控制数", None, "300万元", "111.11万元", "5", "5"]]


def test_a_continuation_without_the_left_columns():
    cont = Block("table", rows=[["预算控制数", "300万元", "111.11万元", "5", "5"]],
                 columns=[80, 170, 220, 270, 300, 330])
    assert _aligned_by_x(FIRST, cont) == [[None, None, "预算控制数", None, "300万元", "111.11万元", "5", "5"]]


def test_not_aligned_when_the_rules_do_not_match():
    assert _aligned_by_x(FIRST, Block("table", rows=[["a", "b"]], columns=[0, 55, 330])) is None  # 55: no such rule
    assert _aligned_by_x(FIRST, Block("table", rows=[["a", "b"]])) is None  # no rules (DOCX, text)
    same = Block("table", rows=[["x"] * 8], columns=list(FIRST.columns or []))
    assert _aligned_by_x(FIRST, same) is None  # same columns: nothing to do


def test_a_text_copy_without_merged_cells_keeps_each_header_over_its_columns():
    """A table copied as text (TXT: tab-separated, merged cells lost) prints a merged header once and
    leaves the cells it covered blank: a blank right of a label, under the same parents, is that
    label's; a blank under another parent is not (公务接待费 does not inherit 公务用车运行维护费)."""
    from juesuan.formats.published.tables import analyse_header

    rows = [["财政拨款“三公”经费"] + [""] * 7,
            ["合计", "", "公务用车购置及运行维护费", "", "", "", "公务接待费", ""],
            ["", "", "公务用车购置费", "", "公务用车运行维护费", "", "", ""],
            ["预算数", "决算数", "预算数", "决算数", "预算数", "决算数", "预算数", "决算数"],
            ["0.80", "0.70", "0.10", "", "0.59", "0.60", "0.11", "0.09"]]
    paths = analyse_header(rows, None, matrix=True).paths
    assert paths[1] == ["财政拨款“三公”经费", "合计", "决算数"]
    assert paths[5] == ["财政拨款“三公”经费", "公务用车购置及运行维护费", "公务用车运行维护费", "决算数"]
    assert paths[7] == ["财政拨款“三公”经费", "公务接待费", "决算数"]
