"""The cells of one worksheet as read by python-calamine, and the conversions every reader needs."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from juesuan.core.amounts import AmountOutOfRange, check_amount, parse_amount, quantize, yuan_to_wan
from juesuan.core.errors import InputError
from juesuan.domain.profiles import DEFAULT_PROFILE, available
from juesuan.formats.workbook.spec import canon_label
from juesuan.layouts import classified

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HEAD_SCAN = 8  # rows searched for the title, 公开NN表 and 单位
CODE_HEADS = {"科目代码", "科目编码", "功能分类科目编码", "功能分类科目代码", "经济分类科目编码", "经济分类科目代码", "代码", "编码"}
NAME_HEADS = {"科目名称", "名称"}
STRUCTURAL = CODE_HEADS | NAME_HEADS | {"项目", "行次", "栏次", "类", "款", "项", "收入", "支出", ""}
TOTAL_LABELS = set(classified.TOTAL_LABELS)
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十\d]+）|\d+[.、．]|其中[:：])")
NUMBER_RE = re.compile(r"公开(\d{1,2})表")
YUAN = re.compile(r"单位[:：]\s*元")
CODE_JUNK = re.compile(r"[\s\-—－_.·、/]+")


# --- the grid of one sheet --------------------------------------------------------------------

class Grid:
    """One sheet's cells (0-based) with merged ranges; `cell` fills a merged range from its top-left."""

    def __init__(self, name: str, rows: list[list[Any]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]):
        self.name = name
        self.rows = rows
        self.height = len(rows)
        self.width = max((len(r) for r in rows), default=0)
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        self.errors: dict[tuple[int, int], str] = {}  # cells holding an Excel error value (#DIV/0! …)
        self._texts: dict[tuple[int, int, bool], str] = {}
        for (r0, c0), (r1, c1) in merged or ():
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self.origin[(r, c)] = (r0, c0)

    def raw(self, r: int, c: int) -> Any:
        if 0 <= r < self.height and 0 <= c < len(self.rows[r]):
            v = self.rows[r][c]
            return "" if v is None else v
        return ""

    def error(self, r: int, c: int) -> str | None:
        """The Excel error value shown at (r, c) (#DIV/0!, #N/A …), or None."""
        if not self.errors:
            return None
        return self.errors.get(self.origin.get((r, c), (r, c)))

    def cell(self, r: int, c: int) -> Any:
        """The value shown at (r, c): a merged cell shows its top-left value."""
        o = self.origin.get((r, c))
        return self.raw(*o) if o else self.raw(r, c)

    def text(self, r: int, c: int, merged: bool = True) -> str:
        key = (r, c, merged)
        t = self._texts.get(key)
        if t is None:
            v = self.cell(r, c) if merged else self.raw(r, c)
            t = self._texts[key] = canon_label(as_text(v)) if v != "" else ""
        return t

    def row_texts(self, r: int) -> list[str]:
        return [self.text(r, c) for c in range(self.width)]

    def is_blank(self, r: int) -> bool:
        return all(self.raw(r, c) in ("", None) for c in range(self.width))

    @staticmethod
    def ref(r: int, c: int) -> str:
        return f"{col_letter(c)}{r + 1}"


def col_letter(c: int) -> str:
    """0 -> A, 26 -> AA."""
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def as_text(v: Any) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return str(v)


def cell_key(table: str, row: str, column: str) -> str:
    """The key of a table cell in ReaderBase.cells (a model field is "field|<path>")."""
    return f"{table}|{row}|{column}"


class ReaderBase:
    """The file being read, its grids, and cell conversions shared by table and fact readers."""

    def __init__(self, file: str, grids: list[Grid]) -> None:
        self.file = file
        self.grids = grids
        self.profile_id = DEFAULT_PROFILE
        self.cells: dict[str, tuple[str, str]] = {}  # where each value was read: cell_key(...) -> (sheet, "C9")

    def place(self, key: str, g: Grid, r: int, c: int | None) -> None:
        if c is not None:
            self.cells.setdefault(key, (g.name, Grid.ref(r, c)))

    def place_row(self, table: str, row: str, g: Grid, r: int, cols: dict[str, int]) -> None:
        for col, c in cols.items():
            self.place(cell_key(table, row, col), g, r, c)

    def err(self, what: str, grid: Grid | None = None, r: int | None = None, c: int | None = None,
            expected: str | None = None) -> InputError:
        cell = Grid.ref(r, c) if (r is not None and c is not None) else None
        return InputError.at(self.file, what, sheet=grid.name if grid else None, cell=cell, expected=expected)

    # values ---------------------------------------------------------------------------------

    def amount(self, g: Grid, r: int, c: int, yuan: bool = False) -> Decimal | None:
        """An amount cell as Decimal 万元 (None when blank); text that is not a number is an error."""
        v = g.raw(r, c)
        if v == "" or v is None:
            self.refuse_error(g, r, c)
            return None
        if isinstance(v, bool) or isinstance(v, dt.date | dt.datetime | dt.time | dt.timedelta):
            raise self.err(f"金额单元格里是“{as_text(v)}”，不是数字", g, r, c, expected="数字（单位：万元）")
        if isinstance(v, int | float):
            d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
            try:
                check_amount(d)
            except AmountOutOfRange as exc:
                raise self.err(str(exc), g, r, c, expected="数字（单位：万元）") from None
            return yuan_to_wan(d) if yuan else quantize(d)
        s = unicodedata.normalize("NFKC", str(v)).strip()
        try:
            d = parse_amount(s)
        except AmountOutOfRange as exc:
            raise self.err(str(exc), g, r, c, expected="数字（单位：万元）") from None
        except ValueError:
            raise self.err(f"金额单元格里是文字“{str(v).strip()}”，不是数字", g, r, c,
                           expected="数字，如 1234.56 或 1,234.56；不涉及的留空") from None
        if d is None:
            return None
        return yuan_to_wan(d) if yuan else d

    def refuse_error(self, g: Grid, r: int, c: int) -> None:
        """An Excel error value (#DIV/0! …) where a value is read is an error in the workbook, never a blank."""
        if (e := g.error(r, c)) is not None:
            raise self.err(f"单元格显示 Excel 错误值“{e}”（公式出错），不能当作空白", g, r, c,
                           expected="改正公式或填入数字后再提交")

    def is_yuan(self, g: Grid) -> bool:
        for r in range(min(HEAD_SCAN, g.height)):
            for t in g.row_texts(r):
                if YUAN.search(t):
                    return True
        return False

    def code(self, g: Grid, r: int, parts: Sequence[int], kind: str, carry: dict[str, str]) -> str | None:
        """The classification code of a row: one code column, or 类/款/项 columns (carried down)."""
        texts = [CODE_JUNK.sub("", unicodedata.normalize("NFKC", as_text(g.cell(r, c)))) for c in parts]
        if not any(texts):
            return None
        lengths = (3, 5, 7) if kind == "functional" else (3, 5)
        if len(parts) == 1:
            code = texts[0]
        else:
            cls, sec, item = (texts + ["", ""])[:3]
            sec, item = (x.zfill(2) if len(x) == 1 else x for x in (sec, item))  # 款 typed as the number 1
            if not cls and (sec or item):
                cls = carry.get("class", "")
            if sec and len(sec) == 2:
                sec = cls + sec
            if item and not sec:
                sec = carry.get("section", "")
            if item and len(item) == 2:
                item = (sec or cls) + item
            code = item or sec or cls
        if not (code.isdigit() and len(code) in lengths):
            shown = " ".join(as_text(g.cell(r, c)) for c in parts).strip()
            what = "、".join(str(n) for n in lengths)
            raise self.err(f"科目代码“{shown}”不是有效的代码", g, r, parts[0],
                           expected=f"{what}位数字的{'功能' if kind == 'functional' else '经济'}分类科目代码")
        carry["class"] = code[:3]
        if len(code) >= 5:
            carry["section"] = code[:5]
        return code

def strip_ordinal(label: str) -> str:
    s = canon_label(label)
    prev = None
    while prev != s:
        prev, s = s, ORDINAL.sub("", s)
    return s


def similar(a: str, b: str) -> bool:
    """Two row labels that name the same row (“使用非财政拨款结余” / “…（含专用结余）”)."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def int_or_none(v: Any) -> int | None:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    s = str(v or "").strip()
    return int(s) if s.isdigit() else None


def profile_alias(value: Any) -> str | None:
    if not value:
        return None
    v = str(value).strip()
    if v in available():
        return v
    matches = [p for p in available() if p.startswith(v + "-")]
    return matches[-1] if matches else v


def set_path(obj: Any, path: str, value: Any) -> None:
    """Set a dotted attribute path ("unit.staffing.retirees")."""
    parts = path.split(".")
    for p in parts[:-1]:
        obj = getattr(obj, p)
    setattr(obj, parts[-1], value)
