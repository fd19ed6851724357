"""The input workbook: one sheet per disclosure table in its published layout, plus fact sheets.

`write_workbook(None, path, blank=True)` writes the blank template a clerk fills in;
`write_workbook(model, path)` a filled workbook; `embed_model=True` (our build's XLSX output) also
stores the model as JSON in a very hidden sheet so reading our own file back is lossless.
openpyxl is imported inside the functions (it is slow to import).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan import derive
from juesuan.core import codec
from juesuan.core.fileio import write_atomically
from juesuan.core.model import Evaluation, FinalAccounts, Table
from juesuan.domain import catalog
from juesuan.domain.profiles import Profile, TableLayout, load_profile
from juesuan.formats.workbook import spec as S
from juesuan.formats.workbook.cells import as_text, put_text
from juesuan.layouts import economic, matrix, two_sided

AMOUNT_FORMAT = "#,##0.00"
FONT = "宋体"
BLANK_CLASSIFIED_ROWS = {"T02": 40, "T03": 40, "T05": 40, "T07": 15, "T08": 15}
BLANK_LIST_ROWS = 30
JSON_CHUNK = 30000  # characters per cell (Excel allows 32767)

AMOUNT_ERROR = "这里只能填写不小于 0 的数字（单位：万元，保留两位小数）。不涉及的请留空。"
INT_ERROR = "这里只能填写不小于 0 的整数。"
CODE_WARNING = "这个科目代码不在本系统的科目目录中，请核对；确认无误可以继续。"


def write_workbook(model: FinalAccounts | None, path: Path, *, profile_id: str = "shaanxi-2024",
                   year: int | None = None, blank: bool = False, embed_model: bool = False,
                   draft: bool = False) -> None:
    """Write the input workbook (blank template or filled) atomically to `path`; `draft` stamps every
    sheet's page header and the file's title 草稿 (a build forced past error findings)."""
    from openpyxl import Workbook

    if model is None:
        blank = True
    profile = load_profile(model.profile if model is not None else profile_id)
    year = year or (model.year if model is not None else None) or profile.year
    w = _Writer(Workbook(), profile, year, None if blank else model)
    w.build(embed_model and model is not None, model)
    w.wb.properties.creator = "juesuan"
    if draft:
        _stamp_draft(w.wb, Path(path))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_atomically(Path(path), w.wb.save)


DRAFT_HEADER = "草稿（校验未通过，不得公开）"


def _stamp_draft(wb: Any, path: Path) -> None:
    for ws in wb.worksheets:
        ws.oddHeader.center.text = DRAFT_HEADER
        ws.oddHeader.center.color = "C00000"
    wb.properties.title = f"【草稿】{wb.properties.title or path.stem}"
    wb.properties.keywords = "草稿"


class _Writer:
    """Builds the workbook; `model` is None for the blank template."""

    def __init__(self, wb: Any, profile: Profile, year: int, model: FinalAccounts | None) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.wb, self.profile, self.year, self.model = wb, profile, year, model
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=FONT, size=10)
        self.bold = Font(name=FONT, size=10, bold=True)
        self.title_font = Font(name=FONT, size=16, bold=True)
        self.head_fill = PatternFill("solid", fgColor="DDEBF7")
        self.input_fill = PatternFill("solid", fgColor="FFFDE7")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")
        self.Alignment = Alignment
        self.aligns = {"left": self.left, "center": self.center, "right": self.right}
        self._styles: dict[tuple[Any, ...], str] = {}

    # --- top level -------------------------------------------------------------------------

    @property
    def blank(self) -> bool:
        return self.model is None

    @property
    def unit_name(self) -> str:
        return self.model.unit.name if self.model else ""

    def build(self, embed: bool, model: FinalAccounts | None) -> None:
        first = self.wb.active
        if self.blank:
            self.instructions(first)
        else:
            self.wb.remove(first)
        self.codes_sheet()
        self.kv_sheet(S.UNIT)
        self.staffing_sheet()
        for layout in self.profile.ordered_tables():
            self.table_sheet(layout)
        self.contents_sheet()
        self.kv_sheet(S.PRIOR)
        self.item_budget_sheet()
        self.reasons_sheet()
        for spec in (S.THREE_PUBLIC, S.AGENCY, S.PROCUREMENT):
            self.kv_sheet(spec)
        self.assets_sheet()
        self.kv_sheet(S.PERFORMANCE)
        self.performance_sheets()
        self.other_notes_sheet()
        self.glossary_sheet()
        # the hidden code list goes last so the visible sheets keep their order
        self.wb.move_sheet(S.CODES_SHEET, offset=len(self.wb.sheetnames))
        if embed and model is not None:
            self.model_sheet(model)
        self.wb.active = 0

    # --- helpers ---------------------------------------------------------------------------

    def sheet(self, name: str) -> Any:
        return self.wb.create_sheet(name[:31])

    def put(self, ws: Any, row: int, col: int, value: Any, *, kind: str = "text", head: bool = False,
            border: bool = True, align: str | None = None, bold: bool = False, fill: bool = False) -> Any:
        """Write one cell (1-based row, 0-based col) with the house style (a cached named style)."""
        c = ws.cell(row=row, column=col + 1)
        if value is not None and value != "":
            c.value = value
        c.style = self.style_name(kind, head, border, align, bold, fill)
        return as_text(c)

    def style_name(self, kind: str, head: bool, border: bool, align: str | None, bold: bool, fill: bool) -> str:
        """One named style per combination: assigning a name is much faster than font/border/fill each."""
        key = ("head" if head else kind, border, align, bold or head, fill and not head)
        name = self._styles.get(key)
        if name is None:
            from openpyxl.styles import NamedStyle

            ns = NamedStyle(name=f"juesuan-{len(self._styles) + 1}")
            ns.font = self.bold if (head or bold) else self.font
            if border:
                ns.border = self.border
            if head:
                ns.fill = self.head_fill
                ns.alignment = self.center
            elif kind in ("amount", "decimal", "int"):
                ns.alignment = self.aligns[align or "right"]
                if kind == "amount":
                    ns.number_format = AMOUNT_FORMAT
            elif kind == "code":
                ns.number_format = "@"
                ns.alignment = self.left
            else:
                ns.alignment = self.aligns[align or "left"]
            if fill and not head:
                ns.fill = self.input_fill
            self.wb.add_named_style(ns)
            name = self._styles[key] = ns.name
        return name

    def merge(self, ws: Any, r0: int, c0: int, r1: int, c1: int) -> None:
        """Merge a range keeping each covered cell's own style.

        openpyxl's merge_cells re-formats the range's edges cell by cell (half the writer's time);
        here every covered cell already has its style, so the placeholders simply keep it.
        """
        if (r0, c0) == (r1, c1):
            return
        from openpyxl.cell.cell import MergedCell
        from openpyxl.utils import get_column_letter as L
        from openpyxl.worksheet.merge import MergedCellRange

        rng = MergedCellRange(ws, f"{L(c0 + 1)}{r0}:{L(c1 + 1)}{r1}")
        ws.merged_cells.add(rng)
        anchor = ws.cell(row=r0, column=c0 + 1)
        for row, col in list(rng.cells)[1:]:
            old = ws._cells.get((row, col))
            placeholder = MergedCell(ws, row, col)
            placeholder._style = copy.copy((old if old is not None and old.has_style else anchor)._style)
            ws._cells[(row, col)] = placeholder

    def banner(self, ws: Any, layout: TableLayout | None, title: str, ncols: int, unit: bool = True) -> int:
        """Title, 公开NN表, 编制单位 and 单位 lines; returns the next free row."""
        self.put(ws, 1, 0, title, border=False, align="center")
        ws.cell(row=1, column=1).font = self.title_font
        self.merge(ws, 1, 0, 1, ncols - 1)
        ws.row_dimensions[1].height = 30
        row = 2
        if layout is not None:
            self.put(ws, 2, ncols - 1, layout.number, border=False, align="right")
            row = 3
        if unit:
            self.put(ws, row, 0, f"编制单位：{self.unit_name}", border=False)
            self.merge(ws, row, 0, row, max(0, ncols - 3))
            self.put(ws, row, ncols - 1, "单位：万元", border=False, align="right")
            row += 1
        return row

    def printable(self, ws: Any, ncols: int, title_rows: tuple[int, int] | None, widths: Sequence[float],
                  freeze: str | None = None) -> None:
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ps = ws.page_setup
        ps.paperSize = ws.PAPERSIZE_A4
        ps.orientation = "landscape" if ncols > 5 or sum(widths) > 100 else "portrait"
        ps.fitToWidth = 1
        ps.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        if title_rows:
            ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
        if freeze:
            ws.freeze_panes = freeze

    def validate(self, ws: Any, kind: str, ranges: Iterable[str]) -> None:
        """Data validation on cell ranges: amount (decimal ≥ 0), int (whole ≥ 0) or code lists."""
        from openpyxl.worksheet.datavalidation import DataValidation

        parts = [r for r in ranges if r]
        if not parts:
            return
        if kind == "amount":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, errorTitle="请填写数字", error=AMOUNT_ERROR,
                                showInputMessage=True, promptTitle="金额", prompt="单位：万元，保留两位小数")
        elif kind == "int":
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, errorTitle="请填写整数", error=INT_ERROR)
        else:  # a code list: column letter range on the hidden code sheet
            dv = DataValidation(type="list", formula1=kind, allow_blank=True, showErrorMessage=True,
                                errorStyle="warning", errorTitle="科目代码", error=CODE_WARNING)
        for part in parts:
            dv.add(part)
        ws.add_data_validation(dv)

    # --- code list and instructions ---------------------------------------------------------

    def codes_sheet(self) -> None:
        ws = self.wb.create_sheet(S.CODES_SHEET)
        ws.sheet_state = "hidden"
        heads = ("功能分类科目代码", "科目名称", "级次", "", "项级科目代码", "科目名称", "", "经济分类科目代码", "科目名称")
        for i, h in enumerate(heads):
            if h:
                put_text(ws, 1, i + 1, h)
        functional = catalog.codes("functional", self.year)
        items = [(c, n) for c, n in functional if len(c) == 7]
        economic = catalog.codes("economic", self.year)
        for i, (c, n) in enumerate(functional, start=2):
            put_text(ws, i, 1, c).number_format = "@"
            put_text(ws, i, 2, n)
            put_text(ws, i, 3, catalog.LEVELS[len(c)])
        for i, (c, n) in enumerate(items, start=2):
            put_text(ws, i, 5, c).number_format = "@"
            put_text(ws, i, 6, n)
        for i, (c, n) in enumerate(economic, start=2):
            put_text(ws, i, 8, c).number_format = "@"
            put_text(ws, i, 9, n)
        q = f"'{S.CODES_SHEET}'"
        self.functional_list = f"{q}!$A$2:$A${len(functional) + 1}" if functional else ""
        self.item_list = f"{q}!$E$2:$E${len(items) + 1}" if items else ""
        self.economic_list = f"{q}!$H$2:$H${len(economic) + 1}" if economic else ""

    def instructions(self, ws: Any) -> None:
        ws.title = S.INSTRUCTIONS_SHEET
        lines = instructions_text(self.profile, self.year)
        self.put(ws, 1, 0, f"{self.year}年度部门决算公开 数据填报表 填表说明", border=False)
        ws.cell(row=1, column=1).font = self.title_font
        for i, line in enumerate(lines, start=3):
            c = self.put(ws, i, 0, line, border=False, bold=line.startswith(("一、", "二、", "三、", "四、", "五、")))
            c.alignment = self.Alignment(wrap_text=True, vertical="top")
        self.printable(ws, 1, None, (120,))
        ws.page_setup.orientation = "portrait"

    # --- disclosure tables ------------------------------------------------------------------

    def table(self, table_id: str) -> Table | None:
        if self.model is None:
            return None
        return self.model.tables.get(table_id)

    def header(self, ws: Any, spec: Sequence[Sequence[dict[str, Any]]], r0: int,
               labels: dict[int, str] | None = None) -> int:
        """Place header cells by colspan/rowspan (like an HTML table); returns the number of columns.

        `labels` maps a data column to its column label: when the profile's header does not end in
        that label over the column (a profile that overrides columns but not the header), the
        single-column cell at the bottom is written with the label, so the reader maps it back.
        """
        owner: dict[tuple[int, int], tuple[int, int, int]] = {}
        texts: dict[tuple[int, int], str] = {}
        width = 0
        for i, row in enumerate(spec):
            c = 0
            for cell in row:
                while (i, c) in owner:
                    c += 1
                rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
                for dr in range(rs):
                    for dc in range(cs):
                        owner[(i + dr, c + dc)] = (i, c, cs)
                texts[(i, c)] = str(cell["text"])
                c += cs
                width = max(width, c)
        for col, label in (labels or {}).items():
            path: list[str] = []
            for i in range(len(spec)):
                o = owner.get((i, col))
                if o and (not path or path[-1] != texts[o[:2]]):
                    path.append(texts[o[:2]])
            suffixes = {S.canon_label("".join(path[k:])) for k in range(len(path))}
            bottom = owner.get((len(spec) - 1, col))
            if S.canon_label(label) not in suffixes and bottom and bottom[2] == 1:
                texts[bottom[:2]] = label
        for i, c in owner:  # borders and fill on every cell of a merged range
            self.put(ws, r0 + i, c, None, head=True)
        bottom_row: dict[tuple[int, int], int] = {}
        for (i, _c), o in owner.items():
            bottom_row[o[:2]] = max(bottom_row.get(o[:2], i), i)
        for (i0, c0), i1 in sorted(bottom_row.items()):
            cs = owner[(i0, c0)][2]
            self.put(ws, r0 + i0, c0, texts[(i0, c0)], head=True)
            self.merge(ws, r0 + i0, c0, r0 + i1, c0 + cs - 1)
        return width

    def table_sheet(self, layout: TableLayout) -> None:
        ws = self.sheet(f"{layout.number} {layout.title}".strip())
        if layout.layout == "two_sided":
            self.two_sided(ws, layout)
        elif layout.layout == "economic":
            self.economic(ws, layout)
        elif layout.layout == "matrix":
            self.matrix(ws, layout)
        else:
            self.classified(ws, layout)

    def note(self, ws: Any, layout: TableLayout, row: int, ncols: int) -> None:
        t = self.table(layout.id)
        text = (t.note if t and t.note else None) or layout.note
        if not text:
            return
        self.put(ws, row, 0, f"注：{text}", border=False)
        self.merge(ws, row, 0, row, ncols - 1)
        ws.row_dimensions[row].height = 32

    def classified(self, ws: Any, layout: TableLayout) -> None:
        ncols = 2 + len(layout.columns)
        top = self.banner(ws, layout, layout.title, ncols)
        nhead = len(layout.header)
        self.header(ws, layout.header, top, {2 + j: c.label for j, c in enumerate(layout.columns)})
        lanci = top + nhead
        self.put(ws, lanci, 0, None, head=True)
        self.put(ws, lanci, 1, "栏次", head=True)
        for j, col in enumerate(layout.columns):
            self.put(ws, lanci, 2 + j, col.number, head=True)
        t = self.table(layout.id)
        if self.blank or t is None:
            rows: list[tuple[str, str, dict[str, Decimal | None]]] = [("", "合计", {})]
            if self.blank:
                rows += [("", "", {})] * BLANK_CLASSIFIED_ROWS.get(layout.id, 30)
        else:
            rows = [("" if r.key == "total" else r.key, r.label, r.values) for r in t.rows]
        first = lanci + 1
        for i, (code, label, values) in enumerate(rows):
            r = first + i
            self.put(ws, r, 0, code or None, kind="code")
            self.put(ws, r, 1, label or None, bold=label == "合计")
            for j, col in enumerate(layout.columns):
                self.put(ws, r, 2 + j, values.get(col.key), kind="amount")
        last = first + len(rows) - 1
        self.note(ws, layout, last + 1, ncols)
        from openpyxl.utils import get_column_letter as L

        self.validate(ws, "amount", [f"C{first}:{L(ncols)}{last}"])
        if self.functional_list and last > first:
            self.validate(ws, "=" + self.functional_list, [f"A{first + 1}:A{last}"])
        self.printable(ws, ncols, (top, lanci), (12, 36, *([14] * len(layout.columns))), f"C{first}")

    def two_sided(self, ws: Any, layout: TableLayout) -> None:
        assert layout.left and layout.right
        lw, rw = 2 + len(layout.left.columns), 2 + len(layout.right.columns)
        ncols = lw + rw
        top = self.banner(ws, layout, layout.title, ncols)
        labels = {2 + j: c.label for j, c in enumerate(layout.left.columns)}
        labels.update({lw + 2 + j: c.label for j, c in enumerate(layout.right.columns)})
        self.header(ws, layout.header, top, labels)
        lanci = top + len(layout.header)
        for base, side in ((0, layout.left), (lw, layout.right)):
            self.put(ws, lanci, base, "栏次", head=True)
            self.put(ws, lanci, base + 1, None, head=True)
            for j, col in enumerate(side.columns):
                self.put(ws, lanci, base + 2 + j, col.number, head=True)
        t = self.table(layout.id)
        left, right = two_sided.printed_lines(layout.left.rows), two_sided.printed_lines(layout.right.rows)
        first = lanci + 1
        amount_ranges = []
        from openpyxl.utils import get_column_letter as L

        for base, side, printed in ((0, layout.left, left), (lw, layout.right, right)):
            for i, (spec, line) in enumerate(printed):
                r = first + i
                row = t.row(spec.key) if (t is not None and spec is not None) else None
                label = (row.label if row is not None else spec.label) if spec is not None else None
                line = (row.line if row is not None and row.line is not None else line)
                self.put(ws, r, base, label or None)
                self.put(ws, r, base + 1, line, kind="int", align="center")
                for j, col in enumerate(side.columns):
                    value = row.values.get(col.key) if row is not None else None
                    self.put(ws, r, base + 2 + j, value, kind="amount")
            if printed:
                amount_ranges.append(f"{L(base + 3)}{first}:{L(base + 2 + len(side.columns))}{first + len(printed) - 1}")
        last = first + max(len(left), len(right)) - 1
        for base, side, printed in ((0, layout.left, left), (lw, layout.right, right)):
            for r in range(first + len(printed), last + 1):  # borders on the shorter side
                for c in range(2 + len(side.columns)):
                    self.put(ws, r, base + c, None)
        self.note(ws, layout, last + 1, ncols)
        self.validate(ws, "amount", amount_ranges)
        widths = (34, 6, *([14] * len(layout.left.columns)), 34, 6, *([14] * len(layout.right.columns)))
        self.printable(ws, ncols, (top, lanci), widths, f"A{first}")

    def economic(self, ws: Any, layout: TableLayout) -> None:
        t = self.table(layout.id)
        blocks = economic.blocks(layout, t)
        label = layout.columns[0].label if layout.columns else "决算数"
        nb = len(blocks)
        ncols = 3 * nb
        top = self.banner(ws, layout, layout.title, ncols)
        for b in range(nb):
            for j, text in enumerate(("科目代码", "科目名称", label)):
                self.put(ws, top, 3 * b + j, text, head=True)
        first = top + 1
        height = max(len(b) for b in blocks)
        for b, codes in enumerate(blocks):
            for i in range(height):
                r = first + i
                code = codes[i] if i < len(codes) else None
                row = t.row(code) if (t is not None and code) else None
                name = row.label if row is not None else (catalog.lookup("economic", code, self.year) or "") if code else None
                value = row.values.get("amount") if row is not None else None
                self.put(ws, r, 3 * b, code, kind="code")
                self.put(ws, r, 3 * b + 1, name or None, bold=bool(code and len(code) == 3))
                self.put(ws, r, 3 * b + 2, value, kind="amount")
        footer_row = first + height
        for i, spec in enumerate(layout.footer):
            b0 = min(i, nb - 1)
            last_block = i == len(layout.footer) - 1
            c0, c1 = 3 * b0, (ncols - 2 if last_block else 3 * b0 + 1)
            row = t.row(spec.key) if t is not None else None
            self.put(ws, footer_row, c0, (row.label if row and row.label else spec.label), bold=True)
            for c in range(c0 + 1, c1 + 1):
                self.put(ws, footer_row, c, None)
            self.merge(ws, footer_row, c0, footer_row, c1)
            self.put(ws, footer_row, c1 + 1, row.values.get("amount") if row else None, kind="amount")
        self.note(ws, layout, footer_row + 1, ncols)
        from openpyxl.utils import get_column_letter as L

        self.validate(ws, "amount", [f"{L(3 * b + 3)}{first}:{L(3 * b + 3)}{footer_row}" for b in range(nb)])
        self.printable(ws, ncols, (top, top), [10, 28, 12] * nb, f"A{first}")

    def matrix_by_columns(self, ws: Any, layout: TableLayout) -> None:
        """A matrix printed as one row: each column split into its rows (预算数 | 决算数), as in Shanghai."""
        n = len(matrix.rows(layout))
        ncols = len(layout.columns) * n
        top = self.banner(ws, layout, layout.title, ncols)
        self.header(ws, layout.header, top)
        first = top + len(layout.header)
        t = self.table(layout.id)
        for c, (col, spec) in enumerate(matrix.column_pairs(layout)):
            row = t.row(spec.key) if t is not None else None
            self.put(ws, first, c, row.values.get(col.key) if row else None, kind="amount")
        self.note(ws, layout, first + 1, ncols)
        from openpyxl.utils import get_column_letter as L

        self.validate(ws, "amount", [f"A{first}:{L(ncols)}{first}"])
        self.printable(ws, ncols, (top, first - 1), [11] * ncols, None)

    def matrix(self, ws: Any, layout: TableLayout) -> None:
        if layout.orientation == "columns":
            return self.matrix_by_columns(ws, layout)
        ncols = 1 + len(layout.columns)
        top = self.banner(ws, layout, layout.title, ncols)
        self.header(ws, layout.header, top, {1 + j: c.label for j, c in enumerate(layout.columns)})
        lanci = top + len(layout.header)
        self.put(ws, lanci, 0, "栏次", head=True)
        for j, col in enumerate(layout.columns):
            self.put(ws, lanci, 1 + j, col.number, head=True)
        t = self.table(layout.id)
        first = lanci + 1
        for i, spec in enumerate(matrix.rows(layout)):
            row = t.row(spec.key) if t is not None else None
            self.put(ws, first + i, 0, (row.label if row and row.label else spec.label))
            for j, col in enumerate(layout.columns):
                self.put(ws, first + i, 1 + j, row.values.get(col.key) if row else None, kind="amount")
        last = first + len(matrix.rows(layout)) - 1
        self.note(ws, layout, last + 1, ncols)
        from openpyxl.utils import get_column_letter as L

        self.validate(ws, "amount", [f"B{first}:{L(ncols)}{last}"])
        self.printable(ws, ncols, (top, lanci), (14, *([13] * len(layout.columns))), f"B{first}")

    # --- fact sheets ------------------------------------------------------------------------

    def contents_sheet(self) -> None:
        ws = self.sheet(S.CONTENTS_TITLE)
        self.banner(ws, None, S.CONTENTS_TITLE, 4, unit=False)
        for j, h in enumerate(S.CONTENTS_HEADER):
            self.put(ws, 3, j, h, head=True)
        for i, layout in enumerate(self.profile.ordered_tables(), start=1):
            t = self.table(layout.id)
            r = 3 + i
            self.put(ws, r, 0, f"表{i}", align="center")
            self.put(ws, r, 1, layout.title)
            if not self.blank:
                empty = t is None or t.is_empty
                self.put(ws, r, 2, "是" if empty else "否", align="center")
                self.put(ws, r, 3, (t.empty_reason if t else None) or (self.profile.empty_table_reason if empty else None))
            else:
                self.put(ws, r, 2, None)
                self.put(ws, r, 3, None)
        from openpyxl.worksheet.datavalidation import DataValidation

        dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        dv.add(f"C4:C{3 + len(self.profile.table_order)}")
        ws.add_data_validation(dv)
        self.printable(ws, 4, (3, 3), (8, 48, 10, 40))

    def kv_sheet(self, spec: S.KVSheet) -> None:
        ws = self.sheet(spec.title)
        row = self.banner(ws, None, spec.title, 3, unit=False)
        if spec.note:
            self.put(ws, row, 0, spec.note, border=False)
            self.merge(ws, row, 0, row, 2)
            row += 1
        row = self.kv_rows(ws, row, spec.fields, self.model)
        self.printable(ws, 3, None, (36, 60, 30))

    def kv_rows(self, ws: Any, row: int, fields: Sequence[S.Field], source: Any) -> int:
        for j, h in enumerate(("项目", "内容", "说明")):
            self.put(ws, row, j, h, head=True)
        amounts, ints = [], []
        for f in fields:
            row += 1
            value = None if source is None else _cell_value(_get(source, f.path), f.kind)
            if self.blank and f.path == "year":
                value = self.year
            if self.blank and f.path == "profile":
                value = self.profile.id
            if self.blank and f.path in _DEFAULTS:
                value = _DEFAULTS[f.path]
            self.put(ws, row, 0, f.label, bold=True)
            self.put(ws, row, 1, value, kind=f.kind, fill=self.blank)
            self.put(ws, row, 2, f.hint or None)
            (amounts if f.kind == "amount" else ints if f.kind == "int" else []).append(f"B{row}")
        self.validate(ws, "amount", amounts)
        self.validate(ws, "int", ints)
        return row + 1

    def list_table(self, ws: Any, row: int, header: Sequence[str], records: list[Sequence[Any]],
                   kinds: Sequence[str], blank_rows: int = BLANK_LIST_ROWS) -> int:
        """A header row then one record per row; returns the next free row."""
        from openpyxl.utils import get_column_letter as L

        for j, h in enumerate(header):
            self.put(ws, row, j, h, head=True)
        if self.blank:
            records = [[None] * len(header) for _ in range(blank_rows)] if not records else records
        first = row + 1
        for i, rec in enumerate(records):
            for j, kind in enumerate(kinds):
                value = rec[j] if j < len(rec) else None
                self.put(ws, first + i, j, value, kind=kind, fill=self.blank and value is None)
        last = first + max(len(records), 1) - 1
        for kind in ("amount", "int"):
            cols = [j for j, k in enumerate(kinds) if k == kind]
            self.validate(ws, kind, [f"{L(j + 1)}{first}:{L(j + 1)}{last}" for j in cols])
        return last + 1

    def staffing_sheet(self) -> None:
        ws = self.sheet(S.STAFFING_TITLE)
        row = self.banner(ws, None, S.STAFFING_TITLE, 3, unit=False)
        st = self.model.unit.staffing if self.model else None
        types = list(S.STAFFING_TYPES) if st is None else list(dict.fromkeys([*st.authorized, *st.actual]))
        recs: list[Sequence[Any]] = [("合计", st.authorized_total if st else None, st.actual_total if st else None)]
        recs += [(k, st.authorized.get(k) if st else None, st.actual.get(k) if st else None) for k in types]
        for j, h in enumerate(S.STAFFING_HEADER):
            self.put(ws, row, j, h, head=True)
        for i, rec in enumerate(recs, start=row + 1):
            self.put(ws, i, 0, rec[0], bold=rec[0] == "合计")
            self.put(ws, i, 1, rec[1], kind="int")
            self.put(ws, i, 2, rec[2], kind="int")
        last = row + len(recs)
        self.validate(ws, "int", [f"B{row + 1}:C{last}"])
        self.put(ws, last + 1, 0, "（可在上方增加类别行，如“参公”“其他”；不涉及的类别留空或删除。）", border=False)
        self.kv_rows(ws, last + 3, S.STAFFING_KV, self.model)
        self.printable(ws, 3, None, (36, 40, 30))

    def item_budget_sheet(self) -> None:
        ws = self.sheet(S.ITEM_BUDGET_TITLE)
        row = self.banner(ws, None, S.ITEM_BUDGET_TITLE, len(S.ITEM_BUDGET_HEADER), unit=False)
        self.put(ws, row, 0, "每个一般公共预算财政拨款支出的项级科目一行：年初预算数、全年预算数（预算有调整、且本地要求与全年预算比较时填写，如上海）"
                 "和决算数与预算数差异的主要原因（持平的可不填原因）。",
                 border=False)
        self.merge(ws, row, 0, row, len(S.ITEM_BUDGET_HEADER) - 1)
        row = self.kv_rows(ws, row + 1, (S.ITEM_BUDGET_TOTAL,), self.model) + 1
        recs: list[Sequence[Any]] = []
        if self.model is not None:
            t5 = self.model.table("T05")
            codes = list(dict.fromkeys([*(b.code for b in self.model.item_budgets),
                                        *(r.key for r in derive.item_rows(t5))]))
            for code in codes:
                b = self.model.item_budget(code)
                names = derive.item_path(t5, code) if len(code) == 7 else ("", "", "")
                names = tuple(n or catalog.lookup("functional", p, self.year) or ""
                              for n, p in zip(names, (code[:3], code[:5], code), strict=True))
                actual = t5.value(code, "total")
                recs.append((code, *names, b.initial if b else None, b.full_year if b else None, actual,
                             b.reason if b else None, b.purpose if b else None))
        first = row + 1
        row = self.list_table(ws, row, S.ITEM_BUDGET_HEADER, recs,
                              ("code", "text", "text", "text", "amount", "amount", "amount", "text", "text"))
        if self.item_list and row - 1 >= first:
            self.validate(ws, "=" + self.item_list, [f"A{first}:A{row - 1}"])
        self.printable(ws, len(S.ITEM_BUDGET_HEADER), None, (12, 20, 24, 28, 14, 16, 16, 40, 30))

    def reasons_sheet(self) -> None:
        ws = self.sheet(S.REASONS_TITLE)
        row = self.banner(ws, None, S.REASONS_TITLE, 4, unit=False)
        self.put(ws, row, 0, "与上年相比、与预算相比变动的主要原因，用单位自己的话填写；不涉及的留空。", border=False)
        self.merge(ws, row, 0, row, 3)
        reasons = self.model.reasons if self.model else {}
        recs = [(i, label, reasons.get(key), key) for i, (key, label) in enumerate(S.REASONS, start=1)]
        self.list_table(ws, row + 1, S.REASONS_HEADER, recs, ("int", "text", "text", "text"))
        self.printable(ws, 4, None, (6, 50, 60, 26))

    def assets_sheet(self) -> None:
        ws = self.sheet(S.ASSETS.title)
        row = self.banner(ws, None, S.ASSETS.title, 3, unit=False)
        row = self.kv_rows(ws, row, S.ASSETS.fields, self.model) + 1
        vehicles = self.model.assets.vehicles if self.model else {}
        uses = list(S.VEHICLE_USES) if self.blank else list(vehicles)
        recs = [(u, vehicles.get(u)) for u in uses]
        self.list_table(ws, row, S.VEHICLES_HEADER, recs, ("text", "int"), blank_rows=len(uses))
        self.printable(ws, 3, None, (36, 60, 30))

    def performance_sheets(self) -> None:
        perf = self.model.performance if self.model else None
        evaluations: list[Evaluation] = []
        if perf is not None:
            evaluations = ([perf.overall] if perf.overall else []) + list(perf.projects)
        # 绩效自评表: one row per evaluation
        ws = self.sheet(S.EVALUATIONS_TITLE)
        row = self.banner(ws, None, S.EVALUATIONS_TITLE, len(S.EVALUATION_COLUMNS), unit=False)
        self.put(ws, row, 0, "类型填“整体”（单位整体支出绩效自评，一行）或“项目”（每个项目一行）；名称用于关联“绩效任务”“项目资金”“绩效指标”。",
                 border=False)
        self.merge(ws, row, 0, row, 8)
        recs = [[_evaluation_value(e, f) for f in S.EVALUATION_COLUMNS] for e in evaluations]
        self.list_table(ws, row + 1, [f.label for f in S.EVALUATION_COLUMNS], recs,
                        [f.kind for f in S.EVALUATION_COLUMNS], blank_rows=5)
        self.printable(ws, len(S.EVALUATION_COLUMNS), None, [8, 30, 24, 24] + [12] * 15 + [40] * 5)
        # 绩效任务
        ws = self.sheet(S.TASKS_TITLE)
        row = self.banner(ws, None, S.TASKS_TITLE, len(S.TASK_COLUMNS), unit=False)
        recs = [[e.name if f.path == "@owner" else _cell_value(getattr(t, f.path), f.kind) for f in S.TASK_COLUMNS]
                for e in evaluations for t in e.tasks]
        self.list_table(ws, row, [f.label for f in S.TASK_COLUMNS], recs, [f.kind for f in S.TASK_COLUMNS], 10)
        self.printable(ws, len(S.TASK_COLUMNS), None, [24, 24, 40, 10] + [13] * 7)
        # 项目资金
        ws = self.sheet(S.FUNDS_TITLE)
        row = self.banner(ws, None, S.FUNDS_TITLE, len(S.FUND_COLUMNS), unit=False)
        recs = [[e.name if f.path == "@owner" else _cell_value(getattr(fl, f.path), f.kind) for f in S.FUND_COLUMNS]
                for e in evaluations for fl in e.funds]
        if self.blank:
            recs = [[None, label, None, None, None, None] for _ in range(2) for label in S.FUND_LABELS]
        self.list_table(ws, row, [f.label for f in S.FUND_COLUMNS], recs, [f.kind for f in S.FUND_COLUMNS])
        self.printable(ws, len(S.FUND_COLUMNS), None, [30, 22, 16, 16, 16, 12])
        # 绩效指标
        ws = self.sheet(S.INDICATORS_TITLE)
        row = self.banner(ws, None, S.INDICATORS_TITLE, len(S.INDICATOR_COLUMNS), unit=False)
        recs = []
        for e in evaluations:
            for ind in e.indicators:
                rec = []
                for f in S.INDICATOR_COLUMNS:
                    if f.path == "@kind":
                        rec.append(S.KIND_LABELS.get(e.kind, e.kind))
                    elif f.path == "@owner":
                        rec.append(e.name)
                    else:
                        rec.append(_cell_value(getattr(ind, f.path), f.kind))
                recs.append(rec)
        self.list_table(ws, row, [f.label for f in S.INDICATOR_COLUMNS], recs,
                        [f.kind for f in S.INDICATOR_COLUMNS], blank_rows=40)
        self.printable(ws, len(S.INDICATOR_COLUMNS), None, [8, 26, 14, 18, 30, 14, 14, 8, 8, 30])

    def other_notes_sheet(self) -> None:
        ws = self.sheet(S.OTHER_NOTES_TITLE)
        row = self.banner(ws, None, S.OTHER_NOTES_TITLE, 2, unit=False)
        notes = self.model.other_notes if self.model else []
        self.list_table(ws, row, S.OTHER_NOTES_HEADER, [(i, n) for i, n in enumerate(notes, 1)], ("int", "text"), 10)
        self.printable(ws, 2, None, (6, 100))

    def glossary_sheet(self) -> None:
        ws = self.sheet(S.GLOSSARY_TITLE)
        row = self.banner(ws, None, S.GLOSSARY_TITLE, 3, unit=False)
        entries = self.model.glossary if self.model else []
        self.list_table(ws, row, S.GLOSSARY_HEADER, [(i, g.term, g.definition) for i, g in enumerate(entries, 1)],
                        ("int", "text", "text"), 15)
        self.printable(ws, 3, None, (6, 20, 90))

    def model_sheet(self, model: FinalAccounts) -> None:
        ws = self.wb.create_sheet(S.MODEL_SHEET)
        ws.sheet_state = "veryHidden"
        text = codec.to_json(model, indent=None)
        put_text(ws, 1, 1, "juesuan/final-accounts JSON；请勿修改。")
        for i in range(0, len(text), JSON_CHUNK):
            put_text(ws, 2 + i // JSON_CHUNK, 1, text[i:i + JSON_CHUNK]).number_format = "@"


_DEFAULTS = {"unit.confidentiality_review": "已审查", "unit.head_signoff": "已审签"}


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _cell_value(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "list":
        return "、".join(value) if value else None
    return value


def _evaluation_value(e: Evaluation, f: S.Field) -> Any:
    if f.path == "kind":
        return S.KIND_LABELS.get(e.kind, e.kind)
    if f.path == "level1_points.*":
        extra = [(k, v) for k, v in e.level1_points.items() if k not in S.LEVEL1]
        return "；".join(f"{k}：{codec.to_data(v)}" for k, v in extra) or None
    if f.path.startswith("level1_points."):
        return e.level1_points.get(f.path.split(".", 1)[1])
    return _cell_value(getattr(e, f.path), f.kind)


def instructions_text(profile: Profile, year: int) -> list[str]:
    """The 填表说明 sheet, one paragraph per line."""
    tables = "、".join(f"{t.number}《{t.title}》" for t in profile.ordered_tables())
    return [
        "一、这个工作簿做什么用",
        f"本工作簿用于填报本单位{year}年度部门决算公开所需的全部数据。填好后交给系统，系统会检查表内、表间的勾稽关系，"
        "并生成公开文本（Word、PDF、网页）。",
        "二、要填哪些工作表",
        f"1. 九张公开表：{tables}。格式与公开的样式相同，按决算报表的数据填列。",
        "2. 单位概况、人员情况：单位名称、上级主管部门、主要职责、内设机构、编制和实有人数等。",
        "3. 表格目录：每张表是否为空表；空表要写明理由（如“本单位不涉及故公开空表”）。",
        "4. 上年数、年初预算及差异原因、变动原因：情况说明里与上年、与年初预算比较时要用的数字和原因。",
        "5. 三公经费、会议费、培训费情况，机关运行经费，政府采购，国有资产：数量、预算数和说明文字。",
        "6. 绩效情况、绩效自评表、绩效任务、项目资金、绩效指标：部门整体支出和项目的绩效自评内容。",
        "7. 其他说明、名词解释：原样写入公开文本。",
        "三、怎么填",
        "1. 金额一律以“万元”为单位，保留两位小数，只填数字，不要写“万元”等文字；不涉及的单元格留空，不要填“无”。",
        "2. 科目代码填完整代码：类 3 位、款 5 位、项 7 位（如 2080101），经济分类类 3 位、款 5 位（如 30101）。"
        "分类表（公开02、03、05、07、08表）每个科目一行，先类、再款、再项；“合计”行放在最前面。",
        "3. 公开01、04、06、09表的行已经列好，只填金额。",
        "4. 不要改动表头、表名和“公开NN表”字样；不要删除工作表。可以插入行，不要合并数据单元格。",
        "5. 黄色底色的单元格是需要填写的内容。",
        "四、检查时可能看到的提示",
        "1. “单元格 C8：不是数字”：金额单元格里有文字或多余的符号，请改成数字。",
        "2. “表头“事业收人”无法识别（应为“事业收入”）”：表头被改动过，请恢复原样。",
        "3. “科目代码“20801x”不是有效的代码”：代码只能是 3、5、7 位数字。",
        "4. “找不到公开03表《支出决算表》”：工作表被删除或表名被改动。",
        "5. 系统检查出的勾稽关系问题会列出表号、行次、栏次、填列数、应为数和差额，按提示核对即可；"
        "“在四舍五入尾差范围内”的提示不是错误。",
        "五、其他",
        "如果是从决算软件导出的表格，也可以直接提交：系统按表名找表、按表头找栏目；金额单位为“元”的表会自动换算为万元。",
    ]
