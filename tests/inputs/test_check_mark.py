"""`juesuan check 单位.xlsx --mark 标注.xlsx`: the clerk's own workbook, copied, with every problem marked on
the cell it was read from (also in a clerk's own layout), a first sheet listing them with links, and the
original file untouched; misuse gets a Chinese message and exit 2."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_XLSX = REPO / "examples" / "yulin-2024.xlsx"
T03 = "公开03表 支出决算表"


def juesuan(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, timeout=120, env={**os.environ, "COLUMNS": "160", "PYTHONIOENCODING": "utf-8"})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def broken(tmp_path) -> Path:
    """The example workbook with 2080108 信息化建设 本年支出合计 (C14 of 公开03表) raised by 10."""
    wb = load_workbook(EXAMPLE_XLSX)
    ws = wb[T03]
    assert (ws["A14"].value, ws["C14"].value) == ("2080108", 416.78)
    ws["C14"].value = 426.78
    path = tmp_path / "单位.xlsx"
    wb.save(path)
    return path


def test_problems_are_marked_on_their_cells(broken, tmp_path):
    before = digest(broken)
    r = juesuan("check", str(broken), "--mark", "标注.xlsx", cwd=tmp_path)
    assert r.returncode == 1 and "已写出标注副本 标注.xlsx" in r.stdout
    assert digest(broken) == before  # the clerk's file is never changed
    wb = load_workbook(tmp_path / "标注.xlsx")
    assert wb.sheetnames[0] == "校验结果" and wb.sheetnames[1:] == load_workbook(broken).sheetnames
    cell = wb[T03]["C14"]
    assert cell.value == 426.78 and cell.fill.fgColor.rgb == "00FFC7CE"  # red: an error
    assert "T03-001" in cell.comment.text and "应为 416.78" in cell.comment.text
    assert wb[T03]["C12"].comment is not None  # 20801 款 no longer adds up either
    warning = wb["公开06表 一般公共预算财政拨款基本支出决算明细表"]["C12"]  # 30109 vs 2080506
    assert warning.fill.fgColor.rgb == "00FFEB9C" and "X-011" in warning.comment.text
    reason = wb["变动原因"]["C7"]  # the missing reason (F-007) points at the empty cell to fill
    assert reason.value is None and "F-007" in reason.comment.text
    assert wb["公开01表 收入支出决算总表"]["F33"].comment is None  # 尾差: listed, never marked
    points = wb["绩效自评表"]["J4"]  # 产出指标 50 分, but its indicators' 分值 add up to 65 (P-001)
    assert points.value == 50 and "P-001" in points.comment.text and "65" in points.comment.text

    rows = list(wb["校验结果"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows][:2] == ["错误", "错误"] and rows[-1][0] == "尾差"
    first = rows[0]
    assert first[1] == "T03-001" and first[7] == f"{T03}!C14"
    assert wb["校验结果"]["H2"].hyperlink.location == f"'{T03}'!C14"
    not_checked = next(r for r in rows if r[0] == "未检查")
    assert not_checked[1] == "F-009" and not_checked[7]  # links to the prior-year cell to fill in

    # running again replaces the marked copy (it is ours); any other existing file is refused
    again = juesuan("check", str(broken), "--mark", "标注.xlsx", cwd=tmp_path)
    assert again.returncode == 1 and "已写出标注副本" in again.stdout


def test_a_clerks_own_layout_is_marked_where_it_was_read(tmp_path):
    """Columns moved and codes split into 类/款/项: the mark follows the reader, not the template."""
    from decimal import Decimal

    from clerk import our_workbook, replace_with_clerk_classified

    from juesuan.core import codec
    from juesuan.formats.workbook.read import read_workbook

    model = codec.read_path(REPO / "examples" / "yulin-2024.yaml")
    model.table("T03").row("2080108").values["total"] = Decimal("426.78")
    path = our_workbook(model, tmp_path / "clerk.xlsx")
    replace_with_clerk_classified(path, model, "T03", code_style="split")
    cells: dict = {}
    read_workbook(path, cells)
    sheet, ref = cells["T03|2080108|total"]
    r = juesuan("check", str(path), "--mark", "marked.xlsx", cwd=tmp_path)
    assert r.returncode == 1
    cell = load_workbook(tmp_path / "marked.xlsx")[sheet][ref]
    assert cell.value == 426.78 and "T03-001" in cell.comment.text


def test_performance_findings_are_marked_on_their_sheets(tmp_path):
    """An indicator scored above its 分值 (P-003) is marked on its 得分 cell in 绩效指标; the 总分得分 that
    no longer adds up (P-006) on the 绩效自评表 sheet."""
    wb = load_workbook(EXAMPLE_XLSX)
    ws = wb["绩效指标"]
    assert (ws["E3"].value, ws["H3"].value, ws["I3"].value) == ("电子社保卡签发率", 10, 10)
    ws["I3"].value = 12
    path = tmp_path / "单位.xlsx"
    wb.save(path)
    r = juesuan("check", str(path), "--mark", "标注.xlsx", cwd=tmp_path)
    assert r.returncode == 1
    marked = load_workbook(tmp_path / "标注.xlsx")
    score = marked["绩效指标"]["I3"]
    assert "P-003" in score.comment.text and score.fill.fgColor.rgb == "00FFC7CE"
    total = [c for row in marked["绩效自评表"].iter_rows() for c in row if c.comment and "P-006" in c.comment.text]
    assert len(total) == 1 and total[0].row == 4  # the overall evaluation's row


@pytest.mark.parametrize(("args", "words"), [
    (["{example_yaml}", "--mark", "x.xlsx"], "只能用于一个 Excel 工作簿"),
    (["{broken}", "{broken}", "--mark", "x.xlsx"], "只能用于一个 Excel 工作簿"),
    (["{broken}", "--mark", "x.csv"], "应以 .xlsx 结尾"),
    (["{broken}", "--mark", "{broken}"], "不能把标注写进原工作簿"),
    (["{broken}", "--mark", "{other}"], "已存在"),
])
def test_misuse_is_refused_and_nothing_is_written(broken, tmp_path, args, words):
    other = tmp_path / "mine.xlsx"
    other.write_bytes(EXAMPLE_XLSX.read_bytes())  # a workbook the clerk made: never overwritten
    before = digest(other), digest(broken)
    fill = {"example_yaml": str(REPO / "examples" / "yulin-2024.yaml"), "broken": str(broken), "other": str(other)}
    r = juesuan("check", *(a.format(**fill) for a in args), cwd=tmp_path)
    assert r.returncode == 2 and words in r.stderr
    assert (digest(other), digest(broken)) == before and not (tmp_path / "x.xlsx").exists()
