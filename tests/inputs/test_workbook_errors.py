"""Bad input: every case gives a Chinese InputError naming file, sheet, cell and what was expected."""

from __future__ import annotations

import zipfile

import pytest
from clerk import cell_of, our_workbook, replace_with_clerk_classified, set_cell, set_cells, sheet_of

from juesuan.core.errors import InputError
from juesuan.formats import read_input


def error_of(path) -> InputError:
    with pytest.raises(InputError) as info:
        read_input(path)
    err = info.value
    assert str(path) in str(err)
    return err


def test_missing_table_sheet(example, tmp_path):
    import openpyxl

    path = our_workbook(example, tmp_path / "missing.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.remove(sheet_of(wb, "支出决算表"))
    wb.save(path)
    err = error_of(path)
    assert "找不到公开03表《支出决算表》" in str(err)
    assert "表名“支出决算表”" in err.expected


def test_misspelt_header_names_sheet_cell_and_expected_label(example, tmp_path):
    path = our_workbook(example, tmp_path / "header.xlsx")
    ref = cell_of(path, "收入决算表", lambda v: v == "事业收入")
    set_cell(path, "收入决算表", ref, "事业收人")
    err = error_of(path)
    assert err.sheet == "公开02表 收入决算表"
    assert err.cell == ref
    assert "表头“事业收人”无法识别" in str(err)
    assert err.expected == "“事业收入”"
    assert f"单元格 {ref}" in str(err)


def test_misspelt_header_in_a_clerk_export_with_merged_headers(example, tmp_path):
    import openpyxl

    path = our_workbook(example, tmp_path / "clerk.xlsx")
    replace_with_clerk_classified(path, example, "T05")
    wb = openpyxl.load_workbook(path)
    ws = wb["Sheet9"]
    cell = next(c for row in ws.iter_rows(max_row=5) for c in row if c.value == "基本支出")
    cell.value = "基本之出"
    wb.save(path)
    err = error_of(path)
    assert (err.sheet, err.cell) == ("Sheet9", cell.coordinate)
    assert err.expected == "“基本支出”"


def test_text_in_a_number_cell(example, tmp_path):
    path = our_workbook(example, tmp_path / "text.xlsx")
    ref = cell_of(path, "一般公共预算财政拨款支出决算表", lambda v: str(v) == "82.13")
    set_cell(path, "一般公共预算财政拨款支出决算表", ref, "八十二点一三")
    err = error_of(path)
    assert err.cell == ref
    assert "文字“八十二点一三”，不是数字" in str(err)
    assert "数字" in err.expected


def test_date_in_a_number_cell(example, tmp_path):
    import datetime

    path = our_workbook(example, tmp_path / "date.xlsx")
    ref = cell_of(path, "收入支出决算总表", lambda v: str(v) == "691.29")
    set_cell(path, "收入支出决算总表", ref, datetime.date(2024, 12, 31))
    err = error_of(path)
    assert err.cell == ref and "不是数字" in str(err)


def test_a_code_that_is_not_a_code(example, tmp_path):
    path = our_workbook(example, tmp_path / "code.xlsx")
    ref = cell_of(path, "支出决算表", lambda v: v == "2080108")
    set_cell(path, "支出决算表", ref, "208010X")
    err = error_of(path)
    assert err.cell == ref and err.sheet == "公开03表 支出决算表"
    assert "科目代码“208010X”不是有效的代码" in str(err)
    assert err.expected == "3、5、7位数字的功能分类科目代码"


def test_economic_code_of_the_wrong_length(example, tmp_path):
    path = our_workbook(example, tmp_path / "econ.xlsx")
    ref = cell_of(path, "一般公共预算财政拨款基本支出决算明细表", lambda v: v == "30101")
    set_cell(path, "一般公共预算财政拨款基本支出决算明细表", ref, "3010101")
    err = error_of(path)
    assert err.cell == ref and err.expected == "3、5位数字的经济分类科目代码"


def test_unknown_row_in_a_two_sided_table(example, tmp_path):
    path = our_workbook(example, tmp_path / "row.xlsx")
    ref = cell_of(path, "收入支出决算总表", lambda v: v == "四、上级补助收入")
    set_cells(path, [("收入支出决算总表", ref, "四、上级拨款"), ("收入支出决算总表", "C" + ref[1:], 5)])
    err = error_of(path)
    assert err.cell == ref and "行“四、上级拨款”无法识别" in str(err)


def test_two_sheets_for_one_table(example, tmp_path):
    import openpyxl

    path = our_workbook(example, tmp_path / "dup.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.copy_worksheet(sheet_of(wb, "收入决算表"))
    wb.save(path)
    err = error_of(path)
    assert "有多个工作表都是公开02表《收入决算表》" in str(err)


def test_a_text_file_named_xlsx(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    err = error_of(path)
    assert "不是 Excel 工作簿" in str(err) and err.expected == "一个 Excel 工作簿（.xlsx）"


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert "文件是空的" in str(error_of(path))


def test_a_password_protected_workbook(tmp_path):
    """An encrypted .xlsx is an OLE compound file holding an EncryptedPackage stream."""
    path = tmp_path / "locked.xlsx"
    body = bytearray(4096)
    body[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    name = "EncryptedPackage".encode("utf-16-le")
    body[1024:1024 + len(name)] = name
    path.write_bytes(bytes(body))
    err = error_of(path)
    assert "打开密码" in str(err) and "去掉密码" in err.expected


def test_a_legacy_xls_renamed(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2048))
    assert "旧版 Excel" in str(error_of(path))


def test_a_corrupt_workbook(example, tmp_path):
    good = our_workbook(example, tmp_path / "good.xlsx")
    path = tmp_path / "broken.xlsx"
    path.write_bytes(good.read_bytes()[:3000])
    assert "文件已损坏" in str(error_of(path))


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "文件已损坏" in str(error_of(path))


def test_a_workbook_without_our_tables(tmp_path):
    import openpyxl

    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "工资表"
    wb.save(path)
    err = error_of(path)
    assert "找不到公开01表《收入支出决算总表》" in str(err)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b", encoding="utf-8")
    err = error_of(path)
    assert "不支持“.csv”类型的文件" in str(err) and ".xlsx" in err.expected


def test_missing_file(tmp_path):
    assert "文件不存在" in str(error_of(tmp_path / "nothing.xlsx"))


def test_bad_count_in_a_fact_sheet(example, tmp_path):
    path = our_workbook(example, tmp_path / "staff.xlsx")
    ref = cell_of(path, "人员情况", lambda v: v == "合计")
    set_cell(path, "人员情况", "B" + ref[1:], "七个")
    err = error_of(path)
    assert err.sheet == "人员情况" and err.cell == "B" + ref[1:]
    assert "不是整数" in str(err)


def test_check_exits_2_on_bad_input(tmp_path):
    from typer.testing import CliRunner

    from juesuan.cli import app

    names = {c.name or c.callback.__name__ for c in app.registered_commands}
    if "check" not in names:
        pytest.skip("`juesuan check` is not built yet")
    path = tmp_path / "broken.xlsx"
    path.write_text("不是工作簿", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    out = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "不是 Excel 工作簿" in out
    assert "Traceback" not in out


def test_a_missing_column(example, tmp_path):
    path = our_workbook(example, tmp_path / "cols.xlsx")
    replace_with_clerk_classified(path, example, "T03", order=["total", "basic", "project", "remittance_to_superior",
                                                               "subsidy_to_affiliated"])
    err = error_of(path)
    assert err.sheet == "Sheet9" and "缺少栏目“经营支出”" in str(err)
    assert err.expected == "“经营支出”"


def test_xlsm_is_read_like_xlsx(example, tmp_path):
    path = our_workbook(example, tmp_path / "a.xlsx")
    macro = tmp_path / "a.xlsm"
    macro.write_bytes(path.read_bytes())
    assert read_input(macro) == example


def test_indicator_of_an_unknown_evaluation(example, tmp_path):
    path = our_workbook(example, tmp_path / "perf.xlsx")
    ref = cell_of(path, "绩效指标", lambda v: v == "网络信息维护及12333宣传经费")
    set_cell(path, "绩效指标", ref, "不存在的项目")
    err = error_of(path)
    assert (err.sheet, err.cell) == ("绩效指标", ref)
    assert "评价对象“不存在的项目”不在“绩效自评表”中" in str(err)


def test_unknown_reason_item(example, tmp_path):
    path = our_workbook(example, tmp_path / "reason.xlsx")
    ref = cell_of(path, "变动原因", lambda v: v == "total_change")
    set_cells(path, [("变动原因", ref, None), ("变动原因", "B" + ref[1:], "总体变化")])
    err = error_of(path)
    assert err.sheet == "变动原因" and err.cell == "B" + ref[1:]
    assert "说明事项“总体变化”无法识别" in str(err)
