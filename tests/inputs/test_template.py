"""The blank template: structure, validation, printing, the CLI, and filling it in."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from juesuan.cli import app
from juesuan.domain.profiles import load_profile
from juesuan.formats import read_input
from juesuan.formats.workbook.write import write_workbook

PROFILE = load_profile("shaanxi-2024")


@pytest.fixture(scope="module")
def template_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "blank.xlsx"
    write_workbook(None, path, profile_id="shaanxi-2024", year=2024, blank=True)
    return path


@pytest.fixture
def wb(template_path):
    import openpyxl

    return openpyxl.load_workbook(template_path)


def table_sheet(wb, layout):
    hits = [ws for ws in wb.worksheets if ws.cell(1, 1).value == layout.title]
    assert len(hits) == 1
    return hits[0]


def test_instructions_come_first(wb):
    ws = wb.worksheets[0]
    assert ws.title == "填表说明"
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "万元" in text and "科目代码" in text and "不是数字" in text


def test_every_table_has_its_header_and_column_numbers(wb):
    for layout in PROFILE.ordered_tables():
        ws = table_sheet(wb, layout)
        values = [c.value for row in ws.iter_rows(max_row=8) for c in row if c.value is not None]
        assert layout.number in values and "单位：万元" in values
        for col in layout.all_columns():
            label = col.label if col.key != "vehicle" else "小计"
            assert label in values, (layout.id, col.label)
        if layout.layout != "economic":
            assert "栏次" in values
            numbers = [col.number for col in layout.all_columns() if col.number]
            assert all(n in values for n in numbers)
        assert ws.print_title_rows, layout.id
        assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1


def test_header_cells_are_really_merged(wb):
    ws = table_sheet(wb, PROFILE.table("T09"))
    ranges = {str(r) for r in ws.merged_cells.ranges}
    assert "A4:A6" in ranges  # 项目 over three header rows
    assert "B4:G4" in ranges  # 财政拨款“三公”经费 over six columns
    assert "D5:F5" in ranges  # 公务用车购置及运行维护费 over three
    ws = table_sheet(wb, PROFILE.table("T02"))
    assert "A4:B4" in {str(r) for r in ws.merged_cells.ranges}


def test_wide_tables_print_landscape(wb):
    assert table_sheet(wb, PROFILE.table("T04")).page_setup.orientation == "landscape"
    assert table_sheet(wb, PROFILE.table("T02")).page_setup.orientation == "landscape"


def test_amount_cells_accept_numbers_at_least_zero_only(wb):
    for layout in PROFILE.ordered_tables():
        ws = table_sheet(wb, layout)
        dvs = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
        assert dvs, layout.id
        dv = dvs[0]
        assert dv.operator == "greaterThanOrEqual" and dv.formula1 == "0" and dv.showErrorMessage
        assert "不小于 0 的数字" in dv.error


def test_code_columns_offer_the_catalogue(wb):
    codes = wb["代码表"]
    assert codes.sheet_state == "hidden"
    ws = table_sheet(wb, PROFILE.table("T05"))
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and "代码表" in lists[0].formula1 and str(lists[0].sqref).startswith("A")
    first_code = codes["A2"].value
    assert first_code == "201"


def test_fact_sheets_are_present(wb):
    firsts = {ws.cell(1, 1).value for ws in wb.worksheets}
    for title in ("单位概况", "人员情况", "上年数", "年初预算及差异原因", "变动原因", "三公经费、会议费、培训费情况",
                  "机关运行经费", "政府采购", "国有资产", "绩效情况", "绩效自评表", "绩效任务", "项目资金", "绩效指标",
                  "其他说明", "名词解释", "表格目录"):
        assert title in firsts, title
    ws = next(w for w in wb.worksheets if w.cell(1, 1).value == "变动原因")
    keys = [row[3].value for row in ws.iter_rows(min_row=4) if row[3].value]
    from juesuan.derive import REASON_KEYS

    assert keys == list(REASON_KEYS)


def fill(path, model):
    """Fill the blank template with a model's nine tables, as a clerk would type them."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    unit = next(w for w in wb.worksheets if w.cell(1, 1).value == "单位概况")
    for row in unit.iter_rows():
        if row[0].value == "单位名称":
            row[1].value = model.unit.name
    for layout in PROFILE.ordered_tables():
        ws = table_sheet(wb, layout)
        t = model.tables[layout.id]
        grid = list(ws.iter_rows())
        if layout.layout == "classified":
            start = next(i for i, r in enumerate(grid) if r[1].value == "栏次") + 1
            for i, row in enumerate(t.rows):
                cells = grid[start + i]
                if row.key != "total":
                    cells[0].value, cells[1].value = row.key, row.label
                for j, col in enumerate(layout.columns):
                    cells[2 + j].value = row.values.get(col.key)
        elif layout.layout == "two_sided":
            lw = 2 + len(layout.left.columns)
            for base, side in ((0, layout.left), (lw, layout.right)):
                for cells in grid:
                    line = cells[base + 1].value
                    row = next((r for r in t.rows if r.line == line and isinstance(line, int)), None)
                    if row is None or row.key not in {s.key for s in side.rows}:
                        continue
                    for j, col in enumerate(side.columns):
                        cells[base + 2 + j].value = row.values.get(col.key)
        elif layout.layout == "economic":
            for cells in grid:
                for b in range(0, len(cells), 3):
                    row = t.row(str(cells[b].value)) if cells[b].value else None
                    if row is not None and b + 2 < len(cells):
                        cells[b + 2].value = row.values.get("amount")
                for c, cell in enumerate(cells):
                    if cell.value in ("人员经费合计", "公用经费合计"):
                        key = "personnel_total" if cell.value == "人员经费合计" else "public_total"
                        target = next(x for x in cells[c + 1:] if x.coordinate not in ws.merged_cells)
                        target.value = t.row(key).values.get("amount")
        else:
            for cells in grid:
                row = next((r for r in t.rows if r.label == cells[0].value), None)
                if row is not None:
                    for j, col in enumerate(layout.columns):
                        cells[1 + j].value = row.values.get(col.key)
    wb.save(path)


def test_filled_template_reads_back_as_the_example_tables(template_path, tmp_path, example):
    path = tmp_path / "filled.xlsx"
    path.write_bytes(template_path.read_bytes())
    fill(path, example)
    got = read_input(path)
    assert got.unit.name == example.unit.name and got.year == 2024
    for tid in PROFILE.table_order:
        assert got.tables[tid].rows == example.tables[tid].rows, tid


def test_template_for_every_profile(tmp_path):
    from juesuan.domain.profiles import available

    for pid in available():
        path = tmp_path / f"{pid}.xlsx"
        write_workbook(None, path, profile_id=pid, blank=True)
        m = read_input(path)
        assert m.profile == pid
        assert set(m.tables) == set(load_profile(pid).table_order)


def test_cli_template_writes_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "blank.xlsx"
    runner = CliRunner()
    result = runner.invoke(app, ["template", "--year", "2024", "--profile", "shaanxi", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "已生成 2024 年度空白填报工作簿" in result.output and len(result.output.strip().splitlines()) == 1
    before = out.read_bytes()
    result = runner.invoke(app, ["template", "--year", "2024", "-o", str(out)])
    assert result.exit_code == 2 and "已存在" in result.output and "--force" in result.output
    assert out.read_bytes() == before
    result = runner.invoke(app, ["template", "--year", "2025", "-o", str(out), "--force"])
    assert result.exit_code == 0 and read_input(out).year == 2025


def test_cli_template_rejects_an_unknown_profile(tmp_path):
    result = CliRunner().invoke(app, ["template", "--profile", "nowhere", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.xlsx").exists()


def test_no_partial_file_when_writing_fails(tmp_path, monkeypatch):
    from juesuan.formats.workbook import write as xlsx

    out = tmp_path / "x.xlsx"

    def boom(self, *a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlsx._Writer, "glossary_sheet", boom)
    with pytest.raises(RuntimeError):
        write_workbook(None, out, blank=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("profile_id", ["shanghai-2024", "national"])
def test_other_profiles_round_trip_their_columns(example, tmp_path, profile_id):
    """Other table orders and layouts (Shanghai prints 三公 as 预算数/决算数 column pairs)."""
    example.profile = profile_id
    profile = load_profile(profile_id)
    path = tmp_path / f"{profile_id}.xlsx"
    write_workbook(example, path)
    got = read_input(path)
    assert got.profile == profile_id
    for tid in profile.table_order:
        keys = {c.key for c in profile.table(tid).all_columns()}
        want = [(r.key, {k: v for k, v in r.values.items() if k in keys}) for r in example.tables[tid].rows]
        assert [(r.key, r.values) for r in got.tables[tid].rows] == want, tid


def test_written_file_has_ordinary_permissions(tmp_path):
    import os
    import stat

    umask = os.umask(0o022)
    try:
        out = tmp_path / "perm.xlsx"
        write_workbook(None, out, blank=True)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_year_written_with_a_unit_word_is_read(tmp_path):
    import openpyxl

    path = tmp_path / "y.xlsx"
    write_workbook(None, path, blank=True)
    wb = openpyxl.load_workbook(path)
    ws = next(w for w in wb.worksheets if w.cell(1, 1).value == "单位概况")
    row = next(r for r in ws.iter_rows() if r[0].value == "决算年度")
    row[1].value = "2023年"
    wb.save(path)
    assert read_input(path).year == 2023
