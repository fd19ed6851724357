"""Table recognition shared by the text, DOCX, PDF and HTML readers.

A table is identified by the title printed above it, matched against the profile's titles and
aliases (never by its position), then read by its layout: two-sided (收入 | 支出), classified
(类/款/项 codes, possibly split over three columns or printed with spaces), economic (code /
name / amount triples side by side) or matrix ("三公": 预算数 / 决算数 as rows or as columns).
Columns are mapped through the printed 栏次 when there is one, else through header labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from juesuan.core.amounts import parse_amount
from juesuan.core.model import Row, Table
from juesuan.domain.profiles import FUNCTION_CLASSES, Profile, TableLayout
from juesuan.formats.published.blocks import Block, Loc, norm_title

_ORD = re.compile(r"^(?:(?:一|二|三|四|五|六|七|八|九|十)+[、.．]|[（(](?:一|二|三|四|五|六|七|八|九|十)+[）)]|\d+[、.．])")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_NUM = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def cell_text(c: str | None) -> str:
    return "" if c is None else re.sub(r"\s+", "", c)


def norm_label(text: str) -> str:
    """A row / column label for matching: no ordinal, spaces or parenthesised notes."""
    t = _ORD.sub("", cell_text(text))
    t = re.sub(r"[（(][^）)]*[）)]$", "", t)
    return t.replace('"', "“")


def is_number(text: str | None) -> bool:
    return bool(text) and bool(_NUM.match(cell_text(text)))


def amount(text: str | None) -> Decimal | None:
    t = cell_text(text)
    if not t:
        return None
    try:
        return parse_amount(t)
    except ValueError:
        return None


def amount_or_raise(text: str | None) -> Decimal | None:
    """`amount`, except that a number beyond what the model holds raises AmountOutOfRange."""
    from juesuan.core.amounts import AmountOutOfRange

    t = cell_text(text)
    if not t:
        return None
    try:
        return parse_amount(t)
    except AmountOutOfRange:
        raise
    except ValueError:
        return None


@dataclass
class FoundTable:
    """A recognised table: its role, the title block and the joined rows."""

    role: str  # T01…T09, "toc.tables", "perf.overall", "perf.project", "units"
    title: str
    block: Block
    rows: list[list[str | None]] = field(default_factory=list)
    row_locs: list[Loc] = field(default_factory=list)
    title_loc: Loc = field(default_factory=Loc)


EXTRA_TITLES: tuple[tuple[str, str], ...] = (
    ("perf.overall", "整体支出绩效自评表"),
    ("perf.project", "项目支出绩效自评表"),
    ("perf.project", "项目绩效自评表"),
)


@cache
def _title_index(profile_id: str) -> tuple[tuple[str, str, str], ...]:
    """(normalised title, role, title) for every title and alias of a profile, longest first."""
    from juesuan.domain.profiles import load_profile

    profile = load_profile(profile_id)
    out = [(norm_title(t), layout.id, t) for layout in profile.tables.values() for t in layout.all_titles]
    out += [(t, role, t) for role, t in EXTRA_TITLES]
    return tuple(sorted(set(out), key=lambda x: -len(x[0])))


def match_title(text: str, profile: Profile) -> tuple[str, str] | None:
    """(role, title) for a line that names a table, by the longest matching title or alias.

    The title may be followed on the same line by 编制单位 / 公开NN表 / 单位：万元."""
    if "表" not in text or len(text) > 120:
        return None
    text = re.split(r"[，,]|编制单位|公开\d+表|(?:金额)?单位[:：]", text)[0]
    t = norm_title(text)
    if not t or len(t) > 60:
        return None
    for n, role, title in _title_index(profile.id):
        if t == n or (t.endswith(n) and _prefix_ok(t[: -len(n)])):
            return role, title
    return None


def _prefix_ok(prefix: str) -> bool:
    """A title may be preceded by the unit name and year, not by other table words."""
    return not prefix or (not prefix.endswith(("财政拨款", "预算", "基金", "资本经营", "经费", "及"))
                          and not re.search(r"(收入|支出|决算)$", prefix))


def find_tables(blocks: list[Block], profile: Profile) -> list[FoundTable]:
    """Every recognised table, with continuation parts (page breaks) joined."""
    found: list[FoundTable] = []
    pending: tuple[str, str, Loc] | None = None
    since_title = 0
    last: FoundTable | None = None
    between = 0  # blocks since the last table
    for b in blocks:
        if b.kind != "table":
            between += 1
            m = match_title(b.text, profile)
            if m:
                pending, since_title = (m[0], m[1], b.loc), 0
            else:
                since_title += 1
            continue
        if _is_toc(b):
            found.append(FoundTable("toc.tables", "目录", b, list(b.rows), list(b.row_locs), b.loc))
            pending, last = None, None
            continue
        if _is_units_list(b):
            found.append(FoundTable("units", "单位构成", b, list(b.rows), list(b.row_locs), b.loc))
            pending = None
            continue
        if pending is not None and since_title <= 8:
            ft = FoundTable(pending[0], pending[1], b, list(b.rows), list(b.row_locs), pending[2])
            found.append(ft)
            last, pending, between = ft, None, 0
            continue
        if last is not None and between <= 3 and _continues(last, b):
            start = _repeated_header(last.rows, b.rows)
            last.rows.extend(b.rows[start:])
            last.row_locs.extend(b.row_locs[start:])
            between = 0
            continue
        last, between = None, 0
    return found


def _is_toc(b: Block) -> bool:
    head = [cell_text(c) for c in b.rows[0]] if b.rows else []
    return any("是否空表" in c for c in head)


def _is_units_list(b: Block) -> bool:
    head = [cell_text(c) for c in b.rows[0]] if b.rows else []
    return "单位名称" in head and "序号" in head and len(head) <= 4


def _continues(prev: FoundTable, b: Block) -> bool:
    if prev.role.startswith("perf.") and b.rows:  # a self-evaluation table goes on with another grid
        return True
    width = max((len(r) for r in prev.rows), default=0)
    return bool(b.rows) and abs(max(len(r) for r in b.rows) - width) <= 1


def _repeated_header(first: list[list[str | None]], cont: list[list[str | None]]) -> int:
    """How many leading rows of a continuation repeat the table's header rows."""
    n = 0
    while (n < len(cont) and n < len(first)
           and [cell_text(c) for c in cont[n]] == [cell_text(c) for c in first[n]]
           and not any(is_number(c) for c in cont[n] if c and not _is_column_number_row(cont[n]))):
        n += 1
    if n == 0 and cont:
        # T06-style continuation: the repeated header is the table's first row
        texts = [cell_text(c) for c in cont[0]]
        if texts == [cell_text(c) for c in first[0]]:
            n = 1
    return n


def _is_column_number_row(row: list[str | None]) -> bool:
    return any(cell_text(c) == "栏次" for c in row)


# --- header analysis ----------------------------------------------------------------------------

@dataclass
class Header:
    """Header rows, per-column label paths and printed 栏次, and where the data starts."""

    paths: list[list[str]]
    numbers: list[int | None]
    data_start: int


def analyse_header(rows: list[list[str | None]], spans: dict[tuple[int, int], tuple[int, int]] | None = None,
                   two_sided: bool = False, matrix: bool = False) -> Header:
    width = max((len(r) for r in rows), default=0)
    start = 0
    numbers: list[int | None] = [None] * width
    for i, r in enumerate(rows[:8]):
        if any(cell_text(c) == "栏次" for c in r):
            numbers = [int(cell_text(c)) if cell_text(c).isdigit() else None for c in r]
            numbers += [None] * (width - len(numbers))
            start = i + 1
            break
    else:
        for i, r in enumerate(rows[:8]):
            if _is_data_row(r, two_sided, matrix):
                start = i
                break
        else:
            marks = [i for i, r in enumerate(rows[:8]) if matrix and all(cell_text(c) in ("预算数", "决算数", "")
                                                                         for c in r) and any(cell_text(c) for c in r)]
            start = marks[-1] + 1 if marks else min(len(rows), 3)
    paths: list[list[str]] = [[] for _ in range(width)]
    for i in range(min(start, len(rows))):
        r = rows[i]
        for j in range(width):
            c = r[j] if j < len(r) else ""
            text = cell_text(c)
            if c is None:
                origin = (spans or {}).get((i, j))
                if origin is not None:
                    text = cell_text(rows[origin[0]][origin[1]])
                elif j > 0 and (spans is None):
                    text = ""
            if text and text != "栏次" and (not paths[j] or paths[j][-1] != text):
                paths[j].append(text)
    return Header(paths, numbers, start)


def _is_data_row(r: list[str | None], two_sided: bool, matrix: bool = False) -> bool:
    texts = [cell_text(c) for c in r]
    if matrix:
        return bool(texts) and texts[0] in ("预算数", "决算数") and not all(
            t in ("预算数", "决算数", "") for t in texts) or (bool(texts) and all(t == "" or is_number(t) for t in texts)
                                                            and any(t for t in texts))
    if any(_CODE.match(t) for t in texts[:3]) and any(is_number(t) for t in texts[1:]):
        return True
    if any(t in ("合计", "总计") for t in texts[:2]) or (
            any(t in ("合计", "总计") for t in texts[:4]) and any(is_number(t) for t in texts[2:])):
        return True
    if two_sided and texts and _ORD.match(texts[0]):
        return True
    if texts and texts[0] in ("预算数", "决算数"):
        return not all(t in ("预算数", "决算数", "") for t in texts)
    return bool(texts) and _ORD.match(texts[0]) is not None and any(is_number(t) for t in texts[1:])


COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "total": ("本年收入合计", "本年支出合计", "小计", "合计"),
    "appropriation": ("财政拨款收入", "财政拨款"),
    "remittance_to_superior": ("上缴上级支出",),
    "subsidy_to_affiliated": ("对附属单位补助支出",),
    "opening_balance": ("年初结转和结余",),
    "closing_balance": ("年末结转和结余",),
    "income": ("本年收入",),
    "overseas": ("因公出国（境）费", "因公出国(境)费"),
    "vehicle": ("小计", "公务用车购置及运行维护费小计"),
    "vehicle_purchase": ("公务用车购置费",),
    "vehicle_operation": ("公务用车运行维护费", "公务用车运行费"),
    "reception": ("公务接待费",),
    "meeting": ("会议费",),
    "training": ("培训费",),
}


def map_columns(layout: TableLayout, header: Header, columns: tuple, skip: set[int]) -> dict[int, str]:
    """Column index -> column key, by 栏次 when printed, else by header labels."""
    out: dict[int, str] = {}
    by_number = {c.number: c.key for c in columns if c.number is not None}
    if any(n is not None for n in header.numbers) and by_number:
        for j, n in enumerate(header.numbers):
            if j not in skip and n in by_number:
                out[j] = by_number[n]
        if len(out) == len([c for c in columns if c.number is not None]):
            return out
        out = {}
    used: set[str] = set()
    for j, path in enumerate(header.paths):
        if j in skip or not path:
            continue
        key = _match_column(path, columns, used)
        if key:
            out[j] = key
            used.add(key)
    return out


def _match_column(path: list[str], columns: tuple, used: set[str]) -> str | None:
    for label in reversed(path):  # most specific first
        lab = norm_label(label)
        for c in columns:
            if c.key in used:
                continue
            names = {norm_label(c.label), *(norm_label(a) for a in COLUMN_ALIASES.get(c.key, ()))}
            if lab in names:
                return c.key
    return None


# --- readers per layout -------------------------------------------------------------------------

def read_table(ft: FoundTable, profile: Profile, spans: dict | None = None) -> tuple[Table, dict[str, Loc]]:
    """The model table for a recognised table, and the location of each row key."""
    layout = profile.table(ft.role)
    kind = layout.layout
    if kind == "two_sided":
        return _two_sided(ft, layout, spans)
    if kind == "economic":
        return _economic(ft, layout)
    if kind == "matrix":
        return _matrix(ft, layout, profile, spans)
    return _classified(ft, layout, spans)


def _classified(ft: FoundTable, layout: TableLayout, spans: dict | None) -> tuple[Table, dict[str, Loc]]:
    rows = ft.rows
    header = analyse_header(rows, spans)
    width = len(header.paths)
    code_cols, name_col = _code_columns(header, rows)
    colmap = map_columns(layout, header, layout.columns, set(code_cols) | {name_col})
    table = Table(layout.id)
    locs: dict[str, Loc] = {}
    prev: Row | None = None
    last = ["", "", ""]  # 类 / 款 printed in split columns only where they change
    for i in range(header.data_start, len(rows)):
        r = rows[i] + [""] * (width - len(rows[i]))
        parts = [re.sub(r"[\s\-－.]", "", cell_text(r[c])) for c in code_cols]
        if len(parts) == 3 and all(p.isdigit() or not p for p in parts) and any(parts):
            k = next(j for j, p in enumerate(parts) if p)
            parts = last[:k] + parts[k:] if k else parts
            depth = max(j for j, p in enumerate(parts) if p) + 1
            parts = parts[:depth]
            last = parts + [""] * (3 - len(parts))
        code = "".join(parts)
        name = cell_text(r[name_col]) if name_col is not None else ""
        values = {k: amount(r[j]) for j, k in colmap.items()}
        if not code.isdigit():
            first = cell_text(r[0]) + name
            if "合计" in first or "总计" in first:
                key, name = "total", "合计"
            elif prev is not None and not any(v is not None for v in values.values()) and (name or code):
                prev.label += name or code  # a wrapped name
                continue
            else:
                continue
        else:
            key = code
        row = Row(key, name, {k: v for k, v in values.items() if v is not None})
        if table.row(key) is not None:
            continue
        table.rows.append(row)
        locs[key] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
        prev = row
    total = table.row("total")
    if total is not None:  # the 合计 row first, as printed in most layouts
        table.rows.remove(total)
        table.rows.insert(0, total)
    return table, locs


def _code_columns(header: Header, rows: list[list[str | None]]) -> tuple[list[int], int | None]:
    """Indices of the code column(s) (类/款/项 may be split) and of the name column."""
    code_cols: list[int] = []
    name_col: int | None = None
    for j, path in enumerate(header.paths):
        joined = "".join(path)
        if path and path[-1] in ("类", "款", "项"):
            code_cols.append(j)
        elif ("代码" in joined or "编码" in joined) and not code_cols:
            code_cols.append(j)
        elif "名称" in joined and name_col is None:
            name_col = j
    if not code_cols:
        code_cols = [0]
    if name_col is None:
        name_col = max(code_cols) + 1
    return code_cols, name_col


def _side_bounds(header_rows: list[list[str | None]]) -> int | None:
    for r in header_rows:
        texts = [cell_text(c) for c in r]
        if "支出" in texts and "收入" in texts:
            return texts.index("支出")
    for r in header_rows:
        texts = [cell_text(c) for c in r]
        idx = [j for j, t in enumerate(texts) if t == "项目"]
        if len(idx) >= 2:
            return idx[1]
    return None


_FUND_KEYS = (("一般公共预算财政拨款", "general_budget"), ("政府性基金预算财政拨款", "fund_budget"),
              ("国有资本经营预算财政拨款", "state_capital_budget"))
_CLASS_BY_NAME = {name: code for code, name in FUNCTION_CLASSES}
_SIDE_ALIASES = {"总计": ("income_grand_total", "expenditure_grand_total")}


def _two_sided(ft: FoundTable, layout: TableLayout, spans: dict | None) -> tuple[Table, dict[str, Loc]]:
    assert layout.left and layout.right
    rows = ft.rows
    header = analyse_header(rows, spans, two_sided=True)
    split = _side_bounds(rows[: max(header.data_start, 1)])
    width = len(header.paths)
    if split is None:
        split = width // 2
    table = Table(layout.id)
    locs: dict[str, Loc] = {}

    def side_columns(lo: int, hi: int, cols: tuple) -> tuple[int, int | None, dict[int, str]]:
        label_col, line_col = lo, None
        for j in range(lo, hi):
            p = "".join(header.paths[j])
            if "行次" in p:
                line_col = j
        sub = Header(header.paths, header.numbers, header.data_start)
        skip = {j for j in range(width) if not lo <= j < hi} | {label_col} | ({line_col} if line_col is not None else set())
        cmap = map_columns(layout, sub, cols, skip)
        if not cmap:  # a single amount column without a usable label
            rest = [j for j in range(lo, hi) if j not in skip]
            cmap = {j: c.key for j, c in zip(rest, cols, strict=False)}
        return label_col, line_col, cmap

    left = side_columns(0, split, layout.left.columns)
    right = side_columns(split, width, layout.right.columns)
    state = {"opening": False, "closing": 0}
    for i in range(header.data_start, len(rows)):
        r = rows[i] + [""] * (width - len(rows[i]))
        for side, (lc, nc, cmap) in (("left", left), ("right", right)):
            label = cell_text(r[lc])
            line = int(cell_text(r[nc])) if nc is not None and cell_text(r[nc]).isdigit() else None
            key = _side_key(label, side, layout, state)
            if key is None:
                continue
            values = {k: amount(r[j]) for j, k in cmap.items()}
            if table.row(key) is not None:
                continue
            spec = layout.row_spec(key)
            table.rows.append(Row(key, label or (spec.label if spec else ""),
                                  {k: v for k, v in values.items() if v is not None},
                                  line if line is not None else (spec.line if spec else None)))
            locs[key] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
    return table, locs


def _side_key(label: str, side: str, layout: TableLayout, state: dict) -> str | None:
    assert layout.left and layout.right
    lab = norm_label(label)
    if side == "right" and not lab:
        if state["closing"] and state["closing"] <= 3 and layout.id == "T04":
            key = ("closing_general_budget", "closing_fund_budget", "closing_state_capital_budget")[state["closing"] - 1]
            state["closing"] += 1
            return key
        return None
    if not lab:
        return None
    if lab in ("总计", "合计"):
        return "income_grand_total" if side == "left" else "expenditure_grand_total"
    if side == "right":
        if lab in _CLASS_BY_NAME:
            return _CLASS_BY_NAME[lab]
        if "结转和结余" in lab:
            state["closing"] = 1
            return "closing_balance"
        for spec in layout.right.rows:
            if spec.label and norm_label(spec.label) == lab:
                return spec.key
        return None
    if "年初" in lab and "结转和结余" in lab:
        state["opening"] = True
        return "opening_balance"
    base = lab[:-2] if lab.endswith("收入") and "财政拨款" in lab else lab
    for fund, key in _FUND_KEYS:
        if base == fund:
            return f"opening_{key}" if state["opening"] else key
    for spec in layout.left.rows:
        if spec.label and norm_label(spec.label) in (lab, base):
            return spec.key
    return None


def _economic(ft: FoundTable, layout: TableLayout) -> tuple[Table, dict[str, Loc]]:
    rows = ft.rows
    width = max(len(r) for r in rows)
    head = [cell_text(c) for c in rows[0]]
    # code / name / amount triples side by side: find the code columns from the data
    code_cols = []
    for j in range(width):
        vals = [cell_text(r[j]) for r in rows if j < len(r) and cell_text(r[j])]
        codes = [v for v in vals if _CODE.match(v) and len(v) <= 5]
        if vals and len(codes) >= max(2, len(vals) // 3):
            code_cols.append(j)
    amount_cols = [j + 2 for j in code_cols if j + 2 < width] or [j for j in range(2, width, 3)]
    groups: list[list[Row]] = [[] for _ in amount_cols]
    table = Table(layout.id)
    locs: dict[str, Loc] = {}
    footer: dict[str, Decimal | None] = {}
    for i, r in enumerate(rows):
        r = r + [""] * (width - len(r))
        texts = [cell_text(c) for c in r]
        if texts == head:
            continue
        for j, t in enumerate(texts):
            for key, word in (("personnel_total", "人员经费"), ("public_total", "公用经费")):
                if t.startswith(word) and key not in footer:
                    footer[key] = next((amount(x) for x in texts[j + 1:] if is_number(x)), None)
                    locs[key] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
        for g, aj in enumerate(amount_cols):
            cj = aj - 2
            if cj < 0:
                continue
            code = texts[cj]
            if not _CODE.match(code) or len(code) > 5:
                continue
            val = amount(texts[aj])
            groups[g].append(Row(code, texts[cj + 1], {} if val is None else {"amount": val}))
            locs[code] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
    for g in groups:
        table.rows.extend(g)
    for key, label in (("personnel_total", "人员经费合计"), ("public_total", "公用经费合计")):
        if key in footer:
            val = footer[key]
            table.rows.append(Row(key, label, {} if val is None else {"amount": val}))
    return table, locs


def _matrix(ft: FoundTable, layout: TableLayout, profile: Profile, spans: dict | None) -> tuple[Table, dict[str, Loc]]:
    rows = ft.rows
    header = analyse_header(rows, spans, matrix=True)
    width = len(header.paths)
    table = Table(layout.id)
    locs: dict[str, Loc] = {}
    by_row = any(any(p in ("预算数", "决算数") for p in path) for path in header.paths)
    if by_row:  # 预算数 / 决算数 are columns (Shanghai): one data row
        values: dict[str, dict[str, Decimal | None]] = {"budget": {}, "actual": {}}
        for j, path in enumerate(header.paths):
            rk = "budget" if "预算数" in path else "actual" if "决算数" in path else None
            rest = [p for p in path if p not in ("预算数", "决算数")]
            key = _match_column(rest, layout.columns, set()) if rest else None
            if rk is None or key is None:
                continue
            data = next((rows[i] for i in range(header.data_start, len(rows))), None)
            values[rk][key] = amount(data[j]) if data is not None and j < len(data) else None
        for rk, label in (("budget", "预算数"), ("actual", "决算数")):
            table.rows.append(Row(rk, label, {k: v for k, v in values[rk].items() if v is not None}))
            locs[rk] = ft.row_locs[header.data_start] if header.data_start < len(ft.row_locs) else ft.title_loc
        return table, locs
    colmap = map_columns(layout, header, layout.columns, {0})
    for i in range(header.data_start, len(rows)):
        r = rows[i] + [""] * (width - len(rows[i]))
        first = cell_text(r[0])
        rk = "budget" if first.startswith("预算") else "actual" if first.startswith("决算") else None
        if rk is None or table.row(rk) is not None:
            continue
        vals = {k: amount(r[j]) for j, k in colmap.items()}
        table.rows.append(Row(rk, first, {k: v for k, v in vals.items() if v is not None}))
        locs[rk] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
    return table, locs


def empty_declarations(ft: FoundTable, profile: Profile) -> dict[str, str]:
    """From the 目录 table: role id -> reason, for tables declared empty (是否空表 = 是)."""
    head = [cell_text(c) for c in ft.rows[0]]
    try:
        ci = next(j for j, t in enumerate(head) if t in ("内容", "表名", "名称"))
        ei = next(j for j, t in enumerate(head) if "是否空表" in t)
    except StopIteration:
        return {}
    ri = next((j for j, t in enumerate(head) if "理由" in t or "原因" in t or "说明" in t), None)
    out: dict[str, str] = {}
    for r in ft.rows[1:]:
        if ci >= len(r) or ei >= len(r):
            continue
        m = match_title(cell_text(r[ci]), profile)
        if m and cell_text(r[ei]) == "是":
            reason = cell_text(r[ri]) if ri is not None and ri < len(r) else ""
            out[m[0]] = reason or "是"
    return out
