"""Text we write into a workbook stays text: never a formula (spreadsheet formula injection).

openpyxl turns any str value starting with "=" into a formula cell, so a unit name, a reason, a
statement or a file name such as ``=cmd|' /C calc'!A0`` would run when the workbook is opened.
Every XLSX writer (the data workbook, the marked copy, the audit problem list) writes its text
through `as_text` / `append_text`: the cell is a string cell, and text starting like a formula
(``= + - @``, a tab or a carriage return) also gets Excel's quote prefix, so editing the cell in
Excel keeps it text as well.  The value itself is unchanged (no apostrophe is added).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: Any) -> Any:
    """Make a cell holding a str a string cell (not a formula); return the cell."""
    value = cell.value
    if isinstance(value, str):
        if cell.data_type == "f":
            cell.data_type = "s"
        if value.startswith(FORMULA_LEADS):
            cell.quotePrefix = True
    return cell


def put_text(ws: Any, row: int, column: int, value: Any) -> Any:
    """`ws.cell(row, column, value)` with text kept as text."""
    return as_text(ws.cell(row=row, column=column, value=value))


def append_text(ws: Any, values: Iterable[Any]) -> None:
    """`ws.append(values)` with every text cell of the new row kept as text."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        as_text(cell)
