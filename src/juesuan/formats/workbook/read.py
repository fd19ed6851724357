"""Read an input workbook (.xlsx/.xlsm): our template, our own output, or a clerk's export.

Tables are found by the title in their first rows (aliases, then 公开NN表), never by sheet name or
position; columns are mapped by their header labels (merged header cells are filled from their
top-left cell); rows by code (classified tables, codes in one column or split into 类/款/项) or by
label and 行次 (two-sided tables).  Amounts may be numbers or text (thousands separators, full-width
digits); a sheet saying 单位：元 is converted to 万元 at 2 decimals.

When the very hidden sheet `_juesuan_model` (our build's XLSX) is present, its JSON is used for
every part (each table, each fact section) that the visible cells still agree with, so reading our
own output is lossless; a part a clerk edited after export is taken from the visible cells — the
visible cells win.  Reading uses python-calamine (fast); openpyxl is never imported here.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan.core import codec
from juesuan.core.amounts import quantize
from juesuan.core.document import EMBED_SHEET_PUBLISHED
from juesuan.core.errors import InputError
from juesuan.core.model import FinalAccounts, Row, Table
from juesuan.domain import catalog
from juesuan.domain.profiles import DEFAULT_PROFILE, FUNCTION_CLASSES, TableLayout, available, load_profile
from juesuan.formats.workbook import spec as S
from juesuan.formats.workbook.facts import FactsReader
from juesuan.formats.workbook.grid import (
    CODE_HEADS,
    CODE_JUNK,
    HEAD_SCAN,
    NAME_HEADS,
    NUMBER_RE,
    OLE_MAGIC,
    STRUCTURAL,
    TOTAL_LABELS,
    ZIP_MAGIC,
    Grid,
    as_text,
    cell_key,
    int_or_none,
    similar,
    strip_ordinal,
)
from juesuan.formats.workbook.spec import canon_label, loose_label
from juesuan.layouts import classified, economic, matrix

__all__ = ["Grid", "cell_key", "merge_embedded", "read_workbook"]


# --- opening the file -------------------------------------------------------------------------

def _open(path: Path) -> Any:
    """The calamine workbook, or an InputError saying what is wrong with the file."""
    import python_calamine as pc

    f = str(path)
    if not path.exists():
        raise InputError.at(f, "文件不存在")
    size = path.stat().st_size
    if size == 0:
        raise InputError.at(f, "文件是空的（0 字节）", expected="一个 Excel 工作簿（.xlsx）")
    with path.open("rb") as fh:
        head = fh.read(8)
        if head.startswith(OLE_MAGIC):
            body = fh.read(min(size, 4 << 20))
            if "EncryptedPackage".encode("utf-16-le") in body:
                raise InputError.at(f, "工作簿设置了打开密码（已加密），无法读取",
                                    expected="去掉密码后另存为 .xlsx 再提交")
            raise InputError.at(f, "这是旧版 Excel（.xls）或其他 Office 格式的文件，不是 .xlsx 工作簿",
                                expected="在 Excel 中“另存为”Excel 工作簿（.xlsx）后再提交")
    if not head.startswith(ZIP_MAGIC):
        raise InputError.at(f, "不是 Excel 工作簿（文件内容不是 .xlsx 格式）", expected="一个 Excel 工作簿（.xlsx）")
    from juesuan.core.zipguard import guard_file

    guard_file(path)  # a zip bomb is refused before calamine unpacks anything
    try:
        return pc.CalamineWorkbook.from_path(f)
    except pc.PasswordError:
        raise InputError.at(f, "工作簿设置了密码，无法读取", expected="去掉密码后另存为 .xlsx 再提交") from None
    except Exception as exc:  # noqa: BLE001 - calamine raises several kinds for a damaged file
        raise InputError.at(f, f"文件已损坏，无法作为 Excel 工作簿打开（{type(exc).__name__}）",
                            expected="用 Excel 打开并重新保存为 .xlsx 后再提交") from None


def _grids(wb: Any, f: str) -> tuple[list[Grid], str | None, bool]:
    """Visible sheets as grids, the embedded model JSON (if any), and whether the workbook is a
    published one (the report's tables, render/xlsx.py: its embedded model is the data)."""
    import python_calamine as pc

    from juesuan.formats.workbook.excel_errors import error_cells

    grids: list[Grid] = []
    embedded = None
    errors = error_cells(Path(f))
    published = False
    for meta in wb.sheets_metadata:
        try:
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except Exception as exc:  # noqa: BLE001
            raise InputError.at(f, f"工作表无法读取（{type(exc).__name__}）", sheet=meta.name) from None
        if meta.name == S.MODEL_SHEET:
            embedded = "".join(str(r[0]) for r in rows[1:] if r and r[0] not in ("", None))
            published = bool(rows and rows[0] and rows[0][0] == EMBED_SHEET_PUBLISHED)
            continue
        if meta.visible != pc.SheetVisibleEnum.Visible:
            continue
        grid = Grid(meta.name, rows, merged)
        grid.errors = errors.get(meta.name, {})
        grids.append(grid)
    return grids, embedded, published


# --- entry point -----------------------------------------------------------------------------

def read_workbook(path: Path, cells: dict[str, tuple[str, str]] | None = None) -> FinalAccounts:
    """Read a workbook into FinalAccounts; raises InputError with a Chinese message on bad input.

    `cells`, when given, is filled with where each value was read: `cell_key(table, row, column)` or
    "field|<model path>" -> (sheet name, "C9"); `juesuan check --mark` marks findings there."""
    path = Path(path)
    f = str(path)
    wb = _open(path)
    try:
        grids, embedded_json, published = _grids(wb, f)
    finally:
        wb.close()
    if published and embedded_json:
        return codec.from_json(embedded_json, f"{f}（隐藏工作表 {S.MODEL_SHEET}）")
    reader = _Reader(f, grids)
    try:
        visible = reader.read()
    except (InputError, RecursionError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a layout we did not foresee: say so, never a traceback
        raise InputError.at(f, f"工作簿的格式无法识别（{type(exc).__name__}: {exc}）",
                            expected="按填报模板（juesuan template）的格式填写；如确认格式无误，请把文件发给系统维护人员") from exc
    if cells is not None:
        cells.update(reader.cells)
    if embedded_json:
        try:
            embedded = codec.from_json(embedded_json, f"{f}（隐藏工作表 {S.MODEL_SHEET}）")
        except InputError:
            return visible  # a damaged embedded copy: the visible cells are the data
        return merge_embedded(visible, embedded)
    return visible


def merge_embedded(visible: FinalAccounts, embedded: FinalAccounts) -> FinalAccounts:
    """Embedded model where the visible cells agree with it (lossless); visible parts where they differ."""
    out = dataclasses.replace(embedded, tables=dict(embedded.tables))
    for tid in set(visible.tables) | set(embedded.tables):
        v, e = visible.tables.get(tid), embedded.tables.get(tid)
        if not _same_table(v, e):
            if v is None:
                out.tables.pop(tid, None)
            else:
                out.tables[tid] = v
    for fld in dataclasses.fields(FinalAccounts):
        if fld.name == "tables":
            continue
        if getattr(visible, fld.name) != getattr(embedded, fld.name):
            setattr(out, fld.name, getattr(visible, fld.name))
    return out


def _same_table(a: Table | None, b: Table | None) -> bool:
    if a is None or b is None:
        return a is b or (a or b).is_empty  # type: ignore[union-attr]
    if (a.empty_reason, a.note) != (b.empty_reason, b.note):
        return False
    rows_a = [(r.key, r.label, {k: quantize(v) for k, v in r.values.items() if v is not None}) for r in a.rows]
    rows_b = [(r.key, r.label, {k: quantize(v) for k, v in r.values.items() if v is not None}) for r in b.rows]
    return rows_a == rows_b


# --- the reader ------------------------------------------------------------------------------

class _Reader(FactsReader):
    """Finds the nine tables and reads them; the fact sheets are read by FactsReader."""

    # sheets ---------------------------------------------------------------------------------

    def read(self) -> FinalAccounts:
        if not self.grids:
            raise self.err("工作簿里没有可见的工作表", expected="包含九张公开表的工作簿")
        facts = self.fact_sheets()
        model = FinalAccounts(year=0)
        unit_grid = facts.get(S.UNIT.title)
        if unit_grid is not None:
            self.read_kv(unit_grid, S.UNIT.fields, model)
        profile_id = model.profile or DEFAULT_PROFILE
        if profile_id not in available():
            r, c = self.kv_cell(unit_grid, "地区模板") if unit_grid else (None, None)
            raise self.err(f"地区模板“{profile_id}”不存在", unit_grid, r, c, expected="、".join(available()))
        model.profile = self.profile_id = profile_id
        profile = load_profile(profile_id)
        found = self.find_tables(profile.ordered_tables(), set(facts.values()))
        for layout in profile.ordered_tables():
            grid, title_row = found[layout.id]
            model.tables[layout.id] = self.read_table(grid, layout, title_row)
        if not model.year:
            model.year = self.guess_year(found, unit_grid)
        if not model.unit.name:
            model.unit.name = self.guess_unit(found)
        self.read_facts(facts, model)
        return model

    def fact_sheets(self) -> dict[str, Grid]:
        titles = {canon_label(t): t for t in (
            *(k.title for k in S.KV_SHEETS), S.STAFFING_TITLE, S.ITEM_BUDGET_TITLE, S.REASONS_TITLE,
            S.EVALUATIONS_TITLE, S.TASKS_TITLE, S.FUNDS_TITLE, S.INDICATORS_TITLE, S.OTHER_NOTES_TITLE,
            S.GLOSSARY_TITLE, S.CONTENTS_TITLE)}
        out: dict[str, Grid] = {}
        for g in self.grids:
            first = next((g.text(r, c) for r in range(min(3, g.height)) for c in range(g.width) if g.text(r, c)), "")
            title = titles.get(first) or titles.get(canon_label(g.name))
            if title and title not in out:
                out[title] = g
        return out

    def find_tables(self, layouts: list[TableLayout], skip: set[Grid]) -> dict[str, tuple[Grid, int]]:
        """Each table's sheet, by title (longest matching alias) or else by 公开NN表."""
        by_title: dict[str, list[tuple[Grid, int]]] = {}
        by_number: dict[str, list[tuple[Grid, int]]] = {}
        for g in self.grids:
            if g in skip:
                continue
            hit = self.detect(g, layouts)
            if hit is None:
                continue
            tid, row, how = hit
            (by_title if how == "title" else by_number).setdefault(tid, []).append((g, row))
        out: dict[str, tuple[Grid, int]] = {}
        for layout in layouts:
            hits = by_title.get(layout.id) or by_number.get(layout.id) or []
            if not hits:
                raise self.err(f"找不到{layout.number}《{layout.title}》", expected=(
                    f"一个前几行写有表名“{layout.title}”的工作表"))
            if len(hits) > 1:
                names = "、".join(f"“{g.name}”" for g, _ in hits)
                raise self.err(f"有多个工作表都是{layout.number}《{layout.title}》：{names}",
                               expected="每张公开表只有一个工作表；请删除多余的副本")
            out[layout.id] = hits[0]
        return out

    def detect(self, g: Grid, layouts: list[TableLayout]) -> tuple[str, int, str] | None:
        best: tuple[int, str, int] | None = None  # (alias length, table id, row)
        number_hit: tuple[str, int] | None = None
        numbers = {lay.number: lay.id for lay in layouts}
        for r in range(min(HEAD_SCAN, g.height)):
            texts = [t for t in g.row_texts(r) if t]
            if r > 0 and any(t in ("项目", "科目代码", "序号") for t in texts):
                break
            for t in dict.fromkeys(texts):
                core = re.sub(r"^\d{4}年度?", "", re.sub(r"（?公开\d{1,2}表）?", "", t))
                for lay in layouts:
                    for alias in lay.all_titles:
                        a = canon_label(alias)
                        if core == a or (core.endswith(a) and len(core) - len(a) <= 20):
                            if best is None or len(a) > best[0]:
                                best = (len(a), lay.id, r)
                m = NUMBER_RE.search(t)
                if m and number_hit is None:
                    key = f"公开{int(m.group(1)):02d}表"
                    if key in numbers:
                        number_hit = (numbers[key], r)
        if best:
            return best[1], best[2], "title"
        if number_hit:
            return number_hit[0], number_hit[1], "number"
        return None

    def guess_year(self, found: dict[str, tuple[Grid, int]], unit_grid: Grid | None) -> int:
        for g, _ in found.values():
            for r in range(min(HEAD_SCAN, g.height)):
                for t in g.row_texts(r):
                    m = re.search(r"(20\d{2})年", t)
                    if m:
                        return int(m.group(1))
        m = re.search(r"(20\d{2})", Path(self.file).name)
        if m:
            return int(m.group(1))
        raise self.err("无法确定决算年度", unit_grid, *(self.kv_cell(unit_grid, "决算年度") if unit_grid else (None, None)),
                       expected="“单位概况”工作表中填写决算年度（如 2024），或在表名中写明“2024年度”")

    def guess_unit(self, found: dict[str, tuple[Grid, int]]) -> str:
        for g, _ in found.values():
            for r in range(min(HEAD_SCAN, g.height)):
                for c in range(g.width):
                    m = re.match(r"(?:编制单位|单位名称|部门)[:：](.+)", g.text(r, c))
                    if m:
                        return m.group(1)
        return ""

    # headers --------------------------------------------------------------------------------

    def header_paths(self, g: Grid, r0: int, r1: int) -> list[list[str]]:
        paths = []
        for c in range(g.width):
            path: list[str] = []
            for r in range(r0, r1 + 1):
                t = g.text(r, c)
                if t and (not path or path[-1] != t):
                    path.append(t)
            paths.append(path)
        return paths

    def map_columns(self, g: Grid, layout_cols: Sequence[Any], cols: Iterable[int], r0: int, r1: int,
                    what: str) -> dict[str, int]:
        """Column key -> sheet column, by header label; a misspelt or missing label is an error."""
        paths = self.header_paths(g, r0, r1)
        cands: dict[int, list[str]] = {}
        for c in cols:
            p = paths[c] if c < len(paths) else []
            if not p or p[-1] in STRUCTURAL:
                continue
            cands[c] = ["".join(p[i:]) for i in range(len(p) - 1, -1, -1)]
        out: dict[str, int] = {}
        used: set[int] = set()
        for col in layout_cols:
            want = canon_label(col.label)
            hit = next((c for c, cs in cands.items() if c not in used and want in cs), None)
            if hit is None:
                hit = next((c for c, cs in cands.items() if c not in used and loose_label(want) in map(loose_label, cs)), None)
            if hit is not None:
                out[col.key] = hit
                used.add(hit)
        missing = [col for col in layout_cols if col.key not in out]
        if missing:
            unknown = [c for c in cands if c not in used]
            want = missing[0].label
            if unknown:
                import difflib

                c = max(unknown, key=lambda c: difflib.SequenceMatcher(None, cands[c][0], canon_label(want)).ratio())
                row = max(r for r in range(r0, r1 + 1) if g.text(r, c) == cands[c][0])
                row, c = g.origin.get((row, c), (row, c))
                shown = as_text(g.cell(row, c)).strip()
                raise self.err(f"{what}的表头“{shown}”无法识别", g, row, c, expected=f"“{want}”")
            raise self.err(f"{what}缺少栏目“{want}”", g, r0, 0, expected="、".join(f"“{m.label}”" for m in missing))
        return out

    def find_row(self, g: Grid, start: int, labels: set[str], limit: int = 12) -> int | None:
        for r in range(start, min(g.height, start + limit)):
            if any(t in labels for t in g.row_texts(r)):
                return r
        return None

    def is_note(self, g: Grid, r: int) -> str | None:
        first = next((as_text(g.raw(r, c)).strip() for c in range(g.width) if g.raw(r, c) not in ("", None)), "")
        if re.match(r"^(注|说明|备注)\s*[:：]", first):
            return re.sub(r"^(注|说明|备注)\s*[:：]\s*", "", first)
        return None

    # tables ---------------------------------------------------------------------------------

    def read_table(self, g: Grid, layout: TableLayout, title_row: int) -> Table:
        yuan = self.is_yuan(g)
        if layout.layout == "two_sided":
            table, end = self.two_sided(g, layout, title_row, yuan)
        elif layout.layout == "economic":
            table, end = self.economic(g, layout, title_row, yuan)
        elif layout.layout == "matrix":
            table, end = self.matrix(g, layout, title_row, yuan)
        else:
            table, end = self.classified(g, layout, title_row, yuan)
        for r in range(end, g.height):
            note = self.is_note(g, r)
            if note is not None:
                if note and canon_label(note) != canon_label(layout.note):
                    table.note = note
                break
        return table

    def what(self, layout: TableLayout) -> str:
        return f"{layout.number}《{layout.title}》"

    def classified(self, g: Grid, layout: TableLayout, top: int, yuan: bool) -> tuple[Table, int]:
        h0 = self.find_row(g, top, {"项目", *CODE_HEADS})
        if h0 is None:
            raise self.err(f"{self.what(layout)}找不到表头", g, top, 0, expected="表头中有“项目”或“科目代码”")
        lanci = self.find_row(g, h0, {"栏次"}, limit=6)
        if lanci is not None:
            h1, first = lanci - 1, lanci + 1
        else:
            first = self.first_data_row(g, h0 + 1)
            h1 = first - 1
        paths = self.header_paths(g, h0, h1)
        code_cols = [c for c, p in enumerate(paths) if any(t in CODE_HEADS for t in p)]
        name_cols = [c for c, p in enumerate(paths) if any(t in NAME_HEADS for t in p)]
        if code_cols and len(code_cols) > 1:
            subs = [paths[c][-1] for c in code_cols]
            code_cols = [c for c, t in zip(code_cols, subs, strict=True) if t in classified.LEVEL_HEADS] or code_cols[:1]
        project_col = next((c for c, p in enumerate(paths) if "项目" in p), 0)
        name_col = name_cols[0] if name_cols else (code_cols[-1] + 1 if code_cols else project_col)
        cols = self.map_columns(g, layout.columns, range(g.width), h0, h1, self.what(layout))
        table = Table(id=layout.id)
        carry: dict[str, str] = {}
        r = first
        while r < g.height:
            if self.is_note(g, r) is not None:
                break
            texts = g.row_texts(r)
            if g.is_blank(r) or "栏次" in texts or any(t in CODE_HEADS for t in texts):
                r += 1
                continue
            label = as_text(g.cell(r, name_col)).strip()
            code_text = canon_label(as_text(g.cell(r, code_cols[0]))) if code_cols else ""
            values = self.values(g, r, cols, yuan)
            if code_text in TOTAL_LABELS or canon_label(label) in TOTAL_LABELS:
                table.rows.append(Row("total", canon_label(label) if canon_label(label) in TOTAL_LABELS else code_text,
                                      values))
                self.place_row(layout.id, "total", g, r, cols)
            else:
                code = self.code(g, r, code_cols, "functional", carry) if code_cols else None
                if code is None and not code_cols:
                    m = re.match(r"^\s*(\d{3}(?:[\s\-.]?\d{2}){0,2})\s*(.*)$", label)
                    if m:
                        code = CODE_JUNK.sub("", m.group(1))
                        label = m.group(2).strip()
                if code is None:
                    if not values and not label:
                        r += 1
                        continue
                    raise self.err(f"这一行没有科目代码（科目名称“{label}”）", g, r, code_cols[0] if code_cols else name_col,
                                   expected="3、5或7位数字的功能分类科目代码")
                table.rows.append(Row(code, label, values))
                self.place_row(layout.id, code, g, r, cols)
            r += 1
        return table, r

    def first_data_row(self, g: Grid, start: int) -> int:
        """The first row under a header without a 栏次 row: a total, a code or a number."""
        for r in range(start, min(g.height, start + 12)):
            for c in range(g.width):
                v = g.raw(r, c)
                if isinstance(v, int | float) and not isinstance(v, bool):
                    return r
                t = g.text(r, c)
                if t in TOTAL_LABELS or (c < 4 and re.fullmatch(r"\d{2,7}", CODE_JUNK.sub("", t) or "x")):
                    return r
        return start

    def values(self, g: Grid, r: int, cols: dict[str, int], yuan: bool) -> dict[str, Decimal | None]:
        out: dict[str, Decimal | None] = {}
        for key, c in cols.items():
            v = self.amount(g, r, c, yuan)
            if v is not None:
                out[key] = v
        return out

    def two_sided(self, g: Grid, layout: TableLayout, top: int, yuan: bool) -> tuple[Table, int]:
        assert layout.left and layout.right
        hrow = next((r for r in range(top, min(g.height, top + 12)) if g.row_texts(r).count("项目") >= 2), None)
        if hrow is None:
            raise self.err(f"{self.what(layout)}找不到表头（收入、支出两侧各有一个“项目”栏）", g, top, 0,
                           expected="表头中有两个“项目”")
        h0 = hrow
        while h0 - 1 > top and any(t in ("收入", "支出") for t in g.row_texts(h0 - 1)):
            h0 -= 1
        lanci = self.find_row(g, hrow, {"栏次"}, limit=3)
        first = (lanci + 1) if lanci is not None else hrow + 1
        texts = g.row_texts(hrow)
        starts = [c for c, t in enumerate(texts) if t == "项目"][:2]
        bounds = [(starts[0], starts[1]), (starts[1], g.width)]
        table = Table(id=layout.id)
        sides = []
        for (c0, c1), side in zip(bounds, (layout.left, layout.right), strict=True):
            line_col = next((c for c in range(c0, c1) if texts[c] == "行次"), None)
            cols = self.map_columns(g, side.columns, range(c0 + 1, c1), h0, hrow, self.what(layout))
            sides.append((c0, line_col, cols, side))
        end = first
        for c0, line_col, cols, side in sides:
            by_label: dict[str, Any] = {}
            for spec in side.rows:
                if spec.label:
                    by_label.setdefault(strip_ordinal(spec.label), spec)
                if spec.key in dict(FUNCTION_CLASSES):
                    by_label.setdefault(canon_label(dict(FUNCTION_CLASSES)[spec.key]), spec)
                    for former in catalog.former_names("functional", spec.key):
                        by_label.setdefault(canon_label(former), spec)
            by_line = {spec.line: spec for spec in side.rows if spec.line is not None}
            seen: set[str] = set()
            r = first
            while r < g.height and self.is_note(g, r) is None:
                label = as_text(g.raw(r, c0)).strip()
                line_v = g.raw(r, line_col) if line_col is not None else ""
                line = int_or_none(line_v)
                values = self.values(g, r, cols, yuan)
                if not label and line is None and not values:
                    r += 1
                    continue
                if canon_label(label) == "栏次":
                    r += 1
                    continue
                key = strip_ordinal(label)
                spec = by_label.get(key) if label else None
                if spec is None and line is not None:  # by 行次, when the label is blank or close enough
                    cand = by_line.get(line)
                    if cand is not None and (not label or not cand.label or similar(key, strip_ordinal(cand.label))):
                        spec = cand
                if spec is None or spec.key in seen:
                    if values:
                        raise self.err(f"{self.what(layout)}中的行“{label or line}”无法识别", g, r, c0,
                                       expected="公开表中的行名称，如“" + side.rows[0].label + "”")
                    r += 1
                    continue
                seen.add(spec.key)
                table.rows.append(Row(spec.key, label, values, line if line is not None else None))
                self.place_row(layout.id, spec.key, g, r, cols)
                r += 1
            end = max(end, r)
        return table, end

    def economic(self, g: Grid, layout: TableLayout, top: int, yuan: bool) -> tuple[Table, int]:
        hrow = self.find_row(g, top, CODE_HEADS)
        if hrow is None:
            raise self.err(f"{self.what(layout)}找不到表头", g, top, 0, expected="表头中有“科目代码”“科目名称”“决算数”")
        texts = g.row_texts(hrow)
        value_label = canon_label(layout.columns[0].label if layout.columns else "决算数")
        starts = [c for c, t in enumerate(texts) if t in CODE_HEADS]
        blocks = []
        for i, c0 in enumerate(starts):
            c1 = starts[i + 1] if i + 1 < len(starts) else g.width
            name_col = next((c for c in range(c0 + 1, c1) if texts[c] in NAME_HEADS), c0 + 1)
            amount_col = next((c for c in range(c0 + 1, c1) if texts[c] == value_label), None)
            if amount_col is None:
                cand = next((c for c in range(c0 + 1, c1) if texts[c] not in STRUCTURAL), None)
                if cand is not None:
                    raise self.err(f"{self.what(layout)}的表头“{as_text(g.cell(hrow, cand))}”无法识别", g, hrow, cand,
                                   expected=f"“{layout.columns[0].label if layout.columns else '决算数'}”")
                raise self.err(f"{self.what(layout)}缺少栏目“{value_label}”", g, hrow, c0, expected=f"“{value_label}”")
            blocks.append((c0, name_col, amount_col))
        footer = {strip_ordinal(f.label): f for f in economic.footer(layout)}
        footer.update({strip_ordinal(economic.footer_word(f)): f for f in economic.footer(layout)})
        per_block: list[list[Row]] = [[] for _ in blocks]
        footer_rows: list[Row] = []
        carry: dict[str, str] = {}
        r = hrow + 1
        while r < g.height and self.is_note(g, r) is None:
            texts = g.row_texts(r)
            if g.is_blank(r) or any(t in CODE_HEADS for t in texts):
                r += 1
                continue
            labels = [(c, t) for c, t in enumerate(texts) if t in footer and g.raw(r, c) != ""]
            if labels:
                for i, (c, t) in enumerate(labels):
                    stop = labels[i + 1][0] if i + 1 < len(labels) else g.width
                    val = None
                    for cc in range(c + 1, stop):
                        if g.raw(r, cc) not in ("", None):
                            val = self.amount(g, r, cc, yuan)
                            break
                    spec = footer[t]
                    self.place(cell_key(layout.id, spec.key, "amount"), g, r, c + 1)
                    footer_rows.append(Row(spec.key, as_text(g.raw(r, c)).strip(), {} if val is None else {"amount": val}))
                r += 1
                continue
            for i, (c0, nc, ac) in enumerate(blocks):
                code = self.code(g, r, [c0], "economic", carry)
                label = as_text(g.cell(r, nc)).strip()
                val = self.amount(g, r, ac, yuan)
                if code is None:
                    if label or val is not None:
                        raise self.err(f"这一行没有科目代码（科目名称“{label}”）", g, r, c0,
                                       expected="3或5位数字的经济分类科目代码")
                    continue
                per_block[i].append(Row(code, label, {} if val is None else {"amount": val}))
                self.place(cell_key(layout.id, code, "amount"), g, r, ac)
            r += 1
        table = Table(id=layout.id, rows=[row for rows in per_block for row in rows] + footer_rows)
        return table, r

    def matrix_by_columns(self, g: Grid, layout: TableLayout, top: int, yuan: bool) -> tuple[Table, int]:
        """One data row; each column's figures under its 预算数 / 决算数 sub-columns."""
        first_text = canon_label(layout.header[0][0]["text"]) if layout.header else ""
        h0 = self.find_row(g, top, {first_text})
        if h0 is None:
            raise self.err(f"{self.what(layout)}找不到表头", g, top, 0, expected=f"表头中有“{first_text}”")
        h1 = h0 + len(layout.header) - 1
        paths = self.header_paths(g, h0, h1)
        rows = {canon_label(s.label): s for s in matrix.rows(layout)}
        where: dict[tuple[str, str], int] = {}
        for c, path in enumerate(paths):
            if len(path) < 2 or path[-1] not in rows:
                continue
            upper = {"".join(path[k:-1]) for k in range(len(path) - 1)}
            col = next((x for x in layout.columns if canon_label(x.label) in upper), None)
            if col is not None:
                where.setdefault((rows[path[-1]].key, col.key), c)
        for col in layout.columns:
            for spec in matrix.rows(layout):
                if (spec.key, col.key) not in where:
                    raise self.err(f"{self.what(layout)}缺少栏目“{col.label}{spec.label}”", g, h0, 0,
                                   expected=f"“{col.label}”下分“{spec.label}”")
        r = h1 + 1
        if r < g.height and "栏次" in g.row_texts(r):
            r += 1
        data = r < g.height and self.is_note(g, r) is None
        table = Table(id=layout.id)
        for spec in matrix.rows(layout):
            values = {}
            for col in layout.columns:
                v = self.amount(g, r, where[(spec.key, col.key)], yuan) if data else None
                self.place(cell_key(layout.id, spec.key, col.key), g, r, where[(spec.key, col.key)])
                if v is not None:
                    values[col.key] = v
            table.rows.append(Row(spec.key, spec.label, values))
        return table, r + 1

    def matrix(self, g: Grid, layout: TableLayout, top: int, yuan: bool) -> tuple[Table, int]:
        if layout.orientation == "columns":
            return self.matrix_by_columns(g, layout, top, yuan)
        h0 = self.find_row(g, top, {"项目"})
        if h0 is None:
            raise self.err(f"{self.what(layout)}找不到表头", g, top, 0, expected="表头中有“项目”")
        label_col = g.row_texts(h0).index("项目")
        lanci = self.find_row(g, h0, {"栏次"}, limit=6)
        h1 = lanci - 1 if lanci is not None else h0 + len(layout.header) - 1
        first = (lanci + 1) if lanci is not None else h1 + 1
        cols = self.map_columns(g, layout.columns, range(label_col + 1, g.width), h0, h1, self.what(layout))
        specs = {canon_label(s.label): s for s in matrix.rows(layout)}
        specs.update({canon_label(s.label).replace("数", ""): s for s in matrix.rows(layout)})
        table = Table(id=layout.id)
        r = first
        while r < g.height and self.is_note(g, r) is None:
            label = as_text(g.raw(r, label_col)).strip()
            values = self.values(g, r, cols, yuan)
            if not label and not values:
                r += 1
                continue
            spec = specs.get(canon_label(label))
            if spec is None:
                raise self.err(f"{self.what(layout)}中的行“{label}”无法识别", g, r, label_col,
                               expected="、".join(f"“{s.label}”" for s in matrix.rows(layout)))
            table.rows.append(Row(spec.key, label, values))
            self.place_row(layout.id, spec.key, g, r, cols)
            r += 1
        return table, r

