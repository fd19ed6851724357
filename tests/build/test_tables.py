"""Table blocks built from the profile layouts: every grid is a full rectangle (spans add up), the
two-sided tables pair 行次, T06 takes codes the profile does not list into the right block."""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.core.document import TableBlock
from juesuan.core.model import Row
from juesuan.domain.profiles import load_profile
from juesuan.layouts.economic import blocks as economic_blocks
from juesuan.report import assemble


def occupancy(rows) -> list[list[int]]:
    """How many cells cover each grid position (HTML table placement)."""
    taken: dict[tuple[int, int], int] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = taken.get((r + dr, c + dc), 0) + 1
            c += cell.colspan
    width = max(c for _, c in taken) + 1
    return [[taken.get((r, c), 0) for c in range(width)] for r in range(len(rows))]


@pytest.mark.parametrize("profile", ["shaanxi-2024", "shanghai-2024", "national"])
def test_every_table_is_a_full_rectangle(example, profile):
    doc = assemble(example, profile)
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert len(tables) >= 9
    for t in tables:
        widths = set()
        for part in (t.header, t.body):
            if not part:
                continue
            grid = occupancy(part)
            assert all(all(n == 1 for n in row) for row in grid), (profile, t.id)
            widths.add(len(grid[0]))
        assert len(widths) == 1, (profile, t.id, widths)  # header and body have the same columns
        if t.widths:
            assert len(t.widths) == widths.pop(), (profile, t.id)


def test_t04_pairs_the_income_and_expenditure_lines(example):
    t4 = next(b for b in assemble(example).blocks if isinstance(b, TableBlock) and b.id == "T04")
    texts = [[c.text for c in row] for row in t4.body]
    assert len(texts) == 32
    assert texts[26][:3] == ["本年收入合计", "27", "691.29"] and texts[26][3:6] == ["本年支出合计", "59", "691.29"]
    assert texts[28][:2] == ["一般公共预算财政拨款", "29"] and texts[28][3:5] == ["", "61"]
    assert [c.text for c in t4.header[-1]] == ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]


def test_economic_codes_outside_the_profile_join_their_class_block(example):
    t6 = example.table("T06")
    t6.rows.append(Row("30230", "新的商品和服务科目", {"amount": Decimal("1.00")}))
    t6.rows.append(Row("30902", "新的资本性支出科目", {"amount": Decimal("2.00")}))
    blocks = economic_blocks(load_profile("shaanxi-2024").table("T06"), t6)
    assert blocks[1][-2:] == ["30299", "30230"]  # after the last 302 款
    assert blocks[2][-1] == "30902"  # no 309 block: at the end of the last block
    table = next(b for b in assemble(example).blocks if isinstance(b, TableBlock) and b.id == "T06")
    cells = [c.text for row in table.body for c in row]
    assert "新的商品和服务科目" in cells and "2.00" in cells


def test_empty_tables_keep_their_layout_and_the_toc_says_why(example):
    doc = assemble(example)
    blocks = {b.id: b for b in doc.blocks if isinstance(b, TableBlock)}
    t7 = blocks["T07"]
    assert [c.text for c in t7.body[0]] == ["", "合计", "", "", "", "", "", ""]
    toc = [[c.text for c in row] for row in blocks["toc.tables"].body]
    assert toc[6] == ["表7", "政府性基金预算财政拨款收入支出决算表", "是", "本单位不涉及故公开空表"]
    assert toc[0] == ["表1", "收入支出决算总表", "否", ""]
    assert t7.note.startswith("注：本表反映单位本年度政府性基金预算财政拨款")
