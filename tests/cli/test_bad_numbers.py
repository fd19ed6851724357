"""NaN, Infinity, 1e308, 25-digit amounts and Excel error cells are refused when reading, named by
file, sheet and cell (or field / line): a value we cannot check never passes as a blank or gets published."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE_XLSX, EXAMPLE_YAML, SEED

from .helpers import assert_clean_refusal, juesuan

SHEET, CELL = "公开01表 收入支出决算总表", "C7"  # T01 一般公共预算财政拨款收入 in the example workbook


@pytest.mark.parametrize(("yaml_value", "words"), [(".nan", "不是有限的数字"), (".inf", "不是有限的数字"),
                                                    ("-.inf", "不是有限的数字"), ("1e308", "超出可处理的范围"),
                                                    ("'1234567890123456789012345'", "超出可处理的范围")])
def test_yaml_amounts_out_of_range(tmp_path: Path, yaml_value: str, words: str) -> None:
    text = EXAMPLE_YAML.read_text(encoding="utf-8").replace("amount: '691.29'", f"amount: {yaml_value}", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    for command in (("check",), ("build", "-o", str(tmp_path / "out"), "--force")):
        r = juesuan(command[0], str(bad), *command[1:])
        assert_clean_refusal(r, str(bad), words, "amount")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "1e400"])
def test_json_amounts_out_of_range(tmp_path: Path, literal: str) -> None:
    from juesuan.core import codec

    text = codec.to_json(codec.read_path(EXAMPLE_YAML))
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"amount": "691.29"', f'"amount": {literal}', 1), encoding="utf-8")
    r = juesuan("check", str(bad))
    assert_clean_refusal(r, str(bad), "不是有限的数字", "amount")


def _workbook_with(tmp_path: Path, value: object) -> Path:
    import openpyxl

    path = tmp_path / "bad.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE_XLSX)
    wb[SHEET][CELL] = value
    wb.save(path)
    return path


@pytest.mark.parametrize(("value", "words"), [(1e308, "超出可处理的范围"), ("1234567890123456789012345", "超出可处理的范围"),
                                              ("#DIV/0!", "Excel 错误值“#DIV/0!”"), ("#N/A", "Excel 错误值“#N/A”"),
                                              ("#REF!", "Excel 错误值“#REF!”")])
def test_workbook_cells_out_of_range_or_in_error(tmp_path: Path, value: object, words: str) -> None:
    bad = _workbook_with(tmp_path, value)
    r = juesuan("check", str(bad))
    assert_clean_refusal(r, str(bad), f"工作表“{SHEET}”", f"单元格 {CELL}", words)


def test_excel_error_cells_are_found_in_the_sheet_xml(tmp_path: Path) -> None:
    from juesuan.formats.workbook.excel_errors import error_cells

    assert error_cells(EXAMPLE_XLSX) == {}
    assert error_cells(_workbook_with(tmp_path, "#DIV/0!")) == {SHEET: {(6, 2): "#DIV/0!"}}


def test_published_text_with_a_25_digit_amount(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("收入支出决算总表")
    m = re.search(r"\b\d{3,}\.\d{2}\b", text[start:])
    assert m
    bad = tmp_path / "huge.txt"
    bad.write_text(text[:start + m.start()] + "1234567890123456789012345" + text[start + m.end():], encoding="utf-8")
    line = text[:start + m.start()].count("\n") + 1
    r = juesuan("audit", str(bad), "--json")
    assert_clean_refusal(r, str(bad), f"第 {line} 行", "超出可处理的范围")
    assert "error" in json.loads(r.stdout)


def test_parse_amount_refuses_what_the_model_cannot_hold() -> None:
    from decimal import Decimal

    from juesuan.core.amounts import AmountOutOfRange, check_amount, parse_amount

    assert parse_amount("999,999,999,999.99") == Decimal("999999999999.99")
    for text in ("1234567890123456789012345", "1000000000000000"):
        with pytest.raises(AmountOutOfRange):
            parse_amount(text)
    for value in ("NaN", "Infinity", "-Infinity", "1e308"):
        with pytest.raises(AmountOutOfRange):
            check_amount(Decimal(value))


def test_seed_and_example_still_read(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_XLSX, tmp_path / "ok.xlsx")
    assert juesuan("check", str(tmp_path / "ok.xlsx")).returncode == 1  # the example's own findings
