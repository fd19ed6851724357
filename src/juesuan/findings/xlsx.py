"""The audit as an Excel workbook for bureau reviewers: a summary sheet (one row per file) and a list
of problems (one row per finding, 尾差 left out) with filters, frozen headers, figures as numbers and
an empty 处理意见 column to work through the list in Excel."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from juesuan.core.fileio import write_atomically
from juesuan.findings.wording import severity_name, status_name, where
from juesuan.formats.workbook.cells import append_text

SUMMARY_HEADER = ("文件", "地区模板", "页数", "错误", "警告", "提示", "其中尾差", "通过", status_name("not_checked"),
                  "叙述数字：找到", "绑定", "核对", "说明")
FINDINGS_HEADER = ("文件", "级别", "规则", "规则名称", "位置", "原文 / 单元格", "文中数", "应为", "差额", "说明", "处理意见")
FINDINGS_WIDTHS = (28, 7, 10, 26, 34, 46, 11, 11, 10, 60, 24)
SUMMARY_WIDTHS = (40, 14, 7, 7, 7, 7, 9, 8, 8, 14, 8, 8, 60)
ORDER = {"error": 0, "warning": 1, "info": 2}


def _number(value: Any) -> Any:
    """A decimal string as a number cell (Decimal, never float); other text as it is."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return str(value)


def findings_rows(results: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """One row per finding a reviewer must look at: fails (尾差 excluded) and not-checked, worst first."""
    rows = []
    for r in results:
        for f in r.get("findings", []):
            if f.get("rounding"):
                continue
            loc = f.get("location") or {}
            level = severity_name(f["severity"]) if f["status"] == "fail" else status_name("not_checked")
            quote = loc.get("sentence") or f"{loc.get('row_label', '')} {loc.get('column_label', '')}".strip()
            key = (ORDER.get(f["severity"], 3) if f["status"] == "fail" else 4)
            rows.append((key, (r["source"], level, f["rule"], f["title"], where(loc), quote, _number(f.get("found")),
                               _number(f.get("expected")), _number(f.get("difference")), f["message"], None)))
    rows.sort(key=lambda kr: (kr[1][0], kr[0]))
    return [row for _, row in rows]


def _summary_row(r: dict[str, Any]) -> tuple[Any, ...]:
    if "summary" not in r:
        return (r["source"], None, None, None, None, None, None, None, None, None, None, None,
                f"无法审核：{r['error']}")
    s = r["summary"]
    c = s.get("claims", {})
    counts = (s.get(k) for k in ("error", "warning", "info", "rounding", "passed", "not_checked"))  # stored results
    return (r["source"], r.get("profile"), s.get("pages"), *counts, c.get("found"), c.get("bound"), c.get("checked"),
            None)


def write_audit_xlsx(results: list[dict[str, Any]], path: Path) -> None:
    """Write the workbook atomically (a failed write leaves no partial file)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.properties.creator = "juesuan"  # how `--xlsx` knows a file it may overwrite is its own
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    sheets = ((wb.active, "汇总", SUMMARY_HEADER, [_summary_row(r) for r in results], SUMMARY_WIDTHS),
              (wb.create_sheet(), "问题清单", FINDINGS_HEADER, findings_rows(results), FINDINGS_WIDTHS))
    for ws, title, header, rows, widths in sheets:
        ws.title = title
        append_text(ws, header)
        for cell in ws[1]:
            cell.font, cell.fill = head_font, head_fill
        for row in rows:
            append_text(ws, row)
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "0.00##"
                else:
                    cell.alignment = wrap
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, wb.save)
