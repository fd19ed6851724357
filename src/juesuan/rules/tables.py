"""Intra-table identities (domain.md §2.2): totals, row sums, hierarchy roll-ups, balances."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from juesuan.derive import EXPENDITURE_KINDS, FUNDS, INCOME_SOURCES
from juesuan.rules.engine import Context, Result, Status, rule
from juesuan.rules.helpers import (
    check_equal,
    check_sum,
    coded,
    column_keys,
    has_row,
    rollup,
    row_identity,
    rows,
    total_of_classes,
    val,
)

# "appropriation": templates printing one 财政拨款收入 row instead of the three funds (blank elsewhere)
T01_INCOME = ("general_budget", "fund_budget", "state_capital_budget", "appropriation", "superior_subsidy",
              "public_service_income", "business_income", "affiliated_remittance", "other_income")
FUND_KEYS = tuple(k for k, _ in FUNDS)
CLASSIFIED = ("T02", "T03", "T05", "T07", "T08")


RuleFn = Callable[[Context], Iterator[Result]]


def _t01(row: str) -> tuple[str, str, str]:
    return ("T01", row, "amount")


# --- T01 收入支出决算总表 ---------------------------------------------------------------------

@rule("T01-001", "收入支出决算总表：本年收入合计等于各项收入之和", "error", family="tables", tables=("T01",))
def t01_income_total(ctx: Context) -> Iterator[Result]:
    """本年收入合计 = 一般公共预算财政拨款收入 + … + 其他收入（行次 1–8）。"""
    if not has_row(ctx, "T01", "income_total"):
        return
    yield check_sum(ctx, _t01("income_total"), [_t01(k) for k in T01_INCOME], "本年收入合计与各项收入之和不符")


@rule("T01-002", "收入支出决算总表：本年支出合计等于各功能分类类级支出之和", "error", family="tables",
      tables=("T01",))
def t01_expenditure_total(ctx: Context) -> Iterator[Result]:
    """本年支出合计 = Σ支出功能分类各类（一般公共服务支出 … 抗疫特别国债安排的支出）。"""
    if not has_row(ctx, "T01", "expenditure_total"):
        return
    classes = [r.key for r in coded(ctx, "T01")]
    yield check_sum(ctx, _t01("expenditure_total"), [_t01(k) for k in classes],
                    "本年支出合计与各类支出之和不符")


@rule("T01-003", "收入支出决算总表：收入总计等于本年收入合计加使用非财政拨款结余和年初结转和结余", "error",
      family="tables", tables=("T01",))
def t01_income_grand_total(ctx: Context) -> Iterator[Result]:
    """收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余。"""
    if not has_row(ctx, "T01", "income_grand_total"):
        return
    yield check_sum(ctx, _t01("income_grand_total"),
                    [_t01("income_total"), _t01("use_of_balance"), _t01("opening_balance")],
                    "收入总计与本年收入合计、使用非财政拨款结余、年初结转和结余之和不符")


@rule("T01-004", "收入支出决算总表：支出总计等于本年支出合计加结余分配和年末结转和结余", "error",
      family="tables", tables=("T01",))
def t01_expenditure_grand_total(ctx: Context) -> Iterator[Result]:
    """支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余。"""
    if not has_row(ctx, "T01", "expenditure_grand_total"):
        return
    yield check_sum(ctx, _t01("expenditure_grand_total"),
                    [_t01("expenditure_total"), _t01("balance_distribution"), _t01("closing_balance")],
                    "支出总计与本年支出合计、结余分配、年末结转和结余之和不符")


@rule("T01-005", "收入支出决算总表：收入总计等于支出总计", "error", family="tables", tables=("T01",))
def t01_balance(ctx: Context) -> Iterator[Result]:
    """收入总计（行次 30）= 支出总计（行次 60）。"""
    if not (has_row(ctx, "T01", "income_grand_total") or has_row(ctx, "T01", "expenditure_grand_total")):
        return
    yield check_equal(ctx, _t01("expenditure_grand_total"), _t01("income_grand_total"),
                      "支出总计与收入总计不相等")


# --- T02 收入决算表 / T03 支出决算表 / T05 一般公共预算财政拨款支出决算表 ----------------------------

def _classified_rules(table: str, total_col: str, parts: tuple[str, ...], what: str
                      ) -> tuple[RuleFn, RuleFn, RuleFn]:
    """The three rules every 类/款/项 table has: row identity, roll-up, 合计 = Σ类."""
    def row_sum(ctx: Context) -> Iterator[Result]:
        yield from row_identity(ctx, table, total_col, parts, what)

    def roll(ctx: Context) -> Iterator[Result]:
        yield from rollup(ctx, table, column_keys(ctx, table) or (total_col, *parts))

    def classes(ctx: Context) -> Iterator[Result]:
        yield from total_of_classes(ctx, table, column_keys(ctx, table) or (total_col, *parts))

    return row_sum, roll, classes


_T02 = _classified_rules("T02", "total", tuple(k for k, _ in INCOME_SOURCES), "本年收入合计与各项收入来源之和不符")
_T03 = _classified_rules("T03", "total", tuple(k for k, _ in EXPENDITURE_KINDS), "本年支出合计与各类支出之和不符")
_T05 = _classified_rules("T05", "total", ("basic", "project"), "小计与基本支出、项目支出之和不符")
_T07 = _classified_rules("T07", "total", ("basic", "project"), "本年支出小计与基本支出、项目支出之和不符")
_T08 = _classified_rules("T08", "total", ("basic", "project"), "本年支出合计与基本支出、项目支出之和不符")


def _register(table: str, title: str, fns: tuple[RuleFn, RuleFn, RuleFn], first: int,
              row_title: str, row_doc: str) -> None:
    row_sum, roll, classes = fns
    row_sum.__doc__ = row_doc
    roll.__doc__ = "类 = Σ其款、款 = Σ其项（逐栏）；列示了金额却没有下级科目的行记为未检查。"
    classes.__doc__ = "合计行 = Σ各类（逐栏）。"
    rule(f"{table}-{first:03d}", f"{title}：{row_title}", "error", family="tables", tables=(table,))(row_sum)
    rule(f"{table}-{first + 1:03d}", f"{title}：类级等于所属款级之和、款级等于所属项级之和", "error",
         family="tables", tables=(table,))(roll)
    rule(f"{table}-{first + 2:03d}", f"{title}：合计等于各类之和", "error", family="tables",
         tables=(table,))(classes)


_register("T02", "收入决算表", _T02, 1, "本年收入合计等于各收入来源之和",
          "每行：本年收入合计 = 财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入。")
_register("T03", "支出决算表", _T03, 1, "本年支出合计等于各类支出之和",
          "每行：本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出。")
_register("T05", "一般公共预算财政拨款支出决算表", _T05, 1, "小计等于基本支出加项目支出",
          "每行：小计 = 基本支出 + 项目支出。")
_register("T07", "政府性基金预算财政拨款收入支出决算表", _T07, 1, "本年支出小计等于基本支出加项目支出",
          "每行：本年支出小计 = 基本支出 + 项目支出。")
_register("T08", "国有资本经营预算财政拨款支出决算表", _T08, 1, "本年支出合计等于基本支出加项目支出",
          "每行：本年支出合计 = 基本支出 + 项目支出。")


@rule("T07-004", "政府性基金预算财政拨款收入支出决算表：年初结转和结余加本年收入减本年支出等于年末结转和结余",
      "error", family="tables", tables=("T07",))
def t07_balance(ctx: Context) -> Iterator[Result]:
    """每行：年初结转和结余 + 本年收入 − 本年支出小计 = 年末结转和结余。"""
    for r in ctx.model.table("T07").rows:
        if all(r.values.get(c) is None for c in ("opening_balance", "income", "total", "closing_balance")):
            continue
        yield check_sum(ctx, ("T07", r.key, "closing_balance"),
                        [("T07", r.key, "opening_balance"), ("T07", r.key, "income")],
                        "年末结转和结余与年初结转和结余加本年收入减本年支出不符",
                        minus=[("T07", r.key, "total")])


# --- T04 财政拨款收入支出决算总表 ----------------------------------------------------------------

def closing_cell(ctx: Context, fund: str) -> tuple[str, str, str]:
    """The cell holding 年末财政拨款结转和结余 of one fund (row 60's column, or its own row 61–63)."""
    main = ("T04", "closing_balance", fund)
    if val(ctx, main) is not None:
        return main
    alt = rows(ctx, "T04").get(f"closing_{fund}")
    if alt is not None:
        for c in ("total", fund, "amount"):
            if alt.values.get(c) is not None:
                return ("T04", alt.key, c)
    return main


def _t04_right_rows(ctx: Context) -> list[str]:
    return [r.key for r in ctx.model.table("T04").rows
            if r.key.isdigit() or r.key in ("expenditure_total", "closing_balance", "expenditure_grand_total")]


@rule("T04-001", "财政拨款收入支出决算总表：支出各行合计等于三项财政拨款之和", "error", family="tables",
      tables=("T04",))
def t04_row_total(ctx: Context) -> Iterator[Result]:
    """支出方每行：合计 = 一般公共预算财政拨款 + 政府性基金预算财政拨款 + 国有资本经营预算财政拨款。"""
    for key in _t04_right_rows(ctx):
        parts = [closing_cell(ctx, f) if key == "closing_balance" else ("T04", key, f) for f in FUND_KEYS]
        if val(ctx, ("T04", key, "total")) is None and all(val(ctx, c) is None for c in parts):
            continue
        yield check_sum(ctx, ("T04", key, "total"), parts, "合计与三项财政拨款之和不符")


@rule("T04-002", "财政拨款收入支出决算总表：收入方本年收入合计与年初结转和结余", "error", family="tables",
      tables=("T04",))
def t04_income_side(ctx: Context) -> Iterator[Result]:
    """本年收入合计 = 一 + 二 + 三；年初财政拨款结转和结余 = 三项之和；收入合计 = 本年收入合计 + 年初结转和结余。"""
    a = "amount"
    if has_row(ctx, "T04", "income_total"):
        yield check_sum(ctx, ("T04", "income_total", a), [("T04", f, a) for f in FUND_KEYS],
                        "本年收入合计与三项财政拨款收入之和不符")
    if has_row(ctx, "T04", "opening_balance"):
        yield check_sum(ctx, ("T04", "opening_balance", a), [("T04", f"opening_{f}", a) for f in FUND_KEYS],
                        "年初财政拨款结转和结余与三项之和不符")
    if has_row(ctx, "T04", "income_grand_total"):
        yield check_sum(ctx, ("T04", "income_grand_total", a),
                        [("T04", "income_total", a), ("T04", "opening_balance", a)],
                        "收入合计与本年收入合计加年初财政拨款结转和结余不符")


@rule("T04-003", "财政拨款收入支出决算总表：支出方本年支出合计与年末结转和结余", "error", family="tables",
      tables=("T04",))
def t04_expenditure_side(ctx: Context) -> Iterator[Result]:
    """逐栏：本年支出合计 = Σ各类；支出合计 = 本年支出合计 + 年末财政拨款结转和结余。"""
    classes = [r.key for r in coded(ctx, "T04")]
    for c in ("total", *FUND_KEYS):
        if has_row(ctx, "T04", "expenditure_total"):
            yield check_sum(ctx, ("T04", "expenditure_total", c), [("T04", k, c) for k in classes],
                            "本年支出合计与各类支出之和不符")
        if has_row(ctx, "T04", "expenditure_grand_total"):
            closing = closing_cell(ctx, c) if c != "total" else ("T04", "closing_balance", "total")
            yield check_sum(ctx, ("T04", "expenditure_grand_total", c), [("T04", "expenditure_total", c), closing],
                            "支出合计与本年支出合计加年末财政拨款结转和结余不符")


@rule("T04-004", "财政拨款收入支出决算总表：各项财政拨款本年收入加年初结转等于本年支出加年末结转", "error",
      family="tables", tables=("T04",))
def t04_fund_balance(ctx: Context) -> Iterator[Result]:
    """每项财政拨款：本年收入 + 年初结转和结余 = 本年支出 + 年末结转和结余。"""
    for f in FUND_KEYS:
        cells = [("T04", f, "amount"), ("T04", f"opening_{f}", "amount"), ("T04", "expenditure_total", f),
                 closing_cell(ctx, f)]
        if all(val(ctx, c) is None for c in cells):
            continue
        yield check_sum(ctx, cells[3], cells[:2], f"{dict(FUNDS)[f]}：年末结转和结余与本年收入加年初结转减本年支出不符",
                        minus=[cells[2]])


@rule("T04-005", "财政拨款收入支出决算总表：收入合计等于支出合计", "error", family="tables", tables=("T04",))
def t04_balance(ctx: Context) -> Iterator[Result]:
    """收入方合计（行次 32）= 支出方合计（行次 64）的合计栏。"""
    if not (has_row(ctx, "T04", "income_grand_total") or has_row(ctx, "T04", "expenditure_grand_total")):
        return
    yield check_equal(ctx, ("T04", "expenditure_grand_total", "total"), ("T04", "income_grand_total", "amount"),
                      "支出合计与收入合计不相等")


# --- T06 一般公共预算财政拨款基本支出决算明细表 --------------------------------------------------

@rule("T06-001", "一般公共预算财政拨款基本支出决算明细表：类级等于所属款级之和", "error", family="tables",
      tables=("T06",))
def t06_rollup(ctx: Context) -> Iterator[Result]:
    """经济分类 类 = Σ其款（301 = Σ301xx …）。"""
    yield from rollup(ctx, "T06", ("amount",), levels=(3,))


@rule("T06-002", "一般公共预算财政拨款基本支出决算明细表：人员经费合计与公用经费合计等于所属类之和", "error",
      family="tables", tables=("T06",))
def t06_footer(ctx: Context) -> Iterator[Result]:
    """人员经费合计 = 地区模板规定的人员经费各类之和（陕西：301、303）；公用经费合计 = 公用经费各类之和
    （陕西：302、307、309、310、312、313、399）。"""
    idx = rows(ctx, "T06")
    for key, classes, name in (("personnel_total", ctx.profile.personnel_classes, "人员经费合计"),
                               ("public_total", ctx.profile.public_classes, "公用经费合计")):
        present = [c for c in classes if c in idx]
        if key not in idx and not any(idx[c].values.get("amount") for c in present):
            continue
        yield check_sum(ctx, ("T06", key, "amount"), [("T06", c, "amount") for c in present],
                        f"{name}与{'、'.join(classes)}类之和不符")


# --- T09 “三公”经费 ---------------------------------------------------------------------------

@rule("T09-001", "“三公”经费支出决算表：合计等于因公出国（境）费、公务用车购置及运行维护费、公务接待费之和",
      "error", family="tables", tables=("T09",))
def t09_total(ctx: Context) -> Iterator[Result]:
    """预算数、决算数分别：合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费（会议费、培训费不计入）。"""
    for r in ("budget", "actual"):
        if not has_row(ctx, "T09", r):
            continue
        yield check_sum(ctx, ("T09", r, "total"), [("T09", r, c) for c in ("overseas", "vehicle", "reception")],
                        "“三公”经费合计与三项之和不符")


@rule("T09-002", "“三公”经费支出决算表：公务用车购置及运行维护费等于购置费加运行维护费", "error",
      family="tables", tables=("T09",))
def t09_vehicle(ctx: Context) -> Iterator[Result]:
    """预算数、决算数分别：公务用车购置及运行维护费小计 = 公务用车购置费 + 公务用车运行维护费。"""
    for r in ("budget", "actual"):
        if not has_row(ctx, "T09", r):
            continue
        yield check_sum(ctx, ("T09", r, "vehicle"), [("T09", r, "vehicle_purchase"), ("T09", r, "vehicle_operation")],
                        "公务用车购置及运行维护费小计与购置费、运行维护费之和不符")


# --- hierarchy integrity ---------------------------------------------------------------------

_LEVELS = {"T06": (3, 5)}


@rule("TAB-001", "科目层级完整：每个款、项都列在其上级科目之下", "error", family="tables",
      tables=(*CLASSIFIED, "T06"))
def hierarchy(ctx: Context) -> Iterator[Result]:
    """款、项的上级科目（代码去掉末两位）必须在表中列出，否则其金额不在任何类的合计中。
    代码位数不对的行由 CAT-001 报告，这里不重复。"""
    for table in (*CLASSIFIED, "T06"):
        idx = rows(ctx, table)
        allowed = _LEVELS.get(table, (3, 5, 7))
        for r in coded(ctx, table):
            if len(r.key) not in allowed or len(r.key) == 3:
                continue
            if r.key[:-2] not in idx:
                yield Result(Status.FAIL, f"科目 {r.key} {r.label} 的上级科目 {r.key[:-2]} 未在表中列示",
                             ctx.loc(table, r.key), r.key, r.key[:-2])
            else:
                yield Result(Status.PASS)
