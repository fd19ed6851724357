"""The table reader on eight real budget reports (tests/data/corpus/budgets/): every table printing
classification codes is found by its header and rows, not by its title, and its codes and amounts
are read.  Figures below were checked by looking at the rendered pages."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import CORPUS

BUDGETS = CORPUS / "budgets"

# file -> (pages of the coded tables' first parts, unit, rows of each table)
EXPECTED = {
    "jiangsu-cppcc-office-2019-dept-budget-tables.pdf": ([5, 6, 7, 8, 11], "万元", [16, 25, 16, 25, 11]),
    "jiangsu-high-peoples-court-2018-dept-budget.pdf": ([11, 11, 12, 13, 14], "万元", [17, 33, 17, 33, 16]),
    "jiangsu-npc-standing-committee-office-2019-dept-budget-tables.pdf": ([5, 6, 7, 8, 11], "万元", [20, 24, 20, 24, 11]),
    "jiangsu-provincial-party-committee-office-2017-dept-budget-tables.pdf": ([5, 6, 8, 9, 10], "万元", [11, 30, 11, 30, 17]),
    "jiangsu-provincial-procuratorate-2019-dept-budget.pdf": ([16, 17, 18, 18, 21], "万元", [16, 30, 16, 30, 16]),
    "shanghai-putuo-commerce-commission-2025-unit-budget.pdf": ([10, 12, 15, 19], "元", [30, 30, 30, 30]),
    "shanghai-putuo-govt-office-2025-dept-budget.pdf": ([9, 11, 14, 18], "元", [20, 20, 20, 29]),
    "shanghai-putuo-wanli-subdistrict-2024-dept-budget.pdf": ([11, 16, 22, 29], "元", [66, 66, 66, 29]),
}


@pytest.fixture(scope="module")
def budgets():
    from juesuan.formats.published.pdf import read_pdf
    from juesuan.formats.published.tables import coded_tables

    return {name: coded_tables(read_pdf(BUDGETS / name).blocks) for name in EXPECTED}


def test_all_eight_budgets_are_here():
    assert sorted(p.name for p in BUDGETS.glob("*.pdf")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_coded_table_found_with_its_rows(budgets, name):
    pages, unit, counts = EXPECTED[name]
    tables = budgets[name]
    assert [t.page for t in tables] == pages
    assert [len(t.rows) for t in tables] == counts
    assert {t.unit for t in tables} == {unit}
    for t in tables:
        for r in t.rows:
            assert len(r.code) in (3, 5, 7), r
            assert r.name and not r.name.isdigit(), r  # the name only, never a code fragment
            assert any(a is not None for a in r.amounts), r


def _row(budgets, name, index, code):
    r = budgets[name][index].row(code)
    assert r is not None, (name, index, code)
    return r


def test_rotated_landscape_page_read_upright(budgets):
    """人大常委会办公厅 (Acrobat Distiller): pages stored rotated; read as displayed."""
    name = "jiangsu-npc-standing-committee-office-2019-dept-budget-tables.pdf"
    r = _row(budgets, name, 0, "2010101")
    assert (r.name, r.amounts[0]) == ("行政运行", D("7448.20"))
    assert _row(budgets, name, 0, "2210202").amounts[0] == D("2548.30")


def test_two_tables_on_one_page(budgets):
    """高级人民法院 p. 11: the function table ends and the economic table begins on the same page."""
    name = "jiangsu-high-peoples-court-2018-dept-budget.pdf"
    assert _row(budgets, name, 1, "301").amounts[0] == D("13747.87")
    assert _row(budgets, name, 1, "30101").amounts[0] == D("2679.68")
    assert budgets[name][0].row("301") is None and budgets[name][1].row("2040501") is None


def test_name_printed_under_a_two_column_code_header(budgets):
    """检察院 p. 16: 功能科目代码 spans two ruled columns and the names sit in the second one."""
    name = "jiangsu-provincial-procuratorate-2019-dept-budget.pdf"
    r = _row(budgets, name, 0, "2040401")
    assert (r.name, r.amounts[0]) == ("行政运行", D("12268.62"))
    assert _row(budgets, name, 0, "2210202").amounts[0] == D("4243.61")


def test_economic_table_continued_without_header(budgets):
    name = "jiangsu-provincial-party-committee-office-2017-dept-budget-tables.pdf"
    assert _row(budgets, name, 1, "301").amounts[0] == D("3920.22")
    assert _row(budgets, name, 1, "30101").amounts[0] == D("1309.12")


def test_split_code_columns_in_yuan(budgets):
    """上海 budgets: 类 | 款 | 项 in three columns, amounts in 元 with thousands separators."""
    name = "shanghai-putuo-commerce-commission-2025-unit-budget.pdf"
    r = _row(budgets, name, 0, "2011301")
    assert (r.name, r.amounts[:2]) == ("行政运行", [D("9389913.00"), D("9389913.00")])
    assert _row(budgets, name, 0, "20113").amounts[0] == D("21601733.00")
    wanli = "shanghai-putuo-wanli-subdistrict-2024-dept-budget.pdf"
    r = _row(budgets, wanli, 0, "2060702")  # page 12, a continuation without the header
    assert (r.name, r.amounts[0]) == ("科普活动", D("100000"))
    assert _row(budgets, wanli, 0, "2080501").amounts[0] == D("243120")
