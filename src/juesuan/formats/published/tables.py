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
from functools import cache, lru_cache

from juesuan.core.amounts import AmountOutOfRange, parse_amount
from juesuan.core.model import Row, Table
from juesuan.derive import FUNDS
from juesuan.domain.profiles import FUNCTION_CLASSES, Profile, TableLayout
from juesuan.formats.published.blocks import Block, Loc, norm_title
from juesuan.layouts import classified, economic
from juesuan.layouts import columns as column_labels
from juesuan.layouts import matrix as matrix_layout
from juesuan.layouts import two_sided as two_sided_layout

_ORD = re.compile(r"^(?:(?:一|二|三|四|五|六|七|八|九|十)+[、.．]|[（(](?:一|二|三|四|五|六|七|八|九|十)+[）)]|\d+[、.．])")
_CODE = classified.CODE
_NUM = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_UNIT = re.compile(r"单位[:：]\s*(万元|元|千元)")
_WAN_SHIFT = {"元": -4, "千元": -1, "万元": 0}  # decimal places from the printed unit to 万元


def cell_text(c: str | None) -> str:
    """A cell's text without any whitespace (str.split's whitespace is the regex's \\s)."""
    return "" if c is None else "".join(c.split())


@lru_cache(maxsize=8192)
def norm_label(text: str) -> str:
    """A row / column label for matching: no ordinal, spaces or parenthesised notes."""
    t = _ORD.sub("", cell_text(text))
    t = re.sub(r"[（(][^）)]*[）)]$", "", t)
    return t.replace('"', "“")


def is_number(text: str | None) -> bool:
    return bool(text) and bool(_NUM.match(cell_text(text)))


def amount(text: str | None) -> Decimal | None:
    """A cell's amount; None for an empty cell, text that is not a number, or one out of range."""
    try:
        return amount_or_raise(text)
    except AmountOutOfRange:
        return None


def amount_or_raise(text: str | None) -> Decimal | None:
    """`amount`, except that a number beyond what the model holds raises AmountOutOfRange."""
    if not text:
        return None
    got = _cell_amount(text)
    if got is _OUT_OF_RANGE:
        parse_amount(cell_text(text))  # raises AmountOutOfRange with its message
    return None if got is _NOT_A_NUMBER else got  # type: ignore[return-value]


_NOT_A_NUMBER = object()
_OUT_OF_RANGE = object()


@lru_cache(maxsize=8192)
def _cell_amount(text: str) -> object:
    """A cell's amount, cached by its text (every cell is parsed when checked for range and again
    when its table is read; a report repeats its figures): Decimal, None or a marker."""
    t = cell_text(text)
    if not t:
        return None
    try:
        return parse_amount(t)
    except AmountOutOfRange:
        return _OUT_OF_RANGE
    except ValueError:
        return _NOT_A_NUMBER


@dataclass
class FoundTable:
    """A recognised table: its role, the title block and the joined rows."""

    role: str  # T01…T09, "toc.tables", "perf.overall", "perf.project", "units"
    title: str
    block: Block
    rows: list[list[str | None]] = field(default_factory=list)
    row_locs: list[Loc] = field(default_factory=list)
    title_loc: Loc = field(default_factory=Loc)
    unit: str = "万元"  # the money unit printed with the table (单位：元 / 万元)


EXTRA_TITLES: tuple[tuple[str, str], ...] = (
    ("perf.overall", "整体支出绩效自评表"),
    ("perf.project", "项目支出绩效自评表"),
    ("perf.project", "项目绩效自评表"),
    # tables some templates add (单位决算, 项目收入支出, 机构运行经费): recognised so that they are
    # neither taken for one of the nine nor joined to the table before them; not read into the model
    ("other", "项目收入支出决算表"),
    ("other", "机构运行经费支出决算表"),
    ("other", "机构运行经费决算表"),
    ("other", "机关运行经费支出决算表"),
    ("other", "一般公共预算财政拨款机关运行经费支出决算表"),
    ("other", "财政拨款支出决算明细表"),
    ("other", "一般公共预算财政拨款支出决算明细表"),
    ("other", "一般公共预算财政拨款项目支出决算表"),
)


@cache
def _title_index(profile_id: str) -> tuple[tuple[str, str, str], ...]:
    """(normalised title, role, title) for every title and alias of a profile, longest first."""
    from juesuan.domain.profiles import load_profile

    profile = load_profile(profile_id)
    out = [(norm_title(t), layout.id, t) for layout in profile.tables.values() for t in layout.all_titles]
    out += [(t, role, t) for role, t in EXTRA_TITLES]
    out += [(norm_title(t), "other", t) for t in profile.raw.get("other_tables", ())]  # the template's own extras
    return tuple(sorted(set(out), key=lambda x: -len(x[0])))


def match_title(text: str, profile: Profile) -> tuple[str, str] | None:
    """(role, title) for a line that names a table, by the longest matching title or alias.

    The title may be followed on the same line by 编制单位 / 公开NN表 / 单位：万元."""
    if "表" not in text or len(text) > 120:
        return None
    return _match_title(text, profile.id)


@lru_cache(maxsize=8192)
def _match_title(text: str, profile_id: str) -> tuple[str, str] | None:
    text = re.sub(r"[（(][^）)]*(?:无|空表|为空|数据)[^）)]*[）)]", "", text)  # （此表无数据）
    text = re.sub(r"公开\d+表", " ", text).strip()  # the label before or after the title
    text = re.split(r"[，,]|编制单位|(?:金额)?单位[:：]", text)[0]
    t = norm_title(text)
    if not t or len(t) > 60:
        return None
    for n, role, title in _title_index(profile_id):
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
    unit = "万元"
    for b in blocks:
        if b.kind != "table":
            between += 1
            u = _UNIT.search(b.text)
            m = match_title(b.text, profile)
            if m:
                pending, since_title = (m[0], m[1], b.loc), 0
                unit = u.group(1) if u else "万元"
            else:
                since_title += 1
                if u:
                    unit = u.group(1)
                elif _looks_like_title(b.text):
                    last = None  # a table this profile does not know: do not join it to the previous one
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
            ft = FoundTable(pending[0], pending[1], b, list(b.rows), list(b.row_locs), pending[2], unit)
            found.append(ft)
            last, pending, between = ft, None, 0
            continue
        if (last is not None and last.role.startswith("perf.") and _perf_role(b)
                and _filled(b.rows[0]) != _filled(last.rows[0])):  # the same first row: repeated on the next page
            # a self-evaluation table whose title was not read (glued to the text above): its first
            # row (项目名称 / 部门（单位）名称) starts a new one, never a continuation of the last
            ft = FoundTable(_perf_role(b) or last.role, last.title, b, list(b.rows), list(b.row_locs), b.loc, unit)
            found.append(ft)
            last, pending, between = ft, None, 0
            continue
        role = _perf_role(b)
        if role and (last is None or not last.role.startswith("perf.")) and _evaluation_body(b):
            # a self-evaluation table under a title the profile does not know (部门预算项目支出绩效自评表
            # (2023年度), a document of such tables alone): known by its first row and its headers
            title = next(t for r, t in EXTRA_TITLES if r == role)
            ft = FoundTable(role, title, b, list(b.rows), list(b.row_locs), b.loc, unit)
            found.append(ft)
            last, pending, between = ft, None, 0
            continue
        if last is not None and between <= 3 and _continues(last, b):
            cont = _aligned_by_x(last.block, b) or b.rows
            start = _repeated_header(last.rows, cont)
            last.rows.extend(_aligned(last.rows, cont[start:]))
            last.row_locs.extend(b.row_locs[start:])
            between = 0
            continue
        last, between = None, 0
    return found


def _looks_like_title(text: str) -> bool:
    """A table title the profile does not list (项目收入支出决算表, 机构运行经费…表)."""
    return len(text) <= 50 and re.search(r"(决算|预算)(明细)?表$", text) is not None


def _is_toc(b: Block) -> bool:
    head = [cell_text(c) for c in b.rows[0]] if b.rows else []
    return any("是否空表" in c for c in head)


def _is_units_list(b: Block) -> bool:
    head = [cell_text(c) for c in b.rows[0]] if b.rows else []
    return "单位名称" in head and "序号" in head and len(head) <= 4


def _filled(row: list[str | None]) -> list[str]:
    return [t for t in (cell_text(c) for c in row) if t]


def _perf_role(b: Block) -> str | None:
    """A self-evaluation table's role by its first row (imported here: perf_tables uses this module)."""
    from juesuan.formats.published.perf_tables import evaluation_role

    return evaluation_role(b.rows[0]) if b.rows else None


def _evaluation_body(b: Block) -> bool:
    """A table with a self-evaluation table's headers: 一级指标, or 年初预算 … 执行数 (项目资金)."""
    for r in b.rows[:40]:
        joined = "".join(cell_text(c) for c in r)
        if "一级指标" in joined or ("年初预算" in joined and "执行数" in joined):
            return True
    return False


def _continues(prev: FoundTable, b: Block) -> bool:
    if prev.role.startswith("perf.") and b.rows:  # a self-evaluation table goes on with another grid
        return True
    width = max((len(r) for r in prev.rows), default=0)
    if not b.rows:
        return False
    cont = max(len(r) for r in b.rows)
    return abs(cont - width) <= 1 or cont == len(_data_positions(prev.rows))


def _data_positions(rows: list[list[str | None]]) -> list[int]:
    """Positions of the cells a data row really has (a code cell spanning 类 | 款 | 项 is one)."""
    for r in reversed(rows):
        if any(is_number(c) for c in r):
            return [j for j, c in enumerate(r) if c is not None]
    return []


def _aligned(first: list[list[str | None]], cont: list[list[str | None]]) -> list[list[str | None]]:
    """Continuation rows placed under the first part's columns: a page printed without the merged
    header columns (类 | 款 | 项 -> one code column) has fewer columns than the first part."""
    width = max((len(r) for r in first), default=0)
    positions = _data_positions(first)
    out = []
    for r in cont:
        if len(r) < width and len(r) == len(positions):
            wide: list[str | None] = [None] * width
            for k, j in enumerate(positions):
                wide[j] = r[k]
            out.append(wide)
        else:
            out.append(r)
    return out


def _aligned_by_x(first: Block, cont: Block) -> list[list[str | None]] | None:
    """A continuation's rows placed under the first part's columns by where their column rules are
    (PDF): a page that goes on without the merged cells of the columns on the left (一级/二级指标)
    draws fewer column rules, and its cells belong to the columns of the same x, not of the same
    order.  A cell covering several of the first part's columns sits in the leftmost (the others
    None, as for a merged cell).  None when either part has no rules or a rule of the continuation
    is not one of the first part's."""
    xs, cs = first.columns, cont.columns
    if not xs or not cs or len(cs) == len(xs) or len(cs) < 2:
        return None
    tol = 2.0
    at = []
    for c in cs:
        j = min(range(len(xs)), key=lambda k: abs(xs[k] - c))
        if abs(xs[j] - c) > tol:
            return None
        at.append(j)
    if any(b <= a for a, b in zip(at, at[1:], strict=False)):
        return None
    out: list[list[str | None]] = []
    for r in cont.rows:
        wide: list[str | None] = [None] * (len(xs) - 1)
        for k, cell in enumerate(r[:len(at) - 1]):
            wide[at[k]] = cell
        out.append(wide)
    return out


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
            start = _empty_table_start(rows, matrix)
    paths: list[list[str]] = [[] for _ in range(width)]
    above: list[list[str]] = [[] for _ in range(width)]  # each column's header texts so far, blanks filled
    for i in range(min(start, len(rows))):
        r = rows[i]
        row_texts: list[str] = []
        for j in range(width):
            c = r[j] if j < len(r) else ""
            text = cell_text(c)
            if c is None:
                origin = (spans or {}).get((i, j))
                if origin is not None:
                    text = cell_text(rows[origin[0]][origin[1]])
                elif j > 0 and (spans is None):
                    text = ""
            elif not text and spans is None and j > 0 and row_texts[j - 1] and above[j] == above[j - 1]:
                # a text copy without merged cells (TXT): a blank header cell right of a label, under
                # the same parent labels, is that label's merged cell (合计 | blank over 预算数 | 决算数)
                text = row_texts[j - 1]
            row_texts.append(text)
            if text and text != "栏次" and (not paths[j] or paths[j][-1] != text):
                paths[j].append(text)
        for j in range(width):
            above[j].append(row_texts[j])
    return Header(paths, numbers, start)


def _empty_table_start(rows: list[list[str | None]], matrix: bool) -> int:
    """Where the data of a table without figures starts: its first row with a code or 合计 in the
    first cell; for a "三公" matrix, after its last 预算数 / 决算数 row; else after three rows."""
    if not matrix:
        for i, r in enumerate(rows[:8]):
            first = cell_text(r[0]) if r else ""
            if _CODE.match(first) or first in classified.TOTAL_LABELS:
                return i
        return min(len(rows), 3)
    marks = [i for i, r in enumerate(rows[:8]) if all(cell_text(c) in (*matrix_layout.LABELS, "") for c in r)
             and any(cell_text(c) for c in r)]
    return marks[-1] + 1 if marks else min(len(rows), 3)


def _is_data_row(r: list[str | None], two_sided: bool, matrix: bool = False) -> bool:
    texts = [cell_text(c) for c in r]
    if matrix:
        if len(texts) > 1 and texts[0] and not is_number(texts[0]) and any(is_number(t) for t in texts[1:]) \
                and all(t == "" or is_number(t) for t in texts[1:]):
            return True  # an item down the rows (合计, 因公出国（境）费 …) with its figures
        return bool(texts) and texts[0] in matrix_layout.LABELS and not all(
            t in (*matrix_layout.LABELS, "") for t in texts) or (bool(texts) and all(t == "" or is_number(t) for t in texts)
                                                            and any(t for t in texts))
    if any(_CODE.match(t) for t in texts[:3]) and any(is_number(t) for t in texts[1:]):
        return True
    if any(t in classified.TOTAL_LABELS for t in texts[:2]) or (
            any(t in classified.TOTAL_LABELS for t in texts[:4]) and any(is_number(t) for t in texts[2:])):
        return True
    if two_sided and texts and _ORD.match(texts[0]):
        return True
    if texts and texts[0] in matrix_layout.LABELS:
        return not all(t in (*matrix_layout.LABELS, "") for t in texts)
    return bool(texts) and _ORD.match(texts[0]) is not None and any(is_number(t) for t in texts[1:])


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
    labels: list[str] = []
    for i in range(len(path) - 1, -1, -1):  # most specific first; "小计" under its parent first as one
        if path[i] == "小计" and i > 0:
            labels.append(path[i - 1] + path[i])
        labels.append(path[i])
    for label in labels:
        lab = norm_label(label)
        for c in columns:
            if c.key in used:
                continue
            names = {norm_label(x) for x in column_labels.printed_labels(c)}
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
    last = [""] * len(code_cols)  # 类 / 款 printed in split columns only where they change
    for i in range(header.data_start, len(rows)):
        r = rows[i] + [""] * (width - len(rows[i]))
        parts = [re.sub(r"[\s\-－.]", "", cell_text(r[c])) for c in code_cols]
        if len(parts) >= 2 and all(p.isdigit() or not p for p in parts) and any(parts):
            # 类 | 款 | 项 (or economic 类 | 款) in separate columns, 类 and 款 printed where they change
            parts, last = classified.carry_code(parts, last)
        code = "".join(parts)
        name = _name_of(r, code_cols, name_col) if name_col is not None else ""
        values = {k: amount(r[j]) for j, k in colmap.items()}
        if not code.isdigit():
            first = cell_text(r[0]) + name
            if "合计" in first or "总计" in first:
                key, name = "total", "合计"
            elif re.fullmatch(r"[…．.。·\s]*", name + code):
                continue  # a "……" placeholder row of a template
            elif prev is not None and not any(v is not None for v in values.values()) and (name or code):
                prev.label += name or code  # a wrapped name
                continue
            else:
                continue
        else:
            key = code
        row = Row(key, name, {k: v for k, v in values.items() if v is not None})
        if key in locs:  # each row appended has its location: the first printed row of a key wins
            continue
        table.rows.append(row)
        locs[key] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
        prev = row
    total = table.row("total")
    if total is not None:  # the 合计 row first, as printed in most layouts
        table.rows.remove(total)
        table.rows.insert(0, total)
    return table, locs


def _name_of(r: list[str | None], code_cols: list[int], name_col: int) -> str:
    """The name of a coded row: its name cell, or the text printed between the code and the name
    column when the drawn rules put it there (a code header spanning two columns)."""
    name = cell_text(r[name_col]) if name_col < len(r) else ""
    if name:
        return name
    for j in range(max(code_cols) + 1, min(name_col, len(r))):
        t = cell_text(r[j])
        if t and not is_number(t):
            return t
    return ""


def _code_columns(header: Header, rows: list[list[str | None]]) -> tuple[list[int], int | None]:
    """Indices of the code column(s) (类/款/项 may be split) and of the name column."""
    code_cols: list[int] = []
    name_col: int | None = None
    for j, path in enumerate(header.paths):
        joined = "".join(path)
        if path and path[-1] in classified.LEVEL_HEADS:
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
        income, expenditure = two_sided_layout.SIDE_HEADS
        # a side has at least a label and an amount column: "收入 | 支出" printed as two cells (a text
        # copy of the merged heads) does not say where the sides split; the 项目 … 项目 row does
        if expenditure in texts and income in texts and texts.index(expenditure) >= 2:
            return texts.index(expenditure)
    for r in header_rows:
        texts = [cell_text(c) for c in r]
        idx = [j for j, t in enumerate(texts) if t == "项目"]
        if len(idx) >= 2:
            return idx[1]
    return None


_CLASS_BY_NAME = {name: code for code, name in FUNCTION_CLASSES}


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
            if key in locs:  # the first printed row of a key wins
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
        if state["closing"] and state["closing"] <= len(two_sided_layout.CLOSING_FUNDS) and layout.id == "T04":
            key = two_sided_layout.CLOSING_FUNDS[state["closing"] - 1]
            state["closing"] += 1
            return key
        return None
    if not lab:
        return None
    if lab in two_sided_layout.TOTAL_LABELS:
        return two_sided_layout.GRAND_TOTALS[side]
    if side == "right":
        if lab in _CLASS_BY_NAME:
            return _CLASS_BY_NAME[lab]
        if two_sided_layout.BALANCE in lab:
            state["closing"] = 1
            return "closing_balance"
        for spec in layout.right.rows:
            if spec.label and norm_label(spec.label) == lab:
                return spec.key
        return None
    if two_sided_layout.OPENING in lab and two_sided_layout.BALANCE in lab:
        state["opening"] = True
        return "opening_balance"
    base = lab[:-2] if lab.endswith("收入") and "财政拨款" in lab else lab
    for key, fund in FUNDS:
        if base == fund:
            return two_sided_layout.opening(key) if state["opening"] else key
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
        if vals and (len(codes) >= max(2, len(vals) // 3)
                     or (codes and j + 1 < width and _two_digit_column(rows, j + 1))):
            code_cols.append(j)
    # economic 类 | 款 in two columns: a column of two-digit 款 codes right after the 类 codes
    split = {j for j in code_cols if j + 1 < width and _two_digit_column(rows, j + 1)}
    amount_cols = [j + (3 if j in split else 2) for j in code_cols if j + (3 if j in split else 2) < width] \
        or [j for j in range(2, width, 3)]
    groups: list[list[Row]] = [[] for _ in amount_cols]
    klass = [""] * len(amount_cols)
    table = Table(layout.id)
    locs: dict[str, Loc] = {}
    footer: dict[str, Decimal | None] = {}
    for i, r in enumerate(rows):
        r = r + [""] * (width - len(r))
        texts = [cell_text(c) for c in r]
        if texts == head:
            continue
        for j, t in enumerate(texts):
            for key, word in ((f.key, economic.footer_word(f)) for f in economic.footer(layout)):
                if t.startswith(word) and key not in footer:
                    footer[key] = next((amount(x) for x in texts[j + 1:] if is_number(x)), None)
                    locs[key] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
        for g, aj in enumerate(amount_cols):
            cj = aj - 3 if aj - 3 in split else aj - 2
            if cj < 0:
                continue
            code = texts[cj]
            if cj in split:
                if _CODE.match(code) and len(code) == 3:
                    klass[g] = code
                sub = texts[cj + 1]
                if re.fullmatch(r"\d{2}", sub) and klass[g]:
                    code = klass[g] + sub
            if not _CODE.match(code) or len(code) > 5:
                continue
            val = amount(texts[aj])
            groups[g].append(Row(code, texts[aj - 1], {} if val is None else {"amount": val}))
            locs[code] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
    for g in groups:
        table.rows.extend(g)
    for spec in economic.footer(layout):
        if spec.key in footer:
            val = footer[spec.key]
            table.rows.append(Row(spec.key, spec.label, {} if val is None else {"amount": val}))
    return table, locs


def _two_digit_column(rows: list[list[str | None]], j: int) -> bool:
    vals = [cell_text(r[j]) for r in rows if j < len(r) and cell_text(r[j])]
    twos = [v for v in vals if re.fullmatch(r"\d{2}", v)]
    return len(twos) >= 2 and len(twos) >= len(vals) // 2


def _matrix(ft: FoundTable, layout: TableLayout, profile: Profile, spans: dict | None) -> tuple[Table, dict[str, Loc]]:
    rows = ft.rows
    header = analyse_header(rows, spans, matrix=True)
    width = len(header.paths)
    table = Table(layout.id)
    locs: dict[str, Loc] = {}
    specs = matrix_layout.rows(layout)
    labels = tuple(s.label for s in specs)
    by_row = any(any(p in labels for p in path) for path in header.paths)
    if by_row:  # 预算数 / 决算数 are columns (Shanghai): one data row
        values: dict[str, dict[str, Decimal | None]] = {s.key: {} for s in specs}
        for j, path in enumerate(header.paths):
            rk = next((s.key for s in specs if s.label in path), None)
            rest = [p for p in path if p not in labels]
            key = _match_column(rest, layout.columns, set()) if rest else None
            if rk is None or key is None:
                continue
            data = next((rows[i] for i in range(header.data_start, len(rows))), None)
            values[rk][key] = amount(data[j]) if data is not None and j < len(data) else None
        if not any(values.values()):
            _matrix_down(ft, layout, header, values, locs)
        for s in specs:
            table.rows.append(Row(s.key, s.label, {k: v for k, v in values[s.key].items() if v is not None}))
            locs.setdefault(s.key, ft.row_locs[header.data_start] if header.data_start < len(ft.row_locs)
                            else ft.title_loc)
        return table, locs
    colmap = map_columns(layout, header, layout.columns, {0})
    for i in range(header.data_start, len(rows)):
        r = rows[i] + [""] * (width - len(rows[i]))
        first = cell_text(r[0])
        rk = matrix_layout.row_key(first, layout)
        if rk is None or table.row(rk) is not None:
            continue
        vals = {k: amount(r[j]) for j, k in colmap.items()}
        table.rows.append(Row(rk, first, {k: v for k, v in vals.items() if v is not None}))
        locs[rk] = ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc
    return table, locs


def _matrix_down(ft: FoundTable, layout: TableLayout, header: Header,
                 values: dict[str, dict[str, Decimal | None]], locs: dict[str, Loc]) -> None:
    """"三公" items down the rows (合计, 因公出国（境）费, 公务用车…, 其中：…), 预算数 / 决算数 across."""
    specs = matrix_layout.rows(layout)
    cols = {hits[0]: j for j, p in enumerate(header.paths)
            if len(hits := [s.key for s in specs if s.label in p]) == 1}
    if len(cols) < len(specs):
        return
    used: set[str] = set()
    for i in range(header.data_start, len(ft.rows)):
        r = ft.rows[i]
        label = norm_label(cell_text(r[0]) if r else "")
        label = re.sub(r"^其中[:：]", "", label)
        key = _match_column([label], layout.columns, used) if label else None
        if key is None and label in (*classified.TOTAL_LABELS, "小计") and "total" not in used:
            key = "total"
        if key is None:
            continue
        used.add(key)
        for rk, j in cols.items():
            values[rk][key] = amount(r[j]) if j < len(r) else None
            locs.setdefault(rk, ft.row_locs[i] if i < len(ft.row_locs) else ft.title_loc)


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


# --- reliability: does the table read satisfy its own identities? --------------------------------

# the tables whose row sums (total = Σ summand columns, layouts.classified.PARTS) count towards reliability
_ROW_SUMS = ("T02", "T03", "T05")
UNRELIABLE_SHARE = Decimal("0.5")  # more than half of the checkable rows off
UNRELIABLE_MIN_CHECKS = 4


@dataclass
class Reliability:
    """How many rows of a table satisfy the identities they total (roll-ups, row sums, 合计 = Σ类)."""

    checked: int = 0
    failed: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.checked += 1
        if not ok:
            self.failed += 1
            if len(self.examples) < 3:
                self.examples.append(what)

    @property
    def unreliable(self) -> bool:
        return self.checked >= UNRELIABLE_MIN_CHECKS and self.failed > self.checked * UNRELIABLE_SHARE


def reliability(table: Table) -> Reliability:
    """Check a read table against its own identities, rounding-aware (尾差 counts as holding)."""
    from juesuan.core.amounts import Outcome, compare_sum

    out = Reliability()

    def holds(total: Decimal | None, parts: list[Decimal | None]) -> bool:
        if total is None and not any(p for p in parts):
            return True
        return compare_sum(total, parts)[0] is not Outcome.MISMATCH

    coded = table.coded_rows()
    if coded and table.id not in ("T01", "T04"):  # per row: does every identity it totals hold?
        columns = sorted({k for r in coded for k in r.values})
        keys = {r.key for r in coded}
        parts = classified.PARTS.get(table.id) if table.id in _ROW_SUMS else None
        kids: dict[str, list[Row]] = {}
        for c in coded:
            if len(c.key) in (5, 7):
                kids.setdefault(c.key[:-2], []).append(c)
        for r in coded:
            checks: list[bool] = []
            children = kids.get(r.key, [])
            if len(r.key) in (3, 5) and children:
                checks += [holds(r.values.get(col), [c.values.get(col) for c in children]) for col in columns]
            if parts and r.values.get("total") is not None:
                checks.append(holds(r.values["total"], [r.values.get(p) for p in parts]))
            if checks:
                out.add(all(checks), f"{r.key} {r.label}")
        total = table.row("total")
        classes = [r for r in coded if len(r.key) == 3]
        if total is not None and classes and all(k[:3] in keys for k in keys):
            out.add(all(holds(total.values.get(col), [c.values.get(col) for c in classes]) for col in columns),
                    "合计")
        return out
    if table.id in ("T01", "T04"):
        income = [r.values.get("amount") for r in table.rows
                  if r.key in two_sided_layout.INCOME_PARTS]
        it = table.row("income_total")
        if it is not None and "amount" in it.values:
            out.add(holds(it.values["amount"], income), "本年收入合计")
        col = "amount" if table.id == "T01" else "total"
        et = table.row("expenditure_total")
        if et is not None and col in et.values:
            out.add(holds(et.values[col], [r.values.get(col) for r in table.rows if r.key.isdigit()]), "本年支出合计")
        gi, ge = table.row("income_grand_total"), table.row("expenditure_grand_total")
        if gi is not None and ge is not None:
            a = gi.values.get("amount")
            b = ge.values.get(col)
            out.add(holds(a, [b]), "收入总计与支出总计")
    return out


def read_tables(found: list[FoundTable], profile: Profile) -> tuple[
        dict[str, Table], dict[str, dict[str, Loc]], dict[str, Loc], dict[str, Reliability], dict[str, str]]:
    """The disclosure tables of a document, with row and title locations; a table whose own
    identities fail massively is set aside as unreadable (role id -> its reliability), so that one
    misread table does not become dozens of confident errors in the table and cross-table rules;
    tables printed in 元 are converted to 万元 (role id -> the printed unit)."""
    from juesuan.core.model import TABLE_IDS

    tables: dict[str, Table] = {}
    locs: dict[str, dict[str, Loc]] = {}
    titles: dict[str, Loc] = {}
    unreadable: dict[str, Reliability] = {}
    converted: dict[str, str] = {}
    for ft in found:
        if ft.role not in TABLE_IDS or ft.role in tables or ft.role in unreadable:
            continue
        table, row_locs = read_table(ft, profile, getattr(ft.block, "spans", None))
        titles[ft.role] = ft.title_loc
        if ft.unit != "万元":  # printed in 元: converted, and said so (CMP-010)
            to_wan(table, ft.unit)
            converted[ft.role] = ft.unit
        rel = reliability(table)
        if rel.unreliable:
            unreadable[ft.role] = rel
            continue
        tables[ft.role] = table
        locs[ft.role] = row_locs
    return tables, locs, titles, unreadable, converted


def to_wan(table: Table, unit: str) -> None:
    """Amounts printed in 元 (or 千元) -> 万元, exactly."""
    shift = _WAN_SHIFT[unit]
    for r in table.rows:
        r.values = {k: (_wan(v, shift) if v is not None else None) for k, v in r.values.items()}


def _wan(v: Decimal, shift: int) -> Decimal:
    """v × 10^shift, shown with two decimals when that is exact (4.39, not 4.390000); finer digits
    stay (1 元 = 0.0001 万元)."""
    w = v.scaleb(shift)
    cent = w.quantize(Decimal("0.01"))
    return cent if cent == w else w.normalize()


# --- any classified table, recognised by its header and rows (no profile) ------------------------

@dataclass
class CodedRow:
    code: str
    name: str
    amounts: list[Decimal | None]


@dataclass
class CodedTable:
    """A table with 类/款/项 or economic codes, found by its header and rows: where it starts, its
    column labels after the name column, and its coded rows (continuation pages joined)."""

    page: int | None
    columns: list[str]
    rows: list[CodedRow] = field(default_factory=list)
    unit: str = "万元"
    layout: tuple[list[int], int | None] = ([0], 1)  # code columns and name column, for continuations

    def row(self, code: str) -> CodedRow | None:
        return next((r for r in self.rows if r.code == code), None)




def coded_tables(blocks: list[Block]) -> list[CodedTable]:
    """Every table of a document that prints classification codes, by header and row semantics
    (not by title): split 类 | 款 | 项 columns, one cascaded column or a code column; amounts with
    thousands separators; a table continued on the next page joins the previous one when it has no
    header of its own and the same number of columns."""
    out: list[CodedTable] = []
    unit = "万元"
    last: CodedTable | None = None
    last_width = 0
    titled = False  # a title line since the last table: the next table is a new one
    for b in blocks:
        if b.kind != "table":
            m = _UNIT.search(b.text)
            if m:
                unit = m.group(1)
            if "表" in b.text and len(b.text) <= 60 and not _UNIT.search(b.text):
                titled = True
            continue
        rows = b.rows
        if not rows:
            continue
        header = analyse_header(rows, getattr(b, "spans", None))
        width = max(len(r) for r in rows)
        code_cols, name_col = _code_columns(header, rows)
        parsed = _coded_rows(rows, header.data_start, code_cols, name_col)
        names = ["/".join(p) for p in header.paths[(name_col or 0) + 1:]]
        headless = header.data_start == 0
        same = width == last_width or len(_data_positions(rows)) == len(last.columns if last else ()) + 2
        if last is not None and not titled and same and (headless or names == last.columns):
            # continued on the next page, with or without its header again: read with its columns
            cc, nc = last.layout if headless else (code_cols, name_col)
            last.rows.extend(_coded_rows(rows, header.data_start, cc, nc))
            continue
        titled = False
        coded_header = any(re.search(r"编码|代码|^[类款项]$", p) for j in code_cols for p in header.paths[j])
        levels = {len(r.code) for r in parsed}
        if not parsed or not (coded_header or len(levels) >= 2):
            last = None
            continue
        last = CodedTable(b.loc.page, names, parsed, unit, (code_cols, name_col))
        last_width = width
        out.append(last)
    return out


def _coded_rows(rows: list[list[str | None]], start: int, code_cols: list[int], name_col: int | None
                ) -> list[CodedRow]:
    out: list[CodedRow] = []
    last = [""] * len(code_cols)
    for r in rows[start:]:
        parts = [re.sub(r"[\s\-－.]", "", cell_text(r[c])) if c < len(r) else "" for c in code_cols]
        if not any(parts) or not all(p.isdigit() or not p for p in parts):
            continue
        if len(parts) >= 2:
            parts, last = classified.carry_code(parts, last)
        code = "".join(parts)
        if not _CODE.match(code):
            continue
        nc = name_col if name_col is not None else max(code_cols) + 1
        out.append(CodedRow(code, _name_of(r, code_cols, nc), [amount(c) for c in r[nc + 1:] if c is not None]))
    return out
