"""A copy of the clerk's own workbook with the findings marked where they are: each cell a finding names
is filled (red for errors, amber for warnings) and carries a comment with the rule and the message; a
first sheet 校验结果 lists every finding with a link to its cell.  The clerk's file is never changed.

Cells come from the workbook reader (`read_workbook(path, cells)`), so a clerk's own layout (moved
columns, split codes, another sheet order) is marked where the figure was actually read.
"""

from __future__ import annotations

import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan.core.fileio import write_atomically
from juesuan.findings.wording import severity_name, status_name, where
from juesuan.formats.workbook.cells import append_text
from juesuan.formats.workbook.grid import cell_key

SHEET = "校验结果"
FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}
HEADER = ("级别", "规则", "说明", "填列数", "应为", "差额", "位置", "单元格")
WIDTHS = (7, 10, 70, 11, 11, 10, 40, 30)


def finding_cell(location: dict[str, Any], cells: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The (sheet, cell) a finding names: its table cell, else the model field it is about."""
    table, row, column = location.get("table"), location.get("row"), location.get("column")
    if table and row and column and (hit := cells.get(cell_key(table, str(row), str(column)))):
        return hit
    if location.get("evaluation"):  # the performance sheets: by the row and column the finding names
        key = "|".join(str(location.get(k, "")) for k in ("evaluation", "name", "row_label", "column_label"))
        if hit := cells.get(f"perf|{key}"):
            return hit
    field = location.get("field")
    return cells.get(f"field|{field}") if field else None


def mark_workbook(source: Path, findings: list[Any], cells: dict[str, tuple[str, str]], out: Path) -> int:
    """Write the marked copy of `source` to `out` (atomically); return how many cells were marked.

    Rounding differences (尾差) are listed but never marked: they are not errors."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    with warnings.catch_warnings():  # e.g. "extension is not supported": the copy is for reading the marks
        warnings.simplefilter("ignore")
        wb = load_workbook(source)
    if SHEET in wb.sheetnames:  # marking a marked copy again: the old list goes
        del wb[SHEET]
    notes: dict[tuple[str, str], list[Any]] = {}
    rows = []
    for f in findings:
        if f.status != "fail" and f.status != "not_checked":
            continue
        hit = finding_cell(f.location, cells)  # a not-checked one links to the cell to fill in
        if hit is not None and f.status == "fail" and hit[0] in wb.sheetnames and not f.rounding and f.severity in FILLS:
            notes.setdefault(hit, []).append(f)
        level = status_name(f.status) if f.status == "not_checked" else (status_name("rounding") if f.rounding else severity_name(f.severity))
        rows.append((level, f, hit))
    for (sheet, ref), fs in notes.items():
        cell = wb[sheet][ref]
        worst = "error" if any(f.severity == "error" for f in fs) else "warning"
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        text = "\n".join(f"【{severity_name(f.severity)} {f.rule}】{f.message}" for f in fs)
        cell.comment = Comment(text[:30000], "juesuan", width=360, height=min(60 + 60 * len(fs), 400))
    ws = wb.create_sheet(SHEET, 0)
    append_text(ws, HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)
    order = {"错误": 0, "警告": 1, "提示": 2, "未检查": 3, "尾差": 4}
    for level, f, hit in sorted(rows, key=lambda x: order.get(x[0], 5)):
        append_text(ws, [level, f.rule, f.message, _value(f.found), _value(f.expected), _value(f.difference),
                   where(f.location), f"{hit[0]}!{hit[1]}" if hit else None])
        if hit and hit[0] in wb.sheetnames:
            link = ws.cell(row=ws.max_row, column=len(HEADER))
            link.hyperlink = Hyperlink(ref=link.coordinate, location=sheet_ref(*hit))  # inside the workbook
            link.style = "Hyperlink"
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:H{ws.max_row}"
    wb.active = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, wb.save)
    return len(notes)


def sheet_ref(sheet: str, ref: str) -> str:
    """'公开03表 支出决算表'!C14 (a quote inside a sheet name is doubled)."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{ref}"


def _value(x: Any) -> Any:
    return x if isinstance(x, Decimal | int) or x is None else str(x)
