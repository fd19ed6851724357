"""Build workbooks the way clerks' software exports them (openpyxl), for the reader tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan.core.model import FinalAccounts
from juesuan.domain.profiles import load_profile
from juesuan.formats.workbook.write import write_workbook

PROFILE = load_profile("shaanxi-2024")


_WRITTEN: dict[str, bytes] = {}


def our_workbook(model: FinalAccounts, path: Path) -> Path:
    """Our writer's workbook for `model` (written once per distinct model, then copied)."""
    from juesuan.core import codec

    key = codec.to_json(model, indent=None)
    if key not in _WRITTEN:
        write_workbook(model, path)
        _WRITTEN[key] = path.read_bytes()
    else:
        path.write_bytes(_WRITTEN[key])
    return path


def sheet_of(wb, title: str):
    """The worksheet whose first row carries `title`."""
    hits = [ws for ws in wb.worksheets if ws.cell(1, 1).value == title]
    assert len(hits) == 1, title
    return hits[0]


def replace_with_clerk_classified(path: Path, model: FinalAccounts, table_id: str, *, yuan: bool = False,
                                  split_codes: bool = True, order: list[str] | None = None,
                                  as_text: bool = False, blank_rows: bool = True,
                                  code_style: str = "split") -> None:
    """Replace a classified table's sheet with a clerk-style export of the same figures.

    - sheet named "Sheet9", title with the year and unit in front, 公开NN表 in brackets
    - header in three rows: 项目 over 功能分类科目编码 (类 | 款 | 项) and 科目名称, merged cells
    - columns in `order` (default: reversed), amounts in 元 when `yuan`, as text when `as_text`
    - 合计 merged across the code columns, a blank row after every 类
    - code_style: "split" (类/款/项 columns, carried down), "spaces" ("208 01 01"), "dashes" ("208-01-01")
    """
    import openpyxl

    layout = PROFILE.table(table_id)
    wb = openpyxl.load_workbook(path)
    wb.remove(sheet_of(wb, layout.title))
    ws = wb.create_sheet("Sheet9")
    cols = [c for c in layout.columns]
    if order is None:
        cols = list(reversed(cols))
    else:
        cols = [next(c for c in cols if c.key == k) for k in order]
    ncode = 3 if code_style == "split" else 1
    width = ncode + 1 + len(cols)
    ws.cell(1, 1, f"{model.year}年度{model.unit.name}{layout.title}（{layout.number}）")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, 1, f"部门：{model.unit.name}")
    ws.cell(2, width, "金额单位：元" if yuan else "金额单位：万元")
    # header rows 3-5
    ws.cell(3, 1, "项目")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=ncode + 1)
    ws.cell(4, 1, "功能分类科目编码")
    if ncode == 3:
        ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=3)
        for i, t in enumerate(("类", "款", "项")):
            ws.cell(5, 1 + i, t)
    else:
        ws.merge_cells(start_row=4, start_column=1, end_row=5, end_column=1)
    ws.cell(4, ncode + 1, "科目名称")
    ws.merge_cells(start_row=4, start_column=ncode + 1, end_row=5, end_column=ncode + 1)
    groups: dict[str, list[int]] = {}
    for j, col in enumerate(cols):
        c = ncode + 2 + j
        parent = _parent(layout, col.key)
        if parent:
            groups.setdefault(parent, []).append(c)
            ws.cell(4, c, col.label)
            ws.merge_cells(start_row=4, start_column=c, end_row=5, end_column=c)
        else:
            ws.cell(3, c, col.label)
            ws.merge_cells(start_row=3, start_column=c, end_row=5, end_column=c)
    for parent, cs in groups.items():
        ws.cell(3, cs[0], parent)
        if len(cs) > 1 and cs == list(range(cs[0], cs[-1] + 1)):
            ws.merge_cells(start_row=3, start_column=cs[0], end_row=3, end_column=cs[-1])
        else:  # the group is not contiguous in this order: repeat the parent over each
            for c in cs:
                ws.cell(3, c, parent)
    r = 6
    for row in model.tables[table_id].rows:
        if row.key == "total":
            ws.cell(r, 1, "合计")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncode + 1)
        else:
            code = row.key
            if code_style == "split":
                parts = [code[:3] if len(code) == 3 else "", code[3:5] if len(code) == 5 else "",
                         code[5:7] if len(code) == 7 else ""]
                for i, p in enumerate(parts):
                    if p:
                        ws.cell(r, 1 + i, p)
            elif code_style == "spaces":
                ws.cell(r, 1, " ".join(filter(None, (code[:3], code[3:5], code[5:7]))))
            else:
                ws.cell(r, 1, "-".join(filter(None, (code[:3], code[3:5], code[5:7]))))
            ws.cell(r, ncode + 1, ("  " * (len(code) // 2 - 1)) + row.label)
        for j, col in enumerate(cols):
            v = row.values.get(col.key)
            if v is None:
                continue
            v = v * 10000 if yuan else v
            ws.cell(r, ncode + 2 + j, f"{v:,.2f}" if as_text else v)
        r += 1
        if blank_rows and row.key.isdigit() and len(row.key) == 7:
            r += 1
    ws.cell(r + 1, 1, "注：" + layout.note)
    wb.save(path)


def _parent(layout, key: str) -> str | None:
    """The grouping header above a column in the profile's header spec (e.g. 本年支出 over 小计)."""
    if len(layout.header) < 2:
        return None
    top = layout.header[0]
    pos = 0
    spans = []
    for cell in top:
        spans.append((pos, pos + int(cell.get("colspan", 1)), cell["text"], int(cell.get("rowspan", 1))))
        pos += int(cell.get("colspan", 1))
    idx = 2 + [c.key for c in layout.columns].index(key)
    for a, b, text, _rs in spans:
        if a <= idx < b and b - a > 1:
            return text
    return None


def set_cell(path: Path, title: str, ref: str, value) -> None:
    set_cells(path, [(title, ref, value)])


def set_cells(path: Path, edits: list[tuple[str, str, object]]) -> None:
    """Type values into cells (sheet found by the title in A1), one load and one save."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for title, ref, value in edits:
        ws = sheet_of(wb, title)
        for rng in list(ws.merged_cells.ranges):
            if ref in rng:
                ws.unmerge_cells(str(rng))
        ws[ref] = value
    wb.save(path)


def cell_of(path: Path, title: str, predicate) -> str:
    """The coordinate of the first cell of a sheet satisfying predicate(value) (read with calamine)."""
    import python_calamine as pc

    from juesuan.formats.workbook.grid import col_letter

    wb = pc.CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not rows or not rows[0] or rows[0][0] != title:
            continue
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v not in ("", None) and predicate(v):
                    return f"{col_letter(c)}{r + 1}"
    raise AssertionError("no such cell")


def D(s: str) -> Decimal:
    return Decimal(s)
