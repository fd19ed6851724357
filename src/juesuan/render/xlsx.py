"""Published XLSX: the report's tables as a workbook a clerk can print sheet by sheet.

Sheets: 目录 (each table with a link to its sheet), the disclosure tables in the report's order, the
self-evaluation tables the report publishes (绩效自评表), then 名词解释; each sheet prints on its own
(print area, fit to one page wide, header rows repeated, row heights set so wrapped headers do not
overprint, page numbers "第 N 页 共 M 页").  Text is written as text, never a formula
(formats/workbook/cells.py); amounts are numbers with the profile's number format.  The model is
embedded in the very hidden sheet `_juesuan_model` (first cell PUBLISHED_MARK), so `juesuan check`
and `build` read the workbook back losslessly.  `juesuan template` writes the input workbook
(formats/workbook/write.py), not this one.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from juesuan.core.document import EMBED_SHEET, EMBED_SHEET_PUBLISHED, Document, Paragraph, TableBlock
from juesuan.core.fileio import write_atomically
from juesuan.render import _layout

PUBLISHED_MARK = EMBED_SHEET_PUBLISHED
JSON_CHUNK = 30000
DRAFT_HEADER = "草稿（校验未通过，不得公开）"
TOC_SHEET = "目录"
GLOSSARY_SHEET = "名词解释"
PT_PER_UNIT = 5.25  # points per Excel column-width unit (the width of "0" in the default 11 pt font)


def sheet_names(document: Document) -> list[str]:
    """The visible sheets, in order: 目录, each published table, 名词解释 (when the report has one)."""
    names = [TOC_SHEET]
    used = {TOC_SHEET}
    for tb in _tables(document):
        names.append(_unique(_sheet_title(tb, document.title), used))
    if _glossary(document):
        names.append(_unique(GLOSSARY_SHEET, used))
    return names


def write_xlsx(document: Document, path: Path, number_format: str = "#,##0.00") -> None:
    """Write the published workbook atomically to `path`."""
    from openpyxl import Workbook

    wb = Workbook()
    w = _Writer(wb, document, number_format)
    w.build()
    write_atomically(Path(path), wb.save)


def _tables(document: Document) -> list[TableBlock]:
    """The published tables: the disclosure tables (公开01表 …), then the self-evaluation tables
    (not the 目录 table; a table the report prints twice once)."""
    seen: set[str] = set()
    out = []
    for b in document.blocks:
        if isinstance(b, TableBlock) and b.id != "toc.tables" and b.title not in seen:
            seen.add(b.title)
            out.append(b)
    return sorted(out, key=lambda b: not (b.id.startswith("T") and b.id[1:].isdigit()))


def _glossary(document: Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Paragraph) and (b.anchor or "").startswith("glossary.")]


def _sheet_title(tb: TableBlock, unit: str = "") -> str:
    """A sheet name: the table's number (公开01表) with its title (without the unit's name), within
    Excel's 31 characters and rules."""
    name = tb.title.removeprefix(unit) if unit and tb.title != unit else tb.title
    for ch in '[]:*?/\\':
        name = name.replace(ch, "")
    if tb.number and tb.id.startswith("T"):
        name = f"{tb.number} {name}"
    return name[:31].strip() or tb.id


def _unique(name: str, used: set[str]) -> str:
    base, n = name, 2
    while name in used:
        suffix = f"({n})"
        name = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _number(text: str) -> Decimal | None:
    t = text.replace(",", "").strip()
    if not t:
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


class _Writer:
    def __init__(self, wb: Any, document: Document, number_format: str) -> None:
        from openpyxl.styles import Alignment, Border, Font, Side

        self.wb, self.doc, self.fmt = wb, document, number_format
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title_font = Font(name="宋体", size=16, bold=True)
        self.head_font = Font(name="宋体", size=10, bold=True)
        self.body_font = Font(name="宋体", size=10)
        self.meta_font = Font(name="宋体", size=10)
        self.link_font = Font(name="宋体", size=11, color="0563C1", underline="single")
        self.Alignment = Alignment
        self._styles: dict[Any, Any] = {}  # kind of table cell -> its openpyxl style array (Writer.style)

    def build(self) -> None:
        from juesuan.formats.workbook.cells import put_text

        names = sheet_names(self.doc)
        toc = self.wb.active
        toc.title = TOC_SHEET
        tables = _tables(self.doc)
        for tb, name in zip(tables, names[1:], strict=False):
            self.table_sheet(self.wb.create_sheet(name), tb)
        glossary = _glossary(self.doc)
        if glossary:
            self.glossary_sheet(self.wb.create_sheet(names[-1]), glossary)
        self.toc_sheet(toc, list(zip(tables, names[1:], strict=False)), names[-1] if glossary else None)
        props = self.wb.properties
        props.title = ("【草稿】" if self.doc.draft else "") + f"{self.doc.title}{self.doc.subtitle}"
        props.creator = self.doc.title or "juesuan"
        props.subject = "部门决算公开表"
        props.keywords = "草稿" if self.doc.draft else "部门决算"
        if self.doc.model_json:
            ws = self.wb.create_sheet(EMBED_SHEET)
            ws.sheet_state = "veryHidden"
            put_text(ws, 1, 1, PUBLISHED_MARK)
            text = self.doc.model_json
            for i in range(0, len(text), JSON_CHUNK):
                put_text(ws, 2 + i // JSON_CHUNK, 1, text[i:i + JSON_CHUNK]).number_format = "@"
        for ws in self.wb.worksheets:
            ws.oddFooter.center.text = "第 &P 页 共 &N 页"
            if self.doc.draft:
                ws.oddHeader.center.text = DRAFT_HEADER
                ws.oddHeader.center.color = "C00000"

    # --- sheets ----------------------------------------------------------------------------

    def toc_sheet(self, ws: Any, tables: list[tuple[TableBlock, str]], glossary: str | None) -> None:
        from openpyxl.worksheet.hyperlink import Hyperlink

        from juesuan.formats.workbook.cells import put_text

        put_text(ws, 1, 1, f"{self.doc.title}{self.doc.subtitle}").font = self.title_font
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
        ws.cell(1, 1).alignment = self.Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 30
        for c, text in enumerate(("序号", "表名", "表号"), 1):
            cell = put_text(ws, 2, c, text)
            cell.font, cell.border = self.head_font, self.border
            cell.alignment = self.Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[2].height = 20
        rows = [(tb.title, tb.number or "", name) for tb, name in tables]
        if glossary:
            rows.append((GLOSSARY_SHEET, "", glossary))
        for i, (title, number, name) in enumerate(rows, 1):
            r = 2 + i
            put_text(ws, r, 1, i).alignment = self.Alignment(horizontal="center")
            link = put_text(ws, r, 2, title)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1", display=title)
            link.font = self.link_font
            put_text(ws, r, 3, number).alignment = self.Alignment(horizontal="center")
            for c in range(1, 4):
                ws.cell(r, c).border = self.border
            ws.row_dimensions[r].height = 20
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = 60
        ws.column_dimensions["C"].width = 14
        self.printable(ws, f"A1:C{2 + len(rows)}", landscape=False, repeat="2:2")

    def glossary_sheet(self, ws: Any, lines: list[str]) -> None:
        from juesuan.formats.workbook.cells import put_text

        put_text(ws, 1, 1, GLOSSARY_SHEET).font = self.title_font
        ws.cell(1, 1).alignment = self.Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 30
        ws.column_dimensions["A"].width = 100
        for i, text in enumerate(lines, 2):
            cell = put_text(ws, i, 1, text)
            cell.font = self.body_font
            cell.alignment = self.Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[i].height = 15 * max(1, math.ceil(_layout.text_em(text) / 48)) + 4
        self.printable(ws, f"A1:A{1 + len(lines)}", landscape=False)

    def table_sheet(self, ws: Any, tb: TableBlock) -> None:
        from openpyxl.utils import get_column_letter

        from juesuan.formats.workbook.cells import put_text

        ncols, head, body = _layout.table_columns(tb)
        wide = _layout.landscape(tb)
        widths = _layout.column_widths(tb, ncols, head, body, _layout.TEXT_W_PT[wide] * 1.1, font_pt=10,
                                       pad=_layout.CELL_PAD_PT)
        for c, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = round(w / PT_PER_UNIT, 1)
        row = 1
        put_text(ws, row, 1, tb.title).font = self.title_font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        ws.cell(row, 1).alignment = self.Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[row].height = 30
        row += 1
        if tb.number:
            cell = put_text(ws, row, ncols, tb.number)
            cell.font, cell.alignment = self.meta_font, self.Alignment(horizontal="right")
            ws.row_dimensions[row].height = 16
            row += 1
        if tb.unit_name or tb.unit_label:
            if tb.unit_name:
                put_text(ws, row, 1, tb.unit_name).font = self.meta_font
                if ncols > 2:
                    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(1, ncols - 2))
            if tb.unit_label:
                cell = put_text(ws, row, ncols, tb.unit_label)
                cell.font, cell.alignment = self.meta_font, self.Alignment(horizontal="right")
            ws.row_dimensions[row].height = 16
            row += 1
        first_head = row
        row = self.grid(ws, head, row, ncols, widths, header=True)
        last_head = row - 1
        row = self.grid(ws, body, row, ncols, widths, header=False)
        last = row - 1
        if tb.note:
            for line in tb.note.split("\n"):
                cell = put_text(ws, row, 1, line)
                cell.font = self.meta_font
                cell.alignment = self.Alignment(wrap_text=True, vertical="top")
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
                lines = max(1, math.ceil(_layout.text_em(line) * 10 / max(1.0, sum(widths))))
                ws.row_dimensions[row].height = 14 * lines + 4
                last = row
                row += 1
        if head:
            ws.freeze_panes = ws.cell(last_head + 1, 1)
        self.printable(ws, f"A1:{get_column_letter(ncols)}{last}", landscape=wide,
                       repeat=f"{first_head}:{last_head}" if head else None)

    def grid(self, ws: Any, rows: list[list[_layout.Placed]], start: int, ncols: int, widths: list[float],
             header: bool) -> int:
        """Cells with merges, borders, alignment and a row height that fits the wrapped text."""
        from juesuan.formats.workbook.cells import put_text

        heights: dict[int, int] = {}
        styled: set[tuple[int, int]] = set()
        for placed in rows:
            for p in placed:
                r, c = start + p.row, 1 + p.col
                cs, rs = min(p.colspan, ncols - p.col), p.rowspan
                cell = p.cell
                number = _number(cell.text) if (cell.numeric and not header and not cell.header) else None
                if number is not None:
                    xl = ws.cell(r, c, number)
                else:
                    xl = put_text(ws, r, c, cell.text if cell.text else None)
                is_head = header or cell.header
                align = cell.align or ("right" if cell.numeric else ("center" if is_head else "left"))
                if cs > 1 or rs > 1:  # merged before the cell has rules, so openpyxl copies none to the range
                    ws.merge_cells(start_row=r, start_column=c, end_row=r + rs - 1, end_column=c + cs - 1)
                self.style(xl, (is_head, align, number is not None, bool(xl.quotePrefix)))
                styled.add((r, c))
                if rs == 1:
                    room = max(1.0, sum(widths[p.col:p.col + cs]) - _layout.CELL_PAD_PT)
                    lines = sum(max(1, math.ceil(_layout.text_em(part) * 10 / room)) for part in cell.text.split("\n"))
                    heights[r] = max(heights.get(r, 1), lines)
        n = len(rows)
        for r in range(start, start + n):
            for c in range(1, ncols + 1):
                if (r, c) not in styled:  # a cell under a merged one, or a position no cell fills: rules only
                    self.style(ws.cell(r, c), None)
            ws.row_dimensions[r].height = 14 * heights.get(r, 1) + 6
        return start + n

    def style(self, xl: Any, key: tuple[bool, str, bool, bool] | None) -> None:
        """Font, alignment, rules and number format of a table cell: set once per kind of cell, then
        copied (openpyxl hashes each style object it is given; a copied style array costs nothing)."""
        from copy import copy

        done = self._styles.get(key)
        if done is not None:
            xl._style = copy(done)
            return
        xl.border = self.border
        if key is not None:
            is_head, align, number, _quoted = key  # quotePrefix (text starting with =) is set already
            xl.font = self.head_font if is_head else self.body_font
            xl.alignment = self.Alignment(horizontal=align, vertical="center", wrap_text=True)
            if number:
                xl.number_format = self.fmt
        self._styles[key] = copy(xl._style)

    def printable(self, ws: Any, area: str, landscape: bool, repeat: str | None = None) -> None:
        """Print area, A4 in the table's orientation, one page wide, header rows repeated, centred."""
        ws.print_area = area
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.7
        if repeat:
            ws.print_title_rows = repeat
