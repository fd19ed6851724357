"""The table figures the prose can speak of: an entity (收入总计, an 项 by code, 培训费 …) and an
attribute (决算 / 预算) → the printed cell and how a finding names it."""

from __future__ import annotations

import re
from decimal import Decimal

from juesuan import derive
from juesuan.core.model import FinalAccounts
from juesuan.prose.lexicon import lexicon

Figure = tuple[Decimal | None, str]  # (value, description of the cell)
THREE_PUBLIC_TABLE = "T09"


def squash(text: str) -> str:
    """A name without whitespace, for comparing names."""
    return re.sub(r"\s", "", text)


def _t05_all_appropriations(profile_id: str) -> bool:
    """Whether the profile's table 5 holds all 财政拨款 spending (一般公共预算 and 政府性基金: 教育部高校
    表4 财政拨款支出决算表), so that 财政拨款 totals, 基本支出 and 项目支出 are its 合计 row."""
    from juesuan.core.errors import InputError
    from juesuan.domain.profiles import load_profile

    try:
        return bool(load_profile(profile_id).raw.get("t05_all_appropriations"))
    except InputError:
        return False


def _printed_numbers(profile_id: str) -> dict[str, str]:
    """T0x -> the number the template prints when it is not 公开0x表 (教育部高校: 表1 … 表4)."""
    from juesuan.core.errors import InputError
    from juesuan.domain.profiles import load_profile

    try:
        tables = load_profile(profile_id).tables
    except InputError:
        return {}
    return {tid: t.number for tid, t in tables.items() if t.number and t.number != f"公开{tid[1:]}表"}


class TableFigures:
    """Looks figures up in the tables read from the report."""

    def __init__(self, model: FinalAccounts) -> None:
        self.model = model
        self.item_codes = self._item_codes()
        self.item_table = "T05" if "T05" in model.tables else "T03"
        self.t05_all_appropriations = _t05_all_appropriations(model.profile)
        self._numbers = _printed_numbers(model.profile)

    def named(self, desc: str) -> str:
        """A cell's description with the table number the template prints (教育部高校: 表4, not 公开05表)."""
        m = re.match(r"公开(0\d)表", desc)
        number = self._numbers.get(f"T{m.group(1)}") if m else None
        return f"{number}{desc[m.end():]}" if m and number else desc

    def cell(self, table: str, row: str, col: str) -> Decimal | None:
        t = self.model.tables.get(table)
        if t is None or t.row(row) is None:
            return None
        v = t.value(row, col)
        return Decimal("0.00") if v is None else v

    def has_row(self, table: str, code: str) -> bool:
        t = self.model.tables.get(table)
        return t is not None and t.row(code) is not None

    def row_label(self, table: str, code: str) -> str:
        t = self.model.tables.get(table)
        r = t.row(code) if t else None
        return r.label if r else ""

    def _item_codes(self) -> dict[tuple[str, str, str], str]:
        """(类, 款, 项) names → 项 code, from the general-budget table (or the expenditure table)."""
        out: dict[tuple[str, str, str], str] = {}
        t = self.model.tables.get("T05") or self.model.tables.get("T03")
        if t is None:
            return out
        for r in derive.item_rows(t):
            c, s, i = derive.item_path(t, r.key)
            out[(squash(c), squash(s), squash(i))] = r.key
        return out

    def parts(self, entity: str) -> list[Decimal] | None:
        """The printed parts a figure is the sum of (a 类's 款, a table total's 类), when it has any."""
        if entity.startswith(("C:", "A:")) or (entity[:2] in ("I:", "A:") and len(entity) < 9):
            table, code, col = ("T03" if entity.startswith("A:") else self.item_table), entity[2:], "total"
            t = self.model.tables.get(table)
            rows = derive.children(t, code) if t is not None else []
        else:
            spec = lexicon().table_figures.get(entity)
            if entity.startswith("exp:"):
                spec = ("T03", "total", entity[4:], "")
            elif entity.startswith("income:"):
                spec = ("T02", "total", entity[7:], "")
            if spec is None or spec[1] != "total":
                return None
            table, col = spec[0], spec[2]
            t = self.model.tables.get(table)
            rows = [r for r in t.coded_rows() if len(r.key) == 3] if t is not None else []
        values = [self.cell(table, r.key, col) for r in rows]
        return [v for v in values if v is not None] or None

    def grand_total_candidates(self, entity: str) -> list[tuple[str, Decimal | None]]:
        """The 合计 rows a 收入总计 / 支出总计 may mean when the total table prints no 总计 row."""
        side = {"income_grand_total": "income", "expenditure_grand_total": "expenditure"}.get(entity)
        if side is None:
            return []
        name = "收入" if side == "income" else "支出"
        return [(self.named(f"公开01表 本年{name}合计"), self.cell("T01", f"{side}_total", "amount")),
                (self.named(f"公开01表 {name}合计（含结转和结余）"), self.cell("T01", f"{side}_grand_total", "amount"))]

    def figure(self, entity: str, attr: str) -> Figure | None:
        """The table figure an entity / attribute names (None when the tables do not print it)."""
        fig = self._figure(entity, attr)
        return None if fig is None else (fig[0], self.named(fig[1]))

    def _figure(self, entity: str, attr: str) -> Figure | None:
        lex = lexicon()
        if entity.startswith("A:"):  # a 科目 of the all-funds expenditure table
            code = entity[2:]
            if attr != "actual":
                return None
            return self.cell("T03", code, "total"), f"公开03表 {code} {self.row_label('T03', code)} 本年支出"
        if entity.startswith(("I:", "C:")):
            code = entity[2:]
            if attr != "actual" and entity.startswith("I:"):
                return None
            table = self.item_table
            number = "公开05表" if table == "T05" else "公开03表"
            return self.cell(table, code, "total"), f"{number} {code} {self.row_label(table, code)} 本年支出"
        if attr in ("budget", "initial", "full"):
            if entity in lex.three_public:
                col, name = lex.three_public[entity]
                return self.cell(THREE_PUBLIC_TABLE, "budget", col), f"“三公”经费表 {name} 预算数"
            return None
        if entity in lex.table_figures:
            t, row, col, desc = lex.table_figures[entity]
            if entity in ("income_grand_total", "expenditure_grand_total") and "合计" in self.row_label(t, row):
                return None  # the table prints no 总计 (教育部高校: 本年收入合计 … 合计): which one is meant is uncertain
            return self.cell(t, row, col), desc
        if entity.startswith("income:"):
            col = entity.split(":", 1)[1]
            return self.cell("T02", "total", col), f"公开02表 合计 {lex.income_columns.get(col, col)}"
        if entity.startswith("exp:"):
            col = entity.split(":", 1)[1]
            return self.cell("T03", "total", col), f"公开03表 合计 {lex.expenditure_columns.get(col, col)}"
        if entity in lex.three_public:
            col, name = lex.three_public[entity]
            return self.cell(THREE_PUBLIC_TABLE, "actual", col), f"“三公”经费表 {name} 决算数"
        return None
