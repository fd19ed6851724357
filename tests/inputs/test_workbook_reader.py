"""The workbook reader on clerks' exports: merged cells, blank rows, split codes, 元, text numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from clerk import cell_of, our_workbook, replace_with_clerk_classified, set_cell, set_cells, sheet_of

from juesuan.core import codec
from juesuan.formats import read_input
from juesuan.formats.workbook.read import merge_embedded
from juesuan.formats.workbook.write import write_workbook


def table_values(model, table_id):
    return [(r.key, r.label.strip(), r.values) for r in model.tables[table_id].rows]


@pytest.mark.parametrize("code_style", ["split", "spaces", "dashes"])
def test_clerk_export_with_split_codes_and_reordered_columns(example, tmp_path, code_style):
    path = our_workbook(example, tmp_path / "clerk.xlsx")
    replace_with_clerk_classified(path, example, "T03", code_style=code_style)
    got = read_input(path)
    assert table_values(got, "T03") == table_values(example, "T03")
    assert got.tables["T03"].rows[0].key == "total"


def test_amounts_in_yuan_as_text_with_thousands_separators(example, tmp_path):
    path = our_workbook(example, tmp_path / "yuan.xlsx")
    replace_with_clerk_classified(path, example, "T02", yuan=True, as_text=True)
    got = read_input(path)
    total = got.tables["T02"].row("total")
    assert total.values == {"total": Decimal("691.29"), "appropriation": Decimal("691.29")}
    assert table_values(got, "T02") == table_values(example, "T02")


def test_yuan_amounts_round_half_up_to_two_decimals(example, tmp_path):
    path = our_workbook(example, tmp_path / "yuan.xlsx")
    replace_with_clerk_classified(path, example, "T05", yuan=True)
    # 821,350 元 -> 82.135 万元 -> 82.14 (half up)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Sheet9"]
    row = next(r for r in ws.iter_rows() if any(str(c.value).strip() == "行政运行" for c in r))[0].row
    for c in ws[row]:
        if c.value == 821300:
            c.value = 821350
    wb.save(path)
    got = read_input(path)
    assert got.tables["T05"].value("2080101", "total") == Decimal("82.14")
    assert got.tables["T05"].value("2080101", "basic") == Decimal("82.14")


def test_numbers_stored_as_text_in_wan(example, tmp_path):
    path = our_workbook(example, tmp_path / "text.xlsx")
    replace_with_clerk_classified(path, example, "T05", as_text=True, order=["total", "basic", "project"])
    got = read_input(path)
    assert got.tables["T05"].value("2080108", "project") == Decimal("416.78")
    assert table_values(got, "T05") == table_values(example, "T05")


def test_full_width_digits(example, tmp_path):
    path = our_workbook(example, tmp_path / "fw.xlsx")
    ref = cell_of(path, "收入支出决算总表", lambda v: str(v) == "691.29")
    set_cell(path, "收入支出决算总表", ref, "６９１．２９")
    got = read_input(path)
    assert got.tables["T01"].value("general_budget", "amount") == Decimal("691.29")
    assert got.tables["T01"] == example.tables["T01"]


def test_merged_header_cells_are_filled_from_the_top_left(example, tmp_path):
    """T09's three header rows are merged (三公 over six columns, 公务用车 over three)."""
    path = our_workbook(example, tmp_path / "t9.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = sheet_of(wb, "财政拨款“三公”经费及会议费、培训费支出决算表")
    assert any(str(r) .startswith("B4") for r in ws.merged_cells.ranges)
    got = read_input(path)
    assert got.tables["T09"].value("budget", "training") == Decimal("0.30")
    assert got.tables["T09"].value("actual", "training") == Decimal("0.28")


def test_sheets_found_by_title_not_by_name_or_position(example, tmp_path):
    import openpyxl

    path = our_workbook(example, tmp_path / "shuffled.xlsx")
    wb = openpyxl.load_workbook(path)
    for i, ws in enumerate(wb.worksheets):
        ws.title = f"S{i:02d}"
    wb.move_sheet(wb.worksheets[5], offset=-4)
    wb.save(path)
    assert read_input(path) == example


def test_title_found_by_alias_and_number_only(example, tmp_path):
    path = our_workbook(example, tmp_path / "alias.xlsx")
    set_cell(path, "财政拨款收入支出决算总表", "A1", "财政拨款收支总表")
    got = read_input(path)
    assert got.tables["T04"] == example.tables["T04"]
    path2 = our_workbook(example, tmp_path / "number.xlsx")
    set_cell(path2, "收入决算表", "A1", None)  # only 公开02表 is left to identify it
    assert read_input(path2).tables["T02"] == example.tables["T02"]


def test_template_reads_as_an_empty_model(tmp_path):
    path = tmp_path / "blank.xlsx"
    write_workbook(None, path, blank=True, year=2025)
    m = read_input(path)
    assert m.year == 2025 and m.profile == "shaanxi-2024"
    assert all(not r.values for t in m.tables.values() for r in t.rows)
    assert m.item_budgets == [] and m.reasons == {} and m.performance.overall is None


def test_embedded_model_is_used_when_visible_cells_agree(example, tmp_path):
    example.tables["T06"].row("30101").values["amount"] = Decimal("23.3500")  # precision beyond the print
    path = tmp_path / "ours.xlsx"
    write_workbook(example, path, embed_model=True)
    got = read_input(path)
    assert got.tables["T06"].value("30101", "amount").as_tuple().exponent == -4
    assert codec.dump(got) == codec.dump(example)


def test_visible_cells_win_over_the_embedded_model(example, tmp_path):
    path = tmp_path / "edited.xlsx"
    write_workbook(example, path, embed_model=True)
    ref = cell_of(path, "政府采购", lambda v: v == "政府采购货物支出")
    set_cell(path, "政府采购", "B" + ref[1:], 50)
    ref = cell_of(path, "支出决算表", lambda v: str(v) == "416.78")
    set_cell(path, "支出决算表", ref, 400)
    got = read_input(path)
    assert got.procurement.goods == Decimal("50.00")
    assert got.tables["T03"].value("2080108", "total") == Decimal("400.00")
    assert got.tables["T03"].value("2080108", "project") == Decimal("416.78")
    assert got.tables["T02"] == example.tables["T02"]  # untouched parts unchanged
    assert got.performance == example.performance


def test_merge_embedded_keeps_parts_that_agree(example):
    visible = codec.load(codec.dump(example))
    visible.reasons["total_change"] = "改过的原因"
    merged = merge_embedded(visible, example)
    assert merged.reasons["total_change"] == "改过的原因"
    assert merged.tables == example.tables


def test_read_input_dispatches_yaml_and_json(example, tmp_path):
    y = tmp_path / "m.yml"
    y.write_text(codec.to_yaml(example), encoding="utf-8")
    j = tmp_path / "m.json"
    j.write_text(codec.to_json(example), encoding="utf-8")
    assert read_input(y) == example
    assert read_input(j) == example


def test_reader_does_not_import_openpyxl(tmp_path, example):
    import subprocess
    import sys

    path = our_workbook(example, tmp_path / "x.xlsx")
    code = ("import sys; from juesuan.formats import read_input; read_input(sys.argv[1]); "
            "print('openpyxl' in sys.modules, 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_clerk_two_sided_table_without_line_numbers_in_yuan(example, tmp_path):
    """收入支出决算总表 exported with plain labels (no 一、), no 行次 column, amounts in 元."""
    import openpyxl

    from juesuan.domain.profiles import load_profile

    layout = load_profile("shaanxi-2024").table("T01")
    path = our_workbook(example, tmp_path / "t1.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.remove(sheet_of(wb, "收入支出决算总表"))
    ws = wb.create_sheet("收支总表")
    ws.append(["2024年度收入支出决算总表"])
    ws.append(["公开01表", None, None, "金额单位：元"])
    ws.append(["收入", None, "支出", None])
    ws.append(["项目", "决算数", "项目", "决算数"])
    t = example.tables["T01"]
    left = [r for r in t.rows if r.key in {s.key for s in layout.left.rows}]
    right = [r for r in t.rows if r.key in {s.key for s in layout.right.rows} and r.label]
    for i in range(max(len(left), len(right))):
        row = []
        for side in (left, right):
            if i < len(side):
                r = side[i]
                amount = r.values.get("amount")
                row += [r.label.split("、", 1)[-1], None if amount is None else int(amount * 10000)]
            else:
                row += [None, None]
        ws.append(row)
    wb.save(path)
    got = read_input(path).tables["T01"]
    want = {r.key: r.values for r in t.rows if r.label}
    assert {r.key: r.values for r in got.rows} == want
    assert all(r.line is None for r in got.rows)


def test_split_codes_typed_as_numbers(example, tmp_path):
    import openpyxl

    path = our_workbook(example, tmp_path / "num.xlsx")
    replace_with_clerk_classified(path, example, "T05")
    wb = openpyxl.load_workbook(path)
    ws = wb["Sheet9"]
    for row in ws.iter_rows(min_row=6, max_col=3):
        for c in row:
            if isinstance(c.value, str) and c.value.isdigit():
                c.value = int(c.value)  # "01" typed as 1, "208" as 208
    wb.save(path)
    assert table_values(read_input(path), "T05") == table_values(example, "T05")


def test_tables_only_export_takes_year_from_the_file_name_and_unit_from_the_header(example, tmp_path):
    import openpyxl

    from juesuan.domain.profiles import load_profile

    titles = {t.title for t in load_profile("shaanxi-2024").ordered_tables()}
    path = our_workbook(example, tmp_path / "决算2024.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in list(wb.worksheets):
        if ws.cell(1, 1).value not in titles:
            wb.remove(ws)
    wb.save(path)
    got = read_input(path)
    assert got.year == 2024 and got.unit.name == "榆林市人事信息中心"
    assert got.tables == {k: v for k, v in example.tables.items()} | {
        k: type(v)(v.id, v.rows) for k, v in example.tables.items() if v.empty_reason}
    assert got.procurement.total is None

    renamed = tmp_path / "export.xlsx"
    path.rename(renamed)
    from juesuan.core.errors import InputError

    with pytest.raises(InputError) as info:
        read_input(renamed)
    assert "无法确定决算年度" in str(info.value)


def test_code_and_name_in_one_project_column(example, tmp_path):
    """Some exports print “2080101 行政运行” in a single 项目 column, starting in column B."""
    import openpyxl

    path = our_workbook(example, tmp_path / "one.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.remove(sheet_of(wb, "一般公共预算财政拨款支出决算表"))
    ws = wb.create_sheet("T5")
    ws["B1"] = "一般公共预算财政拨款支出决算表"
    ws["B3"], ws["C3"] = "项目", "本年支出"
    ws.merge_cells("C3:E3")
    ws["B3"].value = "项目"
    ws.merge_cells("B3:B4")
    ws["C4"], ws["D4"], ws["E4"] = "小计", "基本支出", "项目支出"
    for i, row in enumerate(example.tables["T05"].rows, start=5):
        ws.cell(i, 2, "合计" if row.key == "total" else f"{row.key} {row.label}")
        for j, key in enumerate(("total", "basic", "project")):
            v = row.values.get(key)
            ws.cell(i, 3 + j, None if v is None else str(v))
    wb.save(path)
    assert table_values(read_input(path), "T05") == table_values(example, "T05")


def test_two_sided_rows_matched_by_line_when_the_label_is_shortened(example, tmp_path):
    path = our_workbook(example, tmp_path / "short.xlsx")
    ref = cell_of(path, "收入支出决算总表", lambda v: v == "使用非财政拨款结余（含专用结余）")
    set_cells(path, [("收入支出决算总表", ref, "使用非财政拨款结余"), ("收入支出决算总表", "C" + ref[1:], 1)])
    ref9 = cell_of(path, "收入支出决算总表", lambda v: v == "九、卫生健康支出")
    set_cell(path, "收入支出决算总表", ref9, "九、医疗卫生与计划生育支出")  # the 类's former name
    t = read_input(path).tables["T01"]
    assert t.value("use_of_balance", "amount") == Decimal("1.00")
    assert t.row("use_of_balance").label == "使用非财政拨款结余"
    assert t.value("210", "amount") == Decimal("4.17")


def test_full_year_budget_column_round_trips(example, tmp_path):
    example.item_budget("2080505").full_year = Decimal("9.52")
    path = tmp_path / "full.xlsx"
    write_workbook(example, path)
    got = read_input(path)
    assert got.item_budget("2080505").full_year == Decimal("9.52")
    assert got.item_budget("2080101").full_year is None
    assert got.item_budgets == example.item_budgets


def test_workbook_without_the_full_year_column_still_reads(example, tmp_path):
    """Workbooks filled before the 全年预算 column existed keep working."""
    from openpyxl import load_workbook

    from juesuan.formats.workbook import spec as S

    path = tmp_path / "old.xlsx"
    write_workbook(example, path)
    wb = load_workbook(path)
    ws = wb[S.ITEM_BUDGET_TITLE[:31]]
    col = next(c.column for row in ws.iter_rows() for c in row if c.value == S.ITEM_BUDGET_FULL)
    ws.delete_cols(col)
    wb.save(path)
    got = read_input(path)
    assert got.item_budgets == example.item_budgets
    # a required column still is required
    ws.cell(row=next(c.row for row in ws.iter_rows() for c in row if c.value == "年初预算（万元）"),
            column=5).value = "预算"
    wb.save(path)
    from juesuan.core.errors import InputError

    with pytest.raises(InputError, match="年初预算"):
        read_input(path)
