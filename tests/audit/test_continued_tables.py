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
